//! The intermediate model (IR) of a REST API, as read from its documentation pages.
//!
//! Every parser (`apiscrape-parse`) produces an [`Api`]; every emitter (OpenAPI, Rust client,
//! docs) reads one. The model is plain data: no IO, no HTML, no code generation. It serialises
//! with serde to deterministic JSON (ordered `Vec`s and `BTreeMap`s only, empty values skipped),
//! so a model snapshot is a readable diff of what the docs say.
//!
//! Main types:
//! - [`Api`]: title, base URLs, groups, authentication, operations, named types, diagnostics.
//! - [`Operation`]: one documented endpoint (method + path template) with everything the page
//!   says about it, including where it was read from ([`Provenance`]).
//! - [`Parameter`] and [`Field`]: a wire name exactly as documented, a [`TypeRef`] and
//!   [`Constraints`].
//! - [`NamedType`]: an object, enum, alias or placeholder in the type registry, keyed by a
//!   stable [`TypeId`].
//! - [`Diagnostic`]: what a parser did not understand, with its [`SourceLocation`].
//! - [`finish()`] → [`FinishedApi`]: the model normalised with every operation named, the
//!   only form the emitters take.
//! - [`PathTemplate`]: a path template read into literal and `{placeholder}` pieces;
//!   [`MediaKind`]: whether a media type is JSON, XML or other. One rule each, for every crate.
//! - [`manifest`]: the `fetch-manifest.json` format the fetcher writes and the parsers read.
//!
//! ```
//! use apiscrape_model::{Api, Method, Operation};
//! let mut api = Api::new("Example");
//! api.operations.push(Operation::new(Method::Get, "/things/{id}"));
//! assert_eq!(api.operations[0].key(), "GET /things/{id}");
//! ```
#![deny(missing_docs)]

pub mod finish;
pub mod manifest;
pub mod media;
pub mod naming;
pub mod path;

pub use finish::{finish, FinishError, FinishedApi, FinishedOperation};
pub use media::MediaKind;
pub use path::{PathPiece, PathTemplate, TemplateProblem};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Version of the model's JSON shape. Bumped on every incompatible change.
///
/// - 2: `Constraints::pattern_full_match` (an ASP.NET `[RegularExpression]` pattern must match
///   the whole value). A reader of version 1 would silently treat such patterns as searches.
pub const SCHEMA_VERSION: u32 = 2;

/// The oldest model version this crate still reads: every later field has a default that
/// means what a version-1 model meant (a version-1 pattern is a search pattern).
pub const OLDEST_READABLE_SCHEMA_VERSION: u32 = 1;

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A whole API: everything the pages of one documentation site say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    /// Version of this JSON shape ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Human title of the API.
    pub title: String,
    /// Documentation dialect the pages were read with (`rambase`, `aspnet`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<String>,
    /// Description of the API as a whole, when the docs give one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Base URLs operations' paths are relative to, most authoritative first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub base_urls: Vec<String>,
    /// Groups (tags) of operations, in documentation order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// Authentication schemes the docs describe.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub auth: Vec<AuthScheme>,
    /// Operations, sorted by path then method (see [`Api::normalize`]).
    #[serde(default)]
    pub operations: Vec<Operation>,
    /// Registry of named types, keyed by stable id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: BTreeMap<TypeId, NamedType>,
    /// Everything the parsers reported, sorted by location.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
}

