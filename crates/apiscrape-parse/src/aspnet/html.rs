//! Reading Help Page HTML into [`Block`]s by its structure: headings, `table.help-page-table`
//! rows by cell class (`td.parameter-*`, `td.enum-*`, `td.api-*`) or, on sites that changed the
//! markup, by column headers and position; `h4.sample-header` and `pre`; bare inline content
//! (the type line) as paragraphs. Page chrome (`nav`, `footer`, scripts) is skipped.
//!
//! scraper keeps no source positions, so a [`Locator`] walks the raw source forward, finding
//! each visited element's start tag in document order.

use super::block::{ApiRow, Block, BlockKind, EnumRow, EnumTable, ParamRow};
use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node};
use std::collections::HashSet;

/// Finds source lines of elements visited in document order.
struct Locator {
    lower: String,
    cursor: usize,
    line_starts: Vec<usize>,
    /// Bytes searches may still scan past [`WINDOW`] without finding anything: a start tag
    /// html5ever moved (foster parenting) or invented has none to find, and scanning the rest
    /// of the page for each would be quadratic.
    budget: usize,
}

/// How far past the cursor a search always looks.
const WINDOW: usize = 4000;

impl Locator {
    fn new(src: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        Locator {
            lower: src.to_ascii_lowercase(),
            cursor: 0,
            line_starts,
            budget: 4 * src.len() + (1 << 20),
        }
    }

    fn line_of(&self, offset: usize) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    fn line(&self) -> u32 {
        self.line_of(self.cursor)
    }

    /// Offset of the next `needle` at or after `from`: within [`WINDOW`] bytes, or further
    /// while the budget lasts (a miss spends the bytes it scanned).
    fn find(&mut self, needle: &str, from: usize) -> Option<usize> {
        let rest = self.lower.get(from..)?;
        let window = floor_boundary(rest, WINDOW + needle.len());
        if let Some(i) = rest[..window].find(needle) {
            return Some(from + i);
        }
        if self.budget < rest.len() {
            return None;
        }
        match rest.find(needle) {
            Some(i) => Some(from + i),
            None => {
                self.budget -= rest.len();
                None
            }
        }
    }

    /// Moves to the next `<tag` start tag and returns its line.
    fn tag(&mut self, tag: &str) -> u32 {
        let needle = format!("<{tag}");
        let mut from = self.cursor;
        while let Some(at) = self.find(&needle, from) {
            let next = self.lower.as_bytes().get(at + needle.len()).copied();
            if matches!(
                next,
                None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')
            ) {
                self.cursor = at + needle.len();
                return self.line_of(at);
            }
            from = at + needle.len();
        }
        self.line()
    }

    /// The line of `text`'s first characters if they occur soon after the cursor.
    fn text(&mut self, text: &str) -> u32 {
        let probe: String = text
            .trim()
            .chars()
            .take_while(|c| !matches!(c, '&' | '<' | '\n'))
            .take(24)
            .collect::<String>()
            .to_ascii_lowercase();
        let probe = probe.trim();
        if !probe.is_empty() {
            let end = (self.cursor + WINDOW).min(self.lower.len());
            let mut end = end;
            while !self.lower.is_char_boundary(end) {
                end -= 1;
            }
            if let Some(i) = self.lower.get(self.cursor..end).and_then(|s| s.find(probe)) {
                self.cursor += i;
            }
        }
        self.line()
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

const SKIPPED: &[&str] = &[
    "script", "style", "head", "template", "noscript", "svg", "iframe", "object", "button",
    "select", "input", "textarea", "nav", "footer", "link", "meta", "title",
];

const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "form",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "section",
    "summary",
    "ul",
    "html",
];

/// Reads an HTML page into blocks.
pub fn read(src: &str) -> Vec<Block> {
    let doc = crate::html::parse_document(src);
    let mut r = Reader {
        loc: Locator::new(src),
        blocks: Vec::new(),
        inline: String::new(),
        inline_line: None,
        headers_with_h1: headers_with_h1(&doc),
    };
    r.walk(*doc.root_element());
    r.flush();
    r.blocks
}

struct Reader {
    loc: Locator,
    blocks: Vec<Block>,
    inline: String,
    inline_line: Option<u32>,
    /// `header` elements holding an `h1` (computed once: asking each `header` would rescan
    /// nested ones).
    headers_with_h1: HashSet<NodeId>,
}

/// The `header` elements that have an `h1` inside, each ancestor chain walked once.
fn headers_with_h1(doc: &Html) -> HashSet<NodeId> {
    let mut seen = HashSet::new();
    let mut out = HashSet::new();
    let h1s = doc
        .tree
        .nodes()
        .filter(|n| matches!(n.value(), Node::Element(e) if e.name() == "h1"));
    for h1 in h1s {
        for a in h1.ancestors() {
            if !seen.insert(a.id()) {
                break;
            }
            if matches!(a.value(), Node::Element(e) if e.name() == "header") {
                out.insert(a.id());
            }
        }
    }
    out
}

/// An element being walked: its next child, and whether it ends a block.
struct Frame<'a> {
    next: Option<NodeRef<'a, Node>>,
    block: bool,
}

