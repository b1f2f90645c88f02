//! The Caliber seed operation `PATCH /api/v2/clientcontact/{clientContactId}/phone` against a
//! wiremock server.

use caliber_seed::{Client, Error, NameOptions, ObjectTypes, Phone, Timestamp};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The JSON sample of the documentation page, minus its indentation.
const SAMPLE: &str = r#"{"PhoneID":1,"RefType":0,"RefID":1,"PhoneType":1,"PhoneTypeName":"sample string 2","AreaCode":"sample string 3","Number":"sample string 4","Extension":"sample string 5","IsPrimary":true,"IsSecondary":true,"NameOption":0,"IsDeleted":true,"DateCreated":"2025-05-20T10:21:27.326011600-07:00","CreatedBy":1,"LastModified":"2025-05-20T10:21:27.326011600-07:00","ModifiedBy":1}"#;

fn sample_phone() -> Phone {
    let at = Timestamp::parse("2025-05-20T10:21:27.3260116-07:00").unwrap();
    Phone {
        phone_id: Some(1),
        ref_type: Some(ObjectTypes::Division),
        ref_id: Some(1),
        phone_type: Some(1),
        phone_type_name: Some("sample string 2".into()),
        area_code: Some("sample string 3".into()),
        number: Some("sample string 4".into()),
        extension: Some("sample string 5".into()),
        is_primary: Some(true),
        is_secondary: Some(true),
        name_option: Some(NameOptions::Contact1),
        is_deleted: Some(true),
        date_created: Some(at),
        created_by: Some(1),
        last_modified: Some(at),
        modified_by: Some(1),
    }
}

#[test]
fn the_documentation_gives_no_base_url_so_the_builder_requires_one() {
    match Client::builder().build() {
        Err(Error::Config(message)) => assert!(message.contains("no base URL"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn page_sample_decodes_and_encodes_with_table_names() {
    let pretty = r#"{
  "PhoneID": 1, "RefType": 0, "RefID": 1, "PhoneType": 1, "PhoneTypeName": "sample string 2",
  "AreaCode": "sample string 3", "Number": "sample string 4", "Extension": "sample string 5",
  "IsPrimary": true, "IsSecondary": true, "NameOption": 0, "IsDeleted": true,
  "DateCreated": "2025-05-20T10:21:27.3260116-07:00", "CreatedBy": 1,
  "LastModified": "2025-05-20T10:21:27.3260116-07:00", "ModifiedBy": 1
}"#;
    let phone: Phone = serde_json::from_str(pretty).unwrap();
    assert_eq!(phone, sample_phone());
    assert_eq!(serde_json::to_string(&phone).unwrap(), SAMPLE);
}

#[test]
fn date_times_without_offset_decode_and_round_trip() {
    let phone: Phone = serde_json::from_str(r#"{"DateCreated":"2025-05-20T10:21:27.3260116"}"#).unwrap();
    let created = phone.date_created.unwrap();
    assert_eq!(created.offset, None);
    assert_eq!(
        serde_json::to_string(&phone).unwrap(),
        r#"{"DateCreated":"2025-05-20T10:21:27.326011600"}"#
    );
}

#[test]
fn inferred_enums_accept_unknown_values_and_xml_names() {
    let kinds: Vec<ObjectTypes> = serde_json::from_str(r#"[0, 7, "Division"]"#).unwrap();
    assert_eq!(kinds, [ObjectTypes::Division, ObjectTypes::Unknown(7), ObjectTypes::Division]);
    assert_eq!(serde_json::to_string(&ObjectTypes::Unknown(7)).unwrap(), "7");
    assert!(serde_json::from_str::<ObjectTypes>(r#""Region""#).is_err());
    assert_eq!(NameOptions::from_value(0), NameOptions::Contact1);
}

#[tokio::test]
async fn patch_sends_the_body_unwrapped_with_exact_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/api/v2/clientcontact/42/phone"))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(body_string(SAMPLE))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"ok":true}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(format!("{}/", server.uri())).build().unwrap();
    // The page's body parameter is required: the method takes the body, not an `Option`.
    let response = client.patch_clientcontact_phone(42, &sample_phone()).await.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.json::<serde_json::Value>().unwrap()["ok"], true);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests[0].url.query(), None);
}

#[tokio::test]
async fn base_url_prefixes_are_kept_and_patch_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/caliber/api/v2/clientcontact/1/phone"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(format!("{}/caliber", server.uri())).build().unwrap();
    let err = client.patch_clientcontact_phone(1, &Phone::default()).await.unwrap_err();
    assert!(matches!(&err, Error::Api(e) if e.status == 503 && e.code.is_none()), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "PATCH is not idempotent");
}

#[tokio::test]
async fn aspnet_error_messages_are_read() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(400).set_body_string(r#"{"Message":"The request is invalid."}"#))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    match client.patch_clientcontact_phone(1, &Phone::default()).await.unwrap_err() {
        Error::Api(e) => {
            assert_eq!((e.status, e.code.clone()), (400, None));
            assert_eq!(e.message.as_deref(), Some("The request is invalid."));
            // No error body type is documented: the body is any JSON.
            assert_eq!(e.body, Some(serde_json::json!({"Message": "The request is invalid."})));
        }
        other => panic!("{other:?}"),
    }
}
