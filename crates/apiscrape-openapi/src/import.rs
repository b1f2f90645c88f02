//! Reading an OpenAPI 3.0.x / 3.1.x document (YAML or JSON) into the model.
//!
//! [`import`] is the inverse of the lowering: every convention the emitter uses
//! to carry a model fact is read back (JSON wrapper objects around RamBase bodies, `xml.name`
//! on properties, `x-error-codes`, `x-enum-varnames` / `x-enum-descriptions`,
//! `x-enum-known-values` + `x-enum-complete: false` for incomplete enums, `x-placeholder`,
//! `x-domain-values`, `x-data-type`, `x-format-hint`, `x-constraint-notes`, `x-expansion`,
//! `x-paging`, `x-query-features`, `x-rambase-resource`, `x-source`, …), so
//! `import(render(api))` describes the same API as `api`. Text the emitter adds for readers
//! (deprecation notices appended to descriptions, "Known values" notes, placeholder notes,
//! error-code lists in response descriptions) is stripped again.
//!
//! Third-party documents without these extensions are read too: components become named
//! types, `$ref`s to `components/{parameters,requestBodies,responses,schemas}` are followed,
//! `allOf` with one schema, `nullable: true` (3.0) and `type: [T, "null"]` / `anyOf: [T,
//! null]` (3.1) are understood, inline object schemas become named types. Constructs the
//! model cannot express (`oneOf` of several schemas, external `$ref`s, `default` responses,
//! status ranges) become diagnostics naming the JSON pointer; nothing panics.
//!
//! Facts OpenAPI cannot carry are not recovered: a type name the emitter had to sanitise for
//! a component name (`List`1` → `List_1`) comes back sanitised, a field's documented name is
//! lost when its JSON and XML names both differ from it, headers the emitter leaves to
//! content negotiation and security (`Authorization`, `Accept`, `Content-Type`) and the
//! operation's list of formats are not in the document.
//!
//! ```
//! let yaml = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /things/{id}:\n    get:\n      operationId: getThing\n      parameters:\n      - {name: id, in: path, required: true, schema: {type: integer, format: int64}}\n      responses:\n        '200': {description: OK}\n";
//! let api = apiscrape_openapi::import("api.yaml", yaml).unwrap();
//! assert_eq!(api.operations[0].key(), "GET /things/{id}");
//! assert_eq!(api.operations[0].operation_id.as_deref(), Some("getThing"));
//! ```

use apiscrape_model as m;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Why a document could not be imported at all (anything less is a diagnostic in the model).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The text is neither valid YAML nor valid JSON.
    #[error("{file}:{line}:{column}: not valid YAML or JSON: {message}")]
    Syntax {
        /// Source name.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The document has no top-level `openapi` field (Swagger 2.0 documents have `swagger`).
    #[error("{file}: not an OpenAPI 3 document (no top-level `openapi` field{hint})")]
    NotOpenApi {
        /// Source name.
        file: String,
        /// Extra explanation (`; Swagger 2.0 is not supported`).
        hint: String,
    },
    /// The `openapi` field names a version other than 3.0.x / 3.1.x.
    #[error("{file}: OpenAPI version `{version}` is not supported (expected 3.0.x or 3.1.x)")]
    UnsupportedVersion {
        /// Source name.
        file: String,
        /// The version found.
        version: String,
    },
}

/// Whether `text` looks like an OpenAPI 3 document: a YAML or JSON mapping with a top-level
/// `openapi` key. Cheap enough to decide what a file given on the command line holds.
pub fn looks_like_openapi(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}');
    if t.trim_start().starts_with('{') {
        return serde_json::from_str::<Value>(t)
            .ok()
            .is_some_and(|v| v.get("openapi").is_some());
    }
    t.lines().any(|l| {
        l.starts_with("openapi:") || l.starts_with("\"openapi\":") || l.starts_with("'openapi':")
    })
}

/// Reads the OpenAPI document `text` (YAML or JSON; `source` names it in diagnostics and
/// provenance) into an [`m::Api`], normalised, with operation ids from `operationId` (missing
/// ones derived by [`m::naming::assign_operation_ids`]).
pub fn import(source: &str, text: &str) -> Result<m::Api, ImportError> {
    let (doc, order) = parse_document(source, text)?;
    let version = match doc.get("openapi") {
        Some(Value::String(v)) => v.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(ImportError::UnsupportedVersion {
                file: source.to_string(),
                version: other.to_string(),
            })
        }
        None => {
            return Err(ImportError::NotOpenApi {
                file: source.to_string(),
                hint: if doc.get("swagger").is_some() {
                    "; Swagger 2.0 is not supported, convert it to OpenAPI 3 first".into()
                } else {
                    String::new()
                },
            })
        }
    };
    let v31 = if version == "3.1" || version.starts_with("3.1.") {
        true
    } else if version == "3.0" || version.starts_with("3.0.") {
        false
    } else {
        return Err(ImportError::UnsupportedVersion {
            file: source.to_string(),
            version,
        });
    };
    let mut imp = Importer::new(source, &doc, &order, v31);
    imp.run();
    let mut api = imp.api;
    m::naming::assign_operation_ids(&mut api);
    api.normalize();
    Ok(api)
}

/// The documented order of every JSON object's keys, by the object's address (the document
/// is not changed while it is read). `serde_json::Map` sorts its keys, while the order of
/// properties and media types is documentation order the model keeps.
type KeyOrder = HashMap<usize, Vec<String>>;

fn object_address(o: &Map<String, Value>) -> usize {
    o as *const Map<String, Value> as usize
}

fn record_order(y: &yaml_serde::Value, j: &Value, out: &mut KeyOrder) {
    match (y, j) {
        (yaml_serde::Value::Tagged(t), _) => record_order(&t.value, j, out),
        (yaml_serde::Value::Mapping(map), Value::Object(o)) => {
            let mut keys = Vec::with_capacity(map.len());
            // Keys met so far (`keys.contains` per key was quadratic in a mapping's size).
            let mut seen = std::collections::HashSet::with_capacity(map.len());
            for (k, v) in map {
                let key = yaml_key(k.clone());
                if let Some(jv) = o.get(&key) {
                    record_order(v, jv, out);
                }
                if seen.insert(key.clone()) {
                    keys.push(key);
                }
            }
            out.insert(object_address(o), keys);
        }
        (yaml_serde::Value::Sequence(seq), Value::Array(a)) => {
            for (y, j) in seq.iter().zip(a) {
                record_order(y, j, out);
            }
        }
        _ => {}
    }
}

/// YAML or JSON text to a JSON value (YAML keys that are numbers or booleans become strings,
/// merge keys are applied), with the documented key order of its objects.
fn parse_document(source: &str, text: &str) -> Result<(Value, KeyOrder), ImportError> {
    let y = parse_yaml_or_json(source, text)?;
    let doc = yaml_to_json(y.clone());
    let mut order = KeyOrder::new();
    record_order(&y, &doc, &mut order);
    Ok((doc, order))
}

fn parse_yaml_or_json(source: &str, text: &str) -> Result<yaml_serde::Value, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| ImportError::Syntax {
            file: source.to_string(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        });
    }
    check_flow_nesting(source, text)?;
    let mut y: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        ImportError::Syntax {
            file: source.to_string(),
            line,
            column,
            message: e.to_string(),
        }
    })?;
    y.apply_merge().map_err(|e| ImportError::Syntax {
        file: source.to_string(),
        line: 0,
        column: 0,
        message: e.to_string(),
    })?;
    Ok(y)
}

/// Deepest nesting the YAML and JSON readers accept (both stop at 128 levels).
const MAX_NESTING: usize = 128;

/// Rejects YAML whose flow collections (`[`, `{`) nest deeper than [`MAX_NESTING`], in one
/// pass. The YAML reader would reject it too, but only after scanning it in time that grows
/// with size × depth (200 KB of `[` took minutes). Brackets are counted only where they
/// surely open a collection (after `key: `, `- ` or at the start of a line, and inside a
/// collection outside quotes and comments); anything unclear is skipped, so a count too low
/// leaves the decision to the reader and a valid document is never refused.
fn check_flow_nesting(source: &str, text: &str) -> Result<(), ImportError> {
    let too_deep = |line: usize, column: usize| ImportError::Syntax {
        file: source.to_string(),
        line,
        column,
        message: format!("the document nests deeper than {MAX_NESTING} levels"),
    };
    let mut depth = 0usize;
    // Inside a flow collection: the open quote, if any.
    let mut quote: Option<u8> = None;
    // Inside a block scalar (`|`, `>`): the indentation of the line that opened it.
    let mut block_scalar: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let b = line.as_bytes();
        let mut i = 0;
        if depth == 0 {
            // Block context: find where a node may start, skipping what is not a collection.
            i = b.iter().position(|c| *c != b' ').unwrap_or(b.len());
            match block_scalar {
                Some(parent) if i == b.len() || i > parent => continue,
                _ => block_scalar = None,
            }
            let indent = i;
            loop {
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
                match b.get(i) {
                    Some(b'-' | b'?') if matches!(b.get(i + 1), None | Some(b' ')) => i += 2,
                    Some(b'[' | b'{') => break,
                    Some(b'|' | b'>') => {
                        block_scalar = Some(indent);
                        i = b.len();
                        break;
                    }
                    Some(b'"' | b'\'' | b'#' | b'&' | b'!' | b'*') | None => {
                        i = b.len();
                        break;
                    }
                    Some(_) => match line[i..].find(": ") {
                        // A plain key: its value starts after `: ` (a plain scalar with `: `
                        // inside is not valid YAML).
                        Some(k) if !line[i..i + k].contains(" #") => i += k + 2,
                        _ => {
                            i = b.len();
                            break;
                        }
                    },
                }
            }
        }
        let mut prev_space = true;
        while i < b.len() {
            let c = b[i];
            match quote {
                Some(q) => {
                    if c == b'\\' && q == b'"' {
                        i += 1;
                    } else if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    b'"' | b'\'' if depth > 0 => quote = Some(c),
                    b'#' if prev_space => break,
                    b'[' | b'{' => {
                        depth += 1;
                        if depth > MAX_NESTING {
                            return Err(too_deep(n + 1, line[..i].chars().count() + 1));
                        }
                    }
                    b']' | b'}' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            // Back in block context: the rest of the line is not counted.
                            break;
                        }
                    }
                    _ if depth == 0 => break,
                    _ => {}
                },
            }
            prev_space = c == b' ' || c == b'\t';
            i += 1;
        }
    }
    Ok(())
}

