//! Our own Help Page fixtures: the Caliber site in `input-docs/caliber/` (the seed plus HTML
//! pages of the same site) and its text renderings in `input-docs/caliber/text-blank/` and
//! `input-docs/caliber/text-pipe/` (blank-line separated and pipe/markdown-like), covering every
//! type form, annotation and rendering quirk.

mod support;

use apiscrape_model::{
    Api, Bound, EnumMember, EnumRepr, Expansion, Method, Number, ParamLocation, Primitive,
    ResponseContent, Severity, TypeKind, TypeRef, XmlName,
};
use apiscrape_parse::{aspnet::AspNet, parse_pages, Dialect, DialectChoice, Page};
use std::path::PathBuf;
use support::{json_keys, pages_in, params, prim, without_provenance};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn caliber_dir() -> PathBuf {
    root().join("../../input-docs/caliber")
}

fn text_dir(kind: &str) -> PathBuf {
    caliber_dir().join(format!("text-{kind}"))
}

fn caliber() -> Api {
    parse_pages(pages_in(&caliber_dir()), DialectChoice::Auto)
}

fn num(s: &str) -> Option<Bound> {
    Some(Bound::inclusive(Number::parse(s).unwrap()))
}

#[test]
fn every_caliber_page_is_detected_as_aspnet() {
    for p in pages_in(&caliber_dir())
        .into_iter()
        .chain(pages_in(&text_dir("blank")))
        .chain(pages_in(&text_dir("pipe")))
    {
        assert!(
            AspNet.detect(&p) >= 60,
            "{} scored {}",
            p.source,
            AspNet.detect(&p)
        );
        let d = apiscrape_parse::dialect::detect(&p).unwrap();
        assert_eq!(d.name(), "aspnet", "{}", p.source);
    }
}