impl Api {
    /// An empty API with the given title.
    pub fn new(title: impl Into<String>) -> Self {
        Api {
            schema_version: SCHEMA_VERSION,
            title: title.into(),
            dialect: None,
            description: None,
            base_urls: Vec::new(),
            groups: Vec::new(),
            auth: Vec::new(),
            operations: Vec::new(),
            types: BTreeMap::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Looks up an operation by method and path template.
    pub fn operation(&self, method: Method, path: &str) -> Option<&Operation> {
        self.operations
            .iter()
            .find(|op| op.method == method && op.path == path)
    }

    /// Looks up a named type by its documented name.
    pub fn type_named(&self, name: &str) -> Option<&NamedType> {
        self.types.get(&TypeId::from_name(name))
    }

    /// Looks up a group by name.
    pub fn group(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Puts every collection whose order is not meaningful into its canonical order, so the
    /// same documentation always gives the same model whatever order pages were read in.
    ///
    /// Operations are sorted by (path, method), responses by status, error codes by
    /// (status, code), diagnostics by location. Field, parameter, enum-member and group order
    /// is documentation order and is kept.
    pub fn normalize(&mut self) {
        self.operations
            .sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
        for op in &mut self.operations {
            op.responses.sort_by_key(|r| r.status);
            op.error_codes
                .sort_by(|a, b| (a.status, &a.code).cmp(&(b.status, &b.code)));
        }
        self.diagnostics.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        self.diagnostics.dedup();
    }
}

/// A group of operations (an OpenAPI tag): a RamBase domain or an ASP.NET controller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// Group name as documented (`Collaboration`, `ClientContact`).
    pub name: String,
    /// Description, when the docs give one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An authentication scheme the documentation describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthScheme {
    /// Stable identifier of the scheme (`access_token`).
    pub id: String,
    /// How the credential is sent.
    pub kind: AuthKind,
    /// Description from the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// How a credential travels with a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum AuthKind {
    /// A token in the `Authorization` header; the same token may also be accepted as the
    /// query parameter `query_parameter` (RamBase `$access_token`).
    BearerToken {
        /// Query parameter that can carry the token instead of the header.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        query_parameter: Option<String>,
    },
    /// An API key in a named header or query parameter.
    ApiKey {
        /// Where the key goes.
        location: ParamLocation,
        /// Header or parameter name.
        name: String,
    },
    /// HTTP basic authentication.
    Basic,
}

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(
    missing_docs,
    reason = "the variants are the HTTP methods of the same names"
)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
    Head,
    Options,
}

impl Method {
    /// All methods, in canonical order.
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Patch,
        Method::Head,
        Method::Options,
    ];

    /// Upper-case name (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Parses a method name, case-insensitively.
    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One documented operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// HTTP method.
    pub method: Method,
    /// Path template relative to the base URL, starting with `/` (`/contacts/{contactId}`).
    /// Literal segments stay literal; no query string.
    pub path: String,
    /// Stable, unique, readable identifier (`updateContactPhone`). Set before [`finish()`] it
    /// is kept (that is how an operation is renamed); [`finish()`] names every other operation
    /// ([`naming::assign_operation_ids`]). Emitters read it from the [`FinishedApi`]
    /// ([`FinishedOperation::id`]) for the OpenAPI `operationId` and, snake-cased, the Rust
    /// client method name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// One-line summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Longer description (may span paragraphs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Name of the [`Group`] it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Path, query and header parameters in documentation order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// Request body, when the operation takes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<Body>,
    /// Responses by status (success and documented error statuses).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responses: Vec<Response>,
    /// Vendor error codes the operation can return.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub error_codes: Vec<ErrorCode>,
    /// Representation formats the operation supports (`Xml`, `Json`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub formats: Vec<Format>,
    /// Paging, when the docs give a maximum page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    /// Whether custom fields are supported (RamBase).
    #[serde(default, skip_serializing_if = "is_false")]
    pub custom_fields: bool,
    /// Whether the docs call this an "API operation" (a RamBase action resource).
    #[serde(default, skip_serializing_if = "is_false")]
    pub api_operation: bool,
    /// Deprecation notice, when the operation is deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<Deprecation>,
    /// Vendor identifier of the documented resource (RamBase resource id and version).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<ResourceId>,
    /// Query features the docs list: expandable fields, filters, sortable fields.
    #[serde(default, skip_serializing_if = "QueryFeatures::is_empty")]
    pub query_features: QueryFeatures,
    /// Other operations the page links to as available on the resource.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_operations: Vec<String>,
    /// Where this operation was read from (first source first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<Provenance>,
}

