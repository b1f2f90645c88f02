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
    /// The API answered with an error status (4xx, 5xx).
    #[error("API error (HTTP {status}{}){}", code.as_ref().map(|c| format!(", code {}", c.code())).unwrap_or_default(), message.as_ref().map(|m| format!(": {m}")).unwrap_or_default())]
    Api {
        /// HTTP status.
        status: u16,
        /// The vendor error code read from the body, when there is one.
        code: Option<ApiErrorCode>,
        /// The message read from the body, when there is one.
        message: Option<String>,
        /// The body as received.
        body: String,
    },
}

impl Error {
    /// The HTTP status, for errors that come with a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Api { status, .. } => Some(*status),
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
            Error::Api { code, .. } => code.as_ref(),
            _ => None,
        }
    }
}
