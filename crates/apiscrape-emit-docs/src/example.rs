//! Example request bodies in JSON and XML, built from the model (not copied from the docs).
//!
//! Values come, in order of preference, from a field's documented (non-synthetic) example, its
//! allowed values, its documented default, its minimum, and finally a placeholder for its type.
//! JSON keys are [`Field::json_key`], XML elements [`Field::xml_key`]; a body's
//! [`Body::json_wrapper`] wraps the JSON payload and [`Body::xml_root`] (or the type's own XML
//! name) names the XML root with its namespace. Enum members are written by value in JSON and
//! by name in XML, as .NET's DataContract serializer does; for the `aspnet` dialect XML elements
//! are in ordinal name order, the order DataContractSerializer writes and expects. Recursive types stop at the first
//! repetition (an empty object or element) and nesting stops at [`MAX_DEPTH`].

use apiscrape_model::{
    Api, Body, Constraints, EnumRepr, Example, Field, Primitive, TypeKind, TypeRef,
};

/// Deepest nesting an example shows.
pub const MAX_DEPTH: usize = 8;

/// A JSON value that keeps object keys in field order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// A literal written as is (numbers, `true`).
    Raw(String),
    /// A string.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, keys in order.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// Pretty-prints with two-space indentation.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out
    }

    fn write(&self, out: &mut String, indent: usize) {
        let pad = |n: usize| "  ".repeat(n);
        match self {
            Json::Null => out.push_str("null"),
            Json::Raw(s) => out.push_str(s),
            Json::Str(s) => out.push_str(&serde_json::Value::String(s.clone()).to_string()),
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Obj(fields) if fields.is_empty() => out.push_str("{}"),
            Json::Arr(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    item.write(out, indent + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push(']');
            }
            Json::Obj(fields) => {
                out.push_str("{\n");
                for (i, (k, v)) in fields.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    out.push_str(&serde_json::Value::String(k.clone()).to_string());
                    out.push_str(": ");
                    v.write(out, indent + 1);
                    out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push('}');
            }
        }
    }
}

/// The JSON example of a body, wrapper included.
pub fn json_body(api: &Api, body: &Body) -> String {
    let payload = json_value(api, &body.ty, None, &mut Vec::new());
    let value = match &body.json_wrapper {
        Some(key) => Json::Obj(vec![(key.clone(), payload)]),
        None => payload,
    };
    value.pretty()
}

/// A scalar's example text and whether it is a JSON string (rather than a literal).
fn scalar(p: Primitive, field: Option<&Field>) -> (String, bool) {
    let constraints = field.map(|f| &f.constraints);
    if let Some(v) = field.and_then(|f| documented(f.example.as_ref(), constraints)) {
        return v;
    }
    let min = constraints
        .and_then(|c| c.minimum.as_ref())
        .map(|b| b.value.0.clone());
    let text = match p {
        _ if p.is_numeric() => {
            return (min.unwrap_or_else(|| "0".into()), false);
        }
        Primitive::Boolean => return ("true".into(), false),
        Primitive::String => match constraints.and_then(|c| c.data_type.as_deref()) {
            Some(t) if t.eq_ignore_ascii_case("EmailAddress") => "user@example.com".into(),
            Some(t) if t.eq_ignore_ascii_case("Url") => "https://example.com/".into(),
            _ => match constraints.and_then(|c| c.format_hint.clone()) {
                Some(hint) => hint,
                None => "string".into(),
            },
        },
        Primitive::Char => "a".into(),
        Primitive::Date => "2024-01-31".into(),
        Primitive::DateTime => "2024-01-31T12:00:00Z".into(),
        Primitive::Time => "12:00:00".into(),
        Primitive::Duration => "00:30:00".into(),
        Primitive::Uuid => "00000000-0000-0000-0000-000000000000".into(),
        Primitive::Uri => "https://example.com/".into(),
        Primitive::Binary => "AAECAw==".into(),
        _ => "string".into(),
    };
    (text, true)
}

/// A documented (non-synthetic) example, allowed value or default, as (text, is_string).
fn documented(
    example: Option<&Example>,
    constraints: Option<&Constraints>,
) -> Option<(String, bool)> {
    if let Some(e) = example.filter(|e| !e.synthetic) {
        return Some((e.value.clone(), true));
    }
    let c = constraints?;
    if let Some(v) = c.allowed_values.first() {
        return Some((v.clone(), true));
    }
    c.default
        .as_ref()
        .filter(|d| !d.is_empty())
        .map(|d| (d.clone(), true))
}

