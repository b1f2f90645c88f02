//! The RamBase seed operation `PUT /collaboration/contacts/{contactId}/phones/{phoneId}`
//! against a wiremock server.

use rambase_seed::{
    ApiErrorCode, Client, Error, Phone, ResponseValue, RetryPolicy, Rule, UpdateContactPhoneOptions,
};
use std::time::Duration;
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PATH: &str = "/collaboration/contacts/100000/phones/1";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .access_token("T0K3N")
        .db("DEMO")
        .retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..RetryPolicy::default()
        })
        .build()
        .unwrap()
}

fn phone() -> Phone {
    Phone {
        r#type: Some("MOB".into()),
        is_default: Some(true),
        phone_number: Some("+47 (0) 22.33-44".into()),
    }
}

#[test]
fn documented_base_url_is_the_default() {
    assert_eq!(rambase_seed::DEFAULT_BASE_URL, "https://api.rambase.net");
    let client = Client::builder().build().unwrap();
    assert_eq!(client.base_url().as_str(), "https://api.rambase.net/");
}

#[tokio::test]
async fn sends_method_path_query_headers_and_wrapped_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(PATH))
        .and(query_param("$db", "DEMO"))
        .and(query_param("$format", "json"))
        .and(header("authorization", "Bearer T0K3N"))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(body_string(
            r#"{"phone":{"type":"MOB","isDefault":true,"phoneNumber":"+47 (0) 22.33-44"}}"#,
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"phone":{}}"#))
        .expect(1)
        .mount(&server)
        .await;
    // The page documents the 200 response without fields: the method returns no body.
    let response: ResponseValue<()> = client(&server)
        .update_contact_phone(100000, 1, Some(&phone()), &UpdateContactPhoneOptions::default())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].url.query(), Some("%24db=DEMO&%24format=json"));
    assert!(requests[0].headers.get("user-agent").unwrap().to_str().unwrap().starts_with("rambase-seed/"));
}

#[tokio::test]
async fn options_override_client_defaults_and_optional_fields_are_omitted() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(PATH))
        .and(body_string(r#"{"phone":{"phoneNumber":"123"}}"#))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let phone = Phone { phone_number: Some("123".into()), ..Phone::default() };
    let options = UpdateContactPhoneOptions::default().db("OTHER").use_minimum_version(2);
    client(&server).update_contact_phone(100000, 1, Some(&phone), &options).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests[0].url.query(),
        Some("%24db=OTHER&%24useMinimumVersion=2&%24format=json")
    );
}

#[tokio::test]
async fn no_body_sends_no_body() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).and(path(PATH)).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    client(&server).update_contact_phone(100000, 1, None, &Default::default()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].body.is_empty());
    assert!(requests[0].headers.get("content-type").is_none());
}

async fn error_for(status: u16, body: &str) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(PATH))
        .respond_with(ResponseTemplate::new(status).set_body_string(body))
        .mount(&server)
        .await;
    client(&server)
        .update_contact_phone(100000, 1, Some(&phone()), &Default::default())
        .await
        .unwrap_err()
}

fn rambase_error(status: u16, id: &str, message: &str) -> String {
    format!(
        r#"{{"error":{{"status":{status},"message":"{message}","errorMessage":{{"id":{id},"parameters":[]}}}}}}"#
    )
}

