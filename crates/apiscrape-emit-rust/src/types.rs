//! The type space: every named type of the model gets its Rust name first (types before
//! operations), then the `models` module is emitted: structs, enums with an `Unknown` variant,
//! aliases, placeholders, and their `Validate` implementations.
//!
//! Type mapping (see the crate docs for the reasons): integers by documented width (`Integer`
//! of unspecified width → `i64`), `Decimal` → `rust_decimal::Decimal`, other numbers → `f64` /
//! `f32`, `Date` → `chrono::NaiveDate`, `DateTime` → `Timestamp` and `Time` → `TimeOfDay`
//! (both vendored from `runtime/time.rs`, lenient about offsets), `Uuid` → `uuid::Uuid`, durations, URIs, characters and binary (base64)
//! → `String`, `Any` and undescribed types → `serde_json::Value`.

use crate::docs;
use crate::naming::{self, Scope};
use apiscrape_model::{
    Api, Bound, Constraints, EnumMember, EnumRepr, Field, NamedType, Primitive, TypeId, TypeKind,
    TypeRef,
};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// The model's named types, by id.
pub type Types = BTreeMap<TypeId, NamedType>;

/// Which optional dependencies the generated code needs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Uses {
    /// `chrono` (dates and times).
    pub chrono: bool,
    /// `rust_decimal`.
    pub decimal: bool,
    /// `uuid`.
    pub uuid: bool,
    /// `regex` (pattern validation).
    pub regex: bool,
    /// The vendored `TimeOfDay` type.
    pub time: bool,
}

impl Uses {
    /// What either needs.
    pub fn union(self, other: Uses) -> Uses {
        Uses {
            chrono: self.chrono || other.chrono,
            decimal: self.decimal || other.decimal,
            uuid: self.uuid || other.uuid,
            regex: self.regex || other.regex,
            time: self.time || other.time,
        }
    }
}

/// Rust names of every named type, plus what the generated code needs.
///
/// Once made, a space reads the model's types and nothing else of it (it holds only them):
/// what quoting reads through it is what [`TypeSpace::digest`] covers, besides `scope`,
/// which only planning uses. Queries (such as [`TypeSpace::validates`]) record no `uses`:
/// what quoting records is a function of what it quotes.
pub struct TypeSpace<'a> {
    types: &'a Types,
    names: BTreeMap<TypeId, String>,
    /// Type-level names already taken (models and options structs).
    pub scope: Scope,
    uses: RefCell<Uses>,
    validates: RefCell<BTreeMap<TypeId, bool>>,
    /// Types reachable from XML bodies (see `operations::xml_media_type`): `true` when only
    /// from XML ones (fields named by their XML element names), `false` when also from JSON
    /// bodies or parameters (JSON names, XML names accepted as aliases).
    xml: BTreeMap<TypeId, bool>,
    /// Whether some operation sends or receives XML.
    has_xml: bool,
    /// The serde traits each type derives without the cargo feature `full-serde`.
    serde: BTreeMap<TypeId, SerdeDirections>,
    /// The types no operation uses (compiled with [`UNREFERENCED_FEATURE`]).
    unreferenced: BTreeSet<TypeId>,
    /// Those types and every type inside them (each gets [`UNREFERENCED_FEATURE`]).
    unreferenced_reach: BTreeSet<TypeId>,
}

/// The serde traits a type implements by default: `Serialize` when the client sends it (in a
/// request body or a parameter, directly or inside another type), `Deserialize` when it
/// receives it (in a response body). A type no operation uses, and what it contains,
/// implements both. The cargo feature `full-serde` of the generated crate adds the missing one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SerdeDirections {
    /// Implements `serde::Serialize` (derived).
    pub sent: bool,
    /// Implements `serde::Deserialize` (written out, not derived).
    pub received: bool,
}

/// The cargo feature of the generated crate that compiles the types no operation uses.
pub const UNREFERENCED_FEATURE: &str = "unreferenced-models";

/// The types `op` sends: its parameters and request body.
fn sent_roots(op: &apiscrape_model::Operation) -> impl Iterator<Item = &TypeRef> {
    op.parameters
        .iter()
        .map(|p| &p.ty)
        .chain(op.request_body.iter().map(|b| &b.ty))
}

/// The types `op` receives: its response bodies.
fn received_roots(op: &apiscrape_model::Operation) -> impl Iterator<Item = &TypeRef> {
    op.responses.iter().filter_map(|r| match &r.content {
        apiscrape_model::ResponseContent::Body { body } => Some(&body.ty),
        _ => None,
    })
}

/// What [`serde_directions`] works out in one walk.
struct Directions {
    serde: BTreeMap<TypeId, SerdeDirections>,
    /// The types no operation uses.
    unreferenced: BTreeSet<TypeId>,
    /// Those and every type inside them.
    unreferenced_reach: BTreeSet<TypeId>,
}

/// [`SerdeDirections`] of every named type of `api`, and the types no operation uses.
fn serde_directions(api: &Api) -> Directions {
    let sent_roots: Vec<&TypeRef> = api.operations.iter().flat_map(sent_roots).collect();
    let received_roots: Vec<&TypeRef> = api.operations.iter().flat_map(received_roots).collect();
    let sent = reachable(api, &sent_roots);
    let received = reachable(api, &received_roots);
    let types = &api.types;
    let unreferenced: BTreeSet<TypeId> = api
        .types
        .keys()
        .filter(|id| !sent.contains(*id) && !received.contains(*id))
        .cloned()
        .collect();
    let both = reachable_from(types, unreferenced.iter().cloned().collect());
    let directions = api
        .types
        .keys()
        .map(|id| {
            let directions = SerdeDirections {
                sent: sent.contains(id) || both.contains(id),
                received: received.contains(id) || both.contains(id),
            };
            (id.clone(), directions)
        })
        .collect();
    Directions {
        serde: directions,
        unreferenced,
        unreferenced_reach: both,
    }
}

/// The named types `roots` use, directly or through fields, aliases and items.
pub(crate) fn reachable(api: &Api, roots: &[&TypeRef]) -> BTreeSet<TypeId> {
    reachable_in(&api.types, roots)
}

/// [`reachable`] among `types`.
fn reachable_in(types: &Types, roots: &[&TypeRef]) -> BTreeSet<TypeId> {
    reachable_from(
        types,
        roots.iter().flat_map(|t| t.named_ids()).cloned().collect(),
    )
}

