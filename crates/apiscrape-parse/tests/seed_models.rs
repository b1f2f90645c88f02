//! The committed seed models (`crates/apiscrape-test-support/fixtures/models/*.json`, the
//! fixtures every emitter's tests read) are exactly what the parser makes of each seed page
//! alone: a parser change that changes a seed model fails here until the fixture is re-blessed
//! with `APISCRAPE_BLESS=1 cargo test -p apiscrape-parse --test seed_models` (review the diff
//! it prints first, then the emitters' snapshots it changes).

use apiscrape_parse::{list_inputs_in, parse_files, DialectChoice};
use apiscrape_test_support::{assert_file_is, workspace_root, Seed};
use std::path::PathBuf;

const BLESS: &str = "cargo test -p apiscrape-parse --test seed_models";

/// What `apiscrape parse <page>` prints when run from the workspace root: the page alone,
/// dialect detected, the model finished, pretty JSON with a final newline.
fn parsed(seed: Seed) -> String {
    let files = list_inputs_in(&workspace_root(), &[PathBuf::from(seed.page())])
        .unwrap_or_else(|e| panic!("{}: {e}", seed.page()));
    let api = parse_files(&files, DialectChoice::Auto);
    let api = apiscrape_model::finish(api).unwrap_or_else(|e| panic!("{}: {e}", seed.page()));
    let mut json = serde_json::to_string_pretty(api.api()).unwrap();
    json.push('\n');
    json
}

#[test]
fn rambase_seed_model_is_what_the_parser_makes_of_the_page() {
    assert_file_is(&Seed::RamBase.fixture_path(), &parsed(Seed::RamBase), BLESS);
}

#[test]
fn caliber_seed_model_is_what_the_parser_makes_of_the_page() {
    assert_file_is(&Seed::Caliber.fixture_path(), &parsed(Seed::Caliber), BLESS);
}

/// The sources inside a seed model are the page's path relative to the workspace root, so the
/// fixture does not depend on where the checkout is.
#[test]
fn seed_models_name_their_page_relative_to_the_workspace_root() {
    for seed in Seed::ALL {
        let model = apiscrape_test_support::seed_model(seed);
        let sources: Vec<&str> = model
            .operations
            .iter()
            .flat_map(|op| &op.provenance)
            .chain(model.types.values().flat_map(|t| &t.provenance))
            .map(|p| p.source.as_str())
            .chain(
                model
                    .diagnostics
                    .iter()
                    .filter_map(|d| d.location.as_ref().map(|l| l.source.as_str())),
            )
            .collect();
        assert!(!sources.is_empty(), "{}", seed.name());
        for source in sources {
            assert_eq!(source, seed.page(), "{}", seed.name());
        }
    }
}
