//! Importing an OpenAPI 3.0.x / 3.1.x document (YAML or JSON) into the model: the inverse of
//! the lowering.
//!
//! [`import`] reads the text into the typed parts of [`crate::spec`] (`read`), then turns them
//! into an [`m::Api`]. Every convention the lowering uses to carry a model fact is read back
//! (JSON wrapper objects around RamBase bodies, `xml.name` on properties, and every extension
//! of [`crate::ext`]: error codes, enum member names and descriptions, incomplete enums,
//! placeholders, domain values, data types, format hints, constraint notes, expansions,
//! paging, query features, RamBase resources, `x-source`, …), so `import(render(api))`
//! describes the same API as `api`. Text the lowering adds for readers (deprecation notices
//! appended to descriptions, "Known values" notes, placeholder notes, error-code lists in
//! response descriptions) is stripped again.
//!
//! Third-party documents without these extensions are read too: components become named
//! types, `$ref`s to `#/components/{schemas,parameters,requestBodies,responses,pathItems}` are
//! followed, `allOf` with one schema, `nullable: true` (3.0) and `type: [T, "null"]` /
//! `anyOf: [T, null]` (3.1) are understood, inline object schemas become named types.
//! Whatever the model cannot express, or the typed reading cannot read (`oneOf` of several
//! schemas, external `$ref`s, `default` responses, status ranges, an operation that is not an
//! object or has a field of the wrong type), is a diagnostic naming the file, the line
//! (found from the JSON pointer) and the JSON pointer; nothing panics and
//! nothing is dropped without one.
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

use crate::ext;
use crate::lower::{status_text, NO_BASE_URL, UNDESCRIBED_PATH_PARAM};
use crate::read::{read_document, Document};
use crate::spec::{
    Components, ExclusiveBound, Lenient, MediaType, Operation, Parameter, ParameterIn, PathItem,
    RequestBody, Response, Schema, SchemaType,
};
use apiscrape_model as m;
use indexmap::IndexMap;
use serde_json::{Number, Value};
use std::collections::{BTreeMap, BTreeSet};

pub use crate::read::{looks_like_openapi, ImportError};

/// Reads the OpenAPI document `text` (YAML or JSON; `source` names it in diagnostics and
/// provenance) into an [`m::Api`], normalised, with the operation ids the document gives
/// (`operationId`); the others are named by [`m::finish()`], like every model's.
pub fn import(source: &str, text: &str) -> Result<m::Api, ImportError> {
    let doc = read_document(source, text)?;
    let empty = Components::default();
    let components = doc.components.read().unwrap_or(&empty);
    let mut imp = Importer::new(source, &doc, components);
    imp.run();
    let mut api = imp.api;
    let pointers: Vec<&str> = imp.pointers.iter().map(|(_, p)| p.as_str()).collect();
    let lines = crate::locate::lines(text, &pointers);
    for (index, pointer) in &imp.pointers {
        if let Some(location) = &mut api.diagnostics[*index].location {
            location.line = lines.get(pointer).copied();
        }
    }
    api.normalize();
    Ok(api)
}

const NO_RESPONSES: &str = "The documentation does not list any response.";

/// Escapes a JSON pointer token.
fn pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn unescape_token(s: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(s).decode_utf8_lossy();
    decoded.replace("~1", "/").replace("~0", "~")
}

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

fn number_of(n: &Number) -> Option<m::Number> {
    m::Number::parse(&n.to_string())
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

/// The JSON type a (non-null) `type` names, whether `null` is allowed, and the types when
/// there are several besides `null`.
fn schema_type(o: &Schema) -> (Option<String>, bool, Vec<String>) {
    match &o.schema_type {
        Some(SchemaType::Single(t)) => (Some(t.clone()), t == "null", vec![]),
        Some(SchemaType::Multiple(names)) => {
            let nullable = names.iter().any(|t| t == "null");
            let rest: Vec<String> = names.iter().filter(|t| *t != "null").cloned().collect();
            match rest.len() {
                1 => (Some(rest[0].clone()), nullable, vec![]),
                0 => (None, nullable, vec![]),
                _ => (None, nullable, rest),
            }
        }
        None => (None, false, vec![]),
    }
}

/// The one type name of `type` (not a list).
fn single_type(o: &Schema) -> Option<&str> {
    match &o.schema_type {
        Some(SchemaType::Single(t)) => Some(t),
        _ => None,
    }
}

fn ext_str<'v>(e: &'v BTreeMap<String, Value>, key: &str) -> Option<&'v str> {
    e.get(key).and_then(Value::as_str)
}

fn ext_flag(e: &BTreeMap<String, Value>, key: &str) -> Option<bool> {
    e.get(key).and_then(Value::as_bool)
}

/// The objects a `$ref` may name in `components`.
trait Component: Sized {
    /// The `components` field (`parameters`).
    const KIND: &'static str;
    /// What the object is, in diagnostics (`parameter`).
    const WHAT: &'static str;
    /// Its table in `components`.
    fn table(c: &Components) -> &BTreeMap<String, Lenient<Self>>;
    /// Its `$ref`, when it is a reference.
    fn reference(&self) -> Option<&str>;
}

impl Component for Parameter {
    const KIND: &'static str = "parameters";
    const WHAT: &'static str = "parameter";
    fn table(c: &Components) -> &BTreeMap<String, Lenient<Self>> {
        &c.parameters
    }
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
}

impl Component for RequestBody {
    const KIND: &'static str = "requestBodies";
    const WHAT: &'static str = "request body";
    fn table(c: &Components) -> &BTreeMap<String, Lenient<Self>> {
        &c.request_bodies
    }
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
}

impl Component for Response {
    const KIND: &'static str = "responses";
    const WHAT: &'static str = "response";
    fn table(c: &Components) -> &BTreeMap<String, Lenient<Self>> {
        &c.responses
    }
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
}

