//! YAML text that YAML 1.1 and YAML 1.2 readers read alike.
//!
//! `yaml_serde` decides whether to quote a string by the YAML 1.2 core schema only, so strings
//! such as `yes`, `on`, `=`, `<<`, `2001-12-14` or `12:30:45` were written plain and a YAML 1.1
//! reader (PyYAML, SnakeYAML, most CI tools) read them as booleans, merge keys, dates or
//! sexagesimal numbers, or refused the file. It has no option to change that, so the typed
//! document is turned into a `yaml_serde::Value` (which keeps field order) and written here,
//! deciding the style of every scalar:
//!
//! - a string is plain only when no YAML 1.1 (spec or PyYAML/SnakeYAML resolver) or YAML 1.2
//!   (core, JSON) schema reads it as anything but a string, and its characters need no
//!   quoting in block context; otherwise it is single-quoted, or double-quoted with escapes
//!   when it holds characters a reader would not accept raw;
//! - multi-line strings are literal blocks (`|`, `|-`, `|+`) when the block reads back exactly,
//!   else double-quoted;
//! - floats always have a `.` and a signed exponent (`1.84467440737096e+19`), the one spelling
//!   both versions read as a number;
//! - mapping keys follow the same rules; a key too long for an implicit key is written as an
//!   explicit `? key`.
//!
//! The layout is the usual block style (`yaml_serde`'s): two-space indentation, sequences
//! inside mappings not indented, `{}` / `[]` for empty collections. Nesting is walked with an
//! explicit stack.

use regex::Regex;
use std::fmt::Write as _;
use std::sync::LazyLock;
use yaml_serde::{Mapping, Number, Value};

/// Longest key written as an implicit `key: value` (YAML limits implicit keys to 1024
/// characters).
const MAX_IMPLICIT_KEY: usize = 1000;

