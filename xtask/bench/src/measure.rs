//! Wall time and peak RSS of one child process.
//!
//! Each measured command runs as a fresh child of GNU time (`/usr/bin/time -f %M -o FILE`),
//! which takes the child's peak resident set from `wait4`'s rusage (`ru_maxrss`: the child's
//! own peak or the largest of its waited-for descendants, so `cargo check` reports its
//! largest `rustc`). The workspace forbids `unsafe`, and rustix has no `wait4`/`getrusage`, so
//! this needs no new dependency. Wall time is taken here around spawn and wait (GNU time's own
//! start-up, about a millisecond, is inside it for every command alike, the floor too).

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// Where GNU time is expected.
pub const TIME: &str = "/usr/bin/time";

/// One run of a command.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// Wall time in seconds.
    pub seconds: f64,
    /// Peak resident set in KiB.
    pub peak_kib: u64,
}

/// Fails with what to install when GNU time is missing.
pub fn need_time() -> Result<()> {
    let ok = Command::new(TIME)
        .args(["-f", "%M", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        bail!("{TIME} (GNU time) is needed to read each child's peak RSS: apt-get install time");
    }
    Ok(())
}

/// A command to measure: program, arguments, working directory, environment, stdout file.
#[derive(Debug, Clone)]
pub struct Job {
    /// Program.
    pub program: PathBuf,
    /// Arguments.
    pub args: Vec<String>,
    /// Working directory.
    pub dir: PathBuf,
    /// Extra environment variables.
    pub envs: Vec<(String, String)>,
    /// Where stdout goes (`None`: discarded).
    pub stdout: Option<PathBuf>,
}

impl Job {
    /// `program args...` in `dir`.
    pub fn new(program: impl Into<PathBuf>, args: &[&str], dir: &Path) -> Job {
        Job {
            program: program.into(),
            args: args.iter().map(|s| s.to_string()).collect(),
            dir: dir.to_path_buf(),
            envs: Vec::new(),
            stdout: None,
        }
    }

    /// The same job with one more environment variable.
    pub fn env(mut self, key: &str, value: impl Into<String>) -> Job {
        self.envs.push((key.to_string(), value.into()));
        self
    }

    /// The command line, for messages.
    pub fn display(&self) -> String {
        let mut s = self.program.display().to_string();
        for a in &self.args {
            s.push(' ');
            s.push_str(a);
        }
        s
    }

    /// Runs the job once; fails (with the end of its stderr) unless it exits with 0.
    pub fn run(&self, scratch: &Path) -> Result<Sample> {
        std::fs::create_dir_all(scratch)?;
        let rss_file = scratch.join("peak-rss.txt");
        let err_file = scratch.join("stderr.txt");
        let stdout = match &self.stdout {
            Some(path) => Stdio::from(std::fs::File::create(path)?),
            None => Stdio::null(),
        };
        let started = Instant::now();
        let status = Command::new(TIME)
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&rss_file)
            .arg(&self.program)
            .args(&self.args)
            .current_dir(&self.dir)
            .envs(self.envs.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(Stdio::from(std::fs::File::create(&err_file)?))
            .status()
            .with_context(|| format!("running {}", self.display()))?;
        let seconds = started.elapsed().as_secs_f64();
        if !status.success() {
            let err = std::fs::read_to_string(&err_file).unwrap_or_default();
            let tail: Vec<&str> = err.lines().rev().take(20).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            bail!(
                "`{}` (in {}) exited with {status}:\n{}",
                self.display(),
                self.dir.display(),
                tail.join("\n")
            );
        }
        let peak_kib = parse_peak(&std::fs::read_to_string(&rss_file)?)
            .with_context(|| format!("reading the peak RSS of {}", self.display()))?;
        Ok(Sample { seconds, peak_kib })
    }
}

/// The peak RSS in KiB from GNU time's `-f %M` output (the last line; a line `Command exited
/// with non-zero status` may come first).
fn parse_peak(text: &str) -> Result<u64> {
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .context("GNU time wrote nothing")?;
    last.trim()
        .parse()
        .with_context(|| format!("`{last}` is not a KiB count"))
}

/// Median of the samples' times and the largest of their peaks.
pub fn summary(samples: &[Sample]) -> Sample {
    let mut times: Vec<f64> = samples.iter().map(|s| s.seconds).collect();
    times.sort_by(f64::total_cmp);
    Sample {
        seconds: median(&times),
        peak_kib: samples.iter().map(|s| s.peak_kib).max().unwrap_or(0),
    }
}

/// Median of sorted values (mean of the middle two for an even count; 0 when empty).
pub fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Scaling exponent between two sizes: `log(t2/t1) / log(n2/n1)` (1 is linear).
pub fn exponent(n1: usize, t1: f64, n2: usize, t2: f64) -> Option<f64> {
    if n1 == n2 || n1 == 0 || n2 == 0 || t1 <= 0.0 || t2 <= 0.0 {
        return None;
    }
    Some((t2 / t1).ln() / (n2 as f64 / n1 as f64).ln())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_exponent() {
        assert_eq!(median(&[1.0, 2.0, 9.0]), 2.0);
        assert_eq!(median(&[1.0, 3.0]), 2.0);
        assert_eq!(exponent(1000, 1.0, 10_000, 10.0), Some(1.0));
        let quadratic = exponent(1000, 1.0, 5000, 25.0).unwrap();
        assert!((quadratic - 2.0).abs() < 1e-12);
        assert_eq!(exponent(1000, 1.0, 1000, 2.0), None);
    }

    #[test]
    fn peak_is_the_last_line_of_gnu_time() {
        assert_eq!(parse_peak("35120\n").unwrap(), 35120);
        assert_eq!(
            parse_peak("Command exited with non-zero status 1\n4200\n").unwrap(),
            4200
        );
        assert!(parse_peak("").is_err());
    }

    #[test]
    fn a_child_is_measured_and_a_failure_is_reported() {
        if need_time().is_err() {
            // GNU time is installed by .ci/run; without it every measurement fails loudly.
            return;
        }
        let scratch = std::env::temp_dir().join(format!("apiscrape-bench-{}", std::process::id()));
        // A shell holding a 20 MB string must report a peak above 20,000 KiB.
        let sample = Job::new(
            "sh",
            &[
                "-c",
                "x=$(head -c 20000000 /dev/zero | tr '\\0' a); echo ${#x}",
            ],
            &std::env::temp_dir(),
        )
        .run(&scratch)
        .unwrap();
        assert!(sample.peak_kib > 20_000, "{sample:?}");
        let err = Job::new(
            "sh",
            &["-c", "echo broken >&2; exit 3"],
            &std::env::temp_dir(),
        )
        .run(&scratch)
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("exit status: 3") && err.ends_with("broken"),
            "{err}"
        );
        std::fs::remove_dir_all(&scratch).unwrap();
    }
}