#[tokio::test]
async fn every_documented_error_code_maps_to_its_member() {
    let documented = [
        (404, "101015", "Permission not found", ApiErrorCode::PermissionNotFound),
        (
            400,
            "105991",
            "Event is not of the same type as event set on the automated flow",
            ApiErrorCode::EventIsNotOfTheSameTypeAsEventSetOnTheAutomatedFlow,
        ),
        (404, "101420", "Setting definition not found", ApiErrorCode::SettingDefinitionNotFound),
    ];
    for (status, id, message, member) in documented {
        let body = rambase_error(status, id, message);
        match error_for(status, &body).await {
            Error::Api(e) => {
                assert_eq!(e.status, status);
                assert_eq!(e.code, Some(member.clone()));
                assert_eq!(e.message.as_deref(), Some(message));
                assert_eq!(e.text(), body);
                let typed = e.body.as_ref().unwrap();
                assert_eq!(typed.code(), Some(member.clone()));
                assert_eq!(typed.status, Some(status));
                assert_eq!(typed.message.as_deref(), Some(message));
            }
            other => panic!("{id}: {other:?}"),
        }
        assert_eq!(member.code(), id);
        assert_eq!(member.documented_message(), Some(message));
        assert_eq!(member.documented_status(), Some(status));
        assert_eq!(ApiErrorCode::from_code(id), member);
    }
    let err = error_for(404, &rambase_error(404, "999999", "Something new")).await;
    assert_eq!(err.code(), Some(&ApiErrorCode::Unknown("999999".into())));
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.to_string(), "API error (HTTP 404, code 999999): Something new");
    match error_for(500, "<html>oops</html>").await {
        Error::Api(e) => {
            assert_eq!((e.status, e.code.clone(), e.message.clone()), (500, None, None));
            // Not the documented error type: the raw bytes are kept.
            assert!(e.body.is_none());
            assert_eq!(e.raw, b"<html>oops</html>");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_documented_error_body_decodes_with_headers_code_parameters_and_inner_errors() {
    let server = MockServer::start().await;
    let body = r#"{"error":{"status":404,"description":"The permission does not exist","message":"Permission not found","translatedMessage":"Tillatelse ikke funnet","errorMessage":{"id":101015,"parameters":["100000",7]},"innerErrors":[{"status":404,"message":"Contact 100000 not found","errorMessage":{"id":"101420","parameters":[]}}]}}"#;
    Mock::given(method("PUT"))
        .and(path(PATH))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-42")
                .set_body_string(body),
        )
        .mount(&server)
        .await;
    let err = client(&server)
        .update_contact_phone(100000, 1, None, &Default::default())
        .await
        .unwrap_err();
    let e = err.api_error().unwrap();
    assert_eq!(e.status, 404);
    assert_eq!(e.headers.get("x-request-id").unwrap(), "req-42");
    assert_eq!(e.code, Some(ApiErrorCode::PermissionNotFound));
    let typed = e.body.as_ref().unwrap();
    assert_eq!(typed.status, Some(404));
    assert_eq!(typed.description.as_deref(), Some("The permission does not exist"));
    assert_eq!(typed.message.as_deref(), Some("Permission not found"));
    assert_eq!(typed.translated_message.as_deref(), Some("Tillatelse ikke funnet"));
    assert_eq!(typed.code(), Some(ApiErrorCode::PermissionNotFound));
    let parameters = &typed.error_message.as_ref().unwrap().parameters;
    assert_eq!(parameters, &[serde_json::json!("100000"), serde_json::json!(7)]);
    assert_eq!(typed.inner_errors.len(), 1);
    let inner = &typed.inner_errors[0];
    assert_eq!(inner.message.as_deref(), Some("Contact 100000 not found"));
    assert_eq!(inner.code(), Some(ApiErrorCode::SettingDefinitionNotFound));
    assert!(inner.inner_errors.is_empty());
    assert_eq!(e.raw, body.as_bytes());
    assert_eq!(err.to_string(), "API error (HTTP 404, code 101015): Permission not found");
}

#[tokio::test]
async fn a_response_value_carries_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("etag", "\"v7\"")
                .insert_header("location", "/collaboration/contacts/100000/phones/1")
                .insert_header("x-ratelimit-remaining", "99")
                .set_body_string(r#"{"phone":{}}"#),
        )
        .mount(&server)
        .await;
    // The page documents 200 without a body, so whatever the server sends is dropped (the
    // edge cases' tests show an undescribed body kept raw).
    let response: ResponseValue<()> = client(&server)
        .update_contact_phone(100000, 1, None, &Default::default())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("ETag"), Some("\"v7\""));
    assert_eq!(response.header("location"), Some("/collaboration/contacts/100000/phones/1"));
    assert_eq!(response.headers().get("x-ratelimit-remaining").unwrap(), "99");
}

