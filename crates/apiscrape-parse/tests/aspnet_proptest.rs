//! No input makes the ASP.NET dialect panic: arbitrary text, arbitrary markup, and real pages
//! mutated by cutting, duplicating and splicing in the grammar's own keywords.

use apiscrape_parse::{aspnet::AspNet, parse_pages, Dialect, DialectChoice, Page};
use proptest::prelude::*;
use std::path::PathBuf;

const KEYWORDS: &[&str] = &[
    "Request Information",
    "Response Information",
    "URI Parameters",
    "Body Parameters",
    "Request Formats",
    "Resource Description",
    "Response Formats",
    "NameDescriptionTypeAdditional information",
    "NameValueDescription",
    "APIDescription",
    "Possible enumeration values:",
    "| Name | Description | Type | Additional information |\n---|---|",
    "Collection of ",
    "Dictionary of string [key] and ",
    " [value]",
    "Pair of ",
    "None.",
    "Required",
    "Default value is ",
    "Range: inclusive between 1 and ",
    "Matching regular expression pattern: (a|b",
    "String length: inclusive between ",
    "application/json, text/json\n\nSample:\n{\"a\": [1,",
    "application/xml\n\nSample:\n<A xmlns=\"x\"><B>",
    "Failed to generate the sample",
    "GET api/{id}?x={x}&y[0]={y[0]}",
    "PATCH ",
    "<h1>",
    "</h1>",
    "<h3>",
    "<table class=\"help-page-table\"><tr><td class=\"parameter-name\">",
    "<td class=\"enum-value\"><p>",
    "</td></tr></table>",
    "<pre class=\"wrapped\">",
    "<h4 class=\"sample-header\">",
    "<a href=\"/Help/ResourceModel?modelName=X\">",
    "\u{feff}",
    "\r\n",
    "{",
    "}",
    "[",
    "é漢🙂",
];

fn seeds() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for rel in [
        "../../input-docs/caliber/002_b021f0c3a362c962.txt",
        "../../input-docs/caliber/Help_Api_PUT-api-v2-account-password.html",
        "../../input-docs/caliber/Help.html",
        "../../input-docs/caliber/Help_ResourceModel_NoteKinds.html",
        "../../input-docs/caliber/text-pipe/Help_Api_PUT-api-v2-account-password.txt",
        "tests/fixtures/aspnet/quirks/post-api-contacts.pipe.txt",
    ] {
        out.push(std::fs::read_to_string(root.join(rel)).unwrap());
    }
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize, usize),
    Insert(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0usize..400).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), 0..KEYWORDS.len()).prop_map(|(a, k)| Mutation::Insert(a, k)),
        (any::<usize>(), 0usize..400).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, muts: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in muts {
        let len = chars.len().max(1);
        match *m {
            Mutation::Delete(a, n) => {
                let a = a % len;
                let end = (a + n).min(chars.len());
                if a < end {
                    chars.drain(a..end);
                }
            }
            Mutation::Insert(a, k) => {
                let a = (a % len).min(chars.len());
                let kw: Vec<char> = KEYWORDS[k].chars().collect();
                chars.splice(a..a, kw);
            }
            Mutation::Duplicate(a, n) => {
                let a = a % len;
                let end = (a + n).min(chars.len());
                if a < end {
                    let copy: Vec<char> = chars[a..end].to_vec();
                    chars.splice(end..end, copy);
                }
            }
            Mutation::Truncate(a) => {
                let a = a % len;
                chars.truncate(a);
            }
        }
    }
    chars.into_iter().collect()
}

fn exercise(source: &str, text: String) {
    let page = Page::new(source, text);
    let _ = AspNet.detect(&page);
    let fragment = AspNet.parse_page(&page);
    let _ = serde_json::to_string(&fragment).unwrap();
    let api = parse_pages(vec![page], DialectChoice::Force(&AspNet));
    let _ = serde_json::to_string(&api).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,600}") {
        exercise("arbitrary.txt", s.clone());
        exercise("arbitrary.html", format!("<html><body>{s}</body></html>"));
    }

    #[test]
    fn keyword_soup_never_panics(ks in proptest::collection::vec((0..KEYWORDS.len(), "[a-zA-Z0-9 .:|\\n]{0,12}"), 0..40)) {
        let text: String = ks.iter().map(|(k, s)| format!("{}{}", KEYWORDS[*k], s)).collect();
        exercise("soup.txt", text.clone());
        exercise("soup.html", format!("<!DOCTYPE html><html><body class=\"help-page\">{text}</body></html>"));
    }

    #[test]
    fn mutated_real_pages_never_panic(which in 0usize..6, muts in proptest::collection::vec(mutation(), 1..8)) {
        let seeds = seeds();
        let text = apply(&seeds[which % seeds.len()], &muts);
        exercise(if which == 0 || which >= 4 { "mutated.txt" } else { "mutated.html" }, text);
    }
}
