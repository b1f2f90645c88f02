//! Rendering A with its JSON half cut off or absent (issue 16.8): every field the XML half
//! shows is kept, nested as the page's evidence says (the JSON half up to its cut, a comma or
//! missing comma at the cut, the single root, a wrapper's first field), and where the page
//! does not tell, under the reading that assumes no end it does not show, with a warning
//! naming the fields and where else they may belong.
//!
//! The pages are `tests/fixtures/rambase/put-sales-order*` (written by `render.py` from one
//! description): the complete page in renderings A, B and HTML, and rendering A cut inside
//! its XML half, at the start of its JSON half, inside its JSON half (in a tooltip after a
//! missing comma, in a list item after a comma, inside an object) and with no JSON half.

mod support;

use apiscrape_model::{Api, Constraints, Field, Severity, TypeRef};
use apiscrape_parse::{parse_pages, DialectChoice, Page};
use support::{rambase_fixture, RAMBASE_FIXTURES};

fn warnings(api: &Api) -> Vec<String> {
    api.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| {
            let line = d
                .location
                .as_ref()
                .and_then(|l| l.line)
                .map_or(String::new(), |l| l.to_string());
            format!("{line}: {}", d.message)
        })
        .collect()
}

fn constraints(c: &Constraints) -> String {
    let mut out = Vec::new();
    if let Some(b) = &c.minimum {
        out.push(format!("min {}", b.value.0));
    }
    if let Some(b) = &c.maximum {
        out.push(format!("max {}", b.value.0));
    }
    if let Some(n) = c.min_length {
        out.push(format!("minLength {n}"));
    }
    if let Some(n) = c.max_length {
        out.push(format!("maxLength {n}"));
    }
    if let Some(p) = &c.pattern {
        out.push(format!("pattern {p}"));
    }
    if c.domain_values {
        out.push("domain".into());
    }
    if out.is_empty() {
        String::new()
    } else {
        format!(" [{}]", out.join(", "))
    }
}

fn type_text(api: &Api, t: &TypeRef, out: &mut Vec<String>, depth: usize) -> String {
    match t {
        TypeRef::Primitive { primitive } => format!("{primitive:?}"),
        TypeRef::Named { id } => {
            let ty = api.types.get(id).expect("type in registry");
            for f in ty.fields() {
                field_text(api, f, out, depth + 1);
            }
            format!("{id}")
        }
        TypeRef::Array { items } => {
            let mut inner = Vec::new();
            let s = type_text(api, items, &mut inner, depth);
            out.extend(inner);
            format!("[{s}]")
        }
        other => format!("{other:?}"),
    }
}

/// One line per field, children indented under their parent, children after the line.
fn field_text(api: &Api, f: &Field, out: &mut Vec<String>, depth: usize) {
    let at = out.len();
    let mut children = Vec::new();
    let ty = type_text(api, &f.ty, &mut children, depth);
    let line = format!(
        "{}{} ({}): {ty}{}{} {:?}",
        "  ".repeat(depth),
        f.name,
        f.json_key(),
        if f.required { " required" } else { "" },
        constraints(&f.constraints),
        f.description.as_deref().unwrap_or("")
    );
    out.insert(at, line);
    out.extend(children);
}

/// The request body as an indented tree: every field with its nesting, JSON key, type,
/// required flag, constraints and description.
fn body_tree(api: &Api) -> Vec<String> {
    let op = &api.operations[0];
    let body = op.request_body.as_ref().expect("request body");
    let mut out = vec![format!(
        "<{}> {{{}}} {}",
        body.xml_root.as_ref().map_or("", |x| x.name.as_str()),
        body.json_wrapper.as_deref().unwrap_or(""),
        if body.required {
            "required"
        } else {
            "optional"
        }
    )];
    let mut children = Vec::new();
    let ty = type_text(api, &body.ty, &mut children, 0);
    out[0].push_str(&format!(": {ty}"));
    out.extend(children);
    out
}

const CUSTOMERS_REFERENCE: &str =
    "  CustomersReference (customersReference): String \"Customer's reference\"";
const SHIPMENT: &str = "  Shipment (shipment): Shipment \"Shipment details of the order\"";
const PRIORITY: &str = "    Priority (priority): Int32 [min 1, max 9] \"Shipping priority\"";
const DELIVERY_TERMS: &str =
    "    DeliveryTerms (deliveryTerms): String [domain] \"Terms of delivery\"";

