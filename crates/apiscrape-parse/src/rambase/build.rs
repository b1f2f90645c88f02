//! Turning what the grammar read into the model: the operation, its parameters, bodies,
//! responses, error codes, query features, authentication, and the body types.

use super::fields::{self, json_key_of, Kind, Node, Tip};
use super::header::{self, Header};
use super::lines::{is_boilerplate, page_lines, section_start, Ln, Section};
use super::names::{ProvisionalId, Role, Scope};
use super::query::{self, Row};
use crate::diag::PageDiagnostics;
use crate::page::{Page, PageFormat};
use apiscrape_model::{
    Api, AuthKind, AuthScheme, Body, Bound, Constraints, ErrorCode, Field, Format, Group,
    MediaType, Method, NamedFilter, NamedType, Number, Operation, Paging, ParamLocation, Parameter,
    Primitive, Provenance, ResourceId, Response, ResponseContent, TypeId, TypeKind, TypeRef,
    XmlName,
};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Host the RamBase documentation describes when a page does not name one.
pub(crate) const DEFAULT_BASE_URL: &str = "https://api.rambase.net";

/// Parses one page into an API fragment.
pub(crate) fn parse_page(page: &Page) -> Api {
    let mut problems = PageDiagnostics::new(&page.source);
    let mut api = Api::new("RamBase API");
    let lines = page_lines(page, &mut problems);
    if lines.is_empty() {
        problems.warn(0, "the page is empty");
        api.diagnostics = problems.finish();
        return api;
    }
    let mut h = Header::default();
    let pre_end = lines
        .iter()
        .position(|l| header::is_header_start(&l.text) || section_start(&l.text).is_some())
        .unwrap_or(lines.len());
    header::preamble(&lines[..pre_end], &mut h, &mut problems);
    let mut i = pre_end;
    while i < lines.len() {
        if section_start(&lines[i].text).is_some() {
            break;
        }
        if !header::header_row(&lines, &mut i, &mut h, &mut problems) {
            let t = &lines[i].text;
            if !is_boilerplate(t) {
                problems.warn(lines[i].line, format!("header line not understood: `{t}`"));
            }
            i += 1;
        }
    }
    let mut sections: Vec<(Section, u32, Vec<Ln>)> = Vec::new();
    for l in &lines[i..] {
        if let Some(s) = section_start(&l.text) {
            sections.push((s, l.line, Vec::new()));
            continue;
        }
        if is_boilerplate(&l.text) {
            continue;
        }
        if let Some(last) = sections.last_mut() {
            last.2.push(l.clone());
        }
    }
    let first_line = h.first_line.unwrap_or(lines[0].line);
    let rendering_a = super::lines::format_of(page) == PageFormat::Text
        && lines.iter().take(60).any(|l| {
            l.text
                .trim_start_matches(['|', ' '])
                .starts_with("HTTP method |")
        });
    let mut b = Builder {
        page,
        problems,
        h,
        sections,
        types: BTreeMap::new(),
        expandable: Vec::new(),
        rendering_a,
    };
    match b.operation(first_line) {
        Some((op, base, auth)) => {
            if let Some(g) = &op.group {
                api.groups.push(Group {
                    name: g.clone(),
                    description: None,
                });
            }
            api.base_urls.push(base);
            api.auth.extend(auth);
            api.operations.push(op);
            api.types = std::mem::take(&mut b.types);
        }
        None => {
            b.problems.warn(
                first_line,
                "no HTTP method and path found on the page; nothing is read from it",
            );
        }
    }
    api.diagnostics = b.problems.finish();
    api
}

struct Builder<'a> {
    page: &'a Page,
    problems: PageDiagnostics,
    h: Header,
    sections: Vec<(Section, u32, Vec<Ln>)>,
    types: BTreeMap<TypeId, NamedType>,
    expandable: Vec<Field>,
    /// Whether the page is rendering A (the lossiest: its types yield to other renderings'
    /// in [`super::names`]).
    rendering_a: bool,
}

