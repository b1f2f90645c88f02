//! `apiscrape`: REST API documentation pages in, model / generated artifacts out.

use anyhow::{Context, Result};
use apiscrape::codegen::{self, Mode, Settings};
use apiscrape::config::CONFIG_FILE;
use apiscrape::pipeline;
use apiscrape_model::{Api, FinishedApi, Severity};
use apiscrape_parse::Page;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

/// The readers and emitters allocate many small strings and token trees; mimalloc serves them
/// faster than the system allocator (`cargo xtask bench` measures the difference).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

/// Turns transparent huge pages off for this process. mimalloc marks its arenas for huge
/// pages, and the kernel then zeroes 2 MiB at every first touch of memory the arenas use
/// sparsely: with them, `parse` of 5,000 ASP.NET pages peaked at 113-128 MiB with 0.20-0.30 s
/// of system time, without them at 90-92 MiB and 0.07-0.13 s, in the same user time. A
/// failure (an old kernel) leaves the setting as it was.
fn no_transparent_huge_pages() {
    #[cfg(all(feature = "mimalloc", target_os = "linux"))]
    let _ = nix::sys::prctl::set_thp_disable(true);
}

/// Turns REST API documentation pages (RamBase, ASP.NET Help Pages) into a model, OpenAPI, a
/// Rust client and docs.
#[derive(Parser)]
#[command(name = "apiscrape", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Only print errors.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// Set from the verb's [`DiagnosticArgs`] (a verb that prints no diagnostics offers none).
    #[arg(skip)]
    verbose: bool,
    /// Set from the verb's [`DiagnosticArgs`].
    #[arg(skip)]
    strict: bool,
}

/// Flags of the verbs that print diagnostics of pages.
#[derive(Args, Clone, Copy, Default)]
struct DiagnosticArgs {
    /// Also print notes (inferences the parsers made).
    #[arg(short, long)]
    verbose: bool,
    /// Treat warnings as errors (exit code 1).
    #[arg(long)]
    strict: bool,
}

/// A documentation dialect, or per-page detection.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum DialectArg {
    /// Detect the dialect of each page.
    Auto,
    /// RamBase ERP API documentation.
    Rambase,
    /// ASP.NET Web API Help Pages.
    Aspnet,
}

impl DialectArg {
    fn name(self) -> &'static str {
        match self {
            DialectArg::Auto => "auto",
            DialectArg::Rambase => "rambase",
            DialectArg::Aspnet => "aspnet",
        }
    }
}

/// An OpenAPI version to emit.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum OpenApiVersionArg {
    /// OpenAPI 3.1.0.
    #[value(name = "3.1", alias = "3.1.0")]
    V3_1,
    /// OpenAPI 3.0.3.
    #[value(name = "3.0", alias = "3.0.3")]
    V3_0,
}

/// `--crate-version`: a semver version (`1.2.3`, `0.1.0-beta.1`).
fn semver_version(s: &str) -> Result<String, String> {
    semver::Version::parse(s)
        .map(|v| v.to_string())
        .map_err(|e| format!("not a semver version (e.g. 0.1.0): {e}"))
}

