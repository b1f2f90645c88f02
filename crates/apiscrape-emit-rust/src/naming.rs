//! Rust names for wire names: the one place where identifiers are derived.
//!
//! The model keeps every name exactly as documented (`PhoneID`, `$access_token`, `type`,
//! `3DModel`, `Størrelse`). This module derives the Rust identifier:
//!
//! 1. Casing with `heck`: `snake_case` for fields, parameters, methods and modules,
//!    `UpperCamelCase` for types and enum variants.
//! 2. Characters that cannot appear in an identifier are word separators. Common Latin letters
//!    with diacritics are folded to ASCII (`ø` → `o`, `æ` → `ae`, `ß` → `ss`); other Unicode
//!    letters are kept (Rust accepts them in identifiers).
//! 3. A name starting with a digit gets a prefix: `n_` for snake case (`n_3d_model`), `N` for
//!    camel case (`N3dModel`).
//! 4. Keywords become raw identifiers (`type` → `r#type`); the few keywords that cannot be raw
//!    (`self`, `super`, `crate`) and a bare `_` get a `_` suffix in snake case; in camel case
//!    `Self` becomes `SelfValue`. A camel-case name starting with a lowercase letter that has
//!    no uppercase form gets the `N` prefix too.
//! 5. Names that would shadow the prelude or the generated crate's own items (`Option`,
//!    `Result`, `Client`, `Error`, ...) get a `Model` suffix (types only).
//! 6. Module names (one per documentation group; also the cargo feature and the file
//!    `src/<name>.rs`) never take a name the generated crate uses itself: its own modules and
//!    files (`lib`, `main`, `client`, `time`, ...), the crates it depends on (`chrono`, `serde`,
//!    `reqwest`, ...), `std`/`core`/`alloc`, the crate's own name, Cargo's `default` feature,
//!    or a keyword. Such a name gets a `_group` suffix ([`module_scope`]).
//! 7. Collisions within one scope (`PhoneID` and `phone_id` in one struct) are resolved by a
//!    [`Scope`]: the first name in documentation order keeps the plain name, later ones get
//!    `_2`, `_3` (snake) or `2`, `3` (camel). Documentation order is stable, so names are
//!    stable across regenerations.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Rust keywords (strict and reserved, all editions up to 2024).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be written as raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names a generated model must not take: prelude items, common std types and the
/// generated crate's own public items.
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "ToString",
    "ToOwned",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Debug",
    "Serialize",
    "Deserialize",
    "BTreeMap",
    "Value",
    "Client",
    "ClientBuilder",
    "Error",
    "ApiErrorCode",
    "ApiError",
    "ApiErrorBody",
    "ApiErrorMessage",
    "ResponseValue",
    "RetryPolicy",
    "Validate",
    "ValidationError",
    "Rule",
    "RawResponse",
    "KeyValuePair",
    "Decimal",
    "NaiveDate",
    "NaiveTime",
    "TimeOfDay",
    "Timestamp",
    "DateTime",
    "FixedOffset",
    "Uuid",
];

/// Module (and file, and feature) names a group module must not take: the generated crate's
/// own modules and the file names Cargo gives a meaning to (`lib.rs`, `main.rs`, `mod.rs`),
/// Cargo's `default` feature, the module of operations without a group (`other`), the crates
/// the generated crate depends on or may depend on, and the built-in crates.
pub const RESERVED_MODULES: &[&str] = &[
    // Files and modules of the generated crate.
    "lib",
    "main",
    "mod",
    "build",
    "client",
    "blocking",
    "error",
    "error_codes",
    "models",
    "response",
    "support",
    "time",
    "xml",
    "types",
    // Where operations of no group go.
    apiscrape_model::naming::UNGROUPED,
    // Cargo's implicit feature.
    "default",
    // Built-in crates and prelude roots.
    "std",
    "core",
    "alloc",
    "proc_macro",
    "test",
    // Dependencies (templates/rust/Cargo.toml.hbs).
    "reqwest",
    "serde",
    "serde_json",
    "thiserror",
    "tokio",
    "percent_encoding",
    "httpdate",
    "chrono",
    "rust_decimal",
    "uuid",
    "regex",
    "base64",
    "quick_xml",
];

