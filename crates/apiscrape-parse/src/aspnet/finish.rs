//! Cross-page work once all pages of a site are merged: model names unified case-insensitively,
//! index-only operations completed from their route template, groups derived from paths, the
//! base URL's virtual directory checked against the paths, the title, and what samples teach
//! (JSON wire names, XML roots, enum members of enums that have no ResourceModel page).

use super::build::{
    base_url_host, expansion, path_params, split_template, INDEX_NOTE, MODEL_PAGE_NOTE,
};
use super::samples::{self, is_placeholder_value, Json, XmlElem};
use apiscrape_model::{
    Api, Body, Diagnostic, EnumMember, EnumRepr, Field, Group, MediaKind, NamedType, Operation,
    ParamLocation, Parameter, Primitive, ResponseContent, Severity, TypeId, TypeKind, TypeRef,
};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// Runs every cross-page step.
pub fn finish(api: &mut Api) {
    // An operation's own page is a better source than its index row.
    for op in &mut api.operations {
        op.provenance
            .sort_by_key(|p| p.note.as_deref().is_some_and(|n| n.starts_with(INDEX_NOTE)));
    }
    unify_type_names(api);
    complete_index_operations(api);
    derive_groups(api);
    fix_base_urls(api);
    let cut_only = learn_from_samples(api);
    report_undescribed_types(api, &cut_only);
    if api.title.is_empty() {
        api.title = derive_title(api);
    }
}

fn rewrite(ty: &mut TypeRef, map: &BTreeMap<TypeId, TypeId>) {
    match ty {
        TypeRef::Named { id } => {
            if let Some(to) = map.get(id) {
                *id = to.clone();
            }
        }
        TypeRef::Array { items } => rewrite(items, map),
        TypeRef::Map { key, value } | TypeRef::Pair { key, value } => {
            rewrite(key, map);
            rewrite(value, map);
        }
        TypeRef::Primitive { .. } | TypeRef::Any => {}
    }
}

fn for_each_type_ref(api: &mut Api, f: &mut dyn FnMut(&mut TypeRef)) {
    for op in &mut api.operations {
        for p in &mut op.parameters {
            f(&mut p.ty);
        }
        if let Some(b) = &mut op.request_body {
            f(&mut b.ty);
        }
        for r in &mut op.responses {
            if let ResponseContent::Body { body } = &mut r.content {
                f(&mut body.ty);
            }
        }
    }
    for t in api.types.values_mut() {
        match &mut t.kind {
            TypeKind::Object { fields } => fields.iter_mut().for_each(|x| f(&mut x.ty)),
            TypeKind::Alias { target } => f(target),
            _ => {}
        }
    }
}

fn rank(k: &TypeKind) -> u8 {
    match k {
        TypeKind::Placeholder => 0,
        TypeKind::Enum {
            complete: false, ..
        } => 1,
        _ => 2,
    }
}

/// ASP.NET looks model names up case-insensitively: `phone` and `Phone` are one type. The
/// spelling of the best description (a ResourceModel page or a table) is kept.
fn unify_type_names(api: &mut Api) {
    let mut referenced: Vec<TypeId> = Vec::new();
    for_each_type_ref(api, &mut |t| {
        for id in t.named_ids() {
            referenced.push(id.clone());
        }
    });
    let mut by_lower: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
    for id in api.types.keys().cloned().chain(referenced) {
        let v = by_lower.entry(id.0.to_lowercase()).or_default();
        if !v.contains(&id) {
            v.push(id);
        }
    }
    let mut map: BTreeMap<TypeId, TypeId> = BTreeMap::new();
    for ids in by_lower.values().filter(|v| v.len() > 1) {
        let canonical = ids
            .iter()
            .max_by_key(|id| {
                let t = api.types.get(*id);
                let own_page = t.is_some_and(|t| {
                    t.provenance
                        .iter()
                        .any(|p| p.note.as_deref() == Some(MODEL_PAGE_NOTE))
                });
                (
                    own_page,
                    t.map_or(0, |t| rank(&t.kind) + 1),
                    std::cmp::Reverse((*id).clone()),
                )
            })
            .cloned()
            .unwrap_or_else(|| ids[0].clone());
        for id in ids {
            if *id != canonical {
                map.insert(id.clone(), canonical.clone());
            }
        }
    }
    if map.is_empty() {
        return;
    }
    for (from, to) in &map {
        if let Some(other) = api.types.remove(from) {
            match api.types.get_mut(to) {
                Some(t) => {
                    if rank(&other.kind) > rank(&t.kind) {
                        t.kind = other.kind;
                    }
                    if t.description.is_none() {
                        t.description = other.description;
                    }
                    if t.xml.is_none() {
                        t.xml = other.xml;
                    }
                    t.provenance.extend(other.provenance);
                }
                None => {
                    let mut t = other;
                    t.name = to.0.clone();
                    api.types.insert(to.clone(), t);
                }
            }
        }
    }
    for_each_type_ref(api, &mut |t| rewrite(t, &map));
}

