//! The floor: the least work any reader of the same pages must do, with the same HTML parser.
//!
//! `apiscrape-bench floor DIR` lists the page files under `DIR` as the CLI does
//! (`apiscrape_parse::list_inputs`: `.html`, `.htm`, `.txt`, `.md`, recursively), and on the
//! same number of rayon threads the CLI uses reads each page, parses HTML pages into a DOM with
//! scraper (html5ever, the parser apiscrape uses) and visits every node: each element's name
//! and attributes, each text node's text. Text and Markdown pages are read and split into
//! lines. It prints what it touched (pages, elements, attributes, text bytes), so no step can
//! be optimised away. What it leaves out is everything apiscrape adds: understanding the page,
//! merging, naming, and writing outputs; the ratios against it are the cost of that.

use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::PathBuf;

/// What the floor touched, summed over the pages.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Touched {
    /// Pages read.
    pub pages: usize,
    /// HTML elements visited.
    pub elements: usize,
    /// Attributes read.
    pub attributes: usize,
    /// Bytes of text nodes (HTML) or lines (text pages).
    pub text_bytes: usize,
}

impl Touched {
    fn add(self, other: Touched) -> Touched {
        Touched {
            pages: self.pages + other.pages,
            elements: self.elements + other.elements,
            attributes: self.attributes + other.attributes,
            text_bytes: self.text_bytes + other.text_bytes,
        }
    }
}

/// Parses one page's text the way the floor does.
pub fn touch(text: &str, html: bool) -> Touched {
    let mut t = Touched {
        pages: 1,
        ..Touched::default()
    };
    if !html {
        t.text_bytes = text.lines().map(str::len).sum();
        return t;
    }
    let doc = scraper::Html::parse_document(text);
    for node in doc.tree.nodes() {
        match node.value() {
            scraper::Node::Element(e) => {
                t.elements += 1;
                t.attributes += e.attrs().count();
                t.text_bytes += e.name().len();
            }
            scraper::Node::Text(s) => t.text_bytes += s.len(),
            _ => {}
        }
    }
    t
}

/// Reads every page under `dirs` and returns what was touched.
pub fn run(dirs: &[PathBuf]) -> Result<Touched> {
    let files = apiscrape_parse::list_inputs(dirs).context("listing the pages")?;
    files
        .par_iter()
        .map(|f| -> Result<Touched> {
            let bytes =
                std::fs::read(&f.path).with_context(|| format!("reading {}", f.path.display()))?;
            let text = String::from_utf8_lossy(&bytes);
            let html = f
                .path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"));
            Ok(touch(&text, html))
        })
        .try_reduce(Touched::default, |a, b| Ok(a.add(b)))
}

/// The tokenizer floor: reads each HTML page under `dirs` (as [`run`] lists them) and runs
/// html5ever's tokenizer alone over it, building no tree, on the same rayon pool. The least a
/// reader that understood pages while html5ever tokenizes (no DOM) would pay. Returns the
/// number of tokens.
pub fn tokenize(dirs: &[PathBuf]) -> Result<usize> {
    let files = apiscrape_parse::list_inputs(dirs).context("listing the pages")?;
    files
        .par_iter()
        .filter(|f| {
            f.path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("html") || x.eq_ignore_ascii_case("htm"))
        })
        .map(|f| -> Result<usize> {
            let bytes =
                std::fs::read(&f.path).with_context(|| format!("reading {}", f.path.display()))?;
            Ok(tokens(&String::from_utf8_lossy(&bytes)))
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))
}

/// Counts the tokens html5ever's tokenizer makes of `text`.
fn tokens(text: &str) -> usize {
    use html5ever::tendril::StrTendril;
    use html5ever::tokenizer::{
        BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
    };
    struct Count(std::cell::Cell<usize>);
    impl TokenSink for Count {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            // Character tokens come a run at a time; every token is counted.
            std::hint::black_box(&token);
            self.0.set(self.0.get() + 1);
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Count(std::cell::Cell::new(0)), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(text));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.get()
}

/// The printing floor: every `.rs` file under `dir` (a generated client) parsed by syn and
/// printed by prettyplease, as any emitter printing through them must, in pieces of about
/// 64 KiB of whole top-level items on the rayon pool (the emitter prints piece by piece in
/// parallel too; one file can hold most of a crate). Returns the bytes printed.
pub fn print(dir: &std::path::Path) -> Result<usize> {
    let files = crate::corpus::files_under(dir, &["rs"])?;
    let mut pieces = Vec::new();
    for path in &files {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        pieces.extend(item_pieces(&text, 64 * 1024));
    }
    pieces
        .par_iter()
        .map(|piece| -> Result<usize> {
            let file = syn::parse_file(piece).context("a piece of the client does not parse")?;
            Ok(prettyplease::unparse(&file).len())
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))
}

/// `text` (prettyplease's output) cut into pieces of at least `size` bytes, each whole
/// top-level items. Nested items are indented, and prettyplease puts no blank line between
/// items, so a cut falls before a line that starts in the first column right after a line in
/// the first column that ends an item: a closing brace, or a statement ending in `;` (not a
/// comment or an attribute).
fn item_pieces(text: &str, size: usize) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut ends_item = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let first = line.chars().next();
        let starts_item = first.is_some_and(|c| !c.is_whitespace() && c != '}' && c != ')');
        if ends_item && starts_item && at - start >= size {
            pieces.push(text[start..at].to_string());
            start = at;
        }
        let trimmed = line.trim_end();
        ends_item = trimmed == "}"
            || (first.is_some_and(|c| !c.is_whitespace())
                && trimmed.ends_with(';')
                && !trimmed.starts_with("//")
                && !trimmed.starts_with('#'));
        at += line.len();
    }
    pieces.push(text[start..].to_string());
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_element_attribute_and_text_is_touched() {
        let t = touch(
            r#"<html><body><p class="a" id="b">Hi <b>there</b></p></body></html>"#,
            true,
        );
        // html, head (implied), body, p, b.
        assert_eq!((t.pages, t.elements, t.attributes), (1, 5, 2));
        // Names: html 4 + head 4 + body 4 + p 1 + b 1 = 14; text: "Hi " 3 + "there" 5.
        assert_eq!(t.text_bytes, 14 + 8);
        let text = touch("a | b |\nline two\n", false);
        assert_eq!((text.elements, text.text_bytes), (0, 7 + 8));
    }

    #[test]
    fn the_tokenizer_floor_counts_tokens_and_builds_no_tree() {
        // <p>, "Hi ", <b>, "there", </b>, </p>, EOF.
        assert_eq!(tokens("<p class=a>Hi <b>there</b></p>"), 7);
    }

    #[test]
    fn printing_pieces_are_whole_items_that_print_as_the_file() {
        let text = "//! Inner doc;\nuse a::{\n    b, c,\n};\n#[cfg(x)]\n/// A doc line;\npub struct A {\n    x: u8,\n}\nimpl A {\n    fn f() {}\n    fn g() {}\n}\npub fn h() {}\n";
        let pieces = item_pieces(text, 1);
        assert_eq!(pieces.concat(), text);
        assert_eq!(
            pieces,
            [
                "//! Inner doc;\nuse a::{\n    b, c,\n};\n",
                "#[cfg(x)]\n/// A doc line;\npub struct A {\n    x: u8,\n}\n",
                "impl A {\n    fn f() {}\n    fn g() {}\n}\n",
                "pub fn h() {}\n"
            ]
        );
        for piece in &pieces {
            syn::parse_file(piece).unwrap();
        }
        assert_eq!(item_pieces(text, 1 << 20), [text]);
    }
}
