//! Crawls against a local HTTP server on 127.0.0.1 serving fixture pages, with the failures
//! real sites produce: slow responses, 500s, 429s, redirect loops, oversized pages, hostile
//! URLs.

use apiscrape_fetch::{fetch, Manifest, Options, Outcome, Summary};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    delay: Duration,
}

fn ok(body: &str) -> Reply {
    Reply {
        status: 200,
        headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
        body: body.to_string(),
        delay: Duration::ZERO,
    }
}

fn status(code: u16) -> Reply {
    Reply {
        status: code,
        headers: vec![],
        body: String::new(),
        delay: Duration::ZERO,
    }
}

type Handler = dyn Fn(&str, &BTreeMap<String, String>, usize) -> Reply + Send + Sync;

/// A server on 127.0.0.1; the handler gets the path+query, request headers (lower-case names)
/// and how many times that path was requested before. Stops when dropped.
struct Server {
    base: String,
    log: Arc<Mutex<Vec<String>>>,
    server: Arc<tiny_http::Server>,
}

impl Server {
    fn start(
        handler: impl Fn(&str, &BTreeMap<String, String>, usize) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let port = server.server_addr().to_ip().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let (s, l) = (server.clone(), log.clone());
        std::thread::spawn(move || {
            for req in s.incoming_requests() {
                let (h, l) = (handler.clone(), l.clone());
                std::thread::spawn(move || {
                    let url = req.url().to_string();
                    let headers: BTreeMap<String, String> = req
                        .headers()
                        .iter()
                        .map(|h| {
                            (
                                h.field.as_str().as_str().to_ascii_lowercase(),
                                h.value.to_string(),
                            )
                        })
                        .collect();
                    let seen = {
                        let mut log = l.lock().unwrap();
                        let n = log.iter().filter(|u| **u == url).count();
                        log.push(url.clone());
                        n
                    };
                    let reply = h(&url, &headers, seen);
                    std::thread::sleep(reply.delay);
                    let mut resp =
                        tiny_http::Response::from_string(reply.body).with_status_code(reply.status);
                    for (k, v) in reply.headers {
                        resp.add_header(tiny_http::Header::from_bytes(k, v.as_bytes()).unwrap());
                    }
                    let _ = req.respond(resp);
                });
            }
        });
        Server {
            base: format!("http://127.0.0.1:{port}"),
            log,
            server,
        }
    }

