//! All-or-nothing output: a killed `generate` (at every commit point, and at random moments)
//! leaves the old or the new `generated/` and the re-run gives exactly the uninterrupted
//! result; input errors change nothing on disk; written files respect the umask and keep an
//! existing file's mode.

mod support;

use apiscrape_test_support::{workspace_root as root, Seed};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use support::{apiscrape_with_umask, bin, change_rambase_seed, mode, project, stderr};

const CALIBER_SEED: &str = Seed::Caliber.page();
const RAMBASE_SEED: &str = Seed::RamBase.page();

/// A folder's content: relative path -> bytes (`None` for a folder).
type Tree = BTreeMap<PathBuf, Option<Vec<u8>>>;

/// Every file under `dir` (relative path -> bytes); folders are listed too (as `None`), so an
/// extra empty folder counts as a difference.
fn snapshot(dir: &Path) -> Tree {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            if path.is_dir() {
                out.insert(rel, None);
                stack.push(path);
            } else {
                out.insert(rel, Some(std::fs::read(&path).unwrap()));
            }
        }
    }
    out
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".apiscrape-"))
        .collect()
}

/// A copy of the project whose rambase input changed since `generated/` was written, so the
/// next `generate` bumps the version and adds a changelog entry (the issue 11.3 scenario).
fn changed_project() -> tempfile::TempDir {
    let dir = project();
    change_rambase_seed(dir.path());
    dir
}

