//! Safe, collision-free file names and anchors derived from operation ids and type names.
//!
//! A slug is lower-case ASCII letters, digits and single `-` (so it is the same file on
//! case-insensitive file systems, needs no URL encoding and is a valid HTML id), at most
//! [`MAX_LEN`] characters, never empty and never a Windows device name. [`Slugs`] hands out
//! slugs in the order it is asked and appends `-2`, `-3`, … on collision, so callers that ask
//! in a deterministic order get deterministic names.

use std::collections::BTreeSet;

/// Longest slug, before a collision suffix.
pub const MAX_LEN: usize = 80;

/// Names Windows refuses as file names whatever the extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// The slug of `text` without collision handling: words (split at case changes and at every
/// character that is not an ASCII letter or digit) lower-cased and joined with `-`.
///
/// `EntityListOfItslearning.RestApi.Entities.AggregatedOrganisation` →
/// `entity-list-of-itslearning-rest-api-entities-aggregated-organisation`. Longer slugs keep
/// their last words, which tell namespaced names apart.
pub fn slugify(text: &str, fallback: &str) -> String {
    let words: Vec<String> = apiscrape_model::naming::words(text)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    // Too long: keep the last words, which tell types apart (`Its.Long.Namespace.Name`).
    let mut kept: Vec<&str> = Vec::new();
    let mut len = 0;
    for w in words.iter().rev() {
        let extra = w.len() + usize::from(!kept.is_empty());
        if len + extra > MAX_LEN {
            if kept.is_empty() {
                kept.push(&w[w.len() - MAX_LEN..]);
            }
            break;
        }
        len += extra;
        kept.push(w);
    }
    kept.reverse();
    let mut out = kept.join("-");
    if out.is_empty() {
        out.push_str(fallback);
    }
    if RESERVED.contains(&out.as_str()) {
        out.push_str("-1");
    }
    out
}

/// Allocator of unique slugs within one namespace (one output directory or anchor prefix).
#[derive(Debug, Default)]
pub struct Slugs {
    taken: BTreeSet<String>,
}

impl Slugs {
    /// A unique slug for `text`: [`slugify`], then `-2`, `-3`, … until unused.
    pub fn allocate(&mut self, text: &str, fallback: &str) -> String {
        let base = slugify(text, fallback);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_and_unique() {
        let mut s = Slugs::default();
        assert_eq!(
            s.allocate(
                "EntityListOfItslearning.RestApi.Entities.AggregatedOrganisation",
                "type"
            ),
            "entity-list-of-itslearning-rest-api-entities-aggregated-organisation"
        );
        assert_eq!(s.allocate("Phone", "type"), "phone");
        assert_eq!(s.allocate("phone", "type"), "phone-2");
        assert_eq!(s.allocate("PHONE!", "type"), "phone-3");
        assert_eq!(s.allocate("../../etc/passwd", "type"), "etc-passwd");
        assert_eq!(s.allocate("<script>", "type"), "script");
        assert_eq!(s.allocate("Ärger", "type"), "rger");
        assert_eq!(s.allocate("€€", "type"), "type");
        assert_eq!(s.allocate("CON", "type"), "con-1");
        assert_eq!(
            s.allocate("Dictionary`2[String,Int32]", "type"),
            "dictionary-2-string-int32"
        );
        let long = "Word".repeat(40);
        assert!(s.allocate(&long, "type").len() <= MAX_LEN);
        assert_eq!(
            s.allocate(
                "Itslearning.RestApi.Entities.Updatable.LightBulletin.LightBulletinInputImageDataV1",
                "type"
            ),
            "rest-api-entities-updatable-light-bulletin-light-bulletin-input-image-data-v1"
        );
        assert_eq!(s.allocate(&"x".repeat(100), "type"), "x".repeat(80));
    }
}
