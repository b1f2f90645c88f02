//! The preamble (domain label, method and path, summary) and the header table (method, URI,
//! formats, URI parameters, page size, custom fields, status, resource identifier), in the
//! pipe form of rendering A (`HTTP method | PUT |`, also with a leading pipe), the bare form of
//! rendering B (`HTTP method PUT`) and the old layout (`Success HTTP Status Code: 200`,
//! `Uri parameters`, `{userId} Integer User identifier`).

use super::lines::Ln;
use crate::diag::PageDiagnostics;

/// A URI parameter row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct UriParam {
    pub name: String,
    pub description: Vec<String>,
    /// The type phrase (`Integer, minimum 100000`), when complete.
    pub type_phrase: Option<String>,
    pub line: u32,
}

/// What the preamble and header say.
#[derive(Debug, Clone, Default)]
pub(crate) struct Header {
    pub group: Option<String>,
    /// Label of the tagview pages (`RamBase REST APIs`).
    pub generic_label: bool,
    pub summary: Option<(String, u32)>,
    pub extra_description: Vec<String>,
    pub api_operation: bool,
    /// `<VERB> <path>` line of renderings B and old.
    pub verb_line: Option<(String, String, u32)>,
    pub method: Option<(String, u32)>,
    pub uri: Option<(String, u32)>,
    pub formats: Option<(String, u32)>,
    pub uri_params: Vec<UriParam>,
    pub max_page_size: Option<(u64, u32)>,
    pub custom_fields: bool,
    pub status: Option<(u16, u32)>,
    pub resource: Option<(u64, u32, u32)>,
    /// Old layout `Version: N`.
    pub old_version: Option<(u32, u32)>,
    /// First line of the page content.
    pub first_line: Option<u32>,
}

const API_OPERATION: &str = "This is an API operation.";
const API_OPERATION_TAIL: &str =
    "Read the documentation pages for more information about API operations.";

const METHODS: [&str; 7] = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS"];

/// The cells of a pipe row: `a | b |`, `| a | b |` -> `[a, b]`. A row without pipes is one
/// cell. Only ` | ` separates cells, so pipes inside values (`GET|PUT`) survive.
pub(crate) fn cells(text: &str) -> (Vec<String>, bool) {
    let t = text.trim();
    let t = t
        .strip_prefix("| ")
        .or_else(|| t.strip_prefix('|'))
        .unwrap_or(t);
    let closed = t.ends_with(" |") || t == "|";
    let t = if closed {
        t[..t.len() - 1].trim_end()
    } else {
        t
    };
    (
        t.split(" | ").map(|c| c.trim().to_string()).collect(),
        closed,
    )
}

/// A `<VERB> <path>` line.
pub(crate) fn verb_line(text: &str) -> Option<(String, String)> {
    let (verb, path) = text.split_once(' ')?;
    let path = path.trim();
    (METHODS.contains(&verb)
        && !path.is_empty()
        && !path.contains(' ')
        && !path.starts_with("http"))
    .then(|| (verb.to_string(), path.to_string()))
}

/// Whether a line is a header row with its value (it ends the preamble and URI-parameter
/// descriptions; `API resource identifier` alone is a description, not a row).
pub(crate) fn is_header_start(text: &str) -> bool {
    let (c, _) = cells(text);
    let first = c.first().map(String::as_str).unwrap_or("");
    let value = |label: &str| -> Option<String> {
        if c.len() >= 2 && c[0] == label {
            Some(c[1].clone())
        } else {
            first
                .strip_prefix(label)
                .filter(|r| r.starts_with(' '))
                .map(|r| r.trim().to_string())
        }
    };
    let digits = |v: &str| v.bytes().next().is_some_and(|b| b.is_ascii_digit());
    first.starts_with("Note: Log in")
        || first.starts_with("Success HTTP Status Code:")
        || value("HTTP method").is_some_and(|v| METHODS.contains(&v.as_str()))
        || value("URI").is_some_and(|v| v.contains('/'))
        || value("Supported formats").is_some_and(|v| !v.is_empty())
        || value("Successful HTTP status code").is_some_and(|v| digits(&v))
        || value("API resource identifier").is_some_and(|v| digits(&v))
}