/// Operations known only from the index: path and query parameters from the route template,
/// typed as string (the index shows no types). One note per index page says how many.
fn complete_index_operations(api: &mut Api) {
    let mut per_source: BTreeMap<String, (Option<u32>, Vec<String>)> = BTreeMap::new();
    for op in &mut api.operations {
        if !crate::merge::index_only(op) {
            continue;
        }
        let templates: Vec<String> = op
            .provenance
            .iter()
            .filter_map(|p| {
                let n = p.note.as_deref()?;
                let start = n.find('`')? + 1;
                let end = n.rfind('`')?;
                (end > start).then(|| n[start..end].to_string())
            })
            .collect();
        for template in templates {
            let relative = template.split_once(' ').map_or("", |x| x.1).trim();
            let (path, query) = split_template(relative);
            for name in path_params(&path) {
                if op.parameter(&name).is_none() {
                    op.parameters.push(Parameter::new(
                        name,
                        ParamLocation::Path,
                        TypeRef::string(),
                    ));
                }
            }
            for name in query {
                if op.parameter(&name).is_none() {
                    let mut p =
                        Parameter::new(name.clone(), ParamLocation::Query, TypeRef::string());
                    p.expansion = expansion(&name);
                    op.parameters.push(p);
                }
            }
        }
        if let Some(p) = op.provenance.first() {
            let e = per_source
                .entry(p.source.clone())
                .or_insert_with(|| (p.line, Vec::new()));
            e.1.push(op.key());
        }
    }
    for (source, (line, keys)) in per_source {
        let example = keys.first().cloned().unwrap_or_default();
        api.diagnostics.push(Diagnostic::at(
            Severity::Note,
            source,
            line,
            format!(
                "{} operation(s) of this index have no API page (first: {example}); their parameters are typed as string and their bodies are unknown",
                keys.len()
            ),
        ));
    }
}

/// Referenced types that neither a ResourceModel page nor a sample describes stay placeholders,
/// with a warning naming the page that would describe them.
fn report_undescribed_types(api: &mut Api, cut_only: &BTreeMap<TypeId, String>) {
    type Users = (Vec<String>, Option<(String, Option<u32>)>);
    let mut users: BTreeMap<TypeId, Users> = BTreeMap::new();
    let mut note = |id: &TypeId, from: String, at: Option<(String, Option<u32>)>| {
        let v = users.entry(id.clone()).or_default();
        if !v.0.contains(&from) {
            v.0.push(from);
        }
        if v.1.is_none() {
            v.1 = at;
        }
    };
    let at = |p: &[apiscrape_model::Provenance]| p.first().map(|p| (p.source.clone(), p.line));
    for op in &api.operations {
        let mut refs: Vec<&TypeRef> = op.parameters.iter().map(|p| &p.ty).collect();
        refs.extend(bodies(op).into_iter().map(|b| &b.ty));
        for r in refs {
            r.named_ids()
                .into_iter()
                .for_each(|i| note(i, op.key(), at(&op.provenance)));
        }
    }
    for t in api.types.values() {
        let refs: Vec<&TypeRef> = match &t.kind {
            TypeKind::Object { fields } => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Alias { target } => vec![target],
            _ => Vec::new(),
        };
        for r in refs {
            r.named_ids()
                .into_iter()
                .for_each(|i| note(i, format!("type {}", t.name), at(&t.provenance)));
        }
    }
    for (id, (from, location)) in users {
        let described = api
            .types
            .get(&id)
            .is_some_and(|t| t.kind != TypeKind::Placeholder);
        if described {
            continue;
        }
        api.types
            .entry(id.clone())
            .or_insert_with(|| NamedType::new(id.0.clone(), TypeKind::Placeholder));
        let samples = match cut_only.get(&id) {
            Some(op) => {
                format!("the sample of {op} that shows it is cut off before any complete property")
            }
            None => "no sample shows it".to_string(),
        };
        let message = format!(
            "type `{id}` is used by {} but no page describes it (its page would be /Help/ResourceModel?modelName={id}) and {samples}; kept as a placeholder",
            from.join(", ")
        );
        api.diagnostics.push(match location {
            Some((source, line)) => Diagnostic::at(Severity::Warning, source, line, message),
            None => Diagnostic {
                severity: Severity::Warning,
                message,
                location: None,
            },
        });
    }
}

