//! Reading the two plain-text renderings of Help Pages into [`Block`]s.
//!
//! 1. Blank-line separated (a browser's copy, like the seed): every non-empty cell is a line,
//!    table headers collapse to `NameDescriptionTypeAdditional information`, empty cells vanish.
//! 2. Pipe/markdown-like: cells separated by ` | `, rows broken irregularly, header rows with
//!    `---|---`, type names glued to the header (`Product| Name |`, `PatchContactsDtoName`),
//!    annotations of one cell joined by spaces.
//!
//! Both lose cell boundaries, so rows are rebuilt from the closed vocabularies: a row is a name,
//! optional description lines, a type phrase and one or more annotation phrases
//! ([`super::annotations`]). Quirks handled before that: simple types glued to the next heading
//! (`booleanResponse Formats`, `IHttpActionResultNone.`), two-line dictionary phrases, home
//! links above the title. Samples are taken from the raw lines, exactly.

use super::annotations;
use super::block::{ApiRow, Block, BlockKind, EnumRow, EnumTable, ParamRow};
use super::types::looks_like_type;
use apiscrape_model::Method;

/// Section headings of API pages (lower case) and their level.
const HEADINGS: &[(&str, u8)] = &[
    ("request information", 2),
    ("response information", 2),
    ("uri parameters", 3),
    ("body parameters", 3),
    ("request formats", 3),
    ("resource description", 3),
    ("response formats", 3),
    ("request body formats", 3),
    ("response body formats", 3),
];

/// Headings that text renderings glue to the preceding cell.
const GLUED: &[&str] = &[
    "Request Information",
    "Response Information",
    "URI Parameters",
    "Body Parameters",
    "Request Formats",
    "Resource Description",
    "Response Formats",
    "None.",
];

const HOME_LINKS: &[&str] = &["help page home", "< home >", "home", "help page", "<home>"];

/// A heading's level when `s` is a known section heading.
pub fn heading_level(s: &str) -> Option<u8> {
    let t = s.trim().trim_end_matches(':').to_lowercase();
    HEADINGS.iter().find(|(h, _)| *h == t).map(|(_, l)| *l)
}

fn is_formats_heading(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    t.ends_with("formats")
}

/// Whether `s` is `METHOD path` (the `h1` of an API page, or an index row).
pub fn is_api_line(s: &str) -> bool {
    split_api_line(s).is_some()
}

/// Splits `METHOD path`.
pub fn split_api_line(s: &str) -> Option<(Method, &str)> {
    let t = s.trim();
    let (m, rest) = t.split_once(char::is_whitespace)?;
    let method = Method::ALL.into_iter().find(|x| x.as_str() == m)?;
    let rest = rest.trim();
    if rest.is_empty() || rest.contains(char::is_whitespace) {
        return None;
    }
    Some((method, rest))
}

/// Whether `s` is a line of media types (`application/json, text/json`).
pub fn is_media_line(s: &str) -> bool {
    let t = s.trim().trim_matches('|').trim();
    !t.is_empty()
        && t.split(',').all(|part| {
            let p = part.trim();
            match p.split_once('/') {
                Some((a, b)) => {
                    !a.is_empty()
                        && !b.is_empty()
                        && a.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                        && b.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "-+._".contains(c))
                }
                None => false,
            }
        })
}

#[derive(Debug, Clone)]
enum Tok {
    Cell(String),
    Media(String),
    Sample(String),
}

/// Reads a text page into blocks.
pub fn read(text: &str) -> Vec<Block> {
    let toks = tokenize(text);
    assemble(&toks)
}

fn split_pipes(line: &str) -> Vec<String> {
    // A pipe separates cells when whitespace or the line's edge is next to it; `(a|b)` in a
    // pattern stays whole.
    if line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '-' | '|' | ':' | ' ' | '\t'))
    {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut cells = Vec::new();
    let mut start = 0;
    for (k, &(i, c)) in chars.iter().enumerate() {
        if c != '|' {
            continue;
        }
        let before = if k == 0 { None } else { Some(chars[k - 1].1) };
        let after = chars.get(k + 1).map(|x| x.1);
        let sep = before.is_none_or(char::is_whitespace) || after.is_none_or(char::is_whitespace);
        if sep {
            cells.push(line[start..i].to_string());
            start = i + 1;
        }
    }
    cells.push(line[start..].to_string());
    cells
        .into_iter()
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty() && !is_rule(c))
        .collect()
}

