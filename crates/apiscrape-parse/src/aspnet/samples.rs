//! Request/response formats and their samples: media types with synthetic examples, failed or
//! unavailable samples as notes, and what samples teach beyond the tables (XML root name and
//! namespace, JSON wire names, enum members). Samples come from the Help Page's
//! `ObjectGenerator`, so their values are placeholders: they are examples marked synthetic and
//! never defaults or enum values, except an enum's own member (the generator picks the first).

use super::block::{Block, BlockKind};
use crate::diag::PageDiagnostics;
use apiscrape_model::{Example, MediaKind, MediaType, XmlName};

/// Reads a Formats section: each `h4.sample-header` (media types joined by `, `) and the
/// sample after it; what the JSON and XML samples show about themselves (not JSON, cut off)
/// goes to the page's `diagnostics`.
pub(crate) fn media_types(items: &[&Block], diagnostics: &mut PageDiagnostics) -> Vec<MediaType> {
    let mut out: Vec<MediaType> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut header = String::new();
    let mut filled = true;
    for b in items {
        match &b.kind {
            BlockKind::SampleHeader(h) => {
                current.clear();
                filled = false;
                header = h.trim().to_string();
                for name in h.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    if let Some(i) = out.iter().position(|m| m.name == name) {
                        current.push(i);
                    } else {
                        out.push(MediaType::new(name));
                        current.push(out.len() - 1);
                    }
                }
            }
            BlockKind::Sample(text) if !filled => {
                apply(&mut out, &current, text);
                check(&header, text, b.line, diagnostics);
                filled = true;
            }
            BlockKind::Para(p) if !filled && p.trim() != "Sample:" => {
                let text = p.trim().strip_prefix("Sample:").unwrap_or(p).trim();
                apply(&mut out, &current, text);
                check(&header, text, b.line, diagnostics);
                filled = true;
            }
            _ => {}
        }
    }
    out
}

/// Reports a JSON sample that is not JSON (nothing is learnt from it), and a JSON or XML
/// sample that is cut off (its complete part is read).
fn check(header: &str, text: &str, line: u32, diagnostics: &mut PageDiagnostics) {
    if classify(text).0.is_none() {
        return;
    }
    let kinds = MediaKind::of_list(header);
    let json = kinds.contains(&MediaKind::Json);
    if kinds.contains(&MediaKind::Xml) && !json {
        let (root, end) = read_xml(text);
        if end == XmlEnd::Truncated {
            let last = line + text.trim_end().matches('\n').count() as u32;
            let read_part = match root {
                Some(r) => format!(
                    "its complete part is read (root `{}`, the elements closed before the cut, and the names of those it stops in), the text it stops in is not",
                    r.name
                ),
                None => "it has no complete part, so nothing is read from it".to_string(),
            };
            diagnostics.note(
                last,
                format!("the `{header}` sample is cut off (it stops inside an unclosed element); {read_part}"),
            );
        }
        return;
    }
    if !json {
        return;
    }
    // Line of the sample's first non-blank line on the page.
    let lead = text.len() - text.trim_start().len();
    let first = line + text[..lead].matches('\n').count() as u32;
    let page_line = |l: u32| first + l.saturating_sub(1);
    let read = read_json(text.trim_start());
    match read.end {
        JsonEnd::Complete => {}
        JsonEnd::Malformed { line: l, message } => diagnostics.warn(
            page_line(l),
            format!(
                "the `{header}` sample is not valid JSON ({message}, line {l} of the sample); nothing is read from it"
            ),
        ),
        JsonEnd::Truncated {
            last_complete_line,
            line: l,
        } => {
            let read_part = if read.value.is_some() && last_complete_line > 0 {
                format!(
                    "its complete key/value pairs and items (through line {last_complete_line} of the sample) are read, the value it stops in is not"
                )
            } else {
                "it has no complete part, so nothing is read from it".to_string()
            };
            diagnostics.note(
                page_line(l),
                format!(
                    "the `{header}` sample is cut off (it stops on line {l} of the sample, inside an unclosed value); {read_part}"
                ),
            );
        }
    }
}

fn apply(out: &mut [MediaType], current: &[usize], text: &str) {
    let (example, note) = classify(text);
    for &i in current {
        out[i].example = example.clone();
        out[i].note = note.clone();
    }
}

