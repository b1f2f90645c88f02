//! Merging per-page fragments into one API.
//!
//! Fragments are merged in source order (callers sort them), so the result does not depend on
//! which thread parsed which page. The same operation (method + path) or type (name) seen on
//! several pages is combined: the first page that says something wins, and what later pages
//! add is kept (an index page gives an operation's group, its own page the rest). An
//! operation's own page wins over an index row for its summary and description, and two
//! pages that describe one operation differently get a warning naming the text left out.
//!
//! [`Merger`] finds what is already merged through indexes by key, so merging the fragments of
//! n pages takes time linear in their size: a site of thousands of pages is merged in
//! milliseconds (`benches/scaling.rs`, `merge`).

use apiscrape_model::{
    Api, Body, Diagnostic, Method, NamedType, Operation, Parameter, Provenance, Response,
    ResponseContent, Severity, TypeId, TypeKind,
};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Merges fragments, one after another, into one API.
///
/// Operations (by method and path), groups (by name), base URLs and authentication schemes
/// (by id) are looked up through indexes instead of a scan of everything merged so far. The
/// indexes only answer lookups; the API keeps its own (source) order, so hashing never
/// reaches the output.
#[derive(Debug)]
pub struct Merger {
    api: Api,
    operations: HashMap<(Method, String), usize>,
    groups: HashMap<String, usize>,
    base_urls: HashSet<String>,
    auth: HashSet<String>,
}

impl Default for Merger {
    fn default() -> Self {
        Merger::from_api(Api::new(""))
    }
}

impl Merger {
    /// A merger that starts from `api` (what is in it counts as merged first).
    pub fn from_api(api: Api) -> Self {
        Merger {
            operations: api
                .operations
                .iter()
                .enumerate()
                .map(|(i, o)| ((o.method, o.path.clone()), i))
                .rev()
                .collect(),
            groups: api
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| (g.name.clone(), i))
                .rev()
                .collect(),
            base_urls: api.base_urls.iter().cloned().collect(),
            auth: api.auth.iter().map(|a| a.id.clone()).collect(),
            api,
        }
    }

    /// The API merged so far.
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// The merged API.
    pub fn into_api(self) -> Api {
        self.api
    }

    /// Merges `fragment` after everything merged so far.
    pub fn add(&mut self, fragment: Api) {
        let api = &mut self.api;
        let source = place_of(&fragment);
        let scoped = scopes_body_types(&fragment);
        let mut differences = Vec::new();
        if api.title.is_empty() {
            api.title = fragment.title;
        } else if !fragment.title.is_empty() && differ(&api.title, &fragment.title) {
            differences.push(title_differs(&fragment.title, &api.title));
        }
        if api.dialect.is_none() {
            api.dialect = fragment.dialect;
        }
        if !texts_agree(&api.description, &fragment.description) {
            differences.push(api_text_differs(fragment.description.as_deref()));
        }
        fill(&mut api.description, fragment.description);
        for url in fragment.base_urls {
            if self.base_urls.insert(url.clone()) {
                api.base_urls.push(url);
            }
        }
        for group in fragment.groups {
            match self.groups.get(&group.name) {
                Some(&i) => {
                    let g = &mut api.groups[i];
                    if !texts_agree(&g.description, &group.description) {
                        differences.push(group_text_differs(&g.name, group.description.as_deref()));
                    }
                    fill(&mut g.description, group.description);
                }
                None => {
                    self.groups.insert(group.name.clone(), api.groups.len());
                    api.groups.push(group);
                }
            }
        }
        for scheme in fragment.auth {
            if self.auth.insert(scheme.id.clone()) {
                api.auth.push(scheme);
            } else if !api.auth.contains(&scheme) {
                differences.push(auth_differs(&scheme.id));
            }
        }
        report_at(api, source.as_deref(), differences);
        for op in fragment.operations {
            match self.operations.get(&(op.method, op.path.clone())) {
                Some(&i) => {
                    if let Some(d) = merge_operation(&mut api.operations[i], op, scoped) {
                        api.diagnostics.push(d);
                    }
                }
                None => {
                    self.operations
                        .insert((op.method, op.path.clone()), api.operations.len());
                    api.operations.push(op);
                }
            }
        }
        merge_types_and_diagnostics(api, fragment.types, fragment.diagnostics);
    }
}

/// Whether the fragment's dialect names body types per page ([`crate::Dialect::scopes_body_types`]).
fn scopes_body_types(fragment: &Api) -> bool {
    fragment
        .dialect
        .as_deref()
        .and_then(crate::dialect::by_name)
        .is_some_and(|d| d.scopes_body_types())
}

/// The page a fragment was read from (its first fact's), for what it says of the whole API.
fn place_of(fragment: &Api) -> Option<String> {
    fragment
        .operations
        .iter()
        .flat_map(|o| o.provenance.first())
        .chain(fragment.types.values().flat_map(|t| t.provenance.first()))
        .map(|p| p.source.clone())
        .chain(
            fragment
                .diagnostics
                .iter()
                .filter_map(|d| d.location.as_ref().map(|l| l.source.clone())),
        )
        .next()
}

fn title_differs(here: &str, kept: &str) -> String {
    format!("the API's title is `{here}` here and `{kept}` on an earlier page, which is kept")
}

fn api_text_differs(text: Option<&str>) -> String {
    format!(
        "the API is described differently on an earlier page, whose text is kept, not \"{}\"",
        clip(text.unwrap_or_default())
    )
}

fn group_text_differs(group: &str, text: Option<&str>) -> String {
    format!(
        "group `{group}` is described differently on an earlier page, whose text is kept, not \"{}\"",
        clip(text.unwrap_or_default())
    )
}

fn auth_differs(id: &str) -> String {
    format!(
        "authentication scheme `{id}` is described differently on an earlier page, which is kept"
    )
}

