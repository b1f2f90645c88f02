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
    let model = apiscrape_model::finish(model.clone()).expect("finishes");
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

const LOSSLESS: [&str; 4] = [
    "generated/rambase/model.json",
    "generated/caliber/model.json",
    "crates/apiscrape-emit-openapi/tests/fixtures/rambase-seed.json",
    "crates/apiscrape-emit-openapi/tests/fixtures/caliber-seed.json",
];

#[test]
fn seed_models_round_trip_through_openapi_without_any_change() {
    for f in LOSSLESS {
        let model = load(f);
        assert!(!model.operations.is_empty(), "{f}");
        assert_eq!(round_trip_changes(&model), Vec::<String>::new(), "{f}");
    }
}

#[test]
fn features_fixture_round_trips_except_facts_openapi_cannot_carry() {
    let model = load("crates/apiscrape-emit-openapi/tests/fixtures/features.json");
    let changes = round_trip_changes(&model);
    // What the emitted document does not hold: the `Authorization` header (left to the
    // security schemes), a type name that had to be sanitised for a component name
    // (`Legacy Thing`1` shares `Legacy_Thing_1` with another type, so it became
    // `Legacy_Thing_1_2`), and a field's documented name when its JSON key (`id`) and XML
    // name (`WidgetId`) both differ from it (`Id`).
    let per_rendering = [
        "ParameterRemoved GET /widgets: header `Authorization` removed",
        "TypeRemoved type Legacy Thing`1: type removed",
        "TypeChanged type Widget: field `Legacy`: type changed from Legacy Thing`1 to Legacy_Thing_1_2",
        "FieldRenamed type Widget: field `Id` renamed to `WidgetId`",
        "TypeAdded type Legacy_Thing_1_2: type added",
    ];
    let mut expected = Vec::new();
    for version in ["3.1.0", "3.1.0", "3.0.3", "3.0.3"] {
        for c in per_rendering {
            expected.push(format!("{version} {c}"));
        }
    }
    assert_eq!(changes, expected);
}

/// Beyond what the diff compares: enums (integer with names, incomplete), wrappers, XML
/// names, error codes, deprecation and vendor facts come back exactly.
#[test]
fn enums_wrappers_error_codes_and_vendor_facts_come_back_exactly() {
    for (file, version) in [
        (
            "crates/apiscrape-emit-openapi/tests/fixtures/features.json",
            OpenApiVersion::V3_1,
        ),
        (
            "crates/apiscrape-emit-openapi/tests/fixtures/features.json",
            OpenApiVersion::V3_0,
        ),
        // Two incomplete integer enums inferred from samples.
        ("generated/caliber/model.json", OpenApiVersion::V3_1),
        ("generated/caliber/model.json", OpenApiVersion::V3_0),
        ("generated/rambase/model.json", OpenApiVersion::V3_1),
    ] {
        let model = apiscrape_model::finish(load(file)).expect("finishes");
        let options = Options {
            version,
            ..Options::default()
        };
        let back =
            apiscrape_parse::openapi::import("f.yaml", &render(&model, &options).unwrap()).unwrap();
        for (id, t) in &model.types {
            if ["Widget", "Legacy Thing`1"].contains(&id.as_str()) {
                continue;
            }
            let b = back.types.get(id).unwrap_or_else(|| panic!("{id} missing"));
            // Defaults come back in their wire spelling (`False` as `false`). OpenAPI patterns
            // are search patterns: a full-match pattern comes back as its anchored form
            // (`Constraints::search_pattern`, the same text when already `^…$`), unflagged.
            let canonical = |k: &apiscrape_model::TypeKind| {
                serde_json::to_string(k)
                    .unwrap()
                    .replace("\"default\":\"False\"", "\"default\":\"false\"")
                    .replace(",\"pattern_full_match\":true", "")
            };
            assert_eq!(
                canonical(&b.kind),
                canonical(&t.kind),
                "{id} in {file} {version:?}"
            );
            assert_eq!(b.description, t.description, "{id} in {file} {version:?}");
        }
        assert_eq!(model.operations.len(), back.operations.len(), "{file}");
        for (a, b) in model.operations.iter().zip(&back.operations) {
            assert_eq!(a.key(), b.key());
            assert_eq!(a.operation_id, b.operation_id);
            assert_eq!(a.error_codes, b.error_codes, "{}", a.key());
            assert_eq!(a.deprecation, b.deprecation, "{}", a.key());
            assert_eq!(a.resource_id, b.resource_id, "{}", a.key());
            assert_eq!(a.api_operation, b.api_operation, "{}", a.key());
            assert_eq!(a.paging, b.paging, "{}", a.key());
            assert_eq!(a.related_operations, b.related_operations, "{}", a.key());
            let wrapper = |o: &apiscrape_model::Operation| {
                o.request_body
                    .as_ref()
                    .map(|b| (b.json_wrapper.clone(), b.ty.clone()))
            };
            assert_eq!(wrapper(a), wrapper(b), "{}", a.key());
        }
    }
}
