//! BLAKE3 digests of serde values, hashed straight from the serde stream.
//!
//! The emitters remember their work by the digest of what it was made from (an operation, a
//! docs view, the model's types). Formatting a value as JSON only to hash it spent most of that
//! time escaping strings and printing numbers; this crate feeds the hasher a compact binary
//! encoding instead, buffered so BLAKE3 sees long inputs.
//!
//! The encoding mirrors JSON's data model: a struct is a map of its field names, an enum
//! variant is its name (or a one-entry map of it), `None` and `()` are null, `Some(x)` and a
//! newtype are `x`, characters are strings. So two values whose JSON differs never share a
//! digest, and a value whose maps have string keys shares its digest with its
//! [`serde_json::Value`]. It is finer than JSON only where JSON loses a distinction: map keys
//! keep their type (JSON makes `1` the string `"1"`), and an integer and a float stay apart
//! (as `1` and `1.0` do in JSON). Every item starts with a tag byte, strings carry their length
//! and containers an end mark, so no two different streams encode alike.
//!
//! Flattened fields, skipped fields and maps of unknown length are handled as `serde_json`
//! handles them (a format that needs lengths up front, such as bincode's, cannot serialize
//! them).
//!
//! [`serde_json::Value`]: https://docs.rs/serde_json/latest/serde_json/enum.Value.html

use serde::ser::{self, Serialize};
use std::fmt;

/// A 32-byte BLAKE3 digest.
pub type Fingerprint = [u8; 32];

/// The digest of `value` in this crate's encoding, alone in its hash.
///
/// # Errors
/// Only what `value`'s own `Serialize` reports (the derived ones of plain data never fail).
pub fn digest<T: Serialize + ?Sized>(value: &T) -> Result<Fingerprint, Error> {
    let mut hasher = blake3::Hasher::new();
    hasher.update(DOMAIN);
    update(&mut hasher, value)?;
    Ok(hasher.finalize().into())
}

/// Feeds `value`'s encoding into `hasher` (after whatever it was given before) and returns the
/// encoding's length in bytes, so a caller hashing several parts can mark where each ends.
///
/// # Errors
/// As [`digest`].
pub fn update<T: Serialize + ?Sized>(hasher: &mut blake3::Hasher, value: &T) -> Result<u64, Error> {
    let mut encoder = Encoder {
        hasher,
        buf: Vec::with_capacity(FLUSH_AT + 256),
        len: 0,
    };
    value.serialize(&mut encoder)?;
    encoder.flush();
    Ok(encoder.len)
}

/// What starts every [`digest`]: its hash never equals a hash of other inputs by accident.
const DOMAIN: &[u8] = b"apiscrape-digest 1\0";

/// The buffer is handed to the hasher once it holds this many bytes.
const FLUSH_AT: usize = 16 * 1024;

/// An error a value's `Serialize` raised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot digest the value: {}", self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Tag bytes: each item of the stream starts with one.
mod tag {
    pub const NULL: u8 = b'N';
    pub const FALSE: u8 = b'F';
    pub const TRUE: u8 = b'T';
    /// A non-negative integer, 8 bytes little-endian.
    pub const UINT: u8 = b'u';
    /// A negative integer, 8 bytes little-endian.
    pub const INT: u8 = b'i';
    /// A non-negative integer above `u64::MAX`, 16 bytes.
    pub const UINT128: u8 = b'U';
    /// A negative integer below `i64::MIN`, 16 bytes.
    pub const INT128: u8 = b'I';
    /// A finite float, the 8 bytes of its `f64` bits.
    pub const FLOAT: u8 = b'f';
    /// A string: its length (8 bytes) and its UTF-8 bytes.
    pub const STR: u8 = b's';
    pub const SEQ: u8 = b'[';
    pub const SEQ_END: u8 = b']';
    pub const MAP: u8 = b'{';
    pub const MAP_END: u8 = b'}';
}

/// The serializer: writes the encoding into a buffer that is flushed into the hasher.
struct Encoder<'h> {
    hasher: &'h mut blake3::Hasher,
    buf: Vec<u8>,
    len: u64,
}

