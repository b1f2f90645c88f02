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
//! to it in document order; otherwise (the page was cut) the XML half is used alone, with
//! lists taken from whatever part of the JSON half is there or, failing that, inferred from
//! the XML shape (an element holding only one kind of element). Where rendering A cannot tell
//! where a wrapper ends, the uncertain fields are left out with a warning: a guess is never
//! presented as what the page says.

use std::fmt;

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

/// Whether `s` looks like an element name.
pub(crate) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
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
    /// `{Type}` or `"{Type}"`.
    Value(String),
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

/// A token with its source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct T {
    pub tok: Tok,
    pub line: u32,
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

fn name_len(s: &str) -> usize {
    s.char_indices()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8())
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
                if n > 0 && r.as_bytes()[0].is_ascii_alphabetic() {
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
            } else if !self.json && s.starts_with('{') {
                let n = type_name_len(&s[1..]);
                if n > 0 && s[1 + n..].starts_with('}') {
                    self.push(Tok::Value(s[1..1 + n].to_string()), line);
                    s = &s[n + 2..];
                    continue;
                }
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
                        self.push(Tok::Value(v[..n].to_string()), line);
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
            } else if let Some(r) = s.strip_prefix('>') {
                self.push(Tok::TipEndXml, line);
                s = r;
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
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Records a problem, up to a bound (the page's report is bounded anyway).
fn push_problem(problems: &mut Vec<Problem>, p: Problem) {
    if problems.len() < 300 {
        problems.push(p);
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

/// Reads a body from its lines (line numbers removed).
pub(crate) fn parse_body(lines: &[(String, u32)]) -> BodyTree {
    let toks = lex(lines);
    let mut out = BodyTree::default();
    if toks.is_empty() {
        return out;
    }
    let split = json_start(&toks);
    let (xml_toks, json_toks) = toks.split_at(split);
    let xml = xml_events(xml_toks, &mut out.problems, json_toks.is_empty());
    let json = if json_toks.is_empty() {
        None
    } else {
        Some(json_tree(json_toks, &mut out.problems))
    };
    // A JSON half that shows fewer values than the XML half, or ends on a comma, was cut.
    let json = json.map(|(top, complete)| {
        let xml_leaves = xml.iter().filter(|e| matches!(e, XEv::Leaf { .. })).count();
        let ends_open = json_toks.last().is_some_and(|t| t.tok == Tok::Comma);
        let complete = complete && !ends_open && count_leaves(&top) >= xml_leaves;
        (top, complete)
    });
    match json {
        Some((mut top, true)) => {
            let mut cur = 0;
            align(&mut top, &xml, &mut cur, &mut out.notes);
            out.top = top;
        }
        other => {
            let partial = other.map(|(t, _)| t).unwrap_or_default();
            let tagged = xml_toks
                .iter()
                .any(|t| matches!(t.tok, Tok::XmlOpen { .. }));
            out.top = xml_tree(&xml, &partial, tagged, &mut out.problems, &mut out.notes);
        }
    }
    out
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
fn json_start(toks: &[T]) -> usize {
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

fn xml_events(toks: &[T], problems: &mut Vec<Problem>, last_half: bool) -> Vec<XEv> {
    let mut evs = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        match &t.tok {
            Tok::XmlOpen { name, bare: true } => {
                // `<Key>{String}</Key>`: a field shown without its tooltip (saved HTML whose
                // tooltips are made on hover).
                let leaf = match (
                    toks.get(i + 1).map(|t| &t.tok),
                    toks.get(i + 2).map(|t| &t.tok),
                ) {
                    (Some(Tok::Value(ty)), Some(Tok::XmlClose(close))) if close == name => {
                        Some(ty.clone())
                    }
                    _ => None,
                };
                match leaf {
                    Some(ty) => {
                        evs.push(XEv::Leaf {
                            name: name.clone(),
                            tip: Tip {
                                line: t.line,
                                ..Tip::default()
                            },
                            ty,
                            line: t.line,
                        });
                        i += 3;
                    }
                    None => {
                        evs.push(XEv::Open {
                            name: name.clone(),
                            tip: None,
                            line: t.line,
                        });
                        i += 1;
                    }
                }
            }
            Tok::XmlClose(name) => {
                evs.push(XEv::Close { name: name.clone() });
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
                    let msg = if at_end && last_half {
                        cut_message(&lines, tag.as_deref())
                    } else {
                        format!(
                            "{} has no end of its tooltip (`>`); it is left out",
                            field_label(&lines, tag.as_deref())
                        )
                    };
                    push_problem(
                        problems,
                        Problem {
                            line: start,
                            message: msg,
                        },
                    );
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
                    Some(Tok::Value(ty)) => {
                        let ty = ty.clone();
                        i += 1;
                        let close = match toks.get(i).map(|t| &t.tok) {
                            Some(Tok::XmlClose(n)) => {
                                i += 1;
                                Some(n.clone())
                            }
                            _ => None,
                        };
                        let name = close.clone().or(tag.clone()).or(tip.title.clone());
                        let Some(name) = name else {
                            push_problem(
                                problems,
                                Problem {
                                    line: start,
                                    message: "a field without a name is left out".into(),
                                },
                            );
                            continue;
                        };
                        if close.is_none() && i >= toks.len() && last_half {
                            push_problem(problems, Problem {
                                line: start,
                                message: format!(
                                    "field `{name}` is cut off before its closing tag; it is left out"
                                ),
                            });
                            continue;
                        }
                        if tip.title.as_deref() != Some(name.as_str()) {
                            tip.demote_title();
                        }
                        evs.push(XEv::Leaf {
                            name,
                            tip,
                            ty,
                            line: start,
                        });
                    }
                    Some(Tok::Cut(c)) => {
                        let name = tag.or(tip.title.clone()).unwrap_or_default();
                        push_problem(
                            problems,
                            Problem {
                                line: toks[i].line,
                                message: format!(
                                    "field `{name}` is cut off at `{c}`; it is left out"
                                ),
                            },
                        );
                        i += 1;
                    }
                    None if last_half => {
                        // `>` is the last thing shown: leaf or object is not known.
                        let name = tag.or(tip.title.clone()).unwrap_or_default();
                        push_problem(
                            problems,
                            Problem {
                                line: start,
                                message: format!(
                                    "field `{name}` is cut off after its tooltip; it is left out"
                                ),
                            },
                        );
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
                            None => push_problem(
                                problems,
                                Problem {
                                    line: start,
                                    message: "an element without a name is left out".into(),
                                },
                            ),
                        }
                    }
                }
            }
            Tok::Cut(c) => {
                push_problem(
                    problems,
                    Problem {
                        line: t.line,
                        message: format!("body is cut off at `{c}`"),
                    },
                );
                i += 1;
            }
            other => {
                push_problem(
                    problems,
                    Problem {
                        line: t.line,
                        message: format!("unexpected `{other:?}` in the XML half of the body"),
                    },
                );
                i += 1;
            }
        }
    }
    evs
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

/// Builds the tree of the JSON half. Returns the top-level nodes and whether the half is
/// complete (not cut off).
fn json_tree(toks: &[T], problems: &mut Vec<Problem>) -> (Vec<Node>, bool) {
    let mut stack = vec![Frame {
        node: Node {
            name: String::new(),
            key: None,
            tip: None,
            kind: Kind::Object(Vec::new()),
            line: toks[0].line,
            inferred_name: false,
        },
        item: false,
        explicit: false,
    }];
    let mut i = 0;
    // Whether the previous value still waits for its comma.
    let mut after_value = false;
    let mut complete = true;
    let mut seen_entry = false;
    // Pending entry: key, tooltip, line.
    let mut pending: Option<(Option<String>, Option<Tip>, u32)> = None;
    while i < toks.len() {
        let t = &toks[i];
        let starts_entry = matches!(t.tok, Tok::Text(_) | Tok::JsonKey { .. });
        if starts_entry && after_value {
            // Rendering A: a missing comma ends the innermost object (and a list around an
            // item object).
            let was_item = stack.last().is_some_and(|f| f.item);
            let closed = stack
                .last()
                .map(|f| f.node.name.clone())
                .unwrap_or_default();
            pop(&mut stack);
            if was_item {
                pop(&mut stack);
            }
            after_value = false;
            // One missing comma can stand for several closing braces. Below the root (and the
            // item of a root list) the next field may belong to any enclosing object.
            let root_is_list = matches!(stack.get(1).map(|f| &f.node.kind), Some(Kind::List(_)));
            let settled = if root_is_list { 3 } else { 2 };
            if stack.len() > settled {
                let parent = stack
                    .last()
                    .map(|f| f.node.name.clone())
                    .unwrap_or_default();
                push_problem(
                    problems,
                    Problem {
                        line: t.line,
                        message: format!(
                            "rendering A does not show how many objects end after `{closed}`; the next field is read as part of `{parent}`"
                        ),
                    },
                );
            }
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
                let lines = take_tip(toks, &mut i);
                if toks.get(i).map(|t| &t.tok) != Some(&Tok::TipEndJson) {
                    complete = false;
                    let at_end = i >= toks.len();
                    push_problem(
                        problems,
                        Problem {
                            line,
                            message: if at_end {
                                cut_message(&lines, key.as_deref())
                            } else {
                                format!(
                                    "{} has no end of its tooltip (`\":`); it is left out",
                                    key.as_deref().map_or_else(
                                        || "a field".to_string(),
                                        |k| format!("field `{k}`")
                                    )
                                )
                            },
                        },
                    );
                    if !at_end {
                        i += 1;
                    }
                    continue;
                }
                i += 1;
                let mut tip = Tip::from_lines(&lines.unwrap_or_default());
                if tip.line == 0 {
                    tip.line = line;
                }
                pending = Some((key, Some(tip), line));
            }
            Tok::Value(ty) => {
                i += 1;
                let node = match pending.take() {
                    Some((key, tip, line)) => entry_node(key, tip, Kind::Leaf(ty.clone()), line),
                    None => {
                        if !matches!(stack.last().map(|f| &f.node.kind), Some(Kind::List(_))) {
                            push_problem(
                                problems,
                                Problem {
                                    line: t.line,
                                    message: format!("value `{{{ty}}}` without a field name"),
                                },
                            );
                            continue;
                        }
                        entry_node(None, None, Kind::Leaf(ty.clone()), t.line)
                    }
                };
                seen_entry = true;
                attach(&mut stack, node);
                after_value = true;
            }
            Tok::Comma => {
                i += 1;
                after_value = false;
            }
            Tok::LBrace | Tok::LBracket => {
                i += 1;
                let list = t.tok == Tok::LBracket;
                let kind = if list {
                    Kind::List(None)
                } else {
                    Kind::Object(Vec::new())
                };
                if stack.len() > MAX_DEPTH {
                    push_problem(
                        problems,
                        Problem {
                            line: t.line,
                            message: format!(
                            "the body nests deeper than {MAX_DEPTH} levels; the rest is left out"
                        ),
                        },
                    );
                    complete = false;
                    break;
                }
                match pending.take() {
                    Some((key, tip, line)) => {
                        seen_entry = true;
                        stack.push(Frame {
                            node: entry_node(key, tip, kind, line),
                            item: false,
                            explicit: true,
                        });
                    }
                    None => {
                        let in_list =
                            matches!(stack.last().map(|f| &f.node.kind), Some(Kind::List(_)));
                        if in_list && !list {
                            stack.push(Frame {
                                node: entry_node(None, None, kind, t.line),
                                item: true,
                                explicit: true,
                            });
                        } else if !seen_entry && stack.len() == 1 && !stack[0].explicit && !list {
                            stack[0].explicit = true;
                        } else {
                            push_problem(
                                problems,
                                Problem {
                                    line: t.line,
                                    message: "a JSON object or list without a field name".into(),
                                },
                            );
                        }
                    }
                }
                after_value = false;
            }
            Tok::RBrace | Tok::RBracket => {
                i += 1;
                if stack.len() > 1 {
                    pop(&mut stack);
                } else if stack[0].explicit {
                    stack[0].explicit = false;
                }
                after_value = true;
            }
            Tok::Cut(c) => {
                complete = false;
                let name = pending
                    .as_ref()
                    .and_then(|(k, tip, _)| {
                        k.clone()
                            .or_else(|| tip.as_ref().and_then(|t| t.title.clone()))
                    })
                    .unwrap_or_default();
                push_problem(
                    problems,
                    Problem {
                        line: t.line,
                        message: format!("field `{name}` is cut off at `{c}`; it is left out"),
                    },
                );
                pending = None;
                i += 1;
            }
            other => {
                push_problem(
                    problems,
                    Problem {
                        line: t.line,
                        message: format!("unexpected `{other:?}` in the JSON half of the body"),
                    },
                );
                i += 1;
            }
        }
    }
    if pending.is_some() {
        complete = false;
    }
    // In rendering B every container closes explicitly; an explicit container still open at
    // the end means the page was cut.
    if stack.iter().skip(1).any(|f| f.explicit) && !after_value {
        complete = false;
    }
    if stack[0].explicit {
        // `{` shown but its `}` never came.
        complete = false;
    }
    while stack.len() > 1 {
        pop(&mut stack);
    }
    let top = match stack.pop().map(|f| f.node.kind) {
        Some(Kind::Object(children)) => children,
        _ => Vec::new(),
    };
    (top, complete)
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
fn align(nodes: &mut [Node], xml: &[XEv], cur: &mut usize, notes: &mut Vec<Problem>) {
    for node in nodes.iter_mut() {
        if let Some(j) = next_open(xml, cur) {
            let ev = &xml[j];
            let same = ev_name(ev).eq_ignore_ascii_case(&node.name)
                || node
                    .key
                    .as_deref()
                    .is_some_and(|k| ev_name(ev).eq_ignore_ascii_case(k));
            match (&node.kind, ev) {
                (
                    Kind::Leaf(_),
                    XEv::Leaf {
                        name, tip, line, ..
                    },
                ) => {
                    if !same {
                        node.name = name.clone();
                        node.tip = Some(tip.clone());
                    }
                    node.line = *line;
                    *cur += 1;
                }
                (Kind::Object(_) | Kind::List(_), XEv::Open { name, line, .. }) if same => {
                    node.name = name.clone();
                    node.line = *line;
                    *cur += 1;
                }
                _ => {
                    // The halves disagree; keep the JSON half's view from here on.
                    notes.push(Problem {
                        line: node.line,
                        message: format!(
                            "the XML half shows `{}` where the JSON half shows `{}`; the JSON half is followed from here on",
                            ev_name(ev),
                            node.name
                        ),
                    });
                    *cur = xml.len();
                }
            }
        }
        if let Some(tip) = &mut node.tip {
            if tip.title.as_deref() != Some(node.name.as_str()) {
                tip.demote_title();
            }
        }
        match &mut node.kind {
            Kind::Object(children) => align(children, xml, cur, notes),
            Kind::List(Some(item)) => {
                let first_child = match &item.kind {
                    Kind::Object(c) => c.first().map(|c| c.name.clone()),
                    _ => None,
                };
                let mut named = false;
                if matches!(item.kind, Kind::Object(_)) {
                    if let Some(j) = next_open(xml, cur) {
                        if let XEv::Open { name, tip, .. } = &xml[j] {
                            // The item element, unless this open is already the first field
                            // (then the element after it would not be the first field too).
                            let mut after = j + 1;
                            let second = next_open(xml, &mut after).map(|k| ev_name(&xml[k]));
                            let is_item = match first_child.as_deref() {
                                None => true,
                                Some(f) => {
                                    !f.eq_ignore_ascii_case(name)
                                        || second.is_some_and(|s| s.eq_ignore_ascii_case(f))
                                }
                            };
                            if is_item {
                                item.name = name.clone();
                                item.tip = tip.clone();
                                named = true;
                                *cur += 1;
                            }
                        }
                    }
                }
                if !named {
                    item.name = singular(&node.name);
                    item.inferred_name = true;
                    if matches!(item.kind, Kind::Object(_)) {
                        notes.push(Problem {
                            line: node.line,
                            message: format!(
                                "the item element of list `{}` is not shown; it is named `{}`",
                                node.name, item.name
                            ),
                        });
                    }
                }
                if let Kind::Object(children) = &mut item.kind {
                    align(children, xml, cur, notes);
                }
            }
            _ => {}
        }
    }
}

/// Builds the tree from the XML half alone (the JSON half is missing or cut off). Lists known
/// from the partial JSON half are applied by name.
fn xml_tree(
    xml: &[XEv],
    partial_json: &[Node],
    tagged: bool,
    problems: &mut Vec<Problem>,
    notes: &mut Vec<Problem>,
) -> Vec<Node> {
    let mut lists = Vec::new();
    collect_lists(partial_json, &mut lists);
    // Rendering A shows no end of a wrapper in its XML half: after the first wrapper below
    // the root, which element belongs where cannot be told without the JSON half.
    let mut xml = xml;
    if !tagged {
        let root_open = matches!(xml.first(), Some(XEv::Open { .. }));
        let inner = xml
            .iter()
            .enumerate()
            .skip(usize::from(root_open))
            .find(|(_, e)| matches!(e, XEv::Open { .. }));
        if let Some((i, XEv::Open { name, line, .. })) = inner {
            push_problem(
                problems,
                Problem {
                    line: *line,
                    message: format!(
                        "where `{name}` ends is not shown (rendering A without the JSON half); `{name}` and the fields after it are left out"
                    ),
                },
            );
            xml = &xml[..i];
        }
    }
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
                push_problem(
                    problems,
                    Problem {
                        line: *line,
                        message: format!(
                            "the body nests deeper than {MAX_DEPTH} levels; the rest is left out"
                        ),
                    },
                );
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
                    push_problem(
                        problems,
                        Problem {
                            line: stack.last().map_or(0, |n| n.line),
                            message: format!("closing tag `</{name}>` without an opening tag"),
                        },
                    );
                }
            }
        }
    }
    if tagged {
        // Rendering B closes every element: one still open below the root was cut, and
        // whether it is an object or a list is not known.
        while stack.len() > 2 {
            if let Some(n) = stack.pop() {
                push_problem(
                    problems,
                    Problem {
                        line: n.line,
                        message: format!(
                            "element `{}` is cut off before its closing tag; it is left out",
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
            push_problem(
                problems,
                Problem {
                    line: root.line,
                    message: format!(
                        "body `{}` is cut off before its first complete field; it is left out",
                        root.name
                    ),
                },
            );
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
                out.push(n.name.to_ascii_lowercase());
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
            if lists.contains(&n.name.to_ascii_lowercase()) {
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
                Tok::Value("String".into()),
                Tok::XmlClose("Type".into()),
                Tok::Text("IsDefault".into()),
                Tok::TipEndJson,
                Tok::Value("String".into()),
                Tok::Comma,
                Tok::Text("Next".into()),
            ]
        );
    }

    #[test]
    fn keeps_regex_with_angle_brackets_and_pipes_in_tooltips() {
        let tree = parse_body(&lines(
            "<Key\nKey\nInput must match the following regular expression pattern: ^(?<a>GET|PUT)\\s$\n>\n{String}</Key>",
        ));
        assert!(tree.problems.is_empty(), "{:?}", tree.problems);
        let tip = tree.top[0].tip.as_ref().unwrap();
        assert_eq!(tip.pattern.as_deref(), Some("^(?<a>GET|PUT)\\s$"));
    }

    #[test]
    fn singular_names() {
        assert_eq!(singular("OrderLines"), "OrderLine");
        assert_eq!(singular("Categories"), "Category");
        assert_eq!(singular("Address"), "AddressItem");
        assert_eq!(singular("Data"), "DataItem");
    }
}
