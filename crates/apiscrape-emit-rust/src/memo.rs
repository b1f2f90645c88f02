//! Quoting remembered between runs.
//!
//! Quoting an operation reads the [`TypeSpace`], the operation, its plan and the crate's
//! identifier, and nothing else; quoting `src/models.rs` reads the space, which group modules
//! use each type and the crate's group features. A [`QuoteMemo`] (the generate cache
//! implements it) keeps, by the digest of exactly those inputs, what quoting gave: the digest
//! of each piece of text and what the crate needs from it, and by each piece's digest what
//! printing it gives. A file whose pieces are all remembered gets its fingerprint without being
//! quoted; when the caller does not have its bytes, its pieces are taken printed from the memo,
//! and only those it lacks are quoted and printed (and their printing remembered, once the
//! memo is warm: a first generation keeps no printed text, so it holds no more text than it
//! renders).

use crate::plan::OperationPlan;
use crate::types::{TypeSpace, Uses};
use crate::Fingerprint;
use apiscrape_model::{Operation, TypeId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Where quoting is remembered between runs: a store by key ([`operation_key`],
/// [`models_key`]), shared by the emitter's threads.
pub trait QuoteMemo: Sync {
    /// What was remembered for `key`.
    fn get(&self, key: &Fingerprint) -> Option<Quoted>;
    /// Remembers what quoting gave for `key`.
    fn put(&self, key: Fingerprint, quoted: Quoted);
    /// The printed text ([`crate::format_source`]) of the piece whose tokens' text has
    /// [`piece_digest`] `digest`, if remembered. A pure function of that text: a file whose
    /// remembered pieces all have it is neither quoted nor printed again.
    fn printed(&self, digest: &Fingerprint) -> Option<String> {
        let _ = digest;
        None
    }
    /// Remembers the printed text of the piece whose tokens' text has digest `digest`.
    fn put_printed(&self, digest: Fingerprint, printed: &str) {
        let _ = (digest, printed);
    }
    /// Says that the printed text of the piece with digest `digest` is still in use (its
    /// piece is remembered and may be printed in a later run), without reading it.
    fn keep_printed(&self, digest: &Fingerprint) {
        let _ = digest;
    }
    /// Whether the memo remembers quoting from an earlier generation. A first generation
    /// (a cold memo) keeps no printed text: it would hold the whole crate's text in memory.
    fn warm(&self) -> bool {
        false
    }
}

/// What quoting one unit (an operation, or every type of `src/models.rs`) gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quoted {
    /// The [`piece_digest`] of each piece of text, in order (hex in serde's formats).
    #[serde(with = "hex_digests")]
    pub pieces: Vec<Fingerprint>,
    /// What the pieces make the crate need.
    pub uses: Uses,
    /// An operation's block of `examples/smoke.rs` as tokens' text (`Ok`), or its method name
    /// when no sample value can be built (`Err`); `None` for the models.
    pub smoke: Option<Result<String, String>>,
    /// An operation's literal call for the crate's doc example, when it has one.
    pub example: Option<String>,
}

/// The digest of one piece of a file's text, as the file's fingerprint covers it.
pub fn piece_digest(text: &str) -> Fingerprint {
    blake3::hash(text.as_bytes()).into()
}

/// A BLAKE3 digest of parts each followed by its length, so no two lists of parts collide (read
/// from the end, the lengths split them). Parts are written into it as they are made: a key
/// of the whole type space never holds its JSON in memory.
pub(crate) struct Hasher(blake3::Hasher);

impl Hasher {
    /// A hasher for keys of one kind.
    pub(crate) fn new(kind: &str) -> Hasher {
        let mut hasher = Hasher(blake3::Hasher::new());
        hasher.bytes(b"apiscrape-emit-rust memo 3");
        hasher.bytes(kind.as_bytes());
        hasher
    }

    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
        self.0.update(&(bytes.len() as u64).to_le_bytes());
    }

    /// A value of the model as [`apiscrape_digest`] encodes it (what its JSON says: the
    /// model's types serialize every fact they hold).
    pub(crate) fn value(&mut self, value: &impl Serialize) {
        // A value of the model always serializes (its JSON is `model.json`'s).
        let len = apiscrape_digest::update(&mut self.0, value);
        debug_assert!(len.is_ok(), "a memo key's part does not serialize");
        self.0.update(&len.unwrap_or_default().to_le_bytes());
    }

    /// A value's `Debug` text (the emitter's plain data derive it, field by field), hashed
    /// whole: BLAKE3 is slow on the many short writes of a formatter.
    pub(crate) fn debug(&mut self, value: &impl std::fmt::Debug) {
        self.bytes(format!("{value:?}").as_bytes());
    }

    pub(crate) fn finish(self) -> Fingerprint {
        self.0.finalize().into()
    }
}

/// The key of an operation's quoting: the space's digest ([`TypeSpace::digest`]), the
/// crate's identifier, the operation and its plan.
pub fn operation_key(
    space_digest: &Fingerprint,
    crate_ident: &str,
    op: &Operation,
    plan: &OperationPlan,
) -> Fingerprint {
    let mut hash = Hasher::new("operation");
    hash.bytes(space_digest);
    hash.bytes(crate_ident.as_bytes());
    hash.value(op);
    hash.debug(plan);
    hash.finish()
}

/// The key of the quoting of `src/models.rs`: the space's digest, the group features that
/// use each type and every group feature.
pub fn models_key(
    space: &TypeSpace,
    features_of: &BTreeMap<TypeId, BTreeSet<String>>,
    all_features: &BTreeSet<String>,
) -> Fingerprint {
    let mut hash = Hasher::new("models");
    hash.bytes(&space.digest());
    hash.debug(&(features_of, all_features));
    hash.finish()
}

/// Digests as lower-case hex strings in serde's formats (a JSON array of 32 numbers each
/// would be three times as long).
mod hex_digests {
    use crate::Fingerprint;
    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        digests: &[Fingerprint],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(digests.iter().map(|d| {
            d.iter().fold(String::with_capacity(64), |mut out, b| {
                out.push_str(&format!("{b:02x}"));
                out
            })
        }))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<Fingerprint>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|hex| {
                let mut out = [0u8; 32];
                let ok = hex.len() == 64
                    && out.iter_mut().enumerate().all(|(i, b)| {
                        hex.get(2 * i..2 * i + 2)
                            .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                            .map(|v| *b = v)
                            .is_some()
                    });
                ok.then_some(out)
                    .ok_or_else(|| D::Error::custom(format!("not a 32-byte digest: {hex:?}")))
            })
            .collect()
    }
}
