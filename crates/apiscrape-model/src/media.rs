//! The one rule for what a media type is: JSON, XML or something else.
//!
//! Every crate that asks "is this body JSON?" (the emitters choosing schemas, samples and
//! decoders, the ASP.NET dialect reading samples) asks [`MediaKind::of`], so they cannot
//! disagree about `text/json`, `application/problem+json`, `Application/XML; charset=utf-8`
//! or `application/x-www-form-urlencoded`.
//!
//! # Rule
//!
//! The media type's essence (RFC 9110: before any `;` parameter, trimmed, ASCII-lowercased)
//! is `type/subtype`. It is JSON when the subtype is `json` or ends in the structured-syntax
//! suffix `+json` (RFC 6839), XML when the subtype is `xml` or ends in `+xml`; anything else
//! (including text without a `/`) is [`MediaKind::Other`].

use crate::MediaType;

/// What a media type carries, by [the rule](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MediaKind {
    /// `*/json`, `*/*+json`.
    Json,
    /// `*/xml`, `*/*+xml`.
    Xml,
    /// Anything else (form data, HTML, bytes, text without a `/`).
    Other,
}

impl MediaKind {
    /// The kind of a media type written as text (`application/json; charset=utf-8`).
    pub fn of(media_type: &str) -> MediaKind {
        let essence = essence(media_type);
        let Some((_, subtype)) = essence.split_once('/') else {
            return MediaKind::Other;
        };
        if subtype == "json" || subtype.ends_with("+json") {
            MediaKind::Json
        } else if subtype == "xml" || subtype.ends_with("+xml") {
            MediaKind::Xml
        } else {
            MediaKind::Other
        }
    }

    /// The kinds of a comma-separated list of media types (an ASP.NET sample heading such as
    /// `application/json, text/json`), without repeats, in order of first appearance.
    pub fn of_list(media_types: &str) -> Vec<MediaKind> {
        let mut out = Vec::new();
        for kind in media_types.split(',').map(MediaKind::of) {
            if !out.contains(&kind) {
                out.push(kind);
            }
        }
        out
    }
}

/// The essence of a media type: before any `;`, trimmed, ASCII-lowercased
/// (`Text/XML; charset=utf-8` → `text/xml`).
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

impl MediaType {
    /// The kind of this media type ([`MediaKind::of`] its name).
    pub fn kind(&self) -> MediaKind {
        MediaKind::of(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_classified_by_essence_and_suffix() {
        let cases = [
            ("application/json", MediaKind::Json),
            ("text/json", MediaKind::Json),
            ("application/problem+json", MediaKind::Json),
            ("application/stream+json", MediaKind::Json),
            ("Application/JSON; charset=utf-8", MediaKind::Json),
            (" application/hal+json ", MediaKind::Json),
            ("application/xml", MediaKind::Xml),
            ("text/xml", MediaKind::Xml),
            ("Text/XML; charset=utf-8", MediaKind::Xml),
            ("application/atom+xml", MediaKind::Xml),
            ("application/x-www-form-urlencoded", MediaKind::Other),
            ("text/html", MediaKind::Other),
            ("application/octet-stream", MediaKind::Other),
            // Mentions are not kinds: a subtype must be `json`/`xml` or end in the suffix.
            ("application/jsonstream", MediaKind::Other),
            ("application/xml-dtd", MediaKind::Other),
            ("text/plain; note=json", MediaKind::Other),
            ("json", MediaKind::Other),
            ("", MediaKind::Other),
        ];
        for (text, kind) in cases {
            assert_eq!(MediaKind::of(text), kind, "{text:?}");
        }
        assert_eq!(MediaType::new("text/json").kind(), MediaKind::Json);
    }

    #[test]
    fn lists_give_each_kind_once_in_order() {
        assert_eq!(
            MediaKind::of_list("application/json, text/json"),
            [MediaKind::Json]
        );
        assert_eq!(
            MediaKind::of_list("application/xml, text/xml, application/json"),
            [MediaKind::Xml, MediaKind::Json]
        );
        assert_eq!(
            MediaKind::of_list("application/x-www-form-urlencoded"),
            [MediaKind::Other]
        );
    }

    #[test]
    fn essence_drops_parameters_and_case() {
        assert_eq!(essence("Text/XML; charset=utf-8"), "text/xml");
        assert_eq!(essence("application/json"), "application/json");
        assert_eq!(essence(""), "");
    }
}
