//! Reading one side of `apiscrape diff`: a model JSON file, an OpenAPI document or
//! documentation pages.

use crate::pipeline;
use anyhow::{bail, Context, Result};
use apiscrape_model::{Api, FinishedApi};
use std::path::Path;

/// Loads a model JSON file (as written by `apiscrape parse` or `generated/<api>/model.json`).
pub fn load_model(path: &Path) -> Result<Api> {
    parse_model(path, &read_model(path)?)
}

/// The text of the model JSON file at `path`.
pub fn read_model(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The model `text` holds (read from `path`, which messages name), as [`load_model`] reads it.
pub fn parse_model(path: &Path, text: &str) -> Result<Api> {
    let mut api: Api = serde_json::from_str(text)
        .with_context(|| format!("{} is not an apiscrape model", path.display()))?;
    let readable =
        apiscrape_model::OLDEST_READABLE_SCHEMA_VERSION..=apiscrape_model::SCHEMA_VERSION;
    if !readable.contains(&api.schema_version) {
        bail!(
            "{} has model schema_version {}, this apiscrape reads {} to {}",
            path.display(),
            api.schema_version,
            readable.start(),
            readable.end()
        );
    }
    // Older shapes read with the defaults of the newer fields, which keep their meaning.
    api.schema_version = apiscrape_model::SCHEMA_VERSION;
    Ok(api)
}

/// What a path given to `diff` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideKind {
    /// A model JSON file.
    Model,
    /// An OpenAPI 3.0 / 3.1 document (YAML or JSON).
    OpenApi,
    /// Documentation pages (a page file or a folder of them).
    Pages,
    /// A `.json`, `.yaml` or `.yml` file that is neither a model nor an OpenAPI document.
    OtherData,
}

/// Loads an OpenAPI document (its warnings are diagnostics in the model).
pub fn load_openapi(path: &Path) -> Result<Api> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(apiscrape_openapi::import(
        &path.display().to_string(),
        &text,
    )?)
}

/// Decides what `path` holds: a `.json` file whose top level has `schema_version` is a model;
/// a `.yaml`, `.yml` or `.json` file with a top-level `openapi` key is an OpenAPI document;
/// any other such file is [`SideKind::OtherData`]; anything else is read as pages.
pub fn side_kind(path: &Path) -> SideKind {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if path.is_file() && ["json", "yaml", "yml"].contains(&ext.as_str()) {
        let head = std::fs::read_to_string(path).unwrap_or_default();
        if apiscrape_openapi::looks_like_openapi(&head) {
            return SideKind::OpenApi;
        }
        if ext == "json" && head.contains("\"schema_version\"") {
            return SideKind::Model;
        }
        return SideKind::OtherData;
    }
    SideKind::Pages
}

/// Loads one side: a model JSON, an OpenAPI document or pages parsed with `dialect`,
/// finished ([`apiscrape_model::finish()`]: every operation named, as the emitters see it).
pub fn load_side(path: &Path, dialect: &str, progress: bool) -> Result<FinishedApi> {
    load_side_of_kind(path, dialect, progress).map(|(_, api)| api)
}

/// [`load_side`], also saying what the side was.
pub fn load_side_of_kind(
    path: &Path,
    dialect: &str,
    progress: bool,
) -> Result<(SideKind, FinishedApi)> {
    let kind = side_kind(path);
    let api = match kind {
        SideKind::Model => load_model(path)?,
        SideKind::OpenApi => load_openapi(path)?,
        SideKind::OtherData => bail!(
            "{} is neither an apiscrape model (no top-level `schema_version`) nor an OpenAPI document (no top-level `openapi`)",
            path.display()
        ),
        SideKind::Pages => {
            let files = apiscrape_parse::list_inputs(&[path.to_path_buf()])?;
            let choice = pipeline::dialect_choice(Some(dialect))?;
            pipeline::parse_with_progress(&files, choice, progress)
        }
    };
    let api = apiscrape_model::finish(api).with_context(|| path.display().to_string())?;
    Ok((kind, api))
}
