//! Crafted hostile pages, generated here rather than stored: deep nesting (which once
//! overflowed the 2 MiB stacks of rayon's threads and aborted the whole run), nested tables,
//! character references, huge tables. Each must read on a rayon thread, keep the facts around
//! the junk, and finish; the sizes are ones where a quadratic step took seconds to minutes.
//! How time grows with size is measured by the `scaling` bench (`crafted` group), as ratios.

use apiscrape_model::{Api, Severity, TypeKind};
use apiscrape_parse::{parse_pages, DialectChoice, Page};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../input-docs/");

fn read(file: &str) -> String {
    std::fs::read_to_string(format!("{ROOT}{file}")).expect(file)
}

/// A RamBase page (saved HTML) with `junk` before its closing `</main>`.
fn rambase_with(junk: &str) -> String {
    let page = read("rambase/put-contact-phone.html");
    let (head, tail) = page.split_once("</main>").expect("</main>");
    format!("{head}{junk}</main>{tail}")
}

/// An ASP.NET ResourceModel page (`Phone`) with `junk` after its table.
fn aspnet_with(junk: &str) -> String {
    let page = read("caliber/Help_ResourceModel_Phone.html");
    let at = page.rfind("</section>").expect("</section>");
    format!("{}{junk}{}", &page[..at], &page[at..])
}

fn nested(tag: &str, depth: usize) -> String {
    format!(
        "{}x{}",
        format!("<{tag}>").repeat(depth),
        format!("</{tag}>").repeat(depth)
    )
}

fn nested_tables(depth: usize) -> String {
    format!(
        "{}x{}",
        "<table><tr><td>".repeat(depth),
        "</td></tr></table>".repeat(depth)
    )
}

fn char_ref_cells(cells: usize) -> String {
    format!(
        "<table>{}</table>",
        "<tr><td>&#x51;&#x5A;&#x58;&amp;</td><td>&#x51;&#x5A;&#x59;</td></tr>".repeat(cells / 2)
    )
}

/// Parses on a rayon pool whose threads have 2 MiB stacks, as `parse_files` does.
fn parse_on_rayon(pages: Vec<Page>) -> Api {
    rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .stack_size(2 << 20)
        .build()
        .expect("pool")
        .install(|| parse_pages(pages, DialectChoice::Auto))
}

const RAMBASE_OP: &str = "PUT /collaboration/contacts/{contactId}/phones/{phoneId}";

fn assert_rambase_page_read(api: &Api, what: &str) {
    let op = api
        .operations
        .iter()
        .find(|o| o.key() == RAMBASE_OP)
        .unwrap_or_else(|| panic!("{what}: {RAMBASE_OP} not read"));
    assert_eq!(op.error_codes.len(), 3, "{what}");
}

fn assert_phone_read(api: &Api, what: &str) {
    let phone = api
        .types
        .values()
        .find(|t| t.name == "Phone")
        .unwrap_or_else(|| panic!("{what}: Phone not read"));
    match &phone.kind {
        TypeKind::Object { fields } => {
            assert_eq!(fields[0].name, "PhoneID", "{what}");
            assert!(fields.len() >= 8, "{what}: {} fields", fields.len());
        }
        other => panic!("{what}: {other:?}"),
    }
}

#[test]
fn deep_nesting_reads_on_2_mib_rayon_threads() {
    let depth = 100_000;
    for tag in ["div", "span", "b"] {
        let api = parse_on_rayon(vec![
            Page::new("rambase.html", rambase_with(&nested(tag, depth))),
            Page::new(
                "x/Help_ResourceModel_Phone.html",
                aspnet_with(&nested(tag, depth)),
            ),
        ]);
        assert_rambase_page_read(&api, tag);
        assert_phone_read(&api, tag);
    }
}

#[test]
fn nested_tables_and_character_references_are_read() {
    let cases = [
        ("nested tables", nested_tables(10_000)),
        ("character references", char_ref_cells(50_000)),
    ];
    for (what, junk) in cases {
        let api = parse_on_rayon(vec![
            Page::new("rambase.html", rambase_with(&junk)),
            Page::new("x/Help_ResourceModel_Phone.html", aspnet_with(&junk)),
        ]);
        assert_rambase_page_read(&api, what);
        assert_phone_read(&api, what);
    }
}

