//! The cache that makes `generate` (and `cargo xtask codegen`) incremental.
//!
//! Seven kinds of entries, each a pure function of what its key covers, and two helpers (stamps
//! and spares):
//!
//! - **Pages** (`pages/<api>/<key>`): the fragment one page parses into
//!   ([`apiscrape_parse::parse_one`]), keyed by the digest of the page's bytes, its source
//!   name, the URL its folder's fetch manifest gives it and the dialect choice. Only the per-page step is cached:
//!   merging the fragments and the dialects' cross-page work (ASP.NET pages resolving each
//!   other's types, RamBase naming its page-scoped types) run on every generation, so one
//!   changed page re-parses that page alone and everything it affects is still recomputed.
//! - **Outputs** (`outputs/<api>`): the record of the last generation of the API: the key of
//!   the whole generation (the finished model's JSON and the emitters' options: header,
//!   version, crate name, the contents of the templates folder), and per file the BLAKE3
//!   digest of its bytes and, for the files of the docs and the Rust client, the fingerprint
//!   of exactly what it is rendered from (the emitters' units: the template data of a docs
//!   page, the text of a Rust file's tokens), and the settled [stamp](crate::stamp) the file
//!   had when its bytes were last read and found to have that digest (a file with that stamp
//!   is not read again). When the whole key matches and every file under
//!   `generated/<api>/` still has its recorded digest, nothing is rendered. Otherwise every
//!   unit is built (views, tokens: what the fingerprints digest) and a file whose fingerprint
//!   is the recorded one and whose file on disk still has the recorded digest is not rendered
//!   (it is hard-linked into the new tree); every other file is rendered as without a cache. A
//!   file edited by hand (or missing) is therefore rendered again, and a fingerprint can never
//!   stand for less than the renderer reads: it digests the renderer's own input.
//! - **Fragments** (`fragments/<api>/<shard>`): the rendered `isolated` blocks of the docs'
//!   `index.html` (one per operation and type), by the fingerprint of the block, its value and
//!   the templates; `index.html` is re-rendered from them when one operation changed.
//! - **Quotes** (`quotes/<api>/<shard>`): what quoting each operation of the Rust client, and
//!   its `src/models.rs`, gave (the digests of the pieces of text, what the crate needs from
//!   them, the smoke block and doc example), by the digest of exactly what quoting reads
//!   ([`apiscrape_emit_rust::memo`]). A client file all of whose pieces are remembered gets
//!   its fingerprint without being quoted, and is quoted only when it must be rendered.
//! - **Printed pieces** (`printed/<api>/<shard>`): what printing each remembered piece (an
//!   operation's items, a model's type) gave, by the digest of the piece's tokens' text: a
//!   client file that must be rendered takes the pieces it has from here, and only the others
//!   are quoted and printed (prettyplease's printing of a syn tree is most of the client's
//!   cost). A pure function of that text and the tool build.
//!
//! - **OpenAPI entries** (`openapi/<api>/<shard>`): the YAML text of each path item and schema
//!   of `openapi.yaml`, by the digest of everything lowering it reads
//!   ([`apiscrape_openapi::EntryMemo`]: the path's operations or the schema's name, and the
//!   model but its operations and diagnostics, the component names, the security requirements
//!   and the OpenAPI version). An entry whose lowering warned is not kept. One changed
//!   operation lowers its path item alone; a changed type lowers every entry.
//!
//!   Fragments, quotes, printed pieces and OpenAPI entries are split into 16 shards by their
//!   keys' first byte: a run rewrites only the shards it added values to.
//! - **Models** (`models/<api>`): the digest of the finished model's `model.json` and its
//!   diagnostics, by the key of everything the model is made from ([`inputs_key`]: the tool,
//!   the config entry, the header and every page's key). When every page's bytes are those of
//!   a generation the cache knows, the committed model has that digest and the recorded
//!   outputs are on disk, nothing else is read: no fragment, no model, no rendering.
//!
//! - **Stamps** (`stamps/<api>`): the BLAKE3 digest of each page's bytes with the
//!   [stamp](crate::stamp) (device, inode, size, mtime, ctime) the page had when it was read.
//!   A page with the same stamp is not read to make its key; only settled stamps are kept, so
//!   a page written just before (or during) a run is read again the next time.
//! - **Spares** (`spares/<digest of the path of generated/>`, with a `.lock` beside): the
//!   `generated/` a commit replaced, kept to stage the next one in
//!   ([`apiscrape_output::Staging::begin_in_spare`]): it holds hard links to most of the files
//!   already, so a generation that changed a few files links, and later removes, only those
//!   instead of every file. A spare is trusted file by file only where it is the very file
//!   (device and inode) `generated/` holds; it costs no space but the files replaced since.
//!   Where the cache folder is on another file system, `generated/` is staged beside itself.
//!
//! Every key also covers [`TOOL_ID`] (a digest of the tool's sources, templates and locked
//! dependencies, made by `build.rs`) and the model's `SCHEMA_VERSION`, so a different build of
//! the tool never reuses an entry. An entry carries its key and the BLAKE3 digest of its
//! payload; one that does not verify (truncated, corrupt, from another format) is ignored with
//! a note and replaced, never trusted. Entries are written atomically, the pages of an API that a
//! generation did not use are removed at its end, and the whole folder can be deleted at any
//! time: the next run is then a fresh one. The default folder is [`DEFAULT_DIR`] under the
//! project root (ignored by git); it is tagged with a `CACHEDIR.TAG`.

use crate::pipeline::{Fingerprint, Reuse};
use anyhow::Result;
use apiscrape_emit_rust::memo::Quoted;
use apiscrape_model::{Api, Diagnostic};
use apiscrape_parse::{DialectChoice, PageFile};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A digest of the build of the tool (see `build.rs`): entries of another build never match.
pub const TOOL_ID: &str = env!("APISCRAPE_TOOL_ID");

/// The cache folder, relative to the project root, when none is given.
pub const DEFAULT_DIR: &str = "target/apiscrape-cache";

/// First line of every entry: the entry format.
const MAGIC: &str = "apiscrape-cache 2";

/// The contents of `CACHEDIR.TAG` (<https://bford.info/cachedir/>).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache of apiscrape generate (safe to delete).\n";

/// The BLAKE3 digest of `bytes` in lower-case hex.
pub fn hex_digest(bytes: &[u8]) -> String {
    to_hex(blake3::hash(bytes).as_bytes())
}

/// Bytes in lower-case hex.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Builds a key from length-prefixed parts, so no two different lists of parts collide.
struct Key(blake3::Hasher);

