//! The cache that makes `generate` (and `cargo xtask codegen`) incremental.
//!
//! Two kinds of entries, each a pure function of what its key covers:
//!
//! - **Pages** (`pages/<api>/<key>`): the fragment one page parses into
//!   ([`apiscrape_parse::parse_one`]), keyed by the page's bytes, its source name, the URL its
//!   folder's fetch manifest gives it and the dialect choice. Only the per-page step is cached:
//!   merging the fragments and the dialects' cross-page work (ASP.NET pages resolving each
//!   other's types, RamBase naming its page-scoped types) run on every generation, so one
//!   changed page re-parses that page alone and everything it affects is still recomputed.
//! - **Outputs** (`outputs/<api>`): the SHA-256 of every file the emitters produced (OpenAPI,
//!   docs, Rust client), keyed by the finished model's JSON and the emitters' options (header,
//!   version, crate name, the contents of the templates folder). When the key matches and every
//!   file under `generated/<api>/` still has its recorded digest, the files on disk are the
//!   output and nothing is rendered; a file edited by hand (or missing) makes the API render
//!   again.
//!
//! Every key also covers [`TOOL_ID`] (a digest of the tool's sources, templates and locked
//! dependencies, made by `build.rs`) and the model's `SCHEMA_VERSION`, so a different build of
//! the tool never reuses an entry. An entry carries its key and the SHA-256 of its payload;
//! one that does not verify (truncated, corrupt, from another format) is ignored with a note and
//! replaced, never trusted. Entries are written atomically, the pages of an API that a
//! generation did not use are removed at its end, and the whole folder can be deleted at any
//! time: the next run is then a fresh one. The default folder is [`DEFAULT_DIR`] under the
//! project root (ignored by git); it is tagged with a `CACHEDIR.TAG`.

use crate::versioning;
use anyhow::Result;
use apiscrape_model::{Api, Diagnostic};
use apiscrape_parse::{DialectChoice, PageFile};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A digest of the build of the tool (see `build.rs`): entries of another build never match.
pub const TOOL_ID: &str = env!("APISCRAPE_TOOL_ID");

/// The cache folder, relative to the project root, when none is given.
pub const DEFAULT_DIR: &str = "target/apiscrape-cache";

/// First line of every entry: the entry format.
const MAGIC: &str = "apiscrape-cache 1";

/// The contents of `CACHEDIR.TAG` (<https://bford.info/cachedir/>).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache of apiscrape generate (safe to delete).\n";

/// A SHA-256 digest in lower-case hex.
pub fn hex_digest(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Builds a key from length-prefixed parts, so no two different lists of parts collide.
struct Key(Sha256);

impl Key {
    fn part(&mut self, bytes: &[u8]) -> &mut Key {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    fn finish(self) -> String {
        to_hex(&self.0.finalize())
    }
}

/// What the cache did in a run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Pages whose fragment came from the cache.
    pub pages_reused: usize,
    /// Pages parsed (and stored).
    pub pages_parsed: usize,
    /// APIs whose outputs were the verified files on disk (nothing rendered).
    pub outputs_reused: Vec<String>,
    /// Entries that could not be used (damaged, unreadable), each ignored and replaced.
    pub notes: Vec<String>,
}

impl Summary {
    /// Adds another run's (another API's) figures.
    pub fn add(&mut self, other: Summary) {
        self.pages_reused += other.pages_reused;
        self.pages_parsed += other.pages_parsed;
        self.outputs_reused.extend(other.outputs_reused);
        self.notes.extend(other.notes);
    }

    /// One line: `cache: 12 page(s) reused, 1 parsed; outputs reused: rambase`.
    pub fn line(&self) -> String {
        let mut line = format!(
            "cache: {} page(s) reused, {} parsed",
            self.pages_reused, self.pages_parsed
        );
        if !self.outputs_reused.is_empty() {
            line.push_str("; outputs reused: ");
            line.push_str(&self.outputs_reused.join(", "));
        }
        line
    }
}

/// The cache of one run of `generate`: a folder, the tool build its keys are made for, and
/// what it did.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    tool_id: String,
    notes: Mutex<Vec<String>>,
    pages_reused: AtomicUsize,
    pages_parsed: AtomicUsize,
    outputs_reused: Mutex<Vec<String>>,
}

