//! Lowering: the apiscrape model to the typed OpenAPI document ([`crate::spec`]).
//!
//! Named types are registered first (component names assigned once, collision-free), then
//! operations are lowered and refer to them by `$ref`. Every map on the way to output is
//! ordered, so the same model always gives the same document.

use crate::spec::{
    Components, ExclusiveBound, Extensions, Info, Lenient, MediaType, OpenApi, Operation,
    Parameter, ParameterIn, PathItem, RequestBody, Response, Schema, SchemaType,
    SecurityRequirement, SecurityScheme, Server, Tag, Xml,
};
use crate::{ext, OpenApiVersion, Options};
use apiscrape_model as m;
use indexmap::IndexMap;
use serde_json::{json, Number, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Component name for every type id, assigned once.
pub(crate) struct Registry {
    names: BTreeMap<m::TypeId, String>,
}

/// Turns a documented type name into a component name matching `^[a-zA-Z0-9\.\-_]+$`:
/// every other character becomes `_` (`List`1` → `List_1`, `Dictionary<K,V>` →
/// `Dictionary_K_V_`).
pub fn sanitize_component_name(name: &str) -> String {
    let s: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "_".to_string()
    } else {
        s
    }
}

impl Registry {
    fn new(api: &m::Api) -> Registry {
        let mut ids: BTreeSet<m::TypeId> = api.types.keys().cloned().collect();
        // Types referenced but missing from the registry still get a (placeholder) component.
        for id in referenced_ids(api) {
            ids.insert(id);
        }
        let mut names = BTreeMap::new();
        let mut used = BTreeSet::new();
        // Exact names first, so a name that needs no sanitising keeps it.
        let (clean, dirty): (Vec<_>, Vec<_>) = ids
            .into_iter()
            .partition(|id| sanitize_component_name(id.as_str()) == id.as_str());
        for id in clean.into_iter().chain(dirty) {
            let base = sanitize_component_name(id.as_str());
            let mut name = base.clone();
            let mut n = 2;
            while used.contains(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            used.insert(name.clone());
            names.insert(id, name);
        }
        Registry { names }
    }

    fn id_of(&self, component: &str) -> Option<&m::TypeId> {
        self.names
            .iter()
            .find(|(_, name)| name.as_str() == component)
            .map(|(id, _)| id)
    }

    fn name(&self, id: &m::TypeId) -> &str {
        self.names
            .get(id)
            .map(String::as_str)
            .expect("every referenced id is registered")
    }
}

fn referenced_ids(api: &m::Api) -> BTreeSet<m::TypeId> {
    let mut out = BTreeSet::new();
    let mut add = |t: &m::TypeRef| {
        for id in t.named_ids() {
            out.insert(id.clone());
        }
    };
    for ty in api.types.values() {
        match &ty.kind {
            m::TypeKind::Object { fields } => fields.iter().for_each(|f| add(&f.ty)),
            m::TypeKind::Alias { target } => add(target),
            _ => {}
        }
    }
    for op in &api.operations {
        op.parameters.iter().for_each(|p| add(&p.ty));
        if let Some(b) = &op.request_body {
            add(&b.ty);
        }
        for r in &op.responses {
            if let m::ResponseContent::Body { body } = &r.content {
                add(&body.ty);
            }
        }
    }
    out
}

/// Lowering context.
pub(crate) struct Lower<'a> {
    api: &'a m::FinishedApi,
    version: OpenApiVersion,
    registry: Registry,
    /// What the document cannot say as documented (defaults kept as `x-default`).
    warnings: std::sync::Mutex<Vec<m::Diagnostic>>,
}

/// Who a constraint belongs to, for warnings: a name and where it was documented.
#[derive(Clone, Copy)]
pub(crate) struct Owner<'a> {
    name: &'a str,
    provenance: &'a [m::Provenance],
}

fn v3_1(version: OpenApiVersion) -> bool {
    version == OpenApiVersion::V3_1
}

/// A decimal literal as a JSON number (integers stay integers).
fn number(n: &m::Number) -> Option<Number> {
    if let Ok(i) = n.0.parse::<i64>() {
        return Some(i.into());
    }
    if let Ok(u) = n.0.parse::<u64>() {
        return Some(u.into());
    }
    n.as_f64().and_then(Number::from_f64)
}

/// A documented text value as JSON of the schema's type (`True` → `true`, `5` → `5`).
fn typed_value(text: &str, schema_type: Option<&str>) -> Option<Value> {
    let t = text.trim();
    match schema_type {
        Some("integer") | Some("number") => m::Number::parse(t)
            .and_then(|n| number(&n))
            .map(Value::Number),
        Some("boolean") => match t.to_ascii_lowercase().as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => Some(Value::String(text.to_string())),
    }
}

/// Documentation text as CommonMark that displays it literally as far as HTML goes: a `<` that
/// would open a raw HTML tag, comment or declaration (`<script>`, `</p>`, `<!--`, `<?`) is
/// backslash-escaped, so Redoc and Swagger UI show it instead of running it. Everything else
/// is kept as written (the docs' text is often already Markdown-friendly).
pub(crate) fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn doc_opt(text: &Option<String>) -> Option<String> {
    text.as_deref().map(doc_text)
}

fn source_ext(prov: &[m::Provenance]) -> Option<Value> {
    let p = prov.first()?;
    let mut obj = serde_json::Map::new();
    obj.insert("page".into(), Value::String(p.source.clone()));
    if let Some(line) = p.line {
        obj.insert("line".into(), json!(line));
    }
    if let Some(url) = &p.url {
        obj.insert("url".into(), Value::String(url.clone()));
    }
    if let Some(note) = &p.note {
        obj.insert("note".into(), Value::String(note.clone()));
    }
    Some(Value::Object(obj))
}

/// The description of a server entry written when the docs name no base URL.
pub(crate) const NO_BASE_URL: &str =
    "The documentation names no base URL: paths are relative to the host serving the API.";
/// The description of a path parameter the template names but the docs do not describe.
pub(crate) const UNDESCRIBED_PATH_PARAM: &str = "Not described by the documentation.";

/// The reason phrase written for a status (the importer strips it again).
pub(crate) fn status_text(status: u16) -> &'static str {
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

fn is_json(media: &str) -> bool {
    m::MediaKind::of(media) == m::MediaKind::Json
}

fn is_xml(media: &str) -> bool {
    m::MediaKind::of(media) == m::MediaKind::Xml
}

fn is_html(media: &str) -> bool {
    media.eq_ignore_ascii_case("text/html")
}

/// Format and semantic hints for `Constraints::data_type` values (ASP.NET `[DataType]`).
///
/// Only hints that never change how a value decodes or validates: `[DataType(Date)]` on a
/// `DateTime` still travels as a full date-time, and `[DataType(Url)]` on a `string` property
/// accepts any text (the pages' own samples send `sample string 8`), so date, time and URL
/// hints stay in `x-data-type` alone; a property documented as `URI` is `format: uri` by type.
fn data_type_format(data_type: &str) -> Option<&'static str> {
    Some(match data_type {
        "EmailAddress" => "email",
        "Password" => "password",
        _ => return None,
    })
}