/// The group of an operation no index page named: the first path segment after `api/` and a
/// version segment.
pub fn group_from_path(path: &str) -> Option<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .find(|s| {
            let l = s.to_ascii_lowercase();
            let version = l
                .strip_prefix('v')
                .unwrap_or(&l)
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.');
            !(l == "api" || l == "restapi" || l == "rest" || version || s.starts_with('{'))
        })
        .map(str::to_string)
}

fn derive_groups(api: &mut Api) {
    for op in &mut api.operations {
        if op.group.is_none() {
            op.group = group_from_path(&op.path);
        }
    }
    let mut seen: Vec<String> = api.groups.iter().map(|g| g.name.clone()).collect();
    let mut ops: Vec<_> = api.operations.iter().collect();
    ops.sort_by(|a, b| (&a.path, a.method).cmp(&(&b.path, b.method)));
    for op in ops {
        if let Some(g) = &op.group {
            if !seen.contains(g) {
                seen.push(g.clone());
                api.groups.push(Group {
                    name: g.clone(),
                    description: None,
                });
            }
        }
    }
}

/// A virtual directory that every path already starts with is part of the routes, not of the
/// base URL (`/restapi/help` serving `restapi/personal/...`).
fn fix_base_urls(api: &mut Api) {
    if api.operations.is_empty() {
        return;
    }
    let mut fixed = Vec::new();
    for base in &api.base_urls {
        let host = base_url_host(base);
        let dir = &base[host.len()..];
        let b = if !dir.is_empty()
            && api.operations.iter().all(|op| {
                op.path.len() > dir.len()
                    && op.path.is_char_boundary(dir.len())
                    && op.path[..dir.len()].eq_ignore_ascii_case(dir)
                    && op.path[dir.len()..].starts_with('/')
            }) {
            host.to_string()
        } else {
            base.clone()
        };
        if !fixed.contains(&b) {
            fixed.push(b);
        }
    }
    api.base_urls = fixed;
}

fn derive_title(api: &Api) -> String {
    if let Some(base) = api.base_urls.first() {
        let host = base_url_host(base);
        let host = host.split("://").nth(1).unwrap_or(host);
        let host = host.split(':').next().unwrap_or(host);
        if let Some(name) = site_name(host) {
            return format!("{} API", capitalise(name));
        }
    }
    // The data-contract namespace of the samples names the project (`.../2004/07/CaliberAPI`).
    for op in &api.operations {
        for b in bodies(op) {
            if let Some(ns) = b.xml_root.as_ref().and_then(|x| x.namespace.as_deref()) {
                if let Some(rest) = ns.strip_prefix("http://schemas.datacontract.org/2004/07/") {
                    let project = rest.split(['.', '/']).next().unwrap_or("");
                    if !project.is_empty() {
                        return spaced_api(project);
                    }
                }
            }
        }
    }
    String::new()
}

