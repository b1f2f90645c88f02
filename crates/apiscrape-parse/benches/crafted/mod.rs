//! Crafted hostile pages for the `crafted` group of the scaling bench: each kind at a size
//! and at twice that size, so `t(2n)/t(n)` shows whether reading it is linear (≈ 2). They are
//! the inputs of point 4 of issue 11, where a quadratic step once took seconds to minutes
//! (`tests/crafted_inputs.rs` checks that each still reads, and what it reads).

use apiscrape_parse::Page;
use std::path::Path;

/// One crafted page kind: its name and how to make a page of size `n`.
pub struct Kind {
    pub name: &'static str,
    pub sizes: [usize; 2],
    pub make: fn(&Templates, usize) -> Page,
}

/// The real pages the junk is put into.
pub struct Templates {
    rambase: String,
    aspnet: String,
    aspnet_text: String,
}

impl Templates {
    /// Reads the templates from `input-docs/`.
    pub fn load() -> Option<Templates> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../input-docs");
        Some(Templates {
            rambase: std::fs::read_to_string(root.join("rambase/put-contact-phone.html")).ok()?,
            aspnet: std::fs::read_to_string(root.join("caliber/Help_ResourceModel_Phone.html"))
                .ok()?,
            aspnet_text: std::fs::read_to_string(
                root.join("caliber/text-pipe/Help_ResourceModel_Phone.txt"),
            )
            .ok()?,
        })
    }

    fn rambase(&self, junk: &str) -> Page {
        let (head, tail) = self.rambase.split_once("</main>").expect("</main>");
        Page::new("rambase.html", format!("{head}{junk}</main>{tail}"))
    }

    fn aspnet(&self, junk: &str) -> Page {
        let at = self.aspnet.rfind("</section>").expect("</section>");
        Page::new(
            "Help_ResourceModel_Phone.html",
            format!("{}{junk}{}", &self.aspnet[..at], &self.aspnet[at..]),
        )
    }

    /// The text rendering with `n` annotation phrases joined on one line.
    fn aspnet_joined_annotations(&self, n: usize) -> Page {
        let joined = "Required Max length: 5 ".repeat(n);
        Page::new(
            "Help_ResourceModel_Phone.txt",
            self.aspnet_text.replacen(
                "| PhoneID | integer | None. |",
                &format!("| PhoneID | integer | {joined}|"),
                1,
            ),
        )
    }

    fn aspnet_rows(&self, n: usize) -> Page {
        let rows: String = (0..n)
            .map(|i| format!("<tr><td class=\"parameter-name\">F{i}</td><td class=\"parameter-documentation\"><p>d</p></td><td class=\"parameter-type\">integer</td><td class=\"parameter-annotations\"><p>None.</p></td></tr>\n"))
            .collect();
        let (head, tail) = self.aspnet.split_once("<tbody>").expect("<tbody>");
        Page::new(
            "Help_ResourceModel_Phone.html",
            format!("{head}<tbody>{rows}{tail}"),
        )
    }

    fn rambase_rows(&self, n: usize) -> Page {
        let rows: String = (0..n)
            .map(|i| format!("<div class=\"k9-r\"><div class=\"k9-n\">{}</div><div class=\"k9-c\">&nbsp;&nbsp;<span class=\"q2 b0\">&lt;F{i}<div class=\"v3-tt\" role=\"tooltip\"><div class=\"v3-h\">F{i}</div><div>Field {i}</div></div>&gt;</span><span class=\"q7\">{{String}}</span>&lt;/F{i}&gt;</div></div>\n", i + 5))
            .collect();
        let at = self
            .rambase
            .find("<div class=\"k9-r\"><div class=\"k9-n\">5</div>")
            .expect("row 5");
        Page::new(
            "rambase.html",
            format!("{}{rows}{}", &self.rambase[..at], &self.rambase[at..]),
        )
    }
}

fn nested(tag: &str, n: usize) -> String {
    format!(
        "{}x{}",
        format!("<{tag}>").repeat(n),
        format!("</{tag}>").repeat(n)
    )
}

fn nested_tables(n: usize) -> String {
    format!(
        "{}x{}",
        "<table><tr><td>".repeat(n),
        "</td></tr></table>".repeat(n)
    )
}

fn char_refs(cells: usize) -> String {
    format!(
        "<table>{}</table>",
        "<tr><td>&#x51;&#x5A;&#x58;&amp;</td><td>&#x51;&#x5A;&#x59;</td></tr>".repeat(cells / 2)
    )
}

/// The kinds, with sizes near the ones issue 11 reports.
pub const KINDS: &[Kind] = &[
    Kind {
        name: "rambase_nested_div",
        sizes: [50_000, 100_000],
        make: |t, n| t.rambase(&nested("div", n)),
    },
    Kind {
        name: "aspnet_nested_div",
        sizes: [50_000, 100_000],
        make: |t, n| t.aspnet(&nested("div", n)),
    },
    Kind {
        name: "rambase_nested_table",
        sizes: [5_000, 10_000],
        make: |t, n| t.rambase(&nested_tables(n)),
    },
    Kind {
        name: "aspnet_nested_table",
        sizes: [5_000, 10_000],
        make: |t, n| t.aspnet(&nested_tables(n)),
    },
    Kind {
        name: "rambase_char_refs",
        sizes: [25_000, 50_000],
        make: |t, n| t.rambase(&char_refs(n)),
    },
    Kind {
        name: "aspnet_char_refs",
        sizes: [25_000, 50_000],
        make: |t, n| t.aspnet(&char_refs(n)),
    },
    Kind {
        name: "rambase_field_rows",
        sizes: [50_000, 100_000],
        make: |t, n| t.rambase_rows(n),
    },
    Kind {
        name: "aspnet_field_rows",
        sizes: [50_000, 100_000],
        make: |t, n| t.aspnet_rows(n),
    },
    Kind {
        name: "aspnet_joined_annotations",
        sizes: [50_000, 100_000],
        make: Templates::aspnet_joined_annotations,
    },
];
