//! Strategies for arbitrary models, shared by the property test (`arbitrary_models.rs`) and
//! the build test (`build_clients.rs`, which compiles a few seeded draws).

use apiscrape_model::{
    Api, Body, Bound, Constraints, EnumMember, EnumRepr, ErrorCode, Field, Group, Method,
    NamedType, Number, Operation, ParamLocation, Parameter, Primitive, Response, ResponseContent,
    TypeKind, TypeRef,
};
use proptest::prelude::*;

pub const PRIMITIVES: [Primitive; 22] = [
    Primitive::Integer,
    Primitive::Int32,
    Primitive::Int64,
    Primitive::UnsignedInteger,
    Primitive::Uint32,
    Primitive::Uint64,
    Primitive::Byte,
    Primitive::SignedByte,
    Primitive::Number,
    Primitive::Float,
    Primitive::Double,
    Primitive::Decimal,
    Primitive::Boolean,
    Primitive::String,
    Primitive::Char,
    Primitive::Date,
    Primitive::DateTime,
    Primitive::Time,
    Primitive::Duration,
    Primitive::Uuid,
    Primitive::Uri,
    Primitive::Binary,
];

/// Names the generated crate uses itself (modules, files, dependency crates, built-in crates,
/// the crate name the tests generate under) and keywords: every one must be usable as a
/// group, type, field, parameter or operation name.
pub const RESERVED: &[&str] = &[
    "lib",
    "main",
    "mod",
    "time",
    "chrono",
    "serde",
    "serde_json",
    "reqwest",
    "tokio",
    "thiserror",
    "percent_encoding",
    "httpdate",
    "rust_decimal",
    "uuid",
    "regex",
    "base64",
    "quick_xml",
    "client",
    "blocking",
    "error",
    "error_codes",
    "models",
    "support",
    "xml",
    "types",
    "other",
    "default",
    "std",
    "core",
    "alloc",
    "crate",
    "self",
    "Self",
    "super",
    "type",
    "fn",
    "match",
    "async",
    "gen",
    "Result",
    "Error",
    "Client",
    "arbitrary",
    "send",
    "exchange",
    "block_on",
    "Future",
];

pub fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z][A-Za-z0-9_]{0,8}",
        3 => proptest::sample::select(RESERVED).prop_map(str::to_string),
        1 => "\\PC{0,6}",
        1 => Just("type".to_string()),
        1 => Just("Self".to_string()),
        1 => Just("PhoneID".to_string()),
        1 => Just("phone_id".to_string()),
        1 => Just("Unknown".to_string()),
        1 => Just("3D".to_string()),
        1 => Just("x²".to_string()),
        1 => Just("".to_string()),
    ]
}

pub fn text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("\\PC{0,40}|.*[<>\\[\\]`*#|&].*|    indented\n```\ncode")
}

pub fn number() -> impl Strategy<Value = Number> {
    prop_oneof![
        (-1_000_000i64..1_000_000).prop_map(|n| Number(n.to_string())),
        Just(Number("1e999".into())),
        Just(Number("-0.001".into())),
        Just(Number("99999999999999999999999999999999999999".into())),
        "[0-9.e-]{0,6}".prop_map(Number),
    ]
}

pub fn constraints() -> impl Strategy<Value = Constraints> {
    (
        proptest::option::of((number(), any::<bool>())),
        proptest::option::of((number(), any::<bool>())),
        proptest::option::of(0u64..50),
        proptest::option::of(0u64..50),
        proptest::option::of(prop_oneof![
            Just("^[A-Z]{3}$".to_string()),
            Just("^(?=a)b$".to_string()),
            Just("[".to_string()),
            "\\PC{0,8}",
        ]),
        proptest::collection::vec("\\PC{0,5}", 0..3),
        proptest::option::of("\\PC{0,5}"),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(min, max, min_len, max_len, pattern, allowed, default, read_only, unique)| {
                Constraints {
                    minimum: min.map(|(value, exclusive)| Bound { value, exclusive }),
                    maximum: max.map(|(value, exclusive)| Bound { value, exclusive }),
                    min_length: min_len,
                    max_length: max_len,
                    pattern,
                    allowed_values: allowed,
                    default,
                    read_only,
                    unique_items: unique,
                    ..Constraints::default()
                }
            },
        )
}