/// A sample's text as an example, or a note when it is not a sample of the format.
pub fn classify(text: &str) -> (Option<Example>, Option<String>) {
    let t = text.trim();
    if t.is_empty() {
        return (None, Some("The sample is empty.".into()));
    }
    let lower = t.to_lowercase();
    if lower.starts_with("failed to generate the sample")
        || lower.starts_with("an exception has occurred while using the formatter")
        || lower == "sample not available."
        || lower.trim_end_matches('.') == "no sample available"
        || lower.starts_with("binary json content.")
        || (lower.starts_with("[image:") && lower.ends_with(']'))
    {
        return (None, Some(t.to_string()));
    }
    (
        Some(Example {
            value: text.to_string(),
            synthetic: true,
        }),
        None,
    )
}

/// The example text of the first media type of `kind` ([`MediaKind`]) that shows one.
pub fn example_of(media: &[MediaType], kind: MediaKind) -> Option<&str> {
    media
        .iter()
        .filter(|m| m.kind() == kind)
        .find_map(|m| m.example.as_ref().map(|e| e.value.as_str()))
}

/// The XML root element and namespace shown by the XML sample.
pub fn xml_root_of(media: &[MediaType]) -> Option<XmlName> {
    let root = read_xml(example_of(media, MediaKind::Xml)?).0?;
    Some(XmlName {
        name: root.name.clone(),
        namespace: root.namespace(),
    })
}

/// An XML element of a sample.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct XmlElem {
    /// Local name.
    pub name: String,
    /// Prefix, when written.
    pub prefix: Option<String>,
    /// Attributes (qualified name, value).
    pub attrs: Vec<(String, String)>,
    /// Child elements.
    pub children: Vec<XmlElem>,
    /// Text content (unescaped, trimmed).
    pub text: String,
}

impl XmlElem {
    /// The element's namespace (default `xmlns`, or that of its prefix).
    pub fn namespace(&self) -> Option<String> {
        let key = match &self.prefix {
            Some(p) => format!("xmlns:{p}"),
            None => "xmlns".to_string(),
        };
        self.attrs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
    }

    /// Whether the element is `i:nil="true"`.
    pub fn is_nil(&self) -> bool {
        self.attrs
            .iter()
            .any(|(k, v)| (k == "nil" || k.ends_with(":nil")) && v == "true")
    }

    /// The first child with local name `name` (exact, else ignoring case).
    pub fn child(&self, name: &str) -> Option<&XmlElem> {
        self.children.iter().find(|c| c.name == name).or_else(|| {
            self.children
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(name))
        })
    }
}

/// Parses a complete sample's XML (machine-written, indented). `None` on anything malformed
/// or cut off.
pub fn parse_xml(text: &str) -> Option<XmlElem> {
    match read_xml(text) {
        (root, XmlEnd::Complete) => root,
        _ => None,
    }
}

/// How an XML sample read ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlEnd {
    /// One complete root element.
    Complete,
    /// The text stops inside the root: the complete elements were read.
    Truncated,
    /// Not XML: nothing is read.
    Malformed,
}

/// Deepest element nesting read in an XML sample.
pub const MAX_XML_DEPTH: usize = 128;

