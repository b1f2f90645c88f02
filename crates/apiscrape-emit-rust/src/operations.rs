//! One method per operation, grouped into one module per documentation group.
//!
//! Per operation: required path, query and header parameters are typed arguments (strings as
//! `&str`, lists as slices, named types by reference, other primitives by value), then the
//! body, then an `<Operation>Options` struct (`Default`, with chainable setters) holding the
//! optional parameters. Parameters the client handles itself are left out: the credentials of
//! the documented authentication schemes and the format-selecting parameter (the client asks
//! for JSON, or XML when the response body is documented as XML only). The return type is the
//! first documented success body (root wrapper removed), `()` when the docs say there is none,
//! and the generated crate's `RawResponse` (status and bytes) when they do not describe it.
//!
//! A body whose documented media types include XML (`application/xml`, `text/xml`) and no
//! JSON one ([`xml_media_type`]) travels as XML: requests are encoded with the vendored
//! `xml.rs` under the documented root element and namespace, responses decoded with it, and
//! `Content-Type` / `Accept` name the documented XML media type.

use crate::client::ClientParam;
use crate::docs;
use crate::memo::{self, QuoteMemo, Quoted};
use crate::naming::{self, Scope};
use crate::plan::{
    self, BodyEncoding, MethodNames, OperationPlan, PathPiece, PlanContext, ResponsePlan, Source,
    Walker,
};
use crate::types::{ident, TypeSpace};
use apiscrape_model::{
    Api, Body, Field, FinishedApi, MediaKind, Method, Operation, ParamLocation, Parameter,
    PathTemplate, ResponseContent, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The query parameter that selects the representation, when the docs do not name it.
const DEFAULT_FORMAT_PARAMETER: &str = "$format";

/// Query parameters the client sets itself or that carry credentials.
pub(crate) fn handled_by_client(api: &Api, op: &Operation, p: &Parameter) -> bool {
    for scheme in &api.auth {
        match &scheme.kind {
            apiscrape_model::AuthKind::BearerToken {
                query_parameter: Some(q),
            } if p.location == ParamLocation::Query && &p.name == q => return true,
            apiscrape_model::AuthKind::ApiKey { location, name }
                if *location == p.location && *name == p.name =>
            {
                return true
            }
            _ => {}
        }
    }
    if p.location == ParamLocation::Header && p.name.eq_ignore_ascii_case("authorization") {
        return true;
    }
    format_parameter(op)
        .is_some_and(|(name, _)| p.location == ParamLocation::Query && p.name == name)
}

/// The media type a body travels as when its documented media types include XML and no JSON
/// ([`MediaKind`], the model's one rule: `*/xml`, `*/*+xml` against `*/json`, `*/*+json`), as
/// its essence (parameters dropped, lower case); `None` for JSON bodies.
pub fn xml_media_type(body: &Body) -> Option<String> {
    if body.media_types.iter().any(|m| m.kind() == MediaKind::Json) {
        return None;
    }
    body.media_types
        .iter()
        .find(|m| m.kind() == MediaKind::Xml)
        .map(|m| apiscrape_model::media::essence(&m.name))
}

/// The first documented success body.
pub(crate) fn success_body(op: &Operation) -> Option<&Body> {
    op.success_responses().find_map(|r| match &r.content {
        ResponseContent::Body { body } => Some(body),
        _ => None,
    })
}

/// Whether an operation sends or receives XML ([`xml_media_type`]).
pub fn uses_xml(op: &Operation) -> bool {
    op.request_body.as_ref().and_then(xml_media_type).is_some()
        || success_body(op).and_then(xml_media_type).is_some()
}

/// The format-selecting query parameter and its value for the representation the client asks
/// for (JSON, or the documented XML media type), when the docs give one.
pub(crate) fn format_parameter(op: &Operation) -> Option<(String, String)> {
    let wanted = success_body(op)
        .and_then(xml_media_type)
        .unwrap_or_else(|| "application/json".to_string());
    let json = op
        .formats
        .iter()
        .find(|f| f.media_type.eq_ignore_ascii_case(&wanted))?
        .query_value
        .clone()?;
    let name = op
        .parameters
        .iter()
        .find(|p| {
            p.location == ParamLocation::Query
                && !p.constraints.allowed_values.is_empty()
                && p.constraints.allowed_values.contains(&json)
        })
        .map(|p| p.name.clone())
        .unwrap_or_else(|| DEFAULT_FORMAT_PARAMETER.to_string());
    Some((name, json))
}

/// Optional query parameters every operation takes with the same type: set once on the
/// client, overridable per call.
pub fn client_params(api: &Api, space: &TypeSpace) -> Vec<ClientParam> {
    let Some(first) = api.operations.first() else {
        return Vec::new();
    };
    let mut scope = Scope::with_reserved(crate::client::BUILDER_METHODS);
    for scheme in &api.auth {
        scope.claim_snake(naming::snake(&scheme.id));
    }
    let mut out = Vec::new();
    for p in &first.parameters {
        if p.location != ParamLocation::Query || p.required || handled_by_client(api, first, p) {
            continue;
        }
        let everywhere = api.operations.iter().all(|op| {
            op.parameters.iter().any(|q| {
                q.name == p.name && q.location == p.location && q.ty == p.ty && !q.required
            })
        });
        if !everywhere || !matches!(p.ty, TypeRef::Primitive { .. }) {
            continue;
        }
        let mut used = BTreeSet::new();
        out.push(ClientParam {
            wire: p.name.clone(),
            rust: scope.claim_snake(naming::snake(&p.name)),
            ty: space.rust_type(&p.ty, &mut used),
            description: p.description.clone(),
        });
    }
    out
}

/// The model field of a parameter (its docs and checks are those of a struct field).
pub(crate) fn param_field(p: &Parameter) -> Field {
    let mut f = Field::new(p.name.clone(), p.ty.clone());
    f.required = p.required;
    f.description = p.description.clone();
    f.constraints = p.constraints.clone();
    f.deprecation = p.deprecation.clone();
    f.example = p.example.clone();
    f
}

/// One piece of a file's text: the tokens' text, or only its digest when quoting it was
/// remembered ([`crate::memo`]), or its printed text when that was remembered too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// The tokens' text.
    Text(String),
    /// The tokens' text of a piece the memo remembers (an operation's items, a model's type),
    /// quoted in a generation after the first ([`crate::memo::QuoteMemo::warm`]), with its
    /// [`crate::memo::piece_digest`]: what printing it gives is remembered by that digest. (A
    /// first generation quotes [`Piece::Text`] and keeps no printed text, so its memory stays
    /// that of the files it renders.)
    Quoted {
        /// The [`crate::memo::piece_digest`] of `text`.
        digest: crate::Fingerprint,
        /// The tokens' text.
        text: String,
    },
    /// The [`crate::memo::piece_digest`] of the text, which was not quoted.
    Known(crate::Fingerprint),
    /// The printed text ([`crate::format_source`]) of the tokens' text with digest `digest`,
    /// as the memo remembered it: neither quoted nor printed again.
    Printed {
        /// The [`crate::memo::piece_digest`] of the tokens' text.
        digest: crate::Fingerprint,
        /// What printing that text gives.
        text: String,
    },
}

