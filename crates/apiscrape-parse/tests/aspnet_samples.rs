//! Samples: what the sample reader does with broken, cut-off and annotated samples
//! (`tests/fixtures/aspnet/{repros,samples}`), and every JSON sample of the fixtures and of the
//! conformance pages checked against the model's types.

use apiscrape_model::{Api, Diagnostic, Severity};
use apiscrape_parse::{parse_pages, DialectChoice, Page};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

fn fixture(rel: &str) -> Page {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aspnet")
        .join(rel);
    Page::read(&path, rel).unwrap()
}

/// Parses on a thread and fails (instead of hanging the suite) when it takes over 10 s.
fn parse_within_time(rels: &[&str]) -> Api {
    let pages: Vec<Page> = rels.iter().map(|r| fixture(r)).collect();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(parse_pages(pages, DialectChoice::Auto));
    });
    rx.recv_timeout(Duration::from_secs(10))
        .unwrap_or_else(|_| panic!("parsing {rels:?} did not finish within 10 s"))
}

fn diags<'a>(api: &'a Api, needle: &str) -> Vec<&'a Diagnostic> {
    api.diagnostics
        .iter()
        .filter(|d| d.message.contains(needle))
        .collect()
}

/// Issue 11.1: `[` closed by `}` in a JSON sample looped forever, growing to gigabytes.
#[test]
fn mismatched_bracket_in_a_sample_is_a_warning_with_file_and_line() {
    for (rel, line) in [
        ("repros/sample-bracket-mismatch.txt", 8),
        ("repros/sample-bracket-mismatch.html", 22),
    ] {
        let api = parse_within_time(&[rel]);
        let found = diags(&api, "is not valid JSON");
        assert_eq!(found.len(), 1, "{rel}: {:#?}", api.diagnostics);
        let d = found[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(
            d.to_string(),
            format!(
                "{rel}:{line}: warning: the `application/json, text/json` sample is not valid JSON (`}}` closes the `[` opened on line 1, line 1 of the sample); nothing is read from it"
            )
        );
        // The rest of the page is still read.
        assert_eq!(api.operations.len(), 1, "{rel}");
        assert_eq!(api.operations[0].key(), "POST /api/v2/x");
        assert!(api.operations[0].request_body.is_some(), "{rel}");
    }
}