static QUERY_PAIR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([^&=?]+)=\{([^}]*)\}").expect("valid regex"));
static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{([^}/]+)\}").expect("valid regex"));
static MIN_MAX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(minimum|maximum):\s*(-?[0-9]+(?:\.[0-9]+)?)").expect("valid regex")
});
static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""([^"]*)""#).expect("valid regex"));
static DEFAULT_IS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"Default value is ([^\s.]+)").expect("valid regex"));

/// A body-placeholder or parameter type word as a primitive.
pub(crate) fn primitive(word: &str) -> Option<Primitive> {
    Some(match word.to_ascii_lowercase().as_str() {
        "string" => Primitive::String,
        "integer" | "int" => Primitive::Int32,
        "long" => Primitive::Int64,
        "decimal" => Primitive::Decimal,
        "boolean" | "bool" => Primitive::Boolean,
        "date" => Primitive::Date,
        "datetime" => Primitive::DateTime,
        "time" => Primitive::Time,
        _ => return None,
    })
}

/// Media type and `$format` value of a documented format name.
fn format_of(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name.to_ascii_lowercase().as_str() {
        "xml" => ("application/xml", "xml"),
        "html" => ("text/html", "html"),
        "json" => ("application/json", "json"),
        "json stream" | "jsonstream" => ("application/stream+json", "jsonstream"),
        _ => return None,
    })
}

