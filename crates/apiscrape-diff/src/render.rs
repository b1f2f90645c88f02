//! Text and Markdown renderings of a [`Diff`].

use crate::{Bump, Diff, Impact};
use std::fmt::Write as _;

const IMPACTS: [Impact; 3] = [Impact::Breaking, Impact::Compatible, Impact::Documentation];

fn bump_name(b: Bump) -> &'static str {
    match b {
        Bump::None => "none",
        Bump::Patch => "patch",
        Bump::Minor => "minor",
        Bump::Major => "major",
    }
}

fn headline(d: &Diff) -> String {
    if d.is_empty() {
        return "no API changes".to_string();
    }
    format!(
        "{} API change(s): {} breaking, {} compatible, {} documentation; semver bump: {} (pre-1.0: {})",
        d.changes.len(),
        d.count(Impact::Breaking),
        d.count(Impact::Compatible),
        d.count(Impact::Documentation),
        bump_name(d.bump()),
        if d.is_breaking() { "minor" } else if d.is_empty() { "none" } else { "patch" }
    )
}

/// One line per change, grouped by impact.
pub fn text(d: &Diff) -> String {
    let mut out = headline(d);
    out.push('\n');
    for impact in IMPACTS {
        for c in d.changes.iter().filter(|c| c.impact == impact) {
            let _ = writeln!(
                out,
                "  {:<13} {}: {} ({})",
                impact.as_str(),
                c.target,
                c.summary,
                c.reason
            );
        }
    }
    out
}

fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for ch in s.chars() {
        if ch == '`' {
            in_code = !in_code;
        }
        match ch {
            '|' => out.push_str("\\|"),
            '*' | '_' | '[' | ']' | '<' | '>' | '#' if !in_code => {
                out.push('\\');
                out.push(ch);
            }
            '\n' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// A Markdown section: headline, then one list per impact.
pub fn markdown(d: &Diff) -> String {
    let mut out = format!("{}\n", headline(d));
    for (impact, title) in IMPACTS.into_iter().zip([
        "Breaking changes",
        "Compatible changes",
        "Documentation changes",
    ]) {
        let items: Vec<_> = d.changes.iter().filter(|c| c.impact == impact).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n#### {title}\n");
        for c in items {
            let _ = writeln!(
                out,
                "- `{}`: {} — {}",
                c.target.replace('`', "'"),
                escape_md(&c.summary),
                escape_md(&c.reason)
            );
        }
    }
    out
}
