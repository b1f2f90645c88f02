//! Deterministic corpora: one dialect's real pages cloned into a consistent API of `n` pages.
//!
//! The template set of a dialect is every page of its folders (the fixtures of
//! `crates/apiscrape-parse/tests/fixtures/<dialect>`, `input-docs/`, and for ASP.NET the
//! third-party Help Pages in `../shared/conformance/aspnet-html`, read in place) that the
//! dialect reads without errors, alone and together with the pages kept before it (sorted by
//! name; a page that would add an error to the set is left out and listed).
//!
//! Copy `k` renames, on every page of the copy and consistently across them, each type name
//! (and its camelCase form) and each literal path segment, by appending the tag `Q<letters of
//! k>`; a word is renamed only if the whole set still reads into the same numbers of
//! operations, types and diagnostics with it renamed (RamBase's `- URI parameter {id}` needs
//! `parameter` as it is). So `n` pages form one API with about `n / pages-per-copy` times the
//! set's operations, not copies that merge into one: the bench checks the operation count of
//! what `apiscrape parse` read. The last copy takes the first pages of the set only. Same `n`,
//! same bytes.

use anyhow::{bail, Context, Result};
use apiscrape_model::{Api, Severity};
use apiscrape_parse::{parse_one, parse_pages, DialectChoice, Page};
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A documentation dialect the bench builds corpora of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// RamBase pages (HTML and text renderings).
    RamBase,
    /// ASP.NET Help Pages.
    AspNet,
}

impl Dialect {
    /// Every dialect, in report order.
    pub const ALL: [Dialect; 2] = [Dialect::AspNet, Dialect::RamBase];

    /// The dialect's name, as the model and `--dialect` spell it.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::RamBase => "rambase",
            Dialect::AspNet => "aspnet",
        }
    }

    /// The dialect named `name`.
    pub fn by_name(name: &str) -> Result<Dialect> {
        Dialect::ALL
            .into_iter()
            .find(|d| d.name() == name)
            .with_context(|| format!("no dialect `{name}` (rambase, aspnet)"))
    }

    /// Template folders: (label used in file names, folder, whether it is optional).
    fn sources(self, root: &Path, shared: &Path) -> Vec<(String, PathBuf, bool)> {
        let fixtures = root.join("crates/apiscrape-parse/tests/fixtures");
        match self {
            Dialect::RamBase => vec![
                ("rb".into(), root.join("input-docs/rambase"), false),
                ("fx".into(), fixtures.join("rambase"), false),
            ],
            Dialect::AspNet => vec![
                ("cal".into(), root.join("input-docs/caliber"), false),
                ("fx".into(), fixtures.join("aspnet"), false),
                ("itsl".into(), shared.join("conformance/aspnet-html"), true),
            ],
        }
    }
}

/// One template page: its corpus file name (without the copy prefix) and text.
#[derive(Debug, Clone)]
struct Template {
    name: String,
    text: String,
}

/// The template pages of a dialect and the words copies rename.
pub struct TemplateSet {
    /// Which dialect.
    pub dialect: Dialect,
    pages: Vec<Template>,
    words: Regex,
    /// Operations the whole set reads into.
    pub operations: usize,
    /// Pages found but left out because they add an error (file names).
    pub left_out: Vec<String>,
    /// Template folders read, for the report.
    pub folders: Vec<PathBuf>,
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
fn word_pattern<'a>(words: impl Iterator<Item = &'a String>) -> Result<Regex> {
    let mut words: Vec<&String> = words.collect();
    words.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    let alternatives: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    let pattern = if alternatives.is_empty() {
        // Matches nothing: a word boundary cannot sit between two word characters here.
        r"\b\B".to_string()
    } else {
        format!(r"\b(?:{})\b", alternatives.join("|"))
    };
    Ok(Regex::new(&pattern)?)
}