impl Operation {
    /// An operation with only method and path set.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Operation {
            method,
            path: path.into(),
            operation_id: None,
            summary: None,
            description: None,
            group: None,
            parameters: Vec::new(),
            request_body: None,
            responses: Vec::new(),
            error_codes: Vec::new(),
            formats: Vec::new(),
            paging: None,
            custom_fields: false,
            api_operation: false,
            deprecation: None,
            resource_id: None,
            query_features: QueryFeatures::default(),
            related_operations: Vec::new(),
            provenance: Vec::new(),
        }
    }

    /// `METHOD /path`, the operation's identity within an API.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// The path template read into literal and placeholder pieces ([`PathTemplate`]).
    pub fn template(&self) -> PathTemplate {
        PathTemplate::parse(&self.path)
    }

    /// A parameter by wire name.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// The response for a status.
    pub fn response(&self, status: u16) -> Option<&Response> {
        self.responses.iter().find(|r| r.status == status)
    }

    /// The documented success responses (2xx).
    pub fn success_responses(&self) -> impl Iterator<Item = &Response> {
        self.responses
            .iter()
            .filter(|r| (200..300).contains(&r.status))
    }
}

/// Deprecation of an operation, parameter or field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deprecation {
    /// The notice as documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A vendor's identifier of a documented resource (RamBase `API resource identifier 3455,
/// version 4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceId {
    /// Resource identifier (0 for unregistered API operations).
    pub id: u64,
    /// Resource version.
    pub version: u32,
}

/// A representation format an operation supports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Format {
    /// Name as documented (`Xml`, `Json stream`).
    pub name: String,
    /// Media type (`application/xml`).
    pub media_type: String,
    /// Value of the format-selecting query parameter (`$format=json`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_value: Option<String>,
}

/// Paging limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    /// Query parameter that sets the page size (`$top`).
    pub page_size_parameter: String,
    /// Largest allowed page size.
    pub max_page_size: u64,
}

/// Query features of a list resource: expansion, filtering and sorting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryFeatures {
    /// Fields that can be expanded (`$expand`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expandable_fields: Vec<Field>,
    /// Predefined named filters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub named_filters: Vec<NamedFilter>,
    /// Fields that can be used in `$filter`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filter_fields: Vec<Field>,
    /// Fields that can be used in `$orderby`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sortable_fields: Vec<Field>,
}

impl QueryFeatures {
    /// Whether nothing is documented.
    pub fn is_empty(&self) -> bool {
        self.expandable_fields.is_empty()
            && self.named_filters.is_empty()
            && self.filter_fields.is_empty()
            && self.sortable_fields.is_empty()
    }
}

/// A predefined filter a list resource offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedFilter {
    /// Filter name as documented.
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(
    missing_docs,
    reason = "the variants are OpenAPI's parameter locations of the same names"
)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    /// Lower-case name, as in the model and OpenAPI (`path`).
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

/// A path, query or header parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// Wire name exactly as documented (`$access_token`, `api-version`, `include[0]`).
    pub name: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Description from the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Value type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Whether the request must carry it (always true for path parameters).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Constraints on the value.
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// How a structured value was flattened into this parameter (`filter.Name`, `ids[0]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expansion: Option<Expansion>,
    /// Deprecation notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<Deprecation>,
    /// Example value, when the docs give one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Example>,
}

impl Parameter {
    /// A parameter with name, location and type; everything else empty.
    pub fn new(name: impl Into<String>, location: ParamLocation, ty: TypeRef) -> Self {
        Parameter {
            name: name.into(),
            location,
            description: None,
            ty,
            required: location == ParamLocation::Path,
            constraints: Constraints::default(),
            expansion: None,
            deprecation: None,
            example: None,
        }
    }
}

