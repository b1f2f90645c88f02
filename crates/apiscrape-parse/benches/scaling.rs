//! Speed of reading a documentation site, as ratios measured in one run.
//!
//! Synthetic sites of 100, 1000 and 4000 pages are made from each dialect's real pages
//! ([`site`]). Criterion measures, per site size:
//! - `read`: reading every page's bytes in parallel, the baseline;
//! - `parse_files`: [`apiscrape_parse::parse_files`], the whole pipeline (read, parse in
//!   parallel, merge, cross-page finish);
//! - `merge`: merging the already-parsed per-page fragments ([`merge::Merger`]), sequential;
//! - `finish`: the cross-page work after merging (the dialect's `finish`, placeholders,
//!   sorting), sequential;
//! - `threads`: `parse_files` of the 1000-page site in a 1-thread and a 2-thread rayon pool,
//!   beside a CPU-bound job that shares nothing (`cpu_baseline`), which shows what the cores
//!   give in this run.
//!
//! After the runs the bench prints ratios from the same run's medians: time(4000)/time(1000)
//! (linear ≈ 4) and time(1000)/time(100) (linear ≈ 10), parse/read, and 1 thread / 2 threads.
//! Absolute times depend on the machine; the ratios are what to compare.
//!
//! `cargo bench -p apiscrape-parse --bench scaling` (add `-- --quick` for a short run,
//! `-- rambase` to run one template set).

mod crafted;
mod site;

use apiscrape_model::Api;
use apiscrape_parse::{dialect, merge, parse_files, parse_one, DialectChoice};
use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput};
use site::{Site, TemplateSet, Templates};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Site sizes in pages.
const SIZES: [usize; 3] = [100, 1000, 4000];
/// Size of the site the thread-scaling runs read.
const THREADS_SIZE: usize = 1000;

/// Per-iteration seconds of every measured call, by bench id, for the ratio report.
static TIMES: Mutex<BTreeMap<String, Vec<f64>>> = Mutex::new(BTreeMap::new());

fn record(id: &str, elapsed: Duration, iters: u64) {
    TIMES
        .lock()
        .expect("times lock")
        .entry(id.to_string())
        .or_default()
        .push(elapsed.as_secs_f64() / iters.max(1) as f64);
}

fn median(id: &str) -> Option<f64> {
    let times = TIMES.lock().expect("times lock");
    let mut v = times.get(id)?.clone();
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// Runs `f` `iters` times, records and returns the elapsed time.
fn timed(id: &str, iters: u64, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        f();
    }
    let elapsed = start.elapsed();
    record(id, elapsed, iters);
    elapsed
}

/// The per-page fragments of a site, parsed once, for the merge bench.
fn fragments(site: &Site) -> Vec<Api> {
    site.files
        .iter()
        .map(|f| {
            let page = f.read().expect("read page");
            parse_one(&page, DialectChoice::Auto)
        })
        .collect()
}

/// Times the steps of `parse_files` one by one (sequentially), for finding a slow step.
fn phases(site: &Site) {
    let t = Instant::now();
    let parsed = fragments(site);
    let parse = t.elapsed();
    let t = Instant::now();
    let mut merger = merge::Merger::default();
    for fragment in parsed {
        merger.add(fragment);
    }
    let mut api = merger.into_api();
    let merged = t.elapsed();
    let t = Instant::now();
    if let Some(d) = api
        .dialect
        .clone()
        .and_then(|d| apiscrape_parse::dialect::by_name(&d))
    {
        d.finish(&mut api);
    }
    let finished = t.elapsed();
    let t = Instant::now();
    merge::add_missing_placeholders(&mut api);
    let placeholders = t.elapsed();
    let t = Instant::now();
    api.normalize();
    let normalize = t.elapsed();
    println!(
        "{} pages: parse {parse:?} merge {merged:?} finish {finished:?} placeholders {placeholders:?} normalize {normalize:?}",
        site.len()
    );
}

