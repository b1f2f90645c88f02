//! Fetching a documentation site into a folder of pages, politely and repeatably.
//!
//! [`fetch`] starts from one or more URLs (an ASP.NET `/Help` index, a RamBase documentation
//! index, or a list of pages), follows links that stay on the starting host and under the
//! starting path (`/Help` -> `/Help/Api/...`, `/Help/ResourceModel?modelName=...`), and saves
//! each page exactly as served under a name derived safely from its URL ([`names`]), plus a
//! manifest ([`Manifest`], `fetch-manifest.json`: URL, file, SHA-256, fetch time, ETag,
//! Last-Modified) that the parsers read to know each page's URL.
//!
//! Politeness and robustness: a fixed number of workers, a delay after every request,
//! conditional requests on re-fetch (`If-None-Match`, `If-Modified-Since`; only changed pages
//! are rewritten), retries with exponential backoff on timeouts, connection errors and 5xx,
//! `429` honoured through `Retry-After` (capped), redirects followed only within the site and
//! with loop detection, caps on page size and page count. Files are written atomically and
//! never outside the output folder.
//!
//! ```no_run
//! use apiscrape_fetch::{fetch, Options};
//! let summary = fetch(
//!     &["https://example.com/Help".to_string()],
//!     std::path::Path::new("input-docs/example"),
//!     &Options::default(),
//!     &|_| {},
//! )?;
//! println!("{}", summary.line());
//! # Ok::<(), apiscrape_fetch::Error>(())
//! ```

pub mod manifest;
pub mod names;

pub use manifest::{Manifest, ManifestEntry, MANIFEST_FILE};

use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet, VecDeque};
use std::path::Path;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime};
use url::Url;

/// Limits and manners of a crawl.
#[derive(Debug, Clone)]
pub struct Options {
    /// Most pages fetched in one run (links beyond are reported as skipped).
    pub max_pages: usize,
    /// Largest page accepted, in bytes.
    pub max_page_bytes: u64,
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Pause after every request, per worker.
    pub delay: Duration,
    /// Timeout of one request (connect to last byte).
    pub timeout: Duration,
    /// Further attempts after a timeout, connection error, 5xx or 429.
    pub retries: u32,
    /// First backoff; doubled on every retry.
    pub backoff: Duration,
    /// Longest `Retry-After` wait honoured; longer ones fail the page.
    pub max_retry_after: Duration,
    /// Most redirects followed for one page.
    pub max_redirects: u32,
    /// `User-Agent` header.
    pub user_agent: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_pages: 5000,
            max_page_bytes: 10 * 1024 * 1024,
            concurrency: 4,
            delay: Duration::from_millis(250),
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(120),
            max_redirects: 5,
            user_agent: concat!(
                "apiscrape/",
                env!("CARGO_PKG_VERSION"),
                " (documentation fetcher)"
            )
            .to_string(),
        }
    }
}

/// What stops a crawl before it starts or while saving.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A start URL is not an absolute http(s) URL.
    #[error("`{0}` is not an absolute http or https URL")]
    BadStartUrl(String),
    /// A start URL carries a user name or password (shown masked); they would be sent to the
    /// site and written to the manifest.
    #[error("`{0}` contains credentials; apiscrape does not send them (remove `user:password@`)")]
    CredentialsInStartUrl(String),
    /// The output folder or a file in it could not be written.
    #[error("cannot write {path}")]
    Io {
        /// The path.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The existing manifest is not readable.
    #[error("{path} is not a fetch manifest: {message}")]
    Manifest {
        /// The path.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// What happened to one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Saved for the first time.
    New,
    /// Content changed and was rewritten.
    Changed,
    /// Content unchanged (304, or same bytes); the file was not touched.
    Unchanged,
    /// Could not be fetched; the reason.
    Failed(String),
    /// Not fetched because the page cap was reached.
    Skipped,
}

/// One page's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageResult {
    /// The URL as linked.
    pub url: String,
    /// What happened.
    pub outcome: Outcome,
}

/// Progress events, reported from worker threads.
#[derive(Debug, Clone)]
pub enum Event {
    /// A page finished (any outcome); `known` is the number of URLs known so far.
    Finished {
        /// The URL.
        url: String,
        /// Its outcome.
        outcome: Outcome,
        /// URLs discovered so far (for a progress bar's length).
        known: usize,
    },
}

