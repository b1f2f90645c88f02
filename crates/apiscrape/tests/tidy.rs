//! Architecture rules the compiler does not enforce (see ARCHITECTURE.md, "Invariants").

use apiscrape_test_support::workspace_root as root;
use std::path::{Path, PathBuf};

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
    deps_of_kind(manifest, "dependencies")
}

/// The names in the `kind` table (`dependencies`, `build-dependencies`, `dev-dependencies`).
fn deps_of_kind(manifest: &toml::Table, kind: &str) -> Vec<String> {
    manifest
        .get(kind)
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

/// The crates that read or write one format (pages, OpenAPI, Rust, docs): each depends on the
/// model and on none of the others.
fn format_crate(name: &str) -> bool {
    name == "apiscrape-parse" || name == "apiscrape-openapi" || name.starts_with("apiscrape-emit-")
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
        } else if format_crate(&name) {
            assert!(
                deps.contains(&"apiscrape-model".to_string()),
                "{name} must use the model"
            );
            for d in &deps {
                let sibling = format_crate(d) || d == "apiscrape";
                assert!(!sibling || d == &name, "{name} must not depend on {d}");
            }
        }
    }
}

/// The workspace crates `diff`, `fetch` and `output` may use (issue 14): the diff reads models
/// only; the fetcher writes through `output` and shares the manifest format through the model
/// (so the parsers read it without the fetcher's HTTP stack); `output` stands alone. And no
/// parser or emitter uses the fetcher, the diff or the CLI.
#[test]
fn diff_fetch_and_output_use_only_the_crates_the_crate_map_shows() {
    let allowed: [(&str, &[&str]); 3] = [
        ("apiscrape-diff", &["apiscrape-model"]),
        ("apiscrape-fetch", &["apiscrape-model", "apiscrape-output"]),
        ("apiscrape-output", &[]),
    ];
    let crates = crates();
    for (name, ok) in allowed {
        let manifest = &crates
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{name} exists"))
            .1;
        for d in deps(manifest).iter().filter(|d| d.starts_with("apiscrape")) {
            assert!(ok.contains(&d.as_str()), "{name} must not depend on {d}");
        }
    }
    for (name, manifest) in &crates {
        if name == "apiscrape-parse" || name.starts_with("apiscrape-emit-") {
            for d in deps(manifest) {
                assert!(
                    !["apiscrape-fetch", "apiscrape-diff", "apiscrape-output"]
                        .contains(&d.as_str()),
                    "{name} must not depend on {d}"
                );
            }
        }
    }
}

