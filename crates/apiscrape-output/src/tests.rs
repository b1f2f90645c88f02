//! Unit tests: staging, swap, recovery of killed runs, modes kept.

use super::*;
use std::os::unix::fs::{MetadataExt, PermissionsExt};

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// An old folder: `same.txt`, `changed.txt` (mode 0640), `sub/extra.txt` (not produced),
/// a cache folder `target/` and a leftover of a killed run.
fn old_folder(root: &Path) -> PathBuf {
    let out = root.join("out");
    fs::create_dir_all(out.join("sub")).unwrap();
    fs::create_dir_all(out.join("target/debug")).unwrap();
    fs::write(
        out.join("target/CACHEDIR.TAG"),
        "Signature: 8a477f597d28d172789f06886806bc55",
    )
    .unwrap();
    fs::write(out.join("target/debug/big"), "cache").unwrap();
    fs::write(out.join("same.txt"), "same\n").unwrap();
    fs::write(out.join("changed.txt"), "old\n").unwrap();
    fs::set_permissions(out.join("changed.txt"), Permissions::from_mode(0o640)).unwrap();
    fs::write(out.join("sub/extra.txt"), "mine\n").unwrap();
    fs::write(out.join(".apiscrape-tmp-x-1-0"), "junk").unwrap();
    out
}

fn replace(out: &Path, exchange: bool) -> Vec<&'static str> {
    let mut staging = Staging::begin(out).unwrap();
    if !exchange {
        staging = staging.without_exchange();
    }
    let produced = ["same.txt", "changed.txt", "new/file.txt"];
    staging
        .link_existing(&|rel| produced.iter().any(|p| rel == Path::new(p)))
        .unwrap();
    assert_eq!(
        staging.put("same.txt".as_ref(), b"same\n").unwrap(),
        FileStatus::Unchanged
    );
    assert_eq!(
        staging.put("changed.txt".as_ref(), b"new\n").unwrap(),
        FileStatus::Written
    );
    assert_eq!(
        staging.put("new/file.txt".as_ref(), b"n\n").unwrap(),
        FileStatus::Written
    );
    // Nothing visible before the commit.
    assert_eq!(read(&out.join("changed.txt")), "old\n");
    assert!(!out.join("new").exists());
    let mut points = Vec::new();
    staging.commit(&mut |p| points.push(p)).unwrap();
    points
}

/// `root_names`: what the folder holding `out` holds after the commit.
fn check_replaced(root: &Path, root_names: &[&str], out: &Path, inode_before: u64) {
    assert_eq!(names(root), root_names, "no staging or old folder is left");
    assert_eq!(read(&out.join("changed.txt")), "new\n");
    assert_eq!(
        fs::metadata(out.join("changed.txt"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o640,
        "a rewritten file keeps its mode"
    );
    assert_eq!(read(&out.join("new/file.txt")), "n\n");
    assert_eq!(
        read(&out.join("sub/extra.txt")),
        "mine\n",
        "files we did not produce are kept"
    );
    assert_eq!(
        read(&out.join("target/debug/big")),
        "cache",
        "caches are moved over"
    );
    assert_eq!(
        fs::metadata(out.join("same.txt")).unwrap().ino(),
        inode_before,
        "an unchanged file is the same file"
    );
    assert!(
        !out.join(".apiscrape-tmp-x-1-0").exists(),
        "our leftovers are dropped"
    );
}

#[test]
fn a_folder_is_replaced_as_a_whole_with_exchange() {
    let root = tempfile::tempdir().unwrap();
    let out = old_folder(root.path());
    let inode = fs::metadata(out.join("same.txt")).unwrap().ino();
    let points = replace(&out, true);
    assert_eq!(
        points,
        ["staged", "exchanged", "caches moved", "old removed"]
    );
    check_replaced(root.path(), &["out"], &out, inode);
}

#[test]
fn a_folder_is_replaced_as_a_whole_with_two_renames() {
    let root = tempfile::tempdir().unwrap();
    let out = old_folder(root.path());
    let inode = fs::metadata(out.join("same.txt")).unwrap().ino();
    let points = replace(&out, false);
    assert_eq!(
        points,
        [
            "staged",
            "moved old away",
            "renamed in",
            "caches moved",
            "old removed"
        ]
    );
    check_replaced(root.path(), &["out"], &out, inode);
}

#[test]
fn a_new_folder_is_renamed_in() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("a/b");
    let mut staging = Staging::begin(&out).unwrap();
    staging.put("x".as_ref(), b"1").unwrap();
    let mut points = Vec::new();
    staging.commit(&mut |p| points.push(p)).unwrap();
    assert_eq!(points, ["staged", "renamed in"]);
    assert_eq!(read(&out.join("x")), "1");
    assert_eq!(names(&root.path().join("a")), ["b"]);
}

#[test]
fn an_abandoned_staging_changes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let out = old_folder(root.path());
    let mut staging = Staging::begin(&out).unwrap();
    staging.link_existing(&|_| false).unwrap();
    staging.write("changed.txt".as_ref(), b"new\n").unwrap();
    drop(staging);
    assert_eq!(names(root.path()), ["out"]);
    assert_eq!(read(&out.join("changed.txt")), "old\n");
}