impl Piece {
    /// The digest of the piece's tokens' text.
    pub fn digest(&self) -> crate::Fingerprint {
        match self {
            Piece::Text(text) => crate::memo::piece_digest(text),
            Piece::Known(digest) | Piece::Quoted { digest, .. } | Piece::Printed { digest, .. } => {
                *digest
            }
        }
    }
}

/// One generated group module: its source and the model names it imports.
pub struct GroupModule {
    /// Module (and feature) name.
    pub module: String,
    /// Group name as documented.
    pub group: Option<String>,
    /// Module body as source text, in pieces that each parse as a file on their own: the `use`
    /// of the models, then each operation's items.
    pub pieces: Vec<Piece>,
    /// Whether the module defines public items (options structs) to re-export.
    pub exports: bool,
    /// A call of the module's first operation whose arguments can be written literally
    /// (`update_contact_phone(100000, 1, None, &Default::default())`), for the crate's doc
    /// example; `{crate}` stands for the crate's name.
    pub example: Option<String>,
    /// Indices (in `Api::operations`) of the module's operations.
    pub operations: Vec<usize>,
    /// The plan of each of the module's operations, in the order of `operations`.
    pub plans: Vec<OperationPlan>,
    /// One block per operation calling it with sample values (for `examples/smoke.rs`), as
    /// tokens' text, or the operation's method name when no sample can be built.
    pub smoke: Vec<Result<String, String>>,
}

/// The client method names of every operation (index in `Api::operations`), unique across
/// the whole client: the snake-cased operation id, else method and path; then, for operations
/// whose pages the client can walk ([`plan::walkable`]), `<method>_all` and `<method>_page`.
pub fn method_names(finished: &FinishedApi) -> Vec<MethodNames> {
    let api: &Api = finished;
    let mut methods = Scope::with_reserved([
        "builder",
        "base_url",
        "validation",
        "default_param",
        "send",
        "exchange",
        "new",
        "inner",
        "block_on",
    ]);
    let names: Vec<String> = finished
        .finished_operations()
        .map(|op| methods.claim_snake(naming::snake(op.id())))
        .collect();
    names
        .into_iter()
        .zip(&api.operations)
        .map(|(method, op)| {
            let walker = plan::walkable(api, op).then(|| {
                let bare = naming::unraw(&method).trim_end_matches('_');
                (
                    methods.claim_snake(format!("{bare}_all")),
                    methods.claim_snake(format!("{bare}_page")),
                )
            });
            MethodNames { method, walker }
        })
        .collect()
}