#[derive(Subcommand)]
enum Command {
    /// Parse pages into the model and print it as JSON.
    Parse {
        #[command(flatten)]
        input: InputArgs,
        /// Write the model here instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Emit an OpenAPI document for the pages.
    Openapi {
        #[command(flatten)]
        input: InputArgs,
        /// Write the document here instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// OpenAPI version: 3.1 (3.1.0) or 3.0 (3.0.3).
        #[arg(long, value_enum, default_value_t = OpenApiVersionArg::V3_1)]
        openapi_version: OpenApiVersionArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DocFormat::Yaml)]
        format: DocFormat,
    },
    /// Emit Markdown and HTML documentation for the pages into a folder.
    Docs {
        #[command(flatten)]
        input: InputArgs,
        /// Output folder.
        #[arg(short, long)]
        output: PathBuf,
        /// Folder of templates replacing the built-in ones by file name.
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Emit a Rust client crate for the pages into a folder.
    Rust {
        #[command(flatten)]
        input: InputArgs,
        /// Output folder (the crate root).
        #[arg(short, long)]
        output: PathBuf,
        /// Package name of the crate.
        #[arg(long, default_value = "api-client")]
        crate_name: String,
        /// Package version of the crate (semver).
        #[arg(long, default_value = "0.1.0", value_parser = semver_version)]
        crate_version: String,
    },
    /// Crawl a documentation site (an ASP.NET `/Help` index, a RamBase documentation index or
    /// a list of pages) into a folder, with a manifest; re-fetching rewrites only changed pages.
    Fetch {
        /// Start URLs.
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
        /// Output folder (e.g. input-docs/<api>).
        #[arg(short, long)]
        output: PathBuf,
        /// Most pages to fetch.
        #[arg(long, default_value_t = 5000)]
        max_pages: usize,
        /// Largest page accepted, in bytes.
        #[arg(long, default_value_t = 10 * 1024 * 1024)]
        max_page_bytes: u64,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
        /// Pause after each request, in milliseconds, per worker.
        #[arg(long, default_value_t = 250)]
        delay_ms: u64,
        /// Timeout of one request, in seconds.
        #[arg(long, default_value_t = 30)]
        timeout_secs: u64,
    },
    /// Show what changed between two versions of an API, in API terms.
    Diff {
        /// The old side: a model JSON file, an OpenAPI file (YAML or JSON), a page file or a
        /// folder of pages.
        old: PathBuf,
        /// The new side, same forms.
        new: PathBuf,
        /// Dialect for sides that are pages.
        #[arg(long, value_enum, default_value_t = DialectArg::Auto)]
        dialect: DialectArg,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit with 1 when a change of this impact or worse is found.
        #[arg(long, value_enum, default_value_t = FailOn::Never)]
        fail_on: FailOn,
        #[command(flatten)]
        diagnostics: DiagnosticArgs,
    },
    /// Regenerate everything the config lists (what `cargo xtask codegen` runs).
    Generate {
        /// Config file.
        #[arg(long, default_value = CONFIG_FILE)]
        config: PathBuf,
        /// Compare with the files on disk instead of writing; exit 1 on any difference.
        #[arg(long)]
        check: bool,
        /// Cache of parsed pages and rendered outputs, so an unchanged or slightly changed
        /// generation is fast (default: target/apiscrape-cache beside the config; safe to
        /// delete).
        #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
        cache_dir: Option<PathBuf>,
        /// Parse and render everything, without reading or writing the cache.
        #[arg(long)]
        no_cache: bool,
        #[command(flatten)]
        diagnostics: DiagnosticArgs,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DocFormat {
    Yaml,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    Text,
    Markdown,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    /// Never fail because of changes.
    Never,
    /// Fail on breaking changes.
    Breaking,
    /// Fail on breaking or compatible changes.
    Compatible,
    /// Fail on any change, documentation included.
    Any,
}

#[derive(Args)]
struct InputArgs {
    /// Page files, directories (read recursively: .html, .htm, .txt, .md) or `-` for stdin. Pages
    /// given together form one API.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Documentation dialect.
    #[arg(long, value_enum, default_value_t = DialectArg::Auto)]
    dialect: DialectArg,
    #[command(flatten)]
    diagnostics: DiagnosticArgs,
}

impl Command {
    /// The verb's diagnostic flags (none for `fetch`, which prints no page diagnostics).
    fn diagnostics(&self) -> DiagnosticArgs {
        match self {
            Command::Parse { input, .. }
            | Command::Openapi { input, .. }
            | Command::Docs { input, .. }
            | Command::Rust { input, .. } => input.diagnostics,
            Command::Diff { diagnostics, .. } | Command::Generate { diagnostics, .. } => {
                *diagnostics
            }
            Command::Fetch { .. } => DiagnosticArgs::default(),
        }
    }
}

fn main() -> ExitCode {
    no_transparent_huge_pages();
    let mut cli = Cli::parse();
    let flags = cli.command.diagnostics();
    if cli.quiet && flags.verbose {
        use clap::CommandFactory;
        Cli::command()
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "`--quiet` and `--verbose` cannot be used together",
            )
            .exit();
    }
    (cli.verbose, cli.strict) = (flags.verbose, flags.strict);
    let whole = apiscrape::timing::span("the command");
    let result = run(&cli);
    drop(whole);
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", apiscrape::error_chain(&e));
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Parse { input, output } => {
            let api = read_inputs(input)?;
            let failed = report(cli, &api);
            let mut json = serde_json::to_string_pretty(api.api())?;
            json.push('\n');
            match output {
                Some(path) => write_unless_failed(failed, path, &json)?,
                None => print!("{json}"),
            }
            Ok(exit(failed))
        }
        Command::Openapi {
            input,
            output,
            openapi_version,
            format,
        } => {
            let api = read_inputs(input)?;
            let options = apiscrape_openapi::Options {
                version: match openapi_version {
                    OpenApiVersionArg::V3_1 => apiscrape_openapi::OpenApiVersion::V3_1,
                    OpenApiVersionArg::V3_0 => apiscrape_openapi::OpenApiVersion::V3_0,
                },
                format: match format {
                    DocFormat::Yaml => apiscrape_openapi::OutputFormat::Yaml,
                    DocFormat::Json => apiscrape_openapi::OutputFormat::Json,
                },
                header: Some(command_header()),
                ..Default::default()
            };
            // The warnings of the document written, from the same lowering as its text.
            let (text, lowering) = apiscrape_openapi::render_with_diagnostics(&api, &options)?;
            let failed = report_all(cli, &[&api.diagnostics, &lowering]);
            match output {
                Some(path) => write_unless_failed(failed, path, &text)?,
                None => print!("{text}"),
            }
            Ok(exit(failed))
        }
        Command::Docs {
            input,
            output,
            templates,
        } => docs(cli, input, output, templates.as_deref()),
        Command::Rust {
            input,
            output,
            crate_name,
            crate_version,
        } => {
            let api = read_inputs(input)?;
            let emit = apiscrape_emit_rust::diagnostics(&api);
            let failed = report_all(cli, &[&api.diagnostics, &emit]);
            let files = apiscrape_emit_rust::generate(
                &api,
                &apiscrape_emit_rust::Options {
                    crate_name: crate_name.clone(),
                    crate_version: crate_version.clone(),
                    header: Some(command_header()),
                },
            )?;
            write_tree_unless_failed(cli, failed, output, &files)?;
            Ok(exit(failed))
        }
        Command::Fetch {
            urls,
            output,
            max_pages,
            max_page_bytes,
            concurrency,
            delay_ms,
            timeout_secs,
        } => {
            let options = apiscrape_fetch::Options {
                max_pages: *max_pages,
                max_page_bytes: *max_page_bytes,
                concurrency: *concurrency,
                delay: std::time::Duration::from_millis(*delay_ms),
                timeout: std::time::Duration::from_secs(*timeout_secs),
                ..Default::default()
            };
            fetch(cli, urls, output, &options)
        }
        Command::Diff {
            old,
            new,
            dialect,
            format,
            fail_on,
            ..
        } => {
            let load = |side| apiscrape::sides::load_side_of_kind(side, dialect.name(), !cli.quiet);
            let (old_kind, old_api) = load(old)?;
            let (new_kind, new_api) = load(new)?;
            // A model's diagnostics were reported when it was made; only fresh ones are shown.
            let fresh = |kind, api| kind != apiscrape::sides::SideKind::Model && report(cli, api);
            let failed = fresh(old_kind, &old_api) | fresh(new_kind, &new_api);
            let d = apiscrape_diff::diff(&old_api, &new_api);
            print!(
                "{}",
                match format {
                    DiffFormat::Text => d.to_text(),
                    DiffFormat::Markdown => d.to_markdown(),
                    DiffFormat::Json => d.to_json(),
                }
            );
            let worst = d.changes.iter().map(|c| c.impact).min();
            let fails = match (fail_on, worst) {
                (_, None) | (FailOn::Never, _) => false,
                (FailOn::Breaking, Some(w)) => w == apiscrape_diff::Impact::Breaking,
                (FailOn::Compatible, Some(w)) => w <= apiscrape_diff::Impact::Compatible,
                (FailOn::Any, Some(_)) => true,
            };
            Ok(exit(failed || fails))
        }
        Command::Generate {
            config,
            check,
            cache_dir,
            no_cache,
            ..
        } => {
            let root = config
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf();
            let cache_dir = (!no_cache).then(|| {
                cache_dir
                    .clone()
                    .unwrap_or_else(|| root.join(apiscrape::cache::DEFAULT_DIR))
            });
            let settings = Settings {
                root,
                config: config.clone(),
                mode: if *check { Mode::Check } else { Mode::Write },
                strict: cli.strict,
                progress: !cli.quiet,
                cache_dir,
            };
            generate(cli, &settings)
        }
    }
}

