//! Codegen freshness and determinism, on the shipped `input-docs/` and `generated/`.

mod support;

use apiscrape::codegen::{self, FileStatus, Mode, Settings};
use apiscrape::config::Config;
use apiscrape::pipeline::Contents;
use apiscrape_test_support::{copy_dir, workspace_root as root};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use support::{change_rambase_seed, generated_tree, project};

fn settings(root: &Path, mode: Mode) -> Settings {
    Settings {
        root: root.to_path_buf(),
        config: root.join("apiscrape.toml"),
        mode,
        strict: false,
        progress: false,
        cache_dir: None,
    }
}

/// `cargo test` alone catches a stale `generated/` (the same check as `cargo xtask codegen --check`).
#[test]
fn generated_is_fresh() {
    let report = codegen::run(&settings(&root(), Mode::Check)).unwrap();
    assert!(!report.is_stale(), "{}", report.describe_differences());
    assert!(report
        .files
        .contains_key(Path::new("generated/rambase/model.json")));
    assert!(report
        .files
        .contains_key(Path::new("generated/caliber/model.json")));
}

/// Changing one line of one input page makes the check fail, naming that API and its files.
#[test]
fn check_fails_naming_the_api_and_files_when_one_input_line_changes() {
    let dir = project();
    change_rambase_seed(dir.path());

    let report = codegen::run(&settings(dir.path(), Mode::Check)).unwrap();
    assert!(report.is_stale());
    assert_eq!(report.stale_apis.iter().collect::<Vec<_>>(), ["rambase"]);
    let stale: Vec<_> = report
        .files
        .iter()
        .filter(|(_, s)| matches!(s, FileStatus::Stale { .. }))
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    assert!(
        stale.contains(&"generated/rambase/model.json".to_string()),
        "{stale:?}"
    );
    assert!(
        stale.iter().all(|p| p.starts_with("generated/rambase/")),
        "{stale:?}"
    );
    let text = report.describe_differences();
    assert!(
        text.contains("+          \"description\": \"Phone line identifier\""),
        "{text}"
    );
    assert!(
        text.ends_with("run `cargo xtask codegen` and commit\n"),
        "{text}"
    );

    // Writing brings it back in line, and a second check passes.
    codegen::run(&settings(dir.path(), Mode::Write)).unwrap();
    assert!(!codegen::run(&settings(dir.path(), Mode::Check))
        .unwrap()
        .is_stale());
}

/// Files the generator did not produce are reported (and fail the check), never deleted.
#[test]
fn extra_files_are_reported_not_deleted() {
    let dir = project();
    let extra = dir.path().join("generated/rambase/notes.txt");
    std::fs::write(&extra, "mine").unwrap();
    let report = codegen::run(&settings(dir.path(), Mode::Write)).unwrap();
    assert_eq!(report.extra, [PathBuf::from("generated/rambase/notes.txt")]);
    assert!(extra.exists());
    assert!(codegen::run(&settings(dir.path(), Mode::Check))
        .unwrap()
        .is_stale());
}

/// One API generated in check mode, with every file its sink was handed (path -> text).
fn generate_files(
    root: &Path,
    api: &apiscrape::config::ApiConfig,
) -> (codegen::Generated, BTreeMap<String, String>) {
    let files = std::sync::Mutex::new(BTreeMap::new());
    let streamed = std::sync::Mutex::new(Vec::new());
    let generated = codegen::generate_api(&settings(root, Mode::Check), api, &|rel, contents| {
        let text = contents.text()?.into_owned();
        if let Contents::Stream(write) = contents {
            // The files as large as the model are streamed, the same bytes on every call.
            let whole_api = ["model.json", "openapi.yaml", "docs/index.html"];
            assert!(whole_api.contains(&rel), "{rel} streamed");
            let mut again = Vec::new();
            write(&mut again)?;
            assert_eq!(again, text.as_bytes(), "{rel}");
            streamed.lock().unwrap().push(rel.to_string());
        }
        let old = files.lock().unwrap().insert(rel.to_string(), text);
        assert!(old.is_none(), "{rel} handed over twice");
        Ok(())
    })
    .unwrap();
    let files = files.into_inner().unwrap();
    let mut streamed = streamed.into_inner().unwrap();
    streamed.sort();
    assert_eq!(streamed, ["docs/index.html", "model.json", "openapi.yaml"]);
    assert_eq!(
        generated.files,
        files.keys().cloned().collect(),
        "the files listed are the files handed over"
    );
    (generated, files)
}

fn generate_all(root: &Path) -> BTreeMap<String, BTreeMap<String, String>> {
    let config = Config::load(&root.join("apiscrape.toml")).unwrap();
    config
        .apis
        .iter()
        .map(|api| (api.name.clone(), generate_files(root, api).1))
        .collect()
}

