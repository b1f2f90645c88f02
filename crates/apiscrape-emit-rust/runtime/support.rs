//! Support code every generated operation uses: wire encoding (root wrappers, path and query
//! values), error-body reading, validation rules and the retry policy.
//!
//! This module has no HTTP dependency, so it is unit-tested where it is written (apiscrape's
//! `crates/apiscrape-emit-rust/runtime/support.rs`) and vendored unchanged into every
//! generated client.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::Serialize;
use std::fmt;
use std::time::{Duration, SystemTime};

/// Serialises `value` as JSON; with `wrapper`, inside a one-key root object
/// (`{"phone": {...}}`), keeping the struct's field order.
pub fn encode_json<T: Serialize + ?Sized>(
    value: &T,
    wrapper: Option<&str>,
) -> Result<Vec<u8>, serde_json::Error> {
    let inner = serde_json::to_vec(value)?;
    let Some(key) = wrapper else {
        return Ok(inner);
    };
    let key = serde_json::to_vec(key)?;
    let mut out = Vec::with_capacity(inner.len() + key.len() + 3);
    out.push(b'{');
    out.extend_from_slice(&key);
    out.push(b':');
    out.extend_from_slice(&inner);
    out.push(b'}');
    Ok(out)
}

/// Decodes a JSON body; with `wrapper`, from inside the root object when the body is a
/// one-key object with that key (a body without the wrapper is decoded as is).
pub fn decode_json<T: DeserializeOwned>(
    body: &[u8],
    wrapper: Option<&str>,
) -> Result<T, serde_json::Error> {
    if let Some(key) = wrapper {
        let mut value: serde_json::Value = serde_json::from_slice(body)?;
        if let Some(map) = value.as_object_mut() {
            if map.len() == 1 {
                if let Some(inner) = map.remove(key) {
                    return serde_json::from_value(inner);
                }
            }
        }
        return serde_json::from_value(value);
    }
    serde_json::from_slice(body)
}

/// The text of a path or query value: strings as they are, numbers and booleans as JSON
/// writes them, enums as their wire value, dates in ISO 8601.
pub fn param_text<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Null) => String::new(),
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// Characters percent-encoded in a path segment (RFC 3986 `pchar` complement).
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A value as one percent-encoded path segment (`a/b` → `a%2Fb`).
pub fn path_segment<T: Serialize + ?Sized>(value: &T) -> String {
    percent_encoding::utf8_percent_encode(&param_text(value), PATH_SEGMENT).to_string()
}

/// What could be read from an error response body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorBody {
    /// Vendor error code (RamBase `errorMessage.id`, or a `code` / `errorCode` member).
    pub code: Option<String>,
    /// Human message (`message` / `Message`).
    pub message: Option<String>,
}

fn member<'a>(
    map: &'a serde_json::Map<String, serde_json::Value>,
    names: &[&str],
) -> Option<&'a serde_json::Value> {
    map.iter()
        .find(|(k, _)| names.iter().any(|n| k.eq_ignore_ascii_case(n)))
        .map(|(_, v)| v)
}

fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads a vendor code and message from an error body, best effort: JSON objects, optionally
/// inside an `error` member (RamBase `{"error": {"message": .., "errorMessage": {"id": ..}}}`,
/// ASP.NET `{"Message": ..}`). Anything else gives no code and no message.
pub fn parse_error_body(body: &[u8]) -> ErrorBody {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return ErrorBody::default();
    };
    let Some(mut map) = value.as_object() else {
        return ErrorBody::default();
    };
    if let Some(inner) = member(map, &["error"]).and_then(|v| v.as_object()) {
        map = inner;
    }
    let nested = member(map, &["errorMessage"]).and_then(|v| v.as_object());
    let code = nested
        .and_then(|m| member(m, &["id", "code"]))
        .or_else(|| member(map, &["errorCode", "code", "errorId"]))
        .and_then(scalar_text);
    let message = member(map, &["message", "errorDescription"])
        .and_then(scalar_text)
        .or_else(|| {
            nested
                .and_then(|m| member(m, &["message"]))
                .and_then(scalar_text)
        });
    ErrorBody { code, message }
}