/// Reads an XML sample in one pass with an explicit stack (depth budget [`MAX_XML_DEPTH`]);
/// every turn of the loop consumes input or ends the read. A text that stops early gives the
/// root with its complete elements (an element the text stops in keeps its complete
/// children, never its cut text).
pub fn read_xml(text: &str) -> (Option<XmlElem>, XmlEnd) {
    let mut p = XmlParser {
        s: text.as_bytes(),
        src: text,
        i: 0,
    };
    // Open elements with their qualified names and text so far.
    let mut stack: Vec<(XmlElem, String, String)> = Vec::new();
    let mut root: Option<XmlElem> = None;
    let truncated = |mut stack: Vec<(XmlElem, String, String)>| {
        let mut done: Option<XmlElem> = None;
        while let Some((mut el, _, _)) = stack.pop() {
            if let Some(child) = done.take() {
                el.children.push(child);
            }
            done = Some(el);
        }
        (done, XmlEnd::Truncated)
    };
    loop {
        if stack.is_empty() {
            if !p.misc() {
                return (root, XmlEnd::Truncated);
            }
            if p.i >= p.s.len() {
                return match root {
                    Some(r) => (Some(r), XmlEnd::Complete),
                    None => (None, XmlEnd::Truncated),
                };
            }
            if root.is_some() || !p.starts("<") || p.starts("</") {
                return (None, XmlEnd::Malformed);
            }
        }
        if p.i >= p.s.len() {
            return truncated(stack);
        }
        let before = p.i;
        if p.starts("</") {
            p.i += 2;
            let Some(close) = p.name() else {
                return if p.i >= p.s.len() {
                    truncated(stack)
                } else {
                    (None, XmlEnd::Malformed)
                };
            };
            p.skip_ws();
            if p.i >= p.s.len() {
                return truncated(stack);
            }
            let Some((mut el, qname, text)) = stack.pop() else {
                return (None, XmlEnd::Malformed);
            };
            if close != qname || !p.starts(">") {
                return (None, XmlEnd::Malformed);
            }
            p.i += 1;
            el.text = unescape(text.trim());
            match stack.last_mut() {
                Some(parent) => parent.0.children.push(el),
                None => root = Some(el),
            }
        } else if p.starts("<!--") || p.starts("<?") {
            if !p.misc() {
                return truncated(stack);
            }
        } else if p.starts("<![CDATA[") {
            p.i += 9;
            let Some(k) = p.src.get(p.i..).and_then(|r| r.find("]]>")) else {
                return truncated(stack);
            };
            let (a, b) = (p.i, p.i + k);
            if let Some(top) = stack.last_mut() {
                top.2.push_str(&p.src[a..b]);
            }
            p.i = b + 3;
        } else if p.starts("<") {
            if stack.len() >= MAX_XML_DEPTH {
                return (None, XmlEnd::Malformed);
            }
            match p.start_tag() {
                Tag::Cut => return truncated(stack),
                Tag::Bad => return (None, XmlEnd::Malformed),
                Tag::Empty(el) => match stack.last_mut() {
                    Some(parent) => parent.0.children.push(el),
                    None => root = Some(el),
                },
                Tag::Open(el, qname) => stack.push((el, qname, String::new())),
            }
        } else {
            let start = p.i;
            while p.i < p.s.len() && p.s[p.i] != b'<' {
                p.i += 1;
            }
            if p.i >= p.s.len() {
                // Text the sample stops in is never data.
                return truncated(stack);
            }
            if let (Some(top), Some(t)) = (stack.last_mut(), p.src.get(start..p.i)) {
                top.2.push_str(t);
            }
        }
        // Proof of progress: every turn consumed input.
        if p.i <= before {
            return (None, XmlEnd::Malformed);
        }
    }
}

/// A start tag as read.
enum Tag {
    /// `<a/>`.
    Empty(XmlElem),
    /// `<a>` with its qualified name.
    Open(XmlElem, String),
    /// The text stops inside the tag.
    Cut,
    /// Not a tag.
    Bad,
}