fn yaml_key(k: yaml_serde::Value) -> String {
    match k {
        yaml_serde::Value::String(s) => s,
        yaml_serde::Value::Number(n) => n.to_string(),
        yaml_serde::Value::Bool(b) => b.to_string(),
        yaml_serde::Value::Null => "null".into(),
        other => yaml_serde::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn yaml_to_json(y: yaml_serde::Value) -> Value {
    match y {
        yaml_serde::Value::Null => Value::Null,
        yaml_serde::Value::Bool(b) => Value::Bool(b),
        yaml_serde::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        yaml_serde::Value::String(s) => Value::String(s),
        yaml_serde::Value::Sequence(seq) => {
            Value::Array(seq.into_iter().map(yaml_to_json).collect())
        }
        yaml_serde::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        yaml_serde::Value::Tagged(t) => yaml_to_json(t.value),
    }
}

/// Escapes a JSON pointer token.
fn pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn unescape_token(s: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8_lossy();
    decoded.replace("~1", "/").replace("~0", "~")
}

/// Reason phrases the emitter uses for statuses (to recognise its generated descriptions).
fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Response",
    }
}

const UNDESCRIBED_PATH_PARAM: &str = "Not described by the documentation.";
const NO_RESPONSES: &str = "The documentation does not list any response.";
const NO_BASE_URL: &str =
    "The documentation names no base URL: paths are relative to the host serving the API.";

/// What a schema says about a value.
#[derive(Debug, Clone)]
struct ValueSchema {
    ty: m::TypeRef,
    constraints: m::Constraints,
    nullable: bool,
    description: Option<String>,
    deprecated: bool,
    example: Option<m::Example>,
    xml: Option<XmlInfo>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct XmlInfo {
    name: Option<String>,
    namespace: Option<String>,
}

/// A value as documentation text (`true`, `5`, `abc`).
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

fn str_of<'v>(o: &'v Map<String, Value>, key: &str) -> Option<&'v str> {
    o.get(key).and_then(Value::as_str)
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty()).map(str::to_string)
}

/// Splits the emitter's `Deprecated: note` suffix off a description.
fn split_deprecation(
    description: Option<String>,
    deprecated: bool,
) -> (Option<String>, Option<m::Deprecation>) {
    if !deprecated {
        return (description, None);
    }
    let Some(d) = description else {
        return (None, Some(m::Deprecation { note: None }));
    };
    if let Some(note) = d.strip_prefix("Deprecated: ") {
        return (
            None,
            Some(m::Deprecation {
                note: Some(note.to_string()),
            }),
        );
    }
    if let Some(i) = d.rfind("\n\nDeprecated: ") {
        let note = d[i + "\n\nDeprecated: ".len()..].to_string();
        return (
            Some(d[..i].to_string()),
            Some(m::Deprecation { note: Some(note) }),
        );
    }
    (Some(d), Some(m::Deprecation { note: None }))
}

fn number_of(v: &Value) -> Option<m::Number> {
    match v {
        Value::Number(n) => m::Number::parse(&n.to_string()),
        Value::String(s) => m::Number::parse(s),
        _ => None,
    }
}

fn primitive_of(ty: &str, format: Option<&str>) -> Option<m::Primitive> {
    use m::Primitive as P;
    Some(match (ty, format) {
        ("integer", Some("int32")) => P::Int32,
        ("integer", Some("int64")) => P::Int64,
        ("integer", Some("uint32")) => P::Uint32,
        ("integer", Some("uint64")) => P::Uint64,
        ("integer", Some("uint8")) => P::Byte,
        ("integer", Some("int8")) => P::SignedByte,
        ("integer", _) => P::Integer,
        ("number", Some("float")) => P::Float,
        ("number", Some("double")) => P::Double,
        ("number", Some("decimal")) => P::Decimal,
        ("number", _) => P::Number,
        ("boolean", _) => P::Boolean,
        ("string", Some("date")) => P::Date,
        ("string", Some("date-time")) => P::DateTime,
        ("string", Some("time")) => P::Time,
        ("string", Some("duration")) => P::Duration,
        ("string", Some("uuid")) => P::Uuid,
        ("string", Some("uri")) => P::Uri,
        ("string", Some("binary" | "byte")) => P::Binary,
        ("string", _) => P::String,
        _ => return None,
    })
}

/// The JSON type a (non-null) `type` value names, and whether `null` is allowed.
fn schema_type(o: &Map<String, Value>) -> (Option<String>, bool, Vec<String>) {
    match o.get("type") {
        Some(Value::String(t)) => (Some(t.clone()), t == "null", vec![]),
        Some(Value::Array(ts)) => {
            let names: Vec<String> = ts
                .iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect();
            let nullable = names.iter().any(|t| t == "null");
            let rest: Vec<String> = names.into_iter().filter(|t| t != "null").collect();
            match rest.len() {
                1 => (Some(rest[0].clone()), nullable, vec![]),
                0 => (None, nullable, vec![]),
                _ => (None, nullable, rest),
            }
        }
        _ => (None, false, vec![]),
    }
}

/// Importer state.
struct Importer<'a> {
    source: &'a str,
    doc: &'a Value,
    order: &'a KeyOrder,
    v31: bool,
    /// The document follows the RamBase conventions of the emitter (a field's documented
    /// name is its XML element name; the JSON key may differ).
    rambase: bool,
    api: m::Api,
    /// Component schema name → type id.
    components: BTreeMap<String, m::TypeId>,
    /// Names of types synthesised for inline object schemas.
    used_names: BTreeSet<String>,
}

impl<'a> Importer<'a> {
    fn new(source: &'a str, doc: &'a Value, order: &'a KeyOrder, v31: bool) -> Self {
        let rambase = doc
            .get("paths")
            .and_then(Value::as_object)
            .is_some_and(|paths| {
                paths.values().filter_map(Value::as_object).any(|item| {
                    item.values().filter_map(Value::as_object).any(|op| {
                        op.contains_key("x-rambase-resource")
                            || op.contains_key("x-rambase-api-operation")
                    })
                })
            });
        let title = doc
            .pointer("/info/title")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        Importer {
            source,
            doc,
            order,
            v31,
            rambase,
            api: m::Api::new(title),
            components: BTreeMap::new(),
            used_names: BTreeSet::new(),
        }
    }

