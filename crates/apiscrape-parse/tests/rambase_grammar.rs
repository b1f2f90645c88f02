//! Small pages for single grammar points of the RamBase format notes.

use apiscrape_model::{Api, Primitive, Severity, TypeRef};
use apiscrape_parse::{parse_pages, DialectChoice, Page};

const HEAD_A: &str = "Sales APIs\nCreates a thing\nHTTP method | POST |\nURI | https://api.rambase.net/sales/things |\nSupported formats | Xml, Html, Json (ex. $format=json) |\nSuccessful HTTP status code | 201 |\nAPI resource identifier | 1, version 1 |\nThe following body must be added to the request. Mouse over fieldnames for description and other useful information about the fields. Note that fields in bold are required/mandatory.\n";
const HEAD_B: &str = "API\n\nSales APIs\n\nPOST sales/things\n\nCreates a thing\n\nHTTP method POST\nURI https://api.rambase.net/sales/things\nSupported formats Xml, Html, Json (ex. $format=json)\nSuccessful HTTP status code 201\nAPI resource identifier 1, version 1\n\nThe following body must be added to the request. Mouse over fieldnames for description and other useful information about the fields. Note that fields in bold are required/mandatory.\n\nFormat:\n";
const QUERY: &str = "The query string is placed after the resource URL, seperated with a questionmark (?). The query string is composed of a series of query parameters with values. See the page about query parameters on how to use these parameters.\n$db String, optional | Set the database/company for the request |\n";

fn parse(text: &str) -> Api {
    parse_pages(
        vec![Page::new("t.txt", text)],
        DialectChoice::from_name("rambase").unwrap(),
    )
}

fn warnings(api: &Api) -> Vec<String> {
    api.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.to_string())
        .collect()
}

fn field_names(api: &Api, ty: &str) -> Vec<String> {
    api.type_named(ty)
        .unwrap_or_else(|| panic!("type {ty} in {:?}", api.types.keys()))
        .fields()
        .iter()
        .map(|f| f.name.clone())
        .collect()
}

#[test]
fn rendering_a_field_without_title_takes_the_closing_tag_name() {
    let body = "Contact\nThis field is optional.\n>Fax\nFax number\nThis field is optional.\n>{String}</Fax>Main email address of the contact\nThis field is optional.\n>{String}</Email>Contact\nThis field is optional.\n\": {Fax\nFax number\nThis field is optional.\n\": \"{String}\",Main email address of the contact\nThis field is optional.\n\": \"{String}\"";
    let api = parse(&format!("{HEAD_A}{body}{QUERY}"));
    assert_eq!(warnings(&api), Vec::<String>::new());
    assert_eq!(field_names(&api, "Contact"), ["Fax", "Email"]);
    let email = api.type_named("Contact").unwrap().field("Email").unwrap();
    assert_eq!(email.json_key(), "email");
    assert_eq!(
        email.description.as_deref(),
        Some("Main email address of the contact")
    );
}

#[test]
fn unknown_placeholder_type_is_reported_and_read_as_string() {
    let body = "Thing\nThis field is optional.\n>Ref\nA reference\nThis field is optional.\n>{Guid}</Ref>Thing\nThis field is optional.\n\": {Ref\nA reference\nThis field is optional.\n\": \"{Guid}\"";
    let api = parse(&format!("{HEAD_A}{body}{QUERY}"));
    let f = api.type_named("Thing").unwrap().field("Ref").unwrap();
    assert_eq!(f.ty, TypeRef::primitive(Primitive::String));
    assert_eq!(
        warnings(&api),
        ["t.txt:11: warning: type `{Guid}` of field `Ref` is not known; it is read as a string"]
    );
}

