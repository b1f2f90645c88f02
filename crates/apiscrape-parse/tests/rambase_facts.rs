//! Every fact kind of the RamBase fixture pages, asserted on the model. The renderings of a
//! page agree (`rambase_fixtures.rs`), so each page is checked in one of them.

mod support;

use apiscrape_model::{
    Api, Bound, Constraints, Field, Method, NamedType, Number, Operation, ParamLocation, Parameter,
    Primitive, ResponseContent, TypeRef,
};
use support::{field_types, prim, rambase_page};

fn num(n: &str) -> Option<Bound> {
    Some(Bound::inclusive(Number(n.to_string())))
}

fn only_op(api: &Api) -> &Operation {
    assert_eq!(api.operations.len(), 1);
    &api.operations[0]
}

fn param<'a>(op: &'a Operation, name: &str) -> &'a Parameter {
    op.parameter(name)
        .unwrap_or_else(|| panic!("parameter {name}"))
}

fn ty<'a>(api: &'a Api, name: &str) -> &'a NamedType {
    api.type_named(name)
        .unwrap_or_else(|| panic!("type {name} in {:?}", api.types.keys()))
}

fn field<'a>(t: &'a NamedType, name: &str) -> &'a Field {
    t.field(name)
        .unwrap_or_else(|| panic!("field {name} of {}", t.name))
}

fn success_body(op: &Operation) -> &apiscrape_model::Body {
    match &op.success_responses().next().expect("success").content {
        ResponseContent::Body { body } => body,
        other => panic!("no body: {other:?}"),
    }
}

#[test]
fn get_list_paging_filters_sorting_and_response() {
    let api = rambase_page("get-sales-orders-list.a.txt");
    let op = only_op(&api);
    assert_eq!(
        (op.method, op.path.as_str()),
        (Method::Get, "/sales/orders")
    );
    assert_eq!(op.group.as_deref(), Some("Sales"));
    assert_eq!(op.summary.as_deref(), Some("List of sales orders"));
    assert!(op.custom_fields);
    let paging = op.paging.as_ref().expect("paging");
    assert_eq!(
        (paging.page_size_parameter.as_str(), paging.max_page_size),
        ("$top", 80)
    );
    let top = param(op, "$top");
    assert_eq!(top.ty, prim(Primitive::Int32));
    assert_eq!(top.constraints.minimum, num("1"));
    assert_eq!(top.constraints.maximum, num("80"));
    assert_eq!(top.constraints.default.as_deref(), Some("80"));
    // `?search={searchString}` in the URI: the documented name wins, no query in the path.
    let search = param(op, "search");
    assert_eq!(search.location, ParamLocation::Query);
    assert!(search
        .description
        .as_deref()
        .unwrap()
        .starts_with("Case insensitive"));
    assert!(op.parameter("searchString").is_none());
    assert_eq!(
        param(op, "$format").constraints.allowed_values,
        ["xml", "html", "jsonstream", "json"]
    );
    assert_eq!(
        param(op, "$showDomainDescriptions")
            .constraints
            .default
            .as_deref(),
        Some("false")
    );
    let formats: Vec<_> = op
        .formats
        .iter()
        .map(|f| (f.name.as_str(), f.query_value.as_deref().unwrap()))
        .collect();
    assert_eq!(
        formats,
        [
            ("Xml", "xml"),
            ("Html", "html"),
            ("Json", "json"),
            ("Json stream", "jsonstream")
        ]
    );
    assert_eq!(op.formats[3].media_type, "application/stream+json");
    let qf = &op.query_features;
    let filters: Vec<_> = qf
        .named_filters
        .iter()
        .map(|f| (f.name.as_str(), f.description.as_deref().unwrap()))
        .collect();
    assert_eq!(
        filters,
        [
            ("Active", "Sales orders that are not completed or cancelled"),
            ("Backlog", "Sales orders with items not yet shipped")
        ]
    );
    let ff: Vec<_> = qf
        .filter_fields
        .iter()
        .map(|f| (f.name.as_str(), f.ty.clone()))
        .collect();
    assert_eq!(
        ff,
        [
            ("CustomerId", prim(Primitive::Int32)),
            ("CreatedAt", prim(Primitive::DateTime)),
            ("Status", prim(Primitive::Int32))
        ]
    );
    let sortable: Vec<_> = qf.sortable_fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(sortable, ["CreatedAt", "CustomerId"]);
    assert_eq!(qf.sortable_fields[0].ty, prim(Primitive::DateTime));
    let expandable: Vec<_> = qf
        .expandable_fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(expandable, ["TotalAmount"]);
    assert_eq!(
        op.related_operations,
        ["Approve sales order (POST /sales/orders/{salesOrderId}/api-operations/100101/instances)"]
    );
    // The response is a list of SalesOrder under the `salesOrders` wrapper.
    let body = success_body(op);
    assert_eq!(body.ty, TypeRef::array(TypeRef::named("SalesOrder")));
    assert_eq!(body.json_wrapper.as_deref(), Some("salesOrders"));
    assert_eq!(body.xml_root.as_ref().unwrap().name, "SalesOrders");
    let order = ty(&api, "SalesOrder");
    let names: Vec<_> = order.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "SalesOrderId",
            "Status",
            "CreatedAt",
            "Customer",
            "TotalAmount"
        ]
    );
    assert_eq!(field(order, "CreatedAt").ty, prim(Primitive::DateTime));
    assert_eq!(field(order, "Customer").ty, TypeRef::named("Customer"));
    assert_eq!(field(order, "TotalAmount").ty, prim(Primitive::Decimal));
    let customer = ty(&api, "Customer");
    assert_eq!(customer.fields().len(), 2);
    assert_eq!(field(customer, "Name").json_key(), "name");
    assert_eq!(
        op.request_body, None,
        "GET pages show the body intro but no body"
    );
}

