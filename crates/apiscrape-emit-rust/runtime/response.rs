//! What a call returns: the decoded body with the status and headers it came with.

use reqwest::header::HeaderMap;
use std::ops::{Deref, DerefMut};

/// A success response: the body decoded into its documented type, plus the HTTP status and
/// the response headers (`ETag`, `Location`, rate-limit and paging headers).
///
/// It dereferences to the body, so `response.len()` or `response.name` work as on the body
/// itself; [`ResponseValue::into_inner`] takes the body out. Operations whose docs do not
/// describe the body return `ResponseValue<RawResponse>` (the raw bytes), operations
/// documented without a body `ResponseValue<()>`.
///
/// ```ignore
/// let response = client.get_shipment(100000, &Default::default()).await?;
/// println!("HTTP {} ETag {:?}", response.status(), response.header("etag"));
/// let shipment = response.into_inner();
/// ```
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    inner: T,
    status: u16,
    headers: HeaderMap,
}

impl<T> ResponseValue<T> {
    /// A response value of `inner` received with `status` and `headers`.
    pub fn new(inner: T, status: u16, headers: HeaderMap) -> Self {
        ResponseValue {
            inner,
            status,
            headers,
        }
    }

    /// The HTTP status (`200`, `201`, `202`, `204`).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The value of a header as text, when present and visible ASCII (the first one when it is
    /// repeated); names are case-insensitive.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body.
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// The body, the status and the headers.
    pub fn into_parts(self) -> (T, u16, HeaderMap) {
        (self.inner, self.status, self.headers)
    }

    /// The same response with its body mapped by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            inner: f(self.inner),
            status: self.status,
            headers: self.headers,
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderValue, ETAG, LOCATION};

    #[test]
    fn a_response_value_derefs_to_its_body_and_keeps_status_and_headers() {
        let mut headers = HeaderMap::new();
        headers.insert(ETAG, HeaderValue::from_static("\"v7\""));
        headers.insert(LOCATION, HeaderValue::from_static("/sales/orders/100001"));
        let mut value = ResponseValue::new(vec![1, 2], 201, headers);
        assert_eq!(value.len(), 2);
        value.push(3);
        assert_eq!(*value, [1, 2, 3]);
        assert_eq!(value.status(), 201);
        assert_eq!(value.header("ETag"), Some("\"v7\""));
        assert_eq!(value.header("location"), Some("/sales/orders/100001"));
        assert_eq!(value.header("x-missing"), None);
        let value = value.map(|v| v.len());
        assert_eq!(*value, 3);
        let (inner, status, headers) = value.into_parts();
        assert_eq!((inner, status, headers.len()), (3, 201, 2));
    }
}
