//! Architecture rules the compiler does not enforce (see ARCHITECTURE.md, "Invariants").

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn crates() -> Vec<(String, toml::Table)> {
    let mut out: Vec<_> = std::fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Cargo.toml").exists())
        .map(|p| {
            let manifest: toml::Table =
                toml::from_str(&std::fs::read_to_string(p.join("Cargo.toml")).unwrap()).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                manifest,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn deps(manifest: &toml::Table) -> Vec<String> {
    manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn folder_name_is_package_name_and_every_crate_has_a_lib() {
    for (folder, manifest) in crates() {
        let name = manifest["package"]["name"].as_str().unwrap();
        assert_eq!(folder, name, "crates/{folder} holds package {name}");
        assert!(
            root()
                .join("crates")
                .join(&folder)
                .join("src/lib.rs")
                .exists(),
            "crates/{folder} has no src/lib.rs"
        );
    }
}

#[test]
fn model_is_plain_data_and_parsers_and_emitters_do_not_depend_on_each_other() {
    for (name, manifest) in crates() {
        let deps = deps(&manifest);
        if name == "apiscrape-model" {
            for d in &deps {
                assert!(
                    ["serde", "indexmap"].contains(&d.as_str()),
                    "apiscrape-model may depend only on serde/indexmap, not {d}"
                );
            }
        } else if name == "apiscrape-parse" || name.starts_with("apiscrape-emit-") {
            assert!(
                deps.contains(&"apiscrape-model".to_string()),
                "{name} must use the model"
            );
            for d in &deps {
                let sibling =
                    d == "apiscrape-parse" || d.starts_with("apiscrape-emit-") || d == "apiscrape";
                assert!(!sibling || d == &name, "{name} must not depend on {d}");
            }
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_starts_with_a_doc_comment_and_nothing_is_left_unimplemented() {
    let mut files = Vec::new();
    for (name, _) in crates() {
        rust_files(&root().join("crates").join(name).join("src"), &mut files);
    }
    rust_files(&root().join("xtask/src"), &mut files);
    assert!(files.len() > 10);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        assert!(
            first.starts_with("//!"),
            "{} must start with a `//!` module doc",
            file.display()
        );
        for banned in ["todo!(", "unimplemented!(", "dbg!("] {
            assert!(
                !text.contains(banned),
                "{} contains {banned}",
                file.display()
            );
        }
    }
}
