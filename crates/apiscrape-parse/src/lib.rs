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
pub mod dialect;
pub mod html;
pub mod merge;
pub mod openapi;
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
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The inputs hold no page files.
    #[error("no documentation pages (.html, .htm, .txt) found in {0}")]
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
    let fragments: Vec<(usize, Api)> = files
        .par_iter()
        .enumerate()
        .map(|(i, f)| {
            let fragment = match f.read() {
                Ok(page) => parse_one(&page, choice),
                Err(e) => failed_fragment(&f.source, format!("cannot read page: {e}")),
            };
            on_page(&f.source);
            (i, fragment)
        })
        .collect();
    assemble(fragments, choice)
}

/// Parses in-memory pages into one API.
pub fn parse_pages(pages: Vec<Page>, choice: DialectChoice) -> Api {
    let mut pages = pages;
    pages.sort_by(|a, b| a.source.cmp(&b.source));
    let fragments: Vec<(usize, Api)> = pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| (i, parse_one(p, choice)))
        .collect();
    assemble(fragments, choice)
}

/// Lists the page files of the given paths (see [`page::list_page_files`]).
pub fn list_inputs(paths: &[PathBuf]) -> Result<Vec<PageFile>, Error> {
    list_inputs_in(std::path::Path::new(""), paths)
}

/// Lists the page files of `paths` relative to `base` (see [`page::list_page_files_in`]).
pub fn list_inputs_in(base: &std::path::Path, paths: &[PathBuf]) -> Result<Vec<PageFile>, Error> {
    let files = page::list_page_files_in(base, paths).map_err(|e| Error::Io {
        path: paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
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

/// Parses one page with the chosen or detected dialect.
pub fn parse_one(page: &Page, choice: DialectChoice) -> Api {
    let dialect = match choice {
        DialectChoice::Force(d) => Some(d),
        DialectChoice::Auto => dialect::detect(page),
    };
    match dialect {
        Some(d) => {
            let mut api = d.parse_page(page);
            api.dialect = Some(d.name().to_string());
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

fn assemble(mut fragments: Vec<(usize, Api)>, choice: DialectChoice) -> Api {
    fragments.sort_by_key(|(i, _)| *i);
    let mut api = Api::new("");
    let mut dialect_counts: std::collections::BTreeMap<String, usize> = Default::default();
    for (_, fragment) in fragments {
        if let Some(d) = &fragment.dialect {
            *dialect_counts.entry(d.clone()).or_default() += 1;
        }
        merge::merge_into(&mut api, fragment);
    }
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
        d.finish(&mut api);
    }
    merge::add_missing_placeholders(&mut api);
    if api.title.is_empty() {
        api.title = "API".to_string();
    }
    api.normalize();
    api
}
