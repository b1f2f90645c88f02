//! Keeping `generated/` in step with `input-docs/`: one [`ensure_file_contents`] serves both
//! writing (`cargo xtask codegen`) and checking (`cargo xtask codegen --check`, and the
//! freshness `#[test]`).
//!
//! Each file is compared with `generated/` as soon as it is rendered and, in write mode, a
//! changed one is written into the next `generated/`, staged beside it; only statuses are kept.
//! The staged folder replaces `generated/` only when every API generated without input errors,
//! and then as one commit (unchanged files hard-linked, one swap, see [`crate::output`]), so
//! every `model.json` (the version source) changes together with its `CHANGELOG.md` and
//! artifacts or not at all. Files under `generated/` that
//! the generator did not produce are reported, never deleted; temporaries of interrupted runs
//! are ignored by the check (with a note) and removed by the next write.

use crate::config::{ApiConfig, Config};
use crate::{pipeline, versioning};
use anyhow::{Context, Result};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Folder the generated files live in, relative to the project root.
pub const GENERATED_DIR: &str = "generated";

/// The command that regenerates; named in headers and in `--check` failures.
pub const REGENERATE_COMMAND: &str = "cargo xtask codegen";

/// Whether to write files or only compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write files whose content changed.
    Write,
    /// Compare only; report differences.
    Check,
}

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileStatus {
    /// Content already as generated.
    Unchanged,
    /// Written (new or changed).
    Written,
    /// Check mode: the file differs; a unified diff (capped) from the committed to the fresh text.
    Stale {
        /// The diff.
        diff: String,
    },
    /// Check mode: the file does not exist.
    Missing,
}

/// Normalises line endings so a checkout with CRLF conversion compares equal.
pub fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Makes `path` hold `contents`: in [`Mode::Write`] writes it (atomically, only on change); in
/// [`Mode::Check`] reports how it differs.
pub fn ensure_file_contents(path: &Path, contents: &str, mode: Mode) -> Result<FileStatus> {
    ensure_file_contents_shown_as(path, path, contents, mode)
}

/// [`ensure_file_contents`], naming the file `shown` in diffs (a path relative to the project).
pub fn ensure_file_contents_shown_as(
    path: &Path,
    shown: &Path,
    contents: &str,
    mode: Mode,
) -> Result<FileStatus> {
    // Only check mode shows the diff: a write needs to know whether the file differs.
    let status = compare_file(path, shown, contents, mode == Mode::Check)?;
    match (mode, status) {
        (Mode::Write, FileStatus::Stale { .. } | FileStatus::Missing) => {
            crate::output::write_file(path, &normalize_newlines(contents))?;
            Ok(FileStatus::Written)
        }
        (_, status) => Ok(status),
    }
}

/// How the file at `path` compares with `contents`, line endings normalised: unchanged,
/// missing, or stale (with a diff when `diff` is set; a write does not need one).
fn compare_file(path: &Path, shown: &Path, contents: &str, diff: bool) -> Result<FileStatus> {
    let current = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileStatus::Missing),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    // The same bytes are the same text; otherwise compare with line endings normalised.
    if current == contents.as_bytes() {
        return Ok(FileStatus::Unchanged);
    }
    if !diff && !current.contains(&b'\r') && !contents.contains('\r') {
        // Without a carriage return on either side, normalising changes nothing.
        return Ok(FileStatus::Stale {
            diff: String::new(),
        });
    }
    let old = normalize_newlines(&String::from_utf8_lossy(&current));
    let new = normalize_newlines(contents);
    if old == new {
        return Ok(FileStatus::Unchanged);
    }
    Ok(FileStatus::Stale {
        diff: if diff {
            unified_diff(&old, &new, shown, 80)
        } else {
            String::new()
        },
    })
}

/// How a streamed file compares with the file on disk ([`compare_stream`]).
#[derive(Debug, PartialEq)]
enum StreamComparison {
    /// No file there.
    Missing,
    /// The same bytes.
    Same,
    /// Other bytes (or the new ones hold a carriage return, which only the text comparison
    /// normalises).
    Differs,
}

/// Compares the bytes `write` writes with the file at `path`, one buffer at a time, and stops
/// writing at the first difference.
fn compare_stream(path: &Path, write: &pipeline::WriteFile<'_>) -> Result<StreamComparison> {
    use std::io::{Read, Write};
    /// The error that stops the writing at the first difference.
    const DIFFERS: &str = "differs from the file on disk";
    struct Comparer {
        old: std::io::BufReader<std::fs::File>,
        scratch: Vec<u8>,
        differs: bool,
    }
    impl Write for Comparer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.scratch.resize(buf.len(), 0);
            if buf.contains(&b'\r')
                || self.old.read_exact(&mut self.scratch).is_err()
                || self.scratch != buf
            {
                self.differs = true;
                return Err(std::io::Error::other(DIFFERS));
            }
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(StreamComparison::Missing),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let mut buffered = std::io::BufWriter::with_capacity(
        64 * 1024,
        Comparer {
            old: std::io::BufReader::with_capacity(64 * 1024, file),
            scratch: Vec::new(),
            differs: false,
        },
    );
    let written = write(&mut buffered).and_then(|()| Ok(buffered.flush()?));
    let (mut comparer, _) = buffered.into_parts();
    if !comparer.differs {
        written?;
        // Every new byte matched: the same file unless the old one goes on.
        let mut one = [0u8; 1];
        let more = comparer
            .old
            .read(&mut one)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if more == 0 {
            return Ok(StreamComparison::Same);
        }
    }
    Ok(StreamComparison::Differs)
}

/// The writer of [`Outputs::splice_stream`]: compares with the old file until the first
/// difference, then writes the staged file.
struct Splice<'a> {
    old: std::io::BufReader<std::fs::File>,
    path: &'a Path,
    /// How many bytes matched the old file's beginning.
    matched: u64,
    scratch: Vec<u8>,
    staged: Option<apiscrape_output::StagedFile>,
    begin: &'a dyn Fn() -> std::io::Result<apiscrape_output::StagedFile>,
    /// Stopped: only the text comparison can tell (see [`Outputs::splice_stream`]).
    text_only: bool,
}