/// Same input, same bytes: with one thread or all cores, and whatever order files are in.
#[test]
fn output_is_identical_for_any_thread_count_and_file_order() {
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let many = rayon::ThreadPoolBuilder::new()
        .num_threads(8)
        .build()
        .unwrap();
    let a = one_thread.install(|| generate_all(&root()));
    let b = many.install(|| generate_all(&root()));
    assert_eq!(a, b);

    // The same pages written in reverse order into a fresh folder (so directory listing order
    // differs) give the same output.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("apiscrape.toml"),
        dir.path().join("apiscrape.toml"),
    )
    .unwrap();
    // The committed generation decides versions and changelogs, so it comes along.
    copy_dir(&root().join("generated"), &dir.path().join("generated"));
    for api in ["rambase", "caliber"] {
        let from = root().join("input-docs").join(api);
        let to = dir.path().join("input-docs").join(api);
        std::fs::create_dir_all(&to).unwrap();
        let mut names: Vec<_> = std::fs::read_dir(&from)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names.reverse();
        for name in names {
            if from.join(&name).is_dir() {
                copy_dir(&from.join(&name), &to.join(&name));
            } else {
                std::fs::copy(from.join(&name), to.join(&name)).unwrap();
            }
        }
    }
    let c = many.install(|| generate_all(dir.path()));
    assert_eq!(a, c);
}

/// Config patches are applied and recorded; one whose target is gone fails the whole run.
#[test]
fn config_patches_apply_and_stale_ones_fail_the_run() {
    let dir = project();
    let config = dir.path().join("apiscrape.toml");
    let original = std::fs::read_to_string(&config).unwrap();
    let patched = original.replacen(
        "crate_name = \"rambase-client\"\n",
        "crate_name = \"rambase-client\"\n\n\
         [[api.patch]]\n\
         target = \"PUT /collaboration/contacts/{contactId}/phones/{phoneId}\"\n\
         add_error_codes = [{ code = \"100001\", status = 403, message = \"No access\" }]\n",
        1,
    );
    std::fs::write(&config, &patched).unwrap();
    let rambase = Config::load(&config).unwrap().apis.remove(0);
    let (generated, files) = generate_files(dir.path(), &rambase);
    let model: apiscrape_model::Api = serde_json::from_str(&files["model.json"]).unwrap();
    let op = model
        .operations
        .iter()
        .find(|o| o.key() == "PUT /collaboration/contacts/{contactId}/phones/{phoneId}")
        .unwrap();
    assert!(op
        .error_codes
        .iter()
        .any(|e| e.code == "100001" && e.status == 403));
    assert!(op
        .provenance
        .iter()
        .any(|p| p.note.as_deref() == Some("override: add error code 100001")));
    let changes = generated.release.changes.unwrap();
    assert!(changes
        .to_text()
        .contains("error code `100001` (HTTP 403, No access) added"));

    std::fs::write(
        &config,
        patched.replace("{phoneId}\"\nadd_error_codes", "{faxId}\"\nadd_error_codes"),
    )
    .unwrap();
    let err = codegen::run(&settings(dir.path(), Mode::Write)).unwrap_err();
    assert_eq!(
        format!("{err:#}"),
        "patch `PUT /collaboration/contacts/{contactId}/phones/{faxId}` in apiscrape.toml: \
         no operation `PUT /collaboration/contacts/{contactId}/phones/{faxId}` in the docs"
    );
}

/// Every generated file says it is generated, naming the command, near its top.
#[test]
fn every_generated_file_has_the_generated_header() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("apiscrape.toml"),
        dir.path().join("apiscrape.toml"),
    )
    .unwrap();
    copy_dir(&root().join("input-docs"), &dir.path().join("input-docs"));
    for (api, files) in generate_all(dir.path()) {
        assert!(files.len() >= 4, "{api}: {:?}", files.keys());
        for (path, text) in files {
            let head: String = text.lines().take(3).collect::<Vec<_>>().join("\n");
            assert!(
                head.contains("@generated by `cargo xtask codegen`")
                    || head.contains("\"@generated\": \"by `cargo xtask codegen`"),
                "{api}/{path} lacks the header: {head}"
            );
        }
    }
}