/// Reads the preamble lines.
pub(crate) fn preamble(lines: &[Ln], h: &mut Header, problems: &mut PageDiagnostics) {
    // Saved HTML starts with the site's navigation; the page proper starts at the domain label
    // (the last one before the header), or else at the `<VERB> <path>` title.
    let start = lines
        .iter()
        .rposition(|l| is_domain_label(&l.text))
        .or_else(|| lines.iter().position(|l| verb_line(&l.text).is_some()))
        .unwrap_or(0);
    let start = if start > 0 && lines[start - 1].text == "API" {
        start - 1
    } else {
        start
    };
    if start > 0 {
        problems.note(
            lines[0].line,
            format!(
                "{} line(s) before the page title (lines {}-{}) are read as site navigation and skipped",
                start,
                lines[0].line,
                lines[start - 1].line
            ),
        );
    }
    for l in &lines[start..] {
        let t = l.text.as_str();
        h.first_line.get_or_insert(l.line);
        if t == "API" {
            continue;
        }
        if let Some(label) = t.strip_suffix(" APIs") {
            if h.group.is_none() && h.summary.is_none() {
                if label == "RamBase REST" {
                    h.generic_label = true;
                } else {
                    h.group = Some(label.trim().to_string());
                }
                continue;
            }
        }
        if let Some((verb, path)) = verb_line(t) {
            if h.verb_line.is_none() {
                h.verb_line = Some((verb, path, l.line));
                continue;
            }
        }
        let mut text = t;
        if let Some(i) = text.find(API_OPERATION) {
            h.api_operation = true;
            let tail = text[i + API_OPERATION.len()..].trim();
            if !tail.is_empty() && !API_OPERATION_TAIL.starts_with(tail) {
                problems.warn(
                    l.line,
                    format!("text after the API-operation note is not understood: `{tail}`"),
                );
            }
            text = text[..i].trim();
            if text.is_empty() {
                continue;
            }
        }
        if h.summary.is_none() {
            h.summary = Some((text.to_string(), l.line));
        } else {
            h.extra_description.push(text.to_string());
        }
    }
}

/// `Collaboration APIs`, `RamBase REST APIs`.
fn is_domain_label(text: &str) -> bool {
    text.strip_suffix(" APIs").is_some_and(|l| {
        !l.is_empty() && l.len() < 40 && l.chars().all(|c| c.is_alphanumeric() || c == ' ')
    })
}

/// Reads one header row; returns false when the line is not a header row.
pub(crate) fn header_row(
    lines: &[Ln],
    i: &mut usize,
    h: &mut Header,
    problems: &mut PageDiagnostics,
) -> bool {
    let l = &lines[*i];
    let t = l.text.as_str();
    let (c, closed) = cells(t);
    let first = c[0].as_str();
    let value = |label: &str| -> Option<String> {
        if c.len() >= 2 && c[0] == label {
            Some(c[1..].join(" | "))
        } else {
            first
                .strip_prefix(label)
                .filter(|r| r.starts_with(' '))
                .map(|r| r.trim().to_string())
        }
    };
    // Old layout `Label: value`, also as a table row `Label: | value |`.
    let colon_value = |label: &str| -> Option<String> {
        let rest = first.strip_prefix(label)?.trim();
        Some(if rest.is_empty() && c.len() >= 2 {
            c[1].clone()
        } else {
            rest.to_string()
        })
    };
    let last_line = *i + 1 == lines.len();
    // A pipe row that does not end with its pipe on the last line of the page is cut off.
    let cut = last_line && t.contains(" | ") && !closed;
    if first.starts_with("Note: Log in") || first.starts_with("Uri parameters") {
        *i += 1;
        return true;
    }
    if let Some(v) = value("HTTP method") {
        if !cut {
            h.method = Some((v, l.line));
        }
    } else if let Some(v) = value("URI") {
        if cut {
            problems.warn(l.line, "the URI is cut off; it is not used");
        } else {
            h.uri = Some((v, l.line));
        }
    } else if let Some(v) = value("Supported formats") {
        if cut {
            problems.warn(
                l.line,
                "the supported formats are cut off; they are not used",
            );
        } else {
            h.formats = Some((v, l.line));
        }
    } else if let Some(v) = value("Maximum page size ($top)") {
        match v.parse() {
            Ok(n) if !cut => h.max_page_size = Some((n, l.line)),
            _ => problems.warn(l.line, format!("maximum page size `{v}` is not a number")),
        }
    } else if let Some(v) = value("Custom fields") {
        if v.starts_with("Custom fields supported") {
            h.custom_fields = true;
        } else {
            problems.warn(l.line, format!("custom fields row `{v}` is not understood"));
        }
    } else if let Some(v) =
        value("Successful HTTP status code").or_else(|| colon_value("Success HTTP Status Code:"))
    {
        match v.parse::<u16>() {
            Ok(n) if (100..600).contains(&n) && !(cut || (last_line && v.len() < 3)) => {
                h.status = Some((n, l.line))
            }
            _ => problems.warn(l.line, format!("status code `{v}` is not understood")),
        }
    } else if let Some(v) = value("API resource identifier") {
        match parse_resource(&v) {
            Some((id, version)) if !cut => h.resource = Some((id, version, l.line)),
            _ => problems.warn(
                l.line,
                format!("API resource identifier `{v}` is not understood or cut off"),
            ),
        }
    } else if let Some(v) = colon_value("Version:") {
        match v.trim().parse() {
            Ok(n) => h.old_version = Some((n, l.line)),
            Err(_) => problems.warn(l.line, format!("version `{}` is not a number", v.trim())),
        }
    } else if let Some(rest) = first.strip_prefix("- URI parameter ") {
        uri_param_new(lines, i, rest, &c[1..], h, problems);
        return true;
    } else if first.starts_with('{') && old_uri_param(l, h) {
    } else {
        return false;
    }
    *i += 1;
    true
}

