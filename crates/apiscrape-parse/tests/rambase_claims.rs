//! Diagnostics tell the truth about what the model holds (issues 16.9 and 16.10, RamBase
//! part), on every RamBase page of `input-docs/rambase/` and `tests/fixtures/rambase/`, whole
//! and cut after every line and in the middle of every line (every 7th line in the default
//! `cargo test`; every line in the `#[ignore]`d `*_at_every_cut` tests that `cargo xtask ci` runs):
//!
//! * a diagnostic that says a field, element, body or parameter "is left out" names something
//!   the model does not hold, and one that says the page is "without the JSON half" is about
//!   a body that shows none;
//! * every field and parameter row the page shows is in the model or named in a diagnostic.
//!
//! The names a page shows are read here from its text by simple patterns of their own, not
//! by the parser, so the parser cannot agree with itself by mistake.

use apiscrape_model::{Api, ResponseContent};
use apiscrape_parse::{parse_pages, DialectChoice, Page};
use rayon::prelude::*;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

const DIRS: [&str; 2] = [
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../input-docs/rambase/"),
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rambase/"),
];

/// Every RamBase page: file name and text.
fn pages() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in DIRS {
        for e in std::fs::read_dir(dir).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".txt") || name.ends_with(".html") {
                let text = std::fs::read_to_string(format!("{dir}{name}")).unwrap();
                out.push((name, text));
            }
        }
    }
    out.sort();
    assert!(out.len() >= 35, "{}", out.len());
    out
}

/// Cut every page at every line (the `#[ignore]`d exhaustive tests, run by `cargo xtask ci`).
const EVERY_LINE: usize = 1;
/// Cut every page at every 7th line, and its last: the default `cargo test` subset (a stride
/// prime to the pages' usual 2-, 3- and 4-line row groups, so the cuts fall at every position
/// within a table row across the pages).
const SUBSET: usize = 7;

/// The page, and the page cut after every `stride`-th line (and the last) and in its middle.
fn variants(text: &str, stride: usize) -> Vec<String> {
    let mut out = vec![text.to_string()];
    let mut at = 0;
    let lines = text.split_inclusive('\n').count();
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let start = at;
        at += line.len();
        if index % stride != 0 && index + 1 != lines {
            continue;
        }
        let mut mid = start + line.len() / 2;
        while !text.is_char_boundary(mid) {
            mid -= 1;
        }
        out.push(text[..mid].to_string());
        out.push(text[..at].to_string());
    }
    out
}

#[test]
fn variants_cut_in_and_after_the_chosen_lines() {
    let text = "ab\ncd\nef\n";
    assert_eq!(
        variants(text, EVERY_LINE),
        [
            "ab\ncd\nef\n",
            "a",
            "ab\n",
            "ab\nc",
            "ab\ncd\n",
            "ab\ncd\ne",
            "ab\ncd\nef\n"
        ]
    );
    assert_eq!(
        variants(text, 2),
        ["ab\ncd\nef\n", "a", "ab\n", "ab\ncd\ne", "ab\ncd\nef\n"]
    );
}

fn parse(name: &str, text: &str) -> Api {
    parse_pages(
        vec![Page::new(name.to_string(), text.to_string())],
        DialectChoice::from_name("rambase").unwrap(),
    )
}

/// Every name the model holds: fields (and JSON keys), types and their XML names, body
/// roots, parameters.
fn model_names(api: &Api) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (id, t) in &api.types {
        out.insert(id.to_string());
        out.insert(t.name.clone());
        if let Some(x) = &t.xml {
            out.insert(x.name.clone());
        }
        for f in t.fields() {
            out.insert(f.name.clone());
            out.insert(f.json_key().to_string());
        }
    }
    for op in &api.operations {
        for p in &op.parameters {
            out.insert(p.name.clone());
        }
        let bodies = op
            .request_body
            .iter()
            .chain(op.responses.iter().filter_map(|r| match &r.content {
                ResponseContent::Body { body } => Some(body),
                _ => None,
            }));
        for b in bodies {
            if let Some(x) = &b.xml_root {
                out.insert(x.name.clone());
            }
            if let Some(w) = &b.json_wrapper {
                out.insert(w.clone());
            }
        }
    }
    out
}

/// `` `X` `` segments of a message.
fn quoted(message: &str) -> Vec<&str> {
    message.split('`').skip(1).step_by(2).collect()
}

