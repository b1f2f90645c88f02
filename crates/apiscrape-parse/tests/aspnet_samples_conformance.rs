//! Every JSON sample of the third-party conformance pages (`../shared/conformance`, read in
//! place) checked against the model's types (issue 16.15 as a class of test).

use apiscrape_parse::{parse_pages, DialectChoice};

mod sample_types;
mod support;
use sample_types::sample_findings;
use support::{conformance_dir, pages_in};

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