impl Key {
    fn part(&mut self, bytes: &[u8]) -> &mut Key {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    fn finish(self) -> String {
        to_hex(self.0.finalize().as_bytes())
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
    /// APIs whose model was known from their pages' bytes (no fragment read).
    pub models_known: Vec<String>,
    /// Files of the docs and the Rust client found on disk for their fingerprints (not
    /// rendered), in APIs whose outputs were rendered.
    pub files_reused: usize,
    /// Files of the docs and the Rust client rendered (no file on disk for their fingerprint).
    pub files_rendered: usize,
    /// Operations (and `src/models.rs`) of the Rust client whose quoting was taken from the
    /// cache.
    pub quotings_reused: usize,
    /// Operations (and `src/models.rs`) quoted (and stored).
    pub quotings_made: usize,
    /// Fragments of the docs (the articles of `index.html`) taken from the cache.
    pub fragments_reused: usize,
    /// Fragments of the docs rendered (and stored).
    pub fragments_rendered: usize,
    /// Entries that could not be used (damaged, unreadable), each ignored and replaced.
    pub notes: Vec<String>,
}

impl Summary {
    /// Adds another run's (another API's) figures.
    pub fn add(&mut self, other: Summary) {
        self.pages_reused += other.pages_reused;
        self.pages_parsed += other.pages_parsed;
        self.outputs_reused.extend(other.outputs_reused);
        self.models_known.extend(other.models_known);
        self.files_reused += other.files_reused;
        self.files_rendered += other.files_rendered;
        self.fragments_reused += other.fragments_reused;
        self.fragments_rendered += other.fragments_rendered;
        self.quotings_reused += other.quotings_reused;
        self.quotings_made += other.quotings_made;
        self.notes.extend(other.notes);
    }

    /// One line: `cache: 12 page(s) reused, 1 parsed; outputs reused: rambase`.
    pub fn line(&self) -> String {
        let mut line = format!(
            "cache: {} page(s) reused, {} parsed",
            self.pages_reused, self.pages_parsed
        );
        if !self.models_known.is_empty() {
            line.push_str("; model known: ");
            line.push_str(&self.models_known.join(", "));
        }
        if !self.outputs_reused.is_empty() {
            line.push_str("; outputs reused: ");
            line.push_str(&self.outputs_reused.join(", "));
        }
        if self.files_reused + self.files_rendered > 0 {
            line.push_str(&format!(
                "; files: {} reused, {} rendered",
                self.files_reused, self.files_rendered
            ));
        }
        if self.fragments_reused + self.fragments_rendered > 0 {
            line.push_str(&format!(
                "; fragments: {} reused, {} rendered",
                self.fragments_reused, self.fragments_rendered
            ));
        }
        if self.quotings_reused + self.quotings_made > 0 {
            line.push_str(&format!(
                "; quotings: {} reused, {} made",
                self.quotings_reused, self.quotings_made
            ));
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
    models_known: Mutex<Vec<String>>,
    files_reused: AtomicUsize,
    files_rendered: AtomicUsize,
    fragments_reused: AtomicUsize,
    fragments_rendered: AtomicUsize,
    quotings_reused: AtomicUsize,
    quotings_made: AtomicUsize,
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
            models_known: Mutex::new(Vec::new()),
            files_reused: AtomicUsize::new(0),
            files_rendered: AtomicUsize::new(0),
            fragments_reused: AtomicUsize::new(0),
            fragments_rendered: AtomicUsize::new(0),
            quotings_reused: AtomicUsize::new(0),
            quotings_made: AtomicUsize::new(0),
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
            models_known: std::mem::take(
                &mut *self.models_known.lock().unwrap_or_else(|e| e.into_inner()),
            ),
            files_reused: self.files_reused.swap(0, Ordering::Relaxed),
            files_rendered: self.files_rendered.swap(0, Ordering::Relaxed),
            fragments_reused: self.fragments_reused.swap(0, Ordering::Relaxed),
            fragments_rendered: self.fragments_rendered.swap(0, Ordering::Relaxed),
            quotings_reused: self.quotings_reused.swap(0, Ordering::Relaxed),
            quotings_made: self.quotings_made.swap(0, Ordering::Relaxed),
            notes: std::mem::take(&mut *self.notes.lock().unwrap_or_else(|e| e.into_inner())),
        }
    }

    fn key(&self, kind: &str) -> Key {
        let mut key = Key(blake3::Hasher::new());
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
        self.noted(entry(path, key))
    }

    /// [`Cache::load`], with the file the entry was read from (kept open, it goes on holding
    /// these bytes when the entry is replaced) and where in it the payload starts.
    fn load_open(&self, path: &Path, key: &str) -> Option<(Vec<u8>, Place)> {
        use std::io::Read;
        let mut opened = None;
        let read = std::fs::File::open(path).and_then(|mut file| {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes)?;
            opened = Some(file);
            Ok(bytes)
        });
        let (payload, start) = self.noted(payload_of(path, read, key))?;
        let place = Place {
            file: std::sync::Arc::new(opened?),
            start: start as u64,
        };
        Some((payload, place))
    }

    /// What `read` makes of the payload of the entry at `path`, as [`Cache::load`] finds it.
    /// The entry is read into a buffer this thread keeps for the next one (the page cache
    /// reads thousands of small entries: fresh buffers for each cost more than reading them).
    fn load_with<T>(&self, path: &Path, key: &str, read: impl FnOnce(&[u8]) -> T) -> Option<T> {
        use std::cell::RefCell;
        use std::io::Read;
        /// Larger buffers are not kept between entries.
        const KEPT: usize = 1 << 20;
        thread_local! {
            static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        }
        BUFFER.with(|buffer| {
            let mut own = Vec::new();
            let mut kept = buffer.try_borrow_mut().ok();
            let bytes = kept.as_deref_mut().unwrap_or(&mut own);
            bytes.clear();
            let start = match std::fs::File::open(path).and_then(|mut f| f.read_to_end(bytes)) {
                Ok(_) => payload_start(path, bytes, key),
                Err(e) => read_failure(path, &e),
            };
            let value = self.noted(start).map(|start| read(&bytes[start..]));
            if bytes.capacity() > KEPT {
                *bytes = Vec::new();
            }
            value
        })
    }

    /// What an entry lookup found; its note, if it has one, is kept.
    fn noted<T>(&self, found: Result<Option<T>, String>) -> Option<T> {
        found.unwrap_or_else(|note| {
            self.note(note);
            None
        })
    }

    /// Stores `payload` under `key` at `path`, atomically; a failure is noted, never fatal
    /// (the cache only saves time).
    fn store(&self, path: &Path, key: &str, payload: &[u8]) {
        self.store_parts(path, key, &[payload]);
    }

    /// [`Cache::store`] of the payload that is `parts` one after another, never joined in
    /// memory.
    fn store_parts(&self, path: &Path, key: &str, parts: &[&[u8]]) {
        let mut hasher = blake3::Hasher::new();
        for part in parts {
            hasher.update(part);
        }
        let length: usize = parts.iter().map(|p| p.len()).sum();
        let header = format!(
            "{MAGIC}\nkey {key}\nblake3 {}\nlength {length}\n\n",
            to_hex(hasher.finalize().as_bytes()),
        );
        let mut all: Vec<&[u8]> = Vec::with_capacity(parts.len() + 1);
        all.push(header.as_bytes());
        all.extend_from_slice(parts);
        let tag = self.dir.join("CACHEDIR.TAG");
        let result = (|| {
            if !tag.exists() {
                apiscrape_output::write_file(&tag, CACHEDIR_TAG.as_bytes())?;
            }
            apiscrape_output::write_file_parts(path, &all)
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
            stamps: self.dir.join("stamps").join(api),
            choice: format!("{choice:?}"),
            used: Mutex::new(HashSet::new()),
            moved: std::sync::atomic::AtomicBool::new(false),
            pending_stamps: Mutex::new(None),
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

/// The payload of the entry at `path` if it exists and verifies against `key`: `Ok(None)` when
/// it is missing or filed under another key (a miss), `Err` with a note when it cannot be read
/// or is damaged.
fn entry(path: &Path, key: &str) -> Result<Option<Vec<u8>>, String> {
    Ok(payload_of(path, std::fs::read(path), key)?.map(|(payload, _)| payload))
}

/// [`entry`] of the bytes `read` from `path`, with where in them the payload started.
fn payload_of(
    path: &Path,
    read: std::io::Result<Vec<u8>>,
    key: &str,
) -> Result<Option<(Vec<u8>, usize)>, String> {
    let mut bytes = match read {
        Ok(bytes) => bytes,
        Err(e) => return read_failure(path, &e),
    };
    Ok(payload_start(path, &bytes, key)?.map(|start| {
        bytes.drain(..start);
        (bytes, start)
    }))
}

/// A missing entry is a miss; an unreadable one is noted too.
fn read_failure<T>(path: &Path, e: &std::io::Error) -> Result<Option<T>, String> {
    if e.kind() == std::io::ErrorKind::NotFound {
        return Ok(None);
    }
    Err(format!(
        "cannot read cache entry {}: {e}; ignored",
        path.display()
    ))
}

/// Where the payload of the entry `bytes` (read from `path`) starts, if it verifies against
/// `key`; a damaged entry gives its note.
fn payload_start(path: &Path, bytes: &[u8], key: &str) -> Result<Option<usize>, String> {
    match verify(bytes, key) {
        Ok(start) => Ok(Some(start)),
        // An API's outputs entry made for an earlier model, version or build: a miss, not
        // damage (it is replaced without a note).
        Err(WRONG_KEY) => Ok(None),
        Err(why) => Err(format!(
            "cache entry {} is {why}; ignored and replaced",
            path.display()
        )),
    }
}

/// Where the payload of entry `bytes` starts, when its header names `key` and the payload has
/// the length and digest the header gives.
fn verify(bytes: &[u8], key: &str) -> Result<usize, &'static str> {
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
        (field("key"), field("blake3"), field("length"))
    else {
        return Err("damaged (incomplete header)");
    };
    if stored_key != key {
        return Err(WRONG_KEY);
    }
    let payload = &bytes[end + 2..];
    if length.parse::<usize>().ok() != Some(payload.len()) {
        return Err("truncated (shorter or longer than its header says)");
    }
    if hex_digest(payload) != digest {
        return Err("corrupt (its checksum does not match)");
    }
    Ok(end + 2)
}

/// A page's key as [`PageCache::keys`] found it: the key, the stamp to keep with the digest of
/// the page's bytes (when settled), and whether the page was read.
type KeyFound = (String, Option<(crate::stamp::Stamp, blake3::Hash)>, bool);

/// The entry of the settled stamps of `files` (as [`PageCache::keys`] found them): a line per
/// page, `digest stamp path`.
fn stamps_payload(files: &[PageFile], found: &[KeyFound]) -> String {
    use std::fmt::Write as _;
    let mut payload = String::new();
    for (file, (_, stamp, _)) in files.iter().zip(found) {
        if let (Some((stamp, digest)), Some(path)) = (stamp, file.path.to_str()) {
            let _ = writeln!(payload, "{} {} {path}", digest.to_hex(), stamp.to_text());
        }
    }
    payload
}

/// The cached fragments of one API's pages (see the module docs).
#[derive(Debug)]
pub struct PageCache<'a> {
    cache: &'a Cache,
    dir: PathBuf,
    /// The entry of the pages' digests by their stamps.
    stamps: PathBuf,
    choice: String,
    used: Mutex<HashSet<String>>,
    /// A page read again had other bytes than its key was made of (edited during the run).
    moved: std::sync::atomic::AtomicBool,
    /// The stamps [`PageCache::keys`] found, when they differ from the stored ones: stored by
    /// [`PageCache::save_stamps`] (or when the cache is dropped), beside other work.
    pending_stamps: Mutex<Option<String>>,
}

impl Drop for PageCache<'_> {
    fn drop(&mut self) {
        self.save_stamps();
    }
}

impl PageCache<'_> {
    /// The key of page `file`'s entry: its name, URL, the digest of its bytes and the dialect
    /// choice.
    fn key_of(&self, file: &PageFile, digest: &blake3::Hash) -> String {
        let mut key = self.cache.key("page (MessagePack)");
        key.part(self.choice.as_bytes())
            .part(file.source.as_bytes())
            .part(file.url.as_deref().unwrap_or("").as_bytes())
            .part(&[u8::from(file.url.is_some())])
            .part(digest.as_bytes());
        key.finish()
    }

    /// The key of every page's entry, in the order of `files`; `None` when a page cannot be
    /// read (parsing reports it). A page whose [`Stamp`](crate::stamp::Stamp) is the one the
    /// cache holds with its digest is not read; the others are read once each, in parallel,
    /// and their settled stamps kept to be stored for the next run ([`PageCache::save_stamps`]).
    pub fn keys(&self, files: &[PageFile]) -> Option<Vec<String>> {
        use crate::stamp::Stamp;
        use rayon::prelude::*;
        let known = {
            let _t = crate::timing::span("page keys: load the stamps");
            self.load_stamps()
        };
        let stating = crate::timing::span("page keys: stat the pages");
        let read_at = std::time::SystemTime::now();
        let found: Vec<KeyFound> = files
            .par_iter()
            .map(|file| {
                let stamp = Stamp::of_path(&file.path);
                let name = file.path.to_str().filter(|p| !p.contains('\n'));
                let stamped = stamp.zip(name).and_then(|(stamp, name)| {
                    known
                        .get(name)
                        .filter(|(was, _)| *was == stamp)
                        .map(|(_, digest)| (stamp, *digest))
                });
                if let Some((stamp, digest)) = stamped {
                    return Some((self.key_of(file, &digest), Some((stamp, digest)), false));
                }
                let digest = blake3::hash(&std::fs::read(&file.path).ok()?);
                let keep = stamp
                    .filter(|s| name.is_some() && s.settled(read_at))
                    .map(|s| (s, digest));
                Some((self.key_of(file, &digest), keep, true))
            })
            .collect::<Option<_>>()?;
        drop(stating);
        let kept = found.iter().filter(|(_, stamp, _)| stamp.is_some()).count();
        if found.iter().any(|(_, _, read)| *read) || kept != known.len() {
            *self
                .pending_stamps
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = Some(stamps_payload(files, &found));
        }
        Some(found.into_iter().map(|(key, _, _)| key).collect())
    }

    /// Stores the stamps [`PageCache::keys`] found, if they changed (once).
    pub fn save_stamps(&self) {
        let pending = self
            .pending_stamps
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(payload) = pending {
            let _t = crate::timing::span("page keys: store the stamps");
            let key = self.cache.key("stamps").finish();
            self.cache.store(&self.stamps, &key, payload.as_bytes());
        }
    }

    /// The pages' digests by path, with the stamps they were read with.
    fn load_stamps(&self) -> HashMap<String, (crate::stamp::Stamp, blake3::Hash)> {
        let key = self.cache.key("stamps").finish();
        let Some(payload) = self.cache.load(&self.stamps, &key) else {
            return HashMap::new();
        };
        let text = String::from_utf8_lossy(&payload);
        use rayon::prelude::*;
        text.par_lines()
            .filter_map(|line| {
                let (digest, rest) = line.split_once(' ')?;
                let mut fields = rest.splitn(8, ' ');
                let stamp = crate::stamp::Stamp::from_fields(fields.by_ref().take(7))?;
                let path = fields.next()?;
                Some((
                    path.to_string(),
                    (stamp, blake3::Hash::from_hex(digest).ok()?),
                ))
            })
            .collect()
    }

    /// The fragment of page `file`: from the cache when its entry verifies, else parsed (and
    /// stored). A page that cannot be read gives the same error fragment as an uncached parse.
    /// `key`, when given, is the page's key from [`PageCache::keys`] (read in this run): the
    /// page is then read only when its entry is missing.
    pub fn fragment(&self, file: &PageFile, choice: DialectChoice, key: Option<&str>) -> Api {
        let read = || std::fs::read(&file.path);
        let (key, mut bytes) = match key {
            Some(key) => (key.to_string(), None),
            None => match read() {
                Ok(bytes) => (self.key_of(file, &blake3::hash(&bytes)), Some(bytes)),
                Err(e) => return apiscrape_parse::unreadable_fragment(&file.source, &e),
            },
        };
        let path = self.dir.join(&key);
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.clone());
        if let Some(read) = self
            .cache
            .load_with(&path, &key, |payload| rmp_serde::from_slice::<Api>(payload))
        {
            match read {
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
        let bytes = match bytes.take().map_or_else(read, Ok) {
            Ok(bytes) => bytes,
            Err(e) => return apiscrape_parse::unreadable_fragment(&file.source, &e),
        };
        // Read again (its key was made earlier in the run): a page edited since is parsed as
        // it is now, but stored under no key, and the run's model under no inputs key.
        let moved = self.key_of(file, &blake3::hash(&bytes)) != key;
        let api = apiscrape_parse::parse_one(&file.page_from_bytes(bytes), choice);
        self.cache.pages_parsed.fetch_add(1, Ordering::Relaxed);
        if moved {
            self.moved.store(true, Ordering::Relaxed);
            return api;
        }
        // Structs as maps: the model's fields are skipped when empty, so the format must name
        // them.
        match rmp_serde::to_vec_named(&api) {
            Ok(payload) => self.cache.store(&path, &key, &payload),
            Err(e) => self
                .cache
                .note(format!("cannot store the fragment of {}: {e}", file.source)),
        }
        api
    }

    /// Whether a page had other bytes when it was parsed than when its key was made (edited
    /// during the run): then what the run made of the pages is no function of their keys.
    pub fn moved(&self) -> bool {
        self.moved.load(Ordering::Relaxed)
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

/// Reads and merges `files` as [`apiscrape_parse::merge_files_by`] does, with each page's
/// fragment taken from `pages` when it is cached there (`keys`: the pages' keys in the order of
/// `files`, [`PageCache::keys`], when this run has them). The result assembles into the same
/// model.
pub fn merge_files(
    files: &[PageFile],
    choice: DialectChoice,
    pages: &PageCache<'_>,
    keys: Option<&[String]>,
    on_page: &(dyn Fn(&str) + Sync),
) -> apiscrape_parse::Merged {
    // `keys` are in the order of `files`.
    let merged = apiscrape_parse::merge_files_by(files, choice, &|i, file| {
        let key = keys.and_then(|keys| keys.get(i)).map(String::as_str);
        let fragment = pages.fragment(file, choice, key);
        on_page(&file.source);
        fragment
    });
    pages.remove_unused();
    merged
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
    /// Relative path -> digest ([`hex_digest`]) of the contents, for the files that were
    /// rendered (their texts went to the sink as they were rendered).
    pub files: BTreeMap<String, String>,
    /// Files not rendered because they are on disk with exactly the bytes rendering gives
    /// (relative paths).
    pub unchanged: BTreeSet<String>,
    /// The fingerprint of what each file of the docs and the Rust client is rendered from
    /// (see [`crate::pipeline::render_all`]).
    pub fingerprints: BTreeMap<String, Fingerprint>,
    /// What the emitters report about the model.
    pub diagnostics: Vec<Diagnostic>,
}

/// The record of an API's outputs: what the last generation rendered, file by file.
#[derive(Debug, Serialize, Deserialize)]
struct OutputRecord {
    /// The key of the whole generation ([`outputs_key`]: the model's digest and the emitters'
    /// options): when it is the same, every file is, and nothing needs rendering.
    whole: String,
    /// Every file (relative path) with the digest of its bytes, and the fingerprint of what it
    /// was rendered from when it has one.
    files: BTreeMap<String, FileRecord>,
    /// What the emitters reported.
    diagnostics: Vec<Diagnostic>,
}

/// One file of an [`OutputRecord`].
#[derive(Debug, Clone, Serialize, Deserialize)]
struct FileRecord {
    /// The digest of the file's bytes ([`hex_digest`]).
    digest: String,
    /// The fingerprint (hex) of what it was rendered from, for the emitters' units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fingerprint: Option<String>,
    /// The settled [stamp](crate::stamp::Stamp) (as text) the file had when its bytes were
    /// found to have `digest`: while it has that stamp it is not read again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stamp: Option<String>,
}

impl FileRecord {
    /// Whether the file at `path` still has the recorded bytes: by its stamp when that is the
    /// recorded one, else by reading it. In the second place, when it was read and matched,
    /// its stamp if settled at `read_at` (a time before the reading): the stamp to record.
    fn on_disk(&self, path: &Path, read_at: std::time::SystemTime) -> (bool, Option<String>) {
        use crate::stamp::Stamp;
        let stamp = Stamp::of_path(path);
        if stamp.is_some() && self.stamp.as_deref().and_then(Stamp::from_text) == stamp {
            return (true, None);
        }
        if file_digest(path).as_deref() != Some(self.digest.as_str()) {
            return (false, None);
        }
        let settled = stamp.filter(|s| s.settled(read_at)).map(|s| s.to_text());
        (true, settled)
    }
}

/// The digest ([`hex_digest`]) of the file at `path`, read a buffer at a time; `None` when it
/// cannot be read.
pub(crate) fn file_digest(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut hash = blake3::Hasher::new();
    hash.update_reader(file).ok()?;
    Some(to_hex(hash.finalize().as_bytes()))
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
/// `options` into `out_dir`, reusing what the last generation recorded:
///
/// - when the model and options are the same and every recorded file is in `out_dir` with its
///   recorded digest, nothing is rendered (the files are reported as
///   [`Rendered::unchanged`], with the recorded diagnostics);
/// - otherwise `render` runs, given a [`Reuse`] that says a file of the docs or the client
///   is unchanged when its fingerprint is the one recorded and the file is in `out_dir` with
///   the recorded digest, and that keeps the docs' rendered fragments. Every other file is
///   rendered as without a cache.
///
/// Either way the result stands for what `render(None)` gives.
pub fn render_outputs(
    cache: &Cache,
    api_name: &str,
    out_dir: &Path,
    model_digest: &str,
    options: &OutputOptions<'_>,
    render: impl FnOnce(Option<&dyn Reuse>) -> Result<Rendered>,
) -> Result<Rendered> {
    let Some(whole) = outputs_key(cache, api_name, model_digest, options) else {
        return render(None);
    };
    let (path, key, record) = load_record(cache, api_name, true);
    if let Some(reused) = record
        .as_ref()
        .and_then(|r| reuse_whole(cache, api_name, out_dir, &whole, r))
    {
        return Ok(reused);
    }
    let previous = record.map(|r| r.files).unwrap_or_default();
    let reuse = UnitReuse {
        cache,
        out_dir,
        previous: &previous,
        read_at: std::time::SystemTime::now(),
        stamps: Mutex::new(HashMap::new()),
        fragments: UsedStore::new(cache, api_name),
        quotes: QuoteStores {
            quotes: UsedStore::new(cache, api_name),
            printed: UsedStore::new(cache, api_name),
        },
        openapi: UsedStore::new(cache, api_name),
    };
    let rendered = render(Some(&reuse))?;
    let _t = crate::timing::span("record outputs");
    // Five entries, written side by side.
    rayon::join(
        || {
            reuse
                .fragments
                .save(&cache.fragments_reused, &cache.fragments_rendered);
            // What the OpenAPI entries saved shows in no count of files: not counted.
            let uncounted = (AtomicUsize::new(0), AtomicUsize::new(0));
            reuse.openapi.save(&uncounted.0, &uncounted.1);
        },
        || {
            rayon::join(
                || {
                    reuse
                        .quotes
                        .quotes
                        .save(&cache.quotings_reused, &cache.quotings_made);
                    // What the printed pieces saved shows in the files rendered: not counted.
                    let uncounted = (AtomicUsize::new(0), AtomicUsize::new(0));
                    reuse.quotes.printed.save(&uncounted.0, &uncounted.1);
                },
                || {
                    let stamps = reuse.stamps.lock().unwrap_or_else(|e| e.into_inner());
                    let previous = Previous {
                        files: &previous,
                        stamps: &stamps,
                    };
                    store_record(cache, api_name, &path, &key, whole, &previous, &rendered);
                },
            )
        },
    );
    Ok(rendered)
}

/// The records of the last generation's files, and the stamps found for them in this one.
struct Previous<'a> {
    files: &'a BTreeMap<String, FileRecord>,
    stamps: &'a HashMap<String, String>,
}

/// Stores the record of `rendered` (the whole key `whole`; the records of unchanged files
/// taken from `previous`, with the stamps found this time) under `path` and `key`.
fn store_record(
    cache: &Cache,
    api_name: &str,
    path: &Path,
    key: &str,
    whole: String,
    previous: &Previous<'_>,
    rendered: &Rendered,
) {
    let mut files = BTreeMap::new();
    for (rel, digest) in &rendered.files {
        files.insert(
            rel.clone(),
            FileRecord {
                digest: digest.clone(),
                fingerprint: rendered.fingerprints.get(rel).map(|f| to_hex(f)),
                stamp: None,
            },
        );
    }
    for rel in &rendered.unchanged {
        if let Some(file) = previous.files.get(rel) {
            let mut file = file.clone();
            if let Some(stamp) = previous.stamps.get(rel) {
                file.stamp = Some(stamp.clone());
            }
            files.insert(rel.clone(), file);
        }
    }
    let record = OutputRecord {
        whole,
        files,
        diagnostics: rendered.diagnostics.clone(),
    };
    match serde_json::to_vec(&record) {
        Ok(payload) => cache.store(path, key, &payload),
        Err(e) => cache.note(format!("cannot store the outputs of {api_name}: {e}")),
    }
}

/// The outputs of API `api_name` as the last generation recorded them, when the model and
/// options are the same (`model_digest`, `options`) and every recorded file is in `out_dir`
/// with its recorded digest: what [`render_outputs`] gives then without rendering.
pub fn recorded_outputs(
    cache: &Cache,
    api_name: &str,
    out_dir: &Path,
    model_digest: &str,
    options: &OutputOptions<'_>,
) -> Option<Rendered> {
    let whole = outputs_key(cache, api_name, model_digest, options)?;
    // A damaged record is noted by the full generation that follows.
    let (_, _, record) = load_record(cache, api_name, false);
    reuse_whole(cache, api_name, out_dir, &whole, &record?)
}

/// The path and key of the output record of `api_name`.
fn record_entry(cache: &Cache, api_name: &str) -> (PathBuf, String) {
    let mut key = cache.key("outputs");
    key.part(api_name.as_bytes());
    (cache.outputs_path(api_name), key.finish())
}

/// The output record of `api_name` (its path, its key, and the record if one verifies); a
/// damaged one is noted when `note` is set.
fn load_record(
    cache: &Cache,
    api_name: &str,
    note: bool,
) -> (PathBuf, String, Option<OutputRecord>) {
    let (path, key) = record_entry(cache, api_name);
    let payload = if note {
        cache.load(&path, &key)
    } else {
        entry(&path, &key).ok().flatten()
    };
    let record = payload.and_then(|payload| {
        match serde_json::from_slice::<OutputRecord>(&payload) {
            Ok(record) => Some(record),
            Err(e) => {
                if note {
                    cache.note(format!(
                        "cache entry {} does not read as an output record ({e}); ignored and replaced",
                        path.display()
                    ));
                }
                None
            }
        }
    });
    (path, key, record)
}

/// The recorded outputs, when `record` is of the generation keyed `whole` and every file it
/// lists is in `out_dir` with its digest.
fn reuse_whole(
    cache: &Cache,
    api_name: &str,
    out_dir: &Path,
    whole: &str,
    record: &OutputRecord,
) -> Option<Rendered> {
    use rayon::prelude::*;
    if record.whole != whole || record.files.is_empty() {
        return None;
    }
    let read_at = std::time::SystemTime::now();
    let stamps: Vec<(&String, Option<String>)> = record
        .files
        .par_iter()
        .map(
            |(rel, file)| match file.on_disk(&out_dir.join(rel), read_at) {
                (true, stamp) => Some((rel, stamp)),
                (false, _) => None,
            },
        )
        .collect::<Option<_>>()?;
    if stamps.iter().any(|(_, stamp)| stamp.is_some()) {
        // Files read this time: their stamps spare the reading next time.
        let mut updated = OutputRecord {
            whole: record.whole.clone(),
            files: record.files.clone(),
            diagnostics: record.diagnostics.clone(),
        };
        for (rel, stamp) in stamps {
            if let (Some(stamp), Some(file)) = (stamp, updated.files.get_mut(rel)) {
                file.stamp = Some(stamp);
            }
        }
        let (path, key) = record_entry(cache, api_name);
        if let Ok(payload) = serde_json::to_vec(&updated) {
            cache.store(&path, &key, &payload);
        }
    }
    cache
        .outputs_reused
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(api_name.to_string());
    Some(Rendered {
        files: BTreeMap::new(),
        unchanged: record.files.keys().cloned().collect(),
        fingerprints: BTreeMap::new(),
        diagnostics: record.diagnostics.clone(),
    })
}

/// What the cache knows of an API's finished model without its pages' fragments: the digest
/// of its `model.json` and its diagnostics, filed under the key of everything the model is
/// made from ([`inputs_key`]). When the committed model has that digest and the recorded
/// outputs are on disk, a generation has nothing to read, compare or render.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KnownModel {
    /// The digest (hex, [`hex_digest`]) of the model's `model.json`
    /// ([`crate::pipeline::hand_over_model_json`]).
    pub model_digest: String,
    /// The finished model's diagnostics, in order.
    pub diagnostics: Vec<Diagnostic>,
}

/// The key of everything an API's finished model is made from: the build of the tool, the
/// config entry (every field: dialect, input folder, skipped pages, patches, renames, title,
/// base URL), the `model.json` header and each page's name, URL and bytes (its page key, see
/// [`PageCache::keys`]), in order.
pub fn inputs_key(
    cache: &Cache,
    config: &crate::config::ApiConfig,
    header: &str,
    files: &[PageFile],
    page_keys: &[String],
) -> String {
    let mut key = cache.key("inputs");
    key.part(format!("{config:?}").as_bytes())
        .part(header.as_bytes());
    for (file, page) in files.iter().zip(page_keys) {
        key.part(file.source.as_bytes()).part(page.as_bytes());
    }
    key.finish()
}

impl Cache {
    /// What the cache knows of API `api_name`'s model for the inputs keyed `key`.
    pub fn known_model(&self, api_name: &str, key: &str) -> Option<KnownModel> {
        let path = self.dir.join("models").join(api_name);
        let payload = self.load(&path, key)?;
        match serde_json::from_slice(&payload) {
            Ok(known) => Some(known),
            Err(e) => {
                self.note(format!(
                    "cache entry {} does not read as a model's digest ({e}); ignored and replaced",
                    path.display()
                ));
                None
            }
        }
    }

    /// Counts API `api_name`'s model, made of `pages` pages, as known (its pages reused).
    pub fn model_known(&self, api_name: &str, pages: usize) {
        self.pages_reused.fetch_add(pages, Ordering::Relaxed);
        self.models_known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(api_name.to_string());
    }

    /// Files what is known of API `api_name`'s model (the digest of its `model.json` and its
    /// diagnostics) under the inputs key `key`.
    pub fn store_known_model(
        &self,
        api_name: &str,
        key: &str,
        model_digest: &str,
        diagnostics: &[Diagnostic],
    ) {
        #[derive(Serialize)]
        struct Borrowed<'a> {
            model_digest: &'a str,
            diagnostics: &'a [Diagnostic],
        }
        let _t = crate::timing::span("store the model's digest");
        let path = self.dir.join("models").join(api_name);
        let known = Borrowed {
            model_digest,
            diagnostics,
        };
        match serde_json::to_vec(&known) {
            Ok(payload) => self.store(&path, key, &payload),
            Err(e) => self.note(format!("cannot store the model digest of {api_name}: {e}")),
        }
    }
}

/// The files of the last generation, offered for reuse to [`crate::pipeline::render_all`].
struct UnitReuse<'a> {
    cache: &'a Cache,
    out_dir: &'a Path,
    previous: &'a BTreeMap<String, FileRecord>,
    /// When the files are checked (before any is read).
    read_at: std::time::SystemTime,
    /// The settled stamps of the files read to check them (relative path -> stamp).
    stamps: Mutex<HashMap<String, String>>,
    fragments: UsedStore<'a, Fragments>,
    quotes: QuoteStores<'a>,
    openapi: UsedStore<'a, OpenapiEntries>,
}

impl Reuse for UnitReuse<'_> {
    fn unchanged(&self, rel: &str, fingerprint: &Fingerprint) -> bool {
        let same = self.previous.get(rel).is_some_and(|file| {
            file.fingerprint.as_deref() == Some(to_hex(fingerprint).as_str()) && {
                let (same, stamp) = file.on_disk(&self.out_dir.join(rel), self.read_at);
                if let Some(stamp) = stamp {
                    self.stamps
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(rel.to_string(), stamp);
                }
                same
            }
        });
        let counter = if same {
            &self.cache.files_reused
        } else {
            &self.cache.files_rendered
        };
        counter.fetch_add(1, Ordering::Relaxed);
        same
    }

