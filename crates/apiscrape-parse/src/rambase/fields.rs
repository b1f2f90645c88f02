//! The field-block grammar shared by request bodies and response bodies.
//!
//! A body is shown twice: an XML half (`<Phone` tooltip `>` … `{String}</Type>` …) and a JSON
//! half (`"phone` tooltip `":` `{` … `"{String}",` …). Rendering B keeps every token on its
//! own line (line numbers are removed before this module sees the lines); rendering A drops
//! tag openings, JSON keys, closing tags of wrappers and closing braces, and glues the rest
//! (`>{String}</Type>IsDefault`, `": {Type`). Both are lexed into the same [`Tok`] stream:
//! a tooltip is a run of text lines ended by `>` (XML) or `":` (JSON).
//!
//! The JSON half shows the structure (objects, lists, and in A the end of an object as a
//! missing comma); the XML half shows exact element names, list item elements and bare
//! wrappers. When the JSON half is complete it is the primary tree and the XML half is aligned
//! to it in document order. Otherwise (the page was cut, or shows no JSON half): rendering B
//! and saved HTML use their XML half, which closes every element, with lists taken from
//! whatever part of the JSON half is there or inferred from the XML shape (an element holding
//! only one kind of element); rendering A, whose XML half shows no wrapper ends, keeps the JSON
//! half's structure up to where it stops and places the rest of the XML half with every other
//! piece of evidence the page gives ([`merge_a`]). Where the page still does not tell, every
//! field is kept under the reading that assumes no end the page does not show, and a warning
//! names the fields, the reading chosen and the other possible ones: nothing is dropped for
//! not knowing where it belongs, and no guess goes unreported.
//!
//! Whatever the reader does not turn into fields is reported with its line, never dropped
//! without a word: a token out of place in either half (one warning per run of them on a
//! line), a closing tag that closes no open element, an element or value only one half shows
//! where the other goes on, a JSON value without a name, and a JSON half left incomplete
//! where the page goes on.
//!
//! Element names are Unicode identifiers (`Größe`, `Ñ`, `数量`), also allowing `-` and `.`.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::LazyLock;

/// A field's tooltip: title, flags, description and constraint lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tip {
    /// First line: the field name (may be missing in rendering A).
    pub title: Option<String>,
    /// `Required/mandatory field`.
    pub required: bool,
    /// `This field is optional.`
    pub optional: bool,
    /// Description lines.
    pub description: Vec<String>,
    /// `Applicable domain values can be found here`.
    pub domain_values: bool,
    /// `Minimum value: N`.
    pub min: Option<String>,
    /// `Maximum value: N`.
    pub max: Option<String>,
    /// `Default value: X`.
    pub default: Option<String>,
    /// `Input must match the following regular expression pattern: R`.
    pub pattern: Option<String>,
    /// `This field is expandable`: the page shows expandable response fields in grey, which
    /// text captures lose; a tooltip line is the form this parser reads (not observed yet).
    pub expandable: bool,
    /// Line of the tooltip's first line.
    pub line: u32,
}

const REQUIRED: &str = "Required/mandatory field";
const OPTIONAL: &str = "This field is optional.";
const DOMAIN: &str = "Applicable domain values can be found here";
const MIN: &str = "Minimum value:";
const MAX: &str = "Maximum value:";
const DEFAULT: &str = "Default value:";
const PATTERN: &str = "Input must match the following regular expression pattern:";
const EXPANDABLE: &str = "This field is expandable";

impl Tip {
    fn from_lines(lines: &[(String, u32)]) -> Tip {
        let mut tip = Tip {
            line: lines.first().map_or(0, |l| l.1),
            ..Tip::default()
        };
        for (i, (text, _)) in lines.iter().enumerate() {
            let t = text.as_str();
            if t == REQUIRED {
                tip.required = true;
            } else if t == OPTIONAL {
                tip.optional = true;
            } else if t.starts_with(DOMAIN) {
                tip.domain_values = true;
            } else if let Some(v) = t.strip_prefix(MIN) {
                tip.min = Some(v.trim().to_string());
            } else if let Some(v) = t.strip_prefix(MAX) {
                tip.max = Some(v.trim().to_string());
            } else if let Some(v) = t.strip_prefix(DEFAULT) {
                tip.default = Some(v.trim().to_string());
            } else if let Some(v) = t.strip_prefix(PATTERN) {
                // Byte-exact: only the single separating space goes.
                tip.pattern = Some(v.strip_prefix(' ').unwrap_or(v).to_string());
            } else if t.starts_with(EXPANDABLE) {
                tip.expandable = true;
            } else if i == 0 && is_identifier(t) {
                tip.title = Some(t.to_string());
            } else {
                tip.description.push(t.to_string());
            }
        }
        tip
    }

    /// The description as one text (lines joined with newlines).
    pub fn description_text(&self) -> Option<String> {
        (!self.description.is_empty()).then(|| self.description.join("\n"))
    }

    /// Treats the title as the first description line (the name was missing).
    fn demote_title(&mut self) {
        if let Some(t) = self.title.take() {
            self.description.insert(0, t);
        }
    }
}

/// An element name at the start of a text: a Unicode identifier (`Größe`, `Código`, `Ñ`,
/// `数量`) that may also hold `-` and `.`, as XML names do.
static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{XID_Start}_][\p{XID_Continue}\-.]*").expect("valid regex"));

/// Whether `s` looks like an element name.
pub(crate) fn is_identifier(s: &str) -> bool {
    !s.is_empty() && name_len(s) == s.len()
}

/// Byte length of the element name `s` starts with (0 when it starts with none).
pub(crate) fn name_len(s: &str) -> usize {
    NAME.find(s).map_or(0, |m| m.end())
}

/// Whether two element names or JSON keys name the same field: equal ignoring case, in any
/// script (`Ñandú` and its JSON key `ñandú`).
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// A lexed token of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A tooltip line.
    Text(String),
    /// `>` ending an XML tooltip.
    TipEndXml,
    /// `":` ending a JSON tooltip.
    TipEndJson,
    /// `<Name` (tooltip follows) or `<Name>` (bare).
    XmlOpen {
        name: String,
        bare: bool,
    },
    /// `</Name>`.
    XmlClose(String),
    /// `{Type}` or (`quoted`) `"{Type}"`.
    Value {
        ty: String,
        quoted: bool,
    },
    /// Something cut off mid-token (`{Stri`, `</Legal`).
    Cut(String),
    /// `"key` (tooltip follows) or `"key":` (bare).
    JsonKey {
        name: String,
        bare: bool,
    },
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Comma,
}

impl fmt::Display for Tok {
    /// The token as the page shows it (a value as `{Type}`, quoted or not).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Text(s) | Tok::Cut(s) => f.write_str(s),
            Tok::TipEndXml => f.write_str(">"),
            Tok::TipEndJson => f.write_str("\":"),
            Tok::XmlOpen { name, bare: true } => write!(f, "<{name}>"),
            Tok::XmlOpen { name, bare: false } => write!(f, "<{name}"),
            Tok::XmlClose(name) => write!(f, "</{name}>"),
            Tok::Value { ty, quoted: false } => write!(f, "{{{ty}}}"),
            Tok::Value { ty, quoted: true } => write!(f, "\"{{{ty}}}\""),
            Tok::JsonKey { name, bare: true } => write!(f, "\"{name}\":"),
            Tok::JsonKey { name, bare: false } => write!(f, "\"{name}"),
            Tok::LBrace => f.write_str("{"),
            Tok::RBrace => f.write_str("}"),
            Tok::LBracket => f.write_str("["),
            Tok::RBracket => f.write_str("]"),
            Tok::Comma => f.write_str(","),
        }
    }
}

/// A token with its source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct T {
    pub tok: Tok,
    pub line: u32,
}

/// Why a half of the body skips a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Skip {
    /// The token has no place in the grammar where it stands.
    NotUnderstood,
    /// `</Name>` closing no element that is open.
    UnmatchedClose,
}

/// The tokens a half of the body skips, each reported: one warning per run of consecutive
/// tokens on one line skipped for the same reason (five junk values glued together are one
/// problem, not five).
struct Skipped {
    /// `XML` or `JSON`.
    half: &'static str,
    /// The run being collected.
    run: Option<Run>,
}

/// A run of skipped tokens.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// First token and end (exclusive).
    start: usize,
    end: usize,
    line: u32,
    why: Skip,
    /// Where its problem goes in the list, so problems stay in token order.
    at: usize,
}

/// Most characters of skipped text a message quotes.
const SKIPPED_SHOWN: usize = 80;

impl Skipped {
    fn new(half: &'static str) -> Self {
        Skipped { half, run: None }
    }

    /// Records that token `i` of `toks` is skipped.
    fn skip(&mut self, toks: &[T], i: usize, why: Skip, problems: &mut Vec<Problem>) {
        let line = toks[i].line;
        match &mut self.run {
            Some(r) if r.end == i && r.line == line && r.why == why => r.end = i + 1,
            _ => {
                self.flush(toks, problems);
                self.run = Some(Run {
                    start: i,
                    end: i + 1,
                    line,
                    why,
                    at: problems.len(),
                });
            }
        }
    }

    /// Reports the run being collected, if any.
    fn flush(&mut self, toks: &[T], problems: &mut Vec<Problem>) {
        let Some(Run {
            start,
            end,
            line,
            why,
            at,
        }) = self.run.take()
        else {
            return;
        };
        let run = &toks[start..end];
        // Whole tokens up to the limit (at least one, itself cut at the limit), then a count.
        let mut text = String::new();
        let mut shown = 0;
        for (k, t) in run.iter().enumerate() {
            let mut tok = t.tok.to_string();
            if k > 0 && run[k - 1].tok == Tok::TipEndJson {
                // `": "{String}"` as the page shows it.
                tok.insert(0, ' ');
            }
            if shown > 0 && text.chars().count() + tok.chars().count() > SKIPPED_SHOWN {
                break;
            }
            text.push_str(&tok);
            shown += 1;
        }
        if let Some((cut, _)) = text.char_indices().nth(SKIPPED_SHOWN) {
            text.truncate(cut);
            text.push('…');
        }
        let more = match run.len() - shown {
            0 => String::new(),
            1 => " and 1 more token".to_string(),
            n => format!(" and {n} more tokens"),
        };
        let verb = if more.is_empty() { "is" } else { "are" };
        let message = match (why, run.len()) {
            (Skip::NotUnderstood, _) => format!(
                "`{text}`{more} in the {} half of the body {verb} not understood; ignored",
                self.half
            ),
            (Skip::UnmatchedClose, 1) => {
                format!("closing tag `{text}` without an opening tag; ignored")
            }
            (Skip::UnmatchedClose, _) => {
                format!("closing tags `{text}`{more} without an opening tag; ignored")
            }
        };
        problems.insert(
            at.min(problems.len()),
            Problem {
                dropped: None,
                line,
                message,
            },
        );
    }
}

