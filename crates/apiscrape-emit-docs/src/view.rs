//! The view model: everything the templates show, computed once from an [`Api`].
//!
//! Templates stay simple because all decisions are made here: file names and anchors
//! ([`crate::slug`]), type references as linkable segments, constraint phrases, example bodies
//! ([`crate::example`]), the Rust client call, and where each type is used. Every optional
//! value is serialised (as `null` when absent), so strict-mode templates can test any field
//! with `{{#if}}`. Text stays raw here; escaping is the templates' job (see [`crate::helpers`]).

use crate::example;
use crate::slug::Slugs;
use crate::ClientCall;
use apiscrape_model::{
    Api, AuthKind, Body, Constraints, EnumRepr, Field, FinishedApi, MediaKind, Method, Operation,
    ParamLocation, Primitive, Provenance, ResponseContent, Severity, TypeId, TypeKind, TypeRef,
};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Deepest nesting the request-body field table expands.
const MAX_FIELD_DEPTH: usize = 4;

/// The whole site: what `README.md` and `index.html` are rendered from.
#[derive(Debug, Serialize)]
pub struct Site {
    /// Summary of the API shared by every page.
    pub api: ApiSummary,
    /// Groups with their operations, in documentation order; ungrouped operations last.
    pub groups: Vec<GroupView>,
    /// Every operation, in model order (path, then method).
    pub operations: Vec<OperationView>,
    /// Every named type, by name.
    pub types: Vec<TypeView>,
    /// What the parsers reported.
    pub diagnostics: Vec<DiagnosticView>,
}

/// Title, base URL and authentication: the header of every page.
#[derive(Debug, Clone, Serialize)]
pub struct ApiSummary {
    /// API title.
    pub title: String,
    /// Description of the API.
    pub description: Option<String>,
    /// Documentation dialect.
    pub dialect: Option<String>,
    /// The first base URL.
    pub base_url: Option<String>,
    /// All base URLs.
    pub base_urls: Vec<String>,
    /// Authentication schemes.
    pub auth: Vec<AuthView>,
    /// Number of operations.
    pub operation_count: usize,
    /// Number of named types.
    pub type_count: usize,
}

/// An authentication scheme.
#[derive(Debug, Clone, Serialize)]
pub struct AuthView {
    /// Scheme id.
    pub id: String,
    /// `bearer`, `api_key` or `basic`.
    pub kind: &'static str,
    /// Header carrying the credential, when there is one.
    pub header: Option<String>,
    /// Query parameter carrying the credential, when there is one.
    pub query_parameter: Option<String>,
    /// Description from the docs.
    pub description: Option<String>,
}

/// A group (tag) with its operations.
#[derive(Debug, Serialize)]
pub struct GroupView {
    /// Group name (`Other operations` for the ungrouped).
    pub name: String,
    /// Description from the docs.
    pub description: Option<String>,
    /// Anchor in `index.html`.
    pub anchor: String,
    /// Whether this is the pseudo-group of operations without a group.
    pub ungrouped: bool,
    /// Its operations.
    pub operations: Vec<OperationLink>,
    /// Indices of its operations in [`Site::operations`] (for `lookup` in templates).
    pub indices: Vec<usize>,
}

/// A link to an operation.
#[derive(Debug, Clone, Serialize)]
pub struct OperationLink {
    /// Operation id.
    pub id: String,
    /// HTTP method.
    pub method: &'static str,
    /// Path template.
    pub path: String,
    /// Summary.
    pub summary: Option<String>,
    /// Whether it is deprecated.
    pub deprecated: bool,
    /// Markdown file, relative to the output root.
    pub file: String,
    /// Anchor in `index.html`.
    pub anchor: String,
    /// Lower-cased text the HTML search box matches against.
    pub search: String,
}

/// A link to a named type.
#[derive(Debug, Clone, Serialize)]
pub struct TypeLink {
    /// Type name as documented.
    pub name: String,
    /// Markdown file, relative to the output root.
    pub file: String,
    /// Anchor in `index.html`.
    pub anchor: String,
}

/// What the site-wide pages (`README.md`, the outside of `index.html`'s articles) see of a named
/// type: its link, kind and summary. The whole [`TypeView`] is built only for its own page and
/// inside `{{#isolated}}` (see [`crate::Units`]).
#[derive(Debug, Clone, Serialize)]
pub struct TypeEntry {
    /// Link data.
    #[serde(flatten)]
    pub link: TypeLink,
    /// `object`, `enum`, `alias` or `placeholder`.
    pub kind: &'static str,
    /// First line of the description, for index tables.
    pub summary: Option<String>,
}

/// A piece of a rendered type reference: text, linked to a named type when `file` is set.
#[derive(Debug, Clone, Serialize)]
pub struct Segment {
    /// Text shown.
    pub text: String,
    /// Markdown file of the named type, relative to the output root.
    pub file: Option<String>,
    /// Anchor of the named type in `index.html`.
    pub anchor: Option<String>,
}

/// One constraint: a label and the values shown as code (`minimum` `100000`).
#[derive(Debug, Clone, Serialize)]
pub struct ConstraintView {
    /// What it is (`minimum`, `pattern`, `one of`, `domain values`).
    pub label: String,
    /// Values, each shown verbatim as code.
    pub values: Vec<String>,
}

