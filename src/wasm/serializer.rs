//! The one serializer every value returned to JS goes through: JSON text written in
//! wasm, then one `JSON.parse` on the JS side.
//!
//! Why not a serializer that builds JS objects field by field (serde-wasm-bindgen):
//! every property is then a call across the wasm/JS boundary, and every output type
//! instantiates that serializer's code again. Writing JSON is a straight loop over
//! bytes, crosses once, and `JSON.parse` builds the objects natively; it measured both
//! smaller (one serde monomorphization per type, and `serde_wasm_bindgen::ser` gone)
//! and faster (see BENCHMARKS.md).
//!
//! What JS gets, matching what the tsify-generated types say:
//! - `Option::None` fields are omitted (they are `skip_serializing_if`): TS optional
//!   properties; `None` inside an array (`valuesMs`) is `null`;
//! - maps (the raw object of an unknown metric) are plain objects, never `Map`s;
//! - `u64` counts are `number`s (the core rejects counts above 2^53, so every one is
//!   exact); a value that did not fit would be an `OutOfRange` error, never rounded;
//! - a non-finite number (only possible in an unknown metric's `raw`, from a JS object
//!   holding `NaN`) is `null`, as `JSON.stringify` writes it.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;
use std::io;
use wasm_bindgen::JsValue;

use super::error::BindingError;
use crate::error::ErrorCode;

/// 2^53: the largest integer every JS number above holds exactly.
const MAX_SAFE: u64 = 1 << 53;

/// serde_json's compact output, with integers checked against 2^53 and floats written
/// by `core::fmt` (shortest round-trip digits, as `JSON.parse` reads them back: the
/// same `f64`), so the float formatter is the one error messages already link.
struct JsFormatter;

fn too_big() -> io::Error {
    io::Error::other("a 64-bit integer above 2^53 cannot be a JS number exactly")
}

impl serde_json::ser::Formatter for JsFormatter {
    fn write_u64<W: ?Sized + io::Write>(&mut self, w: &mut W, v: u64) -> io::Result<()> {
        if v > MAX_SAFE {
            return Err(too_big());
        }
        write!(w, "{v}")
    }
    fn write_i64<W: ?Sized + io::Write>(&mut self, w: &mut W, v: i64) -> io::Result<()> {
        if v.unsigned_abs() > MAX_SAFE {
            return Err(too_big());
        }
        write!(w, "{v}")
    }
    fn write_f64<W: ?Sized + io::Write>(&mut self, w: &mut W, v: f64) -> io::Result<()> {
        write!(w, "{v}")
    }
    fn write_f32<W: ?Sized + io::Write>(&mut self, w: &mut W, v: f32) -> io::Result<()> {
        write!(w, "{v}")
    }
}

/// `value` as JSON text (the serializer behind [`to_js`]).
pub(crate) fn to_json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, BindingError> {
    let mut out = Vec::with_capacity(512);
    value
        .serialize(&mut serde_json::Serializer::with_formatter(
            &mut out,
            JsFormatter,
        ))
        .map_err(|e| BindingError::new(ErrorCode::OutOfRange, alloc::format!("{e}")))?;
    // serde_json writes UTF-8 only.
    String::from_utf8(out)
        .map_err(|_| BindingError::new(ErrorCode::OutOfRange, String::from("output is not UTF-8")))
}

/// Serializes `value` to a JS value: JSON text, then `JSON.parse`.
///
/// The only way this can fail is a 64-bit number above 2^53, which the core never
/// produces; it is reported as `RangeError` `OutOfRange` rather than trusted away.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, BindingError> {
    let text = to_json_text(value)?;
    if text == "[]" {
        // The common answer of `push` (no turn completed): no text to hand over.
        return Ok(js_sys::Array::new().into());
    }
    js_sys::JSON::parse(&text).map_err(|_| {
        BindingError::new(
            ErrorCode::OutOfRange,
            String::from("JSON.parse rejected the output"),
        )
    })
}