struct Lexer {
    toks: Vec<T>,
    in_tip: bool,
    json: bool,
}

/// Lexes body lines (line numbers already removed).
pub(crate) fn lex(lines: &[(String, u32)]) -> Vec<T> {
    let mut lx = Lexer {
        toks: Vec::new(),
        in_tip: false,
        json: false,
    };
    for (text, line) in lines {
        let s = text.trim();
        if s.is_empty() {
            continue;
        }
        if lx.in_tip {
            if let Some(rest) = s.strip_prefix("\":") {
                lx.push(Tok::TipEndJson, *line);
                lx.in_tip = false;
                lx.json = true;
                lx.structural(rest, *line);
            } else if let Some(rest) = s.strip_prefix('>') {
                lx.push(Tok::TipEndXml, *line);
                lx.in_tip = false;
                lx.structural(rest, *line);
            } else {
                lx.push(Tok::Text(s.to_string()), *line);
            }
        } else {
            lx.structural(s, *line);
        }
    }
    lx.toks
}

fn type_name_len(s: &str) -> usize {
    s.bytes().take_while(|b| b.is_ascii_alphabetic()).count()
}

/// Length of `Type` when `s` starts with `{Type}`.
fn closed_type_len(s: &str) -> Option<usize> {
    let r = s.strip_prefix('{')?;
    let n = type_name_len(r);
    (n > 0 && r[n..].starts_with('}')).then_some(n)
}

impl Lexer {
    fn push(&mut self, tok: Tok, line: u32) {
        self.toks.push(T { tok, line });
    }

    /// Lexes structural tokens from the start of `s`; the rest of the line, if any, is the
    /// first line of the next tooltip.
    fn structural(&mut self, s: &str, line: u32) {
        let mut s = s;
        loop {
            s = s.trim_start();
            if s.is_empty() {
                return;
            }
            if let Some(r) = s.strip_prefix("</") {
                let n = name_len(r);
                if n > 0 && r[n..].starts_with('>') {
                    self.push(Tok::XmlClose(r[..n].to_string()), line);
                    s = &r[n + 1..];
                    continue;
                }
                if r[n..].trim().is_empty() {
                    self.push(Tok::Cut(s.to_string()), line);
                    return;
                }
            } else if let Some(r) = s.strip_prefix('<') {
                let n = name_len(r);
                if n > 0 {
                    let name = r[..n].to_string();
                    let rest = &r[n..];
                    if let Some(rest) = rest.strip_prefix('>') {
                        self.push(Tok::XmlOpen { name, bare: true }, line);
                        s = rest;
                        continue;
                    }
                    if rest.trim().is_empty() {
                        self.push(Tok::XmlOpen { name, bare: false }, line);
                        self.in_tip = true;
                        return;
                    }
                }
            } else if let Some(n) = closed_type_len(s) {
                // `{Type}`: the XML half's value. The JSON half quotes its values, and its `{`
                // is followed by a tooltip line, never by `Word}`; so this is a value in
                // either half (junk there is reported by the reader, not read as a brace).
                let ty = s[1..1 + n].to_string();
                self.push(Tok::Value { ty, quoted: false }, line);
                s = &s[n + 2..];
                continue;
            } else if !self.json && s.starts_with('{') {
                let n = type_name_len(&s[1..]);
                if n > 0 && s[1 + n..].trim().is_empty() {
                    self.push(Tok::Cut(s.to_string()), line);
                    return;
                }
                self.json = true;
                self.push(Tok::LBrace, line);
                s = &s[1..];
                continue;
            } else if let Some(r) = s.strip_prefix("\":") {
                self.json = true;
                self.push(Tok::TipEndJson, line);
                s = r;
                continue;
            } else if let Some(r) = s.strip_prefix('"') {
                self.json = true;
                if let Some(v) = r.strip_prefix('{') {
                    let n = type_name_len(v);
                    if n > 0 && v[n..].starts_with("}\"") {
                        let ty = v[..n].to_string();
                        self.push(Tok::Value { ty, quoted: true }, line);
                        s = &v[n + 2..];
                        continue;
                    }
                    if v[n..].trim_end_matches('}').trim().is_empty() {
                        self.push(Tok::Cut(s.to_string()), line);
                        return;
                    }
                } else {
                    let n = name_len(r);
                    if n > 0 {
                        let name = r[..n].to_string();
                        let rest = &r[n..];
                        if let Some(rest) = rest.strip_prefix("\":") {
                            self.push(Tok::JsonKey { name, bare: true }, line);
                            s = rest;
                            continue;
                        }
                        if rest.trim().is_empty() {
                            self.push(Tok::JsonKey { name, bare: false }, line);
                            self.in_tip = true;
                            return;
                        }
                    }
                }
            } else if let Some(r) = s.strip_prefix('>') {
                // The end of an XML tooltip, in either half: no JSON text starts with `>`.
                self.push(Tok::TipEndXml, line);
                s = r;
                continue;
            } else if self.json {
                let tok = match s.as_bytes()[0] {
                    b'{' => Some(Tok::LBrace),
                    b'}' => Some(Tok::RBrace),
                    b'[' => Some(Tok::LBracket),
                    b']' => Some(Tok::RBracket),
                    b',' => Some(Tok::Comma),
                    b':' => None,
                    _ => {
                        self.text(s, line);
                        return;
                    }
                };
                if let Some(tok) = tok {
                    self.push(tok, line);
                }
                s = &s[1..];
                continue;
            }
            self.text(s, line);
            return;
        }
    }

    fn text(&mut self, s: &str, line: u32) {
        self.push(Tok::Text(s.to_string()), line);
        self.in_tip = true;
    }
}

/// The shape of a node.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A value of the placeholder type (`String`).
    Leaf(String),
    /// An object with ordered children.
    Object(Vec<Node>),
    /// A list of one item shape (`None` when the item was cut off).
    List(Option<Box<Node>>),
}

/// One element of a body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// XML element name (exact case).
    pub name: String,
    /// JSON key as shown, when shown.
    pub key: Option<String>,
    /// The tooltip, when the element has one.
    pub tip: Option<Tip>,
    /// Leaf, object or list.
    pub kind: Kind,
    /// Line the element starts on.
    pub line: u32,
    /// Whether the name was inferred rather than shown (list items in rendering A).
    pub inferred_name: bool,
}

/// A problem found while reading a body, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub line: u32,
    pub message: String,
    /// The field the message says is left out, when it says so: checked against the final
    /// tree, so a field the other half shows is not claimed lost.
    pub dropped: Option<String>,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The result of reading a body.
#[derive(Debug, Default)]
pub(crate) struct BodyTree {
    /// Top-level elements (normally one: the root wrapper).
    pub top: Vec<Node>,
    /// Warnings.
    pub problems: Vec<Problem>,
    /// Notes about inferences.
    pub notes: Vec<Problem>,
}