/// How a documented parameter name encodes a structured value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Expansion {
    /// `base[index]`: element `index` of a collection parameter `base`.
    CollectionItem {
        /// Parameter name without the index.
        base: String,
        /// Index as documented.
        index: u32,
        /// Property of the element (`name[0].Prop`), when the element is complex.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        property: Option<String>,
    },
    /// `base.property` (or a bare property) of a complex object bound from the query string.
    ObjectProperty {
        /// Object parameter name, when the docs prefix it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        base: Option<String>,
        /// Property name.
        property: String,
    },
}

/// A property of an object type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Name exactly as documented (RamBase: the XML element name; ASP.NET: the table's name).
    pub name: String,
    /// JSON key, when it differs from `name` (RamBase `phoneNumber`, camelCase serializers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_name: Option<String>,
    /// XML element name, when it differs from `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml_name: Option<String>,
    /// Description from the docs (may span lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Value type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Whether the field must be present.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Whether `null` is allowed, when the docs say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// Constraints on the value.
    #[serde(default, skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
    /// Deprecation notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation: Option<Deprecation>,
    /// Example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Example>,
}

impl Field {
    /// A field with name and type; everything else empty.
    pub fn new(name: impl Into<String>, ty: TypeRef) -> Self {
        Field {
            name: name.into(),
            json_name: None,
            xml_name: None,
            description: None,
            ty,
            required: false,
            nullable: None,
            constraints: Constraints::default(),
            deprecation: None,
            example: None,
        }
    }

    /// The key this field has in JSON.
    pub fn json_key(&self) -> &str {
        self.json_name.as_deref().unwrap_or(&self.name)
    }

    /// The element name this field has in XML.
    pub fn xml_key(&self) -> &str {
        self.xml_name.as_deref().unwrap_or(&self.name)
    }
}

/// A number as documented, kept as its exact decimal literal (`100000`, `0.01`, `-5`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Number(pub String);

impl Number {
    /// Parses a decimal literal (optional sign, digits, optional fraction, optional exponent).
    pub fn parse(s: &str) -> Option<Number> {
        let t = s.trim();
        let body = t.strip_prefix(['-', '+']).unwrap_or(t);
        let (mantissa, exp) = match body.find(['e', 'E']) {
            Some(i) => (&body[..i], Some(&body[i + 1..])),
            None => (body, None),
        };
        let mut parts = mantissa.splitn(2, '.');
        let int = parts.next().unwrap_or("");
        let frac = parts.next();
        let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
        let ok_int = digits(int) || (int.is_empty() && frac.is_some_and(digits));
        let ok_frac = frac.is_none_or(|f| f.is_empty() || digits(f));
        let ok_exp = exp.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
        (ok_int && ok_frac && ok_exp).then(|| Number(t.trim_start_matches('+').to_string()))
    }

    /// The value as an integer, when it is one.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    /// The value as a float (may round).
    pub fn as_f64(&self) -> Option<f64> {
        self.0.parse().ok()
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A lower or upper bound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bound {
    /// The bound's value.
    pub value: Number,
    /// Whether the bound itself is excluded.
    #[serde(default, skip_serializing_if = "is_false")]
    pub exclusive: bool,
}

impl Bound {
    /// An inclusive bound.
    pub fn inclusive(value: Number) -> Self {
        Bound {
            value,
            exclusive: false,
        }
    }
}

/// Constraints on a value, as the docs state them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraints {
    /// Smallest allowed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Bound>,
    /// Largest allowed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Bound>,
    /// Smallest allowed length (strings) or item count (collections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Largest allowed length (strings) or item count (collections).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Regular expression the value must match, byte-exact as documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Whether `pattern` must match the whole value (.NET `[RegularExpression]` checks that the
    /// match spans the value) rather than be found in it (JSON Schema / ECMA semantics, and
    /// how patterns are read when the docs do not say). Emitters read
    /// [`Constraints::search_pattern`], never this flag directly.
    #[serde(default, skip_serializing_if = "is_false")]
    pub pattern_full_match: bool,
    /// The only accepted values, as wire strings (`"xml"`, `"json"`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_values: Vec<String>,
    /// Default value, exactly as documented (may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Whether the docs say the applicable values are a vendor "domain values" list.
    #[serde(default, skip_serializing_if = "is_false")]
    pub domain_values: bool,
    /// Whether the value is read-only (never sent by clients).
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    /// Whether collection items must be unique.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique_items: bool,
    /// A semantic data-type hint (`EmailAddress`, `Password`, `Url`, `Currency`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_type: Option<String>,
    /// A documented textual format (`YYYYMM`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format_hint: Option<String>,
    /// Constraint phrases the parser kept verbatim because it could not read them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        is_default(self)
    }

