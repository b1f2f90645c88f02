//! Typed OpenAPI document: serde structs mirroring the OpenAPI 3.0.3 and 3.1.0 objects this
//! emitter writes.
//!
//! One set of structs covers both versions: fields that exist in only one version
//! (`nullable` and boolean `exclusiveMinimum` in 3.0; type arrays, numeric `exclusiveMinimum`
//! and `examples` in 3.1) are optional and the lowering fills only those of the target version.
//! Field order is the serialisation order, so documents read in the usual order (`openapi`,
//! `info`, `servers`, `tags`, `paths`, `components`). Maps whose order is meaningful
//! (schema properties) are [`IndexMap`]s filled in documentation order; all others are
//! `BTreeMap`s. Specification extensions (`x-…`) sit in a flattened `BTreeMap` on every object
//! that may carry them.
//!
//! The structs deserialize too, so tests parse emitted documents back and compare.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};
use std::collections::BTreeMap;

/// A Security Requirement Object: scheme name → scopes.
pub type SecurityRequirement = BTreeMap<String, Vec<String>>;

/// Specification extensions of an object (`x-error-codes`, `x-source`, …).
pub type Extensions = BTreeMap<String, Value>;

/// The OpenAPI Object (document root).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenApi {
    /// `3.1.0` or `3.0.3`.
    pub openapi: String,
    /// Metadata about the API.
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Info {
    /// Title of the API.
    pub title: String,
    /// Description (CommonMark).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version of the API description.
    pub version: String,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The Server Object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    /// Base URL.
    pub url: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The Tag Object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// Tag name.
    pub name: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// The Path Item Object (only the operation fields this emitter uses).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs)]
pub struct PathItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub get: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub put: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Operation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patch: Option<Operation>,
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
    /// Unique operation id.
    pub operation_id: String,
    /// Parameters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// Request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    /// Responses by status code (or `default`).
    pub responses: BTreeMap<String, Response>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum ParameterIn {
    Path,
    Query,
    Header,
    Cookie,
}

/// The Parameter Object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameter {
    /// Wire name.
    pub name: String,
    /// Location.
    #[serde(rename = "in")]
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
    /// Value schema.
    pub schema: Schema,
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
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Content by media type.
    pub content: IndexMap<String, MediaType>,
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
    pub schema: Option<Schema>,
    /// Example document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<Value>,
    /// Extensions.
    #[serde(flatten)]
    pub extensions: Extensions,
}

/// The Response Object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// Description (required by the specification).
    pub description: String,
    /// Content by media type.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub content: IndexMap<String, MediaType>,
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
    pub schemas: BTreeMap<String, Schema>,
    /// Security schemes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub security_schemes: BTreeMap<String, SecurityScheme>,
}

/// The Security Scheme Object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum SecurityScheme {
    /// HTTP authentication (`bearer`, `basic`).
    #[serde(rename = "http")]
    Http {
        /// Description.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        /// `bearer` or `basic`.
        scheme: String,
    },
    /// An API key in a header, query parameter or cookie.
    #[serde(rename = "apiKey")]
    ApiKey {
        /// Description.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
        /// Parameter or header name.
        name: String,
        /// Where it goes.
        #[serde(rename = "in")]
        location: ParameterIn,
    },
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

/// `additionalProperties`: a flag or a schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AdditionalProperties {
    /// `true` / `false`.
    Flag(bool),
    /// Schema of the values.
    Schema(Box<Schema>),
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

/// The Schema Object (the subset of JSON Schema keywords this emitter writes, for both
/// versions).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
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
    pub items: Option<Box<Schema>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_items: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<IndexMap<String, Schema>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_properties: Option<AdditionalProperties>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub all_of: Vec<Schema>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub any_of: Vec<Schema>,
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
