//! The `edge_cases` fixture (two groups, list with paging and wrapper, decimals, dates,
//! enums, read-only fields, nested and recursive types, header parameters, odd names, an
//! XML-only operation) against a wiremock server.

// `cancel_sales_order` is documented as deprecated; it is still tested.
#![allow(deprecated)]

use edge_cases::chrono::NaiveDate;
use edge_cases::rust_decimal::Decimal;
use edge_cases::{
    Address, ApiErrorCode, Category, Client, CreateSalesOrderOptions, CustomsDeclaration,
    CustomsReceipt, DeclareCustomsOptions, Error,
    GetSalesOrderOptions, ListSalesOrdersOptions, RetryPolicy, Rule, SalesOrder, SalesOrderItem,
    SalesOrderStatus, ShipmentKind, Tracking,
};
use std::time::Duration;
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The error and each of its causes, as chain-walking reporters (`anyhow`'s `{:#}`) print it.
fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .access_token("tok")
        .db("SYS")
        .retry_policy(RetryPolicy { initial_backoff: Duration::from_millis(1), ..RetryPolicy::default() })
        .build()
        .unwrap()
}

const ORDER_JSON: &str = r#"{"salesOrderId":100001,"customerId":100000,"currency":"NOK","orderDate":"2024-01-31","totalAmount":1234.5,"discount":12.5,"status":"open","note":"Rush","items":[{"productId":7,"quantity":2.25,"tags":["a","b"]}],"delivery":{"street":"Storgata 1","postalCode":"0155","country":"NO"},"createdAt":"2024-01-31T10:00:00+01:00"}"#;

fn order() -> SalesOrder {
    SalesOrder {
        sales_order_id: None,
        customer_id: 100000,
        currency: "NOK".into(),
        order_date: NaiveDate::from_ymd_opt(2024, 1, 31).unwrap(),
        total_amount: Some(Decimal::new(12345, 1)),
        discount: Some(12.5),
        status: Some(SalesOrderStatus::Open),
        note: Some("Rush".into()),
        items: Some(vec![SalesOrderItem {
            product_id: 7,
            quantity: Decimal::new(225, 2),
            tags: Some(vec!["a".into(), "b".into()]),
        }]),
        delivery: Some(Address {
            street: Some("Storgata 1".into()),
            postal_code: Some("0155".into()),
            country: Some("NO".into()),
        }),
        created_at: None,
    }
}

