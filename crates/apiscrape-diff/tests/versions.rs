//! Semver rules and renderings, on models built in code.

use apiscrape_diff::{diff, Bump, ChangeKind, Impact};
use apiscrape_model::{
    Api, Bound, EnumMember, EnumRepr, Field, Method, NamedType, Number, Operation, ParamLocation,
    Parameter, Primitive, TypeKind, TypeRef,
};

fn base() -> Api {
    let mut api = Api::new("T");
    let mut op = Operation::new(Method::Get, "/things/{id}");
    op.parameters.push(Parameter::new(
        "id",
        ParamLocation::Path,
        TypeRef::primitive(Primitive::Int32),
    ));
    api.operations.push(op);
    let mut color = NamedType::new(
        "Color",
        TypeKind::Enum {
            repr: EnumRepr::Integer,
            members: vec![EnumMember {
                name: "Red".into(),
                value: "0".into(),
                description: None,
            }],
            complete: true,
        },
    );
    color.description = Some("A color".into());
    api.types.insert(color.id(), color);
    api
}

#[test]
fn no_change_no_bump() {
    let d = diff(&base(), &base());
    assert!(d.is_empty());
    assert_eq!(d.bump(), Bump::None);
    assert_eq!(d.next_version("1.2.3").as_deref(), Some("1.2.3"));
    assert_eq!(d.to_text(), "no API changes\n");
}

#[test]
fn pre_1_0_rules_and_1_0_rules() {
    let mut new = base();
    new.operations.clear();
    let breaking = diff(&base(), &new);
    assert_eq!(breaking.bump(), Bump::Major);
    assert_eq!(breaking.next_version("0.4.7").as_deref(), Some("0.5.0"));
    assert_eq!(breaking.next_version("2.4.7").as_deref(), Some("3.0.0"));
    assert_eq!(breaking.next_version("2.4"), None);

    let mut new = base();
    new.operations.push(Operation::new(Method::Post, "/things"));
    let compatible = diff(&base(), &new);
    assert_eq!(compatible.bump(), Bump::Minor);
    assert_eq!(compatible.next_version("0.4.7").as_deref(), Some("0.4.8"));
    assert_eq!(compatible.next_version("2.4.7").as_deref(), Some("2.5.0"));

    let mut new = base();
    new.types.values_mut().next().unwrap().description = Some("A colour".into());
    let docs = diff(&base(), &new);
    assert_eq!(docs.bump(), Bump::Patch);
    assert_eq!(docs.next_version("2.4.7").as_deref(), Some("2.4.8"));
}

#[test]
fn every_output_format_names_the_change() {
    let mut new = base();
    let op = &mut new.operations[0];
    op.parameters[0].constraints.minimum = Some(Bound::inclusive(Number("1".into())));
    let mut top = Parameter::new(
        "$top",
        ParamLocation::Query,
        TypeRef::primitive(Primitive::Int32),
    );
    top.required = true;
    op.parameters.push(top);
    if let TypeKind::Enum { members, .. } = &mut new.types.values_mut().next().unwrap().kind {
        members.push(EnumMember {
            name: "Blue".into(),
            value: "1".into(),
            description: None,
        });
    }
    let mut obj = NamedType::new(
        "Thing",
        TypeKind::Object {
            fields: vec![Field::new("Name", TypeRef::string())],
        },
    );
    obj.description = None;
    new.types.insert(obj.id(), obj);
    let d = diff(&base(), &new);
    let kinds: Vec<_> = d.changes.iter().map(|c| (c.impact, c.kind)).collect();
    assert_eq!(
        kinds,
        [
            (Impact::Breaking, ChangeKind::ParameterAdded),
            (Impact::Breaking, ChangeKind::ConstraintTightened),
            (Impact::Compatible, ChangeKind::EnumMemberAdded),
            (Impact::Compatible, ChangeKind::TypeAdded),
        ]
    );
    assert_eq!(
        d.to_text(),
        "4 API change(s): 2 breaking, 2 compatible, 0 documentation; semver bump: major (pre-1.0: minor)\n\
         \x20 breaking      GET /things/{id}: required query parameter `$top` added (existing calls do not send it)\n\
         \x20 breaking      GET /things/{id}: path parameter `id`: constraints tightened (minimum none -> 1) (values that were valid before are now rejected)\n\
         \x20 compatible    type Color: member `Blue` added (decoding already falls back to the Unknown variant for new values)\n\
         \x20 compatible    type Thing: type added (a new generated type; existing code is unaffected)\n"
    );
    let md = d.to_markdown();
    assert!(md.contains("#### Breaking changes\n\n- `GET /things/{id}`: required query parameter `$top` added — existing calls do not send it\n"), "{md}");
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(json["changes"][0]["kind"], "parameter_added");
    assert_eq!(json["changes"][0]["impact"], "breaking");
}