/// The named types `roots` and the types they use, directly or through fields, aliases and
/// items.
fn reachable_from(types: &Types, roots: Vec<TypeId>) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        match types.get(&id).map(|t| &t.kind) {
            Some(TypeKind::Object { fields }) => {
                stack.extend(fields.iter().flat_map(|f| f.ty.named_ids()).cloned());
            }
            Some(TypeKind::Alias { target }) => {
                stack.extend(target.named_ids().into_iter().cloned());
            }
            _ => {}
        }
    }
    seen
}

/// Builds an identifier from a name that may be raw (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

impl<'a> TypeSpace<'a> {
    /// Names every named type of `api`, in id order.
    pub fn new(api: &'a Api) -> Self {
        let mut scope = Scope::new();
        let mut names = BTreeMap::new();
        for (id, ty) in &api.types {
            let name = scope.claim_camel(naming::type_name(&ty.name));
            names.insert(id.clone(), name);
        }
        let mut xml_roots = Vec::new();
        let mut json_roots = Vec::new();
        for op in &api.operations {
            json_roots.extend(op.parameters.iter().map(|p| &p.ty));
            // The client encodes the request body and decodes the first success body; other
            // response bodies (errors) are read as JSON.
            let success = crate::operations::success_body(op);
            let bodies =
                op.request_body
                    .iter()
                    .map(|b| (b, true))
                    .chain(op.responses.iter().filter_map(|r| match &r.content {
                        apiscrape_model::ResponseContent::Body { body } => {
                            Some((body, success.is_some_and(|s| std::ptr::eq(s, body))))
                        }
                        _ => None,
                    }));
            for (b, client_xml) in bodies {
                if client_xml && crate::operations::xml_media_type(b).is_some() {
                    xml_roots.push(&b.ty);
                } else {
                    json_roots.push(&b.ty);
                }
            }
        }
        let has_xml = !xml_roots.is_empty();
        let json = reachable(api, &json_roots);
        let xml = reachable(api, &xml_roots)
            .into_iter()
            .map(|id| {
                let only = !json.contains(&id);
                (id, only)
            })
            .collect();
        let Directions {
            serde,
            unreferenced,
            unreferenced_reach,
        } = serde_directions(api);
        TypeSpace {
            types: &api.types,
            names,
            scope,
            uses: RefCell::new(Uses::default()),
            validates: RefCell::new(BTreeMap::new()),
            xml,
            has_xml,
            serde,
            unreferenced,
            unreferenced_reach,
        }
    }

    /// How many named types no operation uses (they are compiled with the cargo feature
    /// [`UNREFERENCED_FEATURE`]).
    pub fn unreferenced_count(&self) -> usize {
        self.unreferenced.len()
    }

    /// The serde traits type `id` derives without the cargo feature `full-serde`.
    pub fn serde_directions(&self, id: &TypeId) -> SerdeDirections {
        self.serde.get(id).copied().unwrap_or(SerdeDirections {
            sent: true,
            received: true,
        })
    }

    /// For a type XML bodies use: `Some(true)` when only XML bodies use it (fields carry XML
    /// names), `Some(false)` when JSON also does (JSON names, XML names as aliases).
    pub fn xml_only(&self, id: &TypeId) -> Option<bool> {
        self.xml.get(id).copied()
    }

    /// Whether some operation sends or receives XML (`operations::xml_media_type`).
    pub fn has_xml(&self) -> bool {
        self.has_xml
    }