#[tokio::test]
async fn validation_failures_stop_the_request_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    let client = client(&server);
    match client.update_contact_phone(99999, 1, None, &Default::default()).await {
        Err(Error::Validation(e)) => {
            assert_eq!(e.field, "contact_id");
            assert_eq!(e.rule, Rule::Minimum { bound: "100000", exclusive: false });
        }
        other => panic!("{other:?}"),
    }
    match client.update_contact_phone(100000, 0, None, &Default::default()).await {
        Err(Error::Validation(e)) => assert_eq!(e.field, "phone_id"),
        other => panic!("{other:?}"),
    }
    let bad = Phone { phone_number: Some("call me".into()), ..Phone::default() };
    let err = client.update_contact_phone(100000, 1, Some(&bad), &Default::default()).await.unwrap_err();
    // The message does not repeat its cause; the cause is the source.
    assert_eq!(err.to_string(), "invalid request");
    assert_eq!(
        std::error::Error::source(&err).unwrap().to_string(),
        r"`body.phone_number` must match the regular expression ^([0-9\(\)\s\.\+\-])*$"
    );
    assert!(server.received_requests().await.unwrap().is_empty());

    let unchecked = Client::builder().base_url(server.uri()).validation(false).build().unwrap();
    unchecked.update_contact_phone(99999, 1, Some(&bad), &Default::default()).await.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn retries_503_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "0"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(200)).with_priority(2).mount(&server).await;
    let r = client(&server).update_contact_phone(100000, 1, Some(&phone()), &Default::default()).await.unwrap();
    assert_eq!(r.status(), 200);
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.body == requests[0].body));
}

#[tokio::test]
async fn retries_stop_after_the_policy_limit_and_can_be_disabled() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let err = client(&server).update_contact_phone(100000, 1, None, &Default::default()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 4);

    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let once = Client::builder().base_url(server.uri()).retry_policy(RetryPolicy::none()).build().unwrap();
    once.update_contact_phone(100000, 1, None, &Default::default()).await.unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn default_headers_user_agent_and_bad_configuration() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(header("x-tenant", "acme"))
        .and(header("user-agent", "my-app/1.0"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .default_header("X-Tenant", "acme")
        .user_agent("my-app/1.0")
        .build()
        .unwrap();
    client.update_contact_phone(100000, 1, None, &Default::default()).await.unwrap();
    assert!(matches!(Client::builder().base_url("not a url").build(), Err(Error::Config(_))));
    assert!(matches!(Client::builder().default_header("bad header", "x").build(), Err(Error::Config(_))));
    let debug = format!("{:?}", Client::builder().access_token("SECRET"));
    assert!(!debug.contains("SECRET"), "{debug}");
}

#[test]
fn blocking_client_has_the_same_shape() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .and(path(PATH))
            .and(body_string(r#"{"phone":{"isDefault":false}}"#))
            .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
            .expect(1)
            .mount(&server)
            .await;
        server
    });
    let client = Client::builder().base_url(server.uri()).build_blocking().unwrap();
    let phone = Phone { is_default: Some(false), ..Phone::default() };
    let r: ResponseValue<()> = client.update_contact_phone(100000, 1, Some(&phone), &Default::default()).unwrap();
    assert_eq!(r.status(), 200);
    drop(runtime);
}

#[tokio::test]
async fn slow_answers_time_out_and_closed_ports_are_transport_errors() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_millis(800)))
        .mount(&server)
        .await;
    let impatient = Client::builder()
        .base_url(server.uri())
        .timeout(Some(Duration::from_millis(100)))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let err = impatient.update_contact_phone(100000, 1, None, &Default::default()).await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let nowhere = Client::builder()
        .base_url(format!("http://{closed}"))
        .retry_policy(RetryPolicy { initial_backoff: Duration::from_millis(1), ..RetryPolicy::default() })
        .build()
        .unwrap();
    let err = nowhere.update_contact_phone(100000, 1, None, &Default::default()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(err.status(), None);
}
