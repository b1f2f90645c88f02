//! XML encoding and decoding (quick-xml) for the operations whose documentation shows XML
//! bodies only. The same model structs as for JSON are used: their serde names are the
//! documented XML element names.
//!
//! Unit-tested where it is written (apiscrape's `crates/apiscrape-emit-rust/runtime/xml.rs`)
//! and vendored unchanged into generated clients that have such operations.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Serialises `value` as the element `root`, with the documented default namespace as an
/// `xmlns` attribute when there is one. No XML declaration is written (UTF-8 is implied).
pub fn encode_xml<T: Serialize + ?Sized>(
    value: &T,
    root: &str,
    namespace: Option<&str>,
) -> Result<Vec<u8>, quick_xml::SeError> {
    let mut text = quick_xml::se::to_string_with_root(root, value)?;
    if let Some(ns) = namespace {
        // The serializer starts the document with `<root`; the attribute goes right after.
        let attr = format!(" xmlns=\"{}\"", quick_xml::escape::escape(ns));
        text.insert_str(1 + root.len(), &attr);
    }
    Ok(text.into_bytes())
}

/// Deserialises an XML document. The root element's name and attributes (`xmlns`) are not
/// checked; child elements map to fields by their element names.
pub fn decode_xml<T: DeserializeOwned>(body: &[u8]) -> Result<T, quick_xml::DeError> {
    quick_xml::de::from_reader(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Item {
        #[serde(rename = "HSCode")]
        code: String,
        #[serde(rename = "Line", default, skip_serializing_if = "Option::is_none")]
        lines: Option<Vec<String>>,
        #[serde(rename = "Note", default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    }

    #[test]
    fn encodes_with_root_namespace_and_escaping() {
        let item = Item {
            code: "a<b&c".into(),
            lines: Some(vec!["x".into(), "y".into()]),
            note: None,
        };
        let bytes = encode_xml(&item, "Decl", Some("urn:a&b")).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "<Decl xmlns=\"urn:a&amp;b\"><HSCode>a&lt;b&amp;c</HSCode><Line>x</Line><Line>y</Line></Decl>"
        );
        let bytes = encode_xml(&item, "Decl", None).unwrap();
        assert!(String::from_utf8(bytes)
            .unwrap()
            .starts_with("<Decl><HSCode>"));
    }

    #[test]
    fn decodes_ignoring_declaration_namespace_and_unknown_elements() {
        let xml = br#"<?xml version="1.0" encoding="utf-8"?>
<Decl xmlns="urn:x"><HSCode>84</HSCode><Extra>1</Extra><Line>x</Line><Line>y</Line></Decl>"#;
        let item: Item = decode_xml(xml).unwrap();
        assert_eq!(
            item,
            Item {
                code: "84".into(),
                lines: Some(vec!["x".into(), "y".into()]),
                note: None
            }
        );
        let missing: Result<Item, _> = decode_xml(b"<Decl><Note>n</Note></Decl>");
        assert!(missing.unwrap_err().to_string().contains("HSCode"));
    }
}