/// `text` with every match of `words` followed by `tag`.
fn rename(words: &Regex, text: &str, tag: &str) -> String {
    words
        .replace_all(text, |c: &regex::Captures<'_>| format!("{}{tag}", &c[0]))
        .into_owned()
}

/// Reads `pages` together.
fn read_together(pages: &[Template]) -> Api {
    let pages = pages
        .iter()
        .map(|t| Page::new(t.name.clone(), t.text.clone()))
        .collect();
    parse_pages(pages, DialectChoice::Auto)
}

/// Operations, types and diagnostics of a set of pages read together.
fn shape(pages: &[Template]) -> (usize, usize, usize) {
    let api = read_together(pages);
    (api.operations.len(), api.types.len(), api.diagnostics.len())
}

fn errors(api: &Api) -> usize {
    api.diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// Path segments that name no resource and must stay as they are.
const FIXED_SEGMENTS: &[&str] = &["api", "restapi", "rest", "help"];

/// Page files under `dir` (recursively), sorted, as (path relative to `dir`, path).
fn page_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out: Vec<(String, PathBuf)> = files_under(dir, &["html", "htm", "txt", "md"])?
        .into_iter()
        .map(|path| {
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('/', "-");
            (rel, path)
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The files under `dir` (recursively) whose extension is one of `extensions`, sorted.
pub fn files_under(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).with_context(|| format!("reading {}", d.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|x| extensions.iter().any(|e| x == *e))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

impl TemplateSet {
    /// Reads and selects the template pages of `dialect` (see the module doc).
    pub fn load(dialect: Dialect, root: &Path, shared: &Path) -> Result<TemplateSet> {
        let mut candidates: Vec<Template> = Vec::new();
        let mut folders = Vec::new();
        for (label, dir, optional) in dialect.sources(root, shared) {
            if !dir.is_dir() {
                if optional {
                    eprintln!(
                        "bench: {} is missing; the {} corpus is made without it",
                        dir.display(),
                        dialect.name()
                    );
                    continue;
                }
                bail!("template folder {} is missing", dir.display());
            }
            folders.push(dir.clone());
            for (rel, path) in page_files(&dir)? {
                // A Help index lists every operation of its site (itslearning's some 290):
                // one per copy would make a site of hundreds of index pages.
                if label == "itsl" && rel.contains("-index-") {
                    continue;
                }
                let bytes = std::fs::read(&path)?;
                let Ok(text) = String::from_utf8(bytes) else {
                    continue;
                };
                candidates.push(Template {
                    name: format!("{label}-{rel}"),
                    text,
                });
            }
        }
        // Keep a page when the dialect reads it, alone and with the pages kept so far, with
        // no error.
        let mut alone_ok: Vec<Template> = Vec::new();
        let mut left_out = Vec::new();
        for t in candidates {
            let alone = parse_one(
                &Page::new(t.name.clone(), t.text.clone()),
                DialectChoice::Auto,
            );
            // An operation whose path has no word to rename would be the same operation in
            // every copy (`/api/v2/x`): such pages are left out too.
            let renamable = alone.operations.iter().all(|op| {
                op.path.split('/').any(|s| {
                    is_identifier(s) && !FIXED_SEGMENTS.contains(&s.to_ascii_lowercase().as_str())
                })
            });
            if alone.dialect.as_deref() != Some(dialect.name()) || errors(&alone) > 0 || !renamable
            {
                left_out.push(t.name);
            } else {
                alone_ok.push(t);
            }
        }
        // Usually the pages that read alone read together too; otherwise add them one by one.
        let pages = if errors(&read_together(&alone_ok)) == 0 {
            alone_ok
        } else {
            let mut pages: Vec<Template> = Vec::new();
            for t in alone_ok {
                pages.push(t);
                if errors(&read_together(&pages)) > 0 {
                    left_out.push(pages.pop().map(|t| t.name).unwrap_or_default());
                }
            }
            pages
        };
        if pages.is_empty() {
            bail!("no {} template page reads without errors", dialect.name());
        }
        let words = rename_words(&pages)?;
        let operations = read_together(&pages).operations.len();
        let set = TemplateSet {
            dialect,
            pages,
            words,
            operations,
            left_out,
            folders,
        };
        let copy: Vec<Template> = (0..set.pages.len())
            .map(|i| Template {
                name: set.pages[i].name.clone(),
                text: set.page(0, i),
            })
            .collect();
        if shape(&set.pages) != shape(&copy) {
            bail!(
                "{}: a renamed copy does not read like the template pages",
                dialect.name()
            );
        }
        // Two copies read together must hold twice the operations: none may merge.
        let two: Vec<Template> = (0..2 * set.len())
            .map(|p| Template {
                name: set.file_name(p),
                text: set.page(p / set.len(), p % set.len()),
            })
            .collect();
        let read = read_together(&two).operations.len();
        if read != 2 * set.operations {
            bail!(
                "{}: two copies read into {read} operations, not 2 × {}: copies merge",
                dialect.name(),
                set.operations
            );
        }
        Ok(set)
    }

    /// Pages per copy.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// The tag of copy `k`: `Q` and four letters.
    fn tag(k: usize) -> String {
        let mut letters = [b'a'; 4];
        let mut x = k;
        for slot in letters.iter_mut().rev() {
            *slot = b'a' + (x % 26) as u8;
            x /= 26;
        }
        format!("Q{}", String::from_utf8_lossy(&letters))
    }

    /// Page `i` of copy `k`, renamed.
    fn page(&self, k: usize, i: usize) -> String {
        rename(&self.words, &self.pages[i].text, &Self::tag(k))
    }

    /// The first copy of the set read together, with page `i` as `text`.
    fn copy_with(&self, i: usize, text: &str) -> Api {
        let pages: Vec<Template> = (0..self.len())
            .map(|j| Template {
                name: self.file_name(j),
                text: if j == i {
                    text.to_string()
                } else {
                    self.page(0, j)
                },
            })
            .collect();
        read_together(&pages)
    }

    /// File name of page `p` of a corpus.
    fn file_name(&self, p: usize) -> String {
        let (k, i) = (p / self.len(), p % self.len());
        format!("{k:05}-{}", self.pages[i].name)
    }

    /// Operations a corpus of `n` pages reads into.
    pub fn expected_operations(&self, n: usize) -> usize {
        let (full, rest) = (n / self.len(), n % self.len());
        full * self.operations
            + if rest > 0 {
                read_together(&self.pages[..rest]).operations.len()
            } else {
                0
            }
    }

    /// Writes a corpus of `n` pages into `dir` (emptied first); returns its size in bytes.
    pub fn write(&self, n: usize, dir: &Path) -> Result<u64> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).with_context(|| format!("emptying {}", dir.display()))?;
        }
        std::fs::create_dir_all(dir)?;
        let mut bytes = 0;
        for p in 0..n {
            let text = self.page(p / self.len(), p % self.len());
            bytes += text.len() as u64;
            std::fs::write(dir.join(self.file_name(p)), text)?;
        }
        Ok(bytes)
    }

    /// A change to one page of a corpus: (file name, original text, text of variant `r`).
    /// The change edits one word of an operation's description on the operation's own page
    /// (not an index row: the operation's page describes it over its index row), so the page,
    /// and the set's first copy read together, read into the same operations and types with
    /// different text (checked), as a docs edit would.
    pub fn one_page_change(&self) -> Result<PageChange> {
        for i in 0..self.len() {
            let original = self.page(0, i);
            let name = self.file_name(i);
            let before = parse_one(
                &Page::new(name.clone(), original.clone()),
                DialectChoice::Auto,
            );
            let words: Vec<String> = before
                .operations
                .iter()
                .filter(|op| !apiscrape_parse::merge::index_only(op))
                .filter_map(|op| op.description.as_deref().or(op.summary.as_deref()))
                .flat_map(|d| d.split(|c: char| !c.is_ascii_alphabetic()))
                .filter(|w| w.len() >= 5)
                .map(str::to_string)
                .collect();
            let keys = |api: &Api| -> Vec<String> {
                api.operations
                    .iter()
                    .map(|o| format!("{:?} {}", o.method, o.path))
                    .chain(api.types.keys().map(|t| t.0.clone()))
                    .collect()
            };
            let text = |api: &Api| serde_json::to_string(&api.operations).unwrap_or_default();
            let (keys_before, text_before) = (keys(&before), text(&before));
            // The first copy read together, unedited: read once a word passes the page checks.
            let mut copy_before = None;
            for word in words {
                let change = PageChange {
                    file: name.clone(),
                    original: original.clone(),
                    word: word.clone(),
                };
                let after = parse_one(
                    &Page::new(name.clone(), change.variant(1)),
                    DialectChoice::Auto,
                );
                if keys(&after) != keys_before || errors(&after) != 0 || text(&after) == text_before
                {
                    continue;
                }
                let copy_before =
                    copy_before.get_or_insert_with(|| text(&self.copy_with(i, &original)));
                if text(&self.copy_with(i, &change.variant(1))) != *copy_before {
                    return Ok(change);
                }
            }
        }
        bail!(
            "{}: no page has a description word whose edit changes only text",
            self.dialect.name()
        )
    }
}

/// Words of `pages` that copies rename: type names (and camelCase forms) and literal path
/// segments whose renaming keeps the set's shape.
fn rename_words(pages: &[Template]) -> Result<Regex> {
    let mut candidates: BTreeSet<Vec<String>> = BTreeSet::new();
    for t in pages {
        // Each page alone, before cross-page naming: RamBase's page-scoped ids
        // (`Phone@PUT /… request`) give the element name.
        let fragment = parse_one(
            &Page::new(t.name.clone(), t.text.clone()),
            DialectChoice::Auto,
        );
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
    let original = shape(pages);
    let renamed_shape = |words: &[String]| -> Result<(usize, usize, usize)> {
        let pattern = word_pattern(words.iter())?;
        let renamed: Vec<Template> = pages
            .iter()
            .map(|t| Template {
                name: t.name.clone(),
                text: rename(&pattern, &t.text, "Qzzzz"),
            })
            .collect();
        Ok(shape(&renamed))
    };
    // Fast path: every candidate renamed keeps the shape.
    let all: Vec<String> = candidates.iter().flatten().cloned().collect();
    if renamed_shape(&all)? == original {
        return word_pattern(all.iter());
    }
    // Otherwise keep candidates one by one.
    let mut kept: Vec<String> = Vec::new();
    for group in candidates {
        let trial: Vec<String> = kept.iter().chain(&group).cloned().collect();
        if renamed_shape(&trial)? == original {
            kept = trial;
        }
    }
    word_pattern(kept.iter())
}

/// One page of a corpus and the word its variants edit.
#[derive(Debug, Clone)]
pub struct PageChange {
    /// File name in the corpus.
    pub file: String,
    /// The page as the corpus has it.
    pub original: String,
    word: String,
}

impl PageChange {
    /// The word each run edits.
    pub fn word(&self) -> &str {
        &self.word
    }

    /// The page with its word edited into variant `r` (`r` ≥ 1; each differs from the others).
    pub fn variant(&self, r: usize) -> String {
        let edited = format!("{}Rev{r}", self.word);
        let pattern = Regex::new(&format!(r"\b{}\b", regex::escape(&self.word)))
            .expect("an escaped word is a valid pattern");
        pattern
            .replace(&self.original, edited.as_str())
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_distinct_letters() {
        assert_eq!(TemplateSet::tag(0), "Qaaaa");
        assert_eq!(TemplateSet::tag(27), "Qaabb");
        assert_ne!(TemplateSet::tag(1), TemplateSet::tag(26));
    }

    #[test]
    fn renaming_is_whole_word_and_longest_first() {
        let words = word_pattern(["Phone".to_string(), "PhoneNumber".to_string()].iter()).unwrap();
        assert_eq!(
            rename(&words, "Phone PhoneNumber Phones", "Qaaab"),
            "PhoneQaaab PhoneNumberQaaab Phones"
        );
        let none = word_pattern(std::iter::empty()).unwrap();
        assert_eq!(rename(&none, "Phone", "Qaaab"), "Phone");
    }

    #[test]
    fn a_page_variant_edits_the_first_whole_word_only() {
        let change = PageChange {
            file: "p.html".into(),
            original: "Gets the order. Orders of the order.".into(),
            word: "order".into(),
        };
        assert_eq!(
            change.variant(2),
            "Gets the orderRev2. Orders of the order."
        );
    }

    #[test]
    fn the_changed_page_changes_the_merged_api() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let shared = root.join("../shared");
        if !shared.is_dir() {
            eprintln!("skipped: {} is missing", shared.display());
            return;
        }
        let set = TemplateSet::load(Dialect::AspNet, &root, &shared).expect("templates");
        let change = set.one_page_change().expect("a change");
        // The index page lists the first operations, but its rows do not describe them.
        assert_eq!(
            change.file,
            "00000-cal-Help_Api_GET-api-v2-clientcontact-clientContactId-phones_includeDeleted_search_api-version.html"
        );
        assert_eq!(change.word, "Lists");
    }
}
