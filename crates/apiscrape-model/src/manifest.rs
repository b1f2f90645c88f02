//! `fetch-manifest.json`: the file `apiscrape fetch` writes beside the pages it saves, saying
//! which URL each file came from (with what conditional re-fetching needs).
//!
//! The format lives here, not in `apiscrape-fetch`, because two crates share it: the fetcher
//! writes and re-reads it, and the parsers read it to give pages their URL. The model crate is
//! plain data depending on serde only, so `apiscrape-parse` can read the manifest without
//! depending on the fetcher's HTTP stack. Reading and writing files stays with the crates that
//! do IO.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// File name of the manifest in a folder of fetched pages.
pub const MANIFEST_FILE: &str = "fetch-manifest.json";

/// One saved page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// URL as linked.
    pub url: String,
    /// URL the page was finally served from, when redirected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// File name in the folder.
    pub file: String,
    /// SHA-256 of the saved bytes, hex.
    pub sha256: String,
    /// When the page was last fetched or confirmed unchanged (HTTP date).
    pub fetched_at: String,
    /// `ETag` the server sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// `Last-Modified` the server sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

/// The whole manifest file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchManifest {
    /// Format version (1).
    pub version: u32,
    /// Entries (the fetcher writes them sorted by URL).
    pub pages: Vec<ManifestEntry>,
}

impl FetchManifest {
    /// The URL of each saved file name.
    pub fn urls_by_file(&self) -> BTreeMap<&str, &str> {
        self.pages
            .iter()
            .map(|e| (e.file.as_str(), e.url.as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_fetcher_writes() {
        let text = r#"{
  "version": 1,
  "pages": [
    {
      "url": "http://127.0.0.1:8765/Help",
      "file": "Help.html",
      "sha256": "ab12",
      "fetched_at": "Thu, 03 Dec 2026 07:00:00 GMT",
      "etag": "\"x\""
    }
  ]
}"#;
        let m: FetchManifest = serde_json::from_str(text).unwrap();
        assert_eq!(m.pages[0].etag.as_deref(), Some("\"x\""));
        assert_eq!(m.pages[0].final_url, None);
        assert_eq!(
            m.urls_by_file().into_iter().collect::<Vec<_>>(),
            [("Help.html", "http://127.0.0.1:8765/Help")]
        );
        assert_eq!(serde_json::to_string_pretty(&m).unwrap(), text);
    }
}