/// Skipped links listed by URL in [`Summary::pages`]; further ones are only counted, so that
/// memory stays bounded by the pages fetched, not by the links they hold.
pub const SKIPPED_LISTED: usize = 20;

/// The result of a crawl.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Every page fetched or failed, and the first [`SKIPPED_LISTED`] skipped links, sorted by
    /// URL.
    pub pages: Vec<PageResult>,
    /// Distinct in-scope links not fetched because of the page cap (all of them, listed or not).
    pub skipped_links: usize,
    /// Things the crawl corrected on its own, one line each (`URL: what`): links carrying
    /// credentials, which were removed before following them.
    pub warnings: Vec<String>,
}

impl Summary {
    fn count(&self, f: impl Fn(&Outcome) -> bool) -> usize {
        self.pages.iter().filter(|p| f(&p.outcome)).count()
    }

    /// Pages with the outcome `New`.
    pub fn new_pages(&self) -> usize {
        self.count(|o| *o == Outcome::New)
    }

    /// Pages with the outcome `Changed`.
    pub fn changed(&self) -> usize {
        self.count(|o| *o == Outcome::Changed)
    }

    /// Pages with the outcome `Unchanged`.
    pub fn unchanged(&self) -> usize {
        self.count(|o| *o == Outcome::Unchanged)
    }

    /// Pages that failed.
    pub fn failed(&self) -> usize {
        self.count(|o| matches!(o, Outcome::Failed(_)))
    }

    /// Links skipped by the page cap.
    pub fn skipped(&self) -> usize {
        self.skipped_links
    }

    /// `N new, N changed, N unchanged, N failed[, N skipped]`.
    pub fn line(&self) -> String {
        let mut s = format!(
            "{} new, {} changed, {} unchanged, {} failed",
            self.new_pages(),
            self.changed(),
            self.unchanged(),
            self.failed()
        );
        if self.skipped() > 0 {
            s.push_str(&format!(", {} skipped (page cap)", self.skipped()));
        }
        s
    }
}

/// The part of the web a crawl may visit: same scheme, host and port as a start URL, and a
/// path equal to or below that start URL's path (compared case-insensitively, as the ASP.NET
/// Help routes are).
#[derive(Debug, Clone)]
struct Scope {
    roots: Vec<(String, String)>,
}

impl Scope {
    fn new(starts: &[Url]) -> Scope {
        Scope {
            roots: starts
                .iter()
                .map(|u| (u.origin().ascii_serialization(), site_prefix(u.path())))
                .collect(),
        }
    }

    fn contains(&self, u: &Url) -> bool {
        if !matches!(u.scheme(), "http" | "https") {
            return false;
        }
        let origin = u.origin().ascii_serialization();
        let path = u.path().to_ascii_lowercase();
        self.roots.iter().any(|(o, prefix)| {
            *o == origin
                && (path.trim_end_matches('/') == *prefix
                    || path.starts_with(&format!("{prefix}/"))
                    || prefix.is_empty())
        })
    }
}

/// The path prefix (lower case, no trailing `/`) a crawl from a start path stays under: up to
/// and including a `help` segment when there is one (an ASP.NET Help Page site: `/Help.html`,
/// a saved index, and `/x/Help/Api/GET-a`, any page of the site, both give `/help` and
/// `/x/help`); otherwise the start path, or its folder when it names a file (`/docs/index.html`
/// gives `/docs`).
fn site_prefix(path: &str) -> String {
    let path = path.trim_end_matches('/').to_ascii_lowercase();
    let segments: Vec<&str> = path.split('/').collect();
    let stem = |s: &str| s.split_once('.').map_or(s, |(stem, _)| stem).to_string();
    if let Some(i) = segments.iter().rposition(|s| stem(s) == "help") {
        let mut prefix = segments[..i].join("/");
        prefix.push('/');
        prefix.push_str("help");
        return prefix;
    }
    match segments.split_last() {
        Some((last, folder)) if last.contains('.') => folder.join("/"),
        _ => path,
    }
}

