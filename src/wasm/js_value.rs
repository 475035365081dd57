//! JS values → [`Value`] trees or bytes, safely: no JS exception ever unwinds through
//! wasm, and no input makes the instance allocate more than the call's limits.
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
//! Bytes (`Uint8Array`, `ArrayBuffer`) are measured and copied with the built-in
//! getters and `set` of `%TypedArray%.prototype` / `ArrayBuffer.prototype`, applied
//! to the value: never through the value's own (possibly overridden) `length`, so a
//! subclass or a `Proxy` cannot make the instance allocate what it likes.
//!
//! Limits (documented in `docs/errors.md`): nesting deeper than
//! [`crate::MAX_DEPTH`] (or a cycle) is `TooDeep`; an array longer than
//! [`MAX_ARRAY_ITEMS`] is `OutOfRange`; more than [`JsLimits::max_nodes`] values, or
//! more than [`JsLimits::max_input_bytes`] bytes of text, strings and keys, read in
//! one call is `TooLarge` (a sub-array reached twice counts twice), checked before the
//! memory is allocated; `BigInt`, symbols and functions are `WrongType`.

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
use alloc::vec;
use alloc::vec::Vec;
use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;

use super::error::BindingError;
use crate::error::{ErrorCode, NormalizeError};
use crate::value::{Value, MAX_DEPTH};

/// The longest JS array accepted as input (2^24 items): a sparse `new Array(2 ** 32 - 1)`
/// would otherwise be walked item by item.
pub(crate) const MAX_ARRAY_ITEMS: u32 = 1 << 24;

/// Default of the `maxNodes` option: values (numbers, strings, arrays, objects, object
/// entries) read from JS in one call.
pub(crate) const DEFAULT_MAX_NODES: f64 = 10_000_000.0;
/// Default of the `maxInputBytes` option: bytes read from JS in one call (JSON text, or
/// the strings and keys of a JS object), 256 MiB.
pub(crate) const DEFAULT_MAX_INPUT_BYTES: f64 = 268_435_456.0;
/// The largest `maxNodes` accepted (each value takes tens of bytes of wasm memory).
const MAX_MAX_NODES: f64 = 100_000_000.0;
/// The largest `maxInputBytes` accepted, 1 GiB (wasm32 memory is 4 GiB in all).
const MAX_MAX_INPUT_BYTES: f64 = 1_073_741_824.0;

/// How much one call may read from JS (the `maxNodes` / `maxInputBytes` options).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct JsLimits {
    /// Values read in one call.
    pub(crate) max_nodes: u64,
    /// Bytes read in one call.
    pub(crate) max_input_bytes: u64,
}

impl Default for JsLimits {
    fn default() -> Self {
        JsLimits {
            max_nodes: DEFAULT_MAX_NODES as u64,
            max_input_bytes: DEFAULT_MAX_INPUT_BYTES as u64,
        }
    }
}

impl JsLimits {
    /// Reads `maxNodes` and `maxInputBytes` from an options object (absent, `undefined`
    /// or `null`: the defaults). `options` is already known to be an object or nothing.
    pub(crate) fn from_options(options: &JsValue) -> Result<JsLimits, BindingError> {
        let mut limits = JsLimits::default();
        if !options.is_object() {
            return Ok(limits);
        }
        // One message per option and no `format!`: this is code in the size-budgeted
        // web build.
        for (key, max, message) in [
            (
                "maxNodes",
                MAX_MAX_NODES,
                "maxNodes must be a whole number from 1 to 100,000,000",
            ),
            (
                "maxInputBytes",
                MAX_MAX_INPUT_BYTES,
                "maxInputBytes must be a whole number from 1 to 1,073,741,824 (1 GiB)",
            ),
        ] {
            // A getter that throws reads as a non-number: `WrongType`.
            let v = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::FALSE);
            if v.is_undefined() || v.is_null() {
                continue;
            }
            let n = v.as_f64().unwrap_or(0.0);
            if !(1.0..=max).contains(&n) || (n as u64) as f64 != n {
                let code = if v.as_f64().is_some() {
                    ErrorCode::OutOfRange
                } else {
                    ErrorCode::WrongType
                };
                return Err(BindingError::new(code, message.into()).with_field(key));
            }
            if key == "maxNodes" {
                limits.max_nodes = n as u64;
            } else {
                limits.max_input_bytes = n as u64;
            }
        }
        Ok(limits)
    }
}

/// What one call has read so far, against its [`JsLimits`].
pub(crate) struct Budget {
    limits: JsLimits,
    nodes: u64,
    bytes: u64,
}

impl Budget {
    pub(crate) fn new(limits: JsLimits) -> Budget {
        Budget {
            limits,
            nodes: 0,
            bytes: 0,
        }
    }