struct XmlParser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl XmlParser<'_> {
    fn starts(&self, pat: &str) -> bool {
        self.s[self.i.min(self.s.len())..].starts_with(pat.as_bytes())
    }

    fn skip_ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn skip_past(&mut self, pat: &str) -> Option<()> {
        let rest = self.src.get(self.i..)?;
        let k = rest.find(pat)?;
        self.i += k + pat.len();
        Some(())
    }

    /// Skips whitespace, declarations, comments and doctypes; `false` when the text stops
    /// inside one.
    fn misc(&mut self) -> bool {
        loop {
            self.skip_ws();
            let end = if self.starts("<?") {
                "?>"
            } else if self.starts("<!--") {
                "-->"
            } else if self.starts("<!") && !self.starts("<![CDATA[") {
                ">"
            } else {
                return true;
            };
            if self.skip_past(end).is_none() {
                self.i = self.s.len();
                return false;
            }
        }
    }

    fn name(&mut self) -> Option<String> {
        let start = self.i;
        while self.i < self.s.len() {
            let c = self.s[self.i];
            if c.is_ascii_whitespace() || matches!(c, b'>' | b'/' | b'=' | b'<') {
                break;
            }
            self.i += 1;
        }
        (self.i > start).then(|| self.src.get(start..self.i).map(str::to_string))?
    }

    /// Reads `<name attr="v" ...>` or `.../>` at `<`.
    fn start_tag(&mut self) -> Tag {
        self.i += 1;
        let Some(qname) = self.name() else {
            return if self.i >= self.s.len() {
                Tag::Cut
            } else {
                Tag::Bad
            };
        };
        let (prefix, name) = match qname.split_once(':') {
            Some((p, n)) => (Some(p.to_string()), n.to_string()),
            None => (None, qname.clone()),
        };
        let mut el = XmlElem {
            name,
            prefix,
            ..XmlElem::default()
        };
        loop {
            self.skip_ws();
            if self.i >= self.s.len() {
                return Tag::Cut;
            }
            if self.starts("/>") {
                self.i += 2;
                return Tag::Empty(el);
            }
            if self.starts(">") {
                self.i += 1;
                return Tag::Open(el, qname);
            }
            let Some(key) = self.name() else {
                return Tag::Bad;
            };
            self.skip_ws();
            if self.i >= self.s.len() {
                return Tag::Cut;
            }
            if !self.starts("=") {
                return Tag::Bad;
            }
            self.i += 1;
            self.skip_ws();
            let Some(&quote) = self.s.get(self.i) else {
                return Tag::Cut;
            };
            if quote != b'"' && quote != b'\'' {
                return Tag::Bad;
            }
            self.i += 1;
            let start = self.i;
            while self.i < self.s.len() && self.s[self.i] != quote {
                self.i += 1;
            }
            if self.i >= self.s.len() {
                return Tag::Cut;
            }
            let Some(raw) = self.src.get(start..self.i) else {
                return Tag::Bad;
            };
            el.attrs.push((key, unescape(raw)));
            self.i += 1;
        }
    }
}

/// `s` with XML's five predefined entities decoded, in one pass (no entity decodes to `&`
/// before `&amp;` would, so `&amp;lt;` is `&lt;`); anything else is kept as it is.
fn unescape(s: &str) -> String {
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((entity, c)) => {
                out.push(*c);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A JSON sample read in document order (serde_json's map is sorted; samples list properties
/// in declaration order, which the model keeps). Containers say whether the text closed them:
/// a cut-off sample keeps its complete key/value pairs and items, never the cut value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// An object's complete key/value pairs in document order; `false` when the text stops
    /// inside it.
    Object(Vec<(String, Json)>, bool),
    /// An array's complete items; `false` when the text stops inside it.
    Array(Vec<Json>, bool),
    /// A string, number, boolean or null.
    Scalar(serde_json::Value),
}

impl Json {
    /// Whether the text closed this value and everything in it.
    pub fn is_complete(&self) -> bool {
        match self {
            Json::Object(entries, done) => *done && entries.iter().all(|(_, v)| v.is_complete()),
            Json::Array(items, done) => *done && items.iter().all(Json::is_complete),
            Json::Scalar(_) => true,
        }
    }
}

/// How a JSON sample read ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonEnd {
    /// The whole text is one JSON value.
    Complete,
    /// The text stops inside the value (line of the sample where it stops, 1-based); the
    /// complete part was read.
    Truncated {
        /// Line (of the sample) of the last complete pair or item, 0 when there is none.
        last_complete_line: u32,
        /// Line (of the sample) where the text stops.
        line: u32,
    },
    /// The text is not JSON; nothing is read.
    Malformed {
        /// Line (of the sample) of the problem.
        line: u32,
        /// What is wrong.
        message: String,
    },
}

/// A JSON sample's tolerant read: the value (or its complete part) and how the read ended.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonRead {
    /// The value, `None` when malformed or when no complete part exists.
    pub value: Option<Json>,
    /// How the read ended.
    pub end: JsonEnd,
}

/// Deepest nesting read in a sample (the Help Page generator nests far less).
pub const MAX_SAMPLE_DEPTH: usize = 128;

/// An open container while reading.
enum Open {
    Object {
        entries: Vec<(String, Json)>,
        key: Option<String>,
        /// A `,` was read and a key must follow.
        after_comma: bool,
        line: u32,
    },
    Array {
        items: Vec<Json>,
        after_comma: bool,
        line: u32,
    },
}