impl Splice<'_> {
    /// Begins the staged file with the old file's first `matched` bytes (equal to the new
    /// ones); `false` (nothing staged) when the old file holds a carriage return.
    fn start_staging(&mut self) -> std::io::Result<bool> {
        use std::io::Read as _;
        if holds_carriage_return(self.path)? {
            self.text_only = true;
            return Ok(false);
        }
        let mut staged = (self.begin)()?;
        let copied = std::io::copy(
            &mut std::fs::File::open(self.path)?.take(self.matched),
            &mut staged,
        )?;
        if copied != self.matched {
            return Err(std::io::Error::other(format!(
                "{} changed while it was read",
                self.path.display()
            )));
        }
        self.staged = Some(staged);
        Ok(true)
    }
}

impl std::io::Write for Splice<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use std::io::Read as _;
        // Wherever it comes, a new carriage return leaves the file to the text comparison,
        // which normalises line endings: the bytes never depend on the old file.
        if buf.contains(&b'\r') {
            self.text_only = true;
            return Err(std::io::Error::other("a carriage return: compared as text"));
        }
        if self.staged.is_none() {
            self.scratch.resize(buf.len(), 0);
            if self.old.read_exact(&mut self.scratch).is_ok() && self.scratch == buf {
                self.matched += buf.len() as u64;
                return Ok(buf.len());
            }
            if !self.start_staging()? {
                return Err(std::io::Error::other("the old file is compared as text"));
            }
        }
        match self.staged.as_mut() {
            Some(staged) => staged.write_all(buf).map(|()| buf.len()),
            None => Err(std::io::Error::other("nothing staged")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.staged.as_mut() {
            Some(staged) => staged.flush(),
            None => Ok(()),
        }
    }
}

/// Whether the file at `path` holds a carriage return (read one buffer at a time).
fn holds_carriage_return(path: &Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buffer)? {
            0 => return Ok(false),
            n if buffer[..n].contains(&b'\r') => return Ok(true),
            _ => {}
        }
    }
}

/// How long [`unified_diff`] looks for the smallest diff before it settles for a larger one
/// (Myers' algorithm takes time in proportion to the size times the number of differences:
/// minutes for two unrelated files of a big API).
pub const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_secs(2);

/// A unified diff of `old` to `new`, at most `max_lines` lines. Past [`DIFF_DEADLINE`] the diff
/// is still correct, only not the smallest.
pub fn unified_diff(old: &str, new: &str, path: &Path, max_lines: usize) -> String {
    let name = path.display().to_string();
    let diff = similar::TextDiff::configure()
        .timeout(DIFF_DEADLINE)
        .diff_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    let total = text.lines().count();
    if total <= max_lines {
        return text;
    }
    let mut out: String = text
        .lines()
        .take(max_lines)
        .flat_map(|l| [l, "\n"])
        .collect();
    let _ = writeln!(out, "... ({} more diff lines not shown)", total - max_lines);
    out
}

/// At most this many stale files get their diff printed; the rest are listed by name.
pub const MAX_DIFFS_SHOWN: usize = 6;

/// The outcome of a whole codegen run.
#[derive(Debug, Default)]
pub struct Report {
    /// Per generated file (relative to the project root), its status.
    pub files: BTreeMap<PathBuf, FileStatus>,
    /// Files under `generated/` the generator did not produce.
    pub extra: Vec<PathBuf>,
    /// Diagnostics of every API (parsers and emitters).
    pub diagnostics: Vec<apiscrape_model::Diagnostic>,
    /// APIs whose inputs had errors (or warnings, with `strict`): nothing was written or
    /// compared.
    pub input_errors: Vec<String>,
    /// APIs whose generated files differ from the committed ones (check mode).
    pub stale_apis: BTreeSet<String>,
    /// API-level changes since the committed model, per API that has any.
    pub api_changes: BTreeMap<String, apiscrape_diff::Diff>,
    /// Temporary files of an interrupted run found under `generated/`: ignored by the check,
    /// removed by the next write.
    pub leftovers: Vec<PathBuf>,
    /// What the cache did (see [`crate::cache`]).
    pub cache: crate::cache::Summary,
}

impl Report {
    /// Whether check mode found any difference.
    pub fn is_stale(&self) -> bool {
        !self.extra.is_empty()
            || self
                .files
                .values()
                .any(|s| matches!(s, FileStatus::Stale { .. } | FileStatus::Missing))
    }