fn has_class(el: &ElementRef<'_>, class: &str) -> bool {
    el.value().classes().any(|c| c.eq_ignore_ascii_case(class))
}

/// Text of an element with whitespace collapsed and `<br>`/block boundaries as `\n`.
pub fn inline_text(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    push_inline(el, &mut out);
    tidy(&out)
}

/// Appends the text of `el`'s children, walking with an explicit stack (nesting is input).
fn push_inline(el: ElementRef<'_>, out: &mut String) {
    let mut stack = vec![Frame {
        next: el.first_child(),
        block: false,
    }];
    while let Some(top) = stack.last_mut() {
        let Some(child) = top.next else {
            if stack.pop().is_some_and(|f| f.block) {
                end_line(out);
            }
            continue;
        };
        top.next = child.next_sibling();
        match child.value() {
            Node::Text(t) => {
                for c in t.chars() {
                    if c.is_whitespace() && c != '\u{a0}' {
                        if !out.ends_with([' ', '\n']) && !out.is_empty() {
                            out.push(' ');
                        }
                    } else {
                        out.push(c);
                    }
                }
            }
            Node::Element(e) => {
                let name = e.name();
                if SKIPPED.contains(&name) {
                    continue;
                }
                if name == "br" {
                    trim_end_spaces(out);
                    out.push('\n');
                    continue;
                }
                let block = BLOCKS.contains(&name) || name == "pre" || name == "table";
                if block {
                    end_line(out);
                }
                stack.push(Frame {
                    next: child.first_child(),
                    block,
                });
            }
            _ => {}
        }
    }
}

/// Ends the current line of `out`, if it has one.
fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        trim_end_spaces(out);
        out.push('\n');
    }
}

fn trim_end_spaces(s: &mut String) {
    while s.ends_with(' ') {
        s.pop();
    }
}

/// Trims each line, drops empty lines.
fn tidy(s: &str) -> String {
    s.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() && c != '\u{a0}'))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

impl Reader {
    fn push(&mut self, kind: BlockKind, line: u32) {
        self.blocks.push(Block { kind, line });
    }

    fn flush(&mut self) {
        let text = tidy(&self.inline);
        if !text.is_empty() {
            let line = self.inline_line.unwrap_or_else(|| self.loc.line());
            self.push(BlockKind::Para(text), line);
        }
        self.inline.clear();
        self.inline_line = None;
    }