impl Builder<'_> {
    fn section(&self, s: Section) -> Option<&(Section, u32, Vec<Ln>)> {
        self.sections.iter().find(|x| x.0 == s)
    }

    fn is_last_section(&self, s: Section) -> bool {
        self.sections.last().is_some_and(|x| x.0 == s)
    }

    fn provenance(&self, line: u32) -> Provenance {
        Provenance {
            source: self.page.source.clone(),
            url: self.page.url.clone(),
            line: Some(line),
            element: None,
            note: None,
        }
    }

    fn operation(&mut self, first_line: u32) -> Option<(Operation, String, Vec<AuthScheme>)> {
        let h = self.h.clone();
        let method_text = h
            .method
            .as_ref()
            .map(|(m, l)| (m.clone(), *l))
            .or_else(|| h.verb_line.as_ref().map(|(v, _, l)| (v.clone(), *l)))?;
        let Some(method) = Method::parse(&method_text.0) else {
            self.problems.warn(
                method_text.1,
                format!("HTTP method `{}` is not understood", method_text.0),
            );
            return None;
        };
        if let (Some((m, _)), Some((v, _, l))) = (&h.method, &h.verb_line) {
            if !m.eq_ignore_ascii_case(v) {
                self.problems.warn(
                    *l,
                    format!("the page title says {v} but the header says {m}; {m} is used"),
                );
            }
        }
        let uri = h
            .uri
            .as_ref()
            .map(|(u, l)| (u.clone(), *l))
            .or_else(|| h.verb_line.as_ref().map(|(_, p, l)| (p.clone(), *l)))?;
        let (base, path, query_pairs) = self.split_uri(&uri.0);
        let mut op = Operation::new(method, path.clone());
        op.provenance.push(self.provenance(first_line));
        op.group = h.group.clone();
        if h.group.is_none() && !h.generic_label {
            self.problems.note(
                first_line,
                "the page shows no `<Domain> APIs` label; the operation has no group",
            );
        }
        op.summary = h.summary.as_ref().map(|(s, _)| s.clone());
        if !h.extra_description.is_empty() {
            op.description = Some(h.extra_description.join("\n"));
        }
        op.api_operation = h.api_operation;
        op.custom_fields = h.custom_fields;
        if let Some((id, version, _)) = h.resource {
            op.resource_id = Some(ResourceId { id, version });
        } else if let Some((version, line)) = h.old_version {
            match self.url_resource_no() {
                Some(id) => {
                    op.resource_id = Some(ResourceId { id, version });
                    self.problems.note(
                        line,
                        format!("resource identifier {id} taken from the page URL (`resourceno`), version {version} from the page"),
                    );
                }
                None => self.problems.note(
                    line,
                    format!("the page shows version {version} but no resource identifier"),
                ),
            }
        }
        // Formats.
        if let Some((f, line)) = &h.formats {
            op.formats = self.formats(f, *line);
        }
        // Path parameters, in path order.
        self.path_parameters(&mut op, &path, uri.1);
        // Query parameters.
        let auth = self.query_parameters(&mut op, &query_pairs, uri.1);
        if let Some((max, line)) = h.max_page_size {
            self.paging(&mut op, max, line);
        }
        // Request body.
        let media = body_media(&op.formats);
        let key = op.key();
        if let Some((_, line, body_lines)) = self.section(Section::RequestBody).cloned() {
            let last = self.is_last_section(Section::RequestBody);
            if let Some(body) = self.body(
                &body_lines,
                line,
                last,
                &Scope::new(key.clone(), Role::Request),
                &media,
                &path,
            ) {
                op.request_body = Some(body);
            }
        } else {
            self.problems.note(
                first_line,
                "the page does not reach the request-body section",
            );
        }
        match h.status {
            Some((status, _)) => self.success_response(&mut op, status, &media, &path),
            None => self
                .problems
                .warn(first_line, "the page gives no successful HTTP status code"),
        }
        self.filters_and_sorting(&mut op);
        // Expandable fields: response fields the page marks as expandable.
        op.query_features.expandable_fields = std::mem::take(&mut self.expandable);
        if let Some((_, _, l)) = self.section(Section::Operations).cloned() {
            op.related_operations = query::operation_rows(&l, &mut self.problems);
        }
        self.error_codes(&mut op);
        Some((op, base, auth))
    }

    /// The documented maximum page size: paging, and the bounds of `$top` (added when the
    /// page does not list it).
    fn paging(&mut self, op: &mut Operation, max: u64, line: u32) {
        op.paging = Some(Paging {
            page_size_parameter: "$top".to_string(),
            max_page_size: max,
        });
        let constraints = Constraints {
            minimum: Some(Bound::inclusive(Number("1".into()))),
            maximum: Some(Bound::inclusive(Number(max.to_string()))),
            ..Constraints::default()
        };
        match op.parameters.iter_mut().find(|p| p.name == "$top") {
            Some(p) => {
                if p.ty == TypeRef::string() {
                    // The getting-started page types `$top` as String; a page size is
                    // a number.
                    self.problems.note(
                        line,
                        "`$top` is documented as a string; the maximum page size makes it an integer",
                    );
                    p.ty = TypeRef::primitive(Primitive::Int32);
                }
                p.constraints.minimum = constraints.minimum;
                p.constraints.maximum = constraints.maximum;
            }
            None => {
                let mut p = Parameter::new(
                    "$top",
                    ParamLocation::Query,
                    TypeRef::primitive(Primitive::Int32),
                );
                p.description = Some(format!(
                    "Number of objects to return in the result list (maximum page size {max})."
                ));
                p.constraints = constraints;
                op.parameters.push(p);
            }
        }
    }

    /// The success response with its body, when the page shows one.
    fn success_response(
        &mut self,
        op: &mut Operation,
        status: u16,
        media: &[MediaType],
        path: &str,
    ) {
        let key = op.key();
        let content = match self.section(Section::Response).cloned() {
            Some((_, line, body_lines)) => {
                let last = self.is_last_section(Section::Response);
                let empty = body_lines.iter().all(|l| is_line_number(&l.text));
                match self.body(
                    &body_lines,
                    line,
                    last,
                    &Scope::new(key.clone(), Role::Response),
                    media,
                    path,
                ) {
                    Some(body) => ResponseContent::Body { body },
                    None if empty && !last => ResponseContent::Empty,
                    None => ResponseContent::Undocumented {
                        reason: "the page does not show the response body".into(),
                    },
                }
            }
            None => ResponseContent::Undocumented {
                reason: "the page does not show the response body".into(),
            },
        };
        op.responses.push(Response {
            status,
            description: None,
            content,
        });
    }

    /// Named filters, filter fields and sortable fields.
    fn filters_and_sorting(&mut self, op: &mut Operation) {
        if let Some((_, _, l)) = self.section(Section::Filters).cloned() {
            let cut = self.is_last_section(Section::Filters);
            let (filters, fields) = query::filter_rows(&l, cut, &mut self.problems);
            op.query_features.named_filters = filters
                .into_iter()
                .map(|f| NamedFilter {
                    name: f.name,
                    description: (!f.description.is_empty()).then(|| f.description.join("\n")),
                })
                .collect();
            op.query_features.filter_fields = fields.iter().map(|r| self.row_field(r)).collect();
        }
        if let Some((_, _, l)) = self.section(Section::Sortable).cloned() {
            let cut = self.is_last_section(Section::Sortable);
            let rows = query::sortable_rows(&l, cut, &mut self.problems);
            op.query_features.sortable_fields = rows
                .iter()
                .map(|r| {
                    let ty = op
                        .query_features
                        .filter_fields
                        .iter()
                        .find(|f| f.name == r.name)
                        .map_or_else(TypeRef::string, |f| f.ty.clone());
                    let mut f = Field::new(r.name.clone(), ty);
                    f.description = (!r.pieces.is_empty()).then(|| r.pieces.join("\n"));
                    f
                })
                .collect();
        }
    }

    /// Vendor error codes; each status they use becomes a response with an undocumented body.
    fn error_codes(&mut self, op: &mut Operation) {
        if let Some((_, _, l)) = self.section(Section::Errors).cloned() {
            let cut = self.is_last_section(Section::Errors);
            let rows = query::error_rows(&l, cut, &mut self.problems);
            let mut by_status: BTreeMap<u16, Vec<String>> = BTreeMap::new();
            for r in rows {
                by_status
                    .entry(r.status)
                    .or_default()
                    .push(format!("Error {}: {}", r.code, r.message));
                op.error_codes.push(ErrorCode {
                    code: r.code,
                    status: r.status,
                    message: r.message,
                });
            }
            for (status, lines) in by_status {
                if op.response(status).is_some() {
                    continue;
                }
                op.responses.push(Response {
                    status,
                    description: Some(lines.join("\n")),
                    content: ResponseContent::Undocumented {
                        reason: "the page does not describe error bodies".into(),
                    },
                });
            }
        }
    }

    fn url_resource_no(&self) -> Option<u64> {
        let url = self.page.url.as_deref()?;
        let q = url.split_once('?')?.1;
        q.split('&')
            .find_map(|kv| kv.strip_prefix("resourceno="))
            .and_then(|v| v.parse().ok())
    }

    /// Splits a documented URI into base URL, path template and `key={placeholder}` pairs of
    /// an embedded query string.
    fn split_uri(&mut self, uri: &str) -> (String, String, Vec<(String, String)>) {
        let uri = uri.trim();
        let (base, rest) = match uri.split_once("://") {
            Some((scheme, r)) => {
                let (host, path) = r.split_once('/').unwrap_or((r, ""));
                (format!("{scheme}://{host}"), path.to_string())
            }
            None => {
                let base = self
                    .page
                    .url
                    .as_deref()
                    .and_then(|u| {
                        let (scheme, r) = u.split_once("://")?;
                        let host = r.split(['/', '?']).next()?;
                        host.ends_with("rambase.net")
                            .then(|| format!("{scheme}://{host}"))
                    })
                    .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
                (base, uri.to_string())
            }
        };
        let (path, query) = rest.split_once('?').unwrap_or((&rest, ""));
        let path = format!("/{}", path.trim_start_matches('/').trim_end_matches('/'));
        let pairs = QUERY_PAIR
            .captures_iter(query)
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect();
        (base, path, pairs)
    }

    fn formats(&mut self, text: &str, line: u32) -> Vec<Format> {
        let list = text.split(" (ex.").next().unwrap_or(text);
        let mut out = Vec::new();
        for name in list.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            match format_of(name) {
                Some((media, q)) => out.push(Format {
                    name: name.to_string(),
                    media_type: media.to_string(),
                    query_value: Some(q.to_string()),
                }),
                None => self.problems.warn(
                    line,
                    format!("format `{name}` is not known; it is left out"),
                ),
            }
        }
        out
    }

    fn path_parameters(&mut self, op: &mut Operation, path: &str, uri_line: u32) {
        let rows = self.h.uri_params.clone();
        for c in PLACEHOLDER.captures_iter(path) {
            let name = c[1].to_string();
            let param = match rows.iter().find(|r| r.name == name) {
                Some(row) => {
                    let (ty, constraints) = match &row.type_phrase {
                        Some(phrase) => self.type_phrase(phrase, row.line, &name),
                        None => (TypeRef::string(), Constraints::default()),
                    };
                    let mut p = Parameter::new(name.clone(), ParamLocation::Path, ty);
                    p.constraints = constraints;
                    p.description =
                        (!row.description.is_empty()).then(|| row.description.join("\n"));
                    p
                }
                None => {
                    self.problems.warn(
                        uri_line,
                        format!(
                            "path parameter `{{{name}}}` is not documented; it is read as a string"
                        ),
                    );
                    Parameter::new(name.clone(), ParamLocation::Path, TypeRef::string())
                }
            };
            op.parameters.push(param);
        }
        for r in &rows {
            if !op.parameters.iter().any(|p| p.name == r.name) {
                self.problems.warn(
                    r.line,
                    format!(
                        "URI parameter `{{{}}}` does not occur in the path; it is left out",
                        r.name
                    ),
                );
            }
        }
    }

    /// `Integer, minimum 100000, default 100000`, `String, regular expression: R`.
    fn type_phrase(&mut self, phrase: &str, line: u32, name: &str) -> (TypeRef, Constraints) {
        let phrase = phrase.trim();
        let (word, mut rest) = match phrase.find([',', ' ']) {
            Some(i) => (&phrase[..i], &phrase[i..]),
            None => (phrase, ""),
        };
        let prim = primitive(word).unwrap_or_else(|| {
            self.problems.warn(
                line,
                format!("type `{word}` of `{name}` is not known; it is read as a string"),
            );
            Primitive::String
        });
        let mut c = Constraints::default();
        loop {
            rest = rest.trim_start_matches([',', ' ']);
            if rest.is_empty() {
                break;
            }
            if let Some(r) = rest.strip_prefix("regular expression:") {
                c.pattern = Some(r.strip_prefix(' ').unwrap_or(r).to_string());
                break;
            }
            let (item, tail) = rest.split_once(',').unwrap_or((rest, ""));
            let item = item.trim();
            let (key, value) = item.split_once(' ').unwrap_or((item, ""));
            let value = value.trim();
            match key {
                "minimum" | "maximum" => match Number::parse(value) {
                    Some(n) if key == "minimum" => c.minimum = Some(Bound::inclusive(n)),
                    Some(n) => c.maximum = Some(Bound::inclusive(n)),
                    None => c.notes.push(item.to_string()),
                },
                "default" => c.default = Some(value.to_string()),
                "optional" => {}
                _ => {
                    self.problems.warn(
                        line,
                        format!("constraint `{item}` of `{name}` is not understood; it is kept as a note"),
                    );
                    c.notes.push(item.to_string());
                }
            }
            rest = tail;
        }
        (TypeRef::primitive(prim), c)
    }

    fn query_parameters(
        &mut self,
        op: &mut Operation,
        pairs: &[(String, String)],
        uri_line: u32,
    ) -> Vec<AuthScheme> {
        let mut auth = Vec::new();
        let rows = match self.section(Section::Query).cloned() {
            Some((_, _, l)) => {
                let cut = self.is_last_section(Section::Query);
                query::query_rows(&l, cut, &mut self.problems)
            }
            None => Vec::new(),
        };
        let mut seen: std::collections::BTreeSet<String> =
            op.parameters.iter().map(|p| p.name.clone()).collect();
        for r in &rows {
            if !seen.insert(r.name.clone()) {
                self.problems.warn(
                    r.line,
                    format!(
                        "query parameter `{}` is documented twice; the first is kept",
                        r.name
                    ),
                );
                continue;
            }
            let p = self.query_param(r);
            if r.name == "$access_token" {
                auth.push(AuthScheme {
                    id: "access_token".into(),
                    kind: AuthKind::BearerToken {
                        query_parameter: Some("$access_token".into()),
                    },
                    description: p.description.clone(),
                });
            }
            op.parameters.push(p);
        }
        for (key, placeholder) in pairs {
            if !op.parameters.iter().any(|p| &p.name == key) {
                self.problems.note(
                    uri_line,
                    format!("query parameter `{key}` (placeholder `{{{placeholder}}}`) appears only in the URI; it is read as a string"),
                );
                op.parameters.push(Parameter::new(
                    key.clone(),
                    ParamLocation::Query,
                    TypeRef::string(),
                ));
            }
        }
        auth
    }

    fn query_param(&mut self, r: &Row) -> Parameter {
        let prim = primitive(&r.ty).unwrap_or_else(|| {
            self.problems.warn(
                r.line,
                format!(
                    "type `{}` of query parameter `{}` is not known; it is read as a string",
                    r.ty, r.name
                ),
            );
            Primitive::String
        });
        let mut p = Parameter::new(
            r.name.clone(),
            ParamLocation::Query,
            TypeRef::primitive(prim),
        );
        p.required = r.qualifier.as_deref() == Some("required");
        if r.maybe_cut {
            self.problems.warn(
                r.line,
                format!(
                    "the page ends in the row of query parameter `{}`; its description is cut off and left out",
                    r.name
                ),
            );
            return p;
        }
        let (desc, c) = self.describe(&r.pieces);
        p.description = desc;
        p.constraints = c;
        p
    }

    /// Splits description pieces into prose and constraints.
    fn describe(&self, pieces: &[String]) -> (Option<String>, Constraints) {
        let mut c = Constraints::default();
        let mut prose = Vec::new();
        for piece in pieces {
            let t = piece.trim();
            if let Some(r) = t.strip_prefix("Regular expression:") {
                c.pattern = Some(r.strip_prefix(' ').unwrap_or(r).to_string());
                continue;
            }
            if t.starts_with(fields_domain()) {
                c.domain_values = true;
                continue;
            }
            let min_max: Vec<_> = MIN_MAX.captures_iter(t).collect();
            if !min_max.is_empty()
                && MIN_MAX
                    .replace_all(t, "")
                    .trim_matches([',', ' ', '.'])
                    .is_empty()
            {
                for m in min_max {
                    let Some(n) = Number::parse(&m[2]) else {
                        continue;
                    };
                    if m[1].eq_ignore_ascii_case("minimum") {
                        c.minimum = Some(Bound::inclusive(n));
                    } else {
                        c.maximum = Some(Bound::inclusive(n));
                    }
                }
                continue;
            }
            if let Some(r) = t.strip_prefix("Format:") {
                if let Some(hint) = r.split_whitespace().next() {
                    c.format_hint = Some(hint.to_string());
                }
            }
            if let Some(i) = t.find("Accepted values are") {
                c.allowed_values = QUOTED
                    .captures_iter(&t[i..])
                    .map(|m| m[1].to_string())
                    .collect();
            }
            if let Some(m) = DEFAULT_IS.captures(t) {
                c.default = Some(m[1].trim_matches('"').to_string());
            }
            prose.push(t.to_string());
        }
        ((!prose.is_empty()).then(|| prose.join("\n")), c)
    }

    fn row_field(&mut self, r: &Row) -> Field {
        let prim = primitive(&r.ty).unwrap_or(Primitive::String);
        let mut f = Field::new(r.name.clone(), TypeRef::primitive(prim));
        let (desc, c) = self.describe(&r.pieces);
        f.description = desc;
        f.constraints = c;
        f
    }

    /// Reads a body section; `None` when it shows no fields.
    fn body(
        &mut self,
        lines: &[Ln],
        section_line: u32,
        last_section: bool,
        scope: &Scope,
        media: &[MediaType],
        path: &str,
    ) -> Option<Body> {
        let body_lines: Vec<(String, u32)> = lines
            .iter()
            .filter(|l| !is_line_number(&l.text))
            .map(|l| (strip_line_number(&l.text).to_string(), l.line))
            .collect();
        if body_lines.is_empty() {
            return None;
        }
        let tree = fields::parse_body(&body_lines, last_section);
        for p in &tree.problems {
            self.problems.warn(p.line, p.message.clone());
        }
        for p in &tree.notes {
            self.problems.note(p.line, p.message.clone());
        }
        if last_section {
            let end = body_lines.last().map_or(section_line, |l| l.1);
            self.problems.warn(
                end,
                format!("the page ends inside the body (line {end}); only what is complete before the cut is kept"),
            );
        }
        if tree.top.is_empty() {
            return None;
        }
        let mut reg = TypeReg {
            scope: scope.clone(),
            local: BTreeMap::new(),
            builder: self,
        };
        let single_root = tree.top.len() == 1 && !matches!(tree.top[0].kind, Kind::Leaf(_));
        let root = if single_root {
            tree.top[0].clone()
        } else {
            // Every RamBase body has a root element; rendering A drops it when it has no
            // tooltip. Its name is taken from the path.
            let name = fallback_root_name(path);
            reg.builder.problems.warn(
                tree.top[0].line,
                format!("the body's root element is not shown on the page; it is taken to be `{name}` (from the path)"),
            );
            Node {
                name,
                key: None,
                tip: None,
                kind: Kind::Object(tree.top.clone()),
                line: tree.top[0].line,
                inferred_name: true,
            }
        };
        let ty = match &root.kind {
            Kind::List(item) => reg.list_type(&root, item.as_deref(), None),
            _ => reg.object_type(&root, None),
        };
        let tip = root.tip.clone();
        Some(Body {
            ty,
            // Request bodies: required unless the root says it is optional.
            required: scope.role == Role::Request && tip.as_ref().is_none_or(|t| !t.optional),
            description: tip.as_ref().and_then(Tip::description_text),
            json_wrapper: Some(root.key.clone().unwrap_or_else(|| json_key_of(&root.name))),
            xml_root: Some(XmlName {
                name: root.name.clone(),
                namespace: None,
            }),
            media_types: media.to_vec(),
        })
    }
}

