//! Patching the parsed model where the documentation is wrong (`[[api.patch]]` in the config).
//!
//! Each patch names one target and says what to change. Patches are applied after parsing, in
//! file order, and recorded in the provenance of the operation or type they touch. A patch
//! whose target does not exist fails the run: when the docs are fixed (or the page renamed),
//! the patch must be revisited, not silently ignored.
//!
//! Targets:
//! - `METHOD /path` — an operation: `rename` sets its operationId; `add_error_codes`,
//!   `add_parameters` add to it.
//! - `METHOD /path query|path|header NAME` — a parameter: `type`, `required`, constraints.
//! - `type NAME` — a named type: `rename`.
//! - `field TYPE.FIELD` — a field: `type`, `required`, constraints.

use anyhow::{anyhow, bail, Result};
use apiscrape_model::{
    Api, Body, Bound, ErrorCode, Field, Method, Number, Operation, ParamLocation, Parameter,
    Primitive, Provenance, ResponseContent, TypeId, TypeKind, TypeRef,
};
use serde::Deserialize;

/// One `[[api.patch]]` entry.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// What to patch (see the module docs).
    pub target: String,
    /// New operationId (operations) or name (types).
    #[serde(default)]
    pub rename: Option<String>,
    /// New value type: a primitive (`int64`, `string`, `date_time`, ...) or a named type,
    /// with `[]` for a list (`Phone[]`).
    #[serde(default, rename = "type")]
    pub ty: Option<String>,
    /// New required flag.
    #[serde(default)]
    pub required: Option<bool>,
    /// New inclusive minimum.
    #[serde(default)]
    pub minimum: Option<toml::Value>,
    /// New inclusive maximum.
    #[serde(default)]
    pub maximum: Option<toml::Value>,
    /// New minimum length.
    #[serde(default)]
    pub min_length: Option<u64>,
    /// New maximum length.
    #[serde(default)]
    pub max_length: Option<u64>,
    /// New regular expression.
    #[serde(default)]
    pub pattern: Option<String>,
    /// New default value.
    #[serde(default)]
    pub default: Option<String>,
    /// Error codes to add to an operation.
    #[serde(default)]
    pub add_error_codes: Vec<ErrorCodePatch>,
    /// Parameters to add to an operation.
    #[serde(default)]
    pub add_parameters: Vec<ParameterPatch>,
}

/// An error code to add.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ErrorCodePatch {
    /// Vendor code.
    pub code: String,
    /// HTTP status.
    pub status: u16,
    /// Message.
    pub message: String,
}

/// A parameter to add.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ParameterPatch {
    /// Wire name.
    pub name: String,
    /// `query`, `path` or `header`.
    #[serde(rename = "in")]
    pub location: String,
    /// Value type (as [`Patch::ty`]).
    #[serde(rename = "type", default = "default_type")]
    pub ty: String,
    /// Required flag.
    #[serde(default)]
    pub required: bool,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
}

impl Patch {
    /// A patch renaming operation `key` (`METHOD /path`) to `id` (what an
    /// `[api.operation_ids]` entry means).
    pub fn rename(key: &str, id: &str) -> Patch {
        Patch {
            target: key.to_string(),
            rename: Some(id.to_string()),
            ..Patch::default()
        }
    }
}

fn default_type() -> String {
    "string".to_string()
}

fn location(s: &str) -> Result<ParamLocation> {
    Ok(match s {
        "query" => ParamLocation::Query,
        "path" => ParamLocation::Path,
        "header" => ParamLocation::Header,
        "cookie" => ParamLocation::Cookie,
        other => bail!("unknown parameter location `{other}` (expected query, path or header)"),
    })
}

