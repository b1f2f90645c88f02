//! The ASP.NET seed page (a text capture of a Caliber API page) read into the exact model.

mod support;

use apiscrape_model::{
    Api, EnumMember, EnumRepr, Method, ParamLocation, Primitive, ResponseContent, Severity,
    TypeKind, TypeRef, XmlName,
};
use apiscrape_parse::{aspnet::AspNet, parse_pages, Dialect, DialectChoice, Page};
use apiscrape_test_support::{workspace_root, Seed};
use support::prim;

const SEED: &str = "002_b021f0c3a362c962.txt";

/// The seed page, named by its file name alone.
fn seed_page() -> Page {
    let path = workspace_root().join(Seed::Caliber.page());
    Page::read(&path, SEED).expect("seed page is in input-docs/caliber")
}

fn seed_api() -> Api {
    parse_pages(vec![seed_page()], DialectChoice::Auto)
}

#[test]
fn seed_is_detected_as_aspnet_and_never_as_rambase() {
    let page = seed_page();
    assert!(AspNet.detect(&page) >= 90);
    let api = seed_api();
    assert_eq!(api.dialect.as_deref(), Some("aspnet"));
    // The title comes from the data-contract namespace of the samples.
    assert_eq!(api.title, "Caliber API");
    assert!(
        api.base_urls.is_empty(),
        "a text page without URL gives no base URL"
    );
}

#[test]
fn seed_operation_method_path_and_path_parameter() {
    let api = seed_api();
    assert_eq!(api.operations.len(), 1);
    let op = api
        .operation(
            Method::Patch,
            "/api/v2/clientcontact/{clientContactId}/phone",
        )
        .expect("operation from the title line");
    assert_eq!(op.group.as_deref(), Some("clientcontact"));
    assert_eq!(op.summary, None);
    assert_eq!(op.parameters.len(), 1);
    let p = &op.parameters[0];
    assert_eq!(p.name, "clientContactId");
    assert_eq!(p.location, ParamLocation::Path);
    assert_eq!(p.ty, prim(Primitive::Integer));
    assert!(p.required);
    assert!(p.constraints.is_empty());
    assert_eq!(p.expansion, None);
    assert_eq!(op.provenance[0].source, SEED);
    assert_eq!(op.provenance[0].line, Some(1));
}

#[test]
fn seed_body_is_phone_with_sixteen_fields_in_page_order() {
    let api = seed_api();
    let op = &api.operations[0];
    let body = op.request_body.as_ref().unwrap();
    assert_eq!(body.ty, TypeRef::named("Phone"));
    assert!(body.required, "a documented body parameter is sent");
    assert_eq!(body.description, None);
    let phone = api.type_named("Phone").unwrap();
    let expected: [(&str, TypeRef); 16] = [
        ("PhoneID", prim(Primitive::Integer)),
        ("RefType", TypeRef::named("ObjectTypes")),
        ("RefID", prim(Primitive::Integer)),
        ("PhoneType", prim(Primitive::Integer)),
        ("PhoneTypeName", prim(Primitive::String)),
        ("AreaCode", prim(Primitive::String)),
        ("Number", prim(Primitive::String)),
        ("Extension", prim(Primitive::String)),
        ("IsPrimary", prim(Primitive::Boolean)),
        ("IsSecondary", prim(Primitive::Boolean)),
        ("NameOption", TypeRef::named("NameOptions")),
        ("IsDeleted", prim(Primitive::Boolean)),
        ("DateCreated", prim(Primitive::DateTime)),
        ("CreatedBy", prim(Primitive::Integer)),
        ("LastModified", prim(Primitive::DateTime)),
        ("ModifiedBy", prim(Primitive::Integer)),
    ];
    let got: Vec<(&str, &TypeRef)> = phone
        .fields()
        .iter()
        .map(|f| (f.name.as_str(), &f.ty))
        .collect();
    let want: Vec<(&str, &TypeRef)> = expected.iter().map(|(n, t)| (*n, t)).collect();
    assert_eq!(got, want);
    for f in phone.fields() {
        assert!(!f.required, "{} has no annotation", f.name);
        assert!(f.constraints.is_empty());
        assert_eq!(f.json_name, None, "JSON keys equal the table names");
        assert_eq!(f.description, None);
    }
    assert_eq!(phone.provenance[0].line, Some(16));
}

