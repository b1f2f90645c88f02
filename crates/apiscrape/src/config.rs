//! The project configuration file (`apiscrape.toml`): which APIs to regenerate and how.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Default configuration file name, at the project root.
pub const CONFIG_FILE: &str = "apiscrape.toml";

/// The whole configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The APIs, in file order.
    #[serde(rename = "api", default)]
    pub apis: Vec<ApiConfig>,
}

/// One API to regenerate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiConfig {
    /// Short name: the folder under `input-docs/` and `generated/`.
    pub name: String,
    /// Title of the API (overrides what the pages say).
    #[serde(default)]
    pub title: Option<String>,
    /// `auto` (default), `rambase` or `aspnet`.
    #[serde(default)]
    pub dialect: Option<String>,
    /// Input folder, relative to the config file (default `input-docs/<name>`).
    #[serde(default)]
    pub input: Option<PathBuf>,
    /// Base URL to use instead of the documented one(s).
    #[serde(default)]
    pub base_url: Option<String>,
    /// Package name of the generated Rust client (default `<name>-client`).
    #[serde(default)]
    pub crate_name: Option<String>,
    /// Folder of docs templates overriding the built-in ones by file name (relative to the
    /// config file).
    #[serde(default)]
    pub templates: Option<PathBuf>,
    /// Pages to leave out, as file paths relative to the input folder.
    #[serde(default)]
    pub skip_pages: Vec<String>,
    /// Corrections of the docs' mistakes, applied after parsing (see [`crate::overrides`]).
    #[serde(default, rename = "patch")]
    pub patches: Vec<crate::overrides::Patch>,
    /// Operation id overrides: `"METHOD /path" = "operationId"`.
    #[serde(default)]
    pub operation_ids: BTreeMap<String, String>,
}

impl ApiConfig {
    /// The input folder, resolved against `root`.
    pub fn input_dir(&self, root: &Path) -> PathBuf {
        root.join(
            self.input
                .clone()
                .unwrap_or_else(|| Path::new("input-docs").join(&self.name)),
        )
    }

    /// The generated-crate package name.
    pub fn crate_name(&self) -> String {
        self.crate_name
            .clone()
            .unwrap_or_else(|| format!("{}-client", self.name))
    }
}

impl Config {
    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read config {}", path.display()))?;
        Config::parse(&text).with_context(|| format!("invalid config {}", path.display()))
    }

    /// Parses and validates configuration text.
    pub fn parse(text: &str) -> Result<Config> {
        let config: Config = toml::from_str(text)?;
        if config.apis.is_empty() {
            bail!("no `[[api]]` entry: nothing to generate (see README, \"Configuration\")");
        }
        let mut seen = std::collections::BTreeSet::new();
        for api in &config.apis {
            let ok = !api.name.is_empty()
                && api
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !ok {
                bail!(
                    "api name `{}` must be non-empty ASCII letters, digits, `-` or `_` (it names folders)",
                    api.name
                );
            }
            if !seen.insert(api.name.as_str()) {
                bail!("api `{}` is listed twice", api.name);
            }
            if let Some(d) = &api.dialect {
                if apiscrape_parse::DialectChoice::from_name(d).is_none() {
                    bail!("api `{}`: unknown dialect `{d}`", api.name);
                }
            }
            if let Some(url) = &api.base_url {
                let absolute = url::Url::parse(url).is_ok_and(|u| {
                    matches!(u.scheme(), "http" | "https") && u.host_str().is_some()
                });
                if !absolute {
                    bail!(
                        "api `{}`: base_url `{url}` must be an absolute http or https URL",
                        api.name
                    );
                }
            }
            for (key, path) in [("input", &api.input), ("templates", &api.templates)] {
                if let Some(path) = path.as_deref().filter(|p| !inside_project(p)) {
                    bail!(
                        "api `{}`: {key} `{}` is outside the project (paths are relative to the folder of {CONFIG_FILE} and may not leave it)",
                        api.name,
                        path.display()
                    );
                }
            }
            for key in api.operation_ids.keys() {
                let valid = key.split_once(' ').is_some_and(|(m, p)| {
                    apiscrape_model::Method::parse(m).is_some() && p.starts_with('/')
                });
                if !valid {
                    bail!(
                        "api `{}`: operation_ids key `{key}` must look like \"GET /path/{{id}}\"",
                        api.name
                    );
                }
            }
        }
        Ok(config)
    }
}

/// Whether a relative path stays inside the folder it is relative to (judged by its
/// components: not absolute, and no `..` leading above the start).
fn inside_project(path: &Path) -> bool {
    let mut depth = 0usize;
    for c in path.components() {
        match c {
            std::path::Component::Normal(_) => depth += 1,
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            std::path::Component::RootDir | std::path::Component::Prefix(_) => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_keys() {
        let c = Config::parse(
            r#"
            [[api]]
            name = "rambase"
            title = "RamBase API"
            dialect = "rambase"
            crate_name = "rambase-client"
            [api.operation_ids]
            "PUT /collaboration/contacts/{contactId}/phones/{phoneId}" = "updatePhone"
            "#,
        )
        .unwrap();
        assert_eq!(c.apis.len(), 1);
        assert_eq!(c.apis[0].crate_name(), "rambase-client");
        assert_eq!(
            c.apis[0].input_dir(Path::new("/r")),
            Path::new("/r/input-docs/rambase")
        );
        assert_eq!(c.apis[0].operation_ids.len(), 1);
    }

    #[test]
    fn rejects_bad_names_dialects_and_keys() {
        let err = |t: &str| format!("{:#}", Config::parse(t).unwrap_err());
        assert!(err("[[api]]\nname = \"../x\"").contains("must be non-empty ASCII"));
        assert!(err("[[api]]\nname = \"a\"\n[[api]]\nname = \"a\"").contains("listed twice"));
        assert!(err("[[api]]\nname = \"a\"\ndialect = \"swagger\"").contains("unknown dialect"));
        assert!(err("[[api]]\nname = \"a\"\nbogus = 1").contains("unknown field"));
        assert!(
            err("[[api]]\nname = \"a\"\n[api.operation_ids]\n\"x\" = \"y\"")
                .contains("must look like")
        );
    }

    #[test]
    fn rejects_an_empty_config_relative_base_urls_and_paths_outside_the_project() {
        let err = |t: &str| format!("{:#}", Config::parse(t).unwrap_err());
        let none = "no `[[api]]` entry: nothing to generate (see README, \"Configuration\")";
        assert_eq!(err(""), none);
        assert_eq!(err("# only a comment\n"), none);
        for bad in [
            "api.rambase.net",
            "/api",
            "ftp://api.rambase.net",
            "https://",
        ] {
            assert_eq!(
                err(&format!("[[api]]\nname = \"a\"\nbase_url = \"{bad}\"")),
                format!("api `a`: base_url `{bad}` must be an absolute http or https URL")
            );
        }
        for bad in ["../elsewhere", "/etc", "docs/../../x"] {
            assert_eq!(
                err(&format!("[[api]]\nname = \"a\"\ninput = \"{bad}\"")),
                format!("api `a`: input `{bad}` is outside the project (paths are relative to the folder of apiscrape.toml and may not leave it)")
            );
        }
        assert!(err("[[api]]\nname = \"a\"\ntemplates = \"../t\"")
            .starts_with("api `a`: templates `../t` is outside"));
        let ok = Config::parse(
            "[[api]]\nname = \"a\"\nbase_url = \"http://127.0.0.1:8080/api\"\ninput = \"docs/../input-docs/a\"",
        );
        assert!(ok.is_ok(), "{ok:?}");
    }
}
