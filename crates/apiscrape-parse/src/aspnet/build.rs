//! Turning a page's [`Block`]s into an API fragment: API pages (operation, parameters, bodies,
//! samples), ResourceModel pages (objects, enums, aliases) and index pages (operations with
//! group and description).

use super::annotations;
use super::block::{ApiRow, Block, BlockKind, EnumTable, ParamRow};
use super::samples;
use super::text::{heading_level, is_enum_intro, is_home_link, split_api_line};
use super::types::{looks_like_type, parse_type, TypeExpr};
use crate::diag::PageDiagnostics;
use crate::page::{Page, PageFormat};
use apiscrape_model::{
    Api, Body, EnumMember, EnumRepr, Example, Expansion, Field, Group, MediaType, NamedType,
    Operation, ParamLocation, Parameter, Provenance, Response, ResponseContent, Severity, TypeId,
    TypeKind, TypeRef,
};

pub use crate::merge::INDEX_NOTE;

/// Provenance note of a type read from its own ResourceModel page.
pub const MODEL_PAGE_NOTE: &str = "ResourceModel page";

struct Ctx<'a> {
    page: &'a Page,
    api: Api,
    /// Operation index by `METHOD /path` (index pages list hundreds).
    ops: std::collections::HashMap<String, usize>,
    /// The page's diagnostics, capped like every dialect's.
    diags: PageDiagnostics,
}

impl Ctx<'_> {
    fn diag(&mut self, severity: Severity, line: u32, msg: impl Into<String>) {
        self.diags.push(severity, Some(line), msg);
    }

    fn provenance(&self, line: u32, element: &str) -> Provenance {
        Provenance {
            source: self.page.source.clone(),
            url: self.page.url.clone(),
            line: (line > 0).then_some(line),
            element: (self.page.format == PageFormat::Html && !element.is_empty())
                .then(|| element.to_string()),
            note: None,
        }
    }
}

/// Builds the fragment of one page from its blocks.
pub fn build(page: &Page, blocks: &[Block]) -> Api {
    let mut ctx = Ctx {
        page,
        api: Api::new(""),
        ops: Default::default(),
        diags: PageDiagnostics::new(&page.source),
    };
    if let Some(base) = page.url.as_deref().and_then(base_url) {
        ctx.api.base_urls.push(base);
    }
    let is_h1 = |b: &Block| matches!(&b.kind, BlockKind::Heading { level: 1, .. });
    // A site layout may add its own `h1` above the Help Page's: an API page's title is the
    // first `METHOD path` one, a ResourceModel page's the last before its table.
    let api_h1 = blocks.iter().position(|b| match &b.kind {
        BlockKind::Heading { level: 1, text } => split_api_line(text).is_some(),
        _ => false,
    });
    let first_table = blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Params(_) | BlockKind::Enum(_)))
        .unwrap_or(blocks.len());
    let model_h1 = blocks[..first_table]
        .iter()
        .rposition(is_h1)
        .or_else(|| blocks.iter().position(is_h1));
    let has_apis = blocks.iter().any(|b| matches!(b.kind, BlockKind::Apis(_)));
    if let Some(i) = api_h1 {
        api_page(&mut ctx, &blocks[i..]);
    } else if has_apis {
        index_page(&mut ctx, blocks);
    } else if let Some(i) = model_h1 {
        model_page(&mut ctx, &blocks[i..]);
    } else if first_table < blocks.len() || blocks.iter().any(is_enum_intro_block) {
        // A ResourceModel page without its title (reader view, copied text).
        model_page(&mut ctx, blocks);
    } else {
        ctx.diag(
            Severity::Error,
            0,
            "no heading found: not an ASP.NET Help Page (API, index or ResourceModel page)",
        );
    }
    let mut api = ctx.api;
    api.diagnostics.extend(ctx.diags.finish());
    api
}

/// `scheme://host[/virtual/dir]` before `/Help` in a page URL.
pub fn base_url(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let mut parts = rest.split('/');
    let host = parts.next().filter(|h| !h.is_empty())?;
    let mut dir = Vec::new();
    let mut found = false;
    for seg in parts {
        if seg.eq_ignore_ascii_case("help") {
            found = true;
            break;
        }
        dir.push(seg);
    }
    let mut base = format!("{}://{}", scheme.to_ascii_lowercase(), host);
    if found {
        for seg in dir.iter().filter(|s| !s.is_empty()) {
            base.push('/');
            base.push_str(seg);
        }
    }
    Some(base)
}

/// The `scheme://host` part of a base URL.
pub fn base_url_host(base: &str) -> &str {
    let start = base.find("://").map_or(0, |i| i + 3);
    match base[start..].find('/') {
        Some(i) => &base[..start + i],
        None => base,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Section {
    Doc,
    Info,
    Uri,
    Body,
    RequestFormats,
    Resource,
    ResponseFormats,
    Custom(String),
}

fn section_of(heading: &str) -> Section {
    let t = heading.trim().trim_end_matches(':').to_lowercase();
    match t.as_str() {
        "request information" | "response information" => Section::Info,
        "uri parameters" | "parameters" => Section::Uri,
        "body parameters" => Section::Body,
        "request formats" | "request body formats" | "sample request" => Section::RequestFormats,
        "resource description" => Section::Resource,
        "response formats" | "response body formats" | "sample response" => {
            Section::ResponseFormats
        }
        // Renamed headings (`Route parameters`, `Request body`, `Response samples`...).
        t if has_word(
            t,
            &[
                "format", "formats", "sample", "samples", "example", "examples",
            ],
        ) =>
        {
            if has_word(t, &["response", "responses", "result"]) {
                Section::ResponseFormats
            } else if has_word(t, &["request", "body"]) {
                Section::RequestFormats
            } else {
                Section::Custom(heading.trim().to_string())
            }
        }
        t if has_word(t, &["body"]) && !has_word(t, &["response"]) => Section::Body,
        t if has_word(t, &["uri", "url", "route", "query", "path"])
            && has_word(t, &["parameter", "parameters", "params", "arguments"]) =>
        {
            Section::Uri
        }
        t if has_word(t, &["response", "returns", "return", "result"])
            && has_word(t, &["description", "type", "body", "model", "value"]) =>
        {
            Section::Resource
        }
        _ => Section::Custom(heading.trim().to_string()),
    }
}

fn has_word(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| words.contains(&w))
}

fn para(b: &Block) -> Option<&str> {
    match &b.kind {
        BlockKind::Para(p) => Some(p),
        _ => None,
    }
}

/// What the sections of one API page said, before it becomes an [`Operation`].
#[derive(Default)]
struct ApiSections<'b> {
    /// Paragraphs before the first section: summary and description.
    doc: Vec<String>,
    /// Text of other sections, appended to the description.
    extra: Vec<String>,
    uri_rows: Vec<&'b ParamRow>,
    seen_uri: bool,
    body: Option<Body>,
    body_type_name: Option<String>,
    response: Option<Response>,
    request_media: Vec<MediaType>,
    response_media: Vec<MediaType>,
    /// Responses listed in a site-added `Response Codes` section.
    status_responses: Vec<Response>,
}