#[test]
fn a_run_killed_between_the_renames_is_undone_and_leftovers_removed() {
    let root = tempfile::tempdir().unwrap();
    let out = old_folder(root.path());
    // As a run (pid 4294967, not alive) leaves it after "moved old away".
    fs::rename(&out, root.path().join(".apiscrape-old-out-4294967")).unwrap();
    fs::create_dir(root.path().join(".apiscrape-staging-out-4294967")).unwrap();
    fs::write(root.path().join(".apiscrape-staging-out-4294967/half"), "x").unwrap();
    // Someone else's file with a similar name stays.
    fs::write(root.path().join(".apiscrape-old-outer"), "other").unwrap();
    let staging = Staging::begin(&out).unwrap();
    drop(staging);
    assert_eq!(names(root.path()), [".apiscrape-old-outer", "out"]);
    assert_eq!(
        read(&out.join("changed.txt")),
        "old\n",
        "the old folder is back"
    );
}

#[test]
fn write_file_is_atomic_keeps_the_mode_and_leaves_no_temporary() {
    let root = tempfile::tempdir().unwrap();
    let path = root.path().join("d/f.yaml");
    write_file(&path, b"one").unwrap();
    fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
    write_file(&path, b"two").unwrap();
    assert_eq!(read(&path), "two");
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o640
    );
    assert_eq!(names(&root.path().join("d")), ["f.yaml"]);
    // A temporary of a killed run (dead pid) is removed; another file's is not.
    fs::write(root.path().join("d/.apiscrape-tmp-f.yaml-4294967-3"), "x").unwrap();
    fs::write(root.path().join("d/.apiscrape-tmp-g.yaml-4294967-3"), "x").unwrap();
    remove_stale_temps_of(&path).unwrap();
    assert_eq!(
        names(&root.path().join("d")),
        [".apiscrape-tmp-g.yaml-4294967-3", "f.yaml"]
    );
}

#[test]
fn staged_paths_cannot_leave_the_folder() {
    let root = tempfile::tempdir().unwrap();
    let mut staging = Staging::begin(&root.path().join("o")).unwrap();
    assert!(staging.write("../x".as_ref(), b"").is_err());
    assert!(staging.write("/x".as_ref(), b"").is_err());
}

#[test]
fn legacy_temporaries_are_recognised() {
    assert!(is_legacy_temp(".tmpAb12Cd"));
    assert!(!is_legacy_temp(".tmpAb12C"));
    assert!(!is_legacy_temp(".tmp-b12Cd"));
    assert!(!is_legacy_temp("tmpAb12Cde"));
}

/// Writes `parts` one after another into a file opened with [`Staging::create`].
fn stream(staging: &mut Staging, rel: &str, parts: &[&[u8]]) -> FileStatus {
    let mut file = staging.create(rel.as_ref()).unwrap();
    for part in parts {
        io::Write::write_all(&mut file, part).unwrap();
    }
    file.finish().unwrap()
}

