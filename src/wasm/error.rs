//! Core errors → real JS `Error` objects with a stable `code`.
//!
//! Every error the binding layer throws is built here, in [`From<BindingError> for
//! JsValue`](BindingError): a `TypeError` when the input has the wrong *shape*
//! ([`ErrorCode::is_shape_error`]), a `RangeError` when a value is out of its domain.
//! Own properties, so `catch (e) { e.code }` works and `JSON.stringify` shows them:
//!
//! - `code`: [`ErrorCode::as_str`], e.g. `"MissingField"` (stable; match on this);
//! - `field`: the input field at fault, in the input's own spelling (`ttft`, `ttftMs`);
//! - `index`: 0-based position of the bad item in the batch (or JSON line);
//! - `line` / `column`: 1-based position of a JSON syntax error.

use alloc::string::{String, ToString};
use js_sys::Reflect;
use wasm_bindgen::JsValue;

use crate::error::{ErrorCode, ItemError, NormalizeError};

/// An error on its way to JS: everything the thrown object will carry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BindingError {
    code: ErrorCode,
    message: String,
    field: Option<&'static str>,
    index: Option<usize>,
    position: Option<(usize, usize)>,
}

impl BindingError {
    /// An error with a code and a message, and no field or position.
    pub(crate) fn new(code: ErrorCode, message: String) -> Self {
        BindingError {
            code,
            message,
            field: None,
            index: None,
            position: None,
        }
    }

    /// Adds the 1-based line/column of a JSON syntax error.
    pub(crate) fn with_position(mut self, line: usize, column: usize) -> Self {
        self.position = Some((line, column));
        self
    }

    /// Names the input field (or option) at fault.
    pub(crate) fn with_field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }
}

impl From<NormalizeError> for BindingError {
    fn from(error: NormalizeError) -> Self {
        let position = match error {
            NormalizeError::InvalidJson { line, column } => Some((line, column)),
            _ => None,
        };
        BindingError {
            code: error.code(),
            message: error.to_string(),
            field: error.field(),
            index: None,
            position,
        }
    }
}

impl From<ItemError> for BindingError {
    fn from(item: ItemError) -> Self {
        let message = item.to_string();
        BindingError {
            index: Some(item.index),
            message,
            ..BindingError::from(item.error)
        }
    }
}

impl From<BindingError> for JsValue {
    fn from(e: BindingError) -> JsValue {
        let error: JsValue = if e.code.is_shape_error() {
            js_sys::TypeError::new(&e.message).into()
        } else {
            js_sys::RangeError::new(&e.message).into()
        };
        set(&error, "code", e.code.as_str().into());
        if let Some(field) = e.field {
            set(&error, "field", field.into());
        }
        if let Some(index) = e.index {
            set(&error, "index", index_to_js(index));
        }
        if let Some((line, column)) = e.position {
            set(&error, "line", index_to_js(line));
            set(&error, "column", index_to_js(column));
        }
        error
    }
}

impl From<ItemError> for JsValue {
    fn from(e: ItemError) -> JsValue {
        BindingError::from(e).into()
    }
}

/// A `usize` as a JS number (exact: wasm32 `usize` is 32 bits).
fn index_to_js(n: usize) -> JsValue {
    JsValue::from_f64(n as f64)
}

/// Sets an own data property. `Reflect.set` on a fresh, extensible `Error` with a
/// string key cannot fail; if it ever did, the error is still thrown, only without
/// that property, which beats panicking while reporting an error.
fn set(target: &JsValue, key: &str, value: JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), &value);
}
