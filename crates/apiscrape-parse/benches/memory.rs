//! Peak heap memory of reading a documentation site, as ratios measured in one run.
//!
//! A counting global allocator ([`peak_alloc`]) tracks the bytes allocated and not yet freed,
//! and their maximum. For synthetic sites of 1000 and 4000 pages ([`site`]) the bench reports
//! the peak while [`parse_files`] runs, against:
//! - the model it returns: the heap it still holds afterwards, and its JSON size;
//! - the input: the sum of all pages' sizes;
//! - the same site read with every page in memory first ([`parse_pages`]), the baseline that
//!   holds the sum of all pages.
//!
//! `parse_files` reads each page inside the parallel loop, so its peak should be the model
//! plus what a few pages (one per thread) cost while they are parsed: far below the input's
//! size, and growing with the model, not with the pages. The bench prints the ratios and
//! fails if `parse_files` ever holds as much as the pages-in-memory baseline.
//!
//! `cargo bench -p apiscrape-parse --bench memory`

mod site;

use apiscrape_parse::{parse_files, parse_pages, DialectChoice, Page};
use peak_alloc::PeakAlloc;
use site::{Site, TemplateSet, Templates};

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// Sizes of the sites measured, in pages.
const SIZES: [usize; 2] = [1000, 4000];

/// Heap bytes of one measured run.
struct Heap {
    /// Maximum above the starting point while `f` ran.
    peak: usize,
    /// Still held (by what `f` returned) when it finished.
    retained: usize,
}

/// Runs `f`, measuring the heap from its start; returns its result and the measure.
fn measure<T>(f: impl FnOnce() -> T) -> (T, Heap) {
    let start = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let out = f();
    let heap = Heap {
        peak: HEAP.peak_usage().saturating_sub(start),
        retained: HEAP.current_usage().saturating_sub(start),
    };
    (out, heap)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Measures one site; returns the peak of `parse_files`.
fn run(site: &Site) -> usize {
    let n = site.len();
    let input = site.input_bytes as usize;
    let largest_page = site
        .files
        .iter()
        .map(|f| std::fs::metadata(&f.path).map_or(0, |m| m.len() as usize))
        .max()
        .unwrap_or(0);

    let (api, streamed) = measure(|| parse_files(&site.files, DialectChoice::Auto));
    site.check(&api);
    let json = serde_json::to_vec(&api).expect("model serialises").len();
    drop(api);

    let (api, all_in_memory) = measure(|| {
        let pages: Vec<Page> = site
            .files
            .iter()
            .map(|f| Page::read(&f.path, f.source.clone()).expect("read page"))
            .collect();
        parse_pages(pages, DialectChoice::Auto)
    });
    site.check(&api);
    drop(api);

    let name = site.templates.name();
    let model = streamed.retained;
    let beyond_model = streamed.peak.saturating_sub(model);
    println!(
        "{name:<11} {n:>4} pages: input {:7.1} MiB, model {:6.1} MiB in memory ({:6.1} MiB as JSON)",
        mib(input),
        mib(model),
        mib(json)
    );
    println!(
        "{name:<11} {n:>4} pages: parse_files peak {:6.1} MiB = {:4.2} x model in memory = {:4.2} x model JSON = {:4.2} x input",
        mib(streamed.peak),
        streamed.peak as f64 / model as f64,
        streamed.peak as f64 / json as f64,
        streamed.peak as f64 / input as f64,
    );
    println!(
        "{name:<11} {n:>4} pages: peak beyond the model {:5.1} MiB = {:4.1}% of the model = {:5.1} x the largest page ({largest_page} bytes)",
        mib(beyond_model),
        100.0 * beyond_model as f64 / model as f64,
        beyond_model as f64 / largest_page as f64,
    );
    println!(
        "{name:<11} {n:>4} pages: baseline parse_pages (every page read first) peak {:6.1} MiB = {:4.2} x parse_files",
        mib(all_in_memory.peak),
        all_in_memory.peak as f64 / streamed.peak as f64,
    );
    assert!(
        streamed.peak < all_in_memory.peak,
        "{name}, {n} pages: parse_files peaked at {} bytes, no less than reading all pages first ({} bytes)",
        streamed.peak,
        all_in_memory.peak
    );
    streamed.peak
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    for kind in [
        Templates::RamBase,
        Templates::Caliber,
        Templates::Itslearning,
    ] {
        let Some(set) = TemplateSet::load(kind) else {
            println!("{}: template pages not found, skipped", kind.name());
            continue;
        };
        let sites: Vec<Site> = SIZES.iter().map(|&n| set.generate(n)).collect();
        // Warm up: one-time allocations (rayon's pool, compiled patterns) are not the site's.
        drop(parse_files(&sites[0].files, DialectChoice::Auto));
        let peaks: Vec<usize> = sites.iter().map(run).collect();
        println!(
            "{:<11} peak(4000 pages)/peak(1000 pages) = {:4.2} (linear in the model: about 4)\n",
            kind.name(),
            peaks[1] as f64 / peaks[0] as f64
        );
    }
}
