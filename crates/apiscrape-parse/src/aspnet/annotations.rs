//! The "Additional information" column: the closed vocabulary of annotation phrasings
//! (`AnnotationTextGenerator` plus URI-parameter `Required` / `Default value is X`, plus the
//! customisations seen on live sites), read into [`Constraints`].

use apiscrape_model::{Bound, Constraints, Number};

/// What a row's annotations say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    /// `Required`.
    pub required: bool,
    /// Everything else that is a constraint.
    pub constraints: Constraints,
    /// `Example value: X` (written by the site, so not synthetic).
    pub example: Option<String>,
    /// `Default value is Null` (a customisation): no default, the value may be null.
    pub nullable: bool,
    /// Phrases not in the vocabulary (also kept in `constraints.notes`).
    pub unknown: Vec<String>,
}

/// Phrase starts, in the order the template sorts them (Required first, then by text), used
/// to split annotations a text rendering joined into one line.
const STARTS: &[&str] = &[
    "Required",
    "Primary key field",
    "Data type:",
    "Default value is",
    "Default value:",
    "Example value:",
    "Matching regular expression pattern:",
    "Max length:",
    "Min length:",
    "Range:",
    "String length:",
    "Unique items",
];

/// `Required` as localized templates print it (a Swedish site: `Krävs`).
const REQUIRED: &[&str] = &[
    "Required",
    "Required.",
    "Krävs",
    "Obligatorisk",
    "Obligatoriskt",
    "Verplicht",
    "Erforderlich",
    "Pflichtfeld",
    "Obligatoire",
    "Requis",
    "Obligatorio",
    "Requerido",
];

fn is_required(t: &str) -> bool {
    REQUIRED.contains(&t.trim())
}

/// Whether a whole line/cell is one or more annotation phrases (`None.` included).
pub fn is_annotation(s: &str) -> bool {
    let t = s.trim();
    if t == "None." || is_required(t) {
        return true;
    }
    let parts = split_joined(t);
    !parts.is_empty() && parts.iter().all(|p| is_phrase(p))
}

fn is_phrase(p: &str) -> bool {
    let t = p.trim();
    t == "None."
        || is_required(t)
        || t == "Unique items"
        || t == "Primary key field"
        || t == "Default value is"
        || t.starts_with("Define this parameter in the request ")
        || STARTS
            .iter()
            .filter(|s| s.ends_with(':') || s.ends_with(" is"))
            .any(|s| {
                t.strip_prefix(s).is_some_and(|rest| rest.starts_with(' '))
                    || t == s.trim_end_matches(':')
            })
}

/// Where the phrases after the first start in `t` (trimmed, not empty): every place a phrase
/// of [`STARTS`] starts after a space and ends the text, a space or (phrases ending in `:`)
/// anywhere, in text order; after `Matching regular expression pattern:` only the length and
/// range phrases the template sorts after it start a phrase. One pass of all the phrases'
/// matches, so a line of 10^5 phrases costs as much as reading it.
fn phrase_starts(t: &str) -> Vec<usize> {
    static STARTS_MATCHER: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::new(STARTS).expect("the phrase starts are valid patterns")
        });
    const PATTERN: &str = "Matching regular expression pattern:";
    // The end of the first pattern phrase: from there on, only phrases sorted after it.
    let pattern_end = t.find(PATTERN).map(|i| i + PATTERN.len());
    // Every place a phrase could start (the matcher reports them by end, so they are sorted
    // by start afterwards), with whether it is one of those sorted after the pattern.
    let mut candidates: Vec<(usize, bool)> = STARTS_MATCHER
        .find_overlapping_iter(t)
        .filter_map(|m| {
            let (at, end, start) = (m.start(), m.end(), STARTS[m.pattern().as_usize()]);
            let boundary_before = at > 0 && t.as_bytes()[at - 1] == b' ';
            let boundary_after =
                start.ends_with(':') || end == t.len() || t.as_bytes()[end] == b' ';
            let after_pattern = matches!(
                start,
                "Max length:" | "Min length:" | "Range:" | "String length:"
            );
            (boundary_before && boundary_after).then_some((at, after_pattern))
        })
        .collect();
    candidates.sort_unstable();
    let mut cuts: Vec<usize> = Vec::new();
    for (at, after_pattern) in candidates {
        // The search for the next phrase resumes one byte after the last cut.
        let from = cuts.last().map_or(0, |last| last + 1);
        if at < from {
            continue;
        }
        let in_pattern = pattern_end.is_some_and(|e| from >= e);
        if !in_pattern || after_pattern {
            cuts.push(at);
        }
    }
    cuts
}

