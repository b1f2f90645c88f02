//! `cargo xtask ci`: every check CI runs, in order, as one command. If it passes locally, CI is
//! green (`.ci/run` only installs the tools and then calls it).
//!
//! Each step prints a header and its duration; the first failing step stops the run and is named.
//! A step whose tools are missing fails with what to install; `--skip STEP` leaves a step out,
//! and every skipped step is printed as skipped, never left out silently.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The steps in the order they run, with what each one does (for `--help` and `--list`).
pub const STEPS: &[(&str, &str)] = &[
    ("fmt", "cargo fmt --all --check"),
    (
        "clippy",
        "cargo clippy --workspace --all-targets --locked -- -D warnings",
    ),
    ("test", "cargo test --workspace --locked (the inner loop)"),
    (
        "slow-tests",
        "cargo test --workspace --locked -- --ignored (generated-client build, exhaustive variants)",
    ),
    ("codegen", "cargo xtask codegen --check, in-process"),
    (
        "bench",
        "cargo xtask bench --sizes 100,200 --repeat 1 --progenitor-operations 40 --no-cargo-check",
    ),
    ("deny", "cargo deny check, when deny.toml exists"),
    (
        "openapi",
        "xtask/ci/openapi-validate.sh: openapi-spec-validator, Redocly, Spectral",
    ),
    (
        "browser",
        "xtask/ci/screenshot.sh: HTML docs in headless Chromium",
    ),
    (
        "prism",
        "xtask/ci/prism.sh: generated clients against Prism mocks",
    ),
    ("fuzz", "cargo xtask fuzz --time 30 (every target)"),
];

/// Flags of the `bench` step, so the bench cannot rot: small corpora, one run each, both
/// clients generated for a small API but not `cargo check`ed (six cold checks of reqwest and
/// rustls take many minutes on 2 cores).
const BENCH_FLAGS: &[&str] = &[
    "--sizes",
    "100,200",
    "--repeat",
    "1",
    "--progenitor-operations",
    "40",
    "--no-cargo-check",
];

/// Seconds each fuzz target runs in the `fuzz` step.
const FUZZ_SECONDS: u64 = 30;

/// What `cargo xtask ci` was asked to do.
#[derive(Debug, Default, PartialEq)]
pub struct Options {
    /// Steps left out (`--skip STEP`, repeatable, or comma-separated).
    pub skip: Vec<String>,
}

/// Parses `--skip STEP[,STEP...]` (repeatable).
pub fn options(flags: &[String]) -> Result<Options> {
    let mut skip = Vec::new();
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        let value = match flag.as_str() {
            "--skip" => flags.next().context("--skip needs a step name")?.as_str(),
            other => match other.strip_prefix("--skip=") {
                Some(value) => value,
                None => bail!("unknown flag `{other}`; steps: {}", step_names()),
            },
        };
        for name in value.split(',').filter(|n| !n.is_empty()) {
            if !STEPS.iter().any(|(step, _)| *step == name) {
                bail!("--skip: no step `{name}`; steps: {}", step_names());
            }
            skip.push(name.to_string());
        }
    }
    Ok(Options { skip })
}

fn step_names() -> String {
    STEPS
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Runs every step not skipped; `Ok(false)` when one failed (it is named on stderr).
pub fn run(root: &Path, options: &Options) -> Result<bool> {
    shared_is_beside(root)?;
    let started = Instant::now();
    let mut done: Vec<(&str, Option<Duration>)> = Vec::new();
    for (index, (name, what)) in STEPS.iter().enumerate() {
        println!("\n==> [{}/{}] {name}: {what}", index + 1, STEPS.len());
        if options.skip.iter().any(|s| s == name) {
            println!("    SKIPPED (--skip {name})");
            done.push((name, None));
            continue;
        }
        let step_started = Instant::now();
        let result = step(root, name);
        let took = step_started.elapsed();
        match result {
            Ok(()) => {
                println!("    {name}: ok in {}{}", seconds(took), disk_note(root));
                done.push((name, Some(took)));
            }
            Err(e) => {
                eprintln!(
                    "\nci: step `{name}` FAILED after {}: {}{}",
                    seconds(took),
                    apiscrape::error_chain(&e),
                    disk_note(root)
                );
                return Ok(false);
            }
        }
    }
    let skipped: Vec<&str> = done
        .iter()
        .filter(|(_, took)| took.is_none())
        .map(|(name, _)| *name)
        .collect();
    if skipped.is_empty() {
        println!("\nci: all steps passed in {}", seconds(started.elapsed()));
    } else {
        println!(
            "\nci: passed in {}, but NOT COMPLETE: skipped {}",
            seconds(started.elapsed()),
            skipped.join(", ")
        );
    }
    for (name, took) in done {
        match took {
            Some(took) => println!("  {name:<11} {:>8}", seconds(took)),
            None => println!("  {name:<11}  skipped"),
        }
    }
    Ok(true)
}

/// `"; 12.3 GiB free on the disk of target/"`, so a log shows how near a step came to filling the
/// disk (a full disk fails rustc with "No space left on device" in the middle of a build); empty
/// where `df` is missing.
fn disk_note(root: &Path) -> String {
    let output = Command::new("df")
        .args(["-Pk"])
        .arg(root)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output();
    match output
        .ok()
        .and_then(|o| free_kib(&String::from_utf8_lossy(&o.stdout)))
    {
        Some(kib) => format!(
            "; {:.1} GiB free on the disk of {}",
            kib as f64 / (1024.0 * 1024.0),
            root.join("target").display()
        ),
        None => String::new(),
    }
}

/// The "Available" column (KiB) of `df -Pk PATH`'s one data line.
fn free_kib(df: &str) -> Option<u64> {
    df.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()
}

fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}