    fn requests(&self, path: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|u| *u == path)
            .count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn quick() -> Options {
    Options {
        concurrency: 3,
        delay: Duration::from_millis(5),
        timeout: Duration::from_secs(5),
        retries: 2,
        backoff: Duration::from_millis(20),
        max_retry_after: Duration::from_secs(3),
        ..Options::default()
    }
}

fn outcomes(s: &Summary, base: &str) -> Vec<(String, Outcome)> {
    s.pages
        .iter()
        .map(|p| {
            (
                p.url.trim_start_matches(base).to_string(),
                p.outcome.clone(),
            )
        })
        .collect()
}

const INDEX: &str = r#"<html><body><h1>Help</h1>
<a href="/Help/Api/GET-api-a">GET api/a</a>
<a href="Help/Api/PUT-api-a-id">PUT api/a/{id}</a>
<a href="/help/ResourceModel?modelName=Thing#top">Thing</a>
<a href="/Help/Api/GET-api-a">duplicate</a>
<a href="/Account/Login">outside the prefix</a>
<a href="https://elsewhere.test/Help/Api/x">another host</a>
<a href="mailto:x@y.test">mail</a>
</body></html>"#;

fn site(path: &str, headers: &BTreeMap<String, String>, _: usize) -> Reply {
    let etag = format!("\"{}\"", path.len());
    if headers.get("if-none-match") == Some(&etag) {
        return status(304);
    }
    let mut r = match path {
        "/Help" => ok(INDEX),
        "/Help/Api/GET-api-a" => ok("<h1>GET api/a</h1><a href='/Help'>Help Page Home</a>"),
        "/Help/Api/PUT-api-a-id" => ok("<h1>PUT api/a/{id}</h1>"),
        "/help/ResourceModel?modelName=Thing" => ok("<h1>Thing</h1>"),
        _ => status(404),
    };
    r.headers.push(("ETag", etag));
    r
}

#[test]
fn crawls_the_help_index_within_host_and_prefix_and_writes_a_manifest() {
    let server = Server::start(site);
    let dir = tempfile::tempdir().unwrap();
    let start = format!("{}/Help", server.base);
    let summary = fetch(std::slice::from_ref(&start), dir.path(), &quick(), &|_| {}).unwrap();
    assert_eq!(
        outcomes(&summary, &server.base),
        [
            ("/Help".to_string(), Outcome::New),
            ("/Help/Api/GET-api-a".to_string(), Outcome::New),
            ("/Help/Api/PUT-api-a-id".to_string(), Outcome::New),
            (
                "/help/ResourceModel?modelName=Thing".to_string(),
                Outcome::New
            ),
        ]
    );
    assert_eq!(summary.line(), "4 new, 0 changed, 0 unchanged, 0 failed");
    assert_eq!(server.requests("/Account/Login"), 0);
    assert_eq!(
        server.requests("/Help/Api/GET-api-a"),
        1,
        "each page is fetched once"
    );

    let manifest = Manifest::load(dir.path()).unwrap();
    assert_eq!(manifest.pages.len(), 4);
    let entry = manifest.get(&start).unwrap();
    assert_eq!(entry.etag.as_deref(), Some("\"5\""));
    let saved = std::fs::read_to_string(dir.path().join(&entry.file)).unwrap();
    assert_eq!(saved, INDEX, "pages are saved exactly as served");
    assert!(entry.file.starts_with("Help.") && entry.file.ends_with(".html"));
    assert_eq!(entry.sha256.len(), 64);
    let files = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(files, 5, "4 pages + manifest, no temporary files");
}

#[test]
fn refetch_sends_conditional_requests_and_rewrites_only_changed_pages() {
    let version = Arc::new(Mutex::new(1));
    let v = version.clone();
    let server = Server::start(move |path, headers, n| {
        if path == "/Help/Api/GET-api-a" {
            let etag = format!("\"v{}\"", v.lock().unwrap());
            if headers.get("if-none-match") == Some(&etag) {
                return status(304);
            }
            let mut r = ok(&format!("<h1>GET api/a v{}</h1>", v.lock().unwrap()));
            r.headers.push(("ETag", etag));
            return r;
        }
        site(path, headers, n)
    });
    let dir = tempfile::tempdir().unwrap();
    let start = vec![format!("{}/Help", server.base)];
    fetch(&start, dir.path(), &quick(), &|_| {}).unwrap();
    let manifest = Manifest::load(dir.path()).unwrap();
    let file = dir.path().join(
        &manifest
            .get(&format!("{}/Help/Api/GET-api-a", server.base))
            .unwrap()
            .file,
    );
    let index_file = dir.path().join(&manifest.get(&start[0]).unwrap().file);
    let index_mtime = std::fs::metadata(&index_file).unwrap().modified().unwrap();

    let again = fetch(&start, dir.path(), &quick(), &|_| {}).unwrap();
    assert_eq!(again.line(), "0 new, 0 changed, 4 unchanged, 0 failed");
    assert_eq!(
        std::fs::metadata(&index_file).unwrap().modified().unwrap(),
        index_mtime
    );

    *version.lock().unwrap() = 2;
    let third = fetch(&start, dir.path(), &quick(), &|_| {}).unwrap();
    assert_eq!(third.line(), "0 new, 1 changed, 3 unchanged, 0 failed");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "<h1>GET api/a v2</h1>"
    );
}

