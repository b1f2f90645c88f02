//! Rendering an HTML page into text lines in document order, the way a browser's text
//! selection would: block elements and table rows start new lines, table cells are joined as
//! `cell | cell |`, `<br>` breaks the line, NBSP is kept, `pre` keeps its line breaks.
//!
//! Dialects whose pages are JavaScript applications with unstable class names (RamBase) parse
//! this text with the same grammar as a copied text page, so HTML and text give the same model.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

/// A rendered line with the source line it came from (1-based, best effort).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The text of the line.
    pub text: String,
    /// Line in the HTML source where the line's first text was found.
    pub source_line: u32,
}

const BLOCK: &[&str] = &[
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
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "ul",
    "caption",
    "html",
];

const SKIPPED: &[&str] = &[
    "script", "style", "head", "template", "noscript", "svg", "iframe", "object", "button",
    "select", "input", "textarea",
];

/// Deepest element nesting given to the HTML parser. html5ever checks the open elements for
/// every start tag (is a `p` open?), which makes each tag cost the nesting depth: 100 000
/// nested `div`s took minutes. Browsers cap the depth too (Blink at 512).
pub const MAX_NESTING: usize = 512;

/// Parses an HTML page into a DOM, first removing the start and end tags of elements nested
/// deeper than [`MAX_NESTING`] (their content stays, one level up; see [`deep_nesting`]).
pub fn parse_document(html: &str) -> Html {
    let cuts = nesting_cuts(html);
    if cuts.is_empty() {
        return Html::parse_document(html);
    }
    let mut flat = String::with_capacity(html.len());
    let mut at = 0;
    for (start, end) in cuts {
        flat.push_str(&html[at..start]);
        at = end;
    }
    flat.push_str(&html[at..]);
    Html::parse_document(&flat)
}

/// The line of the first tag [`parse_document`] removes for nesting deeper than
/// [`MAX_NESTING`], if any, for a diagnostic.
pub fn deep_nesting(html: &str) -> Option<u32> {
    let (start, _) = *nesting_cuts(html).first()?;
    Some(u32::try_from(html[..start].matches('\n').count() + 1).unwrap_or(u32::MAX))
}

/// Elements with no end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "frame", "keygen",
];
/// Elements whose content is text up to their end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "noembed",
    "noframes",
    "iframe",
    "plaintext",
];
/// Elements whose end tag is implied by what follows: not counted (a page of unclosed `li`s
/// is not deep).
const IMPLIED_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "rb",
    "rt", "rp", "rtc", "caption", "colgroup", "html", "head", "body",
];

