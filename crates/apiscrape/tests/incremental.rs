//! Incremental generation (`src/cache.rs`): a generation that takes pages and outputs from the
//! cache writes exactly the bytes a fresh one writes, after no change, after one changed page,
//! after the cache is deleted, damaged or made by another build of the tool, and after someone
//! edited `generated/` by hand.

mod support;

use apiscrape::cache::{Cache, Summary};
use apiscrape::codegen::{self, FileStatus, Mode, Report, Settings};
use apiscrape::config::Config;
use apiscrape_parse::{parse_one, DialectChoice, Page};
use apiscrape_test_support::{shared_or_skip, workspace_root as root, Seed};
use std::path::{Path, PathBuf};
use support::{change_rambase_seed, edit_page as edit, generated_tree as tree, project};

const CALIBER_PHONE: &str = "input-docs/caliber/Help_ResourceModel_Phone.html";

fn cache_dir(project: &Path) -> PathBuf {
    project.join(apiscrape::cache::DEFAULT_DIR)
}

/// Runs a generation of `project`, with its cache or without one.
fn run(project: &Path, mode: Mode, cached: bool) -> Report {
    codegen::run(&Settings {
        root: project.to_path_buf(),
        config: project.join("apiscrape.toml"),
        mode,
        strict: false,
        progress: false,
        cache_dir: cached.then(|| cache_dir(project)),
    })
    .unwrap()
}

/// How many pages the shipped APIs have.
fn page_count() -> usize {
    ["rambase", "caliber"]
        .iter()
        .map(|api| {
            apiscrape_parse::list_inputs_in(&root(), &[Path::new("input-docs").join(api)])
                .unwrap()
                .len()
        })
        .sum()
}

fn written(report: &Report) -> Vec<String> {
    report
        .files
        .iter()
        .filter(|(_, s)| **s == FileStatus::Written)
        .map(|(p, _)| p.display().to_string())
        .collect()
}

