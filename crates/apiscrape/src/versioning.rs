//! The generated artifacts' version and changelog, following the API-level diff.
//!
//! `generated/<api>/CHANGELOG.md` is the source of truth: its first `## <version>` heading is the
//! current version. When the freshly parsed model differs (in API terms) from the committed
//! `generated/<api>/model.json`, the version is bumped by the diff's semver rules and an entry
//! with the Markdown diff is added on top. When nothing changed, version and changelog stay as
//! they are, so regenerating is idempotent and `--check` passes after `codegen`.
//!
//! The generated artifacts can also change without the API changing, when a generator changes
//! what it emits in a way that breaks their users (the Rust client's calls returning
//! `ResponseValue<T>`). Each such change is a [`GeneratorChange`] with a stable id
//! ([`apiscrape_emit_rust::BREAKING_CHANGES`]); a changelog that does not yet name an id gets
//! a breaking bump and an entry listing the change, once.

use apiscrape_diff::Diff;
use apiscrape_model::Api;

/// The version of a first generation.
pub const INITIAL_VERSION: &str = "0.1.0";

/// Version and changelog text for this generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The version of the generated artifacts (and of the Rust client crate).
    pub version: String,
    /// The whole `CHANGELOG.md`.
    pub changelog: String,
    /// The API-level changes since the committed model, when there was one.
    pub changes: Option<Diff>,
}

/// Reads the current version from a changelog's first `## ` heading.
pub fn current_version(changelog: &str) -> Option<String> {
    changelog
        .lines()
        .find_map(|l| l.strip_prefix("## "))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A breaking change of a generator's output that is not an API change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratorChange {
    /// Stable id, written into the changelog entry (`rust-response-value`).
    pub id: &'static str,
    /// What changed for the users of the artifacts.
    pub note: &'static str,
}

/// The generator changes every generation includes: the Rust client's breaking changes.
pub fn generator_changes() -> Vec<GeneratorChange> {
    apiscrape_emit_rust::BREAKING_CHANGES
        .iter()
        .map(|&(id, note)| GeneratorChange { id, note })
        .collect()
}

/// Whether `changelog` already names every generator change (then only an API change can
/// change the version).
pub fn names_every_generator_change(changelog: &str) -> bool {
    generator_changes()
        .iter()
        .all(|g| changelog.contains(&generator_marker(g.id)))
}

/// How a changelog names a generator change.
fn generator_marker(id: &str) -> String {
    format!("(generator change `{id}`)")
}

/// The version after a breaking change, with cargo's pre-1.0 rules (`0.y.z` -> `0.(y+1).0`,
/// `x.y.z` -> `(x+1).0.0`); `None` when `current` is not a plain semver version.
fn breaking_bump(current: &str) -> Option<String> {
    let parts: Vec<u64> = current
        .split('.')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [0, minor, _] => Some(format!("0.{}.0", minor + 1)),
        [major, _, _] => Some(format!("{}.0.0", major + 1)),
        _ => None,
    }
}