static LEFT_OUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:field|element|body) `([^`]+)` .*; it is left out(?: with the fields it shows, (.*))?$").unwrap()
});
static URI_LEFT_OUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^URI parameter `\{([^`]+)\}` does not occur in the path; it is left out$").unwrap()
});
static DESCRIPTION_LEFT_OUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^the page ends in the row of query parameter `([^`]+)`; its description is cut off and left out$").unwrap()
});
/// Claims about something without a name, a format, an error row or the rest of a body
/// nested too deep: nothing in the model could contradict them.
const UNNAMED_LEFT_OUT: &[&str] = &[
    "a field without a name is left out",
    "an element without a name is left out",
    "format `",
    "error ",
    "the body nests deeper than",
];

/// Checks every "left out" / "without the JSON half" claim of one parse; returns the
/// false ones.
fn false_claims(name: &str, text: &str, api: &Api) -> Vec<String> {
    let names = model_names(api);
    let lines: Vec<&str> = text.split('\n').collect();
    let mut bad = Vec::new();
    for d in &api.diagnostics {
        let m = d.message.as_str();
        if m.contains("without the JSON half") || m.contains("without its JSON half") {
            // The body around the line shows no `":` before the next section.
            let from = d.location.as_ref().and_then(|l| l.line).unwrap_or(1) as usize;
            let shows_json = lines
                .iter()
                .skip(from.saturating_sub(1))
                .take_while(|l| !l.contains("The query string is placed after"))
                .any(|l| l.contains("\":"));
            if shows_json {
                bad.push(format!("{name}: {d} (the JSON half is on the page)"));
            }
        }
        if !m.contains("left out") {
            continue;
        }
        if let Some(c) = LEFT_OUT.captures(m).or_else(|| URI_LEFT_OUT.captures(m)) {
            let with = c.get(2).map_or(Vec::new(), |w| quoted(w.as_str()));
            for n in std::iter::once(&c[1]).chain(with) {
                if names.contains(n) {
                    bad.push(format!("{name}: {d} (`{n}` is in the model)"));
                }
            }
        } else if let Some(c) = DESCRIPTION_LEFT_OUT.captures(m) {
            let with_description = api
                .operations
                .iter()
                .any(|op| op.parameter(&c[1]).is_some_and(|p| p.description.is_some()));
            if with_description {
                bad.push(format!("{name}: {d} (its description is in the model)"));
            }
        } else if !UNNAMED_LEFT_OUT.iter().any(|p| m.starts_with(p)) {
            bad.push(format!(
                "{name}: {d} (a claim this test does not know how to check)"
            ));
        }
    }
    bad
}

#[test]
fn left_out_and_without_claims_match_the_model() {
    left_out_and_without_claims_match_the_model_at(SUBSET);
}

#[test]
#[ignore = "slow (about 2 minutes in debug): every cut of every page; run with cargo xtask ci or cargo test -p apiscrape-parse --test rambase_claims -- --ignored"]
fn left_out_and_without_claims_match_the_model_at_every_cut() {
    left_out_and_without_claims_match_the_model_at(EVERY_LINE);
}

fn left_out_and_without_claims_match_the_model_at(stride: usize) {
    let pages = pages();
    let bad: Vec<String> = pages
        .par_iter()
        .flat_map(|(name, text)| {
            variants(text, stride)
                .into_iter()
                .flat_map(|v| {
                    let api = parse(name, &v);
                    false_claims(&format!("{name} ({} bytes)", v.len()), &v, &api)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} false claims, first ones:\n{}",
        bad.len(),
        bad[..bad.len().min(10)].join("\n")
    );
}

/// The rendered text of a saved HTML page, line by line: tags end lines, entities decoded.
fn text_of(page: &str, html: bool) -> String {
    if !html {
        return page.to_string();
    }
    static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>|<[^>]*$").unwrap());
    TAG.replace_all(page, "\n")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

static CLOSE_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</([^<>\s/]+)>").unwrap());
static OPEN_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[\s\u{a0}]*<([^<>\s/{]+)>?[\s\u{a0}]*$").unwrap());
/// Rendering A: the name glued after a closing tag, or after the `>` ending a tooltip.
static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)(?:</[^<>]+>|^>)([^\s<>{}\x22|]+)\s*$").unwrap());
static QUERY_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\|? ?(\$?[^\s|{}]+) (?:String|Integer|Long|Decimal|Boolean|Date|Datetime|DateTime|Time), (?:optional|required)\b").unwrap()
});
static URI_ROW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"- URI parameter \{([^}]+)\}").unwrap());
static OLD_URI_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^\{([^}]+)\} (?:String|Integer|Long|Decimal|Boolean|Date|Time)\b").unwrap()
});
/// Rendering A: the body's first element is the line after the body's intro sentence.
static FIRST_AFTER_INTRO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^(?:The following body must be added|Please note that some fields may be removed).*\n([^\s<>{}\x22|]+)\s*$").unwrap()
});

