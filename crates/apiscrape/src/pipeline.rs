//! The main job for one API: pages -> model (with config applied) -> every artifact as text.

use crate::config::ApiConfig;
use anyhow::{bail, Context, Result};
use apiscrape_model::{Api, FinishedApi};
use apiscrape_parse::{DialectChoice, PageFile};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
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
    parse_cached(files, choice, progress, None).assemble()
}

/// [`parse_with_progress`] up to the cross-page work ([`apiscrape_parse::Merged::assemble`]),
/// taking each page's fragment from `pages` when it is cached there (see [`crate::cache`]);
/// the model is the same.
pub fn parse_cached(
    files: &[PageFile],
    choice: DialectChoice,
    progress: bool,
    pages: Option<(&crate::cache::PageCache<'_>, Option<&[String]>)>,
) -> apiscrape_parse::Merged {
    let parse = |on_page: &(dyn Fn(&str) + Sync)| match pages {
        Some((pages, keys)) => crate::cache::merge_files(files, choice, pages, keys, on_page),
        None => apiscrape_parse::merge_files_with_progress(files, choice, on_page),
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

/// Parses the pages of `inputs` (relative to `root`), applies the config entry (patches,
/// renames, title, base URL) and finishes the model ([`apiscrape_model::finish()`]: every other
/// operation named, ids checked for uniqueness).
pub fn build_api(
    root: &Path,
    inputs: &[PathBuf],
    config: &ApiConfig,
    progress: bool,
) -> Result<FinishedApi> {
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
) -> Result<FinishedApi> {
    let files = list_pages(root, inputs, config)?;
    let choice = dialect_choice(config.dialect.as_deref())?;
    let pages = cache.map(|c| c.pages(&config.name, choice));
    finish_api(
        merge_pages(&files, config, progress, pages.as_ref(), None)?,
        config,
    )
}

/// The pages of an API's input folders `inputs` (under `root`), less the config's
/// `skip_pages` (each of which must match a page).
pub fn list_pages(root: &Path, inputs: &[PathBuf], config: &ApiConfig) -> Result<Vec<PageFile>> {
    let _listing = crate::timing::span("list pages");
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
    Ok(files)
}

/// The pages `files` under `config` up to the cross-page work: each page's fragment read, or
/// taken from `pages` when it is cached there (`keys`: the pages' keys from
/// [`crate::cache::PageCache::keys`], when this run has them), and merged. [`finish_api`]
/// finishes the model.
pub fn merge_pages(
    files: &[PageFile],
    config: &ApiConfig,
    progress: bool,
    pages: Option<&crate::cache::PageCache<'_>>,
    keys: Option<&[String]>,
) -> Result<apiscrape_parse::Merged> {
    let choice = dialect_choice(config.dialect.as_deref())?;
    let _parsing = crate::timing::span("parse (pages, merge)");
    Ok(parse_cached(
        files,
        choice,
        progress,
        pages.map(|p| (p, keys)),
    ))
}

/// The finished model of merged pages under `config`: the dialects' cross-page work
/// ([`apiscrape_parse::Merged::assemble`]), the config applied and the model finished.
pub fn finish_api(merged: apiscrape_parse::Merged, config: &ApiConfig) -> Result<FinishedApi> {
    let assembling = crate::timing::span("dialect finish");
    let mut api = merged.assemble();
    drop(assembling);
    let _finishing = crate::timing::span("config and finish");
    apply_config(&mut api, config)?;
    apiscrape_model::finish(api).with_context(|| format!("api `{}`", config.name))
}

/// Applies a config entry's overrides to a parsed model. An override whose operation no
/// longer exists fails, so a fixed or renamed page is noticed instead of silently shadowed.
///
/// Renaming an operation has one way: a patch with `rename` sets the operation's id before
/// [`apiscrape_model::finish()`], which keeps it. `[api.operation_ids]` entries are the same
/// patches written shorter (applied after the `[[api.patch]]` entries, recorded in provenance
/// alike).
pub fn apply_config(api: &mut Api, config: &ApiConfig) -> Result<()> {
    crate::overrides::apply(api, &config.patches, crate::config::CONFIG_FILE)?;
    let renames: Vec<crate::overrides::Patch> = config
        .operation_ids
        .iter()
        .map(|(key, id)| crate::overrides::Patch::rename(key, id))
        .collect();
    crate::overrides::apply(api, &renames, crate::config::CONFIG_FILE)
        .with_context(|| format!("api `{}`: operation_ids", config.name))?;
    if let Some(title) = &config.title {
        api.title = title.clone();
    }
    if let Some(url) = &config.base_url {
        api.base_urls.retain(|u| u != url);
        api.base_urls.insert(0, url.clone());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::apply_config;
    use crate::config::Config;
    use apiscrape_model::{finish, Api, Method, Operation, Response, ResponseContent};

    fn two_operations() -> Api {
        let mut api = Api::new("T");
        let mut a = Operation::new(Method::Get, "/a");
        a.responses.push(Response {
            status: 404,
            description: None,
            content: ResponseContent::Empty,
        });
        api.operations.push(a);
        api.operations.push(Operation::new(Method::Get, "/b"));
        api
    }

    fn config(extra: &str) -> crate::config::ApiConfig {
        Config::parse(&format!("[[api]]\nname = \"t\"\n{extra}"))
            .unwrap()
            .apis
            .remove(0)
    }

    /// `[api.operation_ids]` renames through the patch code (recorded in provenance), and
    /// `finish` keeps the id; a stale key fails naming the table.
    #[test]
    fn operation_id_entries_are_rename_patches() {
        let mut api = two_operations();
        apply_config(
            &mut api,
            &config("[api.operation_ids]\n\"GET /a\" = \"fetchA\"\n"),
        )
        .unwrap();
        let api = finish(api).unwrap();
        let ids: Vec<&str> = api.finished_operations().map(|o| o.id()).collect();
        assert_eq!(ids, ["fetchA", "getB"]);
        assert_eq!(
            api.operations[0].provenance[0].note.as_deref(),
            Some("override: rename to fetchA")
        );

        let err = apply_config(
            &mut two_operations(),
            &config("[api.operation_ids]\n\"GET /gone\" = \"x\"\n"),
        )
        .unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            "api `t`: operation_ids: patch `GET /gone` in apiscrape.toml: no operation `GET /gone` in the docs"
        );
    }

    /// Two renames to one id are refused when the model is finished, naming both operations
    /// (the OpenAPI emitter used to find this, after the docs and client were rendered).
    #[test]
    fn colliding_renames_fail_naming_both_operations() {
        let mut api = two_operations();
        let cfg = config(
            "[[api.patch]]\ntarget = \"GET /b\"\nrename = \"same\"\n\
             [api.operation_ids]\n\"GET /a\" = \"same\"\n",
        );
        apply_config(&mut api, &cfg).unwrap();
        assert_eq!(
            finish(api).unwrap_err().to_string(),
            "operationId `same` is used by both `GET /a` and `GET /b`"
        );
    }

    /// Bug fix: a response a patch adds (`add_error_codes`) was appended after the documented
    /// ones, out of the model's status order; finishing puts it in order.
    #[test]
    fn patched_error_responses_are_in_status_order_once_finished() {
        let mut api = two_operations();
        let cfg = config(
            "[[api.patch]]\ntarget = \"GET /a\"\n\
             add_error_codes = [{ code = \"7\", status = 403, message = \"No\" }]\n",
        );
        apply_config(&mut api, &cfg).unwrap();
        let statuses = |api: &Api| -> Vec<u16> {
            api.operations[0]
                .responses
                .iter()
                .map(|r| r.status)
                .collect()
        };
        assert_eq!(statuses(&api), [404, 403]);
        assert_eq!(statuses(&finish(api).unwrap()), [403, 404]);
    }

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
pub fn write_model_json(api: &Api, header: &str, w: impl std::io::Write) -> Result<()> {
    // The serialiser writes a few bytes at a time: into a buffer of a known type, not through
    // `w` (often a `dyn Write`, one call per write: 35 against 27 ms for the model of 5,000
    // Help Pages).
    use std::io::Write as _;
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, w);
    serde_json::to_writer_pretty(
        &mut w,
        &ModelFile {
            generated: header.strip_prefix("@generated ").unwrap_or(header),
            api,
        },
    )?;
    w.write_all(b"\n")?;
    w.flush()?;
    Ok(())
}

/// What rendering can reuse from an earlier run (the generate cache implements it, see
/// [`crate::cache`]): files already on disk with exactly the bytes they would render to.
pub trait Reuse: Sync {
    /// Whether the file `rel` (relative to the API's output folder), rendered from what
    /// `fingerprint` digests, is on disk with the bytes rendering gives.
    fn unchanged(&self, rel: &str, fingerprint: &Fingerprint) -> bool;
    /// Where the docs keep rendered fragments of `index.html` between runs.
    fn fragments(&self) -> Option<&dyn apiscrape_emit_docs::Fragments>;
    /// Where the Rust client remembers its quoting between runs.
    fn quotes(&self) -> Option<&dyn apiscrape_emit_rust::memo::QuoteMemo>;
    /// Where `openapi.yaml` keeps the text of its path items and schemas between runs.
    fn openapi(&self) -> Option<&dyn apiscrape_openapi::EntryMemo>;
}

/// The fingerprint of what an output file is rendered from (see the emitters' `units`).
pub type Fingerprint = [u8; 32];

/// Where [`render_all`] hands each file as soon as it is rendered: its path relative to the
/// API's output folder and its [`Contents`], which are dropped once the sink returns. Called
/// from several threads.
pub type Sink<'a> = dyn Fn(&str, Contents<'_>) -> Result<()> + Sync + 'a;

/// Writes a file's bytes to the writer it is given (see [`Contents::Stream`]).
pub type WriteFile<'a> = dyn Fn(&mut dyn std::io::Write) -> Result<()> + Sync + 'a;

/// A file's contents as [`render_all`] hands them to the [`Sink`].
#[derive(Clone, Copy)]
pub enum Contents<'a> {
    /// The whole text.
    Text(&'a str),
    /// A file as large as the model (`model.json`, `openapi.yaml`), never held whole: the
    /// function writes its bytes piece by piece. The sink may call it more than once (to
    /// compare, then to write); each call writes the same bytes from the start, and stops
    /// at the first error of the writer.
    Stream(&'a WriteFile<'a>),
}

impl Contents<'_> {
    /// The whole text (a streamed file is written into memory for it).
    pub fn text(&self) -> Result<std::borrow::Cow<'_, str>> {
        match *self {
            Contents::Text(text) => Ok(text.into()),
            Contents::Stream(write) => {
                let mut bytes = Vec::new();
                write(&mut bytes)?;
                Ok(String::from_utf8(bytes)?.into())
            }
        }
    }
}