/// Lower-cases the first letter: the JSON key of an XML element name.
pub(crate) fn json_key_of(name: &str) -> String {
    let mut c = name.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Upper-cases the first letter: the XML name of a JSON key.
pub(crate) fn xml_name_of(key: &str) -> String {
    let mut c = key.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The item element name of a list shown without one.
pub(crate) fn singular(name: &str) -> String {
    if let Some(s) = name.strip_suffix("ies") {
        format!("{s}y")
    } else if name.ends_with("ss") {
        format!("{name}Item")
    } else if let Some(s) = name.strip_suffix('s') {
        s.to_string()
    } else {
        format!("{name}Item")
    }
}

/// Reads a body from its lines (line numbers removed); `page_ends` says the page ends inside
/// it (the body is the page's last section), so a half may be cut off.
pub(crate) fn parse_body(lines: &[(String, u32)], page_ends: bool) -> BodyTree {
    let toks = lex(lines);
    let mut out = BodyTree::default();
    if toks.is_empty() {
        return out;
    }
    let split = json_start(&toks);
    let (xml_toks, json_toks) = toks.split_at(split);
    // Rendering B and saved HTML show the root's tag first; rendering A shows no tags (one
    // further in is junk, reported, not a sign of another rendering).
    let tagged = matches!(xml_toks.first().map(|t| &t.tok), Some(Tok::XmlOpen { .. }));
    let xml = xml_events(xml_toks, &mut out.problems, json_toks.is_empty(), tagged);
    let json = if json_toks.is_empty() {
        None
    } else {
        Some(json_tree(json_toks, &mut out.problems))
    };
    // Where the page ends in the body, a JSON half that ends on a comma was cut, and so was
    // one without braces (rendering A) that shows fewer values than the XML half. One in
    // braces (rendering B, saved HTML) shows where it ends, and one the page goes on after
    // was not cut: elements only the XML half shows are not a sign of a cut there, and a
    // JSON half that is still not complete is reported.
    let json = json.map(|mut j| {
        let xml_leaves = xml.iter().filter(|e| matches!(e, XEv::Leaf { .. })).count();
        let ends_open = page_ends && json_toks.last().is_some_and(|t| t.tok == Tok::Comma);
        let shows_end = j.braced || !page_ends;
        j.complete = j.complete && !ends_open && (shows_end || count_leaves(&j.top) >= xml_leaves);
        if !j.complete && !page_ends {
            out.problems.push(Problem {
                dropped: None,
                line: j.end_line,
                message: "the JSON half of the body is not complete, though the page goes on after it; the body is read from the XML half where the JSON half does not show it".into(),
            });
        }
        j
    });
    let json_used = json.is_some();
    if !json_used && tagged && !page_ends {
        // Rendering A without its JSON half says so where it places fields.
        out.notes.push(Problem {
            dropped: None,
            line: toks[0].line,
            message: "the body shows no JSON half, though the page goes on after it; it is read from the XML half alone".into(),
        });
    }
    match json {
        Some(j) if j.complete => {
            let mut top = j.top;
            let mut al = Align::new(&xml, &top);
            al.align(&mut top);
            al.report_rest();
            out.notes.append(&mut al.notes);
            out.problems.append(&mut al.problems);
            if let Some((x, js, line)) = al.disagree {
                out.notes.push(Problem {
                    dropped: None,
                    line,
                    message: format!(
                        "the XML half shows `{x}` where the JSON half shows `{js}`; the JSON half is followed from here on"
                    ),
                });
            }
            out.top = top;
        }
        other if !tagged => {
            // Rendering A: what the JSON half shows before it stops, then the XML half.
            out.top = merge_a(&xml, other, &mut out.problems, &mut out.notes);
        }
        other => {
            let partial = other.map(|j| j.top).unwrap_or_default();
            out.top = xml_tree(&xml, &partial, &mut out.problems, &mut out.notes);
        }
    }
    drop_unnamed(&mut out.top, &mut out.problems);
    // A field the XML half could not read but the JSON half shows is not lost.
    if json_used {
        for p in &mut out.problems {
            if let Some(name) = &p.dropped {
                if tree_has(&out.top, name) {
                    if let Some(what) = p.message.strip_suffix("; it is left out") {
                        p.message =
                            format!("{what}; the JSON half shows it, and it is read from there");
                    }
                    p.dropped = None;
                }
            }
        }
    }
    out
}

/// Leaves out the fields no half names: JSON values shown without key or tooltip title for
/// which the XML half shows no element. Each is reported, one warning per run of them on one
/// line (a tooltip's text is quoted, so it gets a warning of its own).
fn drop_unnamed(nodes: &mut Vec<Node>, problems: &mut Vec<Problem>) {
    if !nodes
        .iter()
        .any(|n| n.name.is_empty() || !matches!(n.kind, Kind::Leaf(_)))
    {
        return;
    }
    let mut kept = Vec::with_capacity(nodes.len());
    let mut run: Vec<Node> = Vec::new();
    for mut n in std::mem::take(nodes) {
        if n.name.is_empty() && matches!(n.kind, Kind::Leaf(_)) {
            let described = |r: &Node| r.tip.as_ref().is_some_and(|t| !t.description.is_empty());
            if run
                .last()
                .is_some_and(|r| r.line != n.line || described(r) || described(&n))
            {
                report_unnamed(&mut run, problems);
            }
            run.push(n);
            continue;
        }
        report_unnamed(&mut run, problems);
        match &mut n.kind {
            Kind::Object(c) => drop_unnamed(c, problems),
            Kind::List(Some(item)) => {
                if let Kind::Object(c) = &mut item.kind {
                    drop_unnamed(c, problems);
                }
            }
            _ => {}
        }
        kept.push(n);
    }
    report_unnamed(&mut run, problems);
    *nodes = kept;
}

fn report_unnamed(run: &mut Vec<Node>, problems: &mut Vec<Problem>) {
    let Some(first) = run.first() else { return };
    let values: Vec<String> = run
        .iter()
        .map(|n| match &n.kind {
            Kind::Leaf(ty) => format!("{{{ty}}}"),
            _ => String::new(),
        })
        .collect();
    let values = counted_names(values.iter().map(String::as_str));
    let tooltip = first
        .tip
        .as_ref()
        .and_then(|t| t.description.first())
        .map(|d| {
            let shown: String = d.chars().take(40).collect();
            let more = if shown.len() < d.len() { "…" } else { "" };
            format!(" (its tooltip says `{shown}{more}`)")
        })
        .unwrap_or_default();
    let message = if run.len() == 1 {
        format!("the JSON half shows value {values} without a field name{tooltip}, and the XML half shows no element for it; ignored")
    } else {
        format!("the JSON half shows values {values} without a field name, and the XML half shows no elements for them; ignored")
    };
    problems.push(Problem {
        dropped: None,
        line: first.line,
        message,
    });
    run.clear();
}

/// Whether a node named `name` (element name or JSON key) is in the tree.
fn tree_has(nodes: &[Node], name: &str) -> bool {
    let mut stack: Vec<&Node> = nodes.iter().collect();
    while let Some(n) = stack.pop() {
        if same_name(&n.name, name) || n.key.as_deref().is_some_and(|k| same_name(k, name)) {
            return true;
        }
        match &n.kind {
            Kind::Object(c) => stack.extend(c.iter()),
            Kind::List(Some(item)) => stack.push(item),
            _ => {}
        }
    }
    false
}

fn count_leaves(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .map(|n| match &n.kind {
            Kind::Leaf(_) => 1,
            Kind::Object(c) => count_leaves(c),
            Kind::List(Some(item)) => count_leaves(std::slice::from_ref(item)),
            Kind::List(None) => 0,
        })
        .sum()
}

/// Deepest nesting read; deeper elements are reported and left out (deep input must not
/// exhaust the stack of the recursive steps after this one).
pub(crate) const MAX_DEPTH: usize = 32;

/// Index of the first token of the JSON half (the tooltip lines of its first key included).
///
/// The JSON half starts by showing the body's first element again: `{` and its key
/// (rendering B, saved HTML) or its tooltip ended by `":` (rendering A). Where the page shows
/// that, the half starts there, so JSON-shaped junk inside the XML half is read (and
/// reported) as part of the XML half; otherwise it starts at the first JSON token.
fn json_start(toks: &[T]) -> usize {
    let first = first_json_token(toks);
    let name = match toks.first().map(|t| &t.tok) {
        Some(Tok::XmlOpen { name, .. }) => name.as_str(),
        Some(Tok::Text(t)) if is_identifier(t) => t.as_str(),
        _ => return first,
    };
    let repeats_first = |p: usize| match &toks[p].tok {
        Tok::LBrace => matches!(
            toks.get(p + 1).map(|t| &t.tok),
            Some(Tok::JsonKey { name: k, .. }) if same_name(k, name)
        ),
        Tok::Text(t) if same_name(t, name) && !matches!(toks[p - 1].tok, Tok::Text(_)) => {
            let tip_end = toks[p..]
                .iter()
                .position(|t| !matches!(t.tok, Tok::Text(_)))
                .map(|k| &toks[p + k].tok);
            tip_end == Some(&Tok::TipEndJson)
        }
        _ => false,
    };
    (first.max(1)..toks.len())
        .find(|&p| repeats_first(p))
        .unwrap_or(first)
}

/// Index of the first token of the JSON half by its first JSON-only token.
fn first_json_token(toks: &[T]) -> usize {
    let first = toks.iter().position(|t| {
        matches!(
            t.tok,
            Tok::TipEndJson
                | Tok::JsonKey { .. }
                | Tok::LBrace
                | Tok::RBrace
                | Tok::LBracket
                | Tok::RBracket
                | Tok::Comma
        )
    });
    let Some(mut i) = first else {
        return toks.len();
    };
    if toks[i].tok == Tok::TipEndJson {
        while i > 0 && matches!(toks[i - 1].tok, Tok::Text(_)) {
            i -= 1;
        }
    }
    i
}

/// An element of the XML half, in document order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum XEv {
    Open {
        name: String,
        tip: Option<Tip>,
        line: u32,
    },
    Leaf {
        name: String,
        tip: Tip,
        ty: String,
        line: u32,
    },
    Close {
        name: String,
    },
}

fn take_tip(toks: &[T], i: &mut usize) -> Option<Vec<(String, u32)>> {
    let mut lines = Vec::new();
    while let Some(T {
        tok: Tok::Text(s),
        line,
    }) = toks.get(*i)
    {
        lines.push((s.clone(), *line));
        *i += 1;
    }
    (!lines.is_empty()).then_some(lines)
}

/// The name a field's messages use: the tag name, else the tooltip's first line when it is a
/// name.
fn label_name(lines: &Option<Vec<(String, u32)>>, name: Option<&str>) -> Option<String> {
    name.map(str::to_string).or_else(|| {
        lines
            .as_ref()
            .and_then(|l| l.first())
            .map(|(t, _)| t.clone())
            .filter(|t| is_identifier(t))
    })
}

/// `field `Name`` for messages: the tag name, else the tooltip's first line.
fn field_label(lines: &Option<Vec<(String, u32)>>, name: Option<&str>) -> String {
    name.map(|n| format!("field `{n}`"))
        .or_else(|| {
            lines
                .as_ref()
                .and_then(|l| l.first())
                .map(|(t, _)| format!("field `{}`", t.chars().take(40).collect::<String>()))
        })
        .unwrap_or_else(|| "a field".to_string())
}

fn cut_message(lines: &Option<Vec<(String, u32)>>, name: Option<&str>) -> String {
    format!(
        "{} is cut off (page ends inside it); it is left out",
        field_label(lines, name)
    )
}

/// The XML half's elements. `last_half`: the page ends in this half; `tagged`: the half shows
/// tags (rendering B, saved HTML), so an opening tag in one that does not (rendering A) is
/// junk.
fn xml_events(toks: &[T], problems: &mut Vec<Problem>, last_half: bool, tagged: bool) -> Vec<XEv> {
    let mut evs = Vec::new();
    let mut skipped = Skipped::new("XML");
    // Names of the elements opened and not closed yet (rendering A never closes wrappers),
    // kept up to date with the events up to `seen`.
    let mut open: Vec<String> = Vec::new();
    // How many of each name are open, so a closing tag that closes none is found at once.
    let mut open_count: BTreeMap<String, usize> = BTreeMap::new();
    let mut seen = 0;
    let mut i = 0;
    while i < toks.len() {
        for ev in &evs[seen..] {
            if let XEv::Open { name, .. } = ev {
                open.push(name.clone());
                *open_count.entry(name.clone()).or_default() += 1;
            }
        }
        seen = evs.len();
        let t = &toks[i];
        match &t.tok {
            Tok::XmlOpen { .. } if !tagged => {
                skipped.skip(toks, i, Skip::NotUnderstood, problems);
                i += 1;
            }
            Tok::XmlOpen { name, bare: true } => {
                let (ev, used) = bare_element(toks, i, name, t.line);
                evs.push(ev);
                i += used;
            }
            Tok::XmlClose(name) => {
                let is_open = open_count.get(name).is_some_and(|c| *c > 0);
                let pos = is_open
                    .then(|| open.iter().rposition(|n| n == name))
                    .flatten();
                match pos {
                    Some(pos) => {
                        for closed in open.drain(pos..) {
                            if let Some(c) = open_count.get_mut(&closed) {
                                *c -= 1;
                            }
                        }
                        evs.push(XEv::Close { name: name.clone() });
                    }
                    None => skipped.skip(toks, i, Skip::UnmatchedClose, problems),
                }
                i += 1;
            }
            Tok::XmlOpen { .. } | Tok::Text(_) | Tok::TipEndXml => {
                let start = t.line;
                let tag = match &t.tok {
                    Tok::XmlOpen { name, .. } => {
                        i += 1;
                        Some(name.clone())
                    }
                    _ => None,
                };
                let lines = take_tip(toks, &mut i);
                if toks.get(i).map(|t| &t.tok) != Some(&Tok::TipEndXml) {
                    let at_end = i >= toks.len();
                    let problem =
                        unended_tip(&lines, tag.as_deref(), &evs, at_end && last_half, start);
                    problems.push(problem);
                    if !at_end {
                        i += 1;
                    }
                    continue;
                }
                i += 1; // `>`
                let mut tip = Tip::from_lines(&lines.unwrap_or_default());
                if tip.line == 0 {
                    tip.line = start;
                }
                match toks.get(i).map(|t| &t.tok) {
                    Some(Tok::Value { ty, .. }) => {
                        i += 1;
                        if let Some(ev) =
                            leaf_event(toks, &mut i, ty, tag, tip, start, last_half, problems)
                        {
                            evs.push(ev);
                        }
                    }
                    Some(Tok::Cut(c)) => {
                        let name = tag.or(tip.title.clone()).unwrap_or_default();
                        problems.push(Problem {
                            dropped: Some(name.clone()),
                            line: toks[i].line,
                            message: format!("field `{name}` is cut off at `{c}`; it is left out"),
                        });
                        i += 1;
                    }
                    None if last_half => {
                        // `>` is the last thing shown: leaf or object is not known.
                        let name = tag.or(tip.title.clone()).unwrap_or_default();
                        problems.push(Problem {
                            dropped: Some(name.clone()),
                            line: start,
                            message: format!(
                                "field `{name}` is cut off after its tooltip; it is left out"
                            ),
                        });
                    }
                    _ => {
                        let name = tag.or(tip.title.clone());
                        match name {
                            Some(name) => {
                                if tip.title.as_deref() != Some(name.as_str()) {
                                    tip.demote_title();
                                }
                                evs.push(XEv::Open {
                                    name,
                                    tip: Some(tip),
                                    line: start,
                                })
                            }
                            None => problems.push(Problem {
                                dropped: None,
                                line: start,
                                message: "an element without a name is left out".into(),
                            }),
                        }
                    }
                }
            }
            Tok::Cut(c) => {
                problems.push(Problem {
                    dropped: None,
                    line: t.line,
                    message: format!("body is cut off at `{c}`"),
                });
                i += 1;
            }
            _ => {
                skipped.skip(toks, i, Skip::NotUnderstood, problems);
                i += 1;
            }
        }
    }
    skipped.flush(toks, problems);
    evs
}

/// `<Key>{String}</Key>` at `i`, a field shown without its tooltip (saved HTML whose tooltips
/// are made on hover), as a leaf; otherwise a bare opening tag. Gives the tokens used.
fn bare_element(toks: &[T], i: usize, name: &str, line: u32) -> (XEv, usize) {
    match (
        toks.get(i + 1).map(|t| &t.tok),
        toks.get(i + 2).map(|t| &t.tok),
    ) {
        (Some(Tok::Value { ty, .. }), Some(Tok::XmlClose(close))) if close == name => (
            XEv::Leaf {
                name: name.to_string(),
                tip: Tip {
                    line,
                    ..Tip::default()
                },
                ty: ty.clone(),
                line,
            },
            3,
        ),
        _ => (
            XEv::Open {
                name: name.to_string(),
                tip: None,
                line,
            },
            1,
        ),
    }
}

/// The problem for a tooltip without its end (`>`): where the page ends (`cut`) it is cut
/// off, unless it is where the JSON half starts (rendering A repeats the first element's
/// tooltip there; nothing is lost).
fn unended_tip(
    lines: &Option<Vec<(String, u32)>>,
    tag: Option<&str>,
    evs: &[XEv],
    cut: bool,
    line: u32,
) -> Problem {
    let first_line = lines.as_ref().and_then(|l| l.first()).map(|l| l.0.as_str());
    let json_start = cut
        && tag.is_none()
        && first_line
            .zip(evs.first())
            .is_some_and(|(l, e)| same_name(l, ev_name(e)));
    let (message, dropped) = if json_start {
        (
            format!(
                "the page ends where the JSON half of the body starts (`{}`); the body is read from the XML half alone",
                first_line.unwrap_or_default()
            ),
            None,
        )
    } else if cut {
        (cut_message(lines, tag), label_name(lines, tag))
    } else {
        (
            format!(
                "{} has no end of its tooltip (`>`); it is left out",
                field_label(lines, tag)
            ),
            label_name(lines, tag),
        )
    };
    Problem {
        dropped,
        line,
        message,
    }
}

/// A field's `{Type}` after its tooltip, up to its closing tag at `i`, as a leaf; `None` (with
/// the problem said) when it has no name or the page ends before its closing tag.
#[allow(
    clippy::too_many_arguments,
    reason = "the reader's state at one token; bundling it in a struct would only rename it"
)]
fn leaf_event(
    toks: &[T],
    i: &mut usize,
    ty: &str,
    tag: Option<String>,
    mut tip: Tip,
    start: u32,
    last_half: bool,
    problems: &mut Vec<Problem>,
) -> Option<XEv> {
    let close = match toks.get(*i).map(|t| &t.tok) {
        Some(Tok::XmlClose(n)) => {
            *i += 1;
            Some(n.clone())
        }
        _ => None,
    };
    let Some(name) = close.clone().or(tag).or(tip.title.clone()) else {
        problems.push(Problem {
            dropped: None,
            line: start,
            message: "a field without a name is left out".into(),
        });
        return None;
    };
    if close.is_none() && *i >= toks.len() && last_half {
        problems.push(Problem {
            dropped: Some(name.clone()),
            line: start,
            message: format!("field `{name}` is cut off before its closing tag; it is left out"),
        });
        return None;
    }
    if tip.title.as_deref() != Some(name.as_str()) {
        tip.demote_title();
    }
    Some(XEv::Leaf {
        name,
        tip,
        ty: ty.to_string(),
        line: start,
    })
}

