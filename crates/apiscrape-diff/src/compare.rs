//! Walking two models side by side and recording every difference a client would notice.

use crate::{Change, ChangeKind, Diff, Impact};
use apiscrape_model::{
    Api, Body, Bound, Constraints, EnumMember, Field, NamedType, Number, Operation, ParamLocation,
    Parameter, PathTemplate, Primitive, ResponseContent, TypeId, TypeKind, TypeRef,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Compares `old` with `new`.
pub fn diff(old: &Api, new: &Api) -> Diff {
    let mut d = Differ {
        old_enums: enum_values(old),
        new_enums: enum_values(new),
        sent: sent_types(old).into_iter().chain(sent_types(new)).collect(),
        ..Differ::default()
    };
    d.api(old, new);
    let mut changes = d.changes;
    changes.sort_by(|a, b| {
        (a.impact, &a.target, a.kind, &a.summary).cmp(&(b.impact, &b.target, b.kind, &b.summary))
    });
    changes.dedup();
    Diff { changes }
}

/// Member name → wire value of every enum of one side.
type EnumValues = BTreeMap<TypeId, BTreeMap<String, String>>;

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
    /// Types reachable from what clients send (parameters, request bodies) on either side;
    /// every other type only travels in responses.
    sent: BTreeSet<TypeId>,
    old_enums: EnumValues,
    new_enums: EnumValues,
}

/// Every named type reachable from parameters and request bodies.
fn sent_types(api: &Api) -> BTreeSet<TypeId> {
    let mut todo: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        for p in &op.parameters {
            todo.extend(p.ty.named_ids().into_iter().cloned());
        }
        if let Some(b) = &op.request_body {
            todo.extend(b.ty.named_ids().into_iter().cloned());
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(id) = todo.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        match api.types.get(&id).map(|t| &t.kind) {
            Some(TypeKind::Object { fields }) => {
                for f in fields {
                    todo.extend(f.ty.named_ids().into_iter().cloned());
                }
            }
            Some(TypeKind::Alias { target }) => {
                todo.extend(target.named_ids().into_iter().cloned())
            }
            _ => {}
        }
    }
    seen
}

