//! Checks every JSON sample of a model's operations against the model's types (shared by the
//! fixture and conformance sample tests).

use apiscrape_model::{Api, EnumRepr, Primitive, ResponseContent, TypeKind, TypeRef};

fn is_rfc3339(s: &str) -> bool {
    regex::Regex::new(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
        .unwrap()
        .is_match(s)
}

/// Whether a JSON value is a value of a primitive as its wire format says.
fn fits_primitive(p: Primitive, v: &serde_json::Value) -> Result<(), String> {
    use serde_json::Value as V;
    let ok = match (p, v) {
        (_, V::Null) => true,
        (p, V::Number(n)) if p.is_integer() => n.is_i64() || n.is_u64(),
        (
            Primitive::Number | Primitive::Float | Primitive::Double | Primitive::Decimal,
            V::Number(_),
        ) => true,
        (Primitive::Boolean, V::Bool(_)) => true,
        (Primitive::String | Primitive::Binary, V::String(_)) => true,
        (Primitive::Char, V::String(s)) => s.chars().count() == 1,
        (Primitive::DateTime, V::String(s)) => is_rfc3339(s),
        (Primitive::Date, V::String(s)) => regex::Regex::new(r"^\d{4}-\d{2}-\d{2}$")
            .unwrap()
            .is_match(s),
        (Primitive::Time, V::String(s)) => regex::Regex::new(r"^\d{2}:\d{2}:\d{2}(\.\d+)?$")
            .unwrap()
            .is_match(s),
        (Primitive::Duration, V::String(s)) => {
            regex::Regex::new(r"^-?(\d+\.)?\d{2}:\d{2}:\d{2}(\.\d+)?$")
                .unwrap()
                .is_match(s)
        }
        (Primitive::Uuid, V::String(s)) => {
            s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
        }
        (Primitive::Uri, V::String(s)) => s.contains("://") || s.starts_with("urn:"),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{v} is not a {p:?}"))
    }
}

/// Mismatches between a sample value and a model type, as `path: problem`. Iterative, with
/// the path of each value.
fn check_sample(api: &Api, ty: &TypeRef, value: &serde_json::Value) -> Vec<String> {
    use serde_json::Value as V;
    let mut out = Vec::new();
    let mut stack: Vec<(String, &TypeRef, &serde_json::Value)> = vec![("$".into(), ty, value)];
    while let Some((path, ty, v)) = stack.pop() {
        if v.is_null() {
            continue;
        }
        match ty {
            TypeRef::Any => {}
            TypeRef::Primitive { primitive } => {
                if let Err(e) = fits_primitive(*primitive, v) {
                    out.push(format!("{path}: {e}"));
                }
            }
            TypeRef::Array { items } => match v {
                V::Array(vs) => {
                    for (i, item) in vs.iter().enumerate() {
                        stack.push((format!("{path}[{i}]"), items, item));
                    }
                }
                _ => out.push(format!("{path}: {v} is not an array")),
            },
            TypeRef::Map { value: vt, .. } => match v {
                V::Object(o) => {
                    for (k, item) in o {
                        stack.push((format!("{path}.{k}"), vt, item));
                    }
                }
                _ => out.push(format!("{path}: {v} is not a map")),
            },
            TypeRef::Pair { .. } => {}
            TypeRef::Named { id } => match api.types.get(id).map(|t| &t.kind) {
                None | Some(TypeKind::Placeholder) => {}
                Some(TypeKind::Alias { target }) => stack.push((path, target, v)),
                Some(TypeKind::Enum { repr, .. }) => {
                    let ok = match repr {
                        EnumRepr::Integer => v.is_i64() || v.is_u64(),
                        EnumRepr::String => v.is_string(),
                    };
                    if !ok {
                        out.push(format!("{path}: {v} is not a {repr:?} member of {id}"));
                    }
                }
                Some(TypeKind::Object { fields }) => match v {
                    V::Object(o) => {
                        for (k, item) in o {
                            let field = fields.iter().find(|f| f.json_key() == k).or_else(|| {
                                fields.iter().find(|f| f.json_key().eq_ignore_ascii_case(k))
                            });
                            match field {
                                Some(f) => stack.push((format!("{path}.{k}"), &f.ty, item)),
                                None => out.push(format!("{path}.{k}: no field of {id}")),
                            }
                        }
                    }
                    _ => out.push(format!("{path}: {v} is not an object ({id})")),
                },
            },
        }
    }
    out.sort();
    out
}

/// Every complete JSON sample of a site checked against the type of its body.
pub fn sample_findings(api: &Api) -> Vec<String> {
    let mut out = Vec::new();
    for op in &api.operations {
        let bodies =
            op.request_body
                .iter()
                .map(|b| ("request", b))
                .chain(op.responses.iter().filter_map(|r| match &r.content {
                    ResponseContent::Body { body } => Some(("response", body)),
                    _ => None,
                }));
        for (side, body) in bodies {
            for m in &body.media_types {
                if !m.name.to_ascii_lowercase().contains("json") {
                    continue;
                }
                let Some(ex) = &m.example else { continue };
                // HAL's reserved `_links`/`_embedded` belong to the media type, not the body.
                let hal = m.name.to_ascii_lowercase().contains("hal+");
                let Ok(v) = serde_json::from_str::<serde_json::Value>(&ex.value) else {
                    continue;
                };
                for f in check_sample(api, &body.ty, &v)
                    .into_iter()
                    .filter(|f| !(hal && (f.contains("._links") || f.contains("._embedded"))))
                {
                    out.push(format!("{} {side} {}: {f}", op.key(), m.name));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}