    /// The pattern as a search regex (JSON Schema `pattern`, `regex::Regex::is_match`): a
    /// full-match pattern is wrapped as `^(?:…)$` unless it already anchors the whole value
    /// (`^…$` with no top-level `|`); a search pattern is returned as documented.
    pub fn search_pattern(&self) -> Option<String> {
        let p = self.pattern.as_deref()?;
        if !self.pattern_full_match || anchors_whole_value(p) {
            return Some(p.to_string());
        }
        Some(format!("^(?:{p})$"))
    }
}

/// Whether `p` starts with `^`, ends with an unescaped `$` and has no `|` outside groups and
/// character classes (`^a|b$` is `(^a)|(b$)`, which does not anchor both ends).
fn anchors_whole_value(p: &str) -> bool {
    let Some(body) = p.strip_prefix('^').and_then(|b| b.strip_suffix('$')) else {
        return false;
    };
    let mut depth = 0usize;
    let mut in_class = false;
    let mut chars = body.chars();
    let mut escaped_end = false;
    while let Some(c) = chars.next() {
        escaped_end = false;
        match c {
            '\\' => {
                // The escaped character is consumed; a trailing `\` escapes the final `$`.
                escaped_end = chars.next().is_none();
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => depth = depth.saturating_sub(1),
            '|' if !in_class && depth == 0 => return false,
            _ => {}
        }
    }
    !escaped_end && !in_class && depth == 0
}

/// An example value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    /// The example text, exactly as shown.
    pub value: String,
    /// Whether it was generated by a documentation tool (placeholder data) rather than written
    /// by the API's authors. Synthetic values are never used as defaults or enum values.
    #[serde(default, skip_serializing_if = "is_false")]
    pub synthetic: bool,
}

/// A primitive value type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Primitive {
    /// Integer of unspecified width (ASP.NET `integer`: Int16, Int32 or Int64).
    Integer,
    /// 32-bit signed integer.
    Int32,
    /// 64-bit signed integer.
    Int64,
    /// Unsigned integer of unspecified width.
    UnsignedInteger,
    /// 32-bit unsigned integer.
    Uint32,
    /// 64-bit unsigned integer.
    Uint64,
    /// 8-bit unsigned integer.
    Byte,
    /// 8-bit signed integer.
    SignedByte,
    /// Floating-point number of unspecified precision (ASP.NET `decimal number`).
    Number,
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// Exact decimal (RamBase `Decimal`).
    Decimal,
    /// `true` / `false`.
    Boolean,
    /// Text.
    String,
    /// A single character.
    Char,
    /// Calendar date (`2024-01-31`).
    Date,
    /// Date and time.
    DateTime,
    /// Time of day.
    Time,
    /// Time interval.
    Duration,
    /// UUID / GUID.
    Uuid,
    /// URI.
    Uri,
    /// Raw bytes.
    Binary,
}

impl Primitive {
    /// Whether this is an integer type.
    pub fn is_integer(self) -> bool {
        matches!(
            self,
            Primitive::Integer
                | Primitive::Int32
                | Primitive::Int64
                | Primitive::UnsignedInteger
                | Primitive::Uint32
                | Primitive::Uint64
                | Primitive::Byte
                | Primitive::SignedByte
        )
    }