#[test]
fn a_table_of_100_000_property_rows_is_read_whole() {
    let rows: String = (0..100_000)
        .map(|i| {
            format!(
                "<tr><td class=\"parameter-name\">F{i}</td><td class=\"parameter-documentation\"><p>d{i}</p></td><td class=\"parameter-type\">integer</td><td class=\"parameter-annotations\"><p>None.</p></td></tr>\n"
            )
        })
        .collect();
    let page = read("caliber/Help_ResourceModel_Phone.html");
    let (head, tail) = page.split_once("<tbody>").expect("tbody");
    let page = format!("{head}<tbody>{rows}{tail}");
    let api = parse_on_rayon(vec![Page::new("Help_ResourceModel_Phone.html", page)]);
    let phone = api
        .types
        .values()
        .find(|t| t.name == "Phone")
        .expect("Phone");
    let TypeKind::Object { fields } = &phone.kind else {
        panic!("not an object");
    };
    assert_eq!(fields.len(), 100_000 + 16);
    assert_eq!(fields[99_999].name, "F99999");
    assert_eq!(fields[99_999].description.as_deref(), Some("d99999"));
}

#[test]
fn a_rambase_body_of_100_000_fields_is_read_whole() {
    let fields: String = (0..100_000)
        .map(|i| {
            format!(
                "<div class=\"k9-r\"><div class=\"k9-n\">{}</div><div class=\"k9-c\">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;<span class=\"q2 b0\">&lt;F{i}<div class=\"v3-tt\" role=\"tooltip\"><div class=\"v3-h\">F{i}</div><div>Field {i}</div><div>This field is optional.</div></div>&gt;</span><span class=\"q7\">{{String}}</span>&lt;/F{i}&gt;</div></div>\n",
                i + 5
            )
        })
        .collect();
    // The JSON half shows them too (a field only one half shows is reported and left out).
    let keys: String = (0..100_000)
        .map(|i| {
            format!(
                "<div class=\"k9-r\"><div class=\"k9-n\">{}</div><div class=\"k9-c\">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;<span class=\"q3\">\"f{i}<div class=\"v3-tt\" role=\"tooltip\"><div class=\"v3-h\">F{i}</div><div>Field {i}</div><div>This field is optional.</div></div>\":</span> <span class=\"q7\">\"{{String}}\"</span>{}</div></div>\n",
                i + 6,
                if i + 1 < 100_000 { "," } else { "" }
            )
        })
        .collect();
    let page = read("rambase/put-contact-phone.html");
    let at = page
        .find("<div class=\"k9-r\"><div class=\"k9-n\">5</div>")
        .expect("row 5");
    let page = format!("{}{fields}{}", &page[..at], &page[at..]);
    let last_value = "\"{String}\"</span></div></div>\n";
    let at = page.find(last_value).expect("the JSON half's last value") + last_value.len();
    let page = format!(
        "{}{keys}{}",
        &page[..at].replace(last_value, "\"{String}\"</span>,</div></div>\n"),
        &page[at..]
    );
    let api = parse_on_rayon(vec![Page::new("rambase.html", page)]);
    assert_rambase_page_read(&api, "100 000 fields");
    let phone = api
        .types
        .values()
        .find(|t| matches!(&t.kind, TypeKind::Object { fields } if fields.len() > 1000))
        .expect("the body type");
    let TypeKind::Object { fields } = &phone.kind else {
        unreachable!()
    };
    assert_eq!(fields.len(), 100_000 + 3);
    assert_eq!(fields[3].name, "F0");
    assert_eq!(fields[3].description.as_deref(), Some("Field 0"));
}

