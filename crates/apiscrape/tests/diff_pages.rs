//! `apiscrape diff OLD NEW` on pairs of documentation pages, one pair per kind of change.
//!
//! Each case is a folder `tests/fixtures/diff/<case>/{old,new}` of real pages: RamBase pages
//! in rendering A (text, as copied from the documentation site) and ASP.NET Help Pages (HTML).
//! The binary runs on them in JSON, text and Markdown, and with `--fail-on`; every change is
//! asserted exactly (impact, kind, target, summary), so a misclassification fails here.
//! OpenAPI files and model JSON are accepted as sides too (last tests).

mod support;

use apiscrape_test_support::workspace_root as root;
use serde_json::Value;
use std::process::Output;
use support::apiscrape;

fn case_dir(case: &str) -> String {
    format!("crates/apiscrape/tests/fixtures/diff/{case}")
}

fn diff_case(case: &str, extra: &[&str]) -> Output {
    let dir = case_dir(case);
    // A case is two folders of pages, or two OpenAPI documents.
    let (old, new) = if root().join(format!("{dir}/old.yaml")).is_file() {
        (format!("{dir}/old.yaml"), format!("{dir}/new.yaml"))
    } else {
        (format!("{dir}/old"), format!("{dir}/new"))
    };
    let mut args = vec!["-q", "diff", old.as_str(), new.as_str()];
    args.extend_from_slice(extra);
    apiscrape(&args)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// One expected change: impact, kind, target, summary.
type Expected = (&'static str, &'static str, &'static str, &'static str);

/// Runs a case in every format and checks the changes, the headline and the exit codes.
fn check(case: &str, headline: &str, expected: &[Expected]) {
    // JSON: exactly these changes, each with a reason.
    let out = diff_case(case, &["--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{case}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_str(&stdout(&out)).expect("JSON output");
    let changes = json["changes"].as_array().expect("changes list");
    let got: Vec<(String, String, String, String)> = changes
        .iter()
        .map(|c| {
            assert!(
                !c["reason"].as_str().unwrap_or("").is_empty(),
                "{case}: change without a reason: {c}"
            );
            let s = |k: &str| c[k].as_str().unwrap_or("").to_string();
            (s("impact"), s("kind"), s("target"), s("summary"))
        })
        .collect();
    let want: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(i, k, t, s)| (i.to_string(), k.to_string(), t.to_string(), s.to_string()))
        .collect();
    assert_eq!(got, want, "{case}");

    // Text: the headline, then one line per change in the same order.
    let text = stdout(&diff_case(case, &[]));
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(headline), "{case}");
    for (c, line) in changes.iter().zip(lines) {
        let s = |k: &str| c[k].as_str().unwrap_or("").to_string();
        assert_eq!(
            line,
            format!(
                "  {:<13} {}: {} ({})",
                s("impact"),
                s("target"),
                s("summary"),
                s("reason")
            ),
            "{case}"
        );
    }
    assert_eq!(text.lines().count(), 1 + changes.len(), "{case}: {text}");

    // Markdown: the headline, one section per impact present, one item per change.
    let md = stdout(&diff_case(case, &["--format", "markdown"]));
    assert!(md.starts_with(&format!("{headline}\n")), "{case}: {md}");
    for (impact, title) in [
        ("breaking", "#### Breaking changes"),
        ("compatible", "#### Compatible changes"),
        ("documentation", "#### Documentation changes"),
    ] {
        let n = expected.iter().filter(|e| e.0 == impact).count();
        assert_eq!(md.contains(title), n > 0, "{case}: {title}");
    }
    assert_eq!(
        md.lines().filter(|l| l.starts_with("- `")).count(),
        expected.len(),
        "{case}: {md}"
    );

    // Exit codes: `--fail-on breaking` fails exactly when something is breaking,
    // `--fail-on compatible` when anything but documentation changed.
    let breaking = expected.iter().any(|e| e.0 == "breaking");
    let compatible = expected.iter().any(|e| e.0 != "documentation");
    assert_eq!(
        diff_case(case, &["--fail-on", "breaking"]).status.code(),
        Some(i32::from(breaking)),
        "{case}"
    );
    assert_eq!(
        diff_case(case, &["--fail-on", "compatible"]).status.code(),
        Some(i32::from(compatible)),
        "{case}"
    );
}

const GET_WIDGET: &str = "GET /sales/widgets/{widgetId}";
const PUT_WIDGET: &str = "PUT /sales/widgets/{widgetId}";
const PUT_ORDER: &str = "PUT /api/orders/{id}";

#[test]
fn operations_added_and_removed() {
    check(
        "operations",
        "2 API change(s): 1 breaking, 1 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "operation_removed", "DELETE /sales/widgets/{widgetId}", "operation removed"),
            ("compatible", "operation_added", "GET /sales/widgets/{widgetId}/history", "operation added"),
        ],
    );
}

