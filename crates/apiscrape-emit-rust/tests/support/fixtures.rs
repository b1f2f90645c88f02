//! The model fixtures of the emitter's tests and the emitter's entry as the CLI calls it, shared
//! by `snapshots.rs`, `build_clients.rs` and `arbitrary_models.rs`.

use apiscrape_emit_rust::Options;
use apiscrape_model::Api;
use apiscrape_test_support::{finished, load_model, seed_model, Seed};
use std::collections::BTreeMap;
use std::path::Path;

/// The emitter's entry on `api` finished (as the CLI hands it over).
pub fn generate(
    api: &Api,
    options: &Options,
) -> apiscrape_emit_rust::Result<BTreeMap<String, String>> {
    apiscrape_emit_rust::generate(&finished(api), options)
}

/// Every fixture with the name of the crate generated from it: the two seed models (what the
/// parser makes of the seed pages, from apiscrape-test-support) and this crate's own
/// `tests/fixtures/edge_cases.json`. `tests/clients/<fixture>/` holds the mock-server tests of
/// each generated crate.
pub const CLIENTS: &[(&str, &str)] = &[
    ("rambase_seed", "rambase-seed"),
    ("caliber_seed", "caliber-seed"),
    ("edge_cases", "edge-cases"),
];

/// A fixture of [`CLIENTS`] by name.
pub fn fixture(name: &str) -> Api {
    match name {
        "rambase_seed" => seed_model(Seed::RamBase),
        "caliber_seed" => seed_model(Seed::Caliber),
        _ => load_model(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(format!("{name}.json")),
        ),
    }
}