/// A JSON value that is either an integer or a string (integer enums accept both, since
/// ASP.NET can be configured to write enum names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntOrString {
    /// A JSON integer.
    Int(i64),
    /// A JSON string.
    String(String),
}

impl<'de> serde::Deserialize<'de> for IntOrString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = IntOrString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or a string")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<IntOrString, E> {
                Ok(IntOrString::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<IntOrString, E> {
                i64::try_from(v)
                    .map(IntOrString::Int)
                    .map_err(|_| E::custom("integer out of range"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<IntOrString, E> {
                Ok(match v.trim().parse::<i64>() {
                    Ok(n) => IntOrString::Int(n),
                    Err(_) => IntOrString::String(v.to_string()),
                })
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A field name read from an object while decoding a model struct, borrowed from the input
/// when the deserializer can lend it. The model structs' `Deserialize` impls (written by the
/// generator instead of derived, which halves what rustc checks per type) match on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName<'de>(std::borrow::Cow<'de, str>);

impl FieldName<'_> {
    /// The name as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> serde::Deserialize<'de> for FieldName<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldName<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<FieldName<'de>, E> {
                Ok(FieldName(std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FieldName<'de>, E> {
                Ok(FieldName(std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<FieldName<'de>, E> {
                Ok(FieldName(std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_identifier(V)
    }
}

/// Reads the value of field `name` into `slot`: a second value of the same field (under its
/// name or an alias) is serde's `duplicate field` error, as a derived impl gives.
pub fn read_once<'de, A: de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of required field `name`, or serde's `missing field` error.
pub fn required<E: de::Error, T>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// A constraint from the docs that a value broke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// Smaller than the documented minimum.
    Minimum {
        /// The bound as documented.
        bound: &'static str,
        /// Whether the bound itself is excluded.
        exclusive: bool,
    },
    /// Larger than the documented maximum.
    Maximum {
        /// The bound as documented.
        bound: &'static str,
        /// Whether the bound itself is excluded.
        exclusive: bool,
    },
    /// Shorter (strings: characters; lists: items) than documented.
    MinLength(u64),
    /// Longer than documented.
    MaxLength(u64),
    /// Does not match the documented regular expression.
    Pattern(&'static str),
    /// Not one of the documented values.
    AllowedValues(&'static [&'static str]),
    /// Items of a list that must be unique are not.
    UniqueItems,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Minimum {
                bound,
                exclusive: false,
            } => write!(f, "must be at least {bound}"),
            Rule::Minimum {
                bound,
                exclusive: true,
            } => write!(f, "must be greater than {bound}"),
            Rule::Maximum {
                bound,
                exclusive: false,
            } => write!(f, "must be at most {bound}"),
            Rule::Maximum {
                bound,
                exclusive: true,
            } => write!(f, "must be less than {bound}"),
            Rule::MinLength(n) => write!(f, "must have a length of at least {n}"),
            Rule::MaxLength(n) => write!(f, "must have a length of at most {n}"),
            Rule::Pattern(p) => write!(f, "must match the regular expression {p}"),
            Rule::AllowedValues(values) => write!(f, "must be one of {}", values.join(", ")),
            Rule::UniqueItems => f.write_str("must not contain duplicate items"),
        }
    }
}

/// A request value that breaks a documented constraint; the request was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The Rust path of the value (`body.phone_number`, `contact_id`).
    pub field: String,
    /// The rule it breaks.
    pub rule: Rule,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.field, self.rule)
    }
}

impl std::error::Error for ValidationError {}

impl ValidationError {
    /// Prefixes the field path with `parent` (`parent.field`, `parent[0].field`).
    pub fn within(mut self, parent: &str) -> Self {
        self.field = if self.field.starts_with('[') {
            format!("{parent}{}", self.field)
        } else {
            format!("{parent}.{}", self.field)
        };
        self
    }
}

/// Checks the documented constraints of a value before it is sent.
pub trait Validate {
    /// The first broken constraint, if any.
    fn validate(&self) -> Result<(), ValidationError>;
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), Validate::validate)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        for (i, item) in self.iter().enumerate() {
            item.validate().map_err(|e| ValidationError {
                field: format!("[{i}].{}", e.field),
                rule: e.rule,
            })?;
        }
        Ok(())
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        (**self).validate()
    }
}

