//! The one serializer config every value returned to JS goes through.

use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::JsValue;

use super::error::BindingError;
use crate::error::ErrorCode;

/// How Rust values become JS values, matching what the tsify-generated types say:
///
/// - `Option::None` fields are omitted (they are `skip_serializing_if`, and a
///   top-level `None` would be `undefined`, not `null`): TS optional properties;
/// - maps (the raw object of an unknown metric) are plain objects, not `Map`s;
/// - `u64` counts are `number`s (the core rejects counts above 2^53, so every one
///   is exact); a value that did not fit would be an error, never a silent rounding.
pub(crate) const SERIALIZER: Serializer = Serializer::new()
    .serialize_missing_as_null(false)
    .serialize_maps_as_objects(true)
    .serialize_large_number_types_as_bigints(false)
    .serialize_bytes_as_arrays(false);

/// Serializes `value` with [`SERIALIZER`].
///
/// The only way this can fail is a 64-bit number above 2^53, which the core never
/// produces; it is reported as `RangeError` `OutOfRange` rather than trusted away.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, BindingError> {
    value
        .serialize(&SERIALIZER)
        .map_err(|e| BindingError::new(ErrorCode::OutOfRange, alloc::format!("{e}")))
}