/// A path, query, header or cookie parameter.
#[derive(Debug, Serialize)]
pub struct ParameterView {
    /// Wire name.
    pub name: String,
    /// Type.
    pub ty: Vec<Segment>,
    /// Whether required.
    pub required: bool,
    /// Constraints.
    pub constraints: Vec<ConstraintView>,
    /// Description.
    pub description: Option<String>,
    /// Example value (non-synthetic only).
    pub example: Option<String>,
    /// Whether deprecated.
    pub deprecated: bool,
    /// Deprecation note.
    pub deprecation_note: Option<String>,
    /// How a structured value is flattened into this name.
    pub expansion: Option<String>,
}

/// The parameters of one location.
#[derive(Debug, Serialize)]
pub struct ParameterSet {
    /// `path`, `query`, `header` or `cookie`.
    pub location: &'static str,
    /// Heading (`Path parameters`).
    pub title: &'static str,
    /// The parameters, in documentation order.
    pub parameters: Vec<ParameterView>,
}

/// A field of an object, possibly nested (`Contact.Address.Street`).
#[derive(Debug, Clone, Serialize)]
pub struct FieldRow {
    /// Dotted path of documented names from the table's root (`[]` marks list items).
    pub path: String,
    /// Nesting depth (0 for the root's own fields).
    pub depth: usize,
    /// Name as documented.
    pub name: String,
    /// JSON key path.
    pub json_path: String,
    /// JSON key.
    pub json_key: String,
    /// XML element.
    pub xml_key: String,
    /// Type.
    pub ty: Vec<Segment>,
    /// Whether required.
    pub required: bool,
    /// Whether `null` is allowed, when documented.
    pub nullable: Option<bool>,
    /// Constraints.
    pub constraints: Vec<ConstraintView>,
    /// Description.
    pub description: Option<String>,
    /// Example value (non-synthetic only).
    pub example: Option<String>,
    /// Whether deprecated.
    pub deprecated: bool,
}

/// XML element naming.
#[derive(Debug, Clone, Serialize)]
pub struct XmlView {
    /// Element name.
    pub name: String,
    /// Namespace URI.
    pub namespace: Option<String>,
}

/// A media type of a body.
#[derive(Debug, Serialize)]
pub struct MediaTypeView {
    /// Media type.
    pub name: String,
    /// The docs' own example, when shown and not generated placeholder data.
    pub example: Option<String>,
    /// Code-block language of the example (`json`, `xml`, or empty).
    pub example_lang: &'static str,
    /// Note (a sample that failed to generate).
    pub note: Option<String>,
}

/// A request or response body.
#[derive(Debug, Serialize)]
pub struct BodyView {
    /// Type of the payload.
    pub ty: Vec<Segment>,
    /// Whether required.
    pub required: bool,
    /// Description.
    pub description: Option<String>,
    /// JSON root wrapper key.
    pub json_wrapper: Option<String>,
    /// XML root element.
    pub xml_root: Option<XmlView>,
    /// Media types.
    pub media_types: Vec<MediaTypeView>,
    /// Fields of the payload, nested ones expanded.
    pub fields: Vec<FieldRow>,
    /// Whether some field's JSON key path differs from its documented path (else the tables
    /// show one `Field` column).
    pub distinct_keys: bool,
    /// JSON example built from the model.
    pub json_example: Option<String>,
    /// XML example built from the model.
    pub xml_example: Option<String>,
}

/// A response.
#[derive(Debug, Serialize)]
pub struct ResponseView {
    /// HTTP status.
    pub status: u16,
    /// Description.
    pub description: Option<String>,
    /// `empty`, `undocumented` or `body`.
    pub kind: &'static str,
    /// Why the body is undocumented.
    pub reason: Option<String>,
    /// The body, when described.
    pub body: Option<BodyView>,
}

/// A vendor error code.
#[derive(Debug, Serialize)]
pub struct ErrorCodeView {
    /// Code.
    pub code: String,
    /// HTTP status.
    pub status: u16,
    /// Message.
    pub message: String,
}

/// Paging.
#[derive(Debug, Serialize)]
pub struct PagingView {
    /// Page-size query parameter.
    pub parameter: String,
    /// Largest page size.
    pub max_page_size: u64,
}

/// A named filter.
#[derive(Debug, Serialize)]
pub struct NamedFilterView {
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
}

/// Expansion, filtering and sorting.
#[derive(Debug, Serialize)]
pub struct QueryFeaturesView {
    /// Expandable fields.
    pub expandable_fields: Vec<FieldRow>,
    /// Named filters.
    pub named_filters: Vec<NamedFilterView>,
    /// Filterable fields.
    pub filter_fields: Vec<FieldRow>,
    /// Sortable fields.
    pub sortable_fields: Vec<FieldRow>,
}

/// A related operation, linked when it names an operation of this API.
#[derive(Debug, Serialize)]
pub struct RelatedView {
    /// Text as documented.
    pub text: String,
    /// The operation it names, when found.
    pub target: Option<OperationLink>,
    /// What the text says besides naming the target (`Approve sales order`), when anything.
    pub label: Option<String>,
}

/// Where something was read from.
#[derive(Debug, Serialize)]
pub struct SourceView {
    /// Text shown (the URL, or `file:line`).
    pub label: String,
    /// The page URL, when it is an http(s) URL.
    pub url: Option<String>,
}