    /// Walks the page in document order with an explicit stack (nesting is input: a page of
    /// 100 000 nested elements reads on a 2 MiB thread).
    fn walk<'a>(&mut self, root: NodeRef<'a, Node>) {
        let mut stack: Vec<Frame<'a>> = Vec::new();
        self.visit(root, &mut stack);
        while let Some(top) = stack.last_mut() {
            let Some(child) = top.next else {
                if stack.pop().is_some_and(|f| f.block) {
                    self.flush();
                }
                continue;
            };
            top.next = child.next_sibling();
            self.visit(child, &mut stack);
        }
    }

    /// Reads a node met in the walk: text is collected, elements read whole (headings,
    /// samples, tables) become blocks, other elements have their children scheduled.
    fn visit<'a>(&mut self, node: NodeRef<'a, Node>, stack: &mut Vec<Frame<'a>>) {
        if let Node::Text(t) = node.value() {
            if self.inline_line.is_none() && !t.trim().is_empty() {
                self.inline_line = Some(self.loc.text(t));
            }
            for c in t.chars() {
                if c.is_whitespace() && c != '\u{a0}' {
                    if !self.inline.is_empty() && !self.inline.ends_with([' ', '\n']) {
                        self.inline.push(' ');
                    }
                } else {
                    self.inline.push(c);
                }
            }
            return;
        }
        let Some(el) = ElementRef::wrap(node) else {
            return;
        };
        let name = el.value().name();
        if SKIPPED.contains(&name) {
            return;
        }
        if name == "header"
            && !has_class(&el, "help-page")
            && !self.headers_with_h1.contains(&node.id())
        {
            return;
        }
        match name {
            "br" => {
                trim_end_spaces(&mut self.inline);
                self.inline.push('\n');
                return;
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let line = self.loc.tag(name);
                let text = inline_text(el).replace('\n', " ");
                if !text.is_empty() {
                    if name == "h4" && has_class(&el, "sample-header") {
                        self.push(BlockKind::SampleHeader(text), line);
                    } else {
                        let level = name.as_bytes()[1] - b'0';
                        self.push(BlockKind::Heading { level, text }, line);
                    }
                }
                self.skip_tags(el);
                return;
            }
            "pre" => {
                self.flush();
                let line = self.loc.tag("pre");
                let text: String = el.text().collect();
                let text = text.strip_prefix("\r\n").unwrap_or(&text);
                let text = text.strip_prefix('\n').unwrap_or(text);
                let text = text.trim_end_matches(['\n', '\r', ' ', '\t']);
                self.push(BlockKind::Sample(text.to_string()), line + 1);
                self.skip_tags(el);
                return;
            }
            "table" => {
                self.flush();
                let line = self.loc.tag("table");
                // A table holding tables lays them out: its own cells are read as text and
                // each table inside is read as a table (reading the outer cells as a table
                // would render every nested table once per level).
                let layout = el
                    .descendants()
                    .skip(1)
                    .any(|d| matches!(d.value(), Node::Element(e) if e.name() == "table"));
                if !layout {
                    self.table(el, line);
                    return;
                }
                stack.push(Frame {
                    next: node.first_child(),
                    block: true,
                });
                return;
            }
            "img" => {
                if let Some(src) = el.value().attr("src") {
                    self.inline.push_str(&format!(" [image: {src}] "));
                }
                return;
            }
            _ => {}
        }
        let block = BLOCKS.contains(&name);
        if block {
            self.flush();
            // `p` is left out: html5ever invents empty paragraphs for stray `</p>`, which have
            // no start tag to find. Paragraph lines come from their text instead.
            if matches!(name, "div" | "section" | "li") {
                self.loc.tag(name);
            }
        }
        stack.push(Frame {
            next: node.first_child(),
            block,
        });
    }

    /// Advances the locator past the start tags inside an element read as a whole.
    fn skip_tags(&mut self, el: ElementRef<'_>) {
        for d in el.descendants().skip(1).filter_map(ElementRef::wrap) {
            let n = d.value().name();
            if matches!(n, "div" | "section" | "li" | "table" | "tr" | "td") {
                self.loc.tag(n);
            }
        }
    }

    fn table(&mut self, table: ElementRef<'_>, line: u32) {
        let (header, body) = self.table_rows(table);
        let any_class = |class: &str| any_cell_has_class(&body, class);
        let col = |names: &[&str]| column(&header, names);
        let prev_para_is_enum_intro = matches!(
            self.blocks.last(),
            Some(Block { kind: BlockKind::Para(p), .. }) if p.to_lowercase().contains("enumeration values")
        );
        if any_class("api-name") || (header.len() == 2 && header[0] == "api") {
            let rows = body
                .iter()
                .map(|(l, cells)| ApiRow {
                    api: cell(cells, "api-name", Some(0))
                        .map(inline_text)
                        .unwrap_or_default()
                        .replace('\n', " "),
                    doc: cell(cells, "api-documentation", Some(1))
                        .map(inline_text)
                        .unwrap_or_default(),
                    line: *l,
                })
                .filter(|r| !r.api.is_empty())
                .collect();
            self.push(BlockKind::Apis(rows), line);
        } else if any_class("enum-name")
            || any_class("enum-value")
            || prev_para_is_enum_intro
            || (col(TYPE).is_none() && col(VALUE).is_some())
            || (header.len() == 2 && col(NAME).is_some() && col(DESCRIPTION).is_some())
        {
            self.push(BlockKind::Enum(enum_table(&header, &body)), line);
        } else if any_class("parameter-name") || col(TYPE).is_some() || header.len() >= 3 {
            self.push(BlockKind::Params(param_rows(&header, &body)), line);
        } else {
            for (l, cells) in &body {
                let text = cells
                    .iter()
                    .map(|c| inline_text(*c).replace('\n', " "))
                    .filter(|t| !t.is_empty())
                    .collect::<Vec<_>>()
                    .join(" | ");
                if !text.is_empty() {
                    self.push(BlockKind::Para(text), *l);
                }
            }
        }
    }

    /// The table's header cells (lower case) and its other rows with their lines, advancing
    /// the locator past every row.
    fn table_rows<'t>(&mut self, table: ElementRef<'t>) -> (Vec<String>, Vec<TableRow<'t>>) {
        let rows: Vec<ElementRef<'_>> = table
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| e.value().name() == "tr")
            .collect();
        let mut header: Vec<String> = Vec::new();
        let mut body: Vec<(u32, Vec<ElementRef<'_>>)> = Vec::new();
        for tr in rows {
            let mut row_line = self.loc.tag("tr");
            let cells: Vec<ElementRef<'_>> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th"))
                .collect();
            for (k, c) in cells.iter().enumerate() {
                let l = self.loc.tag(c.value().name());
                if k == 0 {
                    row_line = l;
                }
                for d in c.descendants().skip(1).filter_map(ElementRef::wrap) {
                    let n = d.value().name();
                    if matches!(n, "div" | "li") {
                        self.loc.tag(n);
                    }
                }
            }
            // A header row: `th` cells, or (customised markup) `td` cells holding only header
            // words, in the first row.
            let header_words = body.is_empty()
                && cells.len() >= 2
                && cells.iter().all(|c| {
                    let t = inline_text(*c).to_lowercase();
                    [NAME, DESCRIPTION, TYPE, VALUE, ADDITIONAL, &["api"][..]]
                        .iter()
                        .any(|words| words.contains(&t.as_str()))
                });
            if header.is_empty()
                && !cells.is_empty()
                && (cells.iter().all(|c| c.value().name() == "th") || header_words)
            {
                header = cells
                    .iter()
                    .map(|c| inline_text(*c).to_lowercase())
                    .collect();
                continue;
            }
            if !cells.is_empty() {
                body.push((row_line, cells));
            }
        }
        (header, body)
    }
}

