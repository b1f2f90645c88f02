//! ASP.NET Web API Help Pages (`Microsoft.AspNet.WebApi.HelpPage`): API pages
//! (`/Help/Api/{id}`), ResourceModel pages (`/Help/ResourceModel?modelName=X`) and the index
//! (`/Help`), as HTML or as either plain-text rendering.
//!
//! Flow: a page is read into a flat list of [`block::Block`]s, by its markup ([`html`]) or by
//! the text grammar ([`text`]); one builder ([`build`]) turns blocks into an API fragment, using
//! the closed vocabularies of type phrases ([`types`]) and annotation phrases
//! ([`annotations`]) and reading formats and samples ([`samples`]). After all pages are merged,
//! [`finish`] does what needs the whole site: case-insensitive model names, index-only
//! operations, groups, base URL, title, and what samples teach (JSON wire names, enums without
//! a ResourceModel page).
//!
//! ```
//! use apiscrape_parse::{aspnet::AspNet, Dialect, Page};
//! let page = Page::new("p.txt", "GET api/things/{id}\n\nRequest Information\n\nURI Parameters\n\nNameDescriptionTypeAdditional information\nid\n\ninteger\n\nRequired\n\nBody Parameters\n\nNone.\n\nResponse Information\n\nResource Description\n\nNone.\n");
//! let api = AspNet.parse_page(&page);
//! assert_eq!(api.operations[0].key(), "GET /api/things/{id}");
//! ```

pub mod annotations;
pub mod block;
pub mod build;
pub mod finish;
pub mod html;
pub mod samples;
pub mod text;
pub mod types;

use crate::{
    dialect::Dialect,
    page::{Page, PageFormat},
};
use apiscrape_model::Api;

/// The ASP.NET Help Page dialect.
pub struct AspNet;

/// Reads a page into blocks with the reader its format needs. HTML whose markup yields no
/// heading (a site that replaced the templates) falls back to the text grammar over its
/// rendered lines.
pub fn read_blocks(page: &Page) -> Vec<block::Block> {
    match page.format {
        PageFormat::Html => {
            let blocks = html::read(&page.text);
            // A reader view of a ResourceModel page keeps the template's table markup but
            // not the title above it: the markup is still the better reading.
            let has_h1_or_table = blocks.iter().any(|b| {
                matches!(
                    b.kind,
                    block::BlockKind::Heading { level: 1, .. }
                        | block::BlockKind::Params(_)
                        | block::BlockKind::Enum(_)
                        | block::BlockKind::Apis(_)
                )
            });
            if has_h1_or_table {
                blocks
            } else {
                let lines = crate::html::html_to_lines(&page.text);
                let text: String = lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join("\n");
                let mut blocks = text::read(&text);
                for b in &mut blocks {
                    if let Some(l) = lines.get(b.line.saturating_sub(1) as usize) {
                        b.line = l.source_line;
                    }
                }
                blocks
            }
        }
        PageFormat::Text => text::read(&page.text),
    }
}

/// Markers only ASP.NET Help Pages show: a page with one is never another dialect's
/// ([`Dialect::claims`]).
const OWN: &[&str] = &[
    "Request Information",
    "help-page-table",
    "Response Information",
];

impl Dialect for AspNet {
    fn name(&self) -> &'static str {
        "aspnet"
    }

    fn detect(&self, page: &Page) -> u8 {
        let head = crate::page::head(&page.text, 200_000);
        let has = |s: &str| head.contains(s);
        // The page's own URL is a Help Page route (`/Help/Api/…`, `/Help/ResourceModel?modelName=`).
        let help_url = page.url.as_deref().is_some_and(|u| {
            let l = u.to_ascii_lowercase();
            l.contains("/help/resourcemodel?modelname=")
                || l.contains("/help/api/")
                || l.contains("/help/api?apiid=")
        });
        match page.format {
            PageFormat::Html => {
                let help_markup = has("help-page") || has("HelpPage.css");
                if has("Request Information") && has("Response Information") {
                    if help_markup {
                        95
                    } else {
                        70
                    }
                } else if has("api-name") && help_markup {
                    90
                } else if help_markup
                    && (has("parameter-name")
                        || has("enum-name")
                        || has("Possible enumeration values"))
                {
                    85
                } else if has("Possible enumeration values")
                    || (help_markup && has("/Help"))
                    || (has("Additional information")
                        && head.to_ascii_lowercase().contains("/help"))
                    || help_url
                {
                    50
                } else {
                    0
                }
            }
            PageFormat::Text => {
                let first = head
                    .lines()
                    .map(str::trim)
                    .filter(|l| {
                        !l.is_empty() && !l.starts_with("# source:") && !l.starts_with("<!--")
                    })
                    .take(4)
                    .any(|l| text::is_api_line(l.trim_start_matches(['#', ' '])));
                if first && has("Request Information") {
                    95
                } else if has("Request Information") && has("Response Information") {
                    70
                } else if has("NameDescriptionTypeAdditional information")
                    || has("Possible enumeration values")
                    || has("APIDescription")
                    || (has("Name | Description | Type |"))
                    || (has("API | Description") && has("Help Page"))
                    || text::has_pipe_index_table(head)
                {
                    60
                } else if help_url {
                    50
                } else {
                    0
                }
            }
        }
    }

    fn claims(&self, page: &Page) -> bool {
        let head = &page.text[..crate::dialect::floor_char_boundary(&page.text, 200_000)];
        OWN.iter().any(|m| head.contains(m))
    }

    fn parse_page(&self, page: &Page) -> Api {
        let blocks = read_blocks(page);
        build::build(page, &blocks)
    }

    fn finish(&self, api: &mut Api) {
        finish::finish(api);
    }
}