#[test]
fn cached_generations_write_the_bytes_of_fresh_ones() {
    let pages = page_count();
    assert_eq!(pages, 51, "input-docs changed: update the counts below");
    let fresh = project();
    let cached = project();
    let committed = tree(fresh.path());

    // A cold cache: everything is parsed and rendered; nothing changes on disk.
    let f = run(fresh.path(), Mode::Write, false);
    let c = run(cached.path(), Mode::Write, true);
    assert_eq!(f.cache, Summary::default(), "no cache, nothing reported");
    assert_eq!(
        (c.cache.pages_reused, c.cache.pages_parsed),
        (0, pages),
        "{c:?}"
    );
    assert!(c.cache.outputs_reused.is_empty());
    assert!(written(&f).is_empty() && written(&c).is_empty());
    assert_eq!(tree(cached.path()), committed);
    assert!(cache_dir(cached.path()).join("CACHEDIR.TAG").is_file());
    // The text of `openapi.yaml`'s entries is kept (used by the changed runs below).
    for api in ["rambase", "caliber"] {
        let shards = std::fs::read_dir(cache_dir(cached.path()).join("openapi").join(api));
        assert!(shards.unwrap().count() > 0, "{api}");
    }

    // Warm and unchanged: every page and both APIs' outputs come from the cache.
    let c = run(cached.path(), Mode::Write, true);
    assert_eq!(
        (c.cache.pages_reused, c.cache.pages_parsed),
        (pages, 0),
        "{c:?}"
    );
    assert_eq!(c.cache.outputs_reused, ["rambase", "caliber"]);
    // Known from the pages' bytes: no fragment was read, and the warnings are the same.
    assert_eq!(c.cache.models_known, ["rambase", "caliber"]);
    assert_eq!(c.diagnostics, f.diagnostics);
    assert!(c.cache.notes.is_empty(), "{:?}", c.cache.notes);
    assert_eq!(c.files, f.files, "same files, all unchanged");
    assert_eq!(tree(cached.path()), committed);
    assert!(!run(cached.path(), Mode::Check, true).is_stale());

    // A page edit that leaves the model as it was (an HTML comment at the end): that page is
    // parsed again and every output is found on disk as recorded; `model.json`, handed over
    // for its digest, is reported unchanged.
    let phone = cached.path().join(CALIBER_PHONE);
    let mut html = std::fs::read_to_string(&phone).unwrap();
    html.push_str("\n<!-- an edit that says nothing -->\n");
    std::fs::write(&phone, html).unwrap();
    let c = run(cached.path(), Mode::Write, true);
    assert_eq!(
        (c.cache.pages_reused, c.cache.pages_parsed),
        (pages - 1, 1),
        "{c:?}"
    );
    assert_eq!(c.cache.outputs_reused, ["rambase", "caliber"]);
    assert_eq!(c.cache.models_known, ["rambase"]);
    assert_eq!(
        c.files.get(Path::new("generated/caliber/model.json")),
        Some(&apiscrape::codegen::FileStatus::Unchanged)
    );
    assert_eq!(c.files, f.files, "same files, all unchanged");
    assert_eq!(tree(cached.path()), committed);

    // One changed page (a RamBase description): that page alone is parsed again, RamBase's
    // outputs are rendered (version bump, changelog entry), caliber's are reused.
    for p in [fresh.path(), cached.path()] {
        change_rambase_seed(p);
    }
    let f = run(fresh.path(), Mode::Write, false);
    let c = run(cached.path(), Mode::Write, true);
    assert_eq!(
        (c.cache.pages_reused, c.cache.pages_parsed),
        (pages - 1, 1),
        "{c:?}"
    );
    assert_eq!(c.cache.outputs_reused, ["caliber"]);
    assert_eq!(c.cache.models_known, ["caliber"]);
    assert_eq!(c.diagnostics, f.diagnostics);
    assert!(written(&f).contains(&"generated/rambase/CHANGELOG.md".to_string()));
    assert_eq!(written(&c), written(&f));
    let after_rambase = tree(fresh.path());
    assert_ne!(after_rambase, committed, "the edit changed the outputs");
    assert_eq!(tree(cached.path()), after_rambase);

    // A changed ASP.NET type page: the other pages that use the type are not parsed again,
    // yet their operations see the change (cross-page resolution always runs).
    for p in [fresh.path(), cached.path()] {
        edit(
            p,
            CALIBER_PHONE,
            "<td class=\"parameter-name\">PhoneID</td>\n                    <td class=\"parameter-documentation\">\n                        <p></p>",
            "<td class=\"parameter-name\">PhoneID</td>\n                    <td class=\"parameter-documentation\">\n                        <p>The phone's own id.</p>",
        );
    }
    let f = run(fresh.path(), Mode::Write, false);
    let c = run(cached.path(), Mode::Write, true);
    assert_eq!(
        (c.cache.pages_reused, c.cache.pages_parsed),
        (pages - 1, 1),
        "{c:?}"
    );
    assert_eq!(c.cache.outputs_reused, ["rambase"]);
    let after_caliber = tree(fresh.path());
    assert_ne!(after_caliber, after_rambase);
    assert_eq!(written(&c), written(&f));
    assert_eq!(tree(cached.path()), after_caliber);

    // The cache deleted: a fresh run again, with the same result.
    std::fs::remove_dir_all(cache_dir(cached.path())).unwrap();
    let c = run(cached.path(), Mode::Write, true);
    assert_eq!(
        (c.cache.pages_reused, c.cache.pages_parsed),
        (0, pages),
        "{c:?}"
    );
    assert!(c.cache.notes.is_empty());
    assert!(written(&c).is_empty());
    assert_eq!(tree(cached.path()), after_caliber);
}

#[test]
fn an_unchanged_generation_reads_no_page_entry() {
    let project = project();
    let committed = tree(project.path());
    let fresh = run(project.path(), Mode::Write, false);
    run(project.path(), Mode::Write, true);
    // Without any page's fragment, unchanged pages still give the model's digest and warnings.
    let cache = cache_dir(project.path());
    std::fs::remove_dir_all(cache.join("pages")).unwrap();
    let c = run(project.path(), Mode::Write, true);
    assert_eq!(c.cache.models_known, ["rambase", "caliber"]);
    assert_eq!(c.cache.pages_parsed, 0);
    assert!(c.cache.notes.is_empty(), "{:?}", c.cache.notes);
    assert_eq!(c.diagnostics, fresh.diagnostics);
    assert!(written(&c).is_empty());
    assert!(
        !cache.join("pages").exists(),
        "nothing was parsed or stored"
    );
    assert_eq!(tree(project.path()), committed);
    // One changed page: RamBase's model is not known, its pages are parsed again (their
    // entries are gone) and give what a fresh generation gives.
    let other = support::project();
    for p in [project.path(), other.path()] {
        change_rambase_seed(p);
    }
    let f = run(other.path(), Mode::Write, false);
    let c = run(project.path(), Mode::Write, true);
    assert_eq!(c.cache.models_known, ["caliber"]);
    assert_eq!(
        c.cache.pages_parsed,
        apiscrape_parse::list_inputs_in(&root(), &[PathBuf::from("input-docs/rambase")])
            .unwrap()
            .len()
    );
    assert_eq!(c.diagnostics, f.diagnostics);
    assert_eq!(written(&c), written(&f));
    assert_eq!(tree(project.path()), tree(other.path()));
}

