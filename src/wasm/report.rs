//! `analyzeSessionReport(input, options?)`: a LiveKit session report → turns, summary,
//! usage, flags and timeline.

use alloc::format;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::BindingError;
use super::normalize::js_to_value;
use super::serializer::to_js;
use crate::error::ErrorCode;
use crate::report::{
    analyze_session_report, analyze_session_report_json, ReportError, ReportOptions,
};
use crate::value::Value;

impl From<ReportError> for BindingError {
    fn from(e: ReportError) -> Self {
        let mut b = BindingError::new(e.code(), format!("{e}"));
        if let ReportError::InvalidJson { line, column } = e {
            b = b.with_position(line, column);
        }
        match e.field() {
            Some(f) => b.with_field(f),
            None => b,
        }
    }
}

/// Reads the options object of the report functions (`undefined` → defaults).
pub(crate) fn report_options(options: JsValue) -> Result<ReportOptions, BindingError> {
    if options.is_undefined() || options.is_null() {
        return Ok(ReportOptions::default());
    }
    if !options.is_object() {
        return Err(
            BindingError::new(ErrorCode::NotAnObject, "options must be an object".into())
                .with_field("options"),
        );
    }
    let o: ReportOptions = super::js_value::from_js(&options, "invalid options")
        .map_err(|e| e.with_field("options"))?;
    for (name, v) in [
        ("maxPlausibleDelayMs", o.max_plausible_delay_ms),
        ("unexplainedToleranceMs", o.unexplained_tolerance_ms),
    ] {
        if !v.is_finite() || v < 0.0 {
            return Err(BindingError::new(
                ErrorCode::OutOfRange,
                format!("{name} must be a finite number ≥ 0"),
            )
            .with_field(name));
        }
    }
    Ok(o)
}

/// A JS value as a [`Value`], through its `toJSON()` when it has one (SDK class
/// instances such as `ChatMessage` serialize themselves that way).
pub(crate) fn json_like(input: JsValue) -> Result<Value, BindingError> {
    super::js_value::guard(&input)?;
    let to_json =
        js_sys::Reflect::get(&input, &JsValue::from_str("toJSON")).unwrap_or(JsValue::UNDEFINED);
    if to_json.is_function() {
        let f: &js_sys::Function = to_json.unchecked_ref();
        let plain = f
            .call0(&input)
            .map_err(|_| BindingError::new(ErrorCode::WrongType, "toJSON() threw".into()))?;
        return js_to_value(plain);
    }
    js_to_value(input)
}

/// Analyses a LiveKit Agents session report: what `ctx.makeSessionReport()` /
/// `make_session_report().to_dict()` write (Python `SessionReport.to_dict()` JSON,
/// Node `sessionReportToJSON` output, and Node reports from before 1.4.10).
///
/// `input` is the report as JSON text (a string, a `Uint8Array` or an `ArrayBuffer`)
/// or as an object. The result has `turns` (from the chat history: `e2eLatencyMs`,
/// its parts and `unexplainedMs`), `summary` (percentiles over unflagged user turns),
/// `usage` (the report's usage rows, durations in ms), `flags` (turns whose numbers
/// cannot be trusted, with why), `timeline`, `skipped` (malformed items, counted), and
/// the detected `sdk`, `sdkVersion` and `units`.
///
/// @example
/// ```js
/// const analysis = analyzeSessionReport(readFileSync('session_report.json'));
/// analysis.turns[0].e2eLatencyMs;  // e.g. 1457
/// analysis.turns[0].unexplainedMs; // the part of the wait no component accounts for
/// ```
#[wasm_bindgen(js_name = analyzeSessionReport, unchecked_return_type = "SessionAnalysis")]
pub fn analyze_session_report_js(
    #[wasm_bindgen(unchecked_param_type = "object | string | Uint8Array | ArrayBuffer")]
    input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReportOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options = report_options(options)?;
    super::js_value::guard(&input)?;
    let analysis = if let Some(text) = super::text::string_bytes(&input) {
        analyze_session_report_json(&text, &options).map_err(BindingError::from)?
    } else if let Some(bytes) = input.dyn_ref::<js_sys::Uint8Array>() {
        analyze_session_report_json(&bytes.to_vec(), &options).map_err(BindingError::from)?
    } else if let Some(buffer) = input.dyn_ref::<js_sys::ArrayBuffer>() {
        let bytes: Vec<u8> = js_sys::Uint8Array::new(buffer).to_vec();
        analyze_session_report_json(&bytes, &options).map_err(BindingError::from)?
    } else {
        analyze_session_report(&json_like(input)?, &options).map_err(BindingError::from)?
    };
    Ok(to_js(&analysis)?)
}