    fn fragments(&self) -> Option<&dyn apiscrape_emit_docs::Fragments> {
        Some(&self.fragments)
    }

    fn quotes(&self) -> Option<&dyn apiscrape_emit_rust::memo::QuoteMemo> {
        Some(&self.quotes)
    }

    fn openapi(&self) -> Option<&dyn apiscrape_openapi::EntryMemo> {
        Some(&self.openapi)
    }
}

/// Values by fingerprint that one API's renderers keep between runs, in one cache entry
/// (`<F::FOLDER>/<api>`): read when first asked, written again after the run with the values
/// it used (found or made), when it made any.
struct UsedStore<'a, F: StoreFormat> {
    cache: &'a Cache,
    /// The folder of the store's shards, `<FOLDER>/<api>`.
    dir: PathBuf,
    /// The key of each shard's entry.
    keys: Vec<String>,
    stored: std::sync::OnceLock<BTreeMap<Fingerprint, F::Value>>,
    found: Mutex<BTreeSet<Fingerprint>>,
    made: Mutex<Made<F::Value>>,
}

/// The values a [`UsedStore`] made in this run. Past [`SPILL_AT`] bytes held, the values
/// are moved into anonymous files (one per shard, gone with the process) and read back one
/// shard at a time when the store is saved: a first generation makes every article of
/// `index.html` (30 MB for 10,000 RamBase pages), which would otherwise stay in memory
/// until the end of the run.
struct Made<V> {
    values: BTreeMap<Fingerprint, V>,
    /// Bytes of the values held in `values` that can be spilled.
    held: usize,
    /// Keys of the values moved into `spill`.
    spilled: BTreeSet<Fingerprint>,
    /// Per shard, the file its spilled values were appended to.
    spill: Vec<Option<std::fs::File>>,
    /// Set when a spill file could not be made or written: values then stay in memory.
    spill_failed: bool,
}