/// What `parse_files` does after merging: the dialect's cross-page work, placeholders for
/// types no page describes, sorting.
fn finish(api: &mut Api) {
    if let Some(d) = api.dialect.as_deref().and_then(dialect::by_name) {
        d.finish(api);
    }
    merge::add_missing_placeholders(api);
    api.normalize();
}

fn parse_site(site: &Site) {
    std::hint::black_box(parse_files(&site.files, DialectChoice::Auto));
}

/// What the machine's cores give a job that shares nothing: each page read and hashed a few
/// times over, in parallel. Its 1-thread/2-thread ratio is the most `parse_files` can reach in
/// the same run (on a shared machine often well below 2).
fn cpu_baseline(site: &Site) {
    use rayon::prelude::*;
    site.files.par_iter().for_each(|f| {
        let bytes = std::fs::read(&f.path).expect("read page");
        let mut hash = 0xcbf2_9ce4_8422_2325_u64;
        for _ in 0..64 {
            for b in &bytes {
                hash = (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        std::hint::black_box(hash);
    });
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("rayon pool")
}

fn bench_set(c: &mut Criterion, set: &TemplateSet) {
    let name = set.kind.name();
    let sites: Vec<Site> = SIZES.iter().map(|&n| set.generate(n)).collect();
    if std::env::var_os("APISCRAPE_BENCH_DEBUG").is_some() {
        let api = parse_files(&sites[0].files, DialectChoice::Auto);
        let groups: Vec<_> = api.groups.iter().map(|g| g.name.as_str()).collect();
        println!("{name} groups: {groups:?}");
        for d in api.diagnostics.iter().take(40) {
            println!("  {d}");
        }
    }
    if std::env::var_os("APISCRAPE_BENCH_PHASES").is_some() {
        for site in &sites {
            phases(site);
        }
    }
    for site in &sites {
        let counts = site.check(&parse_files(&site.files, DialectChoice::Auto));
        println!(
            "{name} site of {} pages ({} bytes): {counts:?}",
            site.len(),
            site.input_bytes
        );
    }
    let mut group = c.benchmark_group(name);
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for site in &sites {
        let n = site.len();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("read", n), site, |b, site| {
            let id = format!("{name}/read/{n}");
            b.iter_custom(|iters| {
                timed(&id, iters, || {
                    std::hint::black_box(site.read_all());
                })
            })
        });
        group.bench_with_input(BenchmarkId::new("parse_files", n), site, |b, site| {
            let id = format!("{name}/parse_files/{n}");
            b.iter_custom(|iters| {
                timed(&id, iters, || {
                    std::hint::black_box(parse_files(&site.files, DialectChoice::Auto));
                })
            })
        });
        let parsed = fragments(site);
        let mut merger = merge::Merger::default();
        parsed.iter().for_each(|f| merger.add(f.clone()));
        let merged = merger.into_api();
        group.bench_with_input(BenchmarkId::new("finish", n), &merged, |b, merged| {
            let id = format!("{name}/finish/{n}");
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let mut api = merged.clone();
                    let start = Instant::now();
                    finish(&mut api);
                    total += start.elapsed();
                    drop(std::hint::black_box(api));
                }
                record(&id, total, iters);
                total
            })
        });
        drop(merged);
        group.bench_with_input(BenchmarkId::new("merge", n), &parsed, |b, parsed| {
            let id = format!("{name}/merge/{n}");
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let copies = parsed.clone();
                    let start = Instant::now();
                    let mut merger = merge::Merger::default();
                    for fragment in copies {
                        merger.add(fragment);
                    }
                    let api = merger.into_api();
                    total += start.elapsed();
                    drop(std::hint::black_box(api));
                }
                record(&id, total, iters);
                total
            })
        });
    }
    if let Some(site) = sites.iter().find(|s| s.len() == THREADS_SIZE) {
        group.throughput(Throughput::Elements(site.len() as u64));
        for threads in [1, 2] {
            let pool = pool(threads);
            for (job, run) in [
                ("parse_files", parse_site as fn(&Site)),
                ("cpu_baseline", cpu_baseline as fn(&Site)),
            ] {
                group.bench_with_input(
                    BenchmarkId::new(format!("threads/{job}"), threads),
                    site,
                    |b, site| {
                        let id = format!("{name}/threads/{job}/{threads}");
                        b.iter_custom(|iters| pool.install(|| timed(&id, iters, || run(site))))
                    },
                );
            }
        }
    }
    group.finish();
}

