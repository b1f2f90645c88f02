//! `fetch-manifest.json`: which URL each saved page came from, with what it needs for
//! conditional re-fetching. The parsers read it to give pages their URL.

use crate::Error;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// File name of the manifest in the output folder.
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

/// All saved pages, by URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format version.
    pub version: u32,
    /// Entries sorted by URL.
    pub pages: Vec<ManifestEntry>,
    #[serde(skip)]
    index: BTreeMap<String, usize>,
}

impl Manifest {
    /// Reads the manifest of `dir`, or an empty one when there is none.
    pub fn load(dir: &Path) -> Result<Manifest, Error> {
        let path = dir.join(MANIFEST_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Manifest {
                    version: 1,
                    ..Default::default()
                })
            }
            Err(e) => {
                return Err(Error::Io {
                    path: path.display().to_string(),
                    source: e,
                })
            }
        };
        let mut m: Manifest = serde_json::from_str(&text).map_err(|e| Error::Manifest {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        m.reindex();
        Ok(m)
    }

    fn reindex(&mut self) {
        self.pages.sort_by(|a, b| a.url.cmp(&b.url));
        self.index = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, e)| (e.url.clone(), i))
            .collect();
    }

    /// The entry for `url`.
    pub fn get(&self, url: &str) -> Option<&ManifestEntry> {
        self.index.get(url).map(|i| &self.pages[*i])
    }

    /// Adds or replaces the entry of its URL.
    pub fn insert(&mut self, entry: ManifestEntry) {
        match self.index.get(&entry.url) {
            Some(i) => self.pages[*i] = entry,
            None => {
                self.index.insert(entry.url.clone(), self.pages.len());
                self.pages.push(entry);
            }
        }
    }

    /// URL of each saved file name.
    pub fn urls_by_file(&self) -> BTreeMap<&str, &str> {
        self.pages
            .iter()
            .map(|e| (e.file.as_str(), e.url.as_str()))
            .collect()
    }

    /// Writes the manifest into `dir` atomically, entries sorted by URL.
    pub fn save(mut self, dir: &Path) -> Result<(), Error> {
        self.version = 1;
        self.reindex();
        let mut text = serde_json::to_string_pretty(&self).unwrap_or_default();
        text.push('\n');
        let path = dir.join(MANIFEST_FILE);
        crate::write_atomically(&path, text.as_bytes()).map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })
    }
}