/// An API's artifacts as [`render_all`] gives them (their texts went to the [`Sink`]).
#[derive(Debug, Default)]
pub struct Artifacts {
    /// Relative path -> digest ([`crate::cache::hex_digest`]) of the contents, for every file
    /// that was rendered.
    pub files: BTreeMap<String, String>,
    /// Files not rendered because [`Reuse::unchanged`] said they are on disk already.
    pub unchanged: BTreeSet<String>,
    /// The fingerprint of every file that has one (the docs and the Rust client).
    pub fingerprints: BTreeMap<String, Fingerprint>,
    /// What the emitters report about the model (what the client cannot do as documented).
    pub diagnostics: Vec<apiscrape_model::Diagnostic>,
}

/// One file of an emitter's units: rendered (and handed over), or left out as unchanged.
struct UnitFile {
    path: String,
    fingerprint: Fingerprint,
    /// The digest ([`crate::cache::hex_digest`]) of the rendered text; `None` when left out as
    /// unchanged.
    digest: Option<String>,
}

/// Renders every artifact of one API and hands each file to `sink` as soon as it is rendered:
/// `model.json`, `openapi.yaml` (3.1, `info.version` = `version`), `docs/` and the Rust client
/// crate in `rust/` (package version `version`). The emitters run side by side, and the
/// docs' pages in parallel; no file's text outlives its call of `sink`, so memory holds the
/// model, the emitters' working data and the files being rendered, never every output. A file
/// of the docs or the client that `reuse` has on disk already for its fingerprint is not
/// rendered (listed in [`Artifacts::unchanged`]); every other file is rendered exactly as
/// without it. `model_json`: the digest of `model.json` when the caller handed it to `sink`
/// already ([`hand_over_model_json`]); then it is not rendered again.
pub fn render_all(
    api: &FinishedApi,
    config: &ApiConfig,
    emitted: &Emitted<'_>,
    reuse: Option<&dyn Reuse>,
    sink: &Sink<'_>,
) -> Result<Artifacts> {
    let Emitted {
        header,
        version,
        templates_dir,
        docs_templates,
        client_calls: calls,
        model_json,
    } = *emitted;
    let rust_options = apiscrape_emit_rust::Options {
        crate_name: config.crate_name(),
        crate_version: version.to_string(),
        header: Some(header.to_string()),
    };
    let docs = || -> Result<Vec<UnitFile>> {
        let options = apiscrape_emit_docs::Options {
            templates_dir: templates_dir.map(Path::to_path_buf),
            header: Some(header.to_string()),
            client_calls: match calls {
                Some(calls) => calls.clone(),
                None => client_calls(api, &config.crate_name())?,
            },
        };
        docs_files(api, &options, docs_templates, reuse, &|rel, text| {
            sink(&format!("docs/{rel}"), text)
        })
    };
    // The docs first: theirs is the longest chain of work that runs on one thread (the site's
    // data, `index.html`, and the client calls unless they are given), so it starts at once.
    // Then `openapi.yaml`, one thread's work from start to end, and the Rust client last: its
    // files are printed in parallel, so it fills whatever threads the others leave.
    let (docs, (single, rust)) = rayon::join(docs, || {
        rayon::join(
            || {
                let memo = reuse.and_then(Reuse::openapi);
                single_files(api, header, version, model_json, memo, sink)
            },
            || {
                rust_files(api, &rust_options, reuse, &|rel, text| {
                    sink(&format!("rust/{rel}"), text)
                })
            },
        )
    });
    let mut out = single?;
    for (folder, files) in [("docs", docs?), ("rust", rust?)] {
        for file in files {
            let path = format!("{folder}/{}", file.path);
            out.fingerprints.insert(path.clone(), file.fingerprint);
            match file.digest {
                Some(digest) => {
                    out.files.insert(path, digest);
                }
                None => {
                    out.unchanged.insert(path);
                }
            }
        }
    }
    Ok(out)
}

