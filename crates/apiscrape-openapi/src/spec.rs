//! Typed OpenAPI document: serde structs mirroring the OpenAPI 3.0.x and 3.1.x objects, written
//! by the lowering and read by the importer.
//!
//! One set of structs covers both versions: fields that exist in only one version
//! (`nullable` and boolean `exclusiveMinimum` in 3.0; type arrays, numeric `exclusiveMinimum`
//! and `examples` in 3.1) are optional and the lowering fills only those of the target version.
//! Field order is the serialisation order, so documents read in the usual order (`openapi`,
//! `info`, `servers`, `tags`, `paths`, `components`). Maps whose order is meaningful
//! (schema properties) are [`IndexMap`]s filled in documentation order; all others are
//! `BTreeMap`s. Specification extensions (`x-…`, named in [`crate::ext`]) sit in a flattened
//! `BTreeMap` on every object that may carry them (sorted on output, as the generated
//! documents have always listed them; nothing reads them by position); on reading, keys the
//! structs do not model land there too, so nothing read is lost.
//!
//! Reading third-party documents: fields the importer needs but the emitter never writes
//! (`$ref` on parameters, request bodies, responses and path items, `oneOf`, `multipleOf`,
//! `components/parameters`, …) are here as well, skipped when empty. Every part a reader may
//! find malformed is a [`Lenient`]: a document with one bad operation or schema is still read,
//! and the bad part is reported by its JSON pointer instead of failing the whole document.
//! Maps keep the document's order where it matters (`IndexMap` for properties and media
//! types).

use indexmap::IndexMap;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Number, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A part of a document that is read as `T` when it has `T`'s shape. A reader never fails on
/// it: what does not fit is kept as [`Lenient::NotAnObject`] or [`Lenient::Invalid`] for the
/// importer to report with its JSON pointer. Serialises as `T` (the lowering only writes
/// [`Lenient::Read`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Lenient<T> {
    /// The part, read.
    Read(T),
    /// A boolean where an object was expected (JSON Schema's `true` / `false` schemas,
    /// `additionalProperties: true`).
    Flag(bool),
    /// Neither an object nor a boolean (a number, text, a list or null).
    NotAnObject,
    /// An object that does not fit `T`: the reader's message (`invalid type: integer `5`,
    /// expected a string`).
    Invalid(String),
}

impl<T> Lenient<T> {
    /// The part, when it was read.
    pub fn read(&self) -> Option<&T> {
        match self {
            Lenient::Read(t) => Some(t),
            _ => None,
        }
    }

    /// The part, mutable, when it was read.
    pub fn read_mut(&mut self) -> Option<&mut T> {
        match self {
            Lenient::Read(t) => Some(t),
            _ => None,
        }
    }
}

impl<T> From<T> for Lenient<T> {
    fn from(t: T) -> Self {
        Lenient::Read(t)
    }
}

impl<T: Serialize> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Lenient::Read(t) => t.serialize(serializer),
            Lenient::Flag(b) => serializer.serialize_bool(*b),
            Lenient::NotAnObject | Lenient::Invalid(_) => serializer.serialize_unit(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LenientVisitor(PhantomData))
    }
}

/// Reads an object as `T` in place (no buffering of the subtree); anything else, or an object
/// `T` rejects, is consumed and kept as what it was.
struct LenientVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for LenientVisitor<T> {
    type Value = Lenient<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        match T::deserialize(de::value::MapAccessDeserializer::new(&mut map)) {
            Ok(t) => Ok(Lenient::Read(t)),
            Err(e) => {
                // Whatever `T` left unread, so the enclosing reader sees a consumed map.
                while let Ok(Some(_)) = map.next_entry::<IgnoredAny, IgnoredAny>() {}
                Ok(Lenient::Invalid(e.to_string()))
            }
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while let Ok(Some(_)) = seq.next_element::<IgnoredAny>() {}
        Ok(Lenient::NotAnObject)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Lenient::Flag(v))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Lenient::NotAnObject)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Lenient::NotAnObject)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Lenient::NotAnObject)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Lenient::NotAnObject)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Lenient::NotAnObject)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Lenient::NotAnObject)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Lenient::deserialize(d)
    }
}

/// A Security Requirement Object: scheme name → scopes.
pub type SecurityRequirement = BTreeMap<String, Vec<String>>;

/// Specification extensions of an object (`x-error-codes`, `x-source`, …).
pub type Extensions = BTreeMap<String, Value>;