fn api_page(ctx: &mut Ctx<'_>, blocks: &[Block]) {
    let (line, h1) = match &blocks[0].kind {
        BlockKind::Heading { text, .. } => (blocks[0].line, text.clone()),
        _ => return,
    };
    let Some((method, relative)) = split_api_line(&h1) else {
        return;
    };
    let (path, query) = split_template(relative);
    let mut op = Operation::new(method, path.clone());
    op.provenance.push(ctx.provenance(line, "h1"));

    let mut parts = ApiSections::default();
    for (section, sline, items) in &split_sections(ctx, line, blocks) {
        read_section(ctx, &mut parts, section, *sline, items);
    }
    if !parts.seen_uri && !path_params(&path).is_empty() {
        ctx.diag(
            Severity::Warning,
            line,
            "no `URI Parameters` section; path parameters are typed as string",
        );
    }
    set_summary_and_description(&mut op, &parts.doc, std::mem::take(&mut parts.extra));
    add_parameters(ctx, &mut op, &mut parts, line, query);
    attach_body(ctx, &mut op, &mut parts, line);
    attach_responses(ctx, &mut op, parts, line);
    ctx.api.operations.push(op);
}

/// The page's blocks by section (heading level 2 or 3), the text before the first heading
/// as [`Section::Doc`].
fn split_sections<'b>(
    ctx: &mut Ctx<'_>,
    line: u32,
    blocks: &'b [Block],
) -> Vec<(Section, u32, Vec<&'b Block>)> {
    let mut sections: Vec<(Section, u32, Vec<&Block>)> = vec![(Section::Doc, line, Vec::new())];
    for b in &blocks[1..] {
        match &b.kind {
            BlockKind::Heading { level, text } if *level >= 2 && *level <= 3 => {
                sections.push((section_of(text), b.line, Vec::new()));
            }
            BlockKind::Heading { level: 1, text } => {
                ctx.diag(
                    Severity::Warning,
                    b.line,
                    format!("second title `{text}` on an API page; its content is read as part of the page"),
                );
            }
            _ => sections.last_mut().map(|s| s.2.push(b)).unwrap_or(()),
        }
    }
    sections
}

/// Reads one section of an API page into `parts`.
fn read_section<'b>(
    ctx: &mut Ctx<'_>,
    parts: &mut ApiSections<'b>,
    section: &Section,
    sline: u32,
    items: &[&'b Block],
) {
    match section {
        Section::Doc => parts
            .doc
            .extend(items.iter().filter_map(|b| para(b)).map(str::to_string)),
        Section::Info => {
            for b in items {
                if let Some(p) = para(b) {
                    parts.extra.push(p.to_string());
                }
            }
        }
        Section::Uri => {
            parts.seen_uri = true;
            for b in items {
                match &b.kind {
                    BlockKind::Params(rows) => parts.uri_rows.extend(rows.iter()),
                    BlockKind::Para(p) if p == "None." => {}
                    BlockKind::Para(p) => parts.extra.push(p.clone()),
                    _ => {}
                }
            }
        }
        Section::Body => {
            let ts = type_section(ctx, items, sline, "body parameter");
            if let Some((expr, tline)) = ts.ty {
                let ty = register_table(ctx, &expr, ts.rows, tline);
                parts.body_type_name = expr.element_name().map(str::to_string);
                let mut b = Body::new(ty);
                b.description = join_doc(&ts.doc);
                // The action takes this parameter from the body: clients send it.
                b.required = true;
                parts.body = Some(b);
            } else if !ts.doc.is_empty() {
                parts.extra.push(ts.doc.join("\n"));
            }
        }
        Section::Resource => parts.response = Some(resource_section(ctx, items, sline)),
        Section::RequestFormats | Section::ResponseFormats => {
            let media = samples::media_types(items, &mut ctx.diags);
            if matches!(section, Section::RequestFormats) {
                parts.request_media = media;
            } else {
                parts.response_media = media;
            }
        }
        Section::Custom(name) => custom_section(ctx, parts, name, sline, items),
    }
}

/// The `Resource Description` section: the success response.
fn resource_section(ctx: &mut Ctx<'_>, items: &[&Block], sline: u32) -> Response {
    let ts = type_section(ctx, items, sline, "response");
    let description = join_doc(&ts.doc);
    let content = match ts.ty {
        None => ResponseContent::Empty,
        Some((expr, tline)) => match framework_noise(&expr) {
            Some(reason) => {
                if let Some(rows) = ts.rows.filter(|r| !r.is_empty()) {
                    ctx.diag(
                        Severity::Note,
                        tline,
                        format!(
                            "the `{reason}` table ({}) describes the framework's response object, not the body; its rows are not kept",
                            row_names(rows)
                        ),
                    );
                }
                ResponseContent::Undocumented {
                    reason: reason.to_string(),
                }
            }
            None => {
                let ty = register_table(ctx, &expr, ts.rows, tline);
                ResponseContent::Body {
                    body: Body::new(ty),
                }
            }
        },
    };
    let status = if content == ResponseContent::Empty {
        204
    } else {
        200
    };
    Response {
        status,
        description,
        content,
    }
}

