//! `apiscrape-bench run`: builds the corpora, measures every command, prints the tables.

use crate::corpus::{Dialect, TemplateSet};
use crate::measure::{self, Job, Sample};
use crate::report::{self, Row};
use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// What `run` was asked to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Corpus sizes in pages.
    pub sizes: Vec<usize>,
    /// Runs per command.
    pub repeat: usize,
    /// Dialects to make corpora of.
    pub dialects: Vec<Dialect>,
    /// Whether to compare with progenitor.
    pub progenitor: bool,
    /// Whether to `cargo check` both clients (else only generate them).
    pub cargo_check: bool,
    /// Operations of the API both clients are made for.
    pub progenitor_operations: usize,
    /// `cargo check` runs of each client crate alone, after one cold run.
    pub progenitor_repeat: usize,
    /// The CLI to measure.
    pub apiscrape: PathBuf,
    /// The workspace root.
    pub root: PathBuf,
    /// `../shared`.
    pub shared: PathBuf,
    /// Where corpora, outputs and the report go.
    pub out: PathBuf,
}

fn list<T>(value: &str, parse: impl Fn(&str) -> Result<T>) -> Result<Vec<T>> {
    let items: Vec<T> = value
        .split(',')
        .filter(|s| !s.is_empty())
        .map(parse)
        .collect::<Result<_>>()?;
    if items.is_empty() {
        bail!("an empty list");
    }
    Ok(items)
}

fn count(flag: &str, value: &str) -> Result<usize> {
    match value.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => bail!("{flag} `{value}` is not a positive number"),
    }
}

impl Options {
    /// Parses the `run` flags (see [`crate::USAGE`]).
    pub fn parse(flags: &[String]) -> Result<Options> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
        let root = root.canonicalize().unwrap_or(root);
        let mut o = Options {
            sizes: vec![1000, 5000, 10_000],
            repeat: 3,
            dialects: Dialect::ALL.to_vec(),
            progenitor: true,
            cargo_check: true,
            progenitor_operations: 1000,
            progenitor_repeat: 0,
            apiscrape: root.join("target/release/apiscrape"),
            shared: root.join("../shared"),
            out: root.join("target/bench"),
            root,
        };
        let mut it = flags.iter();
        while let Some(flag) = it.next() {
            let (name, inline) = match flag.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (flag.as_str(), None),
            };
            if name == "--no-progenitor" {
                o.progenitor = false;
                continue;
            }
            if name == "--no-cargo-check" {
                o.cargo_check = false;
                continue;
            }
            let value = match inline {
                Some(v) => v,
                None => it
                    .next()
                    .with_context(|| format!("{name} needs a value"))?
                    .clone(),
            };
            match name {
                "--sizes" => {
                    o.sizes = list(&value, |s| count("--sizes", s))
                        .with_context(|| format!("--sizes `{value}`"))?;
                    o.sizes.sort_unstable();
                    o.sizes.dedup();
                }
                "--repeat" => o.repeat = count(name, &value)?,
                "--dialects" => o.dialects = list(&value, Dialect::by_name)?,
                "--progenitor-operations" => o.progenitor_operations = count(name, &value)?,
                "--progenitor-repeat" => o.progenitor_repeat = count(name, &value)?,
                "--apiscrape" => o.apiscrape = PathBuf::from(value),
                "--root" => o.root = PathBuf::from(value),
                "--shared" => o.shared = PathBuf::from(value),
                "--out" => o.out = PathBuf::from(value),
                other => bail!("unknown flag `{other}`\n{}", crate::USAGE),
            }
        }
        if o.progenitor_repeat == 0 {
            o.progenitor_repeat = o.repeat;
        }
        // Commands run in each corpus's folder: paths must not be relative to here.
        for path in [&mut o.apiscrape, &mut o.root, &mut o.shared, &mut o.out] {
            if let Ok(absolute) = std::path::absolute(&*path) {
                *path = absolute;
            }
        }
        Ok(o)
    }
}