/// Byte ranges of the start and end tags of elements nested deeper than [`MAX_NESTING`], by a
/// linear scan that follows tags the way the parser nests them (closely enough: elements
/// closed implicitly are not counted, so the depth is never overestimated by them).
fn nesting_cuts(html: &str) -> Vec<(usize, usize)> {
    let b = html.as_bytes();
    // Open counted elements: name (as written; compared ignoring ASCII case) and whether its
    // tags are kept. Names are borrowed from `html`: a tag costs no allocation.
    let mut open: Vec<(&[u8], bool)> = Vec::new();
    let listed =
        |list: &[&str], name: &[u8]| list.iter().any(|n| n.as_bytes().eq_ignore_ascii_case(name));
    let mut cuts = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr_lt(&b[i..]) {
        let lt = i + off;
        let rest = &html[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(b.len(), |e| lt + 4 + e + 3);
            continue;
        }
        let closing = b.get(lt + 1) == Some(&b'/');
        let name_at = lt + 1 + usize::from(closing);
        let name_len = b[name_at.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
            .count();
        if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let end = tag_end(b, name_at + name_len);
        let name = &b[name_at..name_at + name_len];
        if closing {
            // Close the nearest open element of that name among the innermost few (a stray
            // end tag is ignored, as the parser ignores it).
            let found = open
                .iter()
                .rev()
                .take(8)
                .position(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|k| open.len() - 1 - k);
            if let Some(j) = found {
                if !open[j].1 {
                    cuts.push((lt, end));
                }
                open.truncate(j);
            }
            i = end;
            continue;
        }
        let self_closing = b[..end].ends_with(b"/>");
        if listed(RAW_TEXT, name) {
            i = find_end_tag(b, end, name);
            continue;
        }
        if !self_closing && !listed(VOID, name) && !listed(IMPLIED_END, name) {
            let keep = open.len() < MAX_NESTING;
            if !keep {
                cuts.push((lt, end));
            }
            open.push((name, keep));
        }
        i = end;
    }
    cuts
}

/// The offset of `</name` (any case) at or after `from`, or the end.
fn find_end_tag(b: &[u8], mut from: usize, name: &[u8]) -> usize {
    while let Some(off) = memchr_lt(&b[from..]) {
        let at = from + off;
        let tag = b.get(at + 2..at + 2 + name.len());
        if b.get(at + 1) == Some(&b'/') && tag.is_some_and(|t| t.eq_ignore_ascii_case(name)) {
            return at;
        }
        from = at + 1;
    }
    b.len()
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    memchr::memchr(b'<', b)
}

/// The offset after the `>` ending a tag whose attributes start at `i` (quotes respected).
fn tag_end(b: &[u8], mut i: usize) -> usize {
    let mut quote = None;
    while i < b.len() {
        match (quote, b[i]) {
            (None, b'"' | b'\'') => quote = Some(b[i]),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Renders `html` into non-empty text lines.
///
/// The walk is a loop over an explicit stack (one frame per open element), so nesting depth
/// costs heap, never call stack: a page of 100 000 nested `div`s renders on a 2 MiB thread.
pub fn html_to_lines(html: &str) -> Vec<Line> {
    let doc = parse_document(html);
    let mut r = Renderer {
        source: html,
        cursor: 0,
        cursor_line: 1,
        lines: Vec::new(),
        current: String::new(),
        current_line: None,
        budget: 4 * html.len() + (1 << 20),
    };
    r.walk(*doc.root_element());
    r.flush();
    r.lines
}

/// What to do when an element's children are done.
enum Close {
    /// Nothing (inline elements).
    Inline,
    /// End the line (block elements).
    Block,
    /// End a table row: trim, end the line.
    Row,
    /// End a table cell: close it with ` | ` unless it left nothing to close.
    Cell { before: usize, lines_before: usize },
}

/// An element being walked: its next child to visit.
struct Frame<'a> {
    next: Option<NodeRef<'a, Node>>,
    pre: bool,
    /// A `tr`: only its `td`/`th` children are read.
    row: bool,
    close: Close,
}

struct Renderer<'a> {
    source: &'a str,
    cursor: usize,
    cursor_line: u32,
    lines: Vec<Line>,
    current: String,
    current_line: Option<u32>,
    /// Bytes the source searches may still scan beyond their window (see [`Renderer::locate`]).
    budget: usize,
}

/// How far past the cursor a text is looked for before the search spends [`Renderer::budget`].
const WINDOW: usize = 4096;

impl Renderer<'_> {
    fn flush(&mut self) {
        let text = self.current.trim_matches(|c: char| c.is_ascii_whitespace());
        if !text.trim().is_empty() {
            self.lines.push(Line {
                text: text.to_string(),
                source_line: self.current_line.unwrap_or(self.cursor_line),
            });
        }
        self.current.clear();
        self.current_line = None;
    }

    /// Advances the source cursor to the next occurrence of `text` (its first characters), so
    /// lines know where they came from. The cursor only moves forward; a text not found
    /// verbatim (character references, CRLF) is looked for within [`WINDOW`] bytes, and
    /// beyond that only while the page's scan budget (a few times its size) lasts, so a page of
    /// such texts stays linear.
    fn locate(&mut self, text: &str) -> u32 {
        let probe: String = text
            .trim()
            .chars()
            .take_while(|c| *c != '&' && *c != '<' && *c != '\u{a0}')
            .take(24)
            .collect();
        if !probe.is_empty() {
            let rest = &self.source[self.cursor..];
            let window = floor_boundary(rest, WINDOW);
            let found = match rest[..window].find(&probe) {
                Some(off) => Some(off),
                None if self.budget >= rest.len() => {
                    let found = rest.find(&probe);
                    self.budget -= found.unwrap_or(rest.len());
                    found
                }
                None => None,
            };
            if let Some(off) = found {
                let end = self.cursor + off;
                self.cursor_line += self.source[self.cursor..end].matches('\n').count() as u32;
                self.cursor = end;
            }
        }
        self.cursor_line
    }

    fn push_text(&mut self, text: &str, pre: bool) {
        if text.is_empty() {
            return;
        }
        if self.current_line.is_none() && !text.trim().is_empty() {
            self.current_line = Some(self.locate(text));
        }
        if pre {
            let mut first = true;
            for part in text.split('\n') {
                if !first {
                    self.flush();
                }
                first = false;
                self.current.push_str(part.trim_end_matches('\r'));
            }
            return;
        }
        for c in text.chars() {
            if c.is_ascii_whitespace() {
                if !self.current.is_empty() && !self.current.ends_with(' ') {
                    self.current.push(' ');
                }
            } else {
                self.current.push(c);
            }
        }
    }

    /// Walks `root` in document order with an explicit stack.
    fn walk<'a>(&mut self, root: NodeRef<'a, Node>) {
        let mut stack: Vec<Frame<'a>> = Vec::new();
        self.visit(root, false, &mut stack);
        while let Some(top) = stack.last_mut() {
            let Some(node) = top.next else {
                if let Some(frame) = stack.pop() {
                    self.close(frame.close);
                }
                continue;
            };
            top.next = node.next_sibling();
            let (pre, row) = (top.pre, top.row);
            if row {
                // A table row: each cell's content followed by ` |`, like text captures.
                if let Some(cell) = ElementRef::wrap(node) {
                    if matches!(cell.value().name(), "td" | "th") {
                        stack.push(Frame {
                            next: node.first_child(),
                            pre,
                            row: false,
                            close: Close::Cell {
                                before: self.current.trim_end().len(),
                                lines_before: self.lines.len(),
                            },
                        });
                    }
                }
                continue;
            }
            self.visit(node, pre, &mut stack);
        }
    }

    /// Reads a node met in the walk: text is pushed, an element's children are scheduled.
    fn visit<'a>(&mut self, node: NodeRef<'a, Node>, pre: bool, stack: &mut Vec<Frame<'a>>) {
        let name = match node.value() {
            Node::Text(t) => return self.push_text(t, pre),
            Node::Element(e) => e.name(),
            _ => return,
        };
        if SKIPPED.contains(&name) {
            return;
        }
        let (close, row) = match name {
            "br" => return self.flush(),
            "tr" => (Close::Row, true),
            _ if BLOCK.contains(&name) => (Close::Block, false),
            _ => (Close::Inline, false),
        };
        if !matches!(close, Close::Inline) {
            self.flush();
        }
        stack.push(Frame {
            next: node.first_child(),
            pre: pre || name == "pre" || name == "textarea",
            row,
            close,
        });
    }

    fn close(&mut self, close: Close) {
        match close {
            Close::Inline => {}
            Close::Block => self.flush(),
            Close::Row => {
                let trimmed = self.current.trim_end().len();
                self.current.truncate(trimmed);
                self.flush();
            }
            Close::Cell {
                before,
                lines_before,
            } => {
                let cell_text_empty = self.current.trim_end().len() == before;
                // A cell whose blocks were already flushed as lines leaves nothing to close.
                let flushed = self.lines.len() != lines_before && self.current.trim().is_empty();
                if (cell_text_empty && self.current.trim().is_empty()) || flushed {
                    return;
                }
                let trimmed = self.current.trim_end().len();
                self.current.truncate(trimmed);
                self.current.push_str(" | ");
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        html_to_lines(html).into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn blocks_rows_cells_and_breaks_become_lines() {
        let html = "<html><head><title>t</title><script>x()</script></head><body>\n\
            <div>Collaboration APIs</div>\n<p>Updates <b>provided</b> phone</p>\n\
            <table><tr><td>HTTP method</td><td>PUT</td></tr>\n\
            <tr><td>URI</td><td>https://api.rambase.net/a/{id}</td></tr></table>\n\
            <div>one<br>two</div></body></html>";
        assert_eq!(
            texts(html),
            [
                "Collaboration APIs",
                "Updates provided phone",
                "HTTP method | PUT |",
                "URI | https://api.rambase.net/a/{id} |",
                "one",
                "two"
            ]
        );
    }

    #[test]
    fn cells_made_of_blocks_become_lines_without_a_dangling_pipe() {
        let html = "<table><tr><td>- URI parameter {id}</td><td><div>Contact identifier</div>\
            <div>Integer, minimum 1</div></td></tr></table>";
        assert_eq!(
            texts(html),
            [
                "- URI parameter {id} |",
                "Contact identifier",
                "Integer, minimum 1"
            ]
        );
    }

    #[test]
    fn keeps_nbsp_and_pre_lines_and_reports_source_lines() {
        let html =
            "<body>\n<pre>1\n\u{a0}\u{a0}&lt;Key\n</pre>\n<div>\u{a0}\u{a0}\u{a0}x</div></body>";
        let lines = html_to_lines(html);
        let t: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(t, ["1", "\u{a0}\u{a0}<Key", "\u{a0}\u{a0}\u{a0}x"]);
        assert_eq!(lines[0].source_line, 2);
        assert_eq!(lines[2].source_line, 5);
    }
}