impl Component for PathItem {
    const KIND: &'static str = "pathItems";
    const WHAT: &'static str = "path item";
    fn table(c: &Components) -> &BTreeMap<String, Lenient<Self>> {
        &c.path_items
    }
    fn reference(&self) -> Option<&str> {
        self.reference.as_deref()
    }
}

/// Importer state.
struct Importer<'a> {
    source: &'a str,
    doc: &'a Document,
    components: &'a Components,
    /// The document follows the RamBase conventions of the emitter (a field's documented
    /// name is its XML element name; the JSON key may differ).
    rambase: bool,
    api: m::Api,
    /// Component schema name → type id.
    component_ids: BTreeMap<String, m::TypeId>,
    /// Names of types synthesised for inline object schemas.
    used_names: BTreeSet<String>,
    /// The JSON pointer each diagnostic is about (by index in `api.diagnostics`), whose line
    /// is looked up once the whole document is read.
    pointers: Vec<(usize, String)>,
}

impl<'a> Importer<'a> {
    fn new(source: &'a str, doc: &'a Document, components: &'a Components) -> Self {
        let rambase = doc.paths.iter().flatten().any(|paths| {
            paths.values().filter_map(Lenient::read).any(|item| {
                item.operations().any(|(_, op)| {
                    op.read().is_some_and(|op| {
                        op.extensions.contains_key(ext::RAMBASE_RESOURCE)
                            || op.extensions.contains_key(ext::RAMBASE_API_OPERATION)
                    })
                })
            })
        });
        let title = doc.info.read().map(|i| i.title.clone()).unwrap_or_default();
        Importer {
            source,
            doc,
            components,
            rambase,
            api: m::Api::new(title),
            component_ids: BTreeMap::new(),
            used_names: BTreeSet::new(),
            pointers: Vec::new(),
        }
    }

    fn diag(&mut self, severity: m::Severity, pointer: &str, message: impl Into<String>) {
        let message = message.into();
        let message = if pointer.is_empty() {
            message
        } else {
            self.pointers
                .push((self.api.diagnostics.len(), pointer.to_string()));
            format!("{pointer}: {message}")
        };
        self.api.diagnostics.push(m::Diagnostic::at(
            severity,
            self.source.to_string(),
            None,
            message,
        ));
    }

    /// Reports a part the typed reading could not read as `what` (`then`: what happens
    /// instead, `ignored`).
    fn unreadable<T>(&mut self, pointer: &str, what: &str, part: &Lenient<T>, then: &str) {
        let message = match part {
            Lenient::Invalid(e) => format!("{what} cannot be read ({e}); {then}"),
            _ => format!("{what} is not an object; {then}"),
        };
        self.diag(m::Severity::Warning, pointer, message);
    }

