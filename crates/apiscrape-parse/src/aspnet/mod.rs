//! ASP.NET Web API Help Pages (work in progress: being written now).

use crate::{dialect::Dialect, page::Page};
use apiscrape_model::Api;

/// The ASP.NET Help Page dialect.
pub struct AspNet;

impl Dialect for AspNet {
    fn name(&self) -> &'static str {
        "aspnet"
    }
    fn detect(&self, page: &Page) -> u8 {
        if page.text.contains("Request Information") || page.text.contains("help-page") {
            80
        } else {
            0
        }
    }
    fn parse_page(&self, _page: &Page) -> Api {
        Api::new("")
    }
}
