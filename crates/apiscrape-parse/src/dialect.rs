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

    /// Parses one page into an API fragment. Never panics; whatever the page holds that the
    /// dialect does not understand becomes a diagnostic.
    fn parse_page(&self, page: &Page) -> Api;

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

/// The dialect most confident about `page`, if any is at all (ties go to the earlier one).
pub fn detect(page: &Page) -> Option<&'static dyn Dialect> {
    let mut best: Option<(&'static dyn Dialect, u8)> = None;
    for d in dialects() {
        let score = d.detect(page);
        if score > 0 && best.is_none_or(|(_, s)| score > s) {
            best = Some((*d, score));
        }
    }
    best.map(|(d, _)| d)
}
