//! What the generated client cannot do exactly as documented, reported as model
//! [`Diagnostic`]s with the source location of the type or operation concerned.
//!
//! Nothing here stops generation; each finding names the degraded behaviour: a regular
//! expression the `regex` crate cannot compile is documented but not checked, a reference to
//! a type the model does not describe becomes `serde_json::Value`, a bound that is not a
//! number is documented but not checked, a type both JSON and an XML request body use, whose
//! XML element names differ from its JSON keys, is sent as XML under its JSON names.

use apiscrape_model::{Api, Constraints, Diagnostic, Provenance, Severity, TypeKind, TypeRef};

fn location(provenance: &[Provenance]) -> (String, Option<u32>) {
    match provenance.first() {
        Some(p) => (p.source.clone(), p.line),
        None => ("-".to_string(), None),
    }
}

fn check_constraints(
    what: &str,
    c: &Constraints,
    at: &(String, Option<u32>),
    out: &mut Vec<Diagnostic>,
) {
    if let Some(p) = &c.search_pattern() {
        if let Err(e) = crate::patterns::regex(p) {
            let reason = e
                .to_string()
                .lines()
                .last()
                .unwrap_or_default()
                .trim()
                .to_string();
            out.push(Diagnostic::at(
                Severity::Warning,
                at.0.clone(),
                at.1,
                format!("{what}: the Rust client does not check the pattern {p:?} ({reason})"),
            ));
        }
    }
    for (word, bound) in [("minimum", &c.minimum), ("maximum", &c.maximum)] {
        if let Some(b) = bound {
            if b.value.as_f64().is_none_or(|f| !f.is_finite()) {
                out.push(Diagnostic::at(
                    Severity::Warning,
                    at.0.clone(),
                    at.1,
                    format!("{what}: the Rust client does not check the {word} {:?} (not a finite number)", b.value.0),
                ));
            }
        }
    }
}

fn check_ref(
    what: &str,
    ty: &TypeRef,
    api: &Api,
    at: &(String, Option<u32>),
    out: &mut Vec<Diagnostic>,
) {
    for id in ty.named_ids() {
        if !api.types.contains_key(id) {
            out.push(Diagnostic::at(
                Severity::Warning,
                at.0.clone(),
                at.1,
                format!(
                    "{what}: type {:?} is not described; the Rust client uses serde_json::Value",
                    id.as_str()
                ),
            ));
        }
    }
}

/// Everything the generated client degrades, in model order.
pub fn diagnostics(api: &Api) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, ty) in &api.types {
        let at = location(&ty.provenance);
        match &ty.kind {
            TypeKind::Object { fields } => {
                for f in fields {
                    let what = format!("{}.{}", id.as_str(), f.name);
                    check_constraints(&what, &f.constraints, &at, &mut out);
                    check_ref(&what, &f.ty, api, &at, &mut out);
                }
            }
            TypeKind::Alias { target } => check_ref(id.as_str(), target, api, &at, &mut out),
            TypeKind::Enum { .. } | TypeKind::Placeholder => {}
        }
    }
    for op in &api.operations {
        let at = location(&op.provenance);
        for p in &op.parameters {
            let what = format!("{} parameter {}", op.key(), p.name);
            check_constraints(&what, &p.constraints, &at, &mut out);
            check_ref(&what, &p.ty, api, &at, &mut out);
        }
        if let Some(b) = &op.request_body {
            check_ref(&format!("{} body", op.key()), &b.ty, api, &at, &mut out);
        }
    }
    shared_xml_types(api, &mut out);
    out
}

