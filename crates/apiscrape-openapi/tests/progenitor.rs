//! progenitor (oxidecomputer's OpenAPI → Rust client generator) accepts the OpenAPI 3.0
//! output: every fixture (the seed models included) and every `generated/<api>/model.json` is
//! rendered as 3.0, parsed into `openapiv3::OpenAPI`, and turned into a client whose code
//! parses as a Rust file.

use apiscrape_model::Api;
use apiscrape_openapi::{render, OpenApiVersion, Options, OutputFormat};
use apiscrape_test_support::{generated_models, load_model, seed_model, Seed};
use std::path::PathBuf;

/// Every model the tests have: the seeds, this crate's fixtures, the generated APIs.
fn models() -> Vec<(String, Api)> {
    let mut models: Vec<(String, Api)> = Seed::ALL
        .iter()
        .map(|&seed| (seed.fixture(), seed_model(seed)))
        .collect();
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    models.extend(
        paths
            .into_iter()
            .map(|p| (p.display().to_string(), load_model(&p))),
    );
    models.extend(
        generated_models()
            .into_iter()
            .map(|(api, model)| (format!("generated/{api}/model.json"), model)),
    );
    models
}

/// Keeps only `application/json` content, which is what a progenitor user does today:
/// progenitor 0.15 panics on request bodies with more than one media type
/// (<https://github.com/oxidecomputer/progenitor/issues/594>) and rejects XML and `text/json`
/// ("unexpected content type").
fn json_only(spec: &mut openapiv3::OpenAPI) {
    use openapiv3::ReferenceOr;
    for (_, item) in spec.paths.paths.iter_mut() {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
            &mut item.head,
            &mut item.options,
        ]
        .into_iter()
        .flatten()
        {
            if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
                body.content.retain(|k, _| k == "application/json");
                if body.content.is_empty() {
                    op.request_body = None;
                }
            }
            for (_, r) in op.responses.responses.iter_mut() {
                if let ReferenceOr::Item(r) = r {
                    r.content.retain(|k, _| k == "application/json");
                }
            }
        }
    }
}

fn generate(spec: &openapiv3::OpenAPI) -> Result<String, String> {
    let spec = spec.clone();
    let result = std::panic::catch_unwind(move || {
        let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
        generator.generate_tokens(&spec).map_err(|e| e.to_string())
    });
    match result {
        Ok(Ok(tokens)) => syn::parse2::<syn::File>(tokens)
            .map(|f| format!("{} items", f.items.len()))
            .map_err(|e| format!("generated code does not parse: {e}")),
        Ok(Err(e)) => Err(e),
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())),
    }
}

/// Whether a refusal is one of progenitor's documented limitations, not a fault of the spec.
fn known_limitation(message: &str) -> bool {
    message.contains("more media types than expected")
        || message.contains("unexpected content type")
}

#[test]
fn progenitor_generates_a_client_from_every_3_0_document() {
    let options = Options {
        version: OpenApiVersion::V3_0,
        format: OutputFormat::Json,
        ..Options::default()
    };
    let mut failures = Vec::new();
    for (name, api) in models() {
        let api = apiscrape_model::finish(api).unwrap_or_else(|e| panic!("{name}: {e}"));
        let json = render(&api, &options).unwrap();
        let mut spec: openapiv3::OpenAPI =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: openapiv3: {e}"));
        // The document as emitted: generated, or refused only for a known limitation.
        if let Err(e) = generate(&spec) {
            if !known_limitation(&e) {
                failures.push(format!("{name}: {e}"));
            }
        }
        // With JSON content only, progenitor must generate a client that parses.
        json_only(&mut spec);
        if let Err(e) = generate(&spec) {
            failures.push(format!("{name} (JSON only): {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "progenitor refused:\n{}",
        failures.join("\n")
    );
}
