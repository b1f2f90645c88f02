//! The encoding against JSON: what JSON tells apart gets different digests, what it does not
//! the same, on the seed models and on random trees.

use super::*;
use apiscrape_model::Api;
use apiscrape_test_support::{seed_model, Seed};
use proptest::prelude::*;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn d(value: &impl Serialize) -> Fingerprint {
    digest(value).unwrap()
}

#[test]
fn a_seed_model_read_back_from_its_json_has_its_digest() {
    for seed in Seed::ALL {
        let api = seed_model(seed);
        let back: Api = serde_json::from_str(&serde_json::to_string(&api).unwrap()).unwrap();
        assert_eq!(d(&api), d(&back), "{seed:?}");
    }
}

/// Every leaf of a seed model's JSON changed in turn (a string lengthened, a boolean flipped, a
/// number raised): each change the model can hold changes the digest.
#[test]
fn every_fact_of_a_seed_model_is_in_its_digest() {
    fn leaves(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    leaves(item, format!("{at}/{i}"), out);
                }
            }
            Value::Object(map) => {
                for (key, item) in map {
                    leaves(
                        item,
                        format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
            _ => out.push(at),
        }
    }
    for seed in Seed::ALL {
        let api = seed_model(seed);
        let json = serde_json::to_value(&api).unwrap();
        let original = d(&api);
        let mut at = Vec::new();
        leaves(&json, String::new(), &mut at);
        let mut changed = 0;
        for pointer in &at {
            let mut edited = json.clone();
            let leaf = edited.pointer_mut(pointer).unwrap();
            *leaf = match leaf {
                Value::String(s) => Value::from(format!("{s}x")),
                Value::Bool(b) => Value::from(!*b),
                Value::Number(n) => Value::from(n.as_u64().map_or(7, |n| n + 1)),
                Value::Null => continue,
                _ => unreachable!("a leaf"),
            };
            let Ok(edited_api) = serde_json::from_value::<Api>(edited) else {
                continue;
            };
            if serde_json::to_value(&edited_api).unwrap() == json {
                continue;
            }
            assert_ne!(d(&edited_api), original, "{seed:?} {pointer}");
            changed += 1;
        }
        // Enum names and nulls cannot be edited this way; most leaves are texts.
        assert!(
            changed * 2 > at.len(),
            "{seed:?}: {changed} of {}",
            at.len()
        );
    }
}

#[test]
fn a_changed_fact_changes_the_digest() {
    let api = seed_model(Seed::Caliber);
    let mut changed = api.clone();
    changed.operations[0].summary = Some("Another summary.".to_string());
    assert_ne!(d(&api), d(&changed));
    let mut changed = api.clone();
    changed.operations[0].path.push_str("/more");
    assert_ne!(d(&api), d(&changed));
}

#[test]
fn what_json_does_not_tell_apart_shares_a_digest() {
    #[derive(Serialize)]
    struct Point {
        x: u8,
        y: Option<i32>,
    }
    #[derive(Serialize)]
    enum Kind {
        Plain,
        Wrapped(u16),
        Pair(u8, u8),
        Named { a: bool },
    }
    #[derive(Serialize)]
    struct Newtype(String);
    assert_eq!(d(&Point { x: 1, y: None }), d(&json!({"x": 1, "y": null})));
    assert_eq!(
        d(&Point { x: 1, y: Some(-3) }),
        d(&json!({"x": 1, "y": -3}))
    );
    assert_eq!(d(&Some(5u8)), d(&5u64));
    assert_eq!(d(&5i128), d(&5u16));
    assert_eq!(d(&()), d(&None::<u8>));
    assert_eq!(d(&Kind::Plain), d(&"Plain"));
    assert_eq!(d(&Kind::Wrapped(7)), d(&json!({"Wrapped": 7})));
    assert_eq!(d(&Kind::Pair(1, 2)), d(&json!({"Pair": [1, 2]})));
    assert_eq!(
        d(&Kind::Named { a: true }),
        d(&json!({"Named": {"a": true}}))
    );
    assert_eq!(d(&Newtype("n".into())), d(&"n"));
    assert_eq!(d(&'c'), d(&"c"));
    assert_eq!(d(&(1u8, "t")), d(&json!([1, "t"])));
    assert_eq!(d(&f64::NAN), d(&Value::Null));
    assert_eq!(d(&2.5f32), d(&2.5f64));
    let long = "x".repeat(3 * FLUSH_AT + 17);
    assert_eq!(
        d(&vec![long.clone(), long.clone()]),
        d(&json!([long, long]))
    );
}

#[test]
fn what_json_tells_apart_does_not_share_a_digest() {
    let pairs = [
        (json!(["ab"]), json!(["a", "b"])),
        (json!([[1], []]), json!([[], [1]])),
        (json!({"a": null}), json!({})),
        (json!({"a": "b"}), json!({"ab": ""})),
        (json!(""), Value::Null),
        (json!("N"), Value::Null),
        (json!(1), json!(1.0)),
        (json!(-1), json!(u64::MAX)),
        (json!(false), json!(0)),
        (json!([{}]), json!({"": []})),
    ];
    for (a, b) in pairs {
        assert_ne!(d(&a), d(&b), "{a} and {b}");
    }
    let mut numbered = BTreeMap::new();
    numbered.insert(1u8, "one");
    assert_ne!(
        d(&numbered),
        d(&json!({"1": "one"})),
        "map keys keep their type"
    );
}

#[test]
fn update_returns_the_length_of_what_it_fed() {
    let mut hasher = blake3::Hasher::new();
    // `[`, `s` + 8 length bytes + 2 bytes, `u` + 8 bytes, `]`.
    assert_eq!(update(&mut hasher, &("ab", 3u8)).unwrap(), 1 + 11 + 9 + 1);
    let long = "y".repeat(2 * FLUSH_AT);
    assert_eq!(update(&mut hasher, &long).unwrap(), 9 + long.len() as u64);
}

#[test]
fn an_error_of_the_value_is_returned() {
    struct Fails;
    impl Serialize for Fails {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no"))
        }
    }
    assert_eq!(
        digest(&vec![Fails]).unwrap_err().to_string(),
        "cannot digest the value: no"
    );
}

/// JSON values over a small alphabet, so equal and nearly equal trees are common.
fn small_values() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-2i64..3).prop_map(Value::from),
        prop_oneof![Just(0.5f64), Just(1.0)].prop_map(Value::from),
        "[ab]{0,2}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
            prop::collection::btree_map("[ab]{0,1}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn two_values_share_a_digest_exactly_when_their_json_is_equal(
        a in small_values(),
        b in small_values(),
    ) {
        let text = |v: &Value| serde_json::to_string(v).unwrap();
        prop_assert_eq!(d(&a) == d(&b), text(&a) == text(&b));
    }
}
