//! JSON text handed in as a JS string, as UTF-8 bytes with one native conversion.
//!
//! wasm-bindgen's own string passing (`String` arguments, `JsValue::as_string`) copies
//! ASCII character by character in a JS loop before falling back to
//! `TextEncoder.encodeInto`; on a session report that loop profiled as a quarter of
//! the whole analysis. Here `TextEncoder.encodeInto` writes straight into a buffer in
//! wasm memory (wasm-bindgen passes a `&mut [u8]` to an import as a view of that
//! memory): no intermediate `Uint8Array` and no second copy (`encode` + `set` took 3×
//! as long on the benchmark corpus). The buffer is sized for the worst case, 3 bytes
//! per UTF-16 unit. Lone surrogates become U+FFFD, as with `encode`.

use alloc::vec;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
}

std::thread_local! {
    /// One encoder for the instance (wasm has one thread).
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// The UTF-8 bytes of `input` if it is a string; `None` otherwise.
pub(crate) fn string_bytes(input: &JsValue) -> Option<Vec<u8>> {
    let text: &js_sys::JsString = input.dyn_ref()?;
    // At most 3 bytes per UTF-16 unit.
    let mut bytes = vec![0u8; text.length() as usize * 3];
    let written = ENCODER.with(|e| e.encode_into(input, &mut bytes).written());
    bytes.truncate(written as usize);
    Some(bytes)
}
