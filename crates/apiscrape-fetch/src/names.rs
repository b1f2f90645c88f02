//! File names for fetched pages: derived from the URL, safe on every file system, and unable
//! to point outside the output folder whatever the URL contains.

use sha2::{Digest, Sha256};

/// Longest readable part of a file name, in bytes (the hash and extension come on top).
const MAX_STEM: usize = 100;

/// The file name a page fetched from `url` is saved under: the URL's path and query with every
/// character other than ASCII letters, digits, `-` and `.` turned into `_`, shortened, followed
/// by 8 hex digits of the URL's SHA-256 (so distinct URLs never share a file, even on
/// case-insensitive file systems) and `.html`, or `.txt` when the URL's path ends in `.txt`
/// (a text page; one served as `text/plain` is renamed with [`text_name`]).
///
/// The result contains no `/`, `\`, `..`, leading dot, or control character.
pub fn file_name(url: &url::Url) -> String {
    let mut raw = url.path().trim_start_matches('/').to_string();
    if let Some(q) = url.query() {
        raw.push('_');
        raw.push_str(q);
    }
    let decoded = percent_decode(&raw);
    let mut stem = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        let keep = c.is_ascii_alphanumeric() || c == '-' || c == '.';
        let c = if keep { c } else { '_' };
        if c == '_' && stem.ends_with('_') {
            continue;
        }
        if c == '.' && stem.ends_with('.') {
            stem.pop();
            stem.push('_');
            continue;
        }
        stem.push(c);
    }
    let mut stem = stem.trim_matches(['_', '.', '-']).to_string();
    if stem.len() > MAX_STEM {
        stem.truncate(MAX_STEM);
        stem = stem.trim_end_matches(['_', '.', '-']).to_string();
    }
    if stem.is_empty() {
        stem.push_str("index");
    }
    let hash = Sha256::digest(url.as_str().as_bytes());
    let hex: String = hash[..4].iter().map(|b| format!("{b:02x}")).collect();
    let text = url.path().to_ascii_lowercase().ends_with(".txt");
    let stem = match stem.get(stem.len().saturating_sub(4)..) {
        Some(ext) if text && ext.eq_ignore_ascii_case(".txt") => &stem[..stem.len() - 4],
        _ => &stem,
    };
    format!("{stem}.{hex}.{}", if text { "txt" } else { "html" })
}

/// The name of a page saved as text: `name` with `.txt` in place of `.html`.
pub fn text_name(name: &str) -> String {
    match name.strip_suffix(".html") {
        Some(stem) => format!("{stem}.txt"),
        None => name.to_string(),
    }
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(u: &str) -> String {
        file_name(&url::Url::parse(u).unwrap())
    }

    #[test]
    fn readable_names_from_help_urls() {
        let n = name("https://x.test/restapi/help/Api/PUT-restapi-courses-bulletins-v1");
        assert!(
            n.starts_with("restapi_help_Api_PUT-restapi-courses-bulletins-v1."),
            "{n}"
        );
        assert!(n.ends_with(".html"));
        let n = name("https://x.test/help/ResourceModel?modelName=Itslearning.Models.SourceType");
        assert!(
            n.starts_with("help_ResourceModel_modelName_Itslearning.Models.SourceType."),
            "{n}"
        );
        assert!(name("https://x.test/").starts_with("index."));
    }

    #[test]
    fn text_pages_keep_a_txt_name() {
        let n = name("https://x.test/docs/Sales/GET-orders.txt");
        assert!(
            n.starts_with("docs_Sales_GET-orders.") && n.ends_with(".txt"),
            "{n}"
        );
        assert_eq!(n.matches(".txt").count(), 1, "{n}");
        assert_eq!(text_name("Help.1a2b3c4d.html"), "Help.1a2b3c4d.txt");
    }

    #[test]
    fn hostile_urls_stay_inside_the_folder() {
        for u in [
            "https://x.test/../../etc/passwd",
            "https://x.test/a/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
            "https://x.test/a?x=..%5C..%5Cwindows",
            "https://x.test/%00%0a%0d/.hidden",
            "https://x.test/ünïcödé/名前",
            &format!("https://x.test/{}", "a".repeat(5000)),
        ] {
            let n = name(u);
            assert!(
                !n.contains('/') && !n.contains('\\') && !n.contains(".."),
                "{u} -> {n}"
            );
            assert!(!n.starts_with('.') && n.len() < 130, "{u} -> {n}");
            assert!(n.chars().all(|c| c.is_ascii_graphic()), "{u} -> {n}");
        }
    }

    #[test]
    fn distinct_urls_get_distinct_names_even_ignoring_case() {
        let a = name("https://x.test/Help/Api/GET-a");
        let b = name("https://x.test/help/api/get-a");
        assert_ne!(a.to_lowercase(), b.to_lowercase());
    }
}