    /// The entries of `o` in documented order.
    fn ordered<'m>(&self, o: &'m Map<String, Value>) -> Vec<(&'m String, &'m Value)> {
        match self.order.get(&object_address(o)) {
            Some(keys) => keys
                .iter()
                .filter_map(|k| o.get_key_value(k.as_str()))
                .collect(),
            None => o.iter().collect(),
        }
    }

    fn diag(&mut self, severity: m::Severity, pointer: &str, message: impl Into<String>) {
        let message = message.into();
        let message = if pointer.is_empty() {
            message
        } else {
            format!("{pointer}: {message}")
        };
        self.api.diagnostics.push(m::Diagnostic::at(
            severity,
            self.source.to_string(),
            None,
            message,
        ));
    }

    fn run(&mut self) {
        let doc = self.doc;
        if self.rambase {
            self.api.dialect = Some("rambase".into());
        }
        self.api.description = non_empty(doc.pointer("/info/description").and_then(Value::as_str));
        self.servers();
        if let Some(tags) = doc.get("tags").and_then(Value::as_array) {
            for t in tags {
                if let Some(name) = t.get("name").and_then(Value::as_str) {
                    self.api.groups.push(m::Group {
                        name: name.to_string(),
                        description: non_empty(t.get("description").and_then(Value::as_str)),
                    });
                }
            }
        }
        self.security();
        // Component names first, so `$ref`s resolve whatever order things are read in.
        let empty = Map::new();
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for name in schemas.keys() {
            self.components
                .insert(name.clone(), m::TypeId::from_name(name));
            self.used_names.insert(name.clone());
        }
        for (name, schema) in schemas {
            let pointer = format!("#/components/schemas/{}", pointer_token(name));
            if let Some(t) = self.named_type(name, schema, &pointer) {
                self.api.types.insert(t.id(), t);
            }
        }
        let paths = doc.get("paths").and_then(Value::as_object);
        match paths {
            Some(paths) => {
                for (path, item) in paths {
                    self.path_item(path, item);
                }
            }
            None if doc.get("paths").is_some() => self.diag(
                m::Severity::Warning,
                "#/paths",
                "`paths` is not an object; ignored",
            ),
            None => {}
        }
        if doc.get("webhooks").is_some() {
            self.diag(
                m::Severity::Note,
                "#/webhooks",
                "webhooks are not operations a client calls; not imported",
            );
        }
    }

    fn servers(&mut self) {
        let Some(servers) = self.doc.get("servers").and_then(Value::as_array) else {
            return;
        };
        for s in servers {
            let Some(url) = s.get("url").and_then(Value::as_str) else {
                continue;
            };
            if url == "/" && s.get("description").and_then(Value::as_str) == Some(NO_BASE_URL) {
                continue;
            }
            let mut url = url.to_string();
            // Server variables: their defaults give the concrete URL.
            if let Some(vars) = s.get("variables").and_then(Value::as_object) {
                for (k, v) in vars {
                    if let Some(d) = v.get("default") {
                        url = url.replace(&format!("{{{k}}}"), &value_text(d));
                    }
                }
            }
            self.api.base_urls.push(url);
        }
    }

    fn security(&mut self) {
        let Some(schemes) = self
            .doc
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object)
        else {
            return;
        };
        let mut query_aliases: BTreeMap<String, String> = BTreeMap::new();
        let mut auth = Vec::new();
        for (id, s) in schemes {
            let s = self.resolve(s, 0).unwrap_or(s);
            let description = non_empty(s.get("description").and_then(Value::as_str));
            let kind = match s.get("type").and_then(Value::as_str) {
                Some("http") => {
                    match s
                        .get("scheme")
                        .and_then(Value::as_str)
                        .map(str::to_ascii_lowercase)
                        .as_deref()
                    {
                        Some("bearer") => m::AuthKind::BearerToken {
                            query_parameter: None,
                        },
                        Some("basic") => m::AuthKind::Basic,
                        other => {
                            self.diag(
                                m::Severity::Warning,
                                &format!("#/components/securitySchemes/{}", pointer_token(id)),
                                format!(
                                    "HTTP authentication scheme `{}` is not supported; ignored",
                                    other.unwrap_or_default()
                                ),
                            );
                            continue;
                        }
                    }
                }
                Some("apiKey") => {
                    let name = s
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string();
                    let location = match s.get("in").and_then(Value::as_str) {
                        Some("header") => m::ParamLocation::Header,
                        Some("cookie") => m::ParamLocation::Cookie,
                        _ => m::ParamLocation::Query,
                    };
                    // The emitter's query-parameter alternative of a bearer token.
                    if let Some(base) = id.strip_suffix("_query") {
                        if location == m::ParamLocation::Query
                            && description.as_deref().is_some_and(|d| {
                                d.starts_with(&format!("The same token as `{base}`"))
                            })
                        {
                            query_aliases.insert(base.to_string(), name);
                            continue;
                        }
                    }
                    m::AuthKind::ApiKey { location, name }
                }
                other => {
                    self.diag(
                        m::Severity::Warning,
                        &format!("#/components/securitySchemes/{}", pointer_token(id)),
                        format!(
                            "security scheme type `{}` is not supported; ignored",
                            other.unwrap_or_default()
                        ),
                    );
                    continue;
                }
            };
            auth.push(m::AuthScheme {
                id: id.clone(),
                kind,
                description,
            });
        }
        for a in &mut auth {
            if let m::AuthKind::BearerToken { query_parameter } = &mut a.kind {
                *query_parameter = query_aliases.remove(&a.id);
            }
        }
        self.api.auth = auth;
    }

    /// Follows a local `$ref` (`#/...`) to what it points at, up to a depth.
    fn resolve(&self, v: &'a Value, depth: u8) -> Option<&'a Value> {
        let r = v.get("$ref")?.as_str()?;
        let pointer = r.strip_prefix('#')?;
        let pointer = pointer
            .split('/')
            .map(unescape_token)
            .map(|t| pointer_token(&t))
            .collect::<Vec<_>>()
            .join("/");
        let target = self.doc.pointer(&pointer)?;
        if depth < 16 && target.get("$ref").is_some() {
            return self.resolve(target, depth + 1);
        }
        Some(target)
    }

    /// A `$ref` (or the object itself) for parameters, request bodies and responses.
    fn deref(&mut self, v: &'a Value, pointer: &str) -> Option<&'a Value> {
        if v.get("$ref").is_none() {
            return Some(v);
        }
        match self.resolve(v, 0) {
            Some(t) => Some(t),
            None => {
                let r = value_text(v.get("$ref").unwrap_or(&Value::Null));
                self.diag(
                    m::Severity::Warning,
                    pointer,
                    format!("cannot resolve `$ref: {r}` (only references inside the document are followed); ignored"),
                );
                None
            }
        }
    }

    fn path_item(&mut self, path: &str, item: &'a Value) {
        let pointer = format!("#/paths/{}", pointer_token(path));
        let Some(item) = self.deref(item, &pointer) else {
            return;
        };
        let Some(obj) = item.as_object() else {
            self.diag(
                m::Severity::Warning,
                &pointer,
                "path item is not an object; ignored",
            );
            return;
        };
        let shared: Vec<&'a Value> = obj
            .get("parameters")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        for (key, op) in obj {
            match key.as_str() {
                "parameters" | "summary" | "description" | "servers" | "$ref" => {}
                k if k.starts_with("x-") => {}
                "trace" => self.diag(
                    m::Severity::Warning,
                    &format!("{pointer}/trace"),
                    "TRACE operations are not supported by the model; ignored",
                ),
                k => match m::Method::parse(k) {
                    Some(method) => {
                        let p = format!("{pointer}/{k}");
                        self.operation(method, path, op, &shared, &p);
                    }
                    None => self.diag(
                        m::Severity::Warning,
                        &format!("{pointer}/{}", pointer_token(k)),
                        format!("unknown path item field `{k}`; ignored"),
                    ),
                },
            }
        }
    }

    fn operation(
        &mut self,
        method: m::Method,
        path: &str,
        op_value: &'a Value,
        shared: &[&'a Value],
        pointer: &str,
    ) {
        let Some(o) = op_value.as_object() else {
            self.diag(
                m::Severity::Warning,
                pointer,
                "operation is not an object; ignored",
            );
            return;
        };
        let mut op = m::Operation::new(method, path);
        op.operation_id = non_empty(str_of(o, "operationId"));
        op.group = o
            .get("tags")
            .and_then(Value::as_array)
            .and_then(|t| t.first())
            .and_then(Value::as_str)
            .map(str::to_string);
        let description = non_empty(str_of(o, "description"));
        let deprecated = o.get("deprecated").and_then(Value::as_bool) == Some(true);
        let (description, deprecation) = split_deprecation(description, deprecated);
        op.description = description;
        op.deprecation = deprecation;
        op.summary = non_empty(str_of(o, "summary")).filter(|s| {
            // The emitter's fallbacks: `METHOD /path`, or the description's first line.
            *s != op.key()
                && op
                    .description
                    .as_deref()
                    .and_then(|d| d.lines().next())
                    .map(str::trim)
                    != Some(s.as_str())
        });
        // Parameters: the operation's own override path-level ones with the same name and
        // location.
        let mut params: Vec<(String, &'a Value)> = Vec::new();
        let own: Vec<&'a Value> = o
            .get("parameters")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let mut resolved: Vec<(String, &'a Value)> = Vec::new();
        for (i, p) in own.iter().enumerate() {
            let pp = format!("{pointer}/parameters/{i}");
            if let Some(v) = self.deref(p, &pp) {
                resolved.push((pp, v));
            }
        }
        let key_of = |v: &Value| {
            (
                v.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                v.get("in")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            )
        };
        let own_keys: BTreeSet<_> = resolved.iter().map(|(_, v)| key_of(v)).collect();
        let path_pointer = pointer.rsplit_once('/').map_or("", |(p, _)| p).to_string();
        for (i, p) in shared.iter().enumerate() {
            let pp = format!("{path_pointer}/parameters/{i}");
            if let Some(v) = self.deref(p, &pp) {
                if !own_keys.contains(&key_of(v)) {
                    params.push((pp, v));
                }
            }
        }
        params.extend(resolved);
        let paging = o.get("x-paging").and_then(|p| {
            Some(m::Paging {
                page_size_parameter: p.get("pageSizeParameter")?.as_str()?.to_string(),
                max_page_size: p.get("maxPageSize")?.as_u64()?,
            })
        });
        for (pp, p) in params {
            if let Some(param) = self.parameter(p, &pp, paging.as_ref()) {
                op.parameters.push(param);
            }
        }
        op.paging = paging;
        if let Some(rb) = o.get("requestBody") {
            let rp = format!("{pointer}/requestBody");
            if let Some(rb) = self.deref(rb, &rp) {
                op.request_body = self.request_body(rb, &rp, &op);
            }
        }
        self.responses(o, pointer, &mut op);
        self.extensions(o, pointer, &mut op);
        self.api.operations.push(op);
    }

    fn extensions(&mut self, o: &Map<String, Value>, pointer: &str, op: &mut m::Operation) {
        if let Some(codes) = o.get("x-error-codes") {
            op.error_codes = self.error_codes(codes, &format!("{pointer}/x-error-codes"));
        }
        if let Some(r) = o.get("x-rambase-resource") {
            match (
                r.get("id").and_then(Value::as_u64),
                r.get("version").and_then(Value::as_u64),
            ) {
                (Some(id), Some(version)) => {
                    op.resource_id = Some(m::ResourceId {
                        id,
                        version: u32::try_from(version).unwrap_or(u32::MAX),
                    })
                }
                _ => self.diag(
                    m::Severity::Warning,
                    &format!("{pointer}/x-rambase-resource"),
                    "expected `{id, version}` numbers; ignored",
                ),
            }
        }
        op.api_operation = o.get("x-rambase-api-operation").and_then(Value::as_bool) == Some(true);
        op.custom_fields = o.get("x-custom-fields").and_then(Value::as_bool) == Some(true);
        if let Some(q) = o.get("x-query-features") {
            let fields = |key: &str| -> Vec<m::Field> {
                q.get(key)
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|f| {
                                let mut field =
                                    m::Field::new(f.get("name")?.as_str()?, m::TypeRef::string());
                                field.description =
                                    non_empty(f.get("description").and_then(Value::as_str));
                                Some(field)
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            op.query_features.expandable_fields = fields("expandableFields");
            op.query_features.filter_fields = fields("filterFields");
            op.query_features.sortable_fields = fields("sortableFields");
            if let Some(nf) = q.get("namedFilters") {
                match serde_json::from_value(nf.clone()) {
                    Ok(v) => op.query_features.named_filters = v,
                    Err(e) => self.diag(
                        m::Severity::Warning,
                        &format!("{pointer}/x-query-features/namedFilters"),
                        format!("not a list of named filters ({e}); ignored"),
                    ),
                }
            }
        }
        if let Some(rel) = o.get("x-related-operations").and_then(Value::as_array) {
            op.related_operations = rel
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
        }
        op.provenance = vec![self.provenance(o.get("x-source"))];
    }

    /// Provenance from `x-source` when the emitter wrote one, else the document itself.
    fn provenance(&self, src: Option<&Value>) -> m::Provenance {
        match src.and_then(|s| Some((s, s.get("page")?.as_str()?))) {
            Some((s, page)) => m::Provenance {
                source: page.to_string(),
                url: s.get("url").and_then(Value::as_str).map(str::to_string),
                line: s
                    .get("line")
                    .and_then(Value::as_u64)
                    .and_then(|l| u32::try_from(l).ok()),
                element: None,
                note: s.get("note").and_then(Value::as_str).map(str::to_string),
            },
            None => m::Provenance::file(self.source),
        }
    }

    fn error_codes(&mut self, v: &Value, pointer: &str) -> Vec<m::ErrorCode> {
        let Some(list) = v.as_array() else {
            self.diag(
                m::Severity::Warning,
                pointer,
                "expected a list of error codes; ignored",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, e) in list.iter().enumerate() {
            let code = e.get("code").map(value_text);
            let status = e
                .get("status")
                .and_then(|s| s.as_u64().or_else(|| s.as_str()?.parse().ok()))
                .and_then(|s| u16::try_from(s).ok());
            match (code, status) {
                (Some(code), Some(status)) => out.push(m::ErrorCode {
                    code,
                    status,
                    message: e.get("message").map(value_text).unwrap_or_default(),
                }),
                _ => self.diag(
                    m::Severity::Warning,
                    &format!("{pointer}/{i}"),
                    "error code without `code` or numeric `status`; ignored",
                ),
            }
        }
        out
    }

    fn parameter(
        &mut self,
        p: &'a Value,
        pointer: &str,
        paging: Option<&m::Paging>,
    ) -> Option<m::Parameter> {
        let Some(o) = p.as_object() else {
            self.diag(
                m::Severity::Warning,
                pointer,
                "parameter is not an object; ignored",
            );
            return None;
        };
        let name = str_of(o, "name").unwrap_or("").to_string();
        let location = match str_of(o, "in") {
            Some("path") => m::ParamLocation::Path,
            Some("query") => m::ParamLocation::Query,
            Some("header") => m::ParamLocation::Header,
            Some("cookie") => m::ParamLocation::Cookie,
            other => {
                self.diag(
                    m::Severity::Warning,
                    pointer,
                    format!(
                        "parameter `{name}` has an unknown location `{}`; ignored",
                        other.unwrap_or_default()
                    ),
                );
                return None;
            }
        };
        let description = str_of(o, "description");
        // Placeholders the emitter adds for path parameters the docs did not describe, and
        // the page-size parameter it adds for paging.
        if location == m::ParamLocation::Path && description == Some(UNDESCRIBED_PATH_PARAM) {
            return None;
        }
        if let Some(pg) = paging {
            if location == m::ParamLocation::Query
                && name == pg.page_size_parameter
                && description
                    == Some(
                        format!("Number of items per page (at most {}).", pg.max_page_size)
                            .as_str(),
                    )
            {
                return None;
            }
        }
        let schema = match (o.get("schema"), o.get("content")) {
            (Some(s), _) => self.value_schema(s, &format!("{pointer}/schema"), &name),
            (None, Some(content)) => {
                let first = content
                    .as_object()
                    .and_then(|c| c.values().next())
                    .and_then(|mt| mt.get("schema"));
                match first {
                    Some(s) => self.value_schema(s, &format!("{pointer}/content"), &name),
                    None => self.value_schema(&Value::Object(Map::new()), pointer, &name),
                }
            }
            (None, None) => {
                self.diag(
                    m::Severity::Warning,
                    pointer,
                    format!("parameter `{name}` has no schema; read as a string"),
                );
                self.value_schema(&serde_json::json!({"type": "string"}), pointer, &name)
            }
        };
        let constraints = schema.constraints;
        let deprecated = o.get("deprecated").and_then(Value::as_bool) == Some(true);
        let (description, deprecation) = split_deprecation(non_empty(description), deprecated);
        let mut param = m::Parameter::new(name, location, schema.ty);
        param.description = description;
        param.deprecation = deprecation;
        param.required = o.get("required").and_then(Value::as_bool) == Some(true)
            || location == m::ParamLocation::Path;
        param.constraints = constraints;
        param.example = o
            .get("example")
            .map(|e| m::Example {
                value: value_text(e),
                synthetic: false,
            })
            .or(schema.example);
        if let Some(exp) = o.get("x-expansion") {
            match serde_json::from_value(exp.clone()) {
                Ok(e) => param.expansion = Some(e),
                Err(e) => self.diag(
                    m::Severity::Warning,
                    &format!("{pointer}/x-expansion"),
                    format!("not an expansion ({e}); ignored"),
                ),
            }
        }
        Some(param)
    }

    fn request_body(&mut self, rb: &'a Value, pointer: &str, op: &m::Operation) -> Option<m::Body> {
        let hint = format!(
            "{}Request",
            m::naming::upper_camel_case(op.operation_id.as_deref().unwrap_or(&op.key()))
        );
        let content = rb.get("content").and_then(Value::as_object);
        let mut body = match content {
            Some(c) if !c.is_empty() => self.body(c, &format!("{pointer}/content"), &hint)?,
            _ => {
                self.diag(
                    m::Severity::Warning,
                    pointer,
                    "request body without content; read as any value",
                );
                m::Body::new(m::TypeRef::Any)
            }
        };
        body.required = rb.get("required").and_then(Value::as_bool) == Some(true);
        body.description = non_empty(rb.get("description").and_then(Value::as_str));
        Some(body)
    }

    /// A body from a `content` map: the payload type (the JSON wrapper object unwrapped), XML
    /// root and media types.
    fn body(
        &mut self,
        content: &'a Map<String, Value>,
        pointer: &str,
        hint: &str,
    ) -> Option<m::Body> {
        let is_json = |k: &str| k.to_ascii_lowercase().contains("json");
        let is_xml = |k: &str| k.to_ascii_lowercase().contains("xml");
        let is_html = |k: &str| k.eq_ignore_ascii_case("text/html");
        let schema_of = |k: &str| content.get(k).and_then(|mt| mt.get("schema"));
        let entries = self.ordered(content);
        // The payload schema of non-JSON media types (XML carries the payload directly).
        let other_payload: Option<(&String, &Value)> = entries
            .iter()
            .filter(|(k, _)| !is_json(k) && !is_html(k))
            .find_map(|(k, mt)| Some((*k, mt.get("schema")?)));
        let json_key = entries.iter().map(|(k, _)| *k).find(|k| is_json(k));
        let mut wrapper = None;
        let mut payload: Option<(String, &'a Value)> = None;
        if let Some(k) = json_key {
            if let Some(s) = schema_of(k) {
                let unwrapped = self.wrapper(s, other_payload.map(|(_, v)| v));
                match unwrapped {
                    Some((w, inner)) => {
                        wrapper = Some(w.clone());
                        payload = Some((
                            format!(
                                "{pointer}/{}/schema/properties/{}",
                                pointer_token(k),
                                pointer_token(&w)
                            ),
                            inner,
                        ));
                    }
                    None => payload = Some((format!("{pointer}/{}/schema", pointer_token(k)), s)),
                }
            }
        }
        if payload.is_none() {
            if let Some((k, s)) = other_payload {
                payload = Some((format!("{pointer}/{}/schema", pointer_token(k)), s));
            }
        }
        let ty = match payload {
            Some((p, s)) => self.value_schema(s, &p, hint).ty,
            None => {
                let only_html = content.keys().all(|k| is_html(k));
                if !only_html {
                    self.diag(
                        m::Severity::Note,
                        pointer,
                        "no media type gives a schema; the body is read as any value",
                    );
                }
                if only_html {
                    m::TypeRef::string()
                } else {
                    m::TypeRef::Any
                }
            }
        };
        let mut body = m::Body::new(ty);
        body.json_wrapper = wrapper;
        // XML root: the XML media type's `xml` name, else the payload type's.
        if let Some(s) = entries
            .iter()
            .find(|(k, _)| is_xml(k))
            .and_then(|(_, mt)| mt.get("schema"))
        {
            let direct = s
                .get("xml")
                .or_else(|| s.pointer("/allOf/0/xml"))
                .and_then(|x| {
                    Some(m::XmlName {
                        name: x.get("name")?.as_str()?.to_string(),
                        namespace: x
                            .get("namespace")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                    })
                });
            body.xml_root = direct.or_else(|| match &body.ty {
                m::TypeRef::Named { id } => Some(
                    self.api
                        .types
                        .get(id)
                        .and_then(|t| t.xml.clone())
                        .unwrap_or_else(|| m::XmlName {
                            name: self
                                .components
                                .iter()
                                .find(|(_, v)| *v == id)
                                .map_or(id.to_string(), |(k, _)| k.clone()),
                            namespace: None,
                        }),
                ),
                _ => None,
            });
        }
        for (k, mt) in entries {
            let mut media = m::MediaType::new(k.clone());
            let example = mt.get("example").or_else(|| {
                mt.pointer("/examples")
                    .and_then(|e| e.as_object()?.values().next()?.get("value"))
            });
            media.example = example.map(|e| m::Example {
                value: match e {
                    Value::String(s) => s.clone(),
                    other => serde_json::to_string(other).unwrap_or_default(),
                },
                synthetic: false,
            });
            media.note = mt.get("x-note").and_then(Value::as_str).map(str::to_string);
            body.media_types.push(media);
        }
        Some(body)
    }

    /// `{type: object, properties: {w: X}, required: [w]}` is the emitter's JSON wrapper when
    /// another media type carries `X` directly, or (RamBase documents) `X` is a named type or
    /// a list.
    fn wrapper(&self, s: &'a Value, other: Option<&'a Value>) -> Option<(String, &'a Value)> {
        let o = s.as_object()?;
        if o.contains_key("$ref") || str_of(o, "type") != Some("object") {
            return None;
        }
        let props = o.get("properties")?.as_object()?;
        if props.len() != 1 {
            return None;
        }
        let (w, inner) = props.iter().next()?;
        let required = o.get("required")?.as_array()?;
        if required.len() != 1 || required[0].as_str() != Some(w) {
            return None;
        }
        let strip_xml = |v: &Value| {
            let mut v = v.clone();
            if let Some(o) = v.as_object_mut() {
                o.remove("xml");
            }
            v
        };
        let same_as_other = other.is_some_and(|x| strip_xml(x) == strip_xml(inner));
        let named_or_list = inner.get("$ref").is_some()
            || inner.pointer("/allOf/0/$ref").is_some()
            || inner.get("type").and_then(Value::as_str) == Some("array");
        (same_as_other || (self.rambase && named_or_list)).then(|| (w.clone(), inner))
    }

    fn responses(&mut self, o: &'a Map<String, Value>, pointer: &str, op: &mut m::Operation) {
        let Some(responses) = o.get("responses").and_then(Value::as_object) else {
            self.diag(
                m::Severity::Warning,
                pointer,
                "operation without `responses`",
            );
            return;
        };
        for (key, r) in responses {
            let rp = format!("{pointer}/responses/{}", pointer_token(key));
            let Some(r) = self.deref(r, &rp) else {
                continue;
            };
            let status: u16 = match key.parse::<u16>() {
                Ok(s) => s,
                Err(_) if key == "default" => {
                    if let Some(s) = r
                        .get("x-status")
                        .and_then(Value::as_u64)
                        .and_then(|s| u16::try_from(s).ok())
                    {
                        s
                    } else {
                        if r.get("description").and_then(Value::as_str) != Some(NO_RESPONSES) {
                            self.diag(
                                m::Severity::Note,
                                &rp,
                                "a `default` response has no status the model can key it by; not imported",
                            );
                        }
                        continue;
                    }
                }
                Err(_) => {
                    self.diag(
                        m::Severity::Warning,
                        &rp,
                        format!("response key `{key}` is not an HTTP status (ranges like 4XX are not supported); not imported"),
                    );
                    continue;
                }
            };
            let codes = r.get("x-error-codes").and_then(Value::as_array);
            let code_list: Vec<String> = codes
                .map(|c| {
                    c.iter()
                        .filter_map(|e| e.get("code").map(value_text))
                        .collect()
                })
                .unwrap_or_default();
            let undocumented = r.get("x-undocumented-body").and_then(Value::as_str);
            let description = self.response_description(
                r.get("description").and_then(Value::as_str).unwrap_or(""),
                status,
                key == "default",
                &code_list,
                undocumented,
            );
            let content = r
                .get("content")
                .and_then(Value::as_object)
                .filter(|c| !c.is_empty());
            let hint = format!(
                "{}Response{status}",
                m::naming::upper_camel_case(op.operation_id.as_deref().unwrap_or(&op.key()))
            );
            let mut description = description;
            let content = match (content, undocumented) {
                (Some(c), _) => match self.body(c, &format!("{rp}/content"), &hint) {
                    Some(mut b) => {
                        // RamBase pages describe the body, not the response.
                        if self.rambase && code_list.is_empty() {
                            b.description = description.take();
                        }
                        m::ResponseContent::Body { body: b }
                    }
                    None => continue,
                },
                (None, Some(reason)) => m::ResponseContent::Undocumented {
                    reason: reason.to_string(),
                },
                (None, None) => {
                    // A status the emitter only wrote to list error codes: the docs gave
                    // codes, not a response.
                    if !code_list.is_empty() && description.is_none() {
                        continue;
                    }
                    m::ResponseContent::Empty
                }
            };
            op.responses.push(m::Response {
                status,
                description,
                content,
            });
        }
        // Statuses only present in `x-error-codes` of a response (no operation-level list).
        if !o.contains_key("x-error-codes") {
            let mut codes = Vec::new();
            for (key, r) in responses {
                if let Some(c) = r.get("x-error-codes") {
                    let rp = format!("{pointer}/responses/{}/x-error-codes", pointer_token(key));
                    codes.extend(self.error_codes(c, &rp));
                }
            }
            op.error_codes = codes;
        }
    }

    /// The documented part of a response description: the emitter's error-code list,
    /// undocumented-body note and bare reason phrase removed.
    fn response_description(
        &self,
        text: &str,
        status: u16,
        is_default: bool,
        codes: &[String],
        undocumented: Option<&str>,
    ) -> Option<String> {
        let mut parts: Vec<&str> = text.split("\n\n").collect();
        if is_default {
            let prefix = format!("Documented as HTTP status {status}.");
            if parts.first() == Some(&prefix.as_str()) {
                parts.remove(0);
            }
        }
        let reason = status_text(status);
        if !codes.is_empty() {
            let head = format!("{reason}. Error codes:\n");
            if parts.first().is_some_and(|p| p.starts_with(&head)) {
                parts.remove(0);
            }
        }
        if let Some(r) = undocumented {
            let note = format!("The documentation does not describe the response body ({r}).");
            let with_reason = format!("{reason}. {note}");
            if parts.last() == Some(&note.as_str()) || parts.last() == Some(&with_reason.as_str()) {
                parts.pop();
            }
        }
        if parts.len() == 1 && parts[0] == reason {
            parts.clear();
        }
        let joined = parts.join("\n\n");
        non_empty(Some(joined.as_str()))
    }

    /// A component schema as a named type. `None` for the placeholders the emitter writes for
    /// types the model references but does not have.
    fn named_type(&mut self, name: &str, schema: &Value, pointer: &str) -> Option<m::NamedType> {
        let Some(o) = schema.as_object() else {
            if schema.as_bool().is_some() {
                return Some(m::NamedType::new(
                    name,
                    m::TypeKind::Alias {
                        target: m::TypeRef::Any,
                    },
                ));
            }
            self.diag(
                m::Severity::Warning,
                pointer,
                "schema is not an object; ignored",
            );
            return None;
        };
        let mut description = non_empty(str_of(o, "description"));
        let placeholder = o.get("x-placeholder").and_then(Value::as_bool) == Some(true);
        if placeholder
            && description.as_deref()
                == Some(&format!(
                    "`{name}` is referenced by the documentation but not described by it."
                ))
        {
            return None;
        }
        let (ty_name, _, _) = schema_type(o);
        let is_enum = o.contains_key("enum") || o.contains_key("x-enum-known-values");
        let kind = if placeholder {
            if let Some(d) = &description {
                let note = format!(
                    "The documentation references `{name}` but does not describe it; any JSON object is accepted."
                );
                description = if *d == note {
                    None
                } else {
                    d.strip_suffix(&format!("\n\n{note}"))
                        .map(str::to_string)
                        .or(description)
                };
            }
            m::TypeKind::Placeholder
        } else if is_enum
            && matches!(
                ty_name.as_deref(),
                Some("string") | Some("integer") | Some("number") | None
            )
        {
            let (kind, d) = self.enum_kind(o, description, pointer);
            description = d;
            kind
        } else if (ty_name.as_deref() == Some("object")
            || (ty_name.is_none() && o.contains_key("properties")))
            && !o.contains_key("$ref")
            && !o.contains_key("allOf")
            && !matches!(o.get("additionalProperties"), Some(Value::Object(_)))
        {
            m::TypeKind::Object {
                fields: self.fields(o, pointer, name),
            }
        } else {
            let v = self.value_schema(schema, pointer, name);
            if !v.constraints.is_empty() {
                self.diag(
                    m::Severity::Note,
                    pointer,
                    "constraints on a named alias are not kept by the model",
                );
            }
            description = v.description.or(description);
            m::TypeKind::Alias { target: v.ty }
        };
        let mut t = m::NamedType::new(name, kind);
        t.description = description;
        t.xml = o.get("xml").and_then(|x| {
            Some(m::XmlName {
                name: x.get("name")?.as_str()?.to_string(),
                namespace: x
                    .get("namespace")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            })
        });
        if let Some(src) = o.get("x-source") {
            t.provenance = vec![self.provenance(Some(src))];
        }
        Some(t)
    }

    fn enum_kind(
        &mut self,
        o: &Map<String, Value>,
        description: Option<String>,
        pointer: &str,
    ) -> (m::TypeKind, Option<String>) {
        let complete = o.get("x-enum-complete").and_then(Value::as_bool) != Some(false)
            && o.contains_key("enum");
        let values: Vec<&Value> = o
            .get("enum")
            .or_else(|| o.get("x-enum-known-values"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter(|v| !v.is_null()).collect())
            .unwrap_or_default();
        let (ty, _, _) = schema_type(o);
        let repr = if ty.as_deref() == Some("integer")
            || (ty.is_none()
                && values.iter().all(|v| v.is_i64() || v.is_u64())
                && !values.is_empty())
        {
            m::EnumRepr::Integer
        } else {
            m::EnumRepr::String
        };
        let strings = |key: &str| -> Vec<String> {
            o.get(key)
                .and_then(Value::as_array)
                .map(|a| a.iter().map(value_text).collect())
                .unwrap_or_default()
        };
        let names = strings("x-enum-varnames");
        let descriptions = strings("x-enum-descriptions");
        if !names.is_empty() && names.len() != values.len() {
            self.diag(
                m::Severity::Warning,
                pointer,
                format!(
                    "x-enum-varnames lists {} names for {} values; names taken from the values where missing",
                    names.len(),
                    values.len()
                ),
            );
        }
        let members: Vec<m::EnumMember> = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let value = value_text(v);
                m::EnumMember {
                    name: names.get(i).cloned().unwrap_or_else(|| value.clone()),
                    value,
                    description: descriptions.get(i).filter(|d| !d.is_empty()).cloned(),
                }
            })
            .collect();
        let mut description = description;
        if !complete {
            if let Some(d) = &description {
                let known = members
                    .iter()
                    .map(|mem| format!("`{}` ({})", mem.value, mem.name))
                    .collect::<Vec<_>>()
                    .join(", ");
                let note = format!(
                    "Known values: {known}. The documentation does not list every value, so others are accepted."
                );
                if *d == note {
                    description = None;
                } else if let Some(rest) = d.strip_suffix(&format!("\n\n{note}")) {
                    description = Some(rest.to_string());
                }
            }
        }
        (
            m::TypeKind::Enum {
                repr,
                members,
                complete,
            },
            description,
        )
    }

    fn fields(&mut self, o: &Map<String, Value>, pointer: &str, owner: &str) -> Vec<m::Field> {
        let required: BTreeSet<String> = o
            .get("required")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let Some(props) = o.get("properties").and_then(Value::as_object) else {
            return Vec::new();
        };
        let mut fields = Vec::new();
        for (key, prop) in self.ordered(props) {
            let fp = format!("{pointer}/properties/{}", pointer_token(key));
            let hint = format!("{owner}{}", m::naming::upper_camel_case(key));
            let v = self.value_schema(prop, &fp, &hint);
            let xml_name = v.xml.as_ref().and_then(|x| x.name.clone());
            // The documented name is the XML element name where the emitter wrote one that
            // differs from the JSON key: RamBase element names, and ASP.NET table names (the
            // CLR / DataContract names) next to camelCased JSON keys.
            let (name, json_name, xml_name) = match xml_name {
                Some(x) if x != *key => (x, Some(key.clone()), None),
                _ => (key.clone(), None, None),
            };
            let (description, deprecation) = split_deprecation(v.description, v.deprecated);
            let mut f = m::Field::new(name, v.ty);
            f.json_name = json_name;
            f.xml_name = xml_name;
            f.description = description;
            f.deprecation = deprecation;
            f.required = required.contains(key);
            f.nullable = v.nullable.then_some(true);
            f.constraints = v.constraints;
            f.example = v.example;
            fields.push(f);
        }
        if let Some(d) = o.get("x-duplicate-fields").and_then(Value::as_array) {
            let names: Vec<String> = d.iter().map(value_text).collect();
            self.diag(
                m::Severity::Note,
                pointer,
                format!(
                    "fields {} share a JSON key with an earlier field; they are not described by the document",
                    names.join(", ")
                ),
            );
        }
        fields
    }

    /// Registers an inline object schema as a named type and returns its id.
    fn inline_object(&mut self, s: &Map<String, Value>, pointer: &str, hint: &str) -> m::TypeId {
        let base = {
            let n = m::naming::upper_camel_case(hint);
            if n.is_empty() {
                "InlineObject".to_string()
            } else {
                n
            }
        };
        let mut name = base.clone();
        let mut i = 2;
        while self.used_names.contains(&name) {
            name = format!("{base}{i}");
            i += 1;
        }
        self.used_names.insert(name.clone());
        let fields = self.fields(s, pointer, &name);
        let mut t = m::NamedType::new(&name, m::TypeKind::Object { fields });
        t.description = non_empty(str_of(s, "description"));
        t.provenance = vec![m::Provenance {
            note: Some(format!("inline schema at {pointer}")),
            ..m::Provenance::file(self.source)
        }];
        let id = t.id();
        self.api.types.insert(id.clone(), t);
        id
    }

    fn schema_ref(&mut self, r: &str, pointer: &str) -> m::TypeRef {
        if let Some(name) = r.strip_prefix("#/components/schemas/") {
            let name = unescape_token(name);
            if let Some(id) = self.components.get(&name) {
                return m::TypeRef::Named { id: id.clone() };
            }
            self.diag(
                m::Severity::Warning,
                pointer,
                format!("`$ref: {r}` names no component schema; read as any value"),
            );
            return m::TypeRef::Any;
        }
        self.diag(
            m::Severity::Warning,
            pointer,
            format!("`$ref: {r}` is not a component schema of this document; read as any value"),
        );
        m::TypeRef::Any
    }

    /// Reads a value schema: type, constraints, nullability and annotations.
    fn value_schema(&mut self, s: &Value, pointer: &str, hint: &str) -> ValueSchema {
        let mut out = ValueSchema {
            ty: m::TypeRef::Any,
            constraints: m::Constraints::default(),
            nullable: false,
            description: None,
            deprecated: false,
            example: None,
            xml: None,
        };
        let Some(o) = s.as_object() else {
            if s.as_bool() != Some(true) {
                self.diag(
                    m::Severity::Warning,
                    pointer,
                    "schema is not an object; read as any value",
                );
            }
            return out;
        };
        out.description = non_empty(str_of(o, "description"));
        out.deprecated = o.get("deprecated").and_then(Value::as_bool) == Some(true);
        out.xml = o.get("xml").and_then(Value::as_object).map(|x| XmlInfo {
            name: str_of(x, "name").map(str::to_string),
            namespace: str_of(x, "namespace").map(str::to_string),
        });
        out.example = o
            .get("example")
            .or_else(|| {
                o.get("examples")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
            })
            .map(|e| m::Example {
                value: value_text(e),
                synthetic: false,
            });
        if o.get("nullable").and_then(Value::as_bool) == Some(true) {
            out.nullable = true;
        }
        let (ty_name, type_nullable, several) = schema_type(o);
        out.nullable |= type_nullable;
        // The schema carrying the type: `$ref`, `allOf: [one]`, `anyOf/oneOf: [one, null]`.
        let mut base: Option<(&Value, String)> = None;
        for key in ["allOf", "anyOf", "oneOf"] {
            let Some(list) = o.get(key).and_then(Value::as_array) else {
                continue;
            };
            let non_null: Vec<(usize, &Value)> = list
                .iter()
                .enumerate()
                .filter(|(_, v)| v.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            if non_null.len() < list.len() {
                out.nullable = true;
            }
            match non_null.as_slice() {
                [(i, one)] => base = Some((one, format!("{pointer}/{key}/{i}"))),
                [] => {}
                [(i, first), ..] => {
                    self.diag(
                        m::Severity::Warning,
                        pointer,
                        format!(
                            "`{key}` of {} schemas cannot be expressed in the model; {}",
                            non_null.len(),
                            if key == "allOf" {
                                "using the first"
                            } else {
                                "read as any value"
                            }
                        ),
                    );
                    if key == "allOf" {
                        base = Some((first, format!("{pointer}/{key}/{i}")));
                    } else {
                        return out;
                    }
                }
            }
        }
        if let Some(r) = o.get("$ref").and_then(Value::as_str) {
            out.ty = self.schema_ref(r, pointer);
        } else if let Some((b, bp)) = base {
            let inner = self.value_schema(b, &bp, hint);
            out.ty = inner.ty;
            out.nullable |= inner.nullable;
            out.constraints = inner.constraints;
            out.description = out.description.or(inner.description);
            out.xml = out.xml.or(inner.xml);
        } else if !several.is_empty() {
            self.diag(
                m::Severity::Warning,
                pointer,
                format!(
                    "a value of types {} cannot be expressed in the model; read as any value",
                    several.join(", ")
                ),
            );
        } else {
            out.ty = self.structural(o, ty_name.as_deref(), pointer, hint);
        }
        let ty = ty_name.clone().or_else(|| self.resolved_json_type(&out.ty));
        self.constraints(o, &mut out.ty, ty.as_deref(), &mut out.constraints, pointer);
        out
    }

    /// The JSON type of a type reference (through named types), for reading constraints.
    fn resolved_json_type(&self, t: &m::TypeRef) -> Option<String> {
        let mut t = t.clone();
        for _ in 0..8 {
            match t {
                m::TypeRef::Named { ref id } => match self.api.types.get(id).map(|t| &t.kind) {
                    Some(m::TypeKind::Alias { target }) => t = target.clone(),
                    Some(m::TypeKind::Enum { repr, .. }) => {
                        return Some(match repr {
                            m::EnumRepr::Integer => "integer".into(),
                            m::EnumRepr::String => "string".into(),
                        })
                    }
                    Some(_) => return Some("object".into()),
                    None => {
                        // Not imported yet: look at the component itself.
                        let name = self.components.iter().find(|(_, v)| **v == *id)?.0;
                        let s = self
                            .doc
                            .pointer(&format!("/components/schemas/{}", pointer_token(name)))?;
                        return s.get("type").and_then(Value::as_str).map(str::to_string);
                    }
                },
                m::TypeRef::Primitive { primitive } => {
                    return Some(
                        if primitive.is_integer() {
                            "integer"
                        } else if primitive.is_numeric() {
                            "number"
                        } else if primitive == m::Primitive::Boolean {
                            "boolean"
                        } else {
                            "string"
                        }
                        .into(),
                    )
                }
                m::TypeRef::Array { .. } => return Some("array".into()),
                m::TypeRef::Map { .. } | m::TypeRef::Pair { .. } => return Some("object".into()),
                m::TypeRef::Any => return None,
            }
        }
        None
    }

    /// The type of a schema without `$ref` / combinators.
    fn structural(
        &mut self,
        o: &Map<String, Value>,
        ty: Option<&str>,
        pointer: &str,
        hint: &str,
    ) -> m::TypeRef {
        match ty {
            Some("array") => {
                let items = match o.get("items") {
                    Some(i) => {
                        let v = self.value_schema(
                            i,
                            &format!("{pointer}/items"),
                            &format!("{hint}Item"),
                        );
                        if !v.constraints.is_empty() {
                            self.diag(
                                m::Severity::Note,
                                &format!("{pointer}/items"),
                                "constraints on list items are not kept by the model",
                            );
                        }
                        v.ty
                    }
                    None => m::TypeRef::Any,
                };
                m::TypeRef::array(items)
            }
            Some("object") | None => {
                let props = o.get("properties").and_then(Value::as_object);
                // The emitter's key/value pair.
                if let Some(p) = props {
                    let required: Vec<&str> = o
                        .get("required")
                        .and_then(Value::as_array)
                        .map(|a| a.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    if p.len() == 2
                        && p.contains_key("Key")
                        && p.contains_key("Value")
                        && required == ["Key", "Value"]
                    {
                        let k = self
                            .value_schema(&p["Key"], &format!("{pointer}/properties/Key"), hint)
                            .ty;
                        let v = self
                            .value_schema(&p["Value"], &format!("{pointer}/properties/Value"), hint)
                            .ty;
                        return m::TypeRef::Pair {
                            key: Box::new(k),
                            value: Box::new(v),
                        };
                    }
                    if !p.is_empty() {
                        return m::TypeRef::Named {
                            id: self.inline_object(o, pointer, hint),
                        };
                    }
                }
                match o.get("additionalProperties") {
                    Some(v @ Value::Object(_)) => {
                        let value = self
                            .value_schema(
                                v,
                                &format!("{pointer}/additionalProperties"),
                                &format!("{hint}Value"),
                            )
                            .ty;
                        let key = match o.get("x-key-schema") {
                            Some(k) => {
                                self.value_schema(k, &format!("{pointer}/x-key-schema"), hint)
                                    .ty
                            }
                            None => m::TypeRef::string(),
                        };
                        m::TypeRef::map(key, value)
                    }
                    _ => m::TypeRef::Any,
                }
            }
            Some("null") => {
                self.diag(
                    m::Severity::Note,
                    pointer,
                    "a value that is always null; read as any value",
                );
                m::TypeRef::Any
            }
            // Base64 text (3.1 `contentEncoding`) is bytes, like 3.0's `format: byte`.
            Some(t) => match primitive_of(
                t,
                if str_of(o, "contentEncoding") == Some("base64") {
                    Some("byte")
                } else {
                    str_of(o, "format")
                },
            ) {
                Some(p) => m::TypeRef::primitive(p),
                None => {
                    self.diag(
                        m::Severity::Warning,
                        pointer,
                        format!("unknown schema type `{t}`; read as any value"),
                    );
                    m::TypeRef::Any
                }
            },
        }
    }

    /// Reads constraints from schema keywords, removing those implied by the primitive.
    fn constraints(
        &mut self,
        o: &Map<String, Value>,
        t: &mut m::TypeRef,
        json_type: Option<&str>,
        c: &mut m::Constraints,
        pointer: &str,
    ) {
        use m::Primitive as P;
        let bound = |key: &str, excl: &str, v31: bool| -> Option<m::Bound> {
            let plain = o.get(key).and_then(number_of);
            match o.get(excl) {
                Some(Value::Bool(true)) => plain.map(|value| m::Bound {
                    value,
                    exclusive: true,
                }),
                Some(v) if v31 || v.is_number() => match number_of(v) {
                    Some(value) => Some(m::Bound {
                        value,
                        exclusive: true,
                    }),
                    None => plain.map(m::Bound::inclusive),
                },
                _ => plain.map(m::Bound::inclusive),
            }
        };
        if let Some(b) = bound("minimum", "exclusiveMinimum", self.v31) {
            c.minimum = Some(b);
        }
        if let Some(b) = bound("maximum", "exclusiveMaximum", self.v31) {
            c.maximum = Some(b);
        }
        let u = |k: &str| o.get(k).and_then(Value::as_u64);
        if json_type == Some("array") {
            c.min_length = u("minItems").or(c.min_length);
            c.max_length = u("maxItems").or(c.max_length);
        } else {
            c.min_length = u("minLength").or(c.min_length);
            c.max_length = u("maxLength").or(c.max_length);
        }
        // Bounds the emitter writes for the primitive itself.
        let is = |b: &Option<m::Bound>, v: i64| {
            b.as_ref()
                .is_some_and(|b| !b.exclusive && b.value.as_i64() == Some(v))
        };
        match t.as_primitive() {
            Some(P::Uint32 | P::Uint64) if is(&c.minimum, 0) => c.minimum = None,
            // The emitter's unsigned integer of unspecified width: `integer`, `minimum: 0`.
            // With a maximum as well, it is a documented range on an integer, not unsigned-ness.
            Some(P::Integer)
                if is(&c.minimum, 0) && c.maximum.is_none() && str_of(o, "format").is_none() =>
            {
                c.minimum = None;
                *t = m::TypeRef::primitive(P::UnsignedInteger);
            }
            Some(P::Byte) if is(&c.minimum, 0) && is(&c.maximum, 255) => {
                c.minimum = None;
                c.maximum = None;
            }
            Some(P::SignedByte) if is(&c.minimum, -128) && is(&c.maximum, 127) => {
                c.minimum = None;
                c.maximum = None;
            }
            Some(P::String) if c.min_length == Some(1) && c.max_length == Some(1) => {
                // The emitter's `char`: a string of exactly one character.
                c.min_length = None;
                c.max_length = None;
                *t = m::TypeRef::primitive(P::Char);
            }
            _ => {}
        }
        if let Some(p) = str_of(o, "pattern") {
            c.pattern = Some(p.to_string());
        }
        if let Some(values) = o.get("enum").and_then(Value::as_array) {
            c.allowed_values = values
                .iter()
                .filter(|v| !v.is_null())
                .map(value_text)
                .collect();
        }
        if let Some(values) = o.get("x-allowed-values").and_then(Value::as_array) {
            c.allowed_values = values.iter().map(value_text).collect();
        }
        if let Some(d) = o.get("default") {
            c.default = Some(value_text(d));
        }
        c.domain_values |= o.get("x-domain-values").and_then(Value::as_bool) == Some(true);
        c.read_only |= o.get("readOnly").and_then(Value::as_bool) == Some(true);
        c.unique_items |= o.get("uniqueItems").and_then(Value::as_bool) == Some(true);
        if let Some(dt) = str_of(o, "x-data-type") {
            c.data_type = Some(dt.to_string());
        } else if json_type == Some("string") && t.as_primitive() == Some(P::String) {
            c.data_type = match str_of(o, "format") {
                Some("email") => Some("EmailAddress".into()),
                Some("password") => Some("Password".into()),
                _ => c.data_type.take(),
            };
        }
        if let Some(h) = str_of(o, "x-format-hint") {
            c.format_hint = Some(h.to_string());
        }
        if let Some(notes) = o.get("x-constraint-notes").and_then(Value::as_array) {
            for n in notes.iter().map(value_text) {
                self.note(c, n);
            }
        }
        if o.get("multipleOf").is_some() {
            let v = value_text(&o["multipleOf"]);
            self.diag(
                m::Severity::Note,
                pointer,
                format!("`multipleOf: {v}` kept as a constraint note"),
            );
            c.notes.push(format!("multiple of {v}"));
        }
    }

    /// A constraint note: the emitter's own phrasings are read back into constraints.
    fn note(&self, c: &mut m::Constraints, n: String) {
        let num = |s: &str| m::Number::parse(s);
        if let Some(v) = n
            .strip_prefix("minimum length ")
            .and_then(|v| v.parse().ok())
        {
            c.min_length = Some(v);
        } else if let Some(v) = n
            .strip_prefix("maximum length ")
            .and_then(|v| v.parse().ok())
        {
            c.max_length = Some(v);
        } else if let Some(v) = n.strip_prefix("minimum ").and_then(num) {
            c.minimum = Some(m::Bound::inclusive(v));
        } else if let Some(v) = n.strip_prefix("maximum ").and_then(num) {
            c.maximum = Some(m::Bound::inclusive(v));
        } else if let Some(v) = n
            .strip_prefix("default ")
            .and_then(|q| serde_json::from_str::<String>(q).ok())
        {
            c.default = Some(v);
        } else {
            c.notes.push(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import_ok(text: &str) -> m::Api {
        import("t.yaml", text).expect("imports")
    }

    #[test]
    fn third_party_document_with_refs_nullable_and_allof() {
        let yaml = r##"
openapi: 3.0.3
info: {title: Pets, version: "1.0"}
servers: [{url: "https://{host}/v1", variables: {host: {default: pets.example.com}}}]
paths:
  /pets/{petId}:
    parameters:
    - $ref: '#/components/parameters/PetId'
    get:
      operationId: showPet
      tags: [pets]
      responses:
        200:
          description: A pet
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        default:
          description: unexpected error
components:
  parameters:
    PetId: {name: petId, in: path, required: true, schema: {type: string}}
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer, format: int64, minimum: 1}
        owner:
          nullable: true
          allOf: [{$ref: '#/components/schemas/Owner'}]
        tags: {type: array, items: {type: string}, maxItems: 5}
    Owner:
      type: object
      properties:
        name: {type: string, maxLength: 40}
"##;
        let api = import_ok(yaml);
        assert_eq!(api.base_urls, ["https://pets.example.com/v1"]);
        let op = api.operation(m::Method::Get, "/pets/{petId}").unwrap();
        assert_eq!(op.operation_id.as_deref(), Some("showPet"));
        assert_eq!(op.group.as_deref(), Some("pets"));
        assert_eq!(op.parameters.len(), 1);
        assert_eq!(op.parameters[0].name, "petId");
        assert!(op.parameters[0].required);
        assert_eq!(op.responses.len(), 1);
        let m::ResponseContent::Body { body } = &op.responses[0].content else {
            panic!("body expected");
        };
        assert_eq!(body.ty, m::TypeRef::named("Pet"));
        let pet = api.type_named("Pet").unwrap();
        let id = pet.field("id").unwrap();
        assert!(id.required);
        assert_eq!(id.ty, m::TypeRef::primitive(m::Primitive::Int64));
        assert_eq!(id.constraints.minimum.as_ref().unwrap().value.0, "1");
        let owner = pet.field("owner").unwrap();
        assert_eq!(owner.ty, m::TypeRef::named("Owner"));
        assert_eq!(owner.nullable, Some(true));
        assert_eq!(pet.field("tags").unwrap().constraints.max_length, Some(5));
        // The `default` response is reported, not silently dropped.
        assert!(api
            .diagnostics
            .iter()
            .any(|d| d.message.contains("responses/default")));
    }

    #[test]
    fn openapi_3_1_nullable_forms_and_exclusive_bounds() {
        let yaml = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        n: {type: [integer, "null"], exclusiveMinimum: 0}
        r: {anyOf: [{$ref: '#/components/schemas/B'}, {type: "null"}]}
    B: {type: string, enum: [x, y]}
"##;
        let api = import_ok(yaml);
        let a = api.type_named("A").unwrap();
        let n = a.field("n").unwrap();
        assert_eq!(n.nullable, Some(true));
        assert_eq!(n.ty, m::TypeRef::primitive(m::Primitive::Integer));
        assert_eq!(
            n.constraints.minimum,
            Some(m::Bound {
                value: m::Number("0".into()),
                exclusive: true
            })
        );
        let r = a.field("r").unwrap();
        assert_eq!(
            (r.ty.clone(), r.nullable),
            (m::TypeRef::named("B"), Some(true))
        );
        let m::TypeKind::Enum {
            members,
            complete,
            repr,
        } = &api.type_named("B").unwrap().kind
        else {
            panic!("enum expected");
        };
        assert!(*complete);
        assert_eq!(*repr, m::EnumRepr::String);
        assert_eq!(
            members.iter().map(|m| m.value.as_str()).collect::<Vec<_>>(),
            ["x", "y"]
        );
    }

    #[test]
    fn inline_objects_become_named_types_and_oneof_is_reported() {
        let json = r##"{"openapi": "3.0.0", "info": {"title": "T", "version": "1"},
          "paths": {"/a": {"post": {"operationId": "makeA",
            "requestBody": {"required": true, "content": {"application/json": {"schema":
              {"type": "object", "properties": {"x": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}}}}},
            "responses": {"204": {"description": "done"}}}}}}"##;
        let api = import("t.json", json).unwrap();
        let op = &api.operations[0];
        let body = op.request_body.as_ref().unwrap();
        assert!(body.required);
        assert_eq!(body.ty, m::TypeRef::named("MakeARequest"));
        assert_eq!(
            api.type_named("MakeARequest")
                .unwrap()
                .field("x")
                .unwrap()
                .ty,
            m::TypeRef::Any
        );
        assert!(api
            .diagnostics
            .iter()
            .any(|d| d.message.contains("`oneOf` of 2 schemas")));
        assert_eq!(op.responses[0].status, 204);
        assert_eq!(op.responses[0].description.as_deref(), Some("done"));
    }

    #[test]
    fn deep_flow_nesting_is_refused_in_one_pass() {
        let head = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n";
        // 200 KB of `[`: the YAML reader took minutes to refuse it.
        for (deep, at) in [
            (
                format!("x-deep: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
                "d.yaml:4:137:",
            ),
            (
                format!(
                    "x-deep:\n  - {}1{}\n",
                    "{a: ".repeat(50_000),
                    "}".repeat(50_000)
                ),
                "d.yaml:5:517:",
            ),
        ] {
            let err = import("d.yaml", &format!("{head}{deep}")).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("{at} not valid YAML or JSON: the document nests deeper than 128 levels")
            );
        }
        // Brackets in quotes, comments and block scalars are text.
        let many = "[".repeat(300);
        let ok = format!(
            "{head}x-a: '{many}'\nx-b: |\n  {many}\n  more\n# {many}\nx-c: [\"{many}\", '{many}']\n"
        );
        assert!(import("ok.yaml", &ok).is_ok());
    }

    #[test]
    fn bad_input_is_an_error_or_a_diagnostic_never_a_panic() {
        let e = import("bad.yaml", "openapi: [unclosed").unwrap_err();
        assert!(matches!(e, ImportError::Syntax { line: 2, .. }), "{e}");
        let e = import("s.json", r#"{"swagger": "2.0"}"#).unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.json: not an OpenAPI 3 document (no top-level `openapi` field; Swagger 2.0 is not supported, convert it to OpenAPI 3 first)"
        );
        let e = import("v.yaml", "openapi: 4.0.0\n").unwrap_err();
        assert!(matches!(e, ImportError::UnsupportedVersion { .. }));
        let api = import_ok(
            "openapi: 3.0.1\ninfo: {title: T}\npaths:\n  /x:\n    get: 5\n    put:\n      responses: {'2XX': {description: ok}}\n      parameters: [{$ref: 'other.yaml#/p'}, {name: q, in: body}]\n",
        );
        let messages: Vec<&str> = api.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "#/paths/~1x/get: operation is not an object; ignored",
                "#/paths/~1x/put/parameters/0: cannot resolve `$ref: other.yaml#/p` (only references inside the document are followed); ignored",
                "#/paths/~1x/put/parameters/1: parameter `q` has an unknown location `body`; ignored",
                "#/paths/~1x/put/responses/2XX: response key `2XX` is not an HTTP status (ranges like 4XX are not supported); not imported",
            ]
        );
        assert_eq!(api.operations.len(), 1);
    }

    #[test]
    fn component_bodies_responses_security_and_path_level_parameters() {
        let yaml = r##"
openapi: 3.0.2
info: {title: Shop, version: "2", description: The shop API.}
tags: [{name: orders, description: Orders of the shop}]
paths:
  /orders/{orderId}:
    parameters:
    - {name: orderId, in: path, required: true, schema: {type: string, format: uuid}}
    - {name: verbose, in: query, schema: {type: boolean}}
    put:
      summary: Update an order
      description: Update an order
      deprecated: true
      parameters:
      - {name: verbose, in: query, required: true, schema: {type: boolean, default: false}}
      - {name: X-Request-Id, in: header, schema: {type: string, maxLength: 36}}
      requestBody: {$ref: '#/components/requestBodies/Order'}
      responses:
        '200': {$ref: '#/components/responses/Order'}
        '422': {description: Invalid order}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
    oauth: {type: oauth2, flows: {}}
  requestBodies:
    Order:
      required: true
      content:
        application/json: {schema: {$ref: '#/components/schemas/Order'}}
  responses:
    Order:
      description: The order
      content:
        application/json: {schema: {$ref: '#/components/schemas/Order'}}
  schemas:
    Order:
      type: object
      properties:
        lines: {type: array, items: {$ref: '#/components/schemas/Line'}, uniqueItems: true}
        meta: {type: object, additionalProperties: {type: integer}}
    Line: {type: object, properties: {qty: {type: integer, exclusiveMinimum: true, minimum: 0}}}
"##;
        let api = import_ok(yaml);
        assert_eq!(api.description.as_deref(), Some("The shop API."));
        assert_eq!(
            api.groups[0].description.as_deref(),
            Some("Orders of the shop")
        );
        assert_eq!(
            api.auth,
            [m::AuthScheme {
                id: "key".into(),
                kind: m::AuthKind::ApiKey {
                    location: m::ParamLocation::Header,
                    name: "X-Api-Key".into()
                },
                description: None
            }]
        );
        let op = &api.operations[0];
        assert_eq!(op.key(), "PUT /orders/{orderId}");
        // The summary repeats the description's first line: kept once, as the description.
        assert_eq!(
            (op.summary.as_deref(), op.description.as_deref()),
            (None, Some("Update an order"))
        );
        assert_eq!(op.deprecation, Some(m::Deprecation { note: None }));
        let names: Vec<(&str, bool)> = op
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.required))
            .collect();
        // The operation's `verbose` overrides the path item's.
        assert_eq!(
            names,
            [
                ("orderId", true),
                ("verbose", true),
                ("X-Request-Id", false)
            ]
        );
        assert_eq!(
            op.parameters[0].ty,
            m::TypeRef::primitive(m::Primitive::Uuid)
        );
        assert_eq!(
            op.parameters[1].constraints.default.as_deref(),
            Some("false")
        );
        assert_eq!(op.parameters[2].constraints.max_length, Some(36));
        let body = op.request_body.as_ref().unwrap();
        assert!(body.required);
        assert_eq!(body.ty, m::TypeRef::named("Order"));
        assert_eq!(body.json_wrapper, None);
        let statuses: Vec<u16> = op.responses.iter().map(|r| r.status).collect();
        assert_eq!(statuses, [200, 422]);
        assert_eq!(
            op.responses[1].description.as_deref(),
            Some("Invalid order")
        );
        let order = api.type_named("Order").unwrap();
        assert!(order.field("lines").unwrap().constraints.unique_items);
        assert_eq!(
            order.field("meta").unwrap().ty,
            m::TypeRef::map(
                m::TypeRef::string(),
                m::TypeRef::primitive(m::Primitive::Integer)
            )
        );
        let qty = &api.type_named("Line").unwrap().fields()[0];
        assert_eq!(
            qty.constraints.minimum,
            Some(m::Bound {
                value: m::Number("0".into()),
                exclusive: true
            })
        );
        let messages: Vec<&str> = api.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["#/components/securitySchemes/oauth: security scheme type `oauth2` is not supported; ignored"]
        );
    }

    /// Damaged copies of a real emitted document (each line dropped in turn, cut at many
    /// points) import or fail with an error; they never panic.
    #[test]
    fn damaged_documents_never_panic() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../generated/rambase/openapi.yaml");
        let text = std::fs::read_to_string(path).expect("generated/rambase/openapi.yaml");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 100);
        let (mut imported, mut tried) = (0, 0);
        for i in (0..lines.len()).step_by(5) {
            tried += 1;
            let mut damaged = lines.clone();
            damaged.remove(i);
            imported += usize::from(import("d.yaml", &damaged.join("\n")).is_ok());
        }
        for cut in (0..text.len()).step_by(211) {
            if text.is_char_boundary(cut) {
                let _ = import("c.yaml", &text[..cut]);
            }
        }
        // Most single-line losses still give a document (the rest are YAML errors).
        assert!(imported > tried / 2, "{imported} of {tried}");
    }

    #[test]
    fn detection_needs_a_top_level_openapi_key() {
        assert!(looks_like_openapi("# c\nopenapi: 3.1.0\ninfo: {}\n"));
        assert!(looks_like_openapi("{\"openapi\": \"3.0.3\"}"));
        assert!(!looks_like_openapi(
            "{\"schema_version\": 1, \"title\": \"openapi\"}"
        ));
        assert!(!looks_like_openapi("info:\n  openapi: 3\n"));
    }
}
