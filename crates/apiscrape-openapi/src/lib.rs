//! The OpenAPI 3.1 / 3.0 format of apiscrape, in both directions: model → document and
//! document → model.
//!
//! - Writing: [`to_document`] lowers a [`FinishedApi`] (the model after
//!   [`apiscrape_model::finish()`] named its operations) into a typed [`OpenApi`] document ([`spec`]);
//!   [`render`] serialises it as YAML (with an optional `# header` comment) or JSON.
//! - Reading: [`import`] reads an OpenAPI 3.0.x / 3.1.x document (YAML or JSON, ours or a
//!   third party's) through the same typed structs back into an [`apiscrape_model::Api`]; what it cannot
//!   express or read is a diagnostic naming the file and the JSON pointer.
//! - [`ext`]: the name of every `x-` extension that carries a model fact, one constant used by
//!   both directions.
//!
//! `tests/roundtrip.rs` holds the two together: `import(render(model))` describes the same API
//! as `model` for the fixtures and every `generated/` API, in both versions and both formats.
//! Siblings: the parsers (`apiscrape-parse`) produce the model from pages;
//! `apiscrape-emit-rust` and `apiscrape-emit-docs` read the same finished model, so the OpenAPI
//! `operationId` and the Rust client's method names agree.
//!
//! ```
//! use apiscrape_openapi::{render, Options};
//! use apiscrape_model::{finish, Api, Method, Operation};
//! let mut api = Api::new("Example");
//! api.base_urls.push("https://api.example.com".into());
//! api.operations.push(Operation::new(Method::Get, "/things/{thingId}"));
//! let yaml = render(&finish(api).unwrap(), &Options::default()).unwrap();
//! assert!(yaml.starts_with("openapi: '3.1.0'\n"));
//! assert!(yaml.contains("operationId: getThing"));
//! ```
//!
//! # Design: a typed document of our own, written as YAML every reader reads alike
//!
//! The document is built as serde structs that mirror the OpenAPI objects ([`spec`]), not as
//! text. We did not take a typed-model crate: `openapiv3` models 3.0 only and `oas3` models
//! 3.1 only, and the emitter must write both from one lowering. Our structs carry the fields
//! of both versions (`nullable` and boolean `exclusiveMinimum` for 3.0; type arrays, numeric
//! `exclusiveMinimum` and `examples` for 3.1) and the lowering fills those of the target
//! version. Struct field order is output order (`openapi`, `info`, `servers`, `tags`,
//! `paths`, `components`), every map is a `BTreeMap` or a documentation-ordered `IndexMap`,
//! so output is deterministic. The structs deserialize too: tests parse every emitted
//! document back and compare it with the typed value.
//!
//! YAML text is written by a small emitter of our own (`yaml`) over the `yaml_serde::Value`
//! of the document (`yaml_serde`, the maintained fork of the deprecated `serde_yaml`, keeps
//! field order). `yaml_serde`'s own writer quotes strings by the YAML 1.2 core schema only and
//! cannot be told otherwise, so `yes`, `on`, `=`, `<<`, `2001-12-14` or `12:30:45` came out
//! plain and YAML 1.1 readers (PyYAML, SnakeYAML, most CI tools) misread them or refused the
//! file. Ours quotes every scalar that any YAML 1.1 or 1.2 schema reads as something other
//! than a string, and writes floats with a `.` and a signed exponent
//! (`1.84467440737096e+19`) so both versions read a number; the layout is otherwise the same
//! block style.
//!
//! # Mapping conventions
//!
//! - `servers` from the base URLs; path keys start with `/`.
//! - `operationId`: the finished model's ([`apiscrape_model::FinishedOperation::id`]: an id
//!   set before finishing, such as a config rename, else the one
//!   [`apiscrape_model::naming`] derives).
//! - Named types are `components/schemas`, referenced by `$ref`; component names are the
//!   documented names with every character outside `[A-Za-z0-9._-]` replaced by `_`
//!   (collisions get `_2`, `_3`, … in type-id order; names that need no change win).
//! - Properties are keyed by JSON wire name; `xml.name` wherever the XML name differs,
//!   `xml.name`/`xml.namespace` on components and bodies whose XML root differs.
//! - RamBase JSON bodies are the wrapper object `{"phone": {$ref: Phone}}`.
//! - `$ref` with siblings (description, default, xml, nullable) is written as `allOf: [$ref]`
//!   in 3.0 (where siblings of `$ref` are ignored); nullable refs are `anyOf: [$ref, null]` in
//!   3.1.
//! - Enums list their wire values; `x-enum-varnames` / `x-enum-descriptions` carry member
//!   names and descriptions. An enum whose member list is incomplete (members inferred from
//!   samples) is **not** closed: it is written as its base type with the known values in
//!   `x-enum-known-values`, `x-enum-complete: false` and a description listing them, so
//!   validators and generated clients accept values the docs did not show.
//! - Placeholder types (referenced, never described) are open objects
//!   (`additionalProperties: true`, `x-placeholder: true`) saying so in their description.
//! - Responses: documented statuses with their bodies (an undocumented body is a response
//!   without content whose description says so, plus `x-undocumented-body`); each vendor
//!   error status is a response whose description lists its codes; `x-error-codes` on the
//!   operation lists all of them.
//! - Vendor facts (names in [`ext`]): `x-rambase-resource`, `x-rambase-api-operation`,
//!   `x-paging`, `x-custom-fields`, `x-query-features`, `x-related-operations`,
//!   `x-domain-values`, `x-data-type`, `x-format-hint`, `x-constraint-notes`, `x-expansion`,
//!   `x-note` (failed samples), and `x-source: {page, line}` provenance on operations and
//!   schemas.
//! - Security: a bearer token becomes an `http`/`bearer` scheme, and its query-parameter
//!   alternative (RamBase `$access_token`) an `apiKey` scheme in the query; both are listed as
//!   alternatives on every operation. Docs silent on authentication give no `security` at all
//!   (`security: []` would claim that no authentication is needed).
//! - Tags: the operation's group; ungrouped operations get
//!   [`apiscrape_model::naming::UNGROUPED`] (`other`), the group the Rust client files them
//!   under. Every operation has a success response: `2XX` (`x-undocumented-response`) when the
//!   docs list none.
//! - Patterns: [`apiscrape_model::Constraints::search_pattern`] (full-match patterns such as
//!   .NET `[RegularExpression]` anchored as `^(?:…)$`).
//! - Defaults are written only when they are a value of their schema (type, enum, bounds,
//!   lengths, pattern); a scalar documented for a collection is its one element; any other is
//!   kept as `x-default` and reported by [`diagnostics`].
//! - Bytes (`byte[]`) inside JSON/XML are base64 text (`format: byte` in 3.0,
//!   `contentEncoding: base64` in 3.1); a whole non-JSON/XML body of bytes is `format: binary`.
//! - Descriptions are CommonMark: a `<` that would open raw HTML in the docs' text is
//!   backslash-escaped, so renderers show `<script>` instead of running it.
//! - Synthetic examples (documentation-tool placeholders) are never emitted.
//! - Facts the docs do not give are not invented: no base URL gives `servers: [{url: /}]`
//!   with a description saying so; no summary gives
//!   `METHOD /path` as summary; `info.version` is `unversioned` unless
//!   [`Options::api_version`] is set.
//!
//! # Proof
//!
//! `tests/openapi.rs` snapshots the YAML of every fixture in both versions and validates every
//! emitted document (fixtures and `generated/*/model.json`) against the official OpenAPI 3.0
//! and 3.1 JSON Schemas (vendored in `tests/schemas/`, 3.1 with Schema Object validation by the
//! OAS dialect), then parses it back into [`OpenApi`] unchanged. `tests/progenitor.rs` feeds
//! the 3.0 output to progenitor. `tests/roundtrip.rs` imports every rendering back and
//! compares it with the model in API terms (`apiscrape-diff`); the importer's unit tests cover
//! third-party and malformed documents, and the `openapi_import` fuzz target feeds it
//! arbitrary input. `cargo xtask ci` (`xtask/ci/openapi-validate.sh`) runs
//! openapi-spec-validator, Redocly (`recommended`) and Spectral (`spectral:oas`) at pinned
//! versions.
#![deny(missing_docs)]