/// Names of fields and parameter rows the page shows.
fn shown_names(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for re in [
        &*CLOSE_TAG,
        &*OPEN_TAG,
        &*GLUED,
        &*QUERY_ROW,
        &*URI_ROW,
        &*OLD_URI_ROW,
        &*FIRST_AFTER_INTRO,
    ] {
        for c in re.captures_iter(text) {
            out.insert(c[1].to_string());
        }
    }
    // Section sentences and boilerplate glued in rendering A are not names.
    out.retain(|n| {
        n.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
            && n.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$'))
    });
    out
}

/// Whether a diagnostic names `name` (as a whole word).
fn named_in(api: &Api, name: &str) -> bool {
    api.diagnostics.iter().any(|d| {
        d.message.match_indices(name).any(|(i, _)| {
            let before = d.message[..i].chars().next_back();
            let after = d.message[i + name.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !word(before) && !word(after)
        }) || quoted(&d.message).contains(&name)
    })
}

#[test]
fn every_field_and_parameter_shown_is_in_the_model_or_a_diagnostic() {
    every_field_and_parameter_shown_is_in_the_model_or_a_diagnostic_at(SUBSET);
}

#[test]
#[ignore = "slow (about 2 minutes in debug): every cut of every page; run with cargo xtask ci or cargo test -p apiscrape-parse --test rambase_claims -- --ignored"]
fn every_field_and_parameter_shown_is_in_the_model_or_a_diagnostic_at_every_cut() {
    every_field_and_parameter_shown_is_in_the_model_or_a_diagnostic_at(EVERY_LINE);
}

fn every_field_and_parameter_shown_is_in_the_model_or_a_diagnostic_at(stride: usize) {
    let pages = pages();
    let lost: Vec<String> = pages
        .par_iter()
        .flat_map(|(name, text)| {
            let html = name.ends_with(".html");
            variants(text, stride)
                .into_iter()
                .flat_map(|v| {
                    let api = parse(name, &v);
                    let names = model_names(&api);
                    shown_names(&text_of(&v, html))
                        .into_iter()
                        .filter(|n| !names.contains(n) && !named_in(&api, n))
                        .map(|n| format!("{name}: `{n}` (cut at {} bytes)", v.len()))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    // One line per page and name (the first cut that loses it).
    let mut seen = BTreeSet::new();
    let firsts: Vec<&String> = lost
        .iter()
        .filter(|l| seen.insert(l.split(" (cut at").next().unwrap_or("").to_string()))
        .collect();
    assert!(
        lost.is_empty(),
        "{} names shown but neither in the model nor in a diagnostic:\n{}",
        lost.len(),
        firsts
            .iter()
            .take(40)
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_checks_see_what_the_pages_show() {
    // The name patterns find every field and parameter of a page in each rendering.
    let expected: BTreeSet<String> = [
        "Phone",
        "Type",
        "IsDefault",
        "PhoneNumber",
        "contactId",
        "phoneId",
        "$access_token",
        "$db",
        "$useMinimumVersion",
    ]
    .map(String::from)
    .into();
    for (file, html) in [
        ("000_13e24b9fa5804726.txt", false),
        ("put-contact-phone.b.txt", false),
        ("put-contact-phone.html", true),
    ] {
        let text = std::fs::read_to_string(format!("{}{file}", DIRS[0])).unwrap();
        assert_eq!(shown_names(&text_of(&text, html)), expected, "{file}");
    }
    // And a false claim is caught: a model without the field the claim names is fine, one
    // with it is not.
    let text = std::fs::read_to_string(format!("{}000_13e24b9fa5804726.txt", DIRS[0])).unwrap();
    let mut api = parse("seed.txt", &text);
    api.diagnostics.push(apiscrape_model::Diagnostic::at(
        apiscrape_model::Severity::Warning,
        "seed.txt".to_string(),
        Some(20),
        "field `IsDefault` is cut off (page ends inside it); it is left out".to_string(),
    ));
    assert_eq!(false_claims("seed", &text, &api).len(), 1);
}
