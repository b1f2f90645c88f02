//! Query parameters (`$name Type, optional | description |` in A, with or without a leading
//! pipe; `$name Type, optional description` in B and the old layout; resource-specific ones
//! such as `fromPeriod Integer, optional` with constraint lines), named filters, filter fields,
//! sortable fields, available operations and error codes.
//!
//! No capture in the format notes reached the filter, sortable and operation lists, so their
//! row forms are modelled on the SDK metadata they render (`FilterField{Name, Datatype,
//! Description}`, `NamedFilter`, `SortableField`) in the same cell conventions as the query
//! rows: `Name() Named filter | description |`, `Name Type | description |`,
//! `Name | description |` and `name | METHOD path |`. Any other line is reported.

use super::header::cells;
use super::lines::Ln;
use crate::diag::PageDiagnostics;
use regex::Regex;
use std::sync::LazyLock;

static ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\$?[\p{XID_Start}_][\p{XID_Continue}.\-]*) (String|Integer|Long|Decimal|Boolean|Datetime|DateTime|Date|Time)\b(?:, (optional|required)\b)?(.*)$",
    )
    .expect("valid regex")
});
/// A row whose type word is not one of RamBase's documented types (`$x Guid, optional`).
static ROW_OTHER_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\$?[\p{XID_Start}_][\p{XID_Continue}.\-]*) ([A-Z][A-Za-z0-9]*), (optional|required)\b(.*)$")
        .expect("valid regex")
});
static NAMED_FILTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\p{XID_Start}_][\p{XID_Continue}]*)\(\)\s*(?:\|\s*)?Named filter\b(.*)$")
        .expect("valid regex")
});
static FILTER_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([\p{XID_Start}_][\p{XID_Continue}.]*) (String|Integer|Long|Decimal|Boolean|Datetime|DateTime|Date|Time)\b(.*)$",
    )
    .expect("valid regex")
});
static SORTABLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\p{XID_Start}_][\p{XID_Continue}.]*)\b(.*)$").expect("valid regex")
});
static ERROR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Error (\d+) HTTP (\d{3})\b(.*)$").expect("valid regex"));
static OPERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)\s*(?:\|\s*)?\b(GET|PUT|POST|DELETE|PATCH) (\S+)").expect("valid regex")
});

/// A parameter-like row: query parameter, filter field or sortable field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Row {
    pub name: String,
    /// Type word (`String`); empty for sortable fields.
    pub ty: String,
    /// `optional` / `required`, when shown.
    pub qualifier: Option<String>,
    /// Description pieces (cells and continuation lines).
    pub pieces: Vec<String>,
    pub line: u32,
    /// Whether the row's text may be cut off (last line of a cut page).
    pub maybe_cut: bool,
}

/// A named filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    pub name: String,
    pub description: Vec<String>,
    pub line: u32,
}

/// An error-code row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorRow {
    pub code: String,
    pub status: u16,
    pub message: String,
    pub line: u32,
}

/// Splits the text after a row's head into description pieces; returns whether an A row's
/// cell is still open (its closing pipe comes on a later line).
fn rest_pieces(rest: &str) -> (Vec<String>, bool) {
    let r = rest.trim();
    if r.is_empty() {
        return (Vec::new(), false);
    }
    if r.starts_with('|') {
        let (c, closed) = cells(r);
        let pieces: Vec<String> = c.into_iter().filter(|p| !p.is_empty()).collect();
        // `name Type, optional |` alone: the description cell follows on the next lines.
        let open = !closed || (pieces.is_empty() && r == "|");
        return (pieces, open);
    }
    let (c, _) = cells(r);
    (c.into_iter().filter(|p| !p.is_empty()).collect(), false)
}

/// Reads rows of one section with `head` recognising a row start.
fn rows<F>(
    lines: &[Ln],
    page_cut: bool,
    problems: &mut PageDiagnostics,
    what: &str,
    head: F,
) -> Vec<Row>
where
    F: Fn(&str) -> Option<Row>,
{
    let mut out: Vec<Row> = Vec::new();
    // Whether the last row's description cell is open (A) or may continue (B).
    let mut open = false;
    let mut continues = false;
    for (k, l) in lines.iter().enumerate() {
        let last = page_cut && k + 1 == lines.len();
        let t = l
            .text
            .trim_start_matches("| ")
            .trim_start_matches('|')
            .trim();
        if open {
            let (c, closed) = cells(&l.text);
            if let Some(row) = out.last_mut() {
                row.pieces.extend(c.into_iter().filter(|p| !p.is_empty()));
                if last && !closed {
                    row.maybe_cut = true;
                }
            }
            open = !closed;
            continue;
        }
        if let Some(mut row) = head(t) {
            row.line = l.line;
            // A row is `head | desc |`: cells of the whole line.
            let (pieces, is_open) = rest_pieces(&row.pieces.concat());
            row.pieces = pieces;
            open = is_open;
            continues = !l.text.contains(" |");
            if last && is_open {
                row.maybe_cut = true;
            }
            out.push(row);
            continue;
        }
        if continues {
            if let Some(row) = out.last_mut() {
                row.pieces.push(t.to_string());
                continue;
            }
        }
        problems.warn(l.line, format!("{what} line not understood: `{t}`"));
    }
    out
}