/// What a generation's outputs are rendered with besides the model and the config entry.
#[derive(Debug, Clone, Copy)]
pub struct Emitted<'a> {
    /// The `@generated` header.
    pub header: &'a str,
    /// The generation's version (`info.version` of `openapi.yaml`, the crate's version).
    pub version: &'a str,
    /// The docs templates folder, when the config names one.
    pub templates_dir: Option<&'a Path>,
    /// The docs templates of `templates_dir` read and compiled already (else the docs do it).
    pub docs_templates: Option<&'a apiscrape_emit_docs::Templates>,
    /// The client calls the docs show ([`client_calls`]), computed already (else the docs do).
    pub client_calls: Option<&'a BTreeMap<String, apiscrape_emit_docs::ClientCall>>,
    /// The digest of `model.json` when it was handed to the sink already
    /// ([`hand_over_model_json`]).
    pub model_json: Option<&'a str>,
}

/// Hands `model.json` of `api` to `sink` and gives its digest ([`crate::cache::hex_digest`]):
/// the digest that tells whether the model changed, taken from the file's one rendering.
pub fn hand_over_model_json(api: &FinishedApi, header: &str, sink: &Sink<'_>) -> Result<String> {
    hand_over_stream(sink, "model.json", &|w| write_model_json(api, header, w))
}