/// The OpenAPI Object (document root). The importer reads it field by field
/// (`import::read_document`), so a malformed `info` or `tags` does not lose the paths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenApi {
    /// `3.1.0` or `3.0.3`.
    pub openapi: String,
    /// Metadata about the API.
    #[serde(default)]
    pub info: Info,
    /// Base URLs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<Server>,
    /// Tags with descriptions, in documentation order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// Path items by path template.
    pub paths: BTreeMap<String, PathItem>,
    /// Reusable schemas and security schemes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub components: Option<Components>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The Info Object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Info {
    /// Title of the API.
    #[serde(default)]
    pub title: String,
    /// Description (CommonMark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version of the API description.
    #[serde(default)]
    pub version: String,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The Server Object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Server {
    /// Base URL (a template when it has variables).
    #[serde(default)]
    pub url: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Values of the `{variables}` in the URL (read; the lowering writes none).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub variables: IndexMap<String, ServerVariable>,
}

/// The Server Variable Object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServerVariable {
    /// The value to use (any scalar is accepted on reading).
    #[serde(default)]
    pub default: Value,
    /// Extensions and fields not modelled (`enum`, `description`).
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The Tag Object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// Tag name.
    #[serde(default)]
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The Path Item Object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[allow(
    missing_docs,
    reason = "the fields are the Path Item Object's, named as in the specification"
)]
pub struct PathItem {
    /// A reference to a path item (`#/components/pathItems/…`, 3.1).
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Summary for every operation of the path (read, not imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Description for every operation of the path (read, not imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get: Option<Lenient<Operation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put: Option<Lenient<Operation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<Lenient<Operation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<Lenient<Operation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Lenient<Operation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Lenient<Operation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<Lenient<Operation>>,
    /// TRACE (read so the importer can say it is not supported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trace: Option<Lenient<Operation>>,
    /// Parameters shared by every operation of the path.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Lenient<Parameter>>,
    /// Servers of the path (read, not imported).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers: Option<Value>,
    /// Extensions, and on reading any field not modelled here.
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl PathItem {
    /// The operations of the path, in the order of their keys (`delete`, `get`, `head`,
    /// `options`, `patch`, `post`, `put`, `trace`).
    pub fn operations(&self) -> impl Iterator<Item = (&'static str, &Lenient<Operation>)> {
        [
            ("delete", &self.delete),
            ("get", &self.get),
            ("head", &self.head),
            ("options", &self.options),
            ("patch", &self.patch),
            ("post", &self.post),
            ("put", &self.put),
            ("trace", &self.trace),
        ]
        .into_iter()
        .filter_map(|(k, op)| Some((k, op.as_ref()?)))
    }
}

/// The Operation Object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Tags (the operation's group).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Short summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unique operation id (always written; optional on reading).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation_id: Option<String>,
    /// Parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Lenient<Parameter>>,
    /// Request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<Lenient<RequestBody>>,
    /// Responses by status code (or `default`, or a range like `2XX`); always written,
    /// `None` when a read document has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responses: Option<BTreeMap<String, Lenient<Response>>>,
    /// Whether the operation is deprecated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// Alternative security requirements (`Some(vec![])`: none documented).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security: Option<Vec<SecurityRequirement>>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// Where a parameter goes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(
    missing_docs,
    reason = "the variants are the specification's parameter locations of the same names"
)]
pub enum ParameterIn {
    Path,
    Query,
    Header,
    Cookie,
    /// A location OpenAPI 3 does not have (Swagger 2.0's `body`, `formData`), as read;
    /// empty when the field is missing.
    Other(String),
}

impl Default for ParameterIn {
    fn default() -> Self {
        ParameterIn::Other(String::new())
    }
}

impl ParameterIn {
    /// The wire spelling (`path`, `query`, …).
    pub fn as_str(&self) -> &str {
        match self {
            ParameterIn::Path => "path",
            ParameterIn::Query => "query",
            ParameterIn::Header => "header",
            ParameterIn::Cookie => "cookie",
            ParameterIn::Other(s) => s,
        }
    }
}

impl Serialize for ParameterIn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ParameterIn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Ok(match s.as_str() {
            "path" => ParameterIn::Path,
            "query" => ParameterIn::Query,
            "header" => ParameterIn::Header,
            "cookie" => ParameterIn::Cookie,
            _ => ParameterIn::Other(s),
        })
    }
}

