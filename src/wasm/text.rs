//! JSON text handed in as a JS string, as UTF-8 bytes with one native conversion.
//!
//! wasm-bindgen's own string passing (`String` arguments, `JsValue::as_string`) copies
//! ASCII character by character in a JS loop before falling back to
//! `TextEncoder.encodeInto`; on a session report that loop profiled as a quarter of
//! the whole analysis. Here `TextEncoder.encodeInto` writes straight into a buffer in
//! wasm memory (wasm-bindgen passes a `&mut [u8]` to an import as a view of that
//! memory): no intermediate `Uint8Array` and no second copy (`encode` + `set` took 3×
//! as long on the benchmark corpus). The buffer is sized for the worst case, 3 bytes
//! per UTF-16 unit, or the bytes left of the call's `maxInputBytes` when that is less
//! (a string that does not fit is `TooLarge`, found before anything larger is
//! allocated). Lone surrogates become U+FFFD, as with `encode`.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::BindingError;
use super::js_value::{Budget, JsLimits};

#[wasm_bindgen]
extern "C" {
    /// The global `TextEncoder` (Node ≥ 11, every browser and worker).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &JsValue, dest: &mut [u8]) -> EncodeIntoResult;
    /// `{ read, written }`.
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> f64;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> f64;
}

std::thread_local! {
    /// One encoder for the instance (wasm has one thread).
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// The UTF-8 bytes of `input` if it is a string (taken from `budget`: `TooLarge` when
/// they do not fit); `None` otherwise.
pub(crate) fn string_bytes(
    input: &JsValue,
    budget: &mut Budget,
) -> Option<Result<Vec<u8>, BindingError>> {
    let text: &js_sys::JsString = input.dyn_ref()?;
    let units = u64::from(text.length());
    // At least 1 and at most 3 bytes per UTF-16 unit.
    if units > budget.bytes_left() {
        return Some(Err(budget.bytes_error()));
    }
    let room = units.saturating_mul(3).min(budget.bytes_left());
    let mut bytes = vec![0u8; room as usize];
    let (read, written) = ENCODER.with(|e| {
        let r = e.encode_into(input, &mut bytes);
        (r.read(), r.written())
    });
    if read < units as f64 {
        return Some(Err(budget.bytes_error()));
    }
    bytes.truncate(written as usize);
    Some(budget.bytes(written as u64).map(|()| bytes))
}

/// A JS string as Rust text within the default limits (`None` if not a string).
pub(crate) fn string_text(input: &JsValue) -> Option<Result<String, BindingError>> {
    let bytes = string_bytes(input, &mut Budget::new(JsLimits::default()))?;
    // `encodeInto` writes valid UTF-8.
    Some(bytes.map(|b| String::from_utf8(b).unwrap_or_default()))
}
