//! Request/response formats and their samples: media types with synthetic examples, failed or
//! unavailable samples as notes, and what samples teach beyond the tables (XML root name and
//! namespace, JSON wire names, enum members). Samples come from the Help Page's
//! `ObjectGenerator`, so their values are placeholders: they are examples marked synthetic and
//! never defaults or enum values, except an enum's own member (the generator picks the first).

use super::block::{Block, BlockKind};
use apiscrape_model::{Example, MediaType, XmlName};

/// Reads a Formats section: each `h4.sample-header` (media types joined by `, `) and the
/// sample after it.
pub fn media_types(items: &[&Block]) -> Vec<MediaType> {
    let mut out: Vec<MediaType> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut filled = true;
    for b in items {
        match &b.kind {
            BlockKind::SampleHeader(h) => {
                current.clear();
                filled = false;
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
                filled = true;
            }
            BlockKind::Para(p) if !filled && p.trim() != "Sample:" => {
                let text = p.trim().strip_prefix("Sample:").unwrap_or(p).trim();
                apply(&mut out, &current, text);
                filled = true;
            }
            _ => {}
        }
    }
    out
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

/// The example text of the first media type whose name contains `kind` (`json`, `xml`).
pub fn example_of<'a>(media: &'a [MediaType], kind: &str) -> Option<&'a str> {
    media
        .iter()
        .filter(|m| m.name.to_ascii_lowercase().contains(kind))
        .find_map(|m| m.example.as_ref().map(|e| e.value.as_str()))
}

/// The XML root element and namespace shown by the XML sample.
pub fn xml_root_of(media: &[MediaType]) -> Option<XmlName> {
    let root = parse_xml(example_of(media, "xml")?)?;
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

/// Parses a sample's XML (machine-written, indented). Returns `None` on anything malformed.
pub fn parse_xml(text: &str) -> Option<XmlElem> {
    let mut p = XmlParser {
        s: text.as_bytes(),
        src: text,
        i: 0,
    };
    p.misc();
    let root = p.element(0)?;
    Some(root)
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

    /// Skips whitespace, declarations, comments and doctypes.
    fn misc(&mut self) {
        loop {
            self.skip_ws();
            if self.starts("<?") {
                if self.skip_past("?>").is_none() {
                    self.i = self.s.len();
                }
            } else if self.starts("<!--") {
                if self.skip_past("-->").is_none() {
                    self.i = self.s.len();
                }
            } else if self.starts("<!") {
                if self.skip_past(">").is_none() {
                    self.i = self.s.len();
                }
            } else {
                return;
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

    fn element(&mut self, depth: usize) -> Option<XmlElem> {
        if depth > 64 || !self.starts("<") {
            return None;
        }
        self.i += 1;
        let qname = self.name()?;
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
            if self.starts("/>") {
                self.i += 2;
                return Some(el);
            }
            if self.starts(">") {
                self.i += 1;
                break;
            }
            let key = self.name()?;
            self.skip_ws();
            if !self.starts("=") {
                return None;
            }
            self.i += 1;
            self.skip_ws();
            let quote = *self.s.get(self.i)?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            self.i += 1;
            let start = self.i;
            while self.i < self.s.len() && self.s[self.i] != quote {
                self.i += 1;
            }
            let value = unescape(self.src.get(start..self.i)?);
            self.i += 1;
            el.attrs.push((key, value));
        }
        let mut text = String::new();
        loop {
            if self.i >= self.s.len() {
                return None;
            }
            if self.starts("</") {
                self.i += 2;
                let close = self.name()?;
                if close != qname {
                    return None;
                }
                self.skip_ws();
                if !self.starts(">") {
                    return None;
                }
                self.i += 1;
                el.text = unescape(text.trim());
                return Some(el);
            }
            if self.starts("<!--") || self.starts("<?") {
                self.misc();
                continue;
            }
            if self.starts("<![CDATA[") {
                self.i += 9;
                let rest = self.src.get(self.i..)?;
                let k = rest.find("]]>")?;
                text.push_str(&rest[..k]);
                self.i += k + 3;
                continue;
            }
            if self.starts("<") {
                let child = self.element(depth + 1)?;
                el.children.push(child);
                continue;
            }
            let start = self.i;
            while self.i < self.s.len() && self.s[self.i] != b'<' {
                self.i += 1;
            }
            text.push_str(self.src.get(start..self.i)?);
        }
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The key order of a JSON document (serde_json's map is sorted; samples list properties in
/// declaration order, which the model keeps).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// An object's keys in document order, with their values' shapes.
    Object(Vec<(String, Shape)>),
    /// An array's items.
    Array(Vec<Shape>),
    /// Anything else.
    Leaf,
}

/// Reads the shape of a JSON text that serde_json accepted. `None` on anything unexpected.
pub fn json_shape(text: &str) -> Option<Shape> {
    let mut p = ShapeParser {
        s: text.as_bytes(),
        src: text,
        i: 0,
    };
    let shape = p.value(0)?;
    Some(shape)
}

struct ShapeParser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl ShapeParser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// A string token, unescaped by serde_json.
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.i += 1;
        while self.i < self.s.len() {
            match self.s[self.i] {
                b'\\' => self.i += 2,
                b'"' => {
                    self.i += 1;
                    return serde_json::from_str(self.src.get(start..self.i)?).ok();
                }
                _ => self.i += 1,
            }
        }
        None
    }

    fn value(&mut self, depth: usize) -> Option<Shape> {
        if depth > 128 {
            return None;
        }
        self.ws();
        match self.peek()? {
            b'{' => {
                self.i += 1;
                let mut entries = Vec::new();
                loop {
                    self.ws();
                    match self.peek()? {
                        b'}' => {
                            self.i += 1;
                            return Some(Shape::Object(entries));
                        }
                        b',' => self.i += 1,
                        b'"' => {
                            let key = self.string()?;
                            self.ws();
                            if self.peek()? != b':' {
                                return None;
                            }
                            self.i += 1;
                            let v = self.value(depth + 1)?;
                            entries.push((key, v));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.ws();
                    match self.peek()? {
                        b']' => {
                            self.i += 1;
                            return Some(Shape::Array(items));
                        }
                        b',' => self.i += 1,
                        _ => items.push(self.value(depth + 1)?),
                    }
                }
            }
            b'"' => {
                self.string()?;
                Some(Shape::Leaf)
            }
            _ => {
                while self.i < self.s.len() && !b",]} \t\r\n".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                Some(Shape::Leaf)
            }
        }
    }
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
    }

    #[test]
    fn json_shapes_keep_key_order() {
        let s = json_shape("{\"b\": [1, {\"z\": 1, \"a\\\"q\": \"x]\"}], \"a\": null}").unwrap();
        assert_eq!(
            s,
            Shape::Object(vec![
                (
                    "b".into(),
                    Shape::Array(vec![
                        Shape::Leaf,
                        Shape::Object(vec![
                            ("z".into(), Shape::Leaf),
                            ("a\"q".into(), Shape::Leaf)
                        ])
                    ])
                ),
                ("a".into(), Shape::Leaf)
            ])
        );
        assert_eq!(json_shape("{\"a\" 1}"), None);
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
