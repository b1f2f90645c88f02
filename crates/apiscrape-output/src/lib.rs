//! All-or-nothing output: every file apiscrape writes goes through this crate.
//!
//! - [`write_file`] replaces one file atomically: the bytes go to a temporary sibling named
//!   `.apiscrape-tmp-<name>-<pid>-<n>`, which is then renamed over the file. A reader (or a
//!   kill) sees the old or the new file, never a part of one.
//! - [`Staging`] replaces a folder as a whole. The complete new folder is built as a sibling,
//!   `.apiscrape-staging-<name>-<pid>`: new files are written, unchanged files and files we
//!   did not produce are hard links to the old ones (so they keep inode, mode and mtime).
//!   [`Staging::commit`] then swaps it in: on Linux one `renameat2(RENAME_EXCHANGE)`, elsewhere
//!   (or where the file system refuses it) the old folder is renamed to
//!   `.apiscrape-old-<name>-<pid>` and the new one renamed in. A kill at any moment leaves the
//!   old or the new folder: [`Staging::begin`] removes leftovers of dead runs and, when a run
//!   died between the two renames, moves the old folder back.
//!
//! A folder replaced again and again (`generate`'s `generated/`) can be staged in a **spare**
//! ([`Staging::begin_in_spare`]): the folder the last commit swapped out, kept (for example in
//! the cache) instead of removed. It already holds hard links to most of the files, so staging
//! touches only what changed since: a file of the spare is kept only when it *is* the old
//! folder's file (same device and inode), anything else is replaced, and what the new folder
//! does not hold is pruned before the swap. Nothing is trusted by name or content, so a spare
//! left half-updated by a killed run, or edited by hand, costs time, never correctness. A lock
//! file keeps two runs out of one spare (the second stages beside the folder as usual).
//!
//! Permissions: a new file gets what the umask gives (0644 under umask 022), as a file created
//! by any other tool; a rewritten file (and a folder replaced as a whole) keeps its mode.
//!
//! Cache folders (those holding a `CACHEDIR.TAG`, like cargo's `target/`) are not copied into
//! the staging folder: they are moved over after the swap, so a kill can at worst lose a
//! build cache, never output.
//!
//! ```no_run
//! use apiscrape_output::Staging;
//! let mut staging = Staging::begin("out/docs".as_ref())?;
//! staging.link_existing(&|rel| rel == std::path::Path::new("index.html"))?;
//! staging.write("index.html".as_ref(), b"<html></html>\n")?;
//! staging.commit(&mut |_point| {})?;
//! # Ok::<(), apiscrape_output::Error>(())
//! ```