#[test]
fn warnings_of_one_page_are_capped_with_a_count() {
    // 1000 property rows without a name or type: one warning each.
    let rows = "<tr><td class=\"parameter-name\"></td><td class=\"parameter-documentation\"><p>lost</p></td><td class=\"parameter-type\"></td><td class=\"parameter-annotations\"><p>None.</p></td></tr>\n".repeat(1000);
    let page = read("caliber/Help_ResourceModel_Phone.html");
    let (head, tail) = page.split_once("<tbody>").expect("tbody");
    let api = parse_pages(
        vec![Page::new("m.html", format!("{head}<tbody>{rows}{tail}"))],
        DialectChoice::Auto,
    );
    let listed = api
        .diagnostics
        .iter()
        .position(|d| d.message.contains("suppressed"))
        .expect("a count of suppressed warnings");
    let lost = api
        .diagnostics
        .iter()
        .filter(|d| {
            d.message
                .starts_with("a property row without name and type cells")
        })
        .count();
    assert_eq!(lost, 200);
    let summary = &api.diagnostics[listed];
    assert_eq!(
        summary.message,
        "800 more warnings of this page suppressed (the first 200 are listed)"
    );
    assert_eq!(summary.severity, Severity::Warning);
    assert_eq!(
        summary.location.as_ref().map(|l| l.source.as_str()),
        Some("m.html")
    );
}

#[test]
fn an_enum_member_without_a_name_is_reported() {
    let page = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/aspnet/complete-enum/ResourceModel_ObjectTypes.html"
    ))
    .expect("fixture");
    let page = page.replacen("<b>ClientContact</b>", "", 1);
    let api = parse_pages(
        vec![Page::new("ResourceModel_ObjectTypes.html", page)],
        DialectChoice::Auto,
    );
    let t = api.types.values().next().expect("ObjectTypes");
    let TypeKind::Enum { members, .. } = &t.kind else {
        panic!("{:?}", t.kind)
    };
    let names: Vec<_> = members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Division", "Employee"]);
    let d = api
        .diagnostics
        .iter()
        .find(|d| d.message.contains("has no name"))
        .expect("a warning for the nameless member");
    assert_eq!(
        d.to_string(),
        "ResourceModel_ObjectTypes.html:28: warning: a member row of enum `ObjectTypes` has no name (value `1`, description ``); it is left out"
    );
}

#[test]
fn pages_in_utf16_and_invalid_utf8_are_decoded_and_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = read("caliber/Help_ResourceModel_Phone.html");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(dir.path().join("Help_ResourceModel_Phone.html"), utf16).expect("write");
    let mut bad = read("caliber/Help_ResourceModel_NoteKinds.html").into_bytes();
    let at = bad.len() - 20;
    bad.insert(at, 0xC3);
    std::fs::write(dir.path().join("Help_ResourceModel_NoteKinds.html"), &bad).expect("write");
    let files = apiscrape_parse::list_inputs(&[dir.path().to_path_buf()]).expect("list");
    let api = apiscrape_parse::parse_files(&files, DialectChoice::Auto);
    assert_phone_read(&api, "UTF-16");
    let line = bad[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let d = api
        .diagnostics
        .iter()
        .find(|d| d.message.contains("not valid UTF-8"))
        .expect("a warning for the bad byte");
    assert_eq!(
        (
            d.location.as_ref().map(|l| (l.source.clone(), l.line)),
            d.severity
        ),
        (
            Some((
                format!(
                    "{}",
                    dir.path()
                        .join("Help_ResourceModel_NoteKinds.html")
                        .display()
                ),
                Some(line as u32)
            )),
            Severity::Warning
        )
    );
}

/// A text rendering whose annotation cell joins 10^5 phrases on one line: splitting it into
/// phrases rescanned the line before every cut (40,000 phrases took 36 s; this one minutes).
#[test]
fn a_line_of_joined_annotations_is_split_in_one_pass() {
    let page = read("caliber/text-pipe/Help_ResourceModel_Phone.txt");
    let joined = "Required Max length: 5 ".repeat(100_000);
    let page = page.replacen(
        "| PhoneID | integer | None. |",
        &format!("| PhoneID | integer | {joined}|"),
        1,
    );
    let api = parse_pages(
        vec![Page::new("Help_ResourceModel_Phone.txt", page)],
        DialectChoice::Auto,
    );
    let phone = api.type_named("Phone").expect("Phone");
    let id = phone.field("PhoneID").expect("PhoneID");
    assert!(id.required);
    assert_eq!(id.constraints.max_length, Some(5));
    let names: Vec<&str> = phone.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names.len(), 16, "{names:?}");
    assert_eq!(names[..3], ["PhoneID", "RefType", "RefID"]);
    assert_eq!(names[15], "ModifiedBy");
    assert!(!api.has_errors(), "{:?}", api.diagnostics);
}