impl Cache {
    /// The cache in folder `dir` (created when the first entry is stored), for this build of
    /// the tool ([`TOOL_ID`]).
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache::for_tool(dir, TOOL_ID)
    }

    /// The cache in folder `dir` for the tool build `tool_id`: entries made for another id are
    /// never used (tests use it to stand for another version of the tool).
    pub fn for_tool(dir: impl Into<PathBuf>, tool_id: &str) -> Cache {
        Cache {
            dir: dir.into(),
            tool_id: tool_id.to_string(),
            notes: Mutex::new(Vec::new()),
            pages_reused: AtomicUsize::new(0),
            pages_parsed: AtomicUsize::new(0),
            outputs_reused: Mutex::new(Vec::new()),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the cache did so far; resets the figures.
    pub fn take_summary(&self) -> Summary {
        Summary {
            pages_reused: self.pages_reused.swap(0, Ordering::Relaxed),
            pages_parsed: self.pages_parsed.swap(0, Ordering::Relaxed),
            outputs_reused: std::mem::take(
                &mut *self
                    .outputs_reused
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()),
            ),
            notes: std::mem::take(&mut *self.notes.lock().unwrap_or_else(|e| e.into_inner())),
        }
    }

    fn key(&self, kind: &str) -> Key {
        let mut key = Key(Sha256::new());
        key.part(MAGIC.as_bytes())
            .part(self.tool_id.as_bytes())
            .part(&apiscrape_model::SCHEMA_VERSION.to_le_bytes())
            .part(kind.as_bytes());
        key
    }

    fn note(&self, text: String) {
        self.notes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(text);
    }

    /// The payload of the entry at `path` if it exists and verifies against `key`; a damaged
    /// entry is noted and ignored.
    fn load(&self, path: &Path, key: &str) -> Option<Vec<u8>> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
            Err(e) => {
                self.note(format!(
                    "cannot read cache entry {}: {e}; ignored",
                    path.display()
                ));
                return None;
            }
        };
        match verify(bytes, key) {
            Ok(payload) => Some(payload),
            // An API's outputs entry made for an earlier model, version or build: a miss, not
            // damage (it is replaced without a note).
            Err(WRONG_KEY) => None,
            Err(why) => {
                self.note(format!(
                    "cache entry {} is {why}; ignored and replaced",
                    path.display()
                ));
                None
            }
        }
    }

    /// Stores `payload` under `key` at `path`, atomically; a failure is noted, never fatal
    /// (the cache only saves time).
    fn store(&self, path: &Path, key: &str, payload: &[u8]) {
        let mut bytes = format!(
            "{MAGIC}\nkey {key}\nsha256 {}\nlength {}\n\n",
            hex_digest(payload),
            payload.len()
        )
        .into_bytes();
        bytes.extend_from_slice(payload);
        let tag = self.dir.join("CACHEDIR.TAG");
        let result = (|| {
            if !tag.exists() {
                apiscrape_output::write_file(&tag, CACHEDIR_TAG.as_bytes())?;
            }
            apiscrape_output::write_file(path, &bytes)
        })();
        if let Err(e) = result {
            self.note(format!(
                "cannot store a cache entry: {e}; continuing without it"
            ));
        }
    }

    /// The page cache of API `api` read with dialect `choice`.
    pub fn pages(&self, api: &str, choice: DialectChoice) -> PageCache<'_> {
        PageCache {
            cache: self,
            dir: self.dir.join("pages").join(api),
            choice: format!("{choice:?}"),
            used: Mutex::new(HashSet::new()),
        }
    }

    /// The output record of API `api`.
    fn outputs_path(&self, api: &str) -> PathBuf {
        self.dir.join("outputs").join(api)
    }
}

/// Checks an entry's header against `key` and its payload's length and digest.
/// Why [`verify`] refuses an intact entry made under another key.
const WRONG_KEY: &str = "filed under another key";