use std::fs::{self, OpenOptions, Permissions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Every temporary or staging name this crate creates starts with this.
pub const OWN_PREFIX: &str = ".apiscrape-";
const TMP_PREFIX: &str = ".apiscrape-tmp-";
const STAGING_PREFIX: &str = ".apiscrape-staging-";
const OLD_PREFIX: &str = ".apiscrape-old-";

/// A file-system operation that failed, with the path it was about.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {}", path.display())]
pub struct Error {
    /// What was being done ("write", "create folder", ...).
    pub action: &'static str,
    /// The path.
    pub path: PathBuf,
    /// The cause.
    #[source]
    pub source: io::Error,
}

/// Result of this crate's operations.
pub type Result<T> = std::result::Result<T, Error>;

fn at<T>(r: io::Result<T>, action: &'static str, path: &Path) -> Result<T> {
    r.map_err(|source| Error {
        action,
        path: path.to_path_buf(),
        source,
    })
}

/// Whether a file name is a leftover of ours: `.apiscrape-tmp-*`, `.apiscrape-staging-*` or
/// `.apiscrape-old-*`.
pub fn is_own_leftover(name: &str) -> bool {
    name.starts_with(OWN_PREFIX)
}

/// Whether a file name has the shape of a `tempfile` temporary (`.tmp` + 6 letters or digits),
/// the names earlier apiscrape versions left behind when killed while writing.
pub fn is_legacy_temp(name: &str) -> bool {
    name.len() == 10
        && name.starts_with(".tmp")
        && name[4..].bytes().all(|b| b.is_ascii_alphanumeric())
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// Replaces `path` with `bytes` atomically (temporary sibling + rename), creating parent
/// folders. A new file gets the umask's mode; an existing file keeps its mode. A symlink is
/// followed: the file it points to is replaced.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    write_file_parts(path, &[bytes])
}

/// [`write_file`] of the bytes of `parts` one after another, without joining them first.
pub fn write_file_parts(path: &Path, parts: &[&[u8]]) -> Result<()> {
    let path = resolve_symlink(path)?;
    let dir = parent_of(&path);
    at(fs::create_dir_all(&dir), "create folder", &dir)?;
    let name = path.file_name().ok_or_else(|| Error {
        action: "write",
        path: path.clone(),
        source: io::Error::new(io::ErrorKind::InvalidInput, "not a file name"),
    })?;
    // Short enough for NAME_MAX whatever the file's name.
    let short: String = name.to_string_lossy().chars().take(100).collect();
    let tmp = dir.join(format!(
        "{TMP_PREFIX}{short}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let perm = fs::metadata(&path).ok().map(|m| m.permissions());
    let result = at(write_new(&tmp, parts, perm), "write", &tmp)
        .and_then(|()| at(fs::rename(&tmp, &path), "replace", &path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes temporaries [`write_file`] left next to `path` when a run writing it was killed.
pub fn remove_stale_temps_of(path: &Path) -> Result<()> {
    let dir = parent_of(path);
    let Some(name) = path.file_name() else {
        return Ok(());
    };
    let short: String = name.to_string_lossy().chars().take(100).collect();
    let prefix = format!("{TMP_PREFIX}{short}-");
    let Ok(entries) = fs::read_dir(&dir) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let entry_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = entry_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| !is_alive(p)) {
            at(fs::remove_file(entry.path()), "remove", &entry.path())?;
        }
    }
    Ok(())
}

fn write_new(path: &Path, parts: &[&[u8]], perm: Option<Permissions>) -> io::Result<()> {
    // `create_new` with the default mode 0o666: the kernel applies the umask.
    let file = OpenOptions::new().write(true).create_new(true).open(path)?;
    let mut writer = io::BufWriter::with_capacity(64 * 1024, file);
    for part in parts {
        writer.write_all(part)?;
    }
    let file = writer.into_inner().map_err(|e| e.into_error())?;
    if let Some(perm) = perm {
        file.set_permissions(perm)?;
    }
    Ok(())
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Runs `work` on every path of `paths` on a few threads, each folder's paths on one thread:
/// creating or removing names in a folder takes the folder's lock, so threads working in the
/// same folder wait for each other. Folders go to the least loaded thread, largest first.
fn by_folder_on_threads(
    paths: &[&Path],
    work: &(dyn Fn(&Path) -> Result<()> + Sync),
) -> Result<()> {
    let mut folders: std::collections::HashMap<&Path, Vec<&Path>> = Default::default();
    for path in paths {
        folders
            .entry(path.parent().unwrap_or(Path::new("")))
            .or_default()
            .push(path);
    }
    let mut folders: Vec<(&Path, Vec<&Path>)> = folders.into_iter().collect();
    // Largest first; by name among equals, so that the split does not depend on hashing.
    folders.sort_unstable_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(paths.len().div_ceil(256))
        .min(folders.len())
        .max(1);
    let mut shares: Vec<Vec<&Path>> = vec![Vec::new(); threads];
    for (_, paths) in folders {
        let least = shares
            .iter_mut()
            .min_by_key(|share| share.len())
            .expect("at least one thread");
        least.extend(paths);
    }
    std::thread::scope(|scope| {
        let workers: Vec<_> = shares
            .iter()
            .map(|share| scope.spawn(move || share.iter().try_for_each(|path| work(path))))
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

/// Makes `to` (which must not exist) a copy of the folder `from` made of hard links to its
/// files (and copies of its links), the files of different folders on different threads.
fn link_tree(from: &Path, to: &Path) -> Result<()> {
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let dir = from.join(&rel);
        let made = to.join(&rel);
        at(fs::create_dir(&made), "create folder", &made)?;
        for entry in at(fs::read_dir(&dir), "list", &dir)? {
            let entry = at(entry, "list", &dir)?;
            let child = rel.join(entry.file_name());
            let kind = at(entry.file_type(), "list", &dir)?;
            if kind.is_dir() {
                stack.push(child);
            } else if kind.is_symlink() {
                copy_symlink(&entry.path(), &to.join(&child))?;
            } else {
                files.push(child);
            }
        }
    }
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    by_folder_on_threads(&paths, &|rel| link_or_copy(&from.join(rel), &to.join(rel)))
}

/// Removes the folder `dir` and everything in it, the files of different folders on
/// different threads ([`by_folder_on_threads`]).
fn remove_tree(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in at(fs::read_dir(&d), "list", &d)? {
            let entry = at(entry, "list", &d)?;
            if at(entry.file_type(), "list", &d)?.is_dir() {
                stack.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    by_folder_on_threads(&paths, &|path| at(fs::remove_file(path), "remove", path))?;
    // Only folders are left.
    at(fs::remove_dir_all(dir), "remove the replaced folder", dir)
}

fn resolve_symlink(path: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => at(fs::canonicalize(path), "resolve", path),
        _ => Ok(path.to_path_buf()),
    }
}

/// Whether process `pid` may still be running (so its staging folder is not stale). Without
/// `/proc` every other process counts as gone.
fn is_alive(pid: u32) -> bool {
    pid != std::process::id()
        && Path::new("/proc/self").exists()
        && Path::new("/proc").join(pid.to_string()).exists()
}

/// What [`Staging::write`] or [`Staging::keep`] did with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// New bytes were written.
    Written,
    /// The old file was kept (linked into the new folder).
    Unchanged,
}

/// A new version of a folder, built beside it and swapped in by [`Staging::commit`]. Dropped
/// without a commit, it is removed and the folder stays as it was.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    parent: PathBuf,
    name: String,
    dir: PathBuf,
    old_exists: bool,
    caches: Vec<PathBuf>,
    exchange: bool,
    done: bool,
    /// Set when `dir` is a spare kept from an earlier commit.
    spare: Option<Spare>,
}

/// The state of a spare staging folder ([`Staging::begin_in_spare`]).
#[derive(Debug)]
struct Spare {
    /// `<spare>.lock`, locked exclusively while the spare is in use.
    _lock: fs::File,
    /// Every path staged (files, and folders made by [`Staging::link_existing`]): the rest
    /// of the spare is pruned before the swap.
    staged: std::collections::HashSet<PathBuf>,
}

impl Staging {
    /// Starts replacing folder `target` (which may not exist yet): cleans leftovers of killed
    /// runs for it (moving the old folder back if a run died between its renames), then
    /// creates the empty staging folder with the old folder's mode.
    pub fn begin(target: &Path) -> Result<Staging> {
        let (parent, name, target, old_exists) = start(target)?;
        let dir = parent.join(format!("{STAGING_PREFIX}{name}-{}", std::process::id()));
        if dir.exists() {
            at(fs::remove_dir_all(&dir), "remove", &dir)?;
        }
        at(fs::create_dir(&dir), "create folder", &dir)?;
        Staging::new(parent, name, target, old_exists, dir, None)
    }

    /// [`Staging::begin`], but the new folder is built in `spare`: the folder a commit of this
    /// staging swapped out last time, kept there instead of removed (see the module docs).
    /// When `spare` is on another file system than `target`, or another run holds it, the
    /// staging folder is made beside `target` as [`Staging::begin`] does.
    pub fn begin_in_spare(target: &Path, spare: &Path) -> Result<Staging> {
        let (parent, name, target, old_exists) = start(target)?;
        let Some((lock, spare)) = claim_spare(&parent, &target, spare) else {
            return Staging::begin(&target);
        };
        match fs::symlink_metadata(&spare) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                at(fs::remove_file(&spare), "remove", &spare)?;
                at(fs::create_dir(&spare), "create folder", &spare)?;
            }
            Err(_) => at(fs::create_dir(&spare), "create folder", &spare)?,
        }
        let spare_state = Spare {
            _lock: lock,
            staged: std::collections::HashSet::new(),
        };
        Staging::new(parent, name, target, old_exists, spare, Some(spare_state))
    }

    fn new(
        parent: PathBuf,
        name: String,
        target: PathBuf,
        old_exists: bool,
        dir: PathBuf,
        spare: Option<Spare>,
    ) -> Result<Staging> {
        if old_exists {
            let perm = at(fs::metadata(&target), "read", &target)?.permissions();
            at(fs::set_permissions(&dir, perm), "set permissions of", &dir)?;
        }
        Ok(Staging {
            target,
            parent,
            name,
            dir,
            old_exists,
            caches: Vec::new(),
            exchange: true,
            done: false,
            spare,
        })
    }

    /// Whether the new folder is being built in a spare ([`Staging::begin_in_spare`]).
    pub fn in_spare(&self) -> bool {
        self.spare.is_some()
    }

    /// Uses two renames instead of `RENAME_EXCHANGE` (to test the portable path).
    pub fn without_exchange(mut self) -> Self {
        self.exchange = false;
        self
    }

    /// The folder being built; write into it directly or through [`Staging::write`].
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The folder that will be replaced (symlinks resolved).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Links every file of the old folder into the staging folder (copying where hard links
    /// are refused), except paths for which `skip(relative path)` holds, our own leftovers
    /// and cache folders (moved over at commit). Folders keep their mode; files staged before
    /// may be there already (skip them). Iterative: the depth of the old tree does not matter.
    pub fn link_existing(&mut self, skip: &dyn Fn(&Path) -> bool) -> Result<()> {
        if !self.old_exists {
            return Ok(());
        }
        let in_spare = self.spare.is_some();
        let mut staged = Vec::new();
        let mut stack = vec![PathBuf::new()];
        while let Some(rel) = stack.pop() {
            let from_dir = self.target.join(&rel);
            for entry in at(fs::read_dir(&from_dir), "list", &from_dir)? {
                let entry = at(entry, "list", &from_dir)?;
                let name = entry.file_name();
                let child = rel.join(&name);
                if is_own_leftover(&name.to_string_lossy()) || skip(&child) {
                    continue;
                }
                let from = entry.path();
                let to = self.dir.join(&child);
                let kind = at(entry.file_type(), "read", &from)?;
                if kind.is_dir() {
                    if from.join("CACHEDIR.TAG").exists() {
                        self.caches.push(child);
                        continue;
                    }
                    // Files written before the link may have made the folder already; in a
                    // spare, an old file may stand in its way.
                    match fs::create_dir(&to) {
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && to.is_dir() => {}
                        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && in_spare => {
                            at(fs::remove_file(&to), "remove", &to)?;
                            at(fs::create_dir(&to), "create folder", &to)?;
                        }
                        result => at(result, "create folder", &to)?,
                    }
                    let perm = at(fs::metadata(&from), "read", &from)?.permissions();
                    at(fs::set_permissions(&to, perm), "set permissions of", &to)?;
                    stack.push(child.clone());
                } else if in_spare && spare_holds(&from, &to)? {
                    // The spare's entry is this very file already.
                } else if kind.is_symlink() {
                    copy_symlink(&from, &to)?;
                } else {
                    link_or_copy(&from, &to)?;
                }
                if in_spare {
                    staged.push(child);
                }
            }
        }
        if let Some(spare) = &mut self.spare {
            spare.staged.extend(staged);
        }
        Ok(())
    }

    /// Writes `bytes` as `rel` in the new folder, with the mode of the old file if there was
    /// one (else the umask's). Replaces whatever was staged there.
    pub fn write(&mut self, rel: &Path, bytes: &[u8]) -> Result<FileStatus> {
        let to = self.staged_path(rel)?;
        let perm = fs::metadata(self.target.join(rel))
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.permissions());
        at(write_new(&to, &[bytes], perm), "write", &to)?;
        Ok(FileStatus::Written)
    }

    /// Keeps the old folder's file `rel` as it is (a hard link: same bytes, mode and mtime).
    /// Without an old file there is nothing to keep: an error.
    pub fn keep(&mut self, rel: &Path) -> Result<FileStatus> {
        let to = self.staged_path(rel)?;
        link_or_copy(&self.target.join(rel), &to)?;
        Ok(FileStatus::Unchanged)
    }

    /// [`Staging::keep`] of every file of `rels`: their folders are made once each, and the
    /// links are made on a few threads (a keep is a single link when nothing is staged there
    /// yet; a file staged already is replaced, as `keep` does).
    pub fn keep_all(&mut self, rels: &[&Path]) -> Result<()> {
        let mut folders = std::collections::BTreeSet::new();
        for rel in rels {
            check_inside(rel)?;
            folders.insert(rel.parent().unwrap_or(Path::new("")));
        }
        for folder in folders {
            let dir = self.dir.join(folder);
            if fs::create_dir_all(&dir).is_err() && self.spare.is_some() {
                make_folders(&self.dir, folder)?;
            }
            at(fs::create_dir_all(&dir), "create folder", &dir)?;
        }
        if let Some(spare) = &mut self.spare {
            spare
                .staged
                .extend(rels.iter().map(|rel| rel.to_path_buf()));
        }
        let in_spare = self.spare.is_some();
        let (target, dir) = (&self.target, &self.dir);
        let keep = |rel: &Path| -> Result<()> {
            let (from, to) = (target.join(rel), dir.join(rel));
            if in_spare {
                return if spare_holds(&from, &to)? {
                    Ok(())
                } else {
                    link_or_copy(&from, &to)
                };
            }
            match fs::hard_link(&from, &to) {
                Ok(()) => Ok(()),
                // Staged already (by a write before): replaced, as `keep` does.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    at(fs::remove_file(&to), "remove", &to)?;
                    link_or_copy(&from, &to)
                }
                Err(_) => link_or_copy(&from, &to),
            }
        };
        by_folder_on_threads(rels, &keep)
    }

    /// Stages `bytes` as `rel`: keeps the old file when its bytes are the same, else writes.
    pub fn put(&mut self, rel: &Path, bytes: &[u8]) -> Result<FileStatus> {
        let old = self.target.join(rel);
        if fs::symlink_metadata(&old).is_ok_and(|m| m.is_file())
            && fs::read(&old).is_ok_and(|b| b == bytes)
        {
            self.keep(rel)
        } else {
            self.write(rel, bytes)
        }
    }

    /// Opens `rel` in the new folder for writing piece by piece (see [`StagedFile`]), so a
    /// large file never has to be in memory whole. [`StagedFile::finish`] ends it: when its
    /// bytes turn out to be those of the old file, the old file is kept instead (as
    /// [`Staging::put`] does). Replaces whatever was staged there.
    pub fn create(&mut self, rel: &Path) -> Result<StagedFile> {
        let to = self.staged_path(rel)?;
        let old_path = self.target.join(rel);
        let old = fs::symlink_metadata(&old_path)
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| Some((fs::File::open(&old_path).ok()?, m)));
        let perm = old.as_ref().map(|(_, m)| m.permissions());
        let file = at(
            OpenOptions::new().write(true).create_new(true).open(&to),
            "write",
            &to,
        )?;
        Ok(StagedFile {
            writer: Some(io::BufWriter::with_capacity(64 * 1024, file)),
            to,
            old_path,
            old: old.map(|(f, m)| OldFile {
                reader: io::BufReader::with_capacity(64 * 1024, f),
                len: m.len(),
                same: true,
                scratch: Vec::new(),
            }),
            written: 0,
            perm,
        })
    }

    /// The staging path of `rel`, with parent folders created and nothing staged there yet
    /// (in a spare: nothing there at all, so a write never reaches a file the old folder
    /// shares).
    fn staged_path(&mut self, rel: &Path) -> Result<PathBuf> {
        check_inside(rel)?;
        let to = self.dir.join(rel);
        let dir = parent_of(&to);
        if let Some(spare) = &mut self.spare {
            spare.staged.insert(rel.to_path_buf());
            if fs::create_dir_all(&dir).is_err() {
                make_folders(&self.dir, rel.parent().unwrap_or(Path::new("")))?;
            }
            clear(&to)?;
            return Ok(to);
        }
        at(fs::create_dir_all(&dir), "create folder", &dir)?;
        if fs::symlink_metadata(&to).is_ok() {
            at(fs::remove_file(&to), "remove", &to)?;
        }
        Ok(to)
    }

    /// In a spare, removes what the new folder does not hold: files and links not staged,
    /// folders with nothing staged in them (unless staged themselves).
    fn prune_spare(&self) -> Result<()> {
        let Some(spare) = &self.spare else {
            return Ok(());
        };
        let mut folders: std::collections::HashSet<&Path> = std::collections::HashSet::new();
        for rel in &spare.staged {
            let mut above = rel.parent();
            while let Some(folder) = above.filter(|f| !f.as_os_str().is_empty()) {
                if !folders.insert(folder) {
                    break;
                }
                above = folder.parent();
            }
        }
        let (mut files, mut trees) = (Vec::new(), Vec::new());
        let mut stack = vec![PathBuf::new()];
        while let Some(rel) = stack.pop() {
            let dir = self.dir.join(&rel);
            for entry in at(fs::read_dir(&dir), "list", &dir)? {
                let entry = at(entry, "list", &dir)?;
                let child = rel.join(entry.file_name());
                if at(entry.file_type(), "list", &dir)?.is_dir() {
                    if folders.contains(child.as_path()) || spare.staged.contains(&child) {
                        stack.push(child);
                    } else {
                        trees.push(entry.path());
                    }
                } else if !spare.staged.contains(&child) {
                    files.push(entry.path());
                }
            }
        }
        let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        by_folder_on_threads(&paths, &|path| at(fs::remove_file(path), "remove", path))?;
        trees.iter().try_for_each(|tree| remove_tree(tree))
    }

    /// Swaps the staged folder in, moves cache folders over, removes the old folder (in a
    /// spare: keeps it as the next spare, after pruning what the new folder does not hold; a
    /// folder that did not exist gets a spare of hard links to its files).
    /// `hook` is called after each step that changes what the target path holds ("staged",
    /// "exchanged" or "moved old away" + "renamed in", "caches moved", "old removed" or "old
    /// kept as the spare"), so tests can stop the process at each of them.
    pub fn commit(mut self, hook: &mut dyn FnMut(&'static str)) -> Result<()> {
        self.prune_spare()?;
        hook("staged");
        if !self.old_exists {
            at(
                fs::rename(&self.dir, &self.target),
                "rename into",
                &self.target,
            )?;
            self.done = true;
            hook("renamed in");
            if self.spare.is_some() {
                // The next run's spare: the new folder's files, linked. Only a cache: what
                // fails is left for the next run to mend.
                let _ = link_tree(&self.target, &self.dir);
            }
            return Ok(());
        }
        let old_at = if self.exchange && exchange(&self.dir, &self.target) {
            self.done = true;
            hook("exchanged");
            self.dir.clone()
        } else {
            let old = self
                .parent
                .join(format!("{OLD_PREFIX}{}-{}", self.name, std::process::id()));
            at(fs::rename(&self.target, &old), "move away", &self.target)?;
            hook("moved old away");
            if let Err(e) = fs::rename(&self.dir, &self.target) {
                // Put the old folder back before reporting.
                let _ = fs::rename(&old, &self.target);
                return at(Err(e), "rename into", &self.target);
            }
            self.done = true;
            hook("renamed in");
            old
        };
        for rel in &self.caches {
            let to = self.target.join(rel);
            // A cache is only a cache: if it cannot be moved it goes with the old folder.
            if to.parent().is_some_and(Path::exists) && !to.exists() {
                let _ = fs::rename(old_at.join(rel), &to);
            }
        }
        if !self.caches.is_empty() {
            hook("caches moved");
        }
        // In a spare the old folder stays, as the next run's spare (a rename back where the
        // two-rename swap moved it away); otherwise it goes.
        if self.spare.is_some() && (old_at == self.dir || fs::rename(&old_at, &self.dir).is_ok()) {
            hook("old kept as the spare");
            return Ok(());
        }
        remove_tree(&old_at)?;
        hook("old removed");
        Ok(())
    }
}

/// The old file a [`StagedFile`] is compared with while it is written.
#[derive(Debug)]
struct OldFile {
    reader: io::BufReader<fs::File>,
    len: u64,
    /// Whether every byte written so far equals the old file's.
    same: bool,
    /// The old bytes matching the last write.
    scratch: Vec<u8>,
}

/// A file of a [`Staging`] folder written piece by piece ([`Staging::create`]): it implements
/// [`io::Write`], and [`StagedFile::finish`] completes it. While it is written it is compared
/// with the old folder's file of the same name (one buffer at a time), so an unchanged file is
/// kept as the old file (same inode, mode and mtime) without holding either in memory.
/// Dropped without `finish`, the partial file is removed (the folder then lacks it, and a
/// commit would not carry half a file).
#[derive(Debug)]
pub struct StagedFile {
    writer: Option<io::BufWriter<fs::File>>,
    to: PathBuf,
    old_path: PathBuf,
    old: Option<OldFile>,
    written: u64,
    perm: Option<Permissions>,
}

impl io::Write for StagedFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let Some(writer) = self.writer.as_mut() else {
            return Err(io::Error::other("the staged file is finished"));
        };
        let n = writer.write(buf)?;
        if let Some(old) = self.old.as_mut().filter(|o| o.same) {
            old.scratch.resize(n, 0);
            old.same = self.written + n as u64 <= old.len
                && io::Read::read_exact(&mut old.reader, &mut old.scratch).is_ok()
                && old.scratch == buf[..n];
        }
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.writer.as_mut() {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }
}

impl StagedFile {
    /// Completes the file: flushed, given the old file's mode (else the umask's), or, when its
    /// bytes are exactly the old file's, replaced by the old file itself.
    pub fn finish(mut self) -> Result<FileStatus> {
        let Some(writer) = self.writer.take() else {
            return Ok(FileStatus::Written);
        };
        let to = self.to.clone();
        let file = writer
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|file| {
                if let Some(perm) = self.perm.clone() {
                    file.set_permissions(perm)?;
                }
                Ok(file)
            });
        let result = at(file, "write", &to);
        if let Err(e) = result {
            let _ = fs::remove_file(&to);
            return Err(e);
        }
        let unchanged = self
            .old
            .as_ref()
            .is_some_and(|o| o.same && o.len == self.written);
        if unchanged {
            at(fs::remove_file(&to), "remove", &to)?;
            link_or_copy(&self.old_path, &to)?;
            return Ok(FileStatus::Unchanged);
        }
        Ok(FileStatus::Written)
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = fs::remove_file(&self.to);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A spare stays: whatever it holds is checked again by the next run.
        if !self.done && self.spare.is_none() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Locates folder `target` (see [`locate`]), undoes what killed runs left for it
/// ([`recover`]) and tells whether it exists: (parent, name, target, exists). An error when
/// `target` is not a folder.
fn start(target: &Path) -> Result<(PathBuf, String, PathBuf, bool)> {
    let (parent, name) = locate(target)?;
    let target = parent.join(&name);
    recover(&parent, &name, &target)?;
    let old_exists = match fs::metadata(&target) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(Error {
                action: "replace",
                path: target,
                source: io::Error::new(io::ErrorKind::AlreadyExists, "it is not a folder"),
            })
        }
        Err(_) => false,
    };
    Ok((parent, name, target, old_exists))
}

/// Locks `spare` (through `<spare>.lock`) when it can be the staging folder of the folder
/// `target` in `parent`: on the same file system, neither inside the other, and not in use
/// by another run (`flock`). Gives the lock and the spare's canonical path; `None`
/// otherwise.
#[cfg(target_os = "linux")]
fn claim_spare(parent: &Path, target: &Path, spare: &Path) -> Option<(fs::File, PathBuf)> {
    use std::os::unix::fs::MetadataExt;
    let holder = spare.parent()?;
    fs::create_dir_all(holder).ok()?;
    let holder = fs::canonicalize(holder).ok()?;
    let spare = holder.join(spare.file_name()?);
    if spare.starts_with(target) || target.starts_with(&spare) {
        return None;
    }
    if fs::metadata(&holder).ok()?.dev() != fs::metadata(parent).ok()?.dev() {
        return None;
    }
    let mut lock_name = spare.file_name()?.to_os_string();
    lock_name.push(".lock");
    let lock = OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(holder.join(lock_name))
        .ok()?;
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive).ok()?;
    Some((lock, spare))
}