impl<V> Default for Made<V> {
    fn default() -> Self {
        Made {
            values: BTreeMap::new(),
            held: 0,
            spilled: BTreeSet::new(),
            spill: (0..SHARDS).map(|_| None).collect(),
            spill_failed: false,
        }
    }
}

/// Bytes of made values a [`UsedStore`] holds in memory before it spills them.
const SPILL_AT: usize = 4 << 20;

/// How many entries a [`UsedStore`] is split into, by the first byte of the keys: a run that
/// made a few values rewrites the few shards they fall in, not the whole store (the docs'
/// fragments are as large as `index.html`).
const SHARDS: u8 = 16;

/// The shard of a [`UsedStore`] that holds `key`.
fn shard_of(key: &Fingerprint) -> usize {
    usize::from(key[0] % SHARDS)
}

/// How the values of a [`UsedStore`] are written in its entry.
trait StoreFormat {
    /// What is stored for a fingerprint.
    type Value: Clone;
    /// The entry's folder under the cache, and the kind of its key.
    const FOLDER: &'static str;
    /// What the entry holds, for notes.
    const WHAT: &'static str;
    /// The values of a payload, `None` when it is not one of this format.
    /// `at` is the open file the payload was read from and where in it the payload starts.
    fn decode(payload: &[u8], at: &Place) -> Option<BTreeMap<Fingerprint, Self::Value>>;
    /// Stores `entries` as the payload of the entry at `path`, filed under `key`.
    fn store(cache: &Cache, path: &Path, key: &str, entries: &[(&Fingerprint, &Self::Value)]);
    /// A value's bytes as a spill file keeps them ([`Made`]); `None`: kept in memory.
    fn spilled(value: &Self::Value) -> Option<&[u8]> {
        let _ = value;
        None
    }
    /// The values of a spill file's bytes (each value's key, its length as a little-endian
    /// u64, its [`StoreFormat::spilled`] bytes).
    fn unspill(bytes: &[u8]) -> Option<BTreeMap<Fingerprint, Self::Value>> {
        let _ = bytes;
        None
    }
}