/// Query parameter rows.
pub(crate) fn query_rows(lines: &[Ln], page_cut: bool, problems: &mut PageDiagnostics) -> Vec<Row> {
    rows(lines, page_cut, problems, "query parameter", |t| {
        let c = ROW.captures(t).or_else(|| ROW_OTHER_TYPE.captures(t))?;
        let rest = c.get(4).map_or("", |m| m.as_str());
        // `$lang String, optio`: the qualifier is cut off.
        let cut_qualifier = c.get(3).is_none() && rest.starts_with(',') && !rest.contains('|');
        Some(Row {
            name: c[1].to_string(),
            ty: c[2].to_string(),
            qualifier: c.get(3).map(|m| m.as_str().to_string()),
            pieces: if cut_qualifier {
                Vec::new()
            } else {
                vec![rest.to_string()]
            },
            line: 0,
            maybe_cut: cut_qualifier,
        })
    })
}

/// Named filters and filter fields.
pub(crate) fn filter_rows(
    lines: &[Ln],
    page_cut: bool,
    problems: &mut PageDiagnostics,
) -> (Vec<Filter>, Vec<Row>) {
    let all = rows(lines, page_cut, problems, "filter", |t| {
        if let Some(c) = NAMED_FILTER.captures(t) {
            return Some(Row {
                name: format!("{}()", &c[1]),
                ty: String::new(),
                qualifier: None,
                pieces: vec![c[2].to_string()],
                line: 0,
                maybe_cut: false,
            });
        }
        let c = FILTER_FIELD.captures(t)?;
        Some(Row {
            name: c[1].to_string(),
            ty: c[2].to_string(),
            qualifier: None,
            pieces: vec![c[3].to_string()],
            line: 0,
            maybe_cut: false,
        })
    });
    let mut filters = Vec::new();
    let mut fields = Vec::new();
    for r in all {
        match r.name.strip_suffix("()") {
            Some(n) => filters.push(Filter {
                name: n.to_string(),
                description: r.pieces,
                line: r.line,
            }),
            None => fields.push(r),
        }
    }
    (filters, fields)
}

/// Sortable fields.
pub(crate) fn sortable_rows(
    lines: &[Ln],
    page_cut: bool,
    problems: &mut PageDiagnostics,
) -> Vec<Row> {
    rows(lines, page_cut, problems, "sortable field", |t| {
        let c = SORTABLE.captures(t)?;
        let rest = &c[2];
        // A field name is one word followed by a cell or a description.
        if !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        Some(Row {
            name: c[1].to_string(),
            ty: String::new(),
            qualifier: None,
            pieces: vec![rest.to_string()],
            line: 0,
            maybe_cut: false,
        })
    })
}

/// Available operations: `name | METHOD path |` rows.
pub(crate) fn operation_rows(lines: &[Ln], problems: &mut PageDiagnostics) -> Vec<String> {
    let mut out = Vec::new();
    for l in lines {
        let (c, _) = cells(&l.text);
        let joined = c.join(" ");
        match OPERATION.captures(&joined) {
            Some(m) => {
                let name = m[1].trim().trim_end_matches('|').trim();
                let path = m[3].trim_start_matches('/');
                let path = path
                    .split_once("://")
                    .map_or(path, |(_, r)| r.split_once('/').map_or("", |(_, p)| p));
                let op = format!("{} /{}", &m[2], path);
                out.push(if name.is_empty() {
                    op
                } else {
                    format!("{name} ({op})")
                });
            }
            None => problems.warn(
                l.line,
                format!("available-operation line not understood: `{}`", l.text),
            ),
        }
    }
    out
}

/// Error-code rows.
pub(crate) fn error_rows(
    lines: &[Ln],
    page_cut: bool,
    problems: &mut PageDiagnostics,
) -> Vec<ErrorRow> {
    let mut out = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        let last = page_cut && k + 1 == lines.len();
        let t = l.text.trim_start_matches("| ").trim();
        let Some(c) = ERROR.captures(t) else {
            problems.warn(l.line, format!("error-code line not understood: `{t}`"));
            continue;
        };
        let rest = c[3].trim();
        let (cells_, closed) = cells(rest);
        let message = cells_.join(" | ");
        let piped = rest.starts_with('|');
        if last && ((piped && !closed) || message.is_empty()) {
            problems.warn(
                l.line,
                format!("error {} is cut off; it is left out", &c[1]),
            );
            continue;
        }
        let Ok(status) = c[2].parse::<u16>() else {
            continue;
        };
        out.push(ErrorRow {
            code: c[1].to_string(),
            status,
            message,
            line: l.line,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ln(v: &[&str]) -> Vec<Ln> {
        v.iter()
            .enumerate()
            .map(|(i, t)| Ln {
                text: t.to_string(),
                line: i as u32 + 1,
            })
            .collect()
    }

    #[test]
    fn reads_a_b_and_multiline_rows() {
        let mut p = PageDiagnostics::new("x");
        let rows = query_rows(
            &ln(&[
                "| $db String, optional | Set the database |",
                "fromPeriod Integer, optional |",
                "Format: YYYYMM - default current",
                "Minimum: 190000, Maximum: 299999 |",
            ]),
            false,
            &mut p,
        );
        assert!(p.is_empty(), "{:?}", p.listed());
        assert_eq!(rows[0].name, "$db");
        assert_eq!(rows[0].pieces, ["Set the database"]);
        assert_eq!(rows[1].name, "fromPeriod");
        assert_eq!(
            rows[1].pieces,
            [
                "Format: YYYYMM - default current",
                "Minimum: 190000, Maximum: 299999"
            ]
        );
        let rows = query_rows(
            &ln(&[
                "quoteCurrency String, optional Currency code",
                "Regular expression: ^[A-Z]{3}$",
                "$lang String, optio",
            ]),
            true,
            &mut p,
        );
        assert_eq!(
            rows[0].pieces,
            ["Currency code", "Regular expression: ^[A-Z]{3}$"]
        );
        assert!(rows[1].maybe_cut);
    }
}
