//! Merging per-page fragments into one API.
//!
//! Fragments are merged in source order (callers sort them), so the result does not depend on
//! which thread parsed which page. The same operation (method + path) or type (name) seen on
//! several pages is combined: the first page that says something wins, and what later pages
//! add is kept (an index page gives an operation's group, its own page the rest).

use apiscrape_model::{Api, Diagnostic, NamedType, Operation, Severity, TypeId, TypeKind};
use std::collections::{BTreeMap, BTreeSet};

/// Merges `fragment` into `api`.
pub fn merge_into(api: &mut Api, fragment: Api) {
    if api.title.is_empty() {
        api.title = fragment.title;
    }
    if api.dialect.is_none() {
        api.dialect = fragment.dialect;
    }
    if api.description.is_none() {
        api.description = fragment.description;
    }
    for url in fragment.base_urls {
        if !api.base_urls.contains(&url) {
            api.base_urls.push(url);
        }
    }
    for group in fragment.groups {
        match api.groups.iter_mut().find(|g| g.name == group.name) {
            Some(g) => {
                if g.description.is_none() {
                    g.description = group.description;
                }
            }
            None => api.groups.push(group),
        }
    }
    for scheme in fragment.auth {
        if !api.auth.iter().any(|a| a.id == scheme.id) {
            api.auth.push(scheme);
        }
    }
    for op in fragment.operations {
        match api
            .operations
            .iter_mut()
            .find(|o| o.method == op.method && o.path == op.path)
        {
            Some(existing) => merge_operation(existing, op),
            None => api.operations.push(op),
        }
    }
    for (id, ty) in fragment.types {
        match api.types.get_mut(&id) {
            Some(existing) => {
                let conflict = merge_type(existing, ty);
                if let Some(message) = conflict {
                    api.diagnostics.push(Diagnostic {
                        severity: Severity::Warning,
                        message,
                        location: None,
                    });
                }
            }
            None => {
                api.types.insert(id, ty);
            }
        }
    }
    api.diagnostics.extend(fragment.diagnostics);
}

fn fill<T>(slot: &mut Option<T>, other: Option<T>) {
    if slot.is_none() {
        *slot = other;
    }
}

fn merge_operation(op: &mut Operation, other: Operation) {
    fill(&mut op.summary, other.summary);
    fill(&mut op.description, other.description);
    fill(&mut op.group, other.group);
    for p in other.parameters {
        if !op
            .parameters
            .iter()
            .any(|q| q.name == p.name && q.location == p.location)
        {
            op.parameters.push(p);
        }
    }
    fill(&mut op.request_body, other.request_body);
    for r in other.responses {
        if !op.responses.iter().any(|q| q.status == r.status) {
            op.responses.push(r);
        }
    }
    for e in other.error_codes {
        if !op.error_codes.contains(&e) {
            op.error_codes.push(e);
        }
    }
    for f in other.formats {
        if !op.formats.contains(&f) {
            op.formats.push(f);
        }
    }
    fill(&mut op.paging, other.paging);
    op.custom_fields |= other.custom_fields;
    op.api_operation |= other.api_operation;
    fill(&mut op.deprecation, other.deprecation);
    fill(&mut op.resource_id, other.resource_id);
    if op.query_features.is_empty() {
        op.query_features = other.query_features;
    }
    for r in other.related_operations {
        if !op.related_operations.contains(&r) {
            op.related_operations.push(r);
        }
    }
    op.provenance.extend(other.provenance);
}

/// Combines two descriptions of one named type; returns a message when they disagree.
fn merge_type(ty: &mut NamedType, other: NamedType) -> Option<String> {
    fill(&mut ty.description, other.description);
    fill(&mut ty.xml, other.xml);
    ty.provenance.extend(other.provenance);
    let rank = |k: &TypeKind| match k {
        TypeKind::Placeholder => 0,
        TypeKind::Enum {
            complete: false, ..
        } => 1,
        _ => 2,
    };
    let (mine, theirs) = (rank(&ty.kind), rank(&other.kind));
    if theirs > mine {
        ty.kind = other.kind;
        None
    } else if theirs == 2 && mine == 2 && ty.kind != other.kind {
        Some(format!(
            "type `{}` is described differently on several pages; the first description is kept",
            ty.name
        ))
    } else {
        None
    }
}

/// Adds a placeholder for every named type that is referenced but not in the registry, with a
/// warning naming the referencing sources.
pub fn add_missing_placeholders(api: &mut Api) {
    let mut referenced: BTreeMap<TypeId, BTreeSet<String>> = BTreeMap::new();
    let mut note = |id: &TypeId, from: String| {
        referenced.entry(id.clone()).or_default().insert(from);
    };
    for op in &api.operations {
        let from = op.key();
        for p in &op.parameters {
            p.ty.named_ids()
                .into_iter()
                .for_each(|i| note(i, from.clone()));
        }
        let bodies = op
            .request_body
            .iter()
            .chain(op.responses.iter().filter_map(|r| match &r.content {
                apiscrape_model::ResponseContent::Body { body } => Some(body),
                _ => None,
            }));
        for b in bodies {
            b.ty.named_ids()
                .into_iter()
                .for_each(|i| note(i, from.clone()));
        }
    }
    for ty in api.types.values() {
        let from = format!("type {}", ty.name);
        for f in ty.fields() {
            f.ty.named_ids()
                .into_iter()
                .for_each(|i| note(i, from.clone()));
        }
        if let TypeKind::Alias { target } = &ty.kind {
            target
                .named_ids()
                .into_iter()
                .for_each(|i| note(i, from.clone()));
        }
    }
    for (id, users) in referenced {
        if api.types.contains_key(&id) {
            continue;
        }
        let users: Vec<_> = users.into_iter().collect();
        api.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            message: format!(
                "type `{id}` is referenced by {} but no page describes it; kept as a placeholder",
                users.join(", ")
            ),
            location: None,
        });
        api.types
            .insert(id.clone(), NamedType::new(id.0, TypeKind::Placeholder));
    }
}