struct Frame {
    node: Node,
    /// Whether this frame is an anonymous list item object.
    item: bool,
    /// Whether it was opened by an explicit `{`/`[` shown on the page.
    explicit: bool,
}

fn attach(stack: &mut [Frame], node: Node) {
    if let Some(top) = stack.last_mut() {
        match &mut top.node.kind {
            Kind::Object(children) => children.push(node),
            Kind::List(item) => *item = Some(Box::new(node)),
            Kind::Leaf(_) => {}
        }
    }
}

fn pop(stack: &mut Vec<Frame>) {
    if stack.len() > 1 {
        if let Some(f) = stack.pop() {
            attach(stack, f.node);
        }
    }
}

/// What the JSON half shows.
struct JsonHalf {
    /// Top-level nodes; containers still open at the end are the last children, `open` deep.
    top: Vec<Node>,
    /// Whether the half is complete (not cut off, nothing dropped).
    complete: bool,
    /// How many containers were still open where the half stopped.
    open: usize,
    /// Whether the half stopped right after a comma: the next field is a sibling of the last.
    after_comma: bool,
    /// Whether the half stopped in a field after a missing comma: the objects it ended are
    /// already closed (and an uncertain count of them reported).
    after_close: bool,
    /// Line of the last token read.
    end_line: u32,
    /// Whether the half is in braces (rendering B, saved HTML): its end is shown.
    braced: bool,
}

/// `field `Name`` for a JSON-half message: the tooltip's title, else the key as an XML name
/// (a message about `title` when the model keeps `Title` would read as a different field).
fn json_label(key: Option<&str>, lines: &Option<Vec<(String, u32)>>) -> String {
    let title = lines
        .as_ref()
        .and_then(|l| l.first())
        .map(|(t, _)| t.as_str())
        .filter(|t| is_identifier(t));
    match (title, key) {
        (Some(t), _) => format!("field `{t}`"),
        (None, Some(k)) => format!("field `{}`", xml_name_of(k)),
        (None, None) => "a field".to_string(),
    }
}

/// Builds the tree of the JSON half. It stops at the first thing it cannot read: everything
/// before that is evidence of the body's structure; the fields themselves are all in the XML
/// half, which comes first, so nothing the JSON half cannot show is lost.
fn json_tree(toks: &[T], problems: &mut Vec<Problem>) -> JsonHalf {
    let mut stack = vec![Frame {
        node: entry_node(None, None, Kind::Object(Vec::new()), toks[0].line),
        item: false,
        explicit: false,
    }];
    let mut i = 0;
    // Whether the previous value still waits for its comma.
    let mut after_value = false;
    let mut complete = true;
    let mut seen_entry = false;
    // Whether the last separator read was a comma (not a value or a bracket).
    let mut last_comma = false;
    // Whether a missing comma closed objects before the entry being read.
    let mut closed_at_entry = false;
    // Pending entry: key, tooltip, line.
    let mut pending: Option<PendingEntry> = None;
    let mut skipped = Skipped::new("JSON");
    // Whether the root's `{` was shown.
    let mut braced = false;
    while i < toks.len() {
        let t = &toks[i];
        let starts_entry = matches!(t.tok, Tok::Text(_) | Tok::JsonKey { .. });
        if starts_entry && after_value {
            close_for_missing_comma(&mut stack, problems, t.line);
            closed_at_entry = true;
            after_value = false;
        }
        if starts_entry
            && stack.len() <= MAX_DEPTH
            && matches!(stack.last().map(|f| &f.node.kind), Some(Kind::List(_)))
        {
            // Rendering A drops the `{` of a list's item object.
            stack.push(Frame {
                node: entry_node(None, None, Kind::Object(Vec::new()), t.line),
                item: true,
                explicit: false,
            });
        }
        if starts_entry || t.tok == Tok::TipEndJson {
            value_missing(&mut pending, t.line, problems);
        }
        match &t.tok {
            Tok::JsonKey { name, bare: true } => {
                pending = Some((Some(name.clone()), None, t.line));
                i += 1;
            }
            Tok::JsonKey { .. } | Tok::Text(_) | Tok::TipEndJson => {
                let line = t.line;
                let key = match &t.tok {
                    Tok::JsonKey { name, .. } => {
                        i += 1;
                        Some(name.clone())
                    }
                    _ => None,
                };
                match read_tip(toks, &mut i, key, line, problems) {
                    Some(entry) => pending = Some(entry),
                    None => {
                        complete = false;
                        break;
                    }
                }
            }
            Tok::Value { ty, .. } => {
                let Some(node) = value_node(&stack, pending.take(), ty, t.line) else {
                    // A value without a field name, outside a list.
                    skipped.skip(toks, i, Skip::NotUnderstood, problems);
                    i += 1;
                    continue;
                };
                i += 1;
                seen_entry = true;
                attach(&mut stack, node);
                after_value = true;
                last_comma = false;
                closed_at_entry = false;
            }
            Tok::Comma => {
                i += 1;
                after_value = false;
                last_comma = true;
                closed_at_entry = false;
            }
            Tok::LBrace | Tok::LBracket => {
                i += 1;
                last_comma = false;
                closed_at_entry = false;
                let list = t.tok == Tok::LBracket;
                if !open_container(
                    &mut stack,
                    problems,
                    pending.take(),
                    &mut seen_entry,
                    list,
                    t.line,
                ) {
                    complete = false;
                    break;
                }
                braced |= stack[0].explicit;
                after_value = false;
            }
            Tok::RBrace | Tok::RBracket => {
                i += 1;
                last_comma = false;
                if stack.len() > 1 {
                    pop(&mut stack);
                } else if stack[0].explicit {
                    stack[0].explicit = false;
                }
                after_value = true;
            }
            Tok::Cut(c) => {
                complete = false;
                problems.push(cut_problem(pending.take(), c, t.line));
                break;
            }
            _ => {
                skipped.skip(toks, i, Skip::NotUnderstood, problems);
                i += 1;
            }
        }
    }
    skipped.flush(toks, problems);
    if pending.is_some() {
        complete = false;
    }
    let end_line = toks[..i.min(toks.len())]
        .last()
        .map_or(toks[0].line, |t| t.line);

    // In rendering B every container closes explicitly; an explicit container still open at
    // the end means the page was cut.
    if stack.iter().skip(1).any(|f| f.explicit) && !after_value {
        complete = false;
    }
    if stack[0].explicit {
        // `{` shown but its `}` never came.
        complete = false;
    }
    let open = stack.len() - 1;
    while stack.len() > 1 {
        pop(&mut stack);
    }
    let top = match stack.pop().map(|f| f.node.kind) {
        Some(Kind::Object(children)) => children,
        _ => Vec::new(),
    };
    JsonHalf {
        top,
        complete,
        open,
        after_comma: last_comma,
        after_close: closed_at_entry,
        end_line,
        braced,
    }
}

