//! File stamps: what a file's metadata says about its bytes, as git's index uses it.
//!
//! A [`Stamp`] is a file's device, inode, size, modification time and status-change time.
//! The cache keeps the digest of a file's bytes beside the stamp it had when they were read,
//! and takes the digest again without reading the file while the stamp is the same. That is
//! sound once the stamp is [settled](Stamp::settled): any write after the reading moves the
//! file's mtime and ctime (the ctime cannot be set back by any tool, unlike the mtime), and
//! both were far enough in the past when it was read that the file system's timestamp
//! granularity cannot hide a later write. A stamp that is not settled is not kept, so the file
//! is read again next time.

use std::fs::Metadata;
use std::time::{SystemTime, UNIX_EPOCH};

/// How far in the past a stamp's times must lie to be settled, on a file system with
/// sub-second timestamps: a few clock ticks of the kernel's coarse clock, with room to spare.
const FINE_MARGIN_NS: i128 = 50_000_000;
/// The same where timestamps have whole seconds only (FAT keeps mtimes in 2 s steps).
const COARSE_MARGIN_NS: i128 = 2_000_000_000;

/// A file's device, inode, size, mtime and ctime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    /// The stamp of a file's metadata (`None` where the platform has no inodes and ctimes).
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        meta.is_file().then(|| Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.size(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// The stamp of a file's metadata (`None` where the platform has no inodes and ctimes).
    #[cfg(not(unix))]
    pub fn of(_: &Metadata) -> Option<Stamp> {
        None
    }

    /// The stamp of the file at `path` (symlinks followed), if it is a file.
    pub fn of_path(path: &std::path::Path) -> Option<Stamp> {
        Stamp::of(&std::fs::metadata(path).ok()?)
    }

    /// Whether a write after `read_at` (when the file's bytes were read, after its stamp was
    /// taken) is bound to change the stamp: its mtime and ctime lie before `read_at` by more
    /// than the timestamp granularity (2 s when both have no sub-second part, as on file
    /// systems that keep whole seconds; else 50 ms).
    pub fn settled(&self, read_at: SystemTime) -> bool {
        let Ok(now) = read_at.duration_since(UNIX_EPOCH) else {
            return false;
        };
        let now = i128::from(now.as_secs()) * 1_000_000_000 + i128::from(now.subsec_nanos());
        let ns = |(s, n): (i64, i64)| i128::from(s) * 1_000_000_000 + i128::from(n);
        let margin = if self.mtime.1 == 0 && self.ctime.1 == 0 {
            COARSE_MARGIN_NS
        } else {
            FINE_MARGIN_NS
        };
        ns(self.mtime).max(ns(self.ctime)) + margin < now
    }

    /// The stamp as text: seven numbers separated by spaces.
    pub fn to_text(&self) -> String {
        format!(
            "{} {} {} {} {} {} {}",
            self.dev, self.ino, self.len, self.mtime.0, self.mtime.1, self.ctime.0, self.ctime.1
        )
    }

    /// The stamp [`Stamp::to_text`] wrote; `None` for anything else.
    pub fn from_text(text: &str) -> Option<Stamp> {
        Stamp::from_fields(text.split(' '))
    }

    /// [`Stamp::from_text`] of the text's fields (split at single spaces).
    pub fn from_fields<'a>(mut fields: impl Iterator<Item = &'a str>) -> Option<Stamp> {
        let mut next = || fields.next()?.parse::<i64>().ok();
        let stamp = Stamp {
            dev: u64::try_from(next()?).ok()?,
            ino: u64::try_from(next()?).ok()?,
            len: u64::try_from(next()?).ok()?,
            mtime: (next()?, next()?),
            ctime: (next()?, next()?),
        };
        fields.next().is_none().then_some(stamp)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_stamp_changes_with_the_bytes_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html");
        std::fs::write(&path, "one").unwrap();
        let stamp = Stamp::of_path(&path).unwrap();
        assert_eq!(Stamp::from_text(&stamp.to_text()), Some(stamp));
        assert_eq!(Stamp::from_text(&format!("{} 1", stamp.to_text())), None);
        assert_eq!(Stamp::from_text("1 2 3"), None);
        // Same size, written again in place: the ctime (and mtime) move.
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, "two").unwrap();
        assert_ne!(Stamp::of_path(&path), Some(stamp));
        assert_eq!(Stamp::of_path(&dir.path().join("none")), None);
        assert_eq!(Stamp::of_path(dir.path()), None, "a folder has no stamp");
    }

    #[test]
    fn a_stamp_is_settled_only_when_its_times_are_past_the_granularity() {
        let at = |s: i64, n: i64| Stamp {
            dev: 1,
            ino: 2,
            len: 3,
            mtime: (s, n),
            ctime: (s, n),
        };
        let time = |s: u64, n: u32| UNIX_EPOCH + Duration::new(s, n);
        assert!(at(100, 5).settled(time(100, 60_000_000)));
        assert!(!at(100, 5).settled(time(100, 40_000_000)));
        // Whole seconds: two seconds must have passed.
        assert!(!at(100, 0).settled(time(101, 500_000_000)));
        assert!(at(100, 0).settled(time(102, 1)));
        // The later of the two times counts.
        let mut stamp = at(100, 5);
        stamp.ctime = (200, 5);
        assert!(!stamp.settled(time(150, 0)));
    }
}
