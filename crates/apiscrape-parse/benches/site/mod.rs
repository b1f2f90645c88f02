//! Synthetic documentation sites for the benches, made from the real pages the project ships.
//!
//! A site of `n` pages is made of copies of a template set (every page of one dialect's
//! directory in `input-docs/`, or the third-party Help Pages in `shared/conformance/`). Copy
//! `k` renames, on every page of the copy and consistently across them, each type name (and
//! its camelCase form, as JSON halves spell it) and the last literal segment of each
//! operation's path, by appending the tag `Q<letters of k>`. A copy therefore reads into the
//! same model as the template set with distinct paths and type names, and `n` pages give
//! `n / pages-per-copy` times the template set's operations: the generator checks that count
//! after parsing ([`Site::check`]), so a template that stops varying fails the bench instead of
//! silently measuring a site of duplicates. The last copy takes the first pages of the set
//! only. Everything is deterministic: same `n`, same bytes.

// Each bench binary includes this module and uses part of it.
#![allow(
    dead_code,
    reason = "each bench binary includes this module and uses part of it"
)]

use apiscrape_model::Api;
use apiscrape_parse::{list_inputs, parse_one, parse_pages, DialectChoice, Page, PageFile};
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A set of real pages a synthetic site is copied from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Templates {
    /// `input-docs/rambase/`: RamBase pages in renderings A, B, HTML and the old layout.
    RamBase,
    /// `input-docs/caliber/`: an ASP.NET Help Pages site (index, API, ResourceModel pages).
    Caliber,
    /// `shared/conformance/aspnet-html/`: third-party ASP.NET Help Pages (itslearning), read
    /// in place beside the checkout; absent on machines without `shared/`.
    Itslearning,
}

impl Templates {
    /// Short name used in bench ids.
    pub fn name(self) -> &'static str {
        match self {
            Templates::RamBase => "rambase",
            Templates::Caliber => "caliber",
            Templates::Itslearning => "itslearning",
        }
    }

    /// Where the template pages are, if present.
    pub fn dir(self) -> Option<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let dir = match self {
            Templates::RamBase => root.join("input-docs/rambase"),
            Templates::Caliber => root.join("input-docs/caliber"),
            Templates::Itslearning => {
                let shared = std::env::var_os("APISCRAPE_SHARED")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| root.join("../shared"));
                shared.join("conformance/aspnet-html")
            }
        };
        dir.is_dir().then_some(dir)
    }
}

/// The template pages of a set, sorted by file name, and the words copies rename.
pub struct TemplateSet {
    /// Which set.
    pub kind: Templates,
    /// (file name, text), sorted by file name.
    pub pages: Vec<(String, String)>,
    /// Renames words of the set (type names, path segments) to their tagged form.
    words: Regex,
}

fn is_identifier(w: &str) -> bool {
    w.len() >= 3
        && w.starts_with(|c: char| c.is_ascii_alphabetic())
        && w.chars().all(|c| c.is_ascii_alphanumeric())
}

fn camel(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_ascii_lowercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// Matches any of `words` as a whole word, longest first.
fn word_pattern<'a>(words: impl Iterator<Item = &'a String>) -> Regex {
    let mut words: Vec<&String> = words.collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let alternatives: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&format!(r"\b(?:{})\b", alternatives.join("|"))).expect("word pattern compiles")
}

/// `text` with every match of `words` followed by `tag`.
fn rename(words: &Regex, text: &str, tag: &str) -> String {
    words
        .replace_all(text, |c: &regex::Captures<'_>| format!("{}{tag}", &c[0]))
        .into_owned()
}

/// What a set of pages reads into, in counts: operations, types, diagnostics.
fn shape<'a>(pages: impl Iterator<Item = &'a (String, String)>) -> (usize, usize, usize) {
    let pages = pages
        .map(|(n, t)| Page::new(n.clone(), t.clone()))
        .collect();
    let api = parse_pages(pages, DialectChoice::Auto);
    (api.operations.len(), api.types.len(), api.diagnostics.len())
}

/// Path segments that name no resource and must stay as they are.
const FIXED_SEGMENTS: &[&str] = &["api", "restapi", "rest", "help"];