#[test]
fn rendering_b_bare_wrapper_and_bare_root_nest_fields() {
    let nb = "\u{a0}".repeat(5);
    let body = format!(
        "1\n<Thing>\n2\n{nb}<Product>\n3\n{nb}{nb}<ProductId\nProductId\n \nRequired/mandatory field\n \nProduct identifier\n \nMinimum value: 10000\n \n>\n{{Integer}}</ProductId>\n4\n{nb}</Product>\n5\n{nb}<Quantity\nQuantity\n \nThis field is optional.\n \n>\n{{Decimal}}</Quantity>\n6\n</Thing>\n1\n{{\n2\n{nb}\"thing\": {{\n3\n{nb}{nb}\"product\": {{\n4\n{nb}{nb}{nb}\"productId\nProductId\n \nRequired/mandatory field\n \nProduct identifier\n \nMinimum value: 10000\n \n\":\n\"{{Integer}}\"\n5\n{nb}{nb}}},\n6\n{nb}{nb}\"quantity\nQuantity\n \nThis field is optional.\n \n\":\n\"{{Decimal}}\"\n7\n{nb}}}\n8\n}}\n\n"
    );
    let api = parse(&format!("{HEAD_B}{body}{QUERY}"));
    assert_eq!(warnings(&api), Vec::<String>::new());
    let op = &api.operations[0];
    let b = op.request_body.as_ref().unwrap();
    assert!(b.required, "a bare root is not marked optional");
    assert_eq!(b.json_wrapper.as_deref(), Some("thing"));
    assert_eq!(field_names(&api, "Thing"), ["Product", "Quantity"]);
    assert_eq!(field_names(&api, "Product"), ["ProductId"]);
    let id = api
        .type_named("Product")
        .unwrap()
        .field("ProductId")
        .unwrap();
    assert!(id.required);
    assert_eq!(id.ty, TypeRef::primitive(Primitive::Int32));
    assert_eq!(id.constraints.minimum.as_ref().unwrap().value.0, "10000");
}

#[test]
fn rendering_b_without_json_half_reads_xml_and_infers_lists() {
    let nb = "\u{a0}".repeat(5);
    let body = format!(
        "1\n<Order\nOrder\n \nThis field is optional.\n \n>\n2\n{nb}<Lines>\n3\n{nb}{nb}<Line>\n4\n{nb}{nb}{nb}<Qty\nQty\n \nThis field is optional.\n \n>\n{{Integer}}</Qty>\n5\n{nb}{nb}</Line>\n6\n{nb}</Lines>\n7\n</Order>\n"
    );
    let api = parse(&format!("{HEAD_B}{body}"));
    let order = api.type_named("Order").unwrap();
    assert_eq!(
        order.field("Lines").unwrap().ty,
        TypeRef::array(TypeRef::named("Line"))
    );
    assert!(api
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Note && d.message.contains("read as a list")));
    assert!(warnings(&api)
        .iter()
        .any(|w| w.contains("the page ends inside the body")));
}

#[test]
fn rendering_a_list_of_objects_closes_at_missing_comma() {
    let body = "Trip\nThis field is optional.\n>Priority\nPriority\nThis field is optional.\n>{Integer}</Priority>DepartureTimes\nDepartures\nThis field is optional.\n>DepartureTimeId\nId\nThis field is optional.\n>{Integer}</DepartureTimeId>At\nTime\nThis field is optional.\n>{Time}</At>Note\nA note\nThis field is optional.\n>{String}</Note>Trip\nThis field is optional.\n\": {Priority\nPriority\nThis field is optional.\n\": \"{Integer}\",DepartureTimes\nDepartures\nThis field is optional.\n\": [DepartureTimeId\nId\nThis field is optional.\n\": \"{Integer}\",At\nTime\nThis field is optional.\n\": \"{Time}\"Note\nA note\nThis field is optional.\n\": \"{String}\"";
    let api = parse(&format!("{HEAD_A}{body}{QUERY}"));
    assert_eq!(warnings(&api), Vec::<String>::new());
    assert_eq!(
        field_names(&api, "Trip"),
        ["Priority", "DepartureTimes", "Note"]
    );
    assert_eq!(
        api.type_named("Trip")
            .unwrap()
            .field("DepartureTimes")
            .unwrap()
            .ty,
        TypeRef::array(TypeRef::named("DepartureTime"))
    );
    assert_eq!(
        field_names(&api, "DepartureTime"),
        ["DepartureTimeId", "At"]
    );
}

#[test]
fn regex_with_pipes_and_backslashes_is_byte_exact() {
    let re = r"^\w+([-+.']\w+)*@\w+([-.]\w+)*\.\w+([-.]\w+)*$|^(SUPPLIER|US)?$";
    let body = format!("Mail\nThis field is optional.\n>Address\nAddress\nInput must match the following regular expression pattern: {re}\nThis field is optional.\n>{{String}}</Address>Mail\nThis field is optional.\n\": {{Address\nAddress\nInput must match the following regular expression pattern: {re}\nThis field is optional.\n\": \"{{String}}\"");
    let api = parse(&format!("{HEAD_A}{body}{QUERY}"));
    let f = api.type_named("Mail").unwrap().field("Address").unwrap();
    assert_eq!(f.constraints.pattern.as_deref(), Some(re));
}