/// Turns (text, is_string) into JSON: numbers and booleans documented as text stay literals
/// when they parse as such and the type is not a string.
fn scalar_json(p: Primitive, (text, is_string): (String, bool)) -> Json {
    let literal_ok = !matches!(
        p,
        Primitive::String
            | Primitive::Char
            | Primitive::Date
            | Primitive::DateTime
            | Primitive::Time
            | Primitive::Duration
            | Primitive::Uuid
            | Primitive::Uri
            | Primitive::Binary
    );
    if literal_ok && (!is_string || serde_json::from_str::<serde_json::Value>(&text).is_ok()) {
        // Keep the documented literal (`12.50`), not serde's rendering of it (`12.5`).
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(text.trim()) {
            if v.is_number() || v.is_boolean() {
                return Json::Raw(text.trim().to_string());
            }
        }
    }
    Json::Str(text)
}

fn json_value(api: &Api, ty: &TypeRef, field: Option<&Field>, stack: &mut Vec<String>) -> Json {
    if stack.len() >= MAX_DEPTH {
        return Json::Null;
    }
    match ty {
        TypeRef::Primitive { primitive } => scalar_json(*primitive, scalar(*primitive, field)),
        TypeRef::Any => Json::Obj(Vec::new()),
        TypeRef::Array { items } => Json::Arr(vec![json_value(api, items, None, stack)]),
        TypeRef::Map { key, value } => {
            let k = match key.as_ref() {
                TypeRef::Primitive { primitive } => scalar(*primitive, None).0,
                _ => "key".to_string(),
            };
            Json::Obj(vec![(k, json_value(api, value, None, stack))])
        }
        TypeRef::Pair { key, value } => Json::Obj(vec![
            ("Key".into(), json_value(api, key, None, stack)),
            ("Value".into(), json_value(api, value, None, stack)),
        ]),
        TypeRef::Named { id } => {
            let Some(named) = api.types.get(id) else {
                return Json::Str(id.0.clone());
            };
            if stack.contains(&id.0) {
                return Json::Obj(Vec::new());
            }
            stack.push(id.0.clone());
            let out = match &named.kind {
                TypeKind::Object { fields } => Json::Obj(
                    fields
                        .iter()
                        .map(|f| {
                            (
                                f.json_key().to_string(),
                                json_value(api, &f.ty, Some(f), stack),
                            )
                        })
                        .collect(),
                ),
                TypeKind::Enum { repr, members, .. } => {
                    let doc =
                        field.and_then(|f| documented(f.example.as_ref(), Some(&f.constraints)));
                    let value = doc
                        .map(|(t, _)| t)
                        .or_else(|| members.first().map(|m| m.value.clone()));
                    match (value, repr) {
                        (Some(v), EnumRepr::Integer) if v.parse::<i64>().is_ok() => Json::Raw(v),
                        (Some(v), _) => Json::Str(v),
                        (None, EnumRepr::Integer) => Json::Raw("0".into()),
                        (None, EnumRepr::String) => Json::Str("string".into()),
                    }
                }
                TypeKind::Alias { target } => json_value(api, target, field, stack),
                TypeKind::Placeholder => Json::Obj(Vec::new()),
            };
            stack.pop();
            out
        }
    }
}

/// The XML example of a body: root element from [`Body::xml_root`], else the type's XML name,
/// else the type's name.
pub fn xml_body(api: &Api, body: &Body) -> String {
    let named = match &body.ty {
        TypeRef::Named { id } => api.types.get(id),
        _ => None,
    };
    let type_xml = named.and_then(|n| n.xml.as_ref());
    let (root, namespace) = match (&body.xml_root, type_xml) {
        (Some(x), _) | (None, Some(x)) => (
            x.name.clone(),
            x.namespace
                .clone()
                .or_else(|| type_xml.and_then(|t| t.namespace.clone())),
        ),
        (None, None) => (type_element_name(api, &body.ty), None),
    };
    let mut out = String::new();
    let attrs = namespace
        .map(|ns| format!(" xmlns=\"{}\"", xml_escape(&ns)))
        .unwrap_or_default();
    xml_element(
        api,
        &root,
        &attrs,
        &body.ty,
        None,
        0,
        &mut Vec::new(),
        &mut out,
    );
    out.trim_end().to_string()
}