    /// The model's named types.
    pub fn types(&self) -> &'a Types {
        self.types
    }

    /// A digest of everything the space answers from (the types, their Rust names, which
    /// bodies and directions use them, which no operation uses), but not `scope`: two spaces
    /// with one digest give the same answers, so quoting that reads only a space, an
    /// operation and its plan can be remembered by their digests (see [`crate::memo`]).
    pub fn digest(&self) -> crate::Fingerprint {
        let mut hash = crate::memo::Hasher::new("type space");
        hash.value(self.types);
        hash.debug(&(
            &self.names,
            &self.xml,
            self.has_xml,
            &self.serde,
            &self.unreferenced,
            &self.unreferenced_reach,
        ));
        hash.finish()
    }

    /// Whether a field of type `ty` inside the object `outer` is boxed: some type stored
    /// inline in it (a named type, or one inside a `KeyValuePair`) contains `outer` inline.
    pub fn boxed(&self, ty: &TypeRef, outer: &TypeId) -> bool {
        inline_ids(ty)
            .into_iter()
            .any(|inner| self.is_known(inner) && self.reaches_directly(inner, outer))
    }

    /// What the code emitted so far needs.
    pub fn uses(&self) -> Uses {
        *self.uses.borrow()
    }

    /// What `quote` makes the code need, besides its result (the space keeps all it needed
    /// before, and adds it).
    pub(crate) fn uses_of<T>(&self, quote: impl FnOnce() -> T) -> (T, Uses) {
        let before = self.uses.replace(Uses::default());
        let out = quote();
        let added = self.uses.replace(before);
        self.add_uses(added);
        (out, added)
    }

    /// `query` run without recording what the code it builds would need (it is not emitted).
    fn unrecorded<T>(&self, query: impl FnOnce() -> T) -> T {
        let before = self.uses.replace(Uses::default());
        let out = query();
        self.uses.replace(before);
        out
    }

    /// Records what code remembered from an earlier run (see [`crate::memo`]) needs.
    pub(crate) fn add_uses(&self, uses: Uses) {
        let mut all = self.uses.borrow_mut();
        *all = all.union(uses);
    }

    /// The Rust name of a named type (unknown ids get a name from the id itself).
    pub fn name_of(&self, id: &TypeId) -> String {
        self.names
            .get(id)
            .cloned()
            .unwrap_or_else(|| naming::type_name(id.as_str()))
    }

    fn is_known(&self, id: &TypeId) -> bool {
        self.types.contains_key(id)
    }

    /// The owned Rust type of a reference; named types are bare names (import them from
    /// `crate::models`), `used` collects them.
    pub fn rust_type(&self, ty: &TypeRef, used: &mut BTreeSet<String>) -> TokenStream {
        match ty {
            TypeRef::Primitive { primitive } => self.primitive(*primitive),
            TypeRef::Named { id } => {
                if !self.is_known(id) {
                    return quote!(serde_json::Value);
                }
                let name = self.name_of(id);
                used.insert(name.clone());
                let i = ident(&name);
                quote!(#i)
            }
            TypeRef::Array { items } => {
                let t = self.rust_type(items, used);
                quote!(Vec<#t>)
            }
            TypeRef::Map { key, value } => {
                let k = match key.as_primitive() {
                    Some(p) if p.is_integer() || p == Primitive::String => self.primitive(p),
                    _ => quote!(String),
                };
                let v = self.rust_type(value, used);
                quote!(std::collections::BTreeMap<#k, #v>)
            }
            TypeRef::Pair { key, value } => {
                let k = self.rust_type(key, used);
                let v = self.rust_type(value, used);
                quote!(crate::support::KeyValuePair<#k, #v>)
            }
            TypeRef::Any => quote!(serde_json::Value),
        }
    }

    /// The Rust type of a primitive.
    pub fn primitive(&self, p: Primitive) -> TokenStream {
        let mut uses = self.uses.borrow_mut();
        match p {
            Primitive::Integer | Primitive::Int64 => quote!(i64),
            Primitive::Int32 => quote!(i32),
            Primitive::UnsignedInteger | Primitive::Uint64 => quote!(u64),
            Primitive::Uint32 => quote!(u32),
            Primitive::Byte => quote!(u8),
            Primitive::SignedByte => quote!(i8),
            Primitive::Number | Primitive::Double => quote!(f64),
            Primitive::Float => quote!(f32),
            Primitive::Decimal => {
                uses.decimal = true;
                quote!(rust_decimal::Decimal)
            }
            Primitive::Boolean => quote!(bool),
            Primitive::String
            | Primitive::Char
            | Primitive::Duration
            | Primitive::Uri
            | Primitive::Binary => quote!(String),
            Primitive::Date => {
                uses.chrono = true;
                quote!(chrono::NaiveDate)
            }
            Primitive::DateTime => {
                uses.chrono = true;
                uses.time = true;
                quote!(crate::Timestamp)
            }
            Primitive::Time => {
                uses.chrono = true;
                uses.time = true;
                quote!(crate::TimeOfDay)
            }
            Primitive::Uuid => {
                uses.uuid = true;
                quote!(uuid::Uuid)
            }
        }
    }

    /// A short human description of a type reference for docs (`string`, `list of Phone`).
    pub fn describe(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Primitive { primitive } => format!("{primitive:?}").to_lowercase(),
            TypeRef::Named { id } => {
                if self.is_known(id) {
                    format!("[`{}`]", self.name_of(id))
                } else {
                    format!("`{}` (not described)", id.as_str())
                }
            }
            TypeRef::Array { items } => format!("list of {}", self.describe(items)),
            TypeRef::Map { key, value } => {
                format!(
                    "map from {} to {}",
                    self.describe(key),
                    self.describe(value)
                )
            }
            TypeRef::Pair { key, value } => {
                format!(
                    "pair of {} and {}",
                    self.describe(key),
                    self.describe(value)
                )
            }
            TypeRef::Any => "any JSON value".to_string(),
        }
    }

    /// Whether the named type is a struct deriving `Default` (all fields optional).
    pub fn derives_default(&self, id: &TypeId) -> bool {
        match self.types.get(id).map(|t| &t.kind) {
            Some(TypeKind::Object { fields }) => fields
                .iter()
                .all(|f| !f.required || f.nullable == Some(true) || f.constraints.read_only),
            _ => false,
        }
    }

    /// Whether values of the type carry constraints to check.
    pub fn validates(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named { id } => self.named_validates(id, &mut BTreeSet::new()),
            TypeRef::Array { items } => self.validates(items),
            _ => false,
        }
    }

    fn named_validates(&self, id: &TypeId, visiting: &mut BTreeSet<TypeId>) -> bool {
        if let Some(v) = self.validates.borrow().get(id) {
            return *v;
        }
        if !visiting.insert(id.clone()) {
            return false;
        }
        let result = match self.types.get(id).map(|t| &t.kind) {
            Some(TypeKind::Object { fields }) => fields.iter().any(|f| {
                // Asked, not emitted: what the checks would need is not recorded, so that what
                // quoting records stays a function of what it quotes (see `uses_of`).
                self.unrecorded(|| self.constraint_checks(f, &quote!(v), "x").is_some())
                    || f.ty
                        .named_ids()
                        .iter()
                        .any(|inner| self.named_validates(inner, visiting))
            }),
            _ => false,
        };
        visiting.remove(id);
        if visiting.is_empty() {
            self.validates.borrow_mut().insert(id.clone(), result);
        }
        result
    }

    /// Whether `from` reaches `to` through direct (non-collection) object fields.
    /// Whether `from` contains `to` without indirection: through object fields and alias
    /// targets stored inline ([`inline_ids`]). An explicit stack with a visited set, so it is
    /// linear in the number of types.
    fn reaches_directly(&self, from: &TypeId, to: &TypeId) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(id) = stack.pop() {
            if id == to {
                return true;
            }
            if !seen.insert(id) {
                continue;
            }
            let Some(t) = self.types.get(id) else {
                continue;
            };
            match &t.kind {
                TypeKind::Object { fields } => {
                    for f in fields {
                        stack.extend(inline_ids(&f.ty));
                    }
                }
                TypeKind::Alias { target } => stack.extend(inline_ids(target)),
                _ => {}
            }
        }
        false
    }

    /// Emits the whole `models` module body.
    ///
    /// A type used only by the operations of some groups is compiled only with their cargo
    /// features (`features_of` maps a type to them, types no operation uses to
    /// [`UNREFERENCED_FEATURE`]); types every group uses are always compiled.
    pub fn models(
        &self,
        features_of: &BTreeMap<TypeId, BTreeSet<String>>,
        all: &BTreeSet<String>,
    ) -> Vec<String> {
        let gated = |id: &TypeId| {
            features_of
                .get(id)
                .is_some_and(|f| !f.is_empty() && !f.is_superset(all))
        };
        // Types always compiled, and everything they reference, are never gated.
        let always = reachable_from(
            self.types,
            self.types.keys().filter(|id| !gated(id)).cloned().collect(),
        );
        let mut out = Vec::with_capacity(self.types.len());
        for (id, ty) in self.types {
            // Every item of a gated type carries the gate, before its other attributes.
            let gate = match features_of.get(id).filter(|_| !always.contains(id)) {
                Some(features) if features.len() == 1 => {
                    let f = features.iter().next();
                    quote!(#[cfg(feature = #f)])
                }
                Some(features) => {
                    let features = features.iter();
                    quote!(#[cfg(any(#(feature = #features),*))])
                }
                None => TokenStream::new(),
            };
            // As text at once: a type's tokens take many times the memory of their text.
            out.push(self.named(id, ty, &gate).to_string());
        }
        out
    }

    /// For every named type, the features of the group modules whose operations use it
    /// (directly or through other types); `module_of` gives each operation's module. Types no
    /// operation uses, and the types inside them, get [`UNREFERENCED_FEATURE`].
    pub fn features_of(
        &self,
        operations: &[apiscrape_model::Operation],
        module_of: &[String],
    ) -> BTreeMap<TypeId, BTreeSet<String>> {
        let mut out: BTreeMap<TypeId, BTreeSet<String>> = BTreeMap::new();
        let mut add = |ids: &BTreeSet<TypeId>, feature: &str| {
            for id in ids {
                out.entry(id.clone())
                    .or_default()
                    .insert(feature.to_string());
            }
        };
        for (op, module) in operations.iter().zip(module_of) {
            let roots: Vec<&TypeRef> = sent_roots(op).chain(received_roots(op)).collect();
            add(&reachable_in(self.types, &roots), module);
        }
        add(&self.unreferenced_reach, UNREFERENCED_FEATURE);
        out
    }

    fn type_docs(&self, ty: &NamedType, extra: &[String]) -> TokenStream {
        let mut lines = Vec::new();
        match &ty.description {
            Some(d) => lines.push(docs::paragraphs(d)),
            None => lines.push(format!("`{}` as documented.", ty.name.replace('`', "'"))),
        }
        lines.extend(extra.iter().cloned());
        if let Some(src) = ty.provenance.first() {
            lines.push(String::new());
            lines.push(source_line(src));
        }
        docs::attrs(&lines)
    }

    /// The items of a named type, each after the attribute `gate` (a `cfg`, or nothing).
    fn named(&self, id: &TypeId, ty: &NamedType, gate: &TokenStream) -> TokenStream {
        let name = ident(&self.name_of(id));
        match &ty.kind {
            TypeKind::Object { fields } => self.object(id, ty, &name, fields, gate),
            TypeKind::Enum {
                repr,
                members,
                complete,
            } => self.enumeration(ty, &name, *repr, members, *complete, gate),
            TypeKind::Alias { target } => {
                let mut used = BTreeSet::new();
                let t = self.rust_type(target, &mut used);
                let doc = self.type_docs(ty, &[]);
                quote!(#gate #doc pub type #name = #t;)
            }
            TypeKind::Placeholder => {
                let doc = self.type_docs(
                    ty,
                    &[
                        String::new(),
                        "The documentation references this type but does not describe it, so \
                         it is kept as raw JSON."
                            .to_string(),
                    ],
                );
                quote!(#gate #doc pub type #name = serde_json::Value;)
            }
        }
    }

    fn object(
        &self,
        id: &TypeId,
        ty: &NamedType,
        name: &Ident,
        fields: &[Field],
        gate: &TokenStream,
    ) -> TokenStream {
        let mut scope = Scope::new();
        let mut field_tokens = Vec::new();
        let mut checks = Vec::new();
        let mut all_optional = true;
        let xml = self.xml.get(id).copied();
        // Each serde trait the type's direction needs; the other only with `full-serde`.
        let directions = self.serde_directions(id);
        let mut decoded = Vec::new();
        for f in fields {
            // XML-only types are named (and documented) by their XML element names.
            let xml_field;
            let f = if xml == Some(true) && f.xml_key() != f.json_key() {
                xml_field = Field {
                    json_name: Some(f.xml_key().to_string()),
                    ..f.clone()
                };
                &xml_field
            } else {
                f
            };
            let rust = scope.claim_snake(naming::snake(&f.name));
            let fid = ident(&rust);
            let mut used = BTreeSet::new();
            let mut t = self.rust_type(&f.ty, &mut used);
            if self.boxed(&f.ty, id) {
                t = quote!(Box<#t>);
            }
            let optional = !f.required || f.nullable == Some(true) || f.constraints.read_only;
            if !optional {
                all_optional = false;
            }
            let key = f.json_key();
            // What `Serialize` (derived) reads; decoding is written out below.
            let mut serde_args = Vec::new();
            if naming::unraw(&rust) != key {
                serde_args.push(quote!(rename = #key));
            }
            let mut names = vec![key.to_string()];
            if xml == Some(false) && f.xml_key() != key {
                names.push(f.xml_key().to_string());
            }
            let field_ty = if optional {
                if f.constraints.read_only {
                    serde_args.push(quote!(skip_serializing));
                } else if !f.required {
                    serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
                }
                quote!(Option<#t>)
            } else {
                t
            };
            let serde_attr = match (serde_args.is_empty(), directions.sent) {
                (true, _) => quote!(),
                (false, true) => quote!(#[serde(#(#serde_args),*)]),
                (false, false) => {
                    quote!(#[cfg_attr(feature = "full-serde", serde(#(#serde_args),*))])
                }
            };
            let doc = docs::attrs(&self.field_docs(f));
            field_tokens.push(quote!(#doc #serde_attr pub #fid: #field_ty,));
            decoded.push(DecodedField {
                field: fid.clone(),
                ty: field_ty,
                names,
                optional,
            });
            let path = naming::unraw(&rust).to_string();
            if let Some(check) = self.value_checks(f, &path) {
                if optional {
                    checks.push(quote!(if let Some(v) = &self.#fid { #check }));
                } else {
                    checks.push(quote!({ let v = &self.#fid; #check }));
                }
            }
        }
        let doc = self.type_docs(ty, &[]);
        let mut derives = vec![quote!(Debug), quote!(Clone), quote!(PartialEq)];
        if all_optional {
            derives.push(quote!(Default));
        }
        let full_serde = if directions.sent {
            derives.push(quote!(serde::Serialize));
            quote!()
        } else {
            quote!(#[cfg_attr(feature = "full-serde", derive(serde::Serialize))])
        };
        let deserialize_gate = if directions.received {
            quote!()
        } else {
            quote!(#[cfg(feature = "full-serde")])
        };
        let deserialize = deserialize_impl(name, &decoded);
        let mut out = quote! {
            #gate
            #doc
            #[derive(#(#derives),*)]
            #full_serde
            pub struct #name { #(#field_tokens)* }
            #gate
            #deserialize_gate
            #deserialize
        };
        if self.validates(&TypeRef::Named { id: id.clone() }) {
            out.extend(quote! {
                #gate
                impl crate::support::Validate for #name {
                    fn validate(&self) -> Result<(), crate::support::ValidationError> {
                        #(#checks)*
                        Ok(())
                    }
                }
            });
        }
        out
    }

    /// Checks of one value `v` (a reference to the field's non-optional type) named `path`.
    pub fn value_checks(&self, f: &Field, path: &str) -> Option<TokenStream> {
        let own = self.constraint_checks(f, &quote!(v), path);
        let nested = self
            .validates(&f.ty)
            .then(|| quote!(crate::support::Validate::validate(v).map_err(|e| e.within(#path))?;));
        match (own, nested) {
            (None, None) => None,
            (a, b) => Some(quote!(#a #b)),
        }
    }

    /// The rustdoc lines of a field or parameter-like value.
    pub fn field_docs(&self, f: &Field) -> Vec<String> {
        let mut lines = Vec::new();
        if let Some(d) = &f.description {
            lines.push(docs::paragraphs(d));
            lines.push(String::new());
        }
        let mut facts = vec![format!("Wire name {}", docs::code(f.json_key()))];
        if f.xml_key() != f.json_key() {
            facts.push(format!("XML {}", docs::code(f.xml_key())));
        }
        facts.push(self.describe(&f.ty));
        facts.push(if f.required { "required" } else { "optional" }.to_string());
        if f.nullable == Some(true) {
            facts.push("nullable".to_string());
        }
        lines.push(format!("{}.", facts.join("; ")));
        lines.extend(constraint_lines(&f.constraints));
        if let Some(d) = &f.deprecation {
            lines.push(format!(
                "**Deprecated**{}",
                d.note
                    .as_deref()
                    .map(|n| format!(": {}", docs::text(n)))
                    .unwrap_or_default()
            ));
        }
        if let Some(ex) = f.example.as_ref().filter(|e| !e.synthetic) {
            lines.push(format!("Example: {}", docs::code(&ex.value)));
        }
        lines
    }

    /// Checks of the value's own constraints (not nested types), or `None`.
    pub fn constraint_checks(&self, f: &Field, v: &TokenStream, path: &str) -> Option<TokenStream> {
        let c = &f.constraints;
        let mut out = TokenStream::new();
        match &f.ty {
            TypeRef::Primitive { primitive } => {
                let p = *primitive;
                if p.is_numeric() {
                    if let Some(b) = &c.minimum {
                        out.extend(self.bound_check(p, b, v, path, true));
                    }
                    if let Some(b) = &c.maximum {
                        out.extend(self.bound_check(p, b, v, path, false));
                    }
                }
                if matches!(p, Primitive::String | Primitive::Uri | Primitive::Char)
                    && (c.min_length.is_some() || c.max_length.is_some())
                {
                    let min = opt_u64(c.min_length);
                    let max = opt_u64(c.max_length);
                    out.extend(quote!(crate::support::check_length(#path, #v.chars().count(), #min, #max)?;));
                }
                if let Some(pattern) = c.search_pattern().filter(|p| crate::patterns::compiles(p)) {
                    self.uses.borrow_mut().regex = true;
                    let subject = if p == Primitive::String {
                        quote!(#v)
                    } else {
                        quote!(&crate::support::param_text(#v))
                    };
                    out.extend(quote! {
                        static PATTERN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                            regex::Regex::new(#pattern).expect("apiscrape compiled this pattern when generating")
                        });
                        crate::support::check_pattern(#path, PATTERN.is_match(#subject), #pattern)?;
                    });
                }
                if !c.allowed_values.is_empty() {
                    let values = &c.allowed_values;
                    out.extend(quote!(crate::support::check_allowed(#path, #v, &[#(#values),*])?;));
                }
            }
            TypeRef::Array { .. } => {
                if c.min_length.is_some() || c.max_length.is_some() {
                    let min = opt_u64(c.min_length);
                    let max = opt_u64(c.max_length);
                    out.extend(quote!(crate::support::check_length(#path, #v.len(), #min, #max)?;));
                }
                if c.unique_items {
                    out.extend(quote!(crate::support::check_unique(#path, #v)?;));
                }
            }
            _ => {}
        }
        (!out.is_empty()).then_some(out)
    }

    fn bound_check(
        &self,
        p: Primitive,
        b: &Bound,
        v: &TokenStream,
        path: &str,
        min: bool,
    ) -> Option<TokenStream> {
        let text = b.value.0.clone();
        let exclusive = b.exclusive;
        let bound = self.number_literal(p, &text)?;
        let f = if min {
            quote!(check_minimum)
        } else {
            quote!(check_maximum)
        };
        let (value, bound) = match bound {
            Literal::Typed(t) => (quote!(#v), t),
            Literal::Wide(t) => (quote!(&i128::from(*#v)), t),
            Literal::Float(t) => (quote!(&(*#v as f64)), t),
        };
        Some(quote!(crate::support::#f(#path, #value, &#bound, #text, #exclusive)?;))
    }

    fn number_literal(&self, p: Primitive, text: &str) -> Option<Literal> {
        if p.is_integer() {
            let n: i128 = match text.parse() {
                Ok(n) => n,
                Err(_) => {
                    let f: f64 = text.parse().ok().filter(|f: &f64| f.is_finite())?;
                    return Some(Literal::Float(quote!(#f)));
                }
            };
            let (lo, hi, suffix): (i128, i128, &str) = match p {
                Primitive::Int32 => (i32::MIN.into(), i32::MAX.into(), "i32"),
                Primitive::Uint32 => (0, u32::MAX.into(), "u32"),
                Primitive::UnsignedInteger | Primitive::Uint64 => (0, u64::MAX.into(), "u64"),
                Primitive::Byte => (0, u8::MAX.into(), "u8"),
                Primitive::SignedByte => (i8::MIN.into(), i8::MAX.into(), "i8"),
                _ => (i64::MIN.into(), i64::MAX.into(), "i64"),
            };
            if (lo..=hi).contains(&n) {
                let lit = syn::parse_str::<syn::Expr>(&format!("{n}{suffix}")).ok()?;
                return Some(Literal::Typed(quote!(#lit)));
            }
            let abs = proc_macro2::Literal::i128_unsuffixed(n.abs());
            return Some(Literal::Wide(if n < 0 {
                quote!(-#abs)
            } else {
                quote!(#abs)
            }));
        }
        match p {
            Primitive::Decimal => {
                let (mantissa, scale) = decimal_parts(text)?;
                self.uses.borrow_mut().decimal = true;
                let m = proc_macro2::Literal::i128_unsuffixed(mantissa.abs());
                let m = if mantissa < 0 {
                    quote!(-#m)
                } else {
                    quote!(#m)
                };
                let s = proc_macro2::Literal::u32_unsuffixed(scale);
                Some(Literal::Typed(
                    quote!(rust_decimal::Decimal::from_i128_with_scale(#m, #s)),
                ))
            }
            Primitive::Float => {
                let f: f32 = text.parse().ok().filter(|f: &f32| f.is_finite())?;
                Some(Literal::Typed(quote!(#f)))
            }
            _ => {
                let f: f64 = text.parse().ok().filter(|f: &f64| f.is_finite())?;
                Some(Literal::Typed(quote!(#f)))
            }
        }
    }

    #[allow(
        clippy::too_many_lines,
        reason = "one generated item (the enum, its serde impls and conversions) quoted in one \
                  piece, so the generated code reads top to bottom here as it does in the crate"
    )]
    fn enumeration(
        &self,
        ty: &NamedType,
        name: &Ident,
        repr: EnumRepr,
        members: &[EnumMember],
        complete: bool,
        gate: &TokenStream,
    ) -> TokenStream {
        let integer = repr == EnumRepr::Integer
            && members
                .iter()
                .all(|m| m.value.trim().parse::<i64>().is_ok());
        let mut scope = Scope::with_reserved(["Unknown"]);
        let variants: Vec<(Ident, &EnumMember)> = members
            .iter()
            .map(|m| (ident(&scope.claim_camel(naming::camel(&m.name))), m))
            .collect();
        let extra = vec![
            String::new(),
            if complete {
                "Values the documentation does not list decode into `Unknown`, so a new server \
                 value never breaks decoding."
                    .to_string()
            } else {
                "The documentation does not list every member (they were read from samples); \
                 other values decode into `Unknown`."
                    .to_string()
            },
        ];
        let doc = self.type_docs(ty, &extra);
        let variant_defs = variants.iter().map(|(v, m)| {
            let mut lines = Vec::new();
            if let Some(d) = &m.description {
                lines.push(docs::paragraphs(d));
                lines.push(String::new());
            }
            lines.push(format!("Wire value {}.", docs::code(&m.value)));
            let d = docs::attrs(&lines);
            quote!(#d #v,)
        });
        if integer {
            let values: Vec<i64> = variants
                .iter()
                .map(|(_, m)| m.value.trim().parse().unwrap_or_default())
                .collect();
            let vs: Vec<&Ident> = variants.iter().map(|(v, _)| v).collect();
            // Lookups take the first member of a value or name documented twice.
            let mut seen = BTreeSet::new();
            let (by_value, by_value_v): (Vec<i64>, Vec<&Ident>) = values
                .iter()
                .zip(&vs)
                .filter(|(value, _)| seen.insert(**value))
                .map(|(value, v)| (*value, *v))
                .unzip();
            let mut seen = BTreeSet::new();
            let (names, names_v): (Vec<&str>, Vec<&Ident>) = variants
                .iter()
                .filter(|(_, m)| seen.insert(m.name.as_str()))
                .map(|(v, m)| (m.name.as_str(), v))
                .unzip();
            let from_value = if by_value.is_empty() {
                quote!(Self::Unknown(value))
            } else {
                quote!(match value { #(#by_value => Self::#by_value_v,)* v => Self::Unknown(v) })
            };
            let from_name = if names.is_empty() {
                quote!(let _ = name; None)
            } else {
                quote!(match name { #(#names => Some(Self::#names_v),)* _ => None })
            };
            let type_name = name.to_string();
            quote! {
                #gate
                #doc
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum #name {
                    #(#variant_defs)*
                    /// A value the documentation does not list.
                    Unknown(i64),
                }
                #gate
                impl #name {
                    /// The wire value.
                    pub fn value(self) -> i64 {
                        match self { #(Self::#vs => #values,)* Self::Unknown(v) => v }
                    }
                    /// The member for a wire value.
                    pub fn from_value(value: i64) -> Self {
                        #from_value
                    }
                    /// The member for a documented member name (as .NET writes enum names).
                    pub fn from_name(name: &str) -> Option<Self> {
                        #from_name
                    }
                }
                #gate
                impl serde::Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.value())
                    }
                }
                #gate
                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        match <crate::support::IntOrString as serde::Deserialize>::deserialize(deserializer)? {
                            crate::support::IntOrString::Int(v) => Ok(Self::from_value(v)),
                            crate::support::IntOrString::String(s) => Self::from_name(&s).ok_or_else(|| {
                                serde::de::Error::custom(format!("unknown {} member name {s:?}", #type_name))
                            }),
                        }
                    }
                }
            }
        } else {
            let vs: Vec<&Ident> = variants.iter().map(|(v, _)| v).collect();
            let values: Vec<&str> = variants.iter().map(|(_, m)| m.value.as_str()).collect();
            let mut seen = BTreeSet::new();
            let (wire, wire_v): (Vec<&str>, Vec<&Ident>) = values
                .iter()
                .zip(&vs)
                .filter(|(value, _)| seen.insert(**value))
                .map(|(value, v)| (*value, *v))
                .unzip();
            let from_wire = if wire.is_empty() {
                quote!(Self::Unknown(value.to_string()))
            } else {
                quote!(match value { #(#wire => Self::#wire_v,)* v => Self::Unknown(v.to_string()) })
            };
            quote! {
                #gate
                #doc
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                pub enum #name {
                    #(#variant_defs)*
                    /// A value the documentation does not list.
                    Unknown(String),
                }
                #gate
                impl #name {
                    /// The wire value.
                    pub fn as_str(&self) -> &str {
                        match self { #(Self::#vs => #values,)* Self::Unknown(v) => v }
                    }
                    /// The member for a wire value.
                    pub fn from_wire(value: &str) -> Self {
                        #from_wire
                    }
                }
                #gate
                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
                #gate
                impl serde::Serialize for #name {
                    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }
                #gate
                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                        Ok(Self::from_wire(&value))
                    }
                }
            }
        }
    }
}

enum Literal {
    /// A literal of the value's own type.
    Typed(TokenStream),
    /// An `i128` literal (the bound does not fit the value's type).
    Wide(TokenStream),
    /// An `f64` literal (a fractional bound on an integer).
    Float(TokenStream),
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}

/// Mantissa and scale of a decimal literal (`-0.01` → `(-1, 2)`), when it fits
/// `rust_decimal` (scale at most 28).
pub fn decimal_parts(text: &str) -> Option<(i128, u32)> {
    let t = text.trim();
    let (mantissa, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i32>().ok()?),
        None => (t, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    let m: i128 = digits.parse().ok()?;
    let mut scale = frac.len() as i32 - exp;
    let mut m = m;
    while scale < 0 {
        m = m.checked_mul(10)?;
        scale += 1;
    }
    (scale <= 28).then_some((m, scale as u32))
}

/// The rustdoc lines describing constraints.
pub fn constraint_lines(c: &Constraints) -> Vec<String> {
    let mut out = Vec::new();
    let bound = |b: &Bound, word: &str, excl: &str| {
        if b.exclusive {
            format!("{excl} {}", docs::code(&b.value.0))
        } else {
            format!("{word} {}", docs::code(&b.value.0))
        }
    };
    let mut rules = Vec::new();
    if let Some(b) = &c.minimum {
        rules.push(bound(b, "minimum", "greater than"));
    }
    if let Some(b) = &c.maximum {
        rules.push(bound(b, "maximum", "less than"));
    }
    if let Some(n) = c.min_length {
        rules.push(format!("minimum length {n}"));
    }
    if let Some(n) = c.max_length {
        rules.push(format!("maximum length {n}"));
    }
    if let Some(p) = &c.search_pattern() {
        if crate::patterns::compiles(p) {
            rules.push(format!("must match {}", docs::code(p)));
        } else {
            rules.push(format!(
                "must match {} (not checked by the client: the `regex` crate cannot compile it)",
                docs::code(p)
            ));
        }
    }
    if !c.allowed_values.is_empty() {
        let vals: Vec<String> = c.allowed_values.iter().map(|v| docs::code(v)).collect();
        rules.push(format!("one of {}", vals.join(", ")));
    }
    if let Some(d) = &c.default {
        rules.push(format!("default {}", docs::code(d)));
    }
    if c.unique_items {
        rules.push("items unique".to_string());
    }
    if let Some(d) = &c.data_type {
        rules.push(format!("data type {}", docs::code(d)));
    }
    if let Some(f) = &c.format_hint {
        rules.push(format!("format {}", docs::code(f)));
    }
    if c.read_only {
        rules.push("read-only (never sent)".to_string());
    }
    if !rules.is_empty() {
        out.push(format!("Constraints: {}.", rules.join("; ")));
    }
    if c.domain_values {
        out.push("Applicable values are a vendor domain-values list.".to_string());
    }
    for n in &c.notes {
        out.push(format!("Note: {}", docs::text(n)));
    }
    out
}

/// `Source: <url>` (or the file and line) for a provenance.
pub fn source_line(src: &apiscrape_model::Provenance) -> String {
    match &src.url {
        Some(url) => format!("Source: <{url}>"),
        None => match src.line {
            Some(line) => format!("Source: {}", docs::code(&format!("{}:{line}", src.source))),
            None => format!("Source: {}", docs::code(&src.source)),
        },
    }
}

/// The named types a value of `ty` stores inline, without heap indirection: the type itself
/// when named, and those inside a `KeyValuePair` (a struct); arrays and maps allocate.
fn inline_ids(ty: &TypeRef) -> Vec<&TypeId> {
    let mut out = Vec::new();
    let mut stack = vec![ty];
    while let Some(t) = stack.pop() {
        match t {
            TypeRef::Named { id } => out.push(id),
            TypeRef::Pair { key, value } => {
                stack.push(key);
                stack.push(value);
            }
            _ => {}
        }
    }
    out
}

/// A struct field as its `Deserialize` impl reads it.
struct DecodedField {
    field: Ident,
    /// The field's type (`Option<T>` when optional).
    ty: TokenStream,
    /// The wire name, then the XML name accepted as an alias.
    names: Vec<String>,
    /// Missing or `null` is `None`; otherwise missing is an error.
    optional: bool,
}

/// The `Deserialize` impl of a model struct, written out instead of derived: the same
/// behaviour for the self-describing formats the client speaks (JSON and XML: unknown fields
/// ignored, a duplicate field or a missing required one is serde's error, `null` or missing
/// is `None` for an optional field, aliases accepted), with about half the code of the
/// derive's (no field enum and its visitor, no sequence form), which is most of what rustc
/// spends on a generated crate.
fn deserialize_impl(name: &Ident, fields: &[DecodedField]) -> TokenStream {
    let type_name = name.to_string();
    let expecting = format!("struct {type_name}");
    let slots: Vec<Ident> = (0..fields.len()).map(|i| format_ident!("f{i}")).collect();
    // Each name is matched once: a wire name first (in field order), then an alias no wire
    // name took, as the first of two equal arms would win anyway. A field left without a
    // name is never read.
    let mut claimed = BTreeSet::new();
    let mut names: Vec<Vec<&str>> = fields
        .iter()
        .map(|f| {
            let primary = f.names[0].as_str();
            if claimed.insert(primary) {
                vec![primary]
            } else {
                Vec::new()
            }
        })
        .collect();
    for (f, accepted) in fields.iter().zip(&mut names) {
        accepted.extend(
            f.names[1..]
                .iter()
                .map(String::as_str)
                .filter(|a| claimed.insert(a)),
        );
    }
    let lets = fields
        .iter()
        .zip(&slots)
        .zip(&names)
        .map(|((f, slot), accepted)| {
            let ty = &f.ty;
            if accepted.is_empty() {
                quote!(let #slot: Option<#ty> = None;)
            } else {
                quote!(let mut #slot: Option<#ty> = None;)
            }
        });
    let arms = fields
        .iter()
        .zip(&slots)
        .zip(&names)
        .filter(|(_, accepted)| !accepted.is_empty())
        .map(|((f, slot), accepted)| {
            let primary = &f.names[0];
            quote!(#(#accepted)|* => read_once(&mut map, &mut #slot, #primary)?,)
        });
    let inits = fields.iter().zip(&slots).map(|(f, slot)| {
        let field = &f.field;
        if f.optional {
            quote!(#field: #slot.flatten())
        } else {
            let primary = &f.names[0];
            quote!(#field: required::<__A::Error, _>(#slot, #primary)?)
        }
    });
    let all_names = names.iter().flatten();
    let read = if fields.is_empty() {
        quote! {
            while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                map.next_value::<serde::de::IgnoredAny>()?;
            }
        }
    } else {
        // The helpers by their short names, so that an arm stays on one line; types stay
        // qualified, since a model type may have any name.
        let uses = if fields.iter().any(|f| !f.optional) {
            quote!(
                use crate::support::{read_once, required};
            )
        } else {
            quote!(
                use crate::support::read_once;
            )
        };
        quote! {
            #uses
            #(#lets)*
            while let Some(key) = map.next_key::<crate::support::FieldName<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
            }
        }
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A: serde::de::MapAccess<'de>>(self, mut map: __A) -> Result<#name, __A::Error> {
                        #read
                        Ok(#name { #(#inits),* })
                    }
                }
                deserializer.deserialize_struct(#type_name, &[#(#all_names),*], __Visitor)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name two fields share is matched for the first that has it (a wire name before an
    /// alias); a field left without a name is never read (and its slot is not `mut`), as the
    /// first of two equal arms of serde's derive would win.
    #[test]
    fn each_field_name_is_matched_once() {
        let field = |name: &str, names: &[&str], optional: bool| DecodedField {
            field: ident(name),
            ty: quote!(Option<String>),
            names: names.iter().map(|n| n.to_string()).collect(),
            optional,
        };
        let tokens = deserialize_impl(
            &ident("Twin"),
            &[
                field("a", &["a", "B"], true),
                field("b", &["B"], true),
                field("c", &["a", "C"], false),
                field("d", &["a"], true),
            ],
        );
        let text = prettyplease::unparse(&syn::parse2(tokens).unwrap());
        let arms: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| l.contains("=> read_once"))
            .collect();
        assert_eq!(
            arms,
            [
                r#""a" => read_once(&mut map, &mut f0, "a")?,"#,
                r#""B" => read_once(&mut map, &mut f1, "B")?,"#,
                r#""C" => read_once(&mut map, &mut f2, "a")?,"#,
            ]
        );
        assert!(
            text.contains("let f3: Option<Option<String>> = None;"),
            "{text}"
        );
        assert!(text.contains(r#"&["a", "B", "C"]"#), "{text}");
        assert!(
            text.contains("c: required::<__A::Error, _>(f2, \"a\")?"),
            "{text}"
        );
    }

    /// `(sent, received)` of every object type of the fixture `edge_cases.json`, by name.
    fn object_directions(api: &Api) -> Vec<(String, bool, bool)> {
        let space = TypeSpace::new(api);
        api.types
            .iter()
            .filter(|(_, t)| matches!(t.kind, TypeKind::Object { .. }))
            .map(|(id, t)| {
                let d = space.serde_directions(id);
                (t.name.clone(), d.sent, d.received)
            })
            .collect()
    }

    #[test]
    fn types_derive_the_serde_traits_of_the_directions_they_travel_in() {
        let api = apiscrape_test_support::load_model(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/edge_cases.json"),
        );
        let row = |name: &str, sent, received| (name.to_string(), sent, received);
        assert_eq!(
            object_directions(&api),
            [
                row("Address", true, true),
                row("Category", false, true),
                row("CustomsDeclaration", true, false),
                row("CustomsReceipt", false, true),
                row("SalesOrder", true, true),
                // Inside `SalesOrder`, which is sent and received.
                row("SalesOrderItem", true, true),
                row("Tracking", false, true),
            ]
        );
        // Types no operation uses derive both traits, and so does everything inside them.
        let mut unused = api.clone();
        unused.operations.clear();
        assert!(object_directions(&unused)
            .iter()
            .all(|(_, sent, received)| *sent && *received));
    }

    #[test]
    fn types_no_operation_uses_have_a_feature_of_their_own() {
        let mut api = apiscrape_test_support::load_model(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/edge_cases.json"),
        );
        let id_of = |api: &Api, name: &str| {
            api.types
                .iter()
                .find(|(_, t)| t.name == name)
                .map(|(id, _)| id.clone())
                .unwrap()
        };
        let category = id_of(&api, "Category");
        let orphan = apiscrape_model::NamedType::new(
            "Orphan",
            TypeKind::Object {
                fields: vec![Field::new(
                    "Category",
                    TypeRef::Named {
                        id: category.clone(),
                    },
                )],
            },
        );
        api.types.insert(orphan.id(), orphan);
        let space = TypeSpace::new(&api);
        let (module_of, all) = crate::operations::module_of(&api, "edge_cases");
        let features = space.features_of(&api.operations, &module_of);
        let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(
            features[&id_of(&api, "Orphan")],
            set(&[UNREFERENCED_FEATURE])
        );
        // `Category` is received by a `logistics` operation and sits inside `Orphan`.
        assert_eq!(
            features[&category],
            set(&["logistics", UNREFERENCED_FEATURE])
        );
        assert_eq!(space.unreferenced_count(), 1);
        assert_eq!(
            space.serde_directions(&id_of(&api, "Orphan")),
            SerdeDirections {
                sent: true,
                received: true
            }
        );
        let models = space.models(&features, &all).concat();
        assert!(models.contains(
            "# [cfg (any (feature = \"logistics\" , feature = \"unreferenced-models\"))]"
        ));
        assert!(models.contains("# [cfg (feature = \"unreferenced-models\")]"));
        // The manifest, README and crate docs say how many there are.
        let files = crate::generate(
            &apiscrape_model::finish(api).unwrap(),
            &crate::Options::new("edge-cases"),
        )
        .unwrap();
        assert!(files["Cargo.toml"].contains(
            "# The 1 type(s) the documentation describes that no operation uses (to\n\
             # decode a raw response into); off by default.\nunreferenced-models = []\n"
        ));
        assert!(files["README.md"].contains(
            "The\n  1 type(s) the documentation describes but no operation uses come with\n  \
             the feature `unreferenced-models` (off by default)"
        ));
        assert!(files["src/lib.rs"].contains(
            "`unreferenced-models`: the 1 type(s) the documentation describes that no \
             operation uses"
        ));
    }

    #[test]
    fn decimal_literals_split_into_mantissa_and_scale() {
        assert_eq!(decimal_parts("0.01"), Some((1, 2)));
        assert_eq!(decimal_parts("-5"), Some((-5, 0)));
        assert_eq!(decimal_parts("1e3"), Some((1000, 0)));
        assert_eq!(decimal_parts("1.5e-2"), Some((15, 3)));
        assert_eq!(decimal_parts("x"), None);
    }
}
