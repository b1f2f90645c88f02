//! What every page target shares: the fuzzer's bytes become one page of a given format, read
//! by a forced dialect and by detection, and the model is serialised as the CLI would.

use apiscrape_parse::{dialect, parse_pages, DialectChoice, Page, PageFormat};

/// Parses `data` as one page of `format` with the dialect called `dialect_name`, then again with
/// detection, and serialises both models.
pub fn parse_page(data: &[u8], format: PageFormat, dialect_name: &str, source: &str) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut page = Page::new(source, text);
    page.format = format;
    let forced = dialect::by_name(dialect_name).expect("dialect is registered");
    for choice in [DialectChoice::Force(forced), DialectChoice::Auto] {
        let api = parse_pages(vec![page.clone()], choice);
        let json = serde_json::to_string(&api).expect("a model always serialises");
        assert!(!json.is_empty());
    }
}
