//! `import(render(model))` describes the same API as `model`: the OpenAPI importer inverts
//! every convention of the emitter, checked with the API diff in both OpenAPI versions and
//! both serialisations.

use apiscrape_diff::diff;
use apiscrape_emit_openapi::{render, OpenApiVersion, Options, OutputFormat};
use apiscrape_model::Api;
use std::path::Path;

fn load(rel: &str) -> Api {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every change between `model` and its OpenAPI round trip, as `target: summary` lines, for
/// all four renderings.
fn round_trip_changes(model: &Api) -> Vec<String> {
    let mut model = model.clone();
    apiscrape_model::naming::assign_operation_ids(&mut model);
    let mut out = Vec::new();
    for version in [OpenApiVersion::V3_1, OpenApiVersion::V3_0] {
        for format in [OutputFormat::Yaml, OutputFormat::Json] {
            let options = Options {
                version,
                format,
                ..Options::default()
            };
            let text = render(&model, &options).expect("renders");
            let back = apiscrape_parse::openapi::import("api.yaml", &text).expect("imports");
            for c in diff(&model, &back).changes {
                out.push(format!(
                    "{} {:?} {}: {}",
                    version.as_str(),
                    c.kind,
                    c.target,
                    c.summary
                ));
            }
        }
    }
    out
}

#[test]
fn dbg_all() {
    for f in [
        "generated/rambase/model.json",
        "generated/caliber/model.json",
        "crates/apiscrape-emit-openapi/tests/fixtures/rambase-seed.json",
        "crates/apiscrape-emit-openapi/tests/fixtures/caliber-seed.json",
        "crates/apiscrape-emit-openapi/tests/fixtures/features.json",
    ] {
        let c = round_trip_changes(&load(f));
        println!("== {f}: {}", c.len());
        for l in c {
            println!("{l}");
        }
    }
}