    /// Whether this is any numeric type.
    pub fn is_numeric(self) -> bool {
        self.is_integer()
            || matches!(
                self,
                Primitive::Number | Primitive::Float | Primitive::Double | Primitive::Decimal
            )
    }
}

/// A reference to a type: a primitive, a named type in the registry, or a structure of them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TypeRef {
    /// A primitive.
    Primitive {
        /// Which one.
        primitive: Primitive,
    },
    /// A named type in [`Api::types`].
    Named {
        /// Its id.
        id: TypeId,
    },
    /// A list of items.
    Array {
        /// Item type.
        items: Box<TypeRef>,
    },
    /// A map from keys to values.
    Map {
        /// Key type.
        key: Box<TypeRef>,
        /// Value type.
        value: Box<TypeRef>,
    },
    /// A key/value pair (`{"Key": .., "Value": ..}`).
    Pair {
        /// Key type.
        key: Box<TypeRef>,
        /// Value type.
        value: Box<TypeRef>,
    },
    /// Any JSON value (`Object`).
    Any,
}

impl TypeRef {
    /// A primitive type.
    pub fn primitive(p: Primitive) -> Self {
        TypeRef::Primitive { primitive: p }
    }

    /// The `string` type.
    pub fn string() -> Self {
        TypeRef::primitive(Primitive::String)
    }

    /// A reference to the named type `name`.
    pub fn named(name: &str) -> Self {
        TypeRef::Named {
            id: TypeId::from_name(name),
        }
    }

    /// A list of `items`.
    pub fn array(items: TypeRef) -> Self {
        TypeRef::Array {
            items: Box::new(items),
        }
    }

    /// A map from `key` to `value`.
    pub fn map(key: TypeRef, value: TypeRef) -> Self {
        TypeRef::Map {
            key: Box::new(key),
            value: Box::new(value),
        }
    }

    /// The primitive, when this is one.
    pub fn as_primitive(&self) -> Option<Primitive> {
        match self {
            TypeRef::Primitive { primitive } => Some(*primitive),
            _ => None,
        }
    }

    /// Every named type this reference mentions, outermost first.
    pub fn named_ids(&self) -> Vec<&TypeId> {
        let mut out = Vec::new();
        self.collect_ids(&mut out);
        out
    }

    fn collect_ids<'a>(&'a self, out: &mut Vec<&'a TypeId>) {
        match self {
            TypeRef::Named { id } => out.push(id),
            TypeRef::Array { items } => items.collect_ids(out),
            TypeRef::Map { key, value } | TypeRef::Pair { key, value } => {
                key.collect_ids(out);
                value.collect_ids(out);
            }
            TypeRef::Primitive { .. } | TypeRef::Any => {}
        }
    }
}

/// Stable identifier of a named type: its documented name, so ids survive regeneration and
/// the same name on two pages is the same type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TypeId(pub String);