    /// The object a part is, following `$ref`s to `#/components/<kind>/…` (a chain of at most
    /// 16); `None`, reported, when it is unreadable or the reference does not resolve.
    fn deref<T: Component>(&mut self, part: &'a Lenient<T>, pointer: &str) -> Option<&'a T> {
        let mut current = part;
        for _ in 0..=16 {
            let Some(t) = current.read() else {
                self.unreadable(pointer, T::WHAT, current, "ignored");
                return None;
            };
            let Some(r) = t.reference() else {
                return Some(t);
            };
            let target = r
                .strip_prefix(&format!("#/components/{}/", T::KIND))
                .and_then(|name| T::table(self.components).get(&unescape_token(name)));
            match target {
                Some(next) => current = next,
                None => {
                    let why = if r.starts_with('#') {
                        format!("no `{}` component of that name", T::KIND)
                    } else {
                        "only references inside the document are followed".to_string()
                    };
                    self.diag(
                        m::Severity::Warning,
                        pointer,
                        format!("cannot resolve `$ref: {r}` ({why}); ignored"),
                    );
                    return None;
                }
            }
        }
        self.diag(
            m::Severity::Warning,
            pointer,
            "`$ref`s chained more than 16 deep; ignored",
        );
        None
    }

    fn run(&mut self) {
        let doc = self.doc;
        if self.rambase {
            self.api.dialect = Some("rambase".into());
        }
        match &doc.info {
            Lenient::Read(info) => self.api.description = non_empty(info.description.as_deref()),
            other => self.unreadable("#/info", "`info`", other, "ignored"),
        }
        self.servers();
        match &doc.tags {
            Ok(tags) => {
                for (i, t) in tags.iter().enumerate() {
                    match t {
                        Lenient::Read(t) if !t.name.is_empty() => self.api.groups.push(m::Group {
                            name: t.name.clone(),
                            description: non_empty(t.description.as_deref()),
                        }),
                        Lenient::Read(_) => {}
                        other => self.unreadable(&format!("#/tags/{i}"), "tag", other, "ignored"),
                    }
                }
            }
            Err(()) => self.diag(
                m::Severity::Warning,
                "#/tags",
                "`tags` is not a list; ignored",
            ),
        }
        if !matches!(doc.components, Lenient::Read(_)) {
            self.unreadable("#/components", "`components`", &doc.components, "ignored");
        }
        self.security();
        // Component names first, so `$ref`s resolve whatever order things are read in.
        let schemas = &self.components.schemas;
        for name in schemas.keys() {
            self.component_ids
                .insert(name.clone(), m::TypeId::from_name(name));
            self.used_names.insert(name.clone());
        }
        for (name, schema) in schemas {
            let pointer = format!("#/components/schemas/{}", pointer_token(name));
            if let Some(t) = self.named_type(name, schema, &pointer) {
                self.api.types.insert(t.id(), t);
            }
        }
        match &doc.paths {
            Some(Ok(paths)) => {
                for (path, item) in paths {
                    self.path_item(path, item);
                }
            }
            Some(Err(())) => self.diag(
                m::Severity::Warning,
                "#/paths",
                "`paths` is not an object; ignored",
            ),
            None => {}
        }
        if doc.webhooks {
            self.diag(
                m::Severity::Note,
                "#/webhooks",
                "webhooks are not operations a client calls; not imported",
            );
        }
    }

    fn servers(&mut self) {
        let servers = match &self.doc.servers {
            Ok(s) => s,
            Err(()) => {
                self.diag(
                    m::Severity::Warning,
                    "#/servers",
                    "`servers` is not a list; ignored",
                );
                return;
            }
        };
        for (i, s) in servers.iter().enumerate() {
            let s = match s {
                Lenient::Read(s) => s,
                other => {
                    self.unreadable(&format!("#/servers/{i}"), "server", other, "ignored");
                    continue;
                }
            };
            if s.url.is_empty() {
                continue;
            }
            if s.url == "/" && s.description.as_deref() == Some(NO_BASE_URL) {
                continue;
            }
            let mut url = s.url.clone();
            // Server variables: their defaults give the concrete URL.
            for (k, v) in &s.variables {
                if !v.default.is_null() {
                    url = url.replace(&format!("{{{k}}}"), &value_text(&v.default));
                }
            }
            self.api.base_urls.push(url);
        }
    }

    fn security(&mut self) {
        let schemes = &self.components.security_schemes;
        let mut query_aliases: BTreeMap<String, String> = BTreeMap::new();
        let mut auth = Vec::new();
        for (id, s) in schemes {
            let pointer = format!("#/components/securitySchemes/{}", pointer_token(id));
            let Some(s) = s.read() else {
                self.unreadable(&pointer, "security scheme", s, "ignored");
                continue;
            };
            let description = non_empty(s.description.as_deref());
            let kind = match s.scheme_type.as_str() {
                "http" => match s.scheme.as_deref().map(str::to_ascii_lowercase).as_deref() {
                    Some("bearer") => m::AuthKind::BearerToken {
                        query_parameter: None,
                    },
                    Some("basic") => m::AuthKind::Basic,
                    other => {
                        self.diag(
                            m::Severity::Warning,
                            &pointer,
                            format!(
                                "HTTP authentication scheme `{}` is not supported; ignored",
                                other.unwrap_or_default()
                            ),
                        );
                        continue;
                    }
                },
                "apiKey" => {
                    let name = s.name.clone().unwrap_or_default();
                    let location = match s.location {
                        Some(ParameterIn::Header) => m::ParamLocation::Header,
                        Some(ParameterIn::Cookie) => m::ParamLocation::Cookie,
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
                        &pointer,
                        format!("security scheme type `{other}` is not supported; ignored"),
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

    fn path_item(&mut self, path: &str, item: &'a Lenient<PathItem>) {
        let pointer = format!("#/paths/{}", pointer_token(path));
        let Some(item) = self.deref(item, &pointer) else {
            return;
        };
        let shared: Vec<(String, &'a Lenient<Parameter>)> = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{pointer}/parameters/{i}"), p))
            .collect();
        // In the order of the keys, as the document lists them sorted: operations, TRACE and
        // fields the Path Item Object does not have.
        let mut fields: Vec<(&str, Option<&'a Lenient<Operation>>)> = item
            .operations()
            .map(|(method, op)| (method, Some(op)))
            .collect();
        fields.extend(
            item.extensions
                .keys()
                .filter(|k| !k.starts_with(ext::PREFIX))
                .map(|k| (k.as_str(), None)),
        );
        fields.sort_by_key(|(k, _)| *k);
        for (key, op) in fields {
            match (key, op) {
                ("trace", _) => self.diag(
                    m::Severity::Warning,
                    &format!("{pointer}/trace"),
                    "TRACE operations are not supported by the model; ignored",
                ),
                (k, Some(op)) => {
                    if let Some(method) = m::Method::parse(k) {
                        self.operation(method, path, op, &shared, &format!("{pointer}/{k}"));
                    }
                }
                (k, None) => self.diag(
                    m::Severity::Warning,
                    &format!("{pointer}/{}", pointer_token(k)),
                    format!("unknown path item field `{k}`; ignored"),
                ),
            }
        }
    }

    fn operation(
        &mut self,
        method: m::Method,
        path: &str,
        op_value: &'a Lenient<Operation>,
        shared: &[(String, &'a Lenient<Parameter>)],
        pointer: &str,
    ) {
        let Some(o) = op_value.read() else {
            self.unreadable(pointer, "operation", op_value, "ignored");
            return;
        };
        let mut op = m::Operation::new(method, path);
        op.operation_id = non_empty(o.operation_id.as_deref());
        op.group = o.tags.first().cloned();
        let description = non_empty(o.description.as_deref());
        let (description, deprecation) = split_deprecation(description, o.deprecated);
        op.description = description;
        op.deprecation = deprecation;
        op.summary = non_empty(o.summary.as_deref()).filter(|s| {
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
        let mut resolved: Vec<(String, &'a Parameter)> = Vec::new();
        for (i, p) in o.parameters.iter().enumerate() {
            let pp = format!("{pointer}/parameters/{i}");
            if let Some(v) = self.deref(p, &pp) {
                resolved.push((pp, v));
            }
        }
        let key_of = |p: &Parameter| (p.name.clone(), p.location.as_str().to_string());
        let own_keys: BTreeSet<_> = resolved.iter().map(|(_, p)| key_of(p)).collect();
        let mut params: Vec<(String, &'a Parameter)> = Vec::new();
        for (pp, p) in shared {
            if let Some(v) = self.deref(p, pp) {
                if !own_keys.contains(&key_of(v)) {
                    params.push((pp.clone(), v));
                }
            }
        }
        params.extend(resolved);
        let paging = o.extensions.get(ext::PAGING).and_then(|p| {
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
        if let Some(rb) = &o.request_body {
            let rp = format!("{pointer}/requestBody");
            if let Some(rb) = self.deref(rb, &rp) {
                op.request_body = self.request_body(rb, &rp, &op);
            }
        }
        self.responses(o, pointer, &mut op);
        self.extensions(o, pointer, &mut op);
        self.api.operations.push(op);
    }

    fn extensions(&mut self, o: &Operation, pointer: &str, op: &mut m::Operation) {
        let x = &o.extensions;
        if let Some(codes) = x.get(ext::ERROR_CODES) {
            op.error_codes = self.error_codes(codes, &format!("{pointer}/{}", ext::ERROR_CODES));
        }
        if let Some(r) = x.get(ext::RAMBASE_RESOURCE) {
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
                    &format!("{pointer}/{}", ext::RAMBASE_RESOURCE),
                    "expected `{id, version}` numbers; ignored",
                ),
            }
        }
        op.api_operation = ext_flag(x, ext::RAMBASE_API_OPERATION) == Some(true);
        op.custom_fields = ext_flag(x, ext::CUSTOM_FIELDS) == Some(true);
        if let Some(q) = x.get(ext::QUERY_FEATURES) {
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
                        &format!("{pointer}/{}/namedFilters", ext::QUERY_FEATURES),
                        format!("not a list of named filters ({e}); ignored"),
                    ),
                }
            }
        }
        if let Some(rel) = x.get(ext::RELATED_OPERATIONS).and_then(Value::as_array) {
            op.related_operations = rel
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
        }
        op.provenance = vec![self.provenance(x.get(ext::SOURCE))];
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
        p: &'a Parameter,
        pointer: &str,
        paging: Option<&m::Paging>,
    ) -> Option<m::Parameter> {
        let name = p.name.clone();
        let location = match &p.location {
            ParameterIn::Path => m::ParamLocation::Path,
            ParameterIn::Query => m::ParamLocation::Query,
            ParameterIn::Header => m::ParamLocation::Header,
            ParameterIn::Cookie => m::ParamLocation::Cookie,
            ParameterIn::Other(other) => {
                self.diag(
                    m::Severity::Warning,
                    pointer,
                    format!("parameter `{name}` has an unknown location `{other}`; ignored"),
                );
                return None;
            }
        };
        let description = p.description.as_deref();
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
        let any = Lenient::Read(Schema::default());
        let schema = match (&p.schema, &p.content) {
            (Some(s), _) => self.value_schema(s, &format!("{pointer}/schema"), &name),
            (None, Some(content)) => {
                let first = content
                    .values()
                    .next()
                    .and_then(Lenient::read)
                    .and_then(|mt| mt.schema.as_ref());
                match first {
                    Some(s) => self.value_schema(s, &format!("{pointer}/content"), &name),
                    None => self.value_schema(&any, pointer, &name),
                }
            }
            (None, None) => {
                self.diag(
                    m::Severity::Warning,
                    pointer,
                    format!("parameter `{name}` has no schema; read as a string"),
                );
                self.value_schema(&Lenient::Read(Schema::of_type("string")), pointer, &name)
            }
        };
        let constraints = schema.constraints;
        let (description, deprecation) = split_deprecation(non_empty(description), p.deprecated);
        let mut param = m::Parameter::new(name, location, schema.ty);
        param.description = description;
        param.deprecation = deprecation;
        param.required = p.required || location == m::ParamLocation::Path;
        param.constraints = constraints;
        param.example = p
            .example
            .as_ref()
            .map(|e| m::Example {
                value: value_text(e),
                synthetic: false,
            })
            .or(schema.example);
        if let Some(exp) = p.extensions.get(ext::EXPANSION) {
            match serde_json::from_value(exp.clone()) {
                Ok(e) => param.expansion = Some(e),
                Err(e) => self.diag(
                    m::Severity::Warning,
                    &format!("{pointer}/{}", ext::EXPANSION),
                    format!("not an expansion ({e}); ignored"),
                ),
            }
        }
        Some(param)
    }

    fn request_body(
        &mut self,
        rb: &'a RequestBody,
        pointer: &str,
        op: &m::Operation,
    ) -> Option<m::Body> {
        let hint = format!(
            "{}Request",
            m::naming::upper_camel_case(op.operation_id.as_deref().unwrap_or(&op.key()))
        );
        let mut body = if rb.content.is_empty() {
            self.diag(
                m::Severity::Warning,
                pointer,
                "request body without content; read as any value",
            );
            m::Body::new(m::TypeRef::Any)
        } else {
            self.body(&rb.content, &format!("{pointer}/content"), &hint)?
        };
        body.required = rb.required;
        body.description = non_empty(rb.description.as_deref());
        Some(body)
    }

    /// A body from a `content` map: the payload type (the JSON wrapper object unwrapped), XML
    /// root and media types.
    fn body(
        &mut self,
        content: &'a IndexMap<String, Lenient<MediaType>>,
        pointer: &str,
        hint: &str,
    ) -> Option<m::Body> {
        let is_json = |k: &str| k.to_ascii_lowercase().contains("json");
        let is_xml = |k: &str| k.to_ascii_lowercase().contains("xml");
        let is_html = |k: &str| k.eq_ignore_ascii_case("text/html");
        let mut entries: Vec<(&'a String, Option<&'a MediaType>)> = Vec::new();
        for (k, mt) in content {
            if mt.read().is_none() {
                let mp = format!("{pointer}/{}", pointer_token(k));
                self.unreadable(&mp, "media type", mt, "read without a schema");
            }
            entries.push((k, mt.read()));
        }
        let schema_of = |mt: Option<&'a MediaType>| mt.and_then(|mt| mt.schema.as_ref());
        // The payload schema of non-JSON media types (XML carries the payload directly).
        let other_payload: Option<(&String, &'a Lenient<Schema>)> = entries
            .iter()
            .filter(|(k, _)| !is_json(k) && !is_html(k))
            .find_map(|(k, mt)| Some((*k, schema_of(*mt)?)));
        let json = entries.iter().find(|(k, _)| is_json(k));
        let mut wrapper = None;
        let mut payload: Option<(String, &'a Lenient<Schema>)> = None;
        if let Some((k, mt)) = json {
            if let Some(s) = schema_of(*mt) {
                match self.wrapper(s, other_payload.map(|(_, v)| v)) {
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
            .and_then(|(_, mt)| schema_of(*mt))
        {
            let direct = s.read().and_then(|s| {
                let x = s.xml.as_ref().or_else(|| {
                    s.all_of
                        .first()
                        .and_then(Lenient::read)
                        .and_then(|s| s.xml.as_ref())
                })?;
                Some(m::XmlName {
                    name: x.name.clone()?,
                    namespace: x.namespace.clone(),
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
                                .component_ids
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
            let example = mt.and_then(|mt| {
                mt.example.as_ref().or_else(|| {
                    mt.examples
                        .as_ref()
                        .and_then(|e| e.as_object()?.values().next()?.get("value"))
                })
            });
            media.example = example.map(|e| m::Example {
                value: match e {
                    Value::String(s) => s.clone(),
                    other => serde_json::to_string(other).unwrap_or_default(),
                },
                synthetic: false,
            });
            media.note = mt
                .and_then(|mt| ext_str(&mt.extensions, ext::NOTE))
                .map(str::to_string);
            body.media_types.push(media);
        }
        Some(body)
    }

    /// `{type: object, properties: {w: X}, required: [w]}` is the emitter's JSON wrapper when
    /// another media type carries `X` directly, or (RamBase documents) `X` is a named type or
    /// a list.
    fn wrapper(
        &self,
        s: &'a Lenient<Schema>,
        other: Option<&'a Lenient<Schema>>,
    ) -> Option<(String, &'a Lenient<Schema>)> {
        let o = s.read()?;
        if o.reference.is_some() || single_type(o) != Some("object") {
            return None;
        }
        let props = o.properties.as_ref()?;
        if props.len() != 1 {
            return None;
        }
        let (w, inner) = props.iter().next()?;
        if o.required.len() != 1 || o.required[0] != *w {
            return None;
        }
        let strip_xml = |v: &Lenient<Schema>| {
            let mut v = v.clone();
            if let Some(s) = v.read_mut() {
                s.xml = None;
            }
            v
        };
        let same_as_other = other.is_some_and(|x| strip_xml(x) == strip_xml(inner));
        let named_or_list = inner.read().is_some_and(|i| {
            i.reference.is_some()
                || i.all_of
                    .first()
                    .and_then(Lenient::read)
                    .is_some_and(|a| a.reference.is_some())
                || single_type(i) == Some("array")
        });
        (same_as_other || (self.rambase && named_or_list)).then(|| (w.clone(), inner))
    }

    fn responses(&mut self, o: &'a Operation, pointer: &str, op: &mut m::Operation) {
        let Some(responses) = &o.responses else {
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
                        .extensions
                        .get(ext::STATUS)
                        .and_then(Value::as_u64)
                        .and_then(|s| u16::try_from(s).ok())
                    {
                        s
                    } else {
                        if r.description != NO_RESPONSES {
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
            let codes = r.extensions.get(ext::ERROR_CODES).and_then(Value::as_array);
            let code_list: Vec<String> = codes
                .map(|c| {
                    c.iter()
                        .filter_map(|e| e.get("code").map(value_text))
                        .collect()
                })
                .unwrap_or_default();
            let undocumented = ext_str(&r.extensions, ext::UNDOCUMENTED_BODY);
            let mut description = self.response_description(
                &r.description,
                status,
                key == "default",
                &code_list,
                undocumented,
            );
            let hint = format!(
                "{}Response{status}",
                m::naming::upper_camel_case(op.operation_id.as_deref().unwrap_or(&op.key()))
            );
            let content = match (!r.content.is_empty(), undocumented) {
                (true, _) => match self.body(&r.content, &format!("{rp}/content"), &hint) {
                    Some(mut b) => {
                        // RamBase pages describe the body, not the response.
                        if self.rambase && code_list.is_empty() {
                            b.description = description.take();
                        }
                        m::ResponseContent::Body { body: b }
                    }
                    None => continue,
                },
                (false, Some(reason)) => m::ResponseContent::Undocumented {
                    reason: reason.to_string(),
                },
                (false, None) => {
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
        if !o.extensions.contains_key(ext::ERROR_CODES) {
            let mut codes = Vec::new();
            for (key, r) in responses {
                if let Some(c) = r.read().and_then(|r| r.extensions.get(ext::ERROR_CODES)) {
                    let rp = format!(
                        "{pointer}/responses/{}/{}",
                        pointer_token(key),
                        ext::ERROR_CODES
                    );
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
    fn named_type(
        &mut self,
        name: &str,
        schema: &Lenient<Schema>,
        pointer: &str,
    ) -> Option<m::NamedType> {
        let o = match schema {
            Lenient::Read(o) => o,
            Lenient::Flag(_) => {
                return Some(m::NamedType::new(
                    name,
                    m::TypeKind::Alias {
                        target: m::TypeRef::Any,
                    },
                ))
            }
            other => {
                self.unreadable(pointer, "schema", other, "ignored");
                return None;
            }
        };
        let mut description = non_empty(o.description.as_deref());
        let placeholder = ext_flag(&o.extensions, ext::PLACEHOLDER) == Some(true);
        if placeholder
            && description.as_deref()
                == Some(&format!(
                    "`{name}` is referenced by the documentation but not described by it."
                ))
        {
            return None;
        }
        let (ty_name, _, _) = schema_type(o);
        let is_enum = o.enum_values.is_some() || o.extensions.contains_key(ext::ENUM_KNOWN_VALUES);
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
            || (ty_name.is_none() && o.properties.is_some()))
            && o.reference.is_none()
            && o.all_of.is_empty()
            && !matches!(
                o.additional_properties.as_deref(),
                Some(Lenient::Read(_) | Lenient::Invalid(_))
            )
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
        t.xml = o.xml.as_ref().and_then(|x| {
            Some(m::XmlName {
                name: x.name.clone()?,
                namespace: x.namespace.clone(),
            })
        });
        if let Some(src) = o.extensions.get(ext::SOURCE) {
            t.provenance = vec![self.provenance(Some(src))];
        }
        Some(t)
    }

    fn enum_kind(
        &mut self,
        o: &Schema,
        description: Option<String>,
        pointer: &str,
    ) -> (m::TypeKind, Option<String>) {
        let complete =
            ext_flag(&o.extensions, ext::ENUM_COMPLETE) != Some(false) && o.enum_values.is_some();
        let values: Vec<&Value> = match &o.enum_values {
            Some(v) => v.iter().collect(),
            None => o
                .extensions
                .get(ext::ENUM_KNOWN_VALUES)
                .and_then(Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default(),
        };
        let values: Vec<&Value> = values.into_iter().filter(|v| !v.is_null()).collect();
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
            o.extensions
                .get(key)
                .and_then(Value::as_array)
                .map(|a| a.iter().map(value_text).collect())
                .unwrap_or_default()
        };
        let names = strings(ext::ENUM_VARNAMES);
        let descriptions = strings(ext::ENUM_DESCRIPTIONS);
        if !names.is_empty() && names.len() != values.len() {
            self.diag(
                m::Severity::Warning,
                pointer,
                format!(
                    "{} lists {} names for {} values; names taken from the values where missing",
                    ext::ENUM_VARNAMES,
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
                let note = crate::lower::open_enum_note(&members);
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

    fn fields(&mut self, o: &Schema, pointer: &str, owner: &str) -> Vec<m::Field> {
        let required: BTreeSet<&str> = o.required.iter().map(String::as_str).collect();
        let Some(props) = &o.properties else {
            return Vec::new();
        };
        let mut fields = Vec::new();
        for (key, prop) in props {
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
            f.required = required.contains(key.as_str());
            f.nullable = v.nullable.then_some(true);
            f.constraints = v.constraints;
            f.example = v.example;
            fields.push(f);
        }
        if let Some(d) = o
            .extensions
            .get(ext::DUPLICATE_FIELDS)
            .and_then(Value::as_array)
        {
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
    fn inline_object(&mut self, s: &Schema, pointer: &str, hint: &str) -> m::TypeId {
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
        t.description = non_empty(s.description.as_deref());
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
            if let Some(id) = self.component_ids.get(&name) {
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
    fn value_schema(&mut self, s: &Lenient<Schema>, pointer: &str, hint: &str) -> ValueSchema {
        let mut out = ValueSchema {
            ty: m::TypeRef::Any,
            constraints: m::Constraints::default(),
            nullable: false,
            description: None,
            deprecated: false,
            example: None,
            xml: None,
        };
        let o = match s {
            Lenient::Read(o) => o,
            Lenient::Flag(true) => return out,
            other => {
                self.unreadable(pointer, "schema", other, "read as any value");
                return out;
            }
        };
        out.description = non_empty(o.description.as_deref());
        out.deprecated = o.deprecated == Some(true);
        out.xml = o.xml.as_ref().map(|x| XmlInfo {
            name: x.name.clone(),
            namespace: x.namespace.clone(),
        });
        out.example = o
            .example
            .as_ref()
            .or_else(|| o.examples.as_ref().and_then(|a| a.first()))
            .map(|e| m::Example {
                value: value_text(e),
                synthetic: false,
            });
        if o.nullable == Some(true) {
            out.nullable = true;
        }
        let (ty_name, type_nullable, several) = schema_type(o);
        out.nullable |= type_nullable;
        // The schema carrying the type: `$ref`, `allOf: [one]`, `anyOf/oneOf: [one, null]`.
        let mut base: Option<(&Lenient<Schema>, String)> = None;
        for (key, list) in [
            ("allOf", &o.all_of),
            ("anyOf", &o.any_of),
            ("oneOf", &o.one_of),
        ] {
            let non_null: Vec<(usize, &Lenient<Schema>)> = list
                .iter()
                .enumerate()
                .filter(|(_, v)| v.read().and_then(single_type) != Some("null"))
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
        if let Some(r) = &o.reference {
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
                        let name = self.component_ids.iter().find(|(_, v)| **v == *id)?.0;
                        let s = self.components.schemas.get(name)?.read()?;
                        return single_type(s).map(str::to_string);
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
        o: &Schema,
        ty: Option<&str>,
        pointer: &str,
        hint: &str,
    ) -> m::TypeRef {
        match ty {
            Some("array") => {
                let items = match &o.items {
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
                // The emitter's key/value pair.
                if let Some(p) = &o.properties {
                    if let (2, Some(k), Some(v)) = (p.len(), p.get("Key"), p.get("Value")) {
                        if o.required == ["Key", "Value"] {
                            let k = self
                                .value_schema(k, &format!("{pointer}/properties/Key"), hint)
                                .ty;
                            let v = self
                                .value_schema(v, &format!("{pointer}/properties/Value"), hint)
                                .ty;
                            return m::TypeRef::Pair {
                                key: Box::new(k),
                                value: Box::new(v),
                            };
                        }
                    }
                    if !p.is_empty() {
                        return m::TypeRef::Named {
                            id: self.inline_object(o, pointer, hint),
                        };
                    }
                }
                match o.additional_properties.as_deref() {
                    Some(v @ (Lenient::Read(_) | Lenient::Invalid(_))) => {
                        let value = self
                            .value_schema(
                                v,
                                &format!("{pointer}/additionalProperties"),
                                &format!("{hint}Value"),
                            )
                            .ty;
                        let key = match o.extensions.get(ext::KEY_SCHEMA) {
                            Some(k) => {
                                let kp = format!("{pointer}/{}", ext::KEY_SCHEMA);
                                let k: Lenient<Schema> = serde_json::from_value(k.clone())
                                    .unwrap_or_else(|e| Lenient::Invalid(e.to_string()));
                                self.value_schema(&k, &kp, hint).ty
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
                if o.content_encoding.as_deref() == Some("base64") {
                    Some("byte")
                } else {
                    o.format.as_deref()
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
        o: &Schema,
        t: &mut m::TypeRef,
        json_type: Option<&str>,
        c: &mut m::Constraints,
        pointer: &str,
    ) {
        use m::Primitive as P;
        // `exclusiveMinimum: true` next to `minimum` (3.0) or the bound itself (3.1).
        let bound = |plain: &Option<Number>, excl: &Option<ExclusiveBound>| -> Option<m::Bound> {
            let plain = plain.as_ref().and_then(number_of);
            match excl {
                Some(ExclusiveBound::Flag(true)) => plain.map(|value| m::Bound {
                    value,
                    exclusive: true,
                }),
                Some(ExclusiveBound::Value(n)) => match number_of(n) {
                    Some(value) => Some(m::Bound {
                        value,
                        exclusive: true,
                    }),
                    None => plain.map(m::Bound::inclusive),
                },
                _ => plain.map(m::Bound::inclusive),
            }
        };
        if let Some(b) = bound(&o.minimum, &o.exclusive_minimum) {
            c.minimum = Some(b);
        }
        if let Some(b) = bound(&o.maximum, &o.exclusive_maximum) {
            c.maximum = Some(b);
        }
        if json_type == Some("array") {
            c.min_length = o.min_items.or(c.min_length);
            c.max_length = o.max_items.or(c.max_length);
        } else {
            c.min_length = o.min_length.or(c.min_length);
            c.max_length = o.max_length.or(c.max_length);
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
            Some(P::Integer) if is(&c.minimum, 0) && c.maximum.is_none() && o.format.is_none() => {
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
        if let Some(p) = &o.pattern {
            c.pattern = Some(p.clone());
        }
        if let Some(values) = &o.enum_values {
            c.allowed_values = values
                .iter()
                .filter(|v| !v.is_null())
                .map(value_text)
                .collect();
        }
        let x = &o.extensions;
        if let Some(values) = x.get(ext::ALLOWED_VALUES).and_then(Value::as_array) {
            c.allowed_values = values.iter().map(value_text).collect();
        }
        if let Some(d) = &o.default {
            c.default = Some(value_text(d));
        }
        c.domain_values |= ext_flag(x, ext::DOMAIN_VALUES) == Some(true);
        c.read_only |= o.read_only == Some(true);
        c.unique_items |= o.unique_items == Some(true);
        if let Some(dt) = ext_str(x, ext::DATA_TYPE) {
            c.data_type = Some(dt.to_string());
        } else if json_type == Some("string") && t.as_primitive() == Some(P::String) {
            c.data_type = match o.format.as_deref() {
                Some("email") => Some("EmailAddress".into()),
                Some("password") => Some("Password".into()),
                _ => c.data_type.take(),
            };
        }
        if let Some(h) = ext_str(x, ext::FORMAT_HINT) {
            c.format_hint = Some(h.to_string());
        }
        if let Some(notes) = x.get(ext::CONSTRAINT_NOTES).and_then(Value::as_array) {
            for n in notes.iter().map(value_text) {
                self.note(c, n);
            }
        }
        if let Some(v) = &o.multiple_of {
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
        // Each names the line of the part it is about.
        let shown: Vec<String> = api.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "t.yaml:5: warning: #/paths/~1x/get: operation is not an object; ignored",
                "t.yaml:7: warning: #/paths/~1x/put/responses/2XX: response key `2XX` is not an HTTP status (ranges like 4XX are not supported); not imported",
                "t.yaml:8: warning: #/paths/~1x/put/parameters/0: cannot resolve `$ref: other.yaml#/p` (only references inside the document are followed); ignored",
                "t.yaml:8: warning: #/paths/~1x/put/parameters/1: parameter `q` has an unknown location `body`; ignored",
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

    /// The typed reading keeps going past a malformed part: each one is a diagnostic with
    /// its JSON pointer and the reader's reason, and everything else is imported.
    #[test]
    fn malformed_parts_are_reported_by_pointer_and_the_rest_is_read() {
        let yaml = r##"
openapi: 3.1.0
info: 5
servers: {url: x}
tags: [{name: a}, 7]
paths:
  /a:
    get:
      summary: 5
      responses: {'200': {description: ok}}
    put:
      operationId: putA
      parameters:
      - {name: q, in: query, schema: {type: string, maxLength: "5"}}
      - {$ref: '#/paths/~1a/get/parameters/0'}
      - {$ref: '#/components/parameters/Missing'}
      - {$ref: '#/components/parameters/Limit'}
      requestBody: [1]
      responses:
        '200':
          description: ok
          content: {application/json: 5}
  /b: [1, 2]
  /c: {$ref: '#/components/pathItems/C'}
components:
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer}}
  pathItems:
    C: {get: {operationId: getC, responses: {'204': {description: none}}}}
  schemas:
    Bad: {type: object, required: true}
    Flag: true
"##;
        let api = import_ok(yaml);
        let keys: Vec<String> = api.operations.iter().map(|o| o.key()).collect();
        assert_eq!(keys, ["PUT /a", "GET /c"]);
        let put = api.operation(m::Method::Put, "/a").unwrap();
        let params: Vec<(&str, &m::TypeRef)> = put
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), &p.ty))
            .collect();
        assert_eq!(
            params,
            [
                ("q", &m::TypeRef::Any),
                ("limit", &m::TypeRef::primitive(m::Primitive::Integer))
            ]
        );
        assert_eq!(api.groups.len(), 1);
        assert!(api.type_named("Bad").is_none());
        assert_eq!(
            api.type_named("Flag").unwrap().kind,
            m::TypeKind::Alias {
                target: m::TypeRef::Any
            }
        );
        // In the order of the lines they name; at one line warnings before notes.
        let shown: Vec<String> = api.diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "t.yaml:3: warning: #/info: `info` is not an object; ignored",
                "t.yaml:4: warning: #/servers: `servers` is not a list; ignored",
                "t.yaml:5: warning: #/tags/1: tag is not an object; ignored",
                "t.yaml:8: warning: #/paths/~1a/get: operation cannot be read (invalid type: integer `5`, expected a string); ignored",
                "t.yaml:14: warning: #/paths/~1a/put/parameters/0/schema: schema cannot be read (invalid type: string \"5\", expected u64); read as any value",
                "t.yaml:15: warning: #/paths/~1a/put/parameters/1: cannot resolve `$ref: #/paths/~1a/get/parameters/0` (no `parameters` component of that name); ignored",
                "t.yaml:16: warning: #/paths/~1a/put/parameters/2: cannot resolve `$ref: #/components/parameters/Missing` (no `parameters` component of that name); ignored",
                "t.yaml:18: warning: #/paths/~1a/put/requestBody: request body is not an object; ignored",
                "t.yaml:22: warning: #/paths/~1a/put/responses/200/content/application~1json: media type is not an object; read without a schema",
                "t.yaml:22: note: #/paths/~1a/put/responses/200/content: no media type gives a schema; the body is read as any value",
                "t.yaml:23: warning: #/paths/~1b: path item is not an object; ignored",
                "t.yaml:31: warning: #/components/schemas/Bad: schema cannot be read (invalid type: boolean `true`, expected a sequence); ignored",
            ]
        );
        assert!(api
            .diagnostics
            .iter()
            .all(|d| d.location.as_ref().is_some_and(|l| l.source == "t.yaml")));
    }

    /// Properties and media types keep the document's order in YAML and in JSON (the typed
    /// parts read them into ordered maps).
    #[test]
    fn property_and_media_type_order_is_the_documents() {
        let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    post:\n      requestBody:\n        content:\n          text/xml: {schema: {$ref: '#/components/schemas/Z'}}\n          application/json: {schema: {$ref: '#/components/schemas/Z'}}\n      responses: {'204': {description: done}}\ncomponents:\n  schemas:\n    Z: {type: object, properties: {zeta: {type: string}, alpha: {type: string}, mu: {type: integer}}}\n";
        let json = r##"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"},
          "paths": {"/a": {"post": {"requestBody": {"content": {
            "text/xml": {"schema": {"$ref": "#/components/schemas/Z"}},
            "application/json": {"schema": {"$ref": "#/components/schemas/Z"}}}},
            "responses": {"204": {"description": "done"}}}}},
          "components": {"schemas": {"Z": {"type": "object", "properties": {
            "zeta": {"type": "string"}, "alpha": {"type": "string"}, "mu": {"type": "integer"}}}}}}"##;
        for (file, text) in [("o.yaml", yaml), ("o.json", json)] {
            let api = import(file, text).unwrap();
            let fields: Vec<&str> = api
                .type_named("Z")
                .unwrap()
                .fields()
                .iter()
                .map(|f| f.name.as_str())
                .collect();
            assert_eq!(fields, ["zeta", "alpha", "mu"], "{file}");
            let body = api.operations[0].request_body.as_ref().unwrap();
            let media: Vec<&str> = body.media_types.iter().map(|m| m.name.as_str()).collect();
            assert_eq!(media, ["text/xml", "application/json"], "{file}");
        }
    }

    /// Schemas nested as deep as the readers allow are read on a test thread's stack (2 MiB)
    /// in YAML and JSON; deeper ones are a syntax error, never a stack overflow.
    #[test]
    fn deeply_nested_schemas_are_read_or_refused() {
        let head = r#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"schemas": {"Deep": "#;
        for depth in [100, 200] {
            let json = format!(
                "{head}{}{{\"type\": \"string\"}}{}}}}}}}",
                "{\"type\": \"array\", \"items\": ".repeat(depth),
                "}".repeat(depth)
            );
            let yaml = format!(
                "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {}{{type: string}}{}\n",
                "{type: array, items: ".repeat(depth),
                "}".repeat(depth)
            );
            for (file, text) in [("d.json", json), ("d.yaml", yaml)] {
                match import(file, &text) {
                    Ok(api) => {
                        assert!(depth < 128, "{file} {depth}");
                        let m::TypeKind::Alias { target } = &api.type_named("Deep").unwrap().kind
                        else {
                            panic!("alias expected");
                        };
                        let mut levels = 0;
                        let mut ty = target;
                        while let m::TypeRef::Array { items } = ty {
                            levels += 1;
                            ty = items;
                        }
                        assert_eq!(levels, depth, "{file}");
                    }
                    Err(e) => {
                        assert!(depth > 120, "{file} {depth}: {e}");
                        assert!(matches!(e, ImportError::Syntax { .. }), "{e}");
                    }
                }
            }
        }
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
