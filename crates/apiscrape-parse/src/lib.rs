//! Reading REST API documentation pages into the [`apiscrape_model::Api`] model.
//!
//! A documentation site is a set of pages. Each page is read ([`page`]), assigned a
//! [`Dialect`] (forced, or auto-detected per page), parsed into an API fragment in parallel,
//! and the fragments are merged in source order ([`merge`]) so the result does not depend on
//! thread count or the order inputs were listed in. The dialect then resolves what only the
//! whole set can tell (types referenced on one page, described on another).
//!
//! Dialects:
//! - [`rambase`]: RamBase API documentation (text renderings A and B, the old layout, saved HTML).
//! - [`aspnet`]: ASP.NET Web API Help Pages (index, API and ResourceModel pages; HTML and text).
//!
//! ```
//! use apiscrape_parse::{parse_pages, DialectChoice, Page};
//! let page = Page::new("page.txt", "PATCH api/v2/things/{id}\n\nRequest Information\n");
//! let api = parse_pages(vec![page], DialectChoice::Auto);
//! assert_eq!(api.dialect.as_deref(), Some("aspnet"));
//! ```

pub mod aspnet;
pub mod diag;
pub mod dialect;
pub mod html;
pub mod merge;
pub mod page;
pub mod rambase;

pub use dialect::Dialect;
pub use page::{Input, Page, PageFile, PageFormat};

use apiscrape_model::{Api, Diagnostic, Severity};
use rayon::prelude::*;
use std::path::PathBuf;

/// Which dialect to read pages with.
#[derive(Clone, Copy)]
pub enum DialectChoice {
    /// Detect per page.
    Auto,
    /// Use this dialect for every page.
    Force(&'static dyn Dialect),
}

impl std::fmt::Debug for DialectChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DialectChoice::Auto => f.write_str("Auto"),
            DialectChoice::Force(d) => write!(f, "Force({})", d.name()),
        }
    }
}

impl DialectChoice {
    /// `auto` or a dialect name.
    pub fn from_name(name: &str) -> Option<DialectChoice> {
        if name.eq_ignore_ascii_case("auto") {
            Some(DialectChoice::Auto)
        } else {
            dialect::by_name(name).map(DialectChoice::Force)
        }
    }
}

/// Errors that stop parsing before any page is read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input path could not be listed or read.
    #[error("{path}")]
    Io {
        /// The path.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The inputs hold no page files.
    #[error("no documentation pages (.html, .htm, .txt, .md) found in {0}")]
    NoPages(String),
}

/// Parses page files into one API, reading each file inside the parallel loop so that only
/// one page per thread is in memory at a time. Unreadable files become error diagnostics.
pub fn parse_files(files: &[PageFile], choice: DialectChoice) -> Api {
    parse_files_with_progress(files, choice, &|_| {})
}

/// [`parse_files`], calling `on_page` with each page's source name once it is parsed (from
/// any thread), for progress reporting.
pub fn parse_files_with_progress(
    files: &[PageFile],
    choice: DialectChoice,
    on_page: &(dyn Fn(&str) + Sync),
) -> Api {
    merge_files_with_progress(files, choice, on_page).assemble()
}

/// [`parse_files_with_progress`] up to the cross-page work ([`Merged::assemble`]).
pub fn merge_files_with_progress(
    files: &[PageFile],
    choice: DialectChoice,
    on_page: &(dyn Fn(&str) + Sync),
) -> Merged {
    merge_in_batches(files, choice, batch_size(), |_, f| {
        let fragment = match f.read() {
            Ok(page) => parse_one(&page, choice),
            Err(e) => unreadable_fragment(&f.source, &e),
        };
        on_page(&f.source);
        fragment
    })
}

/// The pages `files` merged as [`merge_files_with_progress`] merges them, with each page's
/// fragment made by `fragment` (given the page's index in `files`) instead of read and
/// parsed here: a caller that caches fragments gives the cached one, or [`parse_one`]'s (an
/// unreadable page: [`unreadable_fragment`]). The same fragments give the same model.
/// [`Merged::assemble`] finishes it; a caller with work of its own runs it beside
/// [`Merged::assemble`], which takes one thread.
pub fn merge_files_by(
    files: &[PageFile],
    choice: DialectChoice,
    fragment: &(dyn Fn(usize, &PageFile) -> Api + Sync),
) -> Merged {
    merge_in_batches(files, choice, batch_size(), fragment)
}

