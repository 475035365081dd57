//! `normalizeMetrics(input, options?)`: LiveKit metrics events → canonical records.

use wasm_bindgen::prelude::*;

use super::error::BindingError;
use super::input::{read_input, Input};
use super::js_value::JsLimits;
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
    let (options, limits) = NormalizeMetricsOptions::from_js_with_limits(options)?;
    let report = normalize_input(input, &options, limits)?;
    Ok(to_js(&report)?)
}

/// Dispatches on the input's JS type: text, bytes, or a JS object graph.
pub(super) fn normalize_input(
    input: JsValue,
    options: &NormalizeOptions,
    limits: JsLimits,
) -> Result<NormalizeReport, BindingError> {
    Ok(match read_input(&input, limits, false)? {
        Input::Text(bytes) => normalize_json(&bytes, options)?,
        Input::Value(value) => normalize_batch(&value, options)?,
    })
}

/// Copies a JS value into a [`Value`] tree, depth-limited (a cyclic object is
/// `TooDeep`, not a stack overflow), catching every JS exception on the way (see
/// [`super::js_value`]).
pub(super) fn js_to_value(input: JsValue) -> Result<Value, BindingError> {
    super::js_value::js_to_value(&input)
}
