//! The plan of one operation's generated method, decided from the model before any code is
//! quoted.
//!
//! [`OperationPlan`] is plain data (progenitor's `OperationMethod` is the model for it): the
//! method name, its rustdoc paragraphs, the path template as pieces, the arguments and the
//! options struct with their Rust types, which parameters go to the query and the headers in
//! documentation order, the request body and how it is encoded, how the success response is
//! decoded, the documented error responses and the paging. [`crate::operations`] quotes the
//! plan into tokens; the crate decides which runtime helpers to emit from the plans
//! ([`OperationPlan::decodes_json`] and friends), never by looking at generated code.

use crate::client::ClientParam;
use crate::docs;
use crate::naming::{self, Scope};
use crate::operations::{
    format_parameter, handled_by_client, location_word, param_field, path_placeholders,
    success_body, xml_media_type, xml_root,
};
use crate::types::{constraint_lines, source_line, TypeSpace};
use apiscrape_model::{
    Api, Body, Method, Operation, ParamLocation, PathPiece as TemplatePiece, PathTemplate,
    ResponseContent, TypeRef,
};
use proc_macro2::TokenStream;
use std::collections::BTreeSet;
use std::fmt;

/// A Rust type as the generated code writes it. Compare and print it as text
/// (`Vec<SalesOrder>`, `&str`).
#[derive(Clone)]
pub struct RustType(TokenStream);

impl RustType {
    /// The type's tokens, for quoting.
    pub fn tokens(&self) -> &TokenStream {
        &self.0
    }
}

impl From<TokenStream> for RustType {
    fn from(t: TokenStream) -> Self {
        RustType(t)
    }
}

impl fmt::Display for RustType {
    /// The type without the spaces `TokenStream` puts between tokens (`Vec<String>`,
    /// `&[i64]`, `crate::support::RawResponse`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        for c in self.0.to_string().chars() {
            if c == ' '
                && !out.ends_with(',')
                && !out.ends_with("dyn")
                && !out.ends_with("mut")
                && !out.ends_with("impl")
            {
                continue;
            }
            out.push(c);
        }
        f.write_str(&out)
    }
}