impl Open {
    /// An empty object (`{`) or array (`[`) opened on `line`.
    fn new(object: bool, line: u32) -> Open {
        if object {
            Open::Object {
                entries: Vec::new(),
                key: None,
                after_comma: false,
                line,
            }
        } else {
            Open::Array {
                items: Vec::new(),
                after_comma: false,
                line,
            }
        }
    }

    fn close(self, complete: bool) -> Json {
        match self {
            Open::Object { entries, .. } => Json::Object(entries, complete),
            Open::Array { items, .. } => Json::Array(items, complete),
        }
    }
}

/// Reads a JSON sample in one pass with an explicit stack (depth budget
/// [`MAX_SAMPLE_DEPTH`]): every turn of the loop consumes input or ends the read. A text that
/// stops early gives its complete part ([`JsonEnd::Truncated`]); a mismatched bracket or any
/// other error gives [`JsonEnd::Malformed`] with the sample line.
pub fn read_json(text: &str) -> JsonRead {
    let s = text.as_bytes();
    let mut i = 0usize;
    let mut line = 1u32;
    let mut stack: Vec<Open> = Vec::new();
    let mut last_complete_line = 0u32;
    let malformed = |line: u32, message: String| JsonRead {
        value: None,
        end: JsonEnd::Malformed { line, message },
    };
    loop {
        // Whitespace.
        while i < s.len() && s[i].is_ascii_whitespace() {
            if s[i] == b'\n' {
                line += 1;
            }
            i += 1;
        }
        if i >= s.len() {
            if stack.is_empty() {
                return JsonRead {
                    value: None,
                    end: JsonEnd::Truncated {
                        last_complete_line,
                        line,
                    },
                };
            }
            return JsonRead {
                value: close_cut_off(stack),
                end: JsonEnd::Truncated {
                    last_complete_line,
                    line,
                },
            };
        }
        let before = i;
        let c = s[i];
        // What the innermost container expects next.
        let (expect_value, expect_key) = match stack.last() {
            None => (true, false),
            Some(Open::Object {
                entries,
                key,
                after_comma,
                ..
            }) => {
                if key.is_some() {
                    (true, false)
                } else {
                    (false, entries.is_empty() || *after_comma)
                }
            }
            Some(Open::Array {
                items, after_comma, ..
            }) => (items.is_empty() || *after_comma, false),
        };
        let mut complete: Option<Json> = None;
        match c {
            b'}' | b']' => match close_container(&mut stack, c) {
                Ok(value) => {
                    i += 1;
                    complete = Some(value);
                }
                Err(message) => return malformed(line, message),
            },
            b',' => {
                if !accept_comma(&mut stack) {
                    return malformed(line, "unexpected `,`".into());
                }
                i += 1;
            }
            b'"' if expect_key => match key_and_colon(text, i, &mut line) {
                Ok(Some((key, end))) => {
                    i = end;
                    if let Some(Open::Object {
                        key: k,
                        after_comma,
                        ..
                    }) = stack.last_mut()
                    {
                        *k = Some(key);
                        *after_comma = false;
                    }
                }
                // The text stops inside the key or before its colon.
                Ok(None) => i = s.len(),
                Err(message) => return malformed(line, message),
            },
            _ if !expect_value => {
                return malformed(
                    line,
                    format!("unexpected `{}`", text[i..].chars().next().unwrap_or('?')),
                );
            }
            b'{' | b'[' => {
                if stack.len() >= MAX_SAMPLE_DEPTH {
                    return malformed(
                        line,
                        format!("nested deeper than {MAX_SAMPLE_DEPTH} levels"),
                    );
                }
                i += 1;
                stack.push(Open::new(c == b'{', line));
            }
            b'"' => {
                let Some(end) = string_end(s, i) else {
                    i = s.len();
                    continue;
                };
                match serde_json::from_str::<serde_json::Value>(&text[i..end]) {
                    Ok(v) => complete = Some(Json::Scalar(v)),
                    Err(e) => return malformed(line, format!("bad string: {e}")),
                }
                i = end;
            }
            _ => match literal(text, i, !stack.is_empty()) {
                Ok(Some((value, end))) => {
                    complete = Some(Json::Scalar(value));
                    i = end;
                }
                // A number or literal the text stops in may be cut (`12` of `123`).
                Ok(None) => i = s.len(),
                Err(message) => return malformed(line, message),
            },
        }
        // Proof of progress: every turn consumed input.
        if i <= before {
            return malformed(line, "the reader made no progress".into());
        }
        if let Some(v) = complete {
            last_complete_line = line;
            if let Some(root) = attach(&mut stack, v) {
                // The root is complete: only whitespace may follow.
                let rest = &text[i..];
                if let Some(off) = rest.find(|c: char| !c.is_whitespace()) {
                    let at = line + rest[..off].matches('\n').count() as u32;
                    return malformed(at, "text after the JSON value".into());
                }
                return JsonRead {
                    value: Some(root),
                    end: JsonEnd::Complete,
                };
            }
        }
    }
}