/// Warnings at page `source` (the page, not a line: the first fact's line need not be where
/// the page says the rest).
fn report_at(api: &mut Api, source: Option<&str>, messages: Vec<String>) {
    for message in messages {
        api.diagnostics
            .push(warning(source.map(|s| (s.to_string(), None)), message));
    }
}

fn merge_types_and_diagnostics(
    api: &mut Api,
    types: BTreeMap<TypeId, NamedType>,
    diagnostics: Vec<Diagnostic>,
) {
    for (id, ty) in types {
        match api.types.get_mut(&id) {
            Some(existing) => api.diagnostics.extend(merge_type(existing, ty)),
            None => {
                api.types.insert(id, ty);
            }
        }
    }
    api.diagnostics.extend(diagnostics);
}

fn fill<T>(slot: &mut Option<T>, other: Option<T>) {
    if slot.is_none() {
        *slot = other;
    }
}

/// [`fill`], saying whether the two agreed (equal, or one of them not given).
fn fill_agreeing<T: PartialEq>(slot: &mut Option<T>, other: Option<T>) -> bool {
    let agree = both_or_equal(slot, &other);
    fill(slot, other);
    agree
}

/// [`fill`] of a text, saying whether the two agreed (beyond whitespace, or one not given).
fn fill_text_agreeing(slot: &mut Option<String>, other: Option<String>) -> bool {
    let agree = texts_agree(slot, &other);
    fill(slot, other);
    agree
}

/// A warning at `at` (a source and line), or without a place.
fn warning(at: Option<(String, Option<u32>)>, message: String) -> Diagnostic {
    match at {
        Some((source, line)) => Diagnostic::at(Severity::Warning, source, line, message),
        None => Diagnostic {
            severity: Severity::Warning,
            message,
            location: None,
        },
    }
}

/// The source and line of a provenance, for [`warning`].
fn place(p: Provenance) -> (String, Option<u32>) {
    (p.source, p.line)
}

/// Marker at the start of a provenance note of facts read from an index (a page listing many
/// operations, one row each), not from the operation's own page.
pub const INDEX_NOTE: &str = "index entry";

/// Whether every fact of an operation so far comes from index rows (its own page is not read).
pub fn index_only(op: &Operation) -> bool {
    !op.provenance.is_empty()
        && op
            .provenance
            .iter()
            .all(|p| p.note.as_deref().is_some_and(|n| n.starts_with(INDEX_NOTE)))
}

/// Whether two texts differ in more than whitespace.
fn differ(a: &str, b: &str) -> bool {
    !a.split_whitespace().eq(b.split_whitespace())
}

/// Combines two descriptions of one operation. Its own page wins over an index row, whichever
/// was merged first; otherwise the first page wins. What the other says and the first does not
/// is taken: its summary and description when they agree with the first's, a parameter,
/// body or response the first lacks, and what a parameter, body or response both describe
/// lacks on the first's side (a description, media types, examples). Returns a warning, at the
/// page whose version is not kept, naming every part that still disagrees and quoting its text.
fn merge_operation(op: &mut Operation, mut other: Operation, scoped: bool) -> Option<Diagnostic> {
    // The operation's own page wins over its index rows: it becomes the first description.
    if index_only(op) && !other.provenance.is_empty() && !index_only(&other) {
        std::mem::swap(op, &mut other);
    }
    let kept = op.provenance.first().cloned();
    let dropped = other.provenance.first().cloned();
    // Summary and description are one text: the later page's completes the first only when
    // the two agree.
    let text_agrees = texts_agree(&op.summary, &other.summary)
        && texts_agree(&op.description, &other.description);
    let text_left_out = if text_agrees {
        fill(&mut op.summary, other.summary.take());
        fill(&mut op.description, other.description.take());
        None
    } else {
        other.description.take().or(other.summary.take())
    };
    let mut parts_left_out = Vec::new();
    let mut one = |agree: bool, part: &str| {
        if !agree {
            parts_left_out.push(part.to_string());
        }
    };
    one(fill_agreeing(&mut op.group, other.group), "the group");
    one(fill_agreeing(&mut op.paging, other.paging), "the paging");
    one(
        fill_agreeing(&mut op.deprecation, other.deprecation),
        "the deprecation",
    );
    one(
        fill_agreeing(&mut op.resource_id, other.resource_id),
        "the resource id",
    );
    one(
        op.query_features.is_empty()
            || other.query_features.is_empty()
            || op.query_features == other.query_features,
        "the query features",
    );
    if op.query_features.is_empty() {
        op.query_features = other.query_features;
    }
    for p in other.parameters {
        match op
            .parameters
            .iter_mut()
            .find(|q| q.name == p.name && q.location == p.location)
        {
            None => op.parameters.push(p),
            Some(q) => {
                if !complete_parameter(q, p) {
                    parts_left_out.push(format!(
                        "the {} parameter `{}`",
                        q.location.as_str(),
                        q.name
                    ));
                }
            }
        }
    }
    match (&mut op.request_body, other.request_body) {
        (None, theirs) => op.request_body = theirs,
        (Some(mine), Some(theirs)) => {
            if !complete_body(mine, theirs, scoped) {
                parts_left_out.push("the request body".to_string());
            }
        }
        (Some(_), None) => {}
    }
    for r in other.responses {
        match op.responses.iter_mut().find(|q| q.status == r.status) {
            None => op.responses.push(r),
            Some(q) => {
                if !complete_response(q, r, scoped) {
                    parts_left_out.push(format!("response {}", q.status));
                }
            }
        }
    }
    let diagnostic = left_out_warning(&op.key(), kept, dropped, text_left_out, parts_left_out);
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
    op.custom_fields |= other.custom_fields;
    op.api_operation |= other.api_operation;
    for r in other.related_operations {
        if !op.related_operations.contains(&r) {
            op.related_operations.push(r);
        }
    }
    op.provenance.extend(other.provenance);
    diagnostic
}

