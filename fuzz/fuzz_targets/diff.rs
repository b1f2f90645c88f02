//! `diff` of two sides: the input is split at its first NUL byte into an old and a new side,
//! each read as a model (JSON) or an OpenAPI document (YAML or JSON), as the CLI reads them.
#![no_main]

use apiscrape_model::Api;
use libfuzzer_sys::fuzz_target;

fn side(bytes: &[u8]) -> Option<Api> {
    let text = String::from_utf8_lossy(bytes);
    if apiscrape_openapi::looks_like_openapi(&text) {
        apiscrape_openapi::import("side.yaml", &text).ok()
    } else {
        serde_json::from_str(&text).ok()
    }
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let (old, new) = (&data[..split], data.get(split + 1..).unwrap_or_default());
    let (Some(old), Some(new)) = (side(old), side(new)) else {
        return;
    };
    let d = apiscrape_diff::diff(&old, &new);
    let _ = (d.to_text(), d.to_markdown(), d.to_json(), d.next_version("1.2.3"));
});
