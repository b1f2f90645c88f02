//! Phase timings of a run, printed to stderr when `APISCRAPE_TIMINGS` is set (how the
//! Performance figures of ARCHITECTURE.md and `xtask/bench/README.md` are broken down).
//!
//! `let _t = timing::span("render docs");` prints `timing: render docs 1.234 s (CPU 1.50 s,
//! peak RSS so far 120 MiB, 0.350-1.584 s)` when the value is dropped: wall time, the
//! process's CPU time over the span, its peak resident set since it started (so the phase that
//! raised the peak is the first to show the higher figure), and when the span began and ended
//! after the first span of the run began (so phases that overlap show it). Nothing is measured
//! or printed without the variable.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("APISCRAPE_TIMINGS").is_some())
}

/// A phase being timed; printed when dropped.
#[derive(Debug)]
pub struct Span {
    name: &'static str,
    start: Option<(Instant, f64)>,
}

/// When the first span of the run began.
fn origin() -> Instant {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

/// Starts timing the phase `name`.
pub fn span(name: &'static str) -> Span {
    Span {
        name,
        start: enabled().then(|| {
            origin();
            (Instant::now(), cpu_seconds())
        }),
    }
}

/// CPU time of the whole process so far (user + system, every thread), from `/proc/self/stat`
/// (clock ticks of 10 ms); 0 where it cannot be read.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) end with `)`.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return 0.0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
        .sum();
    ticks / 100.0
}

/// The process's peak resident set so far in MiB (`VmHWM` of `/proc/self/status`); 0 where
/// it cannot be read.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((start, cpu)) = self.start {
            let since = |t: Instant| t.duration_since(origin()).as_secs_f64();
            eprintln!(
                "timing: {} {:.3} s (CPU {:.2} s, peak RSS so far {:.0} MiB, {:.3}-{:.3} s)",
                self.name,
                start.elapsed().as_secs_f64(),
                cpu_seconds() - cpu,
                peak_rss_mib(),
                since(start),
                since(Instant::now()),
            );
        }
    }
}