/// Parses a type as written in a patch.
pub fn parse_type(api: &Api, s: &str) -> Result<TypeRef> {
    let s = s.trim();
    if let Some(inner) = s.strip_suffix("[]") {
        return Ok(TypeRef::array(parse_type(api, inner)?));
    }
    if s == "any" {
        return Ok(TypeRef::Any);
    }
    let quoted = format!("\"{s}\"");
    if let Ok(p) = serde_json::from_str::<Primitive>(&quoted) {
        return Ok(TypeRef::primitive(p));
    }
    if api.types.contains_key(&TypeId::from_name(s)) {
        return Ok(TypeRef::named(s));
    }
    bail!("unknown type `{s}`: not a primitive (int32, int64, string, boolean, decimal, date, date_time, ...) nor a documented type")
}

fn number(v: &toml::Value) -> Result<Number> {
    let text = match v {
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::String(s) => s.clone(),
        other => bail!("`{other}` is not a number"),
    };
    Number::parse(&text).ok_or_else(|| anyhow!("`{text}` is not a number"))
}

/// Applies every patch to `api`; `source` (the config file) goes into provenance.
pub fn apply(api: &mut Api, patches: &[Patch], source: &str) -> Result<()> {
    for patch in patches {
        apply_one(api, patch, source)
            .map_err(|e| anyhow!("patch `{}` in {source}: {e:#}", patch.target))?;
    }
    Ok(())
}

fn note(source: &str, what: String) -> Provenance {
    Provenance {
        note: Some(format!("override: {what}")),
        ..Provenance::file(source)
    }
}

fn apply_one(api: &mut Api, patch: &Patch, source: &str) -> Result<()> {
    let target = patch.target.trim();
    if let Some(name) = target.strip_prefix("type ") {
        return patch_type(api, patch, name.trim(), source);
    }
    if let Some(path) = target.strip_prefix("field ") {
        let (ty_name, field_name) = path
            .trim()
            .rsplit_once('.')
            .ok_or_else(|| anyhow!("a field target is `field Type.Field`"))?;
        let new_ty = patch
            .ty
            .as_deref()
            .map(|t| parse_type(api, t))
            .transpose()?;
        let ty = api
            .types
            .get_mut(&TypeId::from_name(ty_name))
            .ok_or_else(|| anyhow!("no type `{ty_name}` in the docs"))?;
        let TypeKind::Object { fields } = &mut ty.kind else {
            bail!("type `{ty_name}` has no fields");
        };
        let field = fields
            .iter_mut()
            .find(|f| f.name == field_name)
            .ok_or_else(|| anyhow!("type `{ty_name}` has no field `{field_name}`"))?;
        patch_value(field_target(field), new_ty, patch)?;
        ty.provenance.push(note(
            source,
            format!("field {field_name}: {}", describe(patch)),
        ));
        return Ok(());
    }
    let mut parts = target.split_whitespace();
    let method = parts
        .next()
        .and_then(Method::parse)
        .ok_or_else(|| anyhow!("a target is `METHOD /path`, `METHOD /path query NAME`, `type NAME` or `field TYPE.FIELD`"))?;
    let path = parts
        .next()
        .ok_or_else(|| anyhow!("missing path after the method"))?;
    let param = match (parts.next(), parts.next()) {
        (Some(loc), Some(name)) => Some((location(loc)?, name.to_string())),
        (None, _) => None,
        (Some(_), None) => bail!("a parameter target is `METHOD /path query NAME`"),
    };
    let new_ty = patch
        .ty
        .as_deref()
        .map(|t| parse_type(api, t))
        .transpose()?;
    let added: Vec<Parameter> = patch
        .add_parameters
        .iter()
        .map(|p| -> Result<Parameter> {
            let mut param =
                Parameter::new(&p.name, location(&p.location)?, parse_type(api, &p.ty)?);
            param.required = p.required || param.location == ParamLocation::Path;
            param.description = p.description.clone();
            Ok(param)
        })
        .collect::<Result<_>>()?;
    let op = api
        .operations
        .iter_mut()
        .find(|o| o.method == method && o.path == path)
        .ok_or_else(|| anyhow!("no operation `{method} {path}` in the docs"))?;
    match param {
        Some((loc, name)) => {
            let p = op
                .parameters
                .iter_mut()
                .find(|p| p.location == loc && p.name == name)
                .ok_or_else(|| anyhow!("`{method} {path}` has no {loc:?} parameter `{name}`"))?;
            patch_value(
                ValueTarget {
                    ty: &mut p.ty,
                    required: &mut p.required,
                    constraints: &mut p.constraints,
                },
                new_ty,
                patch,
            )?;
            op.provenance.push(note(
                source,
                format!("parameter {name}: {}", describe(patch)),
            ));
        }
        None => patch_operation(op, patch, added, source)?,
    }
    Ok(())
}

