//! Samples: what the sample reader does with broken, cut-off and annotated samples
//! (`tests/fixtures/aspnet/{repros,samples}`), and every JSON sample of the fixtures and of the
//! conformance pages checked against the model's types.

use apiscrape_model::{
    Api, Diagnostic, EnumRepr, Primitive, ResponseContent, Severity, TypeKind, TypeRef,
};
use apiscrape_parse::{parse_pages, DialectChoice, Page};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

mod sample_types;
mod support;
use sample_types::sample_findings;
use support::{aspnet_fixture as fixture, pages_in};

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

// ---------------------------------------------------------------------------------------------
// Every JSON sample against the model's types (issue 16.15 as a class of test).
// ---------------------------------------------------------------------------------------------

fn fixture_sites() -> Vec<(String, Vec<Page>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let caliber = root.join("../../input-docs/caliber");
    let mut sites = vec![
        ("caliber".to_string(), pages_in(&caliber)),
        (
            "caliber/text-blank".to_string(),
            pages_in(&caliber.join("text-blank")),
        ),
        (
            "caliber/text-pipe".to_string(),
            pages_in(&caliber.join("text-pipe")),
        ),
    ];
    let fixtures = root.join("tests/fixtures/aspnet");
    let mut dirs: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        let name = d.file_name().unwrap().to_string_lossy().into_owned();
        sites.push((format!("fixtures/{name}"), pages_in(&d)));
    }
    sites
}

#[test]
fn every_fixture_json_sample_fits_the_model_types() {
    let mut checked = 0;
    for (name, pages) in fixture_sites() {
        let api = parse_pages(pages, DialectChoice::Auto);
        checked += api.operations.len();
        assert_eq!(sample_findings(&api), Vec::<String>::new(), "{name}");
    }
    assert!(checked > 10);
}

/// Found by the sample check: an enum page without a Value column made `OrderStatus` a string
/// enum, while the page's JSON sample sends `"status":0`.
#[test]
fn an_enum_listed_without_values_travels_as_the_number_its_sample_shows() {
    let api = parse_within_time(&[
        "customised/put-api-orders-id.html",
        "customised/resourcemodel-orderstatus.html",
    ]);
    match &api.type_named("OrderStatus").unwrap().kind {
        TypeKind::Enum {
            repr,
            members,
            complete,
        } => {
            assert_eq!(*repr, EnumRepr::Integer);
            assert!(*complete);
            let got: Vec<(&str, &str)> = members
                .iter()
                .map(|m| (m.name.as_str(), m.value.as_str()))
                .collect();
            assert_eq!(got, [("Open", "0"), ("Shipped", "1"), ("Cancelled", "2")]);
        }
        other => panic!("{other:?}"),
    }
    let found = diags(&api, "is listed without values");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].to_string(),
        "customised/put-api-orders-id.html:28: warning: enum `OrderStatus` is listed without values, but the JSON samples of PUT /api/orders/{id} show it as a number (`Open` = 0, as its position says); it is read as an integer enum numbered in listed order from 0"
    );
}