#[test]
fn a_page_edited_during_a_run_is_parsed_as_it_is_and_cached_under_no_key() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("input-docs/rambase/page.txt");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    let seed = root().join(Seed::RamBase.page());
    let original = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&page, &original).unwrap();
    let files = apiscrape_parse::list_inputs_in(dir.path(), &[PathBuf::from("input-docs/rambase")])
        .unwrap();
    let cache = Cache::new(dir.path().join("cache"));
    let pages = cache.pages("rambase", DialectChoice::Auto);
    let keys = pages.keys(&files).unwrap();
    // Edited between its key and its parse.
    let edited = original.replacen("phone", "telephone", 1);
    assert_ne!(edited, original);
    std::fs::write(&page, &edited).unwrap();
    let fragment = pages.fragment(&files[0], DialectChoice::Auto, Some(&keys[0]));
    assert!(pages.moved());
    let as_it_is = parse_one(
        &Page::from_bytes(files[0].source.clone(), edited.into_bytes()),
        DialectChoice::Auto,
    );
    assert_eq!(
        serde_json::to_string(&fragment).unwrap(),
        serde_json::to_string(&as_it_is).unwrap()
    );
    assert!(
        !dir.path().join("cache/pages/rambase").exists(),
        "nothing stored under the key of the old bytes"
    );
}

/// The entry files of one folder of the cache, sorted.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn damaged_entries_are_noted_ignored_and_replaced() {
    let project = project();
    let committed = tree(project.path());
    run(project.path(), Mode::Write, true);
    let cache = cache_dir(project.path());
    let pages = entries(&cache.join("pages/caliber"));
    assert_eq!(pages.len(), 25);
    // Cut off, one byte flipped, emptied.
    let bytes = std::fs::read(&pages[0]).unwrap();
    std::fs::write(&pages[0], &bytes[..bytes.len() / 2]).unwrap();
    let mut flipped = std::fs::read(&pages[1]).unwrap();
    let last = flipped.len() - 2;
    flipped[last] ^= 0x20;
    std::fs::write(&pages[1], flipped).unwrap();
    std::fs::write(cache.join("outputs/rambase"), "").unwrap();
    // Caliber's model, known from its pages' bytes, would spare reading its pages' entries.
    let model = std::fs::read(cache.join("models/caliber")).unwrap();
    std::fs::write(cache.join("models/caliber"), &model[..model.len() - 1]).unwrap();

    let report = run(project.path(), Mode::Write, true);
    let notes = &report.cache.notes;
    assert_eq!(notes.len(), 4, "{notes:?}");
    // RamBase (the first API) is generated before caliber, whose model entry is read before
    // its pages' entries (in parallel, so their notes come in either order).
    assert!(
        notes[0].contains("outputs/rambase is truncated (no complete header)"),
        "{notes:?}"
    );
    assert!(
        notes[1].contains("models/caliber is truncated (shorter or longer than its header says)"),
        "{notes:?}"
    );
    for why in [
        "truncated (shorter or longer than its header says)",
        "corrupt (its checksum does not match)",
    ] {
        assert!(
            notes[2..].iter().any(|note| note.contains("pages/caliber/")
                && note.contains(why)
                && note.ends_with("ignored and replaced")),
            "{why}: {notes:?}"
        );
    }
    assert_eq!(report.cache.pages_parsed, 2);
    assert_eq!(report.cache.outputs_reused, ["caliber"]);
    assert!(written(&report).is_empty());
    assert_eq!(tree(project.path()), committed);

    // Replaced: the next run reuses everything, without a note.
    let report = run(project.path(), Mode::Write, true);
    assert_eq!(report.cache.notes, Vec::<String>::new());
    assert_eq!(report.cache.pages_parsed, 0);
    assert_eq!(report.cache.outputs_reused, ["rambase", "caliber"]);
}