/// The registrable name of a host: `www.itslearning.com` -> `itslearning`,
/// `shop.fabrikam.co.uk` -> `fabrikam`, `localhost` -> `localhost`.
fn site_name(host: &str) -> Option<&str> {
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    if labels.iter().all(|l| l.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    match labels.len() {
        0 => None,
        1 => Some(labels[0]),
        n => {
            let second = labels[n - 2];
            if n >= 3 && matches!(second, "co" | "com" | "org" | "net" | "ac" | "gov" | "edu") {
                Some(labels[n - 3])
            } else {
                Some(second)
            }
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn spaced_api(project: &str) -> String {
    for suffix in ["API", "Api"] {
        if let Some(p) = project.strip_suffix(suffix) {
            if !p.is_empty() {
                return format!("{} API", p.trim_end_matches(['.', '_', '-']));
            }
        }
    }
    format!("{project} API")
}

fn bodies(op: &Operation) -> Vec<&Body> {
    op.request_body
        .iter()
        .chain(op.responses.iter().filter_map(|r| match &r.content {
            ResponseContent::Body { body } => Some(body),
            _ => None,
        }))
        .collect()
}

/// Where a sample was seen: source, line, operation key.
type Seen = (String, Option<u32>, String);

/// Representation, members as (name, value), and where they were seen.
type LearnedEnum = (EnumRepr, Vec<(String, String)>, Vec<Seen>);

/// A type without a page as its samples show it.
struct LearnedObject {
    /// Complete properties in the order first seen.
    fields: Vec<Field>,
    /// Samples that added properties (the first always), in order.
    seen: Vec<Seen>,
    /// Whether each of those samples was cut off.
    cut: Vec<bool>,
}

#[derive(Default)]
struct Learned {
    json_names: BTreeMap<(TypeId, String), String>,
    /// Enum id -> what the samples show of it.
    enums: BTreeMap<TypeId, LearnedEnum>,
    /// Object id without a page -> fields read from the samples showing it.
    objects: BTreeMap<TypeId, LearnedObject>,
    /// Enum listed without values whose JSON sample shows a number -> (number, XML name,
    /// seen).
    integer_enums: BTreeMap<TypeId, (i64, Option<String>, Seen)>,
    /// (Object id, field index) of a row that lost its name -> (JSON key, XML name, seen).
    names: BTreeMap<(TypeId, usize), (String, Option<String>, Seen)>,
}

/// A JSON sample value (document order kept).
#[derive(Clone, Copy)]
struct J<'a>(&'a Json);

impl<'a> J<'a> {
    fn entries(self) -> &'a [(String, Json)] {
        match self.0 {
            Json::Object(entries, _) => entries,
            _ => &[],
        }
    }

    fn get(self, key: &str) -> Option<(String, J<'a>)> {
        let e = self.entries();
        let (k, v) = e
            .iter()
            .find(|(k, _)| k == key)
            .or_else(|| e.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)))?;
        Some((k.clone(), J(v)))
    }

    fn first(self) -> Option<J<'a>> {
        match self.0 {
            Json::Array(items, _) => items.first().map(J),
            _ => None,
        }
    }

    /// Keys in document order.
    fn keys(self) -> Vec<String> {
        self.entries().iter().map(|(k, _)| k.clone()).collect()
    }

    fn is_object(self) -> bool {
        matches!(self.0, Json::Object(..))
    }
}

/// Learns from the samples; returns the types only cut-off samples show, with no complete
/// property.
fn learn_from_samples(api: &mut Api) -> BTreeMap<TypeId, String> {
    let learned = read_samples(api);
    apply_json_names(api, learned.json_names);
    apply_lost_names(api, learned.names);
    leave_out_unnamed_rows(api);
    let cut_only = apply_sample_objects(api, learned.objects);
    apply_integer_enums(api, learned.integer_enums);
    apply_sample_enums(api, learned.enums);
    cut_only
}

/// What the JSON and XML samples of every body show about its types.
///
/// Reading the samples' text (a third of the Help Page's cross-page work) needs only the
/// operation, so it runs in parallel, a batch of operations at a time beside the learning
/// from the batch before; learning runs in operation order, so what is learned is the same
/// whatever the threads.
fn read_samples(api: &Api) -> Learned {
    /// Operations whose samples are read at once: bounds the read samples held.
    const BATCH: usize = 128;
    let mut learned = Learned::default();
    let read_batch = |ops: &[Operation]| -> Vec<Vec<ReadSamples>> {
        ops.par_iter()
            .map(|op| bodies(op).into_iter().map(read_body_samples).collect())
            .collect()
    };
    let mut batches = api.operations.chunks(BATCH);
    let mut ready = batches.next().map(read_batch);
    let mut done = 0;
    while let Some(read) = ready.take() {
        let ops = &api.operations[done..done + read.len()];
        let ((), next) = rayon::join(
            || {
                for (op, read) in ops.iter().zip(read) {
                    learn_from_op(api, op, read, &mut learned);
                }
            },
            || batches.next().map(read_batch),
        );
        done += ops.len();
        ready = next;
    }
    learned
}

/// A body's JSON sample and XML sample, read (a cut-off XML sample gives its complete
/// elements).
type ReadSamples = (Option<Json>, Option<XmlElem>);