/// Types that JSON and an XML request body share, with XML names that differ from the JSON
/// keys: serde has one serialised name per field, so the XML request uses the JSON keys.
fn shared_xml_types(api: &Api, out: &mut Vec<Diagnostic>) {
    let xml_requests: Vec<&apiscrape_model::Operation> = api
        .operations
        .iter()
        .filter(|op| {
            op.request_body
                .as_ref()
                .and_then(crate::operations::xml_media_type)
                .is_some()
        })
        .collect();
    if xml_requests.is_empty() {
        return;
    }
    let space = crate::types::TypeSpace::new(api);
    let mut users: std::collections::BTreeMap<apiscrape_model::TypeId, Vec<String>> =
        std::collections::BTreeMap::new();
    for op in xml_requests {
        let Some(body) = &op.request_body else {
            continue;
        };
        for id in crate::types::reachable(api, &[&body.ty]) {
            if space.xml_only(&id) == Some(false) {
                users.entry(id).or_default().push(op.key());
            }
        }
    }
    for (id, ops) in users {
        let Some(TypeKind::Object { fields }) = api.types.get(&id).map(|t| &t.kind) else {
            continue;
        };
        let ty = &api.types[&id];
        let differing: Vec<String> = fields
            .iter()
            .filter(|f| f.xml_key() != f.json_key())
            .map(|f| format!("{} (XML {})", f.json_key(), f.xml_key()))
            .collect();
        if differing.is_empty() {
            continue;
        }
        let at = location(&ty.provenance);
        out.push(Diagnostic::at(
            Severity::Warning,
            at.0,
            at.1,
            format!(
                "{}: JSON bodies and the XML request body of {} use this type; the Rust client \
                 sends these fields under their JSON names: {}",
                id.as_str(),
                ops.join(", "),
                differing.join(", ")
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use apiscrape_model::{Field, NamedType, Number, Primitive};

    #[test]
    fn degradations_are_reported_with_their_source() {
        let mut api = Api::new("T");
        let mut f = Field::new("Code", TypeRef::primitive(Primitive::String));
        f.constraints.pattern = Some("^(?=A)B$".into());
        let mut g = Field::new("Size", TypeRef::primitive(Primitive::Int32));
        g.constraints.minimum = Some(apiscrape_model::Bound::inclusive(Number("ten".into())));
        let h = Field::new("Carrier", TypeRef::named("Carrier"));
        let mut t = NamedType::new(
            "Parcel",
            TypeKind::Object {
                fields: vec![f, g, h],
            },
        );
        t.provenance.push(Provenance {
            line: Some(7),
            ..Provenance::file("pages/parcel.txt")
        });
        api.types.insert(t.id(), t);
        let found: Vec<String> = diagnostics(&api).iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(found[0].starts_with("pages/parcel.txt:7: warning: Parcel.Code: the Rust client does not check the pattern \"^(?=A)B$\""), "{}", found[0]);
        assert_eq!(found[1], "pages/parcel.txt:7: warning: Parcel.Size: the Rust client does not check the minimum \"ten\" (not a finite number)");
        assert_eq!(found[2], "pages/parcel.txt:7: warning: Parcel.Carrier: type \"Carrier\" is not described; the Rust client uses serde_json::Value");
    }

    #[test]
    fn types_shared_by_json_and_xml_requests_with_other_xml_names_are_reported() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/edge_cases.json"
        );
        let mut api: Api = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let before = diagnostics(&api).len();
        // The edge-case XML request uses an XML-only type: nothing to report.
        assert!(diagnostics(&api)
            .iter()
            .all(|d| !d.to_string().contains("XML request")));
        // Sending `Address` (also a JSON model) as XML is reported once, with its fields.
        let op = api
            .operations
            .iter_mut()
            .find(|o| o.operation_id.as_deref() == Some("declareCustoms"))
            .unwrap();
        op.request_body.as_mut().unwrap().ty = TypeRef::named("Address");
        let found: Vec<String> = diagnostics(&api).iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), before + 1, "{found:#?}");
        assert_eq!(
            found.last().unwrap(),
            "-: warning: Address: JSON bodies and the XML request body of \
             PUT /logistics/shipments/{shipmentId}/customs use this type; the Rust client sends \
             these fields under their JSON names: street (XML Street), postalCode (XML \
             PostalCode), country (XML Country)"
        );
    }
}