impl<'a, F: StoreFormat> UsedStore<'a, F> {
    fn new(cache: &'a Cache, api_name: &str) -> Self {
        let keys = (0..SHARDS)
            .map(|shard| {
                let mut key = cache.key(F::FOLDER);
                key.part(api_name.as_bytes()).part(&[shard]);
                key.finish()
            })
            .collect();
        UsedStore {
            cache,
            dir: cache.dir.join(F::FOLDER).join(api_name),
            keys,
            stored: std::sync::OnceLock::new(),
            found: Mutex::new(BTreeSet::new()),
            made: Mutex::new(Made::default()),
        }
    }

    fn shard_path(&self, shard: usize) -> PathBuf {
        self.dir.join(format!("{shard:02x}"))
    }

    fn stored(&self) -> &BTreeMap<Fingerprint, F::Value> {
        self.stored.get_or_init(|| {
            let mut all = BTreeMap::new();
            // An entry of one file, as earlier builds wrote it, holds nothing for this one.
            if !self.dir.is_dir() {
                return all;
            }
            for (shard, key) in self.keys.iter().enumerate() {
                let path = self.shard_path(shard);
                let Some((payload, at)) = self.cache.load_open(&path, key) else {
                    continue;
                };
                // A value in the wrong shard would never be found: the shard is not this
                // store's.
                match F::decode(&payload, &at).filter(|d| d.keys().all(|k| shard_of(k) == shard)) {
                    Some(values) => all.extend(values),
                    None => self.cache.note(format!(
                        "cache entry {} does not read as {}; ignored and replaced",
                        path.display(),
                        F::WHAT
                    )),
                }
            }
            all
        })
    }

