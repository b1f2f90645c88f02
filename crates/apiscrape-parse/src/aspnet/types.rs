//! The Help Page's type phrases (`ModelDescriptionLink`): simple-type display names, `Collection
//! of X`, `Dictionary of K [key] and V [value]`, `Pair of ...`, `Object` and model names, read into
//! a [`TypeExpr`] and lowered to the model's [`TypeRef`].

use apiscrape_model::{Primitive, TypeRef};

/// A type phrase as the page writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A simple type (`integer`, `date`, `integer, 64 bit`).
    Simple(Primitive),
    /// `Object`: any JSON value.
    Object,
    /// A model name (complex type or enum, a link in HTML).
    Named(String),
    /// `Collection of X`.
    Collection(Box<TypeExpr>),
    /// `Dictionary of K [key] and V [value]`.
    Dictionary(Box<TypeExpr>, Box<TypeExpr>),
    /// `Pair of K [key] and V [value]`.
    Pair(Box<TypeExpr>, Box<TypeExpr>),
}

impl TypeExpr {
    /// Lowers to a model type reference. `Collection of byte` is a `byte[]` in nearly every
    /// API and travels as base64 text, so it becomes [`Primitive::Binary`].
    pub fn to_type_ref(&self) -> TypeRef {
        match self {
            TypeExpr::Simple(p) => TypeRef::primitive(*p),
            TypeExpr::Object => TypeRef::Any,
            TypeExpr::Named(n) => TypeRef::named(n),
            TypeExpr::Collection(inner) => match **inner {
                TypeExpr::Simple(Primitive::Byte) => TypeRef::primitive(Primitive::Binary),
                _ => TypeRef::array(inner.to_type_ref()),
            },
            TypeExpr::Dictionary(k, v) => TypeRef::map(k.to_type_ref(), v.to_type_ref()),
            TypeExpr::Pair(k, v) => TypeRef::Pair {
                key: Box::new(k.to_type_ref()),
                value: Box::new(v.to_type_ref()),
            },
        }
    }

    /// The model name this phrase is about (the element of a collection), when complex.
    pub fn element_name(&self) -> Option<&str> {
        match self {
            TypeExpr::Named(n) => Some(n),
            TypeExpr::Collection(inner) => inner.element_name(),
            _ => None,
        }
    }

    /// Whether the phrase uses only the closed vocabulary (no model name).
    pub fn is_vocabulary(&self) -> bool {
        match self {
            TypeExpr::Simple(_) | TypeExpr::Object => true,
            TypeExpr::Named(_) => false,
            TypeExpr::Collection(i) => i.is_vocabulary(),
            TypeExpr::Dictionary(k, v) | TypeExpr::Pair(k, v) => {
                k.is_vocabulary() && v.is_vocabulary()
            }
        }
    }
}

/// Simple-type display names (`DefaultTypeDocumentation`) and the variants customised sites
/// print, lower-cased.
const SIMPLE: &[(&str, Primitive)] = &[
    ("integer", Primitive::Integer),
    ("unsigned integer", Primitive::UnsignedInteger),
    ("byte", Primitive::Byte),
    ("signed byte", Primitive::SignedByte),
    ("character", Primitive::Char),
    ("decimal number", Primitive::Number),
    ("string", Primitive::String),
    ("globally unique identifier", Primitive::Uuid),
    ("time interval", Primitive::Duration),
    ("date", Primitive::DateTime),
    ("boolean", Primitive::Boolean),
    ("uri", Primitive::Uri),
    // Customised spellings seen on live sites.
    ("integer, 64 bit", Primitive::Int64),
    ("integer, 32 bit", Primitive::Int32),
    ("integer, 16 bit", Primitive::Integer),
    ("integer (64 bits)", Primitive::Int64),
    ("integer (32 bits)", Primitive::Int32),
    ("integer (16 bits)", Primitive::Integer),
    ("integer, 64 bits", Primitive::Int64),
    ("integer, 32 bits", Primitive::Int32),
    ("unsigned integer, 64 bit", Primitive::Uint64),
    ("unsigned integer, 32 bit", Primitive::Uint32),
    ("unsigned integer (64 bits)", Primitive::Uint64),
    ("unsigned integer (32 bits)", Primitive::Uint32),
    ("decimal number, 64 bit", Primitive::Double),
    ("decimal number, 32 bit", Primitive::Float),
    ("date and time", Primitive::DateTime),
];

