//! Reading an OpenAPI document's text (YAML or JSON, 3.0.x or 3.1.x) into the typed parts of
//! [`crate::spec`]: the syntax, the version check and the root read part by part, so one
//! malformed part (`info: 5`, a path item that is a list) is reported by the importer and the
//! rest is still read.

use crate::spec::{Components, Info, Lenient, PathItem, Server, Tag};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// Why a document could not be imported at all (anything less is a diagnostic in the model).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The text is neither valid YAML nor valid JSON.
    #[error("{file}:{line}:{column}: not valid YAML or JSON: {message}")]
    Syntax {
        /// Source name.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The document has no top-level `openapi` field (Swagger 2.0 documents have `swagger`).
    #[error("{file}: not an OpenAPI 3 document (no top-level `openapi` field{hint})")]
    NotOpenApi {
        /// Source name.
        file: String,
        /// Extra explanation (`; Swagger 2.0 is not supported`).
        hint: String,
    },
    /// The `openapi` field names a version other than 3.0.x / 3.1.x.
    #[error("{file}: OpenAPI version `{version}` is not supported (expected 3.0.x or 3.1.x)")]
    UnsupportedVersion {
        /// Source name.
        file: String,
        /// The version found.
        version: String,
    },
}

/// Whether `text` looks like an OpenAPI 3 document: a YAML or JSON mapping with a top-level
/// `openapi` key. Cheap enough to decide what a file given on the command line holds.
pub fn looks_like_openapi(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}');
    if t.trim_start().starts_with('{') {
        return serde_json::from_str::<Value>(t)
            .ok()
            .is_some_and(|v| v.get("openapi").is_some());
    }
    t.lines().any(|l| {
        l.starts_with("openapi:") || l.starts_with("\"openapi\":") || l.starts_with("'openapi':")
    })
}

/// The root of a document, read part by part (what could not be read is kept as such).
pub(crate) struct Document {
    /// `info` (absent: empty).
    pub info: Lenient<Info>,
    /// `servers`; `Err` when it is not a list.
    pub servers: Result<Vec<Lenient<Server>>, ()>,
    /// `tags`; `Err` when it is not a list.
    pub tags: Result<Vec<Lenient<Tag>>, ()>,
    /// `paths` by path template; `Err` when it is not an object, `None` when absent.
    pub paths: Option<Result<BTreeMap<String, Lenient<PathItem>>, ()>>,
    /// `components` (absent: empty).
    pub components: Lenient<Components>,
    /// Whether the document has `webhooks`.
    pub webhooks: bool,
}

/// Parses `text`, checks the version and reads the root's parts.
pub(crate) fn read_document(source: &str, text: &str) -> Result<Document, ImportError> {
    let mut root = parse_yaml_or_json(source, text)?;
    normalize(&mut root);
    let yaml_serde::Value::Mapping(mut root) = root else {
        return Err(ImportError::NotOpenApi {
            file: source.to_string(),
            hint: String::new(),
        });
    };
    let version = match root.get("openapi") {
        Some(yaml_serde::Value::String(v)) => v.clone(),
        Some(yaml_serde::Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(ImportError::UnsupportedVersion {
                file: source.to_string(),
                version: serde_json::to_string(other).unwrap_or_default(),
            })
        }
        None => {
            return Err(ImportError::NotOpenApi {
                file: source.to_string(),
                hint: if root.contains_key("swagger") {
                    "; Swagger 2.0 is not supported, convert it to OpenAPI 3 first".into()
                } else {
                    String::new()
                },
            })
        }
    };
    // 3.0 and 3.1 are read alike: the typed parts hold the fields of both.
    let known = ["3.0", "3.1"]
        .iter()
        .any(|v| version == *v || version.starts_with(&format!("{v}.")));
    if !known {
        return Err(ImportError::UnsupportedVersion {
            file: source.to_string(),
            version,
        });
    }
    let mut take = |key: &str| root.remove(key);
    let info = part(take("info"));
    let components = part(take("components"));
    let servers = list(take("servers"));
    let tags = list(take("tags"));
    let paths = take("paths").map(|v| BTreeMap::deserialize(v).map_err(|_| ()));
    let webhooks = take("webhooks").is_some();
    Ok(Document {
        info,
        servers,
        tags,
        paths,
        components,
        webhooks,
    })
}

/// One object of the root (absent: its default).
fn part<T: Default + for<'de> Deserialize<'de>>(v: Option<yaml_serde::Value>) -> Lenient<T> {
    match v {
        Some(v) => Lenient::deserialize(v).unwrap_or_else(|e| Lenient::Invalid(e.to_string())),
        None => Lenient::Read(T::default()),
    }
}

/// One list of the root (absent: empty); `Err` when it is not a list.
fn list<T: for<'de> Deserialize<'de>>(v: Option<yaml_serde::Value>) -> Result<Vec<Lenient<T>>, ()> {
    match v {
        Some(v) => Vec::deserialize(v).map_err(|_| ()),
        None => Ok(Vec::new()),
    }
}

