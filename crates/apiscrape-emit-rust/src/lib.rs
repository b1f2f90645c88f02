//! Emits a typed asynchronous Rust client crate from the apiscrape model.
//!
//! [`generate`] turns an [`Api`] into the files of a crate (`Cargo.toml`, `README.md`,
//! `src/*.rs`), keyed by relative path. Rust code is built as `syn`/`quote` token streams and
//! printed with `prettyplease` ([`format_file`]); `Cargo.toml` and `README.md` come from the
//! handlebars templates in `templates/rust/`. Support code the client needs at run time
//! (`runtime/support.rs`, `runtime/error.rs`) is ordinary, unit-tested Rust vendored with
//! `include_str!`. Every file starts with the `@generated` header. Each operation is first
//! planned as plain data ([`plan::OperationPlan`], see [`module_plans`]) and then quoted;
//! [`call_shapes`] gives other emitters the method names and calls as data. Output is
//! deterministic:
//! the same model gives the same bytes. [`diagnostics()`] lists, with source locations, what
//! the client cannot do exactly as documented (patterns the `regex` crate cannot compile,
//! undescribed types, unreadable bounds), for the caller to print.
//!
//! # What the generated crate offers
//!
//! - `Client` and `ClientBuilder`: base URL (default: the first documented one), timeouts,
//!   user agent, default headers, one method per authentication scheme, client-wide defaults
//!   for query parameters every operation takes (RamBase `$db`), retry policy, validation
//!   switch. reqwest with rustls; feature `blocking` adds `blocking::Client`.
//! - One `async fn` per operation (named by the snake-cased operation id), documented from the
//!   docs' own text, with an `<Operation>Options` struct for optional parameters.
//! - `models`: one struct per object type with serde renamed to the exact JSON keys, enums with
//!   an `Unknown(..)` member, `Validate` implementations from the documented constraints.
//! - Every call returns a `ResponseValue<T>` (vendored `runtime/response.rs`): it derefs to
//!   the decoded body and exposes `status()`, `headers()` and `into_inner()`; an undescribed
//!   body comes back as `ResponseValue<RawResponse>` (status and bytes).
//! - `Error`; error statuses are `Error::Api(Box<ApiError>)` with the status, headers, the body
//!   decoded into `ApiErrorBody` (RamBase: the documented error object with status,
//!   description, message, translated message, error-message id and parameters, inner errors
//!   ([`client::documents_error_body`]); other APIs: any JSON), the vendor `ApiErrorCode` and
//!   the raw bytes (kept when the body does not decode). Boxed so `Result<_, Error>` stays
//!   small (clippy's `result_large_err`).
//! - `ApiErrorCode` (every documented vendor error code).
//! - For paged lists ([`plan::walkable`]: RamBase `Maximum page size ($top)` and a JSON list),
//!   `<method>_all`: a `futures::Stream` of every item of every page (an `Iterator` in the
//!   blocking client), sending `$top` and `$skip` and stopping after a page shorter than the
//!   page size.
//! - One module and cargo feature per documentation group, all on by default.
//!
//! # XML
//!
//! A request or success response body whose documented media types include `application/xml`
//! or `text/xml` and no JSON one ([`operations::xml_media_type`]) is sent or decoded as XML;
//! every other operation speaks JSON exactly as before. The XML goes through the same model
//! structs: types only XML bodies use are renamed to the documented element names
//! (`Field::xml_key`); types JSON also uses keep their JSON names and accept the XML names as
//! serde aliases when decoding (serde has one serialised name per field, so such a type sent
//! as XML uses its JSON names). The request's root element is the body's documented root, else
//! the type's XML name, else its documented name, with the documented namespace as `xmlns`;
//! `Content-Type` and `Accept` name the documented XML media type. The XML code is
//! `runtime/xml.rs`, vendored as `src/xml.rs` with the `Error::EncodeXml` and
//! `Error::DecodeXml` variants and the `quick-xml` dependency only into crates that have such
//! operations ([`xml_sections`]).
//!
//! `quick-xml` (feature `serialize`) was chosen because it is the maintained serde XML
//! implementation (regular releases, the XML backend of most of the ecosystem) and maps
//! fields to elements and `Vec`s to repeated elements, which is how documented XML samples
//! look; `serde-xml-rs` is slower, less maintained and cannot write namespaced roots, and
//! `yaserde` needs its own derive, so the model structs could not be shared with JSON.
//! Version 0.38 is used; it supports the generated crates' `rust-version`.
//!
//! # Type choices
//!
//! - `Decimal` → `rust_decimal::Decimal`: ERP amounts need exact decimal arithmetic, which
//!   `f64` cannot give (`0.1 + 0.2`). On the wire a decimal is a JSON number (feature
//!   `serde-float`), because that is what the documented JSON samples show; numbers with more
//!   than 15 significant digits would round in transit. serde_json's `arbitrary_precision`
//!   was rejected because it changes how every number in the crate deserialises.
//! - Other non-integers (`Number`, `Double`) → `f64`, `Float` → `f32`.
//! - Integers by documented width: `Int32` → `i32`, `Int64` (RamBase `Long`) → `i64`, and an
//!   integer of unspecified width (ASP.NET `integer`) → `i64`, so no documented value
//!   overflows.
//! - `Date` → `chrono::NaiveDate`. `DateTime` → the vendored `Timestamp`: a
//!   `chrono::NaiveDateTime` plus the UTC offset when one is sent, because ASP.NET writes
//!   `DateTime` values with or without an offset depending on their kind, and a client that
//!   insisted on either form would fail to decode the other. `Time` → the vendored
//!   `TimeOfDay` (a `chrono::NaiveTime` that also accepts the RFC 3339 `full-time` form with
//!   an offset, which the OpenAPI `time` format uses).
//!
//! ```
//! use apiscrape_emit_rust::{generate, Options};
//! use apiscrape_model::{finish, Api, Method, Operation};
//!
//! let mut api = Api::new("Example");
//! api.base_urls.push("https://api.example.com".into());
//! let mut op = Operation::new(Method::Get, "/things");
//! op.operation_id = Some("listThings".into());
//! api.operations.push(op);
//! let files = generate(&finish(api).unwrap(), &Options::new("example-client")).unwrap();
//! assert!(files["src/other.rs"].contains("pub fn list_things("));
//! assert!(files["Cargo.toml"].starts_with("# @generated"));
//! ```

pub mod client;
pub mod diagnostics;
pub mod docs;
pub mod memo;
pub mod naming;
pub mod operations;
mod patterns;
pub mod plan;
pub mod smoke;
pub mod types;

use apiscrape_model::{Api, AuthKind, FinishedApi};
pub use diagnostics::diagnostics;
use memo::QuoteMemo;
use operations::Piece;
use proc_macro2::TokenStream;
use quote::quote;
use serde::Serialize;
use std::collections::BTreeMap;
use types::{ident, TypeSpace};

/// The breaking changes of the generated crates' API that are not API changes, as (stable id,
/// note). `cargo xtask codegen` bumps a crate's version once for each id its changelog does
/// not name yet; add an entry for every change that breaks code using a generated client.
pub const BREAKING_CHANGES: &[(&str, &str)] = &[
    (
        "rust-response-value",
        "Rust client: every call returns `ResponseValue<T>` (derefs to the body; `status()`, \
         `headers()`, `into_inner()`), undescribed bodies `ResponseValue<RawResponse>`; error \
         statuses are `Error::Api(Box<ApiError>)` with the headers, the body decoded into \
         `ApiErrorBody` and the raw bytes; paged lists have `<method>_all` page walkers.",
    ),
    (
        "rust-serde-directions",
        "Rust client: a model type derives `serde::Serialize` only when the client sends it and \
         `serde::Deserialize` only when it receives it (the cargo feature `full-serde` derives \
         both on every type); the types no operation uses need the cargo feature \
         `unreferenced-models`; operations are plain methods returning `impl Future`, which \
         borrows only the client (arguments are checked and encoded when the method is called).",
    ),
    (
        "rust-written-deserialize",
        "Rust client: a model struct's `serde::Deserialize` is written out instead of derived \
         (the same behaviour for JSON and XML objects: unknown fields ignored, duplicate and \
         missing required fields are errors, `null` or missing optional fields are `None`); it \
         no longer reads a struct from a sequence (a JSON array or a non-self-describing \
         format), and the fields' `#[serde]` attributes keep only what `Serialize` reads.",
    ),
];

