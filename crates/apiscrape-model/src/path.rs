//! Path templates (`/contacts/{contactId}/phones`): the one reader of `{placeholder}` syntax.
//!
//! [`Operation::path`](crate::Operation::path) stays the documented text (so the model's JSON
//! is unchanged); [`PathTemplate::parse`] reads it once into literal and placeholder pieces,
//! and every consumer (the diff, the emitters, the ASP.NET dialect) walks those pieces instead
//! of scanning for braces itself.
//!
//! # Rules
//!
//! - `{` opens a placeholder, the next `}` closes it; the text between is the name, kept
//!   exactly (`{*path}` is named `*path`: what a `*` means is the dialect's business).
//! - A `{` that is never closed, and a `}` that closes nothing, are literal text (and a
//!   [`TemplateProblem`]).
//! - `{}` is a placeholder with an empty name, `{a{b}` one named `a{b` (both problems): the
//!   copies this type replaced read them so, and a documented parameter never matches them.
//! - Nothing is decoded: `%7Bid%7D` is literal text, not a placeholder, and `%20` stays `%20`.
//! - [`fmt::Display`] writes the text back byte for byte.

use std::fmt;

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathPiece {
    /// Literal text, exactly as documented (may contain `/`, `%xx`, stray braces).
    Literal(String),
    /// A `{name}` placeholder; the name is kept exactly as written between the braces.
    Placeholder(String),
}

/// What is wrong with a path template (none of these stop it from being used).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TemplateProblem {
    /// The template does not start with `/`.
    NotAbsolute,
    /// A `{` at this byte offset is never closed (the rest is literal).
    UnclosedBrace(usize),
    /// A `}` at this byte offset closes nothing (it is literal).
    StrayClosingBrace(usize),
    /// A placeholder at this byte offset has no name (`{}`).
    EmptyName(usize),
    /// A placeholder's name contains `{` (`{a{b}`).
    BraceInName(String),
    /// Two placeholders have this name.
    DuplicateName(String),
    /// The template carries a query string (`?`), which belongs in query parameters.
    QueryString,
}

impl fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateProblem::NotAbsolute => f.write_str("does not start with `/`"),
            TemplateProblem::UnclosedBrace(at) => write!(f, "`{{` at byte {at} is never closed"),
            TemplateProblem::StrayClosingBrace(at) => {
                write!(f, "`}}` at byte {at} closes no placeholder")
            }
            TemplateProblem::EmptyName(at) => write!(f, "placeholder at byte {at} has no name"),
            TemplateProblem::BraceInName(name) => {
                write!(f, "placeholder name `{name}` contains `{{`")
            }
            TemplateProblem::DuplicateName(name) => {
                write!(f, "placeholder `{{{name}}}` appears more than once")
            }
            TemplateProblem::QueryString => f.write_str("contains a query string (`?`)"),
        }
    }
}

/// A path template read into pieces; see the [module documentation](self) for the rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathTemplate {
    pieces: Vec<PathPiece>,
    problems: Vec<TemplateProblem>,
}

impl PathTemplate {
    /// Reads a template. Never fails: what is not a placeholder is literal text, and what looks
    /// wrong is listed in [`PathTemplate::problems`].
    pub fn parse(text: &str) -> PathTemplate {
        let mut pieces = Vec::new();
        let mut problems = Vec::new();
        if !text.starts_with('/') {
            problems.push(TemplateProblem::NotAbsolute);
        }
        if text.contains('?') {
            problems.push(TemplateProblem::QueryString);
        }
        let mut literal = String::new();
        let mut rest = text;
        let mut offset = 0;
        while let Some(open) = rest.find('{') {
            let Some(len) = rest[open..].find('}') else {
                stray_closers(&rest[..open], offset, &mut problems);
                problems.push(TemplateProblem::UnclosedBrace(offset + open));
                break;
            };
            let before = &rest[..open];
            stray_closers(before, offset, &mut problems);
            literal.push_str(before);
            if !literal.is_empty() {
                pieces.push(PathPiece::Literal(std::mem::take(&mut literal)));
            }
            let name = &rest[open + 1..open + len];
            if name.is_empty() {
                problems.push(TemplateProblem::EmptyName(offset + open));
            } else if name.contains('{') {
                problems.push(TemplateProblem::BraceInName(name.to_string()));
            }
            pieces.push(PathPiece::Placeholder(name.to_string()));
            offset += open + len + 1;
            rest = &rest[open + len + 1..];
        }
        if !rest.contains('{') {
            stray_closers(rest, offset, &mut problems);
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(PathPiece::Literal(literal));
        }
        let mut seen = std::collections::BTreeSet::new();
        for name in pieces.iter().filter_map(placeholder_name) {
            if !seen.insert(name) {
                let dup = TemplateProblem::DuplicateName(name.to_string());
                if !problems.contains(&dup) {
                    problems.push(dup);
                }
            }
        }
        PathTemplate { pieces, problems }
    }

    /// The pieces, in order; literal pieces are never empty and never adjacent.
    pub fn pieces(&self) -> &[PathPiece] {
        &self.pieces
    }