/// Folds common Latin letters with diacritics to ASCII.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'æ' => "ae",
        'Æ' => "Ae",
        'ø' | 'ö' | 'ó' | 'ò' | 'ô' | 'õ' => "o",
        'Ø' | 'Ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' => "O",
        'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => "a",
        'Å' | 'Ä' | 'Á' | 'À' | 'Â' | 'Ã' => "A",
        'é' | 'è' | 'ê' | 'ë' => "e",
        'É' | 'È' | 'Ê' | 'Ë' => "E",
        'ü' | 'ú' | 'ù' | 'û' => "u",
        'Ü' | 'Ú' | 'Ù' | 'Û' => "U",
        'í' | 'ì' | 'î' | 'ï' => "i",
        'Í' | 'Ì' | 'Î' | 'Ï' => "I",
        'ñ' => "n",
        'Ñ' => "N",
        'ç' => "c",
        'Ç' => "C",
        'ß' => "ss",
        _ => return None,
    })
}

/// Whether `c` may continue an identifier (Unicode `XID_Continue`, as Rust requires).
fn continues_ident(c: char) -> bool {
    c.is_alphanumeric() && syn::parse_str::<syn::Ident>(&format!("a{c}")).is_ok()
}

/// Whether `c` may start an identifier (Unicode `XID_Start`).
fn starts_ident(c: char) -> bool {
    c == '_' || syn::parse_str::<syn::Ident>(&c.to_string()).is_ok()
}

