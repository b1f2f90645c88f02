//! Sets `APISCRAPE_TOOL_ID`: a digest of everything that decides what apiscrape produces (the
//! sources of every workspace crate, the templates, the manifests and `Cargo.lock`), so the
//! cache of `generate` (`src/cache.rs`) never reuses an entry made by a different build of the
//! tool, whatever its version number says.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = manifest.join("../..");
    conformance_cfg(&root);
    let mut inputs: Vec<PathBuf> = vec![root.join("Cargo.toml"), root.join("Cargo.lock")];
    let mut dirs: Vec<PathBuf> = vec![root.join("templates")];
    if let Ok(entries) = std::fs::read_dir(root.join("crates")) {
        for entry in entries.flatten() {
            let krate = entry.path();
            // Test fixtures and helpers (a dev-dependency only) decide nothing apiscrape writes.
            if entry.file_name() == "apiscrape-test-support" {
                continue;
            }
            inputs.push(krate.join("Cargo.toml"));
            // `runtime/`: code the Rust emitter vendors into generated clients.
            dirs.extend(["src", "runtime"].map(|d| krate.join(d)));
        }
    }
    let mut files: Vec<PathBuf> = inputs.into_iter().filter(|p| p.is_file()).collect();
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        println!("cargo:rerun-if-changed={}", dir.display());
        // An explicit stack: the depth of the source tree does not matter.
        let mut stack = vec![dir.clone()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    files.push(path);
                }
            }
        }
    }
    for file in files.iter().filter(|f| {
        f.file_name()
            .is_some_and(|n| n == "Cargo.toml" || n == "Cargo.lock")
    }) {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    files.sort();
    files.dedup();
    let mut hash = Sha256::new();
    hash.update(std::env::var("CARGO_PKG_VERSION").unwrap_or_default());
    let mut read_any = false;
    for file in &files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        read_any = true;
        let rel = file.strip_prefix(&root).unwrap_or(file);
        hash.update(rel_name(rel).as_bytes());
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    if !read_any {
        // Built outside the workspace (no sources to digest): an id of this build alone, so
        // no other build's cache entries are ever trusted.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        hash.update(format!("unknown sources, built at {now}"));
    }
    let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=APISCRAPE_TOOL_ID={}", &digest[..32]);
}

/// A path as `/`-separated text, the same on every system.
fn rel_name(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Sets `conformance_missing` when `../shared/conformance/aspnet-html` is not beside the
/// checkout (and `CI` is not set), as apiscrape-parse's build script does, so tests that read
/// those pages show as ignored instead of passing on less.
fn conformance_cfg(root: &Path) {
    println!("cargo::rustc-check-cfg=cfg(conformance_missing)");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=APISCRAPE_SHARED");
    let shared = std::env::var_os("APISCRAPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let pages = shared.join("conformance/aspnet-html");
    let watched = [pages.clone(), shared.join("conformance"), shared]
        .into_iter()
        .find(|p| p.is_dir())
        .unwrap_or_else(|| pages.clone());
    println!("cargo::rerun-if-changed={}", watched.display());
    if !pages.is_dir() && std::env::var_os("CI").is_none() {
        println!("cargo::rustc-cfg=conformance_missing");
    }
}
