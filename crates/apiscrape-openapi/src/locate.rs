//! Source lines of JSON pointers (`#/paths/~1a/get`) in a YAML or JSON text, so the importer's
//! diagnostics name the line of what they are about.
//!
//! The typed reading ([`crate::read`]) has no source positions; this reads the text once more
//! as YAML events (JSON is read as YAML's flow style), keeping the pointer of the node at hand,
//! and records the line of each pointer asked for. A mapping entry's line is its key's line. One
//! pass, no recursion, and the pointer is followed only [`MAX_DEPTH`] levels deep (deeper nodes
//! take the line of their deepest located ancestor), so the cost stays linear in the text.

use saphyr_parser::{Event, Parser};
use std::collections::{HashMap, HashSet};

/// Nodes deeper than this are not given pointers of their own.
const MAX_DEPTH: usize = 64;

/// An open collection, and where the walk is in it.
enum Frame {
    /// A mapping; `value` is whether its next node is an entry's value (else a key).
    Mapping { value: bool },
    /// A sequence and the index of its next item.
    Sequence { next: usize },
}

/// A collection that is skipped (not located inside): a mapping key that is a collection, or
/// one past [`MAX_DEPTH`].
struct Skipped {
    /// Open collections inside it, itself included.
    depth: usize,
    /// Whether it is a mapping key (its entry's value follows) rather than a value or item.
    key: bool,
}

/// The line (1-based) of each of `pointers` (each `#`-rooted, tokens escaped as in JSON
/// Pointer) in `text`; a pointer whose node is not in the text gets the line of its deepest
/// ancestor that is, and the root (`#`) none. A text that stops being readable YAML keeps the
/// lines found before the error.
pub(crate) fn lines(text: &str, pointers: &[&str]) -> HashMap<String, u32> {
    // A document without diagnostics is not read a second time.
    if pointers.is_empty() {
        return HashMap::new();
    }
    let mut wanted: HashSet<&str> = HashSet::new();
    for p in pointers {
        // Every ancestor too: a pointer the text lacks falls back to the nearest one.
        let mut end = p.len();
        while let Some(i) = p[..end].rfind('/') {
            wanted.insert(&p[..end]);
            end = i;
        }
    }
    let found = Walk::default().run(text, &wanted);
    let mut out = HashMap::new();
    for p in pointers {
        let mut end = p.len();
        loop {
            if let Some(&line) = found.get(&p[..end]) {
                out.insert((*p).to_string(), line);
                break;
            }
            match p[..end].rfind('/') {
                Some(i) => end = i,
                None => break,
            }
        }
    }
    out
}

/// The state of one pass over the events.
#[derive(Default)]
struct Walk {
    /// The pointer of the node at hand (`#` at the root).
    pointer: String,
    /// The pointer's length before each open entry's token was appended.
    lengths: Vec<usize>,
    frames: Vec<Frame>,
    skipped: Option<Skipped>,
}

impl Walk {
    /// The lines of the `wanted` pointers present in `text`.
    fn run(mut self, text: &str, wanted: &HashSet<&str>) -> HashMap<String, u32> {
        let mut found = HashMap::new();
        self.pointer.push('#');
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let line = u32::try_from(span.start.line()).unwrap_or(u32::MAX);
            let start = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
            let end = matches!(event, Event::MappingEnd | Event::SequenceEnd);
            if let Some(skipped) = &mut self.skipped {
                if start {
                    skipped.depth += 1;
                } else if end {
                    skipped.depth -= 1;
                }
                if skipped.depth == 0 {
                    let key = skipped.key;
                    self.skipped = None;
                    if key {
                        self.enter_value_of_unnamed_key();
                    } else {
                        self.end_node();
                    }
                }
                continue;
            }
            if end {
                self.frames.pop();
                self.end_node();
                continue;
            }
            if !start && !matches!(event, Event::Scalar(..) | Event::Alias(_)) {
                continue;
            }
            match self.frames.last_mut() {
                Some(Frame::Mapping { value: false }) => {
                    if let Event::Scalar(key, ..) = &event {
                        self.lengths.push(self.pointer.len());
                        self.pointer.push('/');
                        escape_into(key, &mut self.pointer);
                        record(&self.pointer, line, wanted, &mut found);
                        if let Some(Frame::Mapping { value }) = self.frames.last_mut() {
                            *value = true;
                        }
                    } else if start {
                        self.skipped = Some(Skipped {
                            depth: 1,
                            key: true,
                        });
                    } else {
                        self.enter_value_of_unnamed_key();
                    }
                    continue;
                }
                Some(Frame::Mapping { value: true }) | None => {}
                Some(Frame::Sequence { next }) => {
                    let index = *next;
                    *next += 1;
                    self.lengths.push(self.pointer.len());
                    self.pointer.push('/');
                    self.pointer.push_str(&index.to_string());
                    record(&self.pointer, line, wanted, &mut found);
                }
            }
            if !start {
                self.end_node();
            } else if self.frames.len() >= MAX_DEPTH {
                self.skipped = Some(Skipped {
                    depth: 1,
                    key: false,
                });
            } else if matches!(event, Event::MappingStart(..)) {
                self.frames.push(Frame::Mapping { value: false });
            } else {
                self.frames.push(Frame::Sequence { next: 0 });
            }
        }
        found
    }

    /// A key that is not a scalar was read: its value follows, under a token no pointer
    /// names.
    fn enter_value_of_unnamed_key(&mut self) {
        self.lengths.push(self.pointer.len());
        self.pointer.push_str("/\u{0}");
        if let Some(Frame::Mapping { value }) = self.frames.last_mut() {
            *value = true;
        }
    }

    /// A node is complete: its entry's token is removed, and a mapping expects a key again.
    fn end_node(&mut self) {
        let entry = match self.frames.last_mut() {
            Some(Frame::Mapping { value }) => std::mem::replace(value, false),
            Some(Frame::Sequence { .. }) => true,
            None => false,
        };
        if entry {
            if let Some(len) = self.lengths.pop() {
                self.pointer.truncate(len);
            }
        }
    }
}

