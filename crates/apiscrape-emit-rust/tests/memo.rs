//! Quoting remembered between runs (`memo`): a file whose quoting is remembered gets the
//! fingerprint quoting it would give, is left unquoted when the caller has it, and is quoted
//! again (to the same bytes) when the caller does not; what an edit touches is quoted anew.

use apiscrape_emit_rust::memo::{QuoteMemo, Quoted};
use apiscrape_emit_rust::{render_units, render_units_remembering, Fingerprint, Options};
use apiscrape_model::FinishedApi;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// A memo in memory that counts what it is asked.
#[derive(Default)]
struct Memo {
    entries: Mutex<BTreeMap<Fingerprint, Quoted>>,
    hits: AtomicUsize,
    puts: AtomicUsize,
    printed: Mutex<BTreeMap<Fingerprint, String>>,
    printed_hits: AtomicUsize,
    printed_puts: AtomicUsize,
    /// Whether the memo held quotings when the render began.
    warm: std::sync::atomic::AtomicBool,
}

impl QuoteMemo for Memo {
    fn get(&self, key: &Fingerprint) -> Option<Quoted> {
        let found = self.entries.lock().unwrap().get(key).cloned();
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::SeqCst);
        }
        found
    }

    fn put(&self, key: Fingerprint, quoted: Quoted) {
        self.puts.fetch_add(1, Ordering::SeqCst);
        self.entries.lock().unwrap().insert(key, quoted);
    }

    fn printed(&self, digest: &Fingerprint) -> Option<String> {
        let found = self.printed.lock().unwrap().get(digest).cloned();
        if found.is_some() {
            self.printed_hits.fetch_add(1, Ordering::SeqCst);
        }
        found
    }

    fn warm(&self) -> bool {
        self.warm.load(Ordering::SeqCst)
    }

    fn put_printed(&self, digest: Fingerprint, printed: &str) {
        self.printed_puts.fetch_add(1, Ordering::SeqCst);
        self.printed
            .lock()
            .unwrap()
            .insert(digest, printed.to_string());
    }
}

impl Memo {
    /// (hits, puts) since the last call.
    fn counts(&self) -> (usize, usize) {
        (
            self.hits.swap(0, Ordering::SeqCst),
            self.puts.swap(0, Ordering::SeqCst),
        )
    }

    /// (hits, puts) of printed pieces since the last call.
    fn printed_counts(&self) -> (usize, usize) {
        (
            self.printed_hits.swap(0, Ordering::SeqCst),
            self.printed_puts.swap(0, Ordering::SeqCst),
        )
    }
}

/// path -> (fingerprint, text if rendered).
type Files = BTreeMap<String, (Fingerprint, Option<String>)>;

fn render(api: &FinishedApi, memo: Option<&Memo>, had: &BTreeSet<(String, Fingerprint)>) -> Files {
    if let Some(memo) = memo {
        let warm = !memo.entries.lock().unwrap().is_empty();
        memo.warm.store(warm, Ordering::SeqCst);
    }
    let skip =
        |path: &str, fingerprint: &Fingerprint| had.contains(&(path.to_string(), *fingerprint));
    render_units_remembering(
        api,
        &Options::new("memo-client"),
        &skip,
        memo.map(|m| m as &dyn QuoteMemo),
    )
    .unwrap()
    .into_iter()
    .map(|u| (u.path, (u.fingerprint, u.text)))
    .collect()
}

#[test]
fn remembered_quoting_gives_the_files_and_fingerprints_quoting_gives() {
    for (name, api) in apiscrape_test_support::generated_models() {
        let ops = api.operations.len();
        // `src/models.rs`: its doc piece and one piece per type.
        let pieces = ops + api.types.len() + 1;
        let api = apiscrape_model::finish(api).unwrap();
        let none = BTreeSet::new();
        let plain = render(&api, None, &none);
        let reference: BTreeMap<String, (Fingerprint, Option<String>)> =
            render_units(&api, &Options::new("memo-client"), &|_, _| false)
                .unwrap()
                .into_iter()
                .map(|u| (u.path, (u.fingerprint, u.text)))
                .collect();
        assert_eq!(plain, reference, "{name}");

        // A cold memo: everything is quoted (each operation and the models remembered); no
        // printed text is kept from a first quoting.
        let memo = Memo::default();
        assert_eq!(render(&api, Some(&memo), &none), plain, "{name}");
        assert_eq!(memo.counts(), (0, ops + 1), "{name}");
        assert_eq!(memo.printed_counts(), (0, 0), "{name}");

        // Warm, and the caller has every file: nothing is quoted, fingerprints are the same.
        let had: BTreeSet<(String, Fingerprint)> =
            plain.iter().map(|(p, (f, _))| (p.clone(), *f)).collect();
        let warm = render(&api, Some(&memo), &had);
        assert_eq!(memo.counts(), (ops + 1, 0), "{name}");
        for (path, (fingerprint, text)) in &warm {
            assert_eq!(*fingerprint, plain[path].0, "{name}: {path}");
            assert_eq!(*text, None, "{name}: {path} was rendered");
        }

        // Warm, and the caller has none of them: every file is quoted again, to the same bytes,
        // and what printing each remembered piece gives is kept.
        assert_eq!(render(&api, Some(&memo), &none), plain, "{name}");
        assert_eq!(memo.counts(), (ops + 1, 0), "{name}");
        assert_eq!(memo.printed_counts(), (0, pieces), "{name}");

        // Again: every remembered piece is taken printed, to the same bytes.
        assert_eq!(render(&api, Some(&memo), &none), plain, "{name}");
        assert_eq!(memo.counts(), (ops + 1, 0), "{name}");
        assert_eq!(memo.printed_counts(), (pieces, 0), "{name}");
    }
}