#[test]
fn get_single_with_long_id_and_nested_response() {
    let api = rambase_page("get-shipment.b.txt");
    let op = only_op(&api);
    assert_eq!(op.key(), "GET /logistics/shipments/{shipmentId}");
    assert_eq!(op.group.as_deref(), Some("Logistics"));
    let id = param(op, "shipmentId");
    assert_eq!(id.location, ParamLocation::Path);
    assert!(id.required);
    assert_eq!(id.ty, prim(Primitive::Int64));
    assert_eq!(id.constraints.minimum, num("1000000"));
    assert_eq!(op.paging, None);
    let body = success_body(op);
    assert_eq!(body.ty, TypeRef::named("Shipment"));
    assert_eq!(body.json_wrapper.as_deref(), Some("shipment"));
    let shipment = ty(&api, "Shipment");
    let fields = field_types(shipment);
    assert_eq!(
        fields,
        [
            ("ShipmentId", prim(Primitive::Int64)),
            ("ShippedAt", prim(Primitive::Date)),
            ("Weight", prim(Primitive::Decimal)),
            ("Tracking", TypeRef::named("Tracking")),
        ]
    );
    let tracking = ty(&api, "Tracking");
    assert_eq!(field(tracking, "PickupTime").ty, prim(Primitive::Time));
    assert_eq!(
        field(shipment, "Tracking").description.as_deref(),
        Some("Tracking information from the carrier")
    );
    let errors: Vec<_> = op
        .error_codes
        .iter()
        .map(|e| (e.code.as_str(), e.status))
        .collect();
    assert_eq!(errors, [("102003", 403), ("101015", 404)]);
    let statuses: Vec<_> = op.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 403, 404]);
}

