//! `cargo xtask fuzz`: coverage-guided fuzzing of every reader that takes untrusted input.
//!
//! The targets live in `fuzz/` (a cargo-fuzz crate outside the workspace, built with libFuzzer's
//! instrumentation). This task builds each target's seed corpus from the project's own pages and
//! fixtures plus the conformance pages in `../shared/conformance` (read in place, copied only into
//! `target/fuzz/corpus/`, which is never committed), runs libFuzzer with the format's dictionary,
//! a per-input time limit and a memory limit, and prints executions, corpus size and peak RSS per
//! target. Any crash, timeout or out-of-memory input fails the task and is left under
//! `fuzz/artifacts/<target>/` to be turned into a regression test
//! (`crates/apiscrape-parse/tests/fuzz_regressions/`).

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every fuzz target: its name, its dictionary and where its seeds come from.
const TARGETS: &[Target] = &[
    Target {
        name: "parse_rambase_html",
        dict: "rambase.dict",
        seeds: Seeds::Pages { rambase: true },
    },
    Target {
        name: "parse_rambase_text",
        dict: "rambase.dict",
        seeds: Seeds::Pages { rambase: true },
    },
    Target {
        name: "parse_aspnet_html",
        dict: "aspnet.dict",
        seeds: Seeds::Pages { rambase: false },
    },
    Target {
        name: "parse_aspnet_text",
        dict: "aspnet.dict",
        seeds: Seeds::Pages { rambase: false },
    },
    Target {
        name: "sample_shape",
        dict: "aspnet.dict",
        seeds: Seeds::Samples,
    },
    Target {
        name: "openapi_import",
        dict: "openapi.dict",
        seeds: Seeds::Specs,
    },
    Target {
        name: "diff",
        dict: "openapi.dict",
        seeds: Seeds::SpecPairs,
    },
];

/// A page that takes longer than this to read is a finding (libFuzzer `-timeout`).
const TIMEOUT_SECS: u32 = 1;
/// Peak memory allowed for a whole fuzzing process (libFuzzer `-rss_limit_mb`): the fixed bound
/// plus ten times the largest input (`MAX_LEN`).
const RSS_LIMIT_MB: u32 = 512 + 10 * (MAX_LEN / (1024 * 1024)) as u32;
/// The largest input libFuzzer builds (`-max_len`): bigger than every seed page.
const MAX_LEN: usize = 4 * 1024 * 1024;

struct Target {
    name: &'static str,
    dict: &'static str,
    seeds: Seeds,
}

#[derive(Clone, Copy)]
enum Seeds {
    /// Documentation pages of one dialect (fixtures, input-docs, conformance pages).
    Pages { rambase: bool },
    /// JSON and XML samples as they appear in ASP.NET pages.
    Samples,
    /// OpenAPI documents and models.
    Specs,
    /// Two specs joined by a NUL byte (old, new).
    SpecPairs,
}

/// Options of `cargo xtask fuzz`.
pub struct Options {
    /// Seconds per target (a limit even with `runs`).
    pub seconds: u64,
    /// Stop each target after this many executions (libFuzzer `-runs`); unlimited when `None`.
    pub runs: Option<u64>,
    /// Only these targets (all when empty).
    pub only: Vec<String>,
    /// The largest input libFuzzer builds (`-max_len`); longer seeds are cut to it.
    pub max_len: usize,
    /// Build without comparison tracing (about twice the executions per second, for long runs).
    pub no_trace_compares: bool,
}