/// The runtime support module, vendored into every generated crate as `src/support.rs`.
pub const RUNTIME_SUPPORT: &str = include_str!("../runtime/support.rs");
/// `Timestamp` and `TimeOfDay`, vendored as `src/time.rs` when the API has date-times or times.
pub const RUNTIME_TIME: &str = include_str!("../runtime/time.rs");
/// The error module, vendored as `src/error.rs` (through [`xml_sections`]).
pub const RUNTIME_ERROR: &str = include_str!("../runtime/error.rs");
/// `ResponseValue`, vendored as `src/response.rs`.
pub const RUNTIME_RESPONSE: &str = include_str!("../runtime/response.rs");
/// XML encoding and decoding, vendored as `src/xml.rs` when some operation uses XML.
pub const RUNTIME_XML: &str = include_str!("../runtime/xml.rs");
const XML_BEGIN: &str = "// apiscrape:xml-begin";
const XML_END: &str = "// apiscrape:xml-end";

/// A runtime file with its XML-only sections (lines between `// apiscrape:xml-begin` and
/// `// apiscrape:xml-end`) kept when `xml` is true and removed otherwise; the marker lines
/// themselves are always removed.
pub fn xml_sections(text: &str, xml: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        match line.trim() {
            XML_BEGIN => inside = true,
            XML_END => inside = false,
            _ if inside && !xml => {}
            _ => out.push_str(line),
        }
    }
    out
}
const CARGO_TEMPLATE: &str = include_str!("../../../templates/rust/Cargo.toml.hbs");
const README_TEMPLATE: &str = include_str!("../../../templates/rust/README.md.hbs");

/// The generated crates' `rust-version`: the highest `rust-version` in their dependency tree as
/// `tests/clients/Cargo.lock` pins it (a test of `build_clients.rs` computes it with
/// `cargo metadata` and compares).
pub const RUST_VERSION: &str = "1.89";

/// The header used when [`Options::header`] is `None`.
pub const DEFAULT_HEADER: &str = "@generated by apiscrape; do not edit";

/// How to generate the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Cargo package name (`rambase-client`).
    pub crate_name: String,
    /// Package version.
    pub crate_version: String,
    /// The `@generated` header text written at the top of every file (without comment
    /// markers); [`DEFAULT_HEADER`] when `None`.
    pub header: Option<String>,
}

impl Options {
    /// Options for `crate_name`, version `0.1.0`, default header.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Options {
            crate_name: crate_name.into(),
            crate_version: "0.1.0".to_string(),
            header: None,
        }
    }
}

/// What can go wrong when generating.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The crate name is not a valid Cargo package name.
    #[error(
        "invalid crate name {0:?}: use ASCII letters, digits, `-` and `_`, starting with a letter"
    )]
    CrateName(String),
    /// Generated tokens did not form a Rust file (a bug in the emitter).
    #[error("generated code for {file} does not parse")]
    Syntax {
        /// File being generated.
        file: String,
        /// Parser error.
        source: syn::Error,
    },
    /// A template failed to render.
    #[error("template {template}: {message}")]
    Template {
        /// Template name.
        template: String,
        /// What handlebars reported.
        message: String,
    },
}

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Prints Rust source text (a token stream written out) as a formatted Rust file.
///
/// # Errors
///
/// [`Error::Syntax`] when the text is not a Rust file (an emitter bug).
pub fn format_source(file: &str, source: &str) -> Result<String> {
    let parsed = syn::parse_str::<syn::File>(source).map_err(|source| Error::Syntax {
        file: file.to_string(),
        source,
    })?;
    Ok(prettyplease::unparse(&parsed))
}

/// Prints a token stream as a formatted Rust file.
pub fn format_file(file: &str, tokens: TokenStream) -> Result<String> {
    let parsed = syn::parse2::<syn::File>(tokens).map_err(|source| Error::Syntax {
        file: file.to_string(),
        source,
    })?;
    Ok(prettyplease::unparse(&parsed))
}

fn valid_crate_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The crate's identifier, when its name is valid.
fn crate_ident(options: &Options) -> Result<String> {
    if !valid_crate_name(&options.crate_name) {
        return Err(Error::CrateName(options.crate_name.clone()));
    }
    Ok(options.crate_name.replace('-', "_"))
}

/// The plan of every operation's method, by group module, exactly as [`generate`] quotes them
/// (see [`plan::OperationPlan`]).
///
/// # Errors
///
/// [`Error::CrateName`] for an invalid crate name.
pub fn module_plans(
    finished: &FinishedApi,
    options: &Options,
) -> Result<Vec<operations::ModulePlan>> {
    let crate_ident = crate_ident(options)?;
    let mut space = TypeSpace::new(finished);
    let client_params = operations::client_params(finished, &space);
    Ok(operations::plan_modules(
        finished,
        &mut space,
        &client_params,
        &crate_ident,
    ))
}

/// One argument of a client call, as [`CallShape`] writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallArgument {
    /// The parameter name of the method (`contact_id`, `body`, `options`).
    pub name: String,
    /// How an example call passes it: by value (`contact_id`), borrowed (`&currency`: a `String`,
    /// `Vec` or model value works through deref coercion), an optional body (`Some(&body)`).
    pub written: String,
    /// The parameter's Rust type (`i32`, `&str`, `Option<&Phone>`, `&ListOrdersOptions`).
    pub ty: String,
    /// The documented wire name, for path, query and header parameters (`contactId`).
    pub wire: Option<String>,
}

/// How the generated client's method of one operation is called: the data other emitters
/// (the docs) show beside the operation, computed here so that the method names and
/// arguments they show are the ones the client has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallShape {
    /// Index in `Api::operations`.
    pub operation: usize,
    /// `METHOD /path` as documented.
    pub key: String,
    /// The method name (`update_contact_phone`).
    pub method: String,
    /// The group module, which is also the cargo feature (`collaboration`).
    pub feature: String,
    /// The arguments after `self`, in order.
    pub arguments: Vec<CallArgument>,
    /// The asynchronous call
    /// (`client.update_contact_phone(contact_id, phone_id, Some(&body),
    /// &UpdateContactPhoneOptions::default()).await?`).
    pub call: String,
    /// The blocking call (`client.update_contact_phone(contact_id, phone_id, Some(&body),
    /// &UpdateContactPhoneOptions::default())?`).
    pub blocking_call: String,
    /// The body type of the `ResponseValue` the call returns (`Vec<SalesOrder>`, `()`,
    /// `RawResponse` when the docs do not describe the body).
    pub returns: String,
    /// The call of the page walker, for paged lists (`client.list_orders_all(&ListOrdersOptions::default())`, a
    /// `futures::Stream` of items, an `Iterator` in the blocking client).
    pub walker: Option<String>,
}

/// The call shape of every operation's client method, in `Api::operations` order.
///
/// # Errors
///
/// [`Error::CrateName`] for an invalid crate name.
pub fn call_shapes(api: &FinishedApi, options: &Options) -> Result<Vec<CallShape>> {
    let mut out = Vec::new();
    for m in module_plans(api, options)? {
        for p in &m.plans {
            out.push(call_shape(&m.module, p));
        }
    }
    out.sort_by_key(|c| c.operation);
    Ok(out)
}