/// An entry whose value has not come yet: key, tooltip, line.
type PendingEntry = (Option<String>, Option<Tip>, u32);

/// Another entry starts at `line`: the pending one, if any, shows no value and is reported.
fn value_missing(pending: &mut Option<PendingEntry>, line: u32, problems: &mut Vec<Problem>) {
    if let Some(entry) = pending.take() {
        problems.push(Problem {
            dropped: None,
            line: entry.2,
            message: format!(
                "the JSON half shows {} without a value before the next field (line {line}); this entry of the JSON half is ignored",
                pending_label(&entry)
            ),
        });
    }
}

/// Rendering A: a missing comma before an entry ends the innermost object (and a list around
/// an item object); one missing comma can stand for several closing braces, which is said.
fn close_for_missing_comma(stack: &mut Vec<Frame>, problems: &mut Vec<Problem>, line: u32) {
    let was_item = stack.last().is_some_and(|f| f.item);
    pop(stack);
    if was_item {
        pop(stack);
    }
    // The container just closed: the last child of what is now innermost.
    let closed = match stack.last().map(|f| &f.node.kind) {
        Some(Kind::Object(c)) => c.last().map(|n| n.name.clone()).unwrap_or_default(),
        Some(Kind::List(Some(item))) => item.name.clone(),
        _ => String::new(),
    };
    // Below the root (and the item of a root list) the next field may belong to any
    // enclosing object.
    let root_is_list = matches!(stack.get(1).map(|f| &f.node.kind), Some(Kind::List(_)));
    let settled = if root_is_list { 3 } else { 2 };
    if stack.len() > settled {
        let parent = stack
            .last()
            .map(|f| f.node.name.clone())
            .unwrap_or_default();
        problems.push(Problem {
                dropped: None,
                line,
                message: format!(
                    "rendering A does not show how many objects end after `{closed}`; the next field is read as part of `{parent}`"
                ),
            },
        );
    }
}

/// The tooltip of an entry up to its end (`":`), as the pending entry; `None` (with the
/// problem said) when the tooltip does not end, after which the JSON half is not read on.
fn read_tip(
    toks: &[T],
    i: &mut usize,
    key: Option<String>,
    line: u32,
    problems: &mut Vec<Problem>,
) -> Option<PendingEntry> {
    let lines = take_tip(toks, i);
    if toks.get(*i).map(|t| &t.tok) != Some(&Tok::TipEndJson) {
        let label = json_label(key.as_deref(), &lines);
        let message = if *i >= toks.len() {
            format!("the JSON half of the body is cut off in {label} (page ends inside it); from there on the body is read from the XML half")
        } else {
            format!("the JSON half of the body is not understood from {label} (no end of its tooltip, `\":`); from there on the body is read from the XML half")
        };
        problems.push(Problem {
            dropped: None,
            line,
            message,
        });
        return None;
    }
    *i += 1;
    let mut tip = Tip::from_lines(&lines.unwrap_or_default());
    if tip.line == 0 {
        tip.line = line;
    }
    Some((key, Some(tip), line))
}

/// A `{` or `[`: opens the pending entry's container, a list's item object, or the root's
/// explicit braces. False (with the problem said) when nesting passes [`MAX_DEPTH`], after
/// which the JSON half is not read on.
fn open_container(
    stack: &mut Vec<Frame>,
    problems: &mut Vec<Problem>,
    pending: Option<PendingEntry>,
    seen_entry: &mut bool,
    list: bool,
    line: u32,
) -> bool {
    let kind = if list {
        Kind::List(None)
    } else {
        Kind::Object(Vec::new())
    };
    if stack.len() > MAX_DEPTH {
        problems.push(Problem {
                dropped: None,
                line,
                message: format!(
                    "the JSON half of the body nests deeper than {MAX_DEPTH} levels; from there on the body is read from the XML half"
                ),
            },
        );
        return false;
    }
    match pending {
        Some((key, tip, line)) => {
            *seen_entry = true;
            stack.push(Frame {
                node: entry_node(key, tip, kind, line),
                item: false,
                explicit: true,
            });
        }
        None => {
            let in_list = matches!(stack.last().map(|f| &f.node.kind), Some(Kind::List(_)));
            if in_list && !list {
                stack.push(Frame {
                    node: entry_node(None, None, kind, line),
                    item: true,
                    explicit: true,
                });
            } else if !*seen_entry && stack.len() == 1 && !stack[0].explicit && !list {
                stack[0].explicit = true;
            } else {
                problems.push(Problem {
                    dropped: None,
                    line,
                    message: "a JSON object or list without a field name".into(),
                });
            }
        }
    }
    true
}

/// The leaf for a `{Type}` value: the pending entry's, or a list's item; `None` for a value
/// without a field name outside a list (the caller reports it).
fn value_node(stack: &[Frame], pending: Option<PendingEntry>, ty: &str, line: u32) -> Option<Node> {
    match pending {
        Some((key, tip, line)) => Some(entry_node(key, tip, Kind::Leaf(ty.to_string()), line)),
        None if matches!(stack.last().map(|f| &f.node.kind), Some(Kind::List(_))) => {
            Some(entry_node(None, None, Kind::Leaf(ty.to_string()), line))
        }
        None => None,
    }
}

/// `field `Name`` for a message about a pending entry: its tooltip's title, else its key as
/// an XML name.
fn pending_label((key, tip, _): &PendingEntry) -> String {
    tip.as_ref()
        .and_then(|t| t.title.clone())
        .or_else(|| key.as_deref().map(xml_name_of))
        .map_or_else(|| "a field".to_string(), |n| format!("field `{n}`"))
}

/// The problem for a JSON half cut off at `c`, naming the field it was cut in.
fn cut_problem(pending: Option<PendingEntry>, c: &str, line: u32) -> Problem {
    let name = pending
        .as_ref()
        .map_or_else(|| "a field".to_string(), pending_label);
    Problem {
        dropped: None,
        line,
        message: format!("the JSON half of the body is cut off in {name} at `{c}`; from there on the body is read from the XML half"),
    }
}

fn entry_node(key: Option<String>, tip: Option<Tip>, kind: Kind, line: u32) -> Node {
    let title = tip.as_ref().and_then(|t| t.title.clone());
    let name = match (&title, &key) {
        (Some(t), _) => t.clone(),
        (None, Some(k)) => xml_name_of(k),
        (None, None) => String::new(),
    };
    Node {
        name,
        key,
        tip,
        kind,
        line,
        inferred_name: false,
    }
}

fn next_open(xml: &[XEv], cur: &mut usize) -> Option<usize> {
    while let Some(XEv::Close { .. }) = xml.get(*cur) {
        *cur += 1;
    }
    (*cur < xml.len()).then_some(*cur)
}

fn ev_name(ev: &XEv) -> &str {
    match ev {
        XEv::Open { name, .. } | XEv::Leaf { name, .. } | XEv::Close { name } => name,
    }
}

/// Aligns the XML half to the JSON tree in document order: exact names, names missing from
/// tooltips, list item element names.
///
/// Elements only one half shows right where the other goes on are skipped and reported:
/// XML elements whose names the JSON half never shows, and JSON values without a name
/// (neither key nor tooltip) where the XML half's element belongs to a later field. Where
/// the halves disagree otherwise, `disagree` gets the XML name, the JSON name and the line,
/// and the rest of the XML half is not aligned.
struct Align<'x> {
    xml: &'x [XEv],
    /// The next XML event to align.
    cur: usize,
    /// Every name and key the JSON tree shows, lower-cased.
    json_names: BTreeSet<String>,
    notes: Vec<Problem>,
    /// XML elements skipped, reported when the alignment is used.
    problems: Vec<Problem>,
    disagree: Option<(String, String, u32)>,
    /// The last run of elements only the XML half shows that was looked at: start, end.
    xml_only_run: Option<(usize, usize)>,
}

fn lower(name: &str) -> String {
    name.chars().flat_map(char::to_lowercase).collect()
}

impl<'x> Align<'x> {
    fn new(xml: &'x [XEv], top: &[Node]) -> Self {
        let mut json_names = BTreeSet::new();
        let mut stack: Vec<&Node> = top.iter().collect();
        while let Some(n) = stack.pop() {
            json_names.insert(lower(&n.name));
            if let Some(k) = &n.key {
                json_names.insert(lower(k));
            }
            match &n.kind {
                Kind::Object(c) => stack.extend(c.iter()),
                Kind::List(Some(item)) => stack.push(item),
                _ => {}
            }
        }
        Align {
            xml,
            cur: 0,
            json_names,
            notes: Vec::new(),
            problems: Vec::new(),
            disagree: None,
            xml_only_run: None,
        }
    }

    fn next_open(&mut self) -> Option<usize> {
        next_open(self.xml, &mut self.cur)
    }