/// Puts a complete value into the innermost container; gives it back when it is the root.
fn attach(stack: &mut [Open], v: Json) -> Option<Json> {
    match stack.last_mut() {
        None => return Some(v),
        Some(Open::Object { entries, key, .. }) => {
            if let Some(k) = key.take() {
                entries.push((k, v));
            }
        }
        Some(Open::Array {
            items, after_comma, ..
        }) => {
            items.push(v);
            *after_comma = false;
        }
    }
    None
}

/// The object key starting at `start` (a `"`) and the index after its `:`, counting newlines
/// into `line`; `None` when the text stops first, an error when the key is no string or the
/// colon is missing.
fn key_and_colon(
    text: &str,
    start: usize,
    line: &mut u32,
) -> Result<Option<(String, usize)>, String> {
    let s = text.as_bytes();
    let Some(end) = string_end(s, start) else {
        return Ok(None);
    };
    let key: String =
        serde_json::from_str(&text[start..end]).map_err(|e| format!("bad string: {e}"))?;
    let mut i = end;
    while i < s.len() && s[i].is_ascii_whitespace() {
        if s[i] == b'\n' {
            *line += 1;
        }
        i += 1;
    }
    if i >= s.len() {
        return Ok(None);
    }
    if s[i] != b':' {
        return Err(format!("`:` is missing after key `{key}`"));
    }
    Ok(Some((key, i + 1)))
}

/// The number or literal (`true`, `null`) starting at `start` and where it ends; `None` when
/// the text stops inside it while a container is open (it may be cut), an error when it is no
/// JSON value.
fn literal(
    text: &str,
    start: usize,
    nested: bool,
) -> Result<Option<(serde_json::Value, usize)>, String> {
    let s = text.as_bytes();
    let mut end = start;
    while end < s.len() && !b",]}:[{\" \t\r\n".contains(&s[end]) {
        end += 1;
    }
    if end >= s.len() && nested {
        return Ok(None);
    }
    let token = &text[start..end];
    match serde_json::from_str::<serde_json::Value>(token) {
        Ok(v) if !v.is_object() && !v.is_array() && !v.is_string() => Ok(Some((v, end))),
        _ => {
            let shown: String = token.chars().take(40).collect();
            Err(format!("`{shown}` is not a JSON value"))
        }
    }
}

/// Closes every container a cut-off text left open, as incomplete, dropping a key without its
/// value; gives the root, if anything was open.
fn close_cut_off(mut stack: Vec<Open>) -> Option<Json> {
    let mut value: Option<Json> = None;
    while let Some(mut open) = stack.pop() {
        if let Some(v) = value.take() {
            match &mut open {
                Open::Object { entries, key, .. } => {
                    if let Some(k) = key.take() {
                        entries.push((k, v));
                    }
                }
                Open::Array { items, .. } => items.push(v),
            }
        }
        value = Some(open.close(false));
    }
    value
}