/// Splits one line holding several annotations joined by spaces (`Required Data type: Password
/// String length: inclusive between 6 and 100`). A regular expression is never split except
/// by phrases the template sorts after it.
pub fn split_joined(s: &str) -> Vec<String> {
    let t = s.trim();
    if t.is_empty() {
        return Vec::new();
    }
    let cuts = phrase_starts(t);
    let mut out = Vec::new();
    let bounds: Vec<usize> = std::iter::once(0)
        .chain(cuts)
        .chain(std::iter::once(t.len()))
        .collect();
    for w in bounds.windows(2) {
        let part = t[w[0]..w[1]].trim();
        // A phrase outside the vocabulary after a known one (`Required Must be 0`,
        // `Max length: 200 Must be a valid address`) is a phrase of its own.
        let words: Vec<&str> = part.split(' ').filter(|w| !w.is_empty()).collect();
        let known_len = match words.as_slice() {
            [first, ..] if is_required(first) => 1,
            ["Max" | "Min", "length:", _, ..] | ["Data", "type:", _, ..] => 3,
            ["Range:", "inclusive", "between", _, "and", _, ..] => 6,
            ["String", "length:", "inclusive", "between", _, "and", _, ..] => 7,
            _ => words.len(),
        };
        if known_len < words.len() {
            out.push(words[..known_len].join(" "));
            out.push(words[known_len..].join(" "));
        } else if !part.is_empty() {
            out.push(part.to_string());
        }
    }
    out
}

/// Reads annotation phrases (one per HTML `<p>`, or split text lines).
pub fn read(phrases: &[String]) -> Annotations {
    let mut a = Annotations::default();
    for phrase in phrases {
        read_one(phrase, &mut a);
    }
    a
}

fn read_one(phrase: &str, a: &mut Annotations) {
    // Patterns are byte-exact: only the phrase prefix is removed.
    if let Some(rest) = phrase
        .trim_start()
        .strip_prefix("Matching regular expression pattern:")
    {
        let pattern = rest.strip_prefix(' ').unwrap_or(rest);
        let pattern = pattern.trim_end_matches(['\r', '\n']);
        a.constraints.pattern = Some(pattern.to_string());
        // `RegularExpressionAttribute` accepts a value only when the match spans all of it.
        a.constraints.pattern_full_match = true;
        return;
    }
    let t = phrase.trim();
    // 2012 template: where the parameter goes, not a constraint.
    if t.is_empty() || t == "None." || t == "Define this parameter in the request URI." {
        return;
    }
    if is_required(t) {
        a.required = true;
        return;
    }
    if t == "Unique items" {
        a.constraints.unique_items = true;
        return;
    }
    if let Some(v) = t.strip_prefix("Default value is") {
        if v.is_empty() || v.starts_with(' ') {
            let v = v.strip_prefix(' ').unwrap_or(v);
            // The stock template prints no null default; sites that do mean "may be null".
            if v == "Null" {
                a.nullable = true;
                return;
            }
            // Customised: `Default value is 100. Maximum value is 500`.
            if let Some((d, max)) = v.split_once(". Maximum value is ") {
                if let Some(n) = Number::parse(max.trim_end_matches('.')) {
                    a.constraints.default = Some(d.to_string());
                    a.constraints.maximum = Some(Bound::inclusive(n));
                    return;
                }
            }
            a.constraints.default = Some(v.to_string());
            return;
        }
    }
    if let Some(v) = t.strip_prefix("Default value:") {
        a.constraints.default = Some(v.trim().to_string());
        return;
    }
    if let Some(v) = t.strip_prefix("Example value:") {
        a.example = Some(v.trim().to_string());
        return;
    }
    if let Some(v) = t.strip_prefix("Data type:") {
        let v = v.trim();
        if !v.is_empty() {
            a.constraints.data_type = Some(v.to_string());
            return;
        }
    }
    if let Some(v) = t.strip_prefix("Max length:") {
        if let Some(n) = unquote_u64(v) {
            a.constraints.max_length = Some(n);
            return;
        }
    }
    if let Some(v) = t.strip_prefix("Min length:") {
        if let Some(n) = unquote_u64(v) {
            a.constraints.min_length = Some(n);
            return;
        }
    }
    if let Some(v) = t.strip_prefix("Range: inclusive between ") {
        if let Some((lo, hi)) = between(v) {
            if let (Some(lo), Some(hi)) = (Number::parse(lo), Number::parse(hi)) {
                a.constraints.minimum = Some(Bound::inclusive(lo));
                a.constraints.maximum = Some(Bound::inclusive(hi));
                return;
            }
        }
    }
    if let Some(v) = t.strip_prefix("String length: inclusive between ") {
        if let Some((lo, hi)) = between(v) {
            if let (Some(lo), Some(hi)) = (unquote_u64(lo), unquote_u64(hi)) {
                a.constraints.min_length = Some(lo);
                a.constraints.max_length = Some(hi);
                return;
            }
        }
    }
    a.constraints.notes.push(t.to_string());
    a.unknown.push(t.to_string());
}

