//! `cargo xtask`: the task list, and `serve-caliber` reproducing the README's `fetch` example.

use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};

fn xtask(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn no_task_or_help_lists_the_tasks() {
    let help = xtask(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.starts_with("usage: cargo xtask <TASK> [FLAGS]\n\ntasks:\n"),
        "{text}"
    );
    assert!(text.contains("\n  codegen [--check] [--strict] "), "{text}");
    assert!(text.contains("\n  serve-caliber [--port N] "), "{text}");
    let none = xtask(&[]);
    assert_eq!(none.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&none.stderr).trim_end(),
        text.trim_end()
    );
    let unknown = xtask(&["frobnicate"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).starts_with("unknown task `frobnicate`\nusage:")
    );
}

#[test]
fn the_alias_shows_cargo_progress() {
    let config = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cargo/config.toml"),
    )
    .unwrap();
    let alias = config
        .lines()
        .find(|l| l.starts_with("xtask = "))
        .expect("the xtask alias");
    assert_eq!(alias, r#"xtask = "run --package xtask --""#);
}

/// The README's example, run as written against `cargo xtask serve-caliber`.
#[test]
fn serve_caliber_reproduces_the_readme_fetch_example() {
    let mut server = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["serve-caliber", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let index = line.trim().to_string();
    assert!(
        index.starts_with("http://127.0.0.1:") && index.ends_with("/Help"),
        "{index}"
    );
    let dir = tempfile::tempdir().unwrap();
    let options = apiscrape_fetch::Options {
        delay: std::time::Duration::from_millis(1),
        ..Default::default()
    };
    let run =
        || apiscrape_fetch::fetch(std::slice::from_ref(&index), dir.path(), &options, &|_| {});
    let first = run();
    let second = run();
    let _ = server.kill();
    let _ = server.wait();
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(first.line(), "7 new, 0 changed, 0 unchanged, 9 failed");
    assert_eq!(second.line(), "0 new, 0 changed, 7 unchanged, 9 failed");
    let failed = first
        .pages
        .iter()
        .find(|p| p.url.ends_with("/Help/Api/GET-api-v2-account-settings"))
        .unwrap();
    assert_eq!(
        failed.outcome,
        apiscrape_fetch::Outcome::Failed("HTTP 404".into())
    );
}
