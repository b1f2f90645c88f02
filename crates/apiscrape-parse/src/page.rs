//! Input pages: reading files, directories and stdin, and finding a page's own URL.

use apiscrape_model::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// Whether a page is markup or text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageFormat {
    /// HTML (saved from a browser or fetched).
    Html,
    /// Plain text (copied from a browser or extracted).
    Text,
}

/// One documentation page, in memory.
#[derive(Debug, Clone)]
pub struct Page {
    /// Display name of the source: a path relative to the input root, `/`-separated, or `-`.
    pub source: String,
    /// The page's own URL, when known (see [`source_url`]).
    pub url: Option<String>,
    /// Markup or text.
    pub format: PageFormat,
    /// The whole page.
    pub text: String,
    /// Problems met while decoding the page's bytes (invalid UTF-8, unpaired UTF-16
    /// surrogates); the parse reports them with the page's other diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

impl Page {
    /// A page from its text; format and URL are detected from the content.
    pub fn new(source: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text: String = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let format = detect_format(&text);
        let url = source_url(&text);
        Page {
            source: source.into(),
            url,
            format,
            text,
            diagnostics: Vec::new(),
        }
    }

    /// A page from its bytes: UTF-16 (little or big endian) when they start with its byte
    /// order mark, else UTF-8. Bytes that do not decode are replaced by U+FFFD and reported
    /// with the line of the first one.
    pub fn from_bytes(source: impl Into<String>, bytes: Vec<u8>) -> Self {
        let source = source.into();
        let (text, problem) = decode(bytes);
        let mut page = Page::new(source.clone(), text);
        if let Some((line, message)) = problem {
            page.diagnostics.push(Diagnostic::at(
                Severity::Warning,
                source,
                Some(line),
                message,
            ));
        }
        page
    }