fn call_shape(module: &str, p: &plan::OperationPlan) -> CallShape {
    let mut arguments: Vec<CallArgument> = p
        .required
        .iter()
        .map(|a| {
            let name = naming::unraw(&a.rust).to_string();
            CallArgument {
                written: if a.pass.by_ref() {
                    format!("&{name}")
                } else {
                    name.clone()
                },
                name,
                ty: a.ty.to_string(),
                wire: Some(a.wire.clone()),
            }
        })
        .collect();
    if let Some(b) = &p.body {
        let (written, ty) = if b.required {
            ("&body".to_string(), format!("&{}", b.ty))
        } else {
            ("Some(&body)".to_string(), format!("Option<&{}>", b.ty))
        };
        arguments.push(CallArgument {
            name: "body".to_string(),
            written,
            ty,
            wire: None,
        });
    }
    if let Some(o) = &p.options_struct {
        arguments.push(CallArgument {
            name: "options".to_string(),
            // An example call compiles as written: the options at their defaults (`&ListOrdersOptions::default()`).
            written: format!("&{o}::default()"),
            ty: format!("&{o}"),
            wire: None,
        });
    }
    let written: Vec<&str> = arguments.iter().map(|a| a.written.as_str()).collect();
    let invocation = format!("client.{}({})", p.method_name, written.join(", "));
    let returns = match &p.response {
        plan::ResponsePlan::Json { ty, .. } | plan::ResponsePlan::Xml { ty, .. } => ty.to_string(),
        plan::ResponsePlan::Empty => "()".to_string(),
        plan::ResponsePlan::Raw => "RawResponse".to_string(),
    };
    let walker = p
        .paging
        .as_ref()
        .and_then(|paging| paging.walker.as_ref())
        .map(|w| {
            let args: Vec<&str> = arguments
                .iter()
                .filter(|a| a.name != "body")
                .map(|a| a.written.as_str())
                .collect();
            format!("client.{}({})", w.name, args.join(", "))
        });
    CallShape {
        operation: p.index,
        key: p.key.clone(),
        method: p.method_name.clone(),
        feature: module.to_string(),
        arguments,
        call: format!("{invocation}.await?"),
        blocking_call: format!("{invocation}?"),
        returns,
        walker,
    }
}

/// The source of `src/models.rs` as tokens' text, in pieces (its inner doc attribute, then the
/// items of each type), and the dependencies its types need. Made on a type space of
/// their own: the models read the type names (the same in every space of one API) and which
/// group modules use each type, never what quoting the operations claims, so they can be made
/// beside the operations.
fn models_tokens(api: &Api, crate_ident: &str) -> (Vec<String>, types::Uses) {
    let space = TypeSpace::new(api);
    let (module_of, all_features) = operations::module_of(api, crate_ident);
    let features = space.features_of(&api.operations, &module_of);
    models_pieces(&space, &features, &all_features)
}

/// [`models_tokens`] in `space`, with the features that use each type and all features.
fn models_pieces(
    space: &TypeSpace,
    features_of: &BTreeMap<apiscrape_model::TypeId, std::collections::BTreeSet<String>>,
    all_features: &std::collections::BTreeSet<String>,
) -> (Vec<String>, types::Uses) {
    let models_doc = docs::inner_attrs(&[format!(
        "The types the documentation describes ({} in total), with serde for the exact wire names.",
        space.types().len()
    )]);
    let mut pieces = vec![models_doc.to_string()];
    pieces.extend(space.models(features_of, all_features));
    (pieces, space.uses())
}

/// Files of Rust code by path, each in pieces.
type CodeFiles = BTreeMap<String, Vec<Piece>>;