fn between(v: &str) -> Option<(&str, &str)> {
    let (lo, hi) = v.split_once(" and ")?;
    Some((lo.trim(), hi.trim().trim_end_matches('.')))
}

fn unquote_u64(v: &str) -> Option<u64> {
    v.trim().trim_matches('\'').trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(p: &[&str]) -> Annotations {
        read(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn stock_phrases() {
        let a = r(&[
            "Required",
            "Data type: EmailAddress",
            "Matching regular expression pattern: ^[a-z]+ &<>$",
            "Max length: 50",
            "Min length: 2",
            "Range: inclusive between 0.01 and 100",
        ]);
        assert!(a.required);
        assert_eq!(a.constraints.data_type.as_deref(), Some("EmailAddress"));
        assert_eq!(a.constraints.pattern.as_deref(), Some("^[a-z]+ &<>$"));
        assert!(a.constraints.pattern_full_match);
        let b = r(&["Matching regular expression pattern: A|I"]);
        assert_eq!(b.constraints.search_pattern().as_deref(), Some("^(?:A|I)$"));
        assert_eq!(a.constraints.max_length, Some(50));
        assert_eq!(a.constraints.min_length, Some(2));
        assert_eq!(a.constraints.minimum.unwrap().value.0, "0.01");
        assert_eq!(a.constraints.maximum.unwrap().value.0, "100");
        assert!(a.unknown.is_empty());
    }

    #[test]
    fn defaults_and_unknown_phrases() {
        assert_eq!(
            r(&["Default value is "]).constraints.default.as_deref(),
            Some("")
        );
        assert_eq!(
            r(&["Default value is True"]).constraints.default.as_deref(),
            Some("True")
        );
        let n = r(&["Default value is Null"]);
        assert_eq!(n.constraints.default, None);
        assert!(n.nullable && n.unknown.is_empty());
        let a = r(&["Default value is 100. Maximum value is 500"]);
        assert_eq!(a.constraints.default.as_deref(), Some("100"));
        assert_eq!(a.constraints.maximum.unwrap().value.0, "500");
        let a = r(&["Primary key field", "Range: inclusive between 0,5 and 1,5"]);
        assert_eq!(
            a.constraints.notes,
            ["Primary key field", "Range: inclusive between 0,5 and 1,5"]
        );
    }

    #[test]
    fn joined_annotations_split() {
        assert_eq!(
            split_joined("Required Data type: Password String length: inclusive between 6 and 100"),
            [
                "Required",
                "Data type: Password",
                "String length: inclusive between 6 and 100"
            ]
        );
        assert_eq!(
            split_joined("Matching regular expression pattern: ^Required Data$ Max length: 5"),
            [
                "Matching regular expression pattern: ^Required Data$",
                "Max length: 5"
            ]
        );
        assert!(is_annotation("Required Max length: 5"));
        assert!(is_annotation("None."));
        assert!(is_annotation("Define this parameter in the request URI."));
        assert!(!is_annotation("Required: the id of the thing"));
        assert!(!is_annotation("integer"));
    }
}