/// Closes the innermost container with `c` (`}` or `]`): the complete value, or why the
/// bracket does not fit.
fn close_container(stack: &mut Vec<Open>, c: u8) -> Result<Json, String> {
    let trailing_comma = matches!(
        stack.last(),
        Some(
            Open::Object {
                after_comma: true,
                ..
            } | Open::Array {
                after_comma: true,
                ..
            }
        )
    );
    let pending_key = matches!(stack.last(), Some(Open::Object { key: Some(_), .. }));
    let Some(open) = stack.pop() else {
        return Err(format!("`{}` closes nothing", c as char));
    };
    let (is_object, opened) = match &open {
        Open::Object { line, .. } => (true, *line),
        Open::Array { line, .. } => (false, *line),
    };
    if is_object != (c == b'}') {
        return Err(format!(
            "`{}` closes the `{}` opened on line {opened}",
            c as char,
            if is_object { '{' } else { '[' }
        ));
    }
    if trailing_comma || pending_key {
        return Err(format!("a value is missing before `{}`", c as char));
    }
    Ok(open.close(true))
}

/// Takes a `,` in the innermost container; false where a comma cannot stand.
fn accept_comma(stack: &mut [Open]) -> bool {
    match stack.last_mut() {
        Some(Open::Object {
            entries,
            key: None,
            after_comma,
            ..
        }) if !entries.is_empty() && !*after_comma => {
            *after_comma = true;
            true
        }
        Some(Open::Array {
            items, after_comma, ..
        }) if !items.is_empty() && !*after_comma => {
            *after_comma = true;
            true
        }
        _ => false,
    }
}

