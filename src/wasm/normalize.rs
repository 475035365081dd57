//! `normalizeMetrics(input, options?)`: LiveKit metrics events → canonical records.

use alloc::vec::Vec;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::BindingError;
use super::options::NormalizeMetricsOptions;
use super::serializer::to_js;
use crate::normalize::{normalize_batch, normalize_json, NormalizeOptions, NormalizeReport};
use crate::value::Value;

/// Normalizes LiveKit Agents metrics events, from the Python or the Node SDK, into
/// canonical records: milliseconds everywhere (`ttftMs`, `audioDurationMs`), epoch
/// milliseconds for `timestampMs`, camelCase keys, and "none" sentinels such as
/// `ttft: -1` turned into an absent property.
///
/// `input` is one event or an array of events, as JS objects (a bare metrics object,
/// a `metrics_collected` event, or any wrapper holding it under `metrics`; dialects
/// may be mixed unless `options.dialect` is given), or the same as JSON text: a
/// string or UTF-8 bytes (`Uint8Array`, `ArrayBuffer`) holding a JSON array, one
/// JSON object, or JSON lines (one event per line, blank lines ignored).
///
/// Metrics types this version does not know are kept as `{ type: 'unknown' }`
/// records and counted in `unknownTypes`; they are never an error.
///
/// Throws a `TypeError` (bad shape: `NotAnObject`, `MissingField`, `WrongType`,
/// `InvalidJson`, `UnknownDialect`, `DialectMismatch`, `TooDeep`) or a `RangeError`
/// (bad value: `NotFinite`, `NegativeDuration`, `NegativeCount`, `NotAnInteger`,
/// `OutOfRange`) whose `code` says which, with `field` and `index` when known. With
/// `onInvalid: 'skip'` bad events are listed in `skipped` instead of thrown.
///
/// @example
/// ```js
/// const { records } = normalizeMetrics({
///   type: 'llm_metrics', timestamp: 1795280003.62, duration: 0.802, ttft: 0.353,
///   cancelled: false, completion_tokens: 13, prompt_tokens: 1116, speech_id: 'speech_1',
/// });
/// records[0].metric.ttftMs; // 353
/// records[0].dialect;       // 'python'
/// ```
#[wasm_bindgen(
    js_name = normalizeMetrics,
    unchecked_return_type = "NormalizeReport",
    return_description = "the canonical records, the skipped events and the unknown metrics types"
)]
pub fn normalize_metrics(
    #[wasm_bindgen(
        unchecked_param_type = "MetricsInput",
        param_description = "one event, an array of events, or JSON text (string or bytes)"
    )]
    input: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "NormalizeMetricsOptions",
        param_description = "`dialect` and `onInvalid`; all optional"
    )]
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let options = NormalizeMetricsOptions::from_js(options)?;
    let report = normalize_input(input, &options)?;
    Ok(to_js(&report)?)
}

/// Dispatches on the input's JS type: text, bytes, or a JS object graph.
pub(super) fn normalize_input(
    input: JsValue,
    options: &NormalizeOptions,
) -> Result<NormalizeReport, BindingError> {
    if let Some(bytes) = super::text::string_bytes(&input) {
        return Ok(normalize_json(&bytes, options)?);
    }
    super::js_value::guard(&input)?;
    if let Some(bytes) = input.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(normalize_json(&bytes.to_vec(), options)?);
    }
    if let Some(buffer) = input.dyn_ref::<js_sys::ArrayBuffer>() {
        let bytes: Vec<u8> = js_sys::Uint8Array::new(buffer).to_vec();
        return Ok(normalize_json(&bytes, options)?);
    }
    let value = js_to_value(input)?;
    Ok(normalize_batch(&value, options)?)
}

/// Copies a JS value into a [`Value`] tree, depth-limited (a cyclic object is
/// `TooDeep`, not a stack overflow), catching every JS exception on the way (see
/// [`super::js_value`]).
pub(super) fn js_to_value(input: JsValue) -> Result<Value, BindingError> {
    super::js_value::js_to_value(&input)
}