/// One operation page.
#[derive(Debug, Serialize)]
pub struct OperationView {
    /// Link data (id, method, path, file, anchor, ...).
    #[serde(flatten)]
    pub link: OperationLink,
    /// `METHOD /path`.
    pub key: String,
    /// Rust client method name, when the Rust emitter handed over the client's calls.
    pub rust_method: Option<String>,
    /// Example call of the Rust client (see [`ClientCall`]).
    pub rust_call: Option<String>,
    /// Request and response samples and the `curl` line.
    pub samples: crate::sample::SamplePanel,
    /// Description.
    pub description: Option<String>,
    /// Group.
    pub group: Option<GroupRef>,
    /// Deprecation note (empty string when deprecated without note).
    pub deprecation_note: Option<String>,
    /// Full URL template (first base URL + path).
    pub url: Option<String>,
    /// Vendor resource id (`3455, version 4`).
    pub resource_id: Option<String>,
    /// Whether the docs call it an API operation.
    pub api_operation: bool,
    /// Whether custom fields are supported.
    pub custom_fields: bool,
    /// Supported formats.
    pub formats: Vec<FormatView>,
    /// Parameters by location (only non-empty sets).
    pub parameter_sets: Vec<ParameterSet>,
    /// Request body.
    pub request_body: Option<BodyView>,
    /// Responses.
    pub responses: Vec<ResponseView>,
    /// Vendor error codes.
    pub error_codes: Vec<ErrorCodeView>,
    /// Paging.
    pub paging: Option<PagingView>,
    /// Query features, when any is documented.
    pub query_features: Option<QueryFeaturesView>,
    /// Related operations.
    pub related: Vec<RelatedView>,
    /// Where the operation was read from.
    pub sources: Vec<SourceView>,
}

/// A group reference.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRef {
    /// Name.
    pub name: String,
    /// Anchor in `index.html`.
    pub anchor: String,
}

/// A representation format.
#[derive(Debug, Serialize)]
pub struct FormatView {
    /// Name as documented.
    pub name: String,
    /// Media type.
    pub media_type: String,
    /// `$format` value.
    pub query_value: Option<String>,
    /// The query that selects it (`$format=json`).
    pub query: Option<String>,
}

/// An enum member.
#[derive(Debug, Serialize)]
pub struct MemberView {
    /// Name.
    pub name: String,
    /// Wire value.
    pub value: String,
    /// Description.
    pub description: Option<String>,
}

/// One named type page.
#[derive(Debug, Serialize)]
pub struct TypeView {
    /// Link data.
    #[serde(flatten)]
    pub link: TypeLink,
    /// `object`, `enum`, `alias` or `placeholder`.
    pub kind: &'static str,
    /// Description.
    pub description: Option<String>,
    /// First line of the description, for index tables.
    pub summary: Option<String>,
    /// Fields (objects).
    pub fields: Vec<FieldRow>,
    /// Whether some field's JSON key differs from its name (else the tables show one `Name`
    /// column).
    pub distinct_keys: bool,
    /// Members (enums).
    pub members: Vec<MemberView>,
    /// `string` or `integer` (enums).
    pub enum_repr: Option<&'static str>,
    /// Whether the member list is complete (enums).
    pub enum_complete: Option<bool>,
    /// Aliased type (aliases).
    pub alias_target: Option<Vec<Segment>>,
    /// XML element naming.
    pub xml: Option<XmlView>,
    /// Operations that use it, directly or through other types.
    pub used_by_operations: Vec<OperationLink>,
    /// Types with a field of this type.
    pub used_by_types: Vec<TypeLink>,
    /// Where it was read from.
    pub sources: Vec<SourceView>,
}

/// A diagnostic.
#[derive(Debug, Serialize)]
pub struct DiagnosticView {
    /// `error`, `warning` or `note`.
    pub severity: String,
    /// `file:line`.
    pub location: Option<String>,
    /// Message.
    pub message: String,
}

/// Display name of a primitive (`date-time`, `unsigned integer`).
pub fn primitive_name(p: Primitive) -> &'static str {
    match p {
        Primitive::Integer => "integer",
        Primitive::Int32 => "int32",
        Primitive::Int64 => "int64",
        Primitive::UnsignedInteger => "unsigned integer",
        Primitive::Uint32 => "uint32",
        Primitive::Uint64 => "uint64",
        Primitive::Byte => "byte",
        Primitive::SignedByte => "signed byte",
        Primitive::Number => "number",
        Primitive::Float => "float",
        Primitive::Double => "double",
        Primitive::Decimal => "decimal",
        Primitive::Boolean => "boolean",
        Primitive::String => "string",
        Primitive::Char => "char",
        Primitive::Date => "date",
        Primitive::DateTime => "date-time",
        Primitive::Time => "time",
        Primitive::Duration => "duration",
        Primitive::Uuid => "uuid",
        Primitive::Uri => "uri",
        Primitive::Binary => "binary",
    }
}

/// Builds the view model of a finished API (every operation named).
pub fn build(api: &FinishedApi, client_calls: &BTreeMap<String, ClientCall>) -> Site {
    Builder::new(api, client_calls).site()
}