/// An entry whose checksum verifies but whose payload is no fragment (here the JSON an
/// earlier build stored) is noted, the page parsed again and the entry replaced.
#[test]
fn an_entry_that_verifies_but_holds_no_fragment_is_noted_and_replaced() {
    let project = project();
    let committed = tree(project.path());
    run(project.path(), Mode::Write, true);
    let pages = entries(&cache_dir(project.path()).join("pages/caliber"));
    let bytes = std::fs::read(&pages[0]).unwrap();
    let header_end = bytes.windows(2).position(|w| w == b"\n\n").unwrap();
    let header = std::str::from_utf8(&bytes[..header_end]).unwrap();
    let payload = br#"{"title":"","operations":[]}"#;
    let lines: Vec<String> = header
        .lines()
        .map(|line| match line.split_once(' ') {
            Some(("blake3", _)) => format!("blake3 {}", blake3::hash(payload).to_hex()),
            Some(("length", _)) => format!("length {}", payload.len()),
            _ => line.to_string(),
        })
        .collect();
    let mut entry = format!("{}\n\n", lines.join("\n")).into_bytes();
    entry.extend_from_slice(payload);
    std::fs::write(&pages[0], entry).unwrap();
    // Without its model's entry, caliber's pages' entries are read.
    std::fs::remove_file(cache_dir(project.path()).join("models/caliber")).unwrap();

    let report = run(project.path(), Mode::Write, true);
    let notes = &report.cache.notes;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("does not read as a page fragment")
            && notes[0].ends_with("ignored and replaced"),
        "{notes:?}"
    );
    assert_eq!(report.cache.pages_parsed, 1);
    assert_eq!(tree(project.path()), committed);
    let report = run(project.path(), Mode::Write, true);
    assert_eq!(report.cache.notes, Vec::<String>::new());
}

#[test]
fn outputs_edited_by_hand_are_rendered_again() {
    let project = project();
    let committed = tree(project.path());
    run(project.path(), Mode::Write, true);
    let spec = project.path().join("generated/caliber/openapi.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(&spec, text.replacen("title: Caliber API", "title: Mine", 1)).unwrap();
    let doc = project.path().join("generated/rambase/docs/README.md");
    std::fs::remove_file(&doc).unwrap();

    let check = run(project.path(), Mode::Check, true);
    assert!(check.cache.outputs_reused.is_empty(), "{:?}", check.cache);
    assert_eq!(check.cache.pages_parsed, 0);
    assert!(check.is_stale());
    assert!(matches!(
        check.files[Path::new("generated/caliber/openapi.yaml")],
        FileStatus::Stale { .. }
    ));
    assert_eq!(
        check.files[Path::new("generated/rambase/docs/README.md")],
        FileStatus::Missing
    );

    let report = run(project.path(), Mode::Write, true);
    assert_eq!(
        written(&report),
        [
            "generated/caliber/openapi.yaml",
            "generated/rambase/docs/README.md"
        ]
    );
    assert_eq!(tree(project.path()), committed);
}

#[test]
fn another_build_of_the_tool_never_reuses_entries() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::load(&root().join("apiscrape.toml")).unwrap();
    let caliber = config.apis.iter().find(|a| a.name == "caliber").unwrap();
    let inputs = [PathBuf::from("input-docs/caliber")];
    let build = |cache: &Cache| {
        apiscrape::pipeline::build_api_cached(&root(), &inputs, caliber, false, Some(cache))
            .unwrap()
    };
    let uncached = apiscrape::pipeline::build_api(&root(), &inputs, caliber, false).unwrap();
    let old = Cache::for_tool(dir.path(), "older build");
    assert_eq!(build(&old), uncached);
    assert_eq!(build(&old), uncached);
    assert_eq!(old.take_summary().pages_reused, 25, "the same build reuses");
    let pages = dir.path().join("pages/caliber");
    let old_entries = entries(&pages);
    assert_eq!(old_entries.len(), 25);

    let new = Cache::for_tool(dir.path(), "newer build");
    assert_eq!(build(&new), uncached);
    let summary = new.take_summary();
    assert_eq!((summary.pages_reused, summary.pages_parsed), (0, 25));
    let new_entries = entries(&pages);
    assert_eq!(
        new_entries.len(),
        25,
        "the older build's entries are removed"
    );
    assert!(new_entries.iter().all(|e| !old_entries.contains(e)));
    // The tool's own id is a digest of its sources.
    assert_eq!(apiscrape::cache::TOOL_ID.len(), 32);
    assert!(apiscrape::cache::TOOL_ID
        .bytes()
        .all(|b| b.is_ascii_hexdigit()));
}