/// A table row: its line and its cells.
type TableRow<'t> = (u32, Vec<ElementRef<'t>>);

/// Whether any cell of the rows has `class`.
fn any_cell_has_class(body: &[TableRow<'_>], class: &str) -> bool {
    body.iter()
        .any(|(_, cells)| cells.iter().any(|c| has_class(c, class)))
}

/// The index of the header column named by one of `names`.
fn column(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| names.contains(&h.as_str()))
}

/// An enum table; sites drop a column: `Name | Description` or `Value | Description`.
fn enum_table(header: &[String], body: &[TableRow<'_>]) -> EnumTable {
    let any_class = |class: &str| any_cell_has_class(body, class);
    let col = |names: &[&str]| column(header, names);
    let value_col = col(VALUE);
    let has_values = any_class("enum-value") || value_col.is_some();
    let has_names = any_class("enum-name") || col(NAME).is_some() || value_col.is_none();
    let name_col = if has_names {
        col(NAME).or(Some(0))
    } else {
        value_col
    };
    let name_class = if has_names { "enum-name" } else { "enum-value" };
    let desc_col = col(DESCRIPTION).or_else(|| Some(header.len().max(2) - 1));
    let rows = body
        .iter()
        .map(|(l, cells)| EnumRow {
            name: cell(cells, name_class, name_col)
                .map(inline_text)
                .unwrap_or_default(),
            value: if has_values {
                cell(cells, "enum-value", value_col).map(inline_text)
            } else {
                None
            },
            doc: cell(cells, "enum-description", desc_col)
                .map(inline_text)
                .unwrap_or_default(),
            line: *l,
        })
        // A row without a name is kept for the builder to report; a blank row has
        // nothing to report.
        .filter(|r| {
            !r.name.is_empty()
                || !r.doc.is_empty()
                || r.value.as_deref().is_some_and(|v| !v.trim().is_empty())
        })
        .collect();
    EnumTable {
        has_values,
        has_names,
        rows,
    }
}

/// The rows of a parameter or property table.
fn param_rows(header: &[String], body: &[TableRow<'_>]) -> Vec<ParamRow> {
    let col = |names: &[&str]| column(header, names);
    let type_col = col(TYPE);
    let name_col = col(NAME).or(Some(0));
    let doc_col = col(DESCRIPTION).or(Some(1));
    let ann_col = col(ADDITIONAL).or_else(|| Some(header.len().max(4) - 1));
    // With the template's classes a row without a `parameter-name` cell lost its name;
    // without them, a row short of cells lost its first (the name, as seen on live
    // sites): its cells are the last columns. Another cell never becomes the name.
    let classed = any_cell_has_class(body, "parameter-name");
    let width = header
        .len()
        .max(body.iter().map(|(_, c)| c.len()).max().unwrap_or(0));
    body.iter()
        .map(|(l, cells)| {
            let missing = if classed {
                0
            } else {
                width.saturating_sub(cells.len())
            };
            let shift = |c: Option<usize>| c.and_then(|c| c.checked_sub(missing));
            let (name_col, doc_col, type_col, ann_col) = (
                if classed { None } else { shift(name_col) },
                shift(doc_col),
                shift(type_col),
                shift(ann_col),
            );
            let ty_cell = cell(cells, "parameter-type", type_col);
            let links = ty_cell
                .map(|c| {
                    c.descendants()
                        .filter_map(ElementRef::wrap)
                        .filter(|e| e.value().name() == "a")
                        .map(|a| inline_text(a).replace('\n', " "))
                        .collect()
                })
                .unwrap_or_default();
            ParamRow {
                name: cell(cells, "parameter-name", name_col)
                    .map(inline_text)
                    .unwrap_or_default()
                    .replace('\n', " "),
                doc: cell(cells, "parameter-documentation", doc_col)
                    .map(inline_text)
                    .unwrap_or_default(),
                ty: ty_cell
                    .map(inline_text)
                    .unwrap_or_default()
                    .replace('\n', " "),
                links,
                annotations: cell(cells, "parameter-annotations", ann_col)
                    .map(annotation_texts)
                    .unwrap_or_default(),
                line: *l,
            }
        })
        .collect()
}

const NAME: &[&str] = &["name", "namn", "naam", "nom", "nombre"];
const DESCRIPTION: &[&str] = &[
    "description",
    "beskrivning",
    "beschreibung",
    "beschrijving",
    "descripción",
];
const TYPE: &[&str] = &["type", "typ", "tipo"];
const VALUE: &[&str] = &["value", "värde", "wert", "waarde", "valeur", "valor"];
const ADDITIONAL: &[&str] = &[
    "additional information",
    "information",
    "zusätzliche informationen",
    "aanvullende informatie",
];

/// The cell with `class`, else the one at column `index`.
fn cell<'a>(cells: &[ElementRef<'a>], class: &str, index: Option<usize>) -> Option<ElementRef<'a>> {
    cells
        .iter()
        .find(|c| has_class(c, class))
        .copied()
        .or_else(|| index.and_then(|i| cells.get(i).copied()))
}