    /// Skips the XML elements at `j` whose names the JSON half never shows when the element
    /// after them is `node`'s; gives the index of the element to align `node` with.
    fn skip_xml_only(&mut self, j: usize, node: &Node) -> usize {
        // The run of such elements is scanned once, however many fields look past it.
        let k = match self.xml_only_run {
            Some((start, end)) if (start..end).contains(&j) => end,
            _ => {
                let mut k = j;
                while let Some(ev) = self.xml.get(k) {
                    let only_xml = match ev {
                        XEv::Close { .. } => true,
                        _ => !self.json_names.contains(&lower(ev_name(ev))),
                    };
                    if !only_xml {
                        break;
                    }
                    k += 1;
                }
                self.xml_only_run = Some((j, k));
                k
            }
        };
        let Some(ev) = self.xml.get(k) else { return j };
        if k == j || !names_node(ev, node) {
            return j;
        }
        let skipped: Vec<(&str, u32)> = self.xml[j..k]
            .iter()
            .filter_map(|e| match e {
                XEv::Open { name, line, .. } | XEv::Leaf { name, line, .. } => {
                    Some((name.as_str(), *line))
                }
                XEv::Close { .. } => None,
            })
            .collect();
        if let Some((_, line)) = skipped.first() {
            let names = counted_names(skipped.iter().map(|s| s.0));
            let (noun, them) = if skipped.len() == 1 {
                ("element", "it")
            } else {
                ("elements", "them")
            };
            self.problems.push(Problem {
                dropped: None,
                line: *line,
                message: format!(
                    "the XML half shows {noun} {names} before `{}`, and the JSON half does not show {them}; ignored",
                    node.name
                ),
            });
        }
        k
    }

    fn align(&mut self, nodes: &mut [Node]) {
        let mut last_index = None;
        for idx in 0..nodes.len() {
            match self.next_open() {
                Some(j) => match self.counterpart(nodes, idx, j, &mut last_index) {
                    Some(j) => self.align_one(&mut nodes[idx], j),
                    // Only the JSON half shows it: nothing of the XML half to take.
                    None => continue,
                },
                None if self.disagree.is_none() && !nodes[idx].name.is_empty() => {
                    let n = &nodes[idx];
                    self.problems.push(Problem {
                        dropped: None,
                        line: n.line,
                        message: format!(
                            "the JSON half shows field `{}` after the last element of the XML half, and the XML half does not show it; it is read from the JSON half alone",
                            n.name
                        ),
                    });
                    continue;
                }
                None => {}
            }
            let node = &mut nodes[idx];
            if let Some(tip) = &mut node.tip {
                if tip.title.as_deref() != Some(node.name.as_str()) {
                    tip.demote_title();
                }
            }
            let (list_name, list_line) = (node.name.clone(), node.line);
            match &mut node.kind {
                Kind::Object(children) => self.align(children),
                Kind::List(Some(item)) => self.align_item(&list_name, list_line, item),
                _ => {}
            }
        }
    }

    /// The XML event to align `nodes[idx]` with, the next being at `j`. `None` when the
    /// XML half goes on with a later field, so only the JSON half shows this one: with a name
    /// it is reported (and kept, as the JSON half is followed); a value without one stays
    /// unnamed (and is reported and left out later).
    fn counterpart(
        &mut self,
        nodes: &[Node],
        idx: usize,
        j: usize,
        last_index: &mut Option<BTreeMap<String, usize>>,
    ) -> Option<usize> {
        let node = &nodes[idx];
        if self.disagree.is_some() || names_node(&self.xml[j], node) {
            return Some(j);
        }
        let j = if node.name.is_empty() {
            j
        } else {
            self.cur = self.skip_xml_only(j, node);
            self.cur
        };
        let ev = &self.xml[j];
        // The last index of each name and key among these fields, made once per object.
        let last_index = last_index.get_or_insert_with(|| {
            let mut map = BTreeMap::new();
            for (k, n) in nodes.iter().enumerate() {
                map.insert(lower(&n.name), k);
                if let Some(key) = &n.key {
                    map.insert(lower(key), k);
                }
            }
            map
        });
        let later = last_index
            .get(&lower(ev_name(ev)))
            .is_some_and(|&k| k > idx);
        if names_node(ev, node) || !later {
            return Some(j);
        }
        if node.name.is_empty() {
            return (!matches!(node.kind, Kind::Leaf(_))).then_some(j);
        }
        self.problems.push(Problem {
            dropped: None,
            line: node.line,
            message: format!(
                "the JSON half shows field `{}` before `{}`, and the XML half does not show it; it is read from the JSON half alone",
                node.name,
                ev_name(ev)
            ),
        });
        None
    }

    /// Reports the XML elements left after the last JSON field (unless the halves already
    /// disagreed, which is said): the JSON half does not show them.
    fn report_rest(&mut self) {
        if self.disagree.is_some() {
            return;
        }
        let rest: Vec<(&str, u32)> = self.xml[self.cur.min(self.xml.len())..]
            .iter()
            .filter_map(|e| match e {
                XEv::Open { name, line, .. } | XEv::Leaf { name, line, .. } => {
                    Some((name.as_str(), *line))
                }
                XEv::Close { .. } => None,
            })
            .collect();
        if let Some((_, line)) = rest.first() {
            let names = counted_names(rest.iter().map(|r| r.0));
            let (noun, them) = if rest.len() == 1 {
                ("element", "it")
            } else {
                ("elements", "them")
            };
            self.problems.push(Problem {
                dropped: None,
                line: *line,
                message: format!(
                    "the XML half shows {noun} {names} after the last field of the JSON half, and the JSON half does not show {them}; ignored"
                ),
            });
        }
        self.cur = self.xml.len();
    }

    /// Aligns `node` with the XML event at `j`.
    fn align_one(&mut self, node: &mut Node, j: usize) {
        let ev = &self.xml[j];
        let same = names_node(ev, node);
        match (&node.kind, ev) {
            (
                Kind::Leaf(_),
                XEv::Leaf {
                    name, tip, line, ..
                },
            ) => {
                if !same && !node.name.is_empty() {
                    self.problems.push(Problem {
                        dropped: None,
                        line: *line,
                        message: format!(
                            "the XML half names field `{name}` where the JSON half shows `{}`; `{name}` is used",
                            node.name
                        ),
                    });
                }
                if !same {
                    // The JSON half shows no name (a tooltip without its title): the XML
                    // half's name and tooltip are taken, which should say the same.
                    let extra = node.tip.as_ref().and_then(|t| {
                        t.description
                            .iter()
                            .find(|d| !tip.description.contains(d))
                            .map(|d| (d.clone(), t.line))
                    });
                    if let Some((d, at)) = extra {
                        let shown: String = d.chars().take(60).collect();
                        let more = if shown.len() < d.len() { "…" } else { "" };
                        self.problems.push(Problem {
                            dropped: None,
                            line: at,
                            message: format!(
                                "the JSON half's tooltip of field `{name}` says `{shown}{more}`, which the XML half's does not; the XML half's is used"
                            ),
                        });
                    }
                    node.name = name.clone();
                    node.tip = Some(tip.clone());
                }
                if let (Kind::Leaf(json_ty), XEv::Leaf { ty, .. }) = (&node.kind, ev) {
                    if json_ty != ty {
                        self.problems.push(Problem {
                            dropped: None,
                            line: *line,
                            message: format!(
                                "the XML half shows field `{name}` as `{{{ty}}}` and the JSON half as `{{{json_ty}}}`; `{{{json_ty}}}` is used"
                            ),
                        });
                    }
                }
                node.line = *line;
                self.cur += 1;
            }
            (Kind::Object(_) | Kind::List(_), XEv::Open { name, line, .. }) if same => {
                node.name = name.clone();
                node.line = *line;
                self.cur += 1;
            }
            _ => {
                // The halves disagree; the caller decides which view is followed.
                if self.disagree.is_none() {
                    self.disagree = Some((ev_name(ev).to_string(), node.name.clone(), node.line));
                }
                self.cur = self.xml.len();
            }
        }
    }

    /// A list's item: the item element the XML half shows, else a name made from the list's.
    fn align_item(&mut self, list_name: &str, list_line: u32, item: &mut Node) {
        let first_child = match &item.kind {
            Kind::Object(c) => c.first().map(|c| c.name.clone()),
            _ => None,
        };
        let mut named = false;
        if matches!(item.kind, Kind::Object(_)) {
            if let Some(j) = self.next_open() {
                if let XEv::Open { name, tip, .. } = &self.xml[j] {
                    // The item element, unless this open is already the first field
                    // (then the element after it would not be the first field too).
                    let mut after = j + 1;
                    let second = next_open(self.xml, &mut after).map(|k| ev_name(&self.xml[k]));
                    let is_item = match first_child.as_deref() {
                        None => true,
                        Some(f) => !same_name(f, name) || second.is_some_and(|s| same_name(s, f)),
                    };
                    if is_item {
                        item.name = name.clone();
                        item.tip = tip.clone();
                        named = true;
                        self.cur += 1;
                    }
                }
            }
        }
        if !named {
            item.name = singular(list_name);
            item.inferred_name = true;
            if matches!(item.kind, Kind::Object(_)) {
                self.notes.push(Problem {
                    dropped: None,
                    line: list_line,
                    message: format!(
                        "the item element of list `{list_name}` is not shown; it is named `{}`",
                        item.name
                    ),
                });
            }
        }
        if let Kind::Object(children) = &mut item.kind {
            self.align(children);
        }
    }
}

/// Whether the XML event names `node` (its name or its JSON key).
fn names_node(ev: &XEv, node: &Node) -> bool {
    same_name(ev_name(ev), &node.name)
        || node
            .key
            .as_deref()
            .is_some_and(|k| same_name(ev_name(ev), k))
}

/// Names for a message, a name repeated in a row counted once: `` `X` (5 times), `Y` ``.
fn counted_names<'n>(names: impl Iterator<Item = &'n str>) -> String {
    let mut runs: Vec<(&str, usize)> = Vec::new();
    for n in names {
        match runs.last_mut() {
            Some((last, count)) if *last == n => *count += 1,
            _ => runs.push((n, 1)),
        }
    }
    const SHOWN: usize = 4;
    let shown: Vec<String> = runs
        .iter()
        .take(SHOWN)
        .map(|(n, c)| match c {
            1 => format!("`{n}`"),
            c => format!("`{n}` ({c} times)"),
        })
        .collect();
    match (shown.as_slice(), runs.len().saturating_sub(SHOWN)) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
        (all, rest) => format!("{}, and {rest} more", all.join(", ")),
    }
}