/// A section the Help Page template does not have: a status list becomes responses, anything
/// else is kept as text in the description, with a note.
fn custom_section(
    ctx: &mut Ctx<'_>,
    parts: &mut ApiSections<'_>,
    name: &str,
    sline: u32,
    items: &[&Block],
) {
    let text: Vec<String> = items
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Para(p) => Some(p.clone()),
            BlockKind::Sample(s) => Some(s.clone()),
            BlockKind::Params(rows) => Some(
                rows.iter()
                    .map(|r| format!("{} {} {}", r.name, r.doc, r.ty).trim().to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            BlockKind::Enum(t) => Some(
                t.rows
                    .iter()
                    .map(|r| {
                        let v = r.value.as_deref().filter(|v| *v != r.name);
                        format!("{} {} {}", r.name, v.unwrap_or(""), r.doc)
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            _ => None,
        })
        .collect();
    if is_status_section(name) {
        let found = status_lines(&text);
        if !found.is_empty() {
            parts.status_responses.extend(found);
            return;
        }
    }
    if !text.is_empty() {
        parts.extra.push(format!("{name}\n{}", text.join("\n")));
        ctx.diag(
            Severity::Note,
            sline,
            format!("section `{name}` is not part of the Help Page template; its text is kept in the operation description"),
        );
    }
}

/// The summary is the first sentence of the page's text; the description is the whole text
/// plus `extra` sections, each its own paragraph.
fn set_summary_and_description(op: &mut Operation, doc: &[String], extra: Vec<String>) {
    let doc_text = join_doc(doc);
    if let Some(d) = &doc_text {
        let summary = first_sentence(d);
        op.summary = Some(summary.clone());
        if summary != *d {
            op.description = Some(d.clone());
        }
    }
    if !extra.is_empty() {
        let mut d = op.description.clone().or(doc_text).unwrap_or_default();
        for e in extra {
            if !d.is_empty() {
                d.push_str("\n\n");
            }
            d.push_str(&e);
        }
        op.description = Some(d);
    }
}

/// Parameters from the URI Parameters rows, then path and title query parameters the table
/// does not list (typed as string, with a warning).
fn add_parameters(
    ctx: &mut Ctx<'_>,
    op: &mut Operation,
    parts: &mut ApiSections<'_>,
    line: u32,
    query: Vec<String>,
) {
    let in_path = path_params(&op.path);
    for row in std::mem::take(&mut parts.uri_rows) {
        // The 2012 template lists every parameter in one table and says where it goes.
        if row
            .annotations
            .iter()
            .any(|a| a.trim() == "Define this parameter in the request body.")
        {
            ctx.diag(
                Severity::Note,
                row.line,
                format!(
                    "parameter `{}` is the request body (`Define this parameter in the request body.`)",
                    row.name
                ),
            );
            if op.request_body.is_none() && parts.body.is_none() {
                let (ty, _) = if row.ty.is_empty() {
                    (TypeRef::Any, None)
                } else {
                    row_type(ctx, row)
                };
                let mut b = Body::new(ty);
                b.description = nonempty(&row.doc);
                b.required = true;
                parts.body = Some(b);
            }
            continue;
        }
        if row.name.is_empty() {
            ctx.diag(
                Severity::Warning,
                row.line,
                format!(
                    "a URI parameter row has no name (type `{}`); skipped",
                    row.ty
                ),
            );
            continue;
        }
        let location = if in_path.iter().any(|p| p == &row.name) {
            ParamLocation::Path
        } else {
            ParamLocation::Query
        };
        op.parameters.push(uri_parameter(ctx, row, location));
    }
    for name in &in_path {
        if !op.parameters.iter().any(|p| &p.name == name) {
            ctx.diag(
                Severity::Warning,
                line,
                format!(
                    "path parameter `{name}` is not in the URI Parameters table; typed as string"
                ),
            );
            op.parameters.push(Parameter::new(
                name.clone(),
                ParamLocation::Path,
                TypeRef::string(),
            ));
        }
    }
    for name in query {
        if !op.parameters.iter().any(|p| p.name == name) {
            ctx.diag(
                Severity::Warning,
                line,
                format!("query parameter `{name}` of the title is not in the URI Parameters table; typed as string"),
            );
            let mut p = Parameter::new(name.clone(), ParamLocation::Query, TypeRef::string());
            p.expansion = expansion(&name);
            op.parameters.push(p);
        }
    }
}

/// One parameter from its URI Parameters row.
fn uri_parameter(ctx: &mut Ctx<'_>, row: &ParamRow, location: ParamLocation) -> Parameter {
    let (ty, _) = row_type(ctx, row);
    let mut p = Parameter::new(row.name.clone(), location, ty);
    p.description = nonempty(&row.doc);
    let a = read_annotations(ctx, row);
    p.required = a.required || location == ParamLocation::Path;
    // `Data type:` ([DataType]) says how a UI shows the value, not its wire type (a
    // `Date` DateTime still travels as a full date-time): it stays a constraint fact.
    p.constraints = a.constraints;
    p.example = a.example.map(|value| Example {
        value,
        synthetic: false,
    });
    p.expansion = expansion(&row.name);
    p
}

/// The request body with its formats; the XML root of its samples names the body's type.
fn attach_body(ctx: &mut Ctx<'_>, op: &mut Operation, parts: &mut ApiSections<'_>, line: u32) {
    let request_media = std::mem::take(&mut parts.request_media);
    if let Some(mut b) = parts.body.take() {
        b.media_types = request_media;
        if let Some(x) = samples::xml_root_of(&b.media_types) {
            b.xml_root = Some(x.clone());
            if let (Some(name), TypeRef::Named { .. }) = (&parts.body_type_name, &b.ty) {
                if let Some(t) = ctx.api.types.get_mut(&TypeId::from_name(name)) {
                    t.xml.get_or_insert(x);
                }
            }
        }
        op.request_body = Some(b);
    } else if !request_media.is_empty() {
        ctx.diag(
            Severity::Warning,
            line,
            "request formats are listed but no body parameter is documented",
        );
    }
}

/// The success response (or why it is unknown), then the statuses a site-added section lists.
fn attach_responses(ctx: &mut Ctx<'_>, op: &mut Operation, parts: ApiSections<'_>, line: u32) {
    let response_media = parts.response_media;
    match parts.response {
        Some(mut r) => {
            if let ResponseContent::Body { body } = &mut r.content {
                body.media_types = response_media;
                if let Some(x) = samples::xml_root_of(&body.media_types) {
                    body.xml_root = Some(x.clone());
                    if let TypeRef::Named { id } = &body.ty {
                        if let Some(t) = ctx.api.types.get_mut(id) {
                            t.xml.get_or_insert(x);
                        }
                    }
                }
            }
            op.responses.push(r);
        }
        None if !response_media.is_empty() => {
            // 2012 template: response samples without a type.
            ctx.diag(
                Severity::Warning,
                line,
                "no `Resource Description` section; the response type is unknown, its formats are kept",
            );
            let mut b = Body::new(TypeRef::Any);
            b.media_types = response_media;
            op.responses.push(Response {
                status: 200,
                description: None,
                content: ResponseContent::Body { body: b },
            });
        }
        None => {
            ctx.diag(
                Severity::Warning,
                line,
                "no `Resource Description` section; the response is not documented",
            );
            op.responses.push(Response {
                status: 200,
                description: None,
                content: ResponseContent::Undocumented {
                    reason: "not shown on the page".into(),
                },
            });
        }
    }
    for r in parts.status_responses {
        match op.responses.iter_mut().find(|x| x.status == r.status) {
            Some(existing) => {
                if existing.description.is_none() {
                    existing.description = r.description;
                }
            }
            None => op.responses.push(r),
        }
    }
}

/// Whether a site-added section lists response statuses (`Response Codes`).
fn is_status_section(name: &str) -> bool {
    let l = name.to_lowercase();
    [
        "response codes",
        "status codes",
        "http status codes",
        "responses",
        "error codes",
        "errors",
    ]
    .contains(&l.trim_end_matches(':').trim())
}

/// Lines starting with an HTTP status (`404 Not Found: no such order.`) as responses with an
/// undocumented body.
fn status_lines(text: &[String]) -> Vec<Response> {
    let mut out: Vec<Response> = Vec::new();
    for line in text.iter().flat_map(|t| t.lines()) {
        let t = line.trim().trim_start_matches(['-', '*', '•']).trim();
        let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
        let Ok(status) = digits.parse::<u16>() else {
            continue;
        };
        if digits.len() != 3 || !(100..600).contains(&status) {
            continue;
        }
        let rest = t[3..]
            .trim_start_matches([' ', '-', ':', '\u{2013}'])
            .trim();
        if out.iter().any(|r| r.status == status) {
            continue;
        }
        out.push(Response {
            status,
            description: nonempty(rest),
            content: ResponseContent::Undocumented {
                reason: "listed in the page's response codes".into(),
            },
        });
    }
    out
}

/// `HttpResponseMessage` and `IHttpActionResult` describe the framework, not the body.
fn framework_noise(expr: &TypeExpr) -> Option<&'static str> {
    match expr {
        TypeExpr::Named(n) => {
            let short = n.rsplit('.').next().unwrap_or(n);
            match short {
                "HttpResponseMessage" => Some("HttpResponseMessage"),
                "IHttpActionResult" => Some("IHttpActionResult"),
                _ => None,
            }
        }
        _ => None,
    }
}

struct TypeSection<'a> {
    doc: Vec<String>,
    ty: Option<(TypeExpr, u32)>,
    rows: Option<&'a [ParamRow]>,
}

/// Reads a Body Parameters / Resource Description section: documentation paragraphs, the type
/// line (the last paragraph before the table or `None.`), the table.
fn type_section<'a>(
    ctx: &mut Ctx<'_>,
    items: &[&'a Block],
    sline: u32,
    what: &str,
) -> TypeSection<'a> {
    let table = items
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Params(_)));
    let rows = table.and_then(|t| match &items[t].kind {
        BlockKind::Params(rows) => Some(rows.as_slice()),
        _ => None,
    });
    let before: Vec<(&str, u32)> = items[..table.unwrap_or(items.len())]
        .iter()
        .filter_map(|b| para(b).map(|p| (p, b.line)))
        .collect();
    let after: Vec<String> = table
        .map(|t| {
            items[t + 1..]
                .iter()
                .filter_map(|b| para(b))
                .filter(|p| *p != "None.")
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let mut doc: Vec<String> = Vec::new();
    let mut ty_line: Option<(&str, u32)> = None;
    if table.is_some() {
        if let Some((last, rest)) = before.split_last() {
            ty_line = Some(*last);
            doc.extend(rest.iter().map(|p| p.0.to_string()));
        } else {
            ctx.diag(
                Severity::Warning,
                sline,
                format!("the {what} table has no type line above it; read as an anonymous object"),
            );
        }
    } else if let Some(none) = before.iter().position(|p| p.0 == "None.") {
        let pre = &before[..none];
        if let Some((last, rest)) = pre.split_last() {
            if looks_like_type(last.0) {
                ty_line = Some(*last);
                doc.extend(rest.iter().map(|p| p.0.to_string()));
            } else {
                doc.extend(pre.iter().map(|p| p.0.to_string()));
            }
        }
        doc.extend(before[none + 1..].iter().map(|p| p.0.to_string()));
    } else if let Some((last, rest)) = before.split_last() {
        if looks_like_type(last.0)
            || parse_type(last.0, &|_| false).is_some_and(|t| t.is_vocabulary())
        {
            ty_line = Some(*last);
            doc.extend(rest.iter().map(|p| p.0.to_string()));
        } else {
            doc.extend(before.iter().map(|p| p.0.to_string()));
            ctx.diag(
                Severity::Warning,
                last.1,
                format!("no {what} type found (neither a type line nor `None.`); the text is kept as its description"),
            );
        }
    }
    doc.extend(after);
    let ty = ty_line.and_then(|(t, l)| parse_type(t, &|_| false).map(|e| (e, l)));
    if let Some((e, l)) = &ty {
        check_names(ctx, e, *l);
    }
    let ty = match (ty, table) {
        (None, Some(_)) => Some((TypeExpr::Named(String::new()), sline)),
        (ty, _) => ty,
    };
    TypeSection { doc, ty, rows }
}

/// Registers the object a table describes (the body type or a collection's element type) and
/// returns the body's type reference.
fn register_table(
    ctx: &mut Ctx<'_>,
    expr: &TypeExpr,
    rows: Option<&[ParamRow]>,
    line: u32,
) -> TypeRef {
    let Some(rows) = rows else {
        return expr.to_type_ref();
    };
    match expr.element_name() {
        Some(name) if !name.is_empty() => {
            let fields = fields_of(ctx, rows);
            let mut t = NamedType::new(name, TypeKind::Object { fields });
            t.provenance
                .push(ctx.provenance(line, "table.help-page-table"));
            insert_type(ctx, t);
            expr.to_type_ref()
        }
        _ => {
            ctx.diag(
                Severity::Warning,
                line,
                format!(
                    "a properties table follows a type that is not a named model; its rows ({}) are not kept as a type",
                    row_names(rows)
                ),
            );
            expr.to_type_ref()
        }
    }
}

/// The rows' names in backticks, for a diagnostic about rows not kept.
fn row_names(rows: &[ParamRow]) -> String {
    rows.iter()
        .map(|r| {
            if r.name.is_empty() {
                "a row without name".to_string()
            } else {
                format!("`{}`", r.name)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn insert_type(ctx: &mut Ctx<'_>, t: NamedType) {
    let id = t.id();
    match ctx.api.types.get_mut(&id) {
        Some(existing) if existing.kind == TypeKind::Placeholder => {
            existing.kind = t.kind;
        }
        Some(_) => {}
        None => {
            ctx.api.types.insert(id, t);
        }
    }
}

fn read_annotations(ctx: &mut Ctx<'_>, row: &ParamRow) -> annotations::Annotations {
    let a = annotations::read(&row.annotations);
    for u in &a.unknown {
        // A vocabulary phrase that could not be read (`Range: ... 0,5 ...`) loses a
        // constraint: a warning. A site's own phrase is kept whole: a note.
        let severity = if annotations::is_annotation(u) {
            Severity::Warning
        } else {
            Severity::Note
        };
        ctx.diag(
            severity,
            row.line,
            format!(
                "annotation `{u}` of `{}` is not a Help Page phrase; kept as a constraint note",
                row.name
            ),
        );
    }
    a
}

fn row_type(ctx: &mut Ctx<'_>, row: &ParamRow) -> (TypeRef, Option<TypeExpr>) {
    let links = &row.links;
    match parse_type(&row.ty, &|n| links.iter().any(|l| l == n)) {
        Some(e) => {
            check_names(ctx, &e, row.line);
            (e.to_type_ref(), Some(e))
        }
        None => {
            ctx.diag(
                Severity::Warning,
                row.line,
                format!("`{}` has no type; read as string", row.name),
            );
            (TypeRef::string(), None)
        }
    }
}

/// Reports model names that cannot be model names (spaces): an unknown simple-type spelling.
fn check_names(ctx: &mut Ctx<'_>, e: &TypeExpr, line: u32) {
    match e {
        TypeExpr::Named(n) if n.contains(char::is_whitespace) => ctx.diag(
            Severity::Warning,
            line,
            format!("type `{n}` is neither a Help Page simple type nor a model name; kept as a named type"),
        ),
        TypeExpr::Collection(i) => check_names(ctx, i, line),
        TypeExpr::Dictionary(k, v) | TypeExpr::Pair(k, v) => {
            check_names(ctx, k, line);
            check_names(ctx, v, line);
        }
        _ => {}
    }
}

fn fields_of(ctx: &mut Ctx<'_>, rows: &[ParamRow]) -> Vec<Field> {
    let mut fields: Vec<Field> = Vec::new();
    // Names listed so far (a scan of `fields` per row would be quadratic in the rows).
    let mut names: std::collections::HashSet<&str> = Default::default();
    for row in rows {
        if row.name.is_empty() {
            if row.ty.is_empty() {
                ctx.diag(
                    Severity::Warning,
                    row.line,
                    format!(
                        "a property row without name and type cells (description `{}`, annotations `{}`) is left out",
                        row.doc,
                        row.annotations.join(" ")
                    ),
                );
                continue;
            }
            ctx.diag(
                Severity::Warning,
                row.line,
                format!(
                    "a property row lost its name cell (description `{}`, type `{}`); its name is looked up in the samples",
                    row.doc, row.ty
                ),
            );
            // Kept unnamed for `finish`, which names it from a sample or removes it.
        } else if !names.insert(row.name.as_str()) {
            ctx.diag(
                Severity::Warning,
                row.line,
                format!(
                    "property `{}` is listed twice; the first row is kept",
                    row.name
                ),
            );
            continue;
        }
        let (ty, _) = row_type(ctx, row);
        let a = read_annotations(ctx, row);
        // `Data type:` stays a fact (`x-data-type`); the wire type is the table's.
        let mut f = Field::new(row.name.clone(), ty);
        f.description = nonempty(&row.doc);
        f.required = a.required;
        if a.nullable {
            f.nullable = Some(true);
        }
        f.constraints = a.constraints;
        f.example = a.example.map(|value| Example {
            value,
            synthetic: false,
        });
        fields.push(f);
    }
    fields
}

fn is_enum_intro_block(b: &Block) -> bool {
    matches!(&b.kind, BlockKind::Para(p) if is_enum_intro(p))
}

/// The `modelName` query value of a ResourceModel page URL (any letter case in the path and
/// the key; percent-decoded, `+` as space).
pub fn url_model_name(url: &str) -> Option<String> {
    let (path, query) = url.split_once('?')?;
    if !path.to_ascii_lowercase().contains("resourcemodel") {
        return None;
    }
    let query = query.split('#').next().unwrap_or("");
    let value = query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        k.eq_ignore_ascii_case("modelName").then_some(v)
    })?;
    let value = value.replace('+', " ");
    let name = percent_encoding::percent_decode_str(&value)
        .decode_utf8_lossy()
        .trim()
        .to_string();
    (!name.is_empty()).then_some(name)
}

/// Whether a title could be a model's name: one name token, and not a heading or table header
/// that a rendering put where the title was.
fn is_title_a_model_name(t: &str) -> bool {
    let t = t.trim();
    super::types::is_model_name(t)
        && heading_level(t).is_none()
        && !is_enum_intro(t)
        && !is_table_header_text(t)
}

/// Table header texts (collapsed or the first cell), in any rendering and the localized
/// spellings the text reader knows.
fn is_table_header_text(t: &str) -> bool {
    let l = t.trim().to_lowercase();
    let collapsed = l.replace([' ', '|', '-', '\t'], "");
    [
        "name",
        "namn",
        "naam",
        "api",
        "description",
        "type",
        "value",
        "namedescriptiontypeadditionalinformation",
        "namedescriptiontype",
        "namevaluedescription",
        "namedescription",
        "valuedescription",
        "apidescription",
        "namnbeskrivningtypinformation",
        "namnbeskrivningtyp",
    ]
    .contains(&collapsed.as_str())
}

fn model_page(ctx: &mut Ctx<'_>, blocks: &[Block]) {
    let url_name = ctx.page.url.as_deref().and_then(url_model_name);
    // The title, when the page (or its rendering) kept it: the heading before the table.
    let (line, title, rest) = match blocks.first().map(|b| &b.kind) {
        Some(BlockKind::Heading { text, .. }) => {
            (blocks[0].line, Some(text.trim().to_string()), &blocks[1..])
        }
        _ => (blocks.first().map_or(0, |b| b.line), None, blocks),
    };
    if let Some(t) = &title {
        if heading_level(t).is_some() {
            ctx.diag(
                Severity::Error,
                line,
                "the page starts with a section heading, not an API title: the title line is missing",
            );
            return;
        }
    }
    // A title that is not a name (a heading, a table header, the model's summary sentence)
    // gives way to the URL's `modelName`; a valid title that differs from it is taken as the
    // site's own heading above a page that lost the model's.
    let mut lead_para: Option<String> = None;
    let name = match (&title, &url_name) {
        (Some(t), Some(u)) if t.eq_ignore_ascii_case(u) => t.clone(),
        (Some(t), Some(u)) => {
            if !is_title_a_model_name(t) && !is_table_header_text(t) && !t.is_empty() {
                lead_para = Some(t.clone());
            }
            ctx.diag(
                Severity::Note,
                line,
                format!("the page's title `{t}` is not its model's name; the model is named `{u}` after the page URL"),
            );
            u.clone()
        }
        (None, Some(u)) => {
            ctx.diag(
                Severity::Note,
                line,
                format!("the page shows no title; the model is named `{u}` after the page URL"),
            );
            u.clone()
        }
        (Some(t), None) if !t.is_empty() && !is_table_header_text(t) && !is_enum_intro(t) => {
            t.clone()
        }
        (_, None) => {
            ctx.diag(
                Severity::Error,
                line,
                format!(
                    "ResourceModel page without its model's name: {} and no page URL with `modelName` (`# source:`, saved-from comment or fetch manifest); nothing is read from it",
                    title.as_deref().map_or("no title".to_string(), |t| format!("the first line `{t}` is not a name"))
                ),
            );
            return;
        }
    };
    let mut table = rest
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Params(_) | BlockKind::Enum(_)));
    // Without a title heading, a paragraph carrying the name is the title (a site's own
    // markup); what precedes it is navigation.
    let mut rest = rest;
    if title.is_none() {
        if let Some(k) = rest[..table.unwrap_or(rest.len())]
            .iter()
            .rposition(|b| para(b).is_some_and(|p| p.trim().eq_ignore_ascii_case(&name)))
        {
            rest = &rest[k + 1..];
            table = table.map(|t| t - k - 1);
        }
    }
    let mut doc: Vec<String> = lead_para
        .into_iter()
        .chain(
            rest[..table.unwrap_or(rest.len())]
                .iter()
                .filter_map(|b| para(b))
                .filter(|p| !is_enum_intro(p) && *p != "None." && !is_home_link(p))
                .map(str::to_string),
        )
        .collect();
    // A sentence introducing the enum table (`Possible enumeration values:` or a site's own).
    if matches!(table.map(|t| &rest[t].kind), Some(BlockKind::Enum(_)))
        && doc.last().is_some_and(|p| p.trim_end().ends_with(':'))
    {
        doc.pop();
    }
    let kind = match table.map(|t| &rest[t].kind) {
        Some(BlockKind::Params(rows)) => TypeKind::Object {
            fields: fields_of(ctx, rows),
        },
        Some(BlockKind::Enum(table)) => enum_kind(ctx, &name, table, line),
        _ => {
            // Dictionary, pair, collection or simple: the inline phrase is the whole model.
            match doc
                .last()
                .and_then(|l| parse_type(l, &|_| false))
                .filter(|e| !matches!(e, TypeExpr::Named(_)))
            {
                Some(e) => {
                    doc.pop();
                    TypeKind::Alias {
                        target: e.to_type_ref(),
                    }
                }
                None => {
                    // Nothing on the page was read: say so as loudly as other unread content.
                    ctx.diag(
                        Severity::Warning,
                        line,
                        format!("ResourceModel page `{name}` shows no properties, members or type phrase; kept as a placeholder"),
                    );
                    TypeKind::Placeholder
                }
            }
        }
    };
    let mut t = NamedType::new(name, kind);
    t.description = join_doc(&doc);
    let mut p = ctx.provenance(line, "h1");
    p.note = Some(MODEL_PAGE_NOTE.to_string());
    t.provenance.push(p);
    ctx.api.types.insert(t.id(), t);
}

fn enum_kind(ctx: &mut Ctx<'_>, name: &str, table: &EnumTable, line: u32) -> TypeKind {
    let mut members = Vec::new();
    for row in &table.rows {
        if row.name.trim().is_empty() {
            ctx.diag(
                Severity::Warning,
                row.line,
                format!(
                    "a member row of enum `{name}` has no name (value `{}`, description `{}`); it is left out",
                    row.value.as_deref().unwrap_or("").trim(),
                    row.doc
                ),
            );
            continue;
        }
        let value = match &row.value {
            Some(v) if !v.trim().is_empty() => v.trim().to_string(),
            _ => row.name.clone(),
        };
        members.push(EnumMember {
            name: row.name.clone(),
            value,
            description: nonempty(&row.doc),
        });
    }
    if !table.has_names {
        ctx.diag(
            Severity::Warning,
            line,
            format!("enum `{name}` shows values without names (no Name column); each member is named by its value"),
        );
    }
    if members.is_empty() {
        ctx.diag(
            Severity::Warning,
            line,
            format!("the enum table of `{name}` has no rows; the enum has no members"),
        );
    }
    let repr = if table.has_values {
        EnumRepr::Integer
    } else {
        ctx.diag(
            Severity::Warning,
            line,
            format!("enum `{name}` lists no values; its members are assumed to travel by name"),
        );
        EnumRepr::String
    };
    TypeKind::Enum {
        repr,
        members,
        complete: true,
    }
}

fn index_page(ctx: &mut Ctx<'_>, blocks: &[Block]) {
    // The introduction runs from its heading to the first controller's heading (the last
    // heading before the first API table), sub-headings included.
    let first_table = blocks
        .iter()
        .position(|b| matches!(b.kind, BlockKind::Apis(_)))
        .unwrap_or(blocks.len());
    let first_group = blocks[..first_table]
        .iter()
        .rposition(|b| matches!(b.kind, BlockKind::Heading { level: 2.., .. }))
        .unwrap_or(first_table);
    let intro_at = blocks[..first_group].iter().position(|b| {
        matches!(&b.kind, BlockKind::Heading { level: 2.., text } if text.eq_ignore_ascii_case("introduction"))
    });
    if let Some(i) = intro_at {
        let text: Vec<&str> = blocks[i + 1..first_group]
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { text, .. }
                | BlockKind::Para(text)
                | BlockKind::Sample(text) => Some(text.as_str()),
                _ => None,
            })
            .collect();
        let text = text.join("\n");
        if !text.is_empty() && text != "Provide a general description of your APIs here." {
            ctx.api.description = Some(text);
        }
    }
    let mut heading: Option<String> = None;
    let mut paras: Vec<String> = Vec::new();
    for (k, b) in blocks.iter().enumerate() {
        match &b.kind {
            BlockKind::Heading { level: 1, text } => {
                let title = index_title(text);
                if ctx.api.title.is_empty() {
                    ctx.api.title = title;
                }
            }
            BlockKind::Heading { text, .. } => {
                heading = Some(text.clone());
                paras.clear();
            }
            BlockKind::Para(p) | BlockKind::Sample(p) if k >= first_group => paras.push(p.clone()),
            BlockKind::Apis(rows) => {
                if let Some(g) = &heading {
                    let desc = paras.join("\n");
                    let desc = desc
                        .strip_prefix("Overview:")
                        .map(|d| d.trim_start().to_string())
                        .unwrap_or(desc);
                    if !ctx.api.groups.iter().any(|x| &x.name == g) {
                        ctx.api.groups.push(Group {
                            name: g.clone(),
                            description: nonempty(&desc),
                        });
                    }
                }
                paras.clear();
                for row in rows {
                    index_row(ctx, row, heading.clone());
                }
            }
            _ => {}
        }
    }
}

