//! Helpers shared by the CLI's test binaries: the `apiscrape` binary as a command, and a copy
//! of the project to run it on. What the whole workspace shares (its root, the seed pages,
//! `copy_dir`) comes from apiscrape-test-support.
#![allow(dead_code, reason = "each test binary uses a part of these helpers")]

use apiscrape_test_support::{copy_dir, workspace_root, Seed};
use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The `apiscrape` binary of this build, run from the workspace root, with the test hooks
/// (`APISCRAPE_TEST_CRASH_AT`, `APISCRAPE_TEST_NO_EXCHANGE`) removed from its environment,
/// stdin empty and stdout and stderr captured.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_apiscrape"));
    c.current_dir(workspace_root())
        .env_remove("APISCRAPE_TEST_CRASH_AT")
        .env_remove("APISCRAPE_TEST_NO_EXCHANGE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

/// Runs `apiscrape args` as [`bin`] sets it up.
pub fn apiscrape(args: &[&str]) -> Output {
    bin()
        .args(args)
        .output()
        .expect("the apiscrape binary runs")
}

/// `sh -c 'umask <mask>; exec apiscrape <args>'`, from the workspace root and without the
/// test hooks, as [`bin`] runs it.
pub fn apiscrape_with_umask(mask: &str, args: &[&str]) -> Output {
    Command::new("sh")
        .current_dir(workspace_root())
        .arg("-c")
        .arg(format!("umask {mask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_apiscrape"))
        .args(args)
        .env_remove("APISCRAPE_TEST_CRASH_AT")
        .env_remove("APISCRAPE_TEST_NO_EXCHANGE")
        .output()
        .expect("sh runs")
}

/// The permission bits of `path`.
pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// What a run wrote to stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Replaces `from` (which must occur once) by `to` in the page `page` of `project`.
pub fn edit_page(project: &Path, page: &str, from: &str, to: &str) {
    let path = project.join(page);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{page}: fixture changed");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Changes one description of the RamBase seed page in `project` (`Phone identifier` ->
/// `Phone line identifier`), so the RamBase API's model and outputs change.
pub fn change_rambase_seed(project: &Path) {
    edit_page(
        project,
        Seed::RamBase.page(),
        "Phone identifier\n",
        "Phone line identifier\n",
    );
}

/// A copy of the project in a temporary folder: `apiscrape.toml`, `input-docs/` and the
/// committed `generated/`.
pub fn project() -> tempfile::TempDir {
    let root = workspace_root();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("apiscrape.toml"),
        dir.path().join("apiscrape.toml"),
    )
    .unwrap();
    copy_dir(&root.join("input-docs"), &dir.path().join("input-docs"));
    copy_dir(&root.join("generated"), &dir.path().join("generated"));
    dir
}

/// Every file under the project's `generated/`: path relative to it -> bytes.
pub fn generated_tree(project: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let base = project.join("generated");
    let mut out = BTreeMap::new();
    let mut stack = vec![base.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(&base).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}