/// Page files under `dir`, recursively.
fn pages_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pages_under(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "html" || e == "htm" || e == "txt")
        {
            out.push(path);
        }
    }
}

/// The cache stores fragments as MessagePack (structs as maps): that must give back exactly the
/// fragment, for every page the project has (shipped, parser fixtures, the third-party
/// conformance pages).
#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "needs ../shared/conformance beside the checkout (CI has it)"
)]
fn every_fragment_reads_back_from_its_messagepack_unchanged() {
    let Some(conformance) = shared_or_skip("conformance") else {
        return;
    };
    let mut files = Vec::new();
    for dir in [
        root().join("input-docs"),
        root().join("crates/apiscrape-parse/tests/fixtures"),
        conformance,
    ] {
        pages_under(&dir, &mut files);
    }
    assert!(files.len() > 60, "{} pages", files.len());
    let mut compared = 0;
    for file in &files {
        let page = Page::read(file, file.display().to_string()).unwrap();
        for choice in [
            DialectChoice::Auto,
            DialectChoice::from_name("rambase").unwrap(),
            DialectChoice::from_name("aspnet").unwrap(),
        ] {
            let fragment = parse_one(&page, choice);
            let packed = rmp_serde::to_vec_named(&fragment).unwrap();
            let back: apiscrape_model::Api = rmp_serde::from_slice(&packed).unwrap();
            assert_eq!(back, fragment, "{} ({choice:?})", file.display());
            compared += 1;
        }
    }
    assert_eq!(compared, files.len() * 3);
}

