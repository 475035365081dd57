//! The one input dispatch: an input argument as JSON text or as a JS value.

use alloc::vec::Vec;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::BindingError;
use super::js_value::{bytes_of, guard, js_to_value_within, Budget, JsLimits};
use crate::error::ErrorCode;
use crate::value::Value;

/// An input argument, read within the call's [`JsLimits`].
pub(crate) enum Input {
    /// JSON text: a string's UTF-8 bytes, or a `Uint8Array`'s / `ArrayBuffer`'s bytes.
    Text(Vec<u8>),
    /// Any other value, copied into a [`Value`] tree.
    Value(Value),
}

/// Reads `v`: text or bytes as [`Input::Text`], anything else as [`Input::Value`]
/// (through its `toJSON()` when `to_json` and it has one, as SDK class instances).
pub(crate) fn read_input(
    v: &JsValue,
    limits: JsLimits,
    to_json: bool,
) -> Result<Input, BindingError> {
    let mut budget = Budget::new(limits);
    if let Some(text) = super::text::string_bytes(v, &mut budget) {
        return text.map(Input::Text);
    }
    guard(v)?;
    if let Some(bytes) = bytes_of(v, &mut budget)? {
        return Ok(Input::Text(bytes));
    }
    if to_json && v.is_object() {
        let f = js_sys::Reflect::get(v, &JsValue::from_str("toJSON"))
            .map_err(|_| BindingError::new(ErrorCode::WrongType, "reading toJSON threw".into()))?;
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let plain = f
                .call0(v)
                .map_err(|_| BindingError::new(ErrorCode::WrongType, "toJSON() threw".into()))?;
            return js_to_value_within(&plain, &mut budget).map(Input::Value);
        }
    }
    js_to_value_within(v, &mut budget).map(Input::Value)
}