/// [`changed_project`] after a generation that staged `generated/` in the cache's spare (it
/// put back a removed file), so the spare holds the tree before it: the next `generate`
/// stages in a spare full of hard links to the files it replaces.
fn changed_project_with_a_spare() -> tempfile::TempDir {
    let dir = project();
    std::fs::remove_file(dir.path().join("generated/rambase/openapi.yaml")).unwrap();
    let out = generate(dir.path(), &[], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let spares = dir.path().join("target/apiscrape-cache/spares");
    assert_eq!(
        std::fs::read_dir(&spares).unwrap().count(),
        2,
        "a spare and its lock"
    );
    change_rambase_seed(dir.path());
    dir
}

fn generate(project: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let config = project.join("apiscrape.toml");
    let mut c = bin();
    c.args(["generate", "--quiet", "--config", config.to_str().unwrap()])
        .args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

/// The old tree, the uninterrupted new tree, and how long an uninterrupted run takes, for
/// projects made by `changed`.
fn old_and_new(changed: fn() -> tempfile::TempDir) -> (Tree, Tree, Duration) {
    let project = changed();
    let old = snapshot(&project.path().join("generated"));
    let started = Instant::now();
    let out = generate(project.path(), &[], &[]);
    let took = started.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let new = snapshot(&project.path().join("generated"));
    assert_ne!(old, new);
    let changelog = |t: &Tree| {
        String::from_utf8(t[Path::new("rambase/CHANGELOG.md")].clone().unwrap()).unwrap()
    };
    assert_eq!(
        changelog(&new).matches("\n## ").count(),
        changelog(&old).matches("\n## ").count() + 1,
        "the uninterrupted run adds one changelog entry"
    );
    (old, new, took)
}

/// Kills `generate` (with `args`) at each commit point in turn, in projects made by
/// `changed`; returns the points' names.
fn kill_at_every_commit_point(
    changed: fn() -> tempfile::TempDir,
    args: &[&str],
    env: &[(&str, &str)],
) -> Vec<String> {
    let (old, new, _) = old_and_new(changed);
    let mut points = Vec::new();
    for n in 1.. {
        let project = changed();
        let at = n.to_string();
        let crash_env: Vec<(&str, &str)> = env
            .iter()
            .copied()
            .chain([("APISCRAPE_TEST_CRASH_AT", at.as_str())])
            .collect();
        let out = generate(project.path(), args, &crash_env);
        if out.status.success() {
            break;
        }
        let err = stderr(&out);
        assert_eq!(out.status.code(), None, "killed by SIGABRT: {err}");
        let point = err
            .lines()
            .find_map(|l| {
                l.strip_prefix(&format!(
                    "APISCRAPE_TEST_CRASH_AT: aborting at commit point {n} ("
                ))
            })
            .unwrap_or_else(|| panic!("no crash message: {err}"))
            .trim_end_matches(')')
            .to_string();
        let generated = project.path().join("generated");
        let now = snapshot(&generated);
        if point == "moved old away" {
            // Between the two renames of the portable path the folder is away; the next run
            // moves it back (checked below by the re-run's result).
            assert!(!generated.exists());
        } else {
            assert!(
                now == old || now == new,
                "after a kill at `{point}` generated/ is neither the old nor the new tree"
            );
        }
        let out = generate(project.path(), &[], &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(
            snapshot(&generated) == new,
            "re-run after a kill at `{point}` differs from the uninterrupted run"
        );
        assert_eq!(leftovers(project.path()), Vec::<String>::new());
        let check = generate(project.path(), &["--check"], &[]);
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
        points.push(point);
    }
    points
}

#[test]
fn generate_killed_at_every_rename_point_reruns_to_the_uninterrupted_result() {
    assert_eq!(
        kill_at_every_commit_point(changed_project, &[], &[]),
        ["staged", "exchanged", "old kept as the spare"]
    );
}

#[test]
fn generate_killed_at_every_rename_point_with_a_full_spare() {
    assert_eq!(
        kill_at_every_commit_point(changed_project_with_a_spare, &[], &[]),
        ["staged", "exchanged", "old kept as the spare"]
    );
}

#[test]
fn generate_without_a_cache_killed_at_every_rename_point() {
    assert_eq!(
        kill_at_every_commit_point(changed_project, &["--no-cache"], &[]),
        ["staged", "exchanged", "old removed"]
    );
}

#[test]
fn generate_killed_at_every_rename_point_of_the_portable_swap() {
    assert_eq!(
        kill_at_every_commit_point(
            changed_project_with_a_spare,
            &[],
            &[("APISCRAPE_TEST_NO_EXCHANGE", "1")]
        ),
        [
            "staged",
            "moved old away",
            "renamed in",
            "old kept as the spare"
        ]
    );
}

/// A small seeded generator (xorshift), so the kill times are reproducible.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn kill_after(mut command: Command, delay: Duration) {
    let mut child = command.spawn().unwrap();
    std::thread::sleep(delay);
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
}

/// Random kills in the default `cargo test`; the `#[ignore]`d `*_many_times` variants (run by
/// `cargo xtask ci`) kill ten times as often, at other moments.
const KILLS: usize = 2;
/// Random kills in the exhaustive variants.
const MANY_KILLS: usize = 20;

#[test]
fn generate_sigkilled_at_random_moments_leaves_old_or_new() {
    generate_sigkilled_at_random_moments(0x5eed_2026, KILLS);
}

#[test]
#[ignore = "slow (minutes): twenty kills; run with cargo xtask ci or cargo test -p apiscrape --test atomic -- --ignored"]
fn generate_sigkilled_at_random_moments_leaves_old_or_new_many_times() {
    generate_sigkilled_at_random_moments(0x5eed_0dd0, MANY_KILLS);
}

fn generate_sigkilled_at_random_moments(seed: u64, kills: usize) {
    let (old, new, took) = old_and_new(changed_project_with_a_spare);
    let mut rng = Rng(seed);
    let mut seen = (0, 0);
    for _ in 0..kills {
        let project = changed_project_with_a_spare();
        let config = project.path().join("apiscrape.toml");
        let mut c = bin();
        c.args(["generate", "--quiet", "--config", config.to_str().unwrap()]);
        let delay = Duration::from_micros(rng.below(took.as_micros() as u64 * 5 / 4));
        kill_after(c, delay);
        let now = snapshot(&project.path().join("generated"));
        assert!(
            now == old || now == new,
            "killed after {delay:?}: generated/ is a mixture"
        );
        if now == old {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
        let out = generate(project.path(), &[], &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(snapshot(&project.path().join("generated")) == new);
        assert_eq!(leftovers(project.path()), Vec::<String>::new());
    }
    eprintln!(
        "random kills: {} left the old tree, {} the new",
        seen.0, seen.1
    );
}

/// `docs` into `<dir>/site`, run from `dir` so the command line (in the headers) is the same
/// whichever `dir`.
fn docs(dir: &Path, page: &str) -> Command {
    let mut c = bin();
    c.current_dir(dir).args([
        "docs",
        "--quiet",
        root().join(page).to_str().unwrap(),
        "-o",
        "site",
    ]);
    c
}

#[test]
fn docs_folder_sigkilled_at_random_moments_is_old_or_new() {
    docs_folder_sigkilled_at_random_moments(42, KILLS);
}

#[test]
#[ignore = "slow (minutes): twenty kills; run with cargo xtask ci or cargo test -p apiscrape --test atomic -- --ignored"]
fn docs_folder_sigkilled_at_random_moments_is_old_or_new_many_times() {
    docs_folder_sigkilled_at_random_moments(0x5eed_d0c5, MANY_KILLS);
}

fn docs_folder_sigkilled_at_random_moments(seed: u64, kills: usize) {
    let expected = tempfile::tempdir().unwrap();
    assert!(docs(expected.path(), RAMBASE_SEED)
        .output()
        .unwrap()
        .status
        .success());
    let new = snapshot(&expected.path().join("site"));
    // How long replacing the folder takes (the old docs, then the new over them).
    assert!(docs(expected.path(), CALIBER_SEED)
        .status()
        .unwrap()
        .success());
    let started = Instant::now();
    assert!(docs(expected.path(), RAMBASE_SEED)
        .status()
        .unwrap()
        .success());
    let took = started.elapsed();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let mut rng = Rng(seed);
    let mut seen = (0, 0);
    for _ in 0..kills {
        assert!(docs(dir.path(), CALIBER_SEED)
            .output()
            .unwrap()
            .status
            .success());
        let old = snapshot(&out);
        // What the new run keeps of the old folder: files it does not produce.
        let mut merged = old.clone();
        merged.extend(new.clone());
        let started = Instant::now();
        kill_after(
            docs(dir.path(), RAMBASE_SEED),
            Duration::from_micros(rng.below(took.as_micros() as u64 * 3 / 2)),
        );
        let now = snapshot(&out);
        assert!(
            now == old || now == merged,
            "killed after {:?}: the docs folder is a mixture",
            started.elapsed()
        );
        if now == old {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
        // The next run cleans up after the killed one and gives the uninterrupted result.
        assert!(docs(dir.path(), RAMBASE_SEED)
            .output()
            .unwrap()
            .status
            .success());
        assert!(snapshot(&out) == merged);
        assert_eq!(leftovers(dir.path()), Vec::<String>::new());
        std::fs::remove_dir_all(&out).unwrap();
    }
    eprintln!(
        "random kills: {} left the old folder, {} the new",
        seen.0, seen.1
    );
}

/// Issue 12: a verb that fails on its input changes nothing on disk.
#[test]
fn input_errors_change_nothing_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let spec = dir.path().join("good.yaml");
    let ok = bin()
        .current_dir(root())
        .args(["openapi", CALIBER_SEED, "-o", spec.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", stderr(&ok));
    let good = std::fs::read(&spec).unwrap();
    let rust_dir = dir.path().join("client");
    let docs_dir = dir.path().join("docs");
    for (verb, out) in [("rust", &rust_dir), ("docs", &docs_dir)] {
        let ok = bin()
            .current_dir(root())
            .args([verb, CALIBER_SEED, "-o", out.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(ok.status.success(), "{}", stderr(&ok));
    }
    let before = snapshot(dir.path());

    let out = bin()
        .args([
            "openapi",
            empty.to_str().unwrap(),
            "-o",
            spec.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!(
            "error: input errors; {} was not written",
            spec.display()
        )),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&spec).unwrap(), good);
    for (verb, out_dir) in [("rust", &rust_dir), ("docs", &docs_dir)] {
        let out = bin()
            .args([
                verb,
                empty.to_str().unwrap(),
                "-o",
                out_dir.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{verb}");
        let err = stderr(&out);
        assert!(!err.contains("written)"), "{verb}: {err}");
        assert!(
            err.contains(&format!(
                "error: input errors; nothing was written to {}",
                out_dir.display()
            )),
            "{verb}: {err}"
        );
    }
    let model = dir.path().join("model.json");
    let out = bin()
        .args([
            "parse",
            empty.to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(snapshot(dir.path()), before, "nothing changed on disk");
}

/// `apiscrape args` under `umask mask` in the workspace root, which must succeed.
fn with_umask(mask: &str, args: &[&str]) -> Output {
    let out = apiscrape_with_umask(mask, args);
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

fn modes(dir: &Path) -> BTreeMap<u32, usize> {
    let mut count = BTreeMap::new();
    for rel in snapshot(dir).keys() {
        *count.entry(mode(&dir.join(rel))).or_default() += 1;
    }
    count
}

/// Issue 12: files get the umask's mode (not tempfile's 0600), a rewritten file keeps its mode.
#[test]
fn written_files_respect_the_umask_and_keep_an_existing_mode() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("api.yaml");
    let s = spec.to_str().unwrap();
    with_umask("022", &["openapi", CALIBER_SEED, "-o", s]);
    assert_eq!(mode(&spec), 0o644);
    let first = std::fs::read(&spec).unwrap();
    std::fs::set_permissions(&spec, std::fs::Permissions::from_mode(0o640)).unwrap();
    with_umask("022", &["openapi", RAMBASE_SEED, "-o", s]);
    assert_ne!(
        std::fs::read(&spec).unwrap(),
        first,
        "the file was rewritten"
    );
    assert_eq!(mode(&spec), 0o640, "a rewritten file keeps its mode");

    let client = dir.path().join("client");
    with_umask(
        "022",
        &["rust", CALIBER_SEED, "-o", client.to_str().unwrap()],
    );
    let counts = modes(&client);
    assert_eq!(
        counts.keys().copied().collect::<Vec<_>>(),
        [0o644, 0o755],
        "{counts:?}"
    );
    assert_eq!(mode(&client), 0o755);

    let site = dir.path().join("site");
    with_umask("027", &["docs", CALIBER_SEED, "-o", site.to_str().unwrap()]);
    let counts = modes(&site);
    assert_eq!(
        counts.keys().copied().collect::<Vec<_>>(),
        [0o640, 0o750],
        "{counts:?}"
    );
    // Rewritten with other content under another umask: every file keeps its mode, and the
    // folder replaced as a whole keeps the folder's.
    std::fs::set_permissions(&site, std::fs::Permissions::from_mode(0o711)).unwrap();
    with_umask("022", &["docs", RAMBASE_SEED, "-o", site.to_str().unwrap()]);
    assert_eq!(mode(&site), 0o711);
    assert_eq!(mode(&site.join("README.md")), 0o640);
}

#[test]
fn generated_files_respect_the_umask() {
    let project = changed_project();
    std::fs::remove_dir_all(project.path().join("generated")).unwrap();
    let config = project.path().join("apiscrape.toml");
    with_umask(
        "022",
        &["generate", "--quiet", "--config", config.to_str().unwrap()],
    );
    let counts = modes(&project.path().join("generated"));
    assert_eq!(
        counts.keys().copied().collect::<Vec<_>>(),
        [0o644, 0o755],
        "{counts:?}"
    );
}

/// Issue 11.3: temporaries a killed run of an earlier version left under `generated/` are
/// ignored by `--check` (with a note) and removed by the next `generate`.
#[test]
fn leftover_temporaries_are_ignored_by_check_and_removed_by_generate() {
    let dir = project();
    let legacy = dir.path().join("generated/rambase/docs/.tmpQx81Za");
    let ours = dir
        .path()
        .join("generated/caliber/.apiscrape-tmp-model.json-4294967-0");
    std::fs::write(&legacy, "half a file").unwrap();
    std::fs::write(&ours, "half a file").unwrap();
    let config = dir.path().join("apiscrape.toml");
    let mut c = bin();
    let check = c
        .args(["generate", "--check", "--config", config.to_str().unwrap()])
        .output()
        .unwrap();
    let err = stderr(&check);
    assert_eq!(check.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: ignoring generated/rambase/docs/.tmpQx81Za: a temporary file of an interrupted run"),
        "{err}"
    );
    let out = generate(dir.path(), &[], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!legacy.exists() && !ours.exists());
}
