//! Field and parameter names are Unicode identifiers (issue 11.8): `Größe`, `Código`, `Ñandú`,
//! `Ñ`, `数量`, `Όνομα` are read as names in renderings A, B and saved HTML, and each keeps its
//! own facts (the ASCII-only grammar dropped them and gave their facts to the field before).

mod support;

use apiscrape_model::{Api, Field, Primitive, Severity, TypeRef};
use apiscrape_parse::{parse_pages, DialectChoice, Page};
use support::rambase_fixture;

fn field<'a>(api: &'a Api, ty: &str, name: &str) -> &'a Field {
    api.type_named(ty)
        .unwrap_or_else(|| panic!("type {ty} in {:?}", api.types.keys()))
        .field(name)
        .unwrap_or_else(|| panic!("field {ty}.{name}"))
}

#[test]
fn unicode_names_keep_their_own_facts_in_every_rendering() {
    for file in [
        "post-unicode-names.a.txt",
        "post-unicode-names.b.txt",
        "post-unicode-names.html",
    ] {
        let api = rambase_fixture(file);
        let warnings: Vec<_> = api
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| d.to_string())
            .collect();
        assert_eq!(warnings, Vec::<String>::new(), "{file}");
        let op = &api.operations[0];
        let body = op.request_body.as_ref().expect(file);
        assert_eq!(body.ty, TypeRef::named("Artikel"), "{file}");
        assert_eq!(body.json_wrapper.as_deref(), Some("artikel"), "{file}");

        let names: Vec<_> = api
            .type_named("Artikel")
            .unwrap()
            .fields()
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, ["Größe", "Código", "Ñandú", "Όνομα"], "{file}");

        let size = field(&api, "Artikel", "Größe");
        assert_eq!(size.json_key(), "größe", "{file}");
        assert_eq!(size.ty, TypeRef::primitive(Primitive::Decimal), "{file}");
        assert!(size.required, "{file}");
        assert_eq!(
            size.description.as_deref(),
            Some("Size of the article in cm"),
            "{file}"
        );
        assert_eq!(
            size.constraints.minimum.as_ref().unwrap().value.0,
            "1",
            "{file}"
        );

        let code = field(&api, "Artikel", "Código");
        assert_eq!(code.json_key(), "código", "{file}");
        assert_eq!(code.ty, TypeRef::string(), "{file}");
        assert!(!code.required, "{file}");
        assert_eq!(
            code.description.as_deref(),
            Some("Código del artículo"),
            "{file}"
        );
        assert_eq!(
            code.constraints.pattern.as_deref(),
            Some("^[A-Z]{2}[0-9]+$"),
            "{file}"
        );

        let bird = field(&api, "Artikel", "Ñandú");
        assert_eq!(bird.json_key(), "ñandú", "{file}");
        assert_eq!(bird.ty, TypeRef::named("Ñandú"), "{file}");
        assert_eq!(
            bird.description.as_deref(),
            Some("Bird of the article"),
            "{file}"
        );

        let letter = field(&api, "Ñandú", "Ñ");
        assert_eq!(letter.json_key(), "ñ", "{file}");
        assert_eq!(letter.ty, TypeRef::string(), "{file}");
        assert_eq!(
            letter.description.as_deref(),
            Some("Single letter"),
            "{file}"
        );
        assert!(letter.constraints.is_empty(), "{file}");

        let qty = field(&api, "Ñandú", "数量");
        assert_eq!(qty.json_key(), "数量", "{file}");
        assert_eq!(qty.ty, TypeRef::primitive(Primitive::Int32), "{file}");
        assert_eq!(
            qty.description.as_deref(),
            Some("Quantity (Japanese)"),
            "{file}"
        );
        assert_eq!(
            qty.constraints.minimum.as_ref().unwrap().value.0,
            "0",
            "{file}"
        );

        let name = field(&api, "Artikel", "Όνομα");
        assert_eq!(name.json_key(), "όνομα", "{file}");
        assert_eq!(name.description.as_deref(), Some("Name (Greek)"), "{file}");

        // The query row with a non-ASCII name is a parameter of its own.
        let q: Vec<_> = op.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(q, ["$access_token", "$db", "Größe"], "{file}");
        let p = op.parameter("Größe").unwrap();
        assert_eq!(p.ty, TypeRef::primitive(Primitive::Int32), "{file}");
        assert_eq!(
            p.description.as_deref(),
            Some("Filter on size in cm"),
            "{file}"
        );
    }
}

#[test]
fn names_in_several_scripts_are_read_in_rendering_a() {
    // Latin with diacritics, Cyrillic, Greek, Arabic, Devanagari (combining marks), Han,
    // Hangul, and an underscore start: each name keeps its description.
    let names = [
        "Ärger",
        "Имя",
        "Όνομα",
        "اسم",
        "हिन्दी",
        "数量",
        "수량",
        "_Größe2",
    ];
    let head = "Sales APIs\nCreates a thing\nHTTP method | POST |\nURI | https://api.rambase.net/sales/things |\nSupported formats | Xml, Html, Json (ex. $format=json) |\nSuccessful HTTP status code | 201 |\nAPI resource identifier | 1, version 1 |\nThe following body must be added to the request. Mouse over fieldnames for description and other useful information about the fields. Note that fields in bold are required/mandatory.\n";
    let mut xml = String::from("Thing\nThis field is optional.\n>");
    let mut json = String::from("Thing\nThis field is optional.\n\": {");
    for (i, n) in names.iter().enumerate() {
        let last = i + 1 == names.len();
        xml.push_str(&format!(
            "{n}\nAbout {i}\nThis field is optional.\n>{{String}}</{n}>"
        ));
        json.push_str(&format!(
            "{n}\nAbout {i}\nThis field is optional.\n\": \"{{String}}\"{}",
            if last { "" } else { "," }
        ));
    }
    let query = "The query string is placed after the resource URL, seperated with a questionmark (?).\n$db String, optional | Set the database/company for the request |\n";
    let api = parse_pages(
        vec![Page::new("t.txt", format!("{head}{xml}{json}{query}"))],
        DialectChoice::Auto,
    );
    let warnings: Vec<_> = api
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(warnings, Vec::<String>::new());
    let fields = api.type_named("Thing").unwrap().fields();
    let got: Vec<_> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(got, names);
    for (i, f) in fields.iter().enumerate() {
        assert_eq!(
            f.description.as_deref(),
            Some(format!("About {i}").as_str()),
            "{}",
            f.name
        );
    }
}