fn read_body_samples(body: &Body) -> ReadSamples {
    let json = samples::example_of(&body.media_types, MediaKind::Json)
        .map(samples::read_json)
        .and_then(|r| r.value);
    let xml =
        samples::example_of(&body.media_types, MediaKind::Xml).and_then(|t| samples::read_xml(t).0);
    (json, xml)
}

/// What one operation's read samples show, learned in the order of its bodies.
fn learn_from_op(api: &Api, op: &Operation, read: Vec<ReadSamples>, learned: &mut Learned) {
    let key = op.key();
    let (source, line) = op
        .provenance
        .iter()
        .find(|p| p.note.is_none())
        .map_or((String::new(), None), |p| (p.source.clone(), p.line));
    for (body, (json, xml)) in bodies(op).into_iter().zip(read) {
        let j = json.as_ref().map(J);
        let where_ = (source.clone(), line, key.clone());
        let (id, j, x) = match &body.ty {
            TypeRef::Named { id } => (id, j, xml.as_ref()),
            TypeRef::Array { items } => match &**items {
                TypeRef::Named { id } => (
                    id,
                    j.and_then(J::first),
                    xml.as_ref().and_then(|x| x.children.first()),
                ),
                _ => continue,
            },
            _ => continue,
        };
        match api.types.get(id).map(|t| &t.kind) {
            // A body type no page describes: its own sample shows its properties.
            None | Some(TypeKind::Placeholder) if j.is_some_and(J::is_object) => {
                infer_object(id, j, x, &where_, learned)
            }
            _ => walk(api, id, j, x, &where_, learned, 0),
        }
    }
}

/// JSON keys the samples show for fields whose key differs from their name.
fn apply_json_names(api: &mut Api, json_names: BTreeMap<(TypeId, String), String>) {
    for ((id, field), key) in json_names {
        if let Some(TypeKind::Object { fields }) = api.types.get_mut(&id).map(|t| &mut t.kind) {
            if let Some(f) = fields.iter_mut().find(|f| f.name == field) {
                if f.json_name.is_none() && f.name != key {
                    f.json_name = Some(key);
                }
            }
        }
    }
}

/// Names, by their place in the samples, of rows that lost their name cell.
fn apply_lost_names(
    api: &mut Api,
    names: BTreeMap<(TypeId, usize), (String, Option<String>, Seen)>,
) {
    for ((id, index), (key, xml_name, (source, line, op))) in names {
        if let Some(TypeKind::Object { fields }) = api.types.get_mut(&id).map(|t| &mut t.kind) {
            // The other rows tell the naming convention (`FirstName` travels as `firstName`).
            let camel = fields.iter().any(|f| f.json_name.is_some())
                && fields
                    .iter()
                    .filter(|f| !f.name.is_empty())
                    .all(|f| f.json_key() == lower_first(&f.name));
            if let Some(f) = fields.get_mut(index).filter(|f| f.name.is_empty()) {
                f.name =
                    xml_name.unwrap_or_else(|| if camel { capitalise(&key) } else { key.clone() });
                if f.name != key {
                    f.json_name = Some(key.clone());
                }
                api.diagnostics.push(Diagnostic::at(
                    Severity::Note,
                    source,
                    line,
                    format!(
                        "the row of type `{id}` that lost its name cell is `{}`, by its place in the samples of {op}",
                        f.name
                    ),
                ));
            }
        }
    }
}

/// Rows no sample could name are left out, each with a warning saying so.
fn leave_out_unnamed_rows(api: &mut Api) {
    let mut left_out: Vec<Diagnostic> = Vec::new();
    for t in api.types.values_mut() {
        let (source, line) = t
            .provenance
            .first()
            .map_or((String::new(), None), |p| (p.source.clone(), p.line));
        if let TypeKind::Object { fields } = &mut t.kind {
            for f in fields.iter().filter(|f| f.name.is_empty()) {
                left_out.push(Diagnostic::at(
                    Severity::Warning,
                    source.clone(),
                    line,
                    format!(
                        "a row of type `{}` that lost its name cell (description `{}`) is left out: no sample shows its name",
                        t.name,
                        f.description.as_deref().unwrap_or("")
                    ),
                ));
            }
            fields.retain(|f| !f.name.is_empty());
        }
    }
    api.diagnostics.extend(left_out);
}