/// The warning of an operation two pages describe differently: the text not kept (quoted) and
/// the parts not kept, at the page they come from.
fn left_out_warning(
    key: &str,
    kept: Option<Provenance>,
    dropped: Option<Provenance>,
    text_left_out: Option<String>,
    mut parts_left_out: Vec<String>,
) -> Option<Diagnostic> {
    if text_left_out.is_none() && parts_left_out.is_empty() {
        return None;
    }
    let kept = kept.map_or_else(
        || "the first page".to_string(),
        |p| format!("`{}`", p.source),
    );
    let mut message = format!("{key} is described differently on several pages");
    if let Some(text) = text_left_out {
        message.push_str(&format!(
            "; the text of {kept} is kept, not \"{}\"",
            clip(&text)
        ));
    }
    if let Some(last) = parts_left_out.pop() {
        let (parts, verb) = if parts_left_out.is_empty() {
            (last, "is")
        } else {
            (format!("{} and {last}", parts_left_out.join(", ")), "are")
        };
        message.push_str(&format!("; {parts} of {kept} {verb} kept, not this page's"));
    }
    Some(warning(dropped.map(place), message))
}

/// Fills what `mine` leaves out from `theirs`, a description of the same parameter on a later
/// page; whether the two agree (texts compared without their whitespace).
fn complete_parameter(mine: &mut Parameter, theirs: Parameter) -> bool {
    let same = mine.ty == theirs.ty
        && mine.required == theirs.required
        && mine.constraints == theirs.constraints;
    [
        fill_text_agreeing(&mut mine.description, theirs.description),
        fill_agreeing(&mut mine.example, theirs.example),
        fill_agreeing(&mut mine.expansion, theirs.expansion),
        fill_agreeing(&mut mine.deprecation, theirs.deprecation),
    ]
    .iter()
    .all(|&agree| agree)
        && same
}

/// Whether two optional facts agree: equal, or one of them not given.
fn both_or_equal<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// Fills what `mine` leaves out from `theirs`, a description of the same body on a later page:
/// its description, wrapper and XML root, media types it does not list and examples it does not
/// show; whether the two then agree. Bodies of different types disagree, unless the dialect
/// names body types per page (`scoped`, [`crate::Dialect::scopes_body_types`]): then they are
/// one body whose types its `finish` judges, completed like any other.
fn complete_body(mine: &mut Body, theirs: Body, scoped: bool) -> bool {
    if mine.ty != theirs.ty && !scoped {
        return false;
    }
    let mut agree = [
        mine.required == theirs.required,
        fill_text_agreeing(&mut mine.description, theirs.description),
        fill_agreeing(&mut mine.json_wrapper, theirs.json_wrapper),
        fill_agreeing(&mut mine.xml_root, theirs.xml_root),
    ]
    .iter()
    .all(|&agree| agree);
    for media in theirs.media_types {
        match mine.media_types.iter_mut().find(|m| m.name == media.name) {
            None => mine.media_types.push(media),
            Some(m) => {
                agree &= fill_agreeing(&mut m.example, media.example)
                    & fill_agreeing(&mut m.note, media.note);
            }
        }
    }
    agree
}

/// [`complete_body`] for a response of the same status.
fn complete_response(mine: &mut Response, theirs: Response, scoped: bool) -> bool {
    let texts = fill_text_agreeing(&mut mine.description, theirs.description);
    let contents = match (&mut mine.content, theirs.content) {
        (ResponseContent::Body { body: mine }, ResponseContent::Body { body: theirs }) => {
            complete_body(mine, theirs, scoped)
        }
        (ResponseContent::Undocumented { .. }, theirs @ ResponseContent::Body { .. }) => {
            // A later page that shows the body documents what the first did not.
            mine.content = theirs;
            true
        }
        (ResponseContent::Body { .. }, ResponseContent::Undocumented { .. }) => true,
        (mine, theirs) => *mine == theirs,
    };
    texts && contents
}

fn texts_agree(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => !differ(a, b),
        _ => true,
    }
}

