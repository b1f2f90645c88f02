//! Reading one side of `apiscrape diff`: a model JSON file or documentation pages.

use crate::pipeline;
use anyhow::{bail, Context, Result};
use apiscrape_model::Api;
use std::path::Path;

/// Loads a model JSON file (as written by `apiscrape parse` or `generated/<api>/model.json`).
pub fn load_model(path: &Path) -> Result<Api> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let api: Api = serde_json::from_str(&text)
        .with_context(|| format!("{} is not an apiscrape model", path.display()))?;
    if api.schema_version != apiscrape_model::SCHEMA_VERSION {
        bail!(
            "{} has model schema_version {}, this apiscrape reads {}",
            path.display(),
            api.schema_version,
            apiscrape_model::SCHEMA_VERSION
        );
    }
    Ok(api)
}

/// What a path given to `diff` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SideKind {
    /// A model JSON file.
    Model,
    /// Documentation pages (a page file or a folder of them).
    Pages,
}

/// Decides what `path` holds: a `.json` file whose top level has `schema_version` is a model;
/// anything else is read as pages.
pub fn side_kind(path: &Path) -> SideKind {
    if path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let head = std::fs::read_to_string(path).unwrap_or_default();
        if head.contains("\"schema_version\"") {
            return SideKind::Model;
        }
    }
    SideKind::Pages
}

/// Loads one side: a model JSON or pages parsed with `dialect` (operation ids assigned).
pub fn load_side(path: &Path, dialect: &str, progress: bool) -> Result<Api> {
    match side_kind(path) {
        SideKind::Model => load_model(path),
        SideKind::Pages => {
            let files = apiscrape_parse::list_inputs(&[path.to_path_buf()])?;
            let choice = pipeline::dialect_choice(Some(dialect))?;
            let mut api = pipeline::parse_with_progress(&files, choice, progress);
            apiscrape_model::naming::assign_operation_ids(&mut api);
            Ok(api)
        }
    }
}
