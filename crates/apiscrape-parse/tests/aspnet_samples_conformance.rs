//! Every JSON sample of the third-party conformance pages (`../shared/conformance`, read in
//! place) checked against the model's types (issue 16.15 as a class of test).

use apiscrape_parse::{parse_pages, DialectChoice};
use std::path::PathBuf;

mod sample_types;
use sample_types::{pages_in, sample_findings};

fn conformance_dir() -> Option<PathBuf> {
    let d =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/aspnet-html");
    if d.is_dir() {
        return Some(d);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "conformance pages missing at {} (required when CI is set)",
            d.display()
        );
    }
    eprintln!("skipped: conformance pages not found at {}", d.display());
    None
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn every_conformance_json_sample_fits_the_model_types() {
    let Some(d) = conformance_dir() else { return };
    let api = parse_pages(pages_in(&d), DialectChoice::Auto);
    assert_eq!(sample_findings(&api), Vec::<String>::new());
}