/// Decides this generation's version and changelog from the committed model and changelog,
/// with the breaking generator changes `generator` (see [`generator_changes`]).
pub fn release(
    api_name: &str,
    header: &str,
    old_model: Option<&Api>,
    old_changelog: Option<&str>,
    new_model: &Api,
    generator: &[GeneratorChange],
) -> Release {
    let api_release = api_release(api_name, header, old_model, old_changelog, new_model);
    let missing: Vec<&GeneratorChange> = generator
        .iter()
        .filter(|g| !api_release.changelog.contains(&generator_marker(g.id)))
        .collect();
    if missing.is_empty() {
        return api_release;
    }
    let notes: Vec<String> = missing
        .iter()
        .map(|g| format!("- {} {}", g.note, generator_marker(g.id)))
        .collect();
    let notes = notes.join("\n");
    let title_end = api_release.changelog.find("\n## ").map_or(0, |i| i + 1);
    let (title, rest) = api_release.changelog.split_at(title_end);
    let bumped_now = api_release.changes.as_ref().is_some_and(|d| !d.is_empty());
    let first_generation = old_changelog.and_then(current_version).is_none();
    if first_generation {
        // A first generation already has every generator change: record them as included.
        let changelog = format!(
            "{}\n\nIncludes the generator changes:\n\n{notes}\n",
            api_release.changelog.trim_end()
        );
        return Release {
            changelog,
            ..api_release
        };
    }
    if old_model.is_none() {
        // Without a committed model the history is kept as it is (see `api_release`).
        return api_release;
    }
    // The entry this generation adds (when the API changed too) or a new one.
    let base = old_changelog.and_then(current_version).unwrap_or_default();
    let next = breaking_bump(&base).unwrap_or_else(|| api_release.version.clone());
    let (body, earlier) = if bumped_now {
        // `rest` starts with this generation's `## <version>` entry; replace its heading.
        let after_heading = rest.find('\n').map_or("", |i| &rest[i + 1..]);
        let split = after_heading
            .find("\n## ")
            .map_or(after_heading.len(), |i| i + 1);
        let (entry, earlier) = after_heading.split_at(split);
        (format!("{}\n", entry.trim()), earlier)
    } else {
        (String::new(), rest)
    };
    let separator = if body.is_empty() { "" } else { "\n" };
    let changelog = format!(
        "{title}## {next}\n\n{body}{separator}#### Generator changes (breaking)\n\n{notes}\n\n{earlier}"
    );
    Release {
        version: next,
        changelog: changelog.trim_end().to_string() + "\n",
        changes: api_release.changes,
    }
}