#[test]
fn html_and_both_text_renderings_give_the_same_model() {
    let mut compared = 0;
    for kind in ["blank", "pipe"] {
        for text in pages_in(&text_dir(kind)) {
            let stem = text.source.trim_end_matches(".txt").to_string();
            let html_path = caliber_dir().join(format!("{stem}.html"));
            let html = Page::read(&html_path, format!("{stem}.html")).unwrap();
            let from_html = without_provenance(parse_pages(vec![html], DialectChoice::Auto));
            let from_text = without_provenance(parse_pages(vec![text], DialectChoice::Auto));
            assert_eq!(
                serde_json::to_string_pretty(&from_text).unwrap(),
                serde_json::to_string_pretty(&from_html).unwrap(),
                "{kind}/{stem}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 16);
}

#[test]
fn caliber_site_operations_groups_title_and_base_url() {
    let api = caliber();
    assert!(!api.has_errors(), "{:#?}", api.diagnostics);
    // The stock index title names the framework, so the title comes from the host.
    assert_eq!(api.title, "Caliber API");
    assert_eq!(
        api.description, None,
        "the stock introduction is a placeholder"
    );
    assert_eq!(api.base_urls, ["https://caliber.example/CaliberAPI"]);
    let keys: Vec<String> = api.operations.iter().map(|o| o.key()).collect();
    assert_eq!(
        keys,
        [
            "PUT /api/v2/account/password",
            "GET /api/v2/account/settings",
            "POST /api/v2/clientcontact/{clientContactId}/notes",
            "PATCH /api/v2/clientcontact/{clientContactId}/phone",
            "DELETE /api/v2/clientcontact/{clientContactId}/phone/{phoneId}",
            "GET /api/v2/clientcontact/{clientContactId}/phones",
            "PUT /api/v2/clientcontact/{clientContactId}/phones/order",
            "GET /api/v2/search",
        ]
    );
    let groups: Vec<(&str, Option<&str>)> = api
        .groups
        .iter()
        .map(|g| (g.name.as_str(), g.description.as_deref()))
        .collect();
    assert_eq!(
        groups,
        [
            (
                "ClientContact",
                Some("Client contacts, their phone numbers and notes.")
            ),
            ("Account", None),
            ("Search", Some("Search across client contacts."))
        ]
    );
    // The seed's operation gets its group from the index.
    let seed = api
        .operation(
            Method::Patch,
            "/api/v2/clientcontact/{clientContactId}/phone",
        )
        .unwrap();
    assert_eq!(seed.group.as_deref(), Some("ClientContact"));
    assert_eq!(
        seed.summary, None,
        "`No documentation available.` is no summary"
    );
    // Index-only operations: path parameters from the template, typed as string.
    let del = api
        .operation(
            Method::Delete,
            "/api/v2/clientcontact/{clientContactId}/phone/{phoneId}",
        )
        .unwrap();
    assert_eq!(del.summary.as_deref(), Some("Deletes a phone number."));
    let ps: Vec<_> = del
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.location, p.ty.clone(), p.required))
        .collect();
    assert_eq!(
        ps,
        [
            (
                "clientContactId",
                ParamLocation::Path,
                TypeRef::string(),
                true
            ),
            ("phoneId", ParamLocation::Path, TypeRef::string(), true)
        ]
    );
    assert!(del.responses.is_empty());
    assert!(api.diagnostics.iter().any(|d| d.severity == Severity::Note
        && d.message
            .starts_with("2 operation(s) of this index have no API page")));
}

#[test]
fn uri_parameters_defaults_and_expansions() {
    let api = caliber();
    let op = api
        .operation(
            Method::Get,
            "/api/v2/clientcontact/{clientContactId}/phones",
        )
        .unwrap();
    assert_eq!(
        op.summary.as_deref(),
        Some("Lists the phone numbers of a client contact.")
    );
    assert_eq!(
        op.description.as_deref(),
        Some("Lists the phone numbers of a client contact. Deleted numbers are left out unless asked for.")
    );
    let ps = params(op);
    assert_eq!(
        ps,
        [
            (
                "clientContactId",
                ParamLocation::Path,
                prim(Primitive::Integer),
                true,
                None
            ),
            (
                "includeDeleted",
                ParamLocation::Query,
                prim(Primitive::Boolean),
                false,
                Some("False")
            ),
            (
                "search",
                ParamLocation::Query,
                prim(Primitive::String),
                false,
                Some("")
            ),
            (
                "api-version",
                ParamLocation::Query,
                prim(Primitive::String),
                false,
                Some("1.0")
            ),
        ]
    );
    assert_eq!(op.parameters[3].description, None);

    let op = api.operation(Method::Get, "/api/v2/search").unwrap();
    let ex: Vec<_> = op
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.location, p.expansion.clone()))
        .collect();
    assert_eq!(
        ex,
        [
            (
                "terms[0]",
                ParamLocation::Query,
                Some(Expansion::CollectionItem {
                    base: "terms".into(),
                    index: 0,
                    property: None
                })
            ),
            (
                "terms[1]",
                ParamLocation::Query,
                Some(Expansion::CollectionItem {
                    base: "terms".into(),
                    index: 1,
                    property: None
                })
            ),
            (
                "filter.Name",
                ParamLocation::Query,
                Some(Expansion::ObjectProperty {
                    base: Some("filter".into()),
                    property: "Name".into()
                })
            ),
            (
                "filter.IsPrimary",
                ParamLocation::Query,
                Some(Expansion::ObjectProperty {
                    base: Some("filter".into()),
                    property: "IsPrimary".into()
                })
            ),
        ]
    );
    assert_eq!(
        op.parameter("filter.Name").unwrap().constraints.max_length,
        Some(50)
    );
    // A dictionary response: no table, no model of its own.
    let r = op.response(200).unwrap();
    assert_eq!(
        r.description.as_deref(),
        Some("Matching phones by client contact id.")
    );
    let ResponseContent::Body { body } = &r.content else {
        panic!()
    };
    assert_eq!(
        body.ty,
        TypeRef::map(TypeRef::string(), TypeRef::named("Phone"))
    );
    assert_eq!(
        body.media_types[2].note.as_deref(),
        Some("Sample not available.")
    );
}