/// The API title from the index `h1`, without `Help Page`; the stock title gives none.
fn index_title(h1: &str) -> String {
    let t = h1.trim();
    if t.eq_ignore_ascii_case("ASP.NET Web API Help Page") {
        return String::new();
    }
    let lower = t.to_lowercase();
    let mut title = t;
    for suffix in [" help page", " help pages", " help", " documentation"] {
        if lower.ends_with(suffix) {
            title = t[..t.len() - suffix.len()].trim();
            break;
        }
    }
    // Names of the framework rather than of the API: the site's host names it better.
    let generic = [
        "api",
        "apis",
        "restapi",
        "rest api",
        "web api",
        "webapi",
        "asp.net web api",
    ];
    if generic.contains(&title.to_lowercase().as_str()) {
        return String::new();
    }
    title.to_string()
}

fn index_row(ctx: &mut Ctx<'_>, row: &ApiRow, group: Option<String>) {
    let Some((method, relative)) = split_api_line(&row.api) else {
        ctx.diag(
            Severity::Warning,
            row.line,
            format!("index row `{}` is not `METHOD path`; skipped", row.api),
        );
        return;
    };
    let (path, _) = split_template(relative);
    let mut op = Operation::new(method, path);
    op.group = group;
    let doc = row.doc.trim();
    if !doc.is_empty() && doc != "No documentation available." {
        let s = first_sentence(doc);
        if s != doc {
            op.description = Some(doc.to_string());
        }
        op.summary = Some(s);
    }
    let mut p = ctx.provenance(row.line, "td.api-name");
    p.note = Some(format!("{INDEX_NOTE} `{}`", row.api.trim()));
    op.provenance.push(p);
    let key = op.key();
    match ctx.ops.get(&key).copied() {
        Some(i) => {
            ctx.api.operations[i].provenance.extend(op.provenance);
            ctx.diag(
                Severity::Note,
                row.line,
                format!(
                    "the index lists {key} more than once (`{}`); the entries are one operation",
                    row.api.trim()
                ),
            );
        }
        None => {
            ctx.ops.insert(key, ctx.api.operations.len());
            ctx.api.operations.push(op);
        }
    }
}