#[test]
fn post_201_required_fields_constraints_nesting_and_lists() {
    let api = rambase_page("post-api-parameter.html");
    let op = only_op(&api);
    assert_eq!(
        op.key(),
        "POST /system/api/resources/{apiResourceId}/parameters"
    );
    assert_eq!(op.response(201).map(|r| r.status), Some(201));
    let rid = op.resource_id.unwrap();
    assert_eq!((rid.id, rid.version), (2210, 2));
    let id = param(op, "apiResourceId");
    assert_eq!(id.constraints.minimum, num("100"));
    assert_eq!(id.constraints.default.as_deref(), Some("100"));
    let body = op.request_body.as_ref().unwrap();
    assert!(body.required, "root Parameter is required");
    assert_eq!(body.description.as_deref(), Some("The parameter to create"));
    assert_eq!(body.ty, TypeRef::named("Parameter"));
    assert_eq!(body.json_wrapper.as_deref(), Some("parameter"));
    let p = ty(&api, "Parameter");
    let key = field(p, "Key");
    assert!(key.required);
    assert_eq!(key.json_key(), "key");
    assert_eq!(
        key.constraints,
        Constraints {
            min_length: Some(2),
            max_length: Some(40),
            pattern: Some("[a-zA-Z]".into()),
            ..Constraints::default()
        }
    );
    assert!(field(p, "Title").required);
    assert!(!field(p, "Method").required);
    assert_eq!(
        field(p, "Method").constraints.pattern.as_deref(),
        Some("^(GET|PUT|POST|DELETE){1}$")
    );
    let mandatory = field(p, "IsMandatory");
    assert_eq!(mandatory.ty, prim(Primitive::Boolean));
    assert_eq!(mandatory.constraints.default.as_deref(), Some("False"));
    assert_eq!(
        mandatory.description.as_deref(),
        Some("True = the parameter must be given\nFalse = the parameter may be left out")
    );
    let max = field(p, "MaximumValue");
    assert_eq!(max.ty, prim(Primitive::Decimal));
    assert_eq!(max.constraints.minimum, num("0.01"));
    assert_eq!(max.constraints.maximum, num("99999.99"));
    assert_eq!(field(p, "ValidFrom").ty, prim(Primitive::Date));
    let seq = field(p, "Sequence");
    assert_eq!(seq.ty, prim(Primitive::Int64));
    assert_eq!(seq.constraints.minimum, num("1"));
    assert_eq!(seq.constraints.default.as_deref(), Some("100000"));
    // Nested object: JSON key lower-cases only the first letter.
    let dep = field(p, "APIResourceDependency");
    assert_eq!(dep.json_key(), "aPIResourceDependency");
    assert_eq!(dep.ty, TypeRef::named("APIResourceDependency"));
    let dep_t = ty(&api, "APIResourceDependency");
    let dep_id = field(dep_t, "APIResourceId");
    assert!(dep_id.required);
    assert_eq!(dep_id.json_key(), "aPIResourceId");
    assert_eq!(dep_id.constraints.minimum, num("100"));
    // List: visible only in the JSON half; items named by the XML item element.
    let values = field(p, "Values");
    assert_eq!(values.ty, TypeRef::array(TypeRef::named("Value")));
    let value = ty(&api, "Value");
    assert_eq!(value.xml.as_ref().unwrap().name, "Value");
    let vf: Vec<_> = value
        .fields()
        .iter()
        .map(|f| (f.name.as_str(), f.ty.clone(), f.required))
        .collect();
    assert_eq!(
        vf,
        [
            ("Value", prim(Primitive::String), true),
            ("ValidUntil", prim(Primitive::DateTime), false)
        ]
    );
    let errors: Vec<_> = op.error_codes.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(errors, ["Key must be unique for the API resource"]);
}

#[test]
fn post_api_operation_returning_200_on_release_host() {
    let api = rambase_page("post-sales-order-approve.a.txt");
    let op = only_op(&api);
    assert_eq!(
        op.key(),
        "POST /sales/orders/{salesOrderId}/api-operations/100101/instances"
    );
    assert!(op.api_operation);
    assert_eq!(op.summary.as_deref(), Some("Approves a sales order"));
    assert_eq!(api.base_urls, ["https://apirelease.rambase.net"]);
    let rid = op.resource_id.unwrap();
    assert_eq!((rid.id, rid.version), (0, 0));
    let statuses: Vec<_> = op.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200]);
    assert!(matches!(
        op.responses[0].content,
        ResponseContent::Undocumented { .. }
    ));
    let names: Vec<_> = op.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "salesOrderId",
            "$access_token",
            "$db",
            "$useMinimumVersion",
            "$lang"
        ]
    );
    let body = op.request_body.as_ref().unwrap();
    assert!(!body.required);
    assert_eq!(body.json_wrapper.as_deref(), Some("approval"));
}