/// Objects without a page get the properties their samples show; gives the types only cut-off
/// samples show, with no complete property.
fn apply_sample_objects(
    api: &mut Api,
    objects: BTreeMap<TypeId, LearnedObject>,
) -> BTreeMap<TypeId, String> {
    let mut cut_only = BTreeMap::new();
    for (id, obj) in objects {
        let entry = api
            .types
            .entry(id.clone())
            .or_insert_with(|| NamedType::new(id.0.clone(), TypeKind::Placeholder));
        if entry.kind != TypeKind::Placeholder {
            continue;
        }
        if obj.fields.is_empty() {
            cut_only.insert(id.clone(), obj.seen[0].2.clone());
            continue;
        }
        let names = obj
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        entry.kind = TypeKind::Object { fields: obj.fields };
        let (source, line, _) = obj.seen[0].clone();
        let from: Vec<String> = obj
            .seen
            .iter()
            .zip(&obj.cut)
            .map(|((_, _, op), cut)| {
                if *cut {
                    format!("{op} (cut off: only its complete properties are read)")
                } else {
                    op.clone()
                }
            })
            .collect();
        let incomplete = if obj.cut.iter().all(|c| *c) {
            "; the sample is cut off, so the type may have more properties"
        } else {
            ""
        };
        api.diagnostics.push(Diagnostic::at(
            Severity::Warning,
            source,
            line,
            format!(
                "type `{id}` has no ResourceModel page; its properties ({names}) were read from the samples of {}, their types guessed from sample values{incomplete}",
                from.join(", ")
            ),
        ));
    }
    cut_only
}

/// Enums listed without values whose JSON samples show numbers become integer enums.
fn apply_integer_enums(
    api: &mut Api,
    integer_enums: BTreeMap<TypeId, (i64, Option<String>, Seen)>,
) {
    for (id, (n, xml_name, (source, line, op))) in integer_enums {
        let Some(t) = api.types.get_mut(&id) else {
            continue;
        };
        let TypeKind::Enum { repr, members, .. } = &mut t.kind else {
            continue;
        };
        // C# numbers members in declaration order from 0 unless the source says otherwise;
        // the sample confirms it when the member it names sits at that position.
        let at = xml_name
            .as_deref()
            .and_then(|x| members.iter().position(|m| m.name == x));
        let confirmed = at.is_some_and(|i| i as i64 == n);
        *repr = EnumRepr::Integer;
        for (i, m) in members.iter_mut().enumerate() {
            m.value = i.to_string();
        }
        if let Some(i) = at.filter(|_| !confirmed) {
            members[i].value = n.to_string();
        }
        let shown = match (&xml_name, confirmed) {
            (Some(x), true) => format!("`{x}` = {n}, as its position says"),
            (Some(x), false) => format!("`{x}` = {n}, kept, though its position says otherwise"),
            (None, _) => format!("{n}"),
        };
        api.diagnostics.push(Diagnostic::at(
            Severity::Warning,
            source,
            line,
            format!(
                "enum `{id}` is listed without values, but the JSON samples of {op} show it as a number ({shown}); it is read as an integer enum numbered in listed order from 0"
            ),
        ));
    }
}

/// Enums without a page get the members their samples show.
fn apply_sample_enums(api: &mut Api, enums: BTreeMap<TypeId, LearnedEnum>) {
    for (id, (repr, members, seen)) in enums {
        let entry = api
            .types
            .entry(id.clone())
            .or_insert_with(|| NamedType::new(id.0.clone(), TypeKind::Placeholder));
        let mut added = Vec::new();
        match &mut entry.kind {
            TypeKind::Placeholder => {
                entry.kind = TypeKind::Enum {
                    repr,
                    members: members
                        .iter()
                        .map(|(n, v)| EnumMember {
                            name: n.clone(),
                            value: v.clone(),
                            description: None,
                        })
                        .collect(),
                    complete: false,
                };
                added = members.clone();
            }
            TypeKind::Enum {
                members: existing,
                complete: false,
                ..
            } => {
                for (n, v) in &members {
                    if !existing.iter().any(|m| &m.name == n) {
                        existing.push(EnumMember {
                            name: n.clone(),
                            value: v.clone(),
                            description: None,
                        });
                        added.push((n.clone(), v.clone()));
                    }
                }
            }
            _ => {}
        }
        if added.is_empty() {
            continue;
        }
        let (source, line, _) = seen[0].clone();
        let ops: Vec<String> = {
            let mut v: Vec<String> = seen.iter().map(|s| s.2.clone()).collect();
            v.dedup();
            v
        };
        let list = added
            .iter()
            .map(|(n, v)| format!("{n} = {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        api.diagnostics.push(Diagnostic::at(
            Severity::Warning,
            source,
            line,
            format!(
                "enum `{id}` has no ResourceModel page; member {list} was inferred from the samples of {}, so its member list is incomplete",
                ops.join(", ")
            ),
        ));
    }
}

