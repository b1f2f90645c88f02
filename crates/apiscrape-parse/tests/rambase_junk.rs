//! Junk inserted into the body of real RamBase pages: every token the body reader does not
//! turn into model facts is reported with its line, one warning per run on a line, and the
//! fields around the junk are read exactly as without it. In both halves of the body, in
//! rendering A, rendering B and saved HTML.

use apiscrape_model::{Api, Primitive, TypeRef};
use apiscrape_parse::rambase::RamBase;
use apiscrape_parse::{Dialect, Page};
use proptest::prelude::*;
use std::sync::LazyLock;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}{path}")).expect(path)
}

/// One page through the dialect, with the cross-page naming step.
fn parse(name: &str, text: &str) -> Api {
    let mut api = RamBase.parse_page(&Page::new(name, text));
    RamBase.finish(&mut api);
    api
}

/// The model without its diagnostics, as JSON.
fn facts(api: &Api) -> String {
    let mut api = api.clone();
    api.diagnostics.clear();
    serde_json::to_string_pretty(&api).expect("json")
}

/// The diagnostics `api` gives beyond those of the page without junk.
fn new_diagnostics(api: &Api, clean: &Api) -> Vec<String> {
    api.diagnostics
        .iter()
        .filter(|d| !clean.diagnostics.contains(d))
        .map(ToString::to_string)
        .collect()
}

/// A page of the Phone body (`Type`, `IsDefault`, `PhoneNumber`) and where junk goes in
/// each half: right after the field `Type`.
struct PhonePage {
    file: &'static str,
    rendering_a: bool,
    /// The XML half's text after `Type` and the same with `{j}` where the junk goes.
    xml: (&'static str, &'static str),
    /// The same in the JSON half.
    json: (&'static str, &'static str),
}

const PHONE_PAGES: [PhonePage; 3] = [
    PhonePage {
        file: "input-docs/rambase/000_13e24b9fa5804726.txt",
        rendering_a: true,
        xml: ("</Type>IsDefault", "</Type>{j}IsDefault"),
        json: (
            "\": \"{String}\",IsDefault",
            "\": \"{String}\",{j}IsDefault",
        ),
    },
    PhonePage {
        file: "input-docs/rambase/put-contact-phone.b.txt",
        rendering_a: false,
        xml: ("{String}</Type>\n", "{String}</Type>{j}\n"),
        json: ("\"{String}\",\n4", "\"{String}\",{j}\n4"),
    },
    PhonePage {
        file: "input-docs/rambase/put-contact-phone.html",
        rendering_a: false,
        xml: ("&lt;/Type&gt;</div>", "&lt;/Type&gt;{j}</div>"),
        json: (
            "\"{String}\"</span>,</div>",
            "\"{String}\"</span>,{j}</div>",
        ),
    },
];

/// Each junk kind, five times in a row.
const JUNK: [&str; 5] = [
    "</Nope>",
    ">{String}</X>",
    "\": \"{String}\",",
    "{Integer}",
    "<Nope>",
];

fn with_junk(page: &PhonePage, text: &str, json_half: bool, junk: &str) -> String {
    let mut j = junk.repeat(5);
    if page.file.ends_with(".html") {
        j = j.replace('<', "&lt;").replace('>', "&gt;");
    }
    let (at, with) = if json_half { page.json } else { page.xml };
    assert!(text.contains(at), "{}: {at}", page.file);
    text.replacen(at, &with.replace("{j}", &j), 1)
}

