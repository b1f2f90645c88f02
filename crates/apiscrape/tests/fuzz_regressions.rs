//! Every input that ever broke a reader (found by `cargo xtask fuzz` or reported from real-world
//! edits, `../shared/repros/`) is kept under `tests/fuzz_regressions/<fuzz target>/` and fed to
//! the same code path as that fuzz target (`fuzz/fuzz_targets/`): it must come back without a
//! panic, an abort or a hang.

use apiscrape_parse::{dialect, parse_pages, DialectChoice, Page, PageFormat};
use std::path::Path;

/// Reads one page the way the page targets do: forced dialect, then detection.
fn parse_page(data: &[u8], format: PageFormat, dialect_name: &str, source: &str) -> usize {
    let mut page = Page::new(source, String::from_utf8_lossy(data).into_owned());
    page.format = format;
    let forced = dialect::by_name(dialect_name).expect("dialect is registered");
    let mut bytes = 0;
    for choice in [DialectChoice::Force(forced), DialectChoice::Auto] {
        let api = parse_pages(vec![page.clone()], choice);
        bytes += serde_json::to_string(&api)
            .expect("a model serialises")
            .len();
    }
    bytes
}

fn side(bytes: &[u8]) -> Option<apiscrape_model::Api> {
    let text = String::from_utf8_lossy(bytes);
    if apiscrape_openapi::looks_like_openapi(&text) {
        apiscrape_openapi::import("side.yaml", &text).ok()
    } else {
        serde_json::from_str(&text).ok()
    }
}

/// Runs `data` through the code path of fuzz target `target`.
fn replay(target: &str, data: &[u8]) {
    match target {
        "parse_rambase_html" => drop(parse_page(data, PageFormat::Html, "rambase", "page.html")),
        "parse_rambase_text" => drop(parse_page(data, PageFormat::Text, "rambase", "page.txt")),
        "parse_aspnet_html" => drop(parse_page(data, PageFormat::Html, "aspnet", "page.html")),
        "parse_aspnet_text" => drop(parse_page(data, PageFormat::Text, "aspnet", "page.txt")),
        "sample_shape" => {
            let text = String::from_utf8_lossy(data);
            let _ = apiscrape_parse::aspnet::samples::read_json(&text);
            let _ = apiscrape_parse::aspnet::samples::parse_xml(&text);
            let _ = apiscrape_parse::aspnet::samples::classify(&text);
        }
        "openapi_import" => {
            let _ = side(data);
        }
        "diff" => {
            let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
            if let (Some(old), Some(new)) = (
                side(&data[..split]),
                side(data.get(split + 1..).unwrap_or_default()),
            ) {
                let d = apiscrape_diff::diff(&old, &new);
                let _ = (d.to_text(), d.to_markdown(), d.to_json());
            }
        }
        other => panic!("tests/fuzz_regressions/{other}: no fuzz target of that name"),
    }
}

#[test]
fn every_kept_input_reads_without_panic_or_hang() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut replayed = Vec::new();
    let mut targets: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    targets.sort();
    for dir in targets {
        let target = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            replay(&target, &std::fs::read(&file).unwrap());
            replayed.push(format!(
                "{target}/{}",
                file.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        replayed.contains(&"parse_aspnet_text/aspnet-sample-bracket-mismatch.txt".to_string()),
        "the shared repro is kept: {replayed:?}"
    );
}
