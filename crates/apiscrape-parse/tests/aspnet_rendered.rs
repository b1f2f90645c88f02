//! The real conformance pages rendered to text (the way a browser's copy gives rows as
//! `cell | cell |`) and read with the text grammar give the same model as their HTML.

mod support;

use apiscrape_model::{Api, Body, ResponseContent};
use apiscrape_parse::{html::html_to_lines, parse_pages, DialectChoice, Page};
use support::{conformance_dir as dir, without_provenance};

/// The model without provenance, and with sample indentation dropped (this renderer trims
/// every line, `pre` lines included).
fn comparable(api: Api) -> Api {
    let mut api = without_provenance(api);
    let trim = |b: &mut Body| {
        for m in &mut b.media_types {
            if let Some(e) = &mut m.example {
                e.value = e
                    .value
                    .lines()
                    .map(str::trim)
                    .collect::<Vec<_>>()
                    .join("\n");
            }
        }
    };
    for op in &mut api.operations {
        if let Some(b) = &mut op.request_body {
            trim(b);
        }
        for r in &mut op.responses {
            if let ResponseContent::Body { body } = &mut r.content {
                trim(body);
            }
        }
    }
    api
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn conformance_pages_rendered_to_text_give_the_html_model() {
    let Some(d) = dir() else { return };
    let mut names: Vec<_> = std::fs::read_dir(&d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut compared = 0;
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let html = Page::read(&path, name.clone()).unwrap();
        let url = html.url.clone().unwrap();
        let lines: Vec<String> = html_to_lines(&html.text)
            .into_iter()
            .map(|l| l.text)
            .collect();
        let text = Page::new(
            format!("{name}.txt"),
            format!("# source: {url}\n{}\n", lines.join("\n")),
        );
        let a = comparable(parse_pages(vec![html], DialectChoice::Auto));
        let b = comparable(parse_pages(vec![text], DialectChoice::Auto));
        let a = serde_json::to_string_pretty(&a).unwrap();
        let b = serde_json::to_string_pretty(&b).unwrap();
        if a != b {
            let diff: Vec<String> = a
                .lines()
                .zip(b.lines())
                .enumerate()
                .filter(|(_, (x, y))| x != y)
                .take(6)
                .map(|(i, (x, y))| format!("{i}: html {x}\n{i}: text {y}"))
                .collect();
            panic!("{name}:\n{}", diff.join("\n"));
        }
        compared += 1;
    }
    assert_eq!(compared, 14);
}