#[test]
fn every_simple_type_and_type_form_maps_to_the_model() {
    let api = caliber();
    let note = api.type_named("ContactNote").unwrap();
    let types: Vec<(&str, TypeRef)> = note
        .fields()
        .iter()
        .map(|f| (f.name.as_str(), f.ty.clone()))
        .collect();
    assert_eq!(
        types,
        [
            ("NoteID", prim(Primitive::Integer)),
            ("Kind", TypeRef::named("NoteKinds")),
            ("Text", prim(Primitive::String)),
            ("Score", prim(Primitive::Number)),
            // `Data type: Date`/`Time` on a DateTime: the sample shows a full date-time.
            ("FollowUpOn", prim(Primitive::DateTime)),
            ("CallBackAt", prim(Primitive::DateTime)),
            ("ReminderAfter", prim(Primitive::Duration)),
            ("AuthorEmail", prim(Primitive::String)),
            // `Data type: Url` on a string: the sample shows `sample string 8`.
            ("Link", prim(Primitive::String)),
            ("AttachmentId", prim(Primitive::Uuid)),
            ("Source", prim(Primitive::Uri)),
            ("Initial", prim(Primitive::Char)),
            ("Priority", prim(Primitive::Byte)),
            ("Offset", prim(Primitive::SignedByte)),
            ("Views", prim(Primitive::UnsignedInteger)),
            ("Tags", TypeRef::array(TypeRef::string())),
            ("Grid", TypeRef::array(TypeRef::array(TypeRef::string()))),
            (
                "Attributes",
                TypeRef::map(TypeRef::string(), TypeRef::array(prim(Primitive::Integer)))
            ),
            (
                "Owner",
                TypeRef::Pair {
                    key: Box::new(TypeRef::string()),
                    value: Box::new(prim(Primitive::Integer))
                }
            ),
            ("Payload", TypeRef::Any),
            ("Phones", TypeRef::array(TypeRef::named("Phone"))),
            ("Content", prim(Primitive::Binary)),
        ]
    );
    // Issue 16.15: `[DataType]` is how a UI shows the value; it is kept as a fact
    // (`x-data-type`), never as the wire type.
    let data_types: Vec<(&str, &str)> = note
        .fields()
        .iter()
        .filter_map(|f| Some((f.name.as_str(), f.constraints.data_type.as_deref()?)))
        .collect();
    assert_eq!(
        data_types,
        [
            ("FollowUpOn", "Date"),
            ("CallBackAt", "Time"),
            ("AuthorEmail", "EmailAddress"),
            ("Link", "Url"),
        ]
    );
    let order = api
        .operation(
            Method::Put,
            "/api/v2/clientcontact/{clientContactId}/phones/order",
        )
        .unwrap();
    let body = order.request_body.as_ref().unwrap();
    assert_eq!(body.ty, TypeRef::array(prim(Primitive::Integer)));
    assert_eq!(
        body.description.as_deref(),
        Some("Phone ids in the new order.")
    );
    let ResponseContent::Body { body } = &order.response(200).unwrap().content else {
        panic!()
    };
    assert_eq!(body.ty, prim(Primitive::Boolean));
    assert_eq!(
        body.xml_root,
        Some(XmlName {
            name: "boolean".into(),
            namespace: Some("http://schemas.microsoft.com/2003/10/Serialization/".into())
        })
    );
    // A collection response: the table describes the element.
    let phones = api
        .operation(
            Method::Get,
            "/api/v2/clientcontact/{clientContactId}/phones",
        )
        .unwrap();
    let ResponseContent::Body { body } = &phones.response(200).unwrap().content else {
        panic!()
    };
    assert_eq!(body.ty, TypeRef::array(TypeRef::named("Phone")));
    assert_eq!(body.xml_root.as_ref().unwrap().name, "ArrayOfPhone");
}