/// The load average and time, for the report (`uptime`'s figures, from /proc/loadavg).
fn load() -> String {
    let avg = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let fields: Vec<&str> = avg.split_whitespace().take(3).collect();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("load average {} on {cores} cores", fields.join(" "))
}

/// Moves `path` (if it is there) into the folder `trash` instead of deleting it, so that the
/// timed run after it does not pay for the deletion: ext4 passes over the inodes of files
/// deleted in the last half minute or so when it makes new ones, and with thousands of them
/// just deleted, making the next run's thousands of files took several times as long
/// (`perf`: `recently_deleted`, `find_inode_bit`) and varied from run to run. A user's
/// fresh run (a clean checkout) follows no such deletion. [`run`] empties the trash at the
/// end.
fn set_aside(path: &Path, trash: &Path) -> Result<()> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(());
    }
    std::fs::create_dir_all(trash)?;
    let n = std::fs::read_dir(trash)?.count();
    let to = trash.join(n.to_string());
    std::fs::rename(path, &to)
        .with_context(|| format!("moving {} to {}", path.display(), to.display()))
}

fn remove(path: &Path) -> Result<()> {
    if path.is_dir() {
        std::fs::remove_dir_all(path).with_context(|| format!("removing {}", path.display()))?;
    } else if path.exists() {
        std::fs::remove_file(path)?;
    }
    Ok(())
}

/// A corpus on disk: a small project (`apiscrape.toml`, `input-docs/<dialect>/`) so that
/// `generate` runs on it as on the real one.
struct Corpus {
    dialect: Dialect,
    pages: usize,
    project: PathBuf,
    input: PathBuf,
    outputs: PathBuf,
    bytes: u64,
    expected_operations: usize,
}

fn write_corpus(set: &TemplateSet, n: usize, dir: &Path, trash: &Path) -> Result<Corpus> {
    let name = set.dialect.name();
    set_aside(dir, trash)?;
    let input = dir.join("input-docs").join(name);
    let bytes = set.write(n, &input)?;
    std::fs::write(
        dir.join("apiscrape.toml"),
        format!(
            "# A corpus of `cargo xtask bench` (target/bench): {n} pages.\n[[api]]\nname = \"{name}\"\ndialect = \"{name}\"\ncrate_name = \"{name}-bench-client\"\n"
        ),
    )?;
    let outputs = dir.join("out");
    std::fs::create_dir_all(&outputs)?;
    Ok(Corpus {
        dialect: set.dialect,
        pages: n,
        project: dir.to_path_buf(),
        input,
        outputs,
        bytes,
        expected_operations: set.expected_operations(n),
    })
}

/// Runs `job` `repeat` times, calling `before(r)` (r from 1) before each run, untimed.
fn repeat(
    job: &Job,
    times: usize,
    scratch: &Path,
    mut before: impl FnMut(usize) -> Result<()>,
) -> Result<Sample> {
    let mut samples = Vec::new();
    for r in 1..=times {
        before(r)?;
        samples.push(job.run(scratch)?);
    }
    Ok(measure::summary(&samples))
}

/// Labels of the verbs table, in order; the first is the floor.
const LABELS: [&str; 11] = [
    "floor (scraper only)",
    "parse",
    "openapi",
    "rust",
    "docs",
    "diff (model vs pages)",
    "generate (fresh)",
    "generate (no-op)",
    "generate (1 page changed)",
    "floor: html5ever tokenizer only",
    "floor: printing the client (syn + prettyplease)",
];

