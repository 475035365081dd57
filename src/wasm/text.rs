//! JSON text handed in as a JS string, as UTF-8 bytes with one native copy.
//!
//! wasm-bindgen's own string passing (`String` arguments, `JsValue::as_string`) copies
//! ASCII character by character in a JS loop before falling back to
//! `TextEncoder.encodeInto`; on a session report that loop profiled as a quarter of
//! the whole analysis. `TextEncoder.encode` converts in native code, and the copy into
//! wasm memory is one `Uint8Array.set`. Lone surrogates become U+FFFD either way.

use alloc::vec::Vec;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The global `TextEncoder` (Node ≥ 11, every browser and worker).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method)]
    fn encode(this: &TextEncoder, text: &JsValue) -> Uint8Array;
}

std::thread_local! {
    /// One encoder for the instance (wasm has one thread).
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// The UTF-8 bytes of `input` if it is a string; `None` otherwise.
pub(crate) fn string_bytes(input: &JsValue) -> Option<Vec<u8>> {
    input
        .is_string()
        .then(|| ENCODER.with(|e| e.encode(input).to_vec()))
}