fn verify(mut bytes: Vec<u8>, key: &str) -> Result<Vec<u8>, &'static str> {
    let Some(end) = bytes.windows(2).position(|w| w == b"\n\n") else {
        return Err("truncated (no complete header)");
    };
    let header = std::str::from_utf8(&bytes[..end]).map_err(|_| "not an entry")?;
    let mut lines = header.lines();
    if lines.next() != Some(MAGIC) {
        return Err("not an entry of this format");
    }
    let mut field = |name: &str| {
        lines
            .next()
            .and_then(|l| l.strip_prefix(name))
            .and_then(|l| l.strip_prefix(' '))
            .map(str::to_string)
    };
    let (Some(stored_key), Some(digest), Some(length)) =
        (field("key"), field("sha256"), field("length"))
    else {
        return Err("damaged (incomplete header)");
    };
    if stored_key != key {
        return Err(WRONG_KEY);
    }
    let payload = bytes.split_off(end + 2);
    if length.parse::<usize>().ok() != Some(payload.len()) {
        return Err("truncated (shorter or longer than its header says)");
    }
    if hex_digest(&payload) != digest {
        return Err("corrupt (its checksum does not match)");
    }
    Ok(payload)
}

/// The cached fragments of one API's pages (see the module docs).
#[derive(Debug)]
pub struct PageCache<'a> {
    cache: &'a Cache,
    dir: PathBuf,
    choice: String,
    used: Mutex<HashSet<String>>,
}

impl PageCache<'_> {
    /// The fragment of page `file`: from the cache when its entry verifies, else parsed (and
    /// stored). A page that cannot be read gives the same error fragment as an uncached parse.
    pub fn fragment(&self, file: &PageFile, choice: DialectChoice) -> Api {
        let bytes = match std::fs::read(&file.path) {
            Ok(bytes) => bytes,
            Err(e) => return apiscrape_parse::unreadable_fragment(&file.source, &e),
        };
        let mut key = self.cache.key("page");
        key.part(self.choice.as_bytes())
            .part(file.source.as_bytes())
            .part(file.url.as_deref().unwrap_or("").as_bytes())
            .part(&[u8::from(file.url.is_some())])
            .part(&bytes);
        let key = key.finish();
        let path = self.dir.join(&key);
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone());
        if let Some(payload) = self.cache.load(&path, &key) {
            match serde_json::from_slice::<Api>(&payload) {
                Ok(api) => {
                    self.cache.pages_reused.fetch_add(1, Ordering::Relaxed);
                    return api;
                }
                Err(e) => self.cache.note(format!(
                    "cache entry {} does not read as a page fragment ({e}); ignored and replaced",
                    path.display()
                )),
            }
        }
        let api = apiscrape_parse::parse_one(&file.page_from_bytes(bytes), choice);
        self.cache.pages_parsed.fetch_add(1, Ordering::Relaxed);
        match serde_json::to_vec(&api) {
            Ok(payload) => self.cache.store(&path, &key, &payload),
            Err(e) => self
                .cache
                .note(format!("cannot store the fragment of {}: {e}", file.source)),
        }
        api
    }

    /// Removes the entries of this API that this run did not use (pages that changed or went
    /// away, entries of other builds of the tool) and temporaries of killed runs.
    pub fn remove_unused(&self) {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if apiscrape_output::is_own_leftover(&name) {
                // `.apiscrape-tmp-<key>-<pid>-<n>`: removed when its run is gone.
                if let Some(key) = name
                    .strip_prefix(".apiscrape-tmp-")
                    .and_then(|r| r.split('-').next())
                {
                    let _ = apiscrape_output::remove_stale_temps_of(&self.dir.join(key));
                }
            } else if !used.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Parses `files` as [`apiscrape_parse::parse_files_with_progress`] does, with each page's
/// fragment taken from `pages` when it is cached there. The result is the same model.
pub fn parse_files(
    files: &[PageFile],
    choice: DialectChoice,
    pages: &PageCache<'_>,
    on_page: &(dyn Fn(&str) + Sync),
) -> Api {
    let api = apiscrape_parse::parse_files_by(files, choice, &|file| {
        let fragment = pages.fragment(file, choice);
        on_page(&file.source);
        fragment
    });
    pages.remove_unused();
    api
}

/// What decides an API's rendered outputs besides the model: the emitters' options.
#[derive(Debug, Clone)]
pub struct OutputOptions<'a> {
    /// The `@generated` header.
    pub header: &'a str,
    /// The generation's version.
    pub version: &'a str,
    /// The Rust crate's name.
    pub crate_name: &'a str,
    /// The docs templates folder, if the config names one (its files are part of the key).
    pub templates: Option<&'a Path>,
}