#[test]
fn every_annotation_becomes_a_constraint() {
    let api = caliber();
    let note = api.type_named("ContactNote").unwrap();
    let c = |n: &str| note.field(n).unwrap().constraints.clone();
    assert_eq!(
        (c("NoteID").minimum, c("NoteID").maximum),
        (num("0"), num("2147483647"))
    );
    assert_eq!(
        (c("Score").minimum, c("Score").maximum),
        (num("0.01"), num("100"))
    );
    let text = note.field("Text").unwrap();
    assert!(text.required);
    assert_eq!(
        (text.constraints.min_length, text.constraints.max_length),
        (Some(1), Some(2000))
    );
    assert_eq!(c("FollowUpOn").data_type.as_deref(), Some("Date"));
    assert_eq!(c("CallBackAt").data_type.as_deref(), Some("Time"));
    assert_eq!(c("AuthorEmail").data_type.as_deref(), Some("EmailAddress"));
    assert_eq!(c("AuthorEmail").max_length, Some(254));
    assert_eq!(c("Link").data_type.as_deref(), Some("Url"));
    assert!(c("Tags").unique_items);
    assert!(note.fields().iter().all(|f| f.constraints.notes.is_empty()));

    let pw = api.type_named("ChangePasswordModel").unwrap();
    let newp = pw.field("NewPassword").unwrap();
    assert!(newp.required);
    assert_eq!(newp.constraints.data_type.as_deref(), Some("Password"));
    assert_eq!(
        newp.constraints.pattern.as_deref(),
        Some(r#"^(?=.*[A-Z])(?=.*\d)[^<>&"']{8,}$"#)
    );
    assert_eq!(
        (newp.constraints.min_length, newp.constraints.max_length),
        (Some(8), Some(100))
    );
    assert!(!pw.field("ConfirmPassword").unwrap().required);
    assert_eq!(
        pw.field("SignOutEverywhere").unwrap().ty,
        prim(Primitive::Boolean)
    );
}

#[test]
fn samples_teach_json_names_xml_roots_and_notes() {
    let api = caliber();
    let pw = api.type_named("ChangePasswordModel").unwrap();
    let keys = json_keys(pw);
    assert_eq!(
        keys,
        [
            ("CurrentPassword", "currentPassword"),
            ("NewPassword", "newPassword"),
            ("ConfirmPassword", "confirmPassword"),
            ("SignOutEverywhere", "signOutEverywhere")
        ]
    );
    let ns_models = "http://schemas.datacontract.org/2004/07/CaliberAPI.Models";
    assert_eq!(
        pw.xml,
        Some(XmlName {
            name: "ChangePasswordModel".into(),
            namespace: Some(ns_models.into())
        })
    );
    let op = api
        .operation(Method::Put, "/api/v2/account/password")
        .unwrap();
    let body = op.request_body.as_ref().unwrap();
    assert_eq!(
        body.description.as_deref(),
        Some("The current and the new password.")
    );
    assert!(body.media_types[0].example.as_ref().unwrap().synthetic);
    assert!(body.media_types[4]
        .note
        .as_deref()
        .unwrap()
        .contains("'ChangePasswordModel'"));
    let r = op.response(200).unwrap();
    assert_eq!(
        r.description.as_deref(),
        Some("Ok, or BadRequest with the validation errors.")
    );
    assert_eq!(
        r.content,
        ResponseContent::Undocumented {
            reason: "IHttpActionResult".into()
        }
    );
    // Table names equal to the JSON keys stay without json_name.
    assert!(api
        .type_named("ContactNote")
        .unwrap()
        .fields()
        .iter()
        .all(|f| f.json_name.is_none()));
    // A void action answers 204 without body.
    let notes = api
        .operation(
            Method::Post,
            "/api/v2/clientcontact/{clientContactId}/notes",
        )
        .unwrap();
    assert_eq!(notes.responses.len(), 1);
    assert_eq!(
        (notes.responses[0].status, &notes.responses[0].content),
        (204, &ResponseContent::Empty)
    );
}

#[test]
fn resource_model_pages_describe_types_and_complete_enums() {
    let api = caliber();
    let phone = api.type_named("Phone").unwrap();
    assert_eq!(
        phone.description.as_deref(),
        Some("A phone number of a client contact, a division or an employee.")
    );
    assert_eq!(phone.fields().len(), 16);
    // Seed, GET phones table and ResourceModel page agree: no conflict reported.
    assert!(!api
        .diagnostics
        .iter()
        .any(|d| d.message.contains("described differently")));
    assert_eq!(
        api.type_named("NoteKinds").unwrap().kind,
        TypeKind::Enum {
            repr: EnumRepr::Integer,
            members: vec![
                EnumMember {
                    name: "General".into(),
                    value: "0".into(),
                    description: Some("A general remark.".into())
                },
                EnumMember {
                    name: "Call".into(),
                    value: "1".into(),
                    description: Some("A phone call.".into())
                },
                EnumMember {
                    name: "Meeting".into(),
                    value: "2".into(),
                    description: None
                },
                EnumMember {
                    name: "Complaint".into(),
                    value: "10".into(),
                    description: Some("Escalated to the account manager.".into())
                },
            ],
            complete: true
        }
    );
    // ObjectTypes and NameOptions still have no page: incomplete, seen on two operations.
    for (name, member) in [("ObjectTypes", "Division"), ("NameOptions", "Contact1")] {
        match &api.type_named(name).unwrap().kind {
            TypeKind::Enum {
                repr: EnumRepr::Integer,
                members,
                complete: false,
            } => {
                assert_eq!(members.len(), 1);
                assert_eq!(
                    (members[0].name.as_str(), members[0].value.as_str()),
                    (member, "0")
                );
            }
            other => panic!("{name}: {other:?}"),
        }
        let d = api
            .diagnostics
            .iter()
            .find(|d| d.message.contains(&format!("enum `{name}`")))
            .unwrap();
        assert!(d
            .message
            .contains("GET /api/v2/clientcontact/{clientContactId}/phones"));
    }
    assert_eq!(api.types.len(), 6);
}

#[test]
fn caliber_model_snapshot() {
    insta::assert_json_snapshot!("aspnet_caliber_site", caliber());
}
