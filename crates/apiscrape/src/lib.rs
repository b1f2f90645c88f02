//! The `apiscrape` command-line tool as a library: configuration, the per-API pipeline
//! (pages -> model -> artifacts) and codegen freshness (`generate`, `generate --check`), shared
//! by the `apiscrape` binary and `cargo xtask codegen`.
//!
//! - [`config`]: `apiscrape.toml`, the list of APIs to regenerate.
//! - [`pipeline`]: parse one API's pages, apply its config, render every artifact in memory.
//! - [`codegen`]: compare or write `generated/` with one `ensure_file_contents`.
//! - [`output`]: every write, all-or-nothing (atomic files, folders swapped in whole).
//!
//! ```no_run
//! use apiscrape::codegen::{run, Mode, Settings};
//! let report = run(&Settings {
//!     root: ".".into(),
//!     config: "apiscrape.toml".into(),
//!     mode: Mode::Check,
//!     strict: false,
//!     progress: false,
//! })?;
//! assert!(!report.is_stale(), "{}", report.describe_differences());
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod codegen;
pub mod config;
pub mod output;
pub mod overrides;
pub mod pipeline;
pub mod sides;
pub mod versioning;
