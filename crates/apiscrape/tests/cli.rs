//! The `apiscrape` binary: verbs, exit codes, diagnostics format, stdin.

mod support;

use apiscrape_test_support::{workspace_root as root, Seed};
use std::io::Write;
use std::process::{Output, Stdio};

const RAMBASE_SEED: &str = Seed::RamBase.page();
const CALIBER_SEED: &str = Seed::Caliber.page();

/// `apiscrape args` run from the workspace root, `stdin` on its standard input.
fn apiscrape(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = support::bin()
        .args(args)
        .stdin(Stdio::piped())
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

/// `apiscrape parse <seed page>` prints exactly the committed seed model that the emitters'
/// tests read (`crates/apiscrape-test-support/fixtures/models/`).
#[test]
fn parse_of_a_seed_page_prints_its_committed_seed_model() {
    for seed in Seed::ALL {
        let out = apiscrape(&["parse", seed.page()], None);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        apiscrape_test_support::assert_file_is(
            &seed.fixture_path(),
            &String::from_utf8(out.stdout).unwrap(),
            "cargo test -p apiscrape-parse --test seed_models",
        );
    }
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
    assert_eq!(model["schema_version"], 2);
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
    // Closed choices are checked by the argument parser: exit 2 before any page is read (the
    // input does not exist, so reading it would be exit 1).
    for (args, says) in [
        (
            &["parse", "--dialect", "swagger", "no/such/page.txt"][..],
            "invalid value 'swagger' for '--dialect <DIALECT>'\n  [possible values: auto, rambase, aspnet]",
        ),
        (
            &["diff", "--dialect", "swagger", "a", "b"][..],
            "invalid value 'swagger' for '--dialect <DIALECT>'",
        ),
        (
            &["openapi", "--openapi-version", "3.2", "no/such/page.txt"][..],
            "invalid value '3.2' for '--openapi-version <OPENAPI_VERSION>'\n  [possible values: 3.1, 3.0]",
        ),
        (
            &["rust", "--crate-version", "1.x", "-o", "x", "no/such/page.txt"][..],
            "invalid value '1.x' for '--crate-version <CRATE_VERSION>': not a semver version",
        ),
        // Verbs that print no page diagnostics do not offer the flags about them.
        (
            &["fetch", "--strict", "-o", "x", "http://127.0.0.1:9/Help"][..],
            "unexpected argument '--strict' found",
        ),
        (
            &["fetch", "-v", "-o", "x", "http://127.0.0.1:9/Help"][..],
            "unexpected argument '-v' found",
        ),
        (
            &["-q", "parse", "-v", "no/such/page.txt"][..],
            "`--quiet` and `--verbose` cannot be used together",
        ),
    ] {
        let out = apiscrape(args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    // The long spellings of the versions are accepted too.
    let out = apiscrape(
        &["openapi", "--openapi-version", "3.0.3", RAMBASE_SEED],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\nopenapi: '3.0.3'\n"));
}

/// Runs failing commands and returns their `error:` lines.
fn error_lines(commands: &[&[&str]]) -> Vec<String> {
    let mut lines = Vec::new();
    for args in commands {
        let out = apiscrape(args, None);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let line = stderr
            .lines()
            .find(|l| l.starts_with("error: "))
            .unwrap_or_else(|| panic!("{args:?} printed no error line: {stderr}"))
            .to_string();
        lines.push(line);
    }
    lines
}

#[test]
fn each_error_prints_its_cause_once_and_names_the_failing_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "").unwrap();
    let below_file = file.join("x");
    let (file, below_file) = (file.to_str().unwrap(), below_file.to_str().unwrap());
    let lines = error_lines(&[
        &["parse", "nope.txt"],
        &["parse", RAMBASE_SEED, "nope.txt", CALIBER_SEED],
        &["openapi", "-o", below_file, RAMBASE_SEED],
        &[
            "docs",
            "--templates",
            "no/such/templates",
            "-o",
            below_file,
            RAMBASE_SEED,
        ],
        &["diff", "nope.json", RAMBASE_SEED],
        &["generate", "--config", "nope.toml"],
        &["fetch", "-o", file, "http://127.0.0.1:9/Help"],
    ]);
    let os_error = |l: &str| l.matches("(os error ").count();
    for line in &lines {
        assert!(os_error(line) <= 1, "cause printed twice: {line}");
        let parts: Vec<&str> = line.split(": ").collect();
        for w in parts.windows(2) {
            assert_ne!(w[0], w[1], "cause printed twice: {line}");
        }
    }
    assert_eq!(
        lines[0],
        "error: nope.txt: No such file or directory (os error 2)"
    );
    // Only the input that failed is named.
    assert_eq!(lines[1], lines[0]);
    assert!(
        lines[2].ends_with(": Not a directory (os error 20)"),
        "{}",
        lines[2]
    );
    assert!(lines[3].contains("no/such/templates"), "{}", lines[3]);
    assert_eq!(
        lines[5],
        "error: cannot read config nope.toml: No such file or directory (os error 2)"
    );
    assert_eq!(
        lines[6],
        format!("error: cannot replace {file}: it is not a folder")
    );
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

#[test]
fn a_forced_dialect_that_does_not_fit_says_which_one_does() {
    let out = apiscrape(
        &[
            "parse",
            "--dialect",
            "rambase",
            "input-docs/caliber/Help.html",
        ],
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("input-docs/caliber/Help.html: warning: read as rambase (forced), but the page looks like aspnet; use dialect aspnet or auto\n"),
        "{stderr}"
    );
    let out = apiscrape(&["parse", "--dialect", "aspnet", RAMBASE_SEED], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{RAMBASE_SEED}: warning: read as aspnet (forced), but the page looks like rambase; use dialect rambase or auto\n")),
        "{stderr}"
    );
    // Forcing the dialect the page has says nothing of the kind.
    let out = apiscrape(&["parse", "--dialect", "rambase", RAMBASE_SEED], None);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("(forced)"));
}

/// A clean regeneration of the shipped inputs: its only warnings are about the shipped pages
/// (each names one), and it says so once.
#[test]
fn clean_regeneration_warns_only_about_the_shipped_pages_and_says_so_once() {
    let out = apiscrape(&["generate", "--check"], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    let (last, rest) = lines.split_last().unwrap();
    assert!(last.starts_with("generated/ is up to date ("), "{stderr}");
    let (note, warnings) = rest.split_last().unwrap();
    assert!(!warnings.is_empty());
    for w in warnings {
        assert!(
            w.starts_with("input-docs/") && w.contains(": warning: "),
            "not about a shipped page: {w}"
        );
    }
    assert_eq!(
        *note,
        format!(
            "note: the {} warning(s) above are about the documentation pages, each at the page and line it names",
            warnings.len()
        )
    );
}

/// The `openapi` verb reports what the document cannot say as documented (a default that is
/// not a value of its schema, kept as `x-default`) once, in every version and format, before
/// deciding to write: with `--strict` the warning fails the run and nothing is written.
#[test]
fn openapi_reports_its_lowering_warnings_once_in_every_version_and_format() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.txt");
    std::fs::write(
        &page,
        "GET api/things/{id}\n\nRequest Information\n\nURI Parameters\n\n\
         NameDescriptionTypeAdditional information\nid\n\ninteger\n\n\
         Default value is high\n\nBody Parameters\n\nNone.\n",
    )
    .unwrap();
    let page = page.to_str().unwrap();
    let out_file = dir.path().join("openapi.out");
    let out_path = out_file.to_str().unwrap();
    let warning = "`GET /api/things/{id} parameter id`: the documented default \"high\" is not a value of its schema; written as `x-default` in OpenAPI";
    for flags in [
        &[][..],
        &["--format", "json"][..],
        &["--openapi-version", "3.0"][..],
        &["--openapi-version", "3.0", "--format", "json"][..],
    ] {
        let mut args = vec!["openapi", page, "-o", out_path];
        args.extend_from_slice(flags);
        let out = apiscrape(&args, None);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{flags:?}: {stderr}");
        assert_eq!(stderr.matches(warning).count(), 1, "{flags:?}: {stderr}");
        let text = std::fs::read_to_string(&out_file).unwrap();
        assert!(text.contains("x-default"), "{flags:?}: {text}");
        std::fs::remove_file(&out_file).unwrap();
    }
    let out = apiscrape(&["openapi", "--strict", page, "-o", out_path], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.matches(warning).count(), 1, "{stderr}");
    assert!(!out_file.exists(), "a failed run writes nothing");
}
