//! The real RamBase seed page (rendering A), asserted fact by fact.

mod support;

use apiscrape_model::{
    Api, AuthKind, Bound, Method, Number, ParamLocation, Primitive, ResponseContent, Severity,
    TypeRef,
};
use support::rambase_page;

/// The seed page alone, named `rambase/000_13e24b9fa5804726.txt`.
fn seed() -> Api {
    rambase_page("000_13e24b9fa5804726.txt")
}

fn min(n: &str) -> Option<Bound> {
    Some(Bound::inclusive(Number(n.to_string())))
}

#[test]
fn seed_is_detected_as_rambase_and_reads_without_diagnostics() {
    let api = seed();
    assert_eq!(api.dialect.as_deref(), Some("rambase"));
    assert_eq!(api.title, "RamBase API");
    assert!(api.diagnostics.is_empty(), "{:#?}", api.diagnostics);
    assert_eq!(api.base_urls, ["https://api.rambase.net"]);
    assert_eq!(api.groups.len(), 1);
    assert_eq!(api.groups[0].name, "Collaboration");
    assert_eq!(api.operations.len(), 1);
}

#[test]
fn seed_operation_header_facts() {
    let api = seed();
    let op = api
        .operation(
            Method::Put,
            "/collaboration/contacts/{contactId}/phones/{phoneId}",
        )
        .expect("PUT operation");
    assert_eq!(op.group.as_deref(), Some("Collaboration"));
    assert_eq!(op.summary.as_deref(), Some("Updates provided phone number"));
    assert!(!op.api_operation);
    assert!(!op.custom_fields);
    assert_eq!(op.paging, None);
    let rid = op.resource_id.expect("resource id");
    assert_eq!((rid.id, rid.version), (3455, 4));
    let formats: Vec<_> = op
        .formats
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.media_type.as_str(),
                f.query_value.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        formats,
        [
            ("Xml", "application/xml", Some("xml")),
            ("Html", "text/html", Some("html")),
            ("Json", "application/json", Some("json")),
        ]
    );
    assert_eq!(op.provenance.len(), 1);
    assert_eq!(op.provenance[0].source, "rambase/000_13e24b9fa5804726.txt");
    assert_eq!(op.provenance[0].line, Some(1));
}

#[test]
fn seed_uri_parameters() {
    let api = seed();
    let op = &api.operations[0];
    let contact = op.parameter("contactId").expect("contactId");
    assert_eq!(contact.location, ParamLocation::Path);
    assert!(contact.required);
    assert_eq!(contact.ty, TypeRef::primitive(Primitive::Int32));
    assert_eq!(contact.description.as_deref(), Some("Contact identifier"));
    assert_eq!(contact.constraints.minimum, min("100000"));
    assert_eq!(contact.constraints.maximum, None);
    let phone = op.parameter("phoneId").expect("phoneId");
    assert_eq!(phone.location, ParamLocation::Path);
    assert!(phone.required);
    assert_eq!(phone.ty, TypeRef::primitive(Primitive::Int32));
    assert_eq!(phone.description.as_deref(), Some("Phone identifier"));
    assert_eq!(phone.constraints.minimum, min("1"));
}

#[test]
fn seed_query_parameters_and_auth() {
    let api = seed();
    let op = &api.operations[0];
    let names: Vec<_> = op.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "contactId",
            "phoneId",
            "$access_token",
            "$db",
            "$useMinimumVersion"
        ]
    );
    for (name, prim) in [
        ("$access_token", Primitive::String),
        ("$db", Primitive::String),
        ("$useMinimumVersion", Primitive::Int32),
    ] {
        let p = op.parameter(name).unwrap();
        assert_eq!(p.location, ParamLocation::Query, "{name}");
        assert_eq!(p.ty, TypeRef::primitive(prim), "{name}");
        assert!(!p.required, "{name}");
    }
    assert_eq!(
        op.parameter("$db").unwrap().description.as_deref(),
        Some("Set the database/company for the request")
    );
    let token_doc = "After successful login you get an access token which needs to be provided in all API requests. Even though it is possible to pass this token as query parameter, we recommended passing it using the HTTP request header as described in Authorization. Note that all access tokens have an expiration time.";
    assert_eq!(
        op.parameter("$access_token")
            .unwrap()
            .description
            .as_deref(),
        Some(token_doc)
    );
    assert_eq!(api.auth.len(), 1);
    assert_eq!(api.auth[0].id, "access_token");
    assert_eq!(
        api.auth[0].kind,
        AuthKind::BearerToken {
            query_parameter: Some("$access_token".into())
        }
    );
    assert_eq!(api.auth[0].description.as_deref(), Some(token_doc));
}

#[test]
fn seed_request_body() {
    let api = seed();
    let op = &api.operations[0];
    let body = op.request_body.as_ref().expect("body");
    assert_eq!(body.ty, TypeRef::named("Phone"));
    assert!(!body.required, "root Phone is optional");
    assert_eq!(body.json_wrapper.as_deref(), Some("phone"));
    assert_eq!(body.xml_root.as_ref().unwrap().name, "Phone");
    let media: Vec<_> = body.media_types.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(media, ["application/xml", "application/json"]);
    let phone = api.type_named("Phone").expect("type Phone");
    assert_eq!(phone.xml.as_ref().unwrap().name, "Phone");
    let fields: Vec<_> = phone
        .fields()
        .iter()
        .map(|f| (f.name.as_str(), f.json_key(), f.ty.clone(), f.required))
        .collect();
    assert_eq!(
        fields,
        [
            ("Type", "type", TypeRef::string(), false),
            (
                "IsDefault",
                "isDefault",
                TypeRef::primitive(Primitive::Boolean),
                false
            ),
            ("PhoneNumber", "phoneNumber", TypeRef::string(), false),
        ]
    );
    let ty = phone.field("Type").unwrap();
    assert_eq!(ty.description.as_deref(), Some("Type of phone"));
    assert!(ty.constraints.domain_values);
    assert_eq!(ty.constraints.pattern, None);
    let d = phone.field("IsDefault").unwrap();
    assert_eq!(
        d.description.as_deref(),
        Some("True if this is the default communication type")
    );
    assert!(d.constraints.is_empty());
    let n = phone.field("PhoneNumber").unwrap();
    assert_eq!(n.description.as_deref(), Some("The phone number"));
    assert_eq!(
        n.constraints.pattern.as_deref(),
        Some(r"^([0-9\(\)\s\.\+\-])*$")
    );
    assert!(!n.constraints.domain_values);
    assert_eq!(api.types.len(), 1);
}

#[test]
fn seed_responses_and_error_codes() {
    let api = seed();
    let op = &api.operations[0];
    let statuses: Vec<_> = op.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 400, 404]);
    // The page shows the response section with no fields.
    assert_eq!(op.response(200).unwrap().content, ResponseContent::Empty);
    let errors: Vec<_> = op
        .error_codes
        .iter()
        .map(|e| (e.code.as_str(), e.status, e.message.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                "105991",
                400,
                "Event is not of the same type as event set on the automated flow"
            ),
            ("101015", 404, "Permission not found"),
            ("101420", 404, "Setting definition not found"),
        ]
    );
    assert_eq!(
        op.response(404).unwrap().description.as_deref(),
        Some("Error 101015: Permission not found\nError 101420: Setting definition not found")
    );
    assert!(matches!(
        op.response(400).unwrap().content,
        ResponseContent::Undocumented { .. }
    ));
    assert!(!api
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning));
}
