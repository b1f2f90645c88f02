//! `cargo xtask serve-caliber`: a folder of saved ASP.NET Help Pages served as the site they
//! came from. `Help.html` is `/Help`, `Help_Api_NAME.html` is `/Help/Api/NAME` and
//! `Help_ResourceModel_NAME.html` is `/Help/ResourceModel?modelName=NAME`; any other path is a
//! 404, as on a site whose index links to pages that were not saved.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// The port of the README's example.
pub const DEFAULT_PORT: u16 = 8765;

/// The URL path (and query) each saved page is served at, from its file name; files that are
/// not saved Help pages are left out.
pub fn routes(dir: &Path) -> Result<BTreeMap<String, std::path::PathBuf>> {
    let mut routes = BTreeMap::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(".html") else {
            continue;
        };
        let route = if stem == "Help" {
            "/Help".to_string()
        } else if let Some(model) = stem.strip_prefix("Help_ResourceModel_") {
            format!("/Help/ResourceModel?modelName={model}")
        } else if let Some(api) = stem.strip_prefix("Help_Api_") {
            format!("/Help/Api/{api}")
        } else {
            continue;
        };
        routes.insert(route, path);
    }
    Ok(routes)
}

/// Serves `dir` on 127.0.0.1:`port` until the process is stopped (port 0: any free port). The
/// first line on stdout is the index URL.
pub fn serve(dir: &Path, port: u16) -> Result<()> {
    let routes = routes(dir)?;
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| anyhow::anyhow!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let addr = server
        .server_addr()
        .to_ip()
        .context("the server has no IP address")?;
    println!("http://{addr}/Help");
    eprintln!(
        "serving {} page(s) of {} (Ctrl-C stops)",
        routes.len(),
        dir.display()
    );
    for request in server.incoming_requests() {
        let page = routes
            .get(request.url())
            .and_then(|p| std::fs::read(p).ok());
        let response = match page {
            Some(body) => tiny_http::Response::from_data(body).with_header(
                tiny_http::Header::from_bytes("Content-Type", "text/html; charset=utf-8")
                    .map_err(|()| anyhow::anyhow!("bad header"))?,
            ),
            None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
        };
        let _ = request.respond(response);
    }
    Ok(())
}