pub mod ext;
mod import;
mod locate;
mod lower;
mod read;
pub mod spec;
mod yaml;

use apiscrape_model::FinishedApi;
use std::collections::BTreeMap;

pub use import::{import, looks_like_openapi, ImportError};
pub use lower::sanitize_component_name;
pub use spec::OpenApi;

/// OpenAPI version to emit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum OpenApiVersion {
    /// OpenAPI 3.0.3.
    V3_0,
    /// OpenAPI 3.1.0 (the default).
    #[default]
    V3_1,
}

impl OpenApiVersion {
    /// The `openapi` field's value (`3.1.0`, `3.0.3`).
    pub fn as_str(self) -> &'static str {
        match self {
            OpenApiVersion::V3_0 => "3.0.3",
            OpenApiVersion::V3_1 => "3.1.0",
        }
    }
}

impl std::str::FromStr for OpenApiVersion {
    type Err = Error;

    /// Parses `3.1`, `3.1.0`, `3.0` or `3.0.3`.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim() {
            "3.1" | "3.1.0" => Ok(OpenApiVersion::V3_1),
            "3.0" | "3.0.3" => Ok(OpenApiVersion::V3_0),
            other => Err(Error::UnknownVersion(other.to_string())),
        }
    }
}

/// Serialisation format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum OutputFormat {
    /// YAML (the default).
    #[default]
    Yaml,
    /// Pretty-printed JSON.
    Json,
}