fn is_rule(c: &str) -> bool {
    let t = c.trim_matches(':');
    t.len() >= 3 && t.chars().all(|x| x == '-')
}

fn clean_cell(c: &str) -> String {
    let t = c.trim();
    let t = if t.starts_with('#') && !t.starts_with("# source:") {
        t.trim_start_matches('#').trim()
    } else {
        t
    };
    t.trim_matches('*').trim().to_string()
}

/// Splits a cell that has a known heading (or `None.`) glued to its end.
fn unglue(cell: &str) -> Vec<String> {
    for h in GLUED {
        if let Some(prefix) = cell.strip_suffix(h) {
            if !prefix.is_empty()
                && !prefix.ends_with(char::is_whitespace)
                && looks_like_type(prefix)
                || prefix.ends_with("[value]")
            {
                let mut out = unglue(prefix.trim_end());
                out.push(h.to_string());
                return out;
            }
        }
    }
    for header in COLLAPSED_PARAM_HEADERS
        .iter()
        .chain(["APIDescription"].iter())
    {
        if let Some(prefix) = cell.strip_suffix(header) {
            if !prefix.is_empty() {
                return vec![prefix.trim().to_string(), header.to_string()];
            }
        }
    }
    vec![cell.to_string()]
}

const COLLAPSED_PARAM_HEADERS: &[&str] = &[
    "NameDescriptionTypeAdditional information",
    "NamnBeskrivningTypInformation",
];

fn tokenize(text: &str) -> Vec<(u32, Tok)> {
    let lines: Vec<(u32, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i as u32 + 1, l.trim_end_matches('\r')))
        .collect();
    let pipe_lines = lines
        .iter()
        .filter(|(_, l)| {
            let t = l.trim();
            t.starts_with('|') || t.ends_with(" |") || t.contains(" | ")
        })
        .count();
    let rule = lines.iter().any(|(_, l)| {
        let t = l.trim();
        t.contains("---") && t.contains('|') && t.chars().all(|c| "-|: ".contains(c))
    });
    let pipe_mode = rule || pipe_lines >= 3;
    let mut toks: Vec<(u32, Tok)> = Vec::new();
    let mut in_formats = false;
    let mut i = 0;
    while i < lines.len() {
        let (no, line) = lines[i];
        let trimmed = line.trim();
        if (i < 5 && (trimmed.starts_with("# source:") || trimmed.starts_with("<!--")))
            || trimmed.is_empty()
        {
            i += 1;
            continue;
        }
        if in_formats && is_media_line(trimmed) {
            toks.push((no, Tok::Media(trimmed.trim_matches('|').trim().to_string())));
            // The sample runs to the next media line or heading.
            let mut j = i + 1;
            while j < lines.len() {
                let t = lines[j].1.trim();
                let t = t.trim_matches('|').trim();
                if is_media_line(t) || heading_level(t).is_some() {
                    break;
                }
                j += 1;
            }
            // The sample starts after blank lines and a `Sample:` label (its line is the
            // first line of the sample itself, so diagnostics inside it can count from it).
            let mut first = i + 1;
            let blank = |k: usize| lines[k].1.trim().is_empty();
            while first < j && blank(first) {
                first += 1;
            }
            if first < j && lines[first].1.trim().trim_matches('|').trim() == "Sample:" {
                first += 1;
            }
            while first < j && blank(first) {
                first += 1;
            }
            let mut body: Vec<&str> = lines[first..j].iter().map(|(_, l)| *l).collect();
            while body.last().is_some_and(|l| l.trim().is_empty()) {
                body.pop();
            }
            let sample_line = lines.get(first).map_or(no, |l| l.0);
            let body = if pipe_mode {
                body.iter()
                    .map(|l| l.trim_end().trim_end_matches('|').trim_end())
                    .collect::<Vec<_>>()
            } else {
                body
            };
            toks.push((sample_line, Tok::Sample(body.join("\n"))));
            i = j;
            continue;
        }
        let cells: Vec<String> = if pipe_mode {
            split_pipes(line)
        } else {
            vec![trimmed.to_string()]
        };
        for c in cells {
            let c = clean_cell(&c);
            if c.is_empty() {
                continue;
            }
            for part in unglue(&c) {
                if heading_level(&part).is_some() {
                    in_formats = is_formats_heading(&part);
                }
                toks.push((no, Tok::Cell(part)));
            }
        }
        i += 1;
    }
    merge_dictionary_lines(toks)
}