#[test]
fn unknown_lines_are_reported_with_their_line() {
    let text = format!("{HEAD_A}{QUERY}This line means nothing to the parser\n");
    let api = parse(&text);
    assert_eq!(
        warnings(&api),
        ["t.txt:11: warning: query parameter line not understood: `This line means nothing to the parser`"]
    );
}

#[test]
fn tagview_label_old_rows_as_table_cells_and_custom_fields() {
    let text = "API\n\nRamBase REST APIs\n\nGET system/applications/namespace-tree?namespace={namespace}\n\nLists the namespace tree for applications\n\nHTTP method GET\nURI https://api.rambase.net/system/applications/namespace-tree?namespace={namespace}\nSupported formats Xml, Html, Json (ex. $format=json)\nCustom fields Custom fields supported\nSuccess HTTP Status Code: | 200 |\nAPI resource identifier 2684, version 3\n\nThe query string is placed after the resource URL, seperated with a questionmark (?).\n\nnamespace String, optional Namespace of the Application\n";
    let api = parse(text);
    assert_eq!(warnings(&api), Vec::<String>::new());
    let op = &api.operations[0];
    assert_eq!(op.key(), "GET /system/applications/namespace-tree");
    assert_eq!(op.group, None, "`RamBase REST APIs` is not a domain");
    assert!(api.groups.is_empty());
    assert!(op.custom_fields);
    assert_eq!(op.response(200).map(|r| r.status), Some(200));
    let ns = op.parameter("namespace").unwrap();
    assert_eq!(
        ns.description.as_deref(),
        Some("Namespace of the Application")
    );
    assert_eq!(op.parameters.len(), 1);
}

#[test]
fn header_and_title_disagreeing_on_the_method_is_reported() {
    let text = HEAD_B.replace("POST sales/things", "PUT sales/things");
    let api = parse(&format!("{text}1\n1\n{QUERY}"));
    assert_eq!(api.operations[0].key(), "POST /sales/things");
    assert_eq!(
        warnings(&api),
        ["t.txt:5: warning: the page title says PUT but the header says POST; POST is used"]
    );
}

#[test]
fn fields_shown_without_tooltips_are_read() {
    // Saved HTML of a viewer that builds tooltips on hover shows bare elements and keys.
    let body = "1\n<Thing>\n2\n<Name>{String}</Name>\n3\n<Count>{Integer}</Count>\n4\n</Thing>\n1\n{\n2\n\"thing\": {\n3\n\"name\": \"{String}\",\n4\n\"count\": \"{Integer}\"\n5\n}\n6\n}\n\n";
    let api = parse(&format!("{HEAD_B}{body}{QUERY}"));
    assert_eq!(warnings(&api), Vec::<String>::new());
    assert_eq!(field_names(&api, "Thing"), ["Name", "Count"]);
    let count = api.type_named("Thing").unwrap().field("Count").unwrap();
    assert_eq!(count.ty, TypeRef::primitive(Primitive::Int32));
    assert_eq!(count.json_key(), "count");
    assert!(!count.required);
}

#[test]
fn rendering_b_wins_over_rendering_a_of_the_same_page() {
    // Rendering A drops the untooltipped root `Widget` and wrapper `Product`; rendering B of
    // the same page shows both. Read together, the body is B's.
    let a = format!("{HEAD_A}ProductId\nRequired/mandatory field\nProduct identifier\n>{{Integer}}</ProductId>Quantity\nThis field is optional.\n>{{Decimal}}</Quantity>ProductId\nRequired/mandatory field\nProduct identifier\n\": \"{{Integer}}\"Quantity\nThis field is optional.\n\": \"{{Decimal}}\"{QUERY}");
    let nb = "\u{a0}".repeat(5);
    let b = format!(
        "{HEAD_B}1\n<Widget>\n2\n{nb}<Product>\n3\n{nb}{nb}<ProductId\nProductId\n \nRequired/mandatory field\n \nProduct identifier\n \n>\n{{Integer}}</ProductId>\n4\n{nb}</Product>\n5\n{nb}<Quantity\nQuantity\n \nThis field is optional.\n \n>\n{{Decimal}}</Quantity>\n6\n</Widget>\n1\n{{\n2\n{nb}\"widget\": {{\n3\n{nb}{nb}\"product\": {{\n4\n{nb}{nb}{nb}\"productId\nProductId\n \nRequired/mandatory field\n \nProduct identifier\n \n\":\n\"{{Integer}}\"\n5\n{nb}{nb}}},\n6\n{nb}{nb}\"quantity\nQuantity\n \nThis field is optional.\n \n\":\n\"{{Decimal}}\"\n7\n{nb}}}\n8\n}}\n\n{QUERY}"
    );
    let alone = parse(&a);
    assert_eq!(
        alone.operations[0].request_body.as_ref().unwrap().ty,
        TypeRef::named("Thing")
    );
    let api = parse_pages(
        vec![Page::new("w.a.txt", a), Page::new("w.b.txt", b)],
        DialectChoice::Auto,
    );
    let op = &api.operations[0];
    assert_eq!(op.provenance.len(), 2);
    let body = op.request_body.as_ref().unwrap();
    assert_eq!(body.ty, TypeRef::named("Widget"));
    assert_eq!(body.json_wrapper.as_deref(), Some("widget"));
    assert_eq!(body.xml_root.as_ref().unwrap().name, "Widget");
    let names: Vec<_> = api.types.keys().map(|k| k.as_str()).collect();
    assert_eq!(names, ["Product", "Widget"]);
    assert_eq!(field_names(&api, "Widget"), ["Product", "Quantity"]);
}

