//! Project automation, run as `cargo xtask TASK` (see [`TASKS`]).
//!
//! `codegen` regenerates `generated/` from `input-docs/` for every API in `apiscrape.toml`;
//! `--check` regenerates in memory, compares, and fails (exit 1) on any difference. It is the
//! same code as `apiscrape generate`, run from the workspace root wherever cargo was invoked.
//!
//! `ci` runs every check CI runs, in order (see `ci.rs`); `.ci/run` installs the tools and calls
//! it, so a green `cargo xtask ci` locally means green CI.
//!
//! `bench` measures every verb against a scraper-only floor and the client against progenitor
//! (`xtask/bench`, built and run in release mode; see `xtask/bench/README.md`).
//!
//! `serve-caliber` serves `input-docs/caliber` as the ASP.NET Help site it was saved from, on
//! 127.0.0.1, so that the README's `apiscrape fetch` example can be run as written.

mod bench;
mod ci;
mod serve;

use anyhow::{bail, Result};
use apiscrape::codegen::{self, Mode, Settings};
use std::path::PathBuf;
use std::process::ExitCode;

mod fuzz;
/// The tasks and their flags, as `cargo xtask --help` lists them.
const TASKS: &str = "\
usage: cargo xtask <TASK> [FLAGS]

tasks:
  codegen [--check] [--strict]   regenerate generated/ from input-docs/ (apiscrape.toml);
                                 --check compares instead of writing and exits 1 when stale,
                                 --strict makes warnings about the pages fatal
  ci [--skip STEP[,STEP]]...     every CI check in order, stopping at the first failure:
                                 fmt, clippy, test, slow-tests (the #[ignore]d tests), codegen,
                                 bench (small sizes), deny, openapi, browser, prism, fuzz; a step whose tools are
                                 missing fails saying what to install (.ci/run installs them)
  bench [--sizes N,N] [--repeat N] [--dialects D,D] [--no-progenitor]
        [--progenitor-operations N] [--progenitor-repeat N]
                                 every verb of the release CLI on corpora of N pages per
                                 dialect (1000,5000,10000) against a scraper-only floor, and
                                 our client against progenitor's (xtask/bench/README.md)
  fuzz [--time SECS] [--runs N] [--max-len BYTES] [--no-trace-compares] [TARGET]...
                                 coverage-guided fuzzing of every reader (needs cargo-fuzz):
                                 each target for SECS seconds (60) or N executions; inputs
                                 up to BYTES (4 MiB); long runs: see ARCHITECTURE.md
  serve-caliber [--port N]       serve input-docs/caliber as a Help site on 127.0.0.1
                                 (default port 8765) for the README's `apiscrape fetch` example;
                                 stops on Ctrl-C";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", apiscrape::error_chain(&e));
            ExitCode::from(1)
        }
    }
}

fn run() -> Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, flags)) = args.split_first() else {
        eprintln!("{TASKS}");
        return Ok(ExitCode::from(2));
    };
    match task.as_str() {
        "-h" | "--help" | "help" => {
            println!("{TASKS}");
            Ok(ExitCode::SUCCESS)
        }
        "codegen" => codegen(flags),
        "ci" => {
            let ok = ci::run(&project_root(), &ci::options(flags)?)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        "bench" => {
            bench::run(&project_root(), flags)?;
            Ok(ExitCode::SUCCESS)
        }
        "fuzz" => {
            let ok = fuzz::run(&project_root(), &fuzz::options(flags)?)?;
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        "serve-caliber" => {
            let port = match flags {
                [] => serve::DEFAULT_PORT,
                [flag, port] if flag == "--port" => port
                    .parse()
                    .map_err(|_| anyhow::anyhow!("--port `{port}` is not a port number"))?,
                _ => {
                    eprintln!("unknown flags {flags:?}\n{TASKS}");
                    return Ok(ExitCode::from(2));
                }
            };
            serve::serve(&project_root().join("input-docs/caliber"), port)?;
            Ok(ExitCode::SUCCESS)
        }
        other => {
            eprintln!("unknown task `{other}`\n{TASKS}");
            Ok(ExitCode::from(2))
        }
    }
}

fn codegen(flags: &[String]) -> Result<ExitCode> {
    let mut mode = Mode::Write;
    let mut strict = false;
    for flag in flags {
        match flag.as_str() {
            "--check" => mode = Mode::Check,
            "--strict" => strict = true,
            other => bail!("unknown flag `{other}`\n{TASKS}"),
        }
    }
    let root = project_root();
    let settings = Settings {
        config: root.join(apiscrape::config::CONFIG_FILE),
        // Outside generated/, ignored by git (/target), safe to delete.
        cache_dir: Some(root.join(apiscrape::cache::DEFAULT_DIR)),
        root,
        mode,
        strict,
        progress: true,
    };
    let report = codegen::run(&settings)?;
    let ok = codegen::print_report(&report, mode, false, false);
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `cargo xtask codegen --check` in-process, for `cargo xtask ci`: true when `generated/` is fresh.
fn codegen_check(root: &std::path::Path) -> Result<bool> {
    let settings = Settings {
        config: root.join(apiscrape::config::CONFIG_FILE),
        root: root.to_path_buf(),
        mode: Mode::Check,
        strict: false,
        progress: true,
        cache_dir: Some(root.join(apiscrape::cache::DEFAULT_DIR)),
    };
    let report = codegen::run(&settings)?;
    Ok(codegen::print_report(&report, Mode::Check, false, false))
}

fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
