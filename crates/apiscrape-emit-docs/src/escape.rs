//! Escaping of documentation text for Markdown and HTML output.
//!
//! Text read from the docs is data, never markup: every function here turns arbitrary text into
//! Markdown or HTML that *displays* that text literally (tested by parsing the output back with
//! a CommonMark/GFM parser). Handlebars never re-evaluates data, so `{{x}}` in a description is
//! already literal; HTML tags, Markdown emphasis, table pipes, math `$` and entity references
//! are what these functions neutralise.

/// Normalises line endings and splits text into paragraphs (separated by blank lines), each a
/// list of trimmed, non-empty lines.
fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        } else {
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether `rest` (the text after a `&`) would make `&rest` an HTML entity reference.
fn looks_like_entity(rest: &str) -> bool {
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .collect();
    !name.is_empty() && rest[name.len()..].starts_with(';')
}

/// Escapes one line of text for Markdown so it displays literally wherever inline text may
/// go, including at the start of a line (block markers) and in a GFM table cell.
fn md_line(line: &str, out: &mut String) {
    // Block-level markers only matter at the start of a line.
    let mut start = 0;
    let bytes = line.as_bytes();
    match bytes.first() {
        Some(b'-' | b'+' | b'=' | b'#') => {
            out.push('\\');
            out.push(bytes[0] as char);
            start = 1;
        }
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if matches!(bytes.get(digits), Some(b'.' | b')')) {
                out.push_str(&line[..digits]);
                out.push('\\');
                out.push(bytes[digits] as char);
                start = digits + 1;
            }
        }
        _ => {}
    }
    let rest = &line[start..];
    for (i, c) in rest.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_entity(&rest[i + 1..]) => out.push_str("\\&"),
            // A lone tab or other control character would not survive a table cell.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Escapes text for inline Markdown: a heading, a link text or a table cell. Line breaks
/// become `<br>`, so the result is always a single line.
pub fn md_inline(text: &str) -> String {
    let mut out = String::new();
    for (pi, para) in paragraphs(text).iter().enumerate() {
        if pi > 0 {
            out.push_str("<br><br>");
        }
        for (li, line) in para.iter().enumerate() {
            if li > 0 {
                out.push_str("<br>");
            }
            md_line(line, &mut out);
        }
    }
    out
}

/// Escapes multi-paragraph text as Markdown block content: paragraphs stay paragraphs, single
/// line breaks become hard breaks (a trailing backslash).
pub fn md_block(text: &str) -> String {
    let mut out = String::new();
    for (pi, para) in paragraphs(text).iter().enumerate() {
        if pi > 0 {
            out.push_str("\n\n");
        }
        for (li, line) in para.iter().enumerate() {
            if li > 0 {
                out.push_str("\\\n");
            }
            md_line(line, &mut out);
        }
    }
    out
}

fn longest_backtick_run(text: &str) -> usize {
    let mut best = 0;
    let mut cur = 0;
    for c in text.chars() {
        if c == '`' {
            cur += 1;
            best = best.max(cur);
        } else {
            cur = 0;
        }
    }
    best
}

/// An inline code span showing `text` byte for byte (line breaks become spaces). With
/// `in_table`, `|` is written as `\|`, which GFM turns back into `|` inside table cells only.
pub fn md_code(text: &str, in_table: bool) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if flat.is_empty() {
        return String::new();
    }
    let body = if in_table {
        flat.replace('|', "\\|")
    } else {
        flat
    };
    let fence = "`".repeat(longest_backtick_run(&body) + 1);
    // A leading or trailing backtick, or text that is all spaces, needs padding; CommonMark
    // strips exactly one space from each side when both are present.
    let pad = body.starts_with('`')
        || body.ends_with('`')
        || (body.starts_with(' ') && body.ends_with(' ') && body.trim() != "");
    if pad {
        format!("{fence} {body} {fence}")
    } else {
        format!("{fence}{body}{fence}")
    }
}

/// A fenced code block with info string `lang`, its fence longer than any backtick run inside.
pub fn md_fence(lang: &str, text: &str) -> String {
    let fence = "`".repeat((longest_backtick_run(text) + 1).max(3));
    let body = text.trim_end_matches('\n');
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("{fence}{lang}\n{body}\n{fence}")
}

/// A URL as a Markdown link destination (`<...>` form), with characters that could end it
/// percent-encoded.
pub fn md_url(url: &str) -> String {
    let mut out = String::from("<");
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

/// Escapes text for HTML content and attribute values (`&`, `<`, `>`, `"`, `'`).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an inline context such as a table cell, with the line structure Markdown cells get
/// from [`md_inline`]: escaped, line breaks as `<br>`, paragraphs separated by `<br><br>`.
pub fn html_lines(text: &str) -> String {
    paragraphs(text)
        .iter()
        .map(|p| p.iter().map(|l| html(l)).collect::<Vec<_>>().join("<br>"))
        .collect::<Vec<_>>()
        .join("<br><br>")
}

/// Multi-paragraph text as HTML `<p>` elements, line breaks as `<br>`.
pub fn html_block(text: &str) -> String {
    paragraphs(text)
        .iter()
        .map(|p| {
            let lines: Vec<String> = p.iter().map(|l| html(l)).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a URL may become a link: only `http` and `https` (never `javascript:` and friends).
pub fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escapes_markup_and_keeps_words_readable() {
        assert_eq!(md_inline("Type of phone"), "Type of phone");
        assert_eq!(
            md_inline("<script>alert(1)</script> a|b *c* {{x}}"),
            "\\<script\\>alert(1)\\</script\\> a\\|b \\*c\\* {{x}}"
        );
        assert_eq!(md_inline("$access_token"), "\\$access\\_token");
        assert_eq!(md_inline("- item\n1. two"), "\\- item<br>1\\. two");
        assert_eq!(md_inline("Q&A &amp;"), "Q&A \\&amp;");
    }

    #[test]
    fn code_spans_grow_their_fence_and_escape_pipes_only_in_tables() {
        assert_eq!(md_code("a`b", false), "``a`b``");
        assert_eq!(md_code("`x", false), "`` `x ``");
        assert_eq!(md_code("^(a|b)$", true), "`^(a\\|b)$`");
        assert_eq!(md_code("^(a|b)$", false), "`^(a|b)$`");
    }

    #[test]
    fn fences_are_longer_than_any_backtick_run() {
        assert_eq!(md_fence("json", "{}"), "```json\n{}\n```");
        assert_eq!(md_fence("", "a ```` b"), "`````\na ```` b\n`````");
    }

    #[test]
    fn html_escapes_and_web_urls_only() {
        assert_eq!(
            html("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(html_block("a\nb\n\nc"), "<p>a<br>b</p>\n<p>c</p>");
        assert!(is_web_url("https://api.rambase.net/x"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("https://a b"));
    }
}
