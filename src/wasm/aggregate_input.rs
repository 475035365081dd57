//! `LatencyAggregator` inputs from JS: labels, options and bytes, read and checked.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::error::BindingError;
use super::normalize::js_to_value;
use super::usage::price_table;
use crate::aggregate::AggregateError;
use crate::error::ErrorCode;
use crate::export::{OtlpHistogram, OtlpOptions};
use crate::usage::PriceTable;
use crate::value::Value;

impl From<AggregateError> for BindingError {
    fn from(e: AggregateError) -> Self {
        BindingError::new(e.code(), format!("{e}"))
    }
}

/// Reads a `{ key: value }` object of string labels (`undefined` → none).
pub(super) fn labels(js: &JsValue) -> Result<Vec<(String, String)>, BindingError> {
    if js.is_undefined() || js.is_null() {
        return Ok(Vec::new());
    }
    match js_to_value(js.clone())? {
        Value::Object(pairs) => pairs
            .into_iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k, s)),
                _ => Err(BindingError::new(
                    ErrorCode::WrongType,
                    format!("label {k:?} must be a string"),
                )
                .with_field("labels")),
            })
            .collect(),
        _ => Err(BindingError::new(
            ErrorCode::NotAnObject,
            "labels must be an object of strings".into(),
        )
        .with_field("labels")),
    }
}

pub(super) fn number_option(
    options: &JsValue,
    key: &'static str,
) -> Result<Option<f64>, BindingError> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    let v = js_sys::Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_f64().map(Some).ok_or_else(|| {
        BindingError::new(ErrorCode::WrongType, format!("{key} must be a number")).with_field(key)
    })
}

/// `f64::fract` is std-only; whole numbers up to 2^53 round-trip through `i64`.
pub(super) trait FractIsNonzero {
    fn fract_is_nonzero(self) -> bool;
}
impl FractIsNonzero for f64 {
    fn fract_is_nonzero(self) -> bool {
        (self as i64) as f64 != self
    }
}

/// `toOtlpJson` options, read and checked (see the method's docs).
pub(super) struct OtlpInput {
    start_ms: f64,
    time_ms: f64,
    histogram: OtlpHistogram,
    resource: Vec<(String, String)>,
    prices: Option<PriceTable>,
}

impl OtlpInput {
    pub(super) fn from_js(options: &JsValue) -> Result<OtlpInput, BindingError> {
        let now = js_sys::Date::now();
        let start_ms = number_option(options, "startTimeMs")?.unwrap_or(now);
        let time_ms = number_option(options, "timeMs")?.unwrap_or(now);
        for (k, v) in [("startTimeMs", start_ms), ("timeMs", time_ms)] {
            if !v.is_finite() || v < 0.0 {
                return Err(BindingError::new(
                    ErrorCode::OutOfRange,
                    format!("{k} must be an epoch time in ms"),
                )
                .with_field(k));
            }
        }
        let get = |k: &str| {
            if options.is_undefined() || options.is_null() {
                JsValue::UNDEFINED
            } else {
                js_sys::Reflect::get(options, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
            }
        };
        let histogram = match get("histogram").as_string().as_deref() {
            None | Some("exponential") => OtlpHistogram::Exponential,
            Some("explicit") => OtlpHistogram::Explicit,
            Some(_) => {
                return Err(BindingError::new(
                    ErrorCode::WrongType,
                    "histogram must be 'exponential' or 'explicit'".into(),
                )
                .with_field("histogram"))
            }
        };
        let prices = optional_prices(get("prices"))?;
        Ok(OtlpInput {
            start_ms,
            time_ms,
            histogram,
            resource: labels(&get("resource"))?,
            prices,
        })
    }

    pub(super) fn options(&self) -> OtlpOptions<'_> {
        OtlpOptions {
            start_time_unix_nano: (self.start_ms * 1e6) as u64,
            time_unix_nano: (self.time_ms * 1e6) as u64,
            histogram: self.histogram,
            resource_attributes: self.resource.clone(),
            prices: self.prices.as_ref(),
        }
    }
}

/// An optional price table (`undefined`/`null` → none).
pub(super) fn optional_prices(prices: JsValue) -> Result<Option<PriceTable>, BindingError> {
    if prices.is_undefined() || prices.is_null() {
        Ok(None)
    } else {
        price_table(prices).map(Some)
    }
}

/// `fromBytes` input: a `Uint8Array`, an `ArrayBuffer` or an array of byte numbers.
/// Read from a `JsValue` so that anything but bytes is a `TypeError` with a code
/// (wasm-bindgen's own conversion would throw a bare error, or coerce).
pub(super) fn bytes_input(bytes: JsValue) -> Result<Vec<u8>, BindingError> {
    super::js_value::guard(&bytes)?;
    let mut budget = super::js_value::Budget::new(super::js_value::JsLimits::default());
    if let Some(b) = super::js_value::bytes_of(&bytes, &mut budget)? {
        Ok(b)
    } else if super::js_value::is_array(&bytes) {
        let Value::Array(items) = js_to_value(bytes)? else {
            return Err(BindingError::new(ErrorCode::WrongType, "not bytes".into()));
        };
        items
            .iter()
            .map(|v| match v.as_f64() {
                Some(n) if (0.0..=255.0).contains(&n) && f64::from(n as u8) == n => Ok(n as u8),
                _ => Err(BindingError::new(
                    ErrorCode::WrongType,
                    "fromBytes takes bytes: whole numbers from 0 to 255".into(),
                )),
            })
            .collect()
    } else {
        Err(BindingError::new(
            ErrorCode::WrongType,
            "fromBytes takes a Uint8Array (from toBytes())".into(),
        ))
    }
}
