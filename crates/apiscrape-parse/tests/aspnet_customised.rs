//! Sites that edited the Help Page templates, and text renderings with their quirks
//! (`tests/fixtures/aspnet/{customised,quirks,complete-enum,case}`), plus detection limits.

mod support;

use apiscrape_model::{
    Api, Bound, EnumMember, EnumRepr, Method, Number, ParamLocation, Primitive, ResponseContent,
    Severity, TypeKind, TypeRef,
};
use apiscrape_parse::{aspnet::AspNet, parse_pages, Dialect, DialectChoice, Page};
use std::path::PathBuf;
use support::{aspnet_fixture as fixture, json_keys, params, prim};

fn parse(rels: &[&str]) -> Api {
    parse_pages(
        rels.iter().map(|r| fixture(r)).collect(),
        DialectChoice::Auto,
    )
}

fn seed() -> Page {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../input-docs/caliber/002_b021f0c3a362c962.txt");
    Page::read(&path, "002_b021f0c3a362c962.txt").unwrap()
}

fn bound(s: &str) -> Option<Bound> {
    Some(Bound::inclusive(Number::parse(s).unwrap()))
}

fn diag_at<'a>(api: &'a Api, needle: &str) -> &'a apiscrape_model::Diagnostic {
    api.diagnostics
        .iter()
        .find(|d| d.message.contains(needle))
        .unwrap_or_else(|| panic!("no diagnostic `{needle}` in {:#?}", api.diagnostics))
}

/// The facts both renderings of the customised order page share.
fn check_order_page(api: &Api, source: &str) {
    assert_eq!(api.title, "Fabrikam API");
    assert_eq!(api.base_urls, ["https://shop.fabrikam.example/kapi"]);
    let op = api.operation(Method::Put, "/api/orders/{id}").unwrap();
    assert_eq!(op.summary.as_deref(), Some("Updates an order."));
    assert!(op
        .description
        .as_deref()
        .unwrap()
        .starts_with("Updates an order.\nOnly open orders can be changed."));
    let ps = params(op);
    assert_eq!(
        ps,
        [
            (
                "id",
                ParamLocation::Path,
                prim(Primitive::Int32),
                true,
                None
            ),
            (
                "notify",
                ParamLocation::Query,
                prim(Primitive::Boolean),
                false,
                // `Default value is Null` documents no default (issue 16.12).
                None
            ),
            (
                "api-version",
                ParamLocation::Query,
                prim(Primitive::String),
                false,
                Some("1.0")
            ),
        ]
    );
    // A description that starts with `Required:` is prose, not an annotation.
    assert_eq!(
        op.parameters[0].description.as_deref(),
        Some("Required: the order number.")
    );
    let body = op.request_body.as_ref().unwrap();
    assert_eq!(body.ty, TypeRef::named("OrderDto"));
    assert_eq!(body.description.as_deref(), Some("The order."));
    let names: Vec<_> = body.media_types.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "application/json",
            "text/json",
            "text/html",
            "application/hal+json",
            "application/xml",
            "text/xml"
        ]
    );
    assert_eq!(
        body.media_types[2].example.as_ref().unwrap().value,
        r#"{"orderId":42,"lines":[],"status":0,"pageSize":100,"comment":"sample string 3"}"#
    );
    assert_eq!(
        body.xml_root.as_ref().unwrap().namespace.as_deref(),
        Some("http://schemas.datacontract.org/2004/07/Fabrikam.Shop.Api.Models")
    );
    let t = api.type_named("OrderDto").unwrap();
    let id = t.field("OrderId").unwrap();
    assert_eq!(id.ty, prim(Primitive::Int64));
    assert_eq!(id.constraints.notes, ["Primary key field"]);
    assert_eq!(
        id.example.as_ref().map(|e| (e.value.as_str(), e.synthetic)),
        Some(("42", false))
    );
    assert_eq!(id.json_name.as_deref(), Some("orderId"));
    let lines = t.field("Lines").unwrap();
    assert_eq!(lines.ty, TypeRef::array(TypeRef::named("OrderLine")));
    assert!(lines.required && lines.constraints.unique_items);
    let size = t.field("PageSize").unwrap();
    assert_eq!(
        (
            size.constraints.default.as_deref(),
            size.constraints.maximum.clone()
        ),
        (Some("100"), bound("500"))
    );
    let comment = t.field("Comment").unwrap();
    assert_eq!(
        comment.description.as_deref(),
        Some("Free text.\nShown to the customer.")
    );
    assert_eq!(comment.constraints.max_length, Some(500));
    // A decimal comma is not a number: kept verbatim, with a warning.
    assert_eq!(
        comment.constraints.notes,
        ["Range: inclusive between 0,5 and 1,5"]
    );
    assert_eq!(comment.constraints.minimum, None);
    let d = diag_at(api, "annotation `Primary key field` of `OrderId`");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.location.as_ref().unwrap().source, source);
    assert_eq!(
        op.response(200).unwrap().content,
        ResponseContent::Undocumented {
            reason: "IHttpActionResult".into()
        }
    );
}