impl TypeId {
    /// The id of the type documented under `name`. ASP.NET model names are case-insensitive,
    /// so ids keep the documented spelling and lookups by [`Api::type_named`] use it as is.
    pub fn from_name(name: &str) -> Self {
        TypeId(name.trim().to_string())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TypeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A type in the registry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedType {
    /// Name as documented (`Phone`, `EntityListOfItslearning.RestApi.Entities.AggregatedOrganisation`).
    pub name: String,
    /// Description from the docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the type is.
    pub kind: TypeKind,
    /// XML root element name and namespace, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml: Option<XmlName>,
    /// Where the type was read from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provenance: Vec<Provenance>,
}

impl NamedType {
    /// A type with name and kind.
    pub fn new(name: impl Into<String>, kind: TypeKind) -> Self {
        NamedType {
            name: name.into(),
            description: None,
            kind,
            xml: None,
            provenance: Vec::new(),
        }
    }

    /// The registry id of this type.
    pub fn id(&self) -> TypeId {
        TypeId::from_name(&self.name)
    }

    /// The fields, when it is an object.
    pub fn fields(&self) -> &[Field] {
        match &self.kind {
            TypeKind::Object { fields } => fields,
            _ => &[],
        }
    }

    /// A field by documented name, when it is an object.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields().iter().find(|f| f.name == name)
    }
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum TypeKind {
    /// An object with ordered fields.
    Object {
        /// Fields in documentation order.
        fields: Vec<Field>,
    },
    /// An enumeration.
    Enum {
        /// How members travel on the wire.
        repr: EnumRepr,
        /// Members in documentation order.
        members: Vec<EnumMember>,
        /// Whether the member list is known to be complete (false when members were only
        /// inferred from samples).
        complete: bool,
    },
    /// Another name for a structural type (a named collection, dictionary or primitive).
    Alias {
        /// The aliased type.
        target: TypeRef,
    },
    /// A type the docs reference but never describe.
    Placeholder,
}

/// How enum members are written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    /// As strings (the member's wire value).
    String,
    /// As integers (the member's numeric value).
    Integer,
}

/// A member of an enumeration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumMember {
    /// Member name as documented (`Division`).
    pub name: String,
    /// Wire value (`0` for integer enums, `"xml"` for string enums).
    pub value: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// XML naming of an element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct XmlName {
    /// Element name.
    pub name: String,
    /// Namespace URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// A request or response body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Body {
    /// Type of the body's payload (for wrapped bodies: the type inside the wrapper).
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Whether the body must be sent (request bodies).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// JSON root wrapper key: the payload travels as `{"<wrapper>": payload}` (RamBase).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_wrapper: Option<String>,
    /// XML root element and namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml_root: Option<XmlName>,
    /// Media types, in documentation order, with examples.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media_types: Vec<MediaType>,
}

impl Body {
    /// A body of type `ty`; everything else empty.
    pub fn new(ty: TypeRef) -> Self {
        Body {
            ty,
            required: false,
            description: None,
            json_wrapper: None,
            xml_root: None,
            media_types: Vec::new(),
        }
    }
}

/// A media type a body can be sent or received as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaType {
    /// Media type (`application/json`).
    pub name: String,
    /// Example document, when the docs show one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Example>,
    /// Note about this media type (a sample that failed to generate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl MediaType {
    /// A media type without example or note.
    pub fn new(name: impl Into<String>) -> Self {
        MediaType {
            name: name.into(),
            example: None,
            note: None,
        }
    }
}

/// A response to an operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What the body holds.
    pub content: ResponseContent,
}

/// What a response's body is known to hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ResponseContent {
    /// The docs say there is no body (`void`).
    Empty,
    /// There may be a body, but the docs do not describe it.
    Undocumented {
        /// Why (`HttpResponseMessage`, `not shown on the page`).
        reason: String,
    },
    /// A described body.
    Body {
        /// The body.
        body: Body,
    },
}

/// A vendor error code an operation can return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorCode {
    /// Vendor code as documented (`101015`).
    pub code: String,
    /// HTTP status it comes with.
    pub status: u16,
    /// Message as documented.
    pub message: String,
}

/// Where a piece of the model was read from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Provenance {
    /// Source file path (relative to the input root, `/`-separated) or `-` for stdin.
    pub source: String,
    /// The page's own URL, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// 1-based line in the source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// HTML element (a CSS-like path), when read from markup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    /// Note on how the fact was obtained when not read from the page (`override: ...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Provenance {
    /// Provenance of a source file, without line.
    pub fn file(source: impl Into<String>) -> Self {
        Provenance {
            source: source.into(),
            url: None,
            line: None,
            element: None,
            note: None,
        }
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The input could not be used as intended; output may miss facts.
    Error,
    /// Something was not understood or is incomplete; it was reported and kept where possible.
    Warning,
    /// Information about an inference the parser made.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// A location in a source page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourceLocation {
    /// Source file path or `-`.
    pub source: String,
    /// 1-based line, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.source, line),
            None => f.write_str(&self.source),
        }
    }
}

