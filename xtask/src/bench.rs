//! `cargo xtask bench [FLAGS]`: builds the CLI and the bench tool (`xtask/bench`) in release
//! mode and runs `apiscrape-bench run FLAGS` (see `xtask/bench/README.md`): every verb of the
//! CLI on deterministic corpora against a scraper-only floor, and our client against
//! progenitor's, as ratios measured in one run.

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// Builds both binaries in release mode, then runs the bench with `flags`.
pub fn run(root: &Path, flags: &[String]) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build = [
        "build",
        "--release",
        "--locked",
        "-p",
        "apiscrape",
        "-p",
        "apiscrape-bench",
    ];
    println!("    $ cargo {}", build.join(" "));
    let status = Command::new(&cargo)
        .args(build)
        .current_dir(root)
        .stdin(Stdio::null())
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("`cargo {}` exited with {status}", build.join(" "));
    }
    let bench = root.join("target/release/apiscrape-bench");
    let mut args = vec!["run".to_string()];
    args.extend(flags.iter().cloned());
    args.push("--apiscrape".into());
    args.push(root.join("target/release/apiscrape").display().to_string());
    args.push("--root".into());
    args.push(root.display().to_string());
    println!("    $ {} {}", bench.display(), args.join(" "));
    let status = Command::new(&bench)
        .args(&args)
        .current_dir(root)
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("running {}", bench.display()))?;
    if !status.success() {
        bail!("{} exited with {status}", bench.display());
    }
    Ok(())
}
