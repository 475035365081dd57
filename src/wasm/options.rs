//! `NormalizeMetricsOptions`: the options object of `normalizeMetrics`.

use alloc::format;
use serde::Deserialize;
use wasm_bindgen::JsValue;

use super::error::BindingError;
use super::js_value::JsLimits;
use crate::dialect::Dialect;
use crate::error::{ErrorCode, NormalizeError};
use crate::normalize::{NormalizeOptions, OnInvalid};
use crate::value::{JsonType, Value};

/// Options of `normalizeMetrics`. Every property is optional; `{}` and `undefined`
/// mean the defaults.
///
/// @example
/// ```js
/// normalizeMetrics(events, { dialect: 'python', onInvalid: 'skip' });
/// ```
//
// The properties are read as raw `Value`s, not as `Dialect`/`OnInvalid`, so that a
// bad one is reported with its own name and code (serde's errors name neither).
#[derive(Debug, Deserialize, tsify::Tsify)]
#[serde(rename_all = "camelCase")]
pub struct NormalizeMetricsOptions {
    /// The dialect every event is written in: `'python'` (snake_case, seconds),
    /// `'node'` (camelCase, milliseconds, `@livekit/agents` ≥ 1.0.11) or
    /// `'nodeLegacy'` (1.0.0–1.0.10). Omitted: detected per event, so one batch may
    /// mix dialects. An unknown name throws a `TypeError` with code `UnknownDialect`;
    /// an event written in the other dialect throws `DialectMismatch`.
    #[tsify(optional, type = "Dialect")]
    dialect: Option<Value>,
    /// What to do with an event that cannot be normalized: `'fail'` (the default)
    /// throws at the first one, with its `index`; `'skip'` leaves it out and lists it
    /// in `NormalizeReport.skipped` with its `code`. Anything else throws a
    /// `TypeError` with code `WrongType` and `field: 'onInvalid'`.
    #[tsify(optional, type = "OnInvalid")]
    on_invalid: Option<Value>,
    /// The most values (numbers, strings, arrays, objects, object entries) one call
    /// reads from a JS input, a sub-array reached twice counted twice: default
    /// 10,000,000, at most 100,000,000. More is a `RangeError` with code `TooLarge`,
    /// thrown before the memory is allocated.
    #[tsify(optional)]
    #[allow(dead_code)] // read by `JsLimits::from_options`; declared here for the TS type
    max_nodes: Option<f64>,
    /// The most bytes one call reads from JS: JSON text (string, `Uint8Array`,
    /// `ArrayBuffer`) or the strings and keys of a JS input. Default 268,435,456
    /// (256 MiB), at most 1 GiB. More is a `RangeError` with code `TooLarge`.
    #[tsify(optional)]
    #[allow(dead_code)] // as `max_nodes`
    max_input_bytes: Option<f64>,
}

impl NormalizeMetricsOptions {
    /// Reads the JS options argument (`undefined`/`null` mean the defaults).
    pub(crate) fn from_js(js: JsValue) -> Result<NormalizeOptions, BindingError> {
        Self::from_js_with_limits(js).map(|(o, _)| o)
    }

    /// Reads the JS options argument with its input limits (`maxNodes`,
    /// `maxInputBytes`).
    pub(crate) fn from_js_with_limits(
        js: JsValue,
    ) -> Result<(NormalizeOptions, JsLimits), BindingError> {
        if js.is_undefined() || js.is_null() {
            return Ok((NormalizeOptions::default(), JsLimits::default()));
        }
        super::js_value::guard(&js)?;
        if !js.is_object() || super::js_value::is_array(&js) {
            return Err(BindingError::new(
                ErrorCode::NotAnObject,
                format!(
                    "options must be an object such as {{ dialect: 'python', onInvalid: 'skip' }}, found {}",
                    js.js_typeof().as_string().unwrap_or_default()
                ),
            )
            .with_field("options"));
        }
        // Only the two properties are read (a getter that throws is `WrongType`).
        let prop = |key: &str| -> Result<Option<Value>, BindingError> {
            let v = js_sys::Reflect::get(&js, &JsValue::from_str(key)).map_err(|_| {
                BindingError::new(ErrorCode::WrongType, format!("cannot read options.{key}"))
                    .with_field("options")
            })?;
            Ok(match super::js_value::js_to_value(&v)? {
                Value::Null => None,
                v => Some(v),
            })
        };
        let raw = NormalizeMetricsOptions {
            dialect: prop("dialect")?,
            on_invalid: prop("onInvalid")?,
            max_nodes: None,
            max_input_bytes: None,
        };
        let limits = JsLimits::from_options(&js)?;
        let options = NormalizeOptions {
            dialect: raw.dialect.as_ref().map(dialect).transpose()?,
            on_invalid: raw
                .on_invalid
                .as_ref()
                .map(on_invalid)
                .transpose()?
                .unwrap_or_default(),
            ..Default::default()
        };
        Ok((options, limits))
    }
}

fn dialect(v: &Value) -> Result<Dialect, BindingError> {
    let name = string(v, "dialect")?;
    Dialect::from_name(name).ok_or_else(|| {
        BindingError::new(
            ErrorCode::UnknownDialect,
            format!("unknown dialect {name:?}: use 'python', 'node' or 'nodeLegacy', or omit it to detect the dialect per event"),
        )
        .with_field("dialect")
    })
}

fn on_invalid(v: &Value) -> Result<OnInvalid, BindingError> {
    match string(v, "onInvalid")? {
        "fail" => Ok(OnInvalid::Fail),
        "skip" => Ok(OnInvalid::Skip),
        other => Err(BindingError::new(
            ErrorCode::WrongType,
            format!("onInvalid must be 'fail' or 'skip', found {other:?}"),
        )
        .with_field("onInvalid")),
    }
}

fn string<'v>(v: &'v Value, field: &'static str) -> Result<&'v str, BindingError> {
    v.as_str().ok_or_else(|| {
        NormalizeError::WrongType {
            field,
            expected: JsonType::String,
            found: v.json_type(),
        }
        .into()
    })
}