#[cfg(not(target_os = "linux"))]
fn claim_spare(_: &Path, _: &Path, _: &Path) -> Option<(fs::File, PathBuf)> {
    None
}

/// Whether two entries are the same file (device and inode).
#[cfg(unix)]
fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &fs::Metadata, _: &fs::Metadata) -> bool {
    false
}

/// Makes every component of `rel` under `root` a folder, removing a file (or link) in the
/// way: in a spare, an old file can stand where the new folder has a folder.
fn make_folders(root: &Path, rel: &Path) -> Result<()> {
    let mut path = root.to_path_buf();
    for component in rel.components() {
        path.push(component);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => continue,
            Ok(_) => at(fs::remove_file(&path), "remove", &path)?,
            Err(_) => {}
        }
        at(fs::create_dir(&path), "create folder", &path)?;
    }
    Ok(())
}

/// In a spare: whether `to` is the file (or link) `from` already; else clears `to` so that
/// `from` can be linked or copied there.
fn spare_holds(from: &Path, to: &Path) -> Result<bool> {
    if let Ok(there) = fs::symlink_metadata(to) {
        if !there.is_dir() && fs::symlink_metadata(from).is_ok_and(|f| same_file(&f, &there)) {
            return Ok(true);
        }
        clear(to)?;
    }
    Ok(false)
}

