//! Fixture pages in renderings A, B and saved HTML give the same model.

mod support;

use apiscrape_model::Api;
use support::{rambase_page, RAMBASE_PAGES};

/// The model without provenance and diagnostics: what every rendering must agree on.
fn facts(api: &Api) -> Api {
    let mut api = api.clone();
    api.diagnostics.clear();
    for op in &mut api.operations {
        op.provenance.clear();
    }
    for ty in api.types.values_mut() {
        ty.provenance.clear();
    }
    api
}

/// Asserts two models have the same facts, showing the first differing lines.
fn assert_same(a: &Api, b: &Api, what: &str) {
    let a = serde_json::to_string_pretty(&facts(a)).unwrap();
    let b = serde_json::to_string_pretty(&facts(b)).unwrap();
    if a != b {
        let (al, bl): (Vec<_>, Vec<_>) = (a.lines().collect(), b.lines().collect());
        let i = al
            .iter()
            .zip(&bl)
            .position(|(x, y)| x != y)
            .unwrap_or(al.len().min(bl.len()));
        let from = i.saturating_sub(8);
        panic!(
            "{what} give different models; first difference at line {i}:\n--- left\n{}\n--- right\n{}",
            al[from..(i + 8).min(al.len())].join("\n"),
            bl[from..(i + 8).min(bl.len())].join("\n")
        );
    }
}

fn same_model(family: &str, renderings: &[&str]) -> Api {
    let first = format!("{family}.{}", renderings[0]);
    let base = rambase_page(&first);
    for r in &renderings[1..] {
        let file = format!("{family}.{r}");
        let other = rambase_page(&file);
        assert_same(&base, &other, &format!("{first} and {file}"));
    }
    base
}

fn diagnostics(api: &Api) -> Vec<String> {
    api.diagnostics.iter().map(|d| d.to_string()).collect()
}

#[test]
fn seed_page_in_renderings_b_and_html_gives_the_seed_model() {
    let seed = rambase_page("000_13e24b9fa5804726.txt");
    for file in ["put-contact-phone.b.txt", "put-contact-phone.html"] {
        let other = rambase_page(file);
        assert_same(&seed, &other, file);
    }
}

const ABH: &[&str] = &["a.txt", "b.txt", "html"];

#[test]
fn get_list_renderings_agree() {
    same_model("get-sales-orders-list", ABH);
}

#[test]
fn get_single_renderings_agree() {
    same_model("get-shipment", ABH);
}

#[test]
fn post_201_renderings_agree() {
    same_model("post-api-parameter", ABH);
}

#[test]
fn post_api_operation_renderings_agree() {
    same_model("post-sales-order-approve", ABH);
}

#[test]
fn delete_202_renderings_agree() {
    same_model("delete-contact-phone", ABH);
}

#[test]
fn resource_query_parameters_renderings_agree() {
    same_model("get-exchange-rate", ABH);
}

#[test]
fn cut_page_renderings_agree() {
    same_model("post-api-parameter-cut", ABH);
}

/// Warnings of a page (notes about inferences are not counted).
fn warnings(file: &str) -> Vec<String> {
    let api = rambase_page(file);
    diagnostics(&api)
        .into_iter()
        .filter(|d| d.contains(": warning: "))
        .collect()
}

#[test]
fn complete_fixture_pages_read_without_warnings() {
    let mut files: Vec<String> = std::fs::read_dir(RAMBASE_PAGES)
        .unwrap()
        .map(|f| f.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.contains("-cut.") && n != "get-shipment.a.txt")
        .collect();
    files.sort();
    assert!(files.len() >= 20, "{files:?}");
    for f in files {
        assert_eq!(warnings(&f), Vec::<String>::new(), "{f}");
    }
}

#[test]
fn rendering_a_without_root_tooltip_warns_and_names_root_from_path() {
    assert_eq!(
        warnings("get-shipment.a.txt"),
        ["rambase/get-shipment.a.txt:23: warning: the body's root element is not shown on the page; it is taken to be `Shipment` (from the path)"]
    );
}

#[test]
fn cut_page_keeps_complete_fields_and_names_the_line() {
    assert_eq!(
        warnings("post-api-parameter-cut.a.txt"),
        [
            "rambase/post-api-parameter-cut.a.txt:12: warning: rendering A shows which elements are lists only in the JSON half, and the page does not show the JSON half that would show it; `Parameter` is read as an object",
            "rambase/post-api-parameter-cut.a.txt:33: warning: field `MaximumValue` is cut off (page ends inside it); it is left out",
            "rambase/post-api-parameter-cut.a.txt:34: warning: the page ends inside the body (line 34); only what is complete before the cut is kept",
            "rambase/post-api-parameter-cut.a.txt:35: warning: the page stops in the middle of its last line; `Minimum value:` may be cut off and is not read",
        ]
    );
    assert_eq!(
        warnings("post-api-parameter-cut.b.txt"),
        [
            "rambase/post-api-parameter-cut.b.txt:81: warning: field `MaximumValue` is cut off (page ends inside it); it is left out",
            "rambase/post-api-parameter-cut.b.txt:84: warning: the page ends inside the body (line 84); only what is complete before the cut is kept",
        ]
    );
    let api = rambase_page("post-api-parameter-cut.html");
    let ty = api.type_named("Parameter").expect("Parameter");
    let names: Vec<_> = ty.fields().iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["Key", "Title", "Method", "IsMandatory"]);
    let w = warnings("post-api-parameter-cut.html");
    assert_eq!(w.len(), 3, "{w:?}");
    assert!(w[0].contains("field `MaximumValue` is cut off"), "{w:?}");
    let op = &api.operations[0];
    assert_eq!(
        op.path,
        "/system/api/resources/{apiResourceId}/draft-parameters"
    );
    // The page ends in the body: nothing after it is invented.
    assert!(op.error_codes.is_empty());
    assert_eq!(op.parameters.len(), 1);
}

#[test]
fn old_layout_text_and_html_agree() {
    same_model("old-get-user-groups", &["txt", "html"]);
    assert_eq!(warnings("old-get-user-groups.txt"), Vec::<String>::new());
    assert_eq!(warnings("old-get-user-groups.html"), Vec::<String>::new());
}
