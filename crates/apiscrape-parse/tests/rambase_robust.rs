//! The RamBase dialect on bad input: empty, huge, deeply nested, truncated at every point,
//! randomly mutated. Nothing panics, and a page cut anywhere yields only facts the whole page
//! also states (a cut-off value is never data).

use apiscrape_model::{Api, Primitive, Severity, TypeRef};
use apiscrape_parse::rambase::RamBase;
use apiscrape_parse::{parse_pages, Dialect, DialectChoice, Page};
use proptest::prelude::*;
use rayon::prelude::*;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../input-docs/rambase/");

fn read(file: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{file}")).expect(file)
}

/// One page through the dialect, with the cross-page naming step.
fn parse(name: &str, text: &str) -> Api {
    let mut api = RamBase.parse_page(&Page::new(name, text));
    RamBase.finish(&mut api);
    api
}

fn warned_about(api: &Api, what: &str) -> bool {
    api.diagnostics
        .iter()
        .any(|d| d.severity != Severity::Error && d.message.contains(what))
}

/// Names of fields and elements that rendering A kept under a reading a warning names (where
/// an object ends, or whether an element is a list, shown only by a JSON half that is cut off):
/// their place and shape may differ from the whole page's, said so.
fn read_under_doubt(part: &Api) -> std::collections::BTreeSet<String> {
    part.diagnostics
        .iter()
        .filter(|d| {
            d.severity == Severity::Warning
                && (d.message.starts_with("rendering A does not show where")
                    || d.message
                        .starts_with("rendering A shows which elements are lists"))
        })
        .flat_map(|d| {
            d.message
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Everything `part` says, `full` says too, except what a warning says was read under a
/// reading the page does not confirm.
fn assert_subset(full: &Api, part: &Api, what: &str) {
    let doubt = read_under_doubt(part);
    let doubtful_ref = |t: &TypeRef| t.named_ids().iter().any(|id| doubt.contains(id.as_str()));
    for op in &part.operations {
        let f = full
            .operation(op.method, &op.path)
            .unwrap_or_else(|| panic!("{what}: operation {} not in the full page", op.key()));
        if op.summary.is_some() {
            assert_eq!(op.summary, f.summary, "{what}");
        }
        if op.group.is_some() {
            assert_eq!(op.group, f.group, "{what}");
        }
        if op.resource_id.is_some() {
            assert_eq!(op.resource_id, f.resource_id, "{what}");
        }
        if !op.formats.is_empty() {
            assert_eq!(op.formats, f.formats, "{what}");
        }
        for p in &op.parameters {
            let fp = f
                .parameter(&p.name)
                .unwrap_or_else(|| panic!("{what}: parameter {} not in the full page", p.name));
            if p.name == "$top" && op.paging.is_some() {
                // Made from `Maximum page size ($top) N` when the `$top` row is not reached.
                assert_eq!(
                    (&p.ty, &p.constraints.minimum, &p.constraints.maximum),
                    (&fp.ty, &fp.constraints.minimum, &fp.constraints.maximum),
                    "{what}"
                );
                continue;
            }
            if p != fp {
                // A path parameter whose type line was cut is read as a string; a row whose
                // description was cut keeps name and type only. Both with a warning.
                let cut_type = p.ty == TypeRef::primitive(Primitive::String)
                    && (p.description.is_none() || p.description == fp.description);
                let cut_description = p.ty == fp.ty && p.description.is_none();
                assert!(
                    (cut_type || cut_description)
                        && p.constraints.is_empty()
                        && warned_about(part, &p.name),
                    "{what}: parameter {} differs: {p:?} vs {fp:?}",
                    p.name
                );
            }
        }
        for e in &op.error_codes {
            assert!(f.error_codes.contains(e), "{what}: error {e:?}");
        }
        for r in &op.responses {
            assert!(
                f.response(r.status).is_some(),
                "{what}: status {}",
                r.status
            );
        }
    }
    for (id, ty) in &part.types {
        if doubt.contains(id.as_str()) {
            continue;
        }
        let Some(fty) = full.types.get(id) else {
            panic!("{what}: type {id} not in the full page");
        };
        for field in ty.fields() {
            if doubt.contains(&field.name) || doubtful_ref(&field.ty) {
                continue;
            }
            let ff = fty
                .field(&field.name)
                .unwrap_or_else(|| panic!("{what}: field {}.{}", id, field.name));
            assert_eq!(field, ff, "{what}: field {}.{}", id, field.name);
        }
    }
}

fn char_boundaries(s: &str, step: usize) -> impl Iterator<Item = usize> + '_ {
    s.char_indices()
        .map(|(i, _)| i)
        .step_by(step)
        .chain([s.len()])
}

#[test]
fn empty_and_blank_pages_do_not_panic() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "\u{a0}\u{a0}\n\u{feff}",
        "<html></html>",
        "|",
        " | | |",
    ] {
        let api = parse("empty.txt", text);
        assert!(api.operations.is_empty(), "{text:?}");
        assert!(
            !api.diagnostics.is_empty(),
            "{text:?}: an empty page is reported"
        );
    }
    let api = parse_pages(vec![Page::new("e.txt", "")], DialectChoice::Auto);
    assert!(
        api.has_errors(),
        "auto-detection does not claim an empty page"
    );
}