/// Builds the tree from a tagged XML half alone (rendering B or saved HTML whose JSON half is
/// missing or cut off). Lists known from the partial JSON half are applied by name.
fn xml_tree(
    xml: &[XEv],
    partial_json: &[Node],
    problems: &mut Vec<Problem>,
    notes: &mut Vec<Problem>,
) -> Vec<Node> {
    let mut lists = Vec::new();
    collect_lists(partial_json, &mut lists);
    let mut stack: Vec<Node> = vec![Node {
        name: String::new(),
        key: None,
        tip: None,
        kind: Kind::Object(Vec::new()),
        line: 0,
        inferred_name: false,
    }];
    let push_child = |stack: &mut Vec<Node>, n: Node| {
        if let Some(Kind::Object(c)) = stack.last_mut().map(|s| &mut s.kind) {
            c.push(n);
        }
    };
    for ev in xml {
        match ev {
            XEv::Open { line, .. } if stack.len() > MAX_DEPTH => {
                problems.push(Problem {
                    dropped: None,
                    line: *line,
                    message: format!(
                        "the body nests deeper than {MAX_DEPTH} levels; the rest is left out"
                    ),
                });
                break;
            }
            XEv::Open { name, tip, line } => stack.push(Node {
                name: name.clone(),
                key: None,
                tip: tip.clone(),
                kind: Kind::Object(Vec::new()),
                line: *line,
                inferred_name: false,
            }),
            XEv::Leaf {
                name,
                tip,
                ty,
                line,
            } => push_child(
                &mut stack,
                Node {
                    name: name.clone(),
                    key: None,
                    tip: Some(tip.clone()),
                    kind: Kind::Leaf(ty.clone()),
                    line: *line,
                    inferred_name: false,
                },
            ),
            XEv::Close { name } => {
                if let Some(pos) = stack.iter().rposition(|n| n.name == *name) {
                    while stack.len() > pos.max(1) {
                        if let Some(n) = stack.pop() {
                            push_child(&mut stack, n);
                        }
                    }
                } else {
                    problems.push(Problem {
                        dropped: None,
                        line: stack.last().map_or(0, |n| n.line),
                        message: format!("closing tag `</{name}>` without an opening tag; ignored"),
                    });
                }
            }
        }
    }
    {
        // Rendering B closes every element: one still open below the root was cut, and
        // whether it is an object or a list is not known.
        while stack.len() > 2 {
            if let Some(n) = stack.pop() {
                // The complete fields it holds go with it: name them too.
                let mut inner = Vec::new();
                let mut todo: Vec<&Node> = match &n.kind {
                    Kind::Object(c) => c.iter().rev().collect(),
                    _ => Vec::new(),
                };
                while let Some(c) = todo.pop() {
                    inner.push(c.name.clone());
                    if let Kind::Object(cc) = &c.kind {
                        todo.extend(cc.iter().rev());
                    }
                }
                let with = if inner.is_empty() {
                    String::new()
                } else {
                    let all: Vec<String> = inner.iter().map(|n| format!("`{n}`")).collect();
                    format!(" with the fields it shows, {}", all.join(", "))
                };
                problems.push(Problem {
                        dropped: None,
                        line: n.line,
                        message: format!(
                            "element `{}` is cut off before its closing tag (whether it is an object or a list is not shown); it is left out{with}",
                            n.name
                        ),
                    },
                );
            }
        }
    }
    // A root cut off before any complete field could be an object or a list.
    if stack.len() == 2 && matches!(&stack[1].kind, Kind::Object(c) if c.is_empty()) {
        if let Some(root) = stack.pop() {
            problems.push(Problem {
                dropped: None,
                line: root.line,
                message: format!(
                    "body `{}` is cut off before its first complete field; it is left out",
                    root.name
                ),
            });
        }
    }
    while stack.len() > 1 {
        if let Some(n) = stack.pop() {
            push_child(&mut stack, n);
        }
    }
    let mut top = match stack.pop().map(|n| n.kind) {
        Some(Kind::Object(c)) => c,
        _ => Vec::new(),
    };
    apply_lists(&mut top, &lists);
    infer_lists(&mut top, notes);
    top
}

/// A container still open while rendering A's XML half is placed.
struct OpenFrame {
    node: Node,
    /// Whether a field placed here can only belong here (the virtual top, the body's root
    /// and the item of a root list: a body has one root, which ends where the XML half does).
    settled: bool,
    /// Fields placed here although the page does not show that this object had not ended
    /// before them: name and line.
    doubtful: Vec<(String, u32)>,
    /// Whether only the XML half shows this element (so not whether it is a list).
    xml_only: bool,
}

impl OpenFrame {
    fn new(node: Node, settled: bool) -> Self {
        OpenFrame {
            node,
            settled,
            doubtful: Vec::new(),
            xml_only: false,
        }
    }

    fn has_child(&self, name: &str) -> bool {
        match &self.node.kind {
            Kind::Object(c) => c.iter().any(|c| same_name(&c.name, name)),
            _ => false,
        }
    }

    fn child_count(&self) -> usize {
        match &self.node.kind {
            Kind::Object(c) => c.len(),
            Kind::List(item) => usize::from(item.is_some()),
            Kind::Leaf(_) => 0,
        }
    }
}

/// Names as a list for messages: `` `A` ``, `` `A` and `B` ``, `` `A`, `B` and 3 more ``.
fn name_list(names: &[String]) -> String {
    const SHOWN: usize = 4;
    let quoted: Vec<String> = names.iter().take(SHOWN).map(|n| format!("`{n}`")).collect();
    let rest = names.len().saturating_sub(SHOWN);
    match (quoted.as_slice(), rest) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        (many, 0) => format!(
            "{} and {}",
            many[..many.len() - 1].join(", "),
            many[many.len() - 1]
        ),
        (many, r) => format!("{}, and {r} more", many.join(", ")),
    }
}

/// Closes the innermost open frame into its parent. Fields placed in it under doubt are
/// reported with the reading chosen and the other possible ones.
fn close_frame(
    stack: &mut Vec<OpenFrame>,
    why: &str,
    problems: &mut Vec<Problem>,
    objects: &mut Vec<(String, u32)>,
) {
    if stack.len() < 2 {
        return;
    }
    let Some(f) = stack.pop() else { return };
    if let Some((_, line)) = f.doubtful.first() {
        let mut outer: Vec<String> = Vec::new();
        for o in stack.iter().rev() {
            if matches!(o.node.kind, Kind::List(_)) {
                // A list holds items, not fields: its item is the alternative.
            } else if o.node.name.is_empty() {
                outer.push("the body's root element".to_string());
            } else {
                outer.push(format!("`{}`", o.node.name));
            }
            if o.settled {
                break;
            }
        }
        let names: Vec<String> = f.doubtful.iter().map(|(n, _)| n.clone()).collect();
        let verb = if names.len() == 1 { "is" } else { "are" };
        let alternatives = match outer.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            many => format!(
                "{} or {}",
                many[..many.len() - 1].join(", "),
                many[many.len() - 1]
            ),
        };
        problems.push(Problem {
                dropped: None,
                line: *line,
                message: format!(
                    "rendering A does not show where `{}` ends, and {why}; {} {verb} read as part of `{}` (no end is assumed that the page does not show), but may belong to {alternatives}",
                    f.node.name,
                    name_list(&names),
                    f.node.name
                ),
            },
        );
    }
    if f.xml_only {
        objects.push((f.node.name.clone(), f.node.line));
    }
    if let Some(parent) = stack.last_mut() {
        match &mut parent.node.kind {
            Kind::Object(children) => children.push(f.node),
            Kind::List(item) => *item = Some(Box::new(f.node)),
            Kind::Leaf(_) => {}
        }
    }
}

/// Rendering A with its JSON half cut off or absent.
///
/// Rendering A drops the closing tags of wrappers, so the XML half alone does not show where
/// an object ends. Everything the page does show is used: the JSON half's structure up to
/// where it stops (objects, lists, and object ends shown by a missing comma), a comma right
/// before the cut (the next field is a sibling), the body's single root (which ends where
/// the XML half does), a wrapper's first field (always its child) and a name shown twice
/// (the object holding the first has ended). Where that still leaves the end of an object
/// open, the fields after its first one are kept in it, the reading that assumes no end the
/// page does not show, as the JSON half's reading of a missing comma closes one object only;
/// a warning names the fields and the objects they may belong to instead. No field is
/// dropped for not knowing where it belongs.
fn merge_a(
    xml: &[XEv],
    json: Option<JsonHalf>,
    problems: &mut Vec<Problem>,
    notes: &mut Vec<Problem>,
) -> Vec<Node> {
    let why = match &json {
        Some(j) => format!(
            "the JSON half that would show it stops at line {}",
            j.end_line
        ),
        None => "the page does not show the JSON half that would show it".to_string(),
    };
    let mut tail = Tail {
        stack: Vec::new(),
        objects: Vec::new(),
        why,
        first: true,
        after_comma: false,
        after_close: false,
    };
    let mut top = Vec::new();
    let mut open = 0;
    let mut cur = 0;
    if let Some(j) = json {
        let mut aligned = j.top;
        let mut al = Align::new(xml, &aligned);
        al.align(&mut aligned);
        cur = al.cur;
        match al.disagree {
            None => {
                top = aligned;
                open = j.open;
                tail.after_comma = j.after_comma;
                tail.after_close = j.after_close;
                notes.extend(al.notes);
                problems.extend(al.problems);
            }
            Some((x, js, line)) => {
                cur = 0;
                notes.push(Problem {
                    dropped: None,
                    line,
                    message: format!(
                        "the XML half shows `{x}` where the cut-off JSON half shows `{js}`; the body is read from the XML half alone"
                    ),
                });
            }
        }
    }
    tail.reopen(top, open);
    for ev in &xml[cur.min(xml.len())..] {
        if !tail.place(ev, problems, notes) {
            break;
        }
    }
    tail.finish(problems)
}

/// The part of rendering A's XML half the JSON half does not cover, being placed.
struct Tail {
    /// Open containers, the virtual top first.
    stack: Vec<OpenFrame>,
    /// Elements only the XML half shows (objects or lists, the page does not say): name, line.
    objects: Vec<(String, u32)>,
    /// Why the page does not show where objects end (for warnings).
    why: String,
    /// Whether no element has been placed yet.
    first: bool,
    /// Whether the JSON half stopped right after a comma.
    after_comma: bool,
    /// Whether the JSON half stopped in a field after a missing comma.
    after_close: bool,
}

impl Tail {
    /// Starts from the JSON half's tree, reopening the containers it left open: each is the
    /// last child of the one before.
    fn reopen(&mut self, top: Vec<Node>, open: usize) {
        let root = Node {
            name: String::new(),
            key: None,
            tip: None,
            kind: Kind::Object(top),
            line: 0,
            inferred_name: false,
        };
        self.stack = vec![OpenFrame::new(root, true)];
        for _ in 0..open {
            let Some(parent) = self.stack.last_mut() else {
                break;
            };
            let only_child = parent.child_count() == 1;
            let parent_settled = parent.settled;
            let parent_is_list = matches!(parent.node.kind, Kind::List(_));
            let node = match &mut parent.node.kind {
                Kind::Object(c) if c.last().is_some_and(|n| !matches!(n.kind, Kind::Leaf(_))) => {
                    c.pop()
                }
                Kind::List(item) => item.take().map(|b| *b),
                _ => None,
            };
            let Some(node) = node else { break };
            let settled = parent_settled && only_child && (self.stack.len() == 1 || parent_is_list);
            self.stack.push(OpenFrame::new(node, settled));
        }
    }

