//! Issue 16: ASP.NET Help Page tables, headings and renderings, asserted fact by fact in every
//! rendering they apply to (HTML, blank-line text, pipe text, Markdown), from the fixtures in
//! `tests/fixtures/aspnet/tables/`.

use apiscrape_model::{Api, EnumMember, EnumRepr, Field, Primitive, Severity, TypeKind, TypeRef};
use apiscrape_parse::{parse_pages, DialectChoice, Page};
use std::path::PathBuf;

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aspnet/tables")
        .join(name)
}

fn fixture(name: &str) -> Page {
    Page::read(&fixture_path(name), name).unwrap()
}

fn parse(names: &[&str]) -> Api {
    parse_pages(
        names.iter().map(|n| fixture(n)).collect(),
        DialectChoice::Auto,
    )
}

fn prim(p: Primitive) -> TypeRef {
    TypeRef::primitive(p)
}

fn fields<'a>(api: &'a Api, name: &str) -> &'a [Field] {
    let t = api.type_named(name).unwrap_or_else(|| {
        panic!(
            "no type {name} in {:?}",
            api.types.keys().collect::<Vec<_>>()
        )
    });
    match &t.kind {
        TypeKind::Object { fields } => fields,
        k => panic!("{name} is {k:?}"),
    }
}

/// (name, type, required, description) of each field.
fn facts(fields: &[Field]) -> Vec<(String, TypeRef, bool, Option<String>)> {
    fields
        .iter()
        .map(|f| {
            (
                f.name.clone(),
                f.ty.clone(),
                f.required,
                f.description.clone(),
            )
        })
        .collect()
}

fn members(api: &Api, name: &str) -> (EnumRepr, Vec<EnumMember>) {
    match &api.type_named(name).unwrap().kind {
        TypeKind::Enum { repr, members, .. } => (*repr, members.clone()),
        k => panic!("{name} is {k:?}"),
    }
}

fn member(name: &str, value: &str, description: Option<&str>) -> EnumMember {
    EnumMember {
        name: name.into(),
        value: value.into(),
        description: description.map(str::to_string),
    }
}

fn errors(api: &Api) -> Vec<&str> {
    api.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.message.as_str())
        .collect()
}

// ---- 16.1: ResourceModel pages without their heading -------------------------------------

fn check_customer(api: &Api, source: &str) {
    assert!(errors(api).is_empty(), "{source}: {:#?}", api.diagnostics);
    let names: Vec<_> = api.types.values().map(|t| t.name.as_str()).collect();
    // The model is named from the URL; the header is never a type.
    assert_eq!(names, ["Customer", "CustomerStatus"], "{source}");
    let t = api.type_named("Customer").unwrap();
    assert_eq!(
        t.description, None,
        "{source}: the table is not a description"
    );
    let f = fields(api, "Customer");
    assert_eq!(
        facts(f),
        [
            (
                "Id".into(),
                prim(Primitive::Integer),
                true,
                Some("The customer number.".into())
            ),
            (
                "Name".into(),
                TypeRef::string(),
                true,
                Some("Display name.".into())
            ),
            ("Since".into(), prim(Primitive::DateTime), false, None),
            (
                "Status".into(),
                TypeRef::named("CustomerStatus"),
                false,
                None
            ),
            (
                "Tags".into(),
                TypeRef::array(TypeRef::string()),
                false,
                None
            ),
        ],
        "{source}"
    );
    assert_eq!(f[1].constraints.min_length, Some(1), "{source}");
    assert_eq!(f[1].constraints.max_length, Some(100), "{source}");
    assert!(
        api.diagnostics
            .iter()
            .any(|d| d.message.contains("named `Customer` after the page URL")),
        "{source}: the naming is reported"
    );
}

#[test]
fn untitled_complex_model_is_named_from_the_url_in_every_rendering() {
    for f in [
        "model-customer.reader.html",
        "model-customer.blank.txt",
        "model-customer.pipe.txt",
    ] {
        check_customer(&parse(&[f]), f);
    }
}

#[test]
fn untitled_enum_is_named_from_the_url_in_every_rendering() {
    for f in [
        "model-customerstatus.reader.html",
        "model-customerstatus.blank.txt",
        "model-customerstatus.pipe.txt",
    ] {
        let api = parse(&[f]);
        assert!(errors(&api).is_empty(), "{f}: {:#?}", api.diagnostics);
        assert_eq!(api.types.len(), 1, "{f}");
        let t = api.type_named("CustomerStatus").unwrap();
        assert_eq!(t.description, None, "{f}");
        assert_eq!(
            members(&api, "CustomerStatus"),
            (
                EnumRepr::Integer,
                vec![
                    member("Active", "0", Some("A paying customer.")),
                    member("Dormant", "1", Some("No order for a year.")),
                    member("Closed", "2", None),
                ]
            ),
            "{f}"
        );
    }
}

