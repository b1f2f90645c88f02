//! RamBase API documentation pages (work in progress: being written now).

use crate::{dialect::Dialect, page::Page};
use apiscrape_model::Api;

/// The RamBase dialect.
pub struct RamBase;

impl Dialect for RamBase {
    fn name(&self) -> &'static str {
        "rambase"
    }
    fn detect(&self, page: &Page) -> u8 {
        if page.text.contains("API resource identifier") || page.text.contains("api.rambase.net") {
            90
        } else {
            0
        }
    }
    fn parse_page(&self, _page: &Page) -> Api {
        Api::new("RamBase API")
    }
}