/// Records `pointer`'s line when it is wanted and not yet found.
fn record(pointer: &str, line: u32, wanted: &HashSet<&str>, found: &mut HashMap<String, u32>) {
    if wanted.contains(pointer) && !found.contains_key(pointer) {
        found.insert(pointer.to_string(), line);
    }
}

/// Appends `token` escaped as a JSON Pointer token (`~` → `~0`, `/` → `~1`).
fn escape_into(token: &str, out: &mut String) {
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_of(text: &str, pointer: &str) -> Option<u32> {
        lines(text, &[pointer]).get(pointer).copied()
    }

    const YAML: &str = "openapi: 3.1.0
info:
  title: T
paths:
  /a/{id}:
    get:
      parameters:
        - name: id
          in: path
        - {name: q, in: query}
      responses:
        '200':
          description: ok
components:
  schemas:
    A~B:
      type: object
";

    #[test]
    fn yaml_pointers_are_found_on_their_key_lines() {
        assert_eq!(line_of(YAML, "#/info"), Some(2));
        assert_eq!(line_of(YAML, "#/paths/~1a~1{id}/get"), Some(6));
        assert_eq!(line_of(YAML, "#/paths/~1a~1{id}/get/parameters/0"), Some(8));
        assert_eq!(
            line_of(YAML, "#/paths/~1a~1{id}/get/parameters/1"),
            Some(10)
        );
        assert_eq!(
            line_of(YAML, "#/paths/~1a~1{id}/get/parameters/1/in"),
            Some(10)
        );
        assert_eq!(
            line_of(YAML, "#/paths/~1a~1{id}/get/responses/200/description"),
            Some(13)
        );
        assert_eq!(line_of(YAML, "#/components/schemas/A~0B"), Some(16));
        // Not in the text: the nearest ancestor that is.
        assert_eq!(line_of(YAML, "#/paths/~1a~1{id}/put/requestBody"), Some(5));
        assert_eq!(line_of(YAML, "#"), None);
        assert_eq!(line_of(YAML, "#/nothing"), None);
    }

    #[test]
    fn json_pointers_are_found_too() {
        let json = "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {\n    \"/x\": {\n      \"put\": {\n        \"parameters\": [\n          {\"name\": \"a\"},\n          {\"name\": \"b\"}\n        ]\n      }\n    }\n  }\n}\n";
        assert_eq!(line_of(json, "#/paths/~1x/put"), Some(5));
        assert_eq!(line_of(json, "#/paths/~1x/put/parameters/1"), Some(8));
    }

    #[test]
    fn complex_keys_deep_nesting_and_broken_text_do_not_lose_the_way() {
        let text = "? [a, b]\n: {x: 1}\nafter:\n  k: v\n";
        assert_eq!(line_of(text, "#/after/k"), Some(4));
        // Past MAX_DEPTH nodes take their ancestor's line.
        let deep = format!("{}x{}", "[\n".repeat(200), "]".repeat(200));
        assert_eq!(line_of(&deep, "#/0/0"), Some(3));
        let pointer = format!("#{}", "/0".repeat(199));
        assert_eq!(line_of(&deep, &pointer), Some(MAX_DEPTH as u32 + 1));
        // Deeper than the YAML reader goes (the typed reading refuses it before): no line, and
        // no hang or overflow.
        let deeper = format!("{}x{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(line_of(&deeper, "#/0/0"), None);
        let cut = "a:\n  b: 1\nc: [1, 2\n";
        assert_eq!(line_of(cut, "#/a/b"), Some(2));
    }
}
