//! The `Client`, its builder, the blocking wrapper and the `ApiErrorCode` enum.
//!
//! What varies per API is decided here from the model: the default base URL, one builder
//! method per authentication scheme (named after the scheme id: RamBase's `access_token`
//! becomes `ClientBuilder::access_token`, sent as `Authorization: Bearer <token>`), and one
//! builder method per client-wide parameter (an optional query parameter every operation
//! takes, such as RamBase's `$db`), which each call's options can override.

use crate::docs;
use crate::naming::{self, Scope};
use crate::types::ident;
use apiscrape_model::{Api, AuthKind, ErrorCode, ParamLocation};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// A client-wide default parameter.
pub struct ClientParam {
    /// Wire name (`$db`).
    pub wire: String,
    /// Rust name of the builder method (`db`).
    pub rust: String,
    /// Owned Rust type.
    pub ty: TokenStream,
    /// Description.
    pub description: Option<String>,
}

/// Which crate-private helpers of `client.rs` the operations use (unused ones are not
/// emitted, so the crate has no dead code).
#[derive(Debug, Clone, Default)]
pub struct Helpers {
    /// Features of the group modules that send requests (all of them).
    pub send_features: Vec<String>,
    /// Features of the group modules that decode documented JSON bodies (`decode`).
    pub decode_features: Vec<String>,
    /// Some operation sends or receives XML: `Call` carries the media types.
    pub xml: bool,
    /// Features of the group modules that decode XML bodies (`decode_xml`).
    pub decode_xml_features: Vec<String>,
    /// Features of the group modules with operations documented without a body
    /// (`Reply::with`).
    pub empty_features: Vec<String>,
    /// Features of the group modules with operations whose body the docs do not describe
    /// (`Reply::raw`).
    pub raw_features: Vec<String>,
}