fn walk(
    api: &Api,
    id: &TypeId,
    json: Option<J<'_>>,
    xml: Option<&XmlElem>,
    where_: &Seen,
    learned: &mut Learned,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    let Some(TypeKind::Object { fields }) = api.types.get(id).map(|t| &t.kind) else {
        return;
    };
    recover_names(id, fields, json, xml, where_, learned);
    for f in fields {
        if f.name.is_empty() {
            continue;
        }
        let found = json.and_then(|j| j.get(&f.name));
        if let Some((k, _)) = &found {
            if *k != f.name {
                learned
                    .json_names
                    .insert((id.clone(), f.name.clone()), k.clone());
            }
        }
        let jv = found.map(|(_, v)| v);
        let xv = xml.and_then(|x| x.child(f.xml_key()));
        let (inner, jv, xv) = match &f.ty {
            TypeRef::Named { id: inner } => (inner, jv, xv),
            TypeRef::Array { items } => match &**items {
                TypeRef::Named { id: inner } => (
                    inner,
                    jv.and_then(J::first),
                    xv.and_then(|x| x.children.first()),
                ),
                _ => continue,
            },
            _ => continue,
        };
        match api.types.get(inner).map(|t| &t.kind) {
            Some(TypeKind::Object { .. }) => walk(api, inner, jv, xv, where_, learned, depth + 1),
            None | Some(TypeKind::Placeholder) => {
                if jv.is_some_and(J::is_object) {
                    infer_object(inner, jv, xv, where_, learned);
                } else if matches!(f.ty, TypeRef::Named { .. }) {
                    infer_member(inner, jv.map(|j| j.0), xv, where_, learned);
                }
            }
            Some(TypeKind::Enum {
                complete: false, ..
            }) => {
                if matches!(f.ty, TypeRef::Named { .. }) {
                    infer_member(inner, jv.map(|j| j.0), xv, where_, learned)
                }
            }
            Some(TypeKind::Enum {
                repr: EnumRepr::String,
                members,
                ..
            }) if members.iter().all(|m| m.value == m.name) => {
                // A page without a Value column; a JSON sample showing a number says the
                // enum travels as its integer value (Json.NET's default).
                let shown = jv.and_then(|j| match j.0 {
                    Json::Scalar(serde_json::Value::Number(n)) => n.as_i64(),
                    _ => None,
                });
                if let (Some(n), true) = (shown, matches!(f.ty, TypeRef::Named { .. })) {
                    let name = xv.map(|x| x.text.trim().to_string());
                    learned
                        .integer_enums
                        .entry(inner.clone())
                        .or_insert_with(|| (n, name, where_.clone()));
                }
            }
            _ => {}
        }
    }
}

/// Names rows that lost their name cell: the sample's keys no named field claims, when there
/// are exactly as many as unnamed rows (samples list properties in table order).
fn recover_names(
    id: &TypeId,
    fields: &[Field],
    json: Option<J<'_>>,
    xml: Option<&XmlElem>,
    where_: &Seen,
    learned: &mut Learned,
) {
    let unnamed: Vec<usize> = (0..fields.len())
        .filter(|&i| fields[i].name.is_empty())
        .collect();
    let Some(j) = json else { return };
    if unnamed.is_empty()
        || unnamed
            .iter()
            .any(|i| learned.names.contains_key(&(id.clone(), *i)))
    {
        return;
    }
    let free: Vec<String> = j
        .keys()
        .into_iter()
        .filter(|k| {
            !fields
                .iter()
                .any(|f| !f.name.is_empty() && f.name.eq_ignore_ascii_case(k))
        })
        .collect();
    if free.len() != unnamed.len() {
        return;
    }
    for (i, key) in unnamed.into_iter().zip(free) {
        let xml_name = xml.and_then(|x| x.child(&key)).map(|x| x.name.clone());
        learned
            .names
            .insert((id.clone(), i), (key, xml_name, where_.clone()));
    }
}