    /// Human summary of differences, ending with the command to run.
    pub fn describe_differences(&self) -> String {
        let mut out = String::new();
        for (api, changes) in &self.api_changes {
            let _ = write!(out, "API `{api}`: {}", changes.to_text());
        }
        if !self.stale_apis.is_empty() {
            let _ = writeln!(
                out,
                "generated files are out of date for: {}",
                self.stale_apis
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        let mut diffs_shown = 0;
        for (path, status) in &self.files {
            match status {
                FileStatus::Missing => {
                    let _ = writeln!(out, "missing: {}", path.display());
                }
                FileStatus::Stale { diff } if diffs_shown < MAX_DIFFS_SHOWN => {
                    diffs_shown += 1;
                    let _ = writeln!(out, "stale: {}\n{diff}", path.display());
                }
                FileStatus::Stale { .. } => {
                    let _ = writeln!(out, "stale: {} (diff not shown)", path.display());
                }
                _ => {}
            }
        }
        for path in &self.extra {
            let _ = writeln!(
                out,
                "extra: {} (not produced by the generator; delete it or add its API to the config)",
                path.display()
            );
        }
        if self.is_stale() {
            let _ = writeln!(out, "run `{REGENERATE_COMMAND}` and commit");
        }
        out
    }
}

/// Whether a diagnostic of `severity` is printed: errors always, warnings unless `quiet`,
/// notes only when `verbose`.
pub fn is_shown(severity: apiscrape_model::Severity, quiet: bool, verbose: bool) -> bool {
    match severity {
        apiscrape_model::Severity::Error => true,
        apiscrape_model::Severity::Warning => !quiet,
        apiscrape_model::Severity::Note => verbose,
    }
}

/// Prints diagnostics to stderr, one per line, buffered: a site's thousands of warnings are a
/// few writes, not several per line (stderr itself is unbuffered).
pub fn print_diagnostics<'a>(diagnostics: impl Iterator<Item = &'a apiscrape_model::Diagnostic>) {
    use std::io::Write as _;
    let mut err = std::io::BufWriter::with_capacity(64 * 1024, std::io::stderr().lock());
    for d in diagnostics {
        // A closed stderr is no reason to fail the run.
        let _ = writeln!(err, "{d}");
    }
    let _ = err.flush();
}

/// Prints a run's diagnostics and outcome to stderr the way `generate` and `xtask codegen`
/// show them; returns whether the run succeeded (check mode: nothing stale).
pub fn print_report(report: &Report, mode: Mode, quiet: bool, verbose: bool) -> bool {
    let mut about_pages = 0;
    let shown = report
        .diagnostics
        .iter()
        .filter(|d| is_shown(d.severity, quiet, verbose));
    for d in shown.clone() {
        about_pages +=
            usize::from(d.severity == apiscrape_model::Severity::Warning && d.location.is_some());
    }
    print_diagnostics(shown);
    if about_pages > 0 {
        // Said once, so that a clean run's warnings are not mistaken for the tool's own.
        eprintln!(
            "note: the {about_pages} warning(s) above are about the documentation pages, each at the page and line it names"
        );
    }
    if !quiet {
        for note in &report.cache.notes {
            eprintln!("note: {note}");
        }
        if verbose && settings_used_cache(&report.cache) {
            eprintln!("{}", report.cache.line());
        }
        for rel in &report.leftovers {
            match mode {
                Mode::Check => eprintln!(
                    "note: ignoring {}: a temporary file of an interrupted run (the next `{REGENERATE_COMMAND}` removes it)",
                    rel.display()
                ),
                Mode::Write if report.input_errors.is_empty() => eprintln!(
                    "note: removed {}, a temporary file of an interrupted run",
                    rel.display()
                ),
                Mode::Write => {}
            }
        }
    }
    if !report.input_errors.is_empty() {
        eprintln!(
            "error: input errors in {}; nothing was written or compared",
            report.input_errors.join(", ")
        );
        return false;
    }
    match mode {
        Mode::Check if report.is_stale() => {
            eprint!("{}", report.describe_differences());
            false
        }
        Mode::Check => {
            if !quiet {
                eprintln!("generated/ is up to date ({} files)", report.files.len());
            }
            true
        }
        Mode::Write => {
            let written = report
                .files
                .values()
                .filter(|s| **s == FileStatus::Written)
                .count();
            for extra in &report.extra {
                eprintln!(
                    "warning: {} was not produced by the generator (left in place)",
                    extra.display()
                );
            }
            if !quiet {
                for (api, changes) in &report.api_changes {
                    eprint!("API `{api}`: {}", changes.to_text());
                }
                eprintln!(
                    "{written} file(s) written, {} unchanged",
                    report.files.len() - written
                );
            }
            true
        }
    }
}

/// Whether a run used the cache at all (a run without one reports nothing about it).
fn settings_used_cache(summary: &crate::cache::Summary) -> bool {
    summary.pages_reused + summary.pages_parsed > 0 || !summary.notes.is_empty()
}

/// Settings of a codegen run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Project root (holds the config, `input-docs/`, `generated/`).
    pub root: PathBuf,
    /// Config file path.
    pub config: PathBuf,
    /// Write or check.
    pub mode: Mode,
    /// Whether warnings count as errors.
    pub strict: bool,
    /// Whether to show a progress bar.
    pub progress: bool,
    /// The cache that makes an unchanged or slightly changed generation fast (see
    /// [`crate::cache`]); `None` parses and renders everything.
    pub cache_dir: Option<PathBuf>,
}

/// Regenerates (or checks) every API of the config. Input errors (or warnings with `strict`)
/// stop the run before anything is written: the report then lists them in `input_errors`.
pub fn run(settings: &Settings) -> Result<Report> {
    let config = Config::load(&settings.config)?;
    if settings.mode == Mode::Write {
        // A killed earlier run may have moved the committed tree away: put it back before
        // the committed models are read (they decide the versions).
        apiscrape_output::recover_folder(&settings.root.join(GENERATED_DIR))?;
    }
    let mut report = Report::default();
    // Every file is compared (and in write mode staged) as soon as it is rendered.
    let outputs = Outputs::new(settings);
    // Looked up once per file under `generated/`: hashed, not ordered.
    let mut rendered: HashSet<PathBuf> = HashSet::new();
    // Generated files the cache found on disk with exactly the generated bytes.
    let mut known: HashSet<PathBuf> = HashSet::new();
    for api_config in &config.apis {
        let api_dir = Path::new(GENERATED_DIR).join(&api_config.name);
        let result = generate_api(settings, api_config, &|rel, contents| {
            outputs.put(&api_dir.join(rel), contents)
        })?;
        let all = || result.diagnostics.iter().chain(&result.emit_diagnostics);
        let bad = all().any(|d| d.severity == apiscrape_model::Severity::Error)
            || (settings.strict && all().any(|d| d.severity == apiscrape_model::Severity::Warning));
        report.diagnostics.extend(result.diagnostics);
        report.diagnostics.extend(result.emit_diagnostics);
        report.cache.add(result.cache);
        if bad {
            report.input_errors.push(api_config.name.clone());
        }
        if let Some(changes) = result.release.changes.filter(|c| !c.is_empty()) {
            report.api_changes.insert(api_config.name.clone(), changes);
        }
        rendered.extend(result.files.iter().map(|rel| api_dir.join(rel)));
        known.extend(result.unchanged.iter().map(|rel| api_dir.join(rel)));
    }
    let reporting = crate::timing::span("report files");
    let (staging, statuses) = outputs.finish();
    if !report.input_errors.is_empty() {
        // Whatever was staged is removed with `staging`: nothing is written.
        drop(staging);
        return Ok(report);
    }
    let mut files = Vec::with_capacity(statuses.len() + known.len());
    for (rel, status) in statuses {
        if settings.mode == Mode::Check
            && matches!(status, FileStatus::Stale { .. } | FileStatus::Missing)
        {
            report.stale_apis.insert(api_of(&rel));
        }
        files.push((rel, status));
    }
    files.extend(known.iter().map(|rel| (rel.clone(), FileStatus::Unchanged)));
    // Put in path order by their bytes (a separator before any other byte: the order of
    // their components), far cheaper to compare than components, so that the map is built
    // from sorted entries.
    let bytes = |p: &Path| {
        let bytes = p.as_os_str().as_encoded_bytes();
        bytes
            .iter()
            .map(|&b| if b == b'/' { 0 } else { b })
            .collect::<Vec<u8>>()
    };
    files.sort_by_cached_key(|(rel, _)| bytes(rel));
    // Built in bulk from the sorted entries (no file is reported twice: a file is rendered or
    // known unchanged, never both).
    report.files = files.into_iter().collect();
    drop(reporting);
    let listing = crate::timing::span("list generated/");
    let generated_root = settings.root.join(GENERATED_DIR);
    for path in list_files(&generated_root)? {
        let rel = Path::new(GENERATED_DIR).join(path.strip_prefix(&generated_root)?);
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_leftover(&name) {
            report.leftovers.push(rel);
        } else if !rendered.contains(&rel) && !known.contains(&rel) {
            report.stale_apis.insert(api_of(&rel));
            report.extra.push(rel);
        }
    }
    report.leftovers.sort();
    report.extra.sort();
    drop(listing);
    if settings.mode == Mode::Write {
        let _t = crate::timing::span("commit generated/");
        commit_generation(settings, staging, &rendered, &known, &mut report)?;
    }
    Ok(report)
}

