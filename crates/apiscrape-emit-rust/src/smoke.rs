//! Sample values derived from the documented constraints, and the `examples/smoke.rs` program
//! that calls every operation once with them (run against a Prism mock of the OpenAPI spec to
//! prove that spec and client agree).
//!
//! Values are the smallest the constraints allow: integers at their minimum (or 1), strings
//! from the allowed values, the default, a non-synthetic example, a string generated from the
//! documented regular expression (checked against it), or `sample` padded to the minimum
//! length; optional fields are left out; lists get as many items as their minimum length.

use crate::naming::{self, Scope};
use crate::types::{ident, TypeSpace};
use apiscrape_model::{Constraints, Primitive, TypeId, TypeKind, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Deepest nesting of required object fields a sample follows.
const MAX_DEPTH: usize = 8;

/// Builds sample expressions; named types are paths into the generated crate `krate`.
pub struct Sampler<'s, 'a> {
    space: &'s TypeSpace<'a>,
    krate: Ident,
}

impl<'s, 'a> Sampler<'s, 'a> {
    /// A sampler for the crate named `krate` (its identifier, `rambase_client`).
    pub fn new(space: &'s TypeSpace<'a>, krate: &str) -> Self {
        Sampler {
            space,
            krate: ident(krate),
        }
    }

    /// An expression of the owned Rust type of `ty` satisfying `c`, or `None` when no finite
    /// value can be written (a required recursive field).
    pub fn value(&self, ty: &TypeRef, c: &Constraints, depth: usize) -> Option<TokenStream> {
        if depth > MAX_DEPTH {
            return None;
        }
        let krate = &self.krate;
        match ty {
            TypeRef::Primitive { primitive } => Some(primitive_value(*primitive, c)),
            TypeRef::Array { items } => {
                let n = c.min_length.unwrap_or(0).min(3) as usize;
                if n == 0 {
                    return Some(quote!(Vec::new()));
                }
                let item = self.value(items, &Constraints::default(), depth + 1)?;
                let items = std::iter::repeat_n(item, n);
                Some(quote!(vec![#(#items),*]))
            }
            TypeRef::Map { .. } => Some(quote!(Default::default())),
            TypeRef::Pair { key, value } => {
                let k = self.value(key, &Constraints::default(), depth + 1)?;
                let v = self.value(value, &Constraints::default(), depth + 1)?;
                Some(quote!(#krate::support::KeyValuePair { key: #k, value: #v }))
            }
            TypeRef::Any => Some(quote!(serde_json::Value::Null)),
            TypeRef::Named { id } => self.named(id, depth),
        }
    }

    fn named(&self, id: &TypeId, depth: usize) -> Option<TokenStream> {
        let krate = &self.krate;
        let Some(ty) = self.space.types().get(id) else {
            return Some(quote!(serde_json::Value::Null));
        };
        let name = ident(&self.space.name_of(id));
        match &ty.kind {
            TypeKind::Placeholder => Some(quote!(serde_json::Value::Null)),
            TypeKind::Alias { target } => self.value(target, &Constraints::default(), depth + 1),
            TypeKind::Enum { repr, members, .. } => {
                let integer = *repr == apiscrape_model::EnumRepr::Integer
                    && members
                        .iter()
                        .all(|m| m.value.trim().parse::<i64>().is_ok());
                match members.first() {
                    Some(first) => {
                        let mut scope = Scope::with_reserved(["Unknown"]);
                        let v = ident(&scope.claim_camel(naming::camel(&first.name)));
                        Some(quote!(#krate::#name::#v))
                    }
                    None if integer || *repr == apiscrape_model::EnumRepr::Integer => {
                        Some(quote!(#krate::#name::Unknown(0)))
                    }
                    None => Some(quote!(#krate::#name::Unknown(String::new()))),
                }
            }
            TypeKind::Object { fields } => {
                let mut scope = Scope::new();
                let mut inits = Vec::new();
                for f in fields {
                    let rust = ident(&scope.claim_snake(naming::snake(&f.name)));
                    let optional =
                        !f.required || f.nullable == Some(true) || f.constraints.read_only;
                    if optional {
                        inits.push(quote!(#rust: None));
                        continue;
                    }
                    let mut v = self.value(&f.ty, &f.constraints, depth + 1)?;
                    if self.space.boxed(&f.ty, id) {
                        v = quote!(Box::new(#v));
                    }
                    inits.push(quote!(#rust: #v));
                }
                Some(quote!(#krate::#name { #(#inits),* }))
            }
        }
    }
}

fn primitive_value(p: Primitive, c: &Constraints) -> TokenStream {
    if p.is_integer() {
        let min = c.minimum.as_ref().and_then(|b| {
            let v = b.value.as_i64()?;
            Some(if b.exclusive { v.saturating_add(1) } else { v })
        });
        let max = c.maximum.as_ref().and_then(|b| {
            let v = b.value.as_i64()?;
            Some(if b.exclusive { v.saturating_sub(1) } else { v })
        });
        let mut n = min.unwrap_or(1);
        if min.is_none() {
            if let Some(max) = max {
                n = n.min(max);
            }
        }
        if !matches!(
            p,
            Primitive::Integer | Primitive::Int32 | Primitive::Int64 | Primitive::SignedByte
        ) {
            n = n.max(0);
        }
        let lit = proc_macro2::Literal::i64_unsuffixed(n.abs());
        return if n < 0 { quote!(-#lit) } else { quote!(#lit) };
    }
    match p {
        Primitive::Decimal => {
            let (m, s) = c
                .minimum
                .as_ref()
                .and_then(|b| {
                    let (m, s) = crate::types::decimal_parts(&b.value.0)?;
                    Some(if b.exclusive {
                        (m + 10i128.pow(s), s)
                    } else {
                        (m, s)
                    })
                })
                .unwrap_or((1, 0));
            let m = proc_macro2::Literal::i128_unsuffixed(m.abs());
            let m = if c
                .minimum
                .as_ref()
                .is_some_and(|b| b.value.0.starts_with('-'))
            {
                quote!(-#m)
            } else {
                quote!(#m)
            };
            quote!(rust_decimal::Decimal::from_i128_with_scale(#m, #s))
        }
        Primitive::Number | Primitive::Double | Primitive::Float => {
            let v = c
                .minimum
                .as_ref()
                .and_then(|b| {
                    b.value
                        .as_f64()
                        .map(|v| if b.exclusive { v + 1.0 } else { v })
                })
                // A bound beyond `f64` (`1e999`) reads as infinite, which no literal writes.
                .filter(|v| v.is_finite())
                .unwrap_or(1.0);
            let lit = proc_macro2::Literal::f64_unsuffixed(v.abs());
            if v < 0.0 {
                quote!(-#lit)
            } else {
                quote!(#lit)
            }
        }
        Primitive::Boolean => quote!(true),
        Primitive::Date => {
            quote!(chrono::NaiveDate::from_ymd_opt(2024, 1, 31).expect("valid date"))
        }
        Primitive::DateTime => {
            // `DateTime` is the vendored `Timestamp`, built from a `chrono::DateTime`.
            quote!(
                chrono::DateTime::parse_from_rfc3339("2024-01-31T12:00:00+00:00")
                    .expect("valid date-time")
                    .into()
            )
        }
        Primitive::Time => quote!(chrono::NaiveTime::from_hms_opt(12, 0, 0)
            .expect("valid time")
            .into()),
        Primitive::Uuid => quote!(uuid::Uuid::nil()),
        _ => {
            let s = string_sample(c);
            quote!(#s.to_string())
        }
    }
}

/// Whether `s` matches `pattern`: with `regex`, or with `fancy_regex` for what `regex` cannot
/// run (look-around, back-references); `None` when neither can read the pattern.
fn pattern_matches(pattern: &str, s: &str) -> Option<bool> {
    match crate::patterns::regex(pattern) {
        Ok(re) => Some(re.is_match(s)),
        Err(_) => fancy_regex::Regex::new(pattern)
            .ok()
            .and_then(|re| re.is_match(s).ok()),
    }
}

/// A string satisfying the documented constraints, as far as they can be read.
pub fn string_sample(c: &Constraints) -> String {
    let fits = |s: &str| {
        let len = s.chars().count() as u64;
        c.min_length.is_none_or(|m| len >= m)
            && c.max_length.is_none_or(|m| len <= m)
            && c.search_pattern()
                .is_none_or(|p| pattern_matches(&p, s).unwrap_or(true))
    };
    let sized = |base: &str| {
        let mut s = base.to_string();
        if let Some(min) = c.min_length {
            while (s.chars().count() as u64) < min {
                s.push('x');
            }
        }
        if let Some(max) = c.max_length {
            s = s.chars().take(max as usize).collect();
        }
        s
    };
    if let Some(v) = c.allowed_values.first() {
        return v.clone();
    }
    if let Some(d) = c.default.as_deref().filter(|d| !d.is_empty() && fits(d)) {
        return d.to_string();
    }
    if let Some(p) = &c.search_pattern() {
        if let Some(s) = regex_sample(p).filter(|s| fits(s)) {
            return s;
        }
    }
    // Common shapes of free-text patterns (password rules: a capital, a digit, a sign).
    ["sample", "Sample1", "Sample1!", "sample1", "SAMPLE", "1"]
        .iter()
        .map(|b| sized(b))
        .find(|s| fits(s))
        .unwrap_or_else(|| sized("sample"))
}

/// A short string matching `pattern`, when the pattern can be read and the result matches.
pub fn regex_sample(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    generate(&hir, &mut out)?;
    crate::patterns::regex(pattern)
        .ok()?
        .is_match(&out)
        .then_some(out)
}

fn generate(h: &Hir, out: &mut String) -> Option<()> {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(lit) => out.push_str(std::str::from_utf8(&lit.0).ok()?),
        HirKind::Class(Class::Unicode(c)) => {
            let ranges = c.ranges();
            let pick = ranges
                .iter()
                .flat_map(|r| {
                    let (a, b) = (
                        r.start() as u32,
                        (r.end() as u32).min(r.start() as u32 + 256),
                    );
                    (a..=b).filter_map(char::from_u32)
                })
                .find(|ch| ch.is_ascii_alphanumeric())
                .or_else(|| ranges.first().map(|r| r.start()))?;
            out.push(pick);
        }
        HirKind::Class(Class::Bytes(c)) => {
            let b = c.ranges().first()?.start();
            out.push(char::from(b));
        }
        HirKind::Repetition(r) => {
            for _ in 0..r.min.min(16) {
                generate(&r.sub, out)?;
            }
        }
        HirKind::Capture(c) => generate(&c.sub, out)?,
        HirKind::Concat(items) => {
            for item in items {
                generate(item, out)?;
            }
        }
        HirKind::Alternation(items) => generate(items.first()?, out)?,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_around_patterns_get_a_checked_sample() {
        let c = Constraints {
            pattern: Some(r#"^(?=.*[A-Z])(?=.*\d)[^<>&"']{8,}$"#.to_string()),
            min_length: Some(8),
            max_length: Some(100),
            ..Constraints::default()
        };
        assert_eq!(string_sample(&c), "Sample1x");
        assert_eq!(
            pattern_matches(c.pattern.as_deref().unwrap(), "samplexx"),
            Some(false)
        );
    }

    #[test]
    fn regex_samples_match_their_patterns() {
        let table = [
            (r"^([0-9\(\)\s\.\+\-])*$", ""),
            ("^[A-Z]{3}$", "AAA"),
            ("[a-zA-Z]", "A"),
            ("^[a-z]{3}$", "aaa"),
            (r"^\w+([-+.']\w+)*@\w+([-.]\w+)*\.\w+([-.]\w+)*$", "0@0.0"),
            ("^(GET|PUT|POST|DELETE){1}$", "GET"),
            ("^(SUPPLIER|US)?$", ""),
            (r"^\d{4}$", "0000"),
        ];
        for (pattern, sample) in table {
            assert_eq!(regex_sample(pattern).as_deref(), Some(sample), "{pattern}");
        }
        assert_eq!(regex_sample("^(?=A)[A-Z]+$"), None);
    }

    #[test]
    fn string_samples_respect_constraints() {
        let mut c = Constraints::default();
        assert_eq!(string_sample(&c), "sample");
        c.min_length = Some(8);
        assert_eq!(string_sample(&c), "samplexx");
        c.max_length = Some(3);
        c.min_length = None;
        assert_eq!(string_sample(&c), "sam");
        c.pattern = Some("^[A-Z]{3}$".into());
        assert_eq!(string_sample(&c), "AAA");
        c.default = Some("NOK".into());
        assert_eq!(string_sample(&c), "NOK");
        c.allowed_values = vec!["xml".into(), "json".into()];
        assert_eq!(string_sample(&c), "xml");
    }
}