/// Hands `text` to `sink` as `rel` and gives its digest (hex, [`crate::cache::hex_digest`]).
fn hand_over(sink: &Sink<'_>, rel: &str, text: &str) -> Result<String> {
    sink(rel, Contents::Text(text))?;
    Ok(crate::cache::hex_digest(text.as_bytes()))
}

/// Hands the file `write` writes to `sink` as `rel`, streamed ([`Contents::Stream`]), and
/// gives its digest (hex, [`crate::cache::hex_digest`]), taken as the bytes pass.
fn hand_over_stream(sink: &Sink<'_>, rel: &str, write: &WriteFile<'_>) -> Result<String> {
    let digest = std::sync::Mutex::new(None);
    let hashing = |w: &mut dyn std::io::Write| -> Result<()> {
        let mut tee = std::io::BufWriter::with_capacity(
            64 * 1024,
            Tee {
                inner: w,
                hasher: blake3::Hasher::new(),
            },
        );
        write(&mut tee)?;
        let tee = tee.into_inner().map_err(|e| e.into_error())?;
        let hex = crate::cache::to_hex(tee.hasher.finalize().as_bytes());
        *digest.lock().unwrap_or_else(|e| e.into_inner()) = Some(hex);
        Ok(())
    };
    sink(rel, Contents::Stream(&hashing))?;
    let digest = digest.into_inner().unwrap_or_else(|e| e.into_inner());
    digest.with_context(|| format!("{rel} was handed over but never written"))
}