#[test]
fn parameters_added_removed_and_renamed() {
    check(
        "parameters",
        "3 API change(s): 2 breaking, 1 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "parameter_removed", GET_WIDGET, "query parameter `$lang` removed"),
            ("breaking", "parameter_renamed", GET_WIDGET, "query parameter `$db` renamed to `$database`"),
            ("compatible", "parameter_added", GET_WIDGET, "optional query parameter `$showDomainDescriptions` added"),
        ],
    );
}

#[test]
fn path_placeholder_renamed_is_the_same_operation() {
    check(
        "path-renamed",
        "1 API change(s): 0 breaking, 1 compatible, 0 documentation; semver bump: minor (pre-1.0: patch)",
        &[(
            "compatible",
            "parameter_renamed",
            GET_WIDGET,
            "path parameter `id` renamed to `widgetId` (the URL is unchanged)",
        )],
    );
}

#[test]
fn parameters_newly_required_aspnet() {
    check(
        "aspnet-required",
        "2 API change(s): 2 breaking, 0 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "parameter_added", PUT_ORDER, "required query parameter `reason` added"),
            ("breaking", "parameter_required", PUT_ORDER, "query parameter `notify` is now required"),
        ],
    );
}

#[test]
fn type_and_format_changes() {
    check(
        "types",
        "4 API change(s): 3 breaking, 1 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "type_changed", GET_WIDGET, "path parameter `widgetId`: type changed from int32 to string"),
            ("breaking", "type_changed", "type Widget", "field `Weight`: type changed from decimal to int32"),
            ("breaking", "type_changed", "type Widget", "field `WidgetId`: type changed from int32 to int64"),
            // A string has no minimum: the old bound goes with the old type.
            ("compatible", "constraint_loosened", GET_WIDGET, "path parameter `widgetId`: constraints loosened (minimum 100 -> none)"),
        ],
    );
}

#[test]
fn constraints_tightened_and_loosened() {
    check(
        "constraints",
        "3 API change(s): 2 breaking, 1 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "constraint_tightened", "type Widget", "field `Name`: constraints tightened (maxLength 40 -> 20)"),
            ("breaking", "constraint_tightened", "type Widget", "field `Weight`: constraints tightened (minimum none -> 0)"),
            ("compatible", "constraint_loosened", PUT_WIDGET, "path parameter `widgetId`: constraints loosened (minimum 100 -> 1)"),
        ],
    );
}

#[test]
fn enum_members_added_removed_and_renumbered_aspnet() {
    check(
        "aspnet-enum",
        "3 API change(s): 2 breaking, 1 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "enum_member_removed", "type OrderStatus", "member `Cancelled` removed"),
            ("breaking", "enum_value_changed", "type OrderStatus", "member `Shipped` value changed from 1 to 3"),
            ("compatible", "enum_member_added", "type OrderStatus", "member `Returned` added"),
        ],
    );
}

#[test]
fn fields_added_removed_and_required_changed_in_a_request_type() {
    check(
        "fields",
        "5 API change(s): 4 breaking, 1 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "field_added", "type Widget", "required field `Owner` added"),
            ("breaking", "field_removed", "type Widget", "field `Weight` removed"),
            ("breaking", "field_required", "type Widget", "field `WidgetId` is now required"),
            ("breaking", "field_optional", "type Widget", "field `Name` is now optional"),
            ("compatible", "field_added", "type Widget", "optional field `Colour` added"),
        ],
    );
}

/// A type clients only receive: a new required field and a tighter constraint do not break
/// them; a removed field still does.
#[test]
fn fields_and_constraints_in_a_response_only_type() {
    check(
        "response-fields",
        "3 API change(s): 1 breaking, 2 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "field_removed", "type Widget", "field `Weight` removed"),
            ("compatible", "constraint_tightened", "type Widget", "field `Name`: constraints tightened (maxLength 40 -> 20)"),
            ("compatible", "field_added", "type Widget", "required field `Owner` added"),
        ],
    );
}

#[test]
fn error_codes_added_removed_and_moved_to_another_status() {
    check(
        "error-codes",
        "6 API change(s): 2 breaking, 4 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "error_code_removed", GET_WIDGET, "error code `100206` (Name must be unique) removed"),
            ("breaking", "error_code_changed", GET_WIDGET, "error code `102003` now comes with HTTP 404 instead of 403"),
            ("compatible", "error_code_added", GET_WIDGET, "error code `105991` (HTTP 409, Widget is locked) added"),
            ("compatible", "status_added", GET_WIDGET, "response status 409 added"),
            ("compatible", "status_removed", GET_WIDGET, "response status 400 removed"),
            ("compatible", "status_removed", GET_WIDGET, "response status 403 removed"),
        ],
    );
}

