//! Renders a model JSON file (`generated/<api>/model.json` or a test fixture) as OpenAPI.
//!
//! `cargo run -p apiscrape-openapi --example render-openapi -- MODEL.json [3.1|3.0] [yaml|json]`
//! writes the document to stdout. `xtask/ci/openapi-validate.sh` uses it to emit the documents it checks.

use apiscrape_openapi::{render, Options, OutputFormat};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: render-openapi MODEL.json [3.1|3.0] [yaml|json]");
        return ExitCode::from(2);
    };
    let mut options = Options::default();
    if let Some(v) = args.get(1) {
        match v.parse() {
            Ok(v) => options.version = v,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    if args.get(2).map(String::as_str) == Some("json") {
        options.format = OutputFormat::Json;
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let api = match serde_json::from_str(&text) {
        Ok(api) => api,
        Err(e) => {
            eprintln!("{path}: not a model: {e}");
            return ExitCode::FAILURE;
        }
    };
    let api = match apiscrape_model::finish(api) {
        Ok(api) => api,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match render(&api, &options) {
        Ok(doc) => {
            print!("{doc}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::FAILURE
        }
    }
}
