//! RamBase API documentation pages (api.rambase.net/documentation/…).
//!
//! One page documents one operation. Pages come as plain text in rendering A (table cells
//! kept as `text |`), rendering B (the line-numbered code view), the older "tagview" layout,
//! or as HTML saved from the browser (rendered to text lines first, see [`crate::html`]). All
//! of them go through the same steps:
//!
//! 1. [`lines`]: the page as numbered lines, split into sections at the boilerplate sentences.
//! 2. [`header`]: domain label, summary, method, URI, formats, URI parameters, page size,
//!    custom fields, status and resource identifier.
//! 3. [`fields`]: request and response bodies (XML and JSON halves reconciled).
//! 4. [`query`]: query parameters, filters, sortable fields, operations, error codes.
//! 5. [`build`]: the operation and its types, with diagnostics for anything not understood.
//!
//! Body types are registered under page-scoped ids (`Phone@PUT /… request`) so that the same
//! element name documented differently by two operations never collides while pages are
//! merged; [`Dialect::finish`] then gives every type its final name ([`names`]), preferring
//! another rendering's types over rendering A's for the same page (A drops untooltipped
//! roots and wrappers).
//!
//! Invariant: a page cut anywhere yields a subset of the facts of the whole page, plus
//! warnings naming the lines; a cut-off value is never data (`tests/rambase_robust.rs`). The
//! one exception is said so: rendering A cut before its JSON half shows where objects end or
//! which elements are lists keeps the fields under a reading a warning names
//! (`tests/rambase_cut_nesting.rs`).
//!
//! ```
//! use apiscrape_parse::{parse_pages, DialectChoice, Page};
//! let text = "Sales APIs\nDeletes an order\nHTTP method | DELETE |\n\
//!     URI | https://api.rambase.net/sales/orders/{salesOrderId} |\n\
//!     - URI parameter {salesOrderId} |\nSales order identifier\nInteger, minimum 100000 |\n\
//!     Successful HTTP status code | 202 |\nAPI resource identifier | 12, version 1 |\n";
//! let api = parse_pages(vec![Page::new("p.txt", text)], DialectChoice::Auto);
//! let op = &api.operations[0];
//! assert_eq!(op.key(), "DELETE /sales/orders/{salesOrderId}");
//! assert_eq!(op.group.as_deref(), Some("Sales"));
//! assert_eq!(op.parameters[0].constraints.minimum.as_ref().unwrap().value.0, "100000");
//! ```

mod build;
pub(crate) mod fields;
pub(crate) mod header;
pub(crate) mod lines;
pub mod names;
pub(crate) mod query;

use crate::{dialect::Dialect, page::Page};
use apiscrape_model::Api;

/// The RamBase dialect.
pub struct RamBase;

/// Markers of RamBase pages and how sure each makes us.
const MARKERS: &[(&str, u8)] = &[
    ("API resource identifier", 95),
    ("Successful HTTP status code", 90),
    ("Success HTTP Status Code:", 90),
    ("Mouse over fieldnames for description", 90),
    (
        "The query string is placed after the resource URL, seperated",
        90,
    ),
    ("https://api.rambase.net/", 80),
    ("https://apirelease.rambase.net/", 80),
    ("api.rambase.net", 60),
    ("- URI parameter {", 60),
    ("HTTP method | ", 50),
    ("HTTP method ", 30),
];

/// Markers only RamBase pages show: a page with one is never another dialect's
/// ([`Dialect::claims`]).
const OWN: &[&str] = &[
    "API resource identifier",
    "HTTP method | ",
    "api.rambase.net",
];

impl Dialect for RamBase {
    fn name(&self) -> &'static str {
        "rambase"
    }

    /// Body types are named by operation, side and rendering (`Phone@PUT /… request ~a`) and
    /// named for good in `finish` ([`names`]).
    fn scopes_body_types(&self) -> bool {
        true
    }

    fn detect(&self, page: &Page) -> u8 {
        let head_end = crate::dialect::floor_char_boundary(&page.text, 200_000);
        let text = &page.text[..head_end];
        let mut score = MARKERS
            .iter()
            .filter(|(m, _)| text.contains(m))
            .map(|(_, s)| *s)
            .max()
            .unwrap_or(0);
        // The preamble alone: `<Domain> APIs` on one of the first lines.
        if score == 0 {
            let first_lines = text.lines().take(6).map(str::trim);
            if first_lines
                .into_iter()
                .any(|l| l.ends_with(" APIs") && l.len() < 40)
            {
                score = 40;
            }
        }
        if page
            .url
            .as_deref()
            .is_some_and(|u| u.contains("rambase.net"))
        {
            score = score.max(70);
        }
        score
    }

    fn claims(&self, page: &Page) -> bool {
        let head = crate::page::head(&page.text, 200_000);
        OWN.iter().any(|m| head.contains(m))
    }

    fn parse_page(&self, page: &Page) -> Api {
        build::parse_page(page)
    }

    fn finish(&self, api: &mut Api) {
        names::assign_type_names(api);
    }
}