#[tokio::test]
async fn list_decodes_the_wrapped_array_and_sends_query_in_documentation_order() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/sales/orders"))
        .and(query_param("search", "ACME & co"))
        .and(query_param("$top", "50"))
        .and(header("authorization", "Bearer tok"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(format!(r#"{{"salesOrders":[{ORDER_JSON},{{"customerId":100001,"currency":"SEK","orderDate":"2024-02-01","status":"on-hold"}}]}}"#)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let options = ListSalesOrdersOptions::default().search("ACME & co").top(50);
    let orders = client(&server).list_sales_orders(&options).await.unwrap();
    assert_eq!(orders.len(), 2);
    let first = &orders[0];
    assert_eq!(first.sales_order_id, Some(100001));
    assert_eq!(first.total_amount, Some(Decimal::new(12345, 1)));
    assert_eq!(first.items.as_ref().unwrap()[0].quantity, Decimal::new(225, 2));
    assert_eq!(first.created_at.unwrap().to_string(), "2024-01-31T10:00:00+01:00");
    assert_eq!(first.delivery.as_ref().unwrap().postal_code.as_deref(), Some("0155"));
    assert_eq!(orders[1].status, Some(SalesOrderStatus::Unknown("on-hold".into())));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("search=ACME+%26+co&%24top=50&%24db=SYS"));
}

#[tokio::test]
async fn query_constraints_are_checked_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    let err = client.list_sales_orders(&ListSalesOrdersOptions::default().top(81)).await.unwrap_err();
    assert_eq!(err.to_string(), "invalid request");
    assert_eq!(chain(&err), "invalid request: `options.top` must be at most 80");
    let err = client.list_sales_orders(&ListSalesOrdersOptions::default().status("pending")).await.unwrap_err();
    match err {
        Error::Validation(e) => assert_eq!(e.rule, Rule::AllowedValues(&["open", "closed"])),
        other => panic!("{other:?}"),
    }
    let err = client.get_sales_order(99_999, &GetSalesOrderOptions::default()).await.unwrap_err();
    assert!(matches!(err, Error::Validation(ref e) if e.field == "sales_order_id"), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn get_sends_header_parameters_and_64_bit_ids() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/sales/orders/9007199254740993"))
        .and(header("x-request-id", "abc-1"))
        .and(query_param("$db", "OVERRIDE"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!(r#"{{"salesOrder":{ORDER_JSON}}}"#)))
        .expect(1)
        .mount(&server)
        .await;
    let options = GetSalesOrderOptions::default().x_request_id("abc-1").db("OVERRIDE");
    let order = client(&server).get_sales_order(9_007_199_254_740_993, &options).await.unwrap();
    assert_eq!(order.customer_id, 100000);
}

#[tokio::test]
async fn create_sends_exact_bytes_without_read_only_fields_and_decodes_201() {
    let server = MockServer::start().await;
    let expected = r#"{"salesOrder":{"customerId":100000,"currency":"NOK","orderDate":"2024-01-31","totalAmount":1234.5,"discount":12.5,"status":"open","note":"Rush","items":[{"productId":7,"quantity":2.25,"tags":["a","b"]}],"delivery":{"street":"Storgata 1","postalCode":"0155","country":"NO"}}}"#;
    Mock::given(method("POST"))
        .and(path("/v1/sales/orders"))
        .and(body_string(expected))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("location", "/v1/sales/orders/100001")
                .set_body_string(format!(r#"{{"salesOrder":{ORDER_JSON}}}"#)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let mut input = order();
    input.sales_order_id = Some(5);
    let created = client(&server).create_sales_order(&input, &CreateSalesOrderOptions::default()).await.unwrap();
    assert_eq!(created.sales_order_id, Some(100001));
    assert_eq!(created.status(), 201);
    assert_eq!(created.header("location"), Some("/v1/sales/orders/100001"));
}

#[tokio::test]
async fn body_validation_names_nested_fields() {
    let server = MockServer::start().await;
    let client = client(&server);
    type Mutation = Box<dyn Fn(&mut SalesOrder)>;
    let cases: Vec<(Mutation, &str)> = vec![
        (Box::new(|o| o.currency = "nok".into()), "`body.currency` must match the regular expression ^[A-Z]{3}$"),
        (Box::new(|o| o.total_amount = Some(Decimal::ZERO)), "`body.total_amount` must be greater than 0"),
        (Box::new(|o| o.total_amount = Some(Decimal::new(100000001, 2))), "`body.total_amount` must be at most 1000000.00"),
        (Box::new(|o| o.discount = Some(100.5)), "`body.discount` must be at most 100"),
        (Box::new(|o| o.note = Some("x".into())), "`body.note` must have a length of at least 2"),
        (Box::new(|o| o.note = Some("ø".repeat(41))), "`body.note` must have a length of at most 40"),
        (Box::new(|o| o.items = Some(vec![])), "`body.items` must have a length of at least 1"),
        (Box::new(|o| o.items.as_mut().unwrap()[0].quantity = Decimal::new(1, 4)), "`body.items[0].quantity` must be at least 0.001"),
        (Box::new(|o| o.items.as_mut().unwrap()[0].tags = Some(vec!["a".into(), "a".into()])), "`body.items[0].tags` must not contain duplicate items"),
        (Box::new(|o| o.delivery.as_mut().unwrap().postal_code = Some("01550".into())), "`body.delivery.postal_code` must match the regular expression ^\\d{4}$"),
    ];
    for (mutate, message) in cases {
        let mut o = order();
        mutate(&mut o);
        let err = client.create_sales_order(&o, &Default::default()).await.unwrap_err();
        assert_eq!(chain(&err), format!("invalid request: {message}"));
    }
    let note40 = SalesOrder { note: Some("ø".repeat(40)), ..order() };
    assert!(edge_cases::Validate::validate(&note40).is_ok());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn delete_202_and_api_operation_200_return_unit() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/sales/orders/100000"))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/sales/orders/100000/api-operations/101245/instances"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    client.delete_sales_order(100000, &Default::default()).await.unwrap();
    client.cancel_sales_order(100000, &Default::default()).await.unwrap();
}

#[tokio::test]
async fn post_is_retried_only_when_the_server_sends_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client(&server).cancel_sales_order(100000, &Default::default()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(200)).with_priority(2).mount(&server).await;
    client(&server).cancel_sales_order(100000, &Default::default()).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn get_retries_503_and_gives_up_on_long_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"salesOrders":[]}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    let orders = client(&server).list_sales_orders(&Default::default()).await.unwrap();
    assert!(orders.is_empty());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .mount(&server)
        .await;
    let err = client(&server).list_sales_orders(&Default::default()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn decode_errors_keep_the_body_and_error_codes_are_shared() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/sales/orders/100000"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"salesOrder":{"customerId":"x"}}"#))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/sales/orders/100001"))
        .respond_with(ResponseTemplate::new(404).set_body_string(r#"{"error":{"message":"Sales order not found","errorMessage":{"id":100050}}}"#))
        .mount(&server)
        .await;
    let client = client(&server);
    let err = client.get_sales_order(100000, &Default::default()).await.unwrap_err();
    // Each cause once: the variant's message does not repeat its source.
    assert_eq!(
        chain(&err),
        "could not decode the response (HTTP 200): invalid type: string \"x\", expected i32"
    );
    match err {
        Error::Decode { status: 200, body, .. } => assert_eq!(body, r#"{"salesOrder":{"customerId":"x"}}"#),
        other => panic!("{other:?}"),
    }
    let err = client.get_sales_order(100001, &Default::default()).await.unwrap_err();
    assert_eq!(err.code(), Some(&ApiErrorCode::SalesOrderNotFound));
    assert_eq!(ApiErrorCode::from_code("101015"), ApiErrorCode::PermissionNotFound);
    assert_eq!(ApiErrorCode::from_code("300404"), ApiErrorCode::ShipmentNotFound);
    assert_eq!(ApiErrorCode::from_code("100001"), ApiErrorCode::CustomerNotFound);
}

#[tokio::test]
async fn odd_names_recursion_maps_pairs_and_raw_values_round_trip() {
    let body = r#"{"type":"express","PhoneID":1,"phone_id":2,"Størrelse":1.5,"3DModel":"m","Self":true,"Kind":2,"Events":{"a":"b"},"Pair":{"Key":"k","Value":3},"Raw":{"any":[1,2]},"Carrier":{"name":"Bring"},"Weights":[1.0,2.5],"Category":{"Name":"Root","Parent":{"Name":"Sub"}},"Code":"B","Reference":"67e55044-10b1-426f-9247-bb680e5fe0c8","PickupTime":"14:15:22"}"#;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/logistics/shipments/1000000/tracking"))
        .and(header("accept-language", "nb-NO"))
        .respond_with(ResponseTemplate::new(200).set_body_string(body))
        .expect(1)
        .mount(&server)
        .await;
    let t: Tracking = client(&server).get_shipment_tracking(1_000_000, "nb-NO", &Default::default()).await.unwrap().into_inner();
    assert_eq!(t.r#type, "express");
    assert_eq!((t.phone_id, t.phone_id_2), (Some(1), Some(2)));
    assert_eq!(t.storrelse, Some(1.5));
    assert_eq!(t.n_3d_model.as_deref(), Some("m"));
    assert_eq!(t.self_, Some(true));
    assert_eq!(t.kind, Some(ShipmentKind::Pallet));
    assert_eq!(t.pair.as_ref().unwrap().value, 3);
    assert_eq!(t.carrier.as_ref().unwrap()["name"], "Bring");
    assert_eq!(t.weights, Some(vec![1.0, 2.5]));
    let category = t.category.clone().unwrap();
    assert_eq!(category, Category { name: "Root".into(), parent: Some(Box::new(Category { name: "Sub".into(), parent: None })) });
    assert_eq!(t.reference.unwrap().to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert_eq!(t.pickup_time, edge_cases::TimeOfDay::parse("14:15:22Z"));
    // `Tracking` is only received: serialising it again needs the feature `full-serde`.
    let again: serde_json::Value = serde_json::to_value(&t).unwrap();
    assert_eq!(again, serde_json::from_str::<serde_json::Value>(body).unwrap());
    assert_eq!(ShipmentKind::from_value(0), ShipmentKind::Unknown2);
    assert_eq!(serde_json::from_str::<ShipmentKind>(r#""Pallet""#).unwrap(), ShipmentKind::Pallet);
    assert_eq!(ShipmentKind::from_value(9), ShipmentKind::Unknown(9));
    // The lookahead pattern cannot be compiled by the regex crate: documented, not checked.
    let long = Category { name: "x".repeat(21), parent: None };
    assert_eq!(edge_cases::Validate::validate(&long).unwrap_err().to_string(), "`name` must have a length of at most 20");
}

#[tokio::test]
async fn list_parameters_repeat_and_enum_parameters_send_their_wire_value() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/logistics/shipments"))
        .respond_with(ResponseTemplate::new(200).insert_header("etag", "\"v7\"").set_body_string("[]"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let raw = client
        .list_shipments(&[1_000_001, 1_000_002], &ShipmentKind::Parcel, &Default::default())
        .await
        .unwrap();
    // The docs do not describe this body: it stays raw, reachable through `Deref`, with the
    // status and headers beside it.
    assert_eq!(raw.text(), "[]");
    assert_eq!((raw.status(), raw.header("ETag")), (200, Some("\"v7\"")));
    assert_eq!(raw.into_inner().body, b"[]");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), Some("ids=1000001&ids=1000002&kind=1&%24db=SYS"));
    let err = client.list_shipments(&[], &ShipmentKind::Parcel, &Default::default()).await.unwrap_err();
    assert_eq!(chain(&err), "invalid request: `ids` must have a length of at least 1");
    let err = client.list_shipments(&[1, 1], &ShipmentKind::Parcel, &Default::default()).await.unwrap_err();
    assert_eq!(chain(&err), "invalid request: `ids` must not contain duplicate items");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

const RECEIPT_XML: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Receipt xmlns="urn:example:customs"><ReceiptId>9007199254740993</ReceiptId><Accepted>true</Accepted><Origin><Street>Storgata 1</Street><PostalCode>0155</PostalCode><Country>NO</Country></Origin></Receipt>"#;

fn declaration() -> CustomsDeclaration {
    CustomsDeclaration {
        hs_code: "8471.30".into(),
        weight: 1250,
        lines: Some(vec!["Laptop & charger".into(), "Mouse".into()]),
        note: None,
    }
}

#[tokio::test]
async fn xml_only_operation_sends_exact_xml_and_decodes_the_xml_response() {
    let server = MockServer::start().await;
    let expected = r#"<CustomsDeclaration xmlns="urn:example:customs"><HSCode>8471.30</HSCode><WeightGrams>1250</WeightGrams><Line>Laptop &amp; charger</Line><Line>Mouse</Line></CustomsDeclaration>"#;
    Mock::given(method("PUT"))
        .and(path("/v1/logistics/shipments/1000001/customs"))
        .and(query_param("$db", "SYS"))
        .and(header("content-type", "application/xml"))
        .and(header("accept", "text/xml"))
        .and(body_string(expected))
        .respond_with(ResponseTemplate::new(200).set_body_raw(RECEIPT_XML, "text/xml; charset=utf-8"))
        .expect(1)
        .mount(&server)
        .await;
    let receipt = client(&server)
        .declare_customs(1_000_001, &declaration(), &DeclareCustomsOptions::default())
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        receipt,
        CustomsReceipt {
            receipt_id: 9_007_199_254_740_993,
            accepted: true,
            // `Address` is also a JSON model: its XML element names are accepted as aliases.
            origin: Some(Address {
                street: Some("Storgata 1".into()),
                postal_code: Some("0155".into()),
                country: Some("NO".into()),
            }),
        }
    );
}

#[tokio::test]
async fn json_operations_of_an_api_with_xml_keep_json_headers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/sales/orders"))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(201).set_body_string(format!(r#"{{"salesOrder":{ORDER_JSON}}}"#)))
        .expect(1)
        .mount(&server)
        .await;
    client(&server).create_sales_order(&order(), &CreateSalesOrderOptions::default()).await.unwrap();
}

#[tokio::test]
async fn xml_bodies_are_validated_and_xml_decode_errors_keep_the_body() {
    let server = MockServer::start().await;
    // Only the second call reaches the server: the first is stopped by validation.
    let bad_xml = "<Receipt><ReceiptId>x</ReceiptId><Accepted>true</Accepted></Receipt>";
    Mock::given(method("PUT"))
        .and(path("/v1/logistics/shipments/7/customs"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(bad_xml, "text/xml"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let mut invalid = declaration();
    invalid.hs_code = "8471".into();
    match client.declare_customs(7, &invalid, &Default::default()).await.unwrap_err() {
        Error::Validation(e) => {
            assert_eq!(e.field, "body.hs_code");
            assert_eq!(e.rule, Rule::Pattern(r"^\d{4}\.\d{2}$"));
        }
        other => panic!("{other:?}"),
    }
    match client.declare_customs(7, &declaration(), &Default::default()).await.unwrap_err() {
        Error::DecodeXml { status: 200, body, .. } => assert_eq!(body, bad_xml),
        other => panic!("{other:?}"),
    }
}

#[test]
fn blocking_client_speaks_xml_too() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(MockServer::start());
    runtime.block_on(
        Mock::given(method("PUT"))
            .and(path("/v1/logistics/shipments/1000002/customs"))
            .and(header("accept", "text/xml"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(RECEIPT_XML, "text/xml"))
            .expect(1)
            .mount(&server),
    );
    let client = Client::builder().base_url(format!("{}/v1", server.uri())).access_token("tok").build_blocking().unwrap();
    let receipt = client.declare_customs(1_000_002, &declaration(), &Default::default()).unwrap();
    assert!(receipt.accepted);
}

#[tokio::test]
async fn the_blocking_client_refuses_an_async_context_with_an_error() {
    let built = Client::builder().base_url("http://127.0.0.1:9").build_blocking();
    assert!(matches!(built, Err(Error::AsyncContext)), "{built:?}");
    let outside = std::thread::spawn(|| Client::builder().base_url("http://127.0.0.1:9").build_blocking().unwrap())
        .join()
        .unwrap();
    let err = outside.get_sales_order(100000, &Default::default()).unwrap_err();
    assert!(matches!(err, Error::AsyncContext), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the blocking client cannot be used inside an asynchronous runtime; use the asynchronous Client there"
    );
    // Its runtime is shut down without blocking, so dropping it here does not panic.
    drop(outside);
}

/// A page of `ids` as `listSalesOrders` returns it.
fn orders_page(ids: &[i64]) -> String {
    let orders: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"salesOrderId":{id},"customerId":100000,"currency":"NOK","orderDate":"2024-01-31"}}"#))
        .collect();
    format!(r#"{{"salesOrders":[{}]}}"#, orders.join(","))
}

/// Serves exactly three pages of page size 2: two full ones and a short last one.
async fn three_pages(server: &MockServer) {
    for (skip, ids) in [("0", &[100001, 100002][..]), ("2", &[100003, 100004]), ("4", &[100005])] {
        Mock::given(method("GET"))
            .and(path("/v1/sales/orders"))
            .and(query_param("$top", "2"))
            .and(query_param("$skip", skip))
            .respond_with(ResponseTemplate::new(200).set_body_string(orders_page(ids)))
            .expect(1)
            .mount(server)
            .await;
    }
}

const PAGE_QUERIES: [&str; 3] = [
    "search=ACME&%24top=2&%24db=SYS&%24skip=0",
    "search=ACME&%24top=2&%24db=SYS&%24skip=2",
    "search=ACME&%24top=2&%24db=SYS&%24skip=4",
];

#[tokio::test]
async fn the_page_stream_walks_three_pages_and_stops_after_the_short_one() {
    use edge_cases::futures::StreamExt;
    let server = MockServer::start().await;
    three_pages(&server).await;
    let client = client(&server);
    let options = ListSalesOrdersOptions::default().search("ACME").top(2);
    let items: Vec<Result<SalesOrder, Error>> = client.list_sales_orders_all(&options).collect().await;
    let ids: Vec<Option<i64>> = items.into_iter().map(|r| r.unwrap().sales_order_id).collect();
    assert_eq!(ids, [Some(100001), Some(100002), Some(100003), Some(100004), Some(100005)]);
    let requests = server.received_requests().await.unwrap();
    let queries: Vec<&str> = requests.iter().map(|r| r.url.query().unwrap()).collect();
    assert_eq!(queries, PAGE_QUERIES);
}

#[tokio::test]
async fn the_page_stream_uses_the_documented_maximum_and_ends_with_the_first_error() {
    use edge_cases::futures::StreamExt;
    let server = MockServer::start().await;
    let full: Vec<i64> = (1..=80).collect();
    Mock::given(method("GET"))
        .and(query_param("$skip", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_string(orders_page(&full)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("$skip", "80"))
        .respond_with(ResponseTemplate::new(404).set_body_string(r#"{"error":{"status":404,"message":"Gone","errorMessage":{"id":101015}}}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let items: Vec<Result<SalesOrder, Error>> = client.list_sales_orders_all(&Default::default()).collect().await;
    assert_eq!(items.len(), 81);
    assert_eq!(items[79].as_ref().unwrap().sales_order_id, Some(80));
    let err = items[80].as_ref().unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some(&ApiErrorCode::from_code("101015")));
    let requests = server.received_requests().await.unwrap();
    let queries: Vec<&str> = requests.iter().map(|r| r.url.query().unwrap()).collect();
    assert_eq!(queries, ["%24top=80&%24db=SYS&%24skip=0", "%24top=80&%24db=SYS&%24skip=80"]);
}

#[test]
fn the_blocking_page_iterator_walks_the_same_three_pages() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(MockServer::start());
    runtime.block_on(three_pages(&server));
    let client = Client::builder()
        .base_url(format!("{}/v1", server.uri()))
        .access_token("tok")
        .db("SYS")
        .build_blocking()
        .unwrap();
    let options = ListSalesOrdersOptions::default().search("ACME").top(2);
    let mut items = client.list_sales_orders_all(&options);
    let ids: Vec<Option<i64>> = items.by_ref().map(|r| r.unwrap().sales_order_id).collect();
    assert_eq!(ids, [Some(100001), Some(100002), Some(100003), Some(100004), Some(100005)]);
    assert!(items.next().is_none());
    let requests = runtime.block_on(server.received_requests()).unwrap();
    let queries: Vec<&str> = requests.iter().map(|r| r.url.query().unwrap()).collect();
    assert_eq!(queries, PAGE_QUERIES);
}

/// The model structs' written-out `Deserialize` reads objects as serde's derive did: unknown
/// fields are skipped whatever their shape, XML names are accepted as aliases, `null` or a
/// missing optional field is `None`, escaped and owned keys (`from_value`) match, and a
/// duplicate field (also through its alias), a missing required field or a wrong shape is
/// serde's error naming the wire field or the type.
#[test]
fn model_structs_decode_objects_as_the_serde_derive_did() {
    let address: Address = serde_json::from_str(
        r#"{"street": "Storgata 1", "extra": [1, {"x": [null]}], "PostalCode": "0155", "country": null}"#,
    )
    .unwrap();
    assert_eq!(address.street.as_deref(), Some("Storgata 1"));
    assert_eq!(address.postal_code.as_deref(), Some("0155"));
    assert_eq!(address.country, None);
    let escaped: Address = serde_json::from_str(r#"{"stre\u0065t": "x"}"#).unwrap();
    assert_eq!(escaped.street.as_deref(), Some("x"));
    let owned: Address =
        serde_json::from_value(serde_json::json!({"postalCode": "0150", "Country": "NO"})).unwrap();
    assert_eq!(
        (owned.postal_code.as_deref(), owned.country.as_deref()),
        (Some("0150"), Some("NO"))
    );
    assert_eq!(serde_json::from_str::<Address>("{}").unwrap(), Address::default());
    let error = |json: &str| serde_json::from_str::<Address>(json).unwrap_err().to_string();
    assert_eq!(
        [
            error(r#"{"street": "a", "Street": "b"}"#),
            error(r#"{"street": 5}"#),
            error(r#"["a", "b", "c"]"#),
        ],
        [
            "duplicate field `street` at line 1 column 24",
            "invalid type: integer `5`, expected a string at line 1 column 12",
            "invalid type: sequence, expected struct Address at line 1 column 1",
        ]
    );
    let category: Category =
        serde_json::from_str(r#"{"Name": "Tools", "Parent": {"Name": "All", "Parent": null}}"#)
            .unwrap();
    assert_eq!(category.name, "Tools");
    assert_eq!(category.parent.as_ref().map(|p| p.name.as_str()), Some("All"));
    assert_eq!(
        serde_json::from_str::<Category>(r#"{"Parent": {"Name": "All"}}"#)
            .unwrap_err()
            .to_string(),
        "missing field `Name` at line 1 column 27"
    );
}
