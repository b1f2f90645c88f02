//! The 14 real Help Pages of one public site (itslearning) in `../shared/conformance/aspnet-html`,
//! each parsed alone and all together as one site, with the facts they hold asserted.
//!
//! The pages are third-party and are read in place, never copied into this repository. When
//! the directory is missing the tests are ignored (see `build.rs`; cargo's summary counts
//! them), unless `CI` is set, when they fail.

mod support;

use apiscrape_model::{
    Api, EnumRepr, Method, ParamLocation, Primitive, ResponseContent, Severity, TypeKind, TypeRef,
    XmlName,
};
use apiscrape_parse::{aspnet::AspNet, parse_pages, Dialect, DialectChoice, Page};
use support::{conformance_dir as dir, field_types, json_keys, prim};

fn page(d: &std::path::Path, prefix: &str) -> Page {
    let entry = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no page {prefix}"));
    let name = entry.file_name().unwrap().to_string_lossy().into_owned();
    Page::read(&entry, name).unwrap()
}

fn alone(prefix: &str) -> Option<Api> {
    let d = dir()?;
    let p = page(&d, prefix);
    assert!(AspNet.detect(&p) >= 85, "{prefix} detected");
    let api = parse_pages(vec![p], DialectChoice::Auto);
    assert_eq!(api.dialect.as_deref(), Some("aspnet"));
    assert!(!api.has_errors(), "{prefix}: {:#?}", api.diagnostics);
    Some(api)
}

fn site() -> Option<Api> {
    let d = dir()?;
    let mut pages = Vec::new();
    for e in std::fs::read_dir(&d).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        pages.push(Page::read(&path, name).unwrap());
    }
    assert_eq!(pages.len(), 14);
    Some(parse_pages(pages, DialectChoice::Auto))
}

const ENTITIES: &str = "Itslearning.RestApi.Entities";