struct ValueTarget<'a> {
    ty: &'a mut TypeRef,
    required: &'a mut bool,
    constraints: &'a mut apiscrape_model::Constraints,
}

fn field_target(f: &mut Field) -> ValueTarget<'_> {
    ValueTarget {
        ty: &mut f.ty,
        required: &mut f.required,
        constraints: &mut f.constraints,
    }
}

fn patch_value(t: ValueTarget<'_>, ty: Option<TypeRef>, patch: &Patch) -> Result<()> {
    if patch.rename.is_some()
        || !patch.add_error_codes.is_empty()
        || !patch.add_parameters.is_empty()
    {
        bail!("`rename`, `add_error_codes` and `add_parameters` apply to operations and types, not to values");
    }
    if let Some(ty) = ty {
        *t.ty = ty;
    }
    if let Some(r) = patch.required {
        *t.required = r;
    }
    let c = t.constraints;
    if let Some(v) = &patch.minimum {
        c.minimum = Some(Bound::inclusive(number(v)?));
    }
    if let Some(v) = &patch.maximum {
        c.maximum = Some(Bound::inclusive(number(v)?));
    }
    if let Some(v) = patch.min_length {
        c.min_length = Some(v);
    }
    if let Some(v) = patch.max_length {
        c.max_length = Some(v);
    }
    if let Some(v) = &patch.pattern {
        c.pattern = Some(v.clone());
    }
    if let Some(v) = &patch.default {
        c.default = Some(v.clone());
    }
    Ok(())
}

fn patch_operation(
    op: &mut Operation,
    patch: &Patch,
    added: Vec<Parameter>,
    source: &str,
) -> Result<()> {
    if patch.ty.is_some() || patch.required.is_some() || has_constraints(patch) {
        bail!("`type`, `required` and constraints apply to a parameter or field target, not to an operation");
    }
    if let Some(id) = &patch.rename {
        op.operation_id = Some(id.clone());
    }
    for e in &patch.add_error_codes {
        if op.error_codes.iter().any(|x| x.code == e.code) {
            bail!("error code `{}` is already documented", e.code);
        }
        op.error_codes.push(ErrorCode {
            code: e.code.clone(),
            status: e.status,
            message: e.message.clone(),
        });
        if !op.responses.iter().any(|r| r.status == e.status) {
            op.responses.push(apiscrape_model::Response {
                status: e.status,
                description: None,
                content: ResponseContent::Undocumented {
                    reason: "error body not documented".into(),
                },
            });
        }
    }
    for p in added {
        if op
            .parameters
            .iter()
            .any(|q| q.name == p.name && q.location == p.location)
        {
            bail!("parameter `{}` is already documented", p.name);
        }
        op.parameters.push(p);
    }
    op.provenance.push(note(source, describe(patch)));
    Ok(())
}

fn has_constraints(p: &Patch) -> bool {
    p.minimum.is_some()
        || p.maximum.is_some()
        || p.min_length.is_some()
        || p.max_length.is_some()
        || p.pattern.is_some()
        || p.default.is_some()
}

