//! The `apiscrape` binary: verbs, exit codes, diagnostics format, stdin.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

const RAMBASE_SEED: &str = "input-docs/rambase/000_13e24b9fa5804726.txt";
const CALIBER_SEED: &str = "input-docs/caliber/002_b021f0c3a362c962.txt";

fn apiscrape(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_apiscrape"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn parse_prints_the_model_of_each_seed() {
    let out = apiscrape(&["parse", RAMBASE_SEED], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let model = json(&out);
    assert_eq!(model["dialect"], "rambase");
    let op = &model["operations"][0];
    assert_eq!(op["method"], "PUT");
    assert_eq!(
        op["path"],
        "/collaboration/contacts/{contactId}/phones/{phoneId}"
    );
    assert_eq!(op["provenance"][0]["source"], RAMBASE_SEED);

    let out = apiscrape(&["parse", "--dialect", "aspnet", CALIBER_SEED], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let model = json(&out);
    assert_eq!(model["dialect"], "aspnet");
    assert_eq!(model["operations"][0]["method"], "PATCH");
    assert_eq!(
        model["operations"][0]["path"],
        "/api/v2/clientcontact/{clientContactId}/phone"
    );
}

#[test]
fn stdin_gives_the_same_model_named_dash() {
    let text = std::fs::read_to_string(root().join(RAMBASE_SEED)).unwrap();
    let from_file = apiscrape(&["parse", RAMBASE_SEED], None);
    let from_stdin = apiscrape(&["parse", "-"], Some(&text));
    assert_eq!(
        json(&from_stdin)["operations"][0]["provenance"][0]["source"],
        "-"
    );
    // Identical apart from the source name, everywhere it appears.
    let renamed = String::from_utf8(from_file.stdout)
        .unwrap()
        .replace(&format!("\"{RAMBASE_SEED}\""), "\"-\"");
    assert_eq!(renamed, String::from_utf8(from_stdin.stdout).unwrap());
}

#[test]
fn output_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("model.json");
    let out = apiscrape(&["parse", CALIBER_SEED, "-o", file.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(model["schema_version"], 1);
}

#[test]
fn unrecognised_pages_are_input_errors_with_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("notes.txt");
    std::fs::write(&page, "shopping list\nmilk\n").unwrap();
    let out = apiscrape(&["parse", page.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{}: error: not recognised as a page of any known documentation dialect",
            page.display()
        )),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(apiscrape(&["parse"], None).status.code(), Some(2));
    assert_eq!(apiscrape(&["frobnicate"], None).status.code(), Some(2));
    let out = apiscrape(&["parse", "--dialect", "swagger", RAMBASE_SEED], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown dialect `swagger`"));
}

#[test]
fn strict_makes_warnings_fatal() {
    // A page cut off in the middle of a field block: a warning, so 0 normally and 1 with --strict.
    let text = std::fs::read_to_string(root().join(RAMBASE_SEED)).unwrap();
    let cut = &text[..text.find("Input must match the following").unwrap() + 20];
    let normal = apiscrape(&["parse", "-"], Some(cut));
    assert_eq!(normal.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&normal.stderr);
    assert!(
        stderr.contains("-:") && stderr.contains(": warning: "),
        "{stderr}"
    );
    let quiet = apiscrape(&["parse", "-q", "-"], Some(cut));
    assert!(quiet.stderr.is_empty());
    let strict = apiscrape(&["parse", "--strict", "-"], Some(cut));
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn missing_input_is_an_error_naming_it() {
    let out = apiscrape(&["parse", "no/such/dir"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/dir"));
}

#[test]
fn mixed_dialects_are_merged_with_a_warning_and_each_dialect_finishes() {
    let out = apiscrape(&["parse", RAMBASE_SEED, CALIBER_SEED], None);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: pages of several dialects were given together (aspnet, rambase)"),
        "{stderr}"
    );
    let model = json(&out);
    let ops: Vec<_> = model["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                o["method"].as_str().unwrap(),
                o["path"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            "PATCH /api/v2/clientcontact/{clientContactId}/phone",
            "PUT /collaboration/contacts/{contactId}/phones/{phoneId}"
        ]
    );
    // RamBase's page-scoped type ids are resolved to names even though it is not the only dialect.
    for key in model["types"].as_object().unwrap().keys() {
        assert!(!key.contains('@'), "unresolved type id {key}");
    }
}