/// Joins `Dictionary of K [key]` + `and V [value]` written on two lines.
fn merge_dictionary_lines(toks: Vec<(u32, Tok)>) -> Vec<(u32, Tok)> {
    let mut out: Vec<(u32, Tok)> = Vec::with_capacity(toks.len());
    for (line, tok) in toks {
        if let Tok::Cell(c) = &tok {
            if c.starts_with("and ") && c.ends_with("[value]") {
                if let Some((_, Tok::Cell(prev))) = out.last_mut() {
                    if prev.ends_with("[key]") {
                        prev.push(' ');
                        prev.push_str(c);
                        continue;
                    }
                }
            }
        }
        out.push((line, tok));
    }
    out
}

#[derive(Clone, Copy, PartialEq)]
enum Header {
    Params,
    Enum { values: bool },
    Apis,
}

const H_NAME: &[&str] = &["name", "namn", "naam"];
const H_DESC: &[&str] = &["description", "beskrivning", "beschrijving"];
const H_TYPE: &[&str] = &["type", "typ"];
const H_VALUE: &[&str] = &["value", "värde", "waarde"];
const H_ADD: &[&str] = &[
    "additional information",
    "information",
    "aanvullende informatie",
];

/// Recognises a table header starting at `toks[i]`; returns its kind and length in tokens.
fn header_at(toks: &[(u32, Tok)], i: usize, enum_context: bool) -> Option<(Header, usize)> {
    let cell = |k: usize| match toks.get(k) {
        Some((_, Tok::Cell(c))) => Some(c.as_str()),
        _ => None,
    };
    let c = cell(i)?;
    if COLLAPSED_PARAM_HEADERS.contains(&c) {
        return Some((Header::Params, 1));
    }
    if c == "APIDescription" {
        return Some((Header::Apis, 1));
    }
    if c == "NameValueDescription" {
        return Some((Header::Enum { values: true }, 1));
    }
    if c == "NameDescription" && enum_context {
        return Some((Header::Enum { values: false }, 1));
    }
    let is = |k: usize, words: &[&str]| {
        cell(k).is_some_and(|x| words.contains(&x.to_lowercase().as_str()))
    };
    if cell(i).is_some_and(|x| x == "API") && is(i + 1, H_DESC) {
        return Some((Header::Apis, 2));
    }
    if is(i, H_NAME) {
        if is(i + 1, H_DESC) && is(i + 2, H_TYPE) {
            let len = if is(i + 3, H_ADD) { 4 } else { 3 };
            return Some((Header::Params, len));
        }
        if is(i + 1, H_VALUE) && is(i + 2, H_DESC) {
            return Some((Header::Enum { values: true }, 3));
        }
        if is(i + 1, H_DESC) && enum_context {
            return Some((Header::Enum { values: false }, 2));
        }
    }
    None
}

fn cell_text(t: &Tok) -> Option<&str> {
    match t {
        Tok::Cell(c) => Some(c),
        _ => None,
    }
}