/// Replaces characters that cannot be part of an identifier by spaces (word breaks) and
/// folds diacritics.
fn clean(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len());
    for c in wire.chars() {
        if let Some(f) = fold(c) {
            out.push_str(f);
        } else if c.is_ascii_alphanumeric() || (!c.is_ascii() && continues_ident(c)) {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out
}

/// `name` as a raw identifier when it is a keyword (`type` → `r#type`; `self` → `self_`).
pub fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The `snake_case` Rust name of a wire name, before collision handling.
///
/// Empty results (a name made only of punctuation) become `value`.
pub fn snake(wire: &str) -> String {
    let mut s = clean(wire).to_snake_case();
    if s.is_empty() {
        s = "value".to_string();
    }
    if !s.starts_with(starts_ident) {
        s = format!("n_{s}");
    }
    escape_keyword(s)
}

/// The `UpperCamelCase` Rust name of a wire name, before collision handling.
///
/// Empty results become `Value`.
pub fn camel(wire: &str) -> String {
    let mut s = clean(wire).to_upper_camel_case();
    if s.is_empty() {
        s = "Value".to_string();
    }
    // A digit, or a lowercase letter without an uppercase form (`𐞺`), cannot start an
    // `UpperCamelCase` name.
    if !s.starts_with(starts_ident) || s.starts_with(char::is_lowercase) {
        s = format!("N{s}");
    }
    // `Self` cannot be raw, and `Self_` would not be camel case once numbered (`Self_2`).
    if s == "Self" {
        s = "SelfValue".to_string();
    }
    escape_keyword(s)
}

/// The Rust name of a named type: [`camel`], with prelude and crate names suffixed `Model`.
pub fn type_name(wire: &str) -> String {
    let s = camel(wire);
    if RESERVED_TYPES.contains(&s.as_str()) {
        format!("{s}Model")
    } else {
        s
    }
}

/// A [`Scope`] for the group modules of the crate named `crate_ident` (the crate name with
/// `-` replaced by `_`): [`RESERVED_MODULES`] and the crate's own name are taken, so that a
/// [`module_name`] colliding with one after numbering (`time_group` vs. `time`) still cannot.
pub fn module_scope(crate_ident: &str) -> Scope {
    let mut scope = Scope::with_reserved(RESERVED_MODULES.iter().copied());
    scope.taken.insert(crate_ident.to_string());
    scope
}

/// The module name of a documentation group in the crate named `crate_ident`, before
/// collision handling: [`snake`], with a `_group` suffix when the name is a keyword, in
/// [`RESERVED_MODULES`] or the crate's own name (so a module is never a raw identifier and
/// never shadows a file or crate the generated code uses).
pub fn module_name(wire: &str, crate_ident: &str) -> String {
    let s = snake(wire);
    let bare = unraw(&s);
    let keyword = s.starts_with("r#") || NOT_RAW.iter().any(|k| format!("{k}_") == bare);
    if keyword {
        let base = bare.trim_end_matches('_');
        format!("{base}_group")
    } else if RESERVED_MODULES.contains(&bare) || bare == crate_ident {
        format!("{bare}_group")
    } else {
        bare.to_string()
    }
}

/// The bare identifier text (without `r#`), as used for collision checks and in messages.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A set of names already taken in one Rust scope (a struct's fields, an enum's variants, a
/// function's parameters, the methods of `Client`, the types of a module).
#[derive(Debug, Clone, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Scope::default()
    }

    /// A scope where `names` are already taken.
    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut scope = Scope::new();
        for n in names {
            scope.taken.insert(n.to_string());
        }
        scope
    }

    /// Claims `candidate`, or the first free `candidate_2`, `candidate_3`, ... (snake case).
    pub fn claim_snake(&mut self, candidate: String) -> String {
        self.claim(candidate, "_")
    }

    /// Claims `candidate`, or the first free `candidate2`, `candidate3`, ... (camel case).
    pub fn claim_camel(&mut self, candidate: String) -> String {
        self.claim(candidate, "")
    }

    fn claim(&mut self, candidate: String, sep: &str) -> String {
        let base = unraw(&candidate).to_string();
        if self.taken.insert(base.clone()) {
            return candidate;
        }
        // `self_` numbers as `self_2`, not `self__2` (which is not snake case).
        let stem = match base.trim_end_matches('_') {
            "" => base.as_str(),
            stem => stem,
        };
        let mut n = 2u32;
        loop {
            let next = format!("{stem}{sep}{n}");
            if self.taken.insert(next.clone()) {
                return next;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_of_documented_names() {
        let table = [
            ("PhoneID", "phone_id"),
            ("IsDefault", "is_default"),
            ("phoneNumber", "phone_number"),
            ("$access_token", "access_token"),
            ("$useMinimumVersion", "use_minimum_version"),
            ("api-version", "api_version"),
            ("include[0]", "include_0"),
            ("filter.Name", "filter_name"),
            ("aPIResourceDependency", "a_pi_resource_dependency"),
            ("HTTPServer", "http_server"),
            ("3DModel", "n_3d_model"),
            ("Størrelse", "storrelse"),
            ("Größe", "grosse"),
            ("名前", "名前"),
            ("$", "value"),
            ("", "value"),
        ];
        for (wire, rust) in table {
            assert_eq!(snake(wire), rust, "snake({wire:?})");
        }
    }

    #[test]
    fn keywords_become_raw_or_suffixed() {
        let table = [
            ("type", "r#type"),
            ("Type", "r#type"),
            ("match", "r#match"),
            ("async", "r#async"),
            ("gen", "r#gen"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("ref", "r#ref"),
        ];
        for (wire, rust) in table {
            assert_eq!(snake(wire), rust, "snake({wire:?})");
        }
        assert_eq!(camel("self"), "SelfValue");
        assert_eq!(type_name("Self"), "SelfValue");
        // Lowercase letters without an uppercase form cannot start a camel-case name.
        assert_eq!(camel("𐞺x"), "N𐞺x");
        assert_eq!(camel("type"), "Type");
    }

    #[test]
    fn camel_case_of_type_and_variant_names() {
        let table = [
            ("Phone", "Phone"),
            ("ObjectTypes", "ObjectTypes"),
            ("json stream", "JsonStream"),
            ("xml", "Xml"),
            (
                "EntityListOfItslearning.RestApi.Entities.AggregatedOrganisation",
                "EntityListOfItslearningRestApiEntitiesAggregatedOrganisation",
            ),
            ("0", "N0"),
            ("3DModel", "N3dModel"),
            ("Mottaker-Ø", "MottakerO"),
        ];
        for (wire, rust) in table {
            assert_eq!(camel(wire), rust, "camel({wire:?})");
        }
    }

    #[test]
    fn type_names_do_not_shadow_prelude_or_crate_items() {
        assert_eq!(type_name("Result"), "ResultModel");
        assert_eq!(type_name("error"), "ErrorModel");
        assert_eq!(type_name("client"), "ClientModel");
        assert_eq!(type_name("Phone"), "Phone");
    }

    #[test]
    fn module_names_avoid_the_crates_own_files_dependencies_and_keywords() {
        let table = [
            ("Sales", "sales"),
            ("Client Contact", "client_contact"),
            ("lib", "lib_group"),
            ("Main", "main_group"),
            ("mod", "mod_group"),
            ("Time", "time_group"),
            ("chrono", "chrono_group"),
            ("Serde", "serde_group"),
            ("reqwest", "reqwest_group"),
            ("client", "client_group"),
            ("types", "types_group"),
            ("std", "std_group"),
            ("core", "core_group"),
            ("crate", "crate_group"),
            ("self", "self_group"),
            ("super", "super_group"),
            ("type", "type_group"),
            ("default", "default_group"),
            ("rambase_client", "rambase_client_group"),
        ];
        for (wire, rust) in table {
            assert_eq!(
                module_name(wire, "rambase_client"),
                rust,
                "module_name({wire:?})"
            );
        }
        let mut scope = module_scope("rambase_client");
        assert_eq!(scope.claim_snake(module_name("time", "x")), "time_group");
        assert_eq!(scope.claim_snake(module_name("Time", "x")), "time_group_2");
        assert_eq!(scope.claim_snake("time".to_string()), "time_2");
    }

    #[test]
    fn collisions_get_numbered_suffixes_in_documentation_order() {
        let mut fields = Scope::new();
        assert_eq!(fields.claim_snake(snake("PhoneID")), "phone_id");
        assert_eq!(fields.claim_snake(snake("phone_id")), "phone_id_2");
        assert_eq!(fields.claim_snake(snake("Phone-Id")), "phone_id_3");
        assert_eq!(fields.claim_snake(snake("phone_id_2")), "phone_id_2_2");
        assert_eq!(fields.claim_snake(snake("type")), "r#type");
        assert_eq!(fields.claim_snake(snake("Type")), "type_2");
        assert_eq!(fields.claim_snake(snake("self")), "self_");
        assert_eq!(fields.claim_snake(snake("Self")), "self_2");

        let mut variants = Scope::with_reserved(["Unknown"]);
        assert_eq!(variants.claim_camel(camel("unknown")), "Unknown2");
        assert_eq!(variants.claim_camel(camel("Xml")), "Xml");
        assert_eq!(variants.claim_camel(camel("XML")), "Xml2");
    }

    #[test]
    fn every_derived_name_is_a_valid_identifier() {
        let samples = [
            "PhoneID",
            "type",
            "self",
            "3D",
            "Størrelse",
            "名前",
            "$",
            "a b c",
            "_",
            "__x__",
            "Self",
            "fn",
            "r#x",
            "--",
            "x-1",
            "Ünïcödé",
        ];
        for s in samples {
            for name in [snake(s), camel(s), type_name(s)] {
                let parsed: Result<syn::Ident, _> = syn::parse_str(&name);
                assert!(parsed.is_ok(), "{s:?} gave invalid identifier {name:?}");
            }
        }
    }
}
