//! The ASP.NET sample readers: a JSON sample's shape and an XML sample's tree.
#![no_main]

use apiscrape_parse::aspnet::samples;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = samples::read_json(&text);
    let _ = samples::parse_xml(&text);
    let _ = samples::classify(&text);
});