/// Runs codegen and prints its report (the same report `cargo xtask codegen` prints).
fn generate(cli: &Cli, settings: &Settings) -> Result<ExitCode> {
    let report = codegen::run(settings)?;
    let ok = codegen::print_report(&report, settings.mode, cli.quiet, cli.verbose);
    // The process ends here: freeing every path and diagnostic of the report one by one only
    // costs time (and the allocator's purging of pages the exit returns anyway).
    std::mem::forget(report);
    Ok(exit(!ok))
}

/// Writes `text` to `path` (atomically) unless the input had errors: then nothing is written.
fn write_unless_failed(failed: bool, path: &Path, text: &str) -> Result<()> {
    if failed {
        eprintln!("error: input errors; {} was not written", path.display());
        return Ok(());
    }
    codegen::ensure_file_contents(path, text, Mode::Write).map(|_| ())
}

/// Replaces folder `output` as a whole with `files` unless the input had errors: then
/// nothing is written.
fn write_tree_unless_failed(
    cli: &Cli,
    failed: bool,
    output: &Path,
    files: &std::collections::BTreeMap<String, String>,
) -> Result<()> {
    if failed {
        eprintln!(
            "error: input errors; nothing was written to {}",
            output.display()
        );
        return Ok(());
    }
    let written = pipeline::write_tree(output, files)?;
    if !cli.quiet {
        eprintln!(
            "{} file(s) in {} ({written} written)",
            files.len(),
            output.display()
        );
    }
    Ok(())
}