impl TemplateSet {
    /// Reads the template pages of `kind`, or `None` when they are not on this machine.
    pub fn load(kind: Templates) -> Option<TemplateSet> {
        let dir = kind.dir()?;
        let mut pages: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("template dir is readable")
            .map(|e| e.expect("template dir entry"))
            .filter(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x == "html" || x == "txt")
            })
            // The itslearning index lists some 290 operations: one copy per 13 pages would
            // make a site of a hundred index pages, which no real site is.
            .filter(|e| {
                !(kind == Templates::Itslearning
                    && e.file_name().to_string_lossy().contains("-index-"))
            })
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(e.path()).expect("template page is UTF-8");
                (name, text)
            })
            .collect();
        pages.sort();
        // Words to vary: what each page parses into, read before cross-page naming so that
        // RamBase's page-scoped ids (`Phone@PUT /… request`) give the element name. A type
        // name varies together with its camelCase form (the JSON half of a RamBase page).
        let mut candidates: BTreeSet<Vec<String>> = BTreeSet::new();
        for (name, text) in &pages {
            let fragment = parse_one(&Page::new(name.clone(), text.clone()), DialectChoice::Auto);
            for id in fragment.types.keys() {
                let base = id.0.split('@').next().unwrap_or("");
                let last = base.rsplit('.').next().unwrap_or(base);
                if is_identifier(last) {
                    candidates.insert(vec![last.to_string(), camel(last)]);
                }
            }
            for op in &fragment.operations {
                for s in op.path.split('/').filter(|s| {
                    is_identifier(s) && !FIXED_SEGMENTS.contains(&s.to_ascii_lowercase().as_str())
                }) {
                    candidates.insert(vec![s.to_string()]);
                }
            }
        }
        // A word that is also the dialect's own vocabulary (`parameter` in RamBase's
        // `- URI parameter {id}`) must stay: a candidate is kept only if the whole set, with
        // it and the words kept before renamed, still reads into the same counts of
        // operations, types and diagnostics.
        let original = shape(pages.iter());
        let mut kept: Vec<String> = Vec::new();
        for group in candidates {
            let trial: Vec<String> = kept.iter().chain(&group).cloned().collect();
            let pattern = word_pattern(trial.iter());
            let renamed: Vec<(String, String)> = pages
                .iter()
                .map(|(n, t)| (n.clone(), rename(&pattern, t, "Qzzzz")))
                .collect();
            if shape(renamed.iter()) == original {
                kept = trial;
            } else if std::env::var_os("APISCRAPE_BENCH_DEBUG").is_some() {
                println!("{}: not renamed: {group:?}", kind.name());
            }
        }
        let words = word_pattern(kept.iter());
        let set = TemplateSet { kind, pages, words };
        let copy: Vec<(String, String)> = (0..set.pages.len())
            .map(|i| (set.pages[i].0.clone(), set.page(0, i)))
            .collect();
        assert_eq!(
            shape(set.pages.iter()),
            shape(copy.iter()),
            "{}: a renamed copy must read like the template pages (operations, types, diagnostics)",
            kind.name()
        );
        Some(set)
    }

    /// The tag of copy `k`: `Q` and four letters.
    fn tag(k: usize) -> String {
        let mut s = String::from("Q");
        let mut x = k;
        let mut letters = [b'a'; 4];
        for slot in letters.iter_mut().rev() {
            *slot = b'a' + (x % 26) as u8;
            x /= 26;
        }
        s.push_str(std::str::from_utf8(&letters).expect("ASCII"));
        s
    }

    /// Page `i` of copy `k`, renamed.
    pub fn page(&self, k: usize, i: usize) -> String {
        rename(&self.words, &self.pages[i].1, &Self::tag(k))
    }

    /// Operations of the first `count` template pages read together.
    fn operations_of_first(&self, count: usize) -> usize {
        let pages = self.pages[..count]
            .iter()
            .map(|(name, text)| Page::new(name.clone(), text.clone()))
            .collect();
        parse_pages(pages, DialectChoice::Auto).operations.len()
    }

    /// Writes a site of `n` pages into a new temporary directory.
    pub fn generate(&self, n: usize) -> Site {
        let dir = tempfile::Builder::new()
            .prefix(&format!("apiscrape-bench-{}-{n}-", self.kind.name()))
            .tempdir()
            .expect("temp dir");
        let per_copy = self.pages.len();
        let mut input_bytes = 0u64;
        for p in 0..n {
            let (k, i) = (p / per_copy, p % per_copy);
            let text = self.page(k, i);
            input_bytes += text.len() as u64;
            let name = format!("{k:05}-{}", self.pages[i].0);
            std::fs::write(dir.path().join(name), text).expect("write page");
        }
        let files = list_inputs(&[dir.path().to_path_buf()]).expect("list the site");
        assert_eq!(files.len(), n, "every generated page is listed");
        let (full, rest) = (n / per_copy, n % per_copy);
        let expected_operations = full * self.operations_of_first(per_copy)
            + if rest > 0 {
                self.operations_of_first(rest)
            } else {
                0
            };
        Site {
            templates: self.kind,
            dir,
            files,
            input_bytes,
            expected_operations,
        }
    }
}

/// A synthetic site on disk; removed when dropped.
pub struct Site {
    /// Template set it was copied from.
    pub templates: Templates,
    /// The directory (deleted on drop).
    pub dir: tempfile::TempDir,
    /// Its page files, as the CLI lists them.
    pub files: Vec<PageFile>,
    /// Sum of the pages' sizes.
    pub input_bytes: u64,
    /// Operations the site must read into.
    pub expected_operations: usize,
}

/// What a site read into, for the bench's own report.
#[derive(Debug)]
pub struct Counts {
    /// Operations.
    pub operations: usize,
    /// Named types.
    pub types: usize,
    /// Groups.
    pub groups: usize,
    /// Diagnostics.
    pub diagnostics: usize,
}

impl Site {
    /// Number of pages.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Panics unless `api` (what the site was read into) has the expected operations: each
    /// copy must add the template set's operations, none may merge into another copy's.
    pub fn check(&self, api: &Api) -> Counts {
        let counts = Counts {
            operations: api.operations.len(),
            types: api.types.len(),
            groups: api.groups.len(),
            diagnostics: api.diagnostics.len(),
        };
        assert_eq!(
            counts.operations,
            self.expected_operations,
            "{} site of {} pages: copies must not share operations",
            self.templates.name(),
            self.len()
        );
        counts
    }

    /// Reads every page's bytes (in parallel, like [`apiscrape_parse::parse_files`]) and
    /// returns the total: the baseline the parse times are divided by.
    pub fn read_all(&self) -> usize {
        use rayon::prelude::*;
        self.files
            .par_iter()
            .map(|f| std::fs::read(&f.path).expect("read page").len())
            .sum()
    }
}