struct State {
    queue: VecDeque<String>,
    /// URLs queued or fetched: at most `max_pages` (+ the start URLs).
    seen: HashSet<String>,
    in_flight: usize,
    results: BTreeMap<String, Outcome>,
    /// Hashes of the distinct links skipped by the page cap (8 bytes each, fewer than the bytes
    /// of the pages that held them).
    skipped: HashSet<u64>,
    warnings: Vec<String>,
    manifest: Manifest,
}

/// Crawls from `starts` into `out_dir` (created if missing). Per-page failures are outcomes,
/// not errors; errors are for bad start URLs and an unwritable output folder.
pub fn fetch(
    starts: &[String],
    out_dir: &Path,
    options: &Options,
    on_event: &(dyn Fn(&Event) + Sync),
) -> Result<Summary, Error> {
    let start_urls: Vec<Url> = starts
        .iter()
        .map(|s| {
            let u = Url::parse(s)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                .ok_or_else(|| Error::BadStartUrl(s.clone()))?;
            match without_credentials(&u) {
                Some(_) => Err(Error::CredentialsInStartUrl(masked(&u))),
                None => Ok(u),
            }
        })
        .collect::<Result<_, _>>()?;
    std::fs::create_dir_all(out_dir).map_err(|e| Error::Io {
        path: out_dir.display().to_string(),
        source: e,
    })?;
    let manifest = Manifest::load(out_dir)?;
    let scope = Scope::new(&start_urls);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(options.timeout))
        .user_agent(options.user_agent.as_str())
        .build()
        .into();
    let mut state = State {
        queue: VecDeque::new(),
        seen: HashSet::new(),
        in_flight: 0,
        results: BTreeMap::new(),
        skipped: HashSet::new(),
        warnings: Vec::new(),
        manifest,
    };
    for u in &start_urls {
        let mut u = u.clone();
        u.set_fragment(None);
        if state.seen.insert(u.to_string()) {
            state.queue.push_back(u.to_string());
        }
    }
    let shared = (Mutex::new(state), Condvar::new());
    let crawler = Crawler {
        agent,
        options,
        scope,
        out_dir,
        on_event,
    };
    std::thread::scope(|s| {
        for _ in 0..options.concurrency.max(1) {
            s.spawn(|| crawler.worker(&shared));
        }
    });
    let state = shared.0.into_inner().unwrap_or_else(|e| e.into_inner());
    state.manifest.save(out_dir)?;
    let mut warnings = state.warnings;
    warnings.sort();
    Ok(Summary {
        pages: state
            .results
            .into_iter()
            .map(|(url, outcome)| PageResult { url, outcome })
            .collect(),
        skipped_links: state.skipped.len(),
        warnings,
    })
}

struct Crawler<'a> {
    agent: ureq::Agent,
    options: &'a Options,
    scope: Scope,
    out_dir: &'a Path,
    on_event: &'a (dyn Fn(&Event) + Sync),
}

/// What one fetch produced besides its outcome.
struct Fetched {
    outcome: Outcome,
    entry: Option<ManifestEntry>,
    /// Body for link discovery (also for unchanged pages, read from disk).
    html: Option<String>,
    /// URL the body came from (after redirects), to resolve relative links.
    base: Option<Url>,
}

impl Fetched {
    fn failed(message: String) -> Fetched {
        Fetched {
            outcome: Outcome::Failed(message),
            entry: None,
            html: None,
            base: None,
        }
    }
}