/// The modules in documentation group order (operations without a group go to module
/// `other`, last), each with the indices of its operations.
fn module_layout(api: &Api, krate: &str) -> Vec<(String, Option<String>, Vec<usize>)> {
    let mut by_module: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut order: Vec<(String, Option<String>)> = Vec::new();
    let mut module_scope = naming::module_scope(krate);
    let mut group_modules: BTreeMap<String, String> = BTreeMap::new();
    for g in &api.groups {
        let m = module_scope.claim_snake(naming::module_name(&g.name, krate));
        group_modules.insert(g.name.clone(), m.clone());
        order.push((m, Some(g.name.clone())));
    }
    for (i, op) in api.operations.iter().enumerate() {
        let module = match &op.group {
            Some(g) => match group_modules.get(g) {
                Some(m) => m.clone(),
                None => {
                    let m = module_scope.claim_snake(naming::module_name(g, krate));
                    group_modules.insert(g.clone(), m.clone());
                    order.push((m.clone(), Some(g.clone())));
                    m
                }
            },
            None => apiscrape_model::naming::UNGROUPED.to_string(),
        };
        by_module.entry(module).or_default().push(i);
    }
    if by_module.contains_key(apiscrape_model::naming::UNGROUPED) {
        order.push((apiscrape_model::naming::UNGROUPED.to_string(), None));
    }
    order
        .into_iter()
        .filter_map(|(module, group)| {
            let indices = by_module.get(&module)?.clone();
            Some((module, group, indices))
        })
        .collect()
}

/// The group module of each operation, as [`modules`] places them, and the modules that
/// have operations (the crate's group features).
pub(crate) fn module_of(api: &Api, krate: &str) -> (Vec<String>, BTreeSet<String>) {
    let mut module_of = vec![String::new(); api.operations.len()];
    let mut all = BTreeSet::new();
    for (module, _, operations) in module_layout(api, krate) {
        for i in operations {
            module_of[i] = module.clone();
        }
        all.insert(module);
    }
    (module_of, all)
}

/// The plans of one group module.
#[derive(Debug, Clone, PartialEq)]
pub struct ModulePlan {
    /// Module (and cargo feature) name.
    pub module: String,
    /// Group name as documented.
    pub group: Option<String>,
    /// Indices (in `Api::operations`) of the module's operations.
    pub operations: Vec<usize>,
    /// The plan of each operation, in the order of `operations`.
    pub plans: Vec<OperationPlan>,
    /// The model type names the module's methods use (imported from `crate::models`).
    pub used: BTreeSet<String>,
}

/// Plans every group module, in documentation group order (operations without a group go to
/// module `other`). Options struct names are claimed in `space`, in this order.
pub fn plan_modules<'a>(
    finished: &'a FinishedApi,
    space: &mut TypeSpace<'a>,
    client_params: &[ClientParam],
    krate: &str,
) -> Vec<ModulePlan> {
    let api: &'a Api = finished;
    let method_names = method_names(finished);
    let mut out = Vec::new();
    for (module, group, operations) in module_layout(api, krate) {
        let mut used = BTreeSet::new();
        let plans = operations
            .iter()
            .map(|&i| {
                let mut cx = PlanContext {
                    api,
                    space,
                    client_params,
                    used: &mut used,
                };
                plan::plan(&mut cx, i, &method_names[i])
            })
            .collect();
        out.push(ModulePlan {
            module,
            group,
            operations,
            plans,
            used,
        });
    }
    out
}