/// Replaces `from` with `to` in every page of `pages` (each must hold it).
fn edit_all(project: &Path, pages: &[&str], from: &str, to: &str) {
    for page in pages {
        let path = project.join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{page}: fixture changed ({from:?})");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }
}

/// Makes `change` in both projects, generates `fresh` without a cache and `cached` with its
/// cache, and checks that both write the same files and end with the same `generated/` tree.
/// Returns the cached run's report and the files it wrote.
fn same_as_fresh(fresh: &Path, cached: &Path, change: impl Fn(&Path)) -> (Report, Vec<String>) {
    let before = tree(cached);
    change(fresh);
    change(cached);
    let f = run(fresh, Mode::Write, false);
    let c = run(cached, Mode::Write, true);
    assert!(c.input_errors.is_empty(), "{:?}", c.diagnostics);
    assert_eq!(written(&c), written(&f));
    let after = tree(fresh);
    assert_ne!(after, before, "the change changed the outputs");
    let t = tree(cached);
    for (rel, bytes) in &after {
        assert!(
            t.get(rel) == Some(bytes),
            "{} differs from a fresh generation",
            rel.display()
        );
    }
    assert_eq!(t, after);
    let files = written(&c);
    (c, files)
}

/// Two copies of the project, the second with a warm cache.
fn warm_pair() -> (tempfile::TempDir, tempfile::TempDir) {
    let fresh = project();
    let cached = project();
    run(cached.path(), Mode::Write, true);
    (fresh, cached)
}

/// A fact of a type several operations use changes (a field's type): every file that shows it (the pages of the operations using the type, the type's
/// page, `index.html`, the client's models, OpenAPI, the model) is rendered again with the bytes
/// a fresh generation writes; the files that do not show it are reused from disk.
#[test]
fn a_changed_type_used_by_several_operations_changes_every_file_showing_it() {
    let (fresh, cached) = warm_pair();
    // `002_…txt` is the first page describing `Phone` (the description kept).
    let (report, files) = same_as_fresh(fresh.path(), cached.path(), |p| {
        edit(
            p,
            "input-docs/caliber/002_b021f0c3a362c962.txt",
            "Extension\n\nstring\n",
            "Extension\n\ninteger\n",
        )
    });
    let docs_pages: Vec<&str> = files
        .iter()
        .filter_map(|f| f.strip_prefix("generated/caliber/docs/operations/"))
        .collect();
    // The operations whose bodies show Phone's fields (the note's through ContactNote).
    assert_eq!(
        docs_pages,
        [
            "create-clientcontact-note.md",
            "get-search.md",
            "list-clientcontact-phones.md",
            "patch-clientcontact-phone.md"
        ],
        "{files:?}"
    );
    for file in [
        "generated/caliber/docs/types/phone.md",
        "generated/caliber/docs/index.html",
        "generated/caliber/rust/src/models.rs",
        "generated/caliber/openapi.yaml",
        "generated/caliber/model.json",
    ] {
        assert!(files.contains(&file.to_string()), "{file}: {files:?}");
    }
    assert!(report.cache.files_reused > 20, "{:?}", report.cache);
    assert!(report.cache.fragments_reused > 0, "{:?}", report.cache);
}

/// An operation page added (a new path) and another one's pages removed.
#[test]
fn an_added_and_a_removed_page_give_the_fresh_bytes() {
    let (fresh, cached) = warm_pair();
    let search = "input-docs/caliber/Help_Api_GET-api-v2-search.html";
    let added = "input-docs/caliber/Help_Api_GET-api-v2-lookup.html";
    let (_, files) = same_as_fresh(fresh.path(), cached.path(), |p| {
        let text = std::fs::read_to_string(p.join(search)).unwrap();
        assert!(text.contains("api/v2/search"));
        std::fs::write(
            p.join(added),
            text.replace("api/v2/search", "api/v2/lookup"),
        )
        .unwrap();
    });
    assert!(
        files
            .iter()
            .any(|f| f.starts_with("generated/caliber/docs/operations/") && f.contains("lookup")),
        "{files:?}"
    );
    let (report, _) = same_as_fresh(fresh.path(), cached.path(), |p| {
        for page in [
            "input-docs/rambase/get-exchange-rate.a.txt",
            "input-docs/rambase/get-exchange-rate.b.txt",
            "input-docs/rambase/get-exchange-rate.html",
        ] {
            std::fs::remove_file(p.join(page)).unwrap();
        }
    });
    // The removed operation's files are not the generator's any more: reported, not deleted
    // (as in a fresh generation).
    assert!(
        report
            .extra
            .iter()
            .any(|e| e.to_string_lossy().contains("rambase/docs/operations/")),
        "{:?}",
        report.extra
    );
}

/// A group renamed on every page that names it: its Rust module, its feature and the docs'
/// anchors follow.
#[test]
fn a_renamed_group_gives_the_fresh_bytes() {
    let (fresh, cached) = warm_pair();
    let (_, files) = same_as_fresh(fresh.path(), cached.path(), |p| {
        edit_all(
            p,
            &[
                "input-docs/rambase/get-exchange-rate.a.txt",
                "input-docs/rambase/get-exchange-rate.b.txt",
                "input-docs/rambase/get-exchange-rate.html",
            ],
            "Finance APIs",
            "Treasury APIs",
        )
    });
    assert!(
        files.contains(&"generated/rambase/rust/src/treasury.rs".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"generated/rambase/rust/Cargo.toml".to_string()),
        "{files:?}"
    );
}

/// Files edited by hand whose inputs did not change are rendered again when the API changes
/// (their fingerprint is the recorded one, their bytes are not).
#[test]
fn files_edited_by_hand_are_rendered_again_when_the_api_changes() {
    let (fresh, cached) = warm_pair();
    let page = "generated/rambase/docs/operations/get-exchange-rate.md";
    let module = "generated/rambase/rust/src/finance.rs";
    let (report, files) = same_as_fresh(fresh.path(), cached.path(), |p| {
        for file in [page, module] {
            let path = p.join(file);
            let mut text = std::fs::read_to_string(&path).unwrap();
            text.push_str("\nedited by hand\n");
            std::fs::write(&path, text).unwrap();
        }
        edit(
            p,
            Seed::RamBase.page(),
            "Phone identifier\n",
            "Phone line identifier\n",
        );
    });
    for file in [page, module] {
        assert!(files.contains(&file.to_string()), "{file}: {files:?}");
    }
    assert!(report.cache.files_reused > 20, "{:?}", report.cache);
}

/// A page known by its stamp (its metadata, `src/stamp.rs`) is not read for its key; one
/// rewritten in place with the same size, its modification time set back, still has another
/// stamp (its ctime moved) and is read again: the generation writes the fresh bytes.
#[test]
fn a_page_rewritten_in_place_with_its_size_and_mtime_is_read_again() {
    let (fresh, cached) = (project(), project());
    // Stamps are kept only once their times are past the file system's granularity.
    std::thread::sleep(std::time::Duration::from_millis(100));
    run(cached.path(), Mode::Write, true);
    let stamps = cache_dir(cached.path()).join("stamps/rambase");
    let seed_line = |text: &str| {
        text.lines()
            .filter(|l| l.ends_with(Seed::RamBase.page()))
            .count()
    };
    assert_eq!(
        seed_line(&std::fs::read_to_string(&stamps).unwrap()),
        1,
        "the seed page's stamp is kept"
    );
    let (c, _) = same_as_fresh(fresh.path(), cached.path(), |p| {
        let page = p.join(Seed::RamBase.page());
        let modified = std::fs::metadata(&page).unwrap().modified().unwrap();
        let text = std::fs::read_to_string(&page).unwrap();
        let edited = text.replacen("Phone identifier\n", "Phone identifieR\n", 1);
        assert_eq!((edited.len(), edited != text), (text.len(), true));
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&page)
            .unwrap();
        std::io::Write::write_all(&mut file, edited.as_bytes()).unwrap();
        file.set_modified(modified).unwrap();
    });
    assert_eq!(c.cache.pages_parsed, 1, "{:?}", c.cache);
}