    /// Takes one value from the budget, or fails with `TooLarge`.
    fn node(&mut self) -> Result<(), BindingError> {
        self.room(1)?;
        self.nodes = self.nodes.saturating_add(1);
        Ok(())
    }

    /// Checks that `n` more values fit (an array's items, before they are read).
    fn room(&self, n: u64) -> Result<(), BindingError> {
        match self.nodes.checked_add(n) {
            Some(total) if total <= self.limits.max_nodes => Ok(()),
            _ => Err(too_large(
                "the input has more values than maxNodes allows (a value reached twice counts twice)",
            )),
        }
    }

    /// Takes `n` bytes from the budget, or fails with `TooLarge` (taking nothing).
    pub(crate) fn bytes(&mut self, n: u64) -> Result<(), BindingError> {
        match self.bytes.checked_add(n) {
            Some(total) if total <= self.limits.max_input_bytes => {
                self.bytes = total;
                Ok(())
            }
            _ => Err(self.bytes_error()),
        }
    }

    pub(crate) fn bytes_error(&self) -> BindingError {
        too_large("the input has more bytes than maxInputBytes allows")
    }

    /// Bytes still available.
    pub(crate) fn bytes_left(&self) -> u64 {
        self.limits.max_input_bytes.saturating_sub(self.bytes)
    }
}

fn too_large(message: &str) -> BindingError {
    BindingError::new(ErrorCode::TooLarge, message.into())
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Object, js_name = entries, catch)]
    fn object_entries(v: &JsValue) -> Result<Array, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn array_is_array(v: &JsValue) -> Result<bool, JsValue>;
    /// The built-in `%TypedArray%.prototype.set`.
    type BuiltinSet;
    /// `Function.prototype.call` on it, with a view of wasm memory as `this`: copies
    /// the source's bytes straight into a Rust buffer.
    #[wasm_bindgen(method, js_name = call, catch)]
    fn call_set(set: &BuiltinSet, dest: &mut [u8], src: &JsValue) -> Result<JsValue, JsValue>;
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

/// The built-in functions bytes are read with (this realm's; they work on typed arrays
/// and buffers of any realm).
struct Intrinsics {
    /// `%TypedArray%.prototype[Symbol.toStringTag]` getter: `"Uint8Array"` for a real
    /// `Uint8Array` (or subclass, `Buffer`), `undefined` for anything else, never throws.
    tag: Function,
    /// `%TypedArray%.prototype.byteLength` getter (0 when detached).
    typed_byte_length: Function,
    /// `%TypedArray%.prototype.buffer` getter.
    typed_buffer: Function,
    /// `%TypedArray%.prototype.set`.
    set: Function,
    /// `ArrayBuffer.prototype.byteLength` getter (throws unless a real `ArrayBuffer`).
    buffer_byte_length: Function,
    /// The `Uint8Array` constructor.
    uint8array: Function,
}

fn own(target: &JsValue, key: &JsValue, part: &str) -> Option<Function> {
    let desc =
        Reflect::get_own_property_descriptor(target.unchecked_ref::<js_sys::Object>(), key).ok()?;
    Reflect::get(&desc, &JsValue::from_str(part))
        .ok()?
        .dyn_into()
        .ok()
}

impl Intrinsics {
    fn load() -> Option<Intrinsics> {
        let u8 = js_sys::Uint8Array::new_with_length(0);
        let u8_proto = Reflect::get_prototype_of(&u8).ok()?;
        let typed = Reflect::get_prototype_of(&u8_proto).ok()?;
        let ab_proto = Reflect::get_prototype_of(&u8.buffer()).ok()?;
        let to_string_tag = js_sys::Symbol::to_string_tag();
        Some(Intrinsics {
            tag: own(&typed, &to_string_tag, "get")?,
            typed_byte_length: own(&typed, &"byteLength".into(), "get")?,
            typed_buffer: own(&typed, &"buffer".into(), "get")?,
            set: own(&typed, &"set".into(), "value")?,
            buffer_byte_length: own(&ab_proto, &"byteLength".into(), "get")?,
            uint8array: own(&u8_proto, &"constructor".into(), "value")?,
        })
    }
}

std::thread_local! {
    /// Loaded once per instance (wasm has one thread); `None` only in a JS engine
    /// without typed arrays, where no input is bytes.
    static INTRINSICS: Option<Intrinsics> = Intrinsics::load();
}

fn apply(f: &Function, this: &JsValue) -> Result<JsValue, JsValue> {
    Reflect::apply(f, this, &Array::new())
}

fn not_bytes() -> BindingError {
    wrong("an object that inherits from Uint8Array or ArrayBuffer but is not one (a Proxy?)")
}