/// Parses `--time SECS`, `--runs N`, `--max-len BYTES`, `--no-trace-compares` and target names.
pub fn options(flags: &[String]) -> Result<Options> {
    let mut seconds = 60;
    let mut runs = None;
    let mut only = Vec::new();
    let mut max_len = MAX_LEN;
    let mut no_trace_compares = false;
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        match flag.as_str() {
            "--time" => {
                let value = flags.next().context("--time needs a number of seconds")?;
                seconds = value
                    .parse()
                    .with_context(|| format!("--time: `{value}` is not a number of seconds"))?;
            }
            "--runs" => {
                let value = flags
                    .next()
                    .context("--runs needs a number of executions")?;
                runs =
                    Some(value.parse().with_context(|| {
                        format!("--runs: `{value}` is not a number of executions")
                    })?);
            }
            "--max-len" => {
                let value = flags.next().context("--max-len needs a number of bytes")?;
                max_len = value
                    .parse()
                    .with_context(|| format!("--max-len: `{value}` is not a number of bytes"))?;
                if max_len == 0 || max_len > MAX_LEN {
                    bail!("--max-len: {max_len} is not between 1 and {MAX_LEN} bytes");
                }
            }
            "--no-trace-compares" => no_trace_compares = true,
            name if TARGETS.iter().any(|t| t.name == name) => only.push(name.to_string()),
            other => bail!(
                "unknown fuzz target or flag `{other}`; targets: {}",
                TARGETS
                    .iter()
                    .map(|t| t.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
    Ok(Options {
        seconds,
        runs,
        only,
        max_len,
        no_trace_compares,
    })
}

/// One target's figures after a run.
struct Outcome {
    name: &'static str,
    executions: u64,
    seconds: u64,
    corpus: usize,
    corpus_bytes: u64,
    slowest_secs: u64,
    peak_rss_mb: u64,
    ok: bool,
}

/// Builds the targets, runs each for `options.seconds`, prints a table, fails on any finding.
pub fn run(root: &Path, options: &Options) -> Result<bool> {
    let fuzz_dir = root.join("fuzz");
    let selected: Vec<&Target> = TARGETS
        .iter()
        .filter(|t| options.only.is_empty() || options.only.iter().any(|n| n == t.name))
        .collect();
    let mut outcomes = Vec::new();
    for target in selected {
        let corpus = root.join("target/fuzz/corpus").join(target.name);
        seed_corpus(root, target.seeds, &corpus)?;
        match options.runs {
            Some(runs) => eprintln!(
                "==> fuzzing {} for {runs} executions (at most {} s)",
                target.name, options.seconds
            ),
            None => eprintln!("==> fuzzing {} for {} s", target.name, options.seconds),
        }
        let mut cmd = cargo_fuzz(&fuzz_dir);
        cmd.args([
            "run",
            "--release",
            "--debug-assertions",
            "--sanitizer",
            "none",
        ]);
        if options.no_trace_compares {
            cmd.arg("--no-trace-compares");
        }
        cmd.arg(target.name)
            .arg(&corpus)
            .arg("--")
            .arg(format!(
                "-dict={}",
                fuzz_dir.join("dict").join(target.dict).display()
            ))
            .arg(format!("-max_total_time={}", options.seconds))
            .arg(format!("-timeout={TIMEOUT_SECS}"))
            .arg(format!("-rss_limit_mb={RSS_LIMIT_MB}"))
            .arg(format!("-max_len={}", options.max_len))
            .arg("-print_final_stats=1");
        if let Some(runs) = options.runs {
            cmd.arg(format!("-runs={runs}"));
        }
        // libFuzzer's own log goes to a file as it runs, so a long run can be watched.
        let log_path = root
            .join("target/fuzz")
            .join(format!("{}.log", target.name));
        eprintln!("    libFuzzer's log: {}", log_path.display());
        let log_file = std::fs::File::create(&log_path)
            .with_context(|| format!("creating {}", log_path.display()))?;
        let started = std::time::Instant::now();
        let status = cmd
            .stdout(std::process::Stdio::null())
            .stderr(log_file)
            .status()
            .context("running cargo fuzz (install it with `cargo install --locked cargo-fuzz`)")?;
        let log = std::fs::read_to_string(&log_path)
            .with_context(|| format!("reading {}", log_path.display()))?;
        let stat = |key: &str| -> u64 {
            log.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim_start_matches(':').trim().parse().ok())
                .unwrap_or(0)
        };
        let ok = status.success();
        if !ok {
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("{}", tail.into_iter().rev().collect::<Vec<_>>().join("\n"));
        }
        let mut corpus_files = 0;
        let mut corpus_bytes = 0;
        for entry in std::fs::read_dir(&corpus)? {
            corpus_files += 1;
            corpus_bytes += entry?.metadata()?.len();
        }
        outcomes.push(Outcome {
            name: target.name,
            executions: stat("stat::number_of_executed_units"),
            seconds: started.elapsed().as_secs(),
            corpus: corpus_files,
            corpus_bytes,
            slowest_secs: stat("stat::slowest_unit_time_sec"),
            peak_rss_mb: stat("stat::peak_rss_mb"),
            ok,
        });
    }
    println!(
        "{:<20} {:>12} {:>8} {:>8} {:>10} {:>8} {:>10}  result",
        "target", "executions", "seconds", "corpus", "corpus MB", "slowest", "peak RSS"
    );
    for o in &outcomes {
        println!(
            "{:<20} {:>12} {:>8} {:>8} {:>10.1} {:>6} s {:>7} MB  {}",
            o.name,
            o.executions,
            o.seconds,
            o.corpus,
            o.corpus_bytes as f64 / 1e6,
            o.slowest_secs,
            o.peak_rss_mb,
            if o.ok {
                "ok".to_string()
            } else {
                format!("FINDING: see fuzz/artifacts/{}/", o.name)
            }
        );
    }
    Ok(outcomes.iter().all(|o| o.ok))
}

/// `cargo fuzz` with the instrumentation flags allowed on the stable toolchain.
fn cargo_fuzz(fuzz_dir: &Path) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.arg("fuzz")
        .current_dir(fuzz_dir.parent().expect("fuzz/ has a parent"))
        // cargo-fuzz passes `-Z` flags (sanitizer, coverage); the machine has one stable
        // toolchain, which accepts them under RUSTC_BOOTSTRAP.
        .env("RUSTC_BOOTSTRAP", "1")
        // The CPU-bound fuzzer gets its own target dir, so it never invalidates the workspace's.
        .env("CARGO_TARGET_DIR", fuzz_dir.join("target"));
    cmd
}

/// Fills `corpus` with the seed files of `seeds` (kept across runs: libFuzzer adds to it).
fn seed_corpus(root: &Path, seeds: Seeds, corpus: &Path) -> Result<()> {
    std::fs::create_dir_all(corpus)?;
    let shared = root.join("../shared/conformance/aspnet-html");
    let fixtures = root.join("crates/apiscrape-parse/tests/fixtures");
    let files: Vec<PathBuf> = match seeds {
        Seeds::Pages { rambase } => {
            let mut dirs = vec![fixtures];
            if rambase {
                dirs.push(root.join("input-docs/rambase"));
            } else {
                dirs.push(root.join("input-docs/caliber"));
                dirs.push(shared);
            }
            let mut files = pages_under(&dirs)?;
            files.retain(|f| {
                let name = f.to_string_lossy().to_ascii_lowercase();
                name.contains("rambase") == rambase
                    || name.contains("input-docs")
                    || name.contains("conformance")
            });
            files
        }
        Seeds::Samples => pages_under(&[root.join("input-docs/caliber"), shared])?,
        Seeds::Specs | Seeds::SpecPairs => {
            let mut files = Vec::new();
            for api in std::fs::read_dir(root.join("generated"))? {
                let api = api?.path();
                for name in ["openapi.yaml", "model.json"] {
                    if api.join(name).is_file() {
                        files.push(api.join(name));
                    }
                }
            }
            files.sort();
            files
        }
    };
    for (n, file) in files.iter().enumerate() {
        let bytes = std::fs::read(file).with_context(|| file.display().to_string())?;
        let seed = match seeds {
            Seeds::Samples => samples_of(&bytes),
            Seeds::SpecPairs => {
                // Each spec against the next one: a real pair of different APIs.
                let next = std::fs::read(&files[(n + 1) % files.len()])?;
                [bytes.as_slice(), b"\0", next.as_slice()].concat()
            }
            _ => bytes,
        };
        if !seed.is_empty() && seed.len() <= MAX_LEN {
            std::fs::write(corpus.join(format!("seed-{n:04}")), seed)?;
        }
    }
    Ok(())
}

/// The `<pre>` blocks of a page (its samples), one after another.
fn samples_of(page: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(page);
    let mut out = String::new();
    for chunk in text.split("<pre").skip(1) {
        let body = chunk.split_once('>').map_or("", |(_, b)| b);
        let body = body.split("</pre>").next().unwrap_or("");
        out.push_str(
            &body
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        );
        out.push('\n');
    }
    out.into_bytes()
}

/// Every page file (`.html`, `.htm`, `.txt`, `.md`) under `dirs`, sorted.
fn pages_under(dirs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut stack: Vec<PathBuf> = dirs.iter().filter(|d| d.is_dir()).cloned().collect();
    let mut files = Vec::new();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("html" | "htm" | "txt" | "md")
            ) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}