#[test]
fn customised_html_page_swedish_headers_site_layout_and_extra_sections() {
    let api = parse(&["customised/put-api-orders-id.html"]);
    check_order_page(&api, "customised/put-api-orders-id.html");
    let op = &api.operations[0];
    // Site-added sections: statuses become responses, prose goes to the description.
    let statuses: Vec<_> = op
        .responses
        .iter()
        .map(|r| (r.status, r.description.as_deref()))
        .collect();
    assert_eq!(
        statuses,
        [
            (200, Some("OK: the order was updated.")),
            (404, Some("Not Found: there is no order with this number.")),
            (409, Some("Conflict: the order is already shipped."))
        ]
    );
    let desc = op.description.as_deref().unwrap();
    assert!(desc.contains("\n\nAuthentication\nSend a bearer token in the Authorization header."));
    assert!(desc.ends_with("\n\nRemarks\nChanges are audited."));
    assert_eq!(diag_at(&api, "section `Remarks`").severity, Severity::Note);
    assert_eq!(
        diag_at(&api, "annotation `Primary key field`")
            .location
            .as_ref()
            .unwrap()
            .line,
        Some(75)
    );
    // Navigation and footer are page chrome, not documentation.
    let json = serde_json::to_string(&api).unwrap();
    assert!(!json.contains("My ASP.NET Application") && !json.contains("Start"));
}

#[test]
fn customised_page_blank_text_rendering_with_localised_headers() {
    let api = parse(&["customised/put-api-orders-id.blank.txt"]);
    check_order_page(&api, "customised/put-api-orders-id.blank.txt");
    let d = diag_at(&api, "annotation `Primary key field` of `OrderId`");
    assert_eq!(d.location.as_ref().unwrap().line, Some(40));
    // The same type as the HTML page gives.
    let html = parse(&["customised/put-api-orders-id.html"]);
    assert_eq!(
        api.type_named("OrderDto").unwrap().kind,
        html.type_named("OrderDto").unwrap().kind
    );
}

#[test]
fn enum_without_value_column_and_custom_intro() {
    let api = parse(&["customised/resourcemodel-orderstatus.html"]);
    let t = api.type_named("OrderStatus").unwrap();
    assert_eq!(
        t.description.as_deref(),
        Some("Where an order is in its life.")
    );
    assert_eq!(
        t.kind,
        TypeKind::Enum {
            repr: EnumRepr::String,
            members: vec![
                EnumMember {
                    name: "Open".into(),
                    value: "Open".into(),
                    description: Some("Not yet shipped.".into())
                },
                EnumMember {
                    name: "Shipped".into(),
                    value: "Shipped".into(),
                    description: None
                },
                EnumMember {
                    name: "Cancelled".into(),
                    value: "Cancelled".into(),
                    description: Some("Cancelled by the customer.".into())
                },
            ],
            complete: true
        }
    );
    assert_eq!(diag_at(&api, "lists no values").severity, Severity::Warning);
}