fn fields_domain() -> &'static str {
    "Applicable domain values can be found here"
}

fn is_line_number(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// A code line with its line number glued in front (`3\u{a0}\u{a0}<GroupId`, `7}`): the code.
/// Only numbers followed by code (a tag, brace, bracket or quote) are taken off, so a
/// description starting with a number stays whole.
fn strip_line_number(t: &str) -> &str {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return t;
    }
    let rest = t[digits..].trim_start();
    if rest.starts_with(['<', '{', '}', '[', ']', '"']) {
        rest
    } else {
        t
    }
}

/// Media types a body travels as: the formats other than HTML.
fn body_media(formats: &[Format]) -> Vec<MediaType> {
    formats
        .iter()
        .filter(|f| f.media_type != "text/html")
        .map(|f| MediaType::new(f.media_type.clone()))
        .collect()
}

/// Name of a body type whose root element the page does not show: the last literal path
/// segment, Pascal-cased and singular.
fn fallback_root_name(path: &str) -> String {
    let seg = path
        .split('/')
        .rev()
        .find(|s| !s.is_empty() && !s.starts_with('{') && !s.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or("Body");
    let pascal: String = seg
        .split(['-', '_', '.'])
        .filter(|w| !w.is_empty())
        .map(fields::xml_name_of)
        .collect();
    fields::singular(&pascal)
}

struct TypeReg<'b, 'a> {
    scope: Scope,
    /// Local names given so far: name -> kinds registered under it.
    local: BTreeMap<String, TypeKind>,
    builder: &'b mut Builder<'a>,
}

impl TypeReg<'_, '_> {
    fn object_type(&mut self, node: &Node, parent: Option<&str>) -> TypeRef {
        let children = match &node.kind {
            Kind::Object(c) => c.clone(),
            _ => Vec::new(),
        };
        let fields: Vec<Field> = children.iter().map(|c| self.field(c, &node.name)).collect();
        let kind = TypeKind::Object { fields };
        let mut local = node.name.clone();
        let taken = |reg: &Self, n: &str| reg.local.get(n).is_some_and(|k| *k != kind);
        if taken(self, &local) {
            if let Some(p) = parent {
                local = format!("{p}{}", node.name);
            }
            let base = local.clone();
            let mut n = 2;
            while taken(self, &local) {
                local = format!("{base}{n}");
                n += 1;
            }
        }
        self.local.insert(local.clone(), kind.clone());
        let id = ProvisionalId {
            local,
            scope: self.scope.clone(),
            rendering_a: self.builder.rendering_a,
        }
        .type_id();
        let mut ty = NamedType::new(id.as_str(), kind);
        ty.xml = Some(XmlName {
            name: node.name.clone(),
            namespace: None,
        });
        let mut prov = self.builder.provenance(node.line);
        if node.inferred_name {
            prov.note = Some(format!(
                "element name `{}` is not shown on the page; it is inferred",
                node.name
            ));
        }
        ty.provenance.push(prov);
        let reference = TypeRef::Named { id: id.clone() };
        self.builder.types.insert(id, ty);
        reference
    }

    fn list_type(&mut self, node: &Node, item: Option<&Node>, parent: Option<&str>) -> TypeRef {
        match item {
            Some(item) => match &item.kind {
                Kind::Leaf(word) => TypeRef::array(self.leaf_type(word, item.line, &node.name)),
                _ => TypeRef::array(self.object_type(item, parent)),
            },
            None => {
                self.builder.problems.warn(
                    node.line,
                    format!(
                        "the items of list `{}` are not shown; they are read as strings",
                        node.name
                    ),
                );
                TypeRef::array(TypeRef::string())
            }
        }
    }

    fn leaf_type(&mut self, word: &str, line: u32, name: &str) -> TypeRef {
        match primitive(word) {
            Some(p) => TypeRef::primitive(p),
            None => {
                self.builder.problems.warn(
                    line,
                    format!(
                        "type `{{{word}}}` of field `{name}` is not known; it is read as a string"
                    ),
                );
                TypeRef::string()
            }
        }
    }

    fn field(&mut self, node: &Node, parent: &str) -> Field {
        let ty = match &node.kind {
            Kind::Leaf(word) => self.leaf_type(word, node.line, &node.name),
            Kind::Object(_) => self.object_type(node, Some(parent)),
            Kind::List(item) => self.list_type(node, item.as_deref(), Some(parent)),
        };
        let mut f = Field::new(node.name.clone(), ty);
        let key = node.key.clone().unwrap_or_else(|| json_key_of(&node.name));
        if key != node.name {
            f.json_name = Some(key);
        }
        if let Some(tip) = &node.tip {
            f.description = tip.description_text();
            f.required = tip.required;
            let is_string = f.ty.as_primitive() == Some(Primitive::String);
            let mut c = Constraints {
                domain_values: tip.domain_values,
                pattern: tip.pattern.clone(),
                default: tip.default.clone(),
                ..Constraints::default()
            };
            for (value, is_min) in [(&tip.min, true), (&tip.max, false)] {
                let Some(v) = value else { continue };
                if is_string {
                    match v.parse::<u64>() {
                        Ok(n) if is_min => c.min_length = Some(n),
                        Ok(n) => c.max_length = Some(n),
                        Err(_) => c.notes.push(format!(
                            "{} value: {v}",
                            if is_min { "Minimum" } else { "Maximum" }
                        )),
                    }
                } else {
                    match Number::parse(v) {
                        Some(n) if is_min => c.minimum = Some(Bound::inclusive(n)),
                        Some(n) => c.maximum = Some(Bound::inclusive(n)),
                        None => c.notes.push(format!(
                            "{} value: {v}",
                            if is_min { "Minimum" } else { "Maximum" }
                        )),
                    }
                }
            }
            f.constraints = c;
            if tip.expandable && self.scope.role == Role::Response {
                self.builder.expandable.push(f.clone());
            }
        }
        f
    }
}