/// Builds the views of one API: the links and where-used indexes first ([`Builder::new`]),
/// then any operation's or type's view on demand, so a caller can hold one at a time.
pub(crate) struct Builder<'a> {
    api: &'a Api,
    /// The Rust client's call of each operation, by `METHOD /path`.
    client_calls: &'a BTreeMap<String, ClientCall>,
    type_links: BTreeMap<TypeId, TypeLink>,
    op_links: Vec<OperationLink>,
    group_anchors: BTreeMap<String, String>,
    ungrouped_anchor: String,
    /// Type id → indices of the operations that use it (directly or through fields).
    used_by_operations: BTreeMap<TypeId, Vec<usize>>,
    /// Type id → types with a field (or alias target) of that type.
    used_by_types: BTreeMap<TypeId, BTreeSet<TypeId>>,
}

impl<'a> Builder<'a> {
    /// The links and indexes of `finished`.
    pub(crate) fn new(
        finished: &'a FinishedApi,
        client_calls: &'a BTreeMap<String, ClientCall>,
    ) -> Self {
        let api: &'a Api = finished.api();
        let mut files = Slugs::default();
        // Types first, in id order; then operations in model order; anchors share the slug.
        let mut type_links = BTreeMap::new();
        for (id, ty) in &api.types {
            let slug = files.allocate(&ty.name, "type");
            type_links.insert(
                id.clone(),
                TypeLink {
                    name: ty.name.clone(),
                    file: format!("types/{slug}.md"),
                    anchor: format!("type-{slug}"),
                },
            );
        }
        let mut op_slugs = Slugs::default();
        let op_links = finished
            .finished_operations()
            .map(|op| {
                let id = op.id().to_string();
                let slug = op_slugs.allocate(&id, "operation");
                let search = format!(
                    "{} {} {} {} {}",
                    op.method,
                    op.path,
                    id,
                    op.summary.as_deref().unwrap_or(""),
                    op.group.as_deref().unwrap_or("")
                )
                .to_lowercase();
                OperationLink {
                    id,
                    method: op.method.as_str(),
                    path: op.path.clone(),
                    summary: op.summary.clone(),
                    deprecated: op.deprecation.is_some(),
                    file: format!("operations/{slug}.md"),
                    anchor: format!("op-{slug}"),
                    search,
                }
            })
            .collect();
        let mut group_slugs = Slugs::default();
        let mut group_anchors = BTreeMap::new();
        let mut group_names: Vec<&str> = api.groups.iter().map(|g| g.name.as_str()).collect();
        for op in &api.operations {
            if let Some(g) = op.group.as_deref() {
                if !group_names.contains(&g) {
                    group_names.push(g);
                }
            }
        }
        for name in group_names {
            let slug = group_slugs.allocate(name, "group");
            group_anchors.insert(name.to_string(), format!("group-{slug}"));
        }
        let ungrouped_anchor = format!("group-{}", group_slugs.allocate("other", "other"));
        let mut builder = Builder {
            api,
            client_calls,
            type_links,
            op_links,
            group_anchors,
            ungrouped_anchor,
            used_by_operations: BTreeMap::new(),
            used_by_types: BTreeMap::new(),
        };
        // Where-used indexes, computed once (large APIs have thousands of types).
        for (id, t) in &api.types {
            for target in direct_refs(&t.kind) {
                if target != *id {
                    builder
                        .used_by_types
                        .entry(target)
                        .or_default()
                        .insert(id.clone());
                }
            }
        }
        for (i, op) in api.operations.iter().enumerate() {
            for id in builder.operation_closure(op) {
                builder.used_by_operations.entry(id).or_default().push(i);
            }
        }
        builder
    }

