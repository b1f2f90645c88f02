//! The main job for one API: pages -> model (with config applied) -> every artifact as text.

use crate::config::ApiConfig;
use anyhow::{bail, Result};
use apiscrape_model::Api;
use apiscrape_parse::{DialectChoice, PageFile};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Pages at or above which a progress bar is shown (on a terminal).
pub const PROGRESS_THRESHOLD: usize = 50;

/// The progress bars' layout: elapsed time, bar, counter and rate first, then the message
/// (a page or URL) in the width that is left, cut to fit so it never pushes the counter away.
pub const PROGRESS_TEMPLATE: &str =
    "{elapsed_precise} {bar:30} {pos}/{len} pages ({per_sec}, ~{eta} left) {wide_msg}";

/// A progress bar of `len` pages in the [`PROGRESS_TEMPLATE`] layout.
pub fn progress_bar(len: u64) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template(PROGRESS_TEMPLATE)
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// Parses page files with a progress bar on stderr when `progress` is set, stderr is a
/// terminal and there are many pages.
pub fn parse_with_progress(files: &[PageFile], choice: DialectChoice, progress: bool) -> Api {
    parse_cached(files, choice, progress, None)
}

/// [`parse_with_progress`], taking each page's fragment from `pages` when it is cached there
/// (see [`crate::cache`]); the model is the same.
pub fn parse_cached(
    files: &[PageFile],
    choice: DialectChoice,
    progress: bool,
    pages: Option<&crate::cache::PageCache<'_>>,
) -> Api {
    let parse = |on_page: &(dyn Fn(&str) + Sync)| match pages {
        Some(pages) => crate::cache::parse_files(files, choice, pages, on_page),
        None => apiscrape_parse::parse_files_with_progress(files, choice, on_page),
    };
    if progress && files.len() >= PROGRESS_THRESHOLD && std::io::stderr().is_terminal() {
        let bar = progress_bar(files.len() as u64);
        let api = parse(&|source| {
            bar.set_message(source.to_string());
            bar.inc(1)
        });
        bar.finish_and_clear();
        api
    } else {
        parse(&|_| {})
    }
}

/// The dialect choice of a config entry.
pub fn dialect_choice(name: Option<&str>) -> Result<DialectChoice> {
    let name = name.unwrap_or("auto");
    match DialectChoice::from_name(name) {
        Some(c) => Ok(c),
        None => bail!("unknown dialect `{name}` (expected auto, rambase or aspnet)"),
    }
}

/// Parses the pages of `inputs` (relative to `root`) and applies the config entry: title,
/// base URL and operation-id overrides; then assigns the remaining operation ids.
pub fn build_api(
    root: &Path,
    inputs: &[PathBuf],
    config: &ApiConfig,
    progress: bool,
) -> Result<Api> {
    build_api_cached(root, inputs, config, progress, None)
}

