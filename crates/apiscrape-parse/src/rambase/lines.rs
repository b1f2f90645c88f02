//! The page as numbered text lines, whatever its rendering, and the boilerplate sentences that
//! divide it into sections.
//!
//! Text pages are split on newlines; saved HTML is rendered with [`crate::html::html_to_lines`]
//! first, so every later step reads the same kind of line. Rendering A glues section-opening
//! sentences to the end of the body's JSON half (`": "{String}"The query string is placed…`);
//! such lines are split so each sentence starts its own line.

use crate::diag::PageDiagnostics;
use crate::html::html_to_lines;
use crate::page::{Page, PageFormat};

/// One line of the page with its 1-based source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ln {
    /// The text, trimmed of surrounding whitespace (NBSP included).
    pub text: String,
    /// 1-based line in the source file.
    pub line: u32,
}

/// Sections of a page, in the order they appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Section {
    /// The request body (XML and JSON halves).
    RequestBody,
    /// Query parameters.
    Query,
    /// Named filters and filter fields.
    Filters,
    /// Sortable fields.
    Sortable,
    /// The response body.
    Response,
    /// Available operations.
    Operations,
    /// Error codes.
    Errors,
}

/// Sentences that open a section, with the section they open. Matched as prefixes, so a
/// sentence cut off by the capture still opens its section.
pub(crate) const SECTION_STARTS: &[(&str, Section)] = &[
    (
        "The following body must be added to the request",
        Section::RequestBody,
    ),
    (
        "The query string is placed after the resource URL",
        Section::Query,
    ),
    (
        "Read more about filters and sorting on how to use filter parameters",
        Section::Filters,
    ),
    (
        "Read more about filters and sorting on how to use sortable parameters",
        Section::Sortable,
    ),
    (
        "Requesting this resource will yield the following response",
        Section::Response,
    ),
    (
        "List of available operations/actions for this resource",
        Section::Operations,
    ),
    (
        "Possible error codes the response might return",
        Section::Errors,
    ),
];

/// Boilerplate sentences that carry no facts and open no section.
pub(crate) const BOILERPLATE: &[&str] = &[
    "Please note that some fields may be removed from the response",
    "See the operations documentation for more information about API operations",
    "Note: Log in to check if your API client have access to run this resource",
    "Note: Log in to check if your API client has access to run this resource",
];

/// The section a line opens, if it is a section-opening sentence.
pub(crate) fn section_start(text: &str) -> Option<Section> {
    let t = text.trim_start_matches(['|', ' ']);
    SECTION_STARTS
        .iter()
        .find(|(s, _)| t.starts_with(s) || (t.len() >= 30 && s.starts_with(t)))
        .map(|(_, sec)| *sec)
}

/// Whether the line is a known boilerplate sentence (or the start of one).
pub(crate) fn is_boilerplate(text: &str) -> bool {
    // The code view's caption (`Format: YYYYMM` in a description is not).
    text == "Format:"
        || BOILERPLATE
            .iter()
            .any(|s| text.starts_with(s) || (text.len() >= 20 && s.starts_with(text)))
}

/// The page as lines: text split on newlines, HTML rendered to text, `# source:` headers
/// dropped, glued section sentences split off, blank lines removed.
///
/// A page that stops mid-line (text without a final newline, HTML without its closing tag)
/// may end in a cut-off value; its last line is dropped with a warning unless it is a table
/// row closed by its pipe (`… |`).
pub(crate) fn page_lines(page: &Page, problems: &mut PageDiagnostics) -> Vec<Ln> {
    let mut out = render_lines(page);
    let format = format_of(page);
    let stops_mid_line = match format {
        PageFormat::Text => !page
            .text
            .rsplit('\n')
            .next()
            .unwrap_or("")
            .trim()
            .is_empty(),
        PageFormat::Html => !page.text.trim_end().ends_with('>'),
    };
    if stops_mid_line {
        if let Some(last) = out.last() {
            // In HTML the cell pipes are the renderer's, not the page's: no evidence.
            let closed_row =
                format == PageFormat::Text && (last.text.ends_with(" |") || last.text == "|");
            if !closed_row {
                problems.warn(
                    last.line,
                    format!(
                        "the page stops in the middle of its last line; `{}` may be cut off and is not read",
                        last.text.chars().take(60).collect::<String>()
                    ),
                );
                out.pop();
            }
        }
    }
    out
}