#[test]
fn streamed_files_are_compared_with_the_old_ones_piece_by_piece() {
    let root = tempfile::tempdir().unwrap();
    let out = old_folder(root.path());
    fs::write(out.join("long.txt"), "abcdef").unwrap();
    fs::write(out.join("short.txt"), "abc").unwrap();
    let inode = fs::metadata(out.join("same.txt")).unwrap().ino();
    let mut staging = Staging::begin(&out).unwrap();
    staging.link_existing(&|_| false).unwrap();
    // The same bytes in pieces: the old file is kept (same inode).
    assert_eq!(
        stream(&mut staging, "same.txt", &[b"sa", b"", b"me\n"]),
        FileStatus::Unchanged
    );
    // Different bytes keep the old file's mode.
    assert_eq!(
        stream(&mut staging, "changed.txt", &[b"ne", b"w\n"]),
        FileStatus::Written
    );
    // A prefix of the old file, and the old file followed by more, are both changes.
    assert_eq!(
        stream(&mut staging, "long.txt", &[b"abc"]),
        FileStatus::Written
    );
    assert_eq!(
        stream(&mut staging, "short.txt", &[b"abc", b"d"]),
        FileStatus::Written
    );
    assert_eq!(
        stream(&mut staging, "new/deep/file.txt", &[b"n", b"\n"]),
        FileStatus::Written
    );
    // A file abandoned half-way is not left in the folder.
    let mut half = staging.create("half.txt".as_ref()).unwrap();
    io::Write::write_all(&mut half, &[b'x'; 100_000]).unwrap();
    drop(half);
    staging.commit(&mut |_| {}).unwrap();
    assert_eq!(fs::metadata(out.join("same.txt")).unwrap().ino(), inode);
    assert_eq!(read(&out.join("changed.txt")), "new\n");
    assert_eq!(
        fs::metadata(out.join("changed.txt"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o640
    );
    assert_eq!(read(&out.join("long.txt")), "abc");
    assert_eq!(read(&out.join("short.txt")), "abcd");
    assert_eq!(read(&out.join("new/deep/file.txt")), "n\n");
    assert_eq!(read(&out.join("sub/extra.txt")), "mine\n");
    assert!(!out.join("half.txt").exists());
    assert_eq!(names(root.path()), ["out"]);
}

#[test]
fn a_streamed_file_is_not_visible_before_the_commit() {
    let root = tempfile::tempdir().unwrap();
    let out = old_folder(root.path());
    let mut staging = Staging::begin(&out).unwrap();
    staging.link_existing(&|_| false).unwrap();
    assert_eq!(
        stream(&mut staging, "changed.txt", &[b"new\n"]),
        FileStatus::Written
    );
    assert_eq!(read(&out.join("changed.txt")), "old\n");
    drop(staging);
    assert_eq!(read(&out.join("changed.txt")), "old\n");
    assert_eq!(names(root.path()), ["out"]);
}

#[test]
fn files_staged_before_the_old_tree_is_linked_stay_and_the_rest_is_linked() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("generated");
    fs::create_dir_all(target.join("api/docs")).unwrap();
    fs::write(target.join("api/docs/a.md"), "old a\n").unwrap();
    fs::write(target.join("api/docs/b.md"), "old b\n").unwrap();
    fs::write(target.join("api/model.json"), "{}\n").unwrap();
    let mut staging = Staging::begin(&target).unwrap();
    staging
        .write(Path::new("api/docs/a.md"), b"new a\n")
        .unwrap();
    staging
        .link_existing(&|rel| rel == Path::new("api/docs/a.md"))
        .unwrap();
    staging.commit(&mut |_| {}).unwrap();
    let read = |rel: &str| fs::read_to_string(target.join(rel)).unwrap();
    assert_eq!(read("api/docs/a.md"), "new a\n");
    assert_eq!(read("api/docs/b.md"), "old b\n");
    assert_eq!(read("api/model.json"), "{}\n");
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["generated"]);
}