/// An API's rendered outputs.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Relative path -> contents, for the files that were rendered.
    pub files: BTreeMap<String, String>,
    /// Files not rendered because they are on disk with exactly the bytes rendering gives
    /// (relative paths).
    pub unchanged: BTreeSet<String>,
    /// What the emitters report about the model.
    pub diagnostics: Vec<Diagnostic>,
}

/// The record of an API's outputs: each file's digest, and the emitters' diagnostics.
#[derive(Debug, Serialize, Deserialize)]
struct OutputRecord {
    files: BTreeMap<String, String>,
    diagnostics: Vec<Diagnostic>,
}

/// A writer that only hashes.
struct HashWriter(Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The SHA-256 of `model.json` as [`crate::pipeline::model_json`] writes it, computed without
/// holding the text.
pub fn model_digest(api: &Api, header: &str) -> Result<String> {
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, HashWriter(Sha256::new()));
    crate::pipeline::write_model_json(api, header, &mut w)?;
    let hash = w.into_inner().map_err(|e| e.into_error())?;
    Ok(to_hex(&hash.0.finalize()))
}

/// The SHA-256 of the file at `path`, read a buffer at a time; `None` when it cannot be read.
fn file_digest(path: &Path) -> Option<String> {
    let mut file = std::fs::File::open(path).ok()?;
    let mut hash = HashWriter(Sha256::new());
    std::io::copy(&mut file, &mut hash).ok()?;
    Some(to_hex(&hash.0.finalize()))
}

/// The release of an API whose committed `model.json` (at `model_path`) has exactly the
/// bytes of the new one (digest `model_digest`): nothing changed, so the version and
/// changelog stay as they are ([`versioning::release`] gives the same for a model equal to
/// the committed one, after reading and comparing both). `None` when the bytes differ or the
/// changelog names no version: then the models are compared.
pub fn unchanged_release(
    model_path: &Path,
    model_digest: &str,
    changelog: Option<&str>,
) -> Option<versioning::Release> {
    let changelog = changelog?;
    let version = versioning::current_version(changelog)?;
    (file_digest(model_path)? == model_digest).then(|| versioning::Release {
        version,
        changelog: changelog.to_string(),
        changes: Some(apiscrape_diff::Diff::default()),
    })
}

/// The key of an API's outputs, or `None` when the templates folder cannot be read (then
/// nothing is cached; rendering reports the problem).
fn outputs_key(
    cache: &Cache,
    api_name: &str,
    model_digest: &str,
    options: &OutputOptions<'_>,
) -> Option<String> {
    let mut key = cache.key("outputs");
    key.part(api_name.as_bytes())
        .part(model_digest.as_bytes())
        .part(options.header.as_bytes())
        .part(options.version.as_bytes())
        .part(options.crate_name.as_bytes());
    match options.templates {
        None => {
            key.part(b"built-in templates");
        }
        Some(dir) => {
            let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
                .ok()?
                .map(|e| e.map(|e| e.path()))
                .collect::<std::io::Result<_>>()
                .ok()?;
            files.sort();
            key.part(b"templates");
            for file in files {
                key.part(file.file_name()?.to_string_lossy().as_bytes());
                if file.is_dir() {
                    key.part(b"folder");
                } else {
                    key.part(&std::fs::read(&file).ok()?);
                }
            }
        }
    }
    Some(key.finish())
}