    /// Reads a page from a file, naming it `source` (decoded as [`Page::from_bytes`] does).
    pub fn read(path: &Path, source: impl Into<String>) -> std::io::Result<Self> {
        Ok(Page::from_bytes(source, std::fs::read(path)?))
    }
}

/// Decodes a page's bytes; a problem comes with the 1-based line it is on.
fn decode(bytes: Vec<u8>) -> (String, Option<(u32, String)>) {
    let utf16: Option<fn([u8; 2]) -> u16> = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(u16::from_le_bytes),
        Some([0xFE, 0xFF]) => Some(u16::from_be_bytes),
        _ => None,
    };
    if let Some(unit) = utf16 {
        return decode_utf16(&bytes[2..], unit);
    }
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = line_at(bytes[..bad].iter().filter(|b| **b == b'\n').count());
            let message = format!(
                "the page is not valid UTF-8: byte 0x{:02X} (offset {bad}) and any other invalid bytes are read as U+FFFD",
                bytes[bad]
            );
            (
                String::from_utf8_lossy(&bytes).into_owned(),
                Some((line, message)),
            )
        }
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> (String, Option<(u32, String)>) {
    let units = bytes.chunks_exact(2).map(|p| unit([p[0], p[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut problem = None;
    let mut newlines = 0;
    // Code units read so far.
    let mut at = 0;
    for c in char::decode_utf16(units) {
        let c = c.unwrap_or_else(|e| {
            problem.get_or_insert_with(|| {
                (
                    line_at(newlines),
                    format!(
                        "the page is UTF-16 with an unpaired surrogate 0x{:04X} (code unit {}); it and any others are read as U+FFFD",
                        e.unpaired_surrogate(),
                        at + 1
                    ),
                )
            });
            char::REPLACEMENT_CHARACTER
        });
        at += if c == char::REPLACEMENT_CHARACTER {
            1
        } else {
            c.len_utf16()
        };
        newlines += usize::from(c == '\n');
        text.push(c);
    }
    if bytes.len() % 2 == 1 && problem.is_none() {
        problem = Some((
            line_at(newlines),
            "the page is UTF-16 with an odd number of bytes; the last byte is not read".into(),
        ));
    }
    (text, problem)
}

fn line_at(newlines_before: usize) -> u32 {
    u32::try_from(newlines_before + 1).unwrap_or(u32::MAX)
}

/// The first `chars` characters of `text`, borrowed (what detection looks at).
pub(crate) fn head(text: &str, chars: usize) -> &str {
    // A character is at least one byte: a text of `chars` bytes or fewer is its own head.
    if text.len() <= chars {
        return text;
    }
    text.char_indices()
        .nth(chars)
        .map_or(text, |(end, _)| &text[..end])
}

/// Decides whether `text` is HTML: it starts (after whitespace) with markup — a doctype, a
/// comment or an element — and has an `<html`, `<body`, `<div` or `<h1` element near the top.
/// A text capture that merely shows XML bodies (`<Body>` in a RamBase code view) starts with
/// prose, so it stays text.
pub fn detect_format(text: &str) -> PageFormat {
    let head = head(text, 4096).to_ascii_lowercase();
    let trimmed = head.trim_start();
    let markup_first = trimmed.starts_with('<');
    let has_page_element = ["<!doctype html", "<html", "<body", "<div", "<h1"]
        .iter()
        .any(|m| head.contains(m));
    if markup_first && has_page_element {
        PageFormat::Html
    } else {
        PageFormat::Text
    }
}

/// Finds the URL a page was captured from, by the conventions browsers and apiscrape use:
/// `<!-- saved from url=(0042)https://... -->` (browsers' "save page"), `<!-- # source: URL -->`
/// and a first line `# source: URL` (apiscrape's text captures).
pub fn source_url(text: &str) -> Option<String> {
    let head = &text[..text.len().min(4096).min(floor_boundary(text, 4096))];
    if let Some(i) = head.find("saved from url=(") {
        let rest = &head[i + "saved from url=(".len()..];
        let rest = rest.split_once(')').map(|(_, r)| r)?;
        let end = rest
            .find(|c: char| c.is_whitespace())
            .unwrap_or(rest.len())
            .min(rest.find("-->").unwrap_or(rest.len()));
        let url = rest[..end].to_string();
        return (!url.is_empty()).then_some(url);
    }
    for line in head.lines().take(5) {
        let l = line.trim();
        let l = l.strip_prefix("<!--").unwrap_or(l).trim();
        if let Some(rest) = l.strip_prefix("# source:") {
            let url = rest.trim().trim_end_matches("-->").trim();
            if !url.is_empty() {
                return Some(url.to_string());
            }
        }
    }
    None
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One input given on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file or a directory.
    Path(PathBuf),
}

/// A page file to read, with the name it is reported under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PageFile {
    /// Display name (relative to the directory given, `/`-separated).
    pub source: String,
    /// Where to read it.
    pub path: PathBuf,
    /// The page's URL according to the folder's fetch manifest, when there is one.
    pub url: Option<String>,
}

impl PageFile {
    /// Reads the page; a URL from the fetch manifest is used when the page names none itself.
    pub fn read(&self) -> std::io::Result<Page> {
        Ok(self.page_from_bytes(std::fs::read(&self.path)?))
    }

    /// The page made of `bytes`, the contents of this file (as [`PageFile::read`] makes it).
    pub fn page_from_bytes(&self, bytes: Vec<u8>) -> Page {
        let mut page = Page::from_bytes(self.source.clone(), bytes);
        if page.url.is_none() {
            page.url = self.url.clone();
        }
        page
    }
}

/// File name of the manifest `apiscrape fetch` writes beside the pages it saves.
pub const FETCH_MANIFEST: &str = apiscrape_model::manifest::MANIFEST_FILE;

/// The `file -> url` map of a folder's fetch manifest (empty when there is none or it is not
/// readable: a manifest only adds provenance, it is never required). The format is
/// [`apiscrape_model::manifest::FetchManifest`], the one the fetcher writes.
fn manifest_urls(dir: &Path) -> std::collections::BTreeMap<String, String> {
    let Ok(text) = std::fs::read_to_string(dir.join(FETCH_MANIFEST)) else {
        return Default::default();
    };
    let Ok(manifest) = serde_json::from_str::<apiscrape_model::manifest::FetchManifest>(&text)
    else {
        return Default::default();
    };
    manifest
        .pages
        .into_iter()
        .map(|e| (e.file, e.url))
        .collect()
}

/// File extensions read from directories (`.md`: Markdown renderings people commit to
/// repositories and wikis; read as text).
pub const PAGE_EXTENSIONS: [&str; 5] = ["html", "htm", "txt", "md", "markdown"];

/// Expands inputs into the page files they denote, sorted by display name so every run reads
/// the same set in the same order. Directories are walked recursively for `.html`, `.htm`,
/// `.txt`, `.md` and `.markdown` files; files given explicitly are taken whatever their extension. Display names are
/// the paths as given.
pub fn list_page_files(paths: &[PathBuf]) -> std::io::Result<Vec<PageFile>> {
    list_page_files_in(Path::new(""), paths)
}

/// [`list_page_files`] for `paths` relative to `base`: files are read under `base`, but named
/// by their path relative to it, so names (and everything derived from them) do not depend on
/// where the project is checked out.
pub fn list_page_files_in(base: &Path, paths: &[PathBuf]) -> std::io::Result<Vec<PageFile>> {
    list_page_files_naming_failure(base, paths).map_err(|(_, e)| e)
}

/// [`list_page_files_in`], naming the input (as given) that could not be listed.
pub(crate) fn list_page_files_naming_failure(
    base: &Path,
    paths: &[PathBuf],
) -> Result<Vec<PageFile>, (PathBuf, std::io::Error)> {
    let mut out = Vec::new();
    // Each folder's manifest is read once, however many of its files are named (a shell glob
    // can name thousands).
    let mut manifests: std::collections::HashMap<
        PathBuf,
        std::collections::BTreeMap<String, String>,
    > = Default::default();
    for rel in paths {
        let path = base.join(rel);
        if path.is_dir() {
            walk(&slash_path(rel), &path, &mut out).map_err(|e| (rel.clone(), e))?;
        } else {
            std::fs::metadata(&path).map_err(|e| (rel.clone(), e))?;
            let url = path.parent().zip(path.file_name()).and_then(|(dir, name)| {
                manifests
                    .entry(dir.to_path_buf())
                    .or_insert_with(|| manifest_urls(dir))
                    .get(name.to_string_lossy().as_ref())
                    .cloned()
            });
            out.push(PageFile {
                source: slash_path(rel),
                path,
                url,
            });
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

fn walk(display: &str, dir: &Path, out: &mut Vec<PageFile>) -> std::io::Result<()> {
    let urls = manifest_urls(dir);
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let shown = if display.is_empty() || display == "." {
            name.clone()
        } else {
            format!("{}/{name}", display.trim_end_matches('/'))
        };
        if entry.file_type()?.is_dir() {
            walk(&shown, &path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| PAGE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(PageFile {
                url: urls.get(&name).cloned(),
                source: shown,
                path,
            });
        }
    }
    Ok(())
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
        .replace("//", "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_counts_characters_and_borrows_whole_text_when_shorter() {
        assert_eq!(head("Größe und Länge", 4), "Größ");
        assert_eq!(head("€€€", 2), "€€");
        assert_eq!(head("abc", 3), "abc");
        assert_eq!(head("abc", 10), "abc");
        assert_eq!(head("", 1), "");
    }

    #[test]
    fn finds_browser_saved_from_comment() {
        let html = "<!DOCTYPE html>\n<!-- saved from url=(0047)https://api.rambase.net/documentation/x?y=1 -->\n<html>";
        assert_eq!(
            source_url(html).as_deref(),
            Some("https://api.rambase.net/documentation/x?y=1")
        );
    }

    #[test]
    fn finds_source_comment_and_text_header() {
        let html = "<!-- # source: https://www.itslearning.com/restapi/help/ -->\n<!-- # via: x -->\n<html>";
        assert_eq!(
            source_url(html).as_deref(),
            Some("https://www.itslearning.com/restapi/help/")
        );
        let text = "# source: https://example.com/Help/Api/GET-api-x\nGET api/x\n";
        assert_eq!(
            source_url(text).as_deref(),
            Some("https://example.com/Help/Api/GET-api-x")
        );
        assert_eq!(source_url("Collaboration APIs\nUpdates"), None);
    }

    #[test]
    fn fetch_manifest_gives_pages_their_url() {
        let dir = std::env::temp_dir().join(format!("apiscrape-manifest-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("Help.1a2b3c4d.html"), "<html><h1>x</h1></html>").unwrap();
        std::fs::write(
            dir.join("own.html"),
            "<!-- # source: https://own.test/ -->\n<html></html>",
        )
        .unwrap();
        std::fs::write(
            dir.join(FETCH_MANIFEST),
            r#"{"version":1,"pages":[
                {"url":"https://x.test/Help","file":"Help.1a2b3c4d.html","sha256":"","fetched_at":""},
                {"url":"https://x.test/own","file":"own.html","sha256":"","fetched_at":""}]}"#,
        )
        .unwrap();
        let files = list_page_files(std::slice::from_ref(&dir)).unwrap();
        let urls: Vec<_> = files
            .iter()
            .map(|f| f.read().unwrap().url.unwrap())
            .collect();
        // Files named one by one get their URL from the same manifest.
        let named = list_page_files(&[dir.join("Help.1a2b3c4d.html")]).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(urls, ["https://x.test/Help", "https://own.test/"]);
        assert_eq!(named[0].url.as_deref(), Some("https://x.test/Help"));
    }

    #[test]
    fn decodes_utf16_with_a_byte_order_mark() {
        let text = "<html><body><h1>Größe \u{1F600}</h1>\n</body></html>";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [le, be] {
            let page = Page::from_bytes("p.html", bytes);
            assert_eq!(page.text, text);
            assert_eq!(page.format, PageFormat::Html);
            assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
        }
        // An unpaired surrogate on line 2.
        let mut units: Vec<u16> = "<html>\n<h1>a".encode_utf16().collect();
        units.push(0xD800);
        units.extend("</h1></html>".encode_utf16());
        let bytes: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(units.into_iter().flat_map(u16::to_le_bytes))
            .collect();
        let page = Page::from_bytes("p.html", bytes);
        assert_eq!(page.text, "<html>\n<h1>a\u{FFFD}</h1></html>");
        assert_eq!(
            page.diagnostics[0].to_string(),
            "p.html:2: warning: the page is UTF-16 with an unpaired surrogate 0xD800 (code unit 13); it and any others are read as U+FFFD"
        );
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_line() {
        let bytes = b"<html>\n<body>\n<h1>Gr\xF6\xDFe</h1>\n</body></html>".to_vec();
        let page = Page::from_bytes("dir/p.html", bytes);
        assert_eq!(
            page.text,
            "<html>\n<body>\n<h1>Gr\u{FFFD}\u{FFFD}e</h1>\n</body></html>"
        );
        assert_eq!(
            page.diagnostics[0].to_string(),
            "dir/p.html:3: warning: the page is not valid UTF-8: byte 0xF6 (offset 20) and any other invalid bytes are read as U+FFFD"
        );
        assert!(Page::from_bytes("q", b"ok\n".to_vec())
            .diagnostics
            .is_empty());
    }

    #[test]
    fn detects_html_and_text() {
        assert_eq!(detect_format("<!DOCTYPE html><html>"), PageFormat::Html);
        assert_eq!(detect_format("  <html lang=en>"), PageFormat::Html);
        assert_eq!(
            detect_format("PATCH api/v2/x\n\nRequest Information"),
            PageFormat::Text
        );
        // A text capture that shows XML bodies is still text.
        assert_eq!(
            detect_format("Collaboration APIs\n<Phone>\n</Phone>"),
            PageFormat::Text
        );
        assert_eq!(
            detect_format("API\n\nSales APIs\n\nPOST x\nFormat:\n1\n<Body>\n<div"),
            PageFormat::Text
        );
        assert_eq!(
            detect_format("<!-- # source: https://x.test/Help -->\n<div class=x><h1>GET a</h1>"),
            PageFormat::Html
        );
    }
}