#[test]
fn huge_lines_and_deep_nesting_do_not_panic() {
    let seed = read("000_13e24b9fa5804726.txt");
    let (head, tail) = seed.split_at(seed.find("Phone\nThis field").unwrap());
    let cases = [
        "x".repeat(2_000_000),
        "{".repeat(300_000),
        "\"a\": {\n".repeat(100_000),
        "<A>\n".repeat(100_000),
        ">{String}</A>".repeat(100_000),
        "\": [".repeat(100_000),
        "$x String, optional | y |\n".repeat(50_000),
    ];
    for (i, junk) in cases.iter().enumerate() {
        let text = format!("{head}{junk}\n{tail}");
        let api = parse("huge.txt", &text);
        assert_eq!(api.operations.len(), 1, "case {i}");
        assert!(
            api.diagnostics.len() <= 201,
            "case {i}: {}",
            api.diagnostics.len()
        );
        // The facts outside the junk survive it.
        assert_eq!(api.operations[0].error_codes.len(), 3, "case {i}");
    }
}

#[test]
fn seed_cut_at_every_character_yields_only_true_facts() {
    let seed = read("000_13e24b9fa5804726.txt");
    let full = parse("seed.txt", &seed);
    let ends: Vec<usize> = char_boundaries(&seed, 1).collect();
    ends.par_iter().for_each(|&end| {
        let part = parse("seed.txt", &seed[..end]);
        assert_subset(&full, &part, &format!("seed cut at byte {end}"));
    });
}

#[test]
fn fixtures_cut_anywhere_yield_only_true_facts() {
    for (file, step) in [
        ("post-api-parameter.b.txt", 31),
        ("post-api-parameter.a.txt", 17),
        ("get-sales-orders-list.b.txt", 37),
        ("get-exchange-rate.a.txt", 23),
        ("post-api-parameter.html", 97),
        ("old-get-user-groups.txt", 41),
    ] {
        let text = read(file);
        let full = parse(file, &text);
        let ends: Vec<usize> = char_boundaries(&text, step).collect();
        ends.par_iter().for_each(|&end| {
            let part = parse(file, &text[..end]);
            assert_subset(&full, &part, &format!("{file} cut at byte {end}"));
        });
    }
}

fn corpus() -> Vec<String> {
    [
        "000_13e24b9fa5804726.txt",
        "post-api-parameter.b.txt",
        "get-sales-orders-list.a.txt",
        "get-shipment.html",
    ]
    .iter()
    .map(|f| read(f))
    .collect()
}

/// Structural characters of the renderings, so insertions hit the grammar.
fn snippet() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<".to_string()),
        Just(">".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("\":".to_string()),
        Just(" |".to_string()),
        Just("\n".to_string()),
        Just("\u{a0}".to_string()),
        Just("[".to_string()),
        Just("{String}</X>".to_string()),
        Just("\n1\n".to_string()),
        "\\PC{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_does_not_panic(text in "\\PC{0,400}") {
        let _ = parse("any.txt", &text);
        let _ = parse("any.html", &format!("<html><body>{text}</body></html>"));
    }

    #[test]
    fn mutated_pages_do_not_panic(
        which in 0usize..4,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..3, snippet()), 1..12),
    ) {
        let pages = corpus();
        let mut text = pages[which].clone();
        for (at, kind, ins) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            match kind {
                0 => {
                    let end = (i + 1 + ins.len() % 7).min(text.len());
                    let mut end = end;
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(i..end, "");
                }
                _ => text.insert_str(i, &ins),
            }
        }
        let api = parse("mutated.txt", &text);
        prop_assert!(api.diagnostics.len() <= 201);
    }
}

/// A body with more problems than a page lists: the first 200 are listed and the rest are
/// counted, none are dropped without a word (the body reader used to stop at 300 silently).
/// Each junk value is on a line of its own: a run of junk on one line is one problem.
#[test]
fn body_problems_past_the_page_cap_are_counted() {
    let page = read("000_13e24b9fa5804726.txt");
    let junk = "{Integer}\n".repeat(1000);
    let page = page.replacen("</Type>IsDefault", &format!("</Type>{junk}IsDefault"), 1);
    let api = parse("junk.txt", &page);
    let junk_warnings = api
        .diagnostics
        .iter()
        .filter(|d| {
            d.message == "`{Integer}` in the XML half of the body is not understood; ignored"
        })
        .count();
    let last = api.diagnostics.last().expect("diagnostics");
    assert_eq!(
        (junk_warnings, api.diagnostics.len(), last.message.as_str()),
        (
            200,
            201,
            "800 more warnings of this page suppressed (the first 200 are listed)"
        ),
    );
    // The fields around the junk are still read.
    let phone = api.type_named("Phone").expect("Phone");
    let names: Vec<&str> = phone.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Type", "IsDefault", "PhoneNumber"]);
}
