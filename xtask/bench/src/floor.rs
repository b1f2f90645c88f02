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
}
