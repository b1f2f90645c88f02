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

/// Whether a line is the template's (or a site's) link back to the help home page.
pub fn is_home_link(s: &str) -> bool {
    HOME_LINKS.contains(&s.trim().to_lowercase().as_str())
}

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

/// Whether a pipe rendering shows an index table: an `API | Description` header and a row
/// whose first cell is `METHOD path` (customised titles leave no other mark).
pub fn has_pipe_index_table(text: &str) -> bool {
    let mut header = false;
    for line in text.lines() {
        let cells = split_pipes(line);
        if !header {
            header = cells.len() == 2
                && cells[0].eq_ignore_ascii_case("API")
                && H_DESC.contains(&cells[1].to_lowercase().as_str());
        } else if line.contains('|') && cells.first().is_some_and(|c| is_api_line(c)) {
            return true;
        }
    }
    false
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
    let (toks, pipe_mode) = tokenize(text);
    let raw: Vec<&str> = if pipe_mode {
        text.lines().collect()
    } else {
        Vec::new()
    };
    assemble(&toks, &raw)
}

/// The cells of one pipe-table row line, empty cells kept in place (`| a |  | c |` is three
/// cells), without the empty edges of leading and trailing pipes; `None` for a rule line or a
/// line without separators.
fn row_cells(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    if t.is_empty() || split_pipes(t).is_empty() {
        return None;
    }
    let mut cells = raw_pipe_cells(t);
    if cells.len() < 2 {
        return None;
    }
    if t.starts_with('|') && cells.first().is_some_and(|c| c.is_empty()) {
        cells.remove(0);
    }
    if t.ends_with('|') && cells.last().is_some_and(|c| c.is_empty()) {
        cells.pop();
    }
    Some(cells)
}

fn split_pipes(line: &str) -> Vec<String> {
    if line.contains('-')
        && line
            .chars()
            .all(|c| matches!(c, '-' | '|' | ':' | ' ' | '\t'))
    {
        return Vec::new();
    }
    raw_pipe_cells(line)
        .into_iter()
        .filter(|c| !c.is_empty() && !is_rule(c))
        .collect()
}