/// Something a parser reports about its input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// How serious.
    pub severity: Severity,
    /// What happened, in a sentence.
    pub message: String,
    /// Where, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
}

impl Diagnostic {
    /// A diagnostic at `source:line`.
    pub fn at(
        severity: Severity,
        source: impl Into<String>,
        line: Option<u32>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            location: Some(SourceLocation {
                source: source.into(),
                line,
            }),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "{loc}: {}: {}", self.severity, self.message),
            None => write!(f, "{}: {}", self.severity, self.message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_match_patterns_are_anchored_once() {
        let c = |p: &str, full: bool| Constraints {
            pattern: Some(p.to_string()),
            pattern_full_match: full,
            ..Constraints::default()
        };
        let cases = [
            ("A|I", true, "^(?:A|I)$"),
            ("[a-z]+", true, "^(?:[a-z]+)$"),
            ("^[a-z]+$", true, "^[a-z]+$"),
            ("^(GET|PUT){1}$", true, "^(GET|PUT){1}$"),
            ("^a|b$", true, "^(?:^a|b$)$"),
            ("^[|]$", true, "^[|]$"),
            ("^a\\$", true, "^(?:^a\\$)$"),
            ("^a\\\\$", true, "^a\\\\$"),
            ("^abc", true, "^(?:^abc)$"),
            ("A|I", false, "A|I"),
            ("[a-zA-Z]", false, "[a-zA-Z]"),
        ];
        for (p, full, want) in cases {
            assert_eq!(c(p, full).search_pattern().as_deref(), Some(want), "{p}");
        }
        assert_eq!(Constraints::default().search_pattern(), None);
    }

    #[test]
    fn number_parse_accepts_decimal_literals_only() {
        assert_eq!(Number::parse("100000"), Some(Number("100000".into())));
        assert_eq!(Number::parse(" -0.01 "), Some(Number("-0.01".into())));
        assert_eq!(Number::parse("+5"), Some(Number("5".into())));
        assert_eq!(Number::parse("1e3"), Some(Number("1e3".into())));
        assert_eq!(Number::parse("1,5"), None);
        assert_eq!(Number::parse("abc"), None);
        assert_eq!(Number::parse(""), None);
        assert_eq!(Number::parse("."), None);
    }

    #[test]
    fn empty_collections_are_not_serialised_and_round_trip() {
        let mut api = Api::new("T");
        let mut op = Operation::new(Method::Put, "/a/{id}");
        op.parameters.push(Parameter::new(
            "id",
            ParamLocation::Path,
            TypeRef::primitive(Primitive::Int32),
        ));
        api.operations.push(op);
        let json = serde_json::to_string(&api).unwrap();
        assert_eq!(
            json,
            r#"{"schema_version":2,"title":"T","operations":[{"method":"PUT","path":"/a/{id}","parameters":[{"name":"id","location":"path","type":{"kind":"primitive","primitive":"int32"},"required":true}]}]}"#
        );
        let back: Api = serde_json::from_str(&json).unwrap();
        assert_eq!(back, api);
    }

    #[test]
    fn normalize_orders_operations_by_path_then_method() {
        let mut api = Api::new("T");
        api.operations.push(Operation::new(Method::Post, "/b"));
        api.operations.push(Operation::new(Method::Get, "/b"));
        api.operations.push(Operation::new(Method::Delete, "/a"));
        api.normalize();
        let keys: Vec<_> = api.operations.iter().map(Operation::key).collect();
        assert_eq!(keys, ["DELETE /a", "GET /b", "POST /b"]);
    }

    #[test]
    fn diagnostics_display_as_path_line_severity_message() {
        let d = Diagnostic::at(Severity::Warning, "pages/a.txt", Some(12), "cut off");
        assert_eq!(d.to_string(), "pages/a.txt:12: warning: cut off");
    }
}