/// The `@generated` header naming the command line that produced a file.
fn command_header() -> String {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .map(|a| a.replace(['\n', '\r'], " "))
        .collect();
    format!("@generated by `apiscrape {}`; do not edit", args.join(" "))
}

/// `apiscrape docs`: the HTML and Markdown reference, rendered file by file into a staged
/// folder that replaces `output` whole.
fn docs(cli: &Cli, input: &InputArgs, output: &Path, templates: Option<&Path>) -> Result<ExitCode> {
    let api = read_inputs(input)?;
    let failed = report(cli, &api);
    let options = apiscrape_emit_docs::Options {
        templates_dir: templates.map(Path::to_path_buf),
        header: Some(command_header()),
        // The client's method names do not depend on its crate name.
        client_calls: pipeline::client_calls(&api, "client")?,
    };
    if failed {
        eprintln!(
            "error: input errors; nothing was written to {}",
            output.display()
        );
        return Ok(exit(failed));
    }
    // A bad templates folder is refused before the output is touched.
    apiscrape_emit_docs::check_templates(templates)?;
    // Rendered file by file into the staged folder: memory holds one page at a time.
    let (files, written) = apiscrape::output::replace_dir_streamed(output, |sink| {
        Ok(apiscrape_emit_docs::write(&api, &options, sink)?)
    })?;
    if !cli.quiet {
        eprintln!(
            "{files} file(s) in {} ({written} written)",
            output.display()
        );
    }
    Ok(exit(failed))
}