#[test]
fn untitled_pages_of_one_site_resolve_each_other() {
    let api = parse(&["model-customer.blank.txt", "model-customerstatus.pipe.txt"]);
    assert!(errors(&api).is_empty(), "{:#?}", api.diagnostics);
    assert!(!api
        .diagnostics
        .iter()
        .any(|d| d.message.contains("no page describes it")));
    assert_eq!(members(&api, "CustomerStatus").1.len(), 3);
}

#[test]
fn a_summary_line_in_place_of_the_title_becomes_the_description() {
    let api = parse(&["model-address.blank.txt"]);
    assert!(errors(&api).is_empty(), "{:#?}", api.diagnostics);
    let t = api.type_named("Address").unwrap();
    assert_eq!(
        t.description.as_deref(),
        Some("A postal address of a customer.")
    );
    assert_eq!(
        facts(fields(&api, "Address")),
        [
            ("Street".into(), TypeRef::string(), true, None),
            (
                "Zip".into(),
                TypeRef::string(),
                false,
                Some("Postal code.".into())
            ),
        ]
    );
}

#[test]
fn the_fetch_manifest_names_an_untitled_page() {
    let dir = std::env::temp_dir().join(format!("apiscrape-untitled-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(fixture_path("model-customerstatus.pipe.txt")).unwrap();
    // Without its `# source:` line the page names nothing itself.
    let body: String = text.lines().skip(1).map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.join("rm.1.txt"), body).unwrap();
    std::fs::write(
        dir.join("fetch-manifest.json"),
        r#"{"version":1,"pages":[{"url":"https://x.test/help/resourcemodel?modelName=Customer%20Status%2EV2","file":"rm.1.txt","sha256":"","fetched_at":""}]}"#,
    )
    .unwrap();
    let files = apiscrape_parse::list_inputs(std::slice::from_ref(&dir)).unwrap();
    let api = apiscrape_parse::parse_files(&files, DialectChoice::Auto);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(errors(&api).is_empty(), "{:#?}", api.diagnostics);
    assert_eq!(members(&api, "Customer Status.V2").1.len(), 3);
}

#[test]
fn an_untitled_page_without_url_is_an_error_naming_the_file() {
    let api = parse(&["model-untitled.blank.txt"]);
    assert!(api.types.is_empty(), "{:?}", api.types.keys());
    let e = api
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
        .expect("an error");
    assert!(
        e.message.contains("without its model's name"),
        "{}",
        e.message
    );
    assert_eq!(
        e.location.as_ref().map(|l| l.source.as_str()),
        Some("model-untitled.blank.txt")
    );
}

// ---- 16.2: enum tables with a column missing ---------------------------------------------

fn warning_with(api: &Api, needle: &str) -> bool {
    api.diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning && d.message.contains(needle))
}

#[test]
fn enum_without_value_column_keeps_its_members_in_every_rendering() {
    for f in [
        "model-priority.html",
        "model-priority.blank.txt",
        "model-priority.pipe.txt",
    ] {
        let api = parse(&[f]);
        assert!(errors(&api).is_empty(), "{f}: {:#?}", api.diagnostics);
        let t = api.type_named("Priority").unwrap();
        assert_eq!(
            t.description.as_deref(),
            Some("How urgent a ticket is."),
            "{f}"
        );
        assert_eq!(
            members(&api, "Priority"),
            (
                EnumRepr::String,
                vec![
                    member("Low", "Low", Some("Can wait.")),
                    member("Normal", "Normal", None),
                    member("High", "High", Some("Do it now.")),
                ]
            ),
            "{f}"
        );
        assert!(warning_with(&api, "enum `Priority` lists no values"), "{f}");
        assert!(!warning_with(&api, "shows no properties"), "{f}");
    }
}

#[test]
fn enum_without_name_column_names_members_by_value_in_every_rendering() {
    for f in [
        "model-level.html",
        "model-level.blank.txt",
        "model-level.pipe.txt",
    ] {
        let api = parse(&[f]);
        assert!(errors(&api).is_empty(), "{f}: {:#?}", api.diagnostics);
        assert_eq!(
            members(&api, "Level"),
            (
                EnumRepr::Integer,
                vec![
                    member("0", "0", Some("Nothing at all.")),
                    member("1", "1", None),
                    member("2", "2", Some("Everything.")),
                ]
            ),
            "{f}"
        );
        assert!(
            warning_with(&api, "enum `Level` shows values without names"),
            "{f}"
        );
    }
}