/// Every Rust file of the crate but `src/models.rs` (see [`models_tokens`]) as tokens' text,
/// keyed by relative path, each in pieces that parse as files on their own
/// (a group module: its doc, its `use`, then each operation's items; other files: one piece).
/// Runtime files are not included: they are text. An operation `memo` remembers is not
/// quoted unless the caller lacks its module's bytes (see [`resolve_remembered`], whose
/// decisions come back beside the files).
/// `lib.rs` and the manifest need to know what the models use: `models_uses` is called for it
/// once everything else is quoted.
fn crate_tokens(
    finished: &FinishedApi,
    options: &Options,
    memo: Option<&dyn QuoteMemo>,
    skip: &Skip<'_>,
    models_uses: impl FnOnce() -> types::Uses,
) -> Result<(CodeFiles, BTreeMap<String, bool>, Manifest)> {
    let crate_ident = crate_ident(options)?;
    let header = options.header.as_deref().unwrap_or(DEFAULT_HEADER);
    let api: &Api = finished;
    let mut space = TypeSpace::new(api);
    let client_params = operations::client_params(api, &space);
    let mut modules = operations::modules(finished, &mut space, &client_params, &crate_ident, memo);
    let mut files: BTreeMap<String, Vec<Piece>> = BTreeMap::new();
    let mut insert = |path: &str, text: String| {
        files.insert(path.to_string(), vec![Piece::Text(text)]);
    };

    let client_doc =
        docs::inner_attrs(&["The client, its builder and the request loop.".to_string()]);
    let helpers = client_helpers(api, &modules);
    let xml_features = features_where(&modules, |p| p.encodes_xml() || p.decodes_xml());
    let xml = helpers.xml;
    let client_tokens = client::client(api, &client_params, helpers);
    insert(
        "src/client.rs",
        quote!(#client_doc #client_tokens).to_string(),
    );
    let blocking_doc =
        docs::inner_attrs(&["The synchronous client (feature `blocking`).".to_string()]);
    let blocking_tokens = client::blocking();
    insert(
        "src/blocking.rs",
        quote!(#blocking_doc #blocking_tokens).to_string(),
    );
    let codes_doc = docs::inner_attrs(&["Vendor error codes from the documentation.".to_string()]);
    let codes = client::error_codes(api);
    insert("src/error_codes.rs", quote!(#codes_doc #codes).to_string());
    insert(
        "examples/smoke.rs",
        smoke_program(api, &crate_ident, &modules)?.to_string(),
    );

    let (mod_decls, groups) = group_files(api, &mut modules, &mut files);

    let uses = space.uses().union(models_uses());
    let xml_mod = if xml {
        let gate = client::unused_without(&xml_features);
        quote!(#gate mod xml;)
    } else {
        quote!()
    };
    let paging = modules.iter().any(|m| {
        m.plans
            .iter()
            .any(|p| p.paging.as_ref().is_some_and(|p| p.walker.is_some()))
    });
    let mut dep_reexports = dep_reexports(&uses);
    if paging {
        dep_reexports.extend(quote!(
            pub use futures;
        ));
    }

    let base_reexport = if api.base_urls.is_empty() {
        quote!()
    } else {
        quote!(
            pub use client::DEFAULT_BASE_URL;
        )
    };
    let builder_calls = builder_calls(api);
    let lines = crate_doc_lines(
        api,
        &crate_ident,
        &modules,
        &groups,
        &builder_calls,
        space.unreferenced_count(),
    );
    let crate_doc = docs::inner_attrs(&lines);
    let error_body_reexports = if client::documents_error_body(api) {
        quote!(
            pub use error_codes::ApiErrorMessage;
        )
    } else {
        quote!()
    };
    files.insert(
        "src/lib.rs".to_string(),
        vec![Piece::Text(
            quote! {
                #crate_doc
                #![forbid(unsafe_code)]
                #![warn(missing_docs)]
                // Identifiers keep the documentation's letters (`名前`), whatever their script.
                #![allow(uncommon_codepoints, mixed_script_confusables, confusable_idents)]

                mod client;
                mod error;
                mod error_codes;
                mod response;
                #xml_mod
                pub mod models;
                pub mod support;
                #[cfg(feature = "blocking")]
                pub mod blocking;
                #(#mod_decls)*

                pub use client::{Client, ClientBuilder, DEFAULT_USER_AGENT};
                #base_reexport
                pub use error::{ApiError, Error};
                pub use error_codes::{ApiErrorBody, ApiErrorCode};
                #error_body_reexports
                pub use response::ResponseValue;
                #[allow(unused_imports)]
                pub use models::*;
                pub use support::{RawResponse, RetryPolicy, Rule, Validate, ValidationError};
                #dep_reexports
            }
            .to_string(),
        )],
    );
    let base64 = api.auth.iter().any(|a| matches!(a.kind, AuthKind::Basic));
    let manifest = Manifest {
        header: options
            .header
            .clone()
            .unwrap_or_else(|| DEFAULT_HEADER.to_string()),
        crate_name: options.crate_name.clone(),
        crate_ident,
        crate_version: options.crate_version.clone(),
        rust_version: RUST_VERSION.to_string(),
        title: api.title.clone(),
        description: api.description.clone(),
        base_url: api.base_urls.first().cloned(),
        operation_count: api.operations.len(),
        unreferenced_models: space.unreferenced_count(),
        groups,
        builder_calls,
        uses: UsesInfo {
            chrono: uses.chrono,
            decimal: uses.decimal,
            uuid: uses.uuid,
            regex: uses.regex,
            time: uses.time,
            base64,
            xml,
            paging,
        },
    };
    let decided = resolve_remembered(finished, &space, &modules, &mut files, header, (skip, memo));
    Ok((files, decided, manifest))
}

/// Decides, for every group module with a remembered operation ([`Piece::Known`]), whether
/// the caller has its bytes (`skip` of its fingerprint, taken from the pieces' digests):
/// `true`, and the file is left unquoted; `false`, and each remembered operation is taken
/// printed from `memo`, or else quoted now. Returns those decisions by path, so that `skip` is
/// asked once per file.
fn resolve_remembered(
    api: &Api,
    space: &TypeSpace,
    modules: &[operations::GroupModule],
    files: &mut BTreeMap<String, Vec<Piece>>,
    header: &str,
    (skip, memo): (&Skip<'_>, Option<&dyn QuoteMemo>),
) -> BTreeMap<String, bool> {
    let mut decided = BTreeMap::new();
    for m in modules {
        let path = format!("src/{}.rs", m.module);
        let Some(pieces) = files.get_mut(&path) else {
            continue;
        };
        if !pieces.iter().any(|p| matches!(p, Piece::Known(_))) {
            continue;
        }
        let has_bytes = skip(&path, &code_fingerprint(&path, header, pieces));
        if !has_bytes {
            // The doc and `use` pieces come first, then one per operation.
            for (piece, plan) in pieces.iter_mut().skip(2).zip(&m.plans) {
                if let Piece::Known(digest) = *piece {
                    *piece = match memo.and_then(|memo| memo.printed(&digest)) {
                        Some(text) => Piece::Printed { digest, text },
                        None => {
                            let op = &api.operations[plan.index];
                            let text = operations::operation_text(space, op, plan);
                            debug_assert_eq!(memo::piece_digest(&text), digest, "{path}");
                            Piece::Quoted { digest, text }
                        }
                    };
                }
            }
        }
        decided.insert(path, has_bytes);
    }
    decided
}

/// The group modules (features) with an operation whose plan satisfies `f`.
fn features_where(
    modules: &[operations::GroupModule],
    f: impl Fn(&plan::OperationPlan) -> bool,
) -> Vec<String> {
    modules
        .iter()
        .filter(|m| m.plans.iter().any(&f))
        .map(|m| m.module.clone())
        .collect()
}

/// Which helpers of `client.rs` the operations need, decided from their plans.
fn client_helpers(api: &Api, modules: &[operations::GroupModule]) -> client::Helpers {
    client::Helpers {
        send_features: modules.iter().map(|m| m.module.clone()).collect(),
        decode_features: features_where(modules, plan::OperationPlan::decodes_json),
        xml: api.operations.iter().any(operations::uses_xml),
        decode_xml_features: features_where(modules, plan::OperationPlan::decodes_xml),
        empty_features: features_where(modules, |p| p.response == plan::ResponsePlan::Empty),
        raw_features: features_where(modules, |p| p.response == plan::ResponsePlan::Raw),
    }
}

/// The re-exports of `lib.rs` for the dependencies the models use.
fn dep_reexports(uses: &types::Uses) -> TokenStream {
    let mut dep_reexports = TokenStream::new();
    if uses.chrono {
        dep_reexports.extend(quote!(
            pub use chrono;
        ));
    }
    if uses.decimal {
        dep_reexports.extend(quote!(
            pub use rust_decimal;
        ));
    }
    if uses.uuid {
        dep_reexports.extend(quote!(
            pub use uuid;
        ));
    }
    if uses.time {
        dep_reexports.extend(quote!(
            mod time;
            pub use time::{TimeOfDay, Timestamp};
        ));
    }
    dep_reexports
}

/// Writes `src/<module>.rs` of every group module; returns the `mod` declarations of `lib.rs`
/// and the groups as the templates list them.
fn group_files(
    api: &Api,
    modules: &mut [operations::GroupModule],
    files: &mut BTreeMap<String, Vec<Piece>>,
) -> (Vec<TokenStream>, Vec<GroupInfo>) {
    let mut mod_decls = Vec::new();
    let mut groups = Vec::new();
    // Operations per group (`None`: no group), counted in one pass.
    let mut counts: std::collections::HashMap<Option<&str>, usize> =
        std::collections::HashMap::new();
    for op in &api.operations {
        *counts.entry(op.group.as_deref()).or_default() += 1;
    }
    for m in modules.iter_mut() {
        let name = ident(&m.module);
        let feature = m.module.clone();
        let count = counts.get(&m.group.as_deref()).copied().unwrap_or(0);
        let title = match &m.group {
            Some(g) => format!("Operations of the {} group", docs::text(g)),
            None => "Operations without a documented group".to_string(),
        };
        let desc = m
            .group
            .as_deref()
            .and_then(|g| api.group(g))
            .and_then(|g| g.description.as_deref())
            .map(docs::paragraphs);
        let mut lines = vec![format!(
            "{title} ({count}), behind the cargo feature `{feature}`."
        )];
        if let Some(d) = desc {
            lines.push(String::new());
            lines.push(d);
        }
        // The module's pieces move into its file: the operations are never held twice.
        let mut file = vec![Piece::Text(docs::inner_attrs(&lines).to_string())];
        file.append(&mut m.pieces);
        files.insert(format!("src/{}.rs", m.module), file);
        let reexport = if m.exports {
            quote!(#[cfg(feature = #feature)] pub use #name::*;)
        } else {
            quote!()
        };
        mod_decls.push(quote! {
            #[cfg(feature = #feature)]
            pub mod #name;
            #reexport
        });
        groups.push(GroupInfo {
            name: m
                .group
                .clone()
                .unwrap_or_else(|| apiscrape_model::naming::UNGROUPED.to_string()),
            feature: m.module.clone(),
            count,
        });
    }

    (mod_decls, groups)
}

/// The builder calls of the crate's examples: a base URL when the docs give none, then one
/// call per authentication scheme.
fn builder_calls(api: &Api) -> Vec<String> {
    let mut builder_calls = Vec::new();
    if api.base_urls.is_empty() {
        builder_calls.push("base_url(\"https://api.example.com\")".to_string());
    }
    let mut auth_scope = naming::Scope::new();
    for scheme in &api.auth {
        let m = auth_scope.claim_snake(naming::snake(&scheme.id));
        builder_calls.push(match scheme.kind {
            AuthKind::Basic => format!("{m}(\"user\", \"password\")"),
            _ => format!("{m}(\"token\")"),
        });
    }
    builder_calls
}

/// The crate-level rustdoc of `lib.rs`: title, summary, an example and the cargo features
/// (`unreferenced_models`: how many types no operation uses).
fn crate_doc_lines(
    api: &Api,
    crate_ident: &str,
    modules: &[operations::GroupModule],
    groups: &[GroupInfo],
    builder_calls: &[String],
    unreferenced_models: usize,
) -> Vec<String> {
    let mut lines = vec![format!("# {}", docs::text(&api.title)), String::new()];
    lines.push(format!(
        "A typed asynchronous client for {}, generated by apiscrape from the API's documentation \
         pages: {} operation(s), {} type(s).",
        docs::text(&api.title),
        api.operations.len(),
        api.types.len()
    ));
    if let Some(d) = &api.description {
        lines.push(String::new());
        lines.push(docs::paragraphs(d));
    }
    lines.push(String::new());
    lines.push("```no_run".to_string());
    lines.push(format!(
        "# async fn example() -> Result<(), {crate_ident}::Error> {{"
    ));
    lines.push(format!("let client = {crate_ident}::Client::builder()"));
    for c in builder_calls {
        lines.push(format!("    .{c}"));
    }
    lines.push("    .build()?;".to_string());
    if let Some((feature, call)) = modules
        .iter()
        .find_map(|m| m.example.as_ref().map(|c| (&m.module, c)))
    {
        let call = call.replace("{crate}", crate_ident);
        lines.push(format!("# #[cfg(feature = \"{feature}\")]"));
        lines.push("# {".to_string());
        lines.push(format!("let response = client.{call}.await?;"));
        lines.push("# let _ = response;".to_string());
        lines.push("# }".to_string());
    }
    lines.push("# let _ = client;".to_string());
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    lines.push("```".to_string());
    lines.push(String::new());
    lines.push(
        "Every method returns a [`ResponseValue`]: the decoded body (it derefs to it) with the \
         HTTP status and the response headers. An error status is [`Error::Api`] with an \
         [`ApiError`]: status, headers, the body as [`ApiErrorBody`], the vendor \
         [`ApiErrorCode`] and the raw bytes."
            .to_string(),
    );
    lines.push(String::new());
    lines.push("# Cargo features".to_string());
    lines.push(String::new());
    for g in groups {
        lines.push(format!(
            "- `{}`: {} operation(s) of the {} group (default).",
            g.feature,
            g.count,
            docs::text(&g.name)
        ));
    }
    lines.push(
        "- `blocking`: [`blocking::Client`], a synchronous client with the same methods."
            .to_string(),
    );
    lines.push(match unreferenced_models {
        0 => format!(
            "- `{}`: the types the documentation describes that no operation uses (none in \
             this API).",
            types::UNREFERENCED_FEATURE
        ),
        n => format!(
            "- `{}`: the {n} type(s) the documentation describes that no operation uses, to \
             decode a raw response into yourself (off by default).",
            types::UNREFERENCED_FEATURE
        ),
    });
    lines.push(
        "- `full-serde`: every type implements both `serde::Serialize` and \
         `serde::Deserialize`; without it a type implements `Serialize` only when it is sent \
         and `Deserialize` only when it is received."
            .to_string(),
    );
    lines
}

/// `examples/smoke.rs`: calls every operation once with sample values against the base URL
/// given as first argument and exits non-zero when a call fails or a response does not decode.
fn smoke_program(
    api: &Api,
    crate_ident: &str,
    modules: &[operations::GroupModule],
) -> Result<TokenStream> {
    let krate = ident(crate_ident);
    let mut calls = Vec::new();
    let mut skipped = Vec::new();
    for m in modules {
        for s in &m.smoke {
            match s {
                // Made from the block's tokens' text (quoted now, or remembered): one text
                // gives one program, however it was had.
                Ok(block) => {
                    calls.push(syn::parse_str::<TokenStream>(block).map_err(|source| {
                        Error::Syntax {
                            file: "examples/smoke.rs".to_string(),
                            source,
                        }
                    })?)
                }
                Err(name) => skipped.push(name.clone()),
            }
        }
    }
    let auth = api.auth.iter().map(|a| {
        let m = ident(&naming::snake(&a.id));
        match a.kind {
            AuthKind::Basic => quote!(.#m("smoke", "smoke")),
            _ => quote!(.#m("smoke-token")),
        }
    });
    let total = u32::try_from(calls.len()).unwrap_or(u32::MAX);
    let skipped_note = skipped
        .iter()
        .map(|name| quote!(println!("skipped {} (no sample value can be built)", #name);));
    let doc = docs::inner_attrs(&[
        "Calls every operation once with values derived from the documented constraints."
            .to_string(),
        String::new(),
        "Usage: `cargo run --example smoke -- <base URL>` (default `http://127.0.0.1:4010`, \
         where `prism mock openapi.yaml` listens). Prints one line per call and exits with \
         failure when a call fails or its response does not decode."
            .to_string(),
    ]);
    let allow_deprecated = if api.operations.iter().any(|op| op.deprecation.is_some()) {
        quote! {
            // Every operation is called, deprecated ones included.
            #![allow(deprecated)]
        }
    } else {
        quote!()
    };
    // An API without operations has nothing to call or report.
    let (report, client_var, failures_var) = if calls.is_empty() {
        (quote!(), quote!(_client), quote!(failures))
    } else {
        (
            quote! {
            use #krate::Error;
            fn report<T>(name: &str, result: Result<T, Error>, failures: &mut u32) {
                match result {
                    Ok(_) => println!("ok {name}"),
                    Err(e) => {
                        *failures += 1;
                        // The error and each of its causes, once.
                        let mut text = e.to_string();
                        let mut cause = std::error::Error::source(&e);
                        while let Some(c) = cause {
                            text.push_str(": ");
                            text.push_str(&c.to_string());
                            cause = c.source();
                        }
                        println!("FAILED {name}: {text}");
                    }
                }
            }

                },
            quote!(client),
            quote!(mut failures),
        )
    };
    Ok(quote! {
        #doc
        #allow_deprecated
        // Identifiers keep the documentation's letters (`名前`), whatever their script.
        #![allow(uncommon_codepoints, mixed_script_confusables, confusable_idents)]
        use std::process::ExitCode;

        #report

        fn main() -> ExitCode {
            let base_url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:4010".to_string());
            let #client_var = match #krate::Client::builder()
                .base_url(base_url)
                #(#auth)*
                .retry_policy(#krate::RetryPolicy::none())
                .build_blocking()
            {
                Ok(client) => client,
                Err(e) => {
                    eprintln!("cannot build the client: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let #failures_var = 0u32;
            #(#calls)*
            #(#skipped_note)*
            println!("{} of {} operation(s) succeeded", #total - failures, #total);
            if failures == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
    })
}

/// What the templates need to know about the crate.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    header: String,
    crate_name: String,
    crate_ident: String,
    crate_version: String,
    rust_version: String,
    title: String,
    description: Option<String>,
    base_url: Option<String>,
    operation_count: usize,
    /// How many types no operation uses (behind the feature `unreferenced-models`).
    unreferenced_models: usize,
    groups: Vec<GroupInfo>,
    builder_calls: Vec<String>,
    uses: UsesInfo,
}

#[derive(Debug, Clone, Serialize)]
struct GroupInfo {
    name: String,
    feature: String,
    count: usize,
}

#[derive(Debug, Clone, Serialize)]
struct UsesInfo {
    chrono: bool,
    decimal: bool,
    uuid: bool,
    regex: bool,
    time: bool,
    base64: bool,
    xml: bool,
    paging: bool,
}

fn toml_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn render(template_name: &str, template: &str, data: &serde_json::Value) -> Result<String> {
    let mut hb = handlebars::Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::no_escape);
    hb.render_template(template, data)
        .map_err(|e| Error::Template {
            template: template_name.to_string(),
            message: e.to_string(),
        })
}

/// Generates the client crate: relative path → file contents.
///
/// # Errors
///
/// [`Error::CrateName`] for an invalid crate name; the other variants indicate emitter bugs.
pub fn generate(api: &FinishedApi, options: &Options) -> Result<BTreeMap<String, String>> {
    render_units(api, options, &|_, _| false)?
        .into_iter()
        .map(|unit| {
            let text = unit.text.unwrap_or_default();
            Ok((unit.path, text))
        })
        .collect()
}

/// A BLAKE3 digest of exactly what a file is rendered from: two equal fingerprints give
/// equal bytes (within one build of the emitter).
pub type Fingerprint = [u8; 32];

/// One file of the client crate as [`render_units`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedUnit {
    /// The file, relative and `/`-separated (`src/models.rs`).
    pub path: String,
    /// The digest of exactly what the file is rendered from: for Rust code, the header and the
    /// tokens' text (which the printer parses); for other files, the text.
    pub fingerprint: Fingerprint,
    /// The file's bytes, `None` when the caller said it has them (see [`render_units`]).
    pub text: Option<String>,
}

/// Says, from a file's path and fingerprint, that the caller has its bytes already.
pub type Skip<'a> = dyn Fn(&str, &Fingerprint) -> bool + Sync + 'a;

/// What a [`Unit`] is rendered from.
enum Content {
    /// Rust code: the tokens written out as source text, printed by [`format_source`] under the
    /// header.
    Code {
        /// The `@generated` header.
        header: String,
        /// The file's tokens as text (`TokenStream`'s `Display`), in pieces that each parse as
        /// a file on their own (inner attributes, or whole items): the file prints as its
        /// pieces printed one by one, so a big file never needs one syntax tree of it all.
        pieces: Vec<CodePiece>,
    },
    /// Text that is already final (runtime files, `Cargo.toml`, `README.md`).
    Text(String),
    /// Nothing: the caller has the file's bytes (its quoting was remembered, see [`memo`]).
    Had,
}

/// One piece of a [`Content::Code`] file.
enum CodePiece {
    /// Tokens' text to print; `remembered`: its digest, when the memo keeps what printing it
    /// gives.
    Source {
        text: String,
        remembered: Option<Fingerprint>,
    },
    /// Printed already (remembered).
    Printed(String),
}

/// Prints a file given as `pieces`, each of which parses as a file on its own (inner
/// attributes, or whole items), in parallel. prettyplease prints a file's inner attributes and
/// then each item, every one ending its own lines, so the result is exactly [`format_source`]
/// of the pieces joined; only one piece's syntax tree is held per thread. A piece printed
/// already is taken as it is; a remembered piece is taken printed from `memo` when it has it,
/// else printed and remembered there.
fn format_code(file: &str, pieces: Vec<CodePiece>, memo: Option<&dyn QuoteMemo>) -> Result<String> {
    use rayon::prelude::*;
    let printed = pieces
        .into_par_iter()
        .map(|piece| match piece {
            CodePiece::Printed(text) => Ok(text),
            CodePiece::Source { text, remembered } => {
                let remembered = memo.zip(remembered);
                if let Some(printed) = remembered.and_then(|(memo, digest)| memo.printed(&digest)) {
                    return Ok(printed);
                }
                let printed = format_source(file, &text)?;
                if let Some((memo, digest)) = remembered {
                    memo.put_printed(digest, &printed);
                }
                Ok(printed)
            }
        })
        .collect::<Result<Vec<String>>>()?;
    Ok(printed.concat())
}

/// One file of the crate before it is rendered.
struct Unit {
    path: String,
    fingerprint: Fingerprint,
    content: Content,
    /// What `skip` said of the file, when it was asked already.
    asked: Option<bool>,
}

/// The fingerprint of a Rust file: its path, its header and the digest of each piece of its
/// tokens' text ([`memo::piece_digest`]), so that it can be had from remembered digests.
fn code_fingerprint(path: &str, header: &str, pieces: &[Piece]) -> Fingerprint {
    let mut hash = memo::Hasher::new("code");
    hash.bytes(path.as_bytes());
    hash.bytes(header.as_bytes());
    for piece in pieces {
        hash.bytes(&piece.digest());
    }
    hash.finish()
}

impl Unit {
    /// A Rust file from its pieces (see [`Content::Code`]); `asked` is what `skip` said of it
    /// already, if anything. Its fingerprint digests the text the printer reads: what is
    /// printed is exactly what is fingerprinted. A file the caller has ([`Content::Had`]) may
    /// have pieces known only by their digests.
    fn code(path: &str, header: &str, pieces: Vec<Piece>, asked: Option<bool>) -> Unit {
        let fingerprint = code_fingerprint(path, header, &pieces);
        let content = if asked == Some(true) {
            Content::Had
        } else {
            Content::Code {
                header: header.to_string(),
                pieces: pieces
                    .into_iter()
                    .map(|piece| match piece {
                        Piece::Text(text) => CodePiece::Source {
                            text,
                            remembered: None,
                        },
                        Piece::Quoted { digest, text } => CodePiece::Source {
                            text,
                            remembered: Some(digest),
                        },
                        Piece::Printed { text, .. } => CodePiece::Printed(text),
                        // A file the caller lacks is quoted again before this (see
                        // `resolve_remembered` and `models_unit`).
                        Piece::Known(_) => {
                            debug_assert!(false, "{path}: a remembered piece left unquoted");
                            CodePiece::Printed(String::new())
                        }
                    })
                    .collect(),
            }
        };
        Unit {
            path: path.to_string(),
            fingerprint,
            content,
            asked,
        }
    }

    fn text(path: &str, text: String) -> Unit {
        let mut hash = memo::Hasher::new("text");
        hash.bytes(path.as_bytes());
        hash.bytes(text.as_bytes());
        Unit {
            path: path.to_string(),
            fingerprint: hash.finish(),
            content: Content::Text(text),
            asked: None,
        }
    }

    /// The unit rendered, unless `skip` says (or said) the caller has its bytes; the printed
    /// text of remembered pieces goes to `memo`.
    fn render(self, skip: &Skip<'_>, memo: Option<&dyn QuoteMemo>) -> Result<RenderedUnit> {
        let had = self
            .asked
            .unwrap_or_else(|| skip(&self.path, &self.fingerprint));
        let text = match self.content {
            _ if had => None,
            Content::Code { header, pieces } => {
                let mut text = format!("// {header}\n");
                text.push_str(&format_code(&self.path, pieces, memo)?);
                Some(text)
            }
            Content::Text(text) => Some(text),
            Content::Had => None,
        };
        Ok(RenderedUnit {
            path: self.path,
            fingerprint: self.fingerprint,
            text,
        })
    }
}

/// Every file of the client crate, in path order, each with the fingerprint of exactly what
/// it is rendered from; a file for which `skip(path, fingerprint)` holds is left out
/// ([`RenderedUnit::text`] is `None`): a caller that kept the bytes of an earlier run with that
/// fingerprint has them. Quoting tokens is cheap next to printing them (syn parses them,
/// prettyplease prints), so what is saved is the printing. `src/models.rs` is quoted on a
/// thread of its own, beside the rest of the crate; then every file is printed in parallel,
/// `src/models.rs` type by type.
///
/// # Errors
///
/// [`Error::CrateName`] for an invalid crate name; the other variants indicate emitter bugs.
pub fn render_units(
    api: &FinishedApi,
    options: &Options,
    skip: &Skip<'_>,
) -> Result<Vec<RenderedUnit>> {
    render_units_remembering(api, options, skip, None)
}

/// [`render_units`], with quoting remembered in `memo` between runs (see [`memo`]): an
/// operation, or `src/models.rs`, whose quoting `memo` remembers is not quoted when the
/// caller has its file, and what is quoted is remembered. The files and fingerprints are
/// those of [`render_units`], whatever `memo` holds.
///
/// # Errors
///
/// As [`render_units`].
pub fn render_units_remembering(
    api: &FinishedApi,
    options: &Options,
    skip: &Skip<'_>,
    memo: Option<&dyn QuoteMemo>,
) -> Result<Vec<RenderedUnit>> {
    render_units_each(api, options, skip, memo, &|unit| unit)
}

/// [`render_units_remembering`], handing each file to `each` as soon as it is printed (on the
/// thread that printed it) instead of collecting them: memory then holds the files being
/// printed, not the whole crate's text (32 MB for a client of 10,000 operations). Returns what
/// `each` gave for every file, in path order.
///
/// # Errors
///
/// As [`render_units`].
pub fn render_units_each<T: Send>(
    api: &FinishedApi,
    options: &Options,
    skip: &Skip<'_>,
    memo: Option<&dyn QuoteMemo>,
    each: &(dyn Fn(RenderedUnit) -> T + Sync),
) -> Result<Vec<T>> {
    use rayon::prelude::*;
    let crate_ident = crate_ident(options)?;
    let header = options
        .header
        .clone()
        .unwrap_or_else(|| DEFAULT_HEADER.to_string());
    std::thread::scope(|scope| {
        // Quoted beside the rest; printed (in parallel, on rayon's pool) once joined. The
        // thread never waits for the pool: a caller on a pool thread blocks in `join`, so work
        // queued there from this thread could wait for ever on a pool of one.
        let models = scope.spawn(|| models_unit(api, &crate_ident, &header, skip, memo));
        let mut models_unit = None;
        let (files, decided, manifest) = crate_tokens(api, options, memo, skip, || {
            let (unit, uses) = models
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            models_unit = Some(unit);
            uses
        })?;
        // Every piece became text as it was quoted: no file's tokens are held whole.
        let mut units: Vec<Unit> = models_unit.into_iter().collect();
        units.extend(files.into_iter().map(|(path, pieces)| {
            let asked = decided.get(&path).copied();
            Unit::code(&path, &header, pieces, asked)
        }));
        units.extend(text_units(&header, &manifest)?);
        let mut files = units
            .into_par_iter()
            .map(|unit| {
                let rendered = unit.render(skip, memo)?;
                Ok((rendered.path.clone(), each(rendered)))
            })
            .collect::<Result<Vec<(String, T)>>>()?;
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files.into_iter().map(|(_, file)| file).collect())
    })
}

/// `src/models.rs` as a unit, and what its types need: from `memo` when it remembers the
/// quoting and the caller has the file, else quoted (and remembered).
fn models_unit(
    api: &Api,
    crate_ident: &str,
    header: &str,
    skip: &Skip<'_>,
    memo: Option<&dyn QuoteMemo>,
) -> (Unit, types::Uses) {
    const PATH: &str = "src/models.rs";
    let Some(memo) = memo else {
        let (pieces, uses) = models_tokens(api, crate_ident);
        let pieces = pieces.into_iter().map(Piece::Text).collect();
        return (Unit::code(PATH, header, pieces, None), uses);
    };
    let space = TypeSpace::new(api);
    let (module_of, all_features) = operations::module_of(api, crate_ident);
    let features = space.features_of(&api.operations, &module_of);
    let key = memo::models_key(&space, &features, &all_features);
    let mut asked = None;
    if let Some(quoted) = memo.get(&key) {
        for digest in &quoted.pieces {
            memo.keep_printed(digest);
        }
        let pieces: Vec<Piece> = quoted.pieces.iter().copied().map(Piece::Known).collect();
        if skip(PATH, &code_fingerprint(PATH, header, &pieces)) {
            return (Unit::code(PATH, header, pieces, Some(true)), quoted.uses);
        }
        // Every type printed as remembered, or else the whole file quoted again.
        let printed: Option<Vec<Piece>> = quoted
            .pieces
            .iter()
            .map(|&digest| {
                Some(Piece::Printed {
                    digest,
                    text: memo.printed(&digest)?,
                })
            })
            .collect();
        if let Some(pieces) = printed {
            return (Unit::code(PATH, header, pieces, Some(false)), quoted.uses);
        }
        asked = Some(false);
    }
    let (pieces, uses) = models_pieces(&space, &features, &all_features);
    let digests: Vec<Fingerprint> = pieces.iter().map(|p| memo::piece_digest(p)).collect();
    // A warm memo keeps what printing each type gives (see `Piece::Quoted`).
    let warm = memo.warm();
    let units = pieces
        .into_iter()
        .zip(&digests)
        .map(|(text, &digest)| {
            if warm {
                Piece::Quoted { digest, text }
            } else {
                Piece::Text(text)
            }
        })
        .collect();
    if asked.is_none() {
        memo.put(
            key,
            memo::Quoted {
                pieces: digests,
                uses,
                smoke: None,
                example: None,
            },
        );
    }
    (Unit::code(PATH, header, units, asked), uses)
}

/// The files of the crate that are text: runtime modules, `Cargo.toml`, `README.md`.
fn text_units(header: &str, manifest: &Manifest) -> Result<Vec<Unit>> {
    let mut out = Vec::new();
    let mut text = |path: &str, text: String| out.push(Unit::text(path, text));
    text("src/support.rs", format!("// {header}\n{RUNTIME_SUPPORT}"));
    text(
        "src/response.rs",
        format!("// {header}\n{RUNTIME_RESPONSE}"),
    );
    text(
        "src/error.rs",
        format!(
            "// {header}\n{}",
            xml_sections(RUNTIME_ERROR, manifest.uses.xml)
        ),
    );
    if manifest.uses.xml {
        text("src/xml.rs", format!("// {header}\n{RUNTIME_XML}"));
    }
    if manifest.uses.time {
        text("src/time.rs", format!("// {header}\n{RUNTIME_TIME}"));
    }

    let mut cargo_data = serde_json::to_value(manifest).unwrap_or_default();
    cargo_data["description"] = serde_json::Value::String(toml_escape(&format!(
        "Typed client for {}, generated from its documentation",
        manifest.title
    )));
    cargo_data["header"] = serde_json::Value::String(toml_escape(header));
    let cargo = render("Cargo.toml.hbs", CARGO_TEMPLATE, &cargo_data)?;
    text("Cargo.toml", tidy_blank_lines(&cargo));
    let mut readme_data = serde_json::to_value(manifest).unwrap_or_default();
    readme_data["header"] = serde_json::Value::String(header.replace("--", "- -"));
    let readme = render("README.md.hbs", README_TEMPLATE, &readme_data)?;
    text("README.md", tidy_blank_lines(&readme));
    Ok(out)
}

/// Collapses runs of blank lines left by template conditionals; ends with one newline.
fn tidy_blank_lines(s: &str) -> String {
    let mut out = String::new();
    let mut blank = 0;
    for line in s.lines() {
        if line.trim().is_empty() {
            blank += 1;
            if blank > 1 {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
#[path = "../runtime/support.rs"]
#[allow(
    dead_code,
    reason = "the vendored runtime is compiled here for its unit tests; clients use the rest"
)]
mod runtime_support;

#[cfg(test)]
#[path = "../runtime/xml.rs"]
mod runtime_xml;

#[cfg(test)]
mod tests {
    use super::*;
    use apiscrape_model::{Body, MediaType, Method, Operation, ResponseContent, TypeRef};

    #[test]
    fn models_printed_type_by_type_are_the_file_printed_whole() {
        for (name, api) in apiscrape_test_support::generated_models() {
            let (pieces, _) = models_tokens(&api, "client");
            assert_eq!(pieces.len(), api.types.len() + 1, "{name}");
            let whole: TokenStream = pieces
                .iter()
                .map(|piece| piece.parse::<TokenStream>().unwrap())
                .collect();
            let sources = pieces
                .iter()
                .map(|text| CodePiece::Source {
                    text: text.clone(),
                    remembered: None,
                })
                .collect();
            let printed = format_code("src/models.rs", sources, None).unwrap();
            assert_eq!(
                printed,
                format_file("src/models.rs", whole).unwrap(),
                "{name}"
            );
            assert!(printed.starts_with("//! The types the documentation describes"));
        }
    }

    fn body(media: &[&str]) -> Body {
        let mut b = Body::new(TypeRef::primitive(apiscrape_model::Primitive::String));
        b.media_types = media
            .iter()
            .map(|m| MediaType {
                name: m.to_string(),
                example: None,
                note: None,
            })
            .collect();
        b
    }

    #[test]
    fn xml_only_bodies_are_recognised() {
        use operations::xml_media_type;
        assert_eq!(xml_media_type(&body(&[])), None);
        assert_eq!(xml_media_type(&body(&["application/json"])), None);
        assert_eq!(
            xml_media_type(&body(&["application/xml", "text/json"])),
            None
        );
        assert_eq!(
            xml_media_type(&body(&["application/problem+json", "text/xml"])),
            None
        );
        assert_eq!(
            xml_media_type(&body(&["Text/XML; charset=utf-8", "application/xml"])).as_deref(),
            Some("text/xml")
        );
        assert_eq!(xml_media_type(&body(&["text/plain"])), None);
    }

    /// The `#[error]` message of each variant of the vendored `Error`, and whether the variant
    /// carries a cause (`#[source]`, `#[from]` or a field named `source`) and which.
    fn error_variants() -> Vec<(String, String, Option<String>)> {
        let file = syn::parse_file(&xml_sections(RUNTIME_ERROR, true)).unwrap();
        let mut out = Vec::new();
        for item in file.items {
            let syn::Item::Enum(e) = item else { continue };
            if e.ident != "Error" {
                continue;
            }
            for v in e.variants {
                let message = v
                    .attrs
                    .iter()
                    .find(|a| a.path().is_ident("error"))
                    .map(|a| a.meta.require_list().unwrap().tokens.to_string())
                    .unwrap();
                let cause = v.fields.iter().enumerate().find_map(|(i, f)| {
                    let marked = f
                        .attrs
                        .iter()
                        .any(|a| a.path().is_ident("source") || a.path().is_ident("from"));
                    let named = f.ident.as_ref().is_some_and(|n| n == "source");
                    (marked || named).then(|| {
                        f.ident
                            .as_ref()
                            .map_or_else(|| i.to_string(), |n| n.to_string())
                    })
                });
                out.push((v.ident.to_string(), message, cause));
            }
        }
        out
    }

    #[test]
    fn error_messages_do_not_repeat_their_source() {
        let variants = error_variants();
        let with_cause: Vec<&str> = variants
            .iter()
            .filter(|(_, _, c)| c.is_some())
            .map(|(v, _, _)| v.as_str())
            .collect();
        assert_eq!(
            with_cause,
            [
                "Validation",
                "Encode",
                "Transport",
                "EncodeXml",
                "Timeout",
                "Decode",
                "DecodeXml"
            ]
        );
        for (variant, message, cause) in &variants {
            if let Some(cause) = cause {
                assert!(
                    !message.contains(&format!("{{{cause}")),
                    "{variant}: {message} prints its source `{cause}` again"
                );
            }
        }
        let decode = variants.iter().find(|(v, _, _)| v == "Decode").unwrap();
        assert_eq!(
            decode.1,
            "\"could not decode the response (HTTP {status})\""
        );
    }

    #[test]
    fn summaries_end_their_sentence_and_description_paragraphs_stay_paragraphs() {
        let mut api = Api::new("X");
        api.base_urls.push("https://x.test".into());
        let mut op = Operation::new(Method::Put, "/phones");
        op.operation_id = Some("updatePhone".into());
        op.summary = Some("Updates provided phone number".into());
        op.description = Some("Sends an SMS\n\nThe number must be verified.\nSee also".into());
        api.operations.push(op);
        let mut op = Operation::new(Method::Get, "/phones");
        op.operation_id = Some("listPhones".into());
        op.description = Some("Lists phones\nPaged by 80".into());
        api.operations.push(op);
        let files = generate(
            &apiscrape_model::finish(api.clone()).unwrap(),
            &Options::new("x"),
        )
        .unwrap();
        let other = &files["src/other.rs"];
        let docs: Vec<&str> = other
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("///"))
            .collect();
        let at = |first: &str| docs.iter().position(|l| *l == first).unwrap();
        let update = at("/// Updates provided phone number.");
        assert_eq!(
            docs[update..update + 6],
            [
                "/// Updates provided phone number.",
                "///",
                "/// Sends an SMS",
                "///",
                "/// The number must be verified.",
                "///",
            ]
        );
        assert_eq!(docs[update + 6], "/// See also");
        let list = at("/// Lists phones.");
        assert_eq!(docs[list + 1..list + 4], ["///", "/// Paged by 80", "///"]);
        // The blocking method: the summary is a sentence of its own, then what it waits for.
        let blocking = docs
            .iter()
            .rposition(|l| *l == "/// Updates provided phone number.")
            .unwrap();
        assert_ne!(blocking, update);
        assert_eq!(docs[blocking + 1], "///");
        assert!(docs[blocking + 2].starts_with("/// Waits for [`Client::update_phone`]"));
        assert!(!other.contains("phone number Waits"));
    }

    #[test]
    fn xml_sections_are_kept_or_dropped_and_markers_always_go() {
        let text = "a\n    // apiscrape:xml-begin\nb\n    // apiscrape:xml-end\nc\n";
        assert_eq!(xml_sections(text, true), "a\nb\nc\n");
        assert_eq!(xml_sections(text, false), "a\nc\n");
        let error = xml_sections(RUNTIME_ERROR, false);
        assert!(!error.contains("quick_xml") && !error.contains("apiscrape:"));
        assert!(xml_sections(RUNTIME_ERROR, true).contains("DecodeXml"));
    }

    #[test]
    fn quick_xml_is_a_dependency_only_of_apis_with_xml_operations() {
        let mut api = Api::new("X");
        api.base_urls.push("https://x.test".into());
        let mut op = Operation::new(Method::Post, "/a");
        op.operation_id = Some("a".into());
        op.request_body = Some(body(&["application/json", "application/xml"]));
        api.operations.push(op);
        let files = generate(
            &apiscrape_model::finish(api.clone()).unwrap(),
            &Options::new("x"),
        )
        .unwrap();
        assert!(!files["Cargo.toml"].contains("quick-xml"));
        assert!(!files.contains_key("src/xml.rs"));
        assert!(files["src/other.rs"].contains("crate::support::encode_json(body, None)"));

        let mut op = Operation::new(Method::Get, "/b");
        op.operation_id = Some("b".into());
        op.responses.push(apiscrape_model::Response {
            status: 200,
            description: None,
            content: ResponseContent::Body {
                body: body(&["text/xml"]),
            },
        });
        api.operations.push(op);
        let files = generate(
            &apiscrape_model::finish(api.clone()).unwrap(),
            &Options::new("x"),
        )
        .unwrap();
        assert!(files["Cargo.toml"]
            .contains("quick-xml = { version = \"0.38\", features = [\"serialize\"] }"));
        assert!(files["src/xml.rs"].contains("pub fn decode_xml"));
        assert!(files["src/error.rs"].contains("DecodeXml"));
        let other = &files["src/other.rs"];
        assert!(other.contains("self.exchange(call, crate::client::decode_xml)"));
        assert!(other.contains("accept: Some(\"text/xml\")"));
        assert!(other.contains("content_type: \"application/json\""));
    }

    #[test]
    fn call_shapes_write_the_calls_of_the_real_rambase_operations() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../generated/rambase/model.json"),
        )
        .unwrap();
        let api = apiscrape_model::finish(serde_json::from_str(&text).unwrap()).unwrap();
        let shapes = call_shapes(&api, &Options::new("rambase-client")).unwrap();
        assert_eq!(shapes.len(), api.operations.len());
        let update = &shapes[0];
        assert_eq!(
            update.key,
            "PUT /collaboration/contacts/{contactId}/phones/{phoneId}"
        );
        assert_eq!(update.feature, "collaboration");
        assert_eq!(
            update.call,
            "client.update_contact_phone(contact_id, phone_id, Some(&body), &UpdateContactPhoneOptions::default()).await?"
        );
        assert_eq!(
            update.blocking_call,
            "client.update_contact_phone(contact_id, phone_id, Some(&body), &UpdateContactPhoneOptions::default())?"
        );
        assert_eq!(update.returns, "()");
        assert_eq!(
            update.arguments[0],
            CallArgument {
                name: "contact_id".into(),
                written: "contact_id".into(),
                ty: "i32".into(),
                wire: Some("contactId".into()),
            }
        );
        assert_eq!(update.arguments[2].ty, "Option<&Phone>");
        assert_eq!(update.arguments[3].ty, "&UpdateContactPhoneOptions");
        let list = shapes.iter().find(|c| c.method == "list_orders").unwrap();
        assert_eq!(
            list.call,
            "client.list_orders(&ListOrdersOptions::default()).await?"
        );
        assert_eq!(list.returns, "Vec<SalesOrder>");
        assert_eq!(
            list.walker.as_deref(),
            Some("client.list_orders_all(&ListOrdersOptions::default())")
        );
        let rate = shapes
            .iter()
            .find(|c| c.method == "get_exchange_rate")
            .unwrap();
        assert_eq!(
            rate.call,
            "client.get_exchange_rate(&currency, &GetExchangeRateOptions::default()).await?"
        );
        assert_eq!(rate.returns, "RawResponse");
        assert_eq!(rate.walker, None);
    }
}