#[test]
fn retries_5xx_and_timeouts_with_backoff_and_honours_retry_after() {
    let server = Server::start(|path, _, n| match path {
        "/Help" => ok("<a href='/Help/flaky'>f</a><a href='/Help/down'>d</a>\
                       <a href='/Help/slow'>s</a><a href='/Help/limited'>l</a>"),
        "/Help/flaky" if n == 0 => status(503),
        "/Help/flaky" => ok("recovered"),
        "/Help/down" => status(500),
        "/Help/slow" => Reply {
            delay: Duration::from_millis(1500),
            ..ok("too late")
        },
        "/Help/limited" if n == 0 => Reply {
            headers: vec![("Retry-After", "1".into())],
            ..status(429)
        },
        "/Help/limited" => ok("after waiting"),
        _ => status(404),
    });
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        timeout: Duration::from_millis(500),
        ..quick()
    };
    let start = std::time::Instant::now();
    let summary = fetch(
        &[format!("{}/Help", server.base)],
        dir.path(),
        &options,
        &|_| {},
    )
    .unwrap();
    let got: BTreeMap<_, _> = outcomes(&summary, &server.base).into_iter().collect();
    assert_eq!(got["/Help/flaky"], Outcome::New);
    assert_eq!(server.requests("/Help/flaky"), 2);
    assert_eq!(
        got["/Help/down"],
        Outcome::Failed("HTTP 500 (after 3 attempt(s))".into())
    );
    assert_eq!(server.requests("/Help/down"), 3);
    assert_eq!(
        got["/Help/slow"],
        Outcome::Failed("timed out (after 3 attempt(s))".into())
    );
    assert_eq!(got["/Help/limited"], Outcome::New);
    assert_eq!(server.requests("/Help/limited"), 2);
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "Retry-After was waited for"
    );
    assert_eq!(summary.line(), "3 new, 0 changed, 0 unchanged, 2 failed");
}

#[test]
fn redirects_are_followed_within_the_site_only_and_loops_stop() {
    let server = Server::start(|path, _, _| {
        let to = |loc: &str| Reply {
            headers: vec![("Location", loc.to_string())],
            ..status(302)
        };
        match path {
            "/Help" => ok(
                "<a href='/Help/moved'>m</a><a href='/Help/loop1'>l</a><a href='/Help/away'>a</a>",
            ),
            "/Help/moved" => to("/Help/new-home"),
            "/Help/new-home" => ok("<h1>moved here</h1>"),
            "/Help/loop1" => to("/Help/loop2"),
            "/Help/loop2" => to("/Help/loop1"),
            "/Help/away" => to("https://elsewhere.test/phish"),
            _ => status(404),
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let summary = fetch(
        &[format!("{}/Help", server.base)],
        dir.path(),
        &quick(),
        &|_| {},
    )
    .unwrap();
    let got: BTreeMap<_, _> = outcomes(&summary, &server.base).into_iter().collect();
    assert_eq!(got["/Help/moved"], Outcome::New);
    assert!(
        matches!(&got["/Help/loop1"], Outcome::Failed(m) if m.starts_with("redirect loop via ")),
        "{:?}",
        got["/Help/loop1"]
    );
    assert_eq!(
        got["/Help/away"],
        Outcome::Failed("redirect leaves the site: https://elsewhere.test/phish".into())
    );
    let manifest = Manifest::load(dir.path()).unwrap();
    let moved = manifest
        .get(&format!("{}/Help/moved", server.base))
        .unwrap();
    assert_eq!(
        moved.final_url.as_deref(),
        Some(&*format!("{}/Help/new-home", server.base))
    );
}

#[test]
fn oversized_pages_and_the_page_cap_are_enforced() {
    let server = Server::start(|path, _, _| {
        match path {
        "/Help" => ok("<a href='/Help/big'>b</a><a href='/Help/a'>a</a><a href='/Help/b'>b</a><a href='/Help/c'>c</a>"),
        "/Help/big" => ok(&"x".repeat(20_000)),
        p if p.starts_with("/Help/") => ok("small"),
        _ => status(404),
    }
    });
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        max_page_bytes: 10_000,
        max_pages: 3,
        ..quick()
    };
    let summary = fetch(
        &[format!("{}/Help", server.base)],
        dir.path(),
        &options,
        &|_| {},
    )
    .unwrap();
    let got = outcomes(&summary, &server.base);
    assert_eq!(
        got,
        [
            ("/Help".to_string(), Outcome::New),
            ("/Help/a".to_string(), Outcome::New),
            ("/Help/b".to_string(), Outcome::Skipped),
            (
                "/Help/big".to_string(),
                Outcome::Failed("page larger than 10000 bytes".into())
            ),
            ("/Help/c".to_string(), Outcome::Skipped),
        ]
    );
    assert_eq!(server.requests("/Help/c"), 0);
    assert_eq!(
        summary.line(),
        "2 new, 0 changed, 0 unchanged, 1 failed, 2 skipped (page cap)"
    );
}

#[test]
fn hostile_urls_never_write_outside_the_output_folder() {
    let server = Server::start(|path, _, _| {
        if path == "/Help" {
            ok("<a href='/Help/../../../etc/passwd'>1</a>\
                <a href='/Help/%2e%2e%2f%2e%2e%2fescape'>2</a>\
                <a href='/Help/a%00b%0Ac'>3</a>\
                <a href='/Help/..%5C..%5Cwin'>4</a>\
                <a href='/Help/%C3%BC%E5%90%8D'>5</a>")
        } else {
            ok("page")
        }
    });
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let summary = fetch(&[format!("{}/Help", server.base)], &out, &quick(), &|_| {}).unwrap();
    assert_eq!(summary.failed(), 0, "{:?}", summary.pages);
    assert!(summary.new_pages() >= 5, "{:?}", summary.pages);
    let outside: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        outside,
        ["out"],
        "nothing is written beside the output folder"
    );
    for e in std::fs::read_dir(&out).unwrap() {
        let e = e.unwrap();
        assert!(e.file_type().unwrap().is_file());
        let name = e.file_name().into_string().unwrap();
        assert!(!name.starts_with('.') && !name.contains(".."), "{name}");
    }
}

#[test]
fn bad_start_urls_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    for bad in ["not a url", "file:///etc/passwd", "ftp://x.test/Help"] {
        let err = fetch(&[bad.to_string()], dir.path(), &quick(), &|_| {}).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("`{bad}` is not an absolute http or https URL")
        );
    }
}