#[test]
fn success_status_changed() {
    check(
        "status",
        "2 API change(s): 2 breaking, 0 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "status_added", GET_WIDGET, "response status 203 added"),
            ("breaking", "status_removed", GET_WIDGET, "response status 200 removed"),
        ],
    );
}

#[test]
fn documented_status_codes_changed_aspnet() {
    check(
        "aspnet-status",
        "3 API change(s): 1 breaking, 2 compatible, 0 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "status_added", PUT_ORDER, "response status 204 added"),
            ("compatible", "status_added", PUT_ORDER, "response status 409 added"),
            ("compatible", "status_removed", PUT_ORDER, "response status 404 removed"),
        ],
    );
}

#[test]
fn compatible_changes_only_pass_fail_on_breaking() {
    check(
        "compatible",
        "4 API change(s): 0 breaking, 4 compatible, 0 documentation; semver bump: minor (pre-1.0: patch)",
        &[
            ("compatible", "parameter_added", GET_WIDGET, "optional query parameter `$select` added"),
            ("compatible", "constraint_loosened", GET_WIDGET, "path parameter `widgetId`: constraints loosened (minimum 100 -> 1)"),
            ("compatible", "error_code_added", GET_WIDGET, "error code `105991` (HTTP 409, Widget is locked) added"),
            ("compatible", "status_added", GET_WIDGET, "response status 409 added"),
        ],
    );
}

