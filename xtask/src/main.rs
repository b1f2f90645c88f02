//! Project automation: `cargo xtask codegen [--check]`.
//!
//! `codegen` regenerates `generated/` from `input-docs/` for every API in `apiscrape.toml`;
//! `--check` regenerates in memory, compares, and fails (exit 1) on any difference. It is the
//! same code as `apiscrape generate`, run from the workspace root wherever cargo was invoked.

use anyhow::{bail, Result};
use apiscrape::codegen::{self, Mode, Settings};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--strict]";

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
        eprintln!("{USAGE}");
        return Ok(ExitCode::from(2));
    };
    if task != "codegen" {
        eprintln!("unknown task `{task}`\n{USAGE}");
        return Ok(ExitCode::from(2));
    }
    let mut mode = Mode::Write;
    let mut strict = false;
    for flag in flags {
        match flag.as_str() {
            "--check" => mode = Mode::Check,
            "--strict" => strict = true,
            other => bail!("unknown flag `{other}`\n{USAGE}"),
        }
    }
    let root = project_root();
    let settings = Settings {
        config: root.join(apiscrape::config::CONFIG_FILE),
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

fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}