/// Removes whatever is at `path` (a file, a link or a whole folder); nothing there is fine.
fn clear(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => remove_tree(path),
        Ok(_) => at(fs::remove_file(path), "remove", path),
        Err(_) => Ok(()),
    }
}

/// The canonical parent folder and the name of folder `target` (symlinks resolved; `.`
/// named by its canonical path); creates the parent.
fn locate(target: &Path) -> Result<(PathBuf, String)> {
    let mut target = resolve_symlink(target)?;
    if target.file_name().is_none() {
        target = at(fs::canonicalize(&target), "resolve", &target)?;
    }
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Err(Error {
            action: "replace",
            path: target,
            source: io::Error::new(io::ErrorKind::InvalidInput, "not a folder name"),
        });
    };
    let parent = parent_of(&target);
    at(fs::create_dir_all(&parent), "create folder", &parent)?;
    let parent = at(fs::canonicalize(&parent), "resolve", &parent)?;
    Ok((parent, name))
}

/// Undoes what a killed run left for folder `target`: if the folder is missing because the
/// run died between its two renames, the old folder is moved back; staging and old folders
/// of dead runs are removed. Call it before reading the folder ([`Staging::begin`] does too).
pub fn recover_folder(target: &Path) -> Result<()> {
    let (parent, name) = locate(target)?;
    let target = parent.join(&name);
    recover(&parent, &name, &target)
}