fn parse_resource(v: &str) -> Option<(u64, u32)> {
    let (id, version) = v.split_once(',')?;
    let version = version.trim().strip_prefix("version")?.trim();
    Some((id.trim().parse().ok()?, version.parse().ok()?))
}

/// The primitive type names a type phrase may start with.
pub(crate) const TYPE_WORDS: &[&str] = &[
    "String", "Integer", "Long", "Decimal", "Boolean", "Date", "Datetime", "DateTime", "Time",
];

/// Whether a line is a type phrase (`Integer, minimum 1`, `String, regular expression: R`).
fn is_type_phrase(text: &str) -> bool {
    let word = text.split([',', ' ']).next().unwrap_or("");
    TYPE_WORDS.contains(&word)
}

/// `- URI parameter {id} |` ⏎ description ⏎ `Integer, minimum 1 |` (A), or
/// `- URI parameter {id} description` ⏎ `Integer, minimum 1` (B).
fn uri_param_new(
    lines: &[Ln],
    i: &mut usize,
    rest: &str,
    more_cells: &[String],
    h: &mut Header,
    problems: &mut PageDiagnostics,
) {
    let line = lines[*i].line;
    let rest = rest.trim();
    let (name, after) = match rest.strip_prefix('{').and_then(|r| r.split_once('}')) {
        Some((n, a)) => (n.trim().to_string(), a.trim()),
        None => {
            problems.warn(
                line,
                format!("URI parameter row `{rest}` is not understood"),
            );
            *i += 1;
            return;
        }
    };
    let mut p = UriParam {
        name,
        line,
        ..UriParam::default()
    };
    let mut pieces: Vec<String> = Vec::new();
    if !after.is_empty() {
        pieces.push(after.to_string());
    }
    pieces.extend(more_cells.iter().filter(|c| !c.is_empty()).cloned());
    *i += 1;
    let mut found_type = false;
    // Description lines, then the type phrase.
    let mut k = *i;
    while k < lines.len() && k < *i + 12 {
        let t = lines[k].text.as_str();
        if is_header_start(t)
            || t.starts_with("- URI parameter")
            || t.starts_with("Maximum page size")
            || t.starts_with("Custom fields")
            || super::lines::section_start(t).is_some()
        {
            break;
        }
        let (c, cell_closed) = cells(t);
        let text = c.join(" | ");
        if is_type_phrase(&text) {
            let complete = cell_closed || k + 1 < lines.len();
            if complete {
                p.type_phrase = Some(text);
            } else {
                problems.warn(
                    lines[k].line,
                    format!(
                        "the type of URI parameter `{}` is cut off (`{text}`); it is not used",
                        p.name
                    ),
                );
            }
            found_type = true;
            k += 1;
            break;
        }
        pieces.push(text);
        k += 1;
    }
    if !found_type {
        problems.warn(line, format!("URI parameter `{}` has no type line", p.name));
    }
    *i = k;
    p.description = pieces;
    h.uri_params.push(p);
}

/// Old layout: `{userId} Integer User identifier`.
fn old_uri_param(l: &Ln, h: &mut Header) -> bool {
    let text = cells(&l.text).0.join(" ");
    let Some((name, rest)) = text.strip_prefix('{').and_then(|r| r.split_once('}')) else {
        return false;
    };
    let rest = rest.trim();
    let (ty, desc) = rest.split_once(' ').unwrap_or((rest, ""));
    if !TYPE_WORDS.contains(&ty) {
        return false;
    }
    h.uri_params.push(UriParam {
        name: name.trim().to_string(),
        description: if desc.trim().is_empty() {
            Vec::new()
        } else {
            vec![desc.trim().to_string()]
        },
        type_phrase: Some(ty.to_string()),
        line: l.line,
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_pipes_inside_values() {
        assert_eq!(
            cells("| HTTP method | POST |"),
            (vec!["HTTP method".to_string(), "POST".to_string()], true)
        );
        assert_eq!(
            cells("x String, optional | ^(GET|PUT)$ |").0,
            ["x String, optional", "^(GET|PUT)$"]
        );
        assert_eq!(
            cells("HTTP method PUT"),
            (vec!["HTTP method PUT".to_string()], false)
        );
    }

    #[test]
    fn verb_lines() {
        assert_eq!(
            verb_line("GET sales/orders/{id}"),
            Some(("GET".into(), "sales/orders/{id}".into()))
        );
        assert_eq!(verb_line("GET the thing done"), None);
    }
}
