//! The documentation dialects, behind one trait, registered in one ordered list.

use crate::page::Page;
use apiscrape_model::Api;

/// A documentation format apiscrape can read.
///
/// A dialect turns one page into a fragment of the API (an [`Api`] holding what that page
/// says, with diagnostics), and then, after the fragments of all pages are merged, resolves
/// what only the whole set can tell ([`Dialect::finish`]).
pub trait Dialect: Sync + Send {
    /// Short name used on the command line and in the model (`rambase`).
    fn name(&self) -> &'static str;

    /// How confident the dialect is that `page` is one of its pages, from 0 (not at all) to
    /// 100 (certain). Must be cheap: it looks at markers, not at the whole grammar.
    fn detect(&self, page: &Page) -> u8;

    /// Whether `page` shows a marker that only this dialect's pages have (RamBase's `API
    /// resource identifier`, ASP.NET's `Request Information`). [`score`] gives every *other*
    /// dialect 0 for such a page, so each dialect knows only its own markers. The default
    /// claims nothing.
    fn claims(&self, page: &Page) -> bool {
        let _ = page;
        false
    }

    /// Parses one page into an API fragment. Never panics; whatever the page holds that the
    /// dialect does not understand becomes a diagnostic.
    fn parse_page(&self, page: &Page) -> Api;

    /// Whether the dialect names body types per page (and per rendering of a page) and
    /// unifies them in [`Dialect::finish`]: two pages' bodies of different types are then not
    /// a disagreement the merge can judge. The default: type names are the documentation's.
    fn scopes_body_types(&self) -> bool {
        false
    }

    /// Cross-page work after all fragments were merged (resolving types by name, enriching
    /// from samples). The default does nothing.
    fn finish(&self, api: &mut Api) {
        let _ = api;
    }
}

/// Every dialect, in detection-priority order.
pub fn dialects() -> &'static [&'static dyn Dialect] {
    &[&crate::rambase::RamBase, &crate::aspnet::AspNet]
}

/// The dialect called `name`.
pub fn by_name(name: &str) -> Option<&'static dyn Dialect> {
    dialects()
        .iter()
        .copied()
        .find(|d| d.name().eq_ignore_ascii_case(name))
}

/// How confident `dialect` is about `page`: its [`Dialect::detect`], or 0 when another
/// dialect [claims](Dialect::claims) the page.
pub fn score(dialect: &dyn Dialect, page: &Page) -> u8 {
    let claimed_by_another = dialects()
        .iter()
        .any(|d| d.name() != dialect.name() && d.claims(page));
    if claimed_by_another {
        0
    } else {
        dialect.detect(page)
    }
}

/// The dialect most confident about `page` ([`score`]), if any is at all (ties go to the
/// earlier one).
pub fn detect(page: &Page) -> Option<&'static dyn Dialect> {
    let mut best: Option<(&'static dyn Dialect, u8)> = None;
    for d in dialects() {
        let score = score(*d, page);
        if score > 0 && best.is_none_or(|(_, s)| score > s) {
            best = Some((*d, score));
        }
    }
    best.map(|(d, _)| d)
}

/// The largest char boundary of `s` at or below byte `i` (a page's head is cut there).
pub(crate) fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