/// The `crafted` group: each hostile page kind at two sizes, read by [`parse_one`].
fn bench_crafted(c: &mut Criterion) -> bool {
    let Some(templates) = crafted::Templates::load() else {
        println!("crafted: template pages not found, skipped");
        return false;
    };
    let mut group = c.benchmark_group("crafted");
    group.sample_size(10).sampling_mode(SamplingMode::Flat);
    for kind in crafted::KINDS {
        for n in kind.sizes {
            let page = (kind.make)(&templates, n);
            group.throughput(Throughput::Bytes(page.text.len() as u64));
            let id = format!("crafted/{}/{n}", kind.name);
            group.bench_with_input(BenchmarkId::new(kind.name, n), &page, |b, page| {
                b.iter_custom(|iters| {
                    timed(&id, iters, || {
                        std::hint::black_box(parse_one(page, DialectChoice::Auto));
                    })
                })
            });
        }
    }
    group.finish();
    true
}

fn report_crafted() {
    println!("\nCrafted pages, t(2n)/t(n) (medians of this run; linear gives 2.0):");
    for kind in crafted::KINDS {
        let [small, big] = kind.sizes;
        let id = |n: usize| format!("crafted/{}/{n}", kind.name);
        if let Some(r) = ratio(&id(big), &id(small)) {
            println!("  {:<22} n = {small:>6}: {r:5.2}", kind.name);
        }
    }
}

fn ratio(a: &str, b: &str) -> Option<f64> {
    Some(median(a)? / median(b)?)
}

fn report(names: &[&str]) {
    println!("\nRatios (medians of this run; linear scaling gives 4.0 and 10.0):");
    for name in names {
        for step in ["read", "parse_files", "merge", "finish"] {
            let id = |n: usize| format!("{name}/{step}/{n}");
            if let (Some(big), Some(small)) =
                (ratio(&id(4000), &id(1000)), ratio(&id(1000), &id(100)))
            {
                println!(
                    "  {name:<11} {step:<12} t(4000)/t(1000) = {big:5.2}   t(1000)/t(100) = {small:5.2}"
                );
            }
        }
        for n in SIZES {
            if let Some(r) = ratio(
                &format!("{name}/parse_files/{n}"),
                &format!("{name}/read/{n}"),
            ) {
                println!("  {name:<11} parse_files/read at {n:>4} pages = {r:7.1}");
            }
        }
        let speedup = |job: &str| {
            ratio(
                &format!("{name}/threads/{job}/1"),
                &format!("{name}/threads/{job}/2"),
            )
        };
        if let (Some(parse), Some(cpu)) = (speedup("parse_files"), speedup("cpu_baseline")) {
            println!(
                "  {name:<11} t(1 thread)/t(2 threads) at {THREADS_SIZE} pages: parse_files {parse:4.2}, cpu_baseline {cpu:4.2} (ideal 2.0 on 2 idle cores); parse/baseline = {:4.2}",
                parse / cpu
            );
        }
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut names = Vec::new();
    for kind in [
        Templates::RamBase,
        Templates::Caliber,
        Templates::Itslearning,
    ] {
        match TemplateSet::load(kind) {
            Some(set) => {
                bench_set(&mut c, &set);
                names.push(kind.name());
            }
            None => println!("{}: template pages not found, skipped", kind.name()),
        }
    }
    let crafted = bench_crafted(&mut c);
    c.final_summary();
    report(&names);
    if crafted {
        report_crafted();
    }
}