fn describe(p: &Patch) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &p.rename {
        parts.push(format!("rename to {r}"));
    }
    if let Some(t) = &p.ty {
        parts.push(format!("type {t}"));
    }
    if let Some(r) = p.required {
        parts.push(format!("required {r}"));
    }
    if has_constraints(p) {
        parts.push("constraints".to_string());
    }
    for e in &p.add_error_codes {
        parts.push(format!("add error code {}", e.code));
    }
    for q in &p.add_parameters {
        parts.push(format!("add parameter {}", q.name));
    }
    parts.join(", ")
}

fn patch_type(api: &mut Api, patch: &Patch, name: &str, source: &str) -> Result<()> {
    if patch.ty.is_some() || patch.required.is_some() || has_constraints(patch) {
        bail!("a type target takes only `rename`");
    }
    let old_id = TypeId::from_name(name);
    let mut ty = api
        .types
        .remove(&old_id)
        .ok_or_else(|| anyhow!("no type `{name}` in the docs"))?;
    let Some(new_name) = &patch.rename else {
        api.types.insert(old_id, ty);
        bail!("a type target needs `rename`");
    };
    let new_id = TypeId::from_name(new_name);
    if api.types.contains_key(&new_id) {
        api.types.insert(old_id, ty);
        bail!("a type named `{new_name}` already exists");
    }
    // The XML element keeps its documented name.
    if ty.xml.is_none() {
        ty.xml = Some(apiscrape_model::XmlName {
            name: ty.name.clone(),
            namespace: None,
        });
    }
    ty.name = new_name.clone();
    ty.provenance
        .push(note(source, format!("renamed from {name}")));
    api.types.insert(new_id.clone(), ty);
    for_each_type_ref(api, &mut |t| {
        if let TypeRef::Named { id } = t {
            if *id == old_id {
                *id = new_id.clone();
            }
        }
    });
    Ok(())
}