/// The same pages in another rendering (text A, text B, HTML) are the same API.
#[test]
fn another_rendering_of_the_same_pages_is_no_change() {
    check("renderings", "no API changes", &[]);
    let out = diff_case("renderings", &["--fail-on", "any"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "no API changes\n");
}

#[test]
fn markdown_of_a_case_in_full() {
    let md = stdout(&diff_case("constraints", &["--format", "markdown"]));
    assert_eq!(
        md,
        "3 API change(s): 2 breaking, 1 compatible, 0 documentation; semver bump: major (pre-1.0: minor)

#### Breaking changes

- `type Widget`: field `Name`: constraints tightened (maxLength 40 -\\> 20) — values that were valid before are now rejected
- `type Widget`: field `Weight`: constraints tightened (minimum none -\\> 0) — values that were valid before are now rejected

#### Compatible changes

- `PUT /sales/widgets/{widgetId}`: path parameter `widgetId`: constraints loosened (minimum 100 -\\> 1) — every value valid before is still valid
"
    );
}

/// OpenAPI documents are sides too: pages against the OpenAPI emitted from them are the same
/// API, and an OpenAPI document against newer pages shows the pages' changes.
#[test]
fn openapi_files_as_sides() {
    let tmp = tempfile::tempdir().unwrap();
    for (case, version, ext) in [("fields", "3.1", "yaml"), ("aspnet-enum", "3.0", "json")] {
        let old_pages = format!("{}/old", case_dir(case));
        let spec = tmp.path().join(format!("{case}.{ext}"));
        let spec_s = spec.to_str().unwrap();
        let out = apiscrape(&[
            "-q",
            "openapi",
            &old_pages,
            "-o",
            spec_s,
            "--openapi-version",
            version,
            "--format",
            ext,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let same = apiscrape(&["-q", "diff", &old_pages, spec_s, "--fail-on", "any"]);
        assert_eq!(stdout(&same), "no API changes\n", "{case}");
        assert_eq!(same.status.code(), Some(0));
        let from_pages = stdout(&diff_case(case, &["--format", "json"]));
        let new_pages = format!("{}/new", case_dir(case));
        let from_spec = apiscrape(&["-q", "diff", spec_s, &new_pages, "--format", "json"]);
        assert_eq!(stdout(&from_spec), from_pages, "{case}");
    }
}

/// Two versions of a third-party OpenAPI document (3.0.3, then 3.1.0 with a type array for
/// `nullable`): the same change kinds, nothing else.
#[test]
fn third_party_openapi_documents() {
    check(
        "openapi",
        "7 API change(s): 3 breaking, 3 compatible, 1 documentation; semver bump: major (pre-1.0: minor)",
        &[
            ("breaking", "parameter_required", "GET /pets", "query parameter `limit` is now required"),
            ("breaking", "constraint_tightened", "GET /pets", "query parameter `limit`: constraints tightened (maximum 100 -> 50)"),
            ("breaking", "type_changed", "GET /pets/{petId}", "path parameter `petId`: type changed from string to int64"),
            ("compatible", "status_added", "GET /pets", "response status 429 added"),
            ("compatible", "operation_added", "POST /pets", "operation added"),
            ("compatible", "enum_member_added", "type Kind", "member `bird` added"),
            ("documentation", "description_changed", "GET /pets", "query parameter `limit`: description changed"),
        ],
    );
}

/// A model JSON written by `apiscrape parse` is a side as well.
#[test]
fn model_json_as_a_side() {
    let tmp = tempfile::tempdir().unwrap();
    let old_pages = format!("{}/old", case_dir("error-codes"));
    let out = apiscrape(&["-q", "parse", &old_pages]);
    assert!(out.status.success());
    let model = tmp.path().join("model.json");
    std::fs::write(&model, &out.stdout).unwrap();
    let new_pages = format!("{}/new", case_dir("error-codes"));
    let via_model = apiscrape(&["-q", "diff", model.to_str().unwrap(), &new_pages]);
    assert_eq!(stdout(&via_model), stdout(&diff_case("error-codes", &[])));
    assert_eq!(via_model.status.code(), Some(0));
}

#[test]
fn unreadable_openapi_side_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("api.yaml");
    std::fs::write(&bad, "openapi: 3.1.0\npaths: [unclosed\n").unwrap();
    let out = apiscrape(&["-q", "diff", bad.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("api.yaml:3:1: not valid YAML or JSON"),
        "{err}"
    );
}

/// A JSON file that is neither a model nor OpenAPI is not "every operation added" against an
/// empty side.
#[test]
fn json_that_is_neither_model_nor_openapi_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let other = tmp.path().join("package.json");
    std::fs::write(&other, "{\"name\": \"x\", \"version\": \"1.0.0\"}\n").unwrap();
    let other = other.to_str().unwrap();
    for args in [
        ["diff", other, "generated/caliber/model.json"],
        ["diff", "generated/caliber/model.json", other],
    ] {
        let out = apiscrape(&args);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(out.stdout.is_empty(), "{}", stdout(&out));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("error: {other} is neither an apiscrape model (no top-level `schema_version`) nor an OpenAPI document (no top-level `openapi`)\n")
        );
    }
}

/// The diagnostics stored in a model were printed when it was made; diffing it prints only the
/// changes.
#[test]
fn model_sides_do_not_reprint_their_stored_diagnostics() {
    let model = "generated/caliber/model.json";
    let stored: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(model)).unwrap()).unwrap();
    assert!(!stored["diagnostics"].as_array().unwrap().is_empty());
    let out = apiscrape(&["diff", model, model, "--strict"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout(&out), "no API changes\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// A model written by the previous schema version (1: before `pattern_full_match`) is still
/// read, so last release's `model.json` can be compared with today's; a newer one is refused.
#[test]
fn models_of_older_schema_versions_are_read_and_newer_ones_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let v1 = tmp.path().join("v1.json");
    std::fs::write(
        &v1,
        r#"{"schema_version": 1, "title": "T", "operations": [{"method": "GET", "path": "/a"}]}"#,
    )
    .unwrap();
    let v1 = v1.display().to_string();
    let same = apiscrape(&["-q", "diff", &v1, &v1]);
    assert!(
        same.status.success(),
        "{}",
        String::from_utf8_lossy(&same.stderr)
    );
    assert_eq!(stdout(&same), "no API changes\n");

    let v99 = tmp.path().join("v99.json");
    std::fs::write(&v99, r#"{"schema_version": 99, "title": "T"}"#).unwrap();
    let v99 = v99.display().to_string();
    let newer = apiscrape(&["-q", "diff", &v1, &v99]);
    assert_eq!(newer.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&newer.stderr),
        format!("error: {v99} has model schema_version 99, this apiscrape reads 1 to 2\n")
    );
}

/// Two operations of one method and path (an edited model, or an OpenAPI document with `/a`
/// and `a`) cannot both be emitted or compared: the side is refused, naming the operation.
#[test]
fn a_side_with_one_operation_twice_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let model = tmp.path().join("twice.json");
    std::fs::write(
        &model,
        r#"{"schema_version": 2, "title": "T", "operations": [{"method": "GET", "path": "/a"}, {"method": "PUT", "path": "/a"}, {"method": "GET", "path": "/a"}]}"#,
    )
    .unwrap();
    let openapi = tmp.path().join("twice.yaml");
    std::fs::write(
        &openapi,
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get: {responses: {'200': {description: ok}}}\n  a:\n    get: {responses: {'200': {description: ok}}}\n",
    )
    .unwrap();
    for side in [&model, &openapi] {
        let side = side.display().to_string();
        let out = apiscrape(&["diff", "generated/caliber/model.json", &side]);
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        assert!(out.stdout.is_empty(), "{}", stdout(&out));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("error: {side}: operation `GET /a` appears twice in the model\n")
        );
    }
}