impl Crawler<'_> {
    fn worker(&self, shared: &(Mutex<State>, Condvar)) {
        let (lock, cvar) = shared;
        loop {
            let (url, previous) = {
                let mut st = lock.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    if let Some(u) = st.queue.pop_front() {
                        st.in_flight += 1;
                        let prev = st.manifest.get(&u).cloned();
                        break (u, prev);
                    }
                    if st.in_flight == 0 {
                        cvar.notify_all();
                        return;
                    }
                    st = cvar.wait(st).unwrap_or_else(|e| e.into_inner());
                }
            };
            let fetched = self.fetch_page(&url, previous.as_ref());
            std::thread::sleep(self.options.delay);
            let (links, with_credentials) = match (&fetched.html, &fetched.base) {
                (Some(html), Some(base)) => extract_links(html, base, &self.scope),
                _ => (Vec::new(), Vec::new()),
            };
            let mut st = lock.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(first) = with_credentials.first() {
                st.warnings.push(format!(
                    "{url}: {} link(s) carry credentials (e.g. {first}); they were removed and never sent or saved",
                    with_credentials.len()
                ));
            }
            for link in links {
                if st.seen.contains(&link) {
                    continue;
                }
                if st.seen.len() >= self.options.max_pages {
                    // Past the cap a link is only counted (by hash), so a site whose pages
                    // hold many long links cannot grow the frontier beyond the pages fetched.
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    std::hash::Hash::hash(&link, &mut h);
                    let new = st.skipped.insert(std::hash::Hasher::finish(&h));
                    if new && st.skipped.len() <= SKIPPED_LISTED {
                        st.results.insert(link, Outcome::Skipped);
                    }
                } else {
                    st.seen.insert(link.clone());
                    st.queue.push_back(link);
                }
            }
            if let Some(entry) = fetched.entry {
                st.manifest.insert(entry);
            }
            st.results.insert(url.clone(), fetched.outcome.clone());
            st.in_flight -= 1;
            let known = st.seen.len();
            drop(st);
            cvar.notify_all();
            (self.on_event)(&Event::Finished {
                url,
                outcome: fetched.outcome,
                known,
            });
        }
    }

    fn fetch_page(&self, url: &str, previous: Option<&ManifestEntry>) -> Fetched {
        let Ok(start) = Url::parse(url) else {
            return Fetched::failed("not a URL".into());
        };
        let file = names::file_name(&start);
        // Conditional headers only when the file we would compare against is still there (a
        // page served as text/plain was saved under its `.txt` name).
        let previous = previous.filter(|p| {
            (p.file == file || p.file == names::text_name(&file))
                && self.out_dir.join(&p.file).exists()
        });
        let mut request = Request {
            start,
            current: None,
            file,
            previous,
            hops: Vec::new(),
            attempt: 0,
        };
        loop {
            let step = match self.call(&request) {
                Err(e) => self.on_error(&e, request.attempt),
                Ok(resp) => self.on_response(resp, &mut request),
            };
            match step {
                Step::Done(fetched) => return *fetched,
                Step::Redirect(next) => request.current = Some(next),
                Step::RetryAfter(wait) => {
                    std::thread::sleep(wait);
                    request.attempt += 1;
                }
            }
        }
    }

    /// One GET of the request's current URL, conditional on the previous fetch.
    fn call(&self, request: &Request<'_>) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
        let mut req = self.agent.get(request.current().as_str());
        if let Some(p) = request.previous {
            if let Some(etag) = &p.etag {
                req = req.header("If-None-Match", etag);
            }
            if let Some(lm) = &p.last_modified {
                req = req.header("If-Modified-Since", lm);
            }
        }
        req.call()
    }

    /// A transport error: retried with backoff when transient, else the page failed.
    fn on_error(&self, e: &ureq::Error, attempt: u32) -> Step {
        let transient = matches!(
            e,
            ureq::Error::Timeout(_) | ureq::Error::Io(_) | ureq::Error::HostNotFound
        );
        if !transient || attempt >= self.options.retries {
            let what = if matches!(e, ureq::Error::Timeout(_)) {
                "timed out".to_string()
            } else {
                e.to_string()
            };
            return Step::failed(format!("{what} (after {} attempt(s))", attempt + 1));
        }
        Step::RetryAfter(self.backoff(attempt))
    }

    /// What a response means: the page, unchanged, a redirect to follow, a retry or a failure.
    fn on_response(
        &self,
        mut resp: ureq::http::Response<ureq::Body>,
        request: &mut Request<'_>,
    ) -> Step {
        let attempt = request.attempt;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match status {
            300..=399 if status != 304 => self.redirect(header("location"), status, request),
            304 => {
                let path = self.out_dir.join(request.saved_file());
                Step::Done(Box::new(Fetched {
                    outcome: Outcome::Unchanged,
                    entry: request.previous.cloned().map(|mut e| {
                        e.fetched_at = now();
                        e
                    }),
                    html: std::fs::read_to_string(path).ok(),
                    base: Some(request.current().clone()),
                }))
            }
            429 => {
                let wait = header("retry-after")
                    .and_then(|v| parse_retry_after(&v))
                    .unwrap_or_else(|| self.backoff(attempt));
                if wait > self.options.max_retry_after || attempt >= self.options.retries {
                    return Step::failed(format!(
                        "HTTP 429 (rate limited; Retry-After {}s)",
                        wait.as_secs()
                    ));
                }
                Step::RetryAfter(wait)
            }
            500..=599 => {
                if attempt >= self.options.retries {
                    return Step::failed(format!(
                        "HTTP {status} (after {} attempt(s))",
                        attempt + 1
                    ));
                }
                Step::RetryAfter(self.backoff(attempt))
            }
            200..=299 => {
                let body = resp
                    .body_mut()
                    .with_config()
                    .limit(self.options.max_page_bytes)
                    .read_to_vec();
                let bytes = match body {
                    Ok(b) => b,
                    Err(ureq::Error::BodyExceedsLimit(_)) => {
                        return Step::failed(format!(
                            "page larger than {} bytes",
                            self.options.max_page_bytes
                        ))
                    }
                    // A body cut off in transit is fetched again after a backoff.
                    Err(_) if attempt < self.options.retries => {
                        return Step::RetryAfter(self.backoff(attempt))
                    }
                    Err(e) => return Step::failed(format!("cannot read the body: {e}")),
                };
                let text = header("content-type").is_some_and(|t| {
                    t.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("text/plain")
                });
                let file = if text {
                    names::text_name(&request.file)
                } else {
                    request.file.clone()
                };
                Step::Done(Box::new(self.save(
                    &request.start,
                    request.current(),
                    file,
                    bytes,
                    header("etag"),
                    header("last-modified"),
                    request.previous,
                )))
            }
            _ => Step::failed(format!("HTTP {status}")),
        }
    }

    /// A redirect: followed when it stays on the site, loops nowhere and keeps within
    /// `max_redirects`.
    fn redirect(&self, location: Option<String>, status: u16, request: &mut Request<'_>) -> Step {
        let Some(next) = location
            .and_then(|l| request.current().join(&l).ok())
            .map(|u| without_credentials(&u).unwrap_or(u))
        else {
            return Step::failed(format!("HTTP {status} without a usable Location"));
        };
        if !self.scope.contains(&next) {
            return Step::failed(format!("redirect leaves the site: {next}"));
        }
        request.hops.push(request.current().to_string());
        if request.hops.contains(&next.to_string()) {
            return Step::failed(format!("redirect loop via {next}"));
        }
        if request.hops.len() as u32 > self.options.max_redirects {
            return Step::failed(format!(
                "more than {} redirects",
                self.options.max_redirects
            ));
        }
        Step::Redirect(next)
    }

    fn backoff(&self, attempt: u32) -> Duration {
        self.options.backoff.saturating_mul(1 << attempt.min(10))
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "one page's facts as the response gave them; each is written to the manifest"
    )]
    fn save(
        &self,
        url: &Url,
        final_url: &Url,
        file: String,
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
        previous: Option<&ManifestEntry>,
    ) -> Fetched {
        let sha = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>();
        let path = self.out_dir.join(&file);
        let same = previous.is_some_and(|p| p.sha256 == sha && p.file == file)
            && std::fs::read(&path).is_ok_and(|b| b == bytes);
        let outcome = if same {
            Outcome::Unchanged
        } else {
            if let Err(e) = write_atomically(&path, &bytes) {
                return Fetched {
                    outcome: Outcome::Failed(format!("cannot write {}: {e}", path.display())),
                    entry: None,
                    html: None,
                    base: None,
                };
            }
            if let Some(old) = previous.filter(|p| p.file != file) {
                // Served as another type than before: the page lives under its new name only.
                let _ = std::fs::remove_file(self.out_dir.join(&old.file));
            }
            if previous.is_some() {
                Outcome::Changed
            } else {
                Outcome::New
            }
        };
        let html = String::from_utf8_lossy(&bytes).into_owned();
        Fetched {
            outcome,
            entry: Some(ManifestEntry {
                url: url.to_string(),
                final_url: (final_url != url).then(|| final_url.to_string()),
                file,
                sha256: sha,
                fetched_at: now(),
                etag,
                last_modified,
            }),
            html: Some(html),
            base: Some(final_url.clone()),
        }
    }
}