/// Every plain scalar that some YAML 1.1 or 1.2 schema resolves to a non-string: null, bool
/// (1.1 spelling included), merge and value keys, ints (binary, octal, decimal, hex,
/// sexagesimal, with `_`), floats (1.1 spec and resolver forms, 1.2 core), infinities, NaN and
/// timestamps.
static NON_STRING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^(?:
          ~ | null | Null | NULL
        | y | Y | yes | Yes | YES | n | N | no | No | NO
        | true | True | TRUE | false | False | FALSE | on | On | ON | off | Off | OFF
        | << | =
        | [-+]?0b[01_]+
        | [-+]?0o?[0-7_]+
        | [-+]?[0-9][0-9_]*
        | [-+]?0x[0-9a-fA-F_]+
        | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
        | [-+]?(?:[0-9][0-9_]*)?\.[0-9._]*(?:[eE][-+]?[0-9]+)?
        | [-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+
        | [-+]?\.(?:inf|Inf|INF)
        | \.(?:nan|NaN|NAN)
        | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}
          (?:(?:[Tt]|[\ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
             (?:[\ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?
        )$",
    )
    .expect("the pattern compiles")
});

/// What a YAML reader accepts unescaped inside a quoted or plain scalar: YAML's printable set
/// minus the characters a 1.1 reader takes as line breaks (`\u{85}`, `\u{2028}`, `\u{2029}`) and
/// the byte order mark.
fn is_raw_safe(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Whether `s` reads back as the same string when written plain, in block context, by every
/// YAML 1.1 and 1.2 reader.
pub(crate) fn plain_is_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if NON_STRING.is_match(s) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || s.starts_with("---")
        || s.starts_with("...")
        || first == ' '
        || s.ends_with(' ')
        || s.ends_with(':')
    {
        return false;
    }
    !(s.contains(": ") || s.contains(" #") || s.chars().any(|c| !is_raw_safe(c)))
}

/// The scalar as YAML text for a one-line position (keys, or values that are not literal
/// blocks).
fn inline_string(s: &str) -> String {
    if plain_is_safe(s) {
        return s.to_string();
    }
    if s.chars().all(is_raw_safe) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    double_quoted(s)
}

/// `s` double-quoted, every character outside [`is_raw_safe`] escaped.
fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if is_raw_safe(c) => out.push(c),
            c if (c as u32) <= 0xFF => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c if (c as u32) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// A literal block header and body (indented by `indent`) for a multi-line string, when one
/// reads back exactly: printable characters only, no line ending in a space or tab, and a first
/// non-empty line that does not start with one (it would set the block's indentation).
fn literal_block(s: &str, indent: usize) -> Option<String> {
    if !s.contains('\n') || !s.chars().all(|c| c == '\n' || c == '\t' || is_raw_safe(c)) {
        return None;
    }
    let first_content = s.lines().find(|l| !l.is_empty())?;
    if first_content.starts_with([' ', '\t']) || s.split('\n').any(|l| l.ends_with([' ', '\t'])) {
        return None;
    }
    let (chomp, body) = match s.strip_suffix('\n') {
        None => ("-", s),
        Some(rest) if rest.ends_with('\n') => ("+", rest),
        Some(rest) => ("", rest),
    };
    let mut out = format!("|{chomp}\n");
    let pad = " ".repeat(indent);
    for line in body.split('\n') {
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    Some(out)
}

/// A float as text both YAML versions read as a float: always a `.` in the mantissa and a
/// signed exponent when there is one (`1.84467440737096e+19`, `1.0e-7`, `0.5`).
pub(crate) fn float_text(f: f64) -> String {
    if f.is_nan() {
        return ".nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    let s = format!("{f:?}");
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m.to_string(), Some(e.to_string())),
        None => (s, None),
    };
    let mut out = mantissa;
    if !out.contains('.') {
        out.push_str(".0");
    }
    if let Some(e) = exponent {
        out.push('e');
        if !e.starts_with(['-', '+']) {
            out.push('+');
        }
        out.push_str(&e);
    }
    out
}

fn number_text(n: &Number) -> String {
    if let Some(u) = n.as_u64() {
        u.to_string()
    } else if let Some(i) = n.as_i64() {
        i.to_string()
    } else {
        float_text(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// A value that is written on the line of its key or dash (`None` for non-empty collections,
/// which start on the next line). `indent` is the indentation of a literal block's body.
fn inline_value(v: &Value, indent: usize) -> Option<String> {
    Some(match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number_text(n),
        Value::String(s) => match literal_block(s, indent) {
            Some(block) => return Some(block),
            None => inline_string(s),
        },
        Value::Sequence(items) if items.is_empty() => "[]".into(),
        Value::Mapping(m) if m.is_empty() => "{}".into(),
        Value::Tagged(t) => {
            // Not produced by the typed document; written as YAML's own tag syntax.
            let inner = inline_value(&t.value, indent)?;
            format!("{} {inner}", t.tag)
        }
        Value::Sequence(_) | Value::Mapping(_) => return None,
    })
}

fn key_text(k: &Value) -> String {
    match k {
        Value::String(s) => inline_string(s),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number_text(n),
        other => double_quoted(&format!("{other:?}")),
    }
}

enum Frame<'a> {
    Map {
        iter: yaml_serde::mapping::Iter<'a>,
        indent: usize,
        /// The next entry continues a `- ` already written.
        inline: bool,
    },
    Seq {
        iter: std::slice::Iter<'a, Value>,
        indent: usize,
        inline: bool,
    },
}

/// Writes `v` (after its key's `:` or its item's `-`) and pushes a frame for a non-empty
/// collection. `indent` is the indentation of the key or dash.
fn write_child<'a>(
    out: &mut String,
    stack: &mut Vec<Frame<'a>>,
    v: &'a Value,
    indent: usize,
    after_dash: bool,
) {
    match inline_value(v, indent + 2) {
        Some(text) => {
            out.push(' ');
            out.push_str(&text);
            if !text.ends_with('\n') {
                out.push('\n');
            }
        }
        None => match (v, after_dash) {
            (Value::Mapping(m), true) => {
                out.push(' ');
                stack.push(map_frame(m, indent + 2, true));
            }
            (Value::Mapping(m), false) => {
                out.push('\n');
                stack.push(map_frame(m, indent + 2, false));
            }
            (Value::Sequence(s), true) => {
                out.push(' ');
                stack.push(Frame::Seq {
                    iter: s.iter(),
                    indent: indent + 2,
                    inline: true,
                });
            }
            (Value::Sequence(s), false) => {
                out.push('\n');
                stack.push(Frame::Seq {
                    iter: s.iter(),
                    indent,
                    inline: false,
                });
            }
            _ => unreachable!("inline_value covers scalars and empty collections"),
        },
    }
}

fn map_frame(m: &Mapping, indent: usize, inline: bool) -> Frame<'_> {
    Frame::Map {
        iter: m.iter(),
        indent,
        inline,
    }
}

/// The YAML text of `v` (block style, ending with a newline).
#[cfg(test)]
pub(crate) fn emit(v: &Value) -> String {
    let mut out = String::new();
    emit_into(v, &mut out);
    out
}

/// Appends the entries of mapping `m` to `out` as block entries at `indent` spaces: the lines
/// [`emit`] writes for them when `m`'s entries are part of a mapping at that depth (so a big
/// mapping can be written one entry at a time, each built only for its turn).
pub(crate) fn emit_entries_into(m: &Mapping, indent: usize, out: &mut String) {
    if !m.is_empty() {
        emit_frames(vec![map_frame(m, indent, false)], out);
    }
}

/// Appends the YAML text of `v` to `out` (see [`emit`]).
pub(crate) fn emit_into(v: &Value, out: &mut String) {
    let mut stack: Vec<Frame<'_>> = Vec::new();
    match v {
        Value::Mapping(m) if !m.is_empty() => stack.push(map_frame(m, 0, false)),
        Value::Sequence(s) if !s.is_empty() => stack.push(Frame::Seq {
            iter: s.iter(),
            indent: 0,
            inline: false,
        }),
        other => {
            let text = inline_value(other, 2).unwrap_or_default();
            out.push_str(&text);
            if !text.ends_with('\n') {
                out.push('\n');
            }
            return;
        }
    }
    emit_frames(stack, out);
}

/// Writes what the frames on `stack` still have to write (the emitter's loop).
fn emit_frames<'a>(mut stack: Vec<Frame<'a>>, out: &mut String) {
    while let Some(top) = stack.last_mut() {
        match top {
            Frame::Map {
                iter,
                indent,
                inline,
            } => {
                let Some((k, val)) = iter.next() else {
                    stack.pop();
                    continue;
                };
                let indent = *indent;
                if !std::mem::take(inline) {
                    out.push_str(&" ".repeat(indent));
                }
                let key = key_text(k);
                if key.chars().count() > MAX_IMPLICIT_KEY {
                    // Explicit key; the value follows `: ` in compact form, like an item.
                    out.push_str("? ");
                    out.push_str(&key);
                    out.push('\n');
                    out.push_str(&" ".repeat(indent));
                    out.push(':');
                    write_child(out, &mut stack, val, indent, true);
                } else {
                    out.push_str(&key);
                    out.push(':');
                    write_child(out, &mut stack, val, indent, false);
                }
            }
            Frame::Seq {
                iter,
                indent,
                inline,
            } => {
                let Some(item) = iter.next() else {
                    stack.pop();
                    continue;
                };
                let indent = *indent;
                if !std::mem::take(inline) {
                    out.push_str(&" ".repeat(indent));
                }
                out.push('-');
                write_child(out, &mut stack, item, indent, true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml_of(v: &serde_json::Value) -> String {
        emit(&yaml_serde::to_value(v).unwrap())
    }

    /// Every YAML 1.1 / 1.2 special form is quoted (each is read as a non-string, or refused,
    /// by some reader when plain).
    #[test]
    fn special_forms_are_quoted() {
        let table = [
            // null
            ("~", "'~'"),
            ("null", "'null'"),
            ("Null", "'Null'"),
            ("NULL", "'NULL'"),
            ("", "''"),
            // YAML 1.1 booleans
            ("y", "'y'"),
            ("Y", "'Y'"),
            ("yes", "'yes'"),
            ("Yes", "'Yes'"),
            ("YES", "'YES'"),
            ("n", "'n'"),
            ("N", "'N'"),
            ("no", "'no'"),
            ("No", "'No'"),
            ("NO", "'NO'"),
            ("on", "'on'"),
            ("On", "'On'"),
            ("ON", "'ON'"),
            ("off", "'off'"),
            ("Off", "'Off'"),
            ("OFF", "'OFF'"),
            ("true", "'true'"),
            ("False", "'False'"),
            // merge and value keys
            ("<<", "'<<'"),
            ("=", "'='"),
            // integers: decimal, octal (1.1 and 1.2), hex, binary, sexagesimal, underscores
            ("12", "'12'"),
            ("-7", "'-7'"),
            ("+7", "'+7'"),
            ("0755", "'0755'"),
            ("0o17", "'0o17'"),
            ("0x1F", "'0x1F'"),
            ("0b1010", "'0b1010'"),
            ("1:20", "'1:20'"),
            ("12:30:45", "'12:30:45'"),
            ("1_000", "'1_000'"),
            // floats: 1.1 spec (several dots), 1.2 core, exponent forms, inf, nan
            ("3.1.0", "'3.1.0'"),
            ("1.5", "'1.5'"),
            (".5", "'.5'"),
            ("1.", "'1.'"),
            ("1e19", "'1e19'"),
            ("1E+19", "'1E+19'"),
            ("190:20:30.15", "'190:20:30.15'"),
            (".inf", "'.inf'"),
            ("-.Inf", "'-.Inf'"),
            (".NaN", "'.NaN'"),
            // timestamps
            ("2001-12-14", "'2001-12-14'"),
            (
                "2001-12-14t21:59:43.10-05:00",
                "'2001-12-14t21:59:43.10-05:00'",
            ),
            ("2001-12-14 21:59:43.10 -5", "'2001-12-14 21:59:43.10 -5'"),
            ("2002-12-14T02:59:43.1Z", "'2002-12-14T02:59:43.1Z'"),
            // syntax: indicators, comments, mapping values, document markers, spaces
            ("- a", "'- a'"),
            ("-", "'-'"),
            ("? a", "'? a'"),
            (": a", "': a'"),
            ("#a", "'#a'"),
            ("a #b", "'a #b'"),
            ("a: b", "'a: b'"),
            ("a:", "'a:'"),
            ("&a", "'&a'"),
            ("*a", "'*a'"),
            ("!a", "'!a'"),
            ("|", "'|'"),
            (">", "'>'"),
            ("%a", "'%a'"),
            ("@a", "'@a'"),
            ("`a", "'`a'"),
            ("[a]", "'[a]'"),
            ("{a}", "'{a}'"),
            ("'a'", "'''a'''"),
            ("\"a\"", "'\"a\"'"),
            ("...", "'...'"),
            ("---", "'---'"),
            (" a", "' a'"),
            ("a ", "'a '"),
            // characters a reader does not accept raw: escaped in double quotes
            ("a\tb", "\"a\\tb\""),
            ("a\u{85}b", "\"a\\x85b\""),
            ("a\u{2028}b", "\"a\\u2028b\""),
            ("\u{feff}a", "\"\\uFEFFa\""),
            ("a\u{7}b", "\"a\\x07b\""),
            ("a\rb", "\"a\\rb\""),
        ];
        let mut wrong = Vec::new();
        for (input, expected) in table {
            let got = yaml_of(&serde_json::json!({ "k": input }));
            let want = format!("k: {expected}\n");
            if got != want {
                wrong.push(format!("{input:?}: got {got:?}, want {want:?}"));
            }
            // The same rules apply to keys.
            let got = yaml_of(&serde_json::json!({ input: 1 }));
            let want = format!("{expected}: 1\n");
            if got != want {
                wrong.push(format!("key {input:?}: got {got:?}, want {want:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn ordinary_strings_stay_plain() {
        for s in [
            "OK",
            "Pet",
            "application/json",
            "/pets/{petId}",
            "a, b [c] {d}",
            "x-error-codes",
            "yesterday",
            "Non",
            "1a",
            "v1.0-beta",
            "100 items",
            "<script>alert(1)</script>",
            "a=b",
            "<<a",
            "Ünïcødé – text",
            "a:b",
            "a#b",
            "http://example.com/a#b",
        ] {
            assert_eq!(yaml_of(&serde_json::json!({ "k": s })), format!("k: {s}\n"));
        }
    }

    #[test]
    fn multi_line_strings() {
        assert_eq!(
            yaml_of(&serde_json::json!({"k": "a\n\nb"})),
            "k: |-\n  a\n\n  b\n"
        );
        assert_eq!(yaml_of(&serde_json::json!({"k": "a\n"})), "k: |\n  a\n");
        assert_eq!(
            yaml_of(&serde_json::json!({"k": "a\n\n"})),
            "k: |+\n  a\n\n"
        );
        assert_eq!(
            yaml_of(&serde_json::json!({"k": ["x: y\n- z"]})),
            "k:\n- |-\n  x: y\n  - z\n"
        );
        // A block cannot start with a space or keep trailing spaces: double quotes instead.
        assert_eq!(
            yaml_of(&serde_json::json!({"k": " a\nb"})),
            "k: \" a\\nb\"\n"
        );
        assert_eq!(
            yaml_of(&serde_json::json!({"k": "a \nb"})),
            "k: \"a \\nb\"\n"
        );
        assert_eq!(yaml_of(&serde_json::json!({"k": "\n"})), "k: \"\\n\"\n");
    }

    #[test]
    fn floats_read_as_floats_in_yaml_1_1_and_1_2() {
        assert_eq!(float_text(1.84467440737096e19), "1.84467440737096e+19");
        assert_eq!(float_text(1e20), "1.0e+20");
        assert_eq!(float_text(-1e-7), "-1.0e-7");
        assert_eq!(float_text(0.01), "0.01");
        assert_eq!(float_text(5.0), "5.0");
        assert_eq!(
            yaml_of(
                &serde_json::json!({"max": 1.84467440737096e19, "min": -9007199254740993i64, "u": u64::MAX})
            ),
            "max: 1.84467440737096e+19\nmin: -9007199254740993\nu: 18446744073709551615\n"
        );
    }

    #[test]
    fn layout_matches_block_style() {
        let v = serde_json::json!({
            "a": {"b": [1, {"c": "d", "e": []}, [true, null]], "f": {}},
            "g": "h",
        });
        assert_eq!(
            yaml_of(&v),
            "a:\n  b:\n  - 1\n  - c: d\n    e: []\n  - - true\n    - null\n  f: {}\ng: h\n"
        );
        let long = "k".repeat(MAX_IMPLICIT_KEY + 1);
        assert_eq!(
            yaml_of(&serde_json::json!({ long.clone(): {"x": 1, "z": 2} })),
            format!("? {long}\n: x: 1\n  z: 2\n")
        );
    }

    /// What is written reads back as the same value (YAML 1.2 reader).
    #[test]
    fn round_trip() {
        let v = serde_json::json!({
            "s": ["yes", "0755", "a\n b", "x\u{85}", "'", "\"", "\\", "a\n\n", "<<", "=", "é"],
            "n": [1.5, -2, 1e300, 1.84467440737096e19],
            "m": {"on": {"2001-12-14": "12:30:45"}},
        });
        let text = yaml_of(&v);
        let back: serde_json::Value = yaml_serde::from_str(&text).unwrap();
        assert_eq!(back, v, "{text}");
    }
}
