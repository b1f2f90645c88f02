//! What every page target shares: the fuzzer's bytes become one page of a given format, read
//! by a forced dialect or by detection, and the model is serialised as the CLI would.

use apiscrape_parse::{dialect, parse_pages, DialectChoice, Page, PageFormat};

/// Parses `data` as one page of `format`, then serialises the model. Inputs of even length are
/// read with the dialect called `dialect_name` forced, odd ones with detection: one parse per
/// execution (twice the throughput of parsing each input both ways), and the fuzzer's length
/// mutations reach both paths. The regression replay (`crates/apiscrape/tests/fuzz_regressions.rs`)
/// reads every kept input both ways.
pub fn parse_page(data: &[u8], format: PageFormat, dialect_name: &str, source: &str) {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut page = Page::new(source, text);
    page.format = format;
    let choice = if data.len() % 2 == 0 {
        DialectChoice::Force(dialect::by_name(dialect_name).expect("dialect is registered"))
    } else {
        DialectChoice::Auto
    };
    let api = parse_pages(vec![page], choice);
    let json = serde_json::to_string(&api).expect("a model always serialises");
    assert!(!json.is_empty());
}