/// The primitive a simple-type display name stands for, including width variants a site may
/// spell its own way (`integer, 64 bit`, `integer (64 bits)`, `integer - 32-bit`).
pub fn simple_type(name: &str) -> Option<Primitive> {
    let lower = collapse(name).to_lowercase();
    if let Some(p) = SIMPLE.iter().find(|(n, _)| *n == lower).map(|(_, p)| *p) {
        return Some(p);
    }
    sized(&lower)
}

/// `<base> <separator> <bits> bit(s)` for the numeric simple types.
fn sized(lower: &str) -> Option<Primitive> {
    let bases = ["unsigned integer", "integer", "decimal number"];
    let base = bases.iter().find(|b| lower.starts_with(**b))?;
    let rest = lower[base.len()..].trim_start_matches([' ', ',', '(', '-', ':']);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let tail = rest[digits.len()..]
        .trim_start_matches([' ', '-'])
        .trim_end_matches(')');
    if digits.is_empty() || !matches!(tail, "bit" | "bits") {
        return None;
    }
    Some(match (*base, digits.as_str()) {
        ("integer", "64") => Primitive::Int64,
        ("integer", "32") => Primitive::Int32,
        ("integer", _) => Primitive::Integer,
        ("unsigned integer", "64") => Primitive::Uint64,
        ("unsigned integer", "32") => Primitive::Uint32,
        ("unsigned integer", _) => Primitive::UnsignedInteger,
        (_, "64") => Primitive::Double,
        (_, "32") => Primitive::Float,
        _ => Primitive::Number,
    })
}

/// Collapses whitespace runs to one space and trims.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses a type phrase. `linked` tells whether a name was a ResourceModel link (HTML): a link
/// is always a model name, even when it reads like a simple type.
pub fn parse_type(text: &str, linked: &dyn Fn(&str) -> bool) -> Option<TypeExpr> {
    let t = collapse(text);
    if t.is_empty() {
        return None;
    }
    parse_inner(&t, linked, 0)
}

fn parse_inner(t: &str, linked: &dyn Fn(&str) -> bool, depth: usize) -> Option<TypeExpr> {
    if depth > 16 || t.is_empty() {
        return None;
    }
    if linked(t) {
        return Some(TypeExpr::Named(t.to_string()));
    }
    if let Some(rest) = strip_prefix_ci(t, "Collection of ") {
        return Some(TypeExpr::Collection(Box::new(parse_inner(
            rest.trim(),
            linked,
            depth + 1,
        )?)));
    }
    for (prefix, dict) in [("Dictionary of ", true), ("Pair of ", false)] {
        if let Some(rest) = strip_prefix_ci(t, prefix) {
            let (k, v) = split_key_value(rest)?;
            let k = Box::new(parse_inner(k, linked, depth + 1)?);
            let v = Box::new(parse_inner(v, linked, depth + 1)?);
            return Some(if dict {
                TypeExpr::Dictionary(k, v)
            } else {
                TypeExpr::Pair(k, v)
            });
        }
    }
    if t == "Object" {
        return Some(TypeExpr::Object);
    }
    if let Some(p) = simple_type(t) {
        return Some(TypeExpr::Simple(p));
    }
    Some(TypeExpr::Named(t.to_string()))
}

/// Splits `K [key] and V [value]` (the key may not itself contain ` [key] and `).
fn split_key_value(rest: &str) -> Option<(&str, &str)> {
    let i = rest.find(" [key] and ")?;
    let k = rest[..i].trim();
    let v = rest[i + " [key] and ".len()..].trim();
    let v = v.strip_suffix("[value]")?.trim();
    Some((k, v))
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    if s.len() >= prefix.len()
        && s.is_char_boundary(prefix.len())
        && s[..prefix.len()].eq_ignore_ascii_case(prefix)
    {
        Some(&s[prefix.len()..])
    } else {
        None
    }
}

/// Whether `s` reads like a type phrase on its own: the closed vocabulary, a collection,
/// dictionary or pair phrase, or a single model-name token (letters, digits, `.`, `_`, `` ` ``).
pub fn looks_like_type(s: &str) -> bool {
    let t = collapse(s);
    if t.is_empty() {
        return false;
    }
    if simple_type(&t).is_some()
        || t == "Object"
        || strip_prefix_ci(&t, "Collection of ").is_some()
        || (strip_prefix_ci(&t, "Dictionary of ").is_some() && t.ends_with("[value]"))
        || (strip_prefix_ci(&t, "Pair of ").is_some() && t.ends_with("[value]"))
    {
        return true;
    }
    is_model_name(&t)
}

