//! `cargo xtask bench`: every verb of the built CLI against a scraper-only floor and against
//! progenitor, as ratios measured in one run (see `README.md` beside this crate).
//!
//! `apiscrape-bench run [FLAGS]` builds the corpora ([`corpus`]), measures each command as a
//! fresh child ([`measure`]) and prints the tables. Two internal commands are the children it
//! measures besides the CLI: `apiscrape-bench floor DIR...`, `tokenize DIR...` and `print DIR`
//! (the floors, [`floor`]) and `apiscrape-bench progenitor SPEC.json OUT`
//! ([`progenitor_client`]).

mod corpus;
mod floor;
mod measure;
mod progenitor_client;
mod report;
mod run;

use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;

/// Usage, as `--help` prints it.
pub const USAGE: &str = "\
usage: apiscrape-bench run [FLAGS]          (what `cargo xtask bench` runs)
       apiscrape-bench floor DIR...         the floor reader (a measured child)
       apiscrape-bench tokenize DIR...      html5ever's tokenizer alone over the pages (a floor)
       apiscrape-bench print DIR            syn + prettyplease over a client's files (a floor)
       apiscrape-bench progenitor SPEC OUT  progenitor's client crate from an OpenAPI 3.0 JSON

run flags:
  --sizes N[,N...]              corpus sizes in pages per dialect (1000,5000,10000)
  --repeat N                    runs per command; the median is reported (3)
  --dialects D[,D...]           aspnet, rambase (both)
  --no-progenitor               leave out the client comparison with progenitor
  --no-cargo-check              generate both clients but do not `cargo check` them
  --progenitor-operations N     operations of the API both clients are made for (1000)
  --progenitor-repeat N         `cargo check`s of each client crate alone (--repeat)
  --apiscrape PATH              the CLI to measure (target/release/apiscrape)
  --root DIR                    the workspace (the bench's grandparent folder)
  --shared DIR                  ../shared beside the workspace (conformance pages)
  --out DIR                     corpora, outputs and report.txt (target/bench)";

fn main() -> ExitCode {
    match main_args(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn main_args(args: Vec<String>) -> Result<()> {
    let Some((command, rest)) = args.split_first() else {
        bail!("no command\n{USAGE}");
    };
    match command.as_str() {
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        "run" => run::run(&run::Options::parse(rest)?),
        "floor" => {
            if rest.is_empty() {
                bail!("floor: no folder given");
            }
            let dirs: Vec<PathBuf> = rest.iter().map(PathBuf::from).collect();
            let t = floor::run(&dirs)?;
            println!(
                "{} pages, {} elements, {} attributes, {} text bytes",
                t.pages, t.elements, t.attributes, t.text_bytes
            );
            Ok(())
        }
        "tokenize" => {
            if rest.is_empty() {
                bail!("tokenize: no folder given");
            }
            let dirs: Vec<PathBuf> = rest.iter().map(PathBuf::from).collect();
            println!("{} tokens", floor::tokenize(&dirs)?);
            Ok(())
        }
        "print" => {
            let [dir] = rest else {
                bail!("print: expected the folder of a generated client\n{USAGE}");
            };
            println!("{} bytes printed", floor::print(dir.as_ref())?);
            Ok(())
        }
        "progenitor" => {
            let [spec, out] = rest else {
                bail!("progenitor: expected SPEC.json OUT\n{USAGE}");
            };
            let operations = progenitor_client::generate(spec.as_ref(), out.as_ref())
                .context("progenitor's client")?;
            println!("{operations} operations");
            Ok(())
        }
        other => bail!("unknown command `{other}`\n{USAGE}"),
    }
}