    /// The placeholder names, in order (duplicates included).
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(placeholder_name)
    }

    /// What is wrong with the template, in the order found (empty for a valid template).
    pub fn problems(&self) -> &[TemplateProblem] {
        &self.problems
    }

    /// Whether the template has no [`TemplateProblem`].
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }

    /// The template with every placeholder's name removed (`/a/{id}` → `/a/{}`): two
    /// templates with the same shape address the same URLs.
    pub fn shape(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                PathPiece::Literal(text) => text.as_str(),
                PathPiece::Placeholder(_) => "{}",
            })
            .collect()
    }
}

fn placeholder_name(piece: &PathPiece) -> Option<&str> {
    match piece {
        PathPiece::Placeholder(name) => Some(name),
        PathPiece::Literal(_) => None,
    }
}

/// Records every `}` in literal text `text` (which starts at byte `offset` of the template).
fn stray_closers(text: &str, offset: usize, problems: &mut Vec<TemplateProblem>) {
    for (i, _) in text.match_indices('}') {
        problems.push(TemplateProblem::StrayClosingBrace(offset + i));
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in &self.pieces {
            match piece {
                PathPiece::Literal(text) => f.write_str(text)?,
                PathPiece::Placeholder(name) => write!(f, "{{{name}}}")?,
            }
        }
        Ok(())
    }
}

impl From<&str> for PathTemplate {
    fn from(text: &str) -> Self {
        PathTemplate::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PathPiece::{Literal as L, Placeholder as P};
    use TemplateProblem as T;

    fn lit(s: &str) -> PathPiece {
        L(s.to_string())
    }

    fn ph(s: &str) -> PathPiece {
        P(s.to_string())
    }

    /// Every case: the pieces, the problems, and the text written back unchanged.
    #[test]
    fn odd_templates_read_into_exact_pieces_and_problems() {
        let cases: Vec<(&str, Vec<PathPiece>, Vec<TemplateProblem>)> = vec![
            (
                "/contacts/{contactId}/phones",
                vec![lit("/contacts/"), ph("contactId"), lit("/phones")],
                vec![],
            ),
            ("/{a}{b}", vec![lit("/"), ph("a"), ph("b")], vec![]),
            ("/a/{id", vec![lit("/a/{id")], vec![T::UnclosedBrace(3)]),
            (
                "/a/{x}/b}/{y",
                vec![lit("/a/"), ph("x"), lit("/b}/{y")],
                vec![T::StrayClosingBrace(8), T::UnclosedBrace(10)],
            ),
            ("/a}/b", vec![lit("/a}/b")], vec![T::StrayClosingBrace(2)]),
            (
                "/a/{}/b",
                vec![lit("/a/"), ph(""), lit("/b")],
                vec![T::EmptyName(3)],
            ),
            (
                "/a/{b{c}/d",
                vec![lit("/a/"), ph("b{c"), lit("/d")],
                vec![T::BraceInName("b{c".into())],
            ),
            (
                "/files/%7Bid%7D/{name}%20x",
                vec![lit("/files/%7Bid%7D/"), ph("name"), lit("%20x")],
                vec![],
            ),
            (
                "/{id}/sub/{id}",
                vec![lit("/"), ph("id"), lit("/sub/"), ph("id")],
                vec![T::DuplicateName("id".into())],
            ),
            ("/files/{*path}", vec![lit("/files/"), ph("*path")], vec![]),
            (
                "api/x?a={a}",
                vec![lit("api/x?a="), ph("a")],
                vec![T::NotAbsolute, T::QueryString],
            ),
            ("", vec![], vec![T::NotAbsolute]),
            ("/", vec![lit("/")], vec![]),
            ("/ä/{名前}", vec![lit("/ä/"), ph("名前")], vec![]),
        ];
        for (text, pieces, problems) in cases {
            let t = PathTemplate::parse(text);
            assert_eq!(t.pieces(), pieces.as_slice(), "{text}");
            assert_eq!(t.problems(), problems.as_slice(), "{text}");
            assert_eq!(t.is_valid(), problems.is_empty(), "{text}");
            assert_eq!(t.to_string(), text, "{text}");
        }
    }

    #[test]
    fn placeholders_and_shape() {
        let t = PathTemplate::parse("/a/{x}/{y}{z}/b");
        assert_eq!(t.placeholders().collect::<Vec<_>>(), ["x", "y", "z"]);
        assert_eq!(t.shape(), "/a/{}/{}{}/b");
        assert_eq!(PathTemplate::parse("/a/{id").shape(), "/a/{id");
        assert_eq!(
            PathTemplate::from("/{a}{b}")
                .placeholders()
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn problems_display_as_sentences() {
        let t = PathTemplate::parse("x/{}/{a{b}}");
        let text: Vec<String> = t.problems().iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "does not start with `/`",
                "placeholder at byte 2 has no name",
                "placeholder name `a{b` contains `{`",
                "`}` at byte 10 closes no placeholder",
            ]
        );
    }
}