    /// The value stored for `key`, if any (counted as found).
    fn get(&self, key: &Fingerprint) -> Option<F::Value> {
        let value = self.stored().get(key)?.clone();
        self.found
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(*key);
        Some(value)
    }

    /// Counts the value stored for `key`, if there is one, as used, without reading it: it is
    /// kept when its shard is rewritten.
    fn keep(&self, key: &Fingerprint) {
        self.found
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(*key);
    }

    /// Keeps `value`, made in this run for `key`.
    fn put(&self, key: Fingerprint, value: F::Value) {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.held += F::spilled(&value).map_or(0, <[u8]>::len);
        made.values.insert(key, value);
        if made.held > SPILL_AT && !made.spill_failed {
            if let Err(e) = self.spill(&mut made) {
                made.spill_failed = true;
                self.cache.note(format!(
                    "cannot move the {} made in this run out of memory ({e}); they stay in it",
                    F::WHAT
                ));
            }
        }
    }

    /// Appends every made value that can be spilled to its shard's spill file, and drops it
    /// from memory.
    fn spill(&self, made: &mut Made<F::Value>) -> std::io::Result<()> {
        use std::io::Write as _;
        if self.dir.is_file() {
            // The one-file entry of an earlier build.
            std::fs::remove_file(&self.dir)?;
        }
        std::fs::create_dir_all(&self.dir)?;
        let mut moved = Vec::new();
        for shard in 0..usize::from(SHARDS) {
            let values: Vec<(&Fingerprint, &[u8])> = made
                .values
                .iter()
                .filter(|(key, _)| shard_of(key) == shard)
                .filter_map(|(key, value)| Some((key, F::spilled(value)?)))
                .collect();
            if values.is_empty() {
                continue;
            }
            let file = match &mut made.spill[shard] {
                Some(file) => file,
                slot => slot.insert(tempfile::tempfile_in(&self.dir)?),
            };
            let mut w = std::io::BufWriter::new(file);
            for (key, bytes) in values {
                w.write_all(key)?;
                w.write_all(&(bytes.len() as u64).to_le_bytes())?;
                w.write_all(bytes)?;
                moved.push(*key);
            }
            w.flush()?;
        }
        for key in moved {
            made.values.remove(&key);
            made.spilled.insert(key);
        }
        made.held = 0;
        Ok(())
    }

    /// The values of shard `shard` that this run spilled, read back.
    fn unspill(&self, made: &mut Made<F::Value>, shard: usize) -> BTreeMap<Fingerprint, F::Value> {
        use std::io::{Read as _, Seek as _};
        let Some(file) = made.spill[shard].as_mut() else {
            return BTreeMap::new();
        };
        let mut bytes = Vec::new();
        let read = file
            .rewind()
            .and_then(|()| file.read_to_end(&mut bytes))
            .ok()
            .and_then(|_| F::unspill(&bytes));
        read.unwrap_or_else(|| {
            self.cache.note(format!(
                "cannot read back the {} made in this run for shard {shard:02x}; they are not kept",
                F::WHAT
            ));
            BTreeMap::new()
        })
    }

    /// Writes the shards in which this run made values, each with the values of it this run
    /// used (a shard without a new value is left as it is), and adds how many values were
    /// found and how many made to the two counters.
    fn save(&self, found_count: &AtomicUsize, made_count: &AtomicUsize) {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        let made_keys: BTreeSet<Fingerprint> =
            made.values.keys().chain(&made.spilled).copied().collect();
        if !made_keys.is_empty() {
            if self.dir.is_file() {
                // The one-file entry of an earlier build.
                let _ = std::fs::remove_file(&self.dir);
            }
            let stored = self.stored();
            let rewritten: BTreeSet<usize> = made_keys.iter().map(shard_of).collect();
            for shard in rewritten {
                // One shard's spilled values at a time are back in memory.
                let spilled = self.unspill(&mut made, shard);
                let entries: BTreeMap<&Fingerprint, &F::Value> = found
                    .iter()
                    .filter(|k| shard_of(k) == shard)
                    .filter_map(|k| Some((k, stored.get(k)?)))
                    .chain(spilled.iter())
                    .chain(made.values.iter().filter(|(k, _)| shard_of(k) == shard))
                    .collect();
                let entries: Vec<(&Fingerprint, &F::Value)> = entries.into_iter().collect();
                let path = self.shard_path(shard);
                F::store(self.cache, &path, &self.keys[shard], &entries);
            }
        }
        found_count.fetch_add(found.len(), Ordering::Relaxed);
        made_count.fetch_add(made_keys.len(), Ordering::Relaxed);
    }
}

/// A store of texts by key. The payload is binary (text would need escaping as JSON,
/// [`decode_texts`]).
trait TextStore {
    /// The store's folder under the cache, and the kind of its key.
    const FOLDER: &'static str;
    /// What the store holds, for notes.
    const WHAT: &'static str;
}