/// The element name a value of `ty` gets as a list item or root.
fn type_element_name(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named { id } => {
            let name = api.types.get(id).map(|t| t.name.as_str()).unwrap_or(&id.0);
            xml_name(name)
        }
        TypeRef::Primitive { primitive } => crate::view::primitive_name(*primitive)
            .split([' ', '-'])
            .next()
            .unwrap_or("value")
            .to_string(),
        TypeRef::Array { items } => format!("ArrayOf{}", type_element_name(api, items)),
        TypeRef::Map { .. } => "Dictionary".into(),
        TypeRef::Pair { .. } => "KeyValuePair".into(),
        TypeRef::Any => "anyType".into(),
    }
}

/// A valid XML element name from arbitrary text (invalid characters become `_`).
fn xml_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[allow(
    clippy::too_many_arguments,
    reason = "one recursion step of the sample builder: what to write, where, and the cycle guard"
)]
fn xml_element(
    api: &Api,
    name: &str,
    attrs: &str,
    ty: &TypeRef,
    field: Option<&Field>,
    depth: usize,
    stack: &mut Vec<String>,
    out: &mut String,
) {
    let pad = "  ".repeat(depth);
    let name = xml_name(name);
    let open = format!("{pad}<{name}{attrs}>");
    let close = format!("</{name}>\n");
    let empty = format!("{pad}<{name}{attrs} />\n");
    if stack.len() >= MAX_DEPTH {
        out.push_str(&empty);
        return;
    }
    match ty {
        TypeRef::Primitive { primitive } => {
            let (text, _) = scalar(*primitive, field);
            out.push_str(&format!("{open}{}{close}", xml_escape(&text)));
        }
        TypeRef::Any => out.push_str(&empty),
        TypeRef::Array { items } => {
            out.push_str(&format!("{open}\n"));
            let item = type_element_name(api, items);
            xml_element(api, &item, "", items, None, depth + 1, stack, out);
            out.push_str(&format!("{pad}{close}"));
        }
        TypeRef::Map { key, value } | TypeRef::Pair { key, value } => {
            out.push_str(&format!("{open}\n"));
            xml_element(api, "Key", "", key, None, depth + 1, stack, out);
            xml_element(api, "Value", "", value, None, depth + 1, stack, out);
            out.push_str(&format!("{pad}{close}"));
        }
        TypeRef::Named { id } => {
            let Some(named) = api.types.get(id) else {
                out.push_str(&empty);
                return;
            };
            if stack.contains(&id.0) {
                out.push_str(&empty);
                return;
            }
            stack.push(id.0.clone());
            match &named.kind {
                TypeKind::Object { fields } if !fields.is_empty() => {
                    out.push_str(&format!("{open}\n"));
                    let mut fields: Vec<&Field> = fields.iter().collect();
                    if api.dialect.as_deref() == Some("aspnet") {
                        // DataContractSerializer reads members in ordinal order of their names.
                        fields.sort_by(|a, b| a.xml_key().cmp(b.xml_key()));
                    }
                    for f in fields {
                        xml_element(api, f.xml_key(), "", &f.ty, Some(f), depth + 1, stack, out);
                    }
                    out.push_str(&format!("{pad}{close}"));
                }
                TypeKind::Object { .. } | TypeKind::Placeholder => out.push_str(&empty),
                TypeKind::Enum { members, .. } => {
                    let doc =
                        field.and_then(|f| documented(f.example.as_ref(), Some(&f.constraints)));
                    // DataContract writes enum members by name.
                    let text = doc
                        .map(|(t, _)| {
                            members
                                .iter()
                                .find(|m| m.value == t)
                                .map_or(t, |m| m.name.clone())
                        })
                        .or_else(|| members.first().map(|m| m.name.clone()))
                        .unwrap_or_default();
                    out.push_str(&format!("{open}{}{close}", xml_escape(&text)));
                }
                TypeKind::Alias { target } => {
                    xml_element(api, &name, attrs, target, field, depth, stack, out);
                }
            }
            stack.pop();
        }
    }
}