    fn site(&self) -> Site {
        let api = self.api;
        let operations: Vec<OperationView> = api
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| self.operation(i, op))
            .collect();
        let types = api.types.keys().map(|id| self.named_type(id)).collect();
        Site {
            api: self.summary(),
            groups: self.groups(),
            operations,
            types,
            diagnostics: self.diagnostics(),
        }
    }

    /// The groups with their operations, in documentation order; ungrouped operations last.
    pub(crate) fn groups(&self) -> Vec<GroupView> {
        let api = self.api;
        let mut groups = Vec::new();
        let mut seen = BTreeSet::new();
        let mut names: Vec<(&str, Option<String>)> = api
            .groups
            .iter()
            .map(|g| (g.name.as_str(), g.description.clone()))
            .collect();
        for op in &api.operations {
            if let Some(g) = op.group.as_deref() {
                if !names.iter().any(|(n, _)| *n == g) {
                    names.push((g, None));
                }
            }
        }
        for (name, description) in names {
            if !seen.insert(name) {
                continue;
            }
            groups.push(GroupView {
                name: name.to_string(),
                description,
                anchor: self.group_anchors[name].clone(),
                ungrouped: false,
                operations: self.ops_where(|op| op.group.as_deref() == Some(name)),
                indices: self.indices_where(|op| op.group.as_deref() == Some(name)),
            });
        }
        let ungrouped = self.ops_where(|op| op.group.is_none());
        if !ungrouped.is_empty() {
            groups.push(GroupView {
                name: "Other operations".into(),
                description: None,
                anchor: self.ungrouped_anchor.clone(),
                ungrouped: true,
                operations: ungrouped,
                indices: self.indices_where(|op| op.group.is_none()),
            });
        }
        groups
    }

    /// What the parsers reported.
    pub(crate) fn diagnostics(&self) -> Vec<DiagnosticView> {
        self.api
            .diagnostics
            .iter()
            .map(|d| DiagnosticView {
                severity: match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "note",
                }
                .into(),
                location: d.location.as_ref().map(ToString::to_string),
                message: d.message.clone(),
            })
            .collect()
    }

    fn ops_where(&self, pred: impl Fn(&Operation) -> bool) -> Vec<OperationLink> {
        self.api
            .operations
            .iter()
            .zip(&self.op_links)
            .filter(|(op, _)| pred(op))
            .map(|(_, l)| l.clone())
            .collect()
    }

    fn indices_where(&self, pred: impl Fn(&Operation) -> bool) -> Vec<usize> {
        (0..self.api.operations.len())
            .filter(|&i| pred(&self.api.operations[i]))
            .collect()
    }

    /// The page header shared by every page.
    pub fn summary(&self) -> ApiSummary {
        let api = self.api;
        ApiSummary {
            title: api.title.clone(),
            description: api.description.clone(),
            dialect: api.dialect.clone(),
            base_url: api.base_urls.first().cloned(),
            base_urls: api.base_urls.clone(),
            auth: api
                .auth
                .iter()
                .map(|a| {
                    let (kind, header, query) = match &a.kind {
                        AuthKind::BearerToken { query_parameter } => (
                            "bearer",
                            Some("Authorization".to_string()),
                            query_parameter.clone(),
                        ),
                        AuthKind::ApiKey { location, name } => match location {
                            ParamLocation::Query => ("api_key", None, Some(name.clone())),
                            _ => ("api_key", Some(name.clone()), None),
                        },
                        AuthKind::Basic => ("basic", Some("Authorization".to_string()), None),
                    };
                    AuthView {
                        id: a.id.clone(),
                        kind,
                        header,
                        query_parameter: query,
                        description: a.description.clone(),
                    }
                })
                .collect(),
            operation_count: api.operations.len(),
            type_count: api.types.len(),
        }
    }

    fn segments(&self, ty: &TypeRef) -> Vec<Segment> {
        let mut out = Vec::new();
        self.push_segments(ty, &mut out);
        // Merge adjacent plain text.
        let mut merged: Vec<Segment> = Vec::new();
        for s in out {
            match merged.last_mut() {
                Some(last) if last.file.is_none() && s.file.is_none() => {
                    last.text.push_str(&s.text)
                }
                _ => merged.push(s),
            }
        }
        merged
    }

    fn push_segments(&self, ty: &TypeRef, out: &mut Vec<Segment>) {
        let text = |t: &str| Segment {
            text: t.to_string(),
            file: None,
            anchor: None,
        };
        match ty {
            TypeRef::Primitive { primitive } => out.push(text(primitive_name(*primitive))),
            TypeRef::Any => out.push(text("any")),
            TypeRef::Named { id } => match self.type_links.get(id) {
                Some(link) => out.push(Segment {
                    text: link.name.clone(),
                    file: Some(link.file.clone()),
                    anchor: Some(link.anchor.clone()),
                }),
                None => out.push(text(&format!("{} (undocumented)", id.0))),
            },
            TypeRef::Array { items } => {
                out.push(text("array of "));
                self.push_segments(items, out);
            }
            TypeRef::Map { key, value } => {
                out.push(text("map of "));
                self.push_segments(key, out);
                out.push(text(" to "));
                self.push_segments(value, out);
            }
            TypeRef::Pair { key, value } => {
                out.push(text("pair of "));
                self.push_segments(key, out);
                out.push(text(" and "));
                self.push_segments(value, out);
            }
        }
    }

    /// The operation's parameters, one set per location (path, query, header, cookie) that
    /// has any.
    fn parameter_sets(&self, op: &Operation) -> Vec<ParameterSet> {
        let mut parameter_sets = Vec::new();
        for (location, title) in [
            (ParamLocation::Path, "Path parameters"),
            (ParamLocation::Query, "Query parameters"),
            (ParamLocation::Header, "Header parameters"),
            (ParamLocation::Cookie, "Cookie parameters"),
        ] {
            let parameters: Vec<ParameterView> = op
                .parameters
                .iter()
                .filter(|p| p.location == location)
                .map(|p| ParameterView {
                    name: p.name.clone(),
                    ty: self.segments(&p.ty),
                    required: p.required,
                    constraints: constraints(&p.constraints),
                    description: p.description.clone(),
                    example: p
                        .example
                        .as_ref()
                        .filter(|e| !e.synthetic)
                        .map(|e| e.value.clone()),
                    deprecated: p.deprecation.is_some(),
                    deprecation_note: p.deprecation.as_ref().and_then(|d| d.note.clone()),
                    expansion: p.expansion.as_ref().map(expansion_text),
                })
                .collect();
            if !parameters.is_empty() {
                parameter_sets.push(ParameterSet {
                    location: location.as_str(),
                    title,
                    parameters,
                });
            }
        }
        parameter_sets
    }

    /// The view of operation `index` (`op`) of the API.
    pub(crate) fn operation(&self, index: usize, op: &Operation) -> OperationView {
        let link = self.op_links[index].clone();
        let client_call = self.client_calls.get(&op.key());
        let parameter_sets = self.parameter_sets(op);
        let responses = op
            .responses
            .iter()
            .map(|r| {
                let (kind, reason, body) = match &r.content {
                    ResponseContent::Empty => ("empty", None, None),
                    ResponseContent::Undocumented { reason } => {
                        ("undocumented", Some(reason.clone()), None)
                    }
                    ResponseContent::Body { body } => ("body", None, Some(self.body(body, false))),
                };
                ResponseView {
                    status: r.status,
                    description: r.description.clone(),
                    kind,
                    reason,
                    body,
                }
            })
            .collect();
        let qf = &op.query_features;
        let query_features = (!qf.is_empty()).then(|| QueryFeaturesView {
            expandable_fields: self.field_rows(
                &qf.expandable_fields,
                "",
                "",
                0,
                &mut Vec::new(),
                false,
            ),
            named_filters: qf
                .named_filters
                .iter()
                .map(|f| NamedFilterView {
                    name: f.name.clone(),
                    description: f.description.clone(),
                })
                .collect(),
            filter_fields: self.field_rows(&qf.filter_fields, "", "", 0, &mut Vec::new(), false),
            sortable_fields: self.field_rows(
                &qf.sortable_fields,
                "",
                "",
                0,
                &mut Vec::new(),
                false,
            ),
        });
        let related = op
            .related_operations
            .iter()
            .map(|text| {
                let target = self.find_operation(text);
                let label = target.as_ref().and_then(|t| {
                    let key = format!("{} {}", t.method, t.path);
                    let rest = text.replace(&key, "").replace("()", "").trim().to_string();
                    (!rest.is_empty() && rest != t.id && rest != t.path).then_some(rest)
                });
                RelatedView {
                    text: text.clone(),
                    target,
                    label,
                }
            })
            .collect();
        OperationView {
            key: op.key(),
            rust_call: client_call.map(rust_call),
            samples: crate::sample::panel(self.api, op),
            rust_method: client_call.map(|c| c.method.clone()),
            description: op.description.clone(),
            group: op.group.as_ref().map(|g| GroupRef {
                name: g.clone(),
                anchor: self.group_anchors[g.as_str()].clone(),
            }),
            deprecation_note: op
                .deprecation
                .as_ref()
                .map(|d| d.note.clone().unwrap_or_default()),
            url: self
                .api
                .base_urls
                .first()
                .map(|b| format!("{}{}", b.trim_end_matches('/'), op.path)),
            resource_id: op
                .resource_id
                .map(|r| format!("{}, version {}", r.id, r.version)),
            api_operation: op.api_operation,
            custom_fields: op.custom_fields,
            formats: op
                .formats
                .iter()
                .map(|f| FormatView {
                    name: f.name.clone(),
                    media_type: f.media_type.clone(),
                    query_value: f.query_value.clone(),
                    query: f.query_value.as_ref().map(|v| format!("$format={v}")),
                })
                .collect(),
            parameter_sets,
            request_body: op.request_body.as_ref().map(|b| self.body(b, true)),
            responses,
            error_codes: op
                .error_codes
                .iter()
                .map(|e| ErrorCodeView {
                    code: e.code.clone(),
                    status: e.status,
                    message: e.message.clone(),
                })
                .collect(),
            paging: op.paging.as_ref().map(|p| PagingView {
                parameter: p.page_size_parameter.clone(),
                max_page_size: p.max_page_size,
            }),
            query_features,
            related,
            sources: sources(&op.provenance),
            link,
        }
    }

    /// The operation a related-operation text names: `METHOD /path`, an operation id, or a
    /// path alone when exactly one operation has it.
    fn find_operation(&self, text: &str) -> Option<OperationLink> {
        let t = text.trim();
        let ops = &self.api.operations;
        let by = |pred: &dyn Fn(&Operation) -> bool| -> Option<OperationLink> {
            let hits: Vec<usize> = (0..ops.len()).filter(|&i| pred(&ops[i])).collect();
            (hits.len() == 1).then(|| self.op_links[hits[0]].clone())
        };
        if let Some((m, p)) = t.split_once(' ') {
            if let Some(m) = Method::parse(m) {
                let p = p.trim();
                if let Some(hit) = by(&|op| op.method == m && op.path == p) {
                    return Some(hit);
                }
            }
        }
        if let Some(hit) =
            by(&|op| op.operation_id.as_deref() == Some(t)).or_else(|| by(&|op| op.path == t))
        {
            return Some(hit);
        }
        // `Approve sales order (POST /sales/orders/{salesOrderId}/api-operations/100101/instances)`
        let words: Vec<&str> = t.split_whitespace().collect();
        for pair in words.windows(2) {
            let m = pair[0].trim_start_matches(['(', '[']);
            let p = pair[1].trim_end_matches([')', ']', ',', '.', ';']);
            if let (Some(m), true) = (Method::parse(m), p.starts_with('/')) {
                if let Some(hit) = by(&|op| op.method == m && op.path == p) {
                    return Some(hit);
                }
            }
        }
        None
    }

    fn body(&self, body: &Body, request: bool) -> BodyView {
        let fields = match &body.ty {
            // A list body: the fields of each item.
            TypeRef::Array { items } => self.type_fields(items, "", ""),
            ty => self.type_fields(ty, "", ""),
        };
        let media = |pred: &dyn Fn(&str) -> bool| body.media_types.iter().any(|m| pred(&m.name));
        let no_media = body.media_types.is_empty();
        let kind = |k: MediaKind| move |m: &str| MediaKind::of(m) == k;
        let wants_json = no_media || media(&kind(MediaKind::Json));
        let wants_xml = (no_media && body.xml_root.is_some()) || media(&kind(MediaKind::Xml));
        BodyView {
            ty: self.segments(&body.ty),
            required: body.required,
            description: body.description.clone(),
            json_wrapper: body.json_wrapper.clone(),
            xml_root: body.xml_root.as_ref().map(|x| XmlView {
                name: x.name.clone(),
                namespace: x.namespace.clone(),
            }),
            media_types: body
                .media_types
                .iter()
                .map(|m| MediaTypeView {
                    name: m.name.clone(),
                    example: m
                        .example
                        .as_ref()
                        .filter(|e| !e.synthetic)
                        .map(|e| e.value.clone()),
                    example_lang: match m.kind() {
                        MediaKind::Json => "json",
                        MediaKind::Xml => "xml",
                        MediaKind::Other => "",
                    },
                    note: m.note.clone(),
                })
                .collect(),
            distinct_keys: fields.iter().any(|f| f.path != f.json_path),
            fields,
            json_example: (request && wants_json).then(|| example::json_body(self.api, body)),
            xml_example: (request && wants_xml).then(|| example::xml_body(self.api, body)),
        }
    }

    /// The fields of the object `ty` refers to, nested objects expanded.
    fn type_fields(&self, ty: &TypeRef, path: &str, json_path: &str) -> Vec<FieldRow> {
        let TypeRef::Named { id } = ty else {
            return Vec::new();
        };
        let Some(named) = self.api.types.get(id) else {
            return Vec::new();
        };
        let mut stack = vec![id.clone()];
        self.field_rows(named.fields(), path, json_path, 0, &mut stack, true)
    }

    fn field_rows(
        &self,
        fields: &[Field],
        prefix: &str,
        json_prefix: &str,
        depth: usize,
        stack: &mut Vec<TypeId>,
        nested: bool,
    ) -> Vec<FieldRow> {
        let mut rows = Vec::new();
        for f in fields {
            let path = join_path(prefix, &f.name);
            let json_path = join_path(json_prefix, f.json_key());
            rows.push(self.field_row(f, path.clone(), json_path.clone(), depth));
            if !nested || depth + 1 >= MAX_FIELD_DEPTH {
                continue;
            }
            // Expand a named object (or a list of them) in place.
            let (inner, suffix) = match &f.ty {
                TypeRef::Array { items } => (items.as_ref(), "[]"),
                t => (t, ""),
            };
            if let TypeRef::Named { id } = inner {
                if let Some(named) = self.api.types.get(id) {
                    if !named.fields().is_empty() && !stack.contains(id) {
                        stack.push(id.clone());
                        rows.extend(self.field_rows(
                            named.fields(),
                            &format!("{path}{suffix}"),
                            &format!("{json_path}{suffix}"),
                            depth + 1,
                            stack,
                            true,
                        ));
                        stack.pop();
                    }
                }
            }
        }
        rows
    }

    fn field_row(&self, f: &Field, path: String, json_path: String, depth: usize) -> FieldRow {
        FieldRow {
            path,
            depth,
            name: f.name.clone(),
            json_path,
            json_key: f.json_key().to_string(),
            xml_key: f.xml_key().to_string(),
            ty: self.segments(&f.ty),
            required: f.required,
            nullable: f.nullable,
            constraints: constraints(&f.constraints),
            description: f.description.clone(),
            example: f
                .example
                .as_ref()
                .filter(|e| !e.synthetic)
                .map(|e| e.value.clone()),
            deprecated: f.deprecation.is_some(),
        }
    }

    /// The view of named type `id`.
    pub(crate) fn named_type(&self, id: &TypeId) -> TypeView {
        let ty = &self.api.types[id];
        let link = self.type_links[id].clone();
        let mut view = TypeView {
            link,
            kind: "placeholder",
            description: ty.description.clone(),
            summary: ty
                .description
                .as_deref()
                .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
                .map(str::to_string),
            fields: Vec::new(),
            distinct_keys: false,
            members: Vec::new(),
            enum_repr: None,
            enum_complete: None,
            alias_target: None,
            xml: ty.xml.as_ref().map(|x| XmlView {
                name: x.name.clone(),
                namespace: x.namespace.clone(),
            }),
            used_by_operations: Vec::new(),
            used_by_types: Vec::new(),
            sources: sources(&ty.provenance),
        };
        match &ty.kind {
            TypeKind::Object { fields } => {
                view.kind = "object";
                view.fields = self.field_rows(fields, "", "", 0, &mut Vec::new(), false);
                view.distinct_keys = view.fields.iter().any(|f| f.name != f.json_key);
            }
            TypeKind::Enum {
                repr,
                members,
                complete,
            } => {
                view.kind = "enum";
                view.enum_repr = Some(match repr {
                    EnumRepr::String => "string",
                    EnumRepr::Integer => "integer",
                });
                view.enum_complete = Some(*complete);
                view.members = members
                    .iter()
                    .map(|m| MemberView {
                        name: m.name.clone(),
                        value: m.value.clone(),
                        description: m.description.clone(),
                    })
                    .collect();
            }
            TypeKind::Alias { target } => {
                view.kind = "alias";
                view.alias_target = Some(self.segments(target));
            }
            TypeKind::Placeholder => {}
        }
        view.used_by_types = self
            .used_by_types
            .get(id)
            .into_iter()
            .flatten()
            .map(|other| self.type_links[other].clone())
            .collect();
        view.used_by_operations = self
            .used_by_operations
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| self.op_links[i].clone())
            .collect();
        view
    }

    /// Every named type an operation uses, directly or through fields of other types.
    fn operation_closure(&self, op: &Operation) -> BTreeSet<TypeId> {
        let mut todo: Vec<TypeId> = Vec::new();
        let mut push = |t: &TypeRef| todo.extend(t.named_ids().into_iter().cloned());
        for p in &op.parameters {
            push(&p.ty);
        }
        if let Some(b) = &op.request_body {
            push(&b.ty);
        }
        for r in &op.responses {
            if let ResponseContent::Body { body } = &r.content {
                push(&body.ty);
            }
        }
        let qf = &op.query_features;
        for f in qf
            .expandable_fields
            .iter()
            .chain(&qf.filter_fields)
            .chain(&qf.sortable_fields)
        {
            push(&f.ty);
        }
        let mut seen = BTreeSet::new();
        while let Some(id) = todo.pop() {
            if seen.insert(id.clone()) {
                if let Some(t) = self.api.types.get(&id) {
                    todo.extend(direct_refs(&t.kind));
                }
            }
        }
        seen
    }
}

