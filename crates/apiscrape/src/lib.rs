//! The `apiscrape` command-line tool as a library: configuration, the per-API pipeline
//! (pages -> model -> artifacts) and codegen freshness (`generate`, `generate --check`), shared
//! by the `apiscrape` binary and `cargo xtask codegen`.
//!
//! - [`config`]: `apiscrape.toml`, the list of APIs to regenerate.
//! - [`pipeline`]: parse one API's pages, apply its config, render every artifact in memory.
//! - [`codegen`]: compare or write `generated/` with one `ensure_file_contents`.
//! - [`output`]: every write, all-or-nothing (atomic files, folders swapped in whole).
//! - [`cache`]: parsed pages and rendered outputs kept between runs of `generate`.
//! - [`stamp`]: file metadata that stands for a file's bytes once read.
//!
//! ```no_run
//! use apiscrape::codegen::{run, Mode, Settings};
//! let report = run(&Settings {
//!     root: ".".into(),
//!     config: "apiscrape.toml".into(),
//!     mode: Mode::Check,
//!     strict: false,
//!     progress: false,
//!     cache_dir: None,
//! })?;
//! assert!(!report.is_stale(), "{}", report.describe_differences());
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod cache;
pub mod codegen;
pub mod config;
pub mod output;
pub mod overrides;
pub mod pipeline;
pub mod sides;
pub mod stamp;
pub mod timing;
pub mod versioning;

/// An error and its causes on one line, `outer: cause: cause`, each cause once: a cause whose
/// text the message before it already ends with (a third-party error that prints its source
/// and also returns it from `source()`) is not repeated.
pub fn error_chain(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.is_empty() {
            line = text;
        } else if !line.ends_with(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
    }
    line
}

#[cfg(test)]
mod tests {
    #[test]
    fn error_chain_prints_each_cause_once() {
        /// Like `tempfile::PersistError`: prints its source and returns it.
        #[derive(Debug)]
        struct Repeats(std::io::Error);
        impl std::fmt::Display for Repeats {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "cannot replace x: {}", self.0)
            }
        }
        impl std::error::Error for Repeats {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let io = || std::io::Error::new(std::io::ErrorKind::NotFound, "gone");
        let e = anyhow::Error::new(Repeats(io())).context("api `a`");
        assert_eq!(super::error_chain(&e), "api `a`: cannot replace x: gone");
        let e = anyhow::Error::new(io()).context("cannot read y");
        assert_eq!(super::error_chain(&e), "cannot read y: gone");
    }
}