pub fn type_ref(names: Vec<String>) -> impl Strategy<Value = TypeRef> {
    let leaf = prop_oneof![
        proptest::sample::select(PRIMITIVES.to_vec()).prop_map(TypeRef::primitive),
        proptest::sample::select(names).prop_map(|n| TypeRef::named(&n)),
        Just(TypeRef::Any),
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            inner.clone().prop_map(TypeRef::array),
            (inner.clone(), inner.clone()).prop_map(|(k, v)| TypeRef::map(k, v)),
            (inner.clone(), inner).prop_map(|(k, v)| TypeRef::Pair {
                key: Box::new(k),
                value: Box::new(v)
            }),
        ]
    })
}

pub fn field(names: Vec<String>) -> impl Strategy<Value = Field> {
    (
        name(),
        proptest::option::of(name()),
        type_ref(names),
        any::<bool>(),
        proptest::option::of(any::<bool>()),
        constraints(),
        text(),
    )
        .prop_map(
            |(n, json, ty, required, nullable, constraints, description)| {
                let mut f = Field::new(n, ty);
                f.json_name = json;
                f.required = required;
                f.nullable = nullable;
                f.constraints = constraints;
                f.description = description;
                f
            },
        )
}

pub fn kind(names: Vec<String>) -> impl Strategy<Value = TypeKind> {
    prop_oneof![
        // One wire key per field: two fields of one object cannot share a JSON key.
        proptest::collection::vec(field(names.clone()), 0..5).prop_map(|fields| {
            let mut keys = std::collections::BTreeSet::new();
            let fields = fields
                .into_iter()
                .filter(|f| keys.insert(f.json_key().to_string()))
                .collect();
            TypeKind::Object { fields }
        }),
        (
            any::<bool>(),
            proptest::collection::vec((name(), prop_oneof!["-?[0-9]{1,3}", "\\PC{0,4}"]), 0..4),
            any::<bool>()
        )
            .prop_map(|(int, members, complete)| TypeKind::Enum {
                repr: if int {
                    EnumRepr::Integer
                } else {
                    EnumRepr::String
                },
                members: members
                    .into_iter()
                    .map(|(name, value)| EnumMember {
                        name,
                        value,
                        description: None
                    })
                    .collect(),
                complete,
            }),
        type_ref(names).prop_map(|target| TypeKind::Alias { target }),
        Just(TypeKind::Placeholder),
    ]
}

pub fn parameter(names: Vec<String>) -> impl Strategy<Value = Parameter> {
    (
        name(),
        proptest::sample::select(vec![
            ParamLocation::Path,
            ParamLocation::Query,
            ParamLocation::Header,
        ]),
        type_ref(names),
        any::<bool>(),
        constraints(),
        text(),
    )
        .prop_map(|(n, location, ty, required, constraints, description)| {
            let mut p = Parameter::new(n, location, ty);
            p.required |= required;
            p.constraints = constraints;
            p.description = description;
            p
        })
}

pub fn operation(names: Vec<String>, groups: Vec<String>) -> impl Strategy<Value = Operation> {
    (
        proptest::sample::select(Method::ALL.to_vec()),
        proptest::collection::vec(
            prop_oneof!["[a-z-]{1,6}", "\\{[A-Za-z]{1,5}\\}", "\\PC{0,4}"],
            0..4,
        ),
        proptest::option::of(prop_oneof![
            3 => "[a-zA-Z ]{0,12}",
            1 => proptest::sample::select(RESERVED).prop_map(str::to_string),
        ]),
        (
            proptest::collection::vec(parameter(names.clone()), 0..4),
            proptest::option::of((
                name(),
                proptest::sample::select(vec![
                    Primitive::Date,
                    Primitive::DateTime,
                    Primitive::Time,
                ]),
            )),
        ),
        proptest::option::of((
            type_ref(names.clone()),
            any::<bool>(),
            proptest::option::of(name()),
        )),
        proptest::option::of((200u16..300, type_ref(names), proptest::option::of(name()))),
        proptest::collection::vec(("[0-9]{1,6}|\\PC{0,3}", 400u16..600, "\\PC{0,20}"), 0..3),
        proptest::option::of(proptest::sample::select(groups)),
        text(),
    )
        .prop_map(
            |(
                method,
                mut segments,
                id,
                (parameters, dated),
                body,
                response,
                codes,
                group,
                summary,
            )| {
                let mut parameters = parameters;
                // A date-typed path parameter, written into the path template.
                if let Some((name, primitive)) = dated {
                    segments.push(format!("{{{name}}}"));
                    let mut p =
                        Parameter::new(name, ParamLocation::Path, TypeRef::primitive(primitive));
                    p.required = true;
                    parameters.push(p);
                }
                let mut op = Operation::new(method, format!("/{}", segments.join("/")));
                op.operation_id = id.filter(|s| !s.trim().is_empty());
                op.parameters = parameters;
                op.request_body = body.map(|(ty, required, wrapper)| {
                    let mut b = Body::new(ty);
                    b.required = required;
                    b.json_wrapper = wrapper;
                    b
                });
                if let Some((status, ty, wrapper)) = response {
                    let mut b = Body::new(ty);
                    b.json_wrapper = wrapper;
                    op.responses.push(Response {
                        status,
                        description: None,
                        content: ResponseContent::Body { body: b },
                    });
                }
                op.error_codes = codes
                    .into_iter()
                    .map(|(code, status, message)| ErrorCode {
                        code,
                        status,
                        message,
                    })
                    .collect();
                op.group = group;
                op.summary = summary;
                op
            },
        )
}