fn raw_pipe_cells(line: &str) -> Vec<String> {
    // A pipe separates cells when whitespace or the line's edge is next to it; `(a|b)` in a
    // pattern stays whole.
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
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

fn is_rule(c: &str) -> bool {
    let t = c.trim_matches(':');
    t.len() >= 3 && t.chars().all(|x| x == '-')
}

fn clean_cell(c: &str) -> String {
    let t = strip_heading_marks(c);
    strip_md_links(t.trim_matches('*').trim())
}

/// A Markdown heading line without its `#` marks (`## Request Information`).
fn strip_heading_marks(line: &str) -> &str {
    let t = line.trim();
    if t.starts_with('#') && !t.starts_with("# source:") {
        t.trim_start_matches('#').trim()
    } else {
        t
    }
}

/// Markdown links keep their text: `[Person](/Help/ResourceModel?modelName=Person)` is
/// `Person`, `Collection of [Phone](url)` is `Collection of Phone`. Brackets not followed by
/// `(` (`[key]`, `include[0]`, `[text]@[text].com`) stay.
fn strip_md_links(s: &str) -> String {
    if !s.contains("](") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|close| {
            let text = &after[..close];
            let url = &after[close + 2..];
            let end = url.find(')')?;
            (!text.contains('[')
                && !text.contains(']')
                && !url[..end].contains(char::is_whitespace))
            .then_some((text, close + 2 + end + 1))
        });
        match link {
            Some((text, len)) => {
                out.push_str(&rest[..open]);
                out.push_str(text);
                rest = &after[len..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
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

fn tokenize(text: &str) -> (Vec<(u32, Tok)>, bool) {
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
        let unmarked = strip_heading_marks(trimmed);
        if in_formats && is_media_line(unmarked) {
            toks.push((
                no,
                Tok::Media(unmarked.trim_matches('|').trim().to_string()),
            ));
            // The sample runs to the next media line or heading.
            let mut j = i + 1;
            while j < lines.len() {
                let t = strip_heading_marks(lines[j].1);
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
            if first < j && lines[first].1.trim().trim_matches(['|', '*']).trim() == "Sample:" {
                first += 1;
            }
            while first < j && blank(first) {
                first += 1;
            }
            let mut body: Vec<&str> = lines[first..j].iter().map(|(_, l)| *l).collect();
            while body.last().is_some_and(|l| l.trim().is_empty()) {
                body.pop();
            }
            // A Markdown code fence around the sample.
            if body
                .first()
                .is_some_and(|l| l.trim_start().starts_with("```"))
                && body.len() >= 2
                && body.last().is_some_and(|l| l.trim() == "```")
            {
                body.remove(0);
                body.pop();
                first += 1;
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
    (merge_dictionary_lines(toks), pipe_mode)
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
    Enum { values: bool, names: bool },
    Apis,
}

/// Collapsed enum headers (a blank-line rendering joins the header cells), with the columns
/// they show: `(text, values, names)`. Sites drop the Value or the Name column.
const COLLAPSED_ENUM_HEADERS: &[(&str, bool, bool)] = &[
    ("NameValueDescription", true, true),
    ("NameValue", true, true),
    ("ValueDescription", true, false),
    ("NamnVärdeBeskrivning", true, true),
    ("VärdeBeskrivning", true, false),
];

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
    if let Some(&(_, values, names)) = COLLAPSED_ENUM_HEADERS.iter().find(|h| h.0 == c) {
        return Some((Header::Enum { values, names }, 1));
    }
    if (c == "NameDescription" || c == "NamnBeskrivning") && enum_context {
        let e = Header::Enum {
            values: false,
            names: true,
        };
        return Some((e, 1));
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
        let values = Header::Enum {
            values: true,
            names: true,
        };
        if is(i + 1, H_VALUE) && is(i + 2, H_DESC) {
            return Some((values, 3));
        }
        if is(i + 1, H_VALUE) && enum_context {
            return Some((values, 2));
        }
        if is(i + 1, H_DESC) && enum_context {
            let names = Header::Enum {
                values: false,
                names: true,
            };
            return Some((names, 2));
        }
    }
    if is(i, H_VALUE) && is(i + 1, H_DESC) && enum_context {
        let values_only = Header::Enum {
            values: true,
            names: false,
        };
        return Some((values_only, 2));
    }
    None
}

/// Whether a table header (of any kind) starts at `toks[i]`.
fn is_table_start(toks: &[(u32, Tok)], i: usize) -> bool {
    header_at(toks, i, true).is_some()
}

/// Whether a line introduces an enum table (`Possible enumeration values:` or a site's own
/// sentence about enumeration values).
pub fn is_enum_intro(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    t.contains("enumeration values")
}

fn cell_text(t: &Tok) -> Option<&str> {
    match t {
        Tok::Cell(c) => Some(c),
        _ => None,
    }
}

fn assemble(toks: &[(u32, Tok)], raw: &[&str]) -> Vec<Block> {
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
                // A reader view or copied text of a ResourceModel page starts below its title
                // (the `h1` sits outside the content section): a table header or the enum
                // introduction is never a title.
                if first && (is_table_start(toks, i) || is_enum_intro(c)) {
                    first = false;
                }
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
                // Enum tables (whatever columns they kept) belong to ResourceModel pages, or
                // follow the enum introduction.
                let enum_context = !has_request_info
                    || blocks
                        .last()
                        .is_some_and(|b| matches!(&b.kind, BlockKind::Para(p) if is_enum_intro(p)));
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
                    let last_line = toks[begin..end].last().map_or(*line, |t| t.0);
                    let kind = match h {
                        Header::Params => BlockKind::Params(
                            positional_rows(raw, *line, last_line, len)
                                .unwrap_or_else(|| param_rows(&cells)),
                        ),
                        Header::Enum { values, names } => {
                            BlockKind::Enum(enum_rows(&cells, values, names))
                        }
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

/// Reads a Parameters table of a pipe rendering by cell position, when every line after the
/// header (up to `last`, 1-based) is one row of `width` cells, or of `width - 1` cells (the
/// row lost its name cell, as seen on live sites). Empty cells keep their column, so
/// nothing shifts. `None` when the rows are broken irregularly: the vocabulary-driven reading
/// ([`param_rows`]) takes over.
fn positional_rows(raw: &[&str], header: u32, last: u32, width: usize) -> Option<Vec<ParamRow>> {
    if raw.is_empty() || !(3..=4).contains(&width) || last <= header {
        return None;
    }
    let mut rows = Vec::new();
    for no in header + 1..=last {
        let line = raw.get(no as usize - 1)?;
        if line.trim().is_empty() {
            continue;
        }
        let t = line.trim();
        if t.contains("---") && t.chars().all(|c| "-|: ".contains(c)) {
            continue;
        }
        let mut cells: Vec<String> = row_cells(line)?.iter().map(|c| clean_cell(c)).collect();
        if cells.len() + 1 == width {
            cells.insert(0, String::new());
        }
        if cells.len() != width {
            return None;
        }
        let annotations = if width == 4 {
            cells[3]
                .replace("<br/>", "\n")
                .replace("<br />", "\n")
                .replace("<br>", "\n")
                .lines()
                .flat_map(annotations::split_joined)
                .collect()
        } else {
            Vec::new()
        };
        rows.push(ParamRow {
            name: cells[0].clone(),
            doc: cells[1].clone(),
            ty: cells[2].clone(),
            links: Vec::new(),
            annotations,
            line: no,
        });
    }
    (!rows.is_empty()).then_some(rows)
}

/// Rebuilds Parameters rows: name, description lines, type, annotations.
fn param_rows(cells: &[(u32, &str)]) -> Vec<ParamRow> {
    // A row is: Name cell, description cells, the Type cell, annotation cells. Renderings lose
    // cell boundaries and empty cells, so the grammar leans on what is certain: a type phrase
    // from the closed vocabulary, annotation phrases, and name cells being single tokens.
    // Annotations a site added (custom validation messages) are whatever follows the type
    // and is not the next row's name; every row stays one row.
    let known = |k: usize| {
        cells
            .get(k)
            .is_some_and(|c| annotations::is_annotation(c.1))
    };
    let vocabulary = |k: usize| cells.get(k).is_some_and(|c| is_type_phrase(c.1));
    let token = |k: usize| {
        cells
            .get(k)
            .is_some_and(|c| super::types::is_name_token(c.1))
    };
    let model = |k: usize| cells.get(k).is_some_and(|c| looks_like_type(c.1));
    let mut rows = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        // Annotations with no row before them (a rendering lost name, description and type).
        if known(i) {
            let start = i;
            let mut anns = Vec::new();
            while known(i) {
                anns.extend(annotations::split_joined(cells[i].1));
                i += 1;
            }
            rows.push(ParamRow {
                annotations: anns,
                line: cells[start].0,
                ..ParamRow::default()
            });
            continue;
        }
        // The Type cell: a vocabulary phrase, or a model name that ends the row's cells (an
        // annotation, a non-name cell or the end follows). The first cell is the type only
        // when nothing but annotations follow it (the name cell was lost).
        // A first cell that is a type phrase is the type (the row lost its name) when no other
        // type follows before the row's end: a vocabulary phrase when a name token or the
        // annotations come before the next vocabulary phrase, a model name when only
        // non-name text (site annotations) follows up to the known annotations.
        let first_is_type = {
            let mut m = i + 1;
            loop {
                if m >= cells.len() || known(m) {
                    break vocabulary(i) || model(i);
                }
                if vocabulary(m) {
                    break false;
                }
                if token(m) {
                    // The next row's name (more cells follow it), or this row's model type
                    // (the annotations follow it).
                    break vocabulary(i) && m + 1 < cells.len() && !known(m + 1);
                }
                m += 1;
            }
        };
        let mut t = None;
        let mut j = i;
        while j < cells.len() && !known(j) {
            let ends = j + 1 == cells.len() || known(j + 1);
            let is_type = if j == i {
                first_is_type
            } else {
                vocabulary(j) || (model(j) && (ends || !token(j + 1)))
            };
            if is_type {
                t = Some(j);
                break;
            }
            j += 1;
        }
        let line = cells[i].0;
        let Some(t) = t else {
            // No type: a name (or description) whose type cell was lost.
            let end = j;
            let mut row = ParamRow {
                line,
                ..ParamRow::default()
            };
            let mut doc_from = i;
            if token(i) {
                row.name = cells[i].1.to_string();
                doc_from = i + 1;
            }
            row.doc = join_cells(&cells[doc_from..end]);
            i = end;
            let mut anns = Vec::new();
            while known(i) {
                anns.extend(annotations::split_joined(cells[i].1));
                i += 1;
            }
            row.annotations = anns;
            rows.push(row);
            continue;
        };
        let mut row = ParamRow {
            ty: cells[t].1.to_string(),
            line,
            ..ParamRow::default()
        };
        if t > i && token(i) {
            row.name = cells[i].1.to_string();
            row.doc = join_cells(&cells[i + 1..t]);
        } else {
            // The first cell cannot be a name: the row lost its name cell.
            row.doc = join_cells(&cells[i..t]);
        }
        i = t + 1;
        // Annotations: known phrases, and any other cell up to the next row's name, or up to
        // the description of a next row that lost its name (text followed by a type).
        // Text after a row's type is a site annotation, unless it is the description of a
        // nameless row: followed by a vocabulary type, or by a model name that ends the row.
        // (Text then a name token then more text reads as annotation then the next row: a
        // nameless row is the rarer case.)
        let starts_nameless_row = |k: usize| {
            let Some(m) = (k + 1..cells.len().min(k + 9))
                .take_while(|&m| !known(m))
                .find(|&m| token(m) || vocabulary(m))
            else {
                return false;
            };
            vocabulary(m) || (model(m) && (m + 1 >= cells.len() || known(m + 1)))
        };
        while i < cells.len() && (known(i) || !token(i)) {
            if !known(i) && (vocabulary(i) || starts_nameless_row(i)) {
                break;
            }
            row.annotations
                .extend(annotations::split_joined(cells[i].1));
            i += 1;
        }
        rows.push(row);
    }
    rows
}

/// Whether a cell is a type phrase only the Type cell holds: the closed vocabulary, or a
/// `Collection of` / `Dictionary of` / `Pair of` phrase (of model names too); a bare model
/// name is not, since names and descriptions can look the same.
fn is_type_phrase(c: &str) -> bool {
    use super::types::TypeExpr;
    match super::types::parse_type(c, &|_| false) {
        Some(e) if e.is_vocabulary() => true,
        Some(TypeExpr::Collection(_)) => e_name_ok(c),
        Some(TypeExpr::Dictionary(..) | TypeExpr::Pair(..)) => looks_like_type(c),
        _ => false,
    }
}

fn e_name_ok(c: &str) -> bool {
    super::types::parse_type(c, &|_| false)
        .as_ref()
        .and_then(|e| e.element_name())
        .is_none_or(super::types::is_model_name)
}

fn join_cells(cells: &[(u32, &str)]) -> String {
    cells.iter().map(|c| c.1).collect::<Vec<_>>().join("\n")
}

fn is_number(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix('-').unwrap_or(t);
    !t.is_empty() && t.chars().all(|c| c.is_ascii_digit())
}

fn enum_rows(cells: &[(u32, &str)], values: bool, names: bool) -> EnumTable {
    let mut rows: Vec<EnumRow> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let (line, c) = cells[i];
        if !names {
            // `Value | Description`: each number starts a member named by it.
            if is_number(c) {
                rows.push(EnumRow {
                    name: c.trim().to_string(),
                    value: Some(c.trim().to_string()),
                    doc: String::new(),
                    line,
                });
                i += 1;
                continue;
            }
        } else if values {
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
        has_names: names,
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
    // Before the first table: title, introduction, first controller. A copy that starts at
    // the first controller (`Account` / `User Account REST APIs` / table) has no title: the
    // first cell is a title only when a controller name follows it.
    let has_title = first_header > 1
        && cells[1..first_header]
            .iter()
            .any(|c| super::types::is_model_name(c.1));
    if let Some(&(line, title)) = cells.first().filter(|_| has_title) {
        let kind = BlockKind::Heading {
            level: 1,
            text: title.to_string(),
        };
        push(blocks, kind, line);
    }
    let mut k = usize::from(has_title).min(first_header);
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