/// A committed model that cannot be read is reported and rewritten; the version history stays.
#[test]
fn an_unreadable_committed_model_keeps_the_changelog_and_is_reported() {
    let dir = project();
    let model = dir.path().join("generated/rambase/model.json");
    let changelog = dir.path().join("generated/rambase/CHANGELOG.md");
    let history = std::fs::read_to_string(&changelog).unwrap();
    std::fs::write(&model, "{ not json").unwrap();
    let report = codegen::run(&settings(dir.path(), Mode::Write)).unwrap();
    assert!(
        report.diagnostics.iter().map(|d| d.to_string()).any(|d| d.starts_with(
            "generated/rambase/model.json: warning: the committed model cannot be read (key must be a string at line 1 column 3)"
        ) && d.ends_with("so the version is not bumped")),
        "{:?}",
        report.diagnostics
    );
    assert_eq!(std::fs::read_to_string(&changelog).unwrap(), history);
    assert!(!codegen::run(&settings(dir.path(), Mode::Check))
        .unwrap()
        .is_stale());
}

/// With `--strict`, a page the dialect reads nothing from stops the run: reported with its
/// file and line, nothing written for any API.
#[test]
fn input_errors_stop_the_run_before_writing_and_name_the_page() {
    let dir = project();
    std::fs::write(
        dir.path().join("input-docs/rambase/notes.txt"),
        "shopping list\n",
    )
    .unwrap();
    let model = dir.path().join("generated/rambase/model.json");
    let before = std::fs::read_to_string(&model).unwrap();
    std::fs::remove_file(dir.path().join("generated/caliber/openapi.yaml")).unwrap();
    let strict = Settings {
        strict: true,
        ..settings(dir.path(), Mode::Write)
    };
    let report = codegen::run(&strict).unwrap();
    // The shipped pages carry warnings too (a deliberately cut page, inferred enums).
    assert_eq!(report.input_errors, ["rambase", "caliber"]);
    assert!(report.files.is_empty(), "nothing is written for any API");
    assert!(!dir.path().join("generated/caliber/openapi.yaml").exists());
    assert_eq!(std::fs::read_to_string(&model).unwrap(), before);
    assert!(report.diagnostics.iter().any(|d| d.to_string()
        == "input-docs/rambase/notes.txt:1: warning: no HTTP method and path found on the page; nothing is read from it"));
    assert!(!codegen::print_report(&report, Mode::Write, true, false));
}

/// A checkout that turned every line ending into CRLF (git's `autocrlf` on Windows) is up to
/// date: the streamed `model.json` and `openapi.yaml` as much as the files handed over whole.
/// Nothing is rewritten, and the check passes.
#[test]
fn a_crlf_checkout_is_fresh_and_left_as_it_is() {
    let dir = project();
    let generated = dir.path().join("generated");
    let files = generated_tree(dir.path());
    for (rel, bytes) in &files {
        let text = String::from_utf8(bytes.clone()).unwrap();
        std::fs::write(generated.join(rel), text.replace('\n', "\r\n")).unwrap();
    }
    assert!(files.len() > 50, "{}", files.len());
    let model = generated.join("rambase/model.json");
    let before = std::fs::read(&model).unwrap();
    assert!(before.windows(2).any(|w| w == b"\r\n"));

    let check = codegen::run(&settings(dir.path(), Mode::Check)).unwrap();
    assert!(!check.is_stale(), "{}", check.describe_differences());
    let write = codegen::run(&settings(dir.path(), Mode::Write)).unwrap();
    for name in ["model.json", "openapi.yaml", "CHANGELOG.md"] {
        let rel = PathBuf::from("generated/rambase").join(name);
        assert_eq!(
            write.files.get(&rel),
            Some(&FileStatus::Unchanged),
            "{name}"
        );
    }
    assert!(
        write.files.values().all(|s| *s == FileStatus::Unchanged),
        "{:?}",
        write
            .files
            .iter()
            .filter(|(_, s)| **s != FileStatus::Unchanged)
            .collect::<Vec<_>>()
    );
    assert_eq!(std::fs::read(&model).unwrap(), before);
}

/// After a change, the streamed `model.json`, `openapi.yaml` and `docs/index.html` are
/// written whole into the new `generated/`: their bytes are the text a check-mode generation
/// hands over.
#[test]
fn streamed_files_are_written_whole_when_they_change() {
    let dir = project();
    change_rambase_seed(dir.path());
    let config = Config::load(&dir.path().join("apiscrape.toml")).unwrap();
    let rambase = config.apis.iter().find(|a| a.name == "rambase").unwrap();
    let (_, expected) = generate_files(dir.path(), rambase);
    let report = codegen::run(&settings(dir.path(), Mode::Write)).unwrap();
    for name in ["model.json", "openapi.yaml", "docs/index.html"] {
        let rel = PathBuf::from("generated/rambase").join(name);
        assert_eq!(report.files.get(&rel), Some(&FileStatus::Written), "{name}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&rel)).unwrap(),
            expected[name],
            "{name}"
        );
    }
    assert!(
        std::fs::read_to_string(dir.path().join("generated/rambase/model.json"))
            .unwrap()
            .contains("\"description\": \"Phone line identifier\"")
    );
}
