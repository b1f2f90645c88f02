//! The update loop end to end against a local server: fetch a Help site, parse it, change a
//! page on the server, re-fetch (only the changed page is rewritten), and diff in API terms.

mod support;

use apiscrape_test_support::workspace_root as root;
use std::path::Path;
use std::sync::{Arc, Mutex};
use support::{apiscrape, apiscrape_with_umask, mode, stderr};

/// Serves input-docs/caliber/Help*.html under the URLs they were saved from; `edit` rewrites
/// pages on the fly.
fn serve(edit: Arc<Mutex<Option<(String, String)>>>) -> (String, Arc<tiny_http::Server>) {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let base = format!(
        "http://127.0.0.1:{}",
        server.server_addr().to_ip().unwrap().port()
    );
    let s = server.clone();
    std::thread::spawn(move || {
        for req in s.incoming_requests() {
            let url = req.url().to_string();
            let file = url
                .trim_start_matches('/')
                .replace("ResourceModel?modelName=", "ResourceModel_")
                .replace('/', "_");
            let path = root()
                .join("input-docs/caliber")
                .join(format!("{file}.html"));
            let resp = match std::fs::read_to_string(&path) {
                Ok(mut text) => {
                    if let Some((from, to)) = edit.lock().unwrap().as_ref() {
                        text = text.replace(from, to);
                    }
                    tiny_http::Response::from_string(text).with_header(
                        tiny_http::Header::from_bytes("Content-Type", "text/html").unwrap(),
                    )
                }
                Err(_) => tiny_http::Response::from_string("not found").with_status_code(404),
            };
            let _ = req.respond(resp);
        }
    });
    (base, server)
}

/// `N new, N changed, N unchanged, N failed` from the last line of stderr.
fn summary_counts(stderr: &str) -> Vec<usize> {
    let last = stderr.lines().last().unwrap_or("");
    let counts: Vec<usize> = last
        .split(", ")
        .filter_map(|part| part.split(' ').next()?.parse().ok())
        .collect();
    assert_eq!(counts.len(), 4, "not a summary line: {last}");
    counts
}

#[test]
fn fetch_parse_change_refetch_diff() {
    let edit = Arc::new(Mutex::new(None));
    let (base, server) = serve(edit.clone());
    let dir = tempfile::tempdir().unwrap();
    let v1 = dir.path().join("v1");
    let start = format!("{base}/Help");
    let fast = ["--delay-ms", "0", "--concurrency", "2"];

    let out = apiscrape(
        &[
            &["fetch", &start, "-o", v1.to_str().unwrap()][..],
            &fast[..],
        ]
        .concat(),
    );
    let err = stderr(&out);
    let counts = summary_counts(&err);
    let pages = counts[0];
    assert!(pages >= 5, "{err}");
    assert_eq!((counts[1], counts[2]), (0, 0), "{err}");
    let saved = std::fs::read_dir(&v1).unwrap().count();
    assert_eq!(saved, pages + 1, "every fetched page plus the manifest");
    assert!(counts[3] > 0, "{err}");
    // Links to pages the fixture site does not have are reported with their URL.
    assert!(
        err.contains(&format!(
            "{base}/Help/ResourceModel?modelName=ObjectTypes: error: HTTP 404"
        )),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(v1.join("fetch-manifest.json").exists());

    let model = apiscrape(&["parse", "--dialect", "aspnet", v1.to_str().unwrap()]);
    let model: serde_json::Value = serde_json::from_slice(&model.stdout).unwrap();
    let put = model["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["path"] == "/api/v2/account/password" && o["method"] == "PUT")
        .expect("the PUT password operation was fetched and parsed");
    assert!(put["provenance"][0]["source"]
        .as_str()
        .unwrap()
        .starts_with(v1.to_str().unwrap()));

    // The server's documentation changes: the new password must be longer.
    let v2 = dir.path().join("v2");
    std::fs::create_dir_all(&v2).unwrap();
    for e in std::fs::read_dir(&v1).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), v2.join(e.file_name())).unwrap();
    }
    let (from, to) = (
        "<p>String length: inclusive between 8 and 100</p>",
        "<p>String length: inclusive between 12 and 100</p>",
    );
    let page = std::fs::read_to_string(
        root().join("input-docs/caliber/Help_Api_PUT-api-v2-account-password.html"),
    )
    .unwrap();
    assert_eq!(
        page.matches(from).count(),
        1,
        "fixture changed: adjust the edit"
    );
    *edit.lock().unwrap() = Some((from.to_string(), to.to_string()));
    let out = apiscrape(
        &[
            &["fetch", &start, "-o", v2.to_str().unwrap()][..],
            &fast[..],
        ]
        .concat(),
    );
    let err = stderr(&out);
    let again = summary_counts(&err);
    assert_eq!((again[0], again[1], again[2]), (0, 1, pages - 1), "{err}");

    let diff = apiscrape(&[
        "diff",
        "--dialect",
        "aspnet",
        v1.to_str().unwrap(),
        v2.to_str().unwrap(),
        "--fail-on",
        "breaking",
    ]);
    let text = String::from_utf8_lossy(&diff.stdout);
    assert!(
        text.contains("constraints tightened (minLength 8 -> 12)"),
        "{text}"
    );
    assert!(text.starts_with("1 API change(s): 1 breaking"), "{text}");
    assert_eq!(diff.status.code(), Some(1), "{text}");
    server.unblock();
}

fn folder_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Fetched pages get the umask's mode (not 0600), a re-fetched page keeps its mode, and a
/// fetch that gets no page at all leaves the folder exactly as it was.
#[test]
fn fetched_files_get_the_umask_mode_and_a_failed_fetch_changes_nothing() {
    let edit = Arc::new(Mutex::new(None));
    let (base, server) = serve(edit.clone());
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("pages");
    let out = out_dir.to_str().unwrap();
    let start = format!("{base}/Help");
    let fast = ["--delay-ms", "0", "--concurrency", "2"];
    let first = apiscrape_with_umask(
        "022",
        &[&["fetch", &start, "-o", out][..], &fast[..]].concat(),
    );
    assert!(
        out_dir.join("fetch-manifest.json").exists(),
        "{}",
        stderr(&first)
    );
    assert_eq!(mode(&out_dir), 0o755);
    let page = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("PUT-api-v2-account-password"))
        .expect("the password page was fetched");
    for e in std::fs::read_dir(&out_dir).unwrap() {
        assert_eq!(mode(&e.unwrap().path()), 0o644);
    }
    std::fs::set_permissions(&page, std::os::unix::fs::PermissionsExt::from_mode(0o640)).unwrap();
    *edit.lock().unwrap() = Some(("String length".to_string(), "Length".to_string()));
    let again = apiscrape_with_umask(
        "022",
        &[&["fetch", &start, "-o", out][..], &fast[..]].concat(),
    );
    assert_eq!(summary_counts(&stderr(&again))[1], 1, "{}", stderr(&again));
    assert!(std::fs::read_to_string(&page).unwrap().contains(">Length"));
    assert_eq!(mode(&page), 0o640, "a rewritten page keeps its mode");
    server.unblock();

    let before = folder_bytes(&out_dir);
    let down = apiscrape(&[
        "fetch",
        "http://127.0.0.1:1/Help",
        "-o",
        out,
        "--delay-ms",
        "0",
        "--timeout-secs",
        "2",
    ]);
    let err = stderr(&down);
    assert_eq!(down.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "error: no page could be fetched; {out} was not changed"
        )),
        "{err}"
    );
    assert_eq!(folder_bytes(&out_dir), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["pages"], "no staging folder is left");
}