#[test]
fn markup_without_help_page_structure_falls_back_to_the_text_grammar() {
    let page = fixture("customised/resourcemodel-orderline.html");
    assert!(AspNet.detect(&page) > 0);
    let api = parse_pages(vec![page], DialectChoice::Auto);
    assert!(!api.has_errors(), "{:#?}", api.diagnostics);
    let t = api.type_named("OrderLine").unwrap();
    assert_eq!(t.description.as_deref(), Some("One line of an order."));
    let code = t.field("ProductCode").unwrap();
    assert!(code.required);
    assert_eq!(
        code.constraints.pattern.as_deref(),
        Some(r"^[A-Z]{3}-\d{4}$")
    );
    let q = t.field("Quantity").unwrap();
    assert_eq!(
        (q.constraints.minimum.clone(), q.constraints.maximum.clone()),
        (bound("1"), bound("999"))
    );
    assert_eq!(t.field("UnitPrice").unwrap().ty, prim(Primitive::Number));
    assert_eq!(t.fields().len(), 3);
}

#[test]
fn customised_site_resolves_types_across_pages() {
    let api = parse(&[
        "customised/put-api-orders-id.html",
        "customised/resourcemodel-orderstatus.html",
        "customised/resourcemodel-orderline.html",
    ]);
    assert_eq!(api.types.len(), 3);
    // The enum page wins over what samples suggest: no inference.
    assert!(matches!(
        api.type_named("OrderStatus").unwrap().kind,
        TypeKind::Enum { complete: true, .. }
    ));
    assert!(!api
        .diagnostics
        .iter()
        .any(|d| d.message.contains("inferred")));
    assert_eq!(api.type_named("OrderLine").unwrap().fields().len(), 3);
    // Without the enum page, the samples teach one member (XML `Open`, JSON `0`).
    let alone = parse(&["customised/put-api-orders-id.html"]);
    match &alone.type_named("OrderStatus").unwrap().kind {
        TypeKind::Enum {
            repr: EnumRepr::Integer,
            members,
            complete: false,
        } => {
            assert_eq!(
                (members[0].name.as_str(), members[0].value.as_str()),
                ("Open", "0")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn pipe_rendering_quirks_dropped_cell_glued_names_joined_annotations() {
    let api = parse(&["quirks/post-api-contacts.pipe.txt"]);
    assert_eq!(api.title, "Contoso API");
    let op = api.operation(Method::Post, "/api/contacts").unwrap();
    assert_eq!(
        op.request_body.as_ref().unwrap().ty,
        TypeRef::named("PatchContactsDto")
    );
    let t = api.type_named("PatchContactsDto").unwrap();
    let names = json_keys(t);
    assert_eq!(
        names,
        [
            ("FirstName", "firstName"),
            ("Email", "email"),
            ("Phone", "phone"),
            ("Password", "password"),
            ("Code", "code")
        ]
    );
    let first = t.field("FirstName").unwrap();
    assert!(first.required);
    assert_eq!(first.constraints.max_length, Some(50));
    assert_eq!(t.field("Phone").unwrap().description, None);
    let pw = t.field("Password").unwrap();
    assert_eq!(
        pw.description.as_deref(),
        Some("Required: at least six characters.")
    );
    assert!(pw.required);
    assert_eq!(pw.constraints.data_type.as_deref(), Some("Password"));
    assert_eq!(
        (pw.constraints.min_length, pw.constraints.max_length),
        (Some(6), Some(100))
    );
    let code = t.field("Code").unwrap();
    assert_eq!(code.constraints.pattern.as_deref(), Some("^(A|B)[0-9]{2}$"));
    assert_eq!(code.constraints.max_length, Some(3));
    // The row that lost its name cell is reported, and named by its place in the sample.
    let d = diag_at(&api, "a property row lost its name cell");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.location.as_ref().unwrap().line, Some(17));
    assert!(d.message.contains("The e-mail address used for notices."));
    let email = t.field("Email").unwrap();
    assert!(email.required);
    assert_eq!(email.constraints.data_type.as_deref(), Some("EmailAddress"));
    assert_eq!(
        email.description.as_deref(),
        Some("The e-mail address used for notices.")
    );
    let n = diag_at(&api, "that lost its name cell is `Email`");
    assert_eq!(n.severity, Severity::Note);
    assert_eq!(
        op.response(200).unwrap().content,
        ResponseContent::Undocumented {
            reason: "IHttpActionResult".into()
        }
    );
}

#[test]
fn an_enum_page_completes_an_enum_the_seed_only_samples() {
    let api = parse_pages(
        vec![
            seed(),
            fixture("complete-enum/ResourceModel_ObjectTypes.html"),
        ],
        DialectChoice::Auto,
    );
    let t = api.type_named("ObjectTypes").unwrap();
    assert_eq!(
        t.description.as_deref(),
        Some("Kinds of objects a phone number can belong to.")
    );
    match &t.kind {
        TypeKind::Enum {
            repr: EnumRepr::Integer,
            members,
            complete: true,
        } => {
            let m: Vec<_> = members
                .iter()
                .map(|m| (m.name.as_str(), m.value.as_str()))
                .collect();
            assert_eq!(
                m,
                [
                    ("Division", "0"),
                    ("ClientContact", "1"),
                    ("Employee", "-1")
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(!api
        .diagnostics
        .iter()
        .any(|d| d.message.contains("enum `ObjectTypes`")));
    assert!(api
        .diagnostics
        .iter()
        .any(|d| d.message.contains("enum `NameOptions`")));
}

#[test]
fn model_names_are_case_insensitive() {
    let api = parse(&["case/api-phones-bulk.txt", "case/resourcemodel-phone.html"]);
    assert_eq!(
        api.types.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["Phone"]
    );
    let op = api.operation(Method::Post, "/api/phones/bulk").unwrap();
    assert_eq!(
        op.request_body.as_ref().unwrap().ty,
        TypeRef::array(TypeRef::named("Phone"))
    );
    let t = api.type_named("Phone").unwrap();
    assert_eq!(t.description.as_deref(), Some("A phone number."));
    assert_eq!(t.provenance.len(), 2);
    assert_eq!(op.responses[0].status, 204);
}

#[test]
fn rambase_pages_are_never_ours() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../input-docs/rambase/000_13e24b9fa5804726.txt");
    let page = Page::read(&path, "rambase.txt").unwrap();
    // RamBase claims its pages; ASP.NET knows only its own markers.
    let score = |p: &Page| apiscrape_parse::dialect::score(&AspNet, p);
    assert_eq!(score(&page), 0);
    let text = Page::new("x.txt", "Collaboration APIs\nHTTP method | PUT |\nURI | https://api.rambase.net/x |\nRequest Information\n");
    assert_eq!(score(&text), 0);
    assert_eq!(AspNet.detect(&Page::new("y.txt", "Hello\nworld\n")), 0);
}

#[test]
fn the_2012_template_with_one_parameters_table() {
    let page = fixture("v1/post-api-values-id.html");
    assert!(AspNet.detect(&page) >= 85);
    let api = parse_pages(vec![page], DialectChoice::Auto);
    let op = api.operation(Method::Post, "/api/values/{id}").unwrap();
    assert_eq!(
        op.summary, None,
        "`No documentation available.` is no summary"
    );
    let ps: Vec<_> = op
        .parameters
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.location,
                p.ty.clone(),
                p.description.clone(),
            )
        })
        .collect();
    assert_eq!(ps, [("id", ParamLocation::Path, TypeRef::string(), None)]);
    assert!(op.parameters[0].constraints.is_empty());
    let body = op.request_body.as_ref().unwrap();
    assert_eq!(
        (body.ty.clone(), body.description.as_deref(), body.required),
        (TypeRef::Any, Some("The new value."), true)
    );
    assert_eq!(
        body.media_types[0].example.as_ref().unwrap().value,
        "\"sample string 1\""
    );
    let ResponseContent::Body { body } = &op.response(200).unwrap().content else {
        panic!()
    };
    assert_eq!(body.ty, TypeRef::Any);
    assert_eq!(
        body.media_types[0].note.as_deref(),
        Some("Sample not available.")
    );
    assert_eq!(
        diag_at(&api, "`id` has no type").severity,
        Severity::Warning
    );
}

#[test]
fn renamed_headings_and_a_camel_case_type_read_from_samples() {
    let api = parse(&["renamed/get-api-widgets-id.html"]);
    let op = api.operation(Method::Get, "/api/widgets/{id}").unwrap();
    let p = op.parameter("id").unwrap();
    assert_eq!(
        (p.location, p.ty.clone(), p.required),
        (ParamLocation::Path, prim(Primitive::Integer), true)
    );
    assert_eq!(op.request_body, None);
    let r = op.response(200).unwrap();
    assert_eq!(r.description.as_deref(), Some("The widget."));
    let ResponseContent::Body { body } = &r.content else {
        panic!("{:?}", r.content)
    };
    assert_eq!(body.ty, TypeRef::named("Widget"));
    assert_eq!(body.media_types.len(), 4);
    let widget = api.type_named("Widget").unwrap();
    let keys = json_keys(widget);
    assert_eq!(keys, [("Id", "id"), ("Owner", "owner")]);
    // Person has no page: its properties come from the samples, named as in XML, keyed as in JSON.
    let person = api.type_named("Person").unwrap();
    let fields: Vec<_> = person
        .fields()
        .iter()
        .map(|f| (f.name.as_str(), f.json_key(), f.ty.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            ("FirstName", "firstName", prim(Primitive::String)),
            ("Born", "born", prim(Primitive::DateTime)),
            ("Id", "id", prim(Primitive::Uuid)),
            ("Score", "score", prim(Primitive::Number)),
            ("Tags", "tags", TypeRef::array(TypeRef::string())),
        ]
    );
    assert!(diag_at(&api, "type `Person` has no ResourceModel page")
        .message
        .contains("GET /api/widgets/{id}"));
    assert!(!api
        .diagnostics
        .iter()
        .any(|d| d.message.contains("not part of the Help Page template")));
}

#[test]
fn a_row_without_name_and_without_sample_is_left_out() {
    let page = fixture("quirks/post-api-contacts.pipe.txt");
    let start = page.text.find("Request Formats").unwrap();
    let end = page.text.find("Response Information").unwrap();
    let text = format!("{}{}", &page.text[..start], &page.text[end..]);
    let api = parse_pages(vec![Page::new("no-samples.txt", text)], DialectChoice::Auto);
    let t = api.type_named("PatchContactsDto").unwrap();
    let names: Vec<_> = t.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["FirstName", "Phone", "Password", "Code"]);
    assert!(diag_at(&api, "that lost its name cell (description `The e-mail address used for notices.`) is left out: no sample shows its name").severity == Severity::Warning);
}

#[test]
fn a_site_title_h1_above_the_help_page_is_not_the_page_title() {
    let layout = |inner: &str| {
        format!(
            "<!DOCTYPE html><html><body><header><h1>Contoso Portal</h1></header><div id=\"body\" class=\"help-page\">{inner}</div></body></html>"
        )
    };
    let api = parse_pages(
        vec![Page::new(
            "api.html",
            layout("<h1>DELETE api/things/{id}</h1><div><p>Deletes a thing.</p><h2>Request Information</h2><h3>URI Parameters</h3><table class=\"help-page-table\"><tr><td class=\"parameter-name\">id</td><td class=\"parameter-documentation\"></td><td class=\"parameter-type\">globally unique identifier</td><td class=\"parameter-annotations\"><p>Required</p></td></tr></table><h3>Body Parameters</h3><p>None.</p><h2>Response Information</h2><h3>Resource Description</h3><p>None.</p></div>"),
        )],
        DialectChoice::Auto,
    );
    let op = api.operation(Method::Delete, "/api/things/{id}").unwrap();
    assert_eq!(op.summary.as_deref(), Some("Deletes a thing."));
    assert_eq!(op.parameter("id").unwrap().ty, prim(Primitive::Uuid));
    let api = parse_pages(
        vec![Page::new(
            "model.html",
            layout("<h1>Thing</h1><p>A thing.</p><section><table class=\"help-page-table\"><tr><td class=\"parameter-name\">Id</td><td class=\"parameter-documentation\"></td><td class=\"parameter-type\">globally unique identifier</td><td class=\"parameter-annotations\"><p>None.</p></td></tr></table></section>"),
        )],
        DialectChoice::Auto,
    );
    assert_eq!(
        api.types.keys().map(|k| k.as_str()).collect::<Vec<_>>(),
        ["Thing"]
    );
    assert_eq!(
        api.type_named("Thing").unwrap().description.as_deref(),
        Some("A thing.")
    );
}