impl fmt::Debug for RustType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{self}`")
    }
}

impl PartialEq for RustType {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

/// How a required argument is passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pass {
    /// Text as `&str`.
    Str,
    /// A `Copy` primitive by value.
    Value,
    /// A list as a slice `&[T]`.
    Slice,
    /// Any other type by reference `&T`.
    Ref,
}

impl Pass {
    /// Whether the argument is already a reference.
    pub fn by_ref(self) -> bool {
        self != Pass::Value
    }
}

/// A required (path, query or header) parameter, passed as a method argument.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Index in `Operation::parameters`.
    pub param: usize,
    /// Wire name (`contactId`).
    pub wire: String,
    /// Where it is sent.
    pub location: ParamLocation,
    /// Rust argument name (`contact_id`).
    pub rust: String,
    /// Argument type (`i64`, `&str`, `&[String]`, `&Filter`).
    pub ty: RustType,
    /// How it is passed.
    pub pass: Pass,
    /// Whether it is a list (one query pair per item).
    pub array: bool,
}

/// An optional parameter: a field of the options struct.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionField {
    /// Index in `Operation::parameters`.
    pub param: usize,
    /// Wire name (`$top`).
    pub wire: String,
    /// Where it is sent.
    pub location: ParamLocation,
    /// Rust field name (`top`).
    pub rust: String,
    /// Field type inside the `Option` (`i64`).
    pub ty: RustType,
    /// Whether the client-wide value from the builder is sent when the field is unset.
    pub client_default: bool,
    /// Whether it is a list (one query pair per item).
    pub array: bool,
}

/// A piece of the request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    /// Literal text (a placeholder without a documented parameter stays literal).
    Literal(String),
    /// The value of a required argument (index in [`OperationPlan::required`]),
    /// percent-encoded as one segment.
    Arg(usize),
}

/// Where a query or header value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A required argument (index in [`OperationPlan::required`]).
    Arg(usize),
    /// A field of the options struct (index in [`OperationPlan::optional`]).
    Option(usize),
}

/// How a request body is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// JSON, inside the root object `{"wrapper": ..}` when there is one.
    Json {
        /// The root wrapper key.
        wrapper: Option<String>,
    },
    /// XML under the documented root element.
    Xml {
        /// The `Content-Type` (`application/xml`).
        media_type: String,
        /// Root element name.
        root: String,
        /// Root element namespace.
        namespace: Option<String>,
    },
}

/// The request body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyPlan {
    /// The body's Rust type (without the reference).
    pub ty: RustType,
    /// Whether the body is required (`&T`) or optional (`Option<&T>`).
    pub required: bool,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// Whether the body type has a `Validate` implementation to run before sending.
    pub validates: bool,
}

/// How a success response becomes the method's value.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponsePlan {
    /// The first documented success body, decoded from JSON (root wrapper removed).
    Json {
        /// The decoded type.
        ty: RustType,
        /// The root wrapper key.
        wrapper: Option<String>,
    },
    /// The first documented success body, documented as XML only.
    Xml {
        /// The decoded type.
        ty: RustType,
        /// The `Accept` media type.
        media_type: String,
    },
    /// Every documented success response is empty: `()`.
    Empty,
    /// The docs do not describe the body: the raw status and bytes.
    Raw,
}

/// A documented error response (status 4xx or 5xx in `Operation::responses`).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    /// HTTP status.
    pub status: u16,
    /// The documented body type, when the docs describe one.
    pub body: Option<RustType>,
}

/// Paging, as the docs document it.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingPlan {
    /// The query parameter that sets the page size (`$top`).
    pub page_size_parameter: String,
    /// The largest page size the docs allow.
    pub max_page_size: u64,
    /// The helper that walks every page, when the client can follow the paging
    /// ([`walkable`]).
    pub walker: Option<Walker>,
}

/// The methods that walk every page of a paged list operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Walker {
    /// The public method yielding every item of every page (`list_orders_all`): a
    /// `futures::Stream` in the asynchronous client, an `Iterator` in the blocking one.
    pub name: String,
    /// The crate-private method fetching one page with extra query pairs (`list_orders_page`).
    pub page_fn: String,
    /// The query parameter of the offset (`$skip`).
    pub offset_parameter: String,
    /// The options field of the page size (index in [`OperationPlan::optional`]).
    pub page_size_field: usize,
    /// The type of one item.
    pub item: RustType,
}

/// The offset parameter that goes with the page-size parameter `$top`: RamBase's global
/// parameter list (the OData convention) documents `$skip` beside `$top`; the operation pages
/// list only `$top`, so the model records only the page size.
pub const OFFSET_PARAMETER: &str = "$skip";

/// Whether the client can walk every page of `op`: the docs give a maximum page size set by
/// `$top` (the offset then being [`OFFSET_PARAMETER`]), `$top` is an optional integer query
/// parameter, there is no request body, and the success body is a JSON list. The walk stops
/// after a page shorter than the page size (the docs document no next link or total count).
pub fn walkable(api: &Api, op: &Operation) -> bool {
    let Some(paging) = &op.paging else {
        return false;
    };
    let top = op
        .parameters
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.name == paging.page_size_parameter);
    paging.page_size_parameter == "$top"
        && paging.max_page_size > 0
        && op.request_body.is_none()
        && top.is_some_and(|p| {
            !p.required
                && !handled_by_client(api, op, p)
                && p.ty.as_primitive().is_some_and(|t| t.is_integer())
        })
        && success_body(op)
            .is_some_and(|b| xml_media_type(b).is_none() && matches!(b.ty, TypeRef::Array { .. }))
}

/// Everything the generated method of one operation is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationPlan {
    /// Index in `Api::operations`.
    pub index: usize,
    /// Method name, unique across the client (`update_contact_phone`).
    pub method_name: String,
    /// `METHOD /path` as documented.
    pub key: String,
    /// HTTP method.
    pub http_method: Method,
    /// Whether a failed request may be sent again (every method but POST and PATCH).
    pub idempotent: bool,
    /// Rustdoc lines of the asynchronous method (blank lines separate paragraphs).
    pub docs: Vec<String>,
    /// Rustdoc lines of the blocking method.
    pub blocking_docs: Vec<String>,
    /// The request path.
    pub path: Vec<PathPiece>,
    /// Required parameters (path ones in path-template order, then the others in
    /// documentation order).
    pub required: Vec<Arg>,
    /// Optional parameters, in documentation order.
    pub optional: Vec<OptionField>,
    /// Name of the options struct, when there are optional parameters.
    pub options_struct: Option<String>,
    /// Whether the options struct has checks (`Validate`).
    pub options_validate: bool,
    /// Query parameters in documentation order.
    pub query: Vec<Source>,
    /// The format-selecting query parameter and its value, sent last.
    pub format: Option<(String, String)>,
    /// Header parameters in documentation order.
    pub headers: Vec<Source>,
    /// The request body.
    pub body: Option<BodyPlan>,
    /// The success response.
    pub response: ResponsePlan,
    /// Documented error responses.
    pub error_responses: Vec<ErrorResponse>,
    /// Paging.
    pub paging: Option<PagingPlan>,
    /// The `#[deprecated]` note, when the operation is deprecated.
    pub deprecated: Option<String>,
}

