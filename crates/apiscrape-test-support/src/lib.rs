//! Fixtures and helpers shared by the workspace's test binaries. A dev-dependency only: no
//! crate lists it under `[dependencies]`, it is never published, and it depends on the model
//! alone (a tidy test in `crates/apiscrape/tests/tidy.rs` checks all three).
//!
//! **Seed models.** `fixtures/models/rambase-seed.json` and `caliber-seed.json` are exactly
//! what the parser makes of each seed page alone ([`Seed::page`]), byte for byte as
//! `apiscrape parse <page>` prints it when run from the workspace root: the finished model
//! (operation ids set), pretty JSON, one final newline. Source names inside the model are the
//! page's path relative to the workspace root, `/`-separated
//! (`input-docs/rambase/000_13e24b9fa5804726.txt`), as `cargo xtask codegen` names pages, so the
//! files do not depend on where the checkout is. Tests of apiscrape-parse compare them with
//! the parser's output (re-bless with [`BLESS_ENV`]); the emitters' tests read them through
//! [`seed_model`], so there is one copy of each seed model and it cannot drift from the parser.

use apiscrape_model::{Api, FinishedApi};
use std::path::{Path, PathBuf};

/// The workspace root (the folder of the top `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent()
        .and_then(Path::parent)
        .expect("crates/apiscrape-test-support is two levels below the workspace root")
        .to_path_buf()
}

/// The two seed pages of the project, each with its committed model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    /// The RamBase seed page (rendering A, text copied from the documentation site).
    RamBase,
    /// The ASP.NET Help Page seed (a text capture of a Caliber API page).
    Caliber,
}

impl Seed {
    /// Both seeds.
    pub const ALL: [Seed; 2] = [Seed::RamBase, Seed::Caliber];

    /// `rambase-seed` or `caliber-seed`: the fixture's file stem.
    pub const fn name(self) -> &'static str {
        match self {
            Seed::RamBase => "rambase-seed",
            Seed::Caliber => "caliber-seed",
        }
    }

    /// The seed page, relative to the workspace root (also its source name in the model).
    pub const fn page(self) -> &'static str {
        match self {
            Seed::RamBase => "input-docs/rambase/000_13e24b9fa5804726.txt",
            Seed::Caliber => "input-docs/caliber/002_b021f0c3a362c962.txt",
        }
    }

    /// The committed model of the seed page, relative to the workspace root.
    pub fn fixture(self) -> String {
        format!("{SEED_MODELS}/{}.json", self.name())
    }

    /// The committed model of the seed page, as an absolute path.
    pub fn fixture_path(self) -> PathBuf {
        workspace_root().join(self.fixture())
    }
}

/// The folder of the seed models, relative to the workspace root.
pub const SEED_MODELS: &str = "crates/apiscrape-test-support/fixtures/models";

/// The committed model of `seed` (what the parser makes of its page alone).
pub fn seed_model(seed: Seed) -> Api {
    load_model(&seed.fixture_path())
}

/// A model JSON file (a fixture, a `generated/<api>/model.json`); panics naming the file.
pub fn load_model(path: &Path) -> Api {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `api` finished, as the CLI hands it to the emitters; panics on a finishing error.
pub fn finished(api: &Api) -> FinishedApi {
    apiscrape_model::finish(api.clone()).unwrap_or_else(|e| panic!("{e}"))
}

/// The generated APIs: every `<api>` with a committed `generated/<api>/model.json`, in name
/// order.
pub fn generated_apis() -> Vec<String> {
    let root = workspace_root().join("generated");
    let mut apis: Vec<String> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|api| root.join(api).join("model.json").is_file())
        .collect();
    apis.sort();
    apis
}

/// The committed models of the generated APIs: `(api, model)` for each of [`generated_apis`].
pub fn generated_models() -> Vec<(String, Api)> {
    let root = workspace_root().join("generated");
    generated_apis()
        .into_iter()
        .map(|api| {
            let model = load_model(&root.join(&api).join("model.json"));
            (api, model)
        })
        .collect()
}

/// Copies the folder `from` to `to` (created), recursively; folders named `target` (build
/// output) are left out.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
        }
    }
}

/// The folder of third-party pages read in place: `APISCRAPE_SHARED` when set (the build
/// scripts of apiscrape-parse and apiscrape read the same variable), else `../shared` beside
/// the checkout.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("APISCRAPE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared"))
}

/// The folder `rel` of [`shared_dir`] (`conformance/aspnet-html`), or `None` after printing
/// `skipped: ../shared/<rel> missing (looked in <path>)` when it is not there. With `CI` set
/// a missing folder is a failure instead: CI has the pages.
pub fn shared_or_skip(rel: &str) -> Option<PathBuf> {
    let dir = shared_dir().join(rel);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/{rel} missing (looked in {}); it is required when CI is set",
        dir.display()
    );
    eprintln!(
        "skipped: ../shared/{rel} missing (looked in {})",
        dir.display()
    );
    None
}

/// The environment variable that makes [`assert_file_is`] rewrite the committed file.
pub const BLESS_ENV: &str = "APISCRAPE_BLESS";

/// Asserts that the committed file `path` holds exactly `actual`. On a difference it panics
/// with a unified diff (committed -> actual) and `bless`, the command that re-blesses the file;
/// with [`BLESS_ENV`] set to anything but `0` it writes `actual` to `path` instead.
pub fn assert_file_is(path: &Path, actual: &str, bless: &str) {
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed == actual {
        return;
    }
    if std::env::var_os(BLESS_ENV).is_some_and(|v| v != "0") {
        std::fs::write(path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        eprintln!("blessed {}", path.display());
        return;
    }
    let name = path.display().to_string();
    let diff = similar::TextDiff::from_lines(&committed, actual)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (committed)"), &format!("{name} (actual)"))
        .to_string();
    panic!(
        "{name} is not what the test made:\n{diff}\nIf the change is intended, re-bless it with `{BLESS_ENV}=1 {bless}` and review the diff."
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_shared_folder_is_skipped_or_under_ci_a_failure() {
        let result = std::panic::catch_unwind(|| shared_or_skip("no/such/folder"));
        match std::env::var_os("CI") {
            None => assert_eq!(result.unwrap(), None),
            Some(_) => assert!(result.is_err()),
        }
    }

    #[test]
    fn a_committed_file_that_differs_fails_with_a_diff_and_the_bless_command() {
        if std::env::var_os(BLESS_ENV).is_some() {
            return;
        }
        let path = std::env::temp_dir().join(format!("apiscrape-golden-{}", std::process::id()));
        std::fs::write(&path, "a\nb\nc\n").unwrap();
        assert_file_is(&path, "a\nb\nc\n", "bless me");
        let err = std::panic::catch_unwind(|| assert_file_is(&path, "a\nB\nc\n", "bless me"))
            .unwrap_err();
        let message = err.downcast_ref::<String>().unwrap();
        assert!(message.contains("-b\n+B\n"), "{message}");
        assert!(
            message.contains("`APISCRAPE_BLESS=1 bless me`"),
            "{message}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a\nb\nc\n");
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn every_seed_has_its_page_and_its_model() {
        for seed in Seed::ALL {
            assert!(workspace_root().join(seed.page()).is_file(), "{seed:?}");
            let model = seed_model(seed);
            assert_eq!(model.operations.len(), 1, "{seed:?}");
        }
    }
}