fn fields_of(api: &Api, name: &str) -> Vec<(String, TypeRef)> {
    api.type_named(name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .fields()
        .iter()
        .map(|f| (f.name.clone(), f.ty.clone()))
        .collect()
}

/// Issue 16.5: a cut-off sample gives its complete part; a placeholder on one page is filled
/// from another page's sample.
#[test]
fn cut_off_samples_give_their_complete_part_and_pages_fill_each_other() {
    for widgets in [
        "samples/get-api-widgets-id.html",
        "samples/get-api-widgets-id.blank.txt",
    ] {
        let api = parse_within_time(&[
            widgets,
            "samples/get-api-teams-id.html",
            "samples/post-api-people.html",
        ]);
        let dt = TypeRef::primitive(Primitive::DateTime);
        // A complete object inside the cut-off sample.
        assert_eq!(
            fields_of(&api, "Company"),
            [
                ("name".into(), TypeRef::string()),
                ("founded".into(), dt.clone())
            ],
            "{widgets}"
        );
        // The object the text stops in: its complete pair only, never the cut `label`.
        assert_eq!(
            fields_of(&api, "Badge"),
            [("code".into(), TypeRef::primitive(Primitive::Integer))],
            "{widgets}"
        );
        // Not shown on the widgets page (after the cut) nor on the people page (no sample):
        // filled from the teams page.
        assert_eq!(
            fields_of(&api, "Person"),
            [
                ("firstName".into(), TypeRef::string()),
                ("born".into(), dt.clone()),
                ("score".into(), TypeRef::primitive(Primitive::Number)),
            ],
            "{widgets}"
        );
        assert!(diags(&api, "no sample shows it").is_empty(), "{widgets}");
        // The page says the sample is cut off and which part was read.
        let line = if widgets.ends_with(".html") { 48 } else { 72 };
        let cut = diags(&api, "sample is cut off (it stops");
        assert_eq!(cut.len(), 1, "{widgets}");
        assert_eq!(
            cut[0].to_string(),
            format!("{widgets}:{line}: note: the `application/json, text/json` sample is cut off (it stops on line 9 of the sample, inside an unclosed value); its complete key/value pairs and items (through line 8 of the sample) are read, the value it stops in is not")
        );
        let badge = diags(&api, "type `Badge`");
        assert_eq!(badge.len(), 1);
        assert_eq!(
            badge[0].message,
            "type `Badge` has no ResourceModel page; its properties (code) were read from the samples of GET /api/widgets/{id} (cut off: only its complete properties are read), their types guessed from sample values; the sample is cut off, so the type may have more properties"
        );
    }
}

/// Issue 16.9: a type whose only sample is cut off before any complete property is not said
/// to be shown by no sample.
#[test]
fn a_type_only_a_cut_off_sample_reaches_is_reported_as_such() {
    let page = Page::new(
        "cut.txt",
        "GET api/things/{id}\n\nRequest Information\n\nURI Parameters\n\nNameDescriptionTypeAdditional information\nid\n\ninteger\n\nRequired\n\nBody Parameters\n\nNone.\n\nResponse Information\n\nResource Description\n\nThing\nNameDescriptionTypeAdditional information\nPart\n\nPart\n\nNone.\n\nResponse Formats\n\napplication/json, text/json\n\nSample:\n{\n  \"part\": {\n    \"label\": \"sampl",
    );
    let api = parse_pages(vec![page], DialectChoice::Auto);
    let part = diags(&api, "type `Part`");
    assert_eq!(part.len(), 1, "{:#?}", api.diagnostics);
    assert_eq!(
        part[0].message,
        "type `Part` is used by type Thing but no page describes it (its page would be /Help/ResourceModel?modelName=Part) and the sample of GET /api/things/{id} that shows it is cut off before any complete property; kept as a placeholder"
    );
    assert_eq!(api.type_named("Part").unwrap().kind, TypeKind::Placeholder);
}

/// Issue 16.5, XML: a body type no page describes, with a complete JSON sample and a cut-off
/// XML sample: the JSON gives the properties, the XML's complete elements their names.
#[test]
fn a_cut_off_xml_sample_still_names_the_properties_it_completes() {
    let text = "GET api/gadgets/{id}\n\nRequest Information\n\nURI Parameters\n\nNameDescriptionTypeAdditional information\nid\n\ninteger\n\nRequired\n\nBody Parameters\n\nNone.\n\nResponse Information\n\nResource Description\n\nGadget\n\nResponse Formats\n\napplication/json, text/json\n\nSample:\n{\n  \"serialNo\": \"sample string 1\",\n  \"weight\": 2.5\n}\n\napplication/xml, text/xml\n\nSample:\n<Gadget xmlns=\"http://schemas.datacontract.org/2004/07/Gadgets\">\n  <SerialNo>sample string 1</SerialNo>\n  <Weight>2.";
    let api = parse_pages(vec![Page::new("gadget.txt", text)], DialectChoice::Auto);
    let g = api.type_named("Gadget").unwrap();
    let got: Vec<(&str, Option<&str>, TypeRef)> = g
        .fields()
        .iter()
        .map(|f| (f.name.as_str(), f.json_name.as_deref(), f.ty.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("SerialNo", Some("serialNo"), TypeRef::string()),
            // The XML stops inside `<Weight>`: its start tag (the name) is complete, its
            // text is not read.
            (
                "Weight",
                Some("weight"),
                TypeRef::primitive(Primitive::Number)
            ),
        ]
    );
    let op = &api.operations[0];
    let ResponseContent::Body { body } = &op.responses[0].content else {
        panic!("{:?}", op.responses)
    };
    assert_eq!(
        body.xml_root
            .as_ref()
            .map(|x| (x.name.as_str(), x.namespace.as_deref())),
        Some((
            "Gadget",
            Some("http://schemas.datacontract.org/2004/07/Gadgets")
        ))
    );
    let cut = diags(&api, "sample is cut off (it stops");
    assert_eq!(cut.len(), 1, "{:#?}", api.diagnostics);
    assert_eq!(
        cut[0].to_string(),
        "gadget.txt:39: note: the `application/xml, text/xml` sample is cut off (it stops inside an unclosed element); its complete part is read (root `Gadget`, the elements closed before the cut, and the names of those it stops in), the text it stops in is not"
    );
}
