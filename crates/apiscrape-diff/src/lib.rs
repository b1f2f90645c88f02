//! What changed between two versions of an API, in API terms, and what it means for a client.
//!
//! [`diff`] compares two [`Api`] models (however they were obtained: model JSON, parsed pages)
//! and lists [`Change`]s: operations, parameters, fields, types, enum members, constraints,
//! error codes and status codes added, removed or changed. Each change is classified
//! ([`Impact`]) from the point of view of a client generated from the docs, with the reason,
//! and the whole diff implies a semver [`Bump`] for the generated crate ([`Diff::next_version`]
//! applies it, with the pre-1.0 rules cargo uses).
//!
//! ```
//! use apiscrape_diff::{diff, Bump};
//! use apiscrape_model::{Api, Method, Operation};
//! let old = Api::new("A");
//! let mut new = old.clone();
//! new.operations.push(Operation::new(Method::Get, "/things"));
//! let d = diff(&old, &new);
//! assert_eq!(d.bump(), Bump::Minor);
//! assert_eq!(d.next_version("0.3.1").as_deref(), Some("0.3.2"));
//! ```

mod compare;
mod render;

pub use compare::diff;

use serde::Serialize;

/// How a change affects code that uses a client generated from the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Existing client code or requests may stop working.
    Breaking,
    /// Something was added or relaxed; existing code keeps working.
    Compatible,
    /// Only documentation text changed.
    Documentation,
}

impl Impact {
    /// Lower-case label.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
            Impact::Documentation => "documentation",
        }
    }
}

/// The kind of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(
    missing_docs,
    reason = "each variant's name says the change; `Change::summary` words each one for readers"
)]
pub enum ChangeKind {
    OperationAdded,
    OperationRemoved,
    OperationRenamed,
    ParameterAdded,
    ParameterRemoved,
    ParameterRenamed,
    ParameterRequired,
    ParameterOptional,
    RequestBodyAdded,
    RequestBodyRemoved,
    RequestBodyRequired,
    TypeChanged,
    ConstraintTightened,
    ConstraintLoosened,
    DefaultChanged,
    TypeAdded,
    TypeRemoved,
    EnumMemberAdded,
    EnumMemberRemoved,
    EnumValueChanged,
    FieldAdded,
    FieldRemoved,
    FieldRenamed,
    FieldRequired,
    FieldOptional,
    WireNameChanged,
    ErrorCodeAdded,
    ErrorCodeRemoved,
    ErrorCodeChanged,
    StatusAdded,
    StatusRemoved,
    ResponseBodyChanged,
    MediaTypeAdded,
    MediaTypeRemoved,
    BaseUrlChanged,
    Deprecated,
    DescriptionChanged,
}

/// One change between the old and the new API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Breaking, compatible or documentation.
    pub impact: Impact,
    /// What kind of change.
    pub kind: ChangeKind,
    /// Where: `PUT /contacts/{id}`, `type Phone`, `API`.
    pub target: String,
    /// What changed, in a sentence fragment (`query parameter `$top` is now required`).
    pub summary: String,
    /// Why it has that impact on a client.
    pub reason: String,
}

/// A semver bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// x.y.Z
    Patch,
    /// x.Y.0
    Minor,
    /// X.0.0
    Major,
}

/// Every change between two APIs, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// The changes, breaking first, then by target.
    pub changes: Vec<Change>,
}

impl Diff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether any change is breaking.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.impact == Impact::Breaking)
    }

    /// Number of changes with the given impact.
    pub fn count(&self, impact: Impact) -> usize {
        self.changes.iter().filter(|c| c.impact == impact).count()
    }

    /// The semver bump the changes imply for a 1.0+ crate: breaking -> major, compatible ->
    /// minor, documentation only -> patch.
    pub fn bump(&self) -> Bump {
        self.changes
            .iter()
            .map(|c| match c.impact {
                Impact::Breaking => Bump::Major,
                Impact::Compatible => Bump::Minor,
                Impact::Documentation => Bump::Patch,
            })
            .max()
            .unwrap_or(Bump::None)
    }

    /// The version after applying [`Diff::bump`] to `current` (`MAJOR.MINOR.PATCH`), with
    /// cargo's pre-1.0 rules: in `0.y.z` a breaking change bumps `y` and anything else bumps
    /// `z`. `None` when `current` is not a plain semver version.
    pub fn next_version(&self, current: &str) -> Option<String> {
        let parts: Vec<u64> = current
            .split('.')
            .map(|p| p.parse().ok())
            .collect::<Option<_>>()?;
        let [major, minor, patch] = parts[..] else {
            return None;
        };
        let bump = self.bump();
        let (major, minor, patch) = match (major, bump) {
            (_, Bump::None) => (major, minor, patch),
            (0, Bump::Major) => (0, minor + 1, 0),
            (0, _) => (0, minor, patch + 1),
            (_, Bump::Major) => (major + 1, 0, 0),
            (_, Bump::Minor) => (major, minor + 1, 0),
            (_, Bump::Patch) => (major, minor, patch + 1),
        };
        Some(format!("{major}.{minor}.{patch}"))
    }

    /// Plain text, one change a line, for terminals.
    pub fn to_text(&self) -> String {
        render::text(self)
    }

    /// Markdown, for a changelog entry or a pull-request comment.
    pub fn to_markdown(&self) -> String {
        render::markdown(self)
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}