#[test]
fn complete_page_in_renderings_b_and_html_is_the_truth() {
    let expected = [
        "<SalesOrder> {salesOrder} optional: SalesOrder",
        CUSTOMERS_REFERENCE,
        SHIPMENT,
        PRIORITY,
        DELIVERY_TERMS,
        "    ShippingService (shippingService): ShippingService \"Service used to ship the order\"",
        "      ShippingServiceId (shippingServiceId): Int32 required [min 100] \"Shipping service identifier\"",
        "  DepartureTimes (departureTimes): [DepartureTime] \"Planned departures\"",
        "    DepartureTimeId (departureTimeId): Int32 required \"Departure identifier\"",
        "    At (at): Time \"Time of departure\"",
        "  Currency (currency): String [pattern ^[A-Z]{3}$] \"Currency of the order\"",
    ];
    for file in ["put-sales-order.b.txt", "put-sales-order.html"] {
        let api = rambase_fixture(file);
        assert_eq!(body_tree(&api), expected, "{file}");
        assert_eq!(warnings(&api), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn complete_rendering_a_reports_the_ends_its_json_half_cannot_count() {
    let api = rambase_fixture("put-sales-order.a.txt");
    assert_eq!(
        body_tree(&api),
        [
            "<SalesOrder> {salesOrder} optional: SalesOrder",
            CUSTOMERS_REFERENCE,
            SHIPMENT,
            PRIORITY,
            DELIVERY_TERMS,
            "    ShippingService (shippingService): ShippingService \"Service used to ship the order\"",
            "      ShippingServiceId (shippingServiceId): Int32 required [min 100] \"Shipping service identifier\"",
            "    DepartureTimes (departureTimes): [DepartureTime] \"Planned departures\"",
            "      DepartureTimeId (departureTimeId): Int32 required \"Departure identifier\"",
            "      At (at): Time \"Time of departure\"",
            "    Currency (currency): String [pattern ^[A-Z]{3}$] \"Currency of the order\"",
        ]
    );
    assert_eq!(
        warnings(&api),
        [
            "73: rendering A does not show how many objects end after `ShippingService`; the next field is read as part of `Shipment`",
            "82: rendering A does not show how many objects end after `DepartureTimes`; the next field is read as part of `Shipment`",
        ]
    );
}

#[test]
fn cut_inside_the_xml_half_keeps_the_wrapper_and_its_complete_fields() {
    let api = rambase_fixture("put-sales-order-cut-in-xml.a.txt");
    assert_eq!(
        body_tree(&api),
        [
            "<SalesOrder> {salesOrder} optional: SalesOrder",
            CUSTOMERS_REFERENCE,
            SHIPMENT,
            PRIORITY,
        ]
    );
    assert_eq!(
        warnings(&api),
        [
            "12: rendering A shows which elements are lists only in the JSON half, and the page does not show the JSON half that would show it; `SalesOrder` and `Shipment` are read as objects",
            "25: field `DeliveryTerms` is cut off (page ends inside it); it is left out",
            "25: the page ends inside the body (line 25); only what is complete before the cut is kept",
            "26: the page stops in the middle of its last line; `Terms of` may be cut off and is not read",
        ]
    );
}

/// Every field of the XML half, none after the first wrapper's first field dropped (the old
/// reading kept `CustomersReference` only).
const XML_ONLY_TREE: [&str; 11] = [
    "<SalesOrder> {salesOrder} optional: SalesOrder",
    CUSTOMERS_REFERENCE,
    SHIPMENT,
    PRIORITY,
    DELIVERY_TERMS,
    "    ShippingService (shippingService): ShippingService \"Service used to ship the order\"",
    "      ShippingServiceId (shippingServiceId): Int32 required [min 100] \"Shipping service identifier\"",
    "      DepartureTimes (departureTimes): DepartureTimes \"Planned departures\"",
    "        DepartureTimeId (departureTimeId): Int32 required \"Departure identifier\"",
    "        At (at): Time \"Time of departure\"",
    "        Currency (currency): String [pattern ^[A-Z]{3}$] \"Currency of the order\"",
];

fn xml_only_warnings(why: &str) -> Vec<String> {
    vec![
        format!("12: rendering A shows which elements are lists only in the JSON half, and {why}; `SalesOrder`, `Shipment`, `ShippingService` and `DepartureTimes` are read as objects"),
        format!("25: rendering A does not show where `Shipment` ends, and {why}; `DeliveryTerms` and `ShippingService` are read as part of `Shipment` (no end is assumed that the page does not show), but may belong to `SalesOrder`"),
        format!("36: rendering A does not show where `ShippingService` ends, and {why}; `DepartureTimes` is read as part of `ShippingService` (no end is assumed that the page does not show), but may belong to `Shipment` or `SalesOrder`"),
        format!("42: rendering A does not show where `DepartureTimes` ends, and {why}; `At` and `Currency` are read as part of `DepartureTimes` (no end is assumed that the page does not show), but may belong to `ShippingService`, `Shipment` or `SalesOrder`"),
    ]
}

#[test]
fn cut_at_the_start_of_the_json_half_keeps_every_field_of_the_xml_half() {
    let api = rambase_fixture("put-sales-order-cut-at-json.a.txt");
    assert_eq!(body_tree(&api), XML_ONLY_TREE);
    let mut expected = xml_only_warnings("the page does not show the JSON half that would show it");
    expected.extend([
        "49: the page ends inside the body (line 49); only what is complete before the cut is kept".to_string(),
        "49: the page ends where the JSON half of the body starts (`SalesOrder`); the body is read from the XML half alone".to_string(),
        "50: the page stops in the middle of its last line; `This field` may be cut off and is not read".to_string(),
    ]);
    assert_eq!(warnings(&api), expected);
}

#[test]
fn page_without_json_half_keeps_every_field_of_the_xml_half() {
    let api = rambase_fixture("put-sales-order-no-json.a.txt");
    assert_eq!(body_tree(&api), XML_ONLY_TREE);
    assert_eq!(
        warnings(&api),
        xml_only_warnings("the page does not show the JSON half that would show it")
    );
    // The sections after the body are read as usual.
    let op = &api.operations[0];
    assert_eq!(op.parameters.len(), 4);
    assert_eq!(op.error_codes.len(), 1);
}

#[test]
fn cut_inside_a_json_object_uses_what_the_json_half_shows_before_the_cut() {
    // The JSON half shows `Shipment` holding `Priority`, `DeliveryTerms` and (after a comma)
    // `ShippingService`, which opens with `": {`; it stops in `ShippingServiceId`.
    let api = rambase_fixture("put-sales-order-cut-in-json-object.a.txt");
    assert_eq!(body_tree(&api), XML_ONLY_TREE);
    let why = "the JSON half that would show it stops at line 70";
    assert_eq!(
        warnings(&api),
        [
            format!("36: rendering A does not show where `ShippingService` ends, and {why}; `DepartureTimes` is read as part of `ShippingService` (no end is assumed that the page does not show), but may belong to `Shipment` or `SalesOrder`"),
            format!("36: rendering A shows which elements are lists only in the JSON half, and {why}; `DepartureTimes` is read as an object"),
            format!("42: rendering A does not show where `DepartureTimes` ends, and {why}; `At` and `Currency` are read as part of `DepartureTimes` (no end is assumed that the page does not show), but may belong to `ShippingService`, `Shipment` or `SalesOrder`"),
            "69: the JSON half of the body is cut off in field `ShippingServiceId` (page ends inside it); from there on the body is read from the XML half".to_string(),
            "70: the page ends inside the body (line 70); only what is complete before the cut is kept".to_string(),
            "71: the page stops in the middle of its last line; `Shipp` may be cut off and is not read".to_string(),
        ]
    );
}

#[test]
fn cut_in_a_tooltip_after_a_missing_comma_places_the_field_as_the_json_half_does() {
    // `"{Integer}"DepartureTimes`: `ShippingService` ended there (one object or more: the
    // JSON half's reading, reported once), and `DepartureTimes` follows in `Shipment`.
    let api = rambase_fixture("put-sales-order-cut-in-json-tooltip.a.txt");
    assert_eq!(
        body_tree(&api),
        [
            "<SalesOrder> {salesOrder} optional: SalesOrder",
            CUSTOMERS_REFERENCE,
            SHIPMENT,
            PRIORITY,
            DELIVERY_TERMS,
            "    ShippingService (shippingService): ShippingService \"Service used to ship the order\"",
            "      ShippingServiceId (shippingServiceId): Int32 required [min 100] \"Shipping service identifier\"",
            "    DepartureTimes (departureTimes): DepartureTimes \"Planned departures\"",
            "      DepartureTimeId (departureTimeId): Int32 required \"Departure identifier\"",
            "      At (at): Time \"Time of departure\"",
            "      Currency (currency): String [pattern ^[A-Z]{3}$] \"Currency of the order\"",
        ]
    );
    let why = "the JSON half that would show it stops at line 73";
    assert_eq!(
        warnings(&api),
        [
            format!("36: rendering A shows which elements are lists only in the JSON half, and {why}; `DepartureTimes` is read as an object"),
            format!("42: rendering A does not show where `DepartureTimes` ends, and {why}; `At` and `Currency` are read as part of `DepartureTimes` (no end is assumed that the page does not show), but may belong to `Shipment` or `SalesOrder`"),
            "73: rendering A does not show how many objects end after `ShippingService`; the next field is read as part of `Shipment`".to_string(),
            "73: the JSON half of the body is cut off in field `DepartureTimes` (page ends inside it); from there on the body is read from the XML half".to_string(),
            "73: the page ends inside the body (line 73); only what is complete before the cut is kept".to_string(),
            "74: the page stops in the middle of its last line; `Planned depa` may be cut off and is not read".to_string(),
        ]
    );
}

#[test]
fn cut_in_a_list_item_after_a_comma_keeps_the_list_and_the_sibling() {
    // `"{Integer}",At`: the JSON half shows `DepartureTimes` is a list and that `At` follows
    // `DepartureTimeId` in its item; only `Currency`'s place is a reading.
    let api = rambase_fixture("put-sales-order-cut-in-json-list.a.txt");
    assert_eq!(
        body_tree(&api),
        [
            "<SalesOrder> {salesOrder} optional: SalesOrder",
            CUSTOMERS_REFERENCE,
            SHIPMENT,
            PRIORITY,
            DELIVERY_TERMS,
            "    ShippingService (shippingService): ShippingService \"Service used to ship the order\"",
            "      ShippingServiceId (shippingServiceId): Int32 required [min 100] \"Shipping service identifier\"",
            "    DepartureTimes (departureTimes): [DepartureTime] \"Planned departures\"",
            "      DepartureTimeId (departureTimeId): Int32 required \"Departure identifier\"",
            "      At (at): Time \"Time of departure\"",
            "      Currency (currency): String [pattern ^[A-Z]{3}$] \"Currency of the order\"",
        ]
    );
    assert_eq!(
        warnings(&api),
        [
            "45: rendering A does not show where `DepartureTime` ends, and the JSON half that would show it stops at line 79; `Currency` is read as part of `DepartureTime` (no end is assumed that the page does not show), but may belong to `Shipment` or `SalesOrder`",
            "73: rendering A does not show how many objects end after `ShippingService`; the next field is read as part of `Shipment`",
            "79: the JSON half of the body is cut off in field `At` (page ends inside it); from there on the body is read from the XML half",
            "79: the page ends inside the body (line 79); only what is complete before the cut is kept",
            "80: the page stops in the middle of its last line; `Time` may be cut off and is not read",
        ]
    );
}

#[test]
fn every_cut_of_the_page_keeps_every_complete_field_of_its_xml_half() {
    // Cut at every line of the body: each field whose XML block is complete is in the model
    // (under some nesting), or a warning names it.
    let text = std::fs::read_to_string(format!("{RAMBASE_FIXTURES}put-sales-order.a.txt")).unwrap();
    let names = [
        "CustomersReference",
        "Shipment",
        "Priority",
        "DeliveryTerms",
        "ShippingService",
        "ShippingServiceId",
        "DepartureTimes",
        "DepartureTimeId",
        "At",
        "Currency",
    ];
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for end in 12..lines.len() {
        let page: String = lines[..end].concat();
        let api = parse_pages(
            vec![Page::new("p.a.txt", page.clone())],
            DialectChoice::Auto,
        );
        let in_model: Vec<&str> = api
            .types
            .values()
            .flat_map(|t| t.fields().iter().map(|f| f.name.as_str()))
            .collect();
        for n in names {
            let shown = page.contains(&format!("</{n}>")) || page.contains(&format!(">{n}\n"));
            if !shown {
                continue;
            }
            let kept = in_model.contains(&n);
            let named = api
                .diagnostics
                .iter()
                .any(|d| d.message.contains(&format!("`{n}`")));
            assert!(kept || named, "cut after line {end}: `{n}` lost silently");
        }
    }
}
