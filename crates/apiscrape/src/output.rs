//! Every write of the CLI, all-or-nothing: single files are replaced atomically, folders
//! (`rust -o`, `docs -o`, `fetch -o`, `generated/`) are staged beside the old folder and
//! swapped in whole. The mechanism is the `apiscrape-output` crate; this module adds the
//! CLI's error context and the test hooks.
//!
//! Test hooks (environment variables, read here only; documented in README "Testing"):
//! - `APISCRAPE_TEST_CRASH_AT=<n>`: abort the process (SIGABRT: no destructor, no cleanup,
//!   like a kill) at the n-th commit point of the run (the points are the steps of
//!   [`apiscrape_output::Staging::commit`]: "staged", "exchanged" or "moved old away" +
//!   "renamed in", "caches moved", "old removed"). Tests use it to kill `generate` at every
//!   rename point.
//! - `APISCRAPE_TEST_NO_EXCHANGE=1`: swap folders with two renames instead of
//!   `RENAME_EXCHANGE`, so the portable path is tested on Linux too.

use anyhow::{Context, Result};
use apiscrape_output::Staging;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Environment variable: abort at the n-th commit point (tests only).
pub const CRASH_ENV: &str = "APISCRAPE_TEST_CRASH_AT";
/// Environment variable: do not use `RENAME_EXCHANGE` (tests only).
pub const NO_EXCHANGE_ENV: &str = "APISCRAPE_TEST_NO_EXCHANGE";

/// Counts a commit point; aborts the process when it is the one [`CRASH_ENV`] names.
pub fn commit_point(label: &str) {
    static AT: OnceLock<Option<usize>> = OnceLock::new();
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let at = AT.get_or_init(|| std::env::var(CRASH_ENV).ok()?.parse().ok());
    if let Some(at) = *at {
        let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
        if n == at {
            eprintln!("{CRASH_ENV}: aborting at commit point {n} ({label})");
            std::process::abort();
        }
    }
}

/// Starts replacing folder `dir` (see [`Staging::begin`]).
pub fn begin(dir: &Path) -> Result<Staging> {
    Ok(with_test_hooks(Staging::begin(dir)?))
}

/// `staging`, swapped in with two renames when [`NO_EXCHANGE_ENV`] is set.
fn with_test_hooks(staging: Staging) -> Staging {
    if std::env::var_os(NO_EXCHANGE_ENV).is_some() {
        staging.without_exchange()
    } else {
        staging
    }
}

/// Starts replacing folder `dir` in a spare under the cache folder `cache_dir` (see
/// [`Staging::begin_in_spare`]): `spares/<digest of dir's canonical path>`, so projects
/// sharing a cache folder keep apart.
pub fn begin_in_spare(dir: &Path, cache_dir: &Path) -> Result<Staging> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(parent) = std::fs::canonicalize(parent) else {
        return begin(dir);
    };
    let canonical = parent.join(dir.file_name().unwrap_or_default());
    let digest = crate::cache::hex_digest(canonical.as_os_str().as_encoded_bytes());
    let spare = cache_dir.join("spares").join(&digest[..32]);
    Ok(with_test_hooks(Staging::begin_in_spare(dir, &spare)?))
}

/// Swaps a staged folder in, passing through the commit points.
pub fn commit(staging: Staging) -> Result<()> {
    let target = staging.target().to_path_buf();
    staging
        .commit(&mut |point| commit_point(point))
        .with_context(|| format!("cannot replace {}", target.display()))
}

/// Replaces file `path` with `text` atomically, keeping its mode (a new file gets the
/// umask's), after removing temporaries a killed run left for it.
pub fn write_file(path: &Path, text: &str) -> Result<()> {
    apiscrape_output::remove_stale_temps_of(path)?;
    apiscrape_output::write_file(path, text.as_bytes())?;
    Ok(())
}

/// Replaces folder `dir` as a whole with one holding `files` (relative path -> text) plus the
/// files of the old folder that are not in `files` (never ours to delete). Unchanged files
/// stay the same files; when nothing changed nothing is touched. Returns how many files were
/// written.
pub fn replace_dir(dir: &Path, files: &BTreeMap<String, String>) -> Result<usize> {
    let changed: BTreeMap<&str, bool> = files
        .iter()
        .map(|(rel, text)| {
            let same = std::fs::read(dir.join(rel)).is_ok_and(|old| old == text.as_bytes());
            (rel.as_str(), !same)
        })
        .collect();
    let written = changed.values().filter(|c| **c).count();
    if written == 0 {
        return Ok(0);
    }
    let mut staging = begin(dir)?;
    staging.link_existing(&|rel| rel.to_str().is_some_and(|r| files.contains_key(r)))?;
    for (rel, text) in files {
        if changed[rel.as_str()] {
            staging.write(Path::new(rel), text.as_bytes())?;
        } else {
            staging.keep(Path::new(rel))?;
        }
    }
    commit(staging)?;
    Ok(written)
}

/// A folder being staged, filled one file at a time by an emitter that streams (the docs'
/// [`apiscrape_emit_docs::Sink`]): each file is written into the staging folder as it is
/// rendered (and kept as the old file when its bytes are the same), so no emitter output is
/// ever held whole in memory.
pub struct StagedFiles {
    staging: Staging,
    files: usize,
    written: usize,
}

impl apiscrape_emit_docs::Sink for StagedFiles {
    fn file(
        &mut self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> apiscrape_emit_docs::Result<()>,
    ) -> apiscrape_emit_docs::Result<()> {
        let failed = |e: apiscrape_output::Error| apiscrape_emit_docs::Error::Write {
            path: path.to_string(),
            source: std::io::Error::new(e.source.kind(), format!("{e}: {}", e.source)),
        };
        let mut file = self.staging.create(Path::new(path)).map_err(failed)?;
        fill(&mut file)?;
        self.files += 1;
        if file.finish().map_err(failed)? == apiscrape_output::FileStatus::Written {
            self.written += 1;
        }
        Ok(())
    }
}

/// Replaces folder `dir` as a whole with the files `emit` streams into a [`StagedFiles`], plus
/// the files of the old folder it does not produce (never ours to delete). Unchanged files
/// stay the same files; when nothing changed the old folder is not touched. A failure of
/// `emit` (or a kill at any moment) leaves the old folder. Returns how many files were
/// produced and how many of them written.
pub fn replace_dir_streamed(
    dir: &Path,
    emit: impl FnOnce(&mut StagedFiles) -> Result<()>,
) -> Result<(usize, usize)> {
    let mut staging = begin(dir)?;
    // Produced files replace their links as they are staged.
    staging.link_existing(&|_| false)?;
    let mut files = StagedFiles {
        staging,
        files: 0,
        written: 0,
    };
    emit(&mut files)?;
    let StagedFiles {
        staging,
        files,
        written,
    } = files;
    if written > 0 || !dir.exists() {
        commit(staging)?;
    }
    // Else the staging folder is dropped (removed): nothing changed.
    Ok((files, written))
}