/// Plans and emits every group module, in documentation group order (operations without a
/// group go to module `other`). With a memo, an operation whose quoting it remembers is not
/// quoted (its piece is [`Piece::Known`]), and what is quoted is remembered.
pub fn modules<'a>(
    finished: &'a FinishedApi,
    space: &mut TypeSpace<'a>,
    client_params: &[ClientParam],
    krate: &str,
    memo: Option<&dyn QuoteMemo>,
) -> Vec<GroupModule> {
    let api: &'a Api = finished;
    let mut out = Vec::new();
    let plans = plan_modules(finished, space, client_params, krate);
    let space: &TypeSpace = space;
    let space_digest = memo.map(|_| space.digest());
    for m in plans {
        let mut pieces = Vec::with_capacity(m.plans.len() + 1);
        let mut smoke = Vec::new();
        pieces.push(Piece::Text(if m.used.is_empty() {
            String::new()
        } else {
            let names = m.used.iter().map(|n| ident(n));
            quote!(use crate::models::{#(#names),*};).to_string()
        }));
        let mut examples = Vec::new();
        for plan in &m.plans {
            let op = &api.operations[plan.index];
            let key = space_digest.map(|d| memo::operation_key(&d, krate, op, plan));
            let remembered = memo
                .zip(key)
                .and_then(|(memo, key)| memo.get(&key))
                .and_then(|q| {
                    Some((
                        <[_; 1]>::try_from(q.pieces).ok()?,
                        q.smoke?,
                        q.example,
                        q.uses,
                    ))
                });
            let (piece, call, example) = match remembered {
                Some(([digest], call, example, uses)) => {
                    space.add_uses(uses);
                    if let Some(memo) = memo {
                        memo.keep_printed(&digest);
                    }
                    (Piece::Known(digest), call, example)
                }
                None => {
                    let ((text, call, example), uses) = space.uses_of(|| {
                        // As text at once: an operation's tokens take many times the memory
                        // of their text.
                        let text = quote_operation(space, op, plan).to_string();
                        let call = smoke_call(space, krate, op, plan)
                            .map(|t| t.to_string())
                            .ok_or_else(|| plan.method_name.clone());
                        (text, call, example_call(space, op, plan))
                    });
                    let piece = match memo.zip(key) {
                        Some((memo, key)) => {
                            let digest = memo::piece_digest(&text);
                            memo.put(
                                key,
                                Quoted {
                                    pieces: vec![digest],
                                    uses,
                                    smoke: Some(call.clone()),
                                    example: example.clone(),
                                },
                            );
                            // A warm memo keeps what printing it gives (see `Piece::Quoted`).
                            if memo.warm() {
                                Piece::Quoted { digest, text }
                            } else {
                                Piece::Text(text)
                            }
                        }
                        None => Piece::Text(text),
                    };
                    (piece, call, example)
                }
            };
            pieces.push(piece);
            smoke.push(call);
            examples.push(example);
        }
        out.push(GroupModule {
            module: m.module,
            group: m.group,
            pieces,
            exports: m.plans.iter().any(|p| p.options_struct.is_some()),
            example: examples.into_iter().flatten().next(),
            smoke,
            operations: m.operations,
            plans: m.plans,
        });
    }
    out
}

/// The text of an operation's items (see [`modules`]): what a [`Piece::Known`] stands for.
pub(crate) fn operation_text(space: &TypeSpace, op: &Operation, plan: &OperationPlan) -> String {
    quote_operation(space, op, plan).to_string()
}

/// The asynchronous method of a plan, its blocking twin and its options struct.
fn quote_operation(space: &TypeSpace, op: &Operation, plan: &OperationPlan) -> TokenStream {
    let method = ident(&plan.method_name);
    let (sig_args, call_args) = signature(plan);
    let (ret_ty, decode) = response_tokens(plan);
    let walker = plan.paging.as_ref().and_then(|p| p.walker.as_ref());
    let call = call_statement(space, op, plan);
    let doc = docs::attrs(&plan.docs);
    let blocking_doc = docs::attrs(&plan.blocking_docs);
    // The blocking method calls the deprecated async one, which warns even inside a
    // deprecated item (the two attributes are not the same origin), hence the `allow`.
    let (deprecated, allow_deprecated) = match &plan.deprecated {
        Some(note) => (
            quote!(#[deprecated(note = #note)]),
            quote!(#[allow(deprecated)]),
        ),
        None => (quote!(), quote!()),
    };
    let allow = if sig_args.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };
    let result = quote!(Result<crate::ResponseValue<#ret_ty>, crate::Error>);
    // A plain method returning the shared `Client::exchange` future: no per-operation
    // `async fn` state machine for rustc to build and check. The future borrows only the
    // client: the arguments are checked and encoded into the `Call` before it is returned.
    let future = quote!(impl std::future::Future<Output = #result> + '_);
    let (head, tail) = match walker {
        None => (
            quote! {
                #doc
                #allow
                #deprecated
                pub fn #method(&self, #(#sig_args),*) -> #future
            },
            quote!(),
        ),
        Some(w) => {
            let page_fn = ident(&w.page_fn);
            let allow_page = if sig_args.len() + 1 > 6 {
                quote!(#[allow(clippy::too_many_arguments)])
            } else {
                quote!()
            };
            let page_doc = docs::attrs(&[format!(
                "One page of [`Client::{0}`](crate::Client::{0}), with extra query pairs (the \
                 paging offset).",
                plan.method_name
            )]);
            let (walker_fn, _) = walker_fns(plan, w);
            (
                quote! {
                    #doc
                    #allow
                    #deprecated
                    pub fn #method(&self, #(#sig_args),*) -> #future {
                        self.#page_fn(#(#call_args,)* Vec::new())
                    }

                    #page_doc
                    #allow_page
                    fn #page_fn(&self, #(#sig_args,)* extra: Vec<(&'static str, String)>) -> #future
                },
                quote!(#deprecated #walker_fn),
            )
        }
    };
    let blocking_walker = match walker {
        Some(w) => {
            let (_, blocking) = walker_fns(plan, w);
            quote!(#deprecated #allow_deprecated #blocking)
        }
        None => quote!(),
    };
    let mut out = quote! {
        impl crate::Client {
            #head {
                #call
                self.exchange(call, #decode)
            }
            #tail
        }

        #[cfg(feature = "blocking")]
        impl crate::blocking::Client {
            #blocking_doc
            #allow
            #deprecated
            #allow_deprecated
            pub fn #method(&self, #(#sig_args),*) -> Result<crate::ResponseValue<#ret_ty>, crate::Error> {
                self.block_on(self.inner().#method(#(#call_args),*))
            }
            #blocking_walker
        }
    };
    if let Some(name) = &plan.options_struct {
        out.extend(options_struct(space, op, plan, name));
    }
    out
}

/// The statements binding `call`, the operation's `Result<Call, Error>`: the arguments
/// validated and encoded, with the path, query and headers.
fn call_statement(space: &TypeSpace, op: &Operation, plan: &OperationPlan) -> TokenStream {
    let validation = validation(space, op, plan);
    let path_expr = path_expr(plan);
    let mut query_stmts = pair_stmts(plan, &plan.query, &quote!(query));
    if let Some((name, value)) = &plan.format {
        query_stmts.push(Pair::Push(quote!((#name, #value.to_string()))));
    }
    if plan.paging.as_ref().is_some_and(|p| p.walker.is_some()) {
        query_stmts.push(Pair::Stmt(quote!(query.extend(extra);)));
    }
    let query_init = pairs_init(&quote!(query), query_stmts);
    let header_init = pairs_init(
        &quote!(headers),
        pair_stmts(plan, &plan.headers, &quote!(headers)),
    );
    let body_expr = body_expr(plan);
    let http_method = match plan.http_method {
        Method::Get => quote!(GET),
        Method::Put => quote!(PUT),
        Method::Post => quote!(POST),
        Method::Delete => quote!(DELETE),
        Method::Patch => quote!(PATCH),
        Method::Head => quote!(HEAD),
        Method::Options => quote!(OPTIONS),
    };
    let idempotent = plan.idempotent;
    // Only crates with XML operations have the media-type fields on `Call`.
    let media_fields = if space.has_xml() {
        let (content_type, accept) = plan.media_types();
        let accept = match accept {
            Some(m) => quote!(Some(#m)),
            None => quote!(None),
        };
        quote!(content_type: #content_type, accept: #accept,)
    } else {
        quote!()
    };
    let prepare = quote! {
        #validation
        let path = #path_expr;
        #query_init
        #header_init
    };
    let call = quote! {
        crate::client::Call {
            method: reqwest::Method::#http_method,
            path,
            query,
            headers,
            body: #body_expr,
            idempotent: #idempotent,
            #media_fields
        }
    };
    // Steps that can fail (validation, encoding) run in a closure whose `?` ends it; the
    // closure only where there is a `?`, else clippy's `redundant_closure_call` objects.
    if has_try(&prepare) || has_try(&call) {
        quote! {
            let call = (|| -> Result<crate::client::Call, crate::Error> {
                #prepare
                Ok(#call)
            })();
        }
    } else {
        quote! {
            #prepare
            let call = Ok(#call);
        }
    }
}

/// Whether `tokens` hold a `?` operator (in any group, at any depth).
fn has_try(tokens: &TokenStream) -> bool {
    let mut stack = vec![tokens.clone().into_iter()];
    while let Some(iter) = stack.last_mut() {
        match iter.next() {
            Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '?' => return true,
            Some(proc_macro2::TokenTree::Group(g)) => stack.push(g.stream().into_iter()),
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    false
}

/// The page walkers of a paged list operation: the asynchronous one (a `futures::Stream` of
/// items) and the blocking one (an `Iterator` of items).
fn walker_fns(plan: &OperationPlan, w: &Walker) -> (TokenStream, TokenStream) {
    let (name, page_fn, item) = (ident(&w.name), ident(&w.page_fn), w.item.tokens());
    let method = &plan.method_name;
    let top = ident(&plan.optional[w.page_size_field].rust);
    let max =
        proc_macro2::Literal::u64_unsuffixed(plan.paging.as_ref().map_or(1, |p| p.max_page_size));
    let (page_size, offset) = (&plan.optional[w.page_size_field].wire, &w.offset_parameter);
    let mut sig = Vec::new();
    let mut args = Vec::new();
    for r in &plan.required {
        let a = ident(&r.rust);
        let ty = if r.pass.by_ref() {
            // `&T` borrowed for the stream's lifetime: `&'a T`.
            let rest: TokenStream = r.ty.tokens().clone().into_iter().skip(1).collect();
            quote!(&'a #rest)
        } else {
            r.ty.tokens().clone()
        };
        sig.push(quote!(#a: #ty));
        args.push(quote!(#a));
    }
    let options_ty = ident(plan.options_struct.as_deref().unwrap_or_default());
    let doc = docs::attrs(&[
        format!(
            "Every item of every page of [`Client::{method}`](crate::Client::{method}), as a \
             `futures::Stream`."
        ),
        String::new(),
        format!(
            "Sends the page size {} (the options' value when above zero, else the documented \
             maximum, {max}) and the offset {} (0, then the number of items received so far), \
             and stops after a page with fewer items than the page size: the documentation \
             documents a maximum page size and no next link or total count. The options' other \
             values are sent with every page.",
            docs::code(page_size),
            docs::code(offset)
        ),
        String::new(),
        "# Errors".to_string(),
        String::new(),
        format!(
            "A page's error, as [`Client::{method}`](crate::Client::{method}) describes them, is \
             the stream's last item."
        ),
    ]);
    let asynchronous = quote! {
        #doc
        pub fn #name<'a>(&'a self, #(#sig,)* options: &'a #options_ty) -> impl futures::Stream<Item = Result<#item, crate::Error>> + 'a {
            let mut options = options.clone();
            let page_size = match options.#top {
                Some(size) if size > 0 => size,
                _ => #max,
            };
            options.#top = Some(page_size);
            let page_len = usize::try_from(page_size).unwrap_or(usize::MAX);
            let pages = futures::stream::try_unfold(Some(0u64), move |skip| {
                let options = options.clone();
                async move {
                    let Some(skip) = skip else {
                        return Ok::<_, crate::Error>(None);
                    };
                    let page = self
                        .#page_fn(#(#args,)* &options, vec![(#offset, skip.to_string())])
                        .await?
                        .into_inner();
                    let received = u64::try_from(page.len()).unwrap_or(u64::MAX);
                    let next = if page.is_empty() || page.len() < page_len {
                        None
                    } else {
                        Some(skip.saturating_add(received))
                    };
                    Ok(Some((futures::stream::iter(page.into_iter().map(Ok)), next)))
                }
            });
            futures::TryStreamExt::try_flatten(pages)
        }
    };
    let blocking_doc = docs::attrs(&[
        format!(
            "Every item of every page of [`Client::{method}`](crate::Client::{method}), as an \
             `Iterator`."
        ),
        String::new(),
        format!(
            "Waits for each page of [`Client::{0}`](crate::Client::{0}), which documents the \
             paging; the first error is the last item.",
            w.name
        ),
    ]);
    let blocking = quote! {
        #blocking_doc
        pub fn #name<'a>(&'a self, #(#sig,)* options: &'a #options_ty) -> impl Iterator<Item = Result<#item, crate::Error>> + 'a {
            let mut items = Box::pin(self.inner().#name(#(#args,)* options));
            let mut done = false;
            std::iter::from_fn(move || {
                if done {
                    return None;
                }
                let next = self.block_on(async {
                    Ok::<_, crate::Error>(futures::StreamExt::next(&mut items).await)
                });
                match next {
                    Ok(Some(Ok(item))) => Some(Ok(item)),
                    Ok(Some(Err(e))) | Err(e) => {
                        done = true;
                        Some(Err(e))
                    }
                    Ok(None) => {
                        done = true;
                        None
                    }
                }
            })
        }
    };
    (asynchronous, blocking)
}

/// The method's parameters (`name: Type`) and the arguments forwarding them.
fn signature(plan: &OperationPlan) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut sig_args = Vec::new();
    let mut call_args = Vec::new();
    for r in &plan.required {
        let a = ident(&r.rust);
        let t = r.ty.tokens();
        sig_args.push(quote!(#a: #t));
        call_args.push(quote!(#a));
    }
    if let Some(b) = &plan.body {
        let t = b.ty.tokens();
        if b.required {
            sig_args.push(quote!(body: &#t));
        } else {
            sig_args.push(quote!(body: Option<&#t>));
        }
        call_args.push(quote!(body));
    }
    if let Some(o) = &plan.options_struct {
        let o = ident(o);
        sig_args.push(quote!(options: &#o));
        call_args.push(quote!(options));
    }
    (sig_args, call_args)
}

/// The body type of the method's `ResponseValue` and the function turning the `Reply` into
/// the method's result (a path, or a closure where the call needs more than the reply).
fn response_tokens(plan: &OperationPlan) -> (TokenStream, TokenStream) {
    match &plan.response {
        ResponsePlan::Json { ty, wrapper } => {
            let wrapper = match wrapper {
                Some(w) => quote!(Some(#w)),
                None => quote!(None),
            };
            (
                ty.tokens().clone(),
                quote!(|reply| crate::client::decode(reply, #wrapper)),
            )
        }
        ResponsePlan::Xml { ty, .. } => (ty.tokens().clone(), quote!(crate::client::decode_xml)),
        ResponsePlan::Empty => (quote!(()), quote!(|reply| Ok(reply.with(())))),
        ResponsePlan::Raw => (
            quote!(crate::support::RawResponse),
            quote!(|reply| Ok(reply.raw())),
        ),
    }
}

/// The checks run before sending (when the client validates).
fn validation(space: &TypeSpace, op: &Operation, plan: &OperationPlan) -> TokenStream {
    let mut checks = Vec::new();
    for r in &plan.required {
        let f = param_field(&op.parameters[r.param]);
        if let Some(c) = space.value_checks(&f, naming::unraw(&r.rust)) {
            let a = ident(&r.rust);
            let bind = if r.pass.by_ref() {
                quote!(let v = #a;)
            } else {
                quote!(let v = &#a;)
            };
            checks.push(quote!({ #bind #c }));
        }
    }
    if let Some(b) = plan.body.as_ref().filter(|b| b.validates) {
        if b.required {
            checks.push(
                quote!(crate::support::Validate::validate(body).map_err(|e| e.within("body"))?;),
            );
        } else {
            checks.push(quote!(if let Some(body) = body {
                crate::support::Validate::validate(body).map_err(|e| e.within("body"))?;
            }));
        }
    }
    if plan.options_validate {
        checks.push(
            quote!(crate::support::Validate::validate(options).map_err(|e| e.within("options"))?;),
        );
    }
    if checks.is_empty() {
        quote!()
    } else {
        quote!(if self.validation() { #(#checks)* })
    }
}

/// The `String` expression of the request path.
fn path_expr(plan: &OperationPlan) -> TokenStream {
    let parts: Vec<TokenStream> = plan
        .path
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(s) => quote!(#s),
            PathPiece::Arg(i) => {
                let r = &plan.required[*i];
                let a = ident(&r.rust);
                if r.pass.by_ref() {
                    quote!(&crate::support::path_segment(#a))
                } else {
                    quote!(&crate::support::path_segment(&#a))
                }
            }
        })
        .collect();
    if let [only] = parts.as_slice() {
        quote!(#only.to_string())
    } else {
        quote!([#(#parts),*].concat())
    }
}

/// The statements pushing the query or header pairs of `sources` onto `target`.
fn pair_stmts(plan: &OperationPlan, sources: &[Source], target: &TokenStream) -> Vec<Pair> {
    sources
        .iter()
        .map(|source| match *source {
            Source::Arg(i) => {
                let r = &plan.required[i];
                let (a, wire) = (ident(&r.rust), &r.wire);
                if r.array {
                    Pair::Stmt(
                        quote!(for item in #a { #target.push((#wire, crate::support::param_text(item))); }),
                    )
                } else if r.pass.by_ref() {
                    Pair::Push(quote!((#wire, crate::support::param_text(#a))))
                } else {
                    Pair::Push(quote!((#wire, crate::support::param_text(&#a))))
                }
            }
            Source::Option(i) => {
                let o = &plan.optional[i];
                let (f, wire) = (ident(&o.rust), &o.wire);
                let push = if o.array {
                    quote!(for item in v { #target.push((#wire, crate::support::param_text(item))); })
                } else {
                    quote!(#target.push((#wire, crate::support::param_text(v)));)
                };
                if o.client_default {
                    Pair::Stmt(quote! {
                        if let Some(v) = &options.#f {
                            #push
                        } else if let Some(v) = self.default_param(#wire) {
                            #target.push((#wire, v));
                        }
                    })
                } else {
                    Pair::Stmt(quote!(if let Some(v) = &options.#f { #push }))
                }
            }
        })
        .collect()
}

/// The `Option<Vec<u8>>` expression of the encoded request body.
fn body_expr(plan: &OperationPlan) -> TokenStream {
    let Some(b) = &plan.body else {
        return quote!(None);
    };
    let encode = match &b.encoding {
        BodyEncoding::Xml {
            root, namespace, ..
        } => {
            let namespace = match namespace {
                Some(ns) => quote!(Some(#ns)),
                None => quote!(None),
            };
            quote!(crate::xml::encode_xml(body, #root, #namespace).map_err(crate::Error::EncodeXml)?)
        }
        BodyEncoding::Json { wrapper } => {
            let wrapper = match wrapper {
                Some(w) => quote!(Some(#w)),
                None => quote!(None),
            };
            quote!(crate::support::encode_json(body, #wrapper).map_err(crate::Error::Encode)?)
        }
    };
    if b.required {
        quote!(Some(#encode))
    } else {
        quote!(match body { Some(body) => Some(#encode), None => None })
    }
}
/// The root element name and namespace of an XML body: the body's documented root, else the
/// type's documented XML name, else the type's documented name (`Body` for unnamed types).
pub(crate) fn xml_root(api: &Api, body: &Body) -> (String, Option<String>) {
    if let Some(root) = &body.xml_root {
        return (root.name.clone(), root.namespace.clone());
    }
    let named = match &body.ty {
        TypeRef::Named { id } => api.types.get(id),
        _ => None,
    };
    match named {
        Some(t) => match &t.xml {
            Some(x) => (x.name.clone(), x.namespace.clone()),
            None => (t.name.clone(), None),
        },
        None => ("Body".to_string(), None),
    }
}

/// `{ let body = ..; report("name", client.name(args..), &mut failures); }` with sample values.
fn smoke_call(
    space: &TypeSpace,
    krate: &str,
    op: &Operation,
    plan: &OperationPlan,
) -> Option<TokenStream> {
    let sampler = crate::smoke::Sampler::new(space, krate);
    let method_name = plan.method_name.as_str();
    let method = ident(method_name);
    let mut lets = Vec::new();
    let mut args = Vec::new();
    for (i, r) in plan.required.iter().enumerate() {
        let p = &op.parameters[r.param];
        let mut constraints = p.constraints.clone();
        if matches!(p.ty, TypeRef::Array { .. }) && constraints.max_length != Some(0) {
            // One item, so the element type is inferred from the value.
            constraints.min_length = Some(constraints.min_length.unwrap_or(0).max(1));
        }
        let value = sampler.value(&p.ty, &constraints, 0)?;
        let name = quote::format_ident!("arg{}", i);
        lets.push(quote!(let #name = #value;));
        if r.pass.by_ref() {
            args.push(quote!(&#name));
        } else {
            args.push(quote!(#name));
        }
    }
    if let Some(b) = &op.request_body {
        let value = sampler.value(&b.ty, &apiscrape_model::Constraints::default(), 0)?;
        lets.push(quote!(let body = #value;));
        if b.required {
            args.push(quote!(&body));
        } else {
            args.push(quote!(Some(&body)));
        }
    }
    if plan.options_struct.is_some() {
        args.push(quote!(&Default::default()));
    }
    Some(quote! {
        {
            #(#lets)*
            report(#method_name, client.#method(#(#args),*), &mut failures);
        }
    })
}

/// A literal call of an operation for doc examples, when every argument has a literal form.
fn example_call(space: &TypeSpace, op: &Operation, plan: &OperationPlan) -> Option<String> {
    let mut args = Vec::new();
    for r in &plan.required {
        let p = &op.parameters[r.param];
        let TypeRef::Primitive { primitive } = &p.ty else {
            return None;
        };
        let literal = if primitive.is_integer() {
            let min = p
                .constraints
                .minimum
                .as_ref()
                .and_then(|b| b.value.as_i64());
            let min = min.map(|m| {
                if p.constraints.minimum.as_ref().is_some_and(|b| b.exclusive) {
                    m + 1
                } else {
                    m
                }
            });
            min.unwrap_or(1).max(0).to_string()
        } else {
            match primitive {
                apiscrape_model::Primitive::Boolean => "true".to_string(),
                apiscrape_model::Primitive::Number
                | apiscrape_model::Primitive::Double
                | apiscrape_model::Primitive::Float => "1.0".to_string(),
                prim if crate::plan::is_text(&TypeRef::primitive(*prim)) => {
                    let value = p
                        .example
                        .as_ref()
                        .filter(|e| !e.synthetic)
                        .map(|e| e.value.clone())
                        .or_else(|| p.constraints.default.clone())
                        .unwrap_or_else(|| "value".to_string());
                    format!("{value:?}")
                }
                _ => return None,
            }
        };
        args.push(literal);
    }
    if let Some(b) = &op.request_body {
        if b.required {
            let TypeRef::Named { id } = &b.ty else {
                return None;
            };
            if !space.derives_default(id) {
                return None;
            }
            args.push(format!("&{{crate}}::{}::default()", space.name_of(id)));
        } else {
            args.push("None".to_string());
        }
    }
    if plan.options_struct.is_some() {
        args.push("&Default::default()".to_string());
    }
    Some(format!("{}({})", plan.method_name, args.join(", ")))
}

/// The options struct of a plan: one documented field and setter per optional parameter, and
/// `Validate` when some field has checks.
fn options_struct(
    space: &TypeSpace,
    op: &Operation,
    plan: &OperationPlan,
    name: &str,
) -> TokenStream {
    let method_name = plan.method_name.as_str();
    let name_ident = ident(name);
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut checks = Vec::new();
    for o in &plan.optional {
        let p = &op.parameters[o.param];
        let f = ident(&o.rust);
        let t = o.ty.tokens();
        let field = param_field(p);
        let mut lines = space.field_docs(&field);
        lines.insert(
            0,
            format!(
                "{} parameter {}.",
                location_word(p.location),
                docs::code(&p.name)
            ),
        );
        lines.insert(1, String::new());
        if o.client_default {
            lines.push(
                "When unset, the client-wide value from the builder is sent, if any.".to_string(),
            );
        }
        let doc = docs::attrs(&lines);
        fields.push(quote!(#doc pub #f: Option<#t>,));
        let setter_doc = docs::attrs(&[format!("Sets [`Self::{}`].", naming::unraw(&o.rust))]);
        setters.push(quote! {
            #setter_doc
            pub fn #f(mut self, value: impl Into<#t>) -> Self {
                self.#f = Some(value.into());
                self
            }
        });
        if let Some(c) = space.value_checks(&field, naming::unraw(&o.rust)) {
            checks.push(quote!(if let Some(v) = &self.#f { #c }));
        }
    }
    let doc = docs::attrs(&[format!(
        "Optional parameters of [`Client::{method_name}`](crate::Client::{method_name}) ({}).",
        docs::code(&op.key())
    )]);
    let mut out = quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name_ident { #(#fields)* }

        impl #name_ident {
            #(#setters)*
        }
    };
    if plan.options_validate {
        out.extend(quote! {
            impl crate::support::Validate for #name_ident {
                fn validate(&self) -> Result<(), crate::support::ValidationError> {
                    #(#checks)*
                    Ok(())
                }
            }
        });
    }
    out
}

pub(crate) fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "Path",
        ParamLocation::Query => "Query",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    }
}

/// One statement building the query or header list.
enum Pair {
    /// An unconditional `(name, value)` entry.
    Push(TokenStream),
    /// Any other statement (conditional or repeated pushes).
    Stmt(TokenStream),
}

/// `let [mut] name = vec![leading unconditional entries]; other statements...` (clippy's
/// `vec_init_then_push` wants the leading entries in the literal).
fn pairs_init(name: &TokenStream, stmts: Vec<Pair>) -> TokenStream {
    let mut leading = Vec::new();
    let mut rest = Vec::new();
    for s in stmts {
        match s {
            Pair::Push(e) if rest.is_empty() => leading.push(e),
            Pair::Push(e) => rest.push(quote!(#name.push(#e);)),
            Pair::Stmt(t) => rest.push(t),
        }
    }
    let ty = quote!(Vec<(&'static str, String)>);
    match (leading.is_empty(), rest.is_empty()) {
        (true, true) => quote!(let #name: #ty = Vec::new();),
        (false, true) => quote!(let #name: #ty = vec![#(#leading),*];),
        (true, false) => quote!(let mut #name: #ty = Vec::new(); #(#rest)*),
        (false, false) => quote!(let mut #name: #ty = vec![#(#leading),*]; #(#rest)*),
    }
}

/// Placeholder names of a path template, in order ([`PathTemplate`]).
pub(crate) fn path_placeholders(path: &str) -> Vec<String> {
    PathTemplate::parse(path)
        .placeholders()
        .map(str::to_string)
        .collect()
}
