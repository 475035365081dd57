//! A small JSON value tree: what every reader in this crate parses from.
//!
//! Why not `serde_json::Value`: it turns `NaN` and `Infinity` (which JS objects can
//! carry) into `null`, so a reader could not tell the user their number was not
//! finite; it has no nesting limit when fed from a JS object graph (a cyclic object
//! would recurse forever); and its objects are `BTreeMap`s, slower to build than the
//! short ordered lists metrics objects are.

use alloc::string::String;
use alloc::vec::Vec;

/// Deepest nesting accepted when building a [`Value`] (arrays and objects).
///
/// LiveKit payloads nest at most 5 levels; a session report about 8. Anything
/// deeper is rejected with [`crate::ErrorCode::TooDeep`] instead of exhausting the
/// stack (cyclic JS objects land here).
pub const MAX_DEPTH: usize = 64;

/// A parsed JSON (or JS) value.
///
/// Numbers are `f64` and may be non-finite when the value came from a JS object;
/// readers reject those with [`crate::ErrorCode::NotFinite`]. Objects keep their
/// keys in input order; when a key repeats, the last one wins (as in `JSON.parse`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` (and JS `undefined`).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, as `(key, value)` pairs in input order.
    Object(Vec<(String, Value)>),
}

/// The JSON type of a [`Value`], used in error reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum JsonType {
    /// `null` or absent.
    Null,
    /// `true` / `false`.
    Boolean,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    /// The lowercase name (`"number"`, `"object"`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

impl Value {
    /// The JSON type of this value.
    pub fn json_type(&self) -> JsonType {
        match self {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    /// The value under `key` if this is an object that has it (last one wins).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(pairs) => pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The `(key, value)` pairs, if this is an object.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(pairs) => Some(pairs),
            _ => None,
        }
    }
}

/// Whether `n` is a whole number of magnitude at most 2^53, so that an `i64` (and a JS
/// number) holds it exactly. Every `f64` in that range converts to `i64` exactly, so
/// the round trip is a whole-number test. (`f64::fract` is not in `core`.)
pub(crate) fn is_whole(n: f64) -> bool {
    n.abs() <= 9_007_199_254_740_992.0 && (n as i64) as f64 == n
}

#[cfg(feature = "serde")]
mod serde_impls {
    use super::{Value, MAX_DEPTH};
    use alloc::string::String;
    use alloc::vec::Vec;
    use core::fmt;
    use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
    use serde::ser::{SerializeMap, SerializeSeq};

    /// Marker message of the depth error, recognised by the JSON entry points.
    pub(crate) const TOO_DEEP: &str = "value nests deeper than the limit";
    /// Marker message of a failed reservation, recognised by the JSON entry points.
    pub(crate) const TOO_LARGE: &str = "no memory for the parsed value";

    /// Pushes `x`, reserving room first: no memory is an error, not an abort.
    fn try_push<T, E: de::Error>(v: &mut Vec<T>, x: T) -> Result<(), E> {
        if v.len() == v.capacity() {
            v.try_reserve(1).map_err(|_| E::custom(TOO_LARGE))?;
        }
        v.push(x);
        Ok(())
    }

    impl<'de> serde::Deserialize<'de> for Value {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            ValueSeed::new(0).deserialize(d)
        }
    }

    /// Parses one [`Value`] whose parent sits at nesting `depth` (0 for a document).
    #[derive(Clone, Copy)]
    pub(crate) struct ValueSeed {
        pub(crate) depth: usize,
    }

    impl ValueSeed {
        /// A parser for a value under nesting `depth`.
        pub(crate) const fn new(depth: usize) -> Self {
            ValueSeed { depth }
        }
    }

    impl<'de> DeserializeSeed<'de> for ValueSeed {
        type Value = Value;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for ValueSeed {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v as f64))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v as f64))
        }
        fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
            Ok(Value::Number(v as f64))
        }
        fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
            Ok(Value::Number(v as f64))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(Value::Number(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(String::from(v)))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            self.deserialize(d)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let depth = self.depth + 1;
            if depth > MAX_DEPTH {
                return Err(de::Error::custom(TOO_DEEP));
            }
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
            while let Some(v) = seq.next_element_seed(ValueSeed::new(depth))? {
                try_push(&mut items, v)?;
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let depth = self.depth + 1;
            if depth > MAX_DEPTH {
                return Err(de::Error::custom(TOO_DEEP));
            }
            let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
            while let Some(k) = map.next_key::<String>()? {
                let v = map.next_value_seed(ValueSeed::new(depth))?;
                try_push(&mut pairs, (k, v))?;
            }
            Ok(Value::Object(pairs))
        }
    }

    impl serde::Serialize for Value {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            match self {
                Value::Null => s.serialize_unit(),
                Value::Bool(b) => s.serialize_bool(*b),
                // Integral values print as integers (`300`, not `300.0`), as the input had them.
                Value::Number(n) if super::is_whole(*n) => s.serialize_i64(*n as i64),
                Value::Number(n) => s.serialize_f64(*n),
                Value::String(v) => s.serialize_str(v),
                Value::Array(items) => {
                    let mut seq = s.serialize_seq(Some(items.len()))?;
                    for item in items {
                        seq.serialize_element(item)?;
                    }
                    seq.end()
                }
                Value::Object(pairs) => {
                    let mut map = s.serialize_map(Some(pairs.len()))?;
                    for (k, v) in pairs {
                        map.serialize_entry(k, v)?;
                    }
                    map.end()
                }
            }
        }
    }
}

#[cfg(feature = "serde")]
pub(crate) use serde_impls::{ValueSeed, TOO_DEEP, TOO_LARGE};