/// [`build_api`], with the pages' fragments taken from `cache` when they are there (see
/// [`crate::cache`]); the model is the same.
pub fn build_api_cached(
    root: &Path,
    inputs: &[PathBuf],
    config: &ApiConfig,
    progress: bool,
    cache: Option<&crate::cache::Cache>,
) -> Result<Api> {
    let mut files = apiscrape_parse::list_inputs_in(root, inputs)?;
    for skip in &config.skip_pages {
        let before = files.len();
        files.retain(|f| !inputs.iter().any(|i| Path::new(&f.source) == i.join(skip)));
        if files.len() == before {
            bail!(
                "api `{}`: skip_pages entry `{skip}` matches no page in {}",
                config.name,
                inputs
                    .iter()
                    .map(|i| i.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let choice = dialect_choice(config.dialect.as_deref())?;
    let pages = cache.map(|c| c.pages(&config.name, choice));
    let mut api = parse_cached(&files, choice, progress, pages.as_ref());
    apply_config(&mut api, config)?;
    Ok(api)
}

/// Applies a config entry's overrides to a parsed model. An override whose operation no
/// longer exists fails, so a fixed or renamed page is noticed instead of silently shadowed.
pub fn apply_config(api: &mut Api, config: &ApiConfig) -> Result<()> {
    crate::overrides::apply(api, &config.patches, crate::config::CONFIG_FILE)?;
    if let Some(title) = &config.title {
        api.title = title.clone();
    }
    if let Some(url) = &config.base_url {
        api.base_urls.retain(|u| u != url);
        api.base_urls.insert(0, url.clone());
    }
    for (key, id) in &config.operation_ids {
        match api.operations.iter_mut().find(|op| &op.key() == key) {
            Some(op) => op.operation_id = Some(id.clone()),
            None => bail!(
                "api `{}`: operation_ids override for `{key}` matches no documented operation (was the page changed?)",
                config.name
            ),
        }
    }
    apiscrape_model::naming::assign_operation_ids(api);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn progress_shows_time_and_rate_and_keeps_the_counter_ahead_of_long_messages() {
        let t = super::PROGRESS_TEMPLATE;
        assert!(indicatif::ProgressStyle::with_template(t).is_ok());
        for part in ["{elapsed_precise}", "{per_sec}", "{pos}/{len}"] {
            assert!(t.contains(part), "{part}");
        }
        // The message is last and `wide`: indicatif cuts it to the terminal's width.
        assert!(t.ends_with("{wide_msg}"));
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(10),
            indicatif::ProgressDrawTarget::hidden(),
        )
        .with_style(indicatif::ProgressStyle::with_template(t).unwrap());
        bar.set_message(format!("http://x.test/Help/{}", "a".repeat(500)));
        bar.inc(3);
        assert_eq!(bar.position(), 3);
    }
}

#[derive(Serialize)]
struct ModelFile<'a> {
    #[serde(rename = "@generated")]
    generated: &'a str,
    #[serde(flatten)]
    api: &'a Api,
}

/// The model as pretty JSON, with the `@generated` header as its first key.
pub fn model_json(api: &Api, header: &str) -> Result<String> {
    let mut bytes = Vec::new();
    write_model_json(api, header, &mut bytes)?;
    Ok(String::from_utf8(bytes)?)
}

/// Writes [`model_json`]'s bytes to `w` (without holding them).
pub fn write_model_json(api: &Api, header: &str, mut w: impl std::io::Write) -> Result<()> {
    serde_json::to_writer_pretty(
        &mut w,
        &ModelFile {
            generated: header.strip_prefix("@generated ").unwrap_or(header),
            api,
        },
    )?;
    w.write_all(b"\n")?;
    Ok(())
}

/// Every artifact of one API, relative path -> contents: `model.json`, `openapi.yaml` (3.1,
/// `info.version` = `version`), `docs/` and the Rust client crate in `rust/` (package version
/// `version`).
pub fn render_all(
    api: &Api,
    config: &ApiConfig,
    header: &str,
    version: &str,
    templates_dir: Option<&Path>,
) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    files.insert("model.json".to_string(), model_json(api, header)?);
    let openapi = apiscrape_emit_openapi::render(
        api,
        &apiscrape_emit_openapi::Options {
            header: Some(header.to_string()),
            // The document's version is the generation's (see `versioning`).
            api_version: Some(version.to_string()),
            ..Default::default()
        },
    )?;
    files.insert("openapi.yaml".to_string(), openapi);
    let docs = apiscrape_emit_docs::generate(
        api,
        &apiscrape_emit_docs::Options {
            templates_dir: templates_dir.map(Path::to_path_buf),
            header: Some(header.to_string()),
        },
    )?;
    for (path, text) in docs {
        files.insert(format!("docs/{path}"), text);
    }
    let rust = apiscrape_emit_rust::generate(
        api,
        &apiscrape_emit_rust::Options {
            crate_name: config.crate_name(),
            crate_version: version.to_string(),
            header: Some(header.to_string()),
        },
    )?;
    for (path, text) in rust {
        files.insert(format!("rust/{path}"), text);
    }
    Ok(files)
}

/// Replaces folder `dir` as a whole with the rendered `files` (see
/// [`crate::output::replace_dir`]): a failure or a kill leaves the old folder, never a mixture;
/// files not in `files` are kept; nothing is touched when nothing changed. Returns how many
/// files were written.
pub fn write_tree(dir: &Path, files: &BTreeMap<String, String>) -> Result<usize> {
    crate::output::replace_dir(dir, files)
}