/// Bytes read from a real `Uint8Array` or `ArrayBuffer`: `Ok(None)` when `v` is neither;
/// `TooLarge` over the budget, `WrongType` for a detached buffer or an object that
/// claims to be bytes without being them (a `Proxy` of a `Uint8Array`).
pub(crate) fn bytes_of(v: &JsValue, budget: &mut Budget) -> Result<Option<Vec<u8>>, BindingError> {
    if !v.is_object() {
        return Ok(None);
    }
    INTRINSICS.with(|i| {
        let Some(i) = i else { return Ok(None) };
        let is_u8 =
            apply(&i.tag, v).ok().and_then(|t| t.as_string()).as_deref() == Some("Uint8Array");
        let (len, view) = if is_u8 {
            let len = apply(&i.typed_byte_length, v).map_err(|_| threw("byteLength"))?;
            (len.as_f64().unwrap_or(0.0), v.clone())
        } else if v.is_instance_of::<js_sys::ArrayBuffer>() {
            // The built-in getter throws unless `v` really is an `ArrayBuffer`.
            let len = apply(&i.buffer_byte_length, v).map_err(|_| not_bytes())?;
            let view = Reflect::construct(&i.uint8array, &Array::of1(v))
                .map_err(|_| wrong("a detached ArrayBuffer"))?;
            (len.as_f64().unwrap_or(0.0), view)
        } else if v.is_instance_of::<js_sys::Uint8Array>() {
            return Err(not_bytes());
        } else {
            return Ok(None);
        };
        if len == 0.0 && is_u8 {
            // A detached view reads as empty: tell it apart from an empty one.
            let buffer = apply(&i.typed_buffer, v).map_err(|_| threw("buffer"))?;
            Reflect::construct(&i.uint8array, &Array::of1(&buffer))
                .map_err(|_| wrong("a Uint8Array whose buffer is detached"))?;
        }
        budget.bytes(len as u64)?;
        let mut out = vec![0u8; len as usize];
        i.set
            .unchecked_ref::<BuiltinSet>()
            .call_set(&mut out, &view)
            .map_err(|_| threw("copying the bytes"))?;
        Ok(Some(out))
    })
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

/// Copies a JS value into a [`Value`] tree with the default limits (options, labels,
/// price tables: see the module docs for the rules).
pub(crate) fn js_to_value(v: &JsValue) -> Result<Value, BindingError> {
    convert(v, 0, &mut Budget::new(JsLimits::default()))
}

/// Copies a JS value into a [`Value`] tree within `budget`.
pub(crate) fn js_to_value_within(v: &JsValue, budget: &mut Budget) -> Result<Value, BindingError> {
    convert(v, 0, budget)
}

/// A JS string (primitive) as a Rust string, its bytes taken from the budget (its
/// length is checked before the copy: at least one byte per UTF-16 unit).
fn string(s: &js_sys::JsString, budget: &mut Budget) -> Result<String, BindingError> {
    if u64::from(s.length()) > budget.bytes_left() {
        return Err(budget.bytes_error());
    }
    let text = String::from(s);
    budget.bytes(text.len() as u64)?;
    Ok(text)
}

fn convert(v: &JsValue, depth: usize, budget: &mut Budget) -> Result<Value, BindingError> {
    budget.node()?;
    // Numbers and strings first: they are most of a metrics event, and every test is a
    // call through wasm-bindgen's glue (12 % fewer instructions per `push`, BENCHMARKS.md).
    // The types are disjoint, so the order changes no result.
    if let Some(n) = v.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(s) = v.dyn_ref::<js_sys::JsString>() {
        return Ok(Value::String(string(s, budget)?));
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
        // Every item is a value: checked before anything is read or allocated.
        budget.room(u64::from(len))?;
        let mut items = Vec::with_capacity(len.min(4096) as usize);
        for i in 0..len {
            let item = Reflect::get_u32(v, i).map_err(|_| threw("an array item"))?;
            items.push(convert(&item, depth.saturating_add(1), budget)?);
        }
        return Ok(Value::Array(items));
    }
    // Any other object: its own enumerable string-keyed properties (getters run here,
    // inside `Object.entries`, where a throw is caught).
    let entries = object_entries(v).map_err(|_| threw("reading a property"))?;
    budget.room(u64::from(entries.length()))?;
    let mut pairs = Vec::with_capacity(entries.length().min(256) as usize);
    for pair in entries.iter() {
        let pair: Array = pair.unchecked_into();
        let key = pair.get(0);
        let key = match key.dyn_ref::<js_sys::JsString>() {
            Some(k) => string(k, budget)?,
            None => String::new(),
        };
        pairs.push((key, convert(&pair.get(1), depth.saturating_add(1), budget)?));
    }
    Ok(Value::Object(pairs))
}