fn assemble(toks: &[(u32, Tok)]) -> Vec<Block> {
    let mut toks: Vec<(u32, Tok)> = toks.to_vec();
    // Split a type name glued to a header `Name` cell (`PatchContactsDtoName | Description`).
    let mut k = 0;
    while k + 1 < toks.len() {
        if let (Tok::Cell(a), Tok::Cell(b)) = (&toks[k].1, &toks[k + 1].1) {
            if a.len() > 4
                && a.ends_with("Name")
                && H_DESC.contains(&b.to_lowercase().as_str())
                && !a[..a.len() - 4].ends_with(char::is_whitespace)
            {
                let line = toks[k].0;
                let prefix = a[..a.len() - 4].to_string();
                toks[k].1 = Tok::Cell(prefix);
                toks.insert(k + 1, (line, Tok::Cell("Name".into())));
            }
        }
        k += 1;
    }
    // Skip home links (and, on API pages, any site navigation) above the title.
    let mut start = 0;
    while start < toks.len().min(4) {
        match &toks[start].1 {
            Tok::Cell(c) if HOME_LINKS.contains(&c.to_lowercase().as_str()) => start += 1,
            _ => break,
        }
    }
    let has_request_info = toks
        .iter()
        .any(|(_, t)| cell_text(t).is_some_and(|c| c.eq_ignore_ascii_case("Request Information")));
    if has_request_info {
        if let Some(i) = toks
            .iter()
            .take(start + 16)
            .position(|(_, t)| cell_text(t).is_some_and(is_api_line))
        {
            start = start.max(i);
        }
    }
    let toks = &toks[start..];
    let mut blocks = Vec::new();
    let is_index = toks
        .iter()
        .enumerate()
        .any(|(i, _)| matches!(header_at(toks, i, false), Some((Header::Apis, _))))
        && !toks.iter().any(|(_, t)| {
            cell_text(t).is_some_and(|c| c.eq_ignore_ascii_case("Request Information"))
        });
    if is_index {
        index_blocks(toks, &mut blocks);
        return blocks;
    }
    let mut i = 0;
    let mut first = true;
    while i < toks.len() {
        let (line, tok) = &toks[i];
        match tok {
            Tok::Media(m) => {
                blocks.push(Block {
                    kind: BlockKind::SampleHeader(m.clone()),
                    line: *line,
                });
                i += 1;
                continue;
            }
            Tok::Sample(s) => {
                blocks.push(Block {
                    kind: BlockKind::Sample(s.clone()),
                    line: *line,
                });
                i += 1;
                continue;
            }
            Tok::Cell(c) => {
                if first {
                    first = false;
                    blocks.push(Block {
                        kind: BlockKind::Heading {
                            level: 1,
                            text: c.clone(),
                        },
                        line: *line,
                    });
                    i += 1;
                    continue;
                }
                if let Some(level) = heading_level(c) {
                    blocks.push(Block {
                        kind: BlockKind::Heading {
                            level,
                            text: c.clone(),
                        },
                        line: *line,
                    });
                    i += 1;
                    continue;
                }
                let enum_context = blocks.last().is_some_and(|b| {
                    matches!(&b.kind, BlockKind::Para(p) if p.to_lowercase().contains("enumeration values"))
                });
                if let Some((h, len)) = header_at(toks, i, enum_context) {
                    let begin = i + len;
                    let mut end = begin;
                    while end < toks.len() {
                        match &toks[end].1 {
                            Tok::Cell(c) if heading_level(c).is_none() => end += 1,
                            _ => break,
                        }
                    }
                    let cells: Vec<(u32, &str)> = toks[begin..end]
                        .iter()
                        .filter_map(|(l, t)| cell_text(t).map(|c| (*l, c)))
                        .collect();
                    let kind = match h {
                        Header::Params => BlockKind::Params(param_rows(&cells)),
                        Header::Enum { values } => BlockKind::Enum(enum_rows(&cells, values)),
                        Header::Apis => BlockKind::Apis(api_rows(&cells).0),
                    };
                    blocks.push(Block { kind, line: *line });
                    i = end;
                    continue;
                }
                blocks.push(Block {
                    kind: BlockKind::Para(c.clone()),
                    line: *line,
                });
                i += 1;
            }
        }
    }
    blocks
}

/// Rebuilds Parameters rows: name, description lines, type, annotations.
fn param_rows(cells: &[(u32, &str)]) -> Vec<ParamRow> {
    let mut rows = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let mut row_cells: Vec<(u32, &str)> = Vec::new();
        while i < cells.len() && !annotations::is_annotation(cells[i].1) {
            row_cells.push(cells[i]);
            i += 1;
        }
        let mut anns: Vec<String> = Vec::new();
        while i < cells.len() && annotations::is_annotation(cells[i].1) {
            anns.extend(annotations::split_joined(cells[i].1));
            i += 1;
        }
        if row_cells.is_empty() {
            if !anns.is_empty() {
                rows.push(ParamRow {
                    annotations: anns,
                    line: cells.get(i.saturating_sub(1)).map_or(0, |c| c.0),
                    ..ParamRow::default()
                });
            }
            continue;
        }
        // Without annotations the rows may run together: cut after each vocabulary type.
        let groups: Vec<Vec<(u32, &str)>> = if anns.is_empty() && row_cells.len() > 3 {
            let mut gs = Vec::new();
            let mut cur = Vec::new();
            for c in row_cells {
                let vocab =
                    super::types::parse_type(c.1, &|_| false).is_some_and(|t| t.is_vocabulary());
                cur.push(c);
                if vocab && cur.len() >= 2 {
                    gs.push(std::mem::take(&mut cur));
                }
            }
            if !cur.is_empty() {
                gs.push(cur);
            }
            gs
        } else {
            vec![row_cells]
        };
        let n = groups.len();
        for (g, group) in groups.into_iter().enumerate() {
            let line = group[0].0;
            let row = match group.len() {
                1 => {
                    // A dropped cell: a lone type (name lost) or a lone name (type lost).
                    let c = group[0].1;
                    if looks_like_type(c)
                        && super::types::parse_type(c, &|_| false)
                            .is_some_and(|t| t.is_vocabulary())
                    {
                        ParamRow {
                            ty: c.to_string(),
                            line,
                            ..ParamRow::default()
                        }
                    } else {
                        ParamRow {
                            name: c.to_string(),
                            line,
                            ..ParamRow::default()
                        }
                    }
                }
                2 if group[0].1.contains(char::is_whitespace) && !group[0].1.contains('[') => {
                    ParamRow {
                        // Name cell lost: description and type remain.
                        doc: group[0].1.to_string(),
                        ty: group[1].1.to_string(),
                        line,
                        ..ParamRow::default()
                    }
                }
                len => ParamRow {
                    name: group[0].1.to_string(),
                    doc: group[1..len - 1]
                        .iter()
                        .map(|c| c.1)
                        .collect::<Vec<_>>()
                        .join("\n"),
                    ty: group[len - 1].1.to_string(),
                    line,
                    ..ParamRow::default()
                },
            };
            let mut row = row;
            if g + 1 == n {
                row.annotations = anns.clone();
            }
            rows.push(row);
        }
    }
    rows
}