/// Calls `f` on every type reference in the model (recursively into lists and maps).
fn for_each_type_ref(api: &mut Api, f: &mut dyn FnMut(&mut TypeRef)) {
    fn walk(t: &mut TypeRef, f: &mut dyn FnMut(&mut TypeRef)) {
        f(t);
        match t {
            TypeRef::Array { items } => walk(items, f),
            TypeRef::Map { key, value } | TypeRef::Pair { key, value } => {
                walk(key, f);
                walk(value, f);
            }
            _ => {}
        }
    }
    fn body(b: &mut Body, f: &mut dyn FnMut(&mut TypeRef)) {
        walk(&mut b.ty, f);
    }
    for op in &mut api.operations {
        for p in &mut op.parameters {
            walk(&mut p.ty, f);
        }
        if let Some(b) = &mut op.request_body {
            body(b, f);
        }
        for r in &mut op.responses {
            if let ResponseContent::Body { body: b } = &mut r.content {
                body(b, f);
            }
        }
        for fl in op
            .query_features
            .expandable_fields
            .iter_mut()
            .chain(op.query_features.filter_fields.iter_mut())
            .chain(op.query_features.sortable_fields.iter_mut())
        {
            walk(&mut fl.ty, f);
        }
    }
    for ty in api.types.values_mut() {
        match &mut ty.kind {
            TypeKind::Object { fields } => {
                for fl in fields {
                    walk(&mut fl.ty, f);
                }
            }
            TypeKind::Alias { target } => walk(target, f),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> Api {
        let mut api = Api::new("T");
        let mut op = Operation::new(Method::Put, "/phones/{id}");
        op.parameters.push(Parameter::new(
            "id",
            ParamLocation::Path,
            TypeRef::primitive(Primitive::Int32),
        ));
        op.request_body = Some(Body::new(TypeRef::named("Phone")));
        api.operations.push(op);
        let phone = apiscrape_model::NamedType::new(
            "Phone",
            TypeKind::Object {
                fields: vec![Field::new("Number", TypeRef::string())],
            },
        );
        api.types.insert(phone.id(), phone);
        api
    }

    fn patches(toml_text: &str) -> Vec<Patch> {
        #[derive(Deserialize)]
        struct P {
            patch: Vec<Patch>,
        }
        toml::from_str::<P>(toml_text).unwrap().patch
    }

    #[test]
    fn patches_operations_parameters_types_and_fields_with_provenance() {
        let mut a = api();
        let ps = patches(
            r#"
            [[patch]]
            target = "PUT /phones/{id}"
            rename = "updatePhone"
            add_error_codes = [{ code = "101016", status = 403, message = "No access" }]
            add_parameters = [{ name = "$db", in = "query", description = "Company" }]
            [[patch]]
            target = "PUT /phones/{id} path id"
            type = "int64"
            minimum = 1
            [[patch]]
            target = "field Phone.Number"
            required = true
            max_length = 40
            [[patch]]
            target = "type Phone"
            rename = "PhoneNumber"
            "#,
        );
        apply(&mut a, &ps, "apiscrape.toml").unwrap();
        let op = &a.operations[0];
        assert_eq!(op.operation_id.as_deref(), Some("updatePhone"));
        assert_eq!(op.error_codes[0].code, "101016");
        assert_eq!(op.response(403).unwrap().status, 403);
        assert_eq!(op.parameter("$db").unwrap().location, ParamLocation::Query);
        let id = op.parameter("id").unwrap();
        assert_eq!(id.ty, TypeRef::primitive(Primitive::Int64));
        assert_eq!(id.constraints.minimum.as_ref().unwrap().value.0, "1");
        assert_eq!(
            op.request_body.as_ref().unwrap().ty,
            TypeRef::named("PhoneNumber")
        );
        let ty = a.type_named("PhoneNumber").unwrap();
        assert!(a.type_named("Phone").is_none());
        assert_eq!(ty.xml.as_ref().unwrap().name, "Phone");
        let f = ty.field("Number").unwrap();
        assert!(f.required);
        assert_eq!(f.constraints.max_length, Some(40));
        let notes: Vec<_> = op
            .provenance
            .iter()
            .filter_map(|p| p.note.as_deref())
            .collect();
        assert_eq!(
            notes,
            [
                "override: rename to updatePhone, add error code 101016, add parameter $db",
                "override: parameter id: type int64, constraints"
            ]
        );
        let type_notes: Vec<_> = ty
            .provenance
            .iter()
            .filter_map(|p| p.note.as_deref())
            .collect();
        assert_eq!(
            type_notes,
            [
                "override: field Number: required true, constraints",
                "override: renamed from Phone"
            ]
        );
    }

    #[test]
    fn a_patch_whose_target_is_gone_fails_with_a_clear_message() {
        let cases = [
            (
                "target = \"GET /nope\"\nrename = \"x\"",
                "no operation `GET /nope` in the docs",
            ),
            (
                "target = \"PUT /phones/{id} query $top\"\nrequired = true",
                "has no Query parameter `$top`",
            ),
            (
                "target = \"type Fax\"\nrename = \"X\"",
                "no type `Fax` in the docs",
            ),
            (
                "target = \"field Phone.Fax\"\nrequired = true",
                "type `Phone` has no field `Fax`",
            ),
            (
                "target = \"field Phone.Number\"\ntype = \"Telephone\"",
                "unknown type `Telephone`",
            ),
            (
                "target = \"PUT /phones/{id}\"\nrequired = true",
                "apply to a parameter or field target",
            ),
        ];
        for (body, expected) in cases {
            let mut a = api();
            let err = apply(
                &mut a,
                &patches(&format!("[[patch]]\n{body}")),
                "apiscrape.toml",
            )
            .unwrap_err();
            let text = format!("{err:#}");
            assert!(text.contains(expected), "{text}");
            assert!(text.starts_with("patch `"), "{text}");
        }
    }
}