impl<T: TextStore> StoreFormat for T {
    type Value = Text;
    const FOLDER: &'static str = T::FOLDER;
    const WHAT: &'static str = T::WHAT;

    fn decode(payload: &[u8], at: &Place) -> Option<BTreeMap<Fingerprint, Text>> {
        index_texts(payload, at)
    }

    fn store(cache: &Cache, path: &Path, key: &str, entries: &[(&Fingerprint, &Text)]) {
        store_texts(cache, path, key, entries);
    }

    fn spilled(value: &Text) -> Option<&[u8]> {
        match value {
            Text::Made(text) => Some(text.as_bytes()),
            Text::At { .. } => None,
        }
    }

    fn unspill(bytes: &[u8]) -> Option<BTreeMap<Fingerprint, Text>> {
        Some(
            decode_texts(bytes)?
                .into_iter()
                .map(|(key, text)| (key, Text::Made(text)))
                .collect(),
        )
    }
}

/// The open file a loaded entry was read from, and where in it its payload starts.
#[derive(Debug, Clone)]
struct Place {
    file: std::sync::Arc<std::fs::File>,
    start: u64,
}

/// A text of a [`TextStore`]: made in this run, or where the loaded entry holds it, read only
/// when asked for (the docs' articles of a big API are 30 MB: a run that renders `index.html`
/// again asks for each once, and holding them all had been a fifth of a changed run's heap).
#[derive(Debug, Clone)]
enum Text {
    Made(std::sync::Arc<str>),
    At {
        file: std::sync::Arc<std::fs::File>,
        offset: u64,
        len: usize,
    },
}

impl Text {
    /// The text (read from its entry's file, which the checksum verified when it was loaded).
    fn read(&self) -> std::io::Result<std::sync::Arc<str>> {
        use std::os::unix::fs::FileExt;
        match self {
            Text::Made(text) => Ok(text.clone()),
            Text::At { file, offset, len } => {
                let mut bytes = vec![0; *len];
                file.read_exact_at(&mut bytes, *offset)?;
                String::from_utf8(bytes)
                    .map(std::sync::Arc::from)
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
            }
        }
    }
}

/// The docs' rendered fragments (the `isolated` articles of `index.html`).
struct Fragments;

impl TextStore for Fragments {
    const FOLDER: &'static str = "fragments";
    const WHAT: &'static str = "fragments";
}

/// The entries of a payload of texts: per text its 32-byte key, its length (u64,
/// little-endian) and its bytes. Gives each key with where its text starts in the payload and
/// its length; `None` when the payload is not one (an entry cut off).
fn text_entries(mut payload: &[u8]) -> Option<Vec<(Fingerprint, usize, usize)>> {
    let mut out = Vec::new();
    let mut at = 0;
    while !payload.is_empty() {
        let key: Fingerprint = payload.get(..32)?.try_into().ok()?;
        let len: [u8; 8] = payload.get(32..40)?.try_into().ok()?;
        let len = usize::try_from(u64::from_le_bytes(len)).ok()?;
        let end = 40usize.checked_add(len)?;
        payload.get(40..end)?;
        out.push((key, at + 40, len));
        payload = &payload[end..];
        at += end;
    }
    Some(out)
}

/// Texts by key from a payload [`text_entries`] reads; `None` when it is not one or a text is
/// not UTF-8.
fn decode_texts(payload: &[u8]) -> Option<BTreeMap<Fingerprint, std::sync::Arc<str>>> {
    text_entries(payload)?
        .into_iter()
        .map(|(key, start, len)| {
            let text = std::str::from_utf8(&payload[start..start + len]).ok()?;
            Some((key, text.into()))
        })
        .collect()
}

/// Where the texts of a payload [`text_entries`] reads are in the file it was read from
/// (`at`); `None` when it is not one.
fn index_texts(payload: &[u8], at: &Place) -> Option<BTreeMap<Fingerprint, Text>> {
    Some(
        text_entries(payload)?
            .into_iter()
            .map(|(key, start, len)| {
                let text = Text::At {
                    file: at.file.clone(),
                    offset: at.start + start as u64,
                    len,
                };
                (key, text)
            })
            .collect(),
    )
}

/// Stores texts as [`decode_texts`] reads them, each written in place (a store of texts can
/// be as large as `index.html`'s articles: never joined in memory).
fn store_texts(cache: &Cache, path: &Path, key: &str, entries: &[(&Fingerprint, &Text)]) {
    // One shard's texts are in memory at a time (those kept are read from their entry).
    let mut texts = Vec::with_capacity(entries.len());
    for (digest, text) in entries {
        match text.read() {
            Ok(text) => texts.push((*digest, text)),
            Err(e) => cache.note(format!(
                "cannot read a text kept in {} ({e}); it is not kept",
                path.display()
            )),
        }
    }
    let lengths: Vec<[u8; 8]> = texts
        .iter()
        .map(|(_, text)| (text.len() as u64).to_le_bytes())
        .collect();
    let parts: Vec<&[u8]> = texts
        .iter()
        .zip(&lengths)
        .flat_map(|((key, text), len)| [&key[..], &len[..], text.as_bytes()])
        .collect();
    cache.store_parts(path, key, &parts);
}

/// The printed text of the Rust client's remembered pieces (operations' items, models' types),
/// by the digest of the piece's tokens' text (see [`apiscrape_emit_rust::memo::QuoteMemo`]).
struct Printed;

impl TextStore for Printed {
    const FOLDER: &'static str = "printed";
    const WHAT: &'static str = "printed pieces";
}

/// The YAML text of `openapi.yaml`'s path items and schemas, by the digest of everything their
/// lowering reads (see [`apiscrape_openapi::EntryMemo`]).
struct OpenapiEntries;

impl TextStore for OpenapiEntries {
    const FOLDER: &'static str = "openapi";
    const WHAT: &'static str = "OpenAPI entries";
}

impl apiscrape_openapi::EntryMemo for UsedStore<'_, OpenapiEntries> {
    fn get(&self, key: &Fingerprint) -> Option<std::sync::Arc<str>> {
        self.text(key)
    }

    fn put(&self, key: Fingerprint, text: &str) {
        UsedStore::put(self, key, Text::Made(text.into()));
    }
}

impl apiscrape_emit_docs::Fragments for UsedStore<'_, Fragments> {
    fn get(&self, key: &Fingerprint) -> Option<std::sync::Arc<str>> {
        self.text(key)
    }

    fn put(&self, key: Fingerprint, text: &str) {
        UsedStore::put(self, key, Text::Made(text.into()));
    }
}

impl<F: TextStore> UsedStore<'_, F> {
    /// The text stored for `key`, if any (counted as found); one that cannot be read is
    /// noted and missed (it is made again).
    fn text(&self, key: &Fingerprint) -> Option<std::sync::Arc<str>> {
        let at = self.get(key)?;
        at.read()
            .map_err(|e| {
                self.cache.note(format!(
                    "cannot read a text kept in {}/{:02x} ({e}); made again",
                    self.dir.display(),
                    shard_of(key)
                ));
            })
            .ok()
    }
}

/// The Rust client's remembered quoting (see [`apiscrape_emit_rust::memo`]). The payload is
/// JSON: a map from each key (hex) to what quoting gave.
struct Quotes;

impl StoreFormat for Quotes {
    type Value = Quoted;
    const FOLDER: &'static str = "quotes";
    const WHAT: &'static str = "quotings";

    fn decode(payload: &[u8], _: &Place) -> Option<BTreeMap<Fingerprint, Quoted>> {
        serde_json::from_slice::<BTreeMap<String, Quoted>>(payload)
            .ok()?
            .into_iter()
            .map(|(hex, quoted)| Some((from_hex(&hex)?, quoted)))
            .collect()
    }

    fn store(cache: &Cache, path: &Path, key: &str, entries: &[(&Fingerprint, &Quoted)]) {
        let by_hex: BTreeMap<String, &Quoted> =
            entries.iter().map(|(k, q)| (to_hex(&k[..]), *q)).collect();
        match serde_json::to_vec(&by_hex) {
            Ok(payload) => cache.store(path, key, &payload),
            Err(e) => cache.note(format!(
                "cannot store the quotings in {}: {e}",
                path.display()
            )),
        }
    }
}

/// The Rust client's memo: the remembered quotings and the printed text of their pieces.
struct QuoteStores<'a> {
    quotes: UsedStore<'a, Quotes>,
    printed: UsedStore<'a, Printed>,
}

