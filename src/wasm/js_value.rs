//! JS values → [`Value`] trees, safely: no JS exception ever unwinds through wasm.
//!
//! A JS exception thrown inside an import that is not declared `catch` unwinds through
//! the wasm frames without running Rust's drops: allocations leak and, worse, the
//! borrow flags wasm-bindgen keeps for `&self` methods stay set, so the instance
//! throws "recursive use of an object" forever after (a poisoned `SessionMetrics`).
//! Hostile inputs can throw from anywhere: a getter, a `Proxy` trap, a revoked
//! `Proxy` (even `Array.isArray` and `instanceof` throw on one). So every JS operation
//! on user input here goes through an import declared `catch`, and a throw becomes a
//! `TypeError` with code `WrongType`.
//!
//! Limits (documented in `docs/errors.md`): nesting deeper than
//! [`crate::MAX_DEPTH`] (or a cycle) is `TooDeep`; an array longer than
//! [`MAX_ARRAY_ITEMS`] is `OutOfRange`; `BigInt`, symbols and functions are `WrongType`.

// Every value here is untrusted: no indexing, unwrapping or unchecked arithmetic.
#![deny(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use super::error::BindingError;
use crate::error::{ErrorCode, NormalizeError};
use crate::value::{Value, MAX_DEPTH};

/// The longest JS array accepted as input (2^24 items): a sparse `new Array(2 ** 32 - 1)`
/// would otherwise be walked item by item.
pub(crate) const MAX_ARRAY_ITEMS: u32 = 1 << 24;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Object, js_name = entries, catch)]
    fn object_entries(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn array_is_array(v: &JsValue) -> Result<bool, JsValue>;
}

fn threw(what: &str) -> BindingError {
    BindingError::new(
        ErrorCode::WrongType,
        format!("input is not plain JSON data: {what} threw"),
    )
}

fn wrong(what: &str) -> BindingError {
    BindingError::new(
        ErrorCode::WrongType,
        format!("input is not plain JSON data: found {what}"),
    )
}

/// Checks that `v` can be inspected (`instanceof`, `Array.isArray`) without throwing:
/// a revoked `Proxy` or one whose `getPrototypeOf` trap throws is rejected here.
pub(crate) fn guard(v: &JsValue) -> Result<(), BindingError> {
    if v.is_object() || v.is_function() {
        Reflect::get_prototype_of(v).map_err(|_| threw("a Proxy trap"))?;
        array_is_array(v).map_err(|_| threw("a Proxy trap"))?;
    }
    Ok(())
}

/// Whether `v` is an array (`false` for anything that throws on the question).
pub(crate) fn is_array(v: &JsValue) -> bool {
    array_is_array(v).unwrap_or(false)
}

/// Reads plain data of type `T` from a JS value, through a [`Value`] (so hostile input
/// is caught as above) and serde.
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(
    v: &JsValue,
    what: &str,
) -> Result<T, BindingError> {
    let value = js_to_value(v)?;
    let json = serde_json::to_value(&value)
        .map_err(|e| BindingError::new(ErrorCode::WrongType, format!("{what}: {e}")))?;
    serde_json::from_value(json)
        .map_err(|e| BindingError::new(ErrorCode::WrongType, format!("{what}: {e}")))
}

/// Copies a JS value into a [`Value`] tree (see the module docs for the rules).
pub(crate) fn js_to_value(v: &JsValue) -> Result<Value, BindingError> {
    convert(v, 0)
}

fn convert(v: &JsValue, depth: usize) -> Result<Value, BindingError> {
    // Numbers and strings first: they are most of a metrics event, and every test is a
    // call through wasm-bindgen's glue (12 % fewer instructions per `push`, BENCHMARKS.md).
    // The types are disjoint, so the order changes no result.
    if let Some(n) = v.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(s) = v.as_string() {
        return Ok(Value::String(s));
    }
    if v.is_undefined() || v.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Value::Bool(b));
    }
    if v.is_bigint() {
        return Err(wrong("a BigInt (use a number)"));
    }
    if v.is_symbol() {
        return Err(wrong("a symbol"));
    }
    if v.is_function() {
        return Err(wrong("a function"));
    }
    if depth >= MAX_DEPTH {
        return Err(NormalizeError::TooDeep.into());
    }
    if array_is_array(v).map_err(|_| threw("Array.isArray"))? {
        let len = Reflect::get(v, &JsValue::from_str("length")).map_err(|_| threw("length"))?;
        let len = len.as_f64().unwrap_or(0.0);
        if !(0.0..=f64::from(MAX_ARRAY_ITEMS)).contains(&len) {
            return Err(BindingError::new(
                ErrorCode::OutOfRange,
                format!("an array of {len} items is over the limit of {MAX_ARRAY_ITEMS}"),
            ));
        }
        let len = len as u32;
        let mut items = Vec::with_capacity(len.min(4096) as usize);
        for i in 0..len {
            let item = Reflect::get_u32(v, i).map_err(|_| threw("an array item"))?;
            items.push(convert(&item, depth.saturating_add(1))?);
        }
        return Ok(Value::Array(items));
    }
    // Any other object: its own enumerable string-keyed properties (getters run here,
    // inside `Object.entries`, where a throw is caught).
    let entries = object_entries(v).map_err(|_| threw("reading a property"))?;
    let mut pairs = Vec::with_capacity(entries.length().min(256) as usize);
    for pair in entries.iter() {
        let pair: Array = pair.unchecked_into();
        let key: String = pair.get(0).as_string().unwrap_or_default();
        pairs.push((key, convert(&pair.get(1), depth.saturating_add(1))?));
    }
    Ok(Value::Object(pairs))
}