/// CI reads the seed and conformance pages in `../shared`; without them tests would be ignored
/// rather than run, so CI refuses to start (and the test steps get `CI=true`, so tests fail
/// instead of skipping).
fn shared_is_beside(root: &Path) -> Result<()> {
    let shared = root.join("../shared");
    for dir in ["conformance/aspnet-html", "seeds"] {
        if !shared.join(dir).is_dir() {
            bail!(
                "{} is missing; CI needs ../shared (seeds and conformance pages) beside the checkout",
                shared.join(dir).display()
            );
        }
    }
    Ok(())
}

fn step(root: &Path, name: &str) -> Result<()> {
    match name {
        "fmt" => {
            need_cargo_subcommand(root, "fmt", "rustup component add rustfmt")?;
            cargo(root, &["fmt", "--all", "--check"])
        }
        "clippy" => {
            need_cargo_subcommand(root, "clippy", "rustup component add clippy")?;
            cargo(
                root,
                &[
                    "clippy",
                    "--workspace",
                    "--all-targets",
                    "--locked",
                    "--",
                    "-D",
                    "warnings",
                ],
            )
        }
        "test" => cargo_test(root, &["test", "--workspace", "--locked"]),
        "slow-tests" => cargo_test(
            root,
            &["test", "--workspace", "--locked", "--", "--ignored"],
        ),
        "codegen" => {
            let ok = crate::codegen_check(root)?;
            if !ok {
                bail!("generated/ is stale: run `cargo xtask codegen` and commit the result");
            }
            Ok(())
        }
        "bench" => {
            let flags: Vec<String> = BENCH_FLAGS.iter().map(|f| f.to_string()).collect();
            crate::bench::run(root, &flags)
        }
        "deny" => {
            need_cargo_subcommand(root, "deny", "cargo install --locked cargo-deny@0.20.2")?;
            // Licenses, bans (fxhash: RUSTSEC-2025-0057) and sources need only crates.io.
            cargo(
                root,
                &["deny", "--locked", "check", "licenses", "bans", "sources"],
            )?;
            // Advisories need the RustSec database, which cargo-deny clones from GitHub; where
            // GitHub is out of reach they are checked offline against a copy already in
            // cargo-deny's place, and otherwise said to be NOT checked (never silently).
            let home = std::env::var_os("CARGO_HOME")
                .map(std::path::PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
                .unwrap_or_default();
            let dbs = home.join("advisory-dbs");
            let has_db = std::fs::read_dir(&dbs)
                .map(|mut d| d.any(|e| e.is_ok_and(|e| e.path().join("crates").is_dir())))
                .unwrap_or(false);
            if has_db {
                cargo(
                    root,
                    &["deny", "--offline", "--locked", "check", "advisories"],
                )
            } else {
                println!(
                    "    advisories: NOT CHECKED: no RustSec database under {}, and GitHub, where cargo-deny fetches it, is not reachable from here",
                    dbs.display()
                );
                Ok(())
            }
        }
        "openapi" => {
            need_tool(
                "python3",
                &["-c", "import venv, ensurepip"],
                "python3 with venv (apt-get install python3-venv)",
            )?;
            need_tool("npm", &["--version"], "npm (apt-get install npm)")?;
            script(root, "openapi-validate.sh")
        }
        "browser" => {
            need_tool("node", &["--version"], "node (apt-get install nodejs)")?;
            if std::env::var_os("CHROMIUM").is_none() {
                need_tool(
                    "chromium",
                    &["--version"],
                    "chromium (apt-get install chromium, or set CHROMIUM to its path)",
                )?;
            }
            script(root, "screenshot.sh")
        }
        "prism" => {
            need_tool("npm", &["--version"], "npm (apt-get install npm)")?;
            script(root, "prism.sh")
        }
        "fuzz" => {
            need_cargo_subcommand(root, "fuzz", "cargo install --locked cargo-fuzz")?;
            let options = crate::fuzz::options(&["--time".into(), FUZZ_SECONDS.to_string()])?;
            if !crate::fuzz::run(root, &options)? {
                bail!("the fuzzer found a crash, timeout or out-of-memory input (see fuzz/artifacts/)");
            }
            Ok(())
        }
        other => unreachable!("step `{other}` is listed in STEPS but has no body"),
    }
}

/// The cargo that runs xtask (so `cargo +toolchain xtask ci` stays on that toolchain).
fn cargo_program() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"))
}