impl apiscrape_emit_rust::memo::QuoteMemo for QuoteStores<'_> {
    fn get(&self, key: &Fingerprint) -> Option<Quoted> {
        self.quotes.get(key)
    }

    fn put(&self, key: Fingerprint, quoted: Quoted) {
        self.quotes.put(key, quoted);
    }

    fn printed(&self, digest: &Fingerprint) -> Option<String> {
        self.printed.text(digest).map(|text| text.to_string())
    }

    fn put_printed(&self, digest: Fingerprint, printed: &str) {
        self.printed.put(digest, Text::Made(printed.into()));
    }

    fn keep_printed(&self, digest: &Fingerprint) {
        self.printed.keep(digest);
    }

    fn warm(&self) -> bool {
        !self.quotes.stored().is_empty()
    }
}

/// A 32-byte digest from its lower-case hex ([`to_hex`]), `None` when it is not one.
fn from_hex(hex: &str) -> Option<Fingerprint> {
    let mut out = [0u8; 32];
    if hex.len() != 64 {
        return None;
    }
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key whose first byte (its shard) and last byte are given.
    fn key(first: u8, last: u8) -> Fingerprint {
        let mut k = [0u8; 32];
        k[0] = first;
        k[31] = last;
        k
    }

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

    /// A store keeps its values in shards by the keys' first byte: a run rewrites only the
    /// shards it made values in (each with the values of it the run used), an earlier build's
    /// one-file entry is replaced, and a shard holding another shard's values is not trusted.
    #[test]
    fn stores_rewrite_only_the_shards_they_made_values_in() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::for_tool(dir.path(), "test");
        let (counted, also) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let folder = dir.path().join("fragments/api");
        // An earlier build's one-file entry.
        std::fs::create_dir_all(folder.parent().unwrap()).unwrap();
        std::fs::write(&folder, "old").unwrap();
        let first = UsedStore::<Fragments>::new(&cache, "api");
        assert!(first.text(&key(0, 0)).is_none());
        first.put(key(0, 0), Text::Made("zero".into()));
        first.put(key(1, 0), Text::Made("one".into()));
        first.put(key(17, 0), Text::Made("seventeen".into()));
        first.save(&counted, &also);
        let names = |d: &Path| {
            let mut v: Vec<String> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        assert_eq!(names(&folder), ["00", "01"]);
        let inode = |shard: &str| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(folder.join(shard)).unwrap().ino()
        };
        let (zero, one) = (inode("00"), inode("01"));

        let second = UsedStore::<Fragments>::new(&cache, "api");
        assert_eq!(second.text(&key(17, 0)).as_deref(), Some("seventeen"));
        second.put(key(2, 0), Text::Made("two".into()));
        second.save(&counted, &also);
        assert_eq!(names(&folder), ["00", "01", "02"]);
        assert_eq!((inode("00"), inode("01")), (zero, one), "left as they were");

        // Shard 1 rewritten with what this run used: `one` was not, and goes.
        let third = UsedStore::<Fragments>::new(&cache, "api");
        assert_eq!(third.text(&key(0, 0)).as_deref(), Some("zero"));
        assert_eq!(third.text(&key(17, 0)).as_deref(), Some("seventeen"));
        third.put(key(33, 1), Text::Made("thirty-three".into()));
        third.save(&counted, &also);
        let fourth = UsedStore::<Fragments>::new(&cache, "api");
        assert!(fourth.text(&key(1, 0)).is_none());
        assert_eq!(fourth.text(&key(33, 1)).as_deref(), Some("thirty-three"));
        assert_eq!(fourth.text(&key(2, 0)).as_deref(), Some("two"));
        assert!(cache.take_summary().notes.is_empty());

        // A shard's entry under another shard's name is a miss (its key is another's); one
        // made with the right key but holding another shard's values is refused, with a note.
        std::fs::copy(folder.join("00"), folder.join("05")).unwrap();
        let payload = std::fs::read(folder.join("00")).unwrap();
        let start = payload_start(&folder.join("00"), &payload, &first.keys[0])
            .unwrap()
            .unwrap();
        cache.store(&folder.join("06"), &first.keys[6], &payload[start..]);
        let fifth = UsedStore::<Fragments>::new(&cache, "api");
        assert_eq!(fifth.text(&key(0, 0)).as_deref(), Some("zero"));
        assert!(fifth.text(&key(5, 0)).is_none());
        let notes = cache.take_summary().notes;
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(
            notes[0].contains("fragments/api/06 does not read as fragments"),
            "{notes:?}"
        );
    }

    /// Values made past [`SPILL_AT`] bytes leave memory for the spill files, and the saved
    /// shards hold them all, with the values kept in memory and those the run found.
    #[test]
    fn made_values_past_the_limit_are_spilled_and_saved_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::for_tool(dir.path(), "test");
        let (found, made) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let text =
            |n: u8| -> std::sync::Arc<str> { format!("{n}{}", "x".repeat(SPILL_AT / 4)).into() };
        let first = UsedStore::<Fragments>::new(&cache, "api");
        first.put(key(40, 0), Text::Made("found later".into()));
        first.save(&found, &made);

        let store = UsedStore::<Fragments>::new(&cache, "api");
        assert_eq!(store.text(&key(40, 0)).as_deref(), Some("found later"));
        // Texts of a quarter of the limit (and a byte): three stay, the fourth passes the
        // limit and all four leave memory. The next stay in memory.
        for n in 0..4 {
            store.put(key(n, n), Text::Made(text(n)));
            let held = store.made.lock().unwrap();
            assert_eq!(held.spilled.len(), if n == 3 { 4 } else { 0 }, "after {n}");
            assert_eq!(
                held.values.len(),
                if n == 3 { 0 } else { usize::from(n) + 1 }
            );
        }
        store.put(key(16, 9), Text::Made("nine".into()));
        store.put(key(3, 3), Text::Made(text(3)));
        store.save(&found, &made);
        assert_eq!(
            made.load(Ordering::Relaxed),
            1 + 5,
            "a value made twice counts once"
        );
        assert!(cache.take_summary().notes.is_empty());

        let back = UsedStore::<Fragments>::new(&cache, "api");
        for n in 0..4 {
            assert_eq!(back.text(&key(n, n)), Some(text(n)), "{n}");
        }
        assert_eq!(back.text(&key(16, 9)).as_deref(), Some("nine"));
        assert_eq!(back.text(&key(40, 0)).as_deref(), Some("found later"));
        // Spill files have no name: the store's folder holds only its shards.
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join("fragments/api"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["00", "01", "02", "03", "08"]);
    }

    /// A loaded store reads its texts from the file it loaded, when asked: a shard another run
    /// replaced meanwhile does not change them, and rewriting a shard copies the kept texts
    /// from there.
    #[test]
    fn stored_texts_are_read_from_the_entry_they_were_loaded_from() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::for_tool(dir.path(), "test");
        let (found, made) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let first = UsedStore::<Fragments>::new(&cache, "api");
        first.put(key(0, 1), Text::Made("one".into()));
        first.put(key(0, 2), Text::Made("two".into()));
        first.save(&found, &made);

        let loaded = UsedStore::<Fragments>::new(&cache, "api");
        assert!(matches!(
            loaded.get(&key(0, 1)),
            Some(Text::At { len: 3, .. })
        ));
        // Another run replaces the shard (it used only `two`, and made `three`).
        let other = UsedStore::<Fragments>::new(&cache, "api");
        assert_eq!(other.text(&key(0, 2)).as_deref(), Some("two"));
        other.put(key(0, 3), Text::Made("three".into()));
        other.save(&found, &made);
        assert!(UsedStore::<Fragments>::new(&cache, "api")
            .text(&key(0, 1))
            .is_none());
        // The first loaded store still reads its entry, and keeps `one` when it saves.
        assert_eq!(loaded.text(&key(0, 1)).as_deref(), Some("one"));
        loaded.put(key(16, 4), Text::Made("four".into()));
        loaded.save(&found, &made);
        let last = UsedStore::<Fragments>::new(&cache, "api");
        assert_eq!(last.text(&key(0, 1)).as_deref(), Some("one"));
        assert_eq!(last.text(&key(16, 4)).as_deref(), Some("four"));
        assert!(
            last.text(&key(0, 3)).is_none(),
            "the last writer's shard holds its values"
        );
        assert!(cache.take_summary().notes.is_empty());
    }
}