impl Encoder<'_> {
    fn byte(&mut self, b: u8) {
        self.buf.push(b);
        self.maybe_flush();
    }

    fn tagged(&mut self, tag: u8, bytes: &[u8]) {
        self.buf.push(tag);
        self.buf.extend_from_slice(bytes);
        self.maybe_flush();
    }

    fn str(&mut self, s: &str) {
        self.buf.push(tag::STR);
        self.buf.extend_from_slice(&(s.len() as u64).to_le_bytes());
        if s.len() >= FLUSH_AT {
            self.flush();
            self.hasher.update(s.as_bytes());
            self.len += s.len() as u64;
        } else {
            self.buf.extend_from_slice(s.as_bytes());
            self.maybe_flush();
        }
    }

    fn unsigned(&mut self, v: u64) {
        self.tagged(tag::UINT, &v.to_le_bytes());
    }

    fn signed(&mut self, v: i64) {
        match u64::try_from(v) {
            Ok(v) => self.unsigned(v),
            Err(_) => self.tagged(tag::INT, &v.to_le_bytes()),
        }
    }

    fn maybe_flush(&mut self) {
        if self.buf.len() >= FLUSH_AT {
            self.flush();
        }
    }

    fn flush(&mut self) {
        self.hasher.update(&self.buf);
        self.len += self.buf.len() as u64;
        self.buf.clear();
    }
}

impl ser::Serializer for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.byte(if v { tag::TRUE } else { tag::FALSE });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.signed(v.into());
        Ok(())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.signed(v.into());
        Ok(())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.signed(v.into());
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.signed(v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        match (i64::try_from(v), u64::try_from(v)) {
            (Ok(small), _) => self.signed(small),
            (_, Ok(big)) => self.unsigned(big),
            _ if v < 0 => self.tagged(tag::INT128, &v.to_le_bytes()),
            _ => self.tagged(tag::UINT128, &v.to_le_bytes()),
        }
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.unsigned(v.into());
        Ok(())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.unsigned(v.into());
        Ok(())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.unsigned(v.into());
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.unsigned(v);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        match u64::try_from(v) {
            Ok(small) => self.unsigned(small),
            Err(_) => self.tagged(tag::UINT128, &v.to_le_bytes()),
        }
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(v.into())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        // JSON writes a float that is not finite as null.
        if v.is_finite() {
            self.tagged(tag::FLOAT, &v.to_bits().to_le_bytes());
        } else {
            self.byte(tag::NULL);
        }
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.str(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.str(v);
        Ok(())
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        // JSON writes bytes as an array of numbers.
        self.byte(tag::SEQ);
        for &b in v {
            self.unsigned(b.into());
        }
        self.byte(tag::SEQ_END);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.byte(tag::NULL);
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.byte(tag::NULL);
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.byte(tag::NULL);
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.str(variant);
        Ok(())
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.byte(tag::MAP);
        self.str(variant);
        value.serialize(&mut *self)?;
        self.byte(tag::MAP_END);
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self, Error> {
        self.byte(tag::SEQ);
        Ok(self)
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self, Error> {
        self.byte(tag::SEQ);
        Ok(self)
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self, Error> {
        self.byte(tag::SEQ);
        Ok(self)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.byte(tag::MAP);
        self.str(variant);
        self.byte(tag::SEQ);
        Ok(self)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self, Error> {
        self.byte(tag::MAP);
        Ok(self)
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Error> {
        self.byte(tag::MAP);
        Ok(self)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self, Error> {
        self.byte(tag::MAP);
        self.str(variant);
        self.byte(tag::MAP);
        Ok(self)
    }
}

/// The compound serializers that write their items one after another, and the marks that
/// close them.
macro_rules! items {
    ($($kind:ident::$method:ident, closed by [$($end:expr),+];)+) => {$(
        impl ser::$kind for &mut Encoder<'_> {
            type Ok = ();
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                value.serialize(&mut **self)
            }

            fn end(self) -> Result<(), Error> {
                $(self.byte($end);)+
                Ok(())
            }
        }
    )+};
}

items! {
    SerializeSeq::serialize_element, closed by [tag::SEQ_END];
    SerializeTuple::serialize_element, closed by [tag::SEQ_END];
    SerializeTupleStruct::serialize_field, closed by [tag::SEQ_END];
    SerializeTupleVariant::serialize_field, closed by [tag::SEQ_END, tag::MAP_END];
}

/// The compound serializers that write named fields (a map of the names), and the marks that
/// close them.
macro_rules! fields {
    ($($kind:ident, closed by [$($end:expr),+];)+) => {$(
        impl ser::$kind for &mut Encoder<'_> {
            type Ok = ();
            type Error = Error;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.str(key);
                value.serialize(&mut **self)
            }

            fn end(self) -> Result<(), Error> {
                $(self.byte($end);)+
                Ok(())
            }
        }
    )+};
}

fields! {
    SerializeStruct, closed by [tag::MAP_END];
    SerializeStructVariant, closed by [tag::MAP_END, tag::MAP_END];
}

impl ser::SerializeMap for &mut Encoder<'_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        key.serialize(&mut **self)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut **self)
    }

    fn end(self) -> Result<(), Error> {
        self.byte(tag::MAP_END);
        Ok(())
    }
}

#[cfg(test)]
mod tests;
