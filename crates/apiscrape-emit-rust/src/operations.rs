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
use crate::naming::{self, Scope};
use crate::types::{constraint_lines, ident, source_line, TypeSpace};
use apiscrape_model::{
    Api, Body, Field, FinishedApi, MediaKind, Method, Operation, ParamLocation, Parameter,
    PathPiece, PathTemplate, ResponseContent, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The query parameter that selects the representation, when the docs do not name it.
const DEFAULT_FORMAT_PARAMETER: &str = "$format";

/// Query parameters the client sets itself or that carry credentials.
fn handled_by_client(api: &Api, op: &Operation, p: &Parameter) -> bool {
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
fn format_parameter(op: &Operation) -> Option<(String, String)> {
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
    let mut scope = Scope::with_reserved([
        "base_url",
        "timeout",
        "connect_timeout",
        "user_agent",
        "default_header",
        "retry_policy",
        "validation",
        "http_client",
        "build",
        "build_blocking",
        "new",
    ]);
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

fn param_field(p: &Parameter) -> Field {
    let mut f = Field::new(p.name.clone(), p.ty.clone());
    f.required = p.required;
    f.description = p.description.clone();
    f.constraints = p.constraints.clone();
    f.deprecation = p.deprecation.clone();
    f.example = p.example.clone();
    f
}

struct Param<'a> {
    p: &'a Parameter,
    rust: String,
    /// Argument type (required parameters) or field type inside `Option` (optional ones).
    ty: TokenStream,
    /// Whether the argument is already a reference.
    by_ref: bool,
}

/// One generated group module: its source and the model names it imports.
pub struct GroupModule {
    /// Module (and feature) name.
    pub module: String,
    /// Group name as documented.
    pub group: Option<String>,
    /// Module body.
    pub tokens: TokenStream,
    /// Whether the module defines public items (options structs) to re-export.
    pub exports: bool,
    /// A call of the module's first operation whose arguments can be written literally
    /// (`update_contact_phone(100000, 1, None, &Default::default())`), for the crate's doc
    /// example; `{crate}` stands for the crate's name.
    pub example: Option<String>,
    /// Indices (in `Api::operations`) of the module's operations.
    pub operations: Vec<usize>,
    /// One block per operation calling it with sample values (for `examples/smoke.rs`), or
    /// the operation's method name when no sample can be built.
    pub smoke: Vec<Result<TokenStream, String>>,
}

/// Emits every group module, in documentation group order (operations without a group go to
/// module `other`).
pub fn modules(
    finished: &FinishedApi,
    space: &mut TypeSpace,
    client_params: &[ClientParam],
    krate: &str,
) -> Vec<GroupModule> {
    // Method names are unique across the whole client.
    let mut methods = Scope::with_reserved([
        "builder",
        "base_url",
        "validation",
        "default_param",
        "send",
        "new",
        "inner",
        "block_on",
    ]);
    let api: &Api = finished;
    let method_names: Vec<String> = finished
        .finished_operations()
        .map(|op| methods.claim_snake(naming::snake(op.id())))
        .collect();
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
    let mut out = Vec::new();
    for (module, group) in order {
        let Some(indices) = by_module.get(&module) else {
            continue;
        };
        let mut used = BTreeSet::new();
        let mut body = TokenStream::new();
        let mut exports = false;
        let mut example = None;
        let mut smoke = Vec::new();
        for &i in indices {
            let (tokens, has_options, call, smoke_call) = operation(
                krate,
                api,
                space,
                &api.operations[i],
                &method_names[i],
                client_params,
                &mut used,
            );
            body.extend(tokens);
            smoke.push(smoke_call.ok_or_else(|| method_names[i].clone()));
            exports |= has_options;
            if example.is_none() {
                example = call;
            }
        }
        let imports = if used.is_empty() {
            quote!()
        } else {
            let names = used.iter().map(|n| ident(n));
            quote!(use crate::models::{#(#names),*};)
        };
        out.push(GroupModule {
            module,
            group,
            tokens: quote!(#imports #body),
            exports,
            example,
            smoke,
            operations: indices.clone(),
        });
    }
    out
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

fn is_text(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Primitive { .. }) && !is_copy_primitive(ty)
}

#[allow(clippy::too_many_lines)]
fn operation(
    krate: &str,
    api: &Api,
    space: &mut TypeSpace,
    op: &Operation,
    method_name: &str,
    client_params: &[ClientParam],
    used: &mut BTreeSet<String>,
) -> (TokenStream, bool, Option<String>, Option<TokenStream>) {
    let method = ident(method_name);
    let mut args_scope = Scope::with_reserved([
        "self", "body", "options", "call", "status", "response", "query", "headers", "path", "v",
    ]);
    let mut opt_scope = Scope::new();
    let mut required = Vec::new();
    let mut optional = Vec::new();
    // Path parameters in path-template order first, then the others in documentation order.
    let mut params: Vec<&Parameter> = Vec::new();
    for seg in path_placeholders(&op.path) {
        if let Some(p) = op
            .parameters
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.name == seg)
        {
            params.push(p);
        }
    }
    params.extend(
        op.parameters
            .iter()
            .filter(|p| p.location != ParamLocation::Path),
    );
    for p in params {
        if handled_by_client(api, op, p) {
            continue;
        }
        if p.location == ParamLocation::Path || p.required {
            let rust = args_scope.claim_snake(naming::snake(&p.name));
            let owned = space.rust_type(&p.ty, used);
            let (ty, by_ref) = match &p.ty {
                t if is_text(t) => (quote!(&str), true),
                t if is_copy_primitive(t) => (owned, false),
                TypeRef::Array { items } => {
                    let inner = space.rust_type(items, used);
                    (quote!(&[#inner]), true)
                }
                _ => (quote!(&#owned), true),
            };
            required.push(Param {
                p,
                rust,
                ty,
                by_ref,
            });
        } else {
            let rust = opt_scope.claim_snake(naming::snake(&p.name));
            let ty = space.rust_type(&p.ty, used);
            optional.push(Param {
                p,
                rust,
                ty,
                by_ref: false,
            });
        }
    }

    let op_camel = naming::camel(method_name);
    let options_name = if optional.is_empty() {
        None
    } else {
        Some(space.scope.claim_camel(format!("{op_camel}Options")))
    };

    // Body.
    let body_plan = op.request_body.as_ref().map(|b| {
        let t = space.rust_type(&b.ty, used);
        (b, t)
    });

    // Response.
    let success: Vec<_> = op.success_responses().collect();
    let body_response = success_body(op);
    let response_xml = body_response.and_then(xml_media_type);
    let all_empty = !success.is_empty()
        && success
            .iter()
            .all(|r| matches!(r.content, ResponseContent::Empty));
    let (ret_ty, ret_expr) = if let Some(b) = body_response {
        let t = space.rust_type(&b.ty, used);
        if response_xml.is_some() {
            (t, quote!(crate::client::decode_xml(status, &body)))
        } else {
            let wrapper = match &b.json_wrapper {
                Some(w) => quote!(Some(#w)),
                None => quote!(None),
            };
            (t, quote!(crate::client::decode(status, &body, #wrapper)))
        }
    } else if all_empty {
        (
            quote!(()),
            quote!({
                let _ = (status, body);
                Ok(())
            }),
        )
    } else {
        (
            quote!(crate::support::RawResponse),
            quote!(Ok(crate::support::RawResponse { status, body })),
        )
    };

    // Fn signature.
    let mut sig_args = Vec::new();
    let mut call_args = Vec::new();
    for r in &required {
        let a = ident(&r.rust);
        let t = &r.ty;
        sig_args.push(quote!(#a: #t));
        call_args.push(quote!(#a));
    }
    if let Some((b, t)) = &body_plan {
        if b.required {
            sig_args.push(quote!(body: &#t));
        } else {
            sig_args.push(quote!(body: Option<&#t>));
        }
        call_args.push(quote!(body));
    }
    if let Some(o) = &options_name {
        let o = ident(o);
        sig_args.push(quote!(options: &#o));
        call_args.push(quote!(options));
    }

    // Validation.
    let mut checks = Vec::new();
    for r in &required {
        let f = param_field(r.p);
        if let Some(c) = space.value_checks(&f, naming::unraw(&r.rust)) {
            let a = ident(&r.rust);
            let bind = if r.by_ref {
                quote!(let v = #a;)
            } else {
                quote!(let v = &#a;)
            };
            checks.push(quote!({ #bind #c }));
        }
    }
    if let Some((b, _)) = &body_plan {
        if space.validates(&b.ty) {
            if b.required {
                checks.push(quote!(crate::support::Validate::validate(body).map_err(|e| e.within("body"))?;));
            } else {
                checks.push(quote!(if let Some(body) = body {
                    crate::support::Validate::validate(body).map_err(|e| e.within("body"))?;
                }));
            }
        }
    }
    let options_validate = options_name.as_ref().is_some_and(|_| {
        optional
            .iter()
            .any(|o| space.value_checks(&param_field(o.p), "x").is_some())
    });
    if options_validate {
        checks.push(
            quote!(crate::support::Validate::validate(options).map_err(|e| e.within("options"))?;),
        );
    }
    let validation = if checks.is_empty() {
        quote!()
    } else {
        quote!(if self.validation() { #(#checks)* })
    };

    // Path.
    let path_parts = path_parts(&op.path, &required);
    let path_expr = if path_parts.len() == 1 {
        let only = &path_parts[0];
        quote!(#only.to_string())
    } else {
        quote!([#(#path_parts),*].concat())
    };

    // Query and headers in documentation order.
    let mut query_stmts = Vec::new();
    let mut header_stmts = Vec::new();
    for p in &op.parameters {
        if handled_by_client(api, op, p) || p.location == ParamLocation::Path {
            continue;
        }
        let wire = &p.name;
        let target = match p.location {
            ParamLocation::Header => quote!(headers),
            _ => quote!(query),
        };
        let is_array = matches!(p.ty, TypeRef::Array { .. });
        let stmt = if let Some(r) = required.iter().find(|r| std::ptr::eq(r.p, p)) {
            let a = ident(&r.rust);
            if is_array {
                Pair::Stmt(
                    quote!(for item in #a { #target.push((#wire, crate::support::param_text(item))); }),
                )
            } else if r.by_ref {
                Pair::Push(quote!((#wire, crate::support::param_text(#a))))
            } else {
                Pair::Push(quote!((#wire, crate::support::param_text(&#a))))
            }
        } else if let Some(o) = optional.iter().find(|o| std::ptr::eq(o.p, p)) {
            let f = ident(&o.rust);
            let fallback = client_params.iter().any(|c| c.wire == p.name);
            let push = if is_array {
                quote!(for item in v { #target.push((#wire, crate::support::param_text(item))); })
            } else {
                quote!(#target.push((#wire, crate::support::param_text(v)));)
            };
            if fallback {
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
        } else {
            continue;
        };
        match p.location {
            ParamLocation::Header => header_stmts.push(stmt),
            _ => query_stmts.push(stmt),
        }
    }
    if let Some((name, value)) = format_parameter(op) {
        query_stmts.push(Pair::Push(quote!((#name, #value.to_string()))));
    }
    let query_init = pairs_init(&quote!(query), query_stmts);
    let header_init = pairs_init(&quote!(headers), header_stmts);
    let request_xml = body_plan.as_ref().and_then(|(b, _)| xml_media_type(b));
    let body_expr = match &body_plan {
        Some((b, _)) => {
            let encode = if request_xml.is_some() {
                let (root, namespace) = xml_root(space.api(), b);
                let namespace = match namespace {
                    Some(ns) => quote!(Some(#ns)),
                    None => quote!(None),
                };
                quote!(crate::xml::encode_xml(body, #root, #namespace).map_err(crate::Error::EncodeXml)?)
            } else {
                let wrapper = match &b.json_wrapper {
                    Some(w) => quote!(Some(#w)),
                    None => quote!(None),
                };
                quote!(crate::support::encode_json(body, #wrapper).map_err(crate::Error::Encode)?)
            };
            if b.required {
                quote!(Some(#encode))
            } else {
                quote!(match body { Some(body) => Some(#encode), None => None })
            }
        }
        None => quote!(None),
    };
    let http_method = match op.method {
        Method::Get => quote!(GET),
        Method::Put => quote!(PUT),
        Method::Post => quote!(POST),
        Method::Delete => quote!(DELETE),
        Method::Patch => quote!(PATCH),
        Method::Head => quote!(HEAD),
        Method::Options => quote!(OPTIONS),
    };
    let idempotent = !matches!(op.method, Method::Post | Method::Patch);
    // Only crates with XML operations have the media-type fields on `Call`.
    let media_fields = if space.has_xml() {
        let content_type = request_xml.as_deref().unwrap_or("application/json");
        let accept = match &response_xml {
            Some(m) => quote!(Some(#m)),
            None => quote!(None),
        };
        quote!(content_type: #content_type, accept: #accept,)
    } else {
        quote!()
    };

    // Docs.
    let doc = docs::attrs(&method_docs(
        space,
        op,
        &required,
        &optional,
        body_plan.as_ref().map(|(b, _)| *b),
        options_name.as_deref(),
    ));
    let blocking_doc = docs::attrs(&[
        summary_sentence(op),
        String::new(),
        format!(
            "Waits for [`Client::{method_name}`](crate::Client::{method_name}), which documents \
             the parameters, return value and errors."
        ),
    ]);
    // The blocking method calls the deprecated async one, which warns even inside a
    // deprecated item (the two attributes are not the same origin), hence the `allow`.
    let (deprecated, allow_deprecated) = match &op.deprecation {
        Some(d) => {
            let note = d
                .note
                .clone()
                .unwrap_or_else(|| "deprecated by the documentation".to_string());
            (
                quote!(#[deprecated(note = #note)]),
                quote!(#[allow(deprecated)]),
            )
        }
        None => (quote!(), quote!()),
    };
    let allow = if sig_args.len() > 6 {
        quote!(#[allow(clippy::too_many_arguments)])
    } else {
        quote!()
    };

    let mut out = quote! {
        impl crate::Client {
            #doc
            #allow
            #deprecated
            pub async fn #method(&self, #(#sig_args),*) -> Result<#ret_ty, crate::Error> {
                #validation
                let path = #path_expr;
                #query_init
                #header_init
                let call = crate::client::Call {
                    method: reqwest::Method::#http_method,
                    path,
                    query,
                    headers,
                    body: #body_expr,
                    idempotent: #idempotent,
                    #media_fields
                };
                let (status, body) = self.send(call).await?;
                #ret_expr
            }
        }

        #[cfg(feature = "blocking")]
        impl crate::blocking::Client {
            #blocking_doc
            #allow
            #deprecated
            #allow_deprecated
            pub fn #method(&self, #(#sig_args),*) -> Result<#ret_ty, crate::Error> {
                self.block_on(self.inner().#method(#(#call_args),*))
            }
        }
    };

    if let Some(o) = &options_name {
        out.extend(options_struct(
            space,
            op,
            method_name,
            o,
            &optional,
            client_params,
            options_validate,
        ));
    }
    let example = example_call(
        space,
        method_name,
        &required,
        body_plan.as_ref().map(|(b, _)| *b),
        options_name.is_some(),
    );
    let smoke = smoke_call(
        space,
        krate,
        method_name,
        &required,
        body_plan.as_ref().map(|(b, _)| *b),
        options_name.is_some(),
    );
    (out, options_name.is_some(), example, smoke)
}

/// The root element name and namespace of an XML body: the body's documented root, else the
/// type's documented XML name, else the type's documented name (`Body` for unnamed types).
fn xml_root(api: &Api, body: &Body) -> (String, Option<String>) {
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
    method_name: &str,
    required: &[Param],
    body: Option<&apiscrape_model::Body>,
    options: bool,
) -> Option<TokenStream> {
    let sampler = crate::smoke::Sampler::new(space, krate);
    let method = ident(method_name);
    let mut lets = Vec::new();
    let mut args = Vec::new();
    for (i, r) in required.iter().enumerate() {
        let mut constraints = r.p.constraints.clone();
        if matches!(r.p.ty, TypeRef::Array { .. }) && constraints.max_length != Some(0) {
            // One item, so the element type is inferred from the value.
            constraints.min_length = Some(constraints.min_length.unwrap_or(0).max(1));
        }
        let value = sampler.value(&r.p.ty, &constraints, 0)?;
        let name = quote::format_ident!("arg{}", i);
        lets.push(quote!(let #name = #value;));
        if is_text(&r.p.ty) {
            args.push(quote!(&#name));
        } else if is_copy_primitive(&r.p.ty) {
            args.push(quote!(#name));
        } else {
            args.push(quote!(&#name));
        }
    }
    if let Some(b) = body {
        let value = sampler.value(&b.ty, &apiscrape_model::Constraints::default(), 0)?;
        lets.push(quote!(let body = #value;));
        if b.required {
            args.push(quote!(&body));
        } else {
            args.push(quote!(Some(&body)));
        }
    }
    if options {
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
fn example_call(
    space: &TypeSpace,
    method_name: &str,
    required: &[Param],
    body: Option<&apiscrape_model::Body>,
    options: bool,
) -> Option<String> {
    let mut args = Vec::new();
    for r in required {
        let TypeRef::Primitive { primitive } = &r.p.ty else {
            return None;
        };
        let literal = if primitive.is_integer() {
            let min =
                r.p.constraints
                    .minimum
                    .as_ref()
                    .and_then(|b| b.value.as_i64());
            let min = min.map(|m| {
                if r.p
                    .constraints
                    .minimum
                    .as_ref()
                    .is_some_and(|b| b.exclusive)
                {
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
                p if is_text(&TypeRef::primitive(*p)) => {
                    let value =
                        r.p.example
                            .as_ref()
                            .filter(|e| !e.synthetic)
                            .map(|e| e.value.clone())
                            .or_else(|| r.p.constraints.default.clone())
                            .unwrap_or_else(|| "value".to_string());
                    format!("{value:?}")
                }
                _ => return None,
            }
        };
        args.push(literal);
    }
    if let Some(b) = body {
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
    if options {
        args.push("&Default::default()".to_string());
    }
    Some(format!("{method_name}({})", args.join(", ")))
}

fn options_struct(
    space: &TypeSpace,
    op: &Operation,
    method_name: &str,
    name: &str,
    optional: &[Param],
    client_params: &[ClientParam],
    validate: bool,
) -> TokenStream {
    let name_ident = ident(name);
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut checks = Vec::new();
    for o in optional {
        let f = ident(&o.rust);
        let t = &o.ty;
        let field = param_field(o.p);
        let mut lines = space.field_docs(&field);
        lines.insert(
            0,
            format!(
                "{} parameter {}.",
                location_word(o.p.location),
                docs::code(&o.p.name)
            ),
        );
        lines.insert(1, String::new());
        if client_params.iter().any(|c| c.wire == o.p.name) {
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
    if validate {
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

fn location_word(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "Path",
        ParamLocation::Query => "Query",
        ParamLocation::Header => "Header",
        ParamLocation::Cookie => "Cookie",
    }
}

fn method_docs(
    space: &TypeSpace,
    op: &Operation,
    required: &[Param],
    optional: &[Param],
    body: Option<&apiscrape_model::Body>,
    options_name: Option<&str>,
) -> Vec<String> {
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
    lines.push(format!("{head}."));
    if let Some(media) = success_body(op).and_then(xml_media_type) {
        lines.push(String::new());
        lines.push(format!(
            "The response body is documented as XML only: the client asks for {} and decodes \
             the XML.",
            docs::code(&media)
        ));
    }
    if let Some(p) = &op.paging {
        lines.push(String::new());
        lines.push(format!(
            "Paged: at most {} items per page ({}).",
            p.max_page_size,
            docs::code(&p.page_size_parameter)
        ));
    }
    if !required.is_empty() || body.is_some() || options_name.is_some() {
        lines.push(String::new());
        lines.push("# Parameters".to_string());
        lines.push(String::new());
        for r in required {
            let mut s = format!(
                "- `{}`: {} parameter {}",
                naming::unraw(&r.rust),
                location_word(r.p.location).to_lowercase(),
                docs::code(&r.p.name)
            );
            s.push_str(&format!(", {}", space.describe(&r.p.ty)));
            if let Some(d) = &r.p.description {
                s.push_str(&format!(
                    ". {}",
                    sentence(&docs::text(d).replace('\n', " "))
                ));
            }
            let c = constraint_lines(&r.p.constraints);
            if !c.is_empty() {
                s.push_str(&format!(" {}", c.join(" ")));
            }
            if !s.ends_with('.') {
                s.push('.');
            }
            lines.push(s);
        }
        if let Some(b) = body {
            let mut s = format!("- `body`: {}", space.describe(&b.ty));
            if let Some(media) = xml_media_type(b) {
                let (root, namespace) = xml_root(space.api(), b);
                s.push_str(&format!(
                    ", sent as XML ({}) in the root element {}",
                    docs::code(&media),
                    docs::code(&format!("<{root}>"))
                ));
                if let Some(ns) = namespace {
                    s.push_str(&format!(" of namespace {}", docs::code(&ns)));
                }
            } else if let Some(w) = &b.json_wrapper {
                s.push_str(&format!(
                    ", sent inside the root object {}",
                    docs::code(&format!("{{\"{w}\": ...}}"))
                ));
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
        if let Some(o) = options_name {
            let names: Vec<String> = optional.iter().map(|o| docs::code(&o.p.name)).collect();
            lines.push(format!(
                "- `options`: [`{o}`], the optional parameters {}.",
                names.join(", ")
            ));
        }
    }
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
    lines
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

/// Text ending with a full stop (or other closing punctuation).
/// The first paragraph of an operation's docs: its summary, else the first paragraph of its
/// description, else its method and path; a full sentence either way, on one line.
fn summary_sentence(op: &Operation) -> String {
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

fn sentence(s: &str) -> String {
    let t = s.trim_end();
    if t.ends_with(['.', '!', '?', ':']) {
        t.to_string()
    } else {
        format!("{t}.")
    }
}

/// Placeholder names of a path template, in order ([`PathTemplate`]).
fn path_placeholders(path: &str) -> Vec<String> {
    PathTemplate::parse(path)
        .placeholders()
        .map(str::to_string)
        .collect()
}

/// The pieces of a path (`&str` expressions) to concatenate; placeholders without a
/// documented parameter stay literal.
fn path_parts(path: &str, required: &[Param]) -> Vec<TokenStream> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    if !path.starts_with('/') {
        literal.push('/');
    }
    for piece in PathTemplate::parse(path).pieces() {
        let name = match piece {
            PathPiece::Literal(text) => {
                literal.push_str(text);
                continue;
            }
            PathPiece::Placeholder(name) => name,
        };
        match required
            .iter()
            .find(|r| r.p.location == ParamLocation::Path && r.p.name == *name)
        {
            Some(r) => {
                if !literal.is_empty() {
                    parts.push(quote!(#literal));
                    literal.clear();
                }
                let a = ident(&r.rust);
                if r.by_ref {
                    parts.push(quote!(&crate::support::path_segment(#a)));
                } else {
                    parts.push(quote!(&crate::support::path_segment(&#a)));
                }
            }
            None => literal.push_str(&format!("{{{name}}}")),
        }
    }
    if !literal.is_empty() || parts.is_empty() {
        parts.push(quote!(#literal));
    }
    parts
}