/// Where a generation's files go as they are rendered: each is compared with `generated/` at
/// once and, in write mode, written into the staged next `generated/` when it changed (the
/// staging folder is begun at the first changed file). So no file's text is kept: memory
/// holds their statuses, and the diffs check mode shows.
struct Outputs<'a> {
    settings: &'a Settings,
    staging: std::sync::Mutex<Option<apiscrape_output::Staging>>,
    statuses: std::sync::Mutex<BTreeMap<PathBuf, FileStatus>>,
}

impl<'a> Outputs<'a> {
    fn new(settings: &'a Settings) -> Self {
        Outputs {
            settings,
            staging: std::sync::Mutex::new(None),
            statuses: std::sync::Mutex::new(BTreeMap::new()),
        }
    }

    /// Compares the file generated as `rel` (relative to the project root, under
    /// `generated/`) with the file there, and stages it in write mode when it differs.
    fn put(&self, rel: &Path, contents: pipeline::Contents<'_>) -> Result<()> {
        let status = match contents {
            pipeline::Contents::Text(text) => self.put_text(rel, text)?,
            pipeline::Contents::Stream(write) => self.put_stream(rel, contents, write)?,
        };
        self.statuses
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_path_buf(), status);
        Ok(())
    }

    /// [`Outputs::put`] of a whole text.
    fn put_text(&self, rel: &Path, text: &str) -> Result<FileStatus> {
        let check = self.settings.mode == Mode::Check;
        let status = compare_file(&self.settings.root.join(rel), rel, text, check)?;
        if !check && matches!(status, FileStatus::Stale { .. } | FileStatus::Missing) {
            let inside = rel.strip_prefix(GENERATED_DIR)?;
            self.with_staging(|staging| {
                if text.contains("\r\n") {
                    staging.write(inside, normalize_newlines(text).as_bytes())
                } else {
                    staging.write(inside, text.as_bytes())
                }
                .map_err(Into::into)
            })?;
        }
        Ok(status)
    }

    /// [`Outputs::put`] of a streamed file, without holding its text. Check mode compares it
    /// with the file on disk as it is written, stopping at the first difference
    /// ([`compare_stream`]); write mode renders it once into the staging folder from its first
    /// difference ([`Outputs::splice_stream`]). Only a check-mode diff, or line endings to
    /// normalise, need the whole text ([`Outputs::put_text`]).
    fn put_stream(
        &self,
        rel: &Path,
        contents: pipeline::Contents<'_>,
        write: &pipeline::WriteFile<'_>,
    ) -> Result<FileStatus> {
        let status = if self.settings.mode == Mode::Check {
            match compare_stream(&self.settings.root.join(rel), write)? {
                StreamComparison::Same => Some(FileStatus::Unchanged),
                StreamComparison::Missing => Some(FileStatus::Missing),
                // Check mode shows the diff, made from the texts.
                StreamComparison::Differs => None,
            }
        } else {
            self.splice_stream(rel, write)?
        };
        match status {
            Some(status) => Ok(status),
            None => self.put_text(rel, &contents.text()?),
        }
    }

    /// [`Outputs::put_stream`] in write mode, rendering once: the bytes are compared with the
    /// file on disk as they come; at the first difference the staging folder is begun, the
    /// old file's equal beginning is copied into the staged file and the rest of the bytes
    /// follow it. `None` when only the text comparison can tell (a carriage return in the new
    /// bytes, or in an old file that differs: line endings alone are no change); nothing is
    /// staged then.
    fn splice_stream(
        &self,
        rel: &Path,
        write: &pipeline::WriteFile<'_>,
    ) -> Result<Option<FileStatus>> {
        use std::io::Write as _;
        let path = self.settings.root.join(rel);
        let inside = rel.strip_prefix(GENERATED_DIR)?;
        let old = match std::fs::File::open(&path) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut file = self.with_staging(|staging| Ok(staging.create(inside)?))?;
                write(&mut file)?;
                file.finish()?;
                return Ok(Some(FileStatus::Missing));
            }
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        let begin = || -> std::io::Result<apiscrape_output::StagedFile> {
            self.with_staging(|staging| Ok(staging.create(inside)?))
                .map_err(std::io::Error::other)
        };
        let mut splice = std::io::BufWriter::with_capacity(
            64 * 1024,
            Splice {
                old: std::io::BufReader::with_capacity(64 * 1024, old),
                path: &path,
                matched: 0,
                scratch: Vec::new(),
                staged: None,
                begin: &begin,
                text_only: false,
            },
        );
        let written = write(&mut splice).and_then(|()| Ok(splice.flush()?));
        let (mut splice, _) = splice.into_parts();
        if splice.text_only {
            return Ok(None);
        }
        written?;
        if splice.staged.is_none() {
            let mut one = [0u8; 1];
            let more = std::io::Read::read(&mut splice.old, &mut one)
                .with_context(|| format!("cannot read {}", path.display()))?;
            if more == 0 {
                return Ok(Some(FileStatus::Unchanged));
            }
            // The new bytes are a beginning of the old file.
            if !splice.start_staging()? {
                return Ok(None);
            }
        }
        match splice.staged.take() {
            Some(staged) => {
                staged.finish()?;
                Ok(Some(FileStatus::Stale {
                    diff: String::new(),
                }))
            }
            None => Ok(None),
        }
    }

    /// Runs `f` on the staging folder, begun at the first changed file.
    fn with_staging<T>(
        &self,
        f: impl FnOnce(&mut apiscrape_output::Staging) -> Result<T>,
    ) -> Result<T> {
        let mut staging = self.staging.lock().unwrap_or_else(|e| e.into_inner());
        let staging = match &mut *staging {
            Some(staging) => staging,
            None => {
                let generated = self.settings.root.join(GENERATED_DIR);
                staging.insert(match &self.settings.cache_dir {
                    Some(cache_dir) => crate::output::begin_in_spare(&generated, cache_dir)?,
                    None => crate::output::begin(&generated)?,
                })
            }
        };
        f(staging)
    }

    /// The staging folder (if a file changed in write mode) and every file's status.
    fn finish(
        self,
    ) -> (
        Option<apiscrape_output::Staging>,
        BTreeMap<PathBuf, FileStatus>,
    ) {
        (
            self.staging.into_inner().unwrap_or_else(|e| e.into_inner()),
            self.statuses
                .into_inner()
                .unwrap_or_else(|e| e.into_inner()),
        )
    }
}

