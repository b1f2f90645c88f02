//! progenitor's client for the same spec: `apiscrape-bench progenitor SPEC.json OUT`.
//!
//! Reads the OpenAPI 3.0 JSON apiscrape emitted (progenitor 0.15 reads OpenAPI 3.0 only,
//! through `openapiv3`; apiscrape's default 3.1 is refused), keeps only `application/json`
//! content (progenitor 0.15 panics on request bodies with more than one media type,
//! <https://github.com/oxidecomputer/progenitor/issues/594>, and refuses XML and `text/json`:
//! what a progenitor user has to do too), generates the client with the default settings,
//! formats it with prettyplease (as `cargo progenitor` does) and writes a crate: `src/lib.rs`
//! and a `Cargo.toml` with the dependencies progenitor's README asks for, reqwest with the
//! same TLS backend as apiscrape's client (rustls) so both compile the same HTTP stack.

use anyhow::{Context, Result};
use std::path::Path;

/// Keeps only `application/json` content in every request body and response.
pub fn json_only(spec: &mut openapiv3::OpenAPI) {
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
            &mut item.trace,
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
            if let Some(ReferenceOr::Item(r)) = &mut op.responses.default {
                r.content.retain(|k, _| k == "application/json");
            }
        }
    }
}

/// The `Cargo.toml` of progenitor's client crate; optional dependencies only when the code
/// uses them (as progenitor's README says).
pub fn manifest(code: &str) -> String {
    let mut deps = vec![
        r#"bytes = "1""#,
        r#"futures-core = "0.3""#,
        r#"progenitor-client = "0.15.1""#,
        r#"reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls"] }"#,
        r#"serde = { version = "1", features = ["derive"] }"#,
        r#"serde_json = "1""#,
        r#"serde_urlencoded = "0.7""#,
    ];
    if code.contains("chrono::") {
        deps.push(r#"chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }"#);
    }
    if code.contains("uuid::") {
        deps.push(r#"uuid = { version = "1", features = ["serde", "v4"] }"#);
    }
    if code.contains("regress::") {
        deps.push(r#"regress = "0.10""#);
    }
    format!(
        "[package]\nname = \"progenitor-bench-client\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{}\n\n# Checked on its own, not as part of the apiscrape workspace it sits under.\n[workspace]\n",
        deps.join("\n")
    )
}

/// Generates the client crate for `spec` into `out`; returns the number of operations.
pub fn generate(spec: &Path, out: &Path) -> Result<usize> {
    let text =
        std::fs::read_to_string(spec).with_context(|| format!("reading {}", spec.display()))?;
    let mut api: openapiv3::OpenAPI = serde_json::from_str(&text)
        .with_context(|| format!("{}: not an OpenAPI 3.0 document", spec.display()))?;
    json_only(&mut api);
    let operations = api.operations().count();
    let mut generator = progenitor::Generator::new(&progenitor::GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&api)
        .map_err(|e| anyhow::anyhow!("progenitor refused {}: {e}", spec.display()))?;
    let file: syn::File = syn::parse2(tokens).context("progenitor's code does not parse")?;
    let code = prettyplease::unparse(&file);
    std::fs::create_dir_all(out.join("src"))?;
    std::fs::write(out.join("Cargo.toml"), manifest(&code))?;
    std::fs::write(out.join("src/lib.rs"), code)?;
    Ok(operations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_adds_what_the_code_uses() {
        let plain = manifest("pub struct A;");
        assert!(plain.contains("progenitor-client = \"0.15.1\""));
        assert!(!plain.contains("chrono") && !plain.contains("uuid") && !plain.contains("regress"));
        assert!(plain.ends_with("[workspace]\n"));
        let rich = manifest("x: chrono::DateTime, y: uuid::Uuid, regress::Regex");
        assert!(rich.contains("chrono =") && rich.contains("uuid =") && rich.contains("regress ="));
    }

    #[test]
    fn only_json_content_is_kept() {
        let mut spec: openapiv3::OpenAPI = serde_json::from_value(serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {
                "requestBody": {"content": {
                    "application/json": {"schema": {"type": "string"}},
                    "application/xml": {"schema": {"type": "string"}}
                }},
                "responses": {"200": {"description": "ok", "content": {
                    "text/json": {"schema": {"type": "string"}},
                    "application/json": {"schema": {"type": "string"}}
                }}}
            }}}
        }))
        .unwrap();
        json_only(&mut spec);
        let value = serde_json::to_value(&spec).unwrap();
        let op = &value["paths"]["/a"]["post"];
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v.as_object().unwrap().keys().cloned().collect()
        };
        assert_eq!(keys(&op["requestBody"]["content"]), ["application/json"]);
        assert_eq!(
            keys(&op["responses"]["200"]["content"]),
            ["application/json"]
        );
    }
}