/// The properties of a type without a page, from a sample object: JSON keys in document
/// order, the XML element name when it differs only in case, types from the values.
fn infer_object(
    id: &TypeId,
    json: Option<J<'_>>,
    xml: Option<&XmlElem>,
    where_: &Seen,
    learned: &mut Learned,
) {
    let Some(j) = json else { return };
    let cut = !j.0.is_complete();
    let entry = learned
        .objects
        .entry(id.clone())
        .or_insert_with(|| LearnedObject {
            fields: Vec::new(),
            seen: Vec::new(),
            cut: Vec::new(),
        });
    let before = entry.fields.len();
    for key in j.keys() {
        let Some((_, v)) = j.get(&key) else { continue };
        // A value the text stops in is never data: only complete key/value pairs count.
        if !v.0.is_complete() || entry.fields.iter().any(|f| f.json_key() == key) {
            continue;
        }
        let xv = xml.and_then(|x| x.child(&key));
        let name = xv.map_or(key.clone(), |x| x.name.clone());
        let mut f = Field::new(name.clone(), value_type(v.0, xv));
        if name != key {
            f.json_name = Some(key.clone());
        }
        entry.fields.push(f);
    }
    if entry.fields.len() > before || entry.seen.is_empty() {
        entry.seen.push(where_.clone());
        entry.cut.push(cut);
    }
}

/// The type a generated sample value shows (`sample string 1`, a date, a GUID, a number...).
fn value_type(v: &Json, xml: Option<&XmlElem>) -> TypeRef {
    use serde_json::Value as V;
    let v = match v {
        Json::Scalar(v) => v,
        Json::Array(items, _) => {
            return TypeRef::array(
                items
                    .first()
                    .map(|i| value_type(i, xml.and_then(|x| x.children.first())))
                    .unwrap_or(TypeRef::Any),
            )
        }
        Json::Object(..) => return TypeRef::Any,
    };
    match v {
        V::Null => TypeRef::Any,
        V::Bool(_) => TypeRef::primitive(Primitive::Boolean),
        V::Number(n) if n.is_i64() || n.is_u64() => TypeRef::primitive(Primitive::Integer),
        V::Number(_) => TypeRef::primitive(Primitive::Number),
        V::String(s) => {
            let is_date = s.len() >= 19
                && s.as_bytes()[4] == b'-'
                && s.as_bytes()[7] == b'-'
                && s.as_bytes()[10] == b'T'
                && s[..4].bytes().all(|b| b.is_ascii_digit());
            let is_guid = s.len() == 36
                && s.char_indices().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => c == '-',
                    _ => c.is_ascii_hexdigit(),
                });
            let is_span = s.len() >= 8
                && s.as_bytes()[2] == b':'
                && s.as_bytes()[5] == b':'
                && s[..2].bytes().all(|b| b.is_ascii_digit());
            if is_date {
                TypeRef::primitive(Primitive::DateTime)
            } else if is_guid {
                TypeRef::primitive(Primitive::Uuid)
            } else if is_span {
                TypeRef::primitive(Primitive::Duration)
            } else if s.starts_with("http://webapihelppage") {
                TypeRef::primitive(Primitive::Uri)
            } else {
                TypeRef::string()
            }
        }
        V::Array(_) | V::Object(_) => TypeRef::Any,
    }
}

/// An enum shown as a number in JSON and as a name in XML (`RefType`: `0` / `Division`), or
/// as the same name in both (a string enum converter).
fn infer_member(
    id: &TypeId,
    json: Option<&Json>,
    xml: Option<&XmlElem>,
    where_: &Seen,
    learned: &mut Learned,
) {
    let (Some(Json::Scalar(j)), Some(x)) = (json, xml) else {
        return;
    };
    if x.is_nil() || !x.children.is_empty() {
        return;
    }
    let name = x.text.trim();
    if !super::types::is_model_name(name) || is_placeholder_value(name) {
        return;
    }
    let (repr, value) = match j {
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => {
            (EnumRepr::Integer, n.to_string())
        }
        serde_json::Value::String(s) if s == name => (EnumRepr::String, s.clone()),
        _ => return,
    };
    let entry = learned
        .enums
        .entry(id.clone())
        .or_insert_with(|| (repr, Vec::new(), Vec::new()));
    if !entry.1.iter().any(|(n, _)| n == name) {
        entry.1.push((name.to_string(), value));
    }
    entry.2.push(where_.clone());
}