/// The fragment of a page that could not be read: an error naming the page and the cause.
pub fn unreadable_fragment(source: &str, error: &std::io::Error) -> Api {
    failed_fragment(source, format!("cannot read page: {error}"))
}

/// Parses in-memory pages into one API.
pub fn parse_pages(pages: Vec<Page>, choice: DialectChoice) -> Api {
    let mut pages = pages;
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    merge_in_batches(&pages, choice, batch_size(), |_, p| parse_one(p, choice)).assemble()
}

/// Pages parsed in parallel before their fragments are merged: enough to keep every thread
/// busy, few enough that the fragments waiting to be merged stay small next to the model.
fn batch_size() -> usize {
    (rayon::current_num_threads() * 32).max(64)
}

/// Parses `items` in parallel (`parse` is given each item's index), `batch` at a time,
/// merging each batch's fragments in source order while the next batch is parsed: memory
/// holds the model and two batches of fragments, never a fragment per page, and the result
/// depends neither on the batch size nor on the thread count.
fn merge_in_batches<T: Sync>(
    items: &[T],
    choice: DialectChoice,
    batch: usize,
    parse: impl Fn(usize, &T) -> Api + Sync,
) -> Merged {
    let mut merger = merge::Merger::default();
    let mut dialect_counts: std::collections::BTreeMap<String, usize> = Default::default();
    let mut add = |fragments: Vec<Api>| {
        for fragment in fragments {
            if let Some(d) = &fragment.dialect {
                *dialect_counts.entry(d.clone()).or_default() += 1;
            }
            merger.add(fragment);
        }
    };
    let mut parsed: Vec<Api> = Vec::new();
    let batch = batch.max(1);
    for (n, chunk) in items.chunks(batch).enumerate() {
        // The merge is one thread's work: the next batch is parsed beside it.
        let ((), next) = rayon::join(
            || add(std::mem::take(&mut parsed)),
            || {
                chunk
                    .par_iter()
                    .enumerate()
                    .map(|(i, item)| parse(n * batch + i, item))
                    .collect()
            },
        );
        parsed = next;
    }
    add(parsed);
    Merged {
        api: merger.into_api(),
        dialect_counts,
        choice,
    }
}

/// Pages' fragments merged in source order, before the cross-page work of
/// [`Merged::assemble`] (see [`merge_files_by`]).
pub struct Merged {
    api: Api,
    /// Pages per dialect.
    dialect_counts: std::collections::BTreeMap<String, usize>,
    choice: DialectChoice,
}

impl Merged {
    /// The model: what only the whole set of pages tells resolved by each dialect that read
    /// a page, missing types given placeholders, the model normalized.
    pub fn assemble(self) -> Api {
        assemble(self.api, self.dialect_counts, self.choice)
    }
}

/// Lists the page files of the given paths (see [`page::list_page_files`]).
pub fn list_inputs(paths: &[PathBuf]) -> Result<Vec<PageFile>, Error> {
    list_inputs_in(std::path::Path::new(""), paths)
}