/// Measures every verb on one corpus; returns one summary per [`LABELS`] entry.
fn verbs(o: &Options, set: &TemplateSet, c: &Corpus) -> Result<Vec<Sample>> {
    let cli = &o.apiscrape;
    let scratch = o.out.join("scratch");
    let input = c.input.to_string_lossy().into_owned();
    let out = |name: &str| c.outputs.join(name).to_string_lossy().into_owned();
    let this = std::env::current_exe().context("the bench's own path")?;
    let mut results = Vec::new();
    let floor = Job::new(&this, &["floor", &input], &c.project);
    results.push(repeat(&floor, o.repeat, &scratch, |_| Ok(()))?);
    let model = out("model.json");
    let parse = Job::new(cli, &["parse", &input, "-o", &model], &c.project);
    results.push(repeat(&parse, o.repeat, &scratch, |_| Ok(()))?);
    // The corpus must read into distinct operations (copies must not merge).
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&model)?)?;
    let operations = value["operations"].as_array().map_or(0, Vec::len);
    if operations != c.expected_operations {
        bail!(
            "{} corpus of {} pages read into {operations} operations, expected {}: copies merged",
            c.dialect.name(),
            c.pages,
            c.expected_operations
        );
    }
    let openapi = Job::new(
        cli,
        &["openapi", &input, "-o", &out("openapi.yaml")],
        &c.project,
    );
    results.push(repeat(&openapi, o.repeat, &scratch, |_| Ok(()))?);
    let trash = o.out.join(TRASH);
    let rust_dir = c.outputs.join("rust");
    let rust = Job::new(cli, &["rust", &input, "-o", &out("rust")], &c.project);
    results.push(repeat(&rust, o.repeat, &scratch, |_| {
        set_aside(&rust_dir, &trash)
    })?);
    let docs_dir = c.outputs.join("docs");
    let docs = Job::new(cli, &["docs", &input, "-o", &out("docs")], &c.project);
    results.push(repeat(&docs, o.repeat, &scratch, |_| {
        set_aside(&docs_dir, &trash)
    })?);
    let diff = Job::new(cli, &["diff", &model, &input], &c.project);
    results.push(repeat(&diff, o.repeat, &scratch, |_| Ok(()))?);
    let generated = c.project.join("generated");
    let cache = c.project.join("target").join("apiscrape-cache");
    let generate = Job::new(cli, &["generate"], &c.project);
    // A first run: no generated/ and no cache (the next rows then find both).
    results.push(repeat(&generate, o.repeat, &scratch, |_| {
        set_aside(&generated, &trash)?;
        set_aside(&cache, &trash)
    })?);
    // After a fresh generation: unchanged inputs.
    results.push(repeat(&generate, o.repeat, &scratch, |_| Ok(()))?);
    // One page edited (another edit each run) after the previous generation.
    let change = set.one_page_change()?;
    let page = c.input.join(&change.file);
    results.push(repeat(&generate, o.repeat, &scratch, |r| {
        std::fs::write(&page, change.variant(r)).context("editing the changed page")
    })?);
    std::fs::write(&page, &change.original)?;
    // Two more floors: html5ever's tokenizer without a tree (what a reader that built no DOM
    // would still pay), and printing the client `rust` wrote with syn and prettyplease (what
    // any emitter printing through them pays).
    let tokenize = Job::new(&this, &["tokenize", &input], &c.project);
    results.push(repeat(&tokenize, o.repeat, &scratch, |_| Ok(()))?);
    let print = Job::new(&this, &["print", &out("rust")], &c.project);
    results.push(repeat(&print, o.repeat, &scratch, |_| Ok(()))?);
    Ok(results)
}