/// A memo after a first generation of `api` (a cold memo), that generation's files, and the
/// memo's counts reset.
fn first_generation(api: &apiscrape_model::Api) -> (Memo, Files) {
    let memo = Memo::default();
    let files = render(
        &apiscrape_model::finish(api.clone()).unwrap(),
        Some(&memo),
        &BTreeSet::new(),
    );
    memo.counts();
    memo.printed_counts();
    (memo, files)
}

#[test]
fn an_edited_operation_is_quoted_anew_and_changes_its_module_alone() {
    let (_, mut api) = apiscrape_test_support::generated_models().remove(0);
    let (memo, before) = first_generation(&api);
    let none = BTreeSet::new();
    let ops = api.operations.len();
    api.operations[0].description = Some("An edited description.".to_string());
    let edited = apiscrape_model::finish(api.clone()).unwrap();
    let had: BTreeSet<(String, Fingerprint)> =
        before.iter().map(|(p, (f, _))| (p.clone(), *f)).collect();
    memo.printed_counts();
    let after = render(&edited, Some(&memo), &had);
    // The edited operation's quoting and the models' (their key holds every type, not the
    // operations' text) are looked up; only the operation is quoted anew.
    assert_eq!(memo.counts(), (ops, 1));
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, (fingerprint, _))| before[*path].0 != *fingerprint)
        .map(|(path, _)| path)
        .collect();
    let rendered: Vec<&String> = after
        .iter()
        .filter(|(_, (_, text))| text.is_some())
        .map(|(path, _)| path)
        .collect();
    assert_eq!(changed, rendered, "exactly the changed files are rendered");
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].starts_with("src/") && changed[0] != "src/models.rs");
    let module = apiscrape_emit_rust::module_plans(&edited, &Options::new("memo-client"))
        .unwrap()
        .into_iter()
        .find(|m| m.operations.contains(&0))
        .unwrap();
    assert_eq!(*changed[0], format!("src/{}.rs", module.module));
    let module_ops = module.operations.len();
    assert!(module_ops > 1, "{:?}", module.operations);
    // The module's operations are quoted, printed and their printing remembered (the memo
    // is warm).
    assert_eq!(memo.printed_counts(), (0, module_ops));
    let plain = render(&edited, None, &none);
    assert_eq!(after[changed[0]].1, plain[changed[0]].1);

    // Edited again: the module's other operations are taken printed; the edited one is
    // quoted and printed anew.
    api.operations[0].description = Some("Edited again.".to_string());
    let again = apiscrape_model::finish(api).unwrap();
    let had: BTreeSet<(String, Fingerprint)> =
        after.iter().map(|(p, (f, _))| (p.clone(), *f)).collect();
    let after = render(&again, Some(&memo), &had);
    assert_eq!(memo.printed_counts(), (module_ops - 1, 1));
    // What was rendered is what rendering without a memo gives.
    let path = format!("src/{}.rs", module.module);
    let plain = render(&again, None, &none);
    assert!(after[&path].1.is_some());
    assert_eq!(after[&path].1, plain[&path].1);
}

/// A type whose description changed: `src/models.rs` is quoted anew (its key holds every
/// type), and every other type is taken printed from the memo; the file has the bytes of a
/// rendering without a memo.
#[test]
fn an_edited_type_prints_that_type_alone() {
    let (_, mut api) = apiscrape_test_support::generated_models().remove(0);
    let (memo, before) = first_generation(&api);
    let none = BTreeSet::new();
    let types = api.types.len();
    let mut had: BTreeSet<(String, Fingerprint)> =
        before.iter().map(|(p, (f, _))| (p.clone(), *f)).collect();
    for (round, text) in ["An edited description.", "Edited again."]
        .iter()
        .enumerate()
    {
        let first = api.types.values_mut().next().unwrap();
        first.description = Some(text.to_string());
        let edited = apiscrape_model::finish(api.clone()).unwrap();
        let after = render(&edited, Some(&memo), &had);
        assert!(after["src/models.rs"].1.is_some(), "rendered");
        // First every piece (the doc piece and each type) is printed and remembered; then the
        // others come printed and the edited type alone is printed anew.
        let expected = if round == 0 {
            (0, types + 1)
        } else {
            (types, 1)
        };
        assert_eq!(memo.printed_counts(), expected, "round {round}");
        let plain = render(&edited, None, &none);
        assert_eq!(after["src/models.rs"].1, plain["src/models.rs"].1);
        had = after.iter().map(|(p, (f, _))| (p.clone(), *f)).collect();
    }
}