fn fail(field: &str, rule: Rule) -> Result<(), ValidationError> {
    Err(ValidationError {
        field: field.to_string(),
        rule,
    })
}

/// Checks `value >= bound` (or `>` when exclusive).
pub fn check_minimum<T: PartialOrd>(
    field: &str,
    value: &T,
    bound: &T,
    text: &'static str,
    exclusive: bool,
) -> Result<(), ValidationError> {
    let ok = if exclusive {
        value > bound
    } else {
        value >= bound
    };
    if ok {
        Ok(())
    } else {
        fail(
            field,
            Rule::Minimum {
                bound: text,
                exclusive,
            },
        )
    }
}

/// Checks `value <= bound` (or `<` when exclusive).
pub fn check_maximum<T: PartialOrd>(
    field: &str,
    value: &T,
    bound: &T,
    text: &'static str,
    exclusive: bool,
) -> Result<(), ValidationError> {
    let ok = if exclusive {
        value < bound
    } else {
        value <= bound
    };
    if ok {
        Ok(())
    } else {
        fail(
            field,
            Rule::Maximum {
                bound: text,
                exclusive,
            },
        )
    }
}

/// Checks a length (characters of a string, items of a list) against documented bounds.
pub fn check_length(
    field: &str,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), ValidationError> {
    let len = len as u64;
    if let Some(min) = min.filter(|&m| len < m) {
        return fail(field, Rule::MinLength(min));
    }
    if let Some(max) = max.filter(|&m| len > m) {
        return fail(field, Rule::MaxLength(max));
    }
    Ok(())
}

/// Reports a failed regular-expression match (`matched` is the regex's verdict).
pub fn check_pattern(
    field: &str,
    matched: bool,
    pattern: &'static str,
) -> Result<(), ValidationError> {
    if matched {
        Ok(())
    } else {
        fail(field, Rule::Pattern(pattern))
    }
}

/// Checks that the wire text of `value` is one of `allowed`.
pub fn check_allowed<T: Serialize + ?Sized>(
    field: &str,
    value: &T,
    allowed: &'static [&'static str],
) -> Result<(), ValidationError> {
    if allowed.contains(&param_text(value).as_str()) {
        Ok(())
    } else {
        fail(field, Rule::AllowedValues(allowed))
    }
}

/// Checks that no two items of a list are equal.
pub fn check_unique<T: PartialEq>(field: &str, items: &[T]) -> Result<(), ValidationError> {
    for (i, a) in items.iter().enumerate() {
        if items[..i].contains(a) {
            return fail(field, Rule::UniqueItems);
        }
    }
    Ok(())
}

