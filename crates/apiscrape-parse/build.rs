//! Marks the conformance tests `ignored` when `../shared/conformance/aspnet-html` (third-party
//! pages read in place, beside the checkout) is missing, so that a plain `cargo test` shows
//! them as ignored in its summary instead of passing them silently; with `CI` set they run and
//! fail instead.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(conformance_missing)");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=APISCRAPE_SHARED");
    // `APISCRAPE_SHARED` names another shared/ folder (e.g. a missing one, to see the skip).
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let shared = std::env::var_os("APISCRAPE_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(&manifest).join("../../../shared"));
    let pages = shared.join("conformance/aspnet-html");
    // Watch the nearest folder that exists, so the answer changes when the pages appear.
    let watched = [pages.clone(), shared.join("conformance"), shared]
        .into_iter()
        .find(|p| p.is_dir())
        .unwrap_or_else(|| pages.clone());
    println!("cargo::rerun-if-changed={}", watched.display());
    if !pages.is_dir() && std::env::var_os("CI").is_none() {
        println!("cargo::rustc-cfg=conformance_missing");
        println!(
            "cargo::warning=conformance pages not found at {}: the conformance tests are ignored",
            pages.display()
        );
    }
}