fn named(short: &str) -> TypeRef {
    TypeRef::named(&format!("{ENTITIES}.{short}"))
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn index_alone_gives_every_operation_with_group_and_summary() {
    let Some(api) = alone("001") else { return };
    // 366 rows; two share method and path (they differ only in their query strings).
    assert_eq!(api.operations.len(), 365);
    assert_eq!(api.groups.len(), 50);
    assert_eq!(api.title, "Itslearning API");
    assert_eq!(api.base_urls, ["https://www.itslearning.com"]);
    assert!(api
        .description
        .as_deref()
        .unwrap()
        .starts_with("This documentation is provided to give developers a detailed overview of this rest api.\nPagination\n"));
    let ai = api.group("Ai").unwrap();
    assert_eq!(
        ai.description.as_deref(),
        Some("Handles calling AI features, currently from the editor plugin.")
    );
    assert_eq!(api.groups[0].name, "Ai");
    let op = api
        .operation(Method::Post, "/restapi/personal/ai/elements/v1")
        .unwrap();
    assert_eq!(op.group.as_deref(), Some("Ai"));
    assert_eq!(op.summary.as_deref(), Some("Method for creating elements"));
    assert_eq!(op.provenance[0].line, Some(100));
    assert_eq!(op.provenance[0].element.as_deref(), Some("td.api-name"));
    // Route template parameters, typed as string: the index shows no types.
    let op = api
        .operation(
            Method::Delete,
            "/restapi/personal/ai/stores/{storeToken}/files/{fileId}/v1",
        )
        .unwrap();
    let ps: Vec<_> = op
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.location, &p.ty))
        .collect();
    assert_eq!(
        ps,
        [
            ("storeToken", ParamLocation::Path, &TypeRef::string()),
            ("fileId", ParamLocation::Path, &TypeRef::string())
        ]
    );
    let op = api
        .operation(
            Method::Get,
            "/restapi/personal/yourfiles/public/folders/{folderId}/v1",
        )
        .unwrap();
    let q = op.parameter("searchPhrase").unwrap();
    assert_eq!(q.location, ParamLocation::Query);
    assert!(!q.required);
    // The doubly listed operation has the query parameters of both entries.
    let op = api
        .operation(
            Method::Get,
            "/restapi/personal/studentplan/assessments/topics/v1",
        )
        .unwrap();
    assert!(op.parameter("courseId").is_some() && op.parameter("fromId").is_some());
    assert!(api.diagnostics.iter().any(|d| d.severity == Severity::Note
        && d.message.contains(
            "lists GET /restapi/personal/studentplan/assessments/topics/v1 more than once"
        )));
    assert!(api.diagnostics.iter().any(|d| d
        .message
        .starts_with("365 operation(s) of this index have no API page")));
    // "No documentation available." is not a summary.
    assert!(api
        .operations
        .iter()
        .all(|o| o.summary.as_deref() != Some("No documentation available.")));
    // Paths differ in case from the virtual directory (`RestApi/...`) and still share the host.
    assert!(api
        .operation(
            Method::Put,
            "/RestApi/personal/courses/{courseId}/toggleFavorite/v1"
        )
        .is_some());
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn patch_restore_has_int64_path_parameter_and_instant_message_response() {
    let Some(api) = alone("002") else { return };
    let op = api
        .operation(
            Method::Patch,
            "/restapi/personal/instantmessages/{instantMessageId}/restore/v1",
        )
        .unwrap();
    assert_eq!(
        op.summary.as_deref(),
        Some("Undo deletion for an instant message.")
    );
    assert_eq!(op.description, None);
    let p = &op.parameters[0];
    assert_eq!(
        (p.name.as_str(), p.location, p.required),
        ("instantMessageId", ParamLocation::Path, true)
    );
    assert_eq!(p.ty, prim(Primitive::Int64));
    assert_eq!(
        p.description.as_deref(),
        Some("The instant message identifier for the message to be restored.")
    );
    assert_eq!(op.request_body, None);
    let r = op.response(200).unwrap();
    let ResponseContent::Body { body } = &r.content else {
        panic!("{:?}", r.content)
    };
    assert_eq!(body.ty, named("InstantMessage"));
    let names: Vec<_> = body.media_types.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "application/json",
            "text/json",
            "application/xml",
            "text/xml"
        ]
    );
    let xml = XmlName {
        name: "InstantMessage".into(),
        namespace: Some(format!(
            "http://schemas.datacontract.org/2004/07/{ENTITIES}"
        )),
    };
    assert_eq!(body.xml_root.as_ref(), Some(&xml));
    let t = api
        .type_named(&format!("{ENTITIES}.InstantMessage"))
        .unwrap();
    assert_eq!(t.xml.as_ref(), Some(&xml));
    assert_eq!(t.fields().len(), 44);
    assert_eq!(t.fields()[0].name, "MessageId");
    assert_eq!(t.fields()[0].ty, prim(Primitive::Int64));
    assert_eq!(
        t.fields()[0].description.as_deref(),
        Some("The unique id for the message, in scope of a site (itslearning customer)")
    );
    assert_eq!(
        t.field("MessageThreadParticipants").unwrap().ty,
        TypeRef::array(named("InstantMessageParticipant"))
    );
    assert_eq!(t.field("Created").unwrap().ty, prim(Primitive::DateTime));
    assert_eq!(
        t.field("OriginInstantMessage").unwrap().ty,
        named("InstantMessage")
    );
    assert_eq!(t.fields()[43].name, "CreatedLocalShortNumericDate");
    // The participant type has no page: its properties are read from the samples (JSON order,
    // types from the generated values), with a warning saying so.
    let id = format!("{ENTITIES}.InstantMessageParticipant");
    let t = api.type_named(&id).unwrap();
    let fields = field_types(t);
    assert_eq!(
        fields,
        [
            ("PersonId", prim(Primitive::Integer)),
            ("Name", prim(Primitive::String)),
            ("AvatarUrl", prim(Primitive::String)),
            ("LocationType", prim(Primitive::Integer)),
            ("LocationId", prim(Primitive::Integer)),
        ]
    );
    let d = api
        .diagnostics
        .iter()
        .find(|d| {
            d.message
                .contains(&format!("type `{id}` has no ResourceModel page"))
        })
        .unwrap();
    assert_eq!(d.severity, Severity::Warning);
    assert!(d
        .message
        .contains("(PersonId, Name, AvatarUrl, LocationType, LocationId)"));
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn delete_broadcast_takes_collection_of_integer_and_returns_undocumented() {
    let Some(api) = alone("003") else { return };
    let op = api
        .operation(
            Method::Delete,
            "/restapi/personal/instantmessages/broadcast/v1",
        )
        .unwrap();
    let body = op.request_body.as_ref().unwrap();
    assert_eq!(body.ty, TypeRef::array(prim(Primitive::Integer)));
    assert_eq!(
        body.xml_root,
        Some(XmlName {
            name: "ArrayOfint".into(),
            namespace: Some("http://schemas.microsoft.com/2003/10/Serialization/Arrays".into())
        })
    );
    assert_eq!(
        body.media_types[0].example.as_ref().unwrap().value,
        "[\n  1,\n  2\n]"
    );
    let form = body
        .media_types
        .iter()
        .find(|m| m.name == "application/x-www-form-urlencoded")
        .unwrap();
    assert_eq!(
        (form.example.as_ref(), form.note.as_deref()),
        (None, Some("No sample available"))
    );
    assert_eq!(
        op.response(200).unwrap().content,
        ResponseContent::Undocumented {
            reason: "IHttpActionResult".into()
        }
    );
    assert!(api.types.is_empty());
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn get_messages_v2_splits_path_and_query_parameters() {
    let Some(api) = alone("004") else { return };
    let op = api
        .operation(
            Method::Get,
            "/restapi/personal/instantmessages/messagethreads/{threadId}/messages/v2",
        )
        .unwrap();
    assert_eq!(
        op.summary.as_deref(),
        Some("Gets the messages in a specific thread.")
    );
    assert_eq!(
        op.description.as_deref(),
        Some("Gets the messages in a specific thread. The impersonated user need to be a member of the thread. One cannot use both lowerBoundInstantMessageId and upperBoundInstantMessageId")
    );
    let ps: Vec<_> = op
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.location, p.ty.clone(), p.required))
        .collect();
    assert_eq!(
        ps,
        [
            (
                "threadId",
                ParamLocation::Path,
                prim(Primitive::Integer),
                true
            ),
            (
                "maxMessages",
                ParamLocation::Query,
                prim(Primitive::Integer),
                false
            ),
            (
                "upperBoundInstantMessageId",
                ParamLocation::Query,
                prim(Primitive::Int64),
                false
            ),
            (
                "lowerBoundInstantMessageId",
                ParamLocation::Query,
                prim(Primitive::Int64),
                false
            ),
        ]
    );
    // The default here is prose in the description, not an annotation.
    assert!(op.parameters[1].constraints.default.is_none());
    let ResponseContent::Body { body } = &op.response(200).unwrap().content else {
        panic!()
    };
    let list = format!("EntityListOf{ENTITIES}.InstantMessage");
    assert_eq!(body.ty, TypeRef::named(&list));
    assert_eq!(
        body.xml_root,
        Some(XmlName {
            name: "EntityList".into(),
            namespace: None
        })
    );
    assert_eq!(
        op.responses[0].description.as_deref(),
        Some("List of InstantMessage entities")
    );
    let t = api.type_named(&list).unwrap();
    let fields = field_types(t);
    assert_eq!(
        fields,
        [
            ("EntityArray", TypeRef::array(named("InstantMessage"))),
            ("Total", prim(Primitive::Integer)),
            ("CurrentPageIndex", prim(Primitive::Integer)),
            ("PageSize", prim(Primitive::Integer)),
        ]
    );
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn participants_defaults_are_read_from_annotations() {
    let Some(api) = alone("005") else { return };
    let op = api
        .operation(
            Method::Get,
            "/restapi/personal/courses/{courseId}/participants/v1",
        )
        .unwrap();
    let names: Vec<_> = op.parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "courseId",
            "PageIndex",
            "PageSize",
            "courseProfileId",
            "searchText",
            "orderByField",
            "orderAscending"
        ]
    );
    let order = op.parameter("orderByField").unwrap();
    assert_eq!(order.constraints.default.as_deref(), Some("fullName"));
    assert!(!order.required);
    let asc = op.parameter("orderAscending").unwrap();
    assert_eq!(asc.ty, prim(Primitive::Boolean));
    assert_eq!(asc.constraints.default.as_deref(), Some("True"));
    assert_eq!(op.parameter("PageIndex").unwrap().description, None);
    let ResponseContent::Body { body } = &op.response(200).unwrap().content else {
        panic!()
    };
    assert_eq!(
        body.ty,
        TypeRef::named(&format!(
            "EntityListOf{ENTITIES}.Personal.Course.CourseParticipant"
        ))
    );
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn put_bulletins_has_collections_and_an_undocumented_response() {
    let Some(api) = alone("006") else { return };
    let op = api
        .operation(Method::Put, "/restapi/personal/courses/bulletins/v1")
        .unwrap();
    let body = op.request_body.as_ref().unwrap();
    let name = format!("{ENTITIES}.Updatable.LightBulletin.LightBulletinUpdateInputDataV1");
    assert_eq!(body.ty, TypeRef::named(&name));
    assert_eq!(
        body.description.as_deref(),
        Some("Represents data for a single bulletin item for update")
    );
    assert_eq!(
        body.xml_root,
        Some(XmlName {
            name: "LightBulletinUpdateInputDataV1".into(),
            namespace: None
        })
    );
    let t = api.type_named(&name).unwrap();
    assert_eq!(t.fields().len(), 9);
    assert_eq!(
        t.field("ElementIdsToDetach").unwrap().ty,
        TypeRef::array(prim(Primitive::Integer))
    );
    assert_eq!(
        t.field("AttachedImages").unwrap().ty,
        TypeRef::array(named(
            "Updatable.LightBulletin.LightBulletinInputImageDataV1"
        ))
    );
    assert_eq!(
        t.field("ActiveToDate").unwrap().ty,
        prim(Primitive::DateTime)
    );
    let r = op.response(200).unwrap();
    assert_eq!(r.description.as_deref(), Some("Light bulletin id"));
    assert_eq!(
        r.content,
        ResponseContent::Undocumented {
            reason: "HttpResponseMessage".into()
        }
    );
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn put_custom_label_learns_camel_case_json_names_and_void_response() {
    let Some(api) = alone("007") else { return };
    let op = api
        .operation(Method::Put, "/restapi/administration/customlabels/{id}/v1")
        .unwrap();
    let t = api
        .type_named("Itsolutions.Itslearning.Web.Areas.Administration.CustomLabels.Models.AddEditCustomLabelRequest")
        .unwrap();
    let names = json_keys(t);
    assert_eq!(
        names,
        [
            ("Id", "id"),
            ("Name", "name"),
            ("Description", "description"),
            ("Color", "color")
        ]
    );
    assert_eq!(op.responses.len(), 1);
    assert_eq!(op.responses[0].status, 204);
    assert_eq!(op.responses[0].content, ResponseContent::Empty);
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn post_notifications_has_dictionary_and_complex_fields() {
    let Some(api) = alone("008") else { return };
    let op = api
        .operation(Method::Post, "/restapi/personal/notifications/posts/v1")
        .unwrap();
    let t = api
        .type_named(&format!("{ENTITIES}.PersonalNotificationsPostV1"))
        .unwrap();
    let fields = field_types(t);
    assert_eq!(
        fields,
        [
            ("Message", prim(Primitive::String)),
            (
                "LocalizedMessages",
                TypeRef::map(TypeRef::string(), TypeRef::string())
            ),
            ("NotificationType", prim(Primitive::String)),
            ("Object", named("TypedId")),
            ("Locations", TypeRef::array(named("TypedId"))),
            ("Url", prim(Primitive::String)),
            ("ToPersonIds", TypeRef::array(prim(Primitive::Integer))),
        ]
    );
    assert!(t
        .field("LocalizedMessages")
        .unwrap()
        .description
        .as_deref()
        .unwrap()
        .contains("\"en-GB\""));
    assert_eq!(
        op.request_body.as_ref().unwrap().description.as_deref(),
        Some("The notifications.")
    );
    assert_eq!(
        op.response(200).unwrap().content,
        ResponseContent::Undocumented {
            reason: "HttpResponseMessage".into()
        }
    );
    // TypedId has no page: read from the samples. HttpResponseMessage's table (Version,
    // HttpContent...) is not a model.
    let typed = api.type_named(&format!("{ENTITIES}.TypedId")).unwrap();
    let fields = field_types(typed);
    assert_eq!(
        fields,
        [("Type", TypeRef::string()), ("Id", TypeRef::string())]
    );
    assert!(api.type_named("System.Version").is_none());
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn post_zip_response_has_guid_and_namespace() {
    let Some(api) = alone("009") else { return };
    let op = api
        .operation(Method::Post, "/restapi/personal/yourfiles/files/zip/v1")
        .unwrap();
    let req = format!("{ENTITIES}.YourFiles.ZipRequest");
    assert_eq!(op.request_body.as_ref().unwrap().ty, TypeRef::named(&req));
    let ResponseContent::Body { body } = &op.response(200).unwrap().content else {
        panic!()
    };
    let job = format!("{ENTITIES}.YourFiles.ZipFileJobModel");
    assert_eq!(body.ty, TypeRef::named(&job));
    assert_eq!(
        op.responses[0].description.as_deref(),
        Some("The zip file job")
    );
    let t = api.type_named(&job).unwrap();
    assert_eq!(t.field("FileRepoId").unwrap().ty, prim(Primitive::Uuid));
    assert_eq!(
        t.xml.as_ref().unwrap().namespace.as_deref(),
        Some("http://schemas.datacontract.org/2004/07/Itslearning.RestApi.Entities.YourFiles")
    );
    // Samples never become enum members: a GUID and counters are placeholders.
    assert!(api
        .types
        .values()
        .all(|t| !matches!(t.kind, TypeKind::Enum { .. })));
}

fn members(api: &Api, name: &str) -> Vec<(String, String)> {
    match &api.type_named(name).unwrap().kind {
        TypeKind::Enum {
            repr: EnumRepr::Integer,
            members,
            complete: true,
        } => members
            .iter()
            .map(|m| (m.name.clone(), m.value.clone()))
            .collect(),
        other => panic!("{other:?}"),
    }
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn enum_resource_models_keep_members_values_and_order() {
    let Some(api) = alone("010") else { return };
    let m = members(&api, "Itslearning.FileRepo.Common.Models.SourceType");
    let want = [
        "Dropbox",
        "GoogleDrive",
        "OneDriveForBusiness",
        "AjaxUploader",
        "OneDrivePersonal",
        "WebDav",
        "Ziggeo",
        "YourFiles",
    ];
    assert_eq!(m.len(), 8);
    for (i, (name, value)) in m.iter().enumerate() {
        assert_eq!(
            (name.as_str(), value.as_str()),
            (want[i], (i + 1).to_string().as_str())
        );
    }
    assert!(api.operations.is_empty());
    let t = api
        .type_named("Itslearning.FileRepo.Common.Models.SourceType")
        .unwrap();
    assert_eq!(t.provenance[0].line, Some(25));
    let Some(api) = alone("011") else { return };
    let m = members(
        &api,
        "Itslearning.Platform.RestApi.Sdk.Common.Entities.ElementCompletionMode",
    );
    assert_eq!(
        m,
        [
            ("NotApplicable".to_string(), "1".to_string()),
            ("RequiresSubmission".into(), "2".into()),
            ("ManualByTeacher".into(), "3".into()),
            ("ManualByStudent".into(), "4".into())
        ]
    );
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn generic_and_dictionary_resource_models() {
    let Some(api) = alone("012") else { return };
    let name = format!("EntityListOf{ENTITIES}.AggregatedOrganisation");
    let t = api.type_named(&name).unwrap();
    assert_eq!(t.fields().len(), 4);
    assert_eq!(
        t.fields()[0].ty,
        TypeRef::array(named("AggregatedOrganisation"))
    );
    assert_eq!(
        api.type_named(&format!("{ENTITIES}.AggregatedOrganisation"))
            .unwrap()
            .kind,
        TypeKind::Placeholder
    );
    // The warning names the page that would describe it.
    let d: Vec<_> = api
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("AggregatedOrganisation`"))
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Warning);
    assert!(d[0].message.contains(&format!(
        "is used by type {name} but no page describes it (its page would be /Help/ResourceModel?modelName={ENTITIES}.AggregatedOrganisation) and no sample shows it"
    )));

    let Some(api) = alone("013") else { return };
    let t = api
        .type_named("System.Net.Http.HttpRequestMessage")
        .unwrap();
    let fields = field_types(t);
    assert_eq!(
        fields,
        [
            ("Version", TypeRef::named("System.Version")),
            ("Content", TypeRef::named("System.Net.Http.HttpContent")),
            ("Method", TypeRef::named("System.Net.Http.HttpMethod")),
            ("RequestUri", prim(Primitive::Uri)),
            ("Headers", TypeRef::array(TypeRef::Any)),
            ("Properties", TypeRef::map(TypeRef::string(), TypeRef::Any)),
        ]
    );

    let Some(api) = alone("014") else { return };
    let t = api
        .type_named(&format!("{ENTITIES}.PersonalNotificationsPostV1"))
        .unwrap();
    assert_eq!(
        t.description.as_deref(),
        Some("Represents a notification to be sent to the bell for specific persons.")
    );
    assert_eq!(t.fields().len(), 7);
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn the_fourteen_pages_form_one_api() {
    let Some(api) = site() else { return };
    assert!(!api.has_errors());
    assert_eq!(api.title, "Itslearning API");
    assert_eq!(api.base_urls, ["https://www.itslearning.com"]);
    assert_eq!(api.operations.len(), 365);
    assert_eq!(api.groups.len(), 50);
    // Index facts (group = controller) merged with the API pages' facts.
    let op = api
        .operation(
            Method::Get,
            "/restapi/personal/instantmessages/messagethreads/{threadId}/messages/v2",
        )
        .unwrap();
    assert_eq!(op.group.as_deref(), Some("InstantMessage"));
    assert_eq!(
        op.parameter("threadId").unwrap().ty,
        prim(Primitive::Integer)
    );
    assert_eq!(op.provenance.len(), 2);
    let op = api
        .operation(Method::Post, "/restapi/personal/notifications/posts/v1")
        .unwrap();
    assert_eq!(op.group.as_deref(), Some("NotificationsPost"));
    // A type used on an API page and described by its ResourceModel page is one type.
    let t = api
        .type_named(&format!("{ENTITIES}.PersonalNotificationsPostV1"))
        .unwrap();
    assert_eq!(
        t.description.as_deref(),
        Some("Represents a notification to be sent to the bell for specific persons.")
    );
    assert_eq!(t.fields().len(), 7);
    assert_eq!(t.xml.as_ref().unwrap().name, "PersonalNotificationsPostV1");
    assert_eq!(t.provenance.len(), 2);
    // Enums, generics and the dictionary page.
    assert_eq!(
        members(&api, "Itslearning.FileRepo.Common.Models.SourceType").len(),
        8
    );
    assert_eq!(
        members(
            &api,
            "Itslearning.Platform.RestApi.Sdk.Common.Entities.ElementCompletionMode"
        )
        .len(),
        4
    );
    for generic in [
        "AggregatedOrganisation",
        "InstantMessage",
        "Personal.Course.CourseParticipant",
    ] {
        let t = api
            .type_named(&format!("EntityListOf{ENTITIES}.{generic}"))
            .unwrap();
        assert_eq!(
            t.fields()[0].ty,
            TypeRef::array(named(generic)),
            "{generic}"
        );
    }
    let props = api
        .type_named("System.Net.Http.HttpRequestMessage")
        .unwrap();
    assert_eq!(
        props.field("Properties").unwrap().ty,
        TypeRef::map(TypeRef::string(), TypeRef::Any)
    );
    // Every referenced type exists (placeholders included): nothing dangles.
    for t in api.types.values() {
        for f in t.fields() {
            for id in f.ty.named_ids() {
                assert!(api.types.contains_key(id), "{id}");
            }
        }
    }
    let placeholders: Vec<_> = api
        .types
        .values()
        .filter(|t| t.kind == TypeKind::Placeholder)
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        placeholders,
        [
            "Itslearning.RestApi.Entities.AggregatedOrganisation",
            "System.Net.Http.HttpContent",
            "System.Net.Http.HttpMethod",
            "System.Version",
        ]
    );
    // Types without a page that the samples show are read from them.
    let participant = api
        .type_named(&format!("{ENTITIES}.Personal.Course.CourseParticipant"))
        .unwrap();
    let fields = field_types(participant);
    assert_eq!(
        fields,
        [
            ("PersonId", prim(Primitive::Integer)),
            ("FullName", prim(Primitive::String)),
            ("LastVisited", prim(Primitive::DateTime)),
            ("LastVisitedRelative", prim(Primitive::String)),
            ("PictureUrl", prim(Primitive::String)),
            ("Role", prim(Primitive::String)),
            ("RoleId", prim(Primitive::Integer)),
            ("CompletedTasks", prim(Primitive::Integer)),
            ("TotalTasks", prim(Primitive::Integer)),
            ("ExtraInformation", prim(Primitive::String)),
            ("CanHaveTasks", prim(Primitive::Boolean)),
            ("Groups", prim(Primitive::String)),
            ("TemporaryAccess", prim(Primitive::Boolean)),
        ]
    );
    let image = api
        .type_named(&format!(
            "{ENTITIES}.Updatable.LightBulletin.LightBulletinInputImageDataV1"
        ))
        .unwrap();
    let fields = field_types(image);
    assert_eq!(
        fields,
        [
            ("PreviewFile", TypeRef::Any),
            ("OriginalFile", TypeRef::Any)
        ]
    );
    // The index covers every API page: only 357 operations remain index-only.
    assert!(api.diagnostics.iter().any(|d| d
        .message
        .starts_with("357 operation(s) of this index have no API page")));
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn site_parse_is_deterministic() {
    let (Some(a), Some(b)) = (site(), site()) else {
        return;
    };
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
}

/// A compact fact sheet of the site model (operations with group and parameters, types with
/// their kind and fields, diagnostics), reviewed as a snapshot.
fn fact_sheet(api: &Api) -> String {
    use std::fmt::Write;
    let ty = |t: &TypeRef| serde_json::to_string(t).unwrap();
    let mut out = String::new();
    writeln!(
        out,
        "title: {}\nbase_urls: {:?}\ngroups: {}",
        api.title,
        api.base_urls,
        api.groups.len()
    )
    .unwrap();
    for op in &api.operations {
        let params: Vec<String> = op
            .parameters
            .iter()
            .map(|p| format!("{}:{:?}:{}", p.name, p.location, ty(&p.ty)))
            .collect();
        let body = op
            .request_body
            .as_ref()
            .map(|b| ty(&b.ty))
            .unwrap_or_default();
        let responses: Vec<String> = op
            .responses
            .iter()
            .map(|r| match &r.content {
                ResponseContent::Body { body } => format!("{} {}", r.status, ty(&body.ty)),
                other => format!("{} {}", r.status, serde_json::to_string(other).unwrap()),
            })
            .collect();
        writeln!(
            out,
            "{} [{}] params={} body={} responses={}",
            op.key(),
            op.group.as_deref().unwrap_or("-"),
            params.join(","),
            body,
            responses.join(";")
        )
        .unwrap();
    }
    for t in api.types.values() {
        match &t.kind {
            TypeKind::Object { fields } => {
                writeln!(out, "type {} object", t.name).unwrap();
                for f in fields {
                    writeln!(out, "  {} ({}) {}", f.name, f.json_key(), ty(&f.ty)).unwrap();
                }
            }
            TypeKind::Enum {
                repr,
                members,
                complete,
            } => {
                let m: Vec<String> = members
                    .iter()
                    .map(|m| format!("{}={}", m.name, m.value))
                    .collect();
                writeln!(
                    out,
                    "type {} enum {:?} complete={} {}",
                    t.name,
                    repr,
                    complete,
                    m.join(",")
                )
                .unwrap();
            }
            other => writeln!(
                out,
                "type {} {}",
                t.name,
                serde_json::to_string(other).unwrap()
            )
            .unwrap(),
        }
    }
    for d in &api.diagnostics {
        writeln!(out, "{d}").unwrap();
    }
    out
}

#[test]
#[cfg_attr(
    conformance_missing,
    ignore = "../shared/conformance/aspnet-html not found"
)]
fn site_fact_sheet_snapshot() {
    let Some(api) = site() else { return };
    insta::assert_snapshot!("aspnet_itslearning_site_facts", fact_sheet(&api));
}
