//! The OpenAPI importer (YAML or JSON, 3.0 or 3.1) that `diff` and `generate` read specs with.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(api) = apiscrape_openapi::import("spec.yaml", &text) {
        serde_json::to_string(&api).expect("a model always serialises");
    }
});