fn enum_values(api: &Api) -> EnumValues {
    api.types
        .iter()
        .filter_map(|(id, t)| match &t.kind {
            TypeKind::Enum { members, .. } => Some((
                id.clone(),
                members
                    .iter()
                    .map(|m| (m.name.clone(), m.value.clone()))
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

/// A documented default as the value that travels: an enum member's name becomes its wire
/// value, `True` and `true` are the same boolean, `1.0` and `1` the same number.
fn wire_default(enums: &EnumValues, ty: &TypeRef, text: &str) -> String {
    let t = text.trim();
    if let TypeRef::Named { id } = ty {
        if let Some(members) = enums.get(id) {
            if let Some(v) = members.get(t) {
                return v.clone();
            }
        }
    }
    if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") {
        return t.to_ascii_lowercase();
    }
    match Number::parse(t).and_then(|n| n.as_f64()) {
        Some(f) if f.is_finite() => format!("{f}"),
        _ => t.to_string(),
    }
}

/// The parameters as a client sees them: the page-size parameter of a paged operation is
/// bounded by the paging limits (1 ..= max page size) unless the docs bound it themselves,
/// and exists even when the docs only state the limit.
fn effective_parameters(op: &Operation) -> Vec<Parameter> {
    let mut params = op.parameters.clone();
    if let Some(paging) = &op.paging {
        let max = Number(paging.max_page_size.to_string());
        let is_page_size = |p: &Parameter| {
            p.location == ParamLocation::Query && p.name == paging.page_size_parameter
        };
        if !params.iter().any(is_page_size) {
            params.push(Parameter::new(
                paging.page_size_parameter.clone(),
                ParamLocation::Query,
                TypeRef::primitive(Primitive::Int32),
            ));
        }
        for p in params.iter_mut().filter(|p| is_page_size(p)) {
            if p.constraints.maximum.is_none() {
                p.constraints.maximum = Some(Bound::inclusive(max.clone()));
            }
            if p.constraints.minimum.is_none() {
                p.constraints.minimum = Some(Bound::inclusive(Number("1".into())));
            }
        }
    }
    params
}

fn code(s: &str) -> String {
    format!("`{s}`")
}

/// A short human spelling of a type reference.
pub(crate) fn describe(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Primitive { primitive } => {
            let s = serde_json::to_value(primitive)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            s.replace('_', "-")
        }
        TypeRef::Named { id } => id.to_string(),
        TypeRef::Array { items } => format!("list of {}", describe(items)),
        TypeRef::Map { key, value } => format!("map of {} to {}", describe(key), describe(value)),
        TypeRef::Pair { key, value } => {
            format!("pair of {} and {}", describe(key), describe(value))
        }
        TypeRef::Any => "any".to_string(),
    }
}

fn num(n: &Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

/// What a change is about: the typed key whose text is [`Change::target`] (`API`,
/// `METHOD /path`, `type Name`), so the comparison never reads a key back from display text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target<'a> {
    /// The API as a whole.
    Api,
    /// An operation, by key (`PUT /contacts/{contactId}`).
    Operation(&'a str),
    /// A named type.
    Type(&'a TypeId),
}

impl fmt::Display for Target<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Api => f.write_str("API"),
            Target::Operation(key) => f.write_str(key),
            Target::Type(id) => write!(f, "type {id}"),
        }
    }
}

/// How the constraints changed, as readable items: those that tighten (a value valid before
/// may now be rejected) and those that loosen.
fn constraint_changes(old: &Constraints, new: &Constraints) -> (Vec<String>, Vec<String>) {
    let mut tightened = Vec::new();
    let mut loosened = Vec::new();
    let bound = |name: &str,
                 a: Option<f64>,
                 b: Option<f64>,
                 up_is_tighter: bool,
                 t: &mut Vec<String>,
                 l: &mut Vec<String>| {
        let show = |v: Option<f64>| v.map_or("none".to_string(), |x| x.to_string());
        let text = format!("{name} {} -> {}", show(a), show(b));
        match (a, b) {
            (None, Some(_)) => t.push(text),
            (Some(_), None) => l.push(text),
            (Some(x), Some(y)) if x != y => {
                if (y > x) == up_is_tighter {
                    t.push(text)
                } else {
                    l.push(text)
                }
            }
            _ => {}
        }
    };
    bound(
        "minimum",
        old.minimum.as_ref().map(|b| num(&b.value)),
        new.minimum.as_ref().map(|b| num(&b.value)),
        true,
        &mut tightened,
        &mut loosened,
    );
    bound(
        "maximum",
        old.maximum.as_ref().map(|b| num(&b.value)),
        new.maximum.as_ref().map(|b| num(&b.value)),
        false,
        &mut tightened,
        &mut loosened,
    );
    bound(
        "minLength",
        old.min_length.map(|v| v as f64),
        new.min_length.map(|v| v as f64),
        true,
        &mut tightened,
        &mut loosened,
    );
    bound(
        "maxLength",
        old.max_length.map(|v| v as f64),
        new.max_length.map(|v| v as f64),
        false,
        &mut tightened,
        &mut loosened,
    );
    let excl = |c: &Constraints| {
        (
            c.minimum.as_ref().is_some_and(|b| b.exclusive),
            c.maximum.as_ref().is_some_and(|b| b.exclusive),
        )
    };
    let ((old_min_x, old_max_x), (new_min_x, new_max_x)) = (excl(old), excl(new));
    for (name, a, b) in [
        ("exclusive minimum", old_min_x, new_min_x),
        ("exclusive maximum", old_max_x, new_max_x),
    ] {
        if a != b {
            let text = format!("{name} {a} -> {b}");
            if b {
                tightened.push(text)
            } else {
                loosened.push(text)
            }
        }
    }
    match (&old.pattern, &new.pattern) {
        (None, Some(p)) => tightened.push(format!("pattern {} added", code(p))),
        (Some(p), None) => loosened.push(format!("pattern {} removed", code(p))),
        (Some(a), Some(b)) if a != b => {
            tightened.push(format!("pattern {} -> {}", code(a), code(b)))
        }
        _ => {}
    }
    if old.allowed_values != new.allowed_values {
        let a: BTreeSet<_> = old.allowed_values.iter().collect();
        let b: BTreeSet<_> = new.allowed_values.iter().collect();
        let gone: Vec<_> = a.difference(&b).map(|s| code(s)).collect();
        let came: Vec<_> = b.difference(&a).map(|s| code(s)).collect();
        if a.is_empty() {
            tightened.push(format!("values limited to {}", came.join(", ")));
        } else if b.is_empty() {
            loosened.push("value list removed".to_string());
        } else {
            if !gone.is_empty() {
                tightened.push(format!("values {} no longer accepted", gone.join(", ")));
            }
            if !came.is_empty() {
                loosened.push(format!("values {} now accepted", came.join(", ")));
            }
        }
    }
    (tightened, loosened)
}

impl Differ {
    fn push(
        &mut self,
        impact: Impact,
        kind: ChangeKind,
        target: Target<'_>,
        summary: String,
        reason: &str,
    ) {
        self.changes.push(Change {
            impact,
            kind,
            target: target.to_string(),
            summary,
            reason: reason.to_string(),
        });
    }

    fn api(&mut self, old: &Api, new: &Api) {
        if old.base_urls.first() != new.base_urls.first() {
            self.push(
                Impact::Compatible,
                ChangeKind::BaseUrlChanged,
                Target::Api,
                format!(
                    "default base URL changed from {} to {}",
                    old.base_urls.first().map_or("(none)".into(), |u| code(u)),
                    new.base_urls.first().map_or("(none)".into(), |u| code(u))
                ),
                "clients built with the default base URL talk to the new one",
            );
        }
        let old_ops: BTreeMap<String, &Operation> =
            old.operations.iter().map(|o| (o.key(), o)).collect();
        let new_ops: BTreeMap<String, &Operation> =
            new.operations.iter().map(|o| (o.key(), o)).collect();
        // The same URL with differently named path placeholders is the same endpoint
        // (`/things/{id}` and `/things/{thingId}`), when that pairing is unambiguous.
        let shape_of = |ops: &[Operation]| {
            let mut by_shape: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for o in ops {
                by_shape
                    .entry(format!("{} {}", o.method, path_shape(&o.path)))
                    .or_default()
                    .push(o.key());
            }
            by_shape
        };
        let (old_shapes, new_shapes) = (shape_of(&old.operations), shape_of(&new.operations));
        let mut renamed_paths: BTreeMap<String, String> = BTreeMap::new();
        for (shape, olds) in &old_shapes {
            if let (Some([a]), Some([b])) = (
                Some(olds.as_slice()),
                new_shapes.get(shape).map(Vec::as_slice),
            ) {
                if a != b && !new_ops.contains_key(a) && !old_ops.contains_key(b) {
                    renamed_paths.insert(a.clone(), b.clone());
                }
            }
        }
        for (key, op) in &old_ops {
            if let Some(new_key) = renamed_paths.get(key) {
                let new_op = new_ops[new_key];
                let target = Target::Operation(new_key);
                let renamed = self.path_parameters_renamed(target, op, new_op);
                self.operation(target, &renamed, new_op);
                continue;
            }
            match new_ops.get(key) {
                Some(new_op) => self.operation(Target::Operation(key), op, new_op),
                None => self.push(
                    Impact::Breaking,
                    ChangeKind::OperationRemoved,
                    Target::Operation(key),
                    "operation removed".into(),
                    "its client method disappears and calls to it fail",
                ),
            }
        }
        let renamed_to: BTreeSet<&String> = renamed_paths.values().collect();
        for key in new_ops
            .keys()
            .filter(|k| !old_ops.contains_key(*k) && !renamed_to.contains(k))
        {
            self.push(
                Impact::Compatible,
                ChangeKind::OperationAdded,
                Target::Operation(key),
                "operation added".into(),
                "a new client method; existing code is unaffected",
            );
        }
        let ids: BTreeSet<_> = old.types.keys().chain(new.types.keys()).collect();
        for id in ids {
            let target = Target::Type(id);
            match (old.types.get(id), new.types.get(id)) {
                (Some(a), Some(b)) => self.named_type(target, a, b),
                (Some(_), None) => self.push(
                    Impact::Breaking,
                    ChangeKind::TypeRemoved,
                    target,
                    "type removed".into(),
                    "code naming the generated type no longer compiles",
                ),
                (None, Some(_)) => self.push(
                    Impact::Compatible,
                    ChangeKind::TypeAdded,
                    target,
                    "type added".into(),
                    "a new generated type; existing code is unaffected",
                ),
                (None, None) => {}
            }
        }
    }

    /// Reports the path placeholders `new` names differently from `old` and returns `old`
    /// with them renamed, so the rest of the comparison matches them up.
    fn path_parameters_renamed(
        &mut self,
        key: Target<'_>,
        old: &Operation,
        new: &Operation,
    ) -> Operation {
        let mut renamed = old.clone();
        for (a, b) in path_placeholders(&old.path)
            .into_iter()
            .zip(path_placeholders(&new.path))
            .filter(|(a, b)| a != b)
        {
            self.push(
                Impact::Compatible,
                ChangeKind::ParameterRenamed,
                key,
                format!(
                    "path parameter {} renamed to {} (the URL is unchanged)",
                    code(&a),
                    code(&b)
                ),
                "path parameters are positional: requests stay the same, only the generated argument's name changes",
            );
            for p in renamed
                .parameters
                .iter_mut()
                .filter(|p| p.location == ParamLocation::Path && p.name == a)
            {
                p.name = b.clone();
            }
        }
        renamed.path = new.path.clone();
        renamed
    }

    fn operation(&mut self, key: Target<'_>, old: &Operation, new: &Operation) {
        if old.operation_id.is_some()
            && new.operation_id.is_some()
            && old.operation_id != new.operation_id
        {
            self.push(
                Impact::Breaking,
                ChangeKind::OperationRenamed,
                key,
                format!(
                    "operationId changed from {} to {}",
                    code(old.operation_id.as_deref().unwrap_or("")),
                    code(new.operation_id.as_deref().unwrap_or(""))
                ),
                "the generated client method is renamed",
            );
        }
        if old.summary != new.summary || old.description != new.description {
            self.push(
                Impact::Documentation,
                ChangeKind::DescriptionChanged,
                key,
                "summary or description changed".into(),
                "documentation only",
            );
        }
        if old.deprecation.is_none() && new.deprecation.is_some() {
            self.push(
                Impact::Compatible,
                ChangeKind::Deprecated,
                key,
                "operation deprecated".into(),
                "still callable; plan to move away",
            );
        }
        self.parameters(key, &effective_parameters(old), &effective_parameters(new));
        self.request_body(key, old.request_body.as_ref(), new.request_body.as_ref());
        self.responses(key, old, new);
        self.error_codes(key, old, new);
    }

    fn parameters(&mut self, key: Target<'_>, old: &[Parameter], new: &[Parameter]) {
        let id = |p: &Parameter| (p.location, p.name.clone());
        // A parameter the docs list twice counts once, as first listed (as emitters do).
        let mut old_map: BTreeMap<_, &Parameter> = BTreeMap::new();
        for p in old {
            old_map.entry(id(p)).or_insert(p);
        }
        let mut new_map: BTreeMap<_, &Parameter> = BTreeMap::new();
        for p in new {
            new_map.entry(id(p)).or_insert(p);
        }
        let removed: Vec<&Parameter> = old
            .iter()
            .filter(|p| !new_map.contains_key(&id(p)))
            .collect();
        let mut added: Vec<&Parameter> = new
            .iter()
            .filter(|p| !old_map.contains_key(&id(p)))
            .collect();
        for p in removed {
            let where_ = location_name(p);
            // A parameter that disappeared while one of the same location and type appeared
            // at the same position was renamed.
            let old_pos = old.iter().position(|q| id(q) == id(p));
            let renamed_to = added.iter().position(|q| {
                q.location == p.location
                    && q.ty == p.ty
                    && new.iter().position(|r| id(r) == id(q)) == old_pos
            });
            match renamed_to {
                Some(i) => {
                    let q = added.remove(i);
                    self.push(
                        Impact::Breaking,
                        ChangeKind::ParameterRenamed,
                        key,
                        format!("{where_} {} renamed to {}", code(&p.name), code(&q.name)),
                        "requests built by existing code send the old name",
                    );
                    self.parameter(key, p, q);
                }
                None => self.push(
                    Impact::Breaking,
                    ChangeKind::ParameterRemoved,
                    key,
                    format!("{where_} {} removed", code(&p.name)),
                    "existing code passing it no longer compiles",
                ),
            }
        }
        for q in added {
            let where_ = location_name(q);
            if q.required {
                self.push(
                    Impact::Breaking,
                    ChangeKind::ParameterAdded,
                    key,
                    format!("required {where_} {} added", code(&q.name)),
                    "existing calls do not send it",
                );
            } else {
                self.push(
                    Impact::Compatible,
                    ChangeKind::ParameterAdded,
                    key,
                    format!("optional {where_} {} added", code(&q.name)),
                    "existing calls keep working without it",
                );
            }
        }
        for (k, p) in &old_map {
            if let Some(q) = new_map.get(k) {
                self.parameter(key, p, q);
            }
        }
    }

    fn parameter(&mut self, key: Target<'_>, p: &Parameter, q: &Parameter) {
        let what = format!("{} {}", location_name(q), code(&q.name));
        if !p.required && q.required {
            self.push(
                Impact::Breaking,
                ChangeKind::ParameterRequired,
                key,
                format!("{what} is now required"),
                "calls that omit it are rejected",
            );
        } else if p.required && !q.required {
            self.push(
                Impact::Compatible,
                ChangeKind::ParameterOptional,
                key,
                format!("{what} is now optional"),
                "calls that send it keep working",
            );
        }
        self.type_ref(key, &what, &p.ty, &q.ty);
        self.constraints(key, &what, (&p.ty, &q.ty), &p.constraints, &q.constraints);
        if p.description != q.description {
            self.push(
                Impact::Documentation,
                ChangeKind::DescriptionChanged,
                key,
                format!("{what}: description changed"),
                "documentation only",
            );
        }
    }

    fn type_ref(&mut self, target: Target<'_>, what: &str, old: &TypeRef, new: &TypeRef) {
        if old != new {
            self.push(
                Impact::Breaking,
                ChangeKind::TypeChanged,
                target,
                format!(
                    "{what}: type changed from {} to {}",
                    describe(old),
                    describe(new)
                ),
                "the generated Rust type changes and values may not convert",
            );
        }
    }

    fn constraints(
        &mut self,
        target: Target<'_>,
        what: &str,
        (old_ty, new_ty): (&TypeRef, &TypeRef),
        old: &Constraints,
        new: &Constraints,
    ) {
        let (tightened, loosened) = constraint_changes(old, new);
        if !tightened.is_empty() {
            let (impact, reason) = if self.received_only(target) {
                (
                    Impact::Compatible,
                    "the type only travels in responses: clients receive values they already accepted",
                )
            } else {
                (
                    Impact::Breaking,
                    "values that were valid before are now rejected",
                )
            };
            self.push(
                impact,
                ChangeKind::ConstraintTightened,
                target,
                format!("{what}: constraints tightened ({})", tightened.join("; ")),
                reason,
            );
        }
        if !loosened.is_empty() {
            self.push(
                Impact::Compatible,
                ChangeKind::ConstraintLoosened,
                target,
                format!("{what}: constraints loosened ({})", loosened.join("; ")),
                "every value valid before is still valid",
            );
        }
        let a = old
            .default
            .as_deref()
            .map(|d| wire_default(&self.old_enums, old_ty, d));
        let b = new
            .default
            .as_deref()
            .map(|d| wire_default(&self.new_enums, new_ty, d));
        if a != b {
            self.push(
                Impact::Compatible,
                ChangeKind::DefaultChanged,
                target,
                {
                    // Show the wire value next to a member name when the names alone read
                    // the same.
                    let show = |text: Option<&str>, wire: &Option<String>| match (text, wire) {
                        (Some(t), Some(w)) if old.default == new.default && t.trim() != w => {
                            format!("{} (`{w}`)", code(t))
                        }
                        (Some(t), _) => code(t),
                        _ => "(none)".into(),
                    };
                    format!(
                        "{what}: default changed from {} to {}",
                        show(old.default.as_deref(), &a),
                        show(new.default.as_deref(), &b)
                    )
                },
                "calls that omit it get different behaviour",
            );
        }
    }

    fn request_body(&mut self, key: Target<'_>, old: Option<&Body>, new: Option<&Body>) {
        match (old, new) {
            (None, Some(b)) => self.push(
                if b.required {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                },
                ChangeKind::RequestBodyAdded,
                key,
                format!("request body of type {} added", describe(&b.ty)),
                if b.required {
                    "existing calls send no body"
                } else {
                    "the body is optional"
                },
            ),
            (Some(_), None) => self.push(
                Impact::Breaking,
                ChangeKind::RequestBodyRemoved,
                key,
                "request body removed".into(),
                "the client method loses its body argument",
            ),
            (Some(a), Some(b)) => {
                if !a.required && b.required {
                    self.push(
                        Impact::Breaking,
                        ChangeKind::RequestBodyRequired,
                        key,
                        "request body is now required".into(),
                        "calls without a body are rejected",
                    );
                }
                self.type_ref(key, "request body", &a.ty, &b.ty);
                if a.json_wrapper != b.json_wrapper {
                    self.push(
                        Impact::Breaking,
                        ChangeKind::WireNameChanged,
                        key,
                        format!(
                            "request body wrapper changed from {} to {}",
                            a.json_wrapper.as_deref().map_or("(none)".into(), code),
                            b.json_wrapper.as_deref().map_or("(none)".into(), code)
                        ),
                        "the JSON sent by existing clients has the old shape",
                    );
                }
                self.media_types(key, "request", a, b);
            }
            (None, None) => {}
        }
    }

    fn media_types(&mut self, key: Target<'_>, which: &str, a: &Body, b: &Body) {
        // No documented media types means "the operation's formats, else JSON": unknown, not
        // none, so there is nothing to compare with.
        if a.media_types.is_empty() || b.media_types.is_empty() {
            return;
        }
        let old: BTreeSet<_> = a.media_types.iter().map(|m| m.name.as_str()).collect();
        let new: BTreeSet<_> = b.media_types.iter().map(|m| m.name.as_str()).collect();
        for m in old.difference(&new) {
            self.push(
                Impact::Breaking,
                ChangeKind::MediaTypeRemoved,
                key,
                format!("{which} media type {} removed", code(m)),
                "clients using it are no longer served",
            );
        }
        for m in new.difference(&old) {
            self.push(
                Impact::Compatible,
                ChangeKind::MediaTypeAdded,
                key,
                format!("{which} media type {} added", code(m)),
                "an additional representation; existing ones still work",
            );
        }
    }

    fn responses(&mut self, key: Target<'_>, old: &Operation, new: &Operation) {
        let a: BTreeMap<u16, _> = old.responses.iter().map(|r| (r.status, r)).collect();
        let b: BTreeMap<u16, _> = new.responses.iter().map(|r| (r.status, r)).collect();
        for (status, ra) in &a {
            match b.get(status) {
                None => self.push(
                    if (200..300).contains(status) {
                        Impact::Breaking
                    } else {
                        Impact::Compatible
                    },
                    ChangeKind::StatusRemoved,
                    key,
                    format!("response status {status} removed"),
                    if (200..300).contains(status) {
                        "clients expecting this success status treat the new one as unexpected"
                    } else {
                        "one error status fewer"
                    },
                ),
                Some(rb) => {
                    let body = |c: &ResponseContent| match c {
                        ResponseContent::Body { body } => Some(body.clone()),
                        _ => None,
                    };
                    match (body(&ra.content), body(&rb.content)) {
                        (Some(x), Some(y)) => {
                            self.type_ref(key, &format!("response {status} body"), &x.ty, &y.ty);
                            self.media_types(key, &format!("response {status}"), &x, &y);
                        }
                        (None, None) => {}
                        (x, y) => self.push(
                            Impact::Breaking,
                            ChangeKind::ResponseBodyChanged,
                            key,
                            format!(
                                "response {status} body changed from {} to {}",
                                x.map_or("none".into(), |b| describe(&b.ty)),
                                y.map_or("none".into(), |b| describe(&b.ty))
                            ),
                            "the client decodes the response differently",
                        ),
                    }
                }
            }
        }
        for status in b.keys().filter(|s| !a.contains_key(*s)) {
            let success = (200..300).contains(status);
            self.push(
                if success {
                    Impact::Breaking
                } else {
                    Impact::Compatible
                },
                ChangeKind::StatusAdded,
                key,
                format!("response status {status} added"),
                if success {
                    "a success status existing clients do not expect"
                } else {
                    "a new documented error status"
                },
            );
        }
    }

    fn error_codes(&mut self, key: Target<'_>, old: &Operation, new: &Operation) {
        let a: BTreeMap<&str, _> = old
            .error_codes
            .iter()
            .map(|e| (e.code.as_str(), e))
            .collect();
        let b: BTreeMap<&str, _> = new
            .error_codes
            .iter()
            .map(|e| (e.code.as_str(), e))
            .collect();
        for (c, ea) in &a {
            match b.get(c) {
                None => self.push(
                    Impact::Breaking,
                    ChangeKind::ErrorCodeRemoved,
                    key,
                    format!("error code {} ({}) removed", code(c), ea.message),
                    "code matching on its ApiErrorCode variant no longer compiles",
                ),
                Some(eb) if eb.status != ea.status => self.push(
                    Impact::Breaking,
                    ChangeKind::ErrorCodeChanged,
                    key,
                    format!(
                        "error code {} now comes with HTTP {} instead of {}",
                        code(c),
                        eb.status,
                        ea.status
                    ),
                    "error handling keyed on the status sees a different one",
                ),
                Some(eb) if eb.message != ea.message => self.push(
                    Impact::Documentation,
                    ChangeKind::ErrorCodeChanged,
                    key,
                    format!("error code {} message changed", code(c)),
                    "documentation only",
                ),
                Some(_) => {}
            }
        }
        for (c, e) in b.iter().filter(|(c, _)| !a.contains_key(*c)) {
            self.push(
                Impact::Compatible,
                ChangeKind::ErrorCodeAdded,
                key,
                format!(
                    "error code {} (HTTP {}, {}) added",
                    code(c),
                    e.status,
                    e.message
                ),
                "a new ApiErrorCode variant; unknown codes were already representable",
            );
        }
    }

    fn named_type(&mut self, target: Target<'_>, old: &NamedType, new: &NamedType) {
        if old.description != new.description {
            self.push(
                Impact::Documentation,
                ChangeKind::DescriptionChanged,
                target,
                "description changed".into(),
                "documentation only",
            );
        }
        match (&old.kind, &new.kind) {
            (TypeKind::Object { fields: a }, TypeKind::Object { fields: b }) => {
                self.fields(target, a, b)
            }
            (TypeKind::Enum { members: a, .. }, TypeKind::Enum { members: b, .. }) => {
                self.members(target, a, b)
            }
            (TypeKind::Alias { target: a }, TypeKind::Alias { target: b }) => {
                self.type_ref(target, "alias", a, b)
            }
            (a, b) if std::mem::discriminant(a) != std::mem::discriminant(b) => self.push(
                Impact::Breaking,
                ChangeKind::TypeChanged,
                target,
                format!("changed from {} to {}", kind_name(a), kind_name(b)),
                "the generated Rust type changes shape",
            ),
            _ => {}
        }
    }

    fn fields(&mut self, target: Target<'_>, old: &[Field], new: &[Field]) {
        let a: BTreeMap<&str, (usize, &Field)> = old
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), (i, f)))
            .collect();
        let b: BTreeMap<&str, (usize, &Field)> = new
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), (i, f)))
            .collect();
        let mut added: Vec<(usize, &Field)> = b
            .iter()
            .filter(|(n, _)| !a.contains_key(*n))
            .map(|(_, v)| *v)
            .collect();
        for (name, (pos, f)) in &a {
            match b.get(name) {
                Some((_, g)) => self.field(target, f, g),
                None => {
                    let renamed = added.iter().position(|(p, g)| p == pos && g.ty == f.ty);
                    match renamed {
                        Some(i) => {
                            let (_, g) = added.remove(i);
                            self.push(
                                Impact::Breaking,
                                ChangeKind::FieldRenamed,
                                target,
                                format!("field {} renamed to {}", code(name), code(&g.name)),
                                "the wire name and the generated field name change",
                            );
                        }
                        None => self.push(
                            Impact::Breaking,
                            ChangeKind::FieldRemoved,
                            target,
                            format!("field {} removed", code(name)),
                            "code reading or setting the field no longer compiles",
                        ),
                    }
                }
            }
        }
        added.sort_by_key(|(p, _)| *p);
        let received_only = self.received_only(target);
        for (_, g) in added {
            if g.required && received_only {
                self.push(
                    Impact::Compatible,
                    ChangeKind::FieldAdded,
                    target,
                    format!("required field {} added", code(&g.name)),
                    "the type only travels in responses: clients receive the new field, nothing they send changes",
                );
            } else if g.required {
                self.push(
                    Impact::Breaking,
                    ChangeKind::FieldAdded,
                    target,
                    format!("required field {} added", code(&g.name)),
                    "values built by existing code lack it",
                );
            } else {
                self.push(
                    Impact::Compatible,
                    ChangeKind::FieldAdded,
                    target,
                    format!("optional field {} added", code(&g.name)),
                    "existing values stay valid",
                );
            }
        }
    }

    /// Whether `target` is a type that clients never send, only receive.
    fn received_only(&self, target: Target<'_>) -> bool {
        matches!(target, Target::Type(id) if !self.sent.contains(id))
    }

    fn field(&mut self, target: Target<'_>, f: &Field, g: &Field) {
        let what = format!("field {}", code(&g.name));
        if f.required != g.required {
            let (kind, summary) = if g.required {
                (ChangeKind::FieldRequired, format!("{what} is now required"))
            } else {
                (ChangeKind::FieldOptional, format!("{what} is now optional"))
            };
            self.push(
                Impact::Breaking,
                kind,
                target,
                summary,
                "the generated field changes between `T` and `Option<T>`",
            );
        }
        if f.json_key() != g.json_key() || f.xml_key() != g.xml_key() {
            self.push(
                Impact::Breaking,
                ChangeKind::WireNameChanged,
                target,
                format!(
                    "{what}: wire name changed (JSON {} -> {}, XML {} -> {})",
                    code(f.json_key()),
                    code(g.json_key()),
                    code(f.xml_key()),
                    code(g.xml_key())
                ),
                "existing clients send and expect the old name",
            );
        }
        self.type_ref(target, &what, &f.ty, &g.ty);
        self.constraints(
            target,
            &what,
            (&f.ty, &g.ty),
            &f.constraints,
            &g.constraints,
        );
        if f.description != g.description {
            self.push(
                Impact::Documentation,
                ChangeKind::DescriptionChanged,
                target,
                format!("{what}: description changed"),
                "documentation only",
            );
        }
    }

    fn members(&mut self, target: Target<'_>, old: &[EnumMember], new: &[EnumMember]) {
        let a: BTreeMap<&str, &EnumMember> = old.iter().map(|m| (m.name.as_str(), m)).collect();
        let b: BTreeMap<&str, &EnumMember> = new.iter().map(|m| (m.name.as_str(), m)).collect();
        for (name, m) in &a {
            match b.get(name) {
                None => self.push(
                    Impact::Breaking,
                    ChangeKind::EnumMemberRemoved,
                    target,
                    format!("member {} removed", code(name)),
                    "code using the variant no longer compiles; the server no longer accepts it",
                ),
                Some(n) if n.value != m.value => self.push(
                    Impact::Breaking,
                    ChangeKind::EnumValueChanged,
                    target,
                    format!(
                        "member {} value changed from {} to {}",
                        code(name),
                        m.value,
                        n.value
                    ),
                    "the same variant travels as a different wire value",
                ),
                Some(_) => {}
            }
        }
        for name in b.keys().filter(|n| !a.contains_key(*n)) {
            self.push(
                Impact::Compatible,
                ChangeKind::EnumMemberAdded,
                target,
                format!("member {} added", code(name)),
                "decoding already falls back to the Unknown variant for new values",
            );
        }
    }
}