/// Whether `s` can be a Name cell: one token (no whitespace) of identifier characters as
/// property and parameter names use them (`Id`, `$access_token`, `api-version`, `include[0]`,
/// `filter.Name`, `@odata.type`), not ending in punctuation. Prose, e-mail patterns
/// (`[text]@[text].com`) and sentences never are.
pub fn is_name_token(s: &str) -> bool {
    let t = s.trim();
    let mut chars = t.chars();
    let first_ok =
        matches!(chars.next(), Some(c) if c.is_alphabetic() || matches!(c, '_' | '$' | '@'));
    first_ok
        && !t.ends_with(['.', ',', ':', ';', '-'])
        && t.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '$' | '-' | '[' | ']' | '@'))
        && t.matches('[').count() == t.matches(']').count()
        && !t.contains("[]")
}

/// Whether `s` is a single model-name token (`Phone`, `EntityListOfX.Y`, `` List`1 ``).
pub fn is_model_name(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && !s.ends_with('.')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '`' | '+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> TypeRef {
        parse_type(s, &|_| false).unwrap().to_type_ref()
    }

    #[test]
    fn simple_names_map_to_primitives() {
        assert_eq!(p("integer"), TypeRef::primitive(Primitive::Integer));
        assert_eq!(p("integer, 64 bit"), TypeRef::primitive(Primitive::Int64));
        assert_eq!(p("integer (32 bits)"), TypeRef::primitive(Primitive::Int32));
        assert_eq!(p("integer - 64-bit"), TypeRef::primitive(Primitive::Int64));
        assert_eq!(
            p("unsigned integer (64 bit)"),
            TypeRef::primitive(Primitive::Uint64)
        );
        assert_eq!(p("integer, 16 bit"), TypeRef::primitive(Primitive::Integer));
        assert_eq!(
            p("decimal number, 32 bits"),
            TypeRef::primitive(Primitive::Float)
        );
        assert_eq!(p("integerish"), TypeRef::named("integerish"));
        assert_eq!(p("date"), TypeRef::primitive(Primitive::DateTime));
        assert_eq!(
            p("globally unique identifier"),
            TypeRef::primitive(Primitive::Uuid)
        );
        assert_eq!(p("time interval"), TypeRef::primitive(Primitive::Duration));
        assert_eq!(p("URI"), TypeRef::primitive(Primitive::Uri));
        assert_eq!(p("character"), TypeRef::primitive(Primitive::Char));
        assert_eq!(p("decimal number"), TypeRef::primitive(Primitive::Number));
    }

    #[test]
    fn structured_phrases() {
        assert_eq!(
            p("Collection of   Collection of string"),
            TypeRef::array(TypeRef::array(TypeRef::string()))
        );
        assert_eq!(
            p("Dictionary of string [key]\nand             Object\n [value]"),
            TypeRef::map(TypeRef::string(), TypeRef::Any)
        );
        assert_eq!(
            p("Dictionary of string [key] and Dictionary of integer [key] and Phone [value] [value]"),
            TypeRef::map(
                TypeRef::string(),
                TypeRef::map(TypeRef::primitive(Primitive::Integer), TypeRef::named("Phone"))
            )
        );
        assert_eq!(
            p("Pair of string [key] and integer [value]"),
            TypeRef::Pair {
                key: Box::new(TypeRef::string()),
                value: Box::new(TypeRef::primitive(Primitive::Integer))
            }
        );
        assert_eq!(
            p("Collection of byte"),
            TypeRef::primitive(Primitive::Binary)
        );
        assert_eq!(p("Object"), TypeRef::Any);
        assert_eq!(
            parse_type("string", &|n| n == "string").unwrap(),
            TypeExpr::Named("string".into())
        );
    }

    #[test]
    fn type_lookalikes() {
        assert!(looks_like_type("IHttpActionResult"));
        assert!(looks_like_type("Collection of integer"));
        assert!(looks_like_type(
            "EntityListOfItslearning.RestApi.Entities.InstantMessage"
        ));
        assert!(!looks_like_type("The zip file job"));
        assert!(!looks_like_type("None."));
    }
}
