//! Issue 16.10 / 16.9: every table row a page shows (property, parameter, enum member, index
//! entry) is in the model or named in a diagnostic, and no diagnostic claims a row was left
//! out when the model has it. Run over the real conformance pages (read in place; skipped
//! when missing unless `CI` is set), every ASP.NET fixture and the Caliber pages.
//!
//! HTML rows are found independently of the parser (by the template's cell classes or the
//! header words, with `scraper`); text renderings have no independent structure, so their
//! rows come from the dialect's block reader, and the check is that the builder loses none.

mod support;

use apiscrape_model::{Api, TypeKind};
use apiscrape_parse::aspnet::{block::BlockKind, build::split_template, read_blocks, text};
use apiscrape_parse::{page::PageFormat, parse_pages, DialectChoice, Page};
use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};
use support::conformance_dir;

#[derive(Debug)]
enum Row {
    /// A Parameters row: name (empty when the cell is missing) and description.
    Param { name: String, doc: String },
    /// An enum member.
    Member(String),
    /// An index entry `METHOD path`.
    Api(String),
}

fn text_of(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn html_rows(src: &str) -> Vec<Row> {
    let doc = Html::parse_document(src);
    let table = Selector::parse("table").unwrap();
    let tr = Selector::parse("tr").unwrap();
    let th = Selector::parse("th").unwrap();
    let td = Selector::parse("td").unwrap();
    let mut rows = Vec::new();
    for t in doc.select(&table) {
        let header: Vec<String> = t.select(&th).map(|h| text_of(h).to_lowercase()).collect();
        let has = |c: &str| t.select(&td).any(|d| d.value().classes().any(|x| x == c));
        let kind = if has("api-name") || header.first().is_some_and(|h| h == "api") {
            "api"
        } else if has("enum-name") || has("enum-value") {
            "enum"
        } else if has("parameter-name") || header.iter().any(|h| h == "type" || h == "typ") {
            "param"
        } else {
            continue;
        };
        for r in t.select(&tr) {
            let cells: Vec<ElementRef<'_>> = r.select(&td).collect();
            if cells.is_empty() {
                continue;
            }
            let by_class = |c: &str| {
                cells
                    .iter()
                    .find(|d| d.value().classes().any(|x| x == c))
                    .map(|d| text_of(*d))
            };
            match kind {
                "api" => rows.push(Row::Api(
                    by_class("api-name").unwrap_or_else(|| text_of(cells[0])),
                )),
                "enum" => rows.push(Row::Member(
                    by_class("enum-name")
                        .or_else(|| by_class("enum-value"))
                        .unwrap_or_else(|| text_of(cells[0])),
                )),
                _ => {
                    let classed = has("parameter-name");
                    let name = if classed {
                        by_class("parameter-name").unwrap_or_default()
                    } else if cells.len() >= header.len() {
                        text_of(cells[0])
                    } else {
                        String::new()
                    };
                    let doc = by_class("parameter-documentation")
                        .or_else(|| (cells.len() > 1).then(|| text_of(cells[cells.len() - 3])))
                        .unwrap_or_default();
                    rows.push(Row::Param { name, doc });
                }
            }
        }
    }
    rows
}

fn text_rows(page: &Page) -> Vec<Row> {
    let mut rows = Vec::new();
    for b in read_blocks(page) {
        match b.kind {
            BlockKind::Params(ps) => rows.extend(ps.into_iter().map(|p| Row::Param {
                name: p.name,
                doc: p.doc,
            })),
            BlockKind::Enum(e) => rows.extend(e.rows.into_iter().map(|r| Row::Member(r.name))),
            BlockKind::Apis(a) => rows.extend(a.into_iter().map(|r| Row::Api(r.api))),
            _ => {}
        }
    }
    rows
}

/// Every name the model holds, and whether a diagnostic names `x` (in backticks).
struct Covered {
    names: std::collections::BTreeSet<String>,
    descriptions: Vec<String>,
    ops: std::collections::BTreeSet<String>,
    diags: String,
}

fn covered(api: &Api) -> Covered {
    let mut names = std::collections::BTreeSet::new();
    let mut descriptions = Vec::new();
    for t in api.types.values() {
        match &t.kind {
            TypeKind::Object { fields } => {
                for f in fields {
                    names.insert(f.name.clone());
                    names.insert(f.json_key().to_string());
                    descriptions.extend(f.description.clone());
                }
            }
            TypeKind::Enum { members, .. } => {
                for m in members {
                    names.insert(m.name.clone());
                }
            }
            _ => {}
        }
    }
    let mut ops = std::collections::BTreeSet::new();
    for op in &api.operations {
        ops.insert(op.key());
        for p in &op.parameters {
            names.insert(p.name.clone());
        }
        if let Some(b) = &op.request_body {
            descriptions.extend(b.description.clone());
        }
    }
    let diags = api
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Covered {
        names,
        descriptions,
        ops,
        diags,
    }
}

fn rows_of(page: &Page) -> Vec<Row> {
    match page.format {
        PageFormat::Html => html_rows(&page.text),
        PageFormat::Text => text_rows(page),
    }
}

/// What each page loses without saying so, as messages.
fn unreported(page: &Page) -> Vec<String> {
    let api = parse_pages(vec![page.clone()], DialectChoice::Auto);
    check(&page.source, &rows_of(page), &api)
}

/// The rows neither in `api` nor named in its diagnostics, and false "left out" claims.
fn check(source: &str, rows: &[Row], api: &Api) -> Vec<String> {
    let c = covered(api);
    // A page that is not read at all says so once, for all its rows.
    if c.diags.contains("nothing is read from it") {
        return Vec::new();
    }
    // A diagnostic covers a row when it names it and says what became of it.
    let named = |x: &str| {
        c.diags.lines().any(|l| {
            l.contains(&format!("`{x}`"))
                && [
                    "left out",
                    "skipped",
                    "not kept",
                    "not read",
                    "is the request body",
                    "listed twice",
                ]
                .iter()
                .any(|w| l.contains(w))
        })
    };
    let mut out = Vec::new();
    for r in rows {
        let ok = match r {
            Row::Param { name, doc } if name.is_empty() => {
                c.descriptions.iter().any(|d| d == doc.trim())
                    || c.diags.contains("lost its name")
                    || c.diags.contains("has no name")
            }
            Row::Param { name, .. } => c.names.contains(name.trim()) || named(name.trim()),
            Row::Member(m) => c.names.contains(m.trim()) || named(m.trim()),
            Row::Api(a) => match text::split_api_line(a) {
                Some((m, rel)) => {
                    c.ops
                        .contains(&format!("{} {}", m.as_str(), split_template(rel).0))
                        || named(a.trim())
                }
                None => named(a.trim()),
            },
        };
        if !ok {
            out.push(format!(
                "{source}: row {r:?} is neither in the model nor in a diagnostic"
            ));
        }
    }
    // 16.9: a "left out" claim is true.
    for d in &api.diagnostics {
        if !d.message.contains("left out") {
            continue;
        }
        let desc = d
            .message
            .split("(description `")
            .nth(1)
            .and_then(|r| r.split('`').next())
            .unwrap_or("");
        if !desc.is_empty() && c.descriptions.iter().any(|x| x == desc) {
            out.push(format!(
                "{source}: `{}` claims a row is left out, but the model has it",
                d.message
            ));
        }
    }
    out
}

fn pages_under(dir: &Path, out: &mut Vec<Page>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            pages_under(&p, out);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["html", "htm", "txt", "md"].contains(&e))
        {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            out.push(Page::read(&p, name).unwrap());
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_fixture_row_is_in_the_model_or_a_diagnostic() {
    let mut pages = Vec::new();
    pages_under(&root().join("tests/fixtures/aspnet"), &mut pages);
    pages_under(&root().join("../../input-docs/caliber"), &mut pages);
    assert!(pages.len() > 40, "{}", pages.len());
    let lost: Vec<String> = pages.iter().flat_map(unreported).collect();
    assert!(lost.is_empty(), "{}", lost.join("\n"));
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn every_conformance_row_is_in_the_model_or_a_diagnostic() {
    let Some(d) = conformance_dir() else { return };
    let mut pages = Vec::new();
    pages_under(&d, &mut pages);
    assert_eq!(pages.len(), 14);
    let lost: Vec<String> = pages.iter().flat_map(unreported).collect();
    assert!(lost.is_empty(), "{}", lost.join("\n"));
}

#[test]
fn the_check_catches_a_silently_dropped_row_and_a_false_claim() {
    let path = root().join("tests/fixtures/aspnet/tables/model-account.html");
    let page = Page::read(&path, "model-account.html").unwrap();
    let rows = rows_of(&page);
    assert_eq!(rows.len(), 7);
    let mut api = parse_pages(vec![page], DialectChoice::Auto);
    assert!(check("a", &rows, &api).is_empty());
    // Drop a field silently: reported.
    let id = apiscrape_model::TypeId::from_name("Account");
    if let Some(TypeKind::Object { fields }) = api.types.get_mut(&id).map(|t| &mut t.kind) {
        fields.retain(|f| f.name != "Balance");
    }
    let lost = check("a", &rows, &api);
    assert_eq!(lost.len(), 1, "{lost:?}");
    assert!(lost[0].contains("Balance"));
    // Claim a kept row is left out: reported.
    api.diagnostics.push(apiscrape_model::Diagnostic::at(
        apiscrape_model::Severity::Warning,
        "a",
        None,
        "a row of type `Account` that lost its name cell (description `Who pays.`) is left out: no sample shows its name",
    ));
    assert_eq!(check("a", &rows, &api).len(), 2);
}
