//! Property test: any model, however odd its names, constraints and texts, generates without
//! panicking, into Rust that parses, with the same bytes every time, and whose modules fit
//! together: every declared module has its file, no module takes a name the crate uses itself
//! (a file it writes, a crate it depends on), and every operation keeps its method. Names are
//! drawn to include those reserved names and date-typed path parameters; `build_clients.rs`
//! compiles a few seeded draws of the same strategy.

use apiscrape_emit_rust::Options;
#[path = "support/arbitrary.rs"]
mod arbitrary;
#[path = "support/fixtures.rs"]
#[allow(
    dead_code,
    reason = "shared with snapshots.rs and build_clients.rs, which use the fixtures"
)]
mod fixtures;

use apiscrape_model::Api;
use arbitrary::api;
use fixtures::generate;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Names a `mod` of the generated crate's root must not have: files Cargo or the generator
/// give another meaning, crates the generated code refers to by name.
const FORBIDDEN_MODULES: &[&str] = &[
    "lib",
    "main",
    "mod",
    "std",
    "core",
    "alloc",
    "chrono",
    "serde",
    "serde_json",
    "reqwest",
    "tokio",
    "thiserror",
    "percent_encoding",
    "httpdate",
    "rust_decimal",
    "uuid",
    "regex",
    "base64",
    "quick_xml",
    "arbitrary",
];

/// The operation methods of `impl crate::Client` blocks in `file`.
fn client_methods(file: &syn::File) -> Vec<String> {
    let mut out = Vec::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(p) = &*imp.self_ty else {
            continue;
        };
        let path: Vec<String> = p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if path != ["crate", "Client"] {
            continue;
        }
        for it in &imp.items {
            // An operation: a public method returning `impl Future<...>`.
            if let syn::ImplItem::Fn(f) = it {
                if matches!(f.vis, syn::Visibility::Public(_)) && returns_future(&f.sig) {
                    out.push(f.sig.ident.to_string());
                }
            }
        }
    }
    out
}

/// Whether `sig` returns `impl ...Future<...>`.
fn returns_future(sig: &syn::Signature) -> bool {
    let syn::ReturnType::Type(_, ty) = &sig.output else {
        return false;
    };
    let syn::Type::ImplTrait(imp) = &**ty else {
        return false;
    };
    imp.bounds.iter().any(|b| {
        matches!(b, syn::TypeParamBound::Trait(t)
            if t.path.segments.last().is_some_and(|s| s.ident == "Future"))
    })
}

/// Checks that the crate's modules fit together (see the file's doc).
fn check_modules(api: &Api, files: &BTreeMap<String, String>) -> Result<(), String> {
    let lib = syn::parse_file(&files["src/lib.rs"]).map_err(|e| e.to_string())?;
    let mut declared = Vec::new();
    for item in &lib.items {
        if let syn::Item::Mod(m) = item {
            if m.content.is_none() {
                let name = m.ident.to_string();
                let bare = name.strip_prefix("r#").unwrap_or(&name).to_string();
                if declared.contains(&bare) {
                    return Err(format!("module {bare} declared twice"));
                }
                if FORBIDDEN_MODULES.contains(&bare.as_str()) {
                    return Err(format!("module {bare} takes a reserved name"));
                }
                if !files.contains_key(&format!("src/{bare}.rs")) {
                    return Err(format!("module {bare} has no file"));
                }
                declared.push(bare);
            }
        }
    }
    let mut methods = Vec::new();
    for (path, text) in files {
        if path.starts_with("src/") && path.ends_with(".rs") && path != "src/lib.rs" {
            let stem = &path["src/".len()..path.len() - 3];
            if !declared.iter().any(|d| d == stem) {
                return Err(format!("{path} is not a module of the crate"));
            }
            let file = syn::parse_file(text).map_err(|e| format!("{path}: {e}"))?;
            methods.extend(client_methods(&file));
        }
    }
    if methods.len() != api.operations.len() {
        return Err(format!(
            "{} operation(s) but {} client method(s): {methods:?}",
            api.operations.len(),
            methods.len()
        ));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn any_model_generates_parseable_deterministic_code(api in api()) {
        let options = Options::new("arbitrary");
        let first = generate(&api, &options);
        prop_assert!(first.is_ok(), "{:?}", first.err());
        let first = first.unwrap();
        for (path, text) in &first {
            if path.ends_with(".rs") {
                prop_assert!(syn::parse_file(text).is_ok(), "{path} does not parse");
            }
        }
        let modules = check_modules(&api, &first);
        prop_assert!(modules.is_ok(), "{}", modules.unwrap_err());
        prop_assert_eq!(&generate(&api, &options).unwrap(), &first);
    }
}

#[test]
fn reserved_group_names_get_their_own_modules_and_keep_their_operations() {
    let api = arbitrary::reserved_names_api();
    let files = generate(&api, &Options::new("arbitrary")).unwrap();
    check_modules(&api, &files).unwrap();
    let lib = &files["src/lib.rs"];
    for module in [
        "lib_group",
        "main_group",
        "mod_group",
        "time_group",
        "chrono_group",
        "serde_group",
        "reqwest_group",
        "client_group",
        "types_group",
        "std_group",
        "core_group",
        "crate_group",
        "self_group",
        "super_group",
        "type_group",
        "arbitrary_group",
    ] {
        assert!(lib.contains(&format!("pub mod {module};")), "{module}");
        assert!(files.contains_key(&format!("src/{module}.rs")), "{module}");
    }
    // The vendored `time.rs` is the runtime, and the `time` group's operation is in its module.
    assert!(files["src/time.rs"].contains("pub struct Timestamp"));
    assert!(files["src/time_group.rs"].contains("pub fn time("));
    assert!(files["Cargo.toml"].contains("\ntime_group = []\n"));
}