/// Tests run with `CI=true`: tests that read `../shared` fail instead of skipping.
fn cargo_test(root: &Path, args: &[&str]) -> Result<()> {
    run_cargo(root, args, &[("CI", "true")])
}

fn cargo(root: &Path, args: &[&str]) -> Result<()> {
    run_cargo(root, args, &[])
}

fn run_cargo(root: &Path, args: &[&str], envs: &[(&str, &str)]) -> Result<()> {
    let env_text: String = envs.iter().map(|(k, v)| format!("{k}={v} ")).collect();
    println!("    $ {env_text}cargo {}", args.join(" "));
    let status = Command::new(cargo_program())
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(root)
        // No step reads input. An inherited stdin was once read by cargo's `rustc -` target
        // probe, which failed, and cargo cached the failure in target/.rustc_info.json.
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("running cargo {}", args.join(" ")))?;
    if !status.success() {
        bail!("`cargo {}` exited with {status}", args.join(" "));
    }
    Ok(())
}

fn script(root: &Path, name: &str) -> Result<()> {
    let path = root.join("xtask/ci").join(name);
    println!("    $ bash {}", path.display());
    let status = Command::new("bash")
        .arg(&path)
        .current_dir(root)
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("running bash {}", path.display()))?;
    if !status.success() {
        bail!("{} exited with {status}", path.display());
    }
    Ok(())
}

/// Fails with what to install when `program args` cannot be run successfully.
fn need_tool(program: &str, args: &[&str], install: &str) -> Result<()> {
    let ok = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        bail!("`{program}` is not installed: install {install} (.ci/run does), or leave this step out with --skip");
    }
    Ok(())
}

fn need_cargo_subcommand(root: &Path, sub: &str, install: &str) -> Result<()> {
    let ok = Command::new(cargo_program())
        .args([sub, "--version"])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        bail!("`cargo {sub}` is not installed: run `{install}` (.ci/run does), or leave this step out with --skip");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn skip_flags_name_known_steps_only() {
        assert_eq!(
            options(&flags(&["--skip", "browser", "--skip=prism,fuzz"]))
                .unwrap()
                .skip,
            ["browser", "prism", "fuzz"]
        );
        assert_eq!(options(&[]).unwrap(), Options::default());
        let err = options(&flags(&["--skip", "chrome"])).unwrap_err();
        assert!(err
            .to_string()
            .starts_with("--skip: no step `chrome`; steps: fmt, clippy,"));
        assert!(options(&flags(&["--skip"])).is_err());
        assert!(options(&flags(&["--fast"])).is_err());
    }

    #[test]
    fn every_step_has_a_body() {
        // A step name that `step` does not know would panic (unreachable!) in CI, not here;
        // skipping requires the name to be listed, and the list is the one `step` matches.
        let body = include_str!("ci.rs");
        for (name, _) in STEPS {
            assert!(
                body.contains(&format!("\"{name}\" =>")),
                "step {name} has no body"
            );
        }
    }

    #[test]
    fn free_space_is_read_from_posix_df() {
        let df = "Filesystem     1024-blocks      Used Available Capacity Mounted on\n\
                  /dev/vda        263174212  90177604   5871636      94% /\n";
        assert_eq!(free_kib(df), Some(5_871_636));
        assert_eq!(free_kib("Filesystem 1024-blocks Used Available\n"), None);
        assert_eq!(free_kib(""), None);
    }

    #[test]
    fn a_missing_tool_names_what_to_install() {
        let err = need_tool(
            "apiscrape-no-such-tool",
            &[],
            "the tool (apt-get install x)",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(err, "`apiscrape-no-such-tool` is not installed: install the tool (apt-get install x) (.ci/run does), or leave this step out with --skip");
    }
}