/// A saved index (`/Help.html`) or any page of the site as the start keeps the site's `/Help/`
/// links; pages served as text keep a `.txt` name.
#[test]
fn any_page_of_a_help_site_starts_a_crawl_of_the_site_and_text_pages_stay_txt() {
    let server = Server::start(|path, _, _| match path {
        "/Help.html" => ok("<a href='/Help/Api/GET-api-a'>a</a><a href='/Other'>o</a>"),
        "/Help/Api/GET-api-a" => ok("<a href='/Help/ResourceModel?modelName=T'>T</a>\
             <a href='/Help/Sales/GET-orders.txt'>text</a><a href='/Help/plain'>plain</a>"),
        "/Help/ResourceModel?modelName=T" => ok("<h1>T</h1>"),
        "/Help/Sales/GET-orders.txt" | "/Help/plain" => Reply {
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            ..ok("GET /sales/orders\n")
        },
        _ => status(404),
    });
    let expected = [
        "/Help.html",
        "/Help/Api/GET-api-a",
        "/Help/ResourceModel?modelName=T",
        "/Help/Sales/GET-orders.txt",
        "/Help/plain",
    ];
    for start in ["/Help.html", "/Help/Api/GET-api-a"] {
        let dir = tempfile::tempdir().unwrap();
        let summary = fetch(
            &[format!("{}{start}", server.base)],
            dir.path(),
            &quick(),
            &|_| {},
        )
        .unwrap();
        let got: Vec<String> = outcomes(&summary, &server.base)
            .into_iter()
            .map(|(u, o)| {
                assert_eq!(o, Outcome::New, "{u}");
                u
            })
            .collect();
        let want: Vec<&str> = expected
            .iter()
            .copied()
            .filter(|u| start != "/Help/Api/GET-api-a" || *u != "/Help.html")
            .collect();
        assert_eq!(got, want, "from {start}");
        assert_eq!(server.requests("/Other"), 0);
        let manifest = Manifest::load(dir.path()).unwrap();
        let file = |u: &str| {
            manifest
                .get(&format!("{}{u}", server.base))
                .unwrap()
                .file
                .clone()
        };
        assert!(file("/Help/Api/GET-api-a").ends_with(".html"));
        let txt = file("/Help/Sales/GET-orders.txt");
        assert!(
            txt.starts_with("Help_Sales_GET-orders.")
                && txt.ends_with(".txt")
                && !txt.contains(".txt."),
            "{txt}"
        );
        let plain = file("/Help/plain");
        assert!(
            plain.starts_with("Help_plain.") && plain.ends_with(".txt"),
            "{plain}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&plain)).unwrap(),
            "GET /sales/orders\n"
        );
    }
    // A re-fetch finds the text page under its .txt name: unchanged, nothing rewritten.
    let dir = tempfile::tempdir().unwrap();
    let start = [format!("{}/Help/plain", server.base)];
    assert_eq!(
        fetch(&start, dir.path(), &quick(), &|_| {}).unwrap().line(),
        "1 new, 0 changed, 0 unchanged, 0 failed"
    );
    assert_eq!(
        fetch(&start, dir.path(), &quick(), &|_| {}).unwrap().line(),
        "0 new, 0 changed, 1 unchanged, 0 failed"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// `http://user:pass@host/...` links: followed without the credentials, which are neither sent
/// nor saved, with a warning; a start URL with credentials is refused.
#[test]
fn credentials_in_links_are_removed_with_a_warning_and_refused_in_start_urls() {
    // The site's own pages carry credentials in links to itself.
    let site = Arc::new(Mutex::new(String::new()));
    let s = site.clone();
    let server2 = Server::start(move |path, headers, _| {
        assert!(
            !headers.contains_key("authorization"),
            "{path}: credentials sent"
        );
        match path {
            "/Help" => ok(&s.lock().unwrap()),
            "/Help/Api/GET-a" => ok("<h1>a</h1>"),
            _ => status(404),
        }
    });
    let host2 = server2.base.trim_start_matches("http://").to_string();
    *site.lock().unwrap() = format!(
        "<a href='http://admin:s3cret@{host2}/Help/Api/GET-a'>a</a><a href='http://admin:s3cret@{host2}/Help/Api/GET-a#x'>again</a>"
    );
    let dir = tempfile::tempdir().unwrap();
    let summary = fetch(
        &[format!("{}/Help", server2.base)],
        dir.path(),
        &quick(),
        &|_| {},
    )
    .unwrap();
    assert_eq!(summary.line(), "2 new, 0 changed, 0 unchanged, 0 failed");
    assert_eq!(
        outcomes(&summary, &server2.base)[1],
        ("/Help/Api/GET-a".to_string(), Outcome::New)
    );
    assert_eq!(
        summary.warnings,
        [format!(
            "{0}/Help: 1 link(s) carry credentials (e.g. http://admin:***@{host2}/Help/Api/GET-a); they were removed and never sent or saved",
            server2.base
        )]
    );
    let manifest = std::fs::read_to_string(dir.path().join("fetch-manifest.json")).unwrap();
    assert!(
        !manifest.contains("s3cret") && !manifest.contains("admin"),
        "{manifest}"
    );
    let err = fetch(
        &[format!("http://admin:s3cret@{host2}/Help")],
        dir.path(),
        &quick(),
        &|_| {},
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("`http://admin:***@{host2}/Help` contains credentials; apiscrape does not send them (remove `user:password@`)")
    );
}

/// Past `max_pages` links are counted, not kept: 60 pages of 400 long links each keep only
/// the pages, `SKIPPED_LISTED` example URLs and a count.
#[test]
fn the_frontier_is_bounded_by_the_page_cap() {
    let long = "x".repeat(1000);
    let server = Server::start(move |path, _, _| {
        let Some(n) = path
            .strip_prefix("/Help/p")
            .and_then(|n| n.split('-').next()?.parse::<usize>().ok())
        else {
            return status(404);
        };
        let links: String = (0..400)
            .map(|i| format!("<a href='/Help/p{}-{i}-{long}'>l</a>", n * 400 + i + 1))
            .collect();
        ok(&links)
    });
    let dir = tempfile::tempdir().unwrap();
    let options = Options {
        max_pages: 60,
        concurrency: 4,
        ..quick()
    };
    let summary = fetch(
        &[format!("{}/Help/p0", server.base)],
        dir.path(),
        &options,
        &|_| {},
    )
    .unwrap();
    assert_eq!(summary.new_pages(), 60);
    // Every fetched page links to 400 distinct pages; 59 of all those links were queued.
    assert_eq!(summary.skipped(), 60 * 400 - 59);
    assert_eq!(
        summary.pages.len(),
        60 + apiscrape_fetch::SKIPPED_LISTED,
        "listed pages are bounded"
    );
    assert_eq!(
        summary.line(),
        format!(
            "60 new, 0 changed, 0 unchanged, 0 failed, {} skipped (page cap)",
            60 * 400 - 59
        )
    );
}