pub fn api() -> impl Strategy<Value = Api> {
    (
        proptest::collection::vec(name(), 1..5),
        proptest::collection::vec(name(), 0..3),
    )
        .prop_flat_map(|(names, groups)| {
            let groups_or_default = if groups.is_empty() {
                vec!["G".to_string()]
            } else {
                groups.clone()
            };
            (
                Just(names.clone()),
                proptest::collection::vec(kind(names.clone()), names.len()),
                proptest::collection::vec(operation(names, groups_or_default), 0..5),
                Just(groups),
                "\\PC{0,10}",
            )
                .prop_map(|(names, kinds, operations, groups, title)| {
                    let mut api = Api::new(title);
                    for (n, k) in names.into_iter().zip(kinds) {
                        let t = NamedType::new(n.clone(), k);
                        api.types.insert(t.id(), t);
                    }
                    api.groups = groups
                        .into_iter()
                        .map(|name| Group {
                            name,
                            description: None,
                        })
                        .collect();
                    api.operations = operations;
                    api.normalize();
                    // One operation per method and path, as `finish` requires (the parsers
                    // merge what pages say of one operation).
                    api.operations
                        .dedup_by(|b, a| a.method == b.method && a.path == b.path);
                    // Ids set before finishing are unique in every finishable model: a repeated
                    // one is dropped (and derived by `finish`), as a config would be fixed.
                    let mut seen = std::collections::BTreeSet::new();
                    for op in &mut api.operations {
                        if let Some(id) = &op.operation_id {
                            if !seen.insert(id.clone()) {
                                op.operation_id = None;
                            }
                        }
                    }
                    api
                })
        })
}

/// A model whose every group, type, field, parameter and operation takes a name of
/// [`RESERVED`], each operation with a date-typed path parameter (`Date`, `DateTime`, `Time`
/// in turn) and a body and response of a type named like a reserved word.
pub fn reserved_names_api() -> Api {
    let mut api = Api::new("Reserved");
    api.base_urls.push("https://api.example.com".into());
    let dates = [Primitive::Date, Primitive::DateTime, Primitive::Time];
    for (i, word) in RESERVED.iter().enumerate() {
        let fields = RESERVED
            .iter()
            .take(4)
            .enumerate()
            .map(|(j, f)| {
                let ty = TypeRef::primitive(dates[(i + j) % dates.len()]);
                Field::new(
                    *f,
                    if j == 0 {
                        TypeRef::primitive(Primitive::String)
                    } else {
                        ty
                    },
                )
            })
            .collect();
        let t = NamedType::new(*word, TypeKind::Object { fields });
        api.types.insert(t.id(), t);
        api.groups.push(Group {
            name: (*word).to_string(),
            description: None,
        });
        let mut op = Operation::new(Method::Post, format!("/{word}/{{{word}}}"));
        op.operation_id = Some((*word).to_string());
        op.group = Some((*word).to_string());
        let mut p = Parameter::new(
            *word,
            ParamLocation::Path,
            TypeRef::primitive(dates[i % dates.len()]),
        );
        p.required = true;
        op.parameters.push(p);
        op.parameters.push(Parameter::new(
            RESERVED[(i + 1) % RESERVED.len()],
            ParamLocation::Query,
            TypeRef::primitive(dates[(i + 1) % dates.len()]),
        ));
        let mut body = Body::new(TypeRef::named(word));
        body.required = true;
        op.request_body = Some(body);
        op.responses.push(Response {
            status: 200,
            description: None,
            content: ResponseContent::Body {
                body: Body::new(TypeRef::named(RESERVED[(i + 2) % RESERVED.len()])),
            },
        });
        api.operations.push(op);
    }
    api.normalize();
    api
}