/// A writer that hashes what passes through it.
struct Tee<'a> {
    inner: &'a mut dyn std::io::Write,
    hasher: blake3::Hasher,
}

impl std::io::Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// `model.json` and `openapi.yaml` (each one file, streamed to the sink), and what the
/// emitters report about the model.
fn single_files(
    api: &FinishedApi,
    header: &str,
    version: &str,
    model_json: Option<&str>,
    memo: Option<&dyn apiscrape_openapi::EntryMemo>,
    sink: &Sink<'_>,
) -> Result<Artifacts> {
    let t = crate::timing::span("render model.json and openapi");
    // The two files side by side (`model.json` unless it was handed over already).
    let (model, openapi) = rayon::join(
        || match model_json {
            Some(digest) => Ok(digest.to_string()),
            None => hand_over_model_json(api, header, sink),
        },
        || -> Result<(String, Vec<apiscrape_model::Diagnostic>)> {
            // The default OpenAPI version, for which `apiscrape_openapi::diagnostics` lowers
            // too.
            let document = apiscrape_openapi::Document::new(
                api,
                &apiscrape_openapi::Options {
                    header: Some(header.to_string()),
                    // The document's version is the generation's (see `versioning`).
                    api_version: Some(version.to_string()),
                    ..Default::default()
                },
            );
            let document = match memo {
                Some(memo) => document.remembering(memo),
                None => document,
            };
            // Lowered path item by path item as the sink takes the file.
            let openapi = hand_over_stream(sink, "openapi.yaml", &|w| Ok(document.write_to(w)?))?;
            Ok((openapi, document.warnings()))
        },
    );
    let (model, (openapi, mut diagnostics)) = (model?, openapi?);
    drop(t);
    let _t = crate::timing::span("emitter diagnostics");
    diagnostics.extend(apiscrape_emit_rust::diagnostics(api));
    Ok(Artifacts {
        files: BTreeMap::from([
            ("model.json".to_string(), model),
            ("openapi.yaml".to_string(), openapi),
        ]),
        diagnostics,
        ..Artifacts::default()
    })
}

/// Whether each of `files` (path under `folder`, fingerprint) is unchanged on disk, checked in
/// parallel.
fn unchanged(
    folder: &str,
    files: &[(String, Fingerprint)],
    reuse: Option<&dyn Reuse>,
) -> Vec<bool> {
    use rayon::prelude::*;
    match reuse {
        None => vec![false; files.len()],
        Some(reuse) => files
            .par_iter()
            .map(|(path, fingerprint)| reuse.unchanged(&format!("{folder}/{path}"), fingerprint))
            .collect(),
    }
}

/// The Rust client's files, those `reuse` has left out.
fn rust_files(
    api: &FinishedApi,
    options: &apiscrape_emit_rust::Options,
    reuse: Option<&dyn Reuse>,
    sink: &Sink<'_>,
) -> Result<Vec<UnitFile>> {
    let _t = crate::timing::span("render rust");
    let skip = |path: &str, fingerprint: &Fingerprint| {
        reuse.is_some_and(|r| r.unchanged(&format!("rust/{path}"), fingerprint))
    };
    let memo = reuse.and_then(Reuse::quotes);
    // Each file goes to the sink from the thread that printed it, and is dropped there.
    let hand = |unit: apiscrape_emit_rust::RenderedUnit| -> Result<UnitFile> {
        Ok(UnitFile {
            digest: match &unit.text {
                Some(text) => Some(hand_over(sink, &unit.path, text)?),
                None => None,
            },
            path: unit.path,
            fingerprint: unit.fingerprint,
        })
    };
    apiscrape_emit_rust::render_units_each(api, options, &skip, memo, &hand)?
        .into_iter()
        .collect()
}