impl OperationPlan {
    /// Whether the method decodes a JSON success body (`client::decode`).
    pub fn decodes_json(&self) -> bool {
        matches!(self.response, ResponsePlan::Json { .. })
    }

    /// Whether the method decodes an XML success body (`client::decode_xml`).
    pub fn decodes_xml(&self) -> bool {
        matches!(self.response, ResponsePlan::Xml { .. })
    }

    /// Whether the method encodes an XML request body (`xml::encode_xml`).
    pub fn encodes_xml(&self) -> bool {
        matches!(
            self.body,
            Some(BodyPlan {
                encoding: BodyEncoding::Xml { .. },
                ..
            })
        )
    }

    /// The `Content-Type` of the request and the `Accept` override of the response.
    pub fn media_types(&self) -> (&str, Option<&str>) {
        let content_type = match &self.body {
            Some(BodyPlan {
                encoding: BodyEncoding::Xml { media_type, .. },
                ..
            }) => media_type.as_str(),
            _ => "application/json",
        };
        let accept = match &self.response {
            ResponsePlan::Xml { media_type, .. } => Some(media_type.as_str()),
            _ => None,
        };
        (content_type, accept)
    }

    /// The number of method arguments besides `self`.
    pub fn arg_count(&self) -> usize {
        self.required.len()
            + usize::from(self.body.is_some())
            + usize::from(self.options_struct.is_some())
    }
}

fn is_copy_primitive(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive { primitive } if !matches!(
        primitive,
        apiscrape_model::Primitive::String
            | apiscrape_model::Primitive::Char
            | apiscrape_model::Primitive::Duration
            | apiscrape_model::Primitive::Uri
            | apiscrape_model::Primitive::Binary
    ))
}

/// Whether a type is passed as `&str`.
pub(crate) fn is_text(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive { .. }) && !is_copy_primitive(ty)
}

/// What the plan builder needs besides the operation.
pub struct PlanContext<'a, 'b> {
    /// The API.
    pub api: &'a Api,
    /// Rust names of the model's types (options struct names are claimed in its scope).
    pub space: &'b mut TypeSpace<'a>,
    /// The client-wide parameters.
    pub client_params: &'b [ClientParam],
    /// Model names the module imports (filled while planning).
    pub used: &'b mut BTreeSet<String>,
}

/// The names of an operation's methods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodNames {
    /// The method (`list_orders`).
    pub method: String,
    /// The page walker and the page method, for [`walkable`] operations
    /// (`list_orders_all`, `list_orders_page`).
    pub walker: Option<(String, String)>,
}

/// Plans the method of `api.operations[index]`, named as `names` says.
pub fn plan(cx: &mut PlanContext<'_, '_>, index: usize, names: &MethodNames) -> OperationPlan {
    let method_name = names.method.as_str();
    let api = cx.api;
    let op = &api.operations[index];
    let (required, optional) = plan_params(cx, op);
    let options_struct = if optional.is_empty() {
        None
    } else {
        let camel = naming::camel(method_name);
        Some(cx.space.scope.claim_camel(format!("{camel}Options")))
    };
    let options_validate = options_struct.is_some()
        && optional.iter().any(|o| {
            cx.space
                .value_checks(&param_field(&op.parameters[o.param]), "x")
                .is_some()
        });
    let body = op.request_body.as_ref().map(|b| plan_body(cx, b));
    let response = plan_response(cx, op);
    let (query, headers) = wire_order(op, &required, &optional);
    let mut plan = OperationPlan {
        index,
        method_name: method_name.to_string(),
        key: op.key(),
        http_method: op.method,
        idempotent: !matches!(op.method, Method::Post | Method::Patch),
        docs: Vec::new(),
        blocking_docs: Vec::new(),
        path: path_pieces(&op.path, &required),
        required,
        optional,
        options_struct,
        options_validate,
        query,
        format: format_parameter(op),
        headers,
        body,
        response,
        error_responses: error_responses(cx, op),
        paging: None,
        deprecated: op.deprecation.as_ref().map(|d| {
            d.note
                .clone()
                .unwrap_or_else(|| "deprecated by the documentation".to_string())
        }),
    };
    plan.paging = op.paging.as_ref().map(|p| PagingPlan {
        page_size_parameter: p.page_size_parameter.clone(),
        max_page_size: p.max_page_size,
        walker: walker(cx, op, &plan, names),
    });
    plan.docs = method_docs(cx.space, op, &plan);
    plan.blocking_docs = vec![
        summary_sentence(op),
        String::new(),
        format!(
            "Waits for [`Client::{method_name}`](crate::Client::{method_name}), which documents \
             the parameters, return value and errors."
        ),
    ];
    plan
}