/// Rewrites `path` in place (same inode) with `from` replaced by `to` (of the same length),
/// and sets its modification time back: only its ctime tells.
fn rewrite_in_place_keeping_size_and_mtime(path: &Path, from: &str, to: &str) {
    assert_eq!(from.len(), to.len());
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{}: {from:?}", path.display());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(path)
        .unwrap();
    std::io::Write::write_all(&mut file, text.replacen(from, to, 1).as_bytes()).unwrap();
    file.set_modified(modified).unwrap();
}

/// Generated files known by their stamps (recorded once their bytes were read and found to be
/// the recorded ones) are not read again; one rewritten in place with its size and mtime kept
/// has another stamp (its ctime) and is rendered again, whether the API changed or not.
#[test]
fn outputs_rewritten_in_place_with_their_size_and_mtime_are_rendered_again() {
    let project = project();
    let committed = tree(project.path());
    run(project.path(), Mode::Write, true);
    std::thread::sleep(std::time::Duration::from_millis(100));
    // Unchanged: every file is read, found as recorded and stamped.
    let c = run(project.path(), Mode::Write, true);
    assert_eq!(c.cache.outputs_reused, ["rambase", "caliber"]);
    let record =
        std::fs::read_to_string(cache_dir(project.path()).join("outputs/rambase")).unwrap();
    let files = tree(project.path())
        .keys()
        .filter(|p| p.starts_with("rambase"))
        .count();
    // CHANGELOG.md is not an output of the record (it is written by the release step).
    assert_eq!(record.matches("\"stamp\":").count(), files - 1);
    rewrite_in_place_keeping_size_and_mtime(
        &project.path().join("generated/caliber/openapi.yaml"),
        "title: Caliber API",
        "title: CALIBER API",
    );
    let c = run(project.path(), Mode::Write, true);
    assert_eq!(c.cache.outputs_reused, ["rambase"]);
    assert_eq!(written(&c), ["generated/caliber/openapi.yaml"]);
    assert_eq!(tree(project.path()), committed);

    // The same with a changed API: a docs page of an operation the change does not touch.
    std::thread::sleep(std::time::Duration::from_millis(100));
    run(project.path(), Mode::Write, true);
    let fresh = support::project();
    let page = "generated/rambase/docs/README.md";
    let (_, files) = same_as_fresh(fresh.path(), project.path(), |p| {
        change_rambase_seed(p);
        if p == project.path() {
            let text = std::fs::read_to_string(p.join(page)).unwrap();
            let word = text
                .split_whitespace()
                .find(|w| w.len() > 3 && w.chars().all(char::is_alphabetic))
                .unwrap()
                .to_string();
            rewrite_in_place_keeping_size_and_mtime(&p.join(page), &word, &word.to_uppercase());
        }
    });
    assert!(files.contains(&page.to_string()), "{files:?}");
}
