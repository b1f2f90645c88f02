//! Helpers shared by apiscrape-parse's test binaries: reading the RamBase pages, the
//! third-party conformance pages, and the projections of a model the assertions compare.
#![allow(dead_code, reason = "each test binary uses a part of these helpers")]

use apiscrape_model::{Api, NamedType, Operation, ParamLocation, Primitive, TypeRef};
use apiscrape_parse::{parse_pages, DialectChoice, Page};
use std::path::{Path, PathBuf};

/// The RamBase pages of `input-docs/` (the seed and our renderings of the same site).
pub const RAMBASE_PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../input-docs/rambase/");

/// The RamBase page fixtures of this crate.
pub const RAMBASE_FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/rambase/");

/// The page `file` of `input-docs/rambase/` parsed alone (dialect detected), named
/// `rambase/<file>`.
pub fn rambase_page(file: &str) -> Api {
    let text = std::fs::read_to_string(format!("{RAMBASE_PAGES}{file}")).expect(file);
    parse_pages(
        vec![Page::new(format!("rambase/{file}"), text)],
        DialectChoice::Auto,
    )
}

/// The page `file` of `tests/fixtures/rambase/` parsed alone (dialect detected), named `file`.
pub fn rambase_fixture(file: &str) -> Api {
    let text = std::fs::read_to_string(format!("{RAMBASE_FIXTURES}{file}")).expect(file);
    parse_pages(vec![Page::new(file, text)], DialectChoice::Auto)
}

/// The page `rel` of `tests/fixtures/aspnet/`, named `rel`.
pub fn aspnet_fixture(rel: &str) -> Page {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/aspnet")
        .join(rel);
    Page::read(&path, rel).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every page of a directory (not recursing), in name order, named by file name (so models
/// do not depend on where the checkout lives).
pub fn pages_in(dir: &Path) -> Vec<Page> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| Page::read(p, p.file_name().unwrap().to_string_lossy().into_owned()).unwrap())
        .collect()
}

/// The model without provenance and diagnostic locations, to compare renderings of one site.
pub fn without_provenance(mut api: Api) -> Api {
    for op in &mut api.operations {
        op.provenance.clear();
    }
    for t in api.types.values_mut() {
        t.provenance.clear();
    }
    for d in &mut api.diagnostics {
        d.location = None;
    }
    api
}

/// The third-party Help Pages of `../shared/conformance/aspnet-html`, or `None` (with a
/// `skipped: ...` line) when they are not beside the checkout; with `CI` set, a failure.
pub fn conformance_dir() -> Option<PathBuf> {
    apiscrape_test_support::shared_or_skip("conformance/aspnet-html")
}

/// A primitive type.
pub fn prim(p: Primitive) -> TypeRef {
    TypeRef::primitive(p)
}

/// Each parameter of `op` as (name, location, type, required, default).
pub fn params(op: &Operation) -> Vec<(&str, ParamLocation, TypeRef, bool, Option<&str>)> {
    op.parameters
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.location,
                p.ty.clone(),
                p.required,
                p.constraints.default.as_deref(),
            )
        })
        .collect()
}

/// Each field of `t` as (name, type).
pub fn field_types(t: &NamedType) -> Vec<(&str, TypeRef)> {
    t.fields()
        .iter()
        .map(|f| (f.name.as_str(), f.ty.clone()))
        .collect()
}

/// Each field of `t` as (name, JSON key).
pub fn json_keys(t: &NamedType) -> Vec<(&str, &str)> {
    t.fields()
        .iter()
        .map(|f| (f.name.as_str(), f.json_key()))
        .collect()
}