/// The names of a path template's `{placeholders}`, in order.
fn path_placeholders(path: &str) -> Vec<String> {
    PathTemplate::parse(path)
        .placeholders()
        .map(str::to_string)
        .collect()
}

/// A path template with its placeholders' names removed (`/a/{id}` → `/a/{}`).
fn path_shape(path: &str) -> String {
    PathTemplate::parse(path).shape()
}

fn kind_name(k: &TypeKind) -> &'static str {
    match k {
        TypeKind::Object { .. } => "object",
        TypeKind::Enum { .. } => "enum",
        TypeKind::Alias { .. } => "alias",
        TypeKind::Placeholder => "undescribed placeholder",
    }
}

fn location_name(p: &Parameter) -> &'static str {
    match p.location {
        apiscrape_model::ParamLocation::Path => "path parameter",
        apiscrape_model::ParamLocation::Query => "query parameter",
        apiscrape_model::ParamLocation::Header => "header",
        apiscrape_model::ParamLocation::Cookie => "cookie",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apiscrape_model::{EnumRepr, MediaType, Method, Paging};

    fn summaries(old: &Api, new: &Api) -> Vec<String> {
        diff(old, new)
            .changes
            .into_iter()
            .map(|c| format!("{:?} {}: {}", c.kind, c.target, c.summary))
            .collect()
    }

    fn with_field_default(default: &str) -> Api {
        let mut api = Api::new("T");
        let level = NamedType::new(
            "Level",
            TypeKind::Enum {
                repr: EnumRepr::Integer,
                members: vec![EnumMember {
                    name: "High".into(),
                    value: "1".into(),
                    description: None,
                }],
                complete: true,
            },
        );
        api.types.insert(level.id(), level);
        let mut f = Field::new("Level", TypeRef::named("Level"));
        f.constraints.default = Some(default.into());
        let mut g = Field::new("Active", TypeRef::primitive(Primitive::Boolean));
        g.constraints.default = Some(if default == "High" { "False" } else { "false" }.into());
        let t = NamedType::new("Thing", TypeKind::Object { fields: vec![f, g] });
        api.types.insert(t.id(), t);
        api
    }

    #[test]
    fn defaults_compare_as_wire_values() {
        // `High` is member 1; `False` and `false` are the same boolean.
        assert!(summaries(&with_field_default("High"), &with_field_default("1")).is_empty());
        // The same member name with a new wire value is a different default on the wire.
        let mut other = with_field_default("High");
        if let TypeKind::Enum { members, .. } = &mut other
            .types
            .get_mut(&TypeId::from_name("Level"))
            .unwrap()
            .kind
        {
            members[0].value = "2".into();
        }
        assert_eq!(
            summaries(&with_field_default("High"), &other),
            [
                "EnumValueChanged type Level: member `High` value changed from 1 to 2",
                "DefaultChanged type Thing: field `Level`: default changed from `High` (`1`) to `High` (`2`)",
            ]
        );
    }

    #[test]
    fn undocumented_media_types_are_not_compared_documented_ones_are() {
        let mut old = Api::new("T");
        let mut op = Operation::new(Method::Post, "/a");
        op.request_body = Some(Body::new(TypeRef::string()));
        old.operations.push(op);
        let mut new = old.clone();
        let body = new.operations[0].request_body.as_mut().unwrap();
        body.media_types.push(MediaType::new("application/json"));
        assert!(summaries(&old, &new).is_empty());
        let mut newer = new.clone();
        let body = newer.operations[0].request_body.as_mut().unwrap();
        body.media_types[0] = MediaType::new("application/xml");
        assert_eq!(
            summaries(&new, &newer),
            [
                "MediaTypeRemoved POST /a: request media type `application/json` removed",
                "MediaTypeAdded POST /a: request media type `application/xml` added",
            ]
        );
    }

    #[test]
    fn renamed_path_placeholders_are_the_same_operation() {
        let mut old = Api::new("T");
        let mut op = Operation::new(Method::Get, "/things/{id}/parts/{partNo}");
        op.parameters
            .push(Parameter::new("id", ParamLocation::Path, TypeRef::string()));
        old.operations.push(op);
        let mut new = Api::new("T");
        let mut op = Operation::new(Method::Get, "/things/{thingId}/parts/{partNo}");
        op.parameters.push(Parameter::new(
            "thingId",
            ParamLocation::Path,
            TypeRef::primitive(Primitive::Int64),
        ));
        new.operations.push(op);
        assert_eq!(
            summaries(&old, &new),
            [
                "TypeChanged GET /things/{thingId}/parts/{partNo}: path parameter `thingId`: type changed from string to int64",
                "ParameterRenamed GET /things/{thingId}/parts/{partNo}: path parameter `id` renamed to `thingId` (the URL is unchanged)",
            ]
        );
        let d = diff(&old, &new);
        assert_eq!(d.changes[1].impact, Impact::Compatible);
    }

    #[test]
    fn paging_limits_bound_the_page_size_parameter() {
        let mut old = Api::new("T");
        let mut op = Operation::new(Method::Get, "/items");
        op.paging = Some(Paging {
            page_size_parameter: "$top".into(),
            max_page_size: 80,
        });
        old.operations.push(op);
        // The same limit stated on the parameter instead is no change.
        let mut explicit = old.clone();
        let mut top = Parameter::new(
            "$top",
            ParamLocation::Query,
            TypeRef::primitive(Primitive::Int32),
        );
        top.constraints.maximum = Some(Bound::inclusive(Number("80".into())));
        explicit.operations[0].parameters.push(top);
        assert!(summaries(&old, &explicit).is_empty());
        let mut smaller = old.clone();
        smaller.operations[0].paging.as_mut().unwrap().max_page_size = 50;
        assert_eq!(
            summaries(&old, &smaller),
            ["ConstraintTightened GET /items: query parameter `$top`: constraints tightened (maximum 80 -> 50)"]
        );
    }
}