/// The warning each junk kind gives, by half (and rendering: rendering A shows no tags, so an
/// opening tag in its XML half is not understood; in the others it is an element the JSON half
/// does not show): `{f}` is the page's name, `{l}` the line the junk is on.
fn expected(json_half: bool, junk: &str, rendering_a: bool) -> String {
    let w = "{f}:{l}: warning: ";
    match (json_half, junk) {
        (false, "<Nope>") if rendering_a => format!("{w}`<Nope><Nope><Nope><Nope><Nope>` in the XML half of the body is not understood; ignored"),
        (false, "</Nope>") => format!("{w}closing tags `</Nope></Nope></Nope></Nope></Nope>` without an opening tag; ignored"),
        (false, ">{String}</X>") => format!("{w}the XML half shows elements `X` (5 times) before `IsDefault`, and the JSON half does not show them; ignored"),
        (false, "\": \"{String}\",") => format!("{w}`\": \"{{String}}\",\": \"{{String}}\",\": \"{{String}}\",\": \"{{String}}\",\": \"{{String}}\",` in the XML half of the body is not understood; ignored"),
        (false, "{Integer}") => format!("{w}`{{Integer}}{{Integer}}{{Integer}}{{Integer}}{{Integer}}` in the XML half of the body is not understood; ignored"),
        (false, "<Nope>") => format!("{w}the XML half shows elements `Nope` (5 times) before `IsDefault`, and the JSON half does not show them; ignored"),
        (true, "</Nope>") => format!("{w}`</Nope></Nope></Nope></Nope></Nope>` in the JSON half of the body is not understood; ignored"),
        (true, ">{String}</X>") => format!("{w}`>{{String}}</X>>{{String}}</X>>{{String}}</X>>{{String}}</X>>{{String}}</X>` in the JSON half of the body is not understood; ignored"),
        (true, "\": \"{String}\",") => format!("{w}the JSON half shows values `{{String}}` (5 times) without a field name, and the XML half shows no elements for them; ignored"),
        (true, "{Integer}") => format!("{w}`{{Integer}}{{Integer}}{{Integer}}{{Integer}}{{Integer}}` in the JSON half of the body is not understood; ignored"),
        (true, "<Nope>") => format!("{w}`<Nope><Nope><Nope><Nope><Nope>` in the JSON half of the body is not understood; ignored"),
        _ => unreachable!("{junk}"),
    }
}