/// A file written in parts holds them one after another (an empty part included), replaces
/// the old file atomically and leaves no temporary beside it.
#[test]
fn a_file_written_in_parts_holds_them_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("entry");
    std::fs::write(&path, "old").unwrap();
    let big = vec![b'x'; 200_000];
    crate::write_file_parts(&path, &[b"head\n", b"", &big, b"\ntail"]).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(bytes.len(), 5 + 200_000 + 5);
    assert!(bytes.starts_with(b"head\nxxx") && bytes.ends_with(b"xxx\ntail"));
    assert_eq!(names(dir.path()), ["entry"]);
}

/// `keep_all` over many files in several folders (so on several threads, each folder on one):
/// every file is the old file (the same inode, a file staged before included, as `keep`
/// does), and the commit removes the replaced tree with its nested folders.
#[test]
fn kept_files_of_many_folders_are_the_old_files_and_the_old_tree_goes() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("generated");
    let mut rels = Vec::new();
    for folder in [
        "api/docs/operations",
        "api/docs/types",
        "api/rust/src",
        "api",
    ] {
        fs::create_dir_all(target.join(folder)).unwrap();
        let count = if folder == "api" { 2 } else { 300 };
        for i in 0..count {
            let rel = PathBuf::from(format!("{folder}/f{i}.txt"));
            fs::write(target.join(&rel), format!("{}\n", rel.display())).unwrap();
            rels.push(rel);
        }
    }
    let inodes: Vec<u64> = rels
        .iter()
        .map(|rel| fs::metadata(target.join(rel)).unwrap().ino())
        .collect();
    let mut staging = Staging::begin(&target).unwrap();
    staging
        .write(Path::new("api/docs/types/f7.txt"), b"staged\n")
        .unwrap();
    staging
        .write(Path::new("api/new/only.txt"), b"new\n")
        .unwrap();
    let kept: Vec<&Path> = rels.iter().map(PathBuf::as_path).collect();
    staging.keep_all(&kept).unwrap();
    staging.commit(&mut |_| {}).unwrap();
    for (rel, inode) in rels.iter().zip(&inodes) {
        let path = target.join(rel);
        assert_eq!(read(&path), format!("{}\n", rel.display()));
        assert_eq!(
            fs::metadata(&path).unwrap().ino(),
            *inode,
            "{}",
            rel.display()
        );
    }
    assert_eq!(read(&target.join("api/new/only.txt")), "new\n");
    assert_eq!(names(dir.path()), ["generated"], "the old tree is removed");
    assert_eq!(names(&target.join("api/docs/types")).len(), 300);
}

/// Every file and folder under `dir`: relative path -> contents (`None` for a folder).
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Option<String>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                out.insert(rel, None);
                stack.push(path);
            } else {
                out.insert(rel, Some(read(&path)));
            }
        }
    }
    out
}

/// One generation staged in the spare: `produced` are written (when their text differs from
/// the old file) or kept, files not produced are linked; returns the commit points.
fn replace_in_spare(out: &Path, spare: &Path, produced: &[(&str, &str)]) -> Vec<&'static str> {
    let mut staging = Staging::begin_in_spare(out, spare).unwrap();
    assert!(staging.in_spare());
    staging
        .link_existing(&|rel| produced.iter().any(|(p, _)| rel == Path::new(p)))
        .unwrap();
    let mut kept = Vec::new();
    for (rel, text) in produced {
        if fs::read_to_string(out.join(rel)).is_ok_and(|old| old == *text) {
            kept.push(Path::new(rel));
        } else {
            staging.write(rel.as_ref(), text.as_bytes()).unwrap();
        }
    }
    staging.keep_all(&kept).unwrap();
    let mut points = Vec::new();
    staging.commit(&mut |p| points.push(p)).unwrap();
    points
}