/// `cargo check` of one client crate in the target folder `label`: first cold if `cold` (the
/// folder removed, so every dependency compiles too: one run), then the crate alone, with its
/// dependencies built, its `src/lib.rs` touched before each of `progenitor_repeat` runs.
/// Returns the cold sample (if asked for) and the median of the crate-alone runs.
fn cargo_check(
    o: &Options,
    dir: &Path,
    args: &[&str],
    label: &str,
    cold: bool,
) -> Result<(Option<Sample>, Sample)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut all = vec!["check", "--offline", "--quiet"];
    all.extend_from_slice(args);
    let target = o.out.join("check-target").join(label);
    // Without incremental caches: a crate whose source is unchanged would be checked from
    // them instead of compiled, which is not what a change of the generated code costs.
    let job = Job::new(&cargo, &all, dir)
        .env("CARGO_TARGET_DIR", target.to_string_lossy())
        .env("CARGO_INCREMENTAL", "0");
    let scratch = o.out.join("scratch");
    let cold = if cold {
        Some(repeat(&job, 1, &scratch, |_| remove(&target))?)
    } else {
        None
    };
    let lib = dir.join("src/lib.rs");
    let own = repeat(&job, o.progenitor_repeat, &scratch, |_| {
        let file = std::fs::File::options().append(true).open(&lib)?;
        file.set_modified(std::time::SystemTime::now())
            .with_context(|| format!("touching {}", lib.display()))
    })?;
    Ok((cold, own))
}

/// Resolves and downloads a crate's dependencies (untimed), so the timed checks run offline.
fn fetch(dir: &Path) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for args in [&["generate-lockfile"][..], &["fetch"][..]] {
        let status = std::process::Command::new(&cargo)
            .args(args)
            .current_dir(dir)
            .stdin(std::process::Stdio::null())
            .status()?;
        if !status.success() {
            bail!("`cargo {}` in {} failed", args.join(" "), dir.display());
        }
    }
    Ok(())
}

/// The group features of a generated client (`[features] default = [...]`), in order.
fn groups(manifest: &str) -> Vec<String> {
    let Some(line) = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("default = ["))
    else {
        return Vec::new();
    };
    // Group features are module names; the crate's own features (`unreferenced-models`)
    // have a hyphen.
    line.split('"')
        .skip(1)
        .step_by(2)
        .filter(|f| !f.contains('-'))
        .map(str::to_string)
        .collect()
}

/// A group feature and its number of operations.
type Group = (String, usize);

/// The group features of our client at `dir` with their numbers of operations (each hands its
/// call to `Client::exchange` once in `src/<group>.rs`), fewest first (ties in feature order).
fn groups_by_size(dir: &Path, manifest: &str) -> Result<Vec<Group>> {
    let mut sized = Vec::new();
    for group in groups(manifest) {
        let path = dir.join("src").join(format!("{group}.rs"));
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        sized.push((group, text.matches("self.exchange(call, ").count()));
    }
    sized.sort_by_key(|(_, n)| *n);
    Ok(sized)
}

/// The median-size and the largest group of `sized` (fewest first).
fn median_and_largest(sized: &[Group]) -> Option<(&Group, &Group)> {
    Some((sized.get(sized.len() / 2)?, sized.last()?))
}

/// Lines of Rust under the crate folder `path`'s `src/`.
fn lines(path: &Path) -> usize {
    let mut total = 0;
    let mut stack = vec![path.join("src")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                total += std::fs::read_to_string(&p).map_or(0, |t| t.lines().count());
            }
        }
    }
    total
}

/// The `cargo check` samples of both clients.
struct Checks {
    ours_cold: Sample,
    theirs_cold: Sample,
    ours_all: Sample,
    ours_everything: Sample,
    ours_median: Sample,
    ours_largest: Sample,
    theirs_all: Sample,
}