/// What to emit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// OpenAPI version.
    pub version: OpenApiVersion,
    /// YAML or JSON.
    pub format: OutputFormat,
    /// Comment written at the top of YAML output, one `# ` line per line of text (JSON has
    /// no comments and ignores it).
    pub header: Option<String>,
    /// `info.version`; `unversioned` when `None` (the docs do not version the API as a
    /// whole).
    pub api_version: Option<String>,
}

/// What can go wrong while emitting.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An OpenAPI version other than 3.0 / 3.1 was asked for.
    #[error("unsupported OpenAPI version `{0}` (expected 3.1 or 3.0)")]
    UnknownVersion(String),
    /// YAML serialisation failed.
    #[error("cannot write YAML")]
    Yaml(#[from] yaml_serde::Error),
    /// JSON serialisation failed.
    #[error("cannot write JSON")]
    Json(#[from] serde_json::Error),
    /// The writer given to [`Document::write_to`] failed.
    #[error("cannot write the document")]
    Write(#[from] std::io::Error),
}

/// Lowers `api` into a typed OpenAPI document.
pub fn to_document(api: &FinishedApi, options: &Options) -> Result<OpenApi, Error> {
    let mut doc = lower::Lower::new(api, options).document();
    if let Some(v) = &options.api_version {
        doc.info.version = v.clone();
    }
    Ok(doc)
}

/// What the OpenAPI document cannot say as documented, as model diagnostics (warnings) with
/// the source location of the type or operation concerned: a documented default that is not a
/// value of its schema is written as `x-default` instead of `default`.
pub fn diagnostics(api: &FinishedApi) -> Vec<apiscrape_model::Diagnostic> {
    lower::Lower::new(api, &Options::default()).warnings_only()
}

/// [`render`], and the warnings of the same lowering: one pass over the model instead of two
/// (they are [`diagnostics`]' when `options.version` is the default, which is what that
/// lowers for).
///
/// # Errors
///
/// As [`render`].
pub fn render_with_diagnostics(
    api: &FinishedApi,
    options: &Options,
) -> Result<(String, Vec<apiscrape_model::Diagnostic>), Error> {
    let document = Document::new(api, options);
    let text = document.text()?;
    Ok((text, document.warnings()))
}

/// Renders `api` as an OpenAPI document in `options.format`.
///
/// YAML starts with the header comment (when given) and ends with a newline; JSON is
/// pretty-printed with a trailing newline.
pub fn render(api: &FinishedApi, options: &Options) -> Result<String, Error> {
    Document::new(api, options).text()
}

/// Serialises an already lowered document (see [`render`]).
pub fn render_document(doc: &OpenApi, options: &Options) -> Result<String, Error> {
    match options.format {
        OutputFormat::Yaml => Ok(yaml_text(&yaml_serde::to_value(doc)?, options)),
        OutputFormat::Json => json_text(doc),
    }
}

/// The OpenAPI document of a model, lowered as it is written: [`Document::write_to`] writes
/// the text of [`render`] to any writer, piece by piece, as often as asked. Only the head of
/// the document (info, servers, tags, security schemes) and the list of paths are kept; each
/// path item and schema is lowered from the model when its turn comes, written, and dropped,
/// so neither the typed document nor its text is ever held whole.
pub struct Document<'a> {
    lower: lower::Lower<'a>,
    head: OpenApi,
    security: Vec<spec::SecurityRequirement>,
    paths: BTreeMap<String, Vec<apiscrape_model::FinishedOperation<'a>>>,
    options: Options,
    /// Whether a write went through every part, so the lowering's warnings are complete.
    complete: std::sync::atomic::AtomicBool,
    memo: Option<&'a dyn EntryMemo>,
}

/// Where [`Document::write_to`] keeps the YAML text of each path item and schema between
/// runs, by a key that digests everything lowering the entry reads (the path's operations or
/// the schema's name and id, and the whole model but its operations and diagnostics, the
/// component names, the security requirements and the OpenAPI version). An entry whose
/// lowering warned is never kept, so a remembered entry stands for exactly the text and the
/// warnings (none) lowering would give.
pub trait EntryMemo: Sync {
    /// The text kept for `key`, if any.
    fn get(&self, key: &[u8; 32]) -> Option<std::sync::Arc<str>>;
    /// Keeps `text` for `key`.
    fn put(&self, key: [u8; 32], text: &str);
}

impl std::fmt::Debug for Document<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document")
            .field("head", &self.head)
            .field("paths", &self.paths.len())
            .field("options", &self.options)
            .field("memo", &self.memo.is_some())
            .finish_non_exhaustive()
    }
}