/// Whether a file name under `generated/` is a temporary of an interrupted run: ours
/// (`.apiscrape-*`) or the `tempfile` names (`.tmpXXXXXX`) earlier versions left there.
fn is_leftover(name: &str) -> bool {
    apiscrape_output::is_own_leftover(name) || apiscrape_output::is_legacy_temp(name)
}

/// Writes the whole generation as one commit: `generated/` is staged beside itself (changed
/// files were written into `staging` as they were rendered; unchanged ones and files the
/// generator did not produce are linked now) and swapped in whole, so `model.json` and
/// `CHANGELOG.md` of every API change together or not at all. Turns the report's
/// stale/missing statuses into `Written`. Nothing is touched when nothing changed; leftovers
/// of interrupted runs are removed either way.
fn commit_generation(
    settings: &Settings,
    staging: Option<apiscrape_output::Staging>,
    rendered: &HashSet<PathBuf>,
    known: &HashSet<PathBuf>,
    report: &mut Report,
) -> Result<()> {
    let changed: Vec<PathBuf> = report
        .files
        .iter()
        .filter(|(_, s)| matches!(s, FileStatus::Stale { .. } | FileStatus::Missing))
        .map(|(p, _)| p.clone())
        .collect();
    if changed.is_empty() {
        // Only leftovers to drop: each removal is complete on its own.
        for rel in &report.leftovers {
            let path = settings.root.join(rel);
            if path.is_dir() {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            }
            .with_context(|| format!("cannot remove {}", path.display()))?;
        }
        return Ok(());
    }
    let mut staging = staging.with_context(|| {
        format!(
            "{} changed but nothing was staged for it",
            changed[0].display()
        )
    })?;
    let produced = |rel: &Path| {
        let rel = Path::new(GENERATED_DIR).join(rel);
        rendered.contains(&rel) || known.contains(&rel)
    };
    let linking = crate::timing::span("commit: link what the generator did not produce");
    staging.link_existing(&|rel| {
        produced(rel)
            || rel
                .file_name()
                .is_some_and(|n| is_leftover(&n.to_string_lossy()))
    })?;
    let kept = rendered
        .iter()
        .filter(|rel| report.files.get(*rel) == Some(&FileStatus::Unchanged))
        .chain(known)
        .map(|rel| rel.strip_prefix(GENERATED_DIR))
        .collect::<Result<Vec<&Path>, _>>()?;
    drop(linking);
    // In any order: each folder's files are linked on one thread, folders largest first.
    let keeping = crate::timing::span("commit: keep the unchanged files");
    staging.keep_all(&kept)?;
    drop(keeping);
    let _t = crate::timing::span("commit: prune and swap");
    crate::output::commit(staging)?;
    for rel in changed {
        report.files.insert(rel, FileStatus::Written);
    }
    Ok(())
}

/// One API's generation: the model's diagnostics and the generated files (paths relative
/// to `generated/<api>/`).
pub struct Generated {
    /// What reading the pages reported (the finished model's diagnostics).
    pub diagnostics: Vec<apiscrape_model::Diagnostic>,
    /// The files rendered (their texts went to the sink).
    pub files: BTreeSet<String>,
    /// Files also generated, known to be in `generated/<api>/` already with exactly the
    /// generated bytes (checked against the cache's digests), so their text is not held.
    pub unchanged: BTreeSet<String>,
    /// Version, changelog and API-level changes since the committed model.
    pub release: versioning::Release,
    /// What the emitters report about the model (what the client cannot do as documented).
    pub emit_diagnostics: Vec<apiscrape_model::Diagnostic>,
    /// What the cache did (see [`crate::cache`]).
    pub cache: crate::cache::Summary,
}

