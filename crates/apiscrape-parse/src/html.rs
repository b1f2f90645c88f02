//! Rendering an HTML page into text lines in document order, the way a browser's text
//! selection would: block elements and table rows start new lines, table cells are joined as
//! `cell | cell |`, `<br>` breaks the line, NBSP is kept, `pre` keeps its line breaks.
//!
//! Dialects whose pages are JavaScript applications with unstable class names (RamBase) parse
//! this text with the same grammar as a copied text page, so HTML and text give the same model.

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

/// Renders `html` into non-empty text lines.
pub fn html_to_lines(html: &str) -> Vec<Line> {
    let doc = Html::parse_document(html);
    let mut r = Renderer {
        source: html,
        cursor: 0,
        cursor_line: 1,
        lines: Vec::new(),
        current: String::new(),
        current_line: None,
    };
    r.element(doc.root_element(), false);
    r.flush();
    r.lines
}

struct Renderer<'a> {
    source: &'a str,
    cursor: usize,
    cursor_line: u32,
    lines: Vec<Line>,
    current: String,
    current_line: Option<u32>,
}

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
    /// lines know where they came from. Linear: the cursor only moves forward.
    fn locate(&mut self, text: &str) -> u32 {
        let probe: String = text
            .trim()
            .chars()
            .take_while(|c| *c != '&' && *c != '<' && *c != '\u{a0}')
            .take(24)
            .collect();
        if !probe.is_empty() {
            if let Some(off) = self.source[self.cursor..].find(&probe) {
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

    fn element(&mut self, el: ElementRef<'_>, pre: bool) {
        let name = el.value().name();
        if SKIPPED.contains(&name) {
            return;
        }
        match name {
            "br" => {
                self.flush();
                return;
            }
            "tr" => {
                self.flush();
                self.row(el, pre);
                self.flush();
                return;
            }
            _ => {}
        }
        let block = BLOCK.contains(&name);
        let pre = pre || name == "pre" || name == "textarea";
        if block {
            self.flush();
        }
        self.children(el, pre);
        if block {
            self.flush();
        }
    }

    fn children(&mut self, el: ElementRef<'_>, pre: bool) {
        for child in el.children() {
            match child.value() {
                Node::Text(t) => self.push_text(t, pre),
                Node::Element(_) => {
                    if let Some(child_el) = ElementRef::wrap(child) {
                        self.element(child_el, pre);
                    }
                }
                _ => {}
            }
        }
    }

    /// A table row: each cell's content followed by ` |`, like text captures of tables.
    fn row(&mut self, tr: ElementRef<'_>, pre: bool) {
        for cell in tr.children().filter_map(ElementRef::wrap) {
            let n = cell.value().name();
            if n != "td" && n != "th" {
                continue;
            }
            let before = self.current.trim_end().len();
            let lines_before = self.lines.len();
            self.children(cell, pre);
            let cell_text_empty = self.current.trim_end().len() == before;
            // A cell whose blocks were already flushed as lines leaves nothing to close.
            let flushed = self.lines.len() != lines_before && self.current.trim().is_empty();
            if (cell_text_empty && self.current.trim().is_empty()) || flushed {
                continue;
            }
            let trimmed = self.current.trim_end().len();
            self.current.truncate(trimmed);
            self.current.push_str(" | ");
        }
        let trimmed = self.current.trim_end().len();
        self.current.truncate(trimmed);
    }
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