/// Annotation phrases of a cell: each `<p>` exactly (patterns are byte-exact), else its lines.
fn annotation_texts(cell: ElementRef<'_>) -> Vec<String> {
    let ps: Vec<ElementRef<'_>> = cell
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| e.value().name() == "p")
        .collect();
    if ps.is_empty() {
        return inline_text(cell)
            .lines()
            .map(str::to_string)
            .filter(|l| !l.is_empty())
            .collect();
    }
    ps.iter()
        .map(|p| p.text().collect::<String>())
        .map(|t| {
            let t = t.trim_start_matches(|c: char| c.is_whitespace());
            t.trim_end_matches(['\n', '\r', '\t']).to_string()
        })
        .filter(|t| !t.trim().is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows_made_of_td_cells_are_headers() {
        let html = "<html><body><h1>Order</h1><table><tr><td>Name</td><td>Description</td><td>Type</td><td>Additional information</td></tr><tr><td>Id</td><td></td><td>integer</td><td>Required</td></tr></table></body></html>";
        let blocks = read(html);
        match &blocks[1].kind {
            BlockKind::Params(rows) => {
                assert_eq!(rows.len(), 1);
                assert_eq!(
                    (rows[0].name.as_str(), rows[0].ty.as_str()),
                    ("Id", "integer")
                );
                assert_eq!(rows[0].annotations, ["Required"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn reads_stock_api_page_blocks_with_lines() {
        let html = "<html><body>\n<h1>GET api/x/{id}</h1>\n<div>\n<p>Gets x.</p>\n<h2>Request Information</h2>\n<h3>URI Parameters</h3>\n<table class=\"help-page-table\"><thead><tr><th>Name</th><th>Description</th><th>Type</th><th>Additional information</th></tr></thead><tbody>\n<tr><td class=\"parameter-name\">id</td><td class=\"parameter-documentation\"><p>The id.</p></td><td class=\"parameter-type\">integer</td><td class=\"parameter-annotations\"><p>Required</p><p>Matching regular expression pattern: a  &amp;b</p></td></tr>\n</tbody></table>\n<h3>Body Parameters</h3>\n<p></p>\n Collection of <a href=\"/Help/ResourceModel?modelName=Phone\">Phone</a>\n<p>None.</p>\n</div></body></html>";
        let blocks = read(html);
        let kinds: Vec<_> = blocks.iter().map(|b| (&b.kind, b.line)).collect();
        assert_eq!(
            kinds[0],
            (
                &BlockKind::Heading {
                    level: 1,
                    text: "GET api/x/{id}".into()
                },
                2
            )
        );
        assert_eq!(kinds[1], (&BlockKind::Para("Gets x.".into()), 4));
        match &blocks[4].kind {
            BlockKind::Params(rows) => {
                assert_eq!(rows[0].name, "id");
                assert_eq!(rows[0].ty, "integer");
                assert_eq!(
                    rows[0].annotations,
                    ["Required", "Matching regular expression pattern: a  &b"]
                );
                assert_eq!(rows[0].line, 8);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            blocks[6].kind,
            BlockKind::Para("Collection of Phone".into())
        );
        assert_eq!(blocks[6].line, 12);
        assert_eq!(blocks[7].kind, BlockKind::Para("None.".into()));
    }
}