    fn close(&mut self, problems: &mut Vec<Problem>) {
        close_frame(&mut self.stack, &self.why, problems, &mut self.objects);
    }

    /// Places one element of the XML half; `false` when the rest cannot be read.
    fn place(&mut self, ev: &XEv, problems: &mut Vec<Problem>, notes: &mut Vec<Problem>) -> bool {
        let (name, line) = match ev {
            XEv::Open { name, line, .. } | XEv::Leaf { name, line, .. } => (name, *line),
            XEv::Close { name } => {
                // Not shown by rendering A as observed; where it is, it is evidence.
                match self
                    .stack
                    .iter()
                    .rposition(|f| same_name(&f.node.name, name))
                {
                    Some(pos) if pos > 0 => {
                        while self.stack.len() > pos {
                            self.close(problems);
                        }
                    }
                    _ => problems.push(Problem {
                        dropped: None,
                        line: self.stack.last().map_or(0, |f| f.node.line),
                        message: format!("closing tag `</{name}>` without an opening tag; ignored"),
                    }),
                }
                self.first = false;
                return true;
            }
        };
        // A name the innermost object already holds starts a field of an enclosing one.
        while self.stack.len() > 1
            && self
                .stack
                .last()
                .is_some_and(|f| !f.settled && f.has_child(name))
        {
            if let Some(f) = self.stack.last() {
                notes.push(Problem {
                    dropped: None,
                    line,
                    message: format!(
                        "`{name}` is shown again after `{}` already holds one; `{}` is taken to end before it",
                        f.node.name, f.node.name
                    ),
                });
            }
            self.close(problems);
        }
        self.open_list_item(line, notes);
        let first = std::mem::replace(&mut self.first, false);
        let (after_comma, after_close) = (self.after_comma, self.after_close);
        let depth = self.stack.len();
        let Some(inner) = self.stack.last_mut() else {
            return false;
        };
        // After a comma the next field is a sibling; after a missing comma the JSON half has
        // already placed it (and reported what it could not tell).
        let certain =
            inner.settled || inner.child_count() == 0 || (first && (after_comma || after_close));
        if !certain {
            inner.doubtful.push((name.clone(), line));
        }
        match ev {
            XEv::Open { name, tip, line } => {
                if depth > MAX_DEPTH {
                    problems.push(Problem {
                        dropped: None,
                        line: *line,
                        message: format!(
                            "the body nests deeper than {MAX_DEPTH} levels; the rest is left out"
                        ),
                    });
                    return false;
                }
                // The body's root: the first element, shown before anything else.
                let settled = depth == 1 && inner.child_count() == 0;
                let mut frame = OpenFrame::new(
                    Node {
                        name: name.clone(),
                        key: None,
                        tip: tip.clone(),
                        kind: Kind::Object(Vec::new()),
                        line: *line,
                        inferred_name: false,
                    },
                    settled,
                );
                frame.xml_only = true;
                self.stack.push(frame);
            }
            XEv::Leaf {
                name,
                tip,
                ty,
                line,
            } => {
                if let Kind::Object(c) = &mut inner.node.kind {
                    c.push(Node {
                        name: name.clone(),
                        key: None,
                        tip: Some(tip.clone()),
                        kind: Kind::Leaf(ty.clone()),
                        line: *line,
                        inferred_name: false,
                    });
                }
            }
            XEv::Close { .. } => {}
        }
        true
    }

    /// Inside a list the JSON half opened, fields go into its item object.
    fn open_list_item(&mut self, line: u32, notes: &mut Vec<Problem>) {
        let Some(f) = self.stack.last_mut() else {
            return;
        };
        let Kind::List(item) = &mut f.node.kind else {
            return;
        };
        let node = match item.take() {
            Some(b) if matches!(b.kind, Kind::Object(_)) => *b,
            _ => {
                let item_name = singular(&f.node.name);
                notes.push(Problem {
                    dropped: None,
                    line: f.node.line,
                    message: format!(
                        "the item element of list `{}` is not shown; it is named `{item_name}`",
                        f.node.name
                    ),
                });
                Node {
                    name: item_name,
                    key: None,
                    tip: None,
                    kind: Kind::Object(Vec::new()),
                    line,
                    inferred_name: true,
                }
            }
        };
        let settled = f.settled;
        self.stack.push(OpenFrame::new(node, settled));
    }

    /// Closes everything still open and returns the top-level nodes.
    fn finish(mut self, problems: &mut Vec<Problem>) -> Vec<Node> {
        // An element cut off before its first complete field could be an object or a list.
        if self
            .stack
            .last()
            .is_some_and(|f| f.xml_only && f.child_count() == 0)
        {
            if let Some(f) = self.stack.pop() {
                let what = if self.stack.len() == 1 && f.settled {
                    format!("body `{}`", f.node.name)
                } else {
                    format!("field `{}`", f.node.name)
                };
                problems.push(Problem {
                    dropped: Some(f.node.name.clone()),
                    line: f.node.line,
                    message: format!(
                        "{what} is cut off before its first complete field; it is left out"
                    ),
                });
            }
        }
        while self.stack.len() > 1 {
            self.close(problems);
        }
        self.objects.sort_by_key(|o| o.1);
        if let Some((_, line)) = self.objects.first() {
            let names: Vec<String> = self.objects.iter().map(|o| o.0.clone()).collect();
            let (verb, what) = if names.len() == 1 {
                ("is", "an object")
            } else {
                ("are", "objects")
            };
            problems.push(Problem {
                    dropped: None,
                    line: *line,
                    message: format!(
                        "rendering A shows which elements are lists only in the JSON half, and {}; {} {verb} read as {what}",
                        self.why,
                        name_list(&names)
                    ),
                },
            );
        }
        match self.stack.pop().map(|f| f.node.kind) {
            Some(Kind::Object(c)) => c,
            _ => Vec::new(),
        }
    }
}

/// Without the JSON half, an element whose only child is an element (`<Values><Value>…`) is
/// read as a list of that child, the shape RamBase gives lists.
fn infer_lists(nodes: &mut [Node], notes: &mut Vec<Problem>) {
    for n in nodes.iter_mut() {
        match &mut n.kind {
            Kind::Object(children) => {
                infer_lists(children, notes);
                if children.len() == 1 && matches!(children[0].kind, Kind::Object(_)) {
                    let item = children.remove(0);
                    notes.push(Problem {
                                                dropped: None,
                                                line: n.line,
                        message: format!(
                            "`{}` holds only `{}` elements and is read as a list (the JSON half that shows lists is missing)",
                            n.name, item.name
                        ),
                    });
                    n.kind = Kind::List(Some(Box::new(item)));
                }
            }
            Kind::List(Some(item)) => infer_lists(std::slice::from_mut(item), notes),
            _ => {}
        }
    }
}

fn collect_lists(nodes: &[Node], out: &mut Vec<String>) {
    for n in nodes {
        match &n.kind {
            Kind::List(item) => {
                out.push(n.name.to_lowercase());
                if let Some(item) = item {
                    collect_lists(std::slice::from_ref(item), out);
                }
            }
            Kind::Object(c) => collect_lists(c, out),
            Kind::Leaf(_) => {}
        }
    }
}

fn apply_lists(nodes: &mut [Node], lists: &[String]) {
    for n in nodes.iter_mut() {
        if let Kind::Object(children) = &mut n.kind {
            apply_lists(children, lists);
            if lists.contains(&n.name.to_lowercase()) {
                let children = std::mem::take(children);
                let item = if children.len() == 1 && matches!(children[0].kind, Kind::Object(_)) {
                    children.into_iter().next().map(Box::new)
                } else {
                    Some(Box::new(Node {
                        name: singular(&n.name),
                        key: None,
                        tip: None,
                        kind: Kind::Object(children),
                        line: n.line,
                        inferred_name: true,
                    }))
                };
                n.kind = Kind::List(item);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<(String, u32)> {
        s.lines()
            .enumerate()
            .map(|(i, l)| (l.to_string(), i as u32 + 1))
            .collect()
    }

    #[test]
    fn lexes_rendering_a_glue() {
        let toks: Vec<Tok> = lex(&lines(">{String}</Type>IsDefault\n\": \"{String}\",Next"))
            .into_iter()
            .map(|t| t.tok)
            .collect();
        assert_eq!(
            toks,
            [
                Tok::TipEndXml,
                Tok::Value {
                    ty: "String".into(),
                    quoted: false,
                },
                Tok::XmlClose("Type".into()),
                Tok::Text("IsDefault".into()),
                Tok::TipEndJson,
                Tok::Value {
                    ty: "String".into(),
                    quoted: true,
                },
                Tok::Comma,
                Tok::Text("Next".into()),
            ]
        );
    }

    #[test]
    fn keeps_regex_with_angle_brackets_and_pipes_in_tooltips() {
        let tree = parse_body(
            &lines(
            "<Key\nKey\nInput must match the following regular expression pattern: ^(?<a>GET|PUT)\\s$\n>\n{String}</Key>",
        ), true);
        assert!(tree.problems.is_empty(), "{:?}", tree.problems);
        let tip = tree.top[0].tip.as_ref().unwrap();
        assert_eq!(tip.pattern.as_deref(), Some("^(?<a>GET|PUT)\\s$"));
    }

    #[test]
    fn element_names_are_unicode_identifiers() {
        for n in [
            "Größe",
            "Código",
            "Ñ",
            "数量",
            "Όνομα",
            "Имя",
            "हिन्दी",
            "_x",
            "a-b.c",
            "Id2",
        ] {
            assert!(is_identifier(n), "{n}");
            assert_eq!(name_len(&format!("{n}>rest")), n.len(), "{n}");
        }
        for n in ["", "2abc", "a b", "-a", "{String}", "a>"] {
            assert!(!is_identifier(n), "{n}");
        }
        assert!(same_name("Ñandú", "ñandú"));
        assert!(same_name("Größe", "größe"));
        assert!(!same_name("Größe", "grosse"));
    }

    #[test]
    fn singular_names() {
        assert_eq!(singular("OrderLines"), "OrderLine");
        assert_eq!(singular("Categories"), "Category");
        assert_eq!(singular("Address"), "AddressItem");
        assert_eq!(singular("Data"), "DataItem");
    }
}
