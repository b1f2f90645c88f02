//! `fetch-manifest.json`: which URL each saved page came from, with what it needs for
//! conditional re-fetching. The parsers read it to give pages their URL.

use crate::Error;
use apiscrape_model::manifest::FetchManifest;
use std::collections::BTreeMap;
use std::path::Path;

/// File name of the manifest in the output folder (the format is
/// [`apiscrape_model::manifest`], shared with the parsers).
pub use apiscrape_model::manifest::MANIFEST_FILE;

/// One saved page.
pub use apiscrape_model::manifest::ManifestEntry;

/// All saved pages, by URL: the file's [`FetchManifest`] with an index for lookups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Format version.
    pub version: u32,
    /// Entries sorted by URL.
    pub pages: Vec<ManifestEntry>,
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
        let file: FetchManifest = serde_json::from_str(&text).map_err(|e| Error::Manifest {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let mut m = Manifest {
            version: file.version,
            pages: file.pages,
            index: BTreeMap::new(),
        };
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
        let file = FetchManifest {
            version: self.version,
            pages: self.pages,
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        let path = dir.join(MANIFEST_FILE);
        crate::write_atomically(&path, text.as_bytes()).map_err(|e| Error::Io {
            path: path.display().to_string(),
            source: e,
        })
    }
}