/// The fields of `Phone` with their types.
fn phone_fields(api: &Api) -> Vec<(String, TypeRef)> {
    api.type_named("Phone")
        .map(|t| {
            t.fields()
                .iter()
                .map(|f| (f.name.clone(), f.ty.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// Each junk kind in each half of `page`, which has the junk on `xml_line` and `json_line`.
fn check(page: &PhonePage, xml_line: u32, json_line: u32) {
    let string = TypeRef::primitive(Primitive::String);
    let phone = vec![
        ("Type".to_string(), string.clone()),
        (
            "IsDefault".to_string(),
            TypeRef::primitive(Primitive::Boolean),
        ),
        ("PhoneNumber".to_string(), string),
    ];
    let text = read(page.file);
    let name = page.file.rsplit('/').next().unwrap_or(page.file);
    let clean = parse(name, &text);
    assert_eq!(phone_fields(&clean), phone, "{name}");
    for json_half in [false, true] {
        for junk in JUNK {
            let api = parse(name, &with_junk(page, &text, json_half, junk));
            let line = if json_half { json_line } else { xml_line };
            let want = expected(json_half, junk, page.rendering_a)
                .replace("{f}", name)
                .replace("{l}", &line.to_string());
            let half = if json_half { "JSON" } else { "XML" };
            let what = format!("{name}, `{junk}` x5 in the {half} half");
            // The one warning, the fields around the junk, and the whole model the page's.
            assert_eq!(
                (
                    new_diagnostics(&api, &clean),
                    phone_fields(&api),
                    facts(&api) == facts(&clean)
                ),
                (vec![want], phone.clone(), true),
                "{what}"
            );
        }
    }
}

#[test]
fn junk_in_rendering_a_is_reported_and_the_fields_around_it_are_read() {
    check(&PHONE_PAGES[0], 21, 34);
}

#[test]
fn junk_in_rendering_b_is_reported_and_the_fields_around_it_are_read() {
    check(&PHONE_PAGES[1], 40, 86);
}

#[test]
fn junk_in_saved_html_is_reported_and_the_fields_around_it_are_read() {
    check(&PHONE_PAGES[2], 24, 32);
}

/// Long runs of junk: every kind is reported (the page's list capped at 200 with a count) and
/// the fields around it are read, in time linear in the junk (an open-element lookup, a
/// look-ahead past XML-only elements and a look-up of later fields that went over the whole
/// run for each token made these minutes long).
#[test]
fn long_runs_of_junk_are_reported_and_the_fields_around_them_are_read() {
    let n = 20_000;
    let cases = [
        (
            &PHONE_PAGES[1],
            false,
            format!("{}{}", "<A>\n".repeat(n), "</B>\n".repeat(n)),
        ),
        (
            &PHONE_PAGES[1],
            false,
            format!("{}{}", "<A>".repeat(n), "</B>".repeat(n)),
        ),
        (&PHONE_PAGES[0], true, "\": \"{String}\",\n".repeat(n)),
        (&PHONE_PAGES[1], true, "\"nope\": \"{String}\",\n".repeat(n)),
        (&PHONE_PAGES[0], false, ">{String}</X>\n".repeat(n)),
    ];
    for (k, (page, json_half, junk)) in cases.into_iter().enumerate() {
        let text = read(page.file);
        let (at, with) = if json_half { page.json } else { page.xml };
        let api = parse(
            page.file,
            &text.replacen(at, &with.replace("{j}", &junk), 1),
        );
        assert!(
            (1..=201).contains(&api.diagnostics.len()),
            "case {k}: {}",
            api.diagnostics.len()
        );
        let names: Vec<String> = phone_fields(&api).into_iter().map(|f| f.0).collect();
        let mut expected = vec!["Type".to_string()];
        if k == 3 {
            // Fields only the JSON half shows are read from it (and reported).
            expected.extend(std::iter::repeat_n("Nope".to_string(), n));
        }
        expected.extend(["IsDefault".to_string(), "PhoneNumber".to_string()]);
        assert!(names == expected, "case {k}: {} fields", names.len());
    }
}

/// Pages with bodies, in every rendering: the Phone pages, and bodies with wrappers, lists,
/// list items and Unicode names.
const PAGES: &[&str] = &[
    "input-docs/rambase/000_13e24b9fa5804726.txt",
    "input-docs/rambase/put-contact-phone.b.txt",
    "input-docs/rambase/put-contact-phone.html",
    "input-docs/rambase/post-api-parameter.a.txt",
    "input-docs/rambase/post-api-parameter.b.txt",
    "input-docs/rambase/post-api-parameter.html",
    "input-docs/rambase/post-sales-order-approve.a.txt",
    "input-docs/rambase/post-sales-order-approve.b.txt",
    "input-docs/rambase/get-shipment.html",
    "input-docs/rambase/get-sales-orders-list.b.txt",
    "crates/apiscrape-parse/tests/fixtures/rambase/put-sales-order.a.txt",
    "crates/apiscrape-parse/tests/fixtures/rambase/put-sales-order.b.txt",
    "crates/apiscrape-parse/tests/fixtures/rambase/put-sales-order.html",
    "crates/apiscrape-parse/tests/fixtures/rambase/post-unicode-names.a.txt",
];

/// Body-like tokens that are not structure a body may legitimately show more of: braces,
/// brackets and commas are left out (in rendering A a comma or a brace is where an object
/// or a list ends, so one more changes what the page says, with nothing to report).
const TOKENS: &[&str] = &[
    "</Nope>",
    "<Nope>",
    ">{String}</X>",
    "\": \"{String}\",",
    "{Integer}",
    "\"{Boolean}\"",
    "\"nope\": \"{String}\",",
    ">{String}</Type>",
    "<Type>",
    "</Phone>",
];

/// Sentences that open the sections after a body.
const SECTION_ENDS: &[&str] = &[
    "The query string is placed",
    "Read more about filters",
    "Requesting this resource",
    "Please note that some fields",
    "List of available operations",
    "Possible error codes",
];

/// Byte ranges of the page's bodies: from the line after a body's opening sentence to the
/// next section.
fn bodies(page: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for open in [
        "The following body must",
        "Please note that some fields may be removed",
    ] {
        let mut from = 0;
        while let Some(k) = page[from..].find(open) {
            let start = from + k;
            let start = start + page[start..].find('\n').unwrap_or(page.len() - start);
            let end = SECTION_ENDS
                .iter()
                .filter_map(|s| page[start..].find(s))
                .min()
                .map_or(page.len(), |k| start + k);
            out.push((start, end));
            from = start;
        }
    }
    out
}

/// Token boundaries of the bodies of a text page: after `>`, `}`, `,` and `":` on code lines
/// (not inside tooltip text), and at the start of code lines.
fn text_boundaries(page: &str) -> Vec<usize> {
    let b = page.as_bytes();
    let is_code = |line: &str| {
        line.trim_start()
            .starts_with(['<', '"', '{', '>', '}', ']', '['])
    };
    let mut out = Vec::new();
    for (start, end) in bodies(page) {
        for i in start..end {
            let c = b[i];
            if !c.is_ascii() {
                continue;
            }
            let line_start = b[..i]
                .iter()
                .rposition(|&x| x == b'\n')
                .map_or(0, |k| k + 1);
            let code = is_code(&page[line_start..]);
            if code && (matches!(c, b'>' | b'}' | b',') || (c == b':' && b[i - 1] == b'"')) {
                out.push(i + 1);
            }
            if c == b'\n' && i + 1 < end {
                let next = &page[i + 1..];
                if is_code(next) && !next.trim_start().starts_with("\":") {
                    out.push(i + 1);
                }
            }
        }
    }
    out
}

/// Token boundaries of the bodies of a saved page: after escaped tags and spans, and at the
/// end of code rows (a row's `</div></div>` ends its line; a tooltip's is followed by code).
fn html_boundaries(page: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for (start, end) in bodies(page) {
        for pat in ["</div></div>\n", "&gt;</span>", "</span>", "&gt;"] {
            let mut i = start;
            while let Some(k) = page[i..end].find(pat) {
                let at = i + k;
                out.push(if pat == "</div></div>" {
                    at
                } else {
                    at + pat.len()
                });
                i = at + pat.len();
            }
        }
    }
    out
}

/// Each page's text, boundaries and model without junk.
static CLEAN: LazyLock<Vec<(String, Vec<usize>, Api)>> = LazyLock::new(|| {
    PAGES
        .iter()
        .map(|file| {
            let text = read(file);
            let at = if file.ends_with(".html") {
                html_boundaries(&text)
            } else {
                text_boundaries(&text)
            };
            assert!(!at.is_empty(), "{file}");
            let api = parse(file, &text);
            (text, at, api)
        })
        .collect()
});

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// A run of body-like tokens at a token boundary of a body never goes unreported unless
    /// the model is the page's.
    #[test]
    fn junk_at_a_token_boundary_is_reported_or_changes_nothing(
        which in 0..PAGES.len(),
        at in any::<prop::sample::Index>(),
        run in prop::collection::vec(0..TOKENS.len(), 1..5),
    ) {
        let (text, boundaries, clean) = &CLEAN[which];
        let file = PAGES[which];
        let pos = boundaries[at.index(boundaries.len())];
        let mut junk: String = run.iter().map(|k| TOKENS[*k]).collect();
        if file.ends_with(".html") {
            junk = junk.replace('<', "&lt;").replace('>', "&gt;");
        }
        let mut page = text.clone();
        page.insert_str(pos, &junk);
        let api = parse(file, &page);
        prop_assert!(
            !new_diagnostics(&api, clean).is_empty() || facts(&api) == facts(clean),
            "{file}: `{junk}` at byte {pos} changes the model without a word"
        );
    }
}