/// Markup or text. A text capture of rendering B shows XML elements (`<Body`, `<Html>`), which
/// page detection may take for markup; RamBase text captures never start with a tag, saved
/// HTML always does.
pub(crate) fn format_of(page: &Page) -> PageFormat {
    match page.format {
        PageFormat::Html if !page.text.trim_start().starts_with('<') => PageFormat::Text,
        f => f,
    }
}

fn render_lines(page: &Page) -> Vec<Ln> {
    let raw: Vec<Ln> = match format_of(page) {
        PageFormat::Html => html_to_lines(&page.text)
            .into_iter()
            .flat_map(|l| {
                // `pre` blocks keep their own newlines inside one rendered line.
                let line = l.source_line;
                l.text
                    .split('\n')
                    .map(|t| Ln {
                        text: t.to_string(),
                        line,
                    })
                    .collect::<Vec<_>>()
            })
            .collect(),
        PageFormat::Text => page
            .text
            .split('\n')
            .enumerate()
            .map(|(i, t)| Ln {
                text: t.to_string(),
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
            })
            .collect(),
    };
    let mut out = Vec::with_capacity(raw.len());
    for (i, l) in raw.into_iter().enumerate() {
        let text = l.text.trim();
        if text.is_empty() {
            continue;
        }
        if i < 5 && is_capture_header(text) {
            continue;
        }
        split_glued(text, l.line, &mut out);
    }
    out
}

/// `# source: URL` / `# via: …` lines apiscrape's text captures start with.
fn is_capture_header(text: &str) -> bool {
    let t = text.strip_prefix("<!--").unwrap_or(text).trim_start();
    t.starts_with("# source:") || t.starts_with("# via:") || t.starts_with("saved from url=")
}

/// Splits a line before every section sentence that does not start it.
fn split_glued(text: &str, line: u32, out: &mut Vec<Ln>) {
    // One automaton for every sentence, built once: a `str::find` per sentence and line built
    // a searcher each time (18 % of reading 5,000 RamBase pages).
    static SENTENCES: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(SECTION_STARTS.iter().map(|(s, _)| s))
                .expect("the section sentences are valid patterns")
        });
    let mut rest = text;
    loop {
        // The leftmost sentence after the first byte.
        let cut = rest
            .get(1..)
            .and_then(|r| SENTENCES.find(r))
            .map(|m| m.start() + 1);
        match cut {
            Some(i) => {
                let head = rest[..i].trim();
                if !head.is_empty() {
                    out.push(Ln {
                        text: head.to_string(),
                        line,
                    });
                }
                rest = &rest[i..];
            }
            None => {
                out.push(Ln {
                    text: rest.trim().to_string(),
                    line,
                });
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_glued_to_the_json_half() {
        let page = Page::new(
            "a.txt",
            "x\n\u{a0}\u{a0}\": \"{String}\"The query string is placed after the resource URL, etc.\n\n",
        );
        let mut problems = PageDiagnostics::new("a.txt");
        let lines = page_lines(&page, &mut problems);
        assert!(problems.is_empty());
        let t: Vec<_> = lines.iter().map(|l| (l.text.as_str(), l.line)).collect();
        assert_eq!(
            t,
            [
                ("x", 1),
                ("\": \"{String}\"", 2),
                ("The query string is placed after the resource URL, etc.", 2)
            ]
        );
        assert_eq!(section_start(&lines[2].text), Some(Section::Query));
    }

    /// Several sentences glued into one line come apart in the order they appear, whatever
    /// their order in `SECTION_STARTS`; a sentence that starts the line is not split off.
    #[test]
    fn splits_every_glued_sentence_in_order() {
        let mut out = Vec::new();
        split_glued(
            "Requesting this resource will yield the following response}\"The query string is placed after the resource URL.]The following body must be added to the request",
            7,
            &mut out,
        );
        let t: Vec<_> = out.iter().map(|l| (l.text.as_str(), l.line)).collect();
        assert_eq!(
            t,
            [
                (
                    "Requesting this resource will yield the following response}\"",
                    7
                ),
                ("The query string is placed after the resource URL.]", 7),
                ("The following body must be added to the request", 7),
            ]
        );
    }
}