/// `apiscrape-test-support` (the seed models and the helpers of the test binaries) is a
/// dev-dependency only: no package of the workspace builds it into a library, binary or build
/// script, it is never published, and it depends on no workspace crate but the model.
#[test]
fn test_support_is_a_dev_dependency_only() {
    const NAME: &str = "apiscrape-test-support";
    let mut manifests: Vec<(String, toml::Table)> = crates();
    for extra in ["xtask", "xtask/bench"] {
        let text = std::fs::read_to_string(root().join(extra).join("Cargo.toml")).unwrap();
        manifests.push((extra.to_string(), toml::from_str(&text).unwrap()));
    }
    let mut dev_users = 0;
    for (name, manifest) in &manifests {
        for kind in ["dependencies", "build-dependencies"] {
            assert!(
                !deps_of_kind(manifest, kind).contains(&NAME.to_string()),
                "{name} lists {NAME} under [{kind}]; it is a dev-dependency only"
            );
        }
        if deps_of_kind(manifest, "dev-dependencies").contains(&NAME.to_string()) {
            dev_users += 1;
        }
    }
    assert!(dev_users >= 4, "{dev_users} crates use {NAME}");
    let support = &manifests
        .iter()
        .find(|(n, _)| n == NAME)
        .unwrap_or_else(|| panic!("{NAME} exists"))
        .1;
    assert_eq!(
        support["package"].get("publish").and_then(|p| p.as_bool()),
        Some(false),
        "{NAME} says `publish = false` itself"
    );
    for d in deps(support).iter().filter(|d| d.starts_with("apiscrape")) {
        assert_eq!(d, "apiscrape-model", "{NAME} must not depend on {d}");
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

/// `1.88` or `1.88.0` -> (1, 88, 0).
fn rust_version(v: &str) -> (u64, u64, u64) {
    let mut parts = v.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn rust_version_of_the_workspace_builds_every_locked_package() {
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("Cargo.toml")).unwrap()).unwrap();
    let ours = manifest["workspace"]["package"]["rust-version"]
        .as_str()
        .expect("[workspace.package] rust-version")
        .to_string();
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let members: Vec<&str> = meta["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let mut too_new = Vec::new();
    for package in meta["packages"].as_array().unwrap() {
        let name = package["name"].as_str().unwrap();
        let needs = package["rust_version"].as_str();
        if members.contains(&package["id"].as_str().unwrap()) {
            assert_eq!(
                needs,
                Some(ours.as_str()),
                "workspace member {name} must declare `rust-version.workspace = true`"
            );
        } else if let Some(needs) = needs {
            if rust_version(needs) > rust_version(&ours) {
                too_new.push(format!("{name} {} needs {needs}", package["version"]));
            }
        }
    }
    assert!(
        too_new.is_empty(),
        "rust-version {ours} of the workspace cannot build these locked packages: {}",
        too_new.join(", ")
    );
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust toolchain ({ours} or newer")),
        "README must state the minimum Rust version {ours}"
    );
}

/// A thiserror message that prints its `source` prints it twice under `{:#}` (anyhow prints
/// the chain): `x: No such file or directory (os error 2): No such file or directory (os error 2)`.
#[test]
fn no_error_message_prints_its_source() {
    let mut files = Vec::new();
    for (name, _) in crates() {
        rust_files(&root().join("crates").join(name).join("src"), &mut files);
    }
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(at) = line.find("#[error(") else {
                continue;
            };
            // The attribute may span lines; the variant's fields follow within a few lines.
            let end = (i + 10).min(lines.len());
            let attribute: String = lines[i..end]
                .iter()
                .take_while(|l| !l.trim_start().starts_with("///"))
                .copied()
                .collect::<Vec<_>>()
                .join("\n");
            let message = &attribute[at..attribute.find(")]").unwrap_or(attribute.len())];
            let from = attribute.contains("#[from]") || attribute.contains("#[source]");
            if message.contains("{source}") || (from && message.contains("{0}")) {
                found.push(format!("{}:{}", file.display(), i + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "error messages that also print their source: {}",
        found.join(", ")
    );
}

/// Cargo warns on every build when two packages have an example target of the same name
/// (their outputs collide in `target/debug/examples`).
#[test]
fn example_targets_have_distinct_names() {
    let mut names = std::collections::BTreeMap::new();
    for (name, _) in crates() {
        let Ok(entries) = std::fs::read_dir(root().join("crates").join(&name).join("examples"))
        else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let target = if path.is_dir() {
                path.file_name().unwrap().to_string_lossy().into_owned()
            } else if path.extension().is_some_and(|e| e == "rs") {
                path.file_stem().unwrap().to_string_lossy().into_owned()
            } else {
                continue;
            };
            if let Some(other) = names.insert(target.clone(), name.clone()) {
                panic!("example `{target}` is in both {other} and {name}");
            }
        }
    }
    assert!(names.len() >= 2, "{names:?}");
}

/// Tests that read `../shared/conformance` are marked so that a plain `cargo test` without it
/// reports them as ignored (apiscrape-parse's build.rs sets `conformance_missing`).
#[test]
fn conformance_tests_are_ignored_visibly_when_the_pages_are_missing() {
    let mut files = Vec::new();
    for (name, _) in crates() {
        rust_files(&root().join("crates").join(name).join("tests"), &mut files);
    }
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let reads_pages = file.file_name().is_some_and(|n| n != "tidy.rs")
            && (text.contains("shared/conformance")
                || text.contains("conformance_dir")
                || text.contains("shared_or_skip(\"conformance"));
        if !reads_pages {
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.trim() != "#[test]" {
                continue;
            }
            // The test's own lines, up to the next test: only tests that read the pages count.
            let body = lines[i + 1..]
                .iter()
                .take_while(|l| l.trim() != "#[test]" && !l.trim_start().starts_with("///"))
                .any(|l| l.contains("conformance"));
            if body {
                checked += 1;
                assert!(
                    lines[i + 1..].iter().take(2).any(|l| l.contains("conformance_missing")),
                    "{}:{}: a conformance test without #[cfg_attr(conformance_missing, ignore = ...)]",
                    file.display(),
                    i + 1
                );
            }
        }
    }
    assert!(checked >= 15, "{checked} conformance tests");
}

/// A slow test kept out of the default `cargo test --workspace` says why and how to run it, and
/// `cargo xtask ci` runs every ignored test (`--ignored`), so nothing is ignored silently.
#[test]
fn every_ignored_test_says_why_and_that_cargo_xtask_ci_runs_it() {
    let mut files = Vec::new();
    for (name, _) in crates() {
        rust_files(&root().join("crates").join(name), &mut files);
    }
    rust_files(&root().join("xtask/src"), &mut files);
    let mut slow = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if !line.starts_with("#[ignore") || line.contains("conformance_missing") {
                continue;
            }
            slow += 1;
            assert!(
                line.starts_with("#[ignore = \"slow")
                    && line.contains("cargo xtask ci")
                    && line.contains("-- --ignored"),
                "{}:{}: an #[ignore] must read \"slow ...; run with cargo xtask ci or cargo test ... -- --ignored\"",
                file.display(),
                i + 1
            );
        }
    }
    assert!(slow >= 5, "{slow} slow tests");
    let ci = std::fs::read_to_string(root().join("xtask/src/ci.rs")).unwrap();
    assert!(ci.contains(r#"&["test", "--workspace", "--locked", "--", "--ignored"]"#));
}