impl<'a> Document<'a> {
    /// The document of `api` in `options`' version and format, nothing lowered yet but its
    /// head.
    pub fn new(api: &'a FinishedApi, options: &Options) -> Document<'a> {
        let lower = lower::Lower::new(api, options);
        let (mut head, security) = lower.head();
        if let Some(v) = &options.api_version {
            head.info.version = v.clone();
        }
        let paths = lower.paths();
        Document {
            lower,
            head,
            security,
            paths,
            options: options.clone(),
            complete: std::sync::atomic::AtomicBool::new(false),
            memo: None,
        }
    }

    /// The same document, its YAML path items and schemas taken from `memo` when it has them
    /// and kept there when lowered (see [`EntryMemo`]). The text written is the same.
    #[must_use]
    pub fn remembering(mut self, memo: &'a dyn EntryMemo) -> Document<'a> {
        self.memo = Some(memo);
        self
    }

    /// Writes the document's text (exactly [`render_document`]'s of [`to_document`]) to `w`.
    /// For YAML, the big mappings (`paths` and `components.schemas`) are written one entry at
    /// a time, each entry lowered and turned into a YAML value only for its turn and written
    /// out before the next. JSON is serialised straight into `w` from the whole document,
    /// lowered for it.
    ///
    /// # Errors
    ///
    /// What `w` returns ([`Error::Write`]), and serialisation errors as [`render`].
    pub fn write_to(&self, w: &mut dyn std::io::Write) -> Result<(), Error> {
        use std::sync::atomic::Ordering;
        // Each write lowers every part again: its warnings replace an earlier write's.
        self.complete.store(false, Ordering::SeqCst);
        drop(self.lower.take_warnings());
        if self.options.format == OutputFormat::Json {
            let mut doc = self.lower.document();
            doc.info.version.clone_from(&self.head.info.version);
            // An error of the writer is the writer's, not the serialiser's.
            serde_json::to_writer_pretty(&mut *w, &doc).map_err(|e| {
                if e.is_io() {
                    Error::Write(e.into())
                } else {
                    Error::Json(e)
                }
            })?;
            w.write_all(b"\n")?;
        } else {
            self.write_yaml(w)?;
        }
        self.complete.store(true, Ordering::SeqCst);
        Ok(())
    }

    fn write_yaml(&self, w: &mut dyn std::io::Write) -> Result<(), Error> {
        use yaml_serde::Value;
        let schemas = self.lower.schema_names();
        let context = self
            .memo
            .and_then(|_| self.lower.entry_context(&self.security));
        let mut out = header_text(&self.options);
        let top = match yaml_serde::to_value(&self.head)? {
            Value::Mapping(top) if !top.is_empty() => top,
            // A document is a struct with fields always written, so this is never taken.
            other => {
                yaml::emit_into(&other, &mut out);
                w.write_all(out.as_bytes())?;
                return Ok(());
            }
        };
        for (key, value) in top {
            match key.as_str() {
                Some("paths") if !self.paths.is_empty() => {
                    out.push_str("paths:\n");
                    for (path, operations) in &self.paths {
                        let key = context.map(|c| path_item_key(&c, path, operations));
                        self.entry(&mut out, key, |out| {
                            let item = self.lower.path_item(operations, &self.security);
                            yaml_entry(out, path, yaml_serde::to_value(&item)?, 2);
                            Ok(())
                        })?;
                        w.write_all(out.as_bytes())?;
                        out.clear();
                    }
                }
                Some("components") if !schemas.is_empty() => {
                    out.push_str("components:\n  schemas:\n");
                    for &(name, id) in &schemas {
                        let key = context.map(|c| schema_key(&c, name, id));
                        self.entry(&mut out, key, |out| {
                            let schema = self.lower.schema(id);
                            yaml_entry(out, name, yaml_serde::to_value(&schema)?, 4);
                            Ok(())
                        })?;
                        w.write_all(out.as_bytes())?;
                        out.clear();
                    }
                    if let Value::Mapping(rest) = value {
                        yaml::emit_entries_into(&rest, 2, &mut out);
                    }
                }
                _ => {
                    let mut one = yaml_serde::Mapping::new();
                    one.insert(key, value);
                    yaml::emit_entries_into(&one, 0, &mut out);
                }
            }
        }
        w.write_all(out.as_bytes())?;
        Ok(())
    }

    /// Appends one entry's text to `out`: the memo's for `key`, else what `lower` appends
    /// (kept in the memo unless lowering it warned).
    fn entry(
        &self,
        out: &mut String,
        key: Option<Option<[u8; 32]>>,
        lower: impl FnOnce(&mut String) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let (Some(memo), Some(Some(key))) = (self.memo, key) else {
            return lower(out);
        };
        if let Some(text) = memo.get(&key) {
            out.push_str(&text);
            return Ok(());
        }
        let (start, warnings) = (out.len(), self.lower.warning_count());
        lower(out)?;
        if self.lower.warning_count() == warnings {
            memo.put(key, &out[start..]);
        }
        Ok(())
    }

    /// The whole text, as [`render`] gives it.
    ///
    /// # Errors
    ///
    /// As [`render`].
    pub fn text(&self) -> Result<String, Error> {
        let mut bytes = Vec::new();
        self.write_to(&mut bytes)?;
        // Both serialisers write UTF-8.
        String::from_utf8(bytes).map_err(|e| Error::Write(std::io::Error::other(e)))
    }

    /// What the lowering warned about (see [`diagnostics`]), taken out: the warnings of the
    /// last complete [`Document::write_to`], or, when there was none since they were last
    /// taken, of lowering every part again (each dropped at once, nothing written).
    pub fn warnings(&self) -> Vec<apiscrape_model::Diagnostic> {
        if self
            .complete
            .swap(false, std::sync::atomic::Ordering::SeqCst)
        {
            self.lower.take_warnings()
        } else {
            self.lower.warnings_only()
        }
    }
}

/// The memo key of the path item of `path` ([`EntryMemo`]); `None` when an operation does not
/// serialise.
fn path_item_key(
    context: &[u8; 32],
    path: &str,
    operations: &[apiscrape_model::FinishedOperation<'_>],
) -> Option<[u8; 32]> {
    let mut hash = blake3::Hasher::new();
    hash.update(b"path item\0");
    hash.update(context);
    apiscrape_digest::update(&mut hash, path).ok()?;
    for op in operations {
        apiscrape_digest::update(&mut hash, &(op.id(), op.operation())).ok()?;
    }
    Some(hash.finalize().into())
}

/// The memo key of the schema `name` of type `id` ([`EntryMemo`]).
fn schema_key(context: &[u8; 32], name: &str, id: &apiscrape_model::TypeId) -> Option<[u8; 32]> {
    let mut hash = blake3::Hasher::new();
    hash.update(b"schema\0");
    hash.update(context);
    apiscrape_digest::update(&mut hash, &(name, id)).ok()?;
    Some(hash.finalize().into())
}

/// Writes the mapping entry `key: value` at `indent` spaces (see [`Document::write_to`]).
fn yaml_entry(out: &mut String, key: &str, value: yaml_serde::Value, indent: usize) {
    let mut one = yaml_serde::Mapping::new();
    one.insert(yaml_serde::Value::String(key.to_string()), value);
    yaml::emit_entries_into(&one, indent, out);
}

/// The header comment, then the YAML text of `value`, in one string.
fn yaml_text(value: &yaml_serde::Value, options: &Options) -> String {
    let mut out = header_text(options);
    yaml::emit_into(value, &mut out);
    out
}

/// The header comment's lines, each starting with `# `.
fn header_text(options: &Options) -> String {
    let mut out = String::new();
    if let Some(header) = &options.header {
        for line in header.lines() {
            if line.is_empty() {
                out.push_str("#\n");
            } else {
                out.push_str("# ");
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

fn json_text(doc: &OpenApi) -> Result<String, Error> {
    let mut out = serde_json::to_string_pretty(doc)?;
    out.push('\n');
    Ok(out)
}