/// When and how often a failed request is sent again.
///
/// Retried are: idempotent requests (`GET`, `PUT`, `DELETE`, `HEAD`, `OPTIONS`) that failed to
/// connect or timed out, or were answered `429`, `502`, `503` or `504`; and any request
/// answered `429` or `503` with a `Retry-After` header (the server did not process it). The
/// delay is the server's `Retry-After` when given, else an exponential backoff
/// (`initial_backoff * 2^attempt`, capped at `max_backoff`). A `Retry-After` longer than
/// `max_retry_after` ends the retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// How many times a request is sent again at most (0 disables retries).
    pub max_retries: u32,
    /// Delay before the first retry without `Retry-After`.
    pub initial_backoff: Duration,
    /// Longest delay without `Retry-After`.
    pub max_backoff: Duration,
    /// Longest `Retry-After` the client is willing to wait.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, 200 ms initial backoff, 5 s maximum backoff, 60 s maximum `Retry-After`.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Whether a response with `status` to a request that was already retried `attempt`
    /// times is sent again.
    pub fn retries_status(
        &self,
        attempt: u32,
        idempotent: bool,
        status: u16,
        has_retry_after: bool,
    ) -> bool {
        attempt < self.max_retries
            && match status {
                429 | 503 => idempotent || has_retry_after,
                502 | 504 => idempotent,
                _ => false,
            }
    }

    /// Whether a request that failed in transport (connect error, timeout) is sent again.
    pub fn retries_transport(&self, attempt: u32, idempotent: bool) -> bool {
        idempotent && attempt < self.max_retries
    }

    /// The delay before retry number `attempt + 1`, or `None` when the server asks for a
    /// longer wait than `max_retry_after`.
    pub fn delay(
        &self,
        attempt: u32,
        retry_after: Option<&str>,
        now: SystemTime,
    ) -> Option<Duration> {
        if let Some(wait) = retry_after.and_then(|v| parse_retry_after(v, now)) {
            return (wait <= self.max_retry_after).then_some(wait);
        }
        let factor = 2u32.saturating_pow(attempt.min(16));
        Some(
            self.initial_backoff
                .saturating_mul(factor)
                .min(self.max_backoff),
        )
    }
}

/// Parses a `Retry-After` value: delay seconds (`120`) or an HTTP date
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), relative to `now`. A date in the past gives zero.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an HTTP date with `httpdate`: the IMF-fixdate RFC 9110 requires senders to use
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms recipients must accept
/// (RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`, asctime `Sun Nov  6 08:49:37 1994`).
fn parse_http_date(value: &str) -> Option<SystemTime> {
    httpdate::parse_http_date(value).ok()
}

/// A key/value pair as .NET serialises `KeyValuePair<K, V>` (`{"Key": .., "Value": ..}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct KeyValuePair<K, V> {
    /// The key.
    #[serde(rename = "Key")]
    pub key: K,
    /// The value.
    #[serde(rename = "Value")]
    pub value: V,
}