#[test]
fn seed_enums_are_inferred_from_samples_and_marked_incomplete() {
    let api = seed_api();
    for (name, member) in [("ObjectTypes", "Division"), ("NameOptions", "Contact1")] {
        let t = api.type_named(name).unwrap();
        assert_eq!(
            t.kind,
            TypeKind::Enum {
                repr: EnumRepr::Integer,
                members: vec![EnumMember {
                    name: member.into(),
                    value: "0".into(),
                    description: None
                }],
                complete: false
            },
            "{name}"
        );
        let d = api
            .diagnostics
            .iter()
            .find(|d| d.message.contains(&format!("enum `{name}`")))
            .expect("diagnostic for the inferred enum");
        assert_eq!(d.severity, Severity::Warning);
        assert!(d.message.contains(&format!("{member} = 0")));
        assert!(d.message.contains("incomplete"));
        assert_eq!(d.location.as_ref().unwrap().source, SEED);
    }
    // Besides a note that the framework's `HttpResponseMessage` rows are not kept, nothing
    // else is reported, and no placeholder is left.
    let others: Vec<&str> = api
        .diagnostics
        .iter()
        .filter(|d| !d.message.starts_with("enum `"))
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        others,
        ["the `HttpResponseMessage` table (`Version`, `Content`, `StatusCode`, `ReasonPhrase`, `Headers`, `RequestMessage`, `IsSuccessStatusCode`) describes the framework's response object, not the body; its rows are not kept"]
    );
    assert_eq!(api.diagnostics.len(), 3, "{:#?}", api.diagnostics);
    assert_eq!(api.types.len(), 3);
}

#[test]
fn seed_request_media_types_examples_and_failed_sample() {
    let api = seed_api();
    let body = api.operations[0].request_body.as_ref().unwrap();
    let names: Vec<&str> = body.media_types.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "application/json",
            "text/json",
            "application/xml",
            "text/xml",
            "application/x-www-form-urlencoded"
        ]
    );
    let json = body.media_types[0].example.as_ref().unwrap();
    assert!(json.synthetic);
    assert!(json
        .value
        .starts_with("{\n  \"PhoneID\": 1,\n  \"RefType\": 0,"));
    assert!(json.value.ends_with("  \"ModifiedBy\": 1\n}"));
    assert_eq!(body.media_types[1].example, body.media_types[0].example);
    let xml = body.media_types[2].example.as_ref().unwrap();
    assert!(xml.synthetic);
    assert!(xml.value.starts_with("<Phone xmlns:i="));
    assert!(xml
        .value
        .ends_with("  <RefType>Division</RefType>\n</Phone>"));
    let form = &body.media_types[4];
    assert_eq!(form.example, None);
    assert_eq!(
        form.note.as_deref(),
        Some("Failed to generate the sample for media type 'application/x-www-form-urlencoded'. Cannot use formatter 'JQueryMvcFormUrlEncodedFormatter' to write type 'Phone'.")
    );
    let root = XmlName {
        name: "Phone".into(),
        namespace: Some("http://schemas.datacontract.org/2004/07/CaliberAPI".into()),
    };
    assert_eq!(body.xml_root.as_ref(), Some(&root));
    assert_eq!(api.type_named("Phone").unwrap().xml.as_ref(), Some(&root));
}

#[test]
fn seed_response_is_200_with_undocumented_body() {
    let api = seed_api();
    let op = &api.operations[0];
    assert_eq!(op.responses.len(), 1);
    assert_eq!(op.responses[0].status, 200);
    assert_eq!(
        op.responses[0].content,
        ResponseContent::Undocumented {
            reason: "HttpResponseMessage".into()
        }
    );
    // HttpResponseMessage's own table is framework noise, not a model.
    for noise in [
        "HttpResponseMessage",
        "Version",
        "HttpContent",
        "HttpStatusCode",
        "HttpRequestMessage",
    ] {
        assert!(api.type_named(noise).is_none(), "{noise}");
    }
}

#[test]
fn seed_with_crlf_line_endings_and_bom_gives_the_same_model() {
    let page = seed_page();
    let crlf = Page::new(SEED, format!("\u{feff}{}", page.text.replace('\n', "\r\n")));
    assert_eq!(parse_pages(vec![crlf], DialectChoice::Auto), seed_api());
}