/// The end (one past the closing quote) of the string starting at `start`, `None` when the
/// text stops inside it.
fn string_end(s: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < s.len() {
        match s[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Whether a sample value is a generator placeholder rather than a meaningful token
/// (`sample string 3`, numbers, dates, GUIDs, `http://webapihelppage1.com`).
pub fn is_placeholder_value(s: &str) -> bool {
    let t = s.trim();
    t.is_empty()
        || t.starts_with("sample string")
        || t.starts_with("http://webapihelppage")
        || t.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-')
        || t == "true"
        || t == "false"
        || t.len() == 36 && t.chars().filter(|c| *c == '-').count() == 4
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One pass decodes what the five replacements in a row decoded: `&amp;` last, so an
    /// escaped entity stays one.
    #[test]
    fn xml_entities_decode_once() {
        let sequential = |s: &str| {
            s.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&")
        };
        for s in [
            "",
            "plain",
            "a &lt;b&gt; &quot;c&quot; &apos;d&apos; e &amp; f",
            "&amp;lt; &amp;amp; &&lt;amp; &lt &#60; &; &amp",
            "&&&&lt;;&gt&gt;é&amp;",
        ] {
            assert_eq!(unescape(s), sequential(s), "{s:?}");
        }
        assert_eq!(unescape("&amp;lt;"), "&lt;");
    }

    #[test]
    fn parses_sample_xml_root_and_children() {
        let x = "<Phone xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns=\"http://schemas.datacontract.org/2004/07/CaliberAPI\">\n  <AreaCode>sample string 3</AreaCode>\n  <Child i:nil=\"true\" />\n  <d2p1:int>1</d2p1:int>\n</Phone>";
        let root = parse_xml(x).unwrap();
        assert_eq!(root.name, "Phone");
        assert_eq!(
            root.namespace().as_deref(),
            Some("http://schemas.datacontract.org/2004/07/CaliberAPI")
        );
        assert_eq!(root.child("AreaCode").unwrap().text, "sample string 3");
        assert!(root.child("Child").unwrap().is_nil());
        assert_eq!(root.children[2].prefix.as_deref(), Some("d2p1"));
        assert_eq!(parse_xml("<a><b></a>"), None);
        assert_eq!(parse_xml("not xml"), None);
        assert_eq!(parse_xml("<a></a><b/>"), None);
        assert_eq!(read_xml("<a><b/></a> x").1, XmlEnd::Malformed);
        let deep = "<a>".repeat(MAX_XML_DEPTH + 1);
        assert_eq!(read_xml(&deep), (None, XmlEnd::Malformed));
    }

    /// Issue 16.5: a cut-off XML sample keeps its complete elements, never the cut text.
    #[test]
    fn cut_off_xml_keeps_its_complete_elements() {
        let x = "<Widget xmlns=\"http://x\">\n  <Id>1</Id>\n  <Maker>\n    <Name>sample string 2</Name>\n  </Maker>\n  <Badge>\n    <Code>3</Code>\n    <Label>sample str";
        let (root, end) = read_xml(x);
        assert_eq!(end, XmlEnd::Truncated);
        let root = root.unwrap();
        assert_eq!(root.namespace().as_deref(), Some("http://x"));
        let names: Vec<&str> = root.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Id", "Maker", "Badge"]);
        assert_eq!(
            root.child("Maker").unwrap().child("Name").unwrap().text,
            "sample string 2"
        );
        let badge = root.child("Badge").unwrap();
        assert_eq!(badge.child("Code").unwrap().text, "3");
        // The element the text stops in: kept by name, its cut text never read.
        assert_eq!(badge.child("Label").unwrap().text, "");
        assert_eq!(parse_xml(x), None);
        for cut in [
            "<Widget",
            "<Widget a=\"b",
            "<Widget><Id>1</Id",
            "<Widget><!-- c",
        ] {
            assert_eq!(read_xml(cut).1, XmlEnd::Truncated, "{cut}");
        }
    }

    fn scalar(v: serde_json::Value) -> Json {
        Json::Scalar(v)
    }

    #[test]
    fn json_reads_keep_key_order() {
        let r = read_json("{\"b\": [1, {\"z\": 1, \"a\\\"q\": \"x]\"}], \"a\": null}");
        assert_eq!(r.end, JsonEnd::Complete);
        assert_eq!(
            r.value.unwrap(),
            Json::Object(
                vec![
                    (
                        "b".into(),
                        Json::Array(
                            vec![
                                scalar(1.into()),
                                Json::Object(
                                    vec![
                                        ("z".into(), scalar(1.into())),
                                        ("a\"q".into(), scalar("x]".into()))
                                    ],
                                    true
                                )
                            ],
                            true
                        )
                    ),
                    ("a".into(), scalar(serde_json::Value::Null))
                ],
                true
            )
        );
    }

    fn malformed(text: &str) -> (u32, String) {
        match read_json(text) {
            JsonRead {
                value: None,
                end: JsonEnd::Malformed { line, message },
            } => (line, message),
            other => panic!("{text:?} read as {other:?}"),
        }
    }

    /// Issue 11.1: `[` closed by `}` looped forever growing memory; every mismatch is now an
    /// error with the sample line.
    #[test]
    fn mismatched_and_malformed_json_are_errors_with_lines() {
        assert_eq!(
            malformed("[}"),
            (1, "`}` closes the `[` opened on line 1".into())
        );
        assert_eq!(
            malformed("{\n  \"a\": [\n    1\n  }\n}"),
            (4, "`}` closes the `[` opened on line 2".into())
        );
        assert_eq!(
            malformed("{\"a\": 1]"),
            (1, "`]` closes the `{` opened on line 1".into())
        );
        assert_eq!(malformed("}"), (1, "`}` closes nothing".into()));
        assert_eq!(malformed("{\"a\" 1}").1, "`:` is missing after key `a`");
        assert_eq!(malformed("[1 2]").1, "unexpected `2`");
        assert_eq!(malformed("[1,]").1, "a value is missing before `]`");
        assert_eq!(malformed("{\"a\":}").1, "a value is missing before `}`");
        assert_eq!(malformed("[,]").1, "unexpected `,`");
        assert_eq!(malformed("{1: 2}").1, "unexpected `1`");
        assert_eq!(malformed("[sample]").1, "`sample` is not a JSON value");
        assert_eq!(malformed("{} {}"), (1, "text after the JSON value".into()));
        let deep = "[".repeat(MAX_SAMPLE_DEPTH + 1);
        assert_eq!(
            malformed(&deep).1,
            format!("nested deeper than {MAX_SAMPLE_DEPTH} levels")
        );
        // Linear: a long run of mismatches ends at the first one.
        let long = "[}".repeat(100_000);
        assert_eq!(malformed(&long).0, 1);
    }

    #[test]
    fn failed_samples_are_notes() {
        let (e, n) = classify("Failed to generate the sample for media type 'x'. Cannot use formatter 'F' to write type 'T'.");
        assert!(e.is_none());
        assert!(n.unwrap().starts_with("Failed to generate"));
        assert_eq!(
            classify("No sample available").1.as_deref(),
            Some("No sample available")
        );
        let (e, n) = classify("{\n  \"a\": 1\n}");
        assert!(e.unwrap().synthetic);
        assert!(n.is_none());
    }
}