impl<'a> Lower<'a> {
    pub(crate) fn new(api: &'a m::FinishedApi, options: &Options) -> Lower<'a> {
        Lower {
            api,
            version: options.version,
            registry: Registry::new(api),
            warnings: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// How many warnings lowering has collected so far.
    pub(crate) fn warning_count(&self) -> usize {
        self.warnings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len()
    }

    /// The digest of everything lowering a path item or a schema reads besides the path's
    /// operations and the schema's own name and id: the OpenAPI version, the component
    /// names, the security requirements, the types and every other part of the model but
    /// its operations and diagnostics (which no entry reads). `None` when a part does not
    /// serialise.
    pub(crate) fn entry_context(&self, security: &[SecurityRequirement]) -> Option<[u8; 32]> {
        // Every field named: a field added to the model must be placed here or left out
        // on purpose.
        let m::Api {
            schema_version,
            title,
            dialect,
            description,
            base_urls,
            groups,
            auth,
            operations: _,
            types,
            diagnostics: _,
        } = &**self.api;
        let mut hash = blake3::Hasher::new();
        hash.update(b"apiscrape-openapi entry context 1\0");
        hash.update(&[u8::from(self.is_3_1())]);
        apiscrape_digest::update(
            &mut hash,
            &(
                schema_version,
                title,
                dialect,
                description,
                base_urls,
                groups,
                auth,
            ),
        )
        .ok()?;
        apiscrape_digest::update(&mut hash, &self.registry.names).ok()?;
        apiscrape_digest::update(&mut hash, security).ok()?;
        apiscrape_digest::update(&mut hash, types).ok()?;
        Some(hash.finalize().into())
    }

    /// Warnings collected while lowering.
    pub(crate) fn take_warnings(&self) -> Vec<m::Diagnostic> {
        std::mem::take(&mut self.warnings.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn is_3_1(&self) -> bool {
        v3_1(self.version)
    }

    /// Schema of a primitive.
    fn primitive(&self, p: m::Primitive) -> Schema {
        use m::Primitive as P;
        let (ty, format) = match p {
            P::Integer => ("integer", None),
            P::Int32 => ("integer", Some("int32")),
            P::Int64 => ("integer", Some("int64")),
            P::UnsignedInteger => ("integer", None),
            P::Uint32 => ("integer", Some("uint32")),
            P::Uint64 => ("integer", Some("uint64")),
            P::Byte => ("integer", Some("uint8")),
            P::SignedByte => ("integer", Some("int8")),
            P::Number => ("number", None),
            P::Float => ("number", Some("float")),
            P::Double => ("number", Some("double")),
            P::Decimal => ("number", Some("decimal")),
            P::Boolean => ("boolean", None),
            P::String | P::Char => ("string", None),
            P::Date => ("string", Some("date")),
            P::DateTime => ("string", Some("date-time")),
            P::Time => ("string", Some("time")),
            P::Duration => ("string", Some("duration")),
            P::Uuid => ("string", Some("uuid")),
            P::Uri => ("string", Some("uri")),
            // Bytes inside a JSON or XML document are base64 text (raw bytes only as a whole
            // body, see `content`).
            P::Binary => ("string", (!self.is_3_1()).then_some("byte")),
        };
        let mut s = Schema::of_type(ty);
        s.format = format.map(str::to_string);
        if p == P::Binary && self.is_3_1() {
            s.content_encoding = Some("base64".into());
        }
        match p {
            P::UnsignedInteger | P::Uint32 | P::Uint64 => s.minimum = Some(0.into()),
            P::Byte => {
                s.minimum = Some(0.into());
                s.maximum = Some(255.into());
            }
            P::SignedByte => {
                s.minimum = Some((-128).into());
                s.maximum = Some(127.into());
            }
            P::Char => {
                s.min_length = Some(1);
                s.max_length = Some(1);
            }
            _ => {}
        }
        s
    }

    /// Schema of a type reference (no constraints, no description).
    fn type_ref(&self, t: &m::TypeRef) -> Schema {
        match t {
            m::TypeRef::Primitive { primitive } => self.primitive(*primitive),
            m::TypeRef::Named { id } => Schema::reference(self.registry.name(id)),
            m::TypeRef::Array { items } => Schema {
                items: Some(Box::new(self.type_ref(items).into())),
                ..Schema::of_type("array")
            },
            m::TypeRef::Map { key, value } => {
                let mut s = Schema {
                    additional_properties: Some(Box::new(self.type_ref(value).into())),
                    ..Schema::of_type("object")
                };
                if key.as_primitive() != Some(m::Primitive::String) {
                    let key_schema = serde_json::to_value(self.type_ref(key)).unwrap_or_default();
                    s.extensions.insert(ext::KEY_SCHEMA.into(), key_schema);
                }
                s
            }
            m::TypeRef::Pair { key, value } => {
                let mut props = IndexMap::new();
                props.insert("Key".to_string(), self.type_ref(key).into());
                props.insert("Value".to_string(), self.type_ref(value).into());
                Schema {
                    properties: Some(props),
                    required: vec!["Key".into(), "Value".into()],
                    ..Schema::of_type("object")
                }
            }
            m::TypeRef::Any => Schema::default(),
        }
    }

    /// The JSON type name of what `t` resolves to (through aliases and enums).
    fn resolved_type(&self, t: &m::TypeRef, depth: u8) -> Option<String> {
        match t {
            m::TypeRef::Named { id } if depth < 8 => {
                match self.api.types.get(id).map(|t| &t.kind) {
                    Some(m::TypeKind::Alias { target }) => self.resolved_type(target, depth + 1),
                    Some(m::TypeKind::Enum { repr, .. }) => Some(
                        match repr {
                            m::EnumRepr::Integer => "integer",
                            m::EnumRepr::String => "string",
                        }
                        .into(),
                    ),
                    Some(m::TypeKind::Object { .. }) | Some(m::TypeKind::Placeholder) => {
                        Some("object".into())
                    }
                    None => None,
                }
            }
            m::TypeRef::Named { .. } => None,
            other => self.type_ref(other).type_name().map(str::to_string),
        }
    }

    /// A documented default for type `t`: enum member names become their wire values.
    fn default_value(&self, t: &m::TypeRef, text: &str) -> Option<Value> {
        if let m::TypeRef::Named { id } = t {
            if let Some(m::TypeKind::Enum { repr, members, .. }) =
                self.api.types.get(id).map(|t| &t.kind)
            {
                let complete = matches!(
                    self.api.types.get(id).map(|t| &t.kind),
                    Some(m::TypeKind::Enum { complete: true, .. })
                );
                let wire = match members
                    .iter()
                    .find(|mem| mem.name == text.trim() || mem.value == text.trim())
                {
                    Some(mem) => mem.value.as_str(),
                    // Not a member of a closed enum: not a value of the type.
                    None if complete => return None,
                    None => text,
                };
                let ty = match repr {
                    m::EnumRepr::Integer => "integer",
                    m::EnumRepr::String => "string",
                };
                return typed_value(wire, Some(ty));
            }
        }
        if let m::TypeRef::Array { items } = t {
            // A scalar documented as a collection's default is its one element.
            return self
                .default_value(items, text)
                .map(|v| Value::Array(vec![v]));
        }
        let ty = self.resolved_type(t, 0);
        if text.trim().is_empty() && ty.as_deref() != Some("string") {
            return None;
        }
        match ty.as_deref() {
            Some("object") | Some("array") => None,
            other => typed_value(text, other),
        }
    }

    /// Applies constraints to a value schema. `schema` is the plain type schema; constraints
    /// that cannot sit next to a `$ref` in 3.0 are handled by [`Self::finish`].
    fn constrain(&self, s: &mut Schema, t: &m::TypeRef, c: &m::Constraints, owner: Owner<'_>) {
        let ty = s.type_name().map(str::to_string);
        let numeric = matches!(ty.as_deref(), Some("integer") | Some("number"));
        let is_array = ty.as_deref() == Some("array");
        let is_string = ty.as_deref() == Some("string");
        let mut notes: Vec<String> = c.notes.clone();
        for (bound, is_min) in [(&c.minimum, true), (&c.maximum, false)] {
            let Some(b) = bound else { continue };
            let Some(n) = number(&b.value) else {
                notes.push(format!(
                    "{} {}",
                    if is_min { "minimum" } else { "maximum" },
                    b.value
                ));
                continue;
            };
            if !numeric && !s.is_ref() {
                // A bound on a non-numeric value: kept verbatim.
                notes.push(format!(
                    "{} {}",
                    if is_min { "minimum" } else { "maximum" },
                    b.value
                ));
                continue;
            }
            let (plain, exclusive) = match (b.exclusive, self.is_3_1()) {
                (false, _) => (Some(n), None),
                (true, true) => (None, Some(ExclusiveBound::Value(n))),
                (true, false) => (Some(n), Some(ExclusiveBound::Flag(true))),
            };
            if is_min {
                s.minimum = plain;
                s.exclusive_minimum = exclusive;
            } else {
                s.maximum = plain;
                s.exclusive_maximum = exclusive;
            }
        }
        if is_array {
            s.min_items = c.min_length.or(s.min_items);
            s.max_items = c.max_length.or(s.max_items);
        } else if c.min_length.is_some() || c.max_length.is_some() {
            if is_string || s.is_ref() {
                s.min_length = c.min_length.or(s.min_length);
                s.max_length = c.max_length.or(s.max_length);
            } else {
                if let Some(n) = c.min_length {
                    notes.push(format!("minimum length {n}"));
                }
                if let Some(n) = c.max_length {
                    notes.push(format!("maximum length {n}"));
                }
            }
        }
        if let Some(p) = c.search_pattern() {
            s.pattern = Some(p);
        }
        if !c.allowed_values.is_empty() {
            let values: Option<Vec<Value>> = c
                .allowed_values
                .iter()
                .map(|v| typed_value(v, ty.as_deref()))
                .collect();
            match values {
                Some(v) => s.enum_values = Some(v),
                None => {
                    s.extensions
                        .insert(ext::ALLOWED_VALUES.into(), json!(c.allowed_values));
                }
            }
        }
        if let Some(d) = &c.default {
            match self.default_value(t, d).filter(|v| default_fits(s, v)) {
                Some(v) => s.default = Some(v),
                None => {
                    // A `default` that fails its own schema makes the document invalid; the
                    // documented text is kept as a fact instead.
                    s.extensions.insert(ext::DEFAULT.into(), json!(d));
                    let (source, line) = owner
                        .provenance
                        .first()
                        .map_or((String::new(), None), |p| (p.source.clone(), p.line));
                    let message = format!(
                        "`{}`: the documented default {d:?} is not a value of its schema; written as `{}` in OpenAPI",
                        owner.name,
                        ext::DEFAULT
                    );
                    self.warnings
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(if source.is_empty() {
                            m::Diagnostic {
                                severity: m::Severity::Warning,
                                message,
                                location: None,
                            }
                        } else {
                            m::Diagnostic::at(m::Severity::Warning, source, line, message)
                        });
                }
            }
        }
        if c.domain_values {
            s.extensions.insert(ext::DOMAIN_VALUES.into(), json!(true));
        }
        if c.read_only {
            s.read_only = Some(true);
        }
        if c.unique_items {
            s.unique_items = Some(true);
        }
        if let Some(dt) = &c.data_type {
            // The format tells tools what they understand; `x-data-type` keeps the documented
            // hint itself, which a format cannot always say (`Date` on a `date` primitive).
            if let (Some(f), true, None) = (data_type_format(dt), is_string, &s.format) {
                s.format = Some(f.to_string());
            }
            s.extensions.insert(ext::DATA_TYPE.into(), json!(dt));
        }
        if let Some(h) = &c.format_hint {
            s.extensions.insert(ext::FORMAT_HINT.into(), json!(h));
        }
        if !notes.is_empty() {
            s.extensions
                .insert(ext::CONSTRAINT_NOTES.into(), json!(notes));
        }
    }

    /// Makes a schema that may be a bare `$ref` valid for the target version: in 3.0 a `$ref`
    /// cannot have siblings, so it moves into `allOf`; nullable refs become
    /// `anyOf: [$ref, null]` in 3.1 and `nullable` + `allOf` in 3.0. Nullable plain types get
    /// `nullable: true` (3.0) or a type array (3.1).
    fn finish(&self, mut s: Schema, nullable: bool) -> Schema {
        if s.is_ref() {
            let target_type = s
                .reference
                .as_deref()
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
                .and_then(|name| self.registry.id_of(name))
                .and_then(|id| self.resolved_type(&m::TypeRef::Named { id: id.clone() }, 0));
            let reference = s.reference.take();
            let has_siblings = s != Schema::default();
            if nullable {
                let r = Schema {
                    reference,
                    ..Schema::default()
                };
                if self.is_3_1() {
                    s.any_of = vec![r.into(), Schema::of_type("null").into()];
                } else {
                    // 3.0: `nullable` only applies next to `type`, so the referenced type's
                    // JSON type is repeated here.
                    s.nullable = Some(true);
                    s.all_of = vec![r.into()];
                    if s.schema_type.is_none() {
                        s.schema_type = target_type.map(SchemaType::Single);
                    }
                }
            } else if has_siblings && !self.is_3_1() {
                s.all_of = vec![Schema {
                    reference,
                    ..Schema::default()
                }
                .into()];
            } else {
                s.reference = reference;
            }
            return s;
        }
        if nullable {
            if self.is_3_1() {
                if let Some(SchemaType::Single(t)) = s.schema_type.take() {
                    s.schema_type = Some(SchemaType::Multiple(vec![t, "null".into()]));
                    if let Some(values) = &mut s.enum_values {
                        values.push(Value::Null);
                    }
                }
            } else if s.schema_type.is_some() {
                s.nullable = Some(true);
            }
        }
        s
    }

    /// An example value in its version's form on a schema.
    fn set_example(&self, s: &mut Schema, example: &Option<m::Example>) {
        let Some(ex) = example.as_ref().filter(|e| !e.synthetic) else {
            return;
        };
        let ty = s.type_name().map(str::to_string);
        let v = typed_value(&ex.value, ty.as_deref()).unwrap_or(Value::String(ex.value.clone()));
        if self.is_3_1() {
            s.examples = Some(vec![v]);
        } else {
            s.example = Some(v);
        }
    }

    fn deprecation_text(
        description: Option<String>,
        dep: &Option<m::Deprecation>,
    ) -> Option<String> {
        let description = description.as_deref().map(doc_text);
        match dep {
            Some(m::Deprecation { note: Some(note) }) => {
                let note = doc_text(note);
                Some(match description {
                    Some(d) => format!("{d}\n\nDeprecated: {note}"),
                    None => format!("Deprecated: {note}"),
                })
            }
            _ => description,
        }
    }

    /// Schema of an object field.
    fn field(&self, f: &m::Field, owner: Owner<'_>) -> Schema {
        let mut s = self.type_ref(&f.ty);
        let name = format!("{}.{}", owner.name, f.name);
        let owner = Owner {
            name: &name,
            ..owner
        };
        self.constrain(&mut s, &f.ty, &f.constraints, owner);
        s.description = Self::deprecation_text(f.description.clone(), &f.deprecation);
        if f.deprecation.is_some() {
            s.deprecated = Some(true);
        }
        if f.xml_key() != f.json_key() {
            s.xml = Some(Xml {
                name: Some(f.xml_key().to_string()),
                namespace: None,
                wrapped: false,
            });
        }
        self.set_example(&mut s, &f.example);
        self.finish(s, f.nullable == Some(true))
    }

    /// Schema of a named type (a component).
    fn named_type(&self, id: &m::TypeId, t: Option<&m::NamedType>) -> Schema {
        let component = self.registry.name(id);
        let Some(t) = t else {
            let mut s = Schema::of_type("object");
            s.description = Some(format!(
                "`{}` is referenced by the documentation but not described by it.",
                id
            ));
            s.additional_properties = Some(Box::new(Lenient::Flag(true)));
            s.extensions.insert(ext::PLACEHOLDER.into(), json!(true));
            return s;
        };
        let mut s = match &t.kind {
            m::TypeKind::Object { fields } => {
                let mut props = IndexMap::new();
                let mut required = Vec::new();
                let mut duplicates = Vec::new();
                for f in fields {
                    let key = f.json_key().to_string();
                    if props.contains_key(&key) {
                        // Two fields with one JSON key: the first is the property, the
                        // others are kept on record.
                        duplicates.push(json!(f.name));
                        continue;
                    }
                    if f.required {
                        required.push(key.clone());
                    }
                    let owner = Owner {
                        name: &t.name,
                        provenance: &t.provenance,
                    };
                    props.insert(key, self.field(f, owner).into());
                }
                let mut s = Schema {
                    properties: (!props.is_empty()).then_some(props),
                    required,
                    ..Schema::of_type("object")
                };
                if !duplicates.is_empty() {
                    s.extensions
                        .insert(ext::DUPLICATE_FIELDS.into(), Value::Array(duplicates));
                }
                s
            }
            m::TypeKind::Enum {
                repr,
                members,
                complete,
            } => self.enum_schema(*repr, members, *complete),
            m::TypeKind::Alias { target } => self.type_ref(target),
            m::TypeKind::Placeholder => {
                let mut s = Schema::of_type("object");
                s.additional_properties = Some(Box::new(Lenient::Flag(true)));
                s.extensions.insert(ext::PLACEHOLDER.into(), json!(true));
                s
            }
        };
        let mut description = doc_opt(&t.description);
        if matches!(t.kind, m::TypeKind::Placeholder) {
            let note = format!(
                "The documentation references `{}` but does not describe it; any JSON object is accepted.",
                t.name
            );
            description = Some(match description {
                Some(d) => format!("{d}\n\n{note}"),
                None => note,
            });
        }
        if let m::TypeKind::Enum {
            complete: false,
            members,
            ..
        } = &t.kind
        {
            let note = open_enum_note(members);
            description = Some(match description {
                Some(d) => format!("{d}\n\n{note}"),
                None => note,
            });
        }
        s.description = description;
        if let Some(x) = &t.xml {
            if x.name != component || x.namespace.is_some() {
                s.xml = Some(Xml {
                    name: Some(x.name.clone()),
                    namespace: x.namespace.clone(),
                    wrapped: false,
                });
            }
        }
        if let Some(src) = source_ext(&t.provenance) {
            s.extensions.insert(ext::SOURCE.into(), src);
        }
        if s.is_ref() && !self.is_3_1() && s.description.is_some() {
            return self.finish(s, false);
        }
        s
    }

    fn enum_schema(&self, repr: m::EnumRepr, members: &[m::EnumMember], complete: bool) -> Schema {
        let mut ty = match repr {
            m::EnumRepr::Integer => "integer",
            m::EnumRepr::String => "string",
        };
        // An "integer" enum with a non-numeric wire value is written as a string enum rather
        // than as an integer schema listing strings.
        if members
            .iter()
            .any(|mem| typed_value(&mem.value, Some(ty)).is_none())
        {
            ty = "string";
        }
        let mut s = Schema::of_type(ty);
        let values: Vec<Value> = members
            .iter()
            .map(|mem| typed_value(&mem.value, Some(ty)).unwrap_or(json!(mem.value)))
            .collect();
        let names_differ = members.iter().any(|mem| mem.name != mem.value);
        let descriptions: Vec<&str> = members
            .iter()
            .map(|mem| mem.description.as_deref().unwrap_or(""))
            .collect();
        if complete {
            s.enum_values = Some(values);
        } else {
            // Open enum: the known values are listed but others are not rejected.
            s.extensions
                .insert(ext::ENUM_KNOWN_VALUES.into(), json!(values));
            s.extensions.insert(ext::ENUM_COMPLETE.into(), json!(false));
        }
        if names_differ {
            let names: Vec<&str> = members.iter().map(|mem| mem.name.as_str()).collect();
            s.extensions.insert(ext::ENUM_VARNAMES.into(), json!(names));
        }
        if descriptions.iter().any(|d| !d.is_empty()) {
            s.extensions
                .insert(ext::ENUM_DESCRIPTIONS.into(), json!(descriptions));
        }
        s
    }

    fn parameter(&self, p: &m::Parameter, op: &m::Operation) -> Parameter {
        let mut s = self.type_ref(&p.ty);
        let name = format!("{} parameter {}", op.key(), p.name);
        let owner = Owner {
            name: &name,
            provenance: &op.provenance,
        };
        self.constrain(&mut s, &p.ty, &p.constraints, owner);
        let schema = self.finish(s, false);
        let mut extensions = Extensions::new();
        if let Some(exp) = &p.expansion {
            extensions.insert(
                ext::EXPANSION.into(),
                serde_json::to_value(exp).unwrap_or_default(),
            );
        }
        let example = p.example.as_ref().filter(|e| !e.synthetic).map(|e| {
            typed_value(&e.value, self.resolved_type(&p.ty, 0).as_deref())
                .unwrap_or(Value::String(e.value.clone()))
        });
        Parameter {
            reference: None,
            name: p.name.clone(),
            location: match p.location {
                m::ParamLocation::Path => ParameterIn::Path,
                m::ParamLocation::Query => ParameterIn::Query,
                m::ParamLocation::Header => ParameterIn::Header,
                m::ParamLocation::Cookie => ParameterIn::Cookie,
            },
            description: Self::deprecation_text(p.description.clone(), &p.deprecation),
            required: p.required || p.location == m::ParamLocation::Path,
            deprecated: p.deprecation.is_some(),
            schema: Some(schema.into()),
            content: None,
            example,
            extensions,
        }
    }

    /// The media types of a body: the documented ones, else the operation's formats.
    fn body_media_types(
        &self,
        op: &m::Operation,
        body: &m::Body,
        request: bool,
    ) -> Vec<m::MediaType> {
        if !body.media_types.is_empty() {
            return body.media_types.clone();
        }
        let from_formats: Vec<m::MediaType> = op
            .formats
            .iter()
            .filter(|f| !(request && is_html(&f.media_type)))
            .map(|f| m::MediaType::new(f.media_type.clone()))
            .collect();
        if from_formats.is_empty() {
            vec![m::MediaType::new("application/json")]
        } else {
            from_formats
        }
    }

    fn content(
        &self,
        op: &m::Operation,
        body: &m::Body,
        request: bool,
    ) -> IndexMap<String, Lenient<MediaType>> {
        let mut out = IndexMap::new();
        for mt in self.body_media_types(op, body, request) {
            let schema = if is_html(&mt.name) {
                Schema::of_type("string")
            } else if is_json(&mt.name) {
                let payload = self.finish(self.type_ref(&body.ty), false);
                match &body.json_wrapper {
                    Some(w) => {
                        let mut props = IndexMap::new();
                        props.insert(w.clone(), payload.into());
                        Schema {
                            properties: Some(props),
                            required: vec![w.clone()],
                            ..Schema::of_type("object")
                        }
                    }
                    None => payload,
                }
            } else if !is_xml(&mt.name) && body.ty.as_primitive() == Some(m::Primitive::Binary) {
                // A whole body of bytes (`application/octet-stream`, images) is raw binary.
                Schema {
                    format: Some("binary".into()),
                    ..Schema::of_type("string")
                }
            } else {
                let mut s = self.type_ref(&body.ty);
                if is_xml(&mt.name) {
                    if let Some(root) = &body.xml_root {
                        let type_xml = match &body.ty {
                            m::TypeRef::Named { id } => self
                                .api
                                .types
                                .get(id)
                                .and_then(|t| t.xml.clone())
                                .or_else(|| {
                                    Some(m::XmlName {
                                        name: self.registry.name(id).to_string(),
                                        namespace: None,
                                    })
                                }),
                            _ => None,
                        };
                        // A list's root element wraps its items (`wrapped: true`).
                        let is_array = s.type_name() == Some("array");
                        if is_array || type_xml.as_ref() != Some(root) {
                            s.xml = Some(Xml {
                                name: Some(root.name.clone()),
                                namespace: root.namespace.clone(),
                                wrapped: is_array,
                            });
                        }
                    }
                }
                self.finish(s, false)
            };
            let mut extensions = Extensions::new();
            if let Some(note) = &mt.note {
                extensions.insert(ext::NOTE.into(), json!(note));
            }
            let example = mt.example.as_ref().filter(|e| !e.synthetic).map(|e| {
                if is_json(&mt.name) {
                    serde_json::from_str(&e.value).unwrap_or(Value::String(e.value.clone()))
                } else {
                    Value::String(e.value.clone())
                }
            });
            out.entry(mt.name.clone()).or_insert(
                MediaType {
                    schema: Some(schema.into()),
                    example,
                    examples: None,
                    extensions,
                }
                .into(),
            );
        }
        out
    }

    fn responses(&self, op: &m::Operation) -> BTreeMap<String, Response> {
        // Vendor error codes by status: each such status is a response listing its codes.
        let mut by_status: BTreeMap<u16, Vec<&m::ErrorCode>> = BTreeMap::new();
        for e in &op.error_codes {
            by_status.entry(e.status).or_default().push(e);
        }
        let mut statuses: BTreeSet<u16> = op.responses.iter().map(|r| r.status).collect();
        statuses.extend(by_status.keys().copied());
        let mut out = BTreeMap::new();
        for status in statuses {
            let r = op.response(status);
            let codes = by_status.get(&status).map(Vec::as_slice).unwrap_or(&[]);
            let mut parts: Vec<String> = Vec::new();
            let mut extensions = Extensions::new();
            if !codes.is_empty() {
                let list = codes
                    .iter()
                    .map(|e| format!("- `{}`: {}", e.code, doc_text(&e.message)))
                    .collect::<Vec<_>>()
                    .join("\n");
                parts.push(format!("{}. Error codes:\n{list}", status_text(status)));
                extensions.insert(
                    ext::ERROR_CODES.into(),
                    json!(codes
                        .iter()
                        .map(|e| json!({"code": e.code, "status": e.status, "message": e.message}))
                        .collect::<Vec<_>>()),
                );
            }
            // The documented description, unless it only restates the error codes.
            let restates_codes = |d: &str| {
                !codes.is_empty()
                    && d.lines()
                        .filter(|l| !l.trim().is_empty())
                        .all(|l| codes.iter().any(|e| l.contains(&e.code)))
            };
            if let Some(d) = r.and_then(|r| r.description.as_deref()) {
                if !restates_codes(d) {
                    parts.push(doc_text(d));
                }
            }
            let content = match r.map(|r| &r.content) {
                Some(m::ResponseContent::Undocumented { reason }) => {
                    let note = format!(
                        "The documentation does not describe the response body ({reason})."
                    );
                    parts.push(if parts.is_empty() {
                        format!("{}. {note}", status_text(status))
                    } else {
                        note
                    });
                    extensions.insert(ext::UNDOCUMENTED_BODY.into(), json!(reason));
                    IndexMap::new()
                }
                Some(m::ResponseContent::Body { body }) => {
                    if parts.is_empty() {
                        if let Some(d) = &body.description {
                            parts.push(doc_text(d));
                        }
                    }
                    self.content(op, body, false)
                }
                Some(m::ResponseContent::Empty) | None => IndexMap::new(),
            };
            if parts.is_empty() {
                parts.push(status_text(status).to_string());
            }
            // OpenAPI keys responses by codes 100..=599; anything else documented goes under
            // `default`, saying which status the docs gave.
            let key = if (100..600).contains(&status) {
                status.to_string()
            } else {
                parts.insert(0, format!("Documented as HTTP status {status}."));
                extensions.insert(ext::STATUS.into(), json!(status));
                "default".to_string()
            };
            if let Some(existing) = out.get_mut(&key) {
                let existing: &mut Response = existing;
                existing.description.push_str("\n\n");
                existing.description.push_str(&parts.join("\n\n"));
                continue;
            }
            out.insert(
                key,
                Response {
                    reference: None,
                    description: parts.join("\n\n"),
                    content,
                    extensions,
                },
            );
        }
        // Every operation has a success response: with none documented, the `2XX` range says
        // that some success status exists without inventing which.
        let has_success = out.keys().any(|k| k.starts_with('2') || k.starts_with('3'));
        if !has_success {
            let description = if out.is_empty() {
                "Success. The documentation does not list any response."
            } else {
                "Success. The documentation lists no success response."
            };
            let mut extensions = Extensions::new();
            extensions.insert(ext::UNDOCUMENTED_RESPONSE.into(), json!(true));
            out.insert(
                "2XX".into(),
                Response {
                    reference: None,
                    description: description.into(),
                    content: IndexMap::new(),
                    extensions,
                },
            );
        }
        out
    }

    fn security_schemes(&self) -> (BTreeMap<String, SecurityScheme>, Vec<SecurityRequirement>) {
        let mut schemes = BTreeMap::new();
        let mut requirements = Vec::new();
        for a in &self.api.auth {
            let id = sanitize_component_name(&a.id);
            match &a.kind {
                m::AuthKind::BearerToken { query_parameter } => {
                    schemes.insert(
                        id.clone(),
                        SecurityScheme::http(doc_opt(&a.description), "bearer".into()),
                    );
                    requirements.push(BTreeMap::from([(id.clone(), vec![])]));
                    if let Some(q) = query_parameter {
                        let qid = format!("{id}_query");
                        schemes.insert(
                            qid.clone(),
                            SecurityScheme::api_key(Some(format!(
                                    "The same token as `{id}`, sent as the query parameter `{q}` instead of the `Authorization` header."
                                )), q.clone(), ParameterIn::Query),
                        );
                        requirements.push(BTreeMap::from([(qid, vec![])]));
                    }
                }
                m::AuthKind::ApiKey { location, name } => {
                    schemes.insert(
                        id.clone(),
                        SecurityScheme::api_key(
                            doc_opt(&a.description),
                            name.clone(),
                            match location {
                                m::ParamLocation::Header => ParameterIn::Header,
                                m::ParamLocation::Cookie => ParameterIn::Cookie,
                                _ => ParameterIn::Query,
                            },
                        ),
                    );
                    requirements.push(BTreeMap::from([(id, vec![])]));
                }
                m::AuthKind::Basic => {
                    schemes.insert(
                        id.clone(),
                        SecurityScheme::http(doc_opt(&a.description), "basic".into()),
                    );
                    requirements.push(BTreeMap::from([(id, vec![])]));
                }
            }
        }
        (schemes, requirements)
    }

    fn operation(
        &self,
        finished: m::FinishedOperation<'_>,
        security: &[SecurityRequirement],
    ) -> Operation {
        let op = finished.operation();
        let mut parameters: Vec<Parameter> = Vec::new();
        let mut seen = BTreeSet::new();
        for p in &op.parameters {
            // `Authorization` and friends are not parameters in OpenAPI (security, content
            // negotiation cover them).
            if p.location == m::ParamLocation::Header
                && ["authorization", "accept", "content-type"]
                    .contains(&p.name.to_ascii_lowercase().as_str())
            {
                continue;
            }
            if seen.insert((p.name.clone(), p.location)) {
                parameters.push(self.parameter(p, op));
            }
        }
        // Path parameters the template names but the docs do not describe.
        for name in path_params(&op.path) {
            if !parameters
                .iter()
                .any(|p| p.location == ParameterIn::Path && p.name == name)
            {
                parameters.push(Parameter {
                    reference: None,
                    name: name.clone(),
                    location: ParameterIn::Path,
                    description: Some(UNDESCRIBED_PATH_PARAM.into()),
                    required: true,
                    deprecated: false,
                    schema: Some(Schema::of_type("string").into()),
                    content: None,
                    example: None,
                    extensions: Extensions::new(),
                });
            }
        }
        if let Some(paging) = &op.paging {
            let max = Number::from(paging.max_page_size);
            match parameters
                .iter_mut()
                .find(|p| p.name == paging.page_size_parameter && p.location == ParameterIn::Query)
            {
                Some(p) => {
                    if let Some(s) = p.schema.as_mut().and_then(Lenient::read_mut) {
                        if s.maximum.is_none() && s.exclusive_maximum.is_none() {
                            s.maximum = Some(max);
                        }
                        if s.minimum.is_none() && s.exclusive_minimum.is_none() {
                            s.minimum = Some(1.into());
                        }
                    }
                }
                None => parameters.push(Parameter {
                    reference: None,
                    name: paging.page_size_parameter.clone(),
                    location: ParameterIn::Query,
                    description: Some(format!(
                        "Number of items per page (at most {}).",
                        paging.max_page_size
                    )),
                    required: false,
                    deprecated: false,
                    schema: Some(
                        Schema {
                            format: Some("int32".into()),
                            minimum: Some(1.into()),
                            maximum: Some(max),
                            ..Schema::of_type("integer")
                        }
                        .into(),
                    ),
                    content: None,
                    example: None,
                    extensions: Extensions::new(),
                }),
            }
        }
        let request_body = op.request_body.as_ref().map(|b| RequestBody {
            reference: None,
            description: doc_opt(&b.description),
            content: self.content(op, b, true),
            required: b.required,
            extensions: Extensions::new(),
        });
        let ext = self.vendor_extensions(op);
        // Every operation gets a summary (tools list operations by it): the documented one,
        // else the first line of a short description, else `METHOD /path`.
        let summary = op.summary.clone().or_else(|| {
            op.description
                .as_deref()
                .and_then(|d| d.lines().next())
                .map(str::trim)
                .filter(|l| !l.is_empty() && l.len() <= 120)
                .map(str::to_string)
        });
        Operation {
            // One group name for ungrouped operations, the one the Rust client files them under.
            tags: vec![op
                .group
                .clone()
                .unwrap_or_else(|| m::naming::UNGROUPED.to_string())],
            summary: Some(summary.unwrap_or_else(|| op.key())),
            description: Self::deprecation_text(op.description.clone(), &op.deprecation),
            operation_id: Some(finished.id().to_string()),
            parameters: parameters.into_iter().map(Lenient::Read).collect(),
            request_body: request_body.map(Lenient::Read),
            responses: Some(
                self.responses(op)
                    .into_iter()
                    .map(|(status, r)| (status, r.into()))
                    .collect(),
            ),
            deprecated: op.deprecation.is_some(),
            // Docs silent on authentication: no `security` at all (`security: []` would claim
            // the operation needs none).
            security: (!security.is_empty()).then(|| security.to_vec()),
            extensions: ext,
        }
    }

    /// The operation's facts OpenAPI has no field for, as the extensions of [`ext`].
    fn vendor_extensions(&self, op: &m::Operation) -> Extensions {
        let mut ext = Extensions::new();
        if !op.error_codes.is_empty() {
            ext.insert(
                ext::ERROR_CODES.into(),
                json!(op
                    .error_codes
                    .iter()
                    .map(|e| json!({"code": e.code, "status": e.status, "message": e.message}))
                    .collect::<Vec<_>>()),
            );
        }
        if let Some(r) = &op.resource_id {
            ext.insert(
                ext::RAMBASE_RESOURCE.into(),
                json!({"id": r.id, "version": r.version}),
            );
        }
        if op.api_operation {
            ext.insert(ext::RAMBASE_API_OPERATION.into(), json!(true));
        }
        if op.custom_fields {
            ext.insert(ext::CUSTOM_FIELDS.into(), json!(true));
        }
        if let Some(p) = &op.paging {
            ext.insert(
                ext::PAGING.into(),
                json!({"pageSizeParameter": p.page_size_parameter, "maxPageSize": p.max_page_size}),
            );
        }
        if !op.query_features.is_empty() {
            let q = &op.query_features;
            let fields = |fs: &[m::Field]| {
                fs.iter()
                    .map(|f| {
                        let mut o = serde_json::Map::new();
                        o.insert("name".into(), json!(f.name));
                        if let Some(d) = &f.description {
                            o.insert("description".into(), json!(d));
                        }
                        Value::Object(o)
                    })
                    .collect::<Vec<_>>()
            };
            let mut o = serde_json::Map::new();
            if !q.expandable_fields.is_empty() {
                o.insert(
                    "expandableFields".into(),
                    json!(fields(&q.expandable_fields)),
                );
            }
            if !q.filter_fields.is_empty() {
                o.insert("filterFields".into(), json!(fields(&q.filter_fields)));
            }
            if !q.sortable_fields.is_empty() {
                o.insert("sortableFields".into(), json!(fields(&q.sortable_fields)));
            }
            if !q.named_filters.is_empty() {
                o.insert(
                    "namedFilters".into(),
                    serde_json::to_value(&q.named_filters).unwrap_or_default(),
                );
            }
            ext.insert(ext::QUERY_FEATURES.into(), Value::Object(o));
        }
        if !op.related_operations.is_empty() {
            ext.insert(ext::RELATED_OPERATIONS.into(), json!(op.related_operations));
        }
        if let Some(src) = source_ext(&op.provenance) {
            ext.insert(ext::SOURCE.into(), src);
        }
        ext
    }

    /// The whole document: [`Lower::head`] with every path item and schema lowered in.
    pub(crate) fn document(&self) -> OpenApi {
        let (mut doc, security) = self.head();
        for (path, operations) in self.paths() {
            let item = self.path_item(&operations, &security);
            doc.paths.insert(path, item);
        }
        if let Some(components) = doc.components.as_mut() {
            for (name, id) in self.schema_names() {
                components.schemas.insert(name.clone(), self.schema(id));
            }
        }
        doc
    }

    /// The warnings of lowering every part, each part dropped as soon as it is lowered (no
    /// document is built).
    pub(crate) fn warnings_only(&self) -> Vec<m::Diagnostic> {
        drop(self.take_warnings());
        let (_, security) = self.head();
        for operations in self.paths().values() {
            drop(self.path_item(operations, &security));
        }
        for (_, id) in self.schema_names() {
            drop(self.schema(id));
        }
        self.take_warnings()
    }

    /// Each path (with a leading `/`) and its operations, in path order: the keys of `paths`.
    pub(crate) fn paths(&self) -> BTreeMap<String, Vec<m::FinishedOperation<'a>>> {
        let mut paths: BTreeMap<String, Vec<m::FinishedOperation<'a>>> = BTreeMap::new();
        for op in self.api.finished_operations() {
            let path = if op.path.starts_with('/') {
                op.path.clone()
            } else {
                format!("/{}", op.path)
            };
            paths.entry(path).or_default().push(op);
        }
        paths
    }

    /// The path item of `operations` (one path's), each operation under its method.
    pub(crate) fn path_item(
        &self,
        operations: &[m::FinishedOperation<'_>],
        security: &[SecurityRequirement],
    ) -> PathItem {
        let mut item = PathItem::default();
        // Operation ids, and methods per path, are unique: `finish` checked them.
        for &op in operations {
            let slot = match op.method {
                m::Method::Get => &mut item.get,
                m::Method::Put => &mut item.put,
                m::Method::Post => &mut item.post,
                m::Method::Delete => &mut item.delete,
                m::Method::Patch => &mut item.patch,
                m::Method::Head => &mut item.head,
                m::Method::Options => &mut item.options,
            };
            debug_assert!(slot.is_none(), "finish refuses `{}` twice", op.key());
            *slot = Some(self.operation(op, security).into());
        }
        item
    }

    /// The component name of every named type, in name order: the keys of
    /// `components.schemas`.
    pub(crate) fn schema_names(&self) -> Vec<(&String, &m::TypeId)> {
        let mut names: Vec<(&String, &m::TypeId)> =
            self.registry.names.iter().map(|(id, n)| (n, id)).collect();
        names.sort();
        names
    }

    /// The schema of the named type `id`.
    pub(crate) fn schema(&self, id: &m::TypeId) -> Lenient<Schema> {
        self.named_type(id, self.api.types.get(id)).into()
    }

    /// The document without its path items and schemas (`paths` and `components.schemas`
    /// empty; `components` there when the document has schemas or security schemes), and
    /// the security requirements of its operations.
    pub(crate) fn head(&self) -> (OpenApi, Vec<SecurityRequirement>) {
        let api = self.api;
        let (schemes, security) = self.security_schemes();
        let mut tags: Vec<Tag> = api
            .groups
            .iter()
            .map(|g| Tag {
                name: g.name.clone(),
                description: doc_opt(&g.description),
            })
            .collect();
        let undeclared: BTreeSet<&String> = api
            .operations
            .iter()
            .filter_map(|op| op.group.as_ref())
            .filter(|g| api.group(g).is_none())
            .collect();
        tags.extend(undeclared.into_iter().map(|g| Tag {
            name: g.clone(),
            description: None,
        }));
        if api.operations.iter().any(|op| op.group.is_none())
            && !tags.iter().any(|t| t.name == m::naming::UNGROUPED)
        {
            tags.push(Tag {
                name: m::naming::UNGROUPED.to_string(),
                description: Some("Operations the documentation puts in no group.".into()),
            });
        }
        let has_components = !schemes.is_empty() || !self.registry.names.is_empty();
        let components = Components {
            security_schemes: schemes.into_iter().map(|(k, v)| (k, v.into())).collect(),
            ..Components::default()
        };
        let head = OpenApi {
            openapi: match self.version {
                OpenApiVersion::V3_0 => "3.0.3",
                OpenApiVersion::V3_1 => "3.1.0",
            }
            .to_string(),
            info: Info {
                title: api.title.clone(),
                description: doc_opt(&api.description),
                version: "unversioned".into(),
                extensions: Extensions::new(),
            },
            servers: if api.base_urls.is_empty() {
                vec![Server {
                    url: "/".into(),
                    description: Some(NO_BASE_URL.into()),
                    variables: IndexMap::new(),
                }]
            } else {
                api.base_urls
                    .iter()
                    .map(|u| Server {
                        url: u.clone(),
                        description: None,
                        variables: IndexMap::new(),
                    })
                    .collect()
            },
            tags,
            paths: BTreeMap::new(),
            components: has_components.then_some(components),
            extensions: Extensions::new(),
        };
        (head, security)
    }
}

/// Whether `v` validates against the constraints lowering put on `s` (type, enum, bounds,
/// lengths, pattern), so a `default` never makes the document invalid.
fn default_fits(s: &Schema, v: &Value) -> bool {
    if s.is_ref() {
        // Only enum defaults reach a `$ref`, checked against the members in `default_value`.
        return true;
    }
    let type_ok = match (s.type_name(), v) {
        (Some("integer"), Value::Number(n)) => n.is_i64() || n.is_u64(),
        (Some("number"), Value::Number(_)) => true,
        (Some("boolean"), Value::Bool(_)) => true,
        (Some("string"), Value::String(_)) => true,
        (Some("array"), Value::Array(items)) => s
            .items
            .as_deref()
            .and_then(Lenient::read)
            .is_none_or(|item| items.iter().all(|i| default_fits(item, i))),
        (None, _) => true,
        _ => false,
    };
    if !type_ok {
        return false;
    }
    if let Some(values) = &s.enum_values {
        if !values.contains(v) {
            return false;
        }
    }
    if let Value::Number(n) = v {
        let x = n.as_f64().unwrap_or(f64::NAN);
        let min_excl = matches!(s.exclusive_minimum, Some(ExclusiveBound::Flag(true)));
        let max_excl = matches!(s.exclusive_maximum, Some(ExclusiveBound::Flag(true)));
        if let Some(min) = s.minimum.as_ref().and_then(Number::as_f64) {
            if x < min || (min_excl && x == min) {
                return false;
            }
        }
        if let Some(max) = s.maximum.as_ref().and_then(Number::as_f64) {
            if x > max || (max_excl && x == max) {
                return false;
            }
        }
        if let Some(ExclusiveBound::Value(b)) = &s.exclusive_minimum {
            if b.as_f64().is_some_and(|b| x <= b) {
                return false;
            }
        }
        if let Some(ExclusiveBound::Value(b)) = &s.exclusive_maximum {
            if b.as_f64().is_some_and(|b| x >= b) {
                return false;
            }
        }
    }
    if let Value::String(text) = v {
        let len = text.chars().count() as u64;
        if s.min_length.is_some_and(|m| len < m) || s.max_length.is_some_and(|m| len > m) {
            return false;
        }
        if let Some(p) = &s.pattern {
            // A pattern the `regex` crate cannot read is not held against the default.
            if regex::Regex::new(p).is_ok_and(|re| !re.is_match(text)) {
                return false;
            }
        }
    }
    true
}

/// Names of the `{placeholders}` in a path template ([`m::PathTemplate`]).
fn path_params(path: &str) -> Vec<String> {
    m::PathTemplate::parse(path)
        .placeholders()
        .map(str::to_string)
        .collect()
}

impl Schema {
    /// Whether this schema is a `$ref`.
    pub fn is_ref(&self) -> bool {
        self.reference.is_some()
    }
}

/// The sentence an incomplete (open) enum's description ends with; the importer removes it
/// again, so both directions take it from here.
pub(crate) fn open_enum_note(members: &[m::EnumMember]) -> String {
    let known = members
        .iter()
        .map(|mem| format!("`{}` ({})", mem.value, mem.name))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "Known values: {known}. The documentation does not list every value, so others are accepted."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_names_are_sanitised() {
        assert_eq!(
            sanitize_component_name(
                "EntityListOfItslearning.RestApi.Entities.AggregatedOrganisation"
            ),
            "EntityListOfItslearning.RestApi.Entities.AggregatedOrganisation"
        );
        assert_eq!(sanitize_component_name("List`1"), "List_1");
        assert_eq!(
            sanitize_component_name("Dictionary<K, V>"),
            "Dictionary_K__V_"
        );
        assert_eq!(sanitize_component_name(""), "_");
    }

    #[test]
    fn sanitised_collisions_get_suffixes_and_exact_names_win() {
        let mut api = m::Api::new("T");
        for name in ["A B", "A_B", "A-B"] {
            api.types.insert(
                m::TypeId::from_name(name),
                m::NamedType::new(name, m::TypeKind::Placeholder),
            );
        }
        let r = Registry::new(&api);
        assert_eq!(r.name(&m::TypeId::from_name("A_B")), "A_B");
        assert_eq!(r.name(&m::TypeId::from_name("A-B")), "A-B");
        assert_eq!(r.name(&m::TypeId::from_name("A B")), "A_B_2");
    }

    #[test]
    fn typed_values_follow_the_schema_type() {
        assert_eq!(typed_value("True", Some("boolean")), Some(json!(true)));
        assert_eq!(typed_value("100000", Some("integer")), Some(json!(100000)));
        assert_eq!(typed_value("0.01", Some("number")), Some(json!(0.01)));
        assert_eq!(typed_value("abc", Some("integer")), None);
        assert_eq!(typed_value("", Some("string")), Some(json!("")));
    }

    #[test]
    fn path_params_are_read_from_templates() {
        assert_eq!(path_params("/a/{x}/b/{y}"), ["x", "y"]);
        assert!(path_params("/a/{broken").is_empty());
    }
}