/// Lists the page files of `paths` relative to `base` (see [`page::list_page_files_in`]).
pub fn list_inputs_in(base: &std::path::Path, paths: &[PathBuf]) -> Result<Vec<PageFile>, Error> {
    let files =
        page::list_page_files_naming_failure(base, paths).map_err(|(path, e)| Error::Io {
            path: path.display().to_string(),
            source: e,
        })?;
    if files.is_empty() {
        return Err(Error::NoPages(
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    Ok(files)
}

fn failed_fragment(source: &str, message: String) -> Api {
    let mut api = Api::new("");
    api.diagnostics
        .push(Diagnostic::at(Severity::Error, source, None, message));
    api
}

fn is_markdown(source: &str) -> bool {
    let l = source.to_ascii_lowercase();
    l.ends_with(".md") || l.ends_with(".markdown")
}

/// Parses one page with the chosen or detected dialect.
pub fn parse_one(page: &Page, choice: DialectChoice) -> Api {
    let dialect = match choice {
        DialectChoice::Force(d) => Some(d),
        DialectChoice::Auto => dialect::detect(page),
    };
    match dialect {
        Some(d) => {
            let mut api = d.parse_page(page);
            let mut diagnostics = page.diagnostics.clone();
            if page.format == PageFormat::Html {
                if let Some(line) = html::deep_nesting(&page.text) {
                    diagnostics.push(Diagnostic::at(
                        Severity::Warning,
                        page.source.clone(),
                        Some(line),
                        format!(
                            "elements nest deeper than {} levels from here; the deeper elements' tags are ignored and their content is read one level up",
                            html::MAX_NESTING
                        ),
                    ));
                }
            }
            diagnostics.append(&mut api.diagnostics);
            api.diagnostics = diag::cap(&page.source, diagnostics);
            api.diagnostics = diag::cap(&page.source, std::mem::take(&mut api.diagnostics));
            api.dialect = Some(d.name().to_string());
            if let DialectChoice::Force(forced) = choice {
                // A forced dialect that does not fit reads little or nothing: say what fits.
                if let Some(looks) = dialect::detect(page).filter(|l| l.name() != forced.name()) {
                    api.diagnostics.push(Diagnostic::at(
                        Severity::Warning,
                        &page.source,
                        None,
                        format!(
                            "read as {} (forced), but the page looks like {}; use dialect {} or auto",
                            forced.name(),
                            looks.name(),
                            looks.name()
                        ),
                    ));
                }
            }
            api
        }
        // A Markdown file beside the pages (a README) is not a page: said, not fatal.
        None if is_markdown(&page.source) => {
            let mut api = Api::new("");
            api.diagnostics.push(Diagnostic::at(
                Severity::Warning,
                page.source.clone(),
                None,
                "Markdown file not recognised as a documentation page; skipped (use --dialect to force one)",
            ));
            api
        }
        None => failed_fragment(
            &page.source,
            format!(
                "not recognised as a page of any known documentation dialect ({}); use --dialect to force one",
                dialect::dialects()
                    .iter()
                    .map(|d| d.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
}

/// Cross-page work on the merged fragments; `dialect_counts` counts pages per dialect.
fn assemble(
    mut api: Api,
    dialect_counts: std::collections::BTreeMap<String, usize>,
    choice: DialectChoice,
) -> Api {
    let main_dialect = match choice {
        DialectChoice::Force(d) => Some(d),
        DialectChoice::Auto => dialect_counts
            .iter()
            .max_by_key(|(_, n)| **n)
            .and_then(|(name, _)| dialect::by_name(name)),
    };
    if dialect_counts.len() > 1 {
        api.diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            message: format!(
                "pages of several dialects were given together ({}); they are merged into one API",
                dialect_counts
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            location: None,
        });
    }
    if let Some(d) = main_dialect {
        api.dialect = Some(d.name().to_string());
    }
    // Every dialect that read a page resolves its own cross-page facts, in registry order.
    for d in dialect::dialects() {
        let used = dialect_counts.contains_key(d.name())
            || main_dialect.is_some_and(|m| m.name() == d.name());
        if used {
            d.finish(&mut api);
        }
    }
    merge::add_missing_placeholders(&mut api);
    if api.title.is_empty() {
        api.title = "API".to_string();
    }
    api.normalize();
    api
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the shipped pages of `dir` with `parse_files`' reader, `batch` pages at a time.
    fn read_in_batches(dir: &str, batch: usize) -> Api {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../input-docs");
        let files = list_inputs_in(&root, &[PathBuf::from(dir)]).expect("input-docs");
        assert!(files.len() > 8, "{dir}: {} pages", files.len());
        merge_in_batches(&files, DialectChoice::Auto, batch, |_, f| {
            parse_one(&f.read().expect("page"), DialectChoice::Auto)
        })
        .assemble()
    }

    #[test]
    fn batch_size_does_not_change_the_model() {
        for dir in ["rambase", "caliber"] {
            let whole = read_in_batches(dir, usize::MAX);
            assert!(!whole.operations.is_empty(), "{dir}");
            for batch in [1, 2, 7] {
                assert_eq!(
                    read_in_batches(dir, batch),
                    whole,
                    "{dir}, batches of {batch}"
                );
            }
            let files = list_inputs_in(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../input-docs"),
                &[PathBuf::from(dir)],
            )
            .expect("input-docs");
            assert_eq!(parse_files(&files, DialectChoice::Auto), whole, "{dir}");
        }
    }
}