/// The release the API diff alone decides.
fn api_release(
    api_name: &str,
    header: &str,
    old_model: Option<&Api>,
    old_changelog: Option<&str>,
    new_model: &Api,
) -> Release {
    let title = format!("<!-- {header} -->\n# Changelog: {api_name}\n");
    let previous = old_changelog.and_then(|c| current_version(c).map(|v| (v, c)));
    // A history without a model to compare with (unreadable or missing `model.json`) is kept
    // as it is: resetting it would lose every earlier entry.
    if let (None, Some((version, changelog))) = (old_model, previous.as_ref()) {
        return Release {
            version: version.clone(),
            changelog: changelog.to_string(),
            changes: None,
        };
    }
    let (Some(old), Some((version, changelog))) = (old_model, previous) else {
        let changelog = format!(
            "{title}\n## {INITIAL_VERSION}\n\nFirst generation: {} operation(s), {} named type(s).\n",
            new_model.operations.len(),
            new_model.types.len()
        );
        return Release {
            version: INITIAL_VERSION.to_string(),
            changelog,
            changes: None,
        };
    };
    let changes = apiscrape_diff::diff(old, new_model);
    if changes.is_empty() {
        return Release {
            version: version.clone(),
            changelog: changelog.to_string(),
            changes: Some(changes),
        };
    }
    let next = changes
        .next_version(&version)
        .unwrap_or_else(|| version.clone());
    let earlier = changelog
        .find("\n## ")
        .map(|i| &changelog[i + 1..])
        .unwrap_or("");
    let changelog = format!("{title}\n## {next}\n\n{}\n{earlier}", changes.to_markdown());
    Release {
        version: next,
        changelog,
        changes: Some(changes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apiscrape_model::{Method, Operation};

    #[test]
    fn first_generation_then_bump_then_idempotent() {
        let mut v1 = Api::new("T");
        v1.operations.push(Operation::new(Method::Get, "/a"));
        let first = release("t", "@generated by x", None, None, &v1, &[]);
        assert_eq!(first.version, "0.1.0");
        assert_eq!(
            first.changelog,
            "<!-- @generated by x -->\n# Changelog: t\n\n## 0.1.0\n\nFirst generation: 1 operation(s), 0 named type(s).\n"
        );

        let mut v2 = v1.clone();
        v2.operations.push(Operation::new(Method::Post, "/a"));
        let second = release(
            "t",
            "@generated by x",
            Some(&v1),
            Some(&first.changelog),
            &v2,
            &[],
        );
        assert_eq!(second.version, "0.1.1");
        assert!(second.changelog.starts_with(
            "<!-- @generated by x -->\n# Changelog: t\n\n## 0.1.1\n\n1 API change(s): 0 breaking, 1 compatible"
        ), "{}", second.changelog);
        assert!(second
            .changelog
            .ends_with("## 0.1.0\n\nFirst generation: 1 operation(s), 0 named type(s).\n"));

        let again = release(
            "t",
            "@generated by x",
            Some(&v2),
            Some(&second.changelog),
            &v2,
            &[],
        );
        assert_eq!(again.version, "0.1.1");
        assert_eq!(again.changelog, second.changelog);

        // Without a committed model to compare with, the history is kept, not reset.
        let kept = release(
            "t",
            "@generated by x",
            None,
            Some(&second.changelog),
            &v2,
            &[],
        );
        assert_eq!(kept.version, "0.1.1");
        assert_eq!(kept.changelog, second.changelog);
        assert_eq!(kept.changes, None);

        let v3 = v1.clone();
        let third = release(
            "t",
            "@generated by x",
            Some(&v2),
            Some(&second.changelog),
            &v3,
            &[],
        );
        assert_eq!(
            third.version, "0.2.0",
            "a removed operation is breaking: minor bump before 1.0"
        );
        assert_eq!(third.changelog.matches("\n## ").count(), 3);
    }

    const RESPONSE: GeneratorChange = GeneratorChange {
        id: "rust-response-value",
        note: "Calls return `ResponseValue<T>`.",
    };

    #[test]
    fn a_breaking_generator_change_bumps_once_and_is_recorded() {
        let mut v1 = Api::new("T");
        v1.operations.push(Operation::new(Method::Get, "/a"));
        let first = release("t", "@generated by x", None, None, &v1, &[]);
        // The generator changed, the API did not: a breaking bump with its own entry.
        let bumped = release(
            "t",
            "@generated by x",
            Some(&v1),
            Some(&first.changelog),
            &v1,
            &[RESPONSE],
        );
        assert_eq!(bumped.version, "0.2.0");
        assert_eq!(
            bumped.changelog,
            "<!-- @generated by x -->\n# Changelog: t\n\n## 0.2.0\n\n#### Generator changes (breaking)\n\n- Calls return `ResponseValue<T>`. (generator change `rust-response-value`)\n\n## 0.1.0\n\nFirst generation: 1 operation(s), 0 named type(s).\n"
        );
        // Idempotent: the change is recorded.
        let again = release(
            "t",
            "@generated by x",
            Some(&v1),
            Some(&bumped.changelog),
            &v1,
            &[RESPONSE],
        );
        assert_eq!(
            (again.version.as_str(), &again.changelog),
            ("0.2.0", &bumped.changelog)
        );
        // API and generator changes together: one entry, one breaking bump.
        let mut v2 = v1.clone();
        v2.operations.push(Operation::new(Method::Post, "/a"));
        let both = release(
            "t",
            "@generated by x",
            Some(&v1),
            Some(&first.changelog),
            &v2,
            &[RESPONSE],
        );
        assert_eq!(both.version, "0.2.0");
        assert!(
            both.changelog
                .contains("## 0.2.0\n\n1 API change(s): 0 breaking, 1 compatible"),
            "{}",
            both.changelog
        );
        assert!(both
            .changelog
            .contains("\n\n#### Generator changes (breaking)\n\n- Calls return"));
        assert_eq!(both.changelog.matches("\n## ").count(), 2);
        // A first generation includes every generator change and records it.
        let fresh = release("t", "@generated by x", None, None, &v1, &[RESPONSE]);
        assert_eq!(fresh.version, "0.1.0");
        assert!(fresh.changelog.ends_with("\n\nIncludes the generator changes:\n\n- Calls return `ResponseValue<T>`. (generator change `rust-response-value`)\n"));
        let after = release(
            "t",
            "@generated by x",
            Some(&v1),
            Some(&fresh.changelog),
            &v1,
            &[RESPONSE],
        );
        assert_eq!(after.version, "0.1.0");
        // A 1.x version bumps its major.
        assert_eq!(breaking_bump("1.4.2").as_deref(), Some("2.0.0"));
        assert_eq!(breaking_bump("x"), None);
    }
}
