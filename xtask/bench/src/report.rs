//! The tables `cargo xtask bench` prints: Markdown, so they can be pasted into ARCHITECTURE.md.

use crate::measure::{exponent, Sample};
use std::fmt::Write;

/// One measured command over every corpus size (`None`: not run at that size).
#[derive(Debug, Clone)]
pub struct Row {
    /// What was run.
    pub label: String,
    /// Summary per size, aligned with the table's sizes.
    pub samples: Vec<Option<Sample>>,
}

fn mib(kib: u64) -> String {
    format!("{:.0}", kib as f64 / 1024.0)
}

/// `1000` -> `1k`, `10000` -> `10k`, `200` -> `200`.
pub fn size_label(n: usize) -> String {
    if n >= 1000 && n.is_multiple_of(1000) {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

/// The verbs table: per size the median seconds, the ratio to the floor row (the first row),
/// peak RSS in MiB; then the time and RSS scaling exponents between consecutive sizes.
pub fn table(sizes: &[usize], rows: &[Row]) -> String {
    let mut out = String::new();
    let mut header = String::from("| command |");
    let mut rule = String::from("| --- |");
    for &n in sizes {
        let n = size_label(n);
        let _ = write!(header, " {n} s | {n} ×floor | {n} MiB |");
        rule.push_str(" ---: | ---: | ---: |");
    }
    for pair in sizes.windows(2) {
        let (a, b) = (size_label(pair[0]), size_label(pair[1]));
        let _ = write!(header, " exp t {a}→{b} | exp RSS {a}→{b} |");
        rule.push_str(" ---: | ---: |");
    }
    let _ = writeln!(out, "{header}\n{rule}");
    let floor = rows.first().map(|r| r.samples.clone()).unwrap_or_default();
    for row in rows {
        let mut line = format!("| {} |", row.label);
        for (i, sample) in row.samples.iter().enumerate() {
            match sample {
                Some(s) => {
                    let ratio = floor
                        .get(i)
                        .copied()
                        .flatten()
                        .filter(|f| f.seconds > 0.0)
                        .map(|f| format!("{:.2}", s.seconds / f.seconds))
                        .unwrap_or_else(|| "-".into());
                    let _ = write!(line, " {:.3} | {ratio} | {} |", s.seconds, mib(s.peak_kib));
                }
                None => line.push_str(" - | - | - |"),
            }
        }
        for i in 0..sizes.len().saturating_sub(1) {
            let pair = (row.samples[i], row.samples[i + 1]);
            match pair {
                (Some(a), Some(b)) => {
                    let t = exponent(sizes[i], a.seconds, sizes[i + 1], b.seconds);
                    let m = exponent(sizes[i], a.peak_kib as f64, sizes[i + 1], b.peak_kib as f64);
                    let f = |x: Option<f64>| x.map_or("-".into(), |x| format!("{x:.2}"));
                    let _ = write!(line, " {} | {} |", f(t), f(m));
                }
                _ => line.push_str(" - | - |"),
            }
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// Ratios of one row to another per size (`what` over `base`), as `label: 1k 0.75, 5k 0.80`.
pub fn ratio_line(label: &str, sizes: &[usize], what: &Row, base: &Row) -> String {
    let parts: Vec<String> = sizes
        .iter()
        .enumerate()
        .filter_map(|(i, &n)| {
            let (a, b) = (what.samples[i]?, base.samples[i]?);
            (b.seconds > 0.0).then(|| {
                format!(
                    "{} {:.2} (RSS {:.2})",
                    size_label(n),
                    a.seconds / b.seconds,
                    a.peak_kib as f64 / b.peak_kib.max(1) as f64
                )
            })
        })
        .collect();
    format!("{label}: {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(seconds: f64, peak_kib: u64) -> Option<Sample> {
        Some(Sample { seconds, peak_kib })
    }

    #[test]
    fn table_gives_ratios_to_the_floor_and_exponents() {
        let rows = vec![
            Row {
                label: "floor".into(),
                samples: vec![s(1.0, 10240), s(5.0, 20480)],
            },
            Row {
                label: "parse".into(),
                samples: vec![s(2.0, 102400), s(50.0, 512000)],
            },
        ];
        let t = table(&[1000, 5000], &rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0],
            "| command | 1k s | 1k ×floor | 1k MiB | 5k s | 5k ×floor | 5k MiB | exp t 1k→5k | exp RSS 1k→5k |"
        );
        assert_eq!(
            lines[2],
            "| floor | 1.000 | 1.00 | 10 | 5.000 | 1.00 | 20 | 1.00 | 0.43 |"
        );
        assert_eq!(
            lines[3],
            "| parse | 2.000 | 2.00 | 100 | 50.000 | 10.00 | 500 | 2.00 | 1.00 |"
        );
        let line = ratio_line("no-op / fresh", &[1000, 5000], &rows[0], &rows[1]);
        assert_eq!(
            line,
            "no-op / fresh: 1k 0.50 (RSS 0.10), 5k 0.10 (RSS 0.04)"
        );
        assert_eq!(size_label(200), "200");
    }
}
