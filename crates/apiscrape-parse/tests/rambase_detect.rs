//! Auto-detection picks RamBase for every rendering of its pages and never for ASP.NET Help
//! Pages; all fixture pages read together give one consistent API.

use apiscrape_model::{Method, Severity, TypeRef};
use apiscrape_parse::rambase::RamBase;
use apiscrape_parse::{dialect, list_inputs, parse_files, Dialect, DialectChoice, Page};
use std::path::PathBuf;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../input-docs/rambase/");

fn files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(DIR)
        .unwrap()
        .map(|f| f.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn every_rendering_is_detected_as_rambase() {
    let names = files();
    assert!(names.len() >= 26, "{names:?}");
    for name in names {
        let text = std::fs::read_to_string(format!("{DIR}{name}")).unwrap();
        let page = Page::new(name.clone(), text);
        assert!(
            RamBase.detect(&page) >= 70,
            "{name}: {}",
            RamBase.detect(&page)
        );
        let d = dialect::detect(&page).expect(&name);
        assert_eq!(d.name(), "rambase", "{name}");
    }
}

#[test]
fn rendering_a_preamble_alone_is_detected() {
    let page = Page::new(
        "a.txt",
        "Sales APIs\nList of sales orders\nHTTP method | GET |\n",
    );
    assert!(RamBase.detect(&page) > 0);
}

#[test]
fn aspnet_help_pages_score_zero() {
    let caliber = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../input-docs/caliber/002_b021f0c3a362c962.txt"
    ))
    .unwrap();
    for text in [
        caliber.as_str(),
        "GET api/things/{id}\n\nRequest Information\n\nURI Parameters\n",
        "<html><body><table class=\"help-page-table\"><tr><td>id</td></tr></table></body></html>",
        // Mentions a RamBase marker but is an ASP.NET page.
        "POST api/x\nRequest Information\nAPI resource identifier\n",
    ] {
        // ASP.NET claims its pages; RamBase knows only its own markers.
        let page = Page::new("x.txt", text);
        assert_eq!(dialect::score(&RamBase, &page), 0, "{text:.40}");
    }
    assert_eq!(RamBase.detect(&Page::new("x.txt", "hello world")), 0);
    // A page showing both dialects' own markers is neither's.
    let both = Page::new(
        "x.txt",
        "POST api/x\nRequest Information\nAPI resource identifier\n",
    );
    assert!(dialect::detect(&both).is_none());
}

#[test]
fn forcing_the_dialect_by_name() {
    let choice = DialectChoice::from_name("rambase").expect("known dialect");
    assert!(matches!(choice, DialectChoice::Force(d) if d.name() == "rambase"));
}

#[test]
fn all_fixture_pages_together_give_one_consistent_api() {
    let inputs = list_inputs(&[PathBuf::from(DIR)]).unwrap();
    let api = parse_files(&inputs, DialectChoice::Auto);
    assert_eq!(api.dialect.as_deref(), Some("rambase"));
    let keys: Vec<_> = api.operations.iter().map(|o| o.key()).collect();
    assert_eq!(
        keys,
        [
            "PUT /collaboration/contacts/{contactId}/phones/{phoneId}",
            "DELETE /collaboration/contacts/{contactId}/phones/{phoneId}",
            "GET /finance/exchange-rates/{currency}",
            "GET /logistics/shipments/{shipmentId}",
            "GET /sales/orders",
            "POST /sales/orders/{salesOrderId}/api-operations/100101/instances",
            "POST /system/api/resources/{apiResourceId}/draft-parameters",
            "POST /system/api/resources/{apiResourceId}/parameters",
            "GET /system/users/{userId}/groups",
        ]
    );
    // Three renderings of each page merge into one operation.
    let put = api
        .operation(
            Method::Put,
            "/collaboration/contacts/{contactId}/phones/{phoneId}",
        )
        .unwrap();
    assert_eq!(put.provenance.len(), 3);
    assert_eq!(
        api.operation(Method::Get, "/sales/orders")
            .unwrap()
            .provenance
            .len(),
        3
    );
    let groups: Vec<_> = api.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        groups,
        [
            "Collaboration",
            "CRM",
            "Finance",
            "Sales",
            "Logistics",
            "System"
        ]
    );
    assert_eq!(
        api.base_urls,
        ["https://api.rambase.net", "https://apirelease.rambase.net"]
    );
    assert_eq!(api.auth.len(), 1);
    // Same element name, different shapes: the fuller one keeps the plain name.
    let full = api
        .operation(
            Method::Post,
            "/system/api/resources/{apiResourceId}/parameters",
        )
        .unwrap();
    assert_eq!(
        full.request_body.as_ref().unwrap().ty,
        TypeRef::named("Parameter")
    );
    let draft = api
        .operation(
            Method::Post,
            "/system/api/resources/{apiResourceId}/draft-parameters",
        )
        .unwrap();
    assert_eq!(
        draft.request_body.as_ref().unwrap().ty,
        TypeRef::named("ParameterPostRequest")
    );
    let names: Vec<_> = api.types.keys().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "APIResourceDependency",
            "Approval",
            "Customer",
            "Group",
            "Parameter",
            "ParameterPostRequest",
            "Phone",
            "SalesOrder",
            "Shipment",
            "Tracking",
            "Value"
        ]
    );
    // Merging found no contradictions between renderings.
    assert!(
        !api.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.message.contains("differently")),
        "{:#?}",
        api.diagnostics
    );
}
