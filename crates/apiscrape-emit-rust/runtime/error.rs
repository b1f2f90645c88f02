//! The one error type of the client.

use crate::support::ValidationError;
use crate::ApiErrorCode;

/// Everything that can go wrong when calling the API.
///
/// A variant that wraps a cause keeps it as its `source()` and does not repeat it in its own
/// message, so error reporters that walk the chain (`anyhow`'s `{:#}`, `eyre`) print each
/// cause once. Print the whole chain to see the details:
///
/// ```ignore
/// let mut text = err.to_string();
/// let mut cause = std::error::Error::source(&err);
/// while let Some(c) = cause {
///     text.push_str(&format!(": {c}"));
///     cause = c.source();
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A request value breaks a documented constraint; nothing was sent.
    #[error("invalid request")]
    Validation(#[from] ValidationError),
    /// The client could not be configured (bad base URL, header value, TLS setup).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The request body could not be serialised.
    #[error("could not encode the request body")]
    Encode(#[source] serde_json::Error),
    /// The request could not be sent or the response not received.
    #[error("transport error")]
    Transport(#[source] reqwest::Error),
    // apiscrape:xml-begin
    /// The request body could not be serialised as XML.
    #[error("could not encode the XML request body")]
    EncodeXml(#[source] quick_xml::SeError),
    // apiscrape:xml-end
    /// The request or the connection timed out.
    #[error("request timed out")]
    Timeout(#[source] reqwest::Error),
    /// A success response whose body does not have the documented shape.
    #[error("could not decode the response (HTTP {status})")]
    Decode {
        /// HTTP status.
        status: u16,
        /// What serde reported.
        #[source]
        source: serde_json::Error,
        /// The body as received (invalid UTF-8 replaced).
        body: String,
    },
    // apiscrape:xml-begin
    /// A success response whose XML body does not have the documented shape.
    #[error("could not decode the XML response (HTTP {status})")]
    DecodeXml {
        /// HTTP status.
        status: u16,
        /// What quick-xml reported.
        #[source]
        source: quick_xml::DeError,
        /// The body as received (invalid UTF-8 replaced).
        body: String,
    },
    // apiscrape:xml-end
    /// The blocking client was created or called inside an asynchronous runtime, where
    /// blocking on its own runtime would stall (Tokio would panic); use [`crate::Client`]
    /// there.
    #[error("the blocking client cannot be used inside an asynchronous runtime; use the asynchronous Client there")]
    AsyncContext,
    /// A status that is neither success nor error (1xx, 3xx).
    #[error("unexpected HTTP status {status}")]
    UnexpectedStatus {
        /// HTTP status.
        status: u16,
        /// The body as received.
        body: String,
    },
    /// The API answered with an error status (4xx, 5xx): the status, the headers, the body
    /// decoded into the documented error type and the raw bytes are in the [`ApiError`]
    /// (boxed, so that `Result<_, Error>` stays small).
    #[error("{0}")]
    Api(Box<ApiError>),
}

/// An error response of the API (HTTP 4xx or 5xx).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body decoded into the documented error type ([`crate::ApiErrorBody`]); `None`
    /// when it does not decode (the bytes are still in [`ApiError::raw`]).
    pub body: Option<crate::ApiErrorBody>,
    /// The vendor error code, read from the body when there is one.
    pub code: Option<ApiErrorCode>,
    /// The message read from the body, when there is one.
    pub message: Option<String>,
    /// The body as received.
    pub raw: Vec<u8>,
}

impl ApiError {
    /// Reads an error response: the documented error type, then the vendor code and the
    /// message (best effort, also from bodies that are not of the documented type).
    pub(crate) fn new(status: u16, headers: reqwest::header::HeaderMap, raw: Vec<u8>) -> Self {
        let parsed = crate::support::parse_error_body(&raw);
        ApiError {
            status,
            headers,
            body: crate::error_codes::decode_error_body(&raw),
            code: parsed.code.as_deref().map(ApiErrorCode::from_code),
            message: parsed.message,
            raw,
        }
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.raw).into_owned()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "API error (HTTP {}", self.status)?;
        if let Some(code) = &self.code {
            write!(f, ", code {}", code.code())?;
        }
        f.write_str(")")?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl Error {
    /// The HTTP status, for errors that come with a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. } | Error::UnexpectedStatus { status, .. } => Some(*status),
            Error::Api(e) => Some(e.status),
            // apiscrape:xml-begin
            Error::DecodeXml { status, .. } => Some(*status),
            // apiscrape:xml-end
            Error::Transport(e) | Error::Timeout(e) => e.status().map(|s| s.as_u16()),
            _ => None,
        }
    }

    /// The vendor error code, for API errors that carry one.
    pub fn code(&self) -> Option<&ApiErrorCode> {
        match self {
            Error::Api(e) => e.code.as_ref(),
            _ => None,
        }
    }

    /// The error response, for [`Error::Api`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }
}