/// The docs' files, rendered in parallel, those `reuse` has left out.
fn docs_files(
    api: &FinishedApi,
    options: &apiscrape_emit_docs::Options,
    templates: Option<&apiscrape_emit_docs::Templates>,
    reuse: Option<&dyn Reuse>,
    sink: &Sink<'_>,
) -> Result<Vec<UnitFile>> {
    use rayon::prelude::*;
    let _t = crate::timing::span("render docs");
    let t = crate::timing::span("docs units (views, fingerprints)");
    let site = match templates {
        Some(templates) => apiscrape_emit_docs::units_with(api, options, templates)?,
        None => apiscrape_emit_docs::units(api, options)?,
    };
    drop(t);
    let keys: Vec<(String, Fingerprint)> = site
        .units()
        .iter()
        .map(|u| (u.path.clone(), u.fingerprint))
        .collect();
    let keep = unchanged("docs", &keys, reuse);
    let fragments = reuse.and_then(|r| r.fragments());
    // `README.md` and `index.html` take longest. When most pages are rendered (a first run),
    // `README.md` is taken in the middle and `index.html` last, as the units come, so that
    // they are rendered side by side rather than one after the other on one thread, and
    // `index.html`'s articles are not held beside every other page being rendered. When most
    // pages are on disk already, `index.html` is taken first: it is the longest work left.
    let mut order: Vec<usize> = (0..site.units().len()).collect();
    if let Some(at) = order
        .iter()
        .position(|&i| site.units()[i].path == "README.md")
    {
        let readme = order.remove(at);
        order.insert(order.len() / 2, readme);
    }
    let rendered = keep.iter().filter(|keep| !**keep).count();
    if rendered < keep.len() / 2 {
        if let Some(at) = order
            .iter()
            .position(|&i| site.units()[i].holds_the_whole_api())
        {
            let index = order.remove(at);
            order.insert(0, index);
        }
    }
    let mut files = order
        .par_iter()
        .map(|&i| (i, &site.units()[i], keep[i]))
        .map(|(i, unit, keep)| -> Result<(usize, UnitFile)> {
            let digest = if keep {
                None
            } else if unit.holds_the_whole_api() {
                let write = |w: &mut dyn std::io::Write| -> Result<()> {
                    Ok(site.render_to(unit, fragments, w)?)
                };
                Some(hand_over_stream(sink, &unit.path, &write)?)
            } else {
                Some(hand_over(sink, &unit.path, &site.render(unit, fragments)?)?)
            };
            let file = UnitFile {
                path: unit.path.clone(),
                fingerprint: unit.fingerprint,
                digest,
            };
            Ok((i, file))
        })
        .collect::<Result<Vec<_>>>()?;
    // In the units' order again.
    files.sort_by_key(|(i, _)| *i);
    Ok(files.into_iter().map(|(_, file)| file).collect())
}

/// How the generated Rust client of crate `crate_name` calls each operation, by `METHOD
/// /path`: computed by the Rust emitter and handed to the docs, so the docs show the client's
/// own method names and arguments (the emitters do not depend on each other). The calls depend
/// on the model and the crate's name alone.
pub fn client_calls(
    api: &FinishedApi,
    crate_name: &str,
) -> Result<BTreeMap<String, apiscrape_emit_docs::ClientCall>> {
    let _t = crate::timing::span("client calls");
    let rust = apiscrape_emit_rust::Options::new(crate_name);
    Ok(apiscrape_emit_rust::call_shapes(api, &rust)?
        .into_iter()
        .map(|shape| {
            let call = apiscrape_emit_docs::ClientCall {
                method: shape.method,
                arguments: shape.arguments.into_iter().map(|a| a.written).collect(),
            };
            (shape.key, call)
        })
        .collect())
}

/// Replaces folder `dir` as a whole with the rendered `files` (see
/// [`crate::output::replace_dir`]): a failure or a kill leaves the old folder, never a mixture;
/// files not in `files` are kept; nothing is touched when nothing changed. Returns how many
/// files were written.
pub fn write_tree(dir: &Path, files: &BTreeMap<String, String>) -> Result<usize> {
    crate::output::replace_dir(dir, files)
}