/// Type ids a type kind mentions directly.
fn direct_refs(kind: &TypeKind) -> BTreeSet<TypeId> {
    match kind {
        TypeKind::Object { fields } => fields
            .iter()
            .flat_map(|f| f.ty.named_ids().into_iter().cloned())
            .collect(),
        TypeKind::Alias { target } => target.named_ids().into_iter().cloned().collect(),
        TypeKind::Enum { .. } | TypeKind::Placeholder => BTreeSet::new(),
    }
}

fn join_path(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        format!("{prefix}{name}")
    } else {
        format!("{prefix}.{name}")
    }
}

fn expansion_text(e: &apiscrape_model::Expansion) -> String {
    use apiscrape_model::Expansion;
    match e {
        Expansion::CollectionItem {
            base,
            index,
            property,
        } => match property {
            Some(p) => format!("property {p} of item {index} of {base}"),
            None => format!("item {index} of {base}"),
        },
        Expansion::ObjectProperty { base, property } => match base {
            Some(b) => format!("property {property} of {b}"),
            None => format!("property {property} of the query object"),
        },
    }
}

/// Constraint phrases in a fixed order.
pub fn constraints(c: &Constraints) -> Vec<ConstraintView> {
    let mut out = Vec::new();
    let mut push = |label: &str, values: Vec<String>| {
        out.push(ConstraintView {
            label: label.to_string(),
            values,
        })
    };
    if let Some(b) = &c.minimum {
        push(
            if b.exclusive {
                "greater than"
            } else {
                "minimum"
            },
            vec![b.value.0.clone()],
        );
    }
    if let Some(b) = &c.maximum {
        push(
            if b.exclusive { "less than" } else { "maximum" },
            vec![b.value.0.clone()],
        );
    }
    match (c.min_length, c.max_length) {
        (Some(a), Some(b)) if a == b => push("length", vec![a.to_string()]),
        (Some(a), Some(b)) => push(&format!("length {a} to {b}"), Vec::new()),
        (Some(a), None) => push("min length", vec![a.to_string()]),
        (None, Some(b)) => push("max length", vec![b.to_string()]),
        (None, None) => {}
    }
    if let Some(p) = &c.pattern {
        push("pattern", vec![p.clone()]);
    }
    if !c.allowed_values.is_empty() {
        push("one of", c.allowed_values.clone());
    }
    if let Some(d) = &c.default {
        push("default", vec![d.clone()]);
    }
    if let Some(d) = &c.data_type {
        push("data type", vec![d.clone()]);
    }
    if let Some(f) = &c.format_hint {
        push("format", vec![f.clone()]);
    }
    if c.domain_values {
        push("domain values", Vec::new());
    }
    if c.read_only {
        push("read-only", Vec::new());
    }
    if c.unique_items {
        push("unique items", Vec::new());
    }
    for n in &c.notes {
        push(n, Vec::new());
    }
    out
}