/// Parses one API's pages and renders every artifact, handing each file to `sink` (path
/// relative to `generated/<api>/`, text) as soon as it is rendered. The committed
/// `generated/<api>/model.json` and `CHANGELOG.md` decide the version (see [`versioning`]).
/// With the cache, a generation whose pages, committed model and outputs are those of one the
/// cache knows hands over only `CHANGELOG.md` and lists the rest as unchanged, without
/// parsing or rendering (see [`crate::cache`]).
pub fn generate_api(
    settings: &Settings,
    api_config: &ApiConfig,
    sink: &pipeline::Sink<'_>,
) -> Result<Generated> {
    let input_rel = api_config
        .input
        .clone()
        .unwrap_or_else(|| Path::new("input-docs").join(&api_config.name));
    let cache = settings.cache_dir.as_ref().map(crate::cache::Cache::new);
    let out_dir = settings.root.join(GENERATED_DIR).join(&api_config.name);
    let model_path = out_dir.join(MODEL_FILE);
    let header = format!(
        "@generated by `{REGENERATE_COMMAND}` from {}; do not edit",
        input_rel.display()
    );
    let old_changelog = std::fs::read_to_string(out_dir.join(CHANGELOG_FILE)).ok();
    let templates = api_config.templates.as_ref().map(|t| settings.root.join(t));
    let files = pipeline::list_pages(&settings.root, std::slice::from_ref(&input_rel), api_config)?;
    let pages = match &cache {
        Some(cache) => Some(cache.pages(
            &api_config.name,
            pipeline::dialect_choice(api_config.dialect.as_deref())?,
        )),
        None => None,
    };
    let keys = pages.as_ref().and_then(|pages| {
        let _t = crate::timing::span("page keys");
        pages.keys(&files)
    });
    let inputs_key = cache
        .as_ref()
        .zip(keys.as_deref())
        .map(|(cache, keys)| crate::cache::inputs_key(cache, api_config, &header, &files, keys));
    if let (Some(cache), Some(inputs_key)) = (&cache, &inputs_key) {
        let known = Known {
            cache,
            inputs_key,
            out_dir: &out_dir,
            header: &header,
            old_changelog: old_changelog.as_deref(),
            templates: templates.as_deref(),
        };
        if let Some(generated) = known.unchanged_generation(api_config, files.len(), sink)? {
            return Ok(generated);
        }
    }
    // The committed model (which the release compares with) and the docs' templates need no
    // page: they are read and compiled, and the pages' new stamps stored, in the time the
    // parsing leaves a thread (listing, keying and the first batch of pages keep one thread
    // busy at a time).
    let (merged, ((committed_digest, committed), docs_templates)) = rayon::join(
        || {
            pipeline::merge_pages(
                &files,
                api_config,
                settings.progress,
                pages.as_ref(),
                keys.as_deref(),
            )
        },
        || {
            rayon::join(
                || read_committed(&model_path, cache.is_some()),
                || {
                    if let Some(pages) = &pages {
                        pages.save_stamps();
                    }
                    let _t = crate::timing::span("docs templates");
                    apiscrape_emit_docs::Templates::load(templates.as_deref()).ok()
                },
            )
        },
    );
    let api = pipeline::finish_api(merged?, api_config)?;
    let pages_moved = pages.as_ref().is_some_and(crate::cache::PageCache::moved);
    drop(pages);
    let mut emit_diagnostics = Vec::new();
    // The digest of the new `model.json` (with the cache) and the comparison with the
    // committed model, side by side. When the committed model has the new one's bytes, the
    // API did not change: the version and changelog stay as they are, and the comparison
    // (which would say as much) is not used.
    let (model_digest, (compared, client_calls)) = rayon::join(
        || -> Result<Option<String>> {
            // `model.json` is handed over here, its digest taken as it passes.
            let _t = crate::timing::span("model.json and its digest");
            cache
                .as_ref()
                .map(|_| pipeline::hand_over_model_json(&api, &header, sink))
                .transpose()
        },
        || {
            // The release and the docs' client calls (a failure is reported where the docs
            // are rendered): two more tasks for the two threads.
            rayon::join(
                || {
                    let _t = crate::timing::span("release (diff against the committed model)");
                    let mut diagnostics = Vec::new();
                    let release = compared_release(
                        api_config,
                        &model_path,
                        &header,
                        &api,
                        committed,
                        old_changelog.as_deref(),
                        &mut diagnostics,
                    );
                    (release, diagnostics)
                },
                || pipeline::client_calls(&api, &api_config.crate_name()).ok(),
            )
        },
    );
    let model_digest = model_digest?;
    let inputs_key = inputs_key.filter(|_| !pages_moved);
    // Stored beside the rendering (a task for the first free thread).
    let store_known_model = || {
        if let (Some(cache), Some(key), Some(digest)) = (&cache, &inputs_key, &model_digest) {
            cache.store_known_model(&api_config.name, key, digest, &api.diagnostics);
        }
    };
    let same_model = model_digest.as_deref().and_then(|digest| {
        same_release(
            committed_digest.as_deref(),
            digest,
            old_changelog.as_deref(),
        )
    });
    let release = match same_model {
        Some(release) => release,
        None => {
            let (release, diagnostics) = compared;
            emit_diagnostics.extend(diagnostics);
            release
        }
    };
    let emitted = pipeline::Emitted {
        header: &header,
        version: &release.version,
        templates_dir: templates.as_deref(),
        docs_templates: docs_templates.as_ref(),
        client_calls: client_calls.as_ref(),
        model_json: model_digest.as_deref(),
    };
    let (rendered, ()) = rayon::join(
        || render_outputs(cache.as_ref(), api_config, &api, &out_dir, &emitted, sink),
        store_known_model,
    );
    let rendered = rendered?;
    sink(CHANGELOG_FILE, pipeline::Contents::Text(&release.changelog))?;
    let mut files: BTreeSet<String> = rendered.files.into_keys().collect();
    files.insert(CHANGELOG_FILE.to_string());
    emit_diagnostics.extend(rendered.diagnostics);
    let mut api = api.into_api();
    let diagnostics = std::mem::take(&mut api.diagnostics);
    // Freeing a big model takes a while: a pool thread does it while the generation commits.
    rayon::spawn(move || drop(api));
    Ok(Generated {
        diagnostics,
        files,
        unchanged: rendered.unchanged,
        release,
        emit_diagnostics,
        cache: cache.map(|c| c.take_summary()).unwrap_or_default(),
    })
}

/// The outputs of `api` (see [`pipeline::render_all`]), each file that the cache finds on disk
/// as rendering would give it left unrendered and listed as unchanged (see
/// [`crate::cache::render_outputs`]).
fn render_outputs(
    cache: Option<&crate::cache::Cache>,
    api_config: &ApiConfig,
    api: &apiscrape_model::FinishedApi,
    out_dir: &Path,
    emitted: &pipeline::Emitted<'_>,
    sink: &pipeline::Sink<'_>,
) -> Result<crate::cache::Rendered> {
    let render = |reuse: Option<&dyn pipeline::Reuse>| -> Result<crate::cache::Rendered> {
        let artifacts = pipeline::render_all(api, api_config, emitted, reuse, sink)?;
        Ok(crate::cache::Rendered {
            files: artifacts.files,
            unchanged: artifacts.unchanged,
            fingerprints: artifacts.fingerprints,
            diagnostics: artifacts.diagnostics,
        })
    };
    let _rendering = crate::timing::span("outputs (cache or render)");
    let mut rendered = match (cache, emitted.model_json) {
        (Some(cache), Some(digest)) => crate::cache::render_outputs(
            cache,
            &api_config.name,
            out_dir,
            digest,
            &crate::cache::OutputOptions {
                header: emitted.header,
                version: emitted.version,
                crate_name: &api_config.crate_name(),
                templates: emitted.templates_dir,
            },
            render,
        )?,
        _ => render(None)?,
    };
    if let Some(digest) = emitted.model_json {
        // Handed to the sink with its digest, even when the cache found every output on disk.
        rendered.unchanged.remove(MODEL_FILE);
        rendered
            .files
            .insert(MODEL_FILE.to_string(), digest.to_string());
    }
    Ok(rendered)
}