#[test]
fn delete_202_with_default_on_uri_parameter() {
    let api = rambase_page("delete-contact-phone.html");
    let op = only_op(&api);
    assert_eq!(
        op.key(),
        "DELETE /collaboration/contacts/{contactId}/phones/{phoneId}"
    );
    // The domain label does not follow the URI.
    assert_eq!(op.group.as_deref(), Some("CRM"));
    assert_eq!(op.response(202).unwrap().content, ResponseContent::Empty);
    assert_eq!(op.request_body, None);
    let phone = param(op, "phoneId");
    assert_eq!(phone.constraints.minimum, num("0"));
    assert_eq!(phone.constraints.default.as_deref(), Some("0"));
    assert_eq!(api.auth.len(), 1);
}

#[test]
fn resource_specific_query_parameters_and_string_uri_parameter() {
    let api = rambase_page("get-exchange-rate.a.txt");
    let op = only_op(&api);
    assert_eq!(op.path, "/finance/exchange-rates/{currency}");
    let currency = param(op, "currency");
    assert_eq!(currency.ty, prim(Primitive::String));
    assert_eq!(currency.constraints.pattern.as_deref(), Some("^[A-Z]{3}$"));
    let date = param(op, "exchangeDate");
    assert_eq!(date.ty, prim(Primitive::Date));
    assert_eq!(date.location, ParamLocation::Query);
    let quote = param(op, "quoteCurrency");
    assert_eq!(quote.constraints.pattern.as_deref(), Some("^[A-Z]{3}$"));
    assert_eq!(
        quote.description.as_deref(),
        Some("Currency to quote the rate in")
    );
    let from = param(op, "fromPeriod");
    assert_eq!(from.ty, prim(Primitive::Int32));
    assert_eq!(from.constraints.minimum, num("190000"));
    assert_eq!(from.constraints.maximum, num("299999"));
    assert_eq!(from.constraints.format_hint.as_deref(), Some("YYYYMM"));
    assert_eq!(
        from.description.as_deref(),
        Some("Format: YYYYMM - default current period")
    );
    // Placeholder names of the URI (`{date}`, `{quoteCurrencyCode}`) are not parameters.
    assert!(op.parameter("date").is_none());
    assert!(op.parameter("quoteCurrencyCode").is_none());
}

#[test]
fn old_layout_page() {
    let api = rambase_page("old-get-user-groups.txt");
    let op = only_op(&api);
    assert_eq!(op.key(), "GET /system/users/{userId}/groups");
    assert_eq!(
        op.summary.as_deref(),
        Some("Lists the groups a user is a member of")
    );
    assert_eq!(op.group, None);
    let rid = op.resource_id.unwrap();
    assert_eq!(
        (rid.id, rid.version),
        (2093, 15),
        "id from the URL, version from the page"
    );
    let user = param(op, "userId");
    assert_eq!(user.ty, prim(Primitive::Int32));
    assert_eq!(user.description.as_deref(), Some("User identifier"));
    assert_eq!(
        param(op, "$format").constraints.allowed_values,
        ["xml", "json"]
    );
    assert_eq!(op.response(200).map(|r| r.status), Some(200));
    let body = success_body(op);
    assert_eq!(body.ty, TypeRef::array(TypeRef::named("Group")));
    assert_eq!(body.json_wrapper.as_deref(), Some("groups"));
    let group = ty(&api, "Group");
    assert!(field(group, "Status").constraints.domain_values);
    assert_eq!(op.error_codes.len(), 1);
}