/// One page's fetch in progress: where it started, where redirects led, and how often it was
/// tried.
struct Request<'p> {
    start: Url,
    /// The URL a redirect led to; the start until then.
    current: Option<Url>,
    /// File name the page is saved under.
    file: String,
    /// The previous fetch, when its saved file is still there.
    previous: Option<&'p ManifestEntry>,
    /// URLs redirected from, in order.
    hops: Vec<String>,
    attempt: u32,
}

impl Request<'_> {
    fn current(&self) -> &Url {
        self.current.as_ref().unwrap_or(&self.start)
    }

    /// The file the previous fetch saved (or would save) the page under.
    fn saved_file(&self) -> &str {
        self.previous.map_or(&self.file, |p| &p.file)
    }
}

/// What to do after one request.
enum Step {
    Done(Box<Fetched>),
    Redirect(Url),
    RetryAfter(Duration),
}

impl Step {
    fn failed(message: String) -> Step {
        Step::Done(Box::new(Fetched::failed(message)))
    }
}

/// Replaces `path` atomically; a new file gets the umask's mode, a rewritten one keeps its mode.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    apiscrape_output::write_file(path, bytes).map_err(|e| e.source)
}

fn now() -> String {
    httpdate::fmt_http_date(SystemTime::now())
}

/// `Retry-After` as seconds or an HTTP date.
fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(v).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Links of an HTML page that lie in scope, absolute, without fragments and credentials, in
/// document order; and the in-scope links that carried credentials (masked, distinct).
fn extract_links(html: &str, base: &Url, scope: &Scope) -> (Vec<String>, Vec<String>) {
    let doc = scraper::Html::parse_document(html);
    let Ok(sel) = scraper::Selector::parse("a[href]") else {
        return (Vec::new(), Vec::new());
    };
    let mut out = Vec::new();
    let mut with_credentials = Vec::new();
    let mut seen = HashSet::new();
    for a in doc.select(&sel) {
        let Some(href) = a.value().attr("href") else {
            continue;
        };
        let Ok(mut u) = base.join(href.trim()) else {
            continue;
        };
        u.set_fragment(None);
        if !scope.contains(&u) {
            continue;
        }
        if let Some(clean) = without_credentials(&u) {
            let shown = masked(&u);
            if !with_credentials.contains(&shown) {
                with_credentials.push(shown);
            }
            u = clean;
        }
        if seen.insert(u.to_string()) {
            out.push(u.to_string());
        }
    }
    (out, with_credentials)
}