/// `text` with its whitespace collapsed and cut to its first 160 characters, for a message.
fn clip(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(160) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// Combines two descriptions of one named type: the first complete one is kept, what the other
/// adds (a description, an XML name, members of an enum known only from samples) is taken.
/// Returns warnings, each at the page whose version is not kept, naming the fields or members
/// that are left out or differ.
fn merge_type(ty: &mut NamedType, other: NamedType) -> Vec<Diagnostic> {
    let texts = fill_text_agreeing(&mut ty.description, other.description);
    let xml = fill_agreeing(&mut ty.xml, other.xml);
    let first = ty.provenance.first().cloned();
    let later = other.provenance.first().cloned();
    ty.provenance.extend(other.provenance);
    let rank = |k: &TypeKind| match k {
        TypeKind::Placeholder => 0,
        TypeKind::Enum {
            complete: false, ..
        } => 1,
        _ => 2,
    };
    let (mine, theirs) = (rank(&ty.kind), rank(&other.kind));
    let mut differences = Vec::new();
    let mut out = Vec::new();
    match (mine, theirs) {
        (1, 1) => {
            // Both known from samples only: every member either shows.
            if let (
                TypeKind::Enum { members, .. },
                TypeKind::Enum {
                    members: theirs, ..
                },
            ) = (&mut ty.kind, other.kind)
            {
                for m in theirs {
                    if !members.iter().any(|k| k.name == m.name) {
                        members.push(m);
                    }
                }
            }
        }
        (m, t) if t > m => {
            let replaced = std::mem::replace(&mut ty.kind, other.kind);
            // The earlier page's inferred members the complete list lacks are lost.
            if let Some(lost) = members_missing(&replaced, &ty.kind) {
                out.push(type_warning(
                    &ty.name,
                    later.as_ref(),
                    first.clone(),
                    &format!("members only this page shows: {lost}"),
                ));
            }
        }
        (2, 1) => {
            if let Some(lost) = members_missing(&other.kind, &ty.kind) {
                differences.push(format!("members only this page shows: {lost}"));
            } else if !matches!(ty.kind, TypeKind::Enum { .. }) {
                differences.push(kind_difference(&ty.kind, &other.kind));
            }
        }
        (2, 2) if ty.kind != other.kind => differences.push(kind_difference(&ty.kind, &other.kind)),
        _ => {}
    }
    if !texts {
        differences.push("its description differs".to_string());
    }
    if !xml {
        differences.push("its XML name differs".to_string());
    }
    if !differences.is_empty() {
        out.push(type_warning(
            &ty.name,
            first.as_ref(),
            later,
            &differences.join("; "),
        ));
    }
    out
}

/// The members of enum `from` (by name) that enum `into` does not have, as a list of names.
fn members_missing(from: &TypeKind, into: &TypeKind) -> Option<String> {
    let (TypeKind::Enum { members: from, .. }, TypeKind::Enum { members: into, .. }) = (from, into)
    else {
        return None;
    };
    let lost: Vec<String> = from
        .iter()
        .filter(|m| !into.iter().any(|k| k.name == m.name))
        .map(|m| format!("`{}`", m.name))
        .collect();
    (!lost.is_empty()).then(|| lost.join(", "))
}

/// The warning that page `at` describes type `name` otherwise than page `kept`, whose
/// description is kept.
fn type_warning(
    name: &str,
    kept: Option<&Provenance>,
    at: Option<Provenance>,
    what: &str,
) -> Diagnostic {
    let kept = kept.map_or_else(|| "another page".to_string(), |p| format!("`{}`", p.source));
    let message = format!(
        "type `{name}` is described differently on several pages; the description of {kept} is kept, not this page's ({what})"
    );
    warning(at.map(place), message)
}

/// What differs between two complete kinds of one type, from the later page's side.
fn kind_difference(kept: &TypeKind, left: &TypeKind) -> String {
    let names = |list: Vec<&str>| {
        list.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (kept, left) {
        (TypeKind::Object { fields: kept }, TypeKind::Object { fields: left }) => {
            let mut parts = Vec::new();
            let only_here: Vec<&str> = left
                .iter()
                .filter(|f| !kept.iter().any(|k| k.name == f.name))
                .map(|f| f.name.as_str())
                .collect();
            let differ: Vec<&str> = left
                .iter()
                .filter(|f| kept.iter().any(|k| k.name == f.name && k != *f))
                .map(|f| f.name.as_str())
                .collect();
            let only_there: Vec<&str> = kept
                .iter()
                .filter(|k| !left.iter().any(|f| f.name == k.name))
                .map(|k| k.name.as_str())
                .collect();
            if !only_here.is_empty() {
                parts.push(format!("fields only this page shows: {}", names(only_here)));
            }
            if !differ.is_empty() {
                parts.push(format!("fields described differently: {}", names(differ)));
            }
            if !only_there.is_empty() {
                parts.push(format!(
                    "fields this page does not show: {}",
                    names(only_there)
                ));
            }
            parts.join("; ")
        }
        (TypeKind::Enum { members: kept, .. }, TypeKind::Enum { members: left, .. }) => {
            let only_here: Vec<&str> = left
                .iter()
                .filter(|m| !kept.contains(m))
                .map(|m| m.name.as_str())
                .collect();
            if only_here.is_empty() {
                "its members differ".to_string()
            } else {
                format!("members only this page shows: {}", names(only_here))
            }
        }
        _ => format!("{} here, {} there", kind_name(left), kind_name(kept)),
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Object { .. } => "an object",
        TypeKind::Enum { .. } => "an enum",
        TypeKind::Alias { .. } => "an alias",
        TypeKind::Placeholder => "a placeholder",
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_one, DialectChoice, Page};
    use apiscrape_model::{AuthKind, AuthScheme, Group};

    /// A model's diagnostics as they print.
    fn messages(api: &Api) -> Vec<String> {
        api.diagnostics.iter().map(ToString::to_string).collect()
    }

    /// The merge as it was before [`Merger`]: a scan of everything merged so far for every
    /// operation, group, base URL and scheme. The reference the indexed merge must equal.
    fn merge_by_scan(api: &mut Api, fragment: Api) {
        let source = place_of(&fragment);
        let scoped = scopes_body_types(&fragment);
        let mut differences = Vec::new();
        if api.title.is_empty() {
            api.title = fragment.title;
        } else if !fragment.title.is_empty() && differ(&api.title, &fragment.title) {
            differences.push(title_differs(&fragment.title, &api.title));
        }
        if api.dialect.is_none() {
            api.dialect = fragment.dialect;
        }
        if !texts_agree(&api.description, &fragment.description) {
            differences.push(api_text_differs(fragment.description.as_deref()));
        }
        fill(&mut api.description, fragment.description);
        for url in fragment.base_urls {
            if !api.base_urls.contains(&url) {
                api.base_urls.push(url);
            }
        }
        for group in fragment.groups {
            match api.groups.iter_mut().find(|g| g.name == group.name) {
                Some(g) => {
                    if !texts_agree(&g.description, &group.description) {
                        differences.push(group_text_differs(&g.name, group.description.as_deref()));
                    }
                    fill(&mut g.description, group.description);
                }
                None => api.groups.push(group),
            }
        }
        for scheme in fragment.auth {
            if !api.auth.iter().any(|a| a.id == scheme.id) {
                api.auth.push(scheme);
            } else if !api.auth.contains(&scheme) {
                differences.push(auth_differs(&scheme.id));
            }
        }
        report_at(api, source.as_deref(), differences);
        for op in fragment.operations {
            match api
                .operations
                .iter_mut()
                .find(|o| o.method == op.method && o.path == op.path)
            {
                Some(existing) => {
                    if let Some(d) = merge_operation(existing, op, scoped) {
                        api.diagnostics.push(d);
                    }
                }
                None => api.operations.push(op),
            }
        }
        merge_types_and_diagnostics(api, fragment.types, fragment.diagnostics);
    }

    /// Fragments of every shipped page of both dialects, in source order.
    fn shipped_fragments() -> Vec<Api> {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../input-docs");
        let mut files = Vec::new();
        for dir in ["rambase", "caliber"] {
            for entry in std::fs::read_dir(format!("{root}/{dir}")).expect("input-docs") {
                let path = entry.expect("entry").path();
                if !path.is_file() {
                    continue;
                }
                files.push((
                    format!("{dir}/{}", path.file_name().unwrap().to_string_lossy()),
                    path,
                ));
            }
        }
        files.sort();
        files
            .iter()
            .map(|(name, path)| {
                let text = std::fs::read_to_string(path).expect("page");
                parse_one(&Page::new(name.clone(), text), DialectChoice::Auto)
            })
            .collect()
    }

    fn by_scan(fragments: &[Api]) -> Api {
        let mut api = Api::new("");
        for f in fragments {
            merge_by_scan(&mut api, f.clone());
        }
        api
    }

    fn by_merger(fragments: &[Api]) -> Api {
        let mut merger = Merger::default();
        for f in fragments {
            merger.add(f.clone());
        }
        merger.into_api()
    }

    #[test]
    fn indexed_merge_equals_the_scan_on_the_shipped_pages() {
        let fragments = shipped_fragments();
        let expected = by_scan(&fragments);
        // The pages do overlap: renderings of one RamBase page, index and API pages.
        let ops: usize = fragments.iter().map(|f| f.operations.len()).sum();
        assert!(
            expected.operations.len() < ops,
            "{} < {ops}",
            expected.operations.len()
        );
        assert_eq!(by_merger(&fragments), expected);
        // The same pages in reverse order.
        let reversed: Vec<Api> = fragments.into_iter().rev().collect();
        assert_eq!(by_merger(&reversed), by_scan(&reversed));
    }

    #[test]
    fn duplicates_inside_one_fragment_merge_like_the_scan() {
        let op = |method, path: &str, summary: Option<&str>, group: Option<&str>| {
            let mut o = Operation::new(method, path);
            o.summary = summary.map(str::to_string);
            o.group = group.map(str::to_string);
            o
        };
        let group = |name: &str, description: Option<&str>| Group {
            name: name.to_string(),
            description: description.map(str::to_string),
        };
        let scheme = |id: &str| AuthScheme {
            id: id.to_string(),
            kind: AuthKind::Basic,
            description: None,
        };
        let mut index = Api::new("");
        index.groups = vec![group("Things", None), group("Things", Some("All things"))];
        index.operations = vec![
            op(Method::Get, "/things", None, Some("Things")),
            op(Method::Get, "/things", Some("Lists things"), Some("Other")),
            op(Method::Post, "/things", None, None),
        ];
        index.base_urls = vec!["https://a.example".into(), "https://a.example".into()];
        index.auth = vec![scheme("token"), scheme("token")];
        let mut page = Api::new("Things API");
        page.groups = vec![group("Other", Some("More")), group("Things", Some("Later"))];
        page.operations = vec![
            op(Method::Get, "/things", Some("Lists every thing"), None),
            op(Method::Get, "/things/{id}", Some("One thing"), None),
        ];
        page.base_urls = vec!["https://b.example".into(), "https://a.example".into()];
        page.auth = vec![scheme("key"), scheme("token")];
        let fragments = vec![index, page];
        let expected = by_scan(&fragments);
        assert_eq!(
            expected
                .operations
                .iter()
                .map(|o| (o.key(), o.summary.clone(), o.group.clone()))
                .collect::<Vec<_>>(),
            vec![
                (
                    "GET /things".to_string(),
                    Some("Lists things".to_string()),
                    Some("Things".to_string())
                ),
                ("POST /things".to_string(), None, None),
                (
                    "GET /things/{id}".to_string(),
                    Some("One thing".to_string()),
                    None
                ),
            ]
        );
        assert_eq!(expected.groups.len(), 2);
        assert_eq!(
            expected.groups[0].description.as_deref(),
            Some("All things")
        );
        assert_eq!(
            expected.base_urls,
            vec!["https://a.example", "https://b.example"]
        );
        assert_eq!(expected.auth.len(), 2);
        assert_eq!(by_merger(&fragments), expected);
    }

    /// The shipped index page and the phones operation's own page, with the page's description
    /// edited as a new release of the docs might: (index fragment, page fragment).
    fn index_and_edited_page() -> (Api, Api) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../input-docs/caliber");
        let read = |name: &str| std::fs::read_to_string(format!("{root}/{name}")).expect("page");
        let page = "Help_Api_GET-api-v2-clientcontact-clientContactId-phones_includeDeleted_search_api-version.html";
        let edited = read(page).replace(
            "Lists the phone numbers of a client contact.",
            "Lists the phone numbers of a client contact, newest first.",
        );
        let index = parse_one(
            &Page::new("caliber/Help.html".to_string(), read("Help.html")),
            DialectChoice::Auto,
        );
        let page = parse_one(
            &Page::new(format!("caliber/{page}"), edited),
            DialectChoice::Auto,
        );
        (index, page)
    }

    fn phones(api: &Api) -> &Operation {
        api.operations
            .iter()
            .find(|o| o.path == "/api/v2/clientcontact/{clientContactId}/phones")
            .expect("the phones operation")
    }

    fn merge_warnings(api: &Api) -> Vec<String> {
        api.diagnostics
            .iter()
            .filter(|d| d.message.contains("described differently"))
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn an_operations_own_page_describes_it_over_its_index_row() {
        let (index, page) = index_and_edited_page();
        for api in [
            by_merger(&[index.clone(), page.clone()]),
            by_merger(&[page.clone(), index.clone()]),
        ] {
            let op = phones(&api);
            assert_eq!(
                op.summary.as_deref(),
                Some("Lists the phone numbers of a client contact, newest first.")
            );
            assert_eq!(
                op.description.as_deref(),
                Some(
                    "Lists the phone numbers of a client contact, newest first. Deleted numbers \
                     are left out unless asked for."
                )
            );
            assert_eq!(
                op.provenance[0].source,
                "caliber/Help_Api_GET-api-v2-clientcontact-clientContactId-phones_includeDeleted_search_api-version.html"
            );
            assert_eq!(
                merge_warnings(&api),
                ["caliber/Help.html:44: warning: GET /api/v2/clientcontact/{clientContactId}/phones \
                  is described differently on several pages; the text of \
                  `caliber/Help_Api_GET-api-v2-clientcontact-clientContactId-phones_includeDeleted_search_api-version.html` \
                  is kept, not \"Lists the phone numbers of a client contact. Deleted numbers are \
                  left out unless asked for.\""]
            );
        }
        // The index and the page unedited agree: nothing to say.
        let (index, _) = index_and_edited_page();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../input-docs/caliber");
        let name = "Help_Api_GET-api-v2-clientcontact-clientContactId-phones_includeDeleted_search_api-version.html";
        let page = parse_one(
            &Page::new(
                format!("caliber/{name}"),
                std::fs::read_to_string(format!("{root}/{name}")).expect("page"),
            ),
            DialectChoice::Auto,
        );
        assert_eq!(
            merge_warnings(&by_merger(&[index, page])),
            Vec::<String>::new()
        );
    }

    #[test]
    fn two_pages_that_describe_an_operation_differently_keep_the_first_and_say_so() {
        let (_, edited) = index_and_edited_page();
        let mut copy = edited.clone();
        for op in &mut copy.operations {
            op.description = op
                .description
                .as_ref()
                .map(|d| d.replace("newest", "oldest"));
            for p in &mut op.provenance {
                p.source = "copy/page.html".to_string();
                p.line = Some(7);
            }
        }
        let api = by_merger(&[edited, copy]);
        assert_eq!(
            phones(&api).description.as_deref(),
            Some(
                "Lists the phone numbers of a client contact, newest first. Deleted numbers are \
                 left out unless asked for."
            )
        );
        assert_eq!(
            merge_warnings(&api),
            ["copy/page.html:7: warning: GET /api/v2/clientcontact/{clientContactId}/phones is \
              described differently on several pages; the text of \
              `caliber/Help_Api_GET-api-v2-clientcontact-clientContactId-phones_includeDeleted_search_api-version.html` \
              is kept, not \"Lists the phone numbers of a client contact, oldest first. Deleted \
              numbers are left out unless asked for.\""]
        );
        // Whitespace alone is no difference.
        let (_, edited) = index_and_edited_page();
        let mut spaced = edited.clone();
        for op in &mut spaced.operations {
            op.description = op.description.as_ref().map(|d| d.replace(' ', "  \n"));
        }
        assert_eq!(
            merge_warnings(&by_merger(&[edited, spaced])),
            Vec::<String>::new()
        );
    }

    /// Fragments of two fixture pages of the ASP.NET dialect, named `a/..` and `b/..`.
    fn fixture_pair(first: &str, second: &str) -> (Api, Api) {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/aspnet");
        let read = |name: &str, as_name: String| {
            let text = std::fs::read_to_string(format!("{root}/{name}")).expect("fixture");
            parse_one(&Page::new(as_name, text), DialectChoice::Auto)
        };
        (
            read(first, format!("a/{first}")),
            read(second, format!("b/{second}")),
        )
    }

    #[test]
    fn parts_two_pages_describe_differently_keep_the_first_and_are_named() {
        let (samples, renamed) = fixture_pair(
            "samples/get-api-widgets-id.html",
            "renamed/get-api-widgets-id.html",
        );
        let api = by_merger(&[samples, renamed]);
        let op = &api.operations[0];
        assert_eq!(op.key(), "GET /api/widgets/{id}");
        assert_eq!(op.parameters.len(), 1);
        assert_eq!(op.parameters[0].description.as_deref(), Some("The id."));
        assert_eq!(
            merge_warnings(&api),
            [
                "b/renamed/get-api-widgets-id.html:9: warning: GET /api/widgets/{id} is described \
              differently on several pages; the path parameter `id` and response 200 of \
              `a/samples/get-api-widgets-id.html` are kept, not this page's",
                "b/renamed/get-api-widgets-id.html:24: warning: type `Widget` is described \
                 differently on several pages; the description of \
                 `a/samples/get-api-widgets-id.html` is kept, not this page's (fields this page \
                 does not show: `Maker`, `Badge`)"
            ]
        );
    }

    #[test]
    fn a_body_shown_on_two_pages_gets_the_samples_either_shows() {
        let (bare, with_samples) =
            fixture_pair("tables/post-users-nosample.html", "tables/post-users.html");
        assert!(bare.operations[0]
            .request_body
            .as_ref()
            .expect("a body")
            .media_types
            .is_empty());
        for pages in [
            [bare.clone(), with_samples.clone()],
            [with_samples.clone(), bare.clone()],
        ] {
            let api = by_merger(&pages);
            let body = api.operations[0].request_body.as_ref().expect("a body");
            let media: Vec<(&str, Option<&str>)> = body
                .media_types
                .iter()
                .map(|m| {
                    (
                        m.name.as_str(),
                        m.example.as_ref().map(|e| e.value.as_str()),
                    )
                })
                .collect();
            let sample = "{\n  \"UserName\": \"sample string 1\",\n  \"Email\": \"sample string 2\",\n  \"Age\": 3\n}";
            assert_eq!(
                media,
                [
                    ("application/json", Some(sample)),
                    ("text/json", Some(sample))
                ]
            );
            assert_eq!(merge_warnings(&api), Vec::<String>::new());
        }
    }

    #[test]
    fn a_type_two_pages_describe_differently_names_what_the_later_page_loses() {
        use apiscrape_model::{EnumMember, EnumRepr, Field, Primitive, Provenance, TypeRef};
        let string = || TypeRef::Primitive {
            primitive: Primitive::String,
        };
        let page = |source: &str, line: u32, kind: TypeKind, description: &str| {
            let mut ty = NamedType::new("Order", kind);
            ty.description = Some(description.to_string());
            let mut p = Provenance::file(source);
            p.line = Some(line);
            ty.provenance.push(p);
            let mut api = Api::new("");
            api.types.insert(ty.id(), ty);
            api
        };
        let object = |names: &[&str], described: &str| TypeKind::Object {
            fields: names
                .iter()
                .map(|n| {
                    let mut f = Field::new(*n, string());
                    f.description = Some(format!("{n} {described}"));
                    f
                })
                .collect(),
        };
        let api = by_merger(&[
            page(
                "a.html",
                3,
                object(&["Id", "Total"], "as sent"),
                "An order.",
            ),
            page("b.html", 5, object(&["Id", "Note"], "as sent"), "An order."),
            page(
                "c.html",
                7,
                object(&["Id", "Total"], "as kept"),
                "A sales order.",
            ),
            page(
                "d.html",
                9,
                object(&["Id", "Total"], "as sent"),
                "An  order.\n",
            ),
        ]);
        assert_eq!(
            messages(&api),
            [
                "b.html:5: warning: type `Order` is described differently on several pages; the \
                 description of `a.html` is kept, not this page's (fields only this page shows: \
                 `Note`; fields this page does not show: `Total`)",
                "c.html:7: warning: type `Order` is described differently on several pages; the \
                 description of `a.html` is kept, not this page's (fields described differently: \
                 `Id`, `Total`; its description differs)",
            ]
        );
        let member = |name: &str| EnumMember {
            name: name.to_string(),
            value: name.to_string(),
            description: None,
        };
        let members = |names: &[&str]| TypeKind::Enum {
            repr: EnumRepr::String,
            members: names.iter().map(|n| member(n)).collect(),
            complete: true,
        };
        let api = by_merger(&[
            page("a.html", 1, members(&["Open"]), "A state."),
            page("b.html", 2, members(&["Open", "Closed"]), "A state."),
            page("c.html", 3, object(&["Id"], ""), "A state."),
        ]);
        assert_eq!(
            messages(&api),
            [
                "b.html:2: warning: type `Order` is described differently on several pages; the \
                 description of `a.html` is kept, not this page's (members only this page shows: \
                 `Closed`)",
                "c.html:3: warning: type `Order` is described differently on several pages; the \
                 description of `a.html` is kept, not this page's (an object here, an enum there)",
            ]
        );
    }

    #[test]
    fn an_operations_group_and_resource_id_two_pages_disagree_on_are_named() {
        use apiscrape_model::ResourceId;
        let page = |source: &str, group: &str, resource_id: Option<u64>| {
            one_operation(source, None, false, |op| {
                op.group = Some(group.to_string());
                op.resource_id = resource_id.map(|id| ResourceId { id, version: 1 });
            })
        };
        let api = by_merger(&[
            page("a.html", "sales", None),
            page("b.html", "sales", Some(100)),
            page("c.html", "logistics", Some(200)),
        ]);
        assert_eq!(api.operations[0].group.as_deref(), Some("sales"));
        assert_eq!(
            api.operations[0].resource_id,
            Some(ResourceId {
                id: 100,
                version: 1
            })
        );
        assert_eq!(
            messages(&api),
            ["c.html: warning: GET /orders is described differently on several pages; the group \
              and the resource id of `a.html` are kept, not this page's"]
        );
    }

    #[test]
    fn what_a_later_page_says_differently_of_the_whole_api_is_reported() {
        use apiscrape_model::Provenance;
        let page = |source: &str, title: &str, description: &str, token: Option<&str>| {
            let mut api = Api::new(title);
            api.description = Some(description.to_string());
            api.groups.push(Group {
                name: "Sales".to_string(),
                description: Some(format!("{description} Sales.")),
            });
            api.auth.push(AuthScheme {
                id: "token".to_string(),
                kind: AuthKind::BearerToken {
                    query_parameter: token.map(str::to_string),
                },
                description: None,
            });
            let mut op = Operation::new(Method::Get, format!("/{source}"));
            let mut p = Provenance::file(source);
            p.line = Some(4);
            op.provenance.push(p);
            api.operations.push(op);
            api
        };
        let api = by_merger(&[
            page("a.html", "Shop API", "The shop.", None),
            page("b.html", "Shop  API", "The  shop.\n", None),
            page("c.html", "Store API", "The store.", Some("$token")),
        ]);
        assert_eq!(api.title, "Shop API");
        assert_eq!(api.description.as_deref(), Some("The shop."));
        assert_eq!(
            messages(&api),
            [
                "c.html: warning: the API's title is `Store API` here and `Shop API` on an \
                 earlier page, which is kept",
                "c.html: warning: the API is described differently on an earlier page, whose \
                 text is kept, not \"The store.\"",
                "c.html: warning: group `Sales` is described differently on an earlier page, \
                 whose text is kept, not \"The store. Sales.\"",
                "c.html: warning: authentication scheme `token` is described differently on an \
                 earlier page, which is kept",
            ]
        );
    }

    #[test]
    fn an_operations_own_page_groups_it_over_its_index_row() {
        let fragment = |source: &str, group: &str, index: bool| {
            one_operation(source, Some(2), index, |op| {
                op.group = Some(group.to_string())
            })
        };
        let api = by_merger(&[
            fragment("Help.html", "Orders", true),
            fragment("Help_Api_GET-orders.html", "Sales", false),
        ]);
        assert_eq!(api.operations[0].group.as_deref(), Some("Sales"));
        assert_eq!(
            messages(&api),
            [
                "Help.html:2: warning: GET /orders is described differently on several pages; the \
              group of `Help_Api_GET-orders.html` is kept, not this page's"
            ]
        );
    }

    #[test]
    fn bodies_of_different_types_disagree_unless_the_dialect_scopes_them() {
        use apiscrape_model::{Body, TypeRef};
        let page = |dialect: &str, source: &str, ty: &str| {
            let mut api = one_operation(source, None, false, |op| {
                op.method = Method::Post;
                op.request_body = Some(Body::new(TypeRef::Named {
                    id: TypeId(ty.to_string()),
                }));
            });
            api.dialect = Some(dialect.to_string());
            api
        };
        let api = by_merger(&[
            page("aspnet", "a.html", "NewOrder"),
            page("aspnet", "b.html", "Order"),
        ]);
        assert_eq!(
            messages(&api),
            [
                "b.html: warning: POST /orders is described differently on several pages; the \
              request body of `a.html` is kept, not this page's"
            ]
        );
        // RamBase names each rendering's body types apart; its finish unifies them.
        let api = by_merger(&[
            page("rambase", "a.html", "Order@POST /orders request ~a"),
            page("rambase", "b.html", "Order@POST /orders request"),
        ]);
        assert_eq!(api.diagnostics, []);
    }

    #[test]
    fn a_summary_and_description_are_kept_or_left_out_together() {
        let op = |source: &str, index: bool, summary: &str, description: Option<&str>| {
            one_operation(source, Some(3), index, |op| {
                op.summary = Some(summary.to_string());
                op.description = description.map(str::to_string);
            })
        };
        let api = by_merger(&[
            op(
                "Help.html",
                true,
                "Lists orders.",
                Some("Lists orders. Oldest first."),
            ),
            op("Help_Api_GET-orders.html", false, "Lists the orders.", None),
        ]);
        let kept = &api.operations[0];
        assert_eq!(kept.summary.as_deref(), Some("Lists the orders."));
        assert_eq!(kept.description, None);
        assert_eq!(kept.provenance[0].source, "Help_Api_GET-orders.html");
        assert_eq!(
            messages(&api),
            [
                "Help.html:3: warning: GET /orders is described differently on several pages; the \
              text of `Help_Api_GET-orders.html` is kept, not \"Lists orders. Oldest first.\""
            ]
        );
    }

    #[test]
    fn enum_members_known_from_samples_add_up_and_those_a_complete_list_lacks_are_named() {
        use apiscrape_model::{EnumMember, EnumRepr, Provenance, XmlName};
        let member = |name: &str| EnumMember {
            name: name.to_string(),
            value: name.to_string(),
            description: None,
        };
        let page = |source: &str, names: &[&str], complete: bool| {
            let mut ty = NamedType::new(
                "State",
                TypeKind::Enum {
                    repr: EnumRepr::String,
                    members: names.iter().map(|n| member(n)).collect(),
                    complete,
                },
            );
            let mut p = Provenance::file(source);
            p.line = Some(1);
            ty.provenance.push(p);
            let mut api = Api::new("");
            api.types.insert(ty.id(), ty);
            api
        };
        let members = |api: &Api| match &api.types[&TypeId("State".to_string())].kind {
            TypeKind::Enum {
                members, complete, ..
            } => (
                members.iter().map(|m| m.name.clone()).collect::<Vec<_>>(),
                *complete,
            ),
            _ => panic!("an enum"),
        };
        let api = by_merger(&[
            page("a.html", &["Open"], false),
            page("b.html", &["Closed", "Open"], false),
        ]);
        assert_eq!(members(&api), (vec!["Open".into(), "Closed".into()], false));
        assert_eq!(api.diagnostics, []);
        let api = by_merger(&[
            page("a.html", &["Open", "Held"], false),
            page("b.html", &["Open", "Closed"], true),
            page("c.html", &["Lost"], false),
        ]);
        assert_eq!(members(&api), (vec!["Open".into(), "Closed".into()], true));
        assert_eq!(
            messages(&api),
            [
                "a.html:1: warning: type `State` is described differently on several pages; the \
                 description of `b.html` is kept, not this page's (members only this page \
                 shows: `Held`)",
                "c.html:1: warning: type `State` is described differently on several pages; the \
                 description of `a.html` is kept, not this page's (members only this page \
                 shows: `Lost`)",
            ]
        );
        // An XML name two pages give differently.
        let mut first = page("a.html", &["Open"], true);
        let mut second = page("b.html", &["Open"], true);
        for (api, name) in [(&mut first, "State"), (&mut second, "OrderState")] {
            for ty in api.types.values_mut() {
                ty.xml = Some(XmlName {
                    name: name.to_string(),
                    namespace: None,
                });
            }
        }
        assert_eq!(
            messages(&by_merger(&[first, second])),
            [
                "b.html:1: warning: type `State` is described differently on several pages; the \
              description of `a.html` is kept, not this page's (its XML name differs)"
            ]
        );
    }

    /// A fragment of page `source` with one operation, `GET /orders` before `edit`, read at
    /// `line`, from an index row when `index`.
    fn one_operation(
        source: &str,
        line: Option<u32>,
        index: bool,
        edit: impl FnOnce(&mut Operation),
    ) -> Api {
        let mut op = Operation::new(Method::Get, "/orders");
        edit(&mut op);
        let mut p = apiscrape_model::Provenance::file(source);
        p.line = line;
        if index {
            p.note = Some(format!("{INDEX_NOTE} `{} orders`", op.method.as_str()));
        }
        op.provenance.push(p);
        let mut api = Api::new("");
        api.operations.push(op);
        api
    }
}
