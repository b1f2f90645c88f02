//! Final names of body types.
//!
//! RamBase reuses one element name for different shapes: `SalesOrder` is the GET response
//! with a hundred fields, the POST body with ten required ones and the PUT body with thirty
//! optional ones. Pages therefore register body types under page-scoped ids
//! (`Phone@PUT /collaboration/contacts/{contactId}/phones/{phoneId} request`), so renderings of
//! one page merge while different operations never collide. After merging, every group of
//! types with the same element name is clustered by structure; identical shapes share one
//! name. The first cluster (responses first, then the one with most fields, then by path and
//! method) gets the plain element name, later ones `<Name><Method><Role>` (`PhonePostRequest`), then a number.

use apiscrape_model::{Api, NamedType, Parameter, ResponseContent, TypeId, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Tag of scopes read from rendering A.
const RENDERING_A: &str = " ~a";

/// The page-scoped id of the type named `local` in `scope` (`PUT /path request`). Types read
/// from rendering A are tagged: that rendering drops untooltipped wrappers and roots, so when
/// another rendering of the same page is given, its types are used instead.
pub(crate) fn provisional_id(local: &str, scope: &str, rendering_a: bool) -> String {
    if rendering_a {
        format!("{local}@{scope}{RENDERING_A}")
    } else {
        format!("{local}@{scope}")
    }
}

fn split(id: &str) -> Option<(&str, &str)> {
    id.split_once('@')
}

/// The scope of a page-scoped id without the rendering tag, and whether it had it.
fn plain_scope(id: &str) -> Option<(&str, bool)> {
    let (_, scope) = split(id)?;
    Some(match scope.strip_suffix(RENDERING_A) {
        Some(s) => (s, true),
        None => (scope, false),
    })
}

/// Sort key of a scope: role (responses first), path, method.
fn scope_key(scope: &str) -> (u8, String, String) {
    let scope = scope.strip_suffix(RENDERING_A).unwrap_or(scope);
    let mut parts = scope.rsplitn(2, ' ');
    let role = parts.next().unwrap_or("");
    let head = parts.next().unwrap_or("");
    let (method, path) = head.split_once(' ').unwrap_or(("", head));
    let rank = match role {
        "response" => 0,
        "request" => 1,
        _ => 2,
    };
    (rank, path.to_string(), method.to_string())
}

/// Order of same-named clusters: role rank, field count (descending), path, method.
type ClusterKey = (u8, std::cmp::Reverse<usize>, String, String);

fn pascal(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// Gives every page-scoped type its final name and rewrites all references.
pub fn assign_type_names(api: &mut Api) {
    prefer_other_renderings(api);
    let scoped: Vec<TypeId> = api
        .types
        .keys()
        .filter(|id| split(id.as_str()).is_some())
        .cloned()
        .collect();
    if scoped.is_empty() {
        return;
    }
    let mut memo = Memo::default();
    let mut groups: BTreeMap<String, Vec<(TypeId, String)>> = BTreeMap::new();
    for id in &scoped {
        let canon = canonical(api, id, &mut memo, &mut BTreeSet::new());
        let base = split(id.as_str()).map_or("", |(b, _)| b).to_string();
        groups.entry(base).or_default().push((id.clone(), canon));
    }
    let mut taken: BTreeSet<String> = api
        .types
        .keys()
        .filter(|id| split(id.as_str()).is_none())
        .map(|id| id.0.clone())
        .collect();
    let mut rename: BTreeMap<TypeId, TypeId> = BTreeMap::new();
    for (base, members) in groups {
        // Cluster by shape.
        let mut clusters: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
        for (id, canon) in members {
            clusters.entry(canon).or_default().push(id);
        }
        // Responses first, then the fullest description (a cut page's shorter copy of a
        // type does not take the plain name), then path and method.
        let mut ordered: Vec<(ClusterKey, Vec<TypeId>)> = clusters
            .into_values()
            .map(|ids| {
                let fields = ids
                    .first()
                    .and_then(|id| api.types.get(id))
                    .map_or(0, |t| t.fields().len());
                let (role, path, method) = ids
                    .iter()
                    .map(|id| scope_key(split(id.as_str()).map_or("", |(_, s)| s)))
                    .min()
                    .unwrap_or_default();
                ((role, std::cmp::Reverse(fields), path, method), ids)
            })
            .collect();
        ordered.sort();
        for (i, (key, ids)) in ordered.into_iter().enumerate() {
            let mut name = base.clone();
            if i > 0 || taken.contains(&name) {
                let role = match key.0 {
                    0 => "Response",
                    1 => "Request",
                    _ => "",
                };
                name = format!("{base}{}{role}", pascal(&key.3));
                let stem = name.clone();
                let mut n = 2;
                while taken.contains(&name) {
                    name = format!("{stem}{n}");
                    n += 1;
                }
            }
            taken.insert(name.clone());
            for id in ids {
                rename.insert(id, TypeId(name.clone()));
            }
        }
    }
    // Rebuild the registry.
    let old = std::mem::take(&mut api.types);
    for (id, mut ty) in old {
        let new_id = rename.get(&id).cloned().unwrap_or(id);
        rename_kind(&mut ty.kind, &rename);
        ty.name = new_id.0.clone();
        match api.types.get_mut(&new_id) {
            // Provenance is sorted and deduplicated once, below: doing it per merged type
            // made a type shared by k pages cost O(k² log k).
            Some(existing) => existing.provenance.extend(ty.provenance),
            None => {
                api.types.insert(new_id, ty);
            }
        }
    }
    for ty in api.types.values_mut() {
        ty.provenance.sort();
        ty.provenance.dedup();
    }
    for op in &mut api.operations {
        for p in &mut op.parameters {
            rename_param(p, &rename);
        }
        if let Some(b) = &mut op.request_body {
            rename_ref(&mut b.ty, &rename);
        }
        for r in &mut op.responses {
            if let ResponseContent::Body { body } = &mut r.content {
                rename_ref(&mut body.ty, &rename);
            }
        }
        let qf = &mut op.query_features;
        for f in qf
            .expandable_fields
            .iter_mut()
            .chain(qf.filter_fields.iter_mut())
            .chain(qf.sortable_fields.iter_mut())
        {
            rename_ref(&mut f.ty, &rename);
        }
    }
}

/// Where an operation's body refers to a rendering-A root type and another rendering of the
/// same page registered its own root for the same scope, the body uses the latter (with its
/// element name as XML root and JSON wrapper); rendering-A types nothing refers to any more
/// are dropped.
fn prefer_other_renderings(api: &mut Api) {
    if !api
        .types
        .keys()
        .any(|id| plain_scope(id.as_str()).is_some_and(|(_, a)| a))
    {
        return;
    }
    // Roots of the other renderings: per scope, the types no type of that scope refers to.
    let mut by_scope: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
    for id in api.types.keys() {
        if let Some((scope, false)) = plain_scope(id.as_str()) {
            by_scope
                .entry(scope.to_string())
                .or_default()
                .push(id.clone());
        }
    }
    let mut roots: BTreeMap<String, TypeId> = BTreeMap::new();
    for (scope, ids) in by_scope {
        let mut referenced = BTreeSet::new();
        for id in &ids {
            if let Some(t) = api.types.get(id) {
                collect_refs(&t.kind, &mut referenced);
            }
        }
        let top: Vec<_> = ids
            .into_iter()
            .filter(|i| !referenced.contains(i))
            .collect();
        if let [root] = top.as_slice() {
            roots.insert(scope, root.clone());
        }
    }
    for op in &mut api.operations {
        let bodies = op
            .request_body
            .iter_mut()
            .chain(
                op.responses
                    .iter_mut()
                    .filter_map(|r| match &mut r.content {
                        ResponseContent::Body { body } => Some(body),
                        _ => None,
                    }),
            );
        for body in bodies {
            let TypeRef::Named { id } = &body.ty else {
                continue;
            };
            let Some((scope, true)) = plain_scope(id.as_str()) else {
                continue;
            };
            let Some(root) = roots.get(scope) else {
                continue;
            };
            let Some(xml) = api.types.get(root).and_then(|t| t.xml.clone()) else {
                continue;
            };
            body.json_wrapper = Some(lower_first(&xml.name));
            body.xml_root = Some(xml);
            body.ty = TypeRef::Named { id: root.clone() };
        }
    }
    // Drop rendering-A types nothing reaches any more.
    let mut reachable = BTreeSet::new();
    let mut stack: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        let mut refs = Vec::new();
        refs.extend(op.parameters.iter().map(|p| p.ty.clone()));
        refs.extend(op.request_body.iter().map(|b| b.ty.clone()));
        refs.extend(op.responses.iter().filter_map(|r| match &r.content {
            ResponseContent::Body { body } => Some(body.ty.clone()),
            _ => None,
        }));
        for t in refs {
            stack.extend(t.named_ids().into_iter().cloned());
        }
    }
    for id in api.types.keys() {
        if plain_scope(id.as_str()).is_none_or(|(_, a)| !a) {
            stack.push(id.clone());
        }
    }
    while let Some(id) = stack.pop() {
        if reachable.insert(id.clone()) {
            if let Some(t) = api.types.get(&id) {
                let mut refs = BTreeSet::new();
                collect_refs(&t.kind, &mut refs);
                stack.extend(refs);
            }
        }
    }
    api.types.retain(|id, _| reachable.contains(id));
}

fn lower_first(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn rename_param(p: &mut Parameter, map: &BTreeMap<TypeId, TypeId>) {
    rename_ref(&mut p.ty, map);
}

fn rename_kind(kind: &mut TypeKind, map: &BTreeMap<TypeId, TypeId>) {
    match kind {
        TypeKind::Object { fields } => {
            for f in fields {
                rename_ref(&mut f.ty, map);
            }
        }
        TypeKind::Alias { target } => rename_ref(target, map),
        TypeKind::Enum { .. } | TypeKind::Placeholder => {}
    }
}

fn rename_ref(t: &mut TypeRef, map: &BTreeMap<TypeId, TypeId>) {
    match t {
        TypeRef::Named { id } => {
            if let Some(n) = map.get(id) {
                *id = n.clone();
            }
        }
        TypeRef::Array { items } => rename_ref(items, map),
        TypeRef::Map { key, value } | TypeRef::Pair { key, value } => {
            rename_ref(key, map);
            rename_ref(value, map);
        }
        TypeRef::Primitive { .. } | TypeRef::Any => {}
    }
}

/// Canonical shapes found so far: per type, and the interned shape texts.
#[derive(Default)]
struct Memo {
    by_type: BTreeMap<TypeId, String>,
    /// Shape text -> its short name (`#3`). A type's shape names the shapes it refers to by
    /// these short names: nesting the texts themselves would escape quotes once per level,
    /// doubling the text with every level of nesting.
    interned: BTreeMap<String, String>,
}

/// The shape of a type with every reference replaced by (the short name of) the shape it
/// refers to: equal for types of equal structure.
fn canonical(api: &Api, id: &TypeId, memo: &mut Memo, visiting: &mut BTreeSet<TypeId>) -> String {
    if let Some(c) = memo.by_type.get(id) {
        return c.clone();
    }
    let Some(ty) = api.types.get(id) else {
        return format!("?{id}");
    };
    if !visiting.insert(id.clone()) {
        return format!("cycle:{id}");
    }
    let mut kind = ty.kind.clone();
    let mut refs = BTreeSet::new();
    collect_refs(&kind, &mut refs);
    let map: BTreeMap<TypeId, TypeId> = refs
        .into_iter()
        .map(|r| {
            let c = canonical(api, &r, memo, visiting);
            (r, TypeId(c))
        })
        .collect();
    rename_kind(&mut kind, &map);
    visiting.remove(id);
    let text = shape(ty, &kind);
    let next = format!("#{}", memo.interned.len());
    let c = memo.interned.entry(text).or_insert(next).clone();
    memo.by_type.insert(id.clone(), c.clone());
    c
}

fn shape(ty: &NamedType, kind: &TypeKind) -> String {
    format!("{:?}{:?}{:?}", ty.xml, ty.description, kind)
}

fn collect_refs(kind: &TypeKind, out: &mut BTreeSet<TypeId>) {
    fn walk(t: &TypeRef, out: &mut BTreeSet<TypeId>) {
        for id in t.named_ids() {
            out.insert(id.clone());
        }
    }
    match kind {
        TypeKind::Object { fields } => fields.iter().for_each(|f| walk(&f.ty, out)),
        TypeKind::Alias { target } => walk(target, out),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_keys_put_responses_first() {
        assert!(scope_key("GET /a response") < scope_key("POST /a request"));
        assert_eq!(
            scope_key("PUT /a/{id} request"),
            (1, "/a/{id}".to_string(), "PUT".to_string())
        );
    }
}