/// Checks our client (every group, then the groups `median` and `largest` alone) and
/// progenitor's (see [`cargo_check`]), in target folders named after the dialect `name`.
fn check_clients(
    o: &Options,
    name: &str,
    ours_dir: &Path,
    theirs_dir: &Path,
    median: &str,
    largest: &str,
) -> Result<Checks> {
    fetch(ours_dir)?;
    fetch(theirs_dir)?;
    let ours = format!("{name}-ours");
    let (ours_cold, ours_all) = cargo_check(o, ours_dir, &[], &ours, true)?;
    // The same dependencies: only the crate is checked again, with one group.
    let one = |group: &str| -> Result<Sample> {
        let args = ["--no-default-features", "--features", group];
        Ok(cargo_check(o, ours_dir, &args, &ours, false)?.1)
    };
    // Every type with both serde traits, as progenitor's crate has them.
    let ours_everything = cargo_check(
        o,
        ours_dir,
        &["--features", "unreferenced-models,full-serde"],
        &ours,
        false,
    )?
    .1;
    let ours_median = one(median)?;
    let ours_largest = one(largest)?;
    let theirs = format!("{name}-progenitor");
    let (theirs_cold, theirs_all) = cargo_check(o, theirs_dir, &[], &theirs, true)?;
    for label in [ours, theirs] {
        remove(&o.out.join("check-target").join(label))?;
    }
    Ok(Checks {
        ours_cold: ours_cold.context("no cold check")?,
        theirs_cold: theirs_cold.context("no cold check")?,
        ours_all,
        ours_everything,
        ours_median,
        ours_largest,
        theirs_all,
    })
}

