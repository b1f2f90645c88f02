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

/// The side of an operation a body belongs to; responses sort first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Role {
    /// The success response body.
    Response,
    /// The request body.
    Request,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Response => "response",
            Role::Request => "request",
        }
    }

    fn parse(s: &str) -> Option<Role> {
        match s {
            "response" => Some(Role::Response),
            "request" => Some(Role::Request),
            _ => None,
        }
    }
}

/// Where a body's types were read: an operation (`PUT /path`) and the side.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Scope {
    /// The operation's key, `METHOD /path`.
    pub key: String,
    /// Request or response.
    pub role: Role,
}

impl Scope {
    /// The body of `role` of the operation `key`.
    pub fn new(key: String, role: Role) -> Scope {
        Scope { key, role }
    }

    /// Sort key: role (responses first), path, method.
    fn sort_key(&self) -> (Role, String, String) {
        let (method, path) = self.key.split_once(' ').unwrap_or(("", &self.key));
        (self.role, path.to_string(), method.to_string())
    }
}

/// A body type's page-scoped id before [`assign_type_names`]: its local name in a [`Scope`],
/// tagged when read from rendering A. It travels through merging as the [`TypeId`]
/// `Phone@PUT /path request` (` ~a` appended for rendering A), written and read only here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProvisionalId {
    /// The name on the page (`Phone`), made unique within the scope.
    pub local: String,
    /// Where it was read.
    pub scope: Scope,
    /// Whether it was read from rendering A, which drops untooltipped wrappers and roots, so
    /// when another rendering of the same page is given, its types are used instead.
    pub rendering_a: bool,
}

impl ProvisionalId {
    /// The id the type is registered under while pages are merged.
    pub fn type_id(&self) -> TypeId {
        let tag = if self.rendering_a { RENDERING_A } else { "" };
        TypeId::from_name(&format!(
            "{}@{} {}{tag}",
            self.local,
            self.scope.key,
            self.scope.role.as_str()
        ))
    }

    /// The provisional id a registry id encodes, `None` for a final (documented) name.
    pub fn parse(id: &TypeId) -> Option<ProvisionalId> {
        let (local, rest) = id.as_str().split_once('@')?;
        let (rest, rendering_a) = match rest.strip_suffix(RENDERING_A) {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let (key, role) = rest.rsplit_once(' ')?;
        Some(ProvisionalId {
            local: local.to_string(),
            scope: Scope::new(key.to_string(), Role::parse(role)?),
            rendering_a,
        })
    }
}

/// Order of same-named clusters: role rank, field count (descending), path, method.
type ClusterKey = (Role, std::cmp::Reverse<usize>, String, String);

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
    let scoped: Vec<(TypeId, ProvisionalId)> = api
        .types
        .keys()
        .filter_map(|id| ProvisionalId::parse(id).map(|p| (id.clone(), p)))
        .collect();
    if scoped.is_empty() {
        return;
    }
    let mut memo = Memo::default();
    let mut groups: BTreeMap<String, Vec<(TypeId, &Scope, String)>> = BTreeMap::new();
    for (id, provisional) in &scoped {
        let canon = canonical(api, id, &mut memo, &mut BTreeSet::new());
        groups.entry(provisional.local.clone()).or_default().push((
            id.clone(),
            &provisional.scope,
            canon,
        ));
    }
    let mut taken: BTreeSet<String> = api
        .types
        .keys()
        .filter(|id| ProvisionalId::parse(id).is_none())
        .map(|id| id.0.clone())
        .collect();
    let mut rename: BTreeMap<TypeId, TypeId> = BTreeMap::new();
    for (base, members) in groups {
        // Cluster by shape.
        let mut clusters: BTreeMap<String, Vec<(TypeId, &Scope)>> = BTreeMap::new();
        for (id, scope, canon) in members {
            clusters.entry(canon).or_default().push((id, scope));
        }
        // Responses first, then the fullest description (a cut page's shorter copy of a
        // type does not take the plain name), then path and method.
        let mut ordered: Vec<(ClusterKey, Vec<TypeId>)> = clusters
            .into_values()
            .filter_map(|members| {
                let fields = members
                    .first()
                    .and_then(|(id, _)| api.types.get(id))
                    .map_or(0, |t| t.fields().len());
                let (role, path, method) = members.iter().map(|(_, s)| s.sort_key()).min()?;
                let ids = members.into_iter().map(|(id, _)| id).collect();
                Some(((role, std::cmp::Reverse(fields), path, method), ids))
            })
            .collect();
        ordered.sort();
        for (i, (key, ids)) in ordered.into_iter().enumerate() {
            let mut name = base.clone();
            if i > 0 || taken.contains(&name) {
                let role = match key.0 {
                    Role::Response => "Response",
                    Role::Request => "Request",
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
        .any(|id| ProvisionalId::parse(id).is_some_and(|p| p.rendering_a))
    {
        return;
    }
    // Roots of the other renderings: per scope, the types no type of that scope refers to.
    let mut by_scope: BTreeMap<Scope, Vec<TypeId>> = BTreeMap::new();
    for id in api.types.keys() {
        if let Some(p) = ProvisionalId::parse(id).filter(|p| !p.rendering_a) {
            by_scope.entry(p.scope).or_default().push(id.clone());
        }
    }
    let mut roots: BTreeMap<Scope, TypeId> = BTreeMap::new();
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
            let Some(scope) = ProvisionalId::parse(id)
                .filter(|p| p.rendering_a)
                .map(|p| p.scope)
            else {
                continue;
            };
            let Some(root) = roots.get(&scope) else {
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
        if ProvisionalId::parse(id).is_none_or(|p| !p.rendering_a) {
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
        let get = Scope::new("GET /a".into(), Role::Response);
        let post = Scope::new("POST /a".into(), Role::Request);
        assert!(get.sort_key() < post.sort_key());
        assert_eq!(
            Scope::new("PUT /a/{id}".into(), Role::Request).sort_key(),
            (Role::Request, "/a/{id}".to_string(), "PUT".to_string())
        );
    }

    /// The registry id a provisional id travels as, and back.
    #[test]
    fn provisional_ids_round_trip_through_their_type_id() {
        let id = ProvisionalId {
            local: "Phone".into(),
            scope: Scope::new(
                "PUT /collaboration/contacts/{contactId}/phones/{phoneId}".into(),
                Role::Request,
            ),
            rendering_a: true,
        };
        let text = "Phone@PUT /collaboration/contacts/{contactId}/phones/{phoneId} request ~a";
        assert_eq!(id.type_id().as_str(), text);
        assert_eq!(ProvisionalId::parse(&id.type_id()), Some(id.clone()));
        let plain = ProvisionalId {
            rendering_a: false,
            ..id
        };
        assert_eq!(
            plain.type_id().as_str(),
            "Phone@PUT /collaboration/contacts/{contactId}/phones/{phoneId} request"
        );
        assert_eq!(ProvisionalId::parse(&plain.type_id()), Some(plain));
        // Final names are not provisional, whatever they contain.
        for name in ["Phone", "a@b", "a@GET /x sideways", "Phone@"] {
            assert_eq!(ProvisionalId::parse(&TypeId(name.into())), None, "{name}");
        }
    }
}