fn is_number(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix('-').unwrap_or(t);
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
}

fn enum_rows(cells: &[(u32, &str)], values: bool) -> EnumTable {
    let mut rows: Vec<EnumRow> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let (line, c) = cells[i];
        if values {
            if cells.get(i + 1).is_some_and(|n| is_number(n.1)) {
                rows.push(EnumRow {
                    name: c.to_string(),
                    value: Some(cells[i + 1].1.trim().to_string()),
                    doc: String::new(),
                    line,
                });
                i += 2;
                continue;
            }
        } else if super::types::is_model_name(c) {
            rows.push(EnumRow {
                name: c.to_string(),
                value: None,
                doc: String::new(),
                line,
            });
            i += 1;
            continue;
        }
        match rows.last_mut() {
            Some(r) => {
                if !r.doc.is_empty() {
                    r.doc.push('\n');
                }
                r.doc.push_str(c);
            }
            None => rows.push(EnumRow {
                name: c.to_string(),
                value: None,
                doc: String::new(),
                line,
            }),
        }
        i += 1;
    }
    EnumTable {
        has_values: values,
        rows,
    }
}

/// Index rows: an API line and at most one description cell; the cells left after the last
/// row's description are returned (the next controller's heading and description).
fn api_rows<'a>(cells: &[(u32, &'a str)]) -> (Vec<ApiRow>, Vec<(u32, &'a str)>) {
    let mut rows: Vec<ApiRow> = Vec::new();
    let mut rest: Vec<(u32, &str)> = Vec::new();
    let last_api = cells.iter().rposition(|c| is_api_line(c.1));
    for (k, &(line, c)) in cells.iter().enumerate() {
        if is_api_line(c) {
            rows.push(ApiRow {
                api: c.to_string(),
                doc: String::new(),
                line,
            });
        } else if let Some(r) = rows.last_mut() {
            let after_last = last_api.is_some_and(|l| k > l + 1);
            if after_last {
                rest.push((line, c));
            } else if r.doc.is_empty() {
                r.doc = c.to_string();
            } else {
                r.doc.push('\n');
                r.doc.push_str(c);
            }
        } else {
            rest.push((line, c));
        }
    }
    (rows, rest)
}

fn index_blocks(toks: &[(u32, Tok)], blocks: &mut Vec<Block>) {
    let cells: Vec<(u32, &str)> = toks
        .iter()
        .filter_map(|(l, t)| cell_text(t).map(|c| (*l, c)))
        .collect();
    let headers: Vec<usize> = (0..cells.len())
        .filter(|&i| {
            cells[i].1 == "APIDescription"
                || (cells[i].1 == "API" && cells.get(i + 1).is_some_and(|c| c.1 == "Description"))
        })
        .collect();
    let header_len = |i: usize| if cells[i].1 == "API" { 2 } else { 1 };
    let Some(&first_header) = headers.first() else {
        return;
    };
    let push =
        |blocks: &mut Vec<Block>, kind: BlockKind, line: u32| blocks.push(Block { kind, line });
    // Before the first table: title, introduction, first controller.
    if let Some(&(line, title)) = cells.first() {
        let kind = BlockKind::Heading {
            level: 1,
            text: title.to_string(),
        };
        push(blocks, kind, line);
    }
    let mut k = 1.min(first_header);
    let intro = cells.get(1).is_some_and(|c| c.1 == "Introduction") && first_header > 2;
    if intro {
        let kind = BlockKind::Heading {
            level: 2,
            text: "Introduction".into(),
        };
        push(blocks, kind, cells[1].0);
        k = 2;
    }
    let mut pending: Vec<(u32, &str)> = cells[k..first_header].to_vec();
    for (h, &hi) in headers.iter().enumerate() {
        // The controller name is the last one-word cell before the table: what precedes it
        // belongs to the previous row (or the introduction), what follows is its description.
        let name_at = pending
            .iter()
            .rposition(|c| super::types::is_model_name(c.1))
            .unwrap_or(0);
        if !pending.is_empty() {
            for &(l, d) in &pending[..name_at] {
                let last_row = match blocks.last_mut() {
                    Some(Block {
                        kind: BlockKind::Apis(rows),
                        ..
                    }) => rows.last_mut(),
                    _ => None,
                };
                match last_row {
                    Some(r) => {
                        if !r.doc.is_empty() {
                            r.doc.push('\n');
                        }
                        r.doc.push_str(d);
                    }
                    None => push(blocks, BlockKind::Para(d.to_string()), l),
                }
            }
            let (line, name) = pending[name_at];
            let kind = BlockKind::Heading {
                level: 2,
                text: name.to_string(),
            };
            push(blocks, kind, line);
            for &(l, d) in &pending[name_at + 1..] {
                push(blocks, BlockKind::Para(d.to_string()), l);
            }
        }
        let begin = hi + header_len(hi);
        let end = headers.get(h + 1).copied().unwrap_or(cells.len());
        let (rows, rest) = api_rows(&cells[begin..end]);
        push(blocks, BlockKind::Apis(rows), cells[hi].0);
        pending = rest;
    }
    // Text after the last table continues its last row.
    if let Some(Block {
        kind: BlockKind::Apis(rows),
        ..
    }) = blocks.last_mut()
    {
        if let Some(r) = rows.last_mut() {
            for (_, d) in pending.drain(..) {
                if !r.doc.is_empty() {
                    r.doc.push('\n');
                }
                r.doc.push_str(d);
            }
        }
    }
    for (l, d) in pending {
        push(blocks, BlockKind::Para(d.to_string()), l);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_split_only_at_spaced_pipes() {
        assert_eq!(split_pipes("| ID | integer |"), ["ID", "integer"]);
        assert_eq!(split_pipes("Product| Name |"), ["Product", "Name"]);
        assert_eq!(
            split_pipes("| Code | Matching regular expression pattern: ^(a|b)$ |"),
            ["Code", "Matching regular expression pattern: ^(a|b)$"]
        );
        assert_eq!(split_pipes("---|---|"), Vec::<String>::new());
    }

    #[test]
    fn glued_headings_are_split() {
        assert_eq!(
            unglue("booleanResponse Formats"),
            ["boolean", "Response Formats"]
        );
        assert_eq!(
            unglue("IHttpActionResultNone."),
            ["IHttpActionResult", "None."]
        );
        assert_eq!(
            unglue("Collection of integerRequest Formats"),
            ["Collection of integer", "Request Formats"]
        );
        assert_eq!(unglue("It is None."), ["It is None."]);
        assert_eq!(
            unglue("PhoneNameDescriptionTypeAdditional information"),
            ["Phone", "NameDescriptionTypeAdditional information"]
        );
    }

    #[test]
    fn site_navigation_above_the_title_is_skipped() {
        let blocks = read("Contoso\nProducts\nAPI\n\nGET api/x\n\nRequest Information\n");
        assert_eq!(
            blocks[0].kind,
            BlockKind::Heading {
                level: 1,
                text: "GET api/x".into()
            }
        );
        assert_eq!(blocks[0].line, 5);
    }

    #[test]
    fn media_lines() {
        assert!(is_media_line("application/json, text/json"));
        assert!(is_media_line("application/x-www-form-urlencoded"));
        assert!(is_media_line("application/hal+json"));
        assert!(!is_media_line("Sample:"));
        assert!(!is_media_line("{"));
    }
}