/// Splits `relative/path/{id}?a={a}&b={b}` into `/relative/path/{id}` and the query keys.
pub fn split_template(relative: &str) -> (String, Vec<String>) {
    let (p, q) = relative.split_once('?').unwrap_or((relative, ""));
    let mut path = String::with_capacity(p.len() + 1);
    if !p.starts_with('/') {
        path.push('/');
    }
    // Drop route constraints and optional markers inside braces: `{id:int}` -> `{id}`.
    let mut in_brace = false;
    let mut skipping = false;
    for c in p.chars() {
        match c {
            '{' => {
                in_brace = true;
                skipping = false;
                path.push(c);
            }
            '}' => {
                in_brace = false;
                skipping = false;
                path.push(c);
            }
            ':' | '=' | '?' if in_brace => skipping = true,
            _ if skipping => {}
            _ => path.push(c),
        }
    }
    let query = q
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string)
        .collect();
    (path, query)
}

/// Names inside `{}` of a path template.
/// The placeholders are the model's ([`apiscrape_model::PathTemplate`]); ASP.NET's catch-all
/// marker (`{*path}`) is dropped, and each name is listed once.
pub fn path_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for name in apiscrape_model::PathTemplate::parse(path).placeholders() {
        let name = name.trim_start_matches('*').to_string();
        if !name.is_empty() && !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// `ids[0]`, `items[1].Name`, `filter.Name`.
pub fn expansion(name: &str) -> Option<Expansion> {
    if let Some(open) = name.find('[') {
        let close = name[open..].find(']')? + open;
        let index: u32 = name[open + 1..close].parse().ok()?;
        let base = name[..open].to_string();
        let property = name[close + 1..]
            .strip_prefix('.')
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        if base.is_empty() {
            return None;
        }
        return Some(Expansion::CollectionItem {
            base,
            index,
            property,
        });
    }
    let (base, property) = name.split_once('.')?;
    if base.is_empty() || property.is_empty() {
        return None;
    }
    Some(Expansion::ObjectProperty {
        base: Some(base.to_string()),
        property: property.to_string(),
    })
}

/// Documentation text, or `None` when empty or the template's `No documentation available.`.
fn nonempty(s: &str) -> Option<String> {
    let cleaned = clean_doc(s);
    let t = cleaned.trim();
    (!t.is_empty() && t != "No documentation available.").then(|| t.to_string())
}

/// XML documentation markup that reached the page as text: `<br/>` and `<para>` become line
/// breaks, `<see cref="T:X"/>` becomes `X`, `<c>x</c>` and other tags keep their text.
pub fn clean_doc(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find('>');
        let tag = end.map(|e| &after[..e]);
        let name: String = tag
            .unwrap_or("")
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let known = matches!(
            name.as_str(),
            "br" | "para"
                | "p"
                | "c"
                | "code"
                | "see"
                | "seealso"
                | "paramref"
                | "typeparamref"
                | "b"
                | "i"
                | "em"
                | "strong"
                | "summary"
                | "remarks"
                | "returns"
                | "value"
        );
        match (tag, known) {
            (Some(tag), true) => {
                match name.as_str() {
                    "br" | "para" | "p" => {
                        let trimmed = out.trim_end_matches(' ').len();
                        out.truncate(trimmed);
                        if !out.is_empty() && !out.ends_with('\n') {
                            out.push('\n');
                        }
                    }
                    "see" | "seealso" | "paramref" | "typeparamref" => {
                        let attr = ["cref=\"", "name=\"", "href=\"", "langword=\""]
                            .iter()
                            .find_map(|a| tag.find(a).map(|k| &tag[k + a.len()..]))
                            .and_then(|v| v.split('"').next());
                        if let Some(v) = attr {
                            let v = v.split_once(':').map_or(v, |(_, r)| r);
                            out.push_str(v);
                        }
                    }
                    _ => {}
                }
                rest = &after[tag.len() + 1..];
                if out.ends_with('\n') {
                    rest = rest.trim_start_matches(' ');
                }
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn join_doc(paras: &[String]) -> Option<String> {
    nonempty(
        &paras
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty() && *p != "No documentation available.")
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The first sentence of a text (up to `. ` or the first line break), or the whole first line.
pub fn first_sentence(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let end = line.find(". ").map_or(line.len(), |i| i + 1);
    line[..end].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_path_and_query() {
        assert_eq!(
            split_template("api/v1/Roles/{id:int}?RoleId={RoleId}&include[0]={include[0]}"),
            (
                "/api/v1/Roles/{id}".to_string(),
                vec!["RoleId".to_string(), "include[0]".to_string()]
            )
        );
        assert_eq!(path_params("/a/{x}/b/{y}"), ["x", "y"]);
    }

    #[test]
    fn expansions() {
        assert_eq!(
            expansion("include[1]"),
            Some(Expansion::CollectionItem {
                base: "include".into(),
                index: 1,
                property: None
            })
        );
        assert_eq!(
            expansion("items[0].Name"),
            Some(Expansion::CollectionItem {
                base: "items".into(),
                index: 0,
                property: Some("Name".into())
            })
        );
        assert_eq!(
            expansion("filter.Name"),
            Some(Expansion::ObjectProperty {
                base: Some("filter".into()),
                property: "Name".into()
            })
        );
        assert_eq!(expansion("api-version"), None);
    }

    #[test]
    fn base_urls_stop_before_help() {
        assert_eq!(
            base_url("https://www.itslearning.com/restapi/help/Api/GET-x").as_deref(),
            Some("https://www.itslearning.com/restapi")
        );
        assert_eq!(
            base_url("https://example.com/HELP/ResourceModel?modelName=X").as_deref(),
            Some("https://example.com")
        );
        assert_eq!(base_url("file:///x/Help").as_deref(), None);
    }

    #[test]
    fn xml_doc_markup_in_descriptions() {
        assert_eq!(
            clean_doc("First line<br/>Second <br />third"),
            "First line\nSecond\nthird"
        );
        assert_eq!(
            clean_doc("Use <see cref=\"T:Api.Models.Phone\"/> or <c>null</c>."),
            "Use Api.Models.Phone or null."
        );
        assert_eq!(
            clean_doc("a < b and <unknown> stays"),
            "a < b and <unknown> stays"
        );
        assert_eq!(
            nonempty("<para>One.</para><para>Two.</para>").as_deref(),
            Some("One.\nTwo.")
        );
    }

    #[test]
    fn renamed_headings_keep_their_role() {
        assert_eq!(section_of("Route parameters"), Section::Uri);
        assert_eq!(section_of("Request body"), Section::Body);
        assert_eq!(section_of("Response samples"), Section::ResponseFormats);
        assert_eq!(section_of("Request examples"), Section::RequestFormats);
        assert_eq!(section_of("Response body"), Section::Resource);
        assert_eq!(section_of("Remarks"), Section::Custom("Remarks".into()));
        assert_eq!(
            section_of("Response Codes"),
            Section::Custom("Response Codes".into())
        );
    }

    #[test]
    fn titles_and_sentences() {
        assert_eq!(index_title("RestApi Help Page"), "");
        assert_eq!(index_title("Caliber API Help Page"), "Caliber API");
        assert_eq!(index_title("ASP.NET Web API Help Page"), "");
        assert_eq!(
            first_sentence("Gets the messages. The user must be a member."),
            "Gets the messages."
        );
    }
}