/// The release of a model whose `model.json` has the digest `model_digest` when the committed
/// one has the same bytes (`committed_digest`, [`crate::cache::hex_digest`]): nothing
/// changed, so the version and changelog stay as they are ([`versioning::release`] gives the
/// same for a model equal to the committed one, after reading and comparing both). `None`
/// when the bytes differ, when the changelog names no version, or when it does not name every
/// generator change yet (a generator change still bumps the version): then the models are
/// compared.
fn same_release(
    committed_digest: Option<&str>,
    model_digest: &str,
    old_changelog: Option<&str>,
) -> Option<versioning::Release> {
    let changelog = old_changelog.filter(|c| versioning::names_every_generator_change(c))?;
    let version = versioning::current_version(changelog)?;
    (committed_digest? == model_digest).then(|| versioning::Release {
        version,
        changelog: changelog.to_string(),
        changes: Some(apiscrape_diff::Diff::default()),
    })
}

/// The committed model at `model_path`, read once: with `digest` set, the digest of its bytes
/// ([`crate::cache::hex_digest`], which tells whether the API changed), and the model (for the
/// comparison when it did).
fn read_committed(
    model_path: &Path,
    digest: bool,
) -> (Option<String>, Result<apiscrape_model::Api>) {
    let _t = crate::timing::span("release: read the committed model");
    let text = crate::sides::read_model(model_path);
    let digest = text
        .as_ref()
        .ok()
        .filter(|_| digest)
        .map(|t| crate::cache::hex_digest(t.as_bytes()));
    let model = text.and_then(|t| crate::sides::parse_model(model_path, &t));
    (digest, model)
}

/// The release of `api` compared with the committed model (`committed`, as it was read from
/// `model_path`): its version, changelog and API-level changes. A committed model that cannot
/// be read is reported in `emit_diagnostics`, and the version is not bumped.
fn compared_release(
    api_config: &ApiConfig,
    model_path: &Path,
    header: &str,
    api: &apiscrape_model::FinishedApi,
    committed: Result<apiscrape_model::Api>,
    old_changelog: Option<&str>,
    emit_diagnostics: &mut Vec<apiscrape_model::Diagnostic>,
) -> versioning::Release {
    let model_rel = Path::new(GENERATED_DIR)
        .join(&api_config.name)
        .join(MODEL_FILE);
    let old_model = match committed {
        Ok(model) => Some(model),
        Err(_) if !model_path.exists() => None,
        Err(e) => {
            emit_diagnostics.push(apiscrape_model::Diagnostic::at(
                apiscrape_model::Severity::Warning,
                model_rel.display().to_string(),
                None,
                format!(
                    "the committed model cannot be read ({}); the API cannot be compared with it, so the version is not bumped",
                    e.root_cause()
                ),
            ));
            None
        }
    };
    let _comparing = crate::timing::span("release: compare and write the changelog");
    versioning::release(
        &api_config.name,
        header,
        old_model.as_ref(),
        old_changelog,
        api,
        &versioning::generator_changes(),
    )
}

/// What a generation needs to tell, from the cache alone, that nothing changed.
struct Known<'a> {
    cache: &'a crate::cache::Cache,
    /// The key of the API's inputs ([`crate::cache::inputs_key`]).
    inputs_key: &'a str,
    out_dir: &'a Path,
    header: &'a str,
    old_changelog: Option<&'a str>,
    templates: Option<&'a Path>,
}

impl Known<'_> {
    /// The generation of an API none of whose inputs changed since one the cache knows of:
    /// the model made of them has the committed model's digest, the changelog names every
    /// generator change, and the outputs recorded for that model are on disk. Then no page's
    /// fragment is read, and nothing is parsed, compared or rendered. `None` otherwise: the
    /// generation runs in full.
    fn unchanged_generation(
        &self,
        api_config: &ApiConfig,
        pages: usize,
        sink: &pipeline::Sink<'_>,
    ) -> Result<Option<Generated>> {
        let cache = self.cache;
        let Some(known) = cache.known_model(&api_config.name, self.inputs_key) else {
            return Ok(None);
        };
        let Some(release) = same_release(
            crate::cache::file_digest(&self.out_dir.join(MODEL_FILE)).as_deref(),
            &known.model_digest,
            self.old_changelog,
        ) else {
            return Ok(None);
        };
        let options = crate::cache::OutputOptions {
            header: self.header,
            version: &release.version,
            crate_name: &api_config.crate_name(),
            templates: self.templates,
        };
        let Some(rendered) = crate::cache::recorded_outputs(
            cache,
            &api_config.name,
            self.out_dir,
            &known.model_digest,
            &options,
        ) else {
            return Ok(None);
        };
        sink(CHANGELOG_FILE, pipeline::Contents::Text(&release.changelog))?;
        cache.model_known(&api_config.name, pages);
        Ok(Some(Generated {
            diagnostics: known.diagnostics,
            files: BTreeSet::from([CHANGELOG_FILE.to_string()]),
            unchanged: rendered.unchanged,
            release,
            emit_diagnostics: rendered.diagnostics,
            cache: cache.take_summary(),
        }))
    }
}

/// The changelog of each generated API, next to its model.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// The model of each generated API.
const MODEL_FILE: &str = "model.json";