/// The Parameter Object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// A reference to a parameter (`#/components/parameters/…`); on reading only.
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Wire name.
    #[serde(default)]
    pub name: String,
    /// Location.
    #[serde(rename = "in", default)]
    pub location: ParameterIn,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether the parameter is required (always true in the path).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Whether the parameter is deprecated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
    /// Value schema (always written; a read parameter may give `content` instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Lenient<Schema>>,
    /// The value as a media type (instead of `schema`); on reading only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<IndexMap<String, Lenient<MediaType>>>,
    /// Example value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The Request Body Object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestBody {
    /// A reference to a request body (`#/components/requestBodies/…`); on reading only.
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Content by media type.
    #[serde(default)]
    pub content: IndexMap<String, Lenient<MediaType>>,
    /// Whether the body is required.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The Media Type Object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaType {
    /// Schema of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<Lenient<Schema>>,
    /// Example document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Named examples (`{name: {value: …}}`); on reading only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<Value>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The Response Object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// A reference to a response (`#/components/responses/…`); on reading only.
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Description (required by the specification).
    #[serde(default)]
    pub description: String,
    /// Content by media type.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub content: IndexMap<String, Lenient<MediaType>>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The Components Object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Components {
    /// Named schemas.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub schemas: BTreeMap<String, Lenient<Schema>>,
    /// Security schemes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub security_schemes: BTreeMap<String, Lenient<SecurityScheme>>,
    /// Reusable parameters (`$ref` targets); on reading only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, Lenient<Parameter>>,
    /// Reusable request bodies; on reading only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub request_bodies: BTreeMap<String, Lenient<RequestBody>>,
    /// Reusable responses; on reading only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub responses: BTreeMap<String, Lenient<Response>>,
    /// Reusable path items (3.1); on reading only.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub path_items: BTreeMap<String, Lenient<PathItem>>,
    /// Extensions, and on reading any component kind not modelled here (`headers`, …).
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The Security Scheme Object. The lowering writes `http` (`scheme`) and `apiKey` (`name`,
/// `in`); other types (`oauth2`, `openIdConnect`, `mutualTLS`) are read so the importer can
/// name them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityScheme {
    /// `http`, `apiKey`, `oauth2`, `openIdConnect` or `mutualTLS`.
    #[serde(rename = "type", default)]
    pub scheme_type: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `http`: `bearer` or `basic`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
    /// `apiKey`: the parameter, header or cookie name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `apiKey`: where it goes.
    #[serde(rename = "in", default, skip_serializing_if = "Option::is_none")]
    pub location: Option<ParameterIn>,
    /// Extensions, and on reading any field not modelled here (`flows`, …).
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl SecurityScheme {
    /// An `http` scheme (`bearer`, `basic`).
    pub fn http(description: Option<String>, scheme: String) -> SecurityScheme {
        SecurityScheme {
            scheme_type: "http".into(),
            description,
            scheme: Some(scheme),
            ..SecurityScheme::default()
        }
    }

    /// An `apiKey` scheme.
    pub fn api_key(
        description: Option<String>,
        name: String,
        location: ParameterIn,
    ) -> SecurityScheme {
        SecurityScheme {
            scheme_type: "apiKey".into(),
            description,
            name: Some(name),
            location: Some(location),
            ..SecurityScheme::default()
        }
    }
}

/// `type`: one name, or (3.1) several (`[string, "null"]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SchemaType {
    /// One type.
    Single(String),
    /// Several types (3.1 only).
    Multiple(Vec<String>),
}

/// An exclusive bound: a flag next to `minimum`/`maximum` (3.0) or the bound itself (3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ExclusiveBound {
    /// 3.0 form.
    Flag(bool),
    /// 3.1 form.
    Value(Number),
}

/// The XML Object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Xml {
    /// Element name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Namespace URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Whether a list is wrapped in an element of its own.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub wrapped: bool,
}

/// The Schema Object (the JSON Schema keywords this crate writes or reads, for both versions;
/// on reading, others land in `extensions`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(
    missing_docs,
    reason = "the fields are JSON Schema's keywords, named as in the specification"
)]
pub struct Schema {
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub schema_type: Option<SchemaType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// 3.1 only (`base64` for bytes carried as text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_encoding: Option<String>,
    /// 3.0 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    #[serde(rename = "enum", default, skip_serializing_if = "Option::is_none")]
    pub enum_values: Option<Vec<Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_minimum: Option<ExclusiveBound>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exclusive_maximum: Option<ExclusiveBound>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Box<Lenient<Schema>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_items: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<IndexMap<String, Lenient<Schema>>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    /// A flag ([`Lenient::Flag`]) or the schema of the values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<Box<Lenient<Schema>>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all_of: Vec<Lenient<Schema>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<Lenient<Schema>>,
    /// On reading only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<Lenient<Schema>>,
    /// On reading only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiple_of: Option<Number>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xml: Option<Xml>,
    /// 3.0 form (also accepted, deprecated, in 3.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// 3.1 form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub examples: Option<Vec<Value>>,
    #[serde(flatten)]
    pub extensions: Extensions,
}

impl Schema {
    /// `{"$ref": "#/components/schemas/<name>"}`.
    pub fn reference(component: &str) -> Schema {
        Schema {
            reference: Some(format!("#/components/schemas/{component}")),
            ..Schema::default()
        }
    }

    /// A schema with only `type` set.
    pub fn of_type(name: &str) -> Schema {
        Schema {
            schema_type: Some(SchemaType::Single(name.to_string())),
            ..Schema::default()
        }
    }

    /// The single type name, when `type` is one name.
    pub fn type_name(&self) -> Option<&str> {
        match &self.schema_type {
            Some(SchemaType::Single(t)) => Some(t),
            Some(SchemaType::Multiple(ts)) => ts.iter().map(String::as_str).find(|t| *t != "null"),
            None => None,
        }
    }
}