/// Staged in a spare, a folder is replaced exactly as without one: the kept files are the old
/// files (same inode), what the spare held from before (a stale copy of a kept file, a file
/// the new folder does not have, a file where the new folder has a folder, a folder where it
/// has a file) is replaced or pruned, and the replaced folder becomes the next spare.
#[test]
fn a_folder_staged_in_a_spare_is_the_new_folder_and_the_old_one_is_the_next_spare() {
    let root = tempfile::tempdir().unwrap();
    let out = old_folder(root.path());
    let spare = root.path().join("cache/spare");
    let inode = fs::metadata(out.join("same.txt")).unwrap().ino();
    let first = [
        ("same.txt", "same\n"),
        ("changed.txt", "new\n"),
        ("new/file.txt", "n\n"),
    ];
    let points = replace_in_spare(&out, &spare, &first);
    assert_eq!(
        points,
        [
            "staged",
            "exchanged",
            "caches moved",
            "old kept as the spare"
        ]
    );
    check_replaced(root.path(), &["cache", "out"], &out, inode);
    assert_eq!(names(&root.path().join("cache")), ["spare", "spare.lock"]);
    assert_eq!(
        tree(&spare),
        [
            ("changed.txt", Some("old\n")),
            ("same.txt", Some("same\n")),
            ("sub", None),
            ("sub/extra.txt", Some("mine\n")),
            (".apiscrape-tmp-x-1-0", Some("junk")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
        .collect(),
        "the spare is the old folder, less the cache moved over"
    );

    // What the spare holds besides: a stale copy of a kept file, a file the next folder does
    // not have, a file where it has a folder and a folder where it has a file.
    fs::remove_file(spare.join("same.txt")).unwrap();
    fs::write(spare.join("same.txt"), "same\n").unwrap();
    fs::write(spare.join("gone.txt"), "gone\n").unwrap();
    fs::write(spare.join("deep"), "a file\n").unwrap();
    fs::create_dir_all(spare.join("flat/inner")).unwrap();
    fs::write(spare.join("flat/inner/x"), "x").unwrap();
    let second = [
        ("same.txt", "same\n"),
        ("changed.txt", "new\n"),
        ("deep/er/file.txt", "deep\n"),
        ("flat", "flat\n"),
    ];
    let inodes: Vec<u64> = ["same.txt", "changed.txt", "sub/extra.txt"]
        .iter()
        .map(|rel| fs::metadata(out.join(rel)).unwrap().ino())
        .collect();
    let points = replace_in_spare(&out, &spare, &second);
    assert_eq!(
        points,
        [
            "staged",
            "exchanged",
            "caches moved",
            "old kept as the spare"
        ]
    );
    assert_eq!(
        tree(&out),
        [
            ("changed.txt", Some("new\n")),
            ("deep", None),
            ("deep/er", None),
            ("deep/er/file.txt", Some("deep\n")),
            ("flat", Some("flat\n")),
            // Not produced this time: kept, as any file we did not produce.
            ("new", None),
            ("new/file.txt", Some("n\n")),
            ("same.txt", Some("same\n")),
            ("sub", None),
            ("sub/extra.txt", Some("mine\n")),
            ("target", None),
            (
                "target/CACHEDIR.TAG",
                Some("Signature: 8a477f597d28d172789f06886806bc55")
            ),
            ("target/debug", None),
            ("target/debug/big", Some("cache")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
        .collect()
    );
    for (rel, inode) in ["same.txt", "changed.txt", "sub/extra.txt"]
        .iter()
        .zip(inodes)
    {
        assert_eq!(fs::metadata(out.join(rel)).unwrap().ino(), inode, "{rel}");
    }
    assert!(
        !tree(&spare).contains_key("deep"),
        "the spare is the first generation again"
    );
    assert_eq!(read(&spare.join("new/file.txt")), "n\n");
}

/// A spare another run holds is not shared: the second staging is made beside the folder,
/// as without a spare. An abandoned staging leaves the folder as it was and its spare for
/// the next run, which still stages the right folder from it.
#[test]
fn a_spare_in_use_is_not_shared_and_an_abandoned_one_is_reused() {
    let root = tempfile::tempdir().unwrap();
    let out = old_folder(root.path());
    let spare = root.path().join("cache/spare");
    let mut first = Staging::begin_in_spare(&out, &spare).unwrap();
    assert!(first.in_spare());
    let second = Staging::begin_in_spare(&out, &spare).unwrap();
    assert!(!second.in_spare());
    assert!(second
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with(".apiscrape-staging-out-"));
    drop(second);
    first.link_existing(&|_| false).unwrap();
    first.write("changed.txt".as_ref(), b"half\n").unwrap();
    drop(first);
    assert_eq!(
        read(&out.join("changed.txt")),
        "old\n",
        "nothing is swapped in"
    );
    assert_eq!(
        read(&spare.join("changed.txt")),
        "half\n",
        "the spare stays"
    );
    let inode = fs::metadata(out.join("same.txt")).unwrap().ino();
    replace_in_spare(
        &out,
        &spare,
        &[
            ("same.txt", "same\n"),
            ("changed.txt", "new\n"),
            ("new/file.txt", "n\n"),
        ],
    );
    check_replaced(root.path(), &["cache", "out"], &out, inode);
}

/// The two-rename swap (where `RENAME_EXCHANGE` is refused) moves the old folder back into the
/// spare's place.
#[test]
fn a_spare_swapped_with_two_renames_is_kept_too() {
    let root = tempfile::tempdir().unwrap();
    let out = old_folder(root.path());
    let spare = root.path().join("cache/spare");
    let mut staging = Staging::begin_in_spare(&out, &spare)
        .unwrap()
        .without_exchange();
    staging
        .link_existing(&|rel| rel == Path::new("changed.txt"))
        .unwrap();
    staging.write("changed.txt".as_ref(), b"new\n").unwrap();
    let mut points = Vec::new();
    staging.commit(&mut |p| points.push(p)).unwrap();
    assert_eq!(
        points,
        [
            "staged",
            "moved old away",
            "renamed in",
            "caches moved",
            "old kept as the spare"
        ]
    );
    assert_eq!(names(root.path()), ["cache", "out"]);
    assert_eq!(read(&out.join("changed.txt")), "new\n");
    assert_eq!(read(&spare.join("changed.txt")), "old\n");
}

/// A folder made anew in a spare gets a spare of hard links to its files, so that the next
/// staging links nothing (and leaves every file's inode, and ctime, as it is).
#[test]
fn a_new_folder_staged_in_a_spare_leaves_a_spare_of_its_files() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let spare = root.path().join("cache/spare");
    let mut staging = Staging::begin_in_spare(&out, &spare).unwrap();
    staging.write("a.txt".as_ref(), b"a\n").unwrap();
    staging.write("sub/deeper/b.txt".as_ref(), b"b\n").unwrap();
    let mut points = Vec::new();
    staging.commit(&mut |p| points.push(p)).unwrap();
    assert_eq!(points, ["staged", "renamed in"]);
    assert_eq!(tree(&spare), tree(&out));
    for rel in ["a.txt", "sub/deeper/b.txt"] {
        let ino = |p: &Path| fs::metadata(p.join(rel)).unwrap().ino();
        assert_eq!(ino(&spare), ino(&out), "{rel}");
    }
    // The next staging finds every kept file in the spare already.
    let ctime = |p: &Path| fs::metadata(p.join("a.txt")).unwrap().ctime_nsec();
    let before = (
        ctime(&out),
        fs::metadata(out.join("a.txt")).unwrap().ctime(),
    );
    std::thread::sleep(std::time::Duration::from_millis(20));
    let points = replace_in_spare(
        &out,
        &spare,
        &[("a.txt", "a\n"), ("sub/deeper/b.txt", "B\n")],
    );
    assert_eq!(points, ["staged", "exchanged", "old kept as the spare"]);
    assert_eq!(
        (
            ctime(&out),
            fs::metadata(out.join("a.txt")).unwrap().ctime()
        ),
        before,
        "the kept file was not linked again"
    );
    assert_eq!(read(&out.join("sub/deeper/b.txt")), "B\n");
    assert_eq!(read(&spare.join("sub/deeper/b.txt")), "b\n");
}