/// The API a file under `generated/` belongs to: the folder under `generated/`
/// (`generated/<api>/...`; API names are one path component, see [`crate::config`]).
fn api_of(rel: &Path) -> String {
    rel.iter()
        .nth(1)
        .map(|api| api.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every file under `dir` (recursively; build output of generated crates and leftovers'
/// folders are not entered), in no particular order.
fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in
            std::fs::read_dir(&d).with_context(|| format!("cannot list {}", d.display()))?
        {
            let entry = entry?;
            if entry.file_type()?.is_dir() && !is_leftover(&entry.file_name().to_string_lossy()) {
                // Build output of generated crates is not generated content.
                if entry.file_name() != "target" {
                    stack.push(entry.path());
                }
            } else {
                out.push(entry.path());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A streamed file is compared without being held: the same bytes are `Same`, a longer or
    /// shorter old file or other bytes `Differs` (saying whether the old file holds a carriage
    /// return), no file `Missing`; the writing stops at the first differing buffer, and a
    /// failure of the writing itself is an error.
    #[test]
    fn streamed_files_compare_one_buffer_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("model.json");
        let text: String = (0..200_000).map(|i| format!("line {i}\n")).collect();
        std::fs::write(&path, &text).unwrap();
        let written = std::sync::atomic::AtomicUsize::new(0);
        let write_text = |text: String| {
            let written = &written;
            move |w: &mut dyn std::io::Write| -> Result<()> {
                written.store(0, std::sync::atomic::Ordering::SeqCst);
                for line in text.split_inclusive('\n') {
                    w.write_all(line.as_bytes())?;
                    written.fetch_add(line.len(), std::sync::atomic::Ordering::SeqCst);
                }
                Ok(())
            }
        };
        let compare = |new: String| compare_stream(&path, &write_text(new)).unwrap();
        assert_eq!(compare(text.clone()), StreamComparison::Same);
        let differs = StreamComparison::Differs;
        assert_eq!(compare(format!("{text}more\n")), differs);
        assert_eq!(compare(text[..text.len() - 1].to_string()), differs);
        // The first byte differs: the writing stops after the first buffer (64 KiB).
        assert_eq!(compare(format!("L{}", &text[1..])), differs);
        let at_stop = written.load(std::sync::atomic::Ordering::SeqCst);
        assert!(at_stop < 70 * 1024 && text.len() > 1_000_000, "{at_stop}");
        // New carriage returns are left to the text comparison, which normalises them.
        assert_eq!(compare(text.replace('\n', "\r\n")), differs);
        std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
        assert_eq!(compare(text.clone()), differs);
        let missing = dir.path().join("none.json");
        assert_eq!(
            compare_stream(&missing, &write_text(text.clone())).unwrap(),
            StreamComparison::Missing
        );
        let failing =
            |_: &mut dyn std::io::Write| -> Result<()> { anyhow::bail!("lowering failed") };
        std::fs::write(&path, &text).unwrap();
        let err = compare_stream(&path, &failing).unwrap_err();
        assert_eq!(err.to_string(), "lowering failed");
    }

    #[test]
    fn a_streamed_file_is_rendered_once_and_staged_from_its_first_difference() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let settings = Settings {
            root: root.to_path_buf(),
            config: root.join("apiscrape.toml"),
            mode: Mode::Write,
            strict: false,
            progress: false,
            cache_dir: None,
        };
        let rel = Path::new(GENERATED_DIR).join("api/model.json");
        std::fs::create_dir_all(root.join("generated/api")).unwrap();
        let text: String = (0..100_000).map(|i| format!("line {i}\n")).collect();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let writing = |text: String| {
            let calls = &calls;
            move |w: &mut dyn std::io::Write| -> Result<()> {
                calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                Ok(w.write_all(text.as_bytes())?)
            }
        };
        let edited = text.replace("line 70000\n", "line 70000 edited\n");
        let stale = || FileStatus::Stale {
            diff: String::new(),
        };
        let crlf = text.replace('\n', "\r\n");
        // Old file, new text, status, how often rendered, what is staged.
        type Case = (Option<String>, String, FileStatus, usize, Option<String>);
        let cases: Vec<Case> = vec![
            (
                Some(text.clone()),
                text.clone(),
                FileStatus::Unchanged,
                1,
                None,
            ),
            (
                Some(text.clone()),
                edited.clone(),
                stale(),
                1,
                Some(edited.clone()),
            ),
            // A beginning of the old file; the old file with more.
            (
                Some(text.clone()),
                text[..300_000].into(),
                stale(),
                1,
                Some(text[..300_000].into()),
            ),
            (
                Some(text.clone()),
                format!("{text}more\n"),
                stale(),
                1,
                Some(format!("{text}more\n")),
            ),
            (
                None,
                text.clone(),
                FileStatus::Missing,
                1,
                Some(text.clone()),
            ),
            // Line endings alone are no change: the text comparison tells (a second rendering).
            (
                Some(crlf.clone()),
                text.clone(),
                FileStatus::Unchanged,
                2,
                None,
            ),
            (Some(crlf), edited.clone(), stale(), 2, Some(edited.clone())),
            // A new carriage return after the first difference: normalised all the same.
            (
                Some(text.clone()),
                edited.replace("line 90000\n", "line 90000\r\n"),
                stale(),
                2,
                Some(edited.clone()),
            ),
        ];
        for (i, (old, new, status, renders, staged)) in cases.into_iter().enumerate() {
            let path = root.join(&rel);
            match &old {
                Some(old) => std::fs::write(&path, old).unwrap(),
                None => {
                    let _ = std::fs::remove_file(&path);
                }
            }
            calls.store(0, std::sync::atomic::Ordering::SeqCst);
            let outputs = Outputs::new(&settings);
            let write = writing(new.clone());
            outputs
                .put(&rel, pipeline::Contents::Stream(&write))
                .unwrap();
            let (staging, statuses) = outputs.finish();
            assert_eq!(statuses[&rel], status, "case {i}");
            assert_eq!(
                calls.load(std::sync::atomic::Ordering::SeqCst),
                renders,
                "case {i}"
            );
            let in_staging = staging
                .as_ref()
                .map(|s| s.path().join("api/model.json"))
                .filter(|p| p.exists())
                .map(|p| std::fs::read_to_string(p).unwrap());
            assert_eq!(in_staging.is_some(), staged.is_some(), "case {i}");
            assert!(in_staging == staged, "case {i}: staged text differs");
        }
    }

    #[test]
    fn ensure_file_contents_writes_only_on_change_and_checks() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b.txt");
        assert_eq!(
            ensure_file_contents(&path, "x\n", Mode::Check).unwrap(),
            FileStatus::Missing
        );
        assert!(!path.exists(), "check mode never writes");
        assert_eq!(
            ensure_file_contents(&path, "x\n", Mode::Write).unwrap(),
            FileStatus::Written
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x\n");
        let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert_eq!(
            ensure_file_contents(&path, "x\r\n", Mode::Write).unwrap(),
            FileStatus::Unchanged
        );
        assert_eq!(std::fs::metadata(&path).unwrap().modified().unwrap(), mtime);
        match ensure_file_contents(&path, "y\n", Mode::Check).unwrap() {
            FileStatus::Stale { diff } => {
                assert!(diff.contains("-x\n+y\n"), "{diff}");
            }
            other => panic!("expected stale, got {other:?}"),
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "x\n");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, ["b.txt"], "no temporary files are left behind");
    }

    #[test]
    fn diffs_are_capped() {
        let old: String = (0..500).map(|i| format!("{i}\n")).collect();
        let new: String = (0..500).map(|i| format!("{}\n", i * 2)).collect();
        let d = unified_diff(&old, &new, Path::new("f"), 20);
        assert_eq!(d.lines().count(), 21);
        assert!(d.ends_with("more diff lines not shown)\n"), "{d}");
    }
}
