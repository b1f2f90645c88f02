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

#[path = "support/arbitrary.rs"]
#[allow(
    dead_code,
    reason = "shared with arbitrary_models.rs, which uses the strategies this file does not"
)]
mod arbitrary;
#[path = "support/fixtures.rs"]
mod fixtures;

use apiscrape_emit_rust::Options;
use fixtures::{fixture, generate, CLIENTS};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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
    // What cargo set for this test goes; what the caller chose for every build (the cargo home,
    // incremental caches, profile settings such as .ci/run's lean debug info) stays.
    for (k, _) in std::env::vars() {
        let chosen =
            k == "CARGO_HOME" || k == "CARGO_INCREMENTAL" || k.starts_with("CARGO_PROFILE_");
        if k.starts_with("CARGO_") && !chosen || k == "RUSTFLAGS" || k == "RUSTDOCFLAGS" {
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

/// Writes the workspace `ws` of the build test: the crate generated from every fixture and
/// from every `generated/*/model.json`, the hand-written mock-server test crates, the
/// pinned lockfile. Returns the generated crates: (package name, files).
fn write_client_workspace(ws: &Path) -> Vec<(String, std::collections::BTreeMap<String, String>)> {
    let mut members = Vec::new();
    let mut generated = Vec::new();
    let mut clients: Vec<(String, String, apiscrape_model::Api)> = CLIENTS
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string(), fixture(f)))
        .collect();
    // The models `cargo xtask codegen` wrote from the real pages.
    for (api, model) in apiscrape_test_support::generated_models() {
        clients.push((format!("generated_{api}"), format!("{api}-client"), model));
    }
    for (name, crate_name, api) in &clients {
        let files = generate(api, &Options::new(crate_name.as_str())).unwrap();
        write_crate(&ws.join(crate_name), &files);
        members.push(crate_name.clone());
        generated.push((crate_name.clone(), files));
        let tests = manifest_dir().join("tests/clients").join(name);
        if tests.exists() {
            let tests_crate = format!("{name}-tests");
            apiscrape_test_support::copy_dir(&tests, &ws.join(&tests_crate));
            members.push(tests_crate);
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
    generated
}

#[test]
#[ignore = "slow: builds the generated clients; run with cargo xtask ci or cargo test -p apiscrape-emit-rust --test build_clients -- --ignored"]
fn generated_clients_build_lint_document_and_pass_mock_server_tests() {
    if std::env::var_os("APISCRAPE_SKIP_CLIENT_BUILD").is_some() {
        eprintln!("skipped: APISCRAPE_SKIP_CLIENT_BUILD is set");
        return;
    }
    let ws = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-clients");
    let lock = manifest_dir().join("tests/clients/Cargo.lock");
    write_client_workspace(&ws);

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
        // The default features, without `full-serde`: each type derives only the serde
        // traits of the directions it travels in.
        cargo(
            &ws,
            &["clippy", "-p", crate_name, "--", "-D", "warnings"],
            &[],
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

/// Seeds of the arbitrary models `arbitrary_and_reserved_names_compile` builds.
const ARBITRARY_SEEDS: [u8; 4] = [1, 2, 3, 4];

/// Writes `files` as the crate `dir`, removing stale `src/` files.
fn write_crate(dir: &Path, files: &std::collections::BTreeMap<String, String>) {
    if dir.join("src").exists() {
        for entry in std::fs::read_dir(dir.join("src")).unwrap() {
            let p = entry.unwrap().path();
            let rel = format!("src/{}", p.file_name().unwrap().to_string_lossy());
            if !files.contains_key(&rel) {
                std::fs::remove_file(p).unwrap();
            }
        }
    }
    for (rel, text) in files {
        write_if_changed(&dir.join(rel), text);
    }
}

/// The generated crate compiles, without warnings and with every target (the smoke example
/// included), for a model whose groups, types, fields, parameters and operations take the
/// names the crate uses itself (`lib`, `main`, `time`, `chrono`, `serde`, keywords, ...) with
/// date-typed path parameters, and for a few seeded draws of the property test's arbitrary
/// models (`tests/support/arbitrary.rs`).
#[test]
#[ignore = "slow: builds the generated clients; run with cargo xtask ci or cargo test -p apiscrape-emit-rust --test build_clients -- --ignored"]
fn arbitrary_and_reserved_names_compile() {
    if std::env::var_os("APISCRAPE_SKIP_CLIENT_BUILD").is_some() {
        eprintln!("skipped: APISCRAPE_SKIP_CLIENT_BUILD is set");
        return;
    }
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let ws = root.join("generated-arbitrary");
    let mut apis = vec![("reserved".to_string(), arbitrary::reserved_names_api())];
    for seed in ARBITRARY_SEEDS {
        let mut runner = TestRunner::new_with_rng(
            Config::default(),
            TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
        );
        let api = arbitrary::api().new_tree(&mut runner).unwrap().current();
        apis.push((format!("arbitrary-{seed}"), api));
    }
    let mut members = Vec::new();
    for (name, api) in &apis {
        let files = generate(api, &Options::new(name.as_str())).unwrap();
        write_crate(&ws.join(name), &files);
        members.push(format!("{name:?}"));
    }
    write_if_changed(
        &ws.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
    let lock = manifest_dir().join("tests/clients/Cargo.lock");
    if lock.exists() && !ws.join("Cargo.lock").exists() {
        std::fs::copy(&lock, ws.join("Cargo.lock")).unwrap();
    }
    // The same target directory as the other build test, so dependencies compile once.
    let target = root.join("generated-clients/target");
    let target = target.to_str().unwrap();
    cargo(
        &ws,
        &["check", "--workspace", "--all-targets", "--all-features"],
        &[("RUSTFLAGS", "-D warnings"), ("CARGO_TARGET_DIR", target)],
    );
}

/// The highest `rust-version` among the packages the generated crates (`members`) depend on,
/// build dependencies included, dev-dependencies not, as `cargo metadata` resolves them from
/// the lockfile of the workspace `ws` with every feature on.
fn dependency_rust_version(ws: &Path, members: &[&str]) -> (Vec<u64>, String) {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(ws).args([
        "metadata",
        "--format-version",
        "1",
        "--all-features",
        "--locked",
    ]);
    let out = cmd.output().expect("cargo runs");
    assert!(
        out.status.success(),
        "`cargo metadata --locked` failed in {} (is tests/clients/Cargo.lock current?): {}",
        ws.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages: std::collections::BTreeMap<&str, &serde_json::Value> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let nodes: std::collections::BTreeMap<&str, &serde_json::Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let mut stack: Vec<&str> = packages
        .iter()
        .filter(|(_, p)| members.contains(&p["name"].as_str().unwrap()))
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(stack.len(), members.len(), "{members:?}");
    let mut seen = std::collections::BTreeSet::new();
    let mut highest = (Vec::new(), String::new());
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        let p = packages[id];
        if !members.contains(&p["name"].as_str().unwrap()) {
            if let Some(v) = p["rust_version"].as_str() {
                let parts: Vec<u64> = v.split('.').map(|x| x.parse().unwrap()).collect();
                let key: Vec<u64> = parts.iter().copied().chain([0, 0]).take(3).collect();
                if key > highest.0 {
                    highest = (key, format!("{} {}", p["name"], p["version"]));
                }
            }
        }
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let normal_or_build = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build");
            if normal_or_build {
                stack.push(dep["pkg"].as_str().unwrap());
            }
        }
    }
    highest
}

/// The generated crates' `rust-version` is true and tight: it is the highest `rust-version`
/// of the dependency tree pinned by `tests/clients/Cargo.lock` (so a declared 1.80 with a
/// tree that needs more fails here). Clippy's `incompatible_msrv` checks the crates' own code
/// against it in the build test.
#[test]
#[ignore = "slow: builds the generated clients; run with cargo xtask ci or cargo test -p apiscrape-emit-rust --test build_clients -- --ignored"]
fn generated_rust_version_is_the_pinned_dependency_trees_minimum() {
    if std::env::var_os("APISCRAPE_SKIP_CLIENT_BUILD").is_some() {
        eprintln!("skipped: APISCRAPE_SKIP_CLIENT_BUILD is set");
        return;
    }
    let lock = manifest_dir().join("tests/clients/Cargo.lock");
    if !lock.exists() {
        eprintln!("skipped: no pinned tests/clients/Cargo.lock");
        return;
    }
    let ws = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-msrv");
    let generated = write_client_workspace(&ws);
    let mut declared = std::collections::BTreeSet::new();
    for (_, files) in &generated {
        let version = files["Cargo.toml"]
            .lines()
            .find_map(|l| l.strip_prefix("rust-version = "))
            .unwrap()
            .trim_matches('"')
            .to_string();
        declared.insert(version);
    }
    let members: Vec<&str> = generated.iter().map(|(name, _)| name.as_str()).collect();
    let (highest, by) = dependency_rust_version(&ws, &members);
    let declared: Vec<String> = declared.into_iter().collect();
    let needed = match highest.as_slice() {
        [major, minor, 0] => format!("{major}.{minor}"),
        [major, minor, patch] => format!("{major}.{minor}.{patch}"),
        other => panic!("no rust-version in the tree: {other:?}"),
    };
    assert_eq!(
        declared,
        std::slice::from_ref(&needed),
        "generated crates declare rust-version {declared:?}, the pinned tree needs {needed} ({by})"
    );
}