/// A response whose body the docs do not describe: the status and the raw body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The body as received.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body decoded as JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Phone {
        #[serde(rename = "type", skip_serializing_if = "Option::is_none", default)]
        kind: Option<String>,
        #[serde(rename = "phoneNumber")]
        number: String,
    }

    #[test]
    fn root_wrapper_is_added_in_field_order_and_removed() {
        let phone = Phone {
            kind: Some("MOB".into()),
            number: "+47 1".into(),
        };
        let bytes = encode_json(&phone, Some("phone")).unwrap();
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            r#"{"phone":{"type":"MOB","phoneNumber":"+47 1"}}"#
        );
        assert_eq!(decode_json::<Phone>(&bytes, Some("phone")).unwrap(), phone);
        let bare = br#"{"phoneNumber":"1"}"#;
        assert_eq!(
            decode_json::<Phone>(bare, Some("phone")).unwrap().number,
            "1"
        );
        assert_eq!(
            encode_json(&phone, None).unwrap(),
            br#"{"type":"MOB","phoneNumber":"+47 1"}"#
        );
    }

    #[test]
    fn param_text_and_path_segments() {
        assert_eq!(param_text("a b"), "a b");
        assert_eq!(param_text(&100000), "100000");
        assert_eq!(param_text(&true), "true");
        assert_eq!(param_text(&1.5f64), "1.5");
        assert_eq!(path_segment("a/b c?"), "a%2Fb%20c%3F");
        assert_eq!(path_segment(&42i64), "42");
        assert_eq!(path_segment("ÆØ"), "%C3%86%C3%98");
    }

    #[test]
    fn error_bodies_give_code_and_message() {
        let rambase = br#"{"error":{"status":404,"message":"Permission not found","errorMessage":{"id":101015,"parameters":[]}}}"#;
        assert_eq!(
            parse_error_body(rambase),
            ErrorBody {
                code: Some("101015".into()),
                message: Some("Permission not found".into())
            }
        );
        let aspnet = br#"{"Message":"The request is invalid."}"#;
        assert_eq!(
            parse_error_body(aspnet),
            ErrorBody {
                code: None,
                message: Some("The request is invalid.".into())
            }
        );
        let flat = br#"{"code":"E12","message":" x "}"#;
        assert_eq!(
            parse_error_body(flat),
            ErrorBody {
                code: Some("E12".into()),
                message: Some("x".into())
            }
        );
        assert_eq!(parse_error_body(b"<html>oops</html>"), ErrorBody::default());
        assert_eq!(parse_error_body(b"[1]"), ErrorBody::default());
    }

    #[test]
    fn int_or_string_accepts_both() {
        let v: Vec<IntOrString> = serde_json::from_str(r#"[0, "Division", " 7 "]"#).unwrap();
        assert_eq!(
            v,
            [
                IntOrString::Int(0),
                IntOrString::String("Division".into()),
                IntOrString::Int(7)
            ]
        );
        assert!(serde_json::from_str::<IntOrString>("18446744073709551615").is_err());
        assert!(serde_json::from_str::<IntOrString>("true").is_err());
    }

    #[test]
    fn validation_rules_name_field_and_rule() {
        assert!(check_minimum("contact_id", &100000, &100000, "100000", false).is_ok());
        let err = check_minimum("contact_id", &99999, &100000, "100000", false).unwrap_err();
        assert_eq!(err.to_string(), "`contact_id` must be at least 100000");
        assert!(check_minimum("x", &1.0, &1.0, "1", true).is_err());
        assert_eq!(
            check_maximum("x", &41, &40, "40", false).unwrap_err().rule,
            Rule::Maximum {
                bound: "40",
                exclusive: false
            }
        );
        assert_eq!(
            check_length("k", 1, Some(2), Some(40)).unwrap_err().rule,
            Rule::MinLength(2)
        );
        assert_eq!(
            check_length("k", 41, Some(2), Some(40)).unwrap_err().rule,
            Rule::MaxLength(40)
        );
        assert!(check_length("k", 40, Some(2), Some(40)).is_ok());
        let err = check_pattern("phone_number", false, "^[0-9]*$").unwrap_err();
        assert_eq!(
            err.within("body").to_string(),
            "`body.phone_number` must match the regular expression ^[0-9]*$"
        );
        assert!(check_allowed("format", "json", &["xml", "json"]).is_ok());
        assert_eq!(
            check_allowed("format", "yaml", &["xml", "json"])
                .unwrap_err()
                .to_string(),
            "`format` must be one of xml, json"
        );
        assert!(check_unique("ids", &[1, 2, 3]).is_ok());
        assert_eq!(
            check_unique("ids", &[1, 2, 1]).unwrap_err().rule,
            Rule::UniqueItems
        );
    }

    struct Always(bool);
    impl Validate for Always {
        fn validate(&self) -> Result<(), ValidationError> {
            if self.0 {
                Ok(())
            } else {
                fail("inner", Rule::UniqueItems)
            }
        }
    }

    #[test]
    fn validation_walks_options_lists_and_boxes() {
        assert!(None::<Always>.validate().is_ok());
        assert!(Some(Always(false)).validate().is_err());
        let err = vec![Always(true), Always(false)].validate().unwrap_err();
        assert_eq!(err.field, "[1].inner");
        assert_eq!(err.within("items").field, "items[1].inner");
        assert!(Box::new(Always(true)).validate().is_ok());
    }

    #[test]
    fn retry_decisions() {
        let p = RetryPolicy::default();
        assert!(p.retries_status(0, true, 503, false));
        assert!(p.retries_status(2, true, 429, false));
        assert!(!p.retries_status(3, true, 503, false));
        assert!(!p.retries_status(0, false, 503, false));
        assert!(p.retries_status(0, false, 503, true));
        assert!(!p.retries_status(0, false, 502, true));
        assert!(p.retries_status(0, true, 504, false));
        assert!(!p.retries_status(0, true, 500, true));
        assert!(!p.retries_status(0, true, 404, false));
        assert!(p.retries_transport(0, true));
        assert!(!p.retries_transport(0, false));
        assert!(!RetryPolicy::none().retries_status(0, true, 503, true));
    }

    #[test]
    fn retry_delays_follow_retry_after_or_backoff() {
        let p = RetryPolicy::default();
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(p.delay(0, None, now), Some(Duration::from_millis(200)));
        assert_eq!(p.delay(1, None, now), Some(Duration::from_millis(400)));
        assert_eq!(p.delay(10, None, now), Some(Duration::from_secs(5)));
        assert_eq!(p.delay(0, Some("2"), now), Some(Duration::from_secs(2)));
        assert_eq!(p.delay(0, Some("3600"), now), None);
        assert_eq!(
            p.delay(0, Some("Sun, 06 Nov 1994 08:49:47 GMT"), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            p.delay(0, Some("Sun, 06 Nov 1994 08:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            p.delay(0, Some("soon"), now),
            Some(Duration::from_millis(200))
        );
    }

    #[test]
    fn http_dates_parse_exactly() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(UNIX_EPOCH + Duration::from_secs(784_111_777))
        );
        assert_eq!(
            parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT"),
            Some(UNIX_EPOCH + Duration::from_secs(1_709_164_800))
        );
        // The obsolete forms RFC 9110 section 5.6.7 says recipients must accept.
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(UNIX_EPOCH + Duration::from_secs(784_111_777))
        );
        assert_eq!(
            parse_http_date("Sun Nov  6 08:49:37 1994"),
            Some(UNIX_EPOCH + Duration::from_secs(784_111_777))
        );
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 CET"), None);
        assert_eq!(parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT"), None);
        assert_eq!(parse_http_date("Sun, 31 Feb 2024 00:00:00 GMT"), None);
    }

    #[test]
    fn raw_responses_expose_text_and_json() {
        let r = RawResponse {
            status: 200,
            body: br#"{"a":1}"#.to_vec(),
        };
        assert_eq!(r.text(), r#"{"a":1}"#);
        assert_eq!(r.json::<serde_json::Value>().unwrap()["a"], 1);
    }

    /// Field names borrow from the input when they can (no escape) and are owned otherwise;
    /// `read_once` refuses a second value and `required` names a missing field.
    #[test]
    fn field_names_borrow_and_fields_are_read_once() {
        let borrowed: FieldName<'_> = serde_json::from_str(r#""street""#).unwrap();
        assert!(matches!(borrowed.0, std::borrow::Cow::Borrowed("street")));
        let escaped: FieldName<'_> = serde_json::from_str(r#""stre\u0065t""#).unwrap();
        assert!(matches!(escaped.0, std::borrow::Cow::Owned(ref s) if s == "street"));
        assert_eq!(escaped.as_str(), "street");

        struct Two(Option<u8>);
        impl<'de> serde::Deserialize<'de> for Two {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = Two;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("struct Two")
                    }
                    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Two, A::Error> {
                        let mut a: Option<u8> = None;
                        while let Some(key) = map.next_key::<FieldName<'de>>()? {
                            match key.as_str() {
                                "a" | "A" => read_once(&mut map, &mut a, "a")?,
                                _ => {
                                    map.next_value::<de::IgnoredAny>()?;
                                }
                            }
                        }
                        Ok(Two(Some(required::<A::Error, _>(a, "a")?)))
                    }
                }
                deserializer.deserialize_struct("Two", &["a", "A"], V)
            }
        }
        assert_eq!(
            serde_json::from_str::<Two>(r#"{"x": {}, "A": 7}"#)
                .unwrap()
                .0,
            Some(7)
        );
        let error = |json: &str| serde_json::from_str::<Two>(json).err().unwrap().to_string();
        assert_eq!(
            error(r#"{"a": 1, "A": 2}"#),
            "duplicate field `a` at line 1 column 12"
        );
        assert_eq!(error(r#"{"b": 1}"#), "missing field `a` at line 1 column 8");
    }
}