/// `u` without user name and password, when it has either.
fn without_credentials(u: &Url) -> Option<Url> {
    if u.username().is_empty() && u.password().is_none() {
        return None;
    }
    let mut clean = u.clone();
    // Only fails for URLs that cannot have credentials, which these have.
    let _ = clean.set_username("");
    let _ = clean.set_password(None);
    Some(clean)
}

/// `u` with its password replaced by `***`, for messages.
fn masked(u: &Url) -> String {
    let mut shown = u.clone();
    if shown.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_is_host_and_path_prefix_case_insensitive() {
        let s = Scope::new(&[Url::parse("https://x.test/restapi/Help").unwrap()]);
        for ok in [
            "https://x.test/restapi/Help",
            "https://x.test/restapi/help/Api/GET-a",
            "https://x.test/restapi/help/ResourceModel?modelName=A",
        ] {
            assert!(s.contains(&Url::parse(ok).unwrap()), "{ok}");
        }
        for no in [
            "https://x.test/restapi/helpdesk",
            "https://x.test/other",
            "http://x.test/restapi/help/Api/a",
            "https://evil.test/restapi/help/Api/a",
            "mailto:a@x.test",
        ] {
            assert!(!s.contains(&Url::parse(no).unwrap()), "{no}");
        }
    }

    #[test]
    fn retry_after_in_seconds_or_date() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