/// Removes leftovers of dead runs for folder `name` in `parent`; if the folder is missing and
/// a run died after moving it away, moves it back first.
fn recover(parent: &Path, name: &str, target: &Path) -> Result<()> {
    let staging = format!("{STAGING_PREFIX}{name}-");
    let old = format!("{OLD_PREFIX}{name}-");
    let mut stale_old = Vec::new();
    let mut stale_staging = Vec::new();
    for entry in at(fs::read_dir(parent), "list", parent)? {
        let entry = at(entry, "list", parent)?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let dead = |rest: &str| rest.parse::<u32>().is_ok_and(|pid| !is_alive(pid));
        if file_name.strip_prefix(&old).is_some_and(dead) {
            stale_old.push(entry.path());
        } else if file_name.strip_prefix(&staging).is_some_and(dead) {
            stale_staging.push(entry.path());
        }
    }
    stale_old.sort();
    if fs::symlink_metadata(target).is_err() {
        if let Some(old) = stale_old.pop() {
            at(fs::rename(&old, target), "restore", target)?;
        }
    }
    for path in stale_old.iter().chain(&stale_staging) {
        at(remove_any(path), "remove", path)?;
    }
    Ok(())
}

fn remove_any(path: &Path) -> io::Result<()> {
    if fs::symlink_metadata(path)?.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    }
}

/// An error unless `rel` is a relative path that stays inside its folder.
fn check_inside(rel: &Path) -> Result<()> {
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err(Error {
            action: "write",
            path: rel.to_path_buf(),
            source: io::Error::new(io::ErrorKind::InvalidInput, "path leaves the folder"),
        });
    }
    Ok(())
}

fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    at(fs::copy(from, to), "copy", from).map(|_| ())
}

#[cfg(unix)]
fn copy_symlink(from: &Path, to: &Path) -> Result<()> {
    let link = at(fs::read_link(from), "read link", from)?;
    at(std::os::unix::fs::symlink(link, to), "create link", to)
}

#[cfg(not(unix))]
fn copy_symlink(from: &Path, to: &Path) -> Result<()> {
    at(fs::copy(from, to), "copy", from).map(|_| ())
}

/// Atomically swaps two folders; false where the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

#[cfg(all(test, unix))]
mod tests;
