//! Builds the generated crate of every fixture in a workspace of its own and proves it works:
//! `cargo clippy --all-targets --all-features -- -D warnings`, `cargo check
//! --no-default-features`, `cargo doc` with warnings denied, and `cargo test`, which runs the
//! hand-written mock-server tests in `tests/clients/<fixture>/` (wiremock: method, path,
//! query, headers, exact body bytes, decoding, error codes, validation, retries, blocking
//! client) plus the generated crates' own doctests and the vendored runtime's unit tests.
//!
//! Everything builds in one shared target directory (`target/tmp/generated-clients/target`),
//! so dependencies compile once. `tests/clients/Cargo.lock` pins their versions (refresh it
//! with `APISCRAPE_UPDATE_CLIENT_LOCK=1` after adding dependencies).
//!
//! The test is `#[ignore]`d, so the default `cargo test --workspace` stays an inner loop: it
//! needs crates.io or a warm cargo cache and takes minutes (16 cold). `cargo xtask ci` runs it;
//! alone: `cargo test -p apiscrape-emit-rust --test build_clients -- --ignored`.

use apiscrape_emit_rust::{generate, Options};
use apiscrape_model::Api;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (fixture, generated crate name).
const CLIENTS: &[(&str, &str)] = &[
    ("rambase_seed", "rambase-seed"),
    ("caliber_seed", "caliber-seed"),
    ("edge_cases", "edge-cases"),
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn cargo(ws: &Path, args: &[&str], envs: &[(&str, &str)]) {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(ws).args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("CARGO_") && k != "CARGO_HOME" || k == "RUSTFLAGS" || k == "RUSTDOCFLAGS" {
            cmd.env_remove(&k);
        }
    }
    cmd.env("CARGO_TARGET_DIR", ws.join("target"));
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let status = cmd.status().expect("cargo runs");
    assert!(
        status.success(),
        "`cargo {}` failed in {}",
        args.join(" "),
        ws.display()
    );
}

#[test]
#[ignore = "slow: builds the generated clients; run with cargo xtask ci or cargo test -p apiscrape-emit-rust --test build_clients -- --ignored"]
fn generated_clients_build_lint_document_and_pass_mock_server_tests() {
    let ws = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-clients");
    let mut members = Vec::new();
    // The models `cargo xtask codegen` wrote from the real pages, when present.
    let mut clients: Vec<(String, String, PathBuf)> = CLIENTS
        .iter()
        .map(|(f, c)| {
            let path = manifest_dir()
                .join("tests/fixtures")
                .join(format!("{f}.json"));
            (f.to_string(), c.to_string(), path)
        })
        .collect();
    for api in ["rambase", "caliber"] {
        let model = manifest_dir()
            .join("../../generated")
            .join(api)
            .join("model.json");
        if model.exists() {
            clients.push((format!("generated_{api}"), format!("{api}-client"), model));
        }
    }
    for (fixture, crate_name, path) in &clients {
        let api: Api = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let files = generate(&api, &Options::new(crate_name.as_str())).unwrap();
        let dir = ws.join(crate_name);
        if dir.join("src").exists() {
            for entry in std::fs::read_dir(dir.join("src")).unwrap() {
                let p = entry.unwrap().path();
                let rel = format!("src/{}", p.file_name().unwrap().to_string_lossy());
                if !files.contains_key(&rel) {
                    std::fs::remove_file(p).unwrap();
                }
            }
        }
        for (rel, text) in &files {
            write_if_changed(&dir.join(rel), text);
        }
        members.push(crate_name.clone());
        let tests = manifest_dir().join("tests/clients").join(fixture);
        if tests.exists() {
            let name = format!("{fixture}-tests");
            copy_dir(&tests, &ws.join(&name));
            members.push(name);
        }
    }
    let quoted: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    write_if_changed(
        &ws.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            quoted.join(", ")
        ),
    );
    let lock = manifest_dir().join("tests/clients/Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, ws.join("Cargo.lock")).unwrap();
    }

    cargo(
        &ws,
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    );
    for (_, crate_name) in CLIENTS {
        cargo(
            &ws,
            &["check", "-p", crate_name, "--no-default-features"],
            &[("RUSTFLAGS", "-D warnings")],
        );
    }
    // One group alone: models other groups need are left out, nothing else breaks.
    cargo(
        &ws,
        &[
            "check",
            "-p",
            "edge-cases",
            "--no-default-features",
            "--features",
            "logistics",
        ],
        &[("RUSTFLAGS", "-D warnings")],
    );
    let doc_packages: Vec<&str> = CLIENTS.iter().flat_map(|(_, c)| ["-p", *c]).collect();
    let mut doc_args = vec!["doc", "--no-deps", "--all-features"];
    doc_args.extend(doc_packages);
    cargo(&ws, &doc_args, &[("RUSTDOCFLAGS", "-D warnings")]);
    cargo(
        &ws,
        &["test", "--workspace", "--all-features", "--no-fail-fast"],
        &[],
    );
    if std::env::var_os("APISCRAPE_UPDATE_CLIENT_LOCK").is_some() {
        std::fs::copy(ws.join("Cargo.lock"), &lock).unwrap();
    }
}