/// `#[cfg_attr(not(any(feature = ..)), allow(dead_code))]`: helpers only the group modules
/// use are dead when every group feature is off.
pub(crate) fn unused_without(features: &[String]) -> TokenStream {
    match features {
        [] => quote!(#[allow(dead_code)]),
        [one] => quote!(#[cfg_attr(not(feature = #one), allow(dead_code))]),
        many => quote!(#[cfg_attr(not(any(#(feature = #many),*)), allow(dead_code))]),
    }
}

/// Emits `client.rs`.
pub fn client(api: &Api, params: &[ClientParam], helpers: Helpers) -> TokenStream {
    let base = api.base_urls.first();
    let (base_const, base_init) = match base {
        Some(url) => {
            let doc = docs::attrs(&[format!("The base URL the documentation gives: <{url}>.")]);
            (
                quote!(#doc pub const DEFAULT_BASE_URL: &str = #url;),
                quote!(Some(DEFAULT_BASE_URL.to_string())),
            )
        }
        None => (quote!(), quote!(None)),
    };

    let Auth {
        fields: auth_fields,
        methods: auth_methods,
        apply: auth_apply,
        init: auth_init,
    } = auth(api);
    let param_methods = param_methods(params);
    let secret = if api.auth.is_empty() {
        quote!()
    } else {
        quote! {
            /// A credential, never printed by `Debug`.
            #[derive(Clone)]
            struct Secret(String);

            impl std::fmt::Debug for Secret {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("<redacted>")
                }
            }
        }
    };
    let validation_fn = quote! {
        /// Whether requests are validated before sending ([`ClientBuilder::validation`]).
        pub fn validation(&self) -> bool {
            self.inner.validation
        }
    };
    let default_param_fn = quote! {
        /// The client-wide value of a query parameter (wire name, `$db`), if the builder set one.
        pub fn default_param(&self, name: &str) -> Option<String> {
            self.inner.defaults.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())
        }
    };
    let send_gate = unused_without(&helpers.send_features);
    let reply_fns = reply_fns(&helpers);
    let (call_media, content_type, accept) = if helpers.xml {
        (
            quote! {
                /// `Content-Type` of the body.
                pub(crate) content_type: &'static str,
                /// `Accept`, when not the client's default (JSON).
                pub(crate) accept: Option<&'static str>,
            },
            quote!(call.content_type),
            quote!({
                let mut headers = inner.headers.clone();
                if let Some(accept) = call.accept {
                    headers.insert(
                        reqwest::header::ACCEPT,
                        reqwest::header::HeaderValue::from_static(accept),
                    );
                }
                headers
            }),
        )
    } else {
        (
            quote!(),
            quote!("application/json"),
            quote!(inner.headers.clone()),
        )
    };

    let builder = builder(
        &base_init,
        &auth_fields,
        &auth_init,
        &auth_methods,
        &param_methods,
        &build_fn(&auth_apply),
    );
    let client_struct = client_struct(
        &validation_fn,
        &default_param_fn,
        &send_gate,
        &call_media,
        &content_type,
        &accept,
    );
    quote! {
        use crate::support::RetryPolicy;
        use crate::Error;
        use std::sync::Arc;
        use std::time::{Duration, SystemTime};

        #base_const

        /// The `User-Agent` sent unless [`ClientBuilder::user_agent`] sets another.
        pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        #secret
        #builder
        #client_struct
        #reply_fns
    }
}

/// Emits `blocking.rs`.
pub fn blocking() -> TokenStream {
    quote! {
        use crate::Error;
        use std::sync::Arc;

        /// A synchronous client with the same methods as [`crate::Client`], each waiting for
        /// the response.
        ///
        /// Every `blocking::Client` made by [`Client::new`] or
        /// [`ClientBuilder::build_blocking`](crate::ClientBuilder::build_blocking) starts its
        /// own single-threaded Tokio runtime (clones share it), so make one and reuse it.
        /// It is meant for programs without an asynchronous runtime: creating or calling it
        /// inside one (where blocking would stall the runtime, and Tokio would panic) returns
        /// [`Error::AsyncContext`]; use [`crate::Client`] there.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: crate::Client,
            runtime: Arc<OwnedRuntime>,
        }

        /// The client's runtime, shut down without waiting when the last clone is dropped
        /// (a plain `Runtime` panics when dropped inside an asynchronous context).
        #[derive(Debug)]
        struct OwnedRuntime(Option<tokio::runtime::Runtime>);

        impl Drop for OwnedRuntime {
            fn drop(&mut self) {
                if let Some(runtime) = self.0.take() {
                    runtime.shutdown_background();
                }
            }
        }

        impl Client {
            /// Wraps an asynchronous client, starting the runtime the methods block on.
            ///
            /// # Errors
            ///
            /// [`Error::AsyncContext`] inside an asynchronous runtime, [`Error::Config`] when
            /// the runtime cannot start.
            pub fn new(inner: crate::Client) -> Result<Self, Error> {
                if tokio::runtime::Handle::try_current().is_ok() {
                    return Err(Error::AsyncContext);
                }
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| Error::Config(format!("runtime: {e}")))?;
                Ok(Client { inner, runtime: Arc::new(OwnedRuntime(Some(runtime))) })
            }

            /// The asynchronous client underneath.
            pub fn inner(&self) -> &crate::Client {
                &self.inner
            }

            /// Runs a call of the asynchronous client (`client.inner().<method>(..)`) to
            /// completion on this client's runtime, as every method here does.
            ///
            /// # Errors
            ///
            /// The call's own errors; [`Error::AsyncContext`] inside an asynchronous runtime.
            pub fn block_on<T, F>(&self, future: F) -> Result<T, Error>
            where
                F: std::future::Future<Output = Result<T, Error>>,
            {
                if tokio::runtime::Handle::try_current().is_ok() {
                    return Err(Error::AsyncContext);
                }
                match &self.runtime.0 {
                    Some(runtime) => runtime.block_on(future),
                    // `None` only while the last clone is being dropped.
                    None => Err(Error::AsyncContext),
                }
            }
        }
    }
}