#[test]
fn query_rows_with_unknown_types_and_string_top() {
    let text = HEAD_A.replace(
        "Successful HTTP status code",
        "Maximum page size ($top) | 500 |\nSuccessful HTTP status code",
    );
    let query = "The query string is placed after the resource URL, seperated with a questionmark (?).\n$top String, optional | Number of objects to return |\n$ref Guid, optional | A reference |\n";
    let api = parse(&format!("{text}{query}"));
    let op = &api.operations[0];
    let top = op.parameter("$top").unwrap();
    assert_eq!(top.ty, TypeRef::primitive(Primitive::Int32));
    assert_eq!(top.constraints.maximum.as_ref().unwrap().value.0, "500");
    let r = op.parameter("$ref").unwrap();
    assert_eq!(r.ty, TypeRef::primitive(Primitive::String));
    assert_eq!(r.description.as_deref(), Some("A reference"));
    assert_eq!(
        warnings(&api),
        ["t.txt:12: warning: type `Guid` of query parameter `$ref` is not known; it is read as a string"]
    );
}

#[test]
fn rendering_b_with_an_element_called_body_stays_text() {
    let body = "1\n<Mail\nMail\n \nThis field is optional.\n \n>\n2\n<Body\nBody\n \nText of the mail\n \nThis field is optional.\n \n>\n{String}</Body>\n3\n</Mail>\n1\n{\n2\n\"mail\nMail\n \nThis field is optional.\n \n\":\n{\n3\n\"body\nBody\n \nText of the mail\n \nThis field is optional.\n \n\":\n\"{String}\"\n4\n}\n5\n}\n\n";
    let page = Page::new("m.txt", format!("{HEAD_B}{body}{QUERY}"));
    // A text page that shows a `<Body` element is still text.
    assert_eq!(page.format, apiscrape_parse::PageFormat::Text);
    let api = parse_pages(vec![page], DialectChoice::Auto);
    assert_eq!(api.dialect.as_deref(), Some("rambase"));
    assert_eq!(warnings(&api), Vec::<String>::new());
    assert_eq!(field_names(&api, "Mail"), ["Body"]);
}

#[test]
fn rendering_a_ambiguous_end_of_nested_objects_is_reported() {
    // Outer{ Inner{ A } , B }: after A's missing comma, B may be in Outer or in the root.
    let tip = |n: &str| format!("{n}\nThis field is optional.\n");
    let xml = format!(
        "{}>{}>{}>{}>{{String}}</A>{}>{{String}}</B>",
        tip("Root"),
        tip("Outer"),
        tip("Inner"),
        tip("A"),
        tip("B")
    );
    let json = format!(
        "{}\": {{{}\": {{{}\": {{{}\": \"{{String}}\"{}\": \"{{String}}\"",
        tip("Root"),
        tip("Outer"),
        tip("Inner"),
        tip("A"),
        tip("B")
    );
    let api = parse(&format!("{HEAD_A}{xml}{json}{QUERY}"));
    assert_eq!(field_names(&api, "Outer"), ["Inner", "B"]);
    let w = warnings(&api);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].ends_with("rendering A does not show how many objects end after `Inner`; the next field is read as part of `Outer`"),
        "{w:?}"
    );
}