/// The outputs of API `api_name` whose `model.json` has digest `model_digest`, rendered with
/// `options`: when the cache records outputs for exactly these inputs and every recorded file
/// is in `out_dir` with its recorded digest, nothing is rendered (the files are reported as
/// [`Rendered::unchanged`], with the recorded diagnostics); otherwise `render` runs and its
/// outputs' digests are recorded. Either way the result stands for what `render` gives.
pub fn render_outputs(
    cache: &Cache,
    api_name: &str,
    out_dir: &Path,
    model_digest: &str,
    options: &OutputOptions<'_>,
    render: impl FnOnce() -> Result<Rendered>,
) -> Result<Rendered> {
    let Some(key) = outputs_key(cache, api_name, model_digest, options) else {
        return render();
    };
    let path = cache.outputs_path(api_name);
    if let Some(payload) = cache.load(&path, &key) {
        match serde_json::from_slice::<OutputRecord>(&payload) {
            Ok(record) => {
                if on_disk(out_dir, &record.files) {
                    cache
                        .outputs_reused
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(api_name.to_string());
                    return Ok(Rendered {
                        files: BTreeMap::new(),
                        unchanged: record.files.into_keys().collect(),
                        diagnostics: record.diagnostics,
                    });
                }
            }
            Err(e) => cache.note(format!(
                "cache entry {} does not read as an output record ({e}); ignored and replaced",
                path.display()
            )),
        }
    }
    let rendered = render()?;
    let record = OutputRecord {
        files: rendered
            .files
            .iter()
            .map(|(rel, text)| (rel.clone(), hex_digest(text.as_bytes())))
            .collect(),
        diagnostics: rendered.diagnostics.clone(),
    };
    match serde_json::to_vec(&record) {
        Ok(payload) => cache.store(&path, &key, &payload),
        Err(e) => cache.note(format!("cannot store the outputs of {api_name}: {e}")),
    }
    Ok(rendered)
}

/// Whether every file `digests` names is in `out_dir` with its digest (read in parallel).
fn on_disk(out_dir: &Path, digests: &BTreeMap<String, String>) -> bool {
    use rayon::prelude::*;
    !digests.is_empty()
        && digests
            .par_iter()
            .all(|(rel, digest)| file_digest(&out_dir.join(rel)).as_ref() == Some(digest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_verify_and_damage_is_noticed() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let path = dir.path().join("e");
        cache.store(&path, "k1", b"{\"a\":1}");
        assert_eq!(cache.load(&path, "k1").as_deref(), Some(&b"{\"a\":1}"[..]));
        assert!(cache.take_summary().notes.is_empty());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("CACHEDIR.TAG"))
                .unwrap()
                .lines()
                .next(),
            Some("Signature: 8a477f597d28d172789f06886806bc55")
        );
        let whole = std::fs::read(&path).unwrap();
        let cases: [(&[u8], &str); 5] = [
            (&whole[..whole.len() - 1], "truncated (shorter or longer"),
            (&whole[..10], "truncated (no complete header)"),
            (b"something else\n\n{}", "not an entry of this format"),
            (
                &[&whole[..whole.len() - 2], &b"2}"[..]].concat(),
                "corrupt (its checksum does not match)",
            ),
            (&[], "truncated (no complete header)"),
        ];
        for (bytes, why) in cases {
            std::fs::write(&path, bytes).unwrap();
            assert_eq!(cache.load(&path, "k1"), None, "{why}");
            let notes = cache.take_summary().notes;
            assert_eq!(notes.len(), 1, "{notes:?}");
            assert!(notes[0].contains(why), "{why}: {notes:?}");
            assert!(notes[0].ends_with("ignored and replaced"), "{notes:?}");
        }
        cache.store(&path, "k1", b"x");
        // An entry made for another model, version or build is a miss, not damage: no note
        // (a changed API or a new build of the tool would otherwise print one every time).
        assert_eq!(cache.load(&path, "k2"), None);
        assert!(cache.take_summary().notes.is_empty());
        std::fs::remove_file(&path).unwrap();
        assert_eq!(cache.load(&path, "k1"), None);
        assert!(
            cache.take_summary().notes.is_empty(),
            "a missing entry is no news"
        );
    }

    #[test]
    fn keys_separate_their_parts() {
        let cache = Cache::new("unused");
        let key = |parts: &[&str]| {
            let mut k = cache.key("t");
            for p in parts {
                k.part(p.as_bytes());
            }
            k.finish()
        };
        assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
        assert_ne!(key(&["ab"]), key(&["ab", ""]));
        assert_eq!(key(&["ab", "c"]), key(&["ab", "c"]));
        assert_eq!(key(&["x"]).len(), 64);
    }
}