/// Emits `error_codes.rs`: every documented vendor code, first documentation wins for
/// duplicates (the model sorts error codes per operation).
pub fn error_codes(api: &Api) -> TokenStream {
    let mut codes: BTreeMap<&str, Vec<&ErrorCode>> = BTreeMap::new();
    for op in &api.operations {
        for e in &op.error_codes {
            codes.entry(e.code.as_str()).or_default().push(e);
        }
    }
    let mut scope = Scope::with_reserved(["Unknown"]);
    let mut variants = Vec::new();
    let mut code_arms = Vec::new();
    let mut from_arms = Vec::new();
    let mut message_arms = Vec::new();
    let mut status_arms = Vec::new();
    for (code, list) in &codes {
        let first = list[0];
        let mut candidate = naming::camel(&first.message);
        if candidate == "Value" {
            candidate = naming::camel(&format!("code {code}"));
        }
        let v = ident(&scope.claim_camel(candidate));
        let mut lines = vec![format!(
            "{} (code {}, HTTP {}).",
            docs::text(&first.message),
            docs::code(code),
            first.status
        )];
        let others: Vec<String> = list[1..]
            .iter()
            .filter(|e| e.message != first.message || e.status != first.status)
            .map(|e| {
                format!(
                    "also documented as HTTP {}: {}",
                    e.status,
                    docs::text(&e.message)
                )
            })
            .collect();
        if !others.is_empty() {
            lines.push(String::new());
            lines.push(format!("{}.", others.join("; ")));
        }
        let doc = docs::attrs(&lines);
        variants.push(quote!(#doc #v,));
        let code = *code;
        let message = first.message.as_str();
        let status = first.status;
        code_arms.push(quote!(Self::#v => #code,));
        from_arms.push(quote!(#code => Self::#v,));
        message_arms.push(quote!(Self::#v => Some(#message),));
        status_arms.push(quote!(Self::#v => Some(#status),));
    }
    let (from_body, code_body, message_body, status_body) = if variants.is_empty() {
        (
            quote!(Self::Unknown(code.trim().to_string())),
            quote!(let Self::Unknown(code) = self; code),
            quote!(None),
            quote!(None),
        )
    } else {
        (
            quote!(match code.trim() { #(#from_arms)* other => Self::Unknown(other.to_string()) }),
            quote!(match self { #(#code_arms)* Self::Unknown(code) => code }),
            quote!(match self { #(#message_arms)* Self::Unknown(_) => None }),
            quote!(match self { #(#status_arms)* Self::Unknown(_) => None }),
        )
    };
    let error_body = error_body(api);
    quote! {
        #error_body

        /// The vendor error codes the documentation lists, read best-effort from error bodies.
        ///
        /// Codes the documentation does not list are kept in `Unknown`.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ApiErrorCode {
            #(#variants)*
            /// A code the documentation does not list.
            Unknown(String),
        }

        impl ApiErrorCode {
            /// The member for a code as it appears in an error body.
            pub fn from_code(code: &str) -> Self {
                #from_body
            }

            /// The code as documented (`101015`).
            pub fn code(&self) -> &str {
                #code_body
            }

            /// The message the documentation gives for the code.
            pub fn documented_message(&self) -> Option<&'static str> {
                #message_body
            }

            /// The HTTP status the documentation gives for the code.
            pub fn documented_status(&self) -> Option<u16> {
                #status_body
            }
        }

        impl std::fmt::Display for ApiErrorCode {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.documented_message() {
                    Some(message) => write!(f, "{} ({message})", self.code()),
                    None => f.write_str(self.code()),
                }
            }
        }
    }
}

/// The builder methods and field parts of the documented authentication schemes.
struct Auth {
    fields: Vec<TokenStream>,
    methods: Vec<TokenStream>,
    apply: Vec<TokenStream>,
    init: Vec<TokenStream>,
}

/// The methods `ClientBuilder` always has: an authentication scheme's or a client-wide
/// parameter's setter must not take one of these names.
pub(crate) const BUILDER_METHODS: [&str; 11] = [
    "base_url",
    "timeout",
    "connect_timeout",
    "user_agent",
    "default_header",
    "retry_policy",
    "validation",
    "http_client",
    "build",
    "build_blocking",
    "new",
];

/// One builder method per authentication scheme (named after the scheme id), its field, its
/// initial value and how `build` applies it.
fn auth(api: &Api) -> Auth {
    let mut scope = Scope::with_reserved(BUILDER_METHODS);
    let mut auth_fields = Vec::new();
    let mut auth_methods = Vec::new();
    let mut auth_apply = Vec::new();
    let mut auth_init = Vec::new();
    for scheme in &api.auth {
        let name = scope.claim_snake(naming::snake(&scheme.id));
        let field = ident(&name);
        let desc = scheme
            .description
            .as_deref()
            .map(docs::text)
            .unwrap_or_default();
        auth_init.push(quote!(#field: None,));
        match &scheme.kind {
            AuthKind::BearerToken { .. } => {
                let doc = docs::attrs(&[
                    "Sends `token` with every request as `Authorization: Bearer <token>`."
                        .to_string(),
                    String::new(),
                    desc,
                ]);
                auth_fields.push(quote!(#field: Option<Secret>,));
                auth_methods.push(quote! {
                    #doc
                    pub fn #field(mut self, token: impl Into<String>) -> Self {
                        self.#field = Some(Secret(token.into()));
                        self
                    }
                });
                auth_apply.push(quote! {
                    if let Some(token) = &self.#field {
                        let mut value = reqwest::header::HeaderValue::from_str(&format!("Bearer {}", token.0))
                            .map_err(|e| Error::Config(format!("access token: {e}")))?;
                        value.set_sensitive(true);
                        headers.insert(reqwest::header::AUTHORIZATION, value);
                    }
                });
            }
            AuthKind::ApiKey {
                location,
                name: wire,
            } => {
                let where_ = match location {
                    ParamLocation::Query => "query parameter",
                    _ => "header",
                };
                let doc = docs::attrs(&[
                    format!(
                        "Sends `key` with every request as the {where_} {}.",
                        docs::code(wire)
                    ),
                    String::new(),
                    desc,
                ]);
                auth_fields.push(quote!(#field: Option<Secret>,));
                auth_methods.push(quote! {
                    #doc
                    pub fn #field(mut self, key: impl Into<String>) -> Self {
                        self.#field = Some(Secret(key.into()));
                        self
                    }
                });
                if *location == ParamLocation::Query {
                    auth_apply.push(quote! {
                        if let Some(key) = &self.#field {
                            query.push((#wire, key.0.clone()));
                        }
                    });
                } else {
                    auth_apply.push(quote! {
                        if let Some(key) = &self.#field {
                            let mut value = reqwest::header::HeaderValue::from_str(&key.0)
                                .map_err(|e| Error::Config(format!("API key: {e}")))?;
                            value.set_sensitive(true);
                            headers.insert(#wire, value);
                        }
                    });
                }
            }
            AuthKind::Basic => {
                let doc = docs::attrs(&[
                    "Sends HTTP basic credentials with every request.".to_string(),
                    String::new(),
                    desc,
                ]);
                auth_fields.push(quote!(#field: Option<(String, Secret)>,));
                auth_methods.push(quote! {
                    #doc
                    pub fn #field(mut self, user: impl Into<String>, password: impl Into<String>) -> Self {
                        self.#field = Some((user.into(), Secret(password.into())));
                        self
                    }
                });
                auth_apply.push(quote! {
                    if let Some((user, password)) = &self.#field {
                        use base64::Engine as _;
                        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{}", password.0));
                        let mut value = reqwest::header::HeaderValue::from_str(&format!("Basic {encoded}"))
                            .map_err(|e| Error::Config(format!("basic credentials: {e}")))?;
                        value.set_sensitive(true);
                        headers.insert(reqwest::header::AUTHORIZATION, value);
                    }
                });
            }
        }
    }

    Auth {
        fields: auth_fields,
        methods: auth_methods,
        apply: auth_apply,
        init: auth_init,
    }
}

/// One builder method per client-wide parameter.
fn param_methods(params: &[ClientParam]) -> Vec<TokenStream> {
    let mut param_methods = Vec::new();
    for p in params {
        let m = ident(&p.rust);
        let ty = &p.ty;
        let wire = &p.wire;
        let mut lines = vec![format!(
            "Sends the query parameter {} with every request whose options do not set it.",
            docs::code(wire)
        )];
        if let Some(d) = &p.description {
            lines.push(String::new());
            lines.push(docs::paragraphs(d));
        }
        let doc = docs::attrs(&lines);
        param_methods.push(quote! {
            #doc
            pub fn #m(mut self, value: impl Into<#ty>) -> Self {
                let value: #ty = value.into();
                self.defaults.retain(|(k, _)| *k != #wire);
                self.defaults.push((#wire, crate::support::param_text(&value)));
                self
            }
        });
    }
    param_methods
}

/// `ClientBuilder`, its defaults and its methods.
fn builder(
    base_init: &TokenStream,
    auth_fields: &[TokenStream],
    auth_init: &[TokenStream],
    auth_methods: &[TokenStream],
    param_methods: &[TokenStream],
    build_fn: &TokenStream,
) -> TokenStream {
    quote! {
        /// Configures and builds a [`Client`].
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            base_url: Option<String>,
            timeout: Option<Duration>,
            connect_timeout: Option<Duration>,
            user_agent: String,
            headers: Vec<(String, String)>,
            retry: RetryPolicy,
            validation: bool,
            http: Option<reqwest::Client>,
            defaults: Vec<(&'static str, String)>,
            #(#auth_fields)*
        }

        impl Default for ClientBuilder {
            fn default() -> Self {
                ClientBuilder {
                    base_url: #base_init,
                    timeout: Some(Duration::from_secs(30)),
                    connect_timeout: Some(Duration::from_secs(10)),
                    user_agent: DEFAULT_USER_AGENT.to_string(),
                    headers: Vec::new(),
                    retry: RetryPolicy::default(),
                    validation: true,
                    http: None,
                    defaults: Vec::new(),
                    #(#auth_init)*
                }
            }
        }

        impl ClientBuilder {
            /// The base URL operation paths are appended to (`https://host/prefix`).
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.base_url = Some(url.into());
                self
            }

            /// Total time allowed for one attempt of a request (default 30 s; `None`: no limit).
            pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
                self.timeout = timeout;
                self
            }

            /// Time allowed to connect (default 10 s; `None`: no limit).
            pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
                self.connect_timeout = timeout;
                self
            }

            /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
            pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
                self.user_agent = user_agent.into();
                self
            }

            /// A header sent with every request; checked by [`ClientBuilder::build`].
            pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.headers.push((name.into(), value.into()));
                self
            }

            /// When failed requests are sent again (default [`RetryPolicy::default`]; use
            /// [`RetryPolicy::none`] to disable).
            pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
                self.retry = policy;
                self
            }

            /// Whether request values are checked against the documented constraints before
            /// sending (default `true`).
            pub fn validation(mut self, enabled: bool) -> Self {
                self.validation = enabled;
                self
            }

            /// Uses a preconfigured `reqwest::Client` (proxies, TLS roots); the builder's
            /// timeouts are then not applied.
            pub fn http_client(mut self, client: reqwest::Client) -> Self {
                self.http = Some(client);
                self
            }

            #(#auth_methods)*

            #(#param_methods)*

            #build_fn
        }
    }
}

/// `ClientBuilder::build` and `ClientBuilder::build_blocking`.
fn build_fn(auth_apply: &[TokenStream]) -> TokenStream {
    quote! {
            /// Builds the client.
            ///
            /// # Errors
            ///
            /// [`Error::Config`] when the base URL is missing or invalid, or a header name or
            /// value is invalid.
            pub fn build(self) -> Result<Client, Error> {
                let raw = self.base_url.clone().ok_or_else(|| {
                    Error::Config("no base URL: the documentation gives none, call ClientBuilder::base_url".to_string())
                })?;
                let base_url = reqwest::Url::parse(&raw)
                    .map_err(|e| Error::Config(format!("base URL {raw:?}: {e}")))?;
                if base_url.cannot_be_a_base() {
                    return Err(Error::Config(format!("base URL {raw:?} cannot be a base")));
                }
                let mut headers = reqwest::header::HeaderMap::new();
                headers.insert(reqwest::header::ACCEPT, reqwest::header::HeaderValue::from_static("application/json"));
                headers.insert(
                    reqwest::header::USER_AGENT,
                    reqwest::header::HeaderValue::from_str(&self.user_agent)
                        .map_err(|e| Error::Config(format!("user agent: {e}")))?,
                );
                for (name, value) in &self.headers {
                    let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                        .map_err(|e| Error::Config(format!("header name {name:?}: {e}")))?;
                    let value = reqwest::header::HeaderValue::from_str(value)
                        .map_err(|e| Error::Config(format!("header {name}: {e}")))?;
                    headers.insert(name, value);
                }
                #[allow(unused_mut)]
                let mut query: Vec<(&'static str, String)> = Vec::new();
                #(#auth_apply)*
                let http = match self.http {
                    Some(http) => http,
                    None => {
                        let mut builder = reqwest::Client::builder();
                        if let Some(t) = self.timeout {
                            builder = builder.timeout(t);
                        }
                        if let Some(t) = self.connect_timeout {
                            builder = builder.connect_timeout(t);
                        }
                        builder.build().map_err(|e| Error::Config(format!("HTTP client: {e}")))?
                    }
                };
                Ok(Client {
                    inner: Arc::new(Inner {
                        http,
                        base_url,
                        headers,
                        query,
                        defaults: self.defaults,
                        retry: self.retry,
                        validation: self.validation,
                    }),
                })
            }

            /// Builds a synchronous client of the same shape (feature `blocking`), which starts
            /// its own Tokio runtime (see [`crate::blocking::Client`]).
            ///
            /// # Errors
            ///
            /// As [`ClientBuilder::build`]; [`Error::AsyncContext`] inside an asynchronous
            /// runtime; [`Error::Config`] when the runtime cannot start.
            #[cfg(feature = "blocking")]
            pub fn build_blocking(self) -> Result<crate::blocking::Client, Error> {
                crate::blocking::Client::new(self.build()?)
            }
    }
}

/// `Client`, its shared state, `Call` and the request loop.
fn client_struct(
    validation_fn: &TokenStream,
    default_param_fn: &TokenStream,
    send_gate: &TokenStream,
    call_media: &TokenStream,
    content_type: &TokenStream,
    accept: &TokenStream,
) -> TokenStream {
    quote! {
        /// The asynchronous API client. Cheap to clone (the connection pool is shared).
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: Arc<Inner>,
        }

        #[derive(Debug)]
        #send_gate
        struct Inner {
            http: reqwest::Client,
            base_url: reqwest::Url,
            headers: reqwest::header::HeaderMap,
            query: Vec<(&'static str, String)>,
            defaults: Vec<(&'static str, String)>,
            retry: RetryPolicy,
            validation: bool,
        }

        /// One request, as an operation method describes it.
        #[derive(Debug)]
        #send_gate
        pub(crate) struct Call {
            pub(crate) method: reqwest::Method,
            pub(crate) path: String,
            pub(crate) query: Vec<(&'static str, String)>,
            pub(crate) headers: Vec<(&'static str, String)>,
            pub(crate) body: Option<Vec<u8>>,
            pub(crate) idempotent: bool,
            #call_media
        }

        /// A success response as [`Client::send`] returns it.
        #[derive(Debug)]
        #send_gate
        pub(crate) struct Reply {
            pub(crate) status: u16,
            pub(crate) headers: reqwest::header::HeaderMap,
            pub(crate) body: Vec<u8>,
        }

        impl Client {
            /// A builder with the documented defaults.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &reqwest::Url {
                &self.inner.base_url
            }

            #validation_fn

            #default_param_fn

            /// Sends a call (retrying as the policy allows) and returns the status, headers and
            /// body of a success response; error statuses become [`Error::Api`].
            #send_gate
            pub(crate) async fn send(&self, call: Call) -> Result<Reply, Error> {
                let inner = &*self.inner;
                let base = inner.base_url.as_str().trim_end_matches('/');
                let mut url = reqwest::Url::parse(&format!("{base}{}", call.path))
                    .map_err(|e| Error::Config(format!("request URL: {e}")))?;
                if !inner.query.is_empty() || !call.query.is_empty() {
                    let mut pairs = url.query_pairs_mut();
                    for (k, v) in call.query.iter().chain(&inner.query) {
                        pairs.append_pair(k, v);
                    }
                }
                let mut attempt = 0;
                loop {
                    let mut request = inner
                        .http
                        .request(call.method.clone(), url.clone())
                        .headers(#accept);
                    for (name, value) in &call.headers {
                        request = request.header(*name, value.as_str());
                    }
                    if let Some(body) = &call.body {
                        request = request
                            .header(reqwest::header::CONTENT_TYPE, #content_type)
                            .body(body.clone());
                    }
                    let response = match request.send().await {
                        Ok(response) => response,
                        Err(e) => {
                            if (e.is_connect() || e.is_timeout())
                                && inner.retry.retries_transport(attempt, call.idempotent)
                            {
                                if let Some(delay) = inner.retry.delay(attempt, None, SystemTime::now()) {
                                    tokio::time::sleep(delay).await;
                                    attempt += 1;
                                    continue;
                                }
                            }
                            return Err(transport(e));
                        }
                    };
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    if inner.retry.retries_status(attempt, call.idempotent, status, retry_after.is_some()) {
                        if let Some(delay) = inner.retry.delay(attempt, retry_after.as_deref(), SystemTime::now()) {
                            tokio::time::sleep(delay).await;
                            attempt += 1;
                            continue;
                        }
                    }
                    let headers = response.headers().clone();
                    let body = response.bytes().await.map_err(transport)?.to_vec();
                    return match status {
                        200..=299 => Ok(Reply { status, headers, body }),
                        400..=599 => Err(Error::Api(Box::new(crate::error::ApiError::new(status, headers, body)))),
                        _ => Err(Error::UnexpectedStatus {
                            status,
                            body: String::from_utf8_lossy(&body).into_owned(),
                        }),
                    };
                }
            }

            /// Sends `call` (or returns the error met while building it) and turns the success
            /// response into the operation's result with `decode`: the one future every
            /// operation returns, so that an operation is a plain method and not a state
            /// machine of its own.
            #send_gate
            pub(crate) async fn exchange<T, D>(
                &self,
                call: Result<Call, Error>,
                decode: D,
            ) -> Result<crate::ResponseValue<T>, Error>
            where
                D: FnOnce(Reply) -> Result<crate::ResponseValue<T>, Error>,
            {
                let reply = self.send(call?).await?;
                decode(reply)
            }
        }

        #send_gate
        fn transport(e: reqwest::Error) -> Error {
            if e.is_timeout() {
                Error::Timeout(e)
            } else {
                Error::Transport(e)
            }
        }

    }
}

/// The functions turning a [`Reply`] into a `ResponseValue`, each emitted only when some
/// operation needs it (and allowed to be dead when its modules' features are off).
fn reply_fns(helpers: &Helpers) -> TokenStream {
    let mut out = TokenStream::new();
    if !helpers.decode_features.is_empty() {
        let gate = unused_without(&helpers.decode_features);
        out.extend(quote! {
            #gate
            /// Decodes a success body, removing the root wrapper when there is one.
            pub(crate) fn decode<T: serde::de::DeserializeOwned>(
                reply: Reply,
                wrapper: Option<&str>,
            ) -> Result<crate::ResponseValue<T>, Error> {
                match crate::support::decode_json(&reply.body, wrapper) {
                    Ok(value) => Ok(crate::ResponseValue::new(value, reply.status, reply.headers)),
                    Err(source) => Err(Error::Decode {
                        status: reply.status,
                        source,
                        body: String::from_utf8_lossy(&reply.body).into_owned(),
                    }),
                }
            }
        });
    }
    if !helpers.decode_xml_features.is_empty() {
        let gate = unused_without(&helpers.decode_xml_features);
        out.extend(quote! {
            #gate
            /// Decodes an XML success body.
            pub(crate) fn decode_xml<T: serde::de::DeserializeOwned>(
                reply: Reply,
            ) -> Result<crate::ResponseValue<T>, Error> {
                match crate::xml::decode_xml(&reply.body) {
                    Ok(value) => Ok(crate::ResponseValue::new(value, reply.status, reply.headers)),
                    Err(source) => Err(Error::DecodeXml {
                        status: reply.status,
                        source,
                        body: String::from_utf8_lossy(&reply.body).into_owned(),
                    }),
                }
            }
        });
    }
    let mut methods = TokenStream::new();
    if !helpers.empty_features.is_empty() {
        let gate = unused_without(&helpers.empty_features);
        methods.extend(quote! {
            #gate
            /// The response with `inner` as its value; the body (documented as none) is dropped.
            pub(crate) fn with<T>(self, inner: T) -> crate::ResponseValue<T> {
                drop(self.body);
                crate::ResponseValue::new(inner, self.status, self.headers)
            }
        });
    }
    if !helpers.raw_features.is_empty() {
        let gate = unused_without(&helpers.raw_features);
        methods.extend(quote! {
            #gate
            /// The response with its undescribed body as a [`crate::RawResponse`].
            pub(crate) fn raw(self) -> crate::ResponseValue<crate::RawResponse> {
                let raw = crate::RawResponse { status: self.status, body: self.body };
                crate::ResponseValue::new(raw, self.status, self.headers)
            }
        });
    }
    if !methods.is_empty() {
        out.extend(quote!(impl Reply { #methods }));
    }
    out
}

/// Whether the docs of the API's dialect document one error body for every error response
/// (RamBase: "Each error carries a status, a description, a message, a translated message, an
/// error-message object with an id, parameters, and inner errors", in the getting-started
/// pages every RamBase documentation page links to).
pub fn documents_error_body(api: &Api) -> bool {
    api.dialect.as_deref() == Some("rambase")
}

/// `ApiErrorBody` (the documented error body, or any JSON when the docs document none) and
/// `decode_error_body`.
fn error_body(api: &Api) -> TokenStream {
    if !documents_error_body(api) {
        return quote! {
            /// The body of an error response: the documentation describes no error body type,
            /// so any JSON value ([`crate::ApiError::raw`] keeps bodies that are not JSON).
            pub type ApiErrorBody = serde_json::Value;

            /// Reads an error body as JSON.
            pub(crate) fn decode_error_body(raw: &[u8]) -> Option<ApiErrorBody> {
                serde_json::from_slice(raw).ok()
            }
        };
    }
    quote! {
        /// The body of every RamBase error response, as the RamBase documentation describes it
        /// (sent as `{"error": {..}}`): a status, a description, a message, a translated
        /// message, an error-message object with the error code and its parameters, and the
        /// inner errors.
        #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct ApiErrorBody {
            /// The HTTP status as the body states it.
            #[serde(default)]
            pub status: Option<u16>,
            /// What went wrong.
            #[serde(default)]
            pub description: Option<String>,
            /// The message.
            #[serde(default)]
            pub message: Option<String>,
            /// The message in the language of the request (`$lang`).
            #[serde(default)]
            pub translated_message: Option<String>,
            /// The vendor error: its code and the values filled into its message.
            #[serde(default)]
            pub error_message: Option<ApiErrorMessage>,
            /// The errors that caused this one.
            #[serde(default)]
            pub inner_errors: Vec<ApiErrorBody>,
        }

        /// The vendor error of an [`ApiErrorBody`].
        #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
        #[non_exhaustive]
        pub struct ApiErrorMessage {
            /// The error code (`101015`), the documented codes are [`ApiErrorCode`] members.
            #[serde(default)]
            pub id: Option<crate::support::IntOrString>,
            /// The values filled into the message.
            #[serde(default)]
            pub parameters: Vec<serde_json::Value>,
        }

        impl ApiErrorBody {
            /// The vendor error code (`errorMessage.id`), when the body gives one.
            pub fn code(&self) -> Option<ApiErrorCode> {
                let id = self.error_message.as_ref()?.id.as_ref()?;
                Some(match id {
                    crate::support::IntOrString::Int(n) => ApiErrorCode::from_code(&n.to_string()),
                    crate::support::IntOrString::String(s) => ApiErrorCode::from_code(s),
                })
            }
        }

        /// Reads a RamBase error body (`{"error": {..}}`, or the inner object alone).
        pub(crate) fn decode_error_body(raw: &[u8]) -> Option<ApiErrorBody> {
            crate::support::decode_json(raw, Some("error")).ok()
        }
    }
}