/// `apiscrape fetch`: crawls into a staged copy of `output` (unchanged pages linked) that is
/// swapped in whole at the end, so an error or a kill leaves the old folder.
fn fetch(
    cli: &Cli,
    urls: &[String],
    output: &Path,
    options: &apiscrape_fetch::Options,
) -> Result<ExitCode> {
    let bar = (!cli.quiet && std::io::stderr().is_terminal())
        .then(|| pipeline::progress_bar(urls.len() as u64));
    // The crawl goes to a staged copy of the folder (unchanged pages linked), swapped in
    // whole at the end: an error or a kill leaves the old folder.
    let mut staging = apiscrape::output::begin(output)?;
    staging.link_existing(&|_| false)?;
    let summary = apiscrape_fetch::fetch(urls, staging.path(), options, &|event| {
        let apiscrape_fetch::Event::Finished { url, known, .. } = event;
        if let Some(bar) = &bar {
            bar.set_length(*known as u64);
            bar.inc(1);
            bar.set_message(url.clone());
        }
    })?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    for page in &summary.pages {
        if let apiscrape_fetch::Outcome::Failed(why) = &page.outcome {
            eprintln!("{}: error: {why}", page.url);
        }
    }
    if summary.failed() > 0 && summary.failed() == summary.pages.len() {
        eprintln!(
            "error: no page could be fetched; {} was not changed",
            output.display()
        );
        return Ok(exit(true));
    }
    apiscrape::output::commit(staging)?;
    if !cli.quiet {
        eprintln!("{}", summary.line());
    }
    Ok(exit(summary.failed() > 0))
}

/// Reads the pages of the inputs into one finished model (every operation named).
fn read_inputs(input: &InputArgs) -> Result<FinishedApi> {
    Ok(apiscrape_model::finish(read_pages(input)?)?)
}

fn read_pages(input: &InputArgs) -> Result<Api> {
    let choice = pipeline::dialect_choice(Some(input.dialect.name()))?;
    let (stdin, paths): (Vec<_>, Vec<_>) = input.inputs.iter().partition(|p| p.as_os_str() == "-");
    let paths: Vec<PathBuf> = paths.into_iter().cloned().collect();
    if stdin.is_empty() {
        let files = apiscrape_parse::list_inputs(&paths)?;
        return Ok(pipeline::parse_with_progress(&files, choice, true));
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .context("cannot read standard input")?;
    let mut pages = vec![Page::new("-", text)];
    if !paths.is_empty() {
        for f in apiscrape_parse::list_inputs(&paths)? {
            pages.push(f.read().with_context(|| f.source.clone())?);
        }
    }
    Ok(apiscrape_parse::parse_pages(pages, choice))
}

/// Prints diagnostics to stderr; returns whether they make the run fail.
fn report(cli: &Cli, api: &Api) -> bool {
    report_all(cli, &[&api.diagnostics])
}

/// [`report`] of several lists of diagnostics, in order (a model's and an emitter's, without
/// copying the model to join them).
fn report_all(cli: &Cli, lists: &[&[apiscrape_model::Diagnostic]]) -> bool {
    let all = || lists.iter().flat_map(|l| l.iter());
    codegen::print_diagnostics(
        all().filter(|d| codegen::is_shown(d.severity, cli.quiet, cli.verbose)),
    );
    all().any(|d| d.severity == Severity::Error)
        || (cli.strict && all().any(|d| d.severity == Severity::Warning))
}

fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