fn walker(
    cx: &mut PlanContext<'_, '_>,
    op: &Operation,
    plan: &OperationPlan,
    names: &MethodNames,
) -> Option<Walker> {
    let (name, page_fn) = names.walker.clone()?;
    let paging = op.paging.as_ref()?;
    let page_size_field = plan
        .optional
        .iter()
        .position(|o| o.wire == paging.page_size_parameter)?;
    let TypeRef::Array { items } = &success_body(op)?.ty else {
        return None;
    };
    Some(Walker {
        name,
        page_fn,
        offset_parameter: OFFSET_PARAMETER.to_string(),
        page_size_field,
        item: cx.space.rust_type(items, cx.used).into(),
    })
}

/// Required and optional parameters: path parameters in path-template order first, then the
/// others in documentation order; those the client handles itself are left out.
fn plan_params(cx: &mut PlanContext<'_, '_>, op: &Operation) -> (Vec<Arg>, Vec<OptionField>) {
    let mut args_scope = Scope::with_reserved([
        "self", "body", "options", "call", "status", "response", "query", "headers", "path", "v",
    ]);
    let mut opt_scope = Scope::new();
    let mut order: Vec<usize> = Vec::new();
    for seg in path_placeholders(&op.path) {
        if let Some(i) = op
            .parameters
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.name == seg)
        {
            order.push(i);
        }
    }
    order.extend(
        op.parameters
            .iter()
            .enumerate()
            .filter(|(_, p)| p.location != ParamLocation::Path)
            .map(|(i, _)| i),
    );
    let mut required = Vec::new();
    let mut optional = Vec::new();
    for i in order {
        let p = &op.parameters[i];
        if handled_by_client(cx.api, op, p) {
            continue;
        }
        let array = matches!(p.ty, TypeRef::Array { .. });
        if p.location == ParamLocation::Path || p.required {
            let rust = args_scope.claim_snake(naming::snake(&p.name));
            let owned = cx.space.rust_type(&p.ty, cx.used);
            let (ty, pass) = match &p.ty {
                t if is_text(t) => (quote::quote!(&str), Pass::Str),
                t if is_copy_primitive(t) => (owned, Pass::Value),
                TypeRef::Array { items } => {
                    let inner = cx.space.rust_type(items, cx.used);
                    (quote::quote!(&[#inner]), Pass::Slice)
                }
                _ => (quote::quote!(&#owned), Pass::Ref),
            };
            required.push(Arg {
                param: i,
                wire: p.name.clone(),
                location: p.location,
                rust,
                ty: ty.into(),
                pass,
                array,
            });
        } else {
            optional.push(OptionField {
                param: i,
                wire: p.name.clone(),
                location: p.location,
                rust: opt_scope.claim_snake(naming::snake(&p.name)),
                ty: cx.space.rust_type(&p.ty, cx.used).into(),
                client_default: cx.client_params.iter().any(|c| c.wire == p.name),
                array,
            });
        }
    }
    (required, optional)
}

fn plan_body(cx: &mut PlanContext<'_, '_>, b: &Body) -> BodyPlan {
    let ty = cx.space.rust_type(&b.ty, cx.used).into();
    let encoding = match xml_media_type(b) {
        Some(media_type) => {
            let (root, namespace) = xml_root(cx.api, b);
            BodyEncoding::Xml {
                media_type,
                root,
                namespace,
            }
        }
        None => BodyEncoding::Json {
            wrapper: b.json_wrapper.clone(),
        },
    };
    BodyPlan {
        ty,
        required: b.required,
        encoding,
        validates: cx.space.validates(&b.ty),
    }
}

fn plan_response(cx: &mut PlanContext<'_, '_>, op: &Operation) -> ResponsePlan {
    if let Some(b) = success_body(op) {
        let ty = cx.space.rust_type(&b.ty, cx.used).into();
        return match xml_media_type(b) {
            Some(media_type) => ResponsePlan::Xml { ty, media_type },
            None => ResponsePlan::Json {
                ty,
                wrapper: b.json_wrapper.clone(),
            },
        };
    }
    let success: Vec<_> = op.success_responses().collect();
    if !success.is_empty()
        && success
            .iter()
            .all(|r| matches!(r.content, ResponseContent::Empty))
    {
        ResponsePlan::Empty
    } else {
        ResponsePlan::Raw
    }
}

fn error_responses(cx: &mut PlanContext<'_, '_>, op: &Operation) -> Vec<ErrorResponse> {
    op.responses
        .iter()
        .filter(|r| r.status >= 400)
        .map(|r| ErrorResponse {
            status: r.status,
            body: match &r.content {
                ResponseContent::Body { body } => {
                    Some(cx.space.rust_type(&body.ty, cx.used).into())
                }
                _ => None,
            },
        })
        .collect()
}

/// The query and header parameters in documentation order.
fn wire_order(
    op: &Operation,
    required: &[Arg],
    optional: &[OptionField],
) -> (Vec<Source>, Vec<Source>) {
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for (i, p) in op.parameters.iter().enumerate() {
        if p.location == ParamLocation::Path {
            continue;
        }
        let source = if let Some(a) = required.iter().position(|r| r.param == i) {
            Source::Arg(a)
        } else if let Some(o) = optional.iter().position(|o| o.param == i) {
            Source::Option(o)
        } else {
            continue;
        };
        match p.location {
            ParamLocation::Header => headers.push(source),
            _ => query.push(source),
        }
    }
    (query, headers)
}

/// The pieces of a path (a leading `/` added when missing); placeholders without a documented
/// path parameter stay literal.
fn path_pieces(path: &str, required: &[Arg]) -> Vec<PathPiece> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    if !path.starts_with('/') {
        literal.push('/');
    }
    for piece in PathTemplate::parse(path).pieces() {
        let name = match piece {
            TemplatePiece::Literal(text) => {
                literal.push_str(text);
                continue;
            }
            TemplatePiece::Placeholder(name) => name,
        };
        match required
            .iter()
            .position(|r| r.location == ParamLocation::Path && r.wire == *name)
        {
            Some(r) => {
                if !literal.is_empty() {
                    parts.push(PathPiece::Literal(std::mem::take(&mut literal)));
                }
                parts.push(PathPiece::Arg(r));
            }
            None => literal.push_str(&format!("{{{name}}}")),
        }
    }
    if !literal.is_empty() || parts.is_empty() {
        parts.push(PathPiece::Literal(literal));
    }
    parts
}

/// The first paragraph of an operation's docs: its summary, else the first paragraph of its
/// description, else its method and path; a full sentence either way, on one line.
pub(crate) fn summary_sentence(op: &Operation) -> String {
    let first = op
        .summary
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .or_else(|| {
            op.description
                .as_deref()
                .and_then(|d| d.lines().find(|l| !l.trim().is_empty()))
        });
    match first {
        Some(s) => sentence(&docs::text(s).replace('\n', " ")),
        None => format!("{}.", docs::code(&op.key())),
    }
}

/// Text ending with a full stop (or other closing punctuation).
pub(crate) fn sentence(s: &str) -> String {
    let t = s.trim_end();
    if t.ends_with(['.', '!', '?', ':']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// The rustdoc of the asynchronous method: summary, description paragraphs, facts, then the
/// `# Parameters` and `# Errors` sections and the source line.
fn method_docs(space: &TypeSpace, op: &Operation, plan: &OperationPlan) -> Vec<String> {
    let mut lines = vec![summary_sentence(op), String::new()];
    // Every paragraph of the description, after the summary (when there is no summary, its
    // first paragraph is the summary).
    if let Some(d) = &op.description {
        let skip = usize::from(op.summary.as_deref().is_none_or(|s| s.trim().is_empty()));
        let rest: Vec<&str> = d
            .lines()
            .filter(|l| !l.trim().is_empty())
            .skip(skip)
            .collect();
        if !rest.is_empty() {
            lines.push(docs::paragraphs(&rest.join("\n")));
            lines.push(String::new());
        }
    }
    if op.api_operation {
        lines.push("This is an API operation (an action resource).".to_string());
        lines.push(String::new());
    }
    if let Some(dep) = &op.deprecation {
        lines.push(format!(
            "**Deprecated**{}",
            dep.note
                .as_deref()
                .map(|n| format!(": {}", docs::text(n)))
                .unwrap_or_default()
        ));
        lines.push(String::new());
    }
    lines.push(facts_line(op));
    if let ResponsePlan::Xml { media_type, .. } = &plan.response {
        lines.push(String::new());
        lines.push(format!(
            "The response body is documented as XML only: the client asks for {} and decodes \
             the XML.",
            docs::code(media_type)
        ));
    }
    if let Some(p) = &plan.paging {
        lines.push(String::new());
        lines.push(format!(
            "Paged: at most {} items per page ({}).",
            p.max_page_size,
            docs::code(&p.page_size_parameter)
        ));
        if let Some(w) = &p.walker {
            lines.push(format!(
                "[`Client::{}`](crate::Client::{}) walks every page.",
                w.name, w.name
            ));
        }
    }
    parameter_docs(space, op, plan, &mut lines);
    error_docs(op, &mut lines);
    lines
}

/// `` `PUT /path`, success status 200, API resource identifier 1 version 2. ``
fn facts_line(op: &Operation) -> String {
    let statuses: Vec<String> = op
        .success_responses()
        .map(|r| r.status.to_string())
        .collect();
    let mut head = docs::code(&op.key());
    if !statuses.is_empty() {
        head.push_str(&format!(", success status {}", statuses.join(", ")));
    }
    if let Some(id) = &op.resource_id {
        head.push_str(&format!(
            ", API resource identifier {} version {}",
            id.id, id.version
        ));
    }
    format!("{head}.")
}

/// The `# Parameters` section, when the method takes arguments.
fn parameter_docs(
    space: &TypeSpace,
    op: &Operation,
    plan: &OperationPlan,
    lines: &mut Vec<String>,
) {
    if plan.required.is_empty() && op.request_body.is_none() && plan.options_struct.is_none() {
        return;
    }
    lines.push(String::new());
    lines.push("# Parameters".to_string());
    lines.push(String::new());
    for r in &plan.required {
        let p = &op.parameters[r.param];
        let mut s = format!(
            "- `{}`: {} parameter {}",
            naming::unraw(&r.rust),
            location_word(p.location).to_lowercase(),
            docs::code(&p.name)
        );
        s.push_str(&format!(", {}", space.describe(&p.ty)));
        if let Some(d) = &p.description {
            s.push_str(&format!(
                ". {}",
                sentence(&docs::text(d).replace('\n', " "))
            ));
        }
        let c = constraint_lines(&p.constraints);
        if !c.is_empty() {
            s.push_str(&format!(" {}", c.join(" ")));
        }
        if !s.ends_with('.') {
            s.push('.');
        }
        lines.push(s);
    }
    if let (Some(b), Some(bp)) = (&op.request_body, &plan.body) {
        let mut s = format!("- `body`: {}", space.describe(&b.ty));
        match &bp.encoding {
            BodyEncoding::Xml {
                media_type,
                root,
                namespace,
            } => {
                s.push_str(&format!(
                    ", sent as XML ({}) in the root element {}",
                    docs::code(media_type),
                    docs::code(&format!("<{root}>"))
                ));
                if let Some(ns) = namespace {
                    s.push_str(&format!(" of namespace {}", docs::code(ns)));
                }
            }
            BodyEncoding::Json { wrapper: Some(w) } => s.push_str(&format!(
                ", sent inside the root object {}",
                docs::code(&format!("{{\"{w}\": ...}}"))
            )),
            BodyEncoding::Json { wrapper: None } => {}
        }
        s.push_str(if b.required {
            " (required)"
        } else {
            " (optional)"
        });
        if let Some(d) = &b.description {
            s.push_str(&format!(
                ". {}",
                sentence(&docs::text(d).replace('\n', " "))
            ));
        }
        if !s.ends_with('.') {
            s.push('.');
        }
        lines.push(s);
    }
    if let Some(o) = &plan.options_struct {
        let names: Vec<String> = plan.optional.iter().map(|o| docs::code(&o.wire)).collect();
        lines.push(format!(
            "- `options`: [`{o}`], the optional parameters {}.",
            names.join(", ")
        ));
    }
}

/// The `# Errors` section, the documented error codes and the source line.
fn error_docs(op: &Operation, lines: &mut Vec<String>) {
    lines.push(String::new());
    lines.push("# Errors".to_string());
    lines.push(String::new());
    lines.push(
        "[`Error::Validation`](crate::Error::Validation) before sending when a value breaks a \
         documented constraint (unless validation is off); [`Error::Api`](crate::Error::Api) \
         for error statuses; transport, timeout and decode errors as [`Error`](crate::Error) \
         describes."
            .to_string(),
    );
    if !op.error_codes.is_empty() {
        lines.push(String::new());
        lines.push("Documented error codes:".to_string());
        lines.push(String::new());
        for e in &op.error_codes {
            lines.push(format!(
                "- {} (HTTP {}): {}",
                docs::code(&e.code),
                e.status,
                docs::text(&e.message)
            ));
        }
    }
    if let Some(src) = op.provenance.first() {
        lines.push(String::new());
        lines.push(source_line(src));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{module_plans, Options};

    fn plans_of(path: &str, crate_name: &str) -> Vec<(String, OperationPlan)> {
        let text =
            std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
                .unwrap();
        let api = apiscrape_model::finish(serde_json::from_str(&text).unwrap()).unwrap();
        module_plans(&api, &Options::new(crate_name))
            .unwrap()
            .into_iter()
            .flat_map(|m| {
                let module = m.module.clone();
                m.plans.into_iter().map(move |p| (module.clone(), p))
            })
            .collect()
    }

    fn find<'a>(plans: &'a [(String, OperationPlan)], method: &str) -> &'a (String, OperationPlan) {
        plans.iter().find(|(_, p)| p.method_name == method).unwrap()
    }

    fn ty(s: &str) -> RustType {
        RustType(s.parse().unwrap())
    }

    #[test]
    fn the_seed_operation_has_typed_path_arguments_an_optional_wrapped_body_and_no_body_back() {
        let plans = plans_of("../../generated/rambase/model.json", "rambase-client");
        let (module, p) = find(&plans, "update_contact_phone");
        assert_eq!(module, "collaboration");
        assert_eq!(
            p.key,
            "PUT /collaboration/contacts/{contactId}/phones/{phoneId}"
        );
        assert_eq!(
            p.path,
            [
                PathPiece::Literal("/collaboration/contacts/".into()),
                PathPiece::Arg(0),
                PathPiece::Literal("/phones/".into()),
                PathPiece::Arg(1),
            ]
        );
        let args: Vec<(&str, &str, String, Pass)> = p
            .required
            .iter()
            .map(|a| (a.wire.as_str(), a.rust.as_str(), a.ty.to_string(), a.pass))
            .collect();
        assert_eq!(
            args,
            [
                ("contactId", "contact_id", "i32".to_string(), Pass::Value),
                ("phoneId", "phone_id", "i32".to_string(), Pass::Value),
            ]
        );
        // `$access_token` is the client's credential; `$db` and `$useMinimumVersion` are options.
        let options: Vec<&str> = p.optional.iter().map(|o| o.wire.as_str()).collect();
        assert_eq!(options, ["$db", "$useMinimumVersion"]);
        assert_eq!(
            p.options_struct.as_deref(),
            Some("UpdateContactPhoneOptions")
        );
        assert_eq!(p.query, [Source::Option(0), Source::Option(1)]);
        assert_eq!(p.format, Some(("$format".into(), "json".into())));
        assert_eq!(
            p.body,
            Some(BodyPlan {
                ty: ty("Phone"),
                required: false,
                encoding: BodyEncoding::Json {
                    wrapper: Some("phone".into())
                },
                validates: true,
            })
        );
        assert_eq!(p.response, ResponsePlan::Empty);
        assert_eq!(
            p.error_responses,
            [
                ErrorResponse {
                    status: 400,
                    body: None
                },
                ErrorResponse {
                    status: 404,
                    body: None
                },
            ]
        );
        assert!(p.idempotent && !p.decodes_json() && !p.decodes_xml() && !p.encodes_xml());
        assert_eq!(p.arg_count(), 4);
        assert_eq!(p.docs[0], "Updates provided phone number.");
        assert_eq!(p.blocking_docs[0], p.docs[0]);
    }

    #[test]
    fn the_sales_order_list_is_paged_and_decodes_its_wrapped_list() {
        let plans = plans_of("../../generated/rambase/model.json", "rambase-client");
        let (module, p) = find(&plans, "list_orders");
        assert_eq!(module, "sales");
        assert_eq!(p.path, [PathPiece::Literal("/sales/orders".into())]);
        assert!(p.required.is_empty());
        let top = p.optional.iter().find(|o| o.wire == "$top").unwrap();
        assert_eq!(
            (top.rust.as_str(), top.ty.to_string()),
            ("top", "i32".to_string())
        );
        assert_eq!(
            p.response,
            ResponsePlan::Json {
                ty: ty("Vec<SalesOrder>"),
                wrapper: Some("salesOrders".into())
            }
        );
        assert_eq!(
            p.paging,
            Some(PagingPlan {
                page_size_parameter: "$top".into(),
                max_page_size: 80,
                walker: Some(Walker {
                    name: "list_orders_all".into(),
                    page_fn: "list_orders_page".into(),
                    offset_parameter: "$skip".into(),
                    page_size_field: p.optional.iter().position(|o| o.wire == "$top").unwrap(),
                    item: ty("SalesOrder"),
                }),
            })
        );
        // Not paged: no walker, and no walker names claimed.
        let (_, shipment) = find(&plans, "get_shipment");
        assert_eq!(shipment.paging, None);
        assert!(p
            .docs
            .contains(&"Paged: at most 80 items per page (`$top`).".to_string()));
        assert!(p.decodes_json());
        let (_, raw) = find(&plans, "get_exchange_rate");
        assert_eq!(raw.response, ResponsePlan::Raw);
        assert_eq!(raw.required[0].ty.to_string(), "&str");
        assert_eq!(raw.required[0].pass, Pass::Str);
    }

    #[test]
    fn list_and_enum_arguments_are_borrowed_and_xml_bodies_carry_their_root() {
        let plans = plans_of("tests/fixtures/edge_cases.json", "edge-cases");
        let (_, p) = find(&plans, "list_shipments");
        let args: Vec<(String, Pass, bool)> = p
            .required
            .iter()
            .map(|a| (a.ty.to_string(), a.pass, a.array))
            .collect();
        assert_eq!(
            args,
            [
                ("&[i64]".to_string(), Pass::Slice, true),
                ("&ShipmentKind".to_string(), Pass::Ref, false),
            ]
        );
        assert_eq!(p.query, [Source::Arg(0), Source::Arg(1), Source::Option(0)]);
        assert!(p.optional[0].client_default);
        assert_eq!(p.response, ResponsePlan::Raw);

        let (_, p) = find(&plans, "declare_customs");
        let Some(BodyPlan {
            encoding:
                BodyEncoding::Xml {
                    media_type,
                    root,
                    namespace,
                },
            ..
        }) = &p.body
        else {
            panic!("declare_customs sends XML: {:?}", p.body);
        };
        assert_eq!(
            (media_type.as_str(), root.as_str()),
            ("application/xml", "CustomsDeclaration")
        );
        assert!(namespace.is_some());
        assert_eq!(
            p.response,
            ResponsePlan::Xml {
                ty: ty("CustomsReceipt"),
                media_type: "text/xml".into()
            }
        );
        assert_eq!(p.media_types(), ("application/xml", Some("text/xml")));
        assert!(p.encodes_xml() && p.decodes_xml() && !p.decodes_json());
        let (_, p) = find(&plans, "create_sales_order");
        assert!(!p.idempotent);
    }

    #[test]
    fn rust_types_print_without_token_spacing() {
        assert_eq!(ty("Vec < String >").to_string(), "Vec<String>");
        assert_eq!(ty("& [i64]").to_string(), "&[i64]");
        assert_eq!(
            ty("std::collections::BTreeMap<String, i64>").to_string(),
            "std::collections::BTreeMap<String, i64>"
        );
        assert_eq!(ty("&mut T").to_string(), "&mut T");
    }
}
