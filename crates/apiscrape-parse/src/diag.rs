//! The per-page diagnostics cap every dialect shares: a garbage page must not flood the report
//! (an ASP.NET page of 10^5 bad rows once gave 220 000 lines), yet nothing is dropped silently.

use apiscrape_model::{Diagnostic, Severity};

/// Most diagnostics listed for one page; the rest are counted in one final diagnostic.
pub const MAX_PAGE_DIAGNOSTICS: usize = 200;

/// Diagnostics of one page, capped at [`MAX_PAGE_DIAGNOSTICS`]: later ones are counted, and
/// [`PageDiagnostics::finish`] ends the list with one saying how many were suppressed, as
/// serious as the most serious of them (so a suppressed error still fails the run).
#[derive(Debug)]
pub(crate) struct PageDiagnostics {
    source: String,
    list: Vec<Diagnostic>,
    suppressed: usize,
    worst: Severity,
    last_line: Option<u32>,
}

impl PageDiagnostics {
    /// An empty list for the page named `source`.
    pub(crate) fn new(source: &str) -> Self {
        PageDiagnostics {
            source: source.to_string(),
            list: Vec::new(),
            suppressed: 0,
            worst: Severity::Note,
            last_line: None,
        }
    }

    /// Records a diagnostic at `line` (0 or `None`: the page as a whole).
    pub(crate) fn push(
        &mut self,
        severity: Severity,
        line: Option<u32>,
        message: impl Into<String>,
    ) {
        let line = line.filter(|l| *l > 0);
        self.add(Diagnostic::at(severity, self.source.clone(), line, message));
    }

    /// Records a warning at `line`.
    pub(crate) fn warn(&mut self, line: u32, message: impl Into<String>) {
        self.push(Severity::Warning, Some(line), message);
    }

    /// Records a note at `line`.
    pub(crate) fn note(&mut self, line: u32, message: impl Into<String>) {
        self.push(Severity::Note, Some(line), message);
    }

    /// Records a finished diagnostic (its location is kept as it is).
    pub(crate) fn add(&mut self, d: Diagnostic) {
        if self.list.len() < MAX_PAGE_DIAGNOSTICS {
            self.list.push(d);
            return;
        }
        self.suppressed += 1;
        self.worst = self.worst.min(d.severity);
        if let Some(line) = d.location.as_ref().and_then(|l| l.line) {
            self.last_line = Some(line);
        }
    }

    /// Whether nothing was recorded.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The listed diagnostics (without the suppression count).
    #[cfg(test)]
    pub(crate) fn listed(&self) -> &[Diagnostic] {
        &self.list
    }

    /// The list, ended by the count of suppressed diagnostics when there were any.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        if self.suppressed > 0 {
            let what = match (self.worst == Severity::Error, self.suppressed == 1) {
                (true, true) => "diagnostic",
                (true, false) => "diagnostics",
                (false, true) => "warning",
                (false, false) => "warnings",
            };
            self.list.push(Diagnostic::at(
                self.worst,
                self.source,
                self.last_line,
                format!(
                    "{} more {what} of this page suppressed (the first {MAX_PAGE_DIAGNOSTICS} are listed)",
                    self.suppressed
                ),
            ));
        }
        self.list
    }
}

/// Caps a page fragment's diagnostics (see [`PageDiagnostics`]); `source` names the page.
pub(crate) fn cap(source: &str, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if diagnostics.len() <= MAX_PAGE_DIAGNOSTICS {
        return diagnostics;
    }
    let mut capped = PageDiagnostics::new(source);
    for d in diagnostics {
        // A dialect's own count of what it suppressed joins this one.
        match suppressed_count(&d.message) {
            Some(n) if capped.list.len() >= MAX_PAGE_DIAGNOSTICS => {
                capped.add(d.clone());
                capped.suppressed += n - 1;
            }
            _ => capped.add(d),
        }
    }
    capped.finish()
}

/// The count in a [`PageDiagnostics::finish`] summary message.
fn suppressed_count(message: &str) -> Option<usize> {
    let (n, rest) = message.split_once(" more ")?;
    rest.contains(" of this page suppressed (the first ")
        .then(|| n.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_with_a_final_count_as_serious_as_the_worst_suppressed() {
        let mut d = PageDiagnostics::new("p.html");
        for i in 0..MAX_PAGE_DIAGNOSTICS + 5 {
            let severity = if i == MAX_PAGE_DIAGNOSTICS + 1 {
                Severity::Error
            } else {
                Severity::Warning
            };
            d.push(severity, Some(i as u32 + 1), format!("w{i}"));
        }
        let list = d.finish();
        assert_eq!(list.len(), MAX_PAGE_DIAGNOSTICS + 1);
        assert_eq!(list[MAX_PAGE_DIAGNOSTICS - 1].message, "w199");
        let last = &list[MAX_PAGE_DIAGNOSTICS];
        assert_eq!(last.severity, Severity::Error);
        assert_eq!(
            last.message,
            "5 more diagnostics of this page suppressed (the first 200 are listed)"
        );
        assert_eq!(last.location.as_ref().and_then(|l| l.line), Some(205));
        let few = cap("p", vec![Diagnostic::at(Severity::Note, "p", None, "n")]);
        assert_eq!(few.len(), 1);
    }
}