/// Makes a parsed document readable by the typed structs: mapping keys become strings (YAML
/// reads `200:` as a number, `on:` as a boolean) and tags are dropped. Recursion is bounded:
/// both readers refuse documents nested deeper than [`MAX_NESTING`].
fn normalize(v: &mut yaml_serde::Value) {
    match v {
        yaml_serde::Value::Tagged(t) => {
            let inner = std::mem::replace(&mut t.value, yaml_serde::Value::Null);
            *v = inner;
            normalize(v);
        }
        yaml_serde::Value::Sequence(seq) => seq.iter_mut().for_each(normalize),
        yaml_serde::Value::Mapping(map) => {
            let entries = std::mem::take(map);
            for (k, mut value) in entries {
                normalize(&mut value);
                map.insert(yaml_serde::Value::String(yaml_key(k)), value);
            }
        }
        _ => {}
    }
}

fn parse_yaml_or_json(source: &str, text: &str) -> Result<yaml_serde::Value, ImportError> {
    let text = text.trim_start_matches('\u{feff}');
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| ImportError::Syntax {
            file: source.to_string(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        });
    }
    check_flow_nesting(source, text)?;
    let mut y: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        ImportError::Syntax {
            file: source.to_string(),
            line,
            column,
            message: e.to_string(),
        }
    })?;
    y.apply_merge().map_err(|e| ImportError::Syntax {
        file: source.to_string(),
        line: 0,
        column: 0,
        message: e.to_string(),
    })?;
    Ok(y)
}

/// Deepest nesting the YAML and JSON readers accept (both stop at 128 levels).
const MAX_NESTING: usize = 128;

/// Rejects YAML whose flow collections (`[`, `{`) nest deeper than [`MAX_NESTING`], in one
/// pass. The YAML reader would reject it too, but only after scanning it in time that grows
/// with size × depth (200 KB of `[` took minutes). Brackets are counted only where they
/// surely open a collection (after `key: `, `- ` or at the start of a line, and inside a
/// collection outside quotes and comments); anything unclear is skipped, so a count too low
/// leaves the decision to the reader and a valid document is never refused.
fn check_flow_nesting(source: &str, text: &str) -> Result<(), ImportError> {
    let too_deep = |line: usize, column: usize| ImportError::Syntax {
        file: source.to_string(),
        line,
        column,
        message: format!("the document nests deeper than {MAX_NESTING} levels"),
    };
    let mut depth = 0usize;
    // Inside a flow collection: the open quote, if any.
    let mut quote: Option<u8> = None;
    // Inside a block scalar (`|`, `>`): the indentation of the line that opened it.
    let mut block_scalar: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let b = line.as_bytes();
        let mut i = 0;
        if depth == 0 {
            // Block context: find where a node may start, skipping what is not a collection.
            i = b.iter().position(|c| *c != b' ').unwrap_or(b.len());
            match block_scalar {
                Some(parent) if i == b.len() || i > parent => continue,
                _ => block_scalar = None,
            }
            let indent = i;
            loop {
                while i < b.len() && b[i] == b' ' {
                    i += 1;
                }
                match b.get(i) {
                    Some(b'-' | b'?') if matches!(b.get(i + 1), None | Some(b' ')) => i += 2,
                    Some(b'[' | b'{') => break,
                    Some(b'|' | b'>') => {
                        block_scalar = Some(indent);
                        i = b.len();
                        break;
                    }
                    Some(b'"' | b'\'' | b'#' | b'&' | b'!' | b'*') | None => {
                        i = b.len();
                        break;
                    }
                    Some(_) => match line[i..].find(": ") {
                        // A plain key: its value starts after `: ` (a plain scalar with `: `
                        // inside is not valid YAML).
                        Some(k) if !line[i..i + k].contains(" #") => i += k + 2,
                        _ => {
                            i = b.len();
                            break;
                        }
                    },
                }
            }
        }
        let mut prev_space = true;
        while i < b.len() {
            let c = b[i];
            match quote {
                Some(q) => {
                    if c == b'\\' && q == b'"' {
                        i += 1;
                    } else if c == q {
                        quote = None;
                    }
                }
                None => match c {
                    b'"' | b'\'' if depth > 0 => quote = Some(c),
                    b'#' if prev_space => break,
                    b'[' | b'{' => {
                        depth += 1;
                        if depth > MAX_NESTING {
                            return Err(too_deep(n + 1, line[..i].chars().count() + 1));
                        }
                    }
                    b']' | b'}' if depth > 0 => {
                        depth -= 1;
                        if depth == 0 {
                            // Back in block context: the rest of the line is not counted.
                            break;
                        }
                    }
                    _ if depth == 0 => break,
                    _ => {}
                },
            }
            prev_space = c == b' ' || c == b'\t';
            i += 1;
        }
    }
    Ok(())
}

fn yaml_key(k: yaml_serde::Value) -> String {
    match k {
        yaml_serde::Value::String(s) => s,
        yaml_serde::Value::Number(n) => n.to_string(),
        yaml_serde::Value::Bool(b) => b.to_string(),
        yaml_serde::Value::Null => "null".into(),
        other => yaml_serde::to_string(&other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}
