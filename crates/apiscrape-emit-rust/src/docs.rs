//! Rustdoc text from documentation text: escaping, code spans, links.
//!
//! Text from the docs is Markdown-neutralised so rustdoc renders it as written: characters that
//! would start emphasis, links, HTML tags or code are escaped, leading indentation (which would
//! make an indented code block, i.e. a doctest) is removed, and bare URLs become autolinks so
//! `rustdoc::bare_urls` stays quiet.

use proc_macro2::TokenStream;
use quote::quote;

/// Escapes one piece of prose for rustdoc; URLs become `<autolinks>`.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in s.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut first = true;
        for word in line.trim().split(' ') {
            if !first {
                out.push(' ');
            }
            first = false;
            out.push_str(&word_text(word));
        }
    }
    out
}

/// Escapes documentation text whose lines are paragraphs (the model separates paragraphs with
/// `\n`): each non-blank line becomes a rustdoc paragraph of its own, so that none runs into
/// the next (Markdown joins lines separated by a single newline).
pub fn paragraphs(s: &str) -> String {
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(text)
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn word_text(word: &str) -> String {
    for scheme in ["https://", "http://"] {
        if let Some(pos) = word.find(scheme) {
            let (pre, rest) = word.split_at(pos);
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
                .unwrap_or(rest.len());
            let (url, post) = rest.split_at(end);
            let trimmed = url.trim_end_matches(['.', ',', ')', ';', ':', '|']);
            let tail = &url[trimmed.len()..];
            return format!("{}<{trimmed}>{}{}", escape(pre), escape(tail), escape(post));
        }
    }
    escape(word)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown code span holding `s` verbatim (regexes, wire names, values).
pub fn code(s: &str) -> String {
    let s = s.replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 || s.starts_with(' ') || s.ends_with(' ') {
        format!("{fence} {s} {fence}")
    } else if s.is_empty() {
        "`\u{a0}`".to_string()
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// Removes what cannot stand in a doc comment: control characters (a bare CR is an error,
/// tabs become spaces) and the bidirectional-override code points rustc rejects.
pub fn sanitize(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{FEFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// `#[doc = ..]` attributes, one per line; a blank line between paragraphs is kept.
pub fn attrs(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    let clean: Vec<String> = lines.iter().map(|l| sanitize(l)).collect();
    let mut all: Vec<&str> = Vec::new();
    for l in &clean {
        all.extend(l.split('\n'));
    }
    while all.last().is_some_and(|l| l.trim().is_empty()) {
        all.pop();
    }
    for line in all {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        out.extend(quote!(#[doc = #line]));
    }
    out
}

/// Inner `#![doc = ..]` attributes.
pub fn inner_attrs(lines: &[String]) -> TokenStream {
    let mut out = TokenStream::new();
    for l in lines {
        for line in sanitize(l).split('\n') {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            out.extend(quote!(#![doc = #line]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_neutralised_and_urls_autolinked() {
        assert_eq!(
            text("True if *this* is <b>it</b>"),
            r"True if \*this\* is \<b\>it\</b\>"
        );
        assert_eq!(
            text("see [Authorization] `x`"),
            r"see \[Authorization\] \`x\`"
        );
        assert_eq!(
            text("Read https://api.rambase.net/docs. Then go."),
            "Read <https://api.rambase.net/docs>. Then go."
        );
        assert_eq!(
            text("    indented\n  # not a heading"),
            "indented\n\\# not a heading"
        );
        assert_eq!(text("a | b & c"), r"a \| b \& c");
    }

    #[test]
    fn control_and_bidi_characters_are_removed() {
        assert_eq!(sanitize("a\rb\tc\u{202e}d\u{7}e\nf"), "ab cde\nf");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code(r"^([0-9\(\)\s\.\+\-])*$"), r"`^([0-9\(\)\s\.\+\-])*$`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("^(GET|PUT)$"), "`^(GET|PUT)$`");
    }
}