fn sources(provenance: &[Provenance]) -> Vec<SourceView> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for p in provenance {
        let (label, url) = match &p.url {
            Some(u) if crate::escape::is_web_url(u) => (u.clone(), Some(u.clone())),
            Some(u) => (u.clone(), None),
            None => match p.line {
                Some(l) => (format!("{}:{l}", p.source), None),
                None => (p.source.clone(), None),
            },
        };
        if seen.insert(label.clone()) {
            out.push(SourceView { label, url });
        }
    }
    out
}

/// The call of the generated Rust client as the docs show it: `let response = client.m(a, b)
/// .await?;`, broken over lines past 90 characters.
fn rust_call(call: &ClientCall) -> String {
    let method = &call.method;
    let args = &call.arguments;
    let one_line = format!(
        "let response = client.{method}({}).await?;",
        args.join(", ")
    );
    if one_line.len() <= 90 {
        return one_line;
    }
    let inline = format!("    .{method}({})", args.join(", "));
    if inline.len() <= 90 {
        return format!("let response = client\n{inline}\n    .await?;");
    }
    let list: Vec<String> = args.iter().map(|a| format!("        {a},")).collect();
    format!(
        "let response = client\n    .{method}(\n{}\n    )\n    .await?;",
        list.join("\n")
    )
}