/// Our client against progenitor's for an API of about `progenitor_operations` operations.
fn versus_progenitor(o: &Options, set: &TemplateSet, text: &mut String) -> Result<()> {
    let copies = o.progenitor_operations.div_ceil(set.operations.max(1));
    let n = copies * set.len();
    let dir = o.out.join("corpus").join(format!(
        "{}-ops{}",
        set.dialect.name(),
        o.progenitor_operations
    ));
    let c = write_corpus(set, n, &dir, &o.out.join(TRASH))?;
    let cli = &o.apiscrape;
    let scratch = o.out.join("scratch");
    let input = c.input.to_string_lossy().into_owned();
    let ours_dir = c.outputs.join("rust");
    let ours = Job::new(
        cli,
        &["rust", &input, "-o", &ours_dir.to_string_lossy()],
        &c.project,
    );
    let ours_gen = repeat(&ours, o.repeat, &scratch, |_| remove(&ours_dir))?;
    // progenitor reads OpenAPI 3.0 only (openapiv3); apiscrape emits 3.0.3 on request.
    let spec = c.outputs.join("openapi-3.0.json");
    let openapi = Job::new(
        cli,
        &[
            "openapi",
            &input,
            "--openapi-version",
            "3.0",
            "--format",
            "json",
            "-o",
            &spec.to_string_lossy(),
        ],
        &c.project,
    );
    let spec_gen = repeat(&openapi, o.repeat, &scratch, |_| Ok(()))?;
    let this = std::env::current_exe()?;
    let theirs_dir = c.outputs.join("progenitor");
    let theirs = Job::new(
        &this,
        &[
            "progenitor",
            &spec.to_string_lossy(),
            &theirs_dir.to_string_lossy(),
        ],
        &c.project,
    );
    let theirs_gen = repeat(&theirs, o.repeat, &scratch, |_| remove(&theirs_dir))?;
    // Our crate sits under this workspace: check it as a workspace of its own.
    let manifest_path = ours_dir.join("Cargo.toml");
    let mut manifest = std::fs::read_to_string(&manifest_path)?;
    let sized = groups_by_size(&ours_dir, &manifest)?;
    let ((median, median_ops), (largest, largest_ops)) =
        median_and_largest(&sized).context("our client has no group feature")?;
    manifest.push_str("\n# Checked on its own by the bench.\n[workspace]\n");
    std::fs::write(&manifest_path, manifest)?;
    let name = set.dialect.name();
    let checks = if o.cargo_check {
        Some(check_clients(
            o,
            name,
            &ours_dir,
            &theirs_dir,
            median,
            largest,
        )?)
    } else {
        None
    };
    let _ = writeln!(
        text,
        "\n### {name}: our client vs progenitor 0.15.1 ({n} pages, {} operations; spec as OpenAPI 3.0.3 JSON, JSON content only for progenitor)\n",
        c.expected_operations
    );
    let _ = writeln!(
        text,
        "| step | ours s | ours MiB | progenitor s | progenitor MiB | ours / progenitor |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    );
    let row = |label: &str, a: Sample, b: Sample| {
        format!(
            "| {label} | {:.2} | {:.0} | {:.2} | {:.0} | {:.2} |",
            a.seconds,
            a.peak_kib as f64 / 1024.0,
            b.seconds,
            b.peak_kib as f64 / 1024.0,
            a.seconds / b.seconds.max(1e-9)
        )
    };
    let mut rows = vec![(
        "generate the client (ours: `rust` from pages; progenitor: from the finished spec)"
            .to_string(),
        ours_gen,
        theirs_gen,
    )];
    if let Some(k) = &checks {
        rows.push((
            "cold `cargo check` (every dependency too; 1 run), every group".into(),
            k.ours_cold,
            k.theirs_cold,
        ));
        rows.push((
            "`cargo check` of the client crate alone (dependencies built), every group".into(),
            k.ours_all,
            k.theirs_all,
        ));
        rows.push((
            "`cargo check` of the client crate alone, every group with the features `unreferenced-models` (the types no operation uses) and `full-serde` (both serde traits on every type, as progenitor's types have)".into(),
            k.ours_everything,
            k.theirs_all,
        ));
        let (total, groups) = (c.expected_operations, sized.len());
        for (label, group, ops, sample) in [
            ("a group of median size", median, median_ops, k.ours_median),
            ("the largest group", largest, largest_ops, k.ours_largest),
        ] {
            rows.push((
                format!(
                    "`cargo check` of the client crate alone, one group: {label} (`{group}`, {ops} of {total} operations; {groups} groups)"
                ),
                sample,
                k.theirs_all,
            ));
        }
    }
    for (label, a, b) in rows {
        let _ = writeln!(text, "{}", row(&label, a, b));
    }
    if checks.is_none() {
        let _ = writeln!(
            text,
            "| cold `cargo check` | not run (--no-cargo-check) | | | | |"
        );
    }
    let _ = writeln!(
        text,
        "\n`openapi --openapi-version 3.0 --format json` of the same pages: {:.2} s. Lines of Rust: ours {}, progenitor {}.\n",
        spec_gen.seconds,
        lines(&ours_dir),
        lines(&theirs_dir)
    );
    Ok(())
}

/// Builds the corpora, measures, prints the report and saves it as `report.txt`.
pub fn run(o: &Options) -> Result<()> {
    measure::need_time()?;
    if !o.apiscrape.is_file() {
        bail!(
            "{} is not built: run `cargo build --release -p apiscrape` (cargo xtask bench does)",
            o.apiscrape.display()
        );
    }
    std::fs::create_dir_all(&o.out)?;
    // Left by a killed run.
    remove(&o.out.join(TRASH))?;
    let mut text = String::new();
    let _ = writeln!(
        text,
        "# cargo xtask bench\n\nsizes {:?} pages per dialect, median of {} runs; started with {}\n",
        o.sizes,
        o.repeat,
        load()
    );
    print!("{text}");
    for &dialect in &o.dialects {
        let set = TemplateSet::load(dialect, &o.root, &o.shared)?;
        let mut head = format!(
            "## {}: {} template pages per copy, {} operations per copy (from {})\n",
            dialect.name(),
            set.len(),
            set.operations,
            set.folders
                .iter()
                .map(|f| f.strip_prefix(&o.root).unwrap_or(f).display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        if !set.left_out.is_empty() {
            let _ = writeln!(
                head,
                "\nleft out (they add an error, or an operation path with no word to rename): {}",
                set.left_out.join(", ")
            );
        }
        let change = set.one_page_change()?;
        let _ = writeln!(
            head,
            "\nthe changed page: {}, whose word `{}` each run edits differently",
            change.file,
            change.word()
        );
        print!("{head}");
        text.push_str(&head);
        let mut rows: Vec<Row> = LABELS
            .iter()
            .map(|l| Row {
                label: l.to_string(),
                samples: Vec::new(),
            })
            .collect();
        for &n in &o.sizes {
            let dir = o
                .out
                .join("corpus")
                .join(format!("{}-{}", dialect.name(), n));
            let c = write_corpus(&set, n, &dir, &o.out.join(TRASH))?;
            let line = format!(
                "\n{} pages ({:.1} MB), {} operations: ",
                n,
                c.bytes as f64 / 1e6,
                c.expected_operations
            );
            print!("{line}");
            let results = verbs(o, &set, &c)?;
            let parse_secs = results[1].seconds;
            println!("measured (parse {parse_secs:.2} s; {})", load());
            text.push_str(&line);
            text.push_str("measured\n");
            for (row, sample) in rows.iter_mut().zip(results) {
                row.samples.push(Some(sample));
            }
        }
        let table = report::table(&o.sizes, &rows);
        let fresh = &rows[6];
        let incremental = format!(
            "\n{}\n{}\n",
            report::ratio_line("generate no-op / fresh", &o.sizes, &rows[7], fresh),
            report::ratio_line("generate 1 page changed / fresh", &o.sizes, &rows[8], fresh)
        );
        let block = format!("\n{table}{incremental}");
        print!("{block}");
        text.push_str(&block);
        if o.progenitor {
            let mut versus = String::new();
            versus_progenitor(o, &set, &mut versus)?;
            print!("{versus}");
            text.push_str(&versus);
        }
    }
    let end = format!("\nended with {}\n", load());
    print!("{end}");
    text.push_str(&end);
    let report = o.out.join("report.txt");
    std::fs::write(&report, &text)?;
    println!("report: {}", report.display());
    remove(&o.out.join(TRASH))
}

/// The folder under `--out` that outputs are moved to between runs (see [`set_aside`]).
const TRASH: &str = "trash";

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_parse_and_defaults_hold() {
        let o = Options::parse(&[]).unwrap();
        assert_eq!(o.sizes, [1000, 5000, 10_000]);
        assert_eq!((o.repeat, o.progenitor_repeat, o.progenitor), (3, 3, true));
        assert_eq!(o.dialects, Dialect::ALL);
        let o = Options::parse(&flags(&[
            "--sizes",
            "500,100,500",
            "--repeat=1",
            "--dialects",
            "rambase",
            "--no-progenitor",
        ]))
        .unwrap();
        assert_eq!(o.sizes, [100, 500]);
        assert_eq!((o.repeat, o.progenitor_repeat, o.progenitor), (1, 1, false));
        assert_eq!(o.dialects, [Dialect::RamBase]);
        assert!(Options::parse(&flags(&["--sizes", "0"])).is_err());
        assert!(Options::parse(&flags(&["--dialects", "soap"])).is_err());
        assert!(Options::parse(&flags(&["--repeat"])).is_err());
        assert!(Options::parse(&flags(&["--fast"])).is_err());
    }

    #[test]
    fn groups_are_found_and_sized() {
        let manifest =
            "[features]\ndefault = [\"client_contact\", \"account\", \"ping\", \"unreferenced-models\"]\nblocking = []\n";
        assert_eq!(groups(manifest), ["client_contact", "account", "ping"]);
        assert!(groups("[features]\n").is_empty());
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("src")).unwrap();
        for (group, n) in [("client_contact", 3), ("account", 1), ("ping", 2)] {
            let text = "        self.exchange(call, |reply| Ok(reply.raw()))\n".repeat(n);
            std::fs::write(dir.path().join(format!("src/{group}.rs")), text).unwrap();
        }
        let sized = groups_by_size(dir.path(), manifest).unwrap();
        let (median, largest) = median_and_largest(&sized).unwrap();
        assert_eq!(
            (median, largest),
            (&("ping".into(), 2), &("client_contact".into(), 3))
        );
        assert_eq!(median_and_largest(&[]), None);
    }
}
