//! One rambase page in the Html format, through the whole parse pipeline.
#![no_main]

mod common;

use apiscrape_parse::PageFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::parse_page(data, PageFormat::Html, "rambase", "page.html");
});
