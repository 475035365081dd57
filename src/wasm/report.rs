//! `analyzeSessionReport(input, options?)`: a LiveKit session report → turns, summary,
//! usage, flags and timeline.

use alloc::format;
use wasm_bindgen::prelude::*;

use super::error::BindingError;
use super::input::{read_input, Input};
use super::js_value::JsLimits;
use super::serializer::to_js;
use crate::error::ErrorCode;
use crate::report::{
    analyze_session_report, analyze_session_report_json, ReportError, ReportOptions,
};

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
    #[wasm_bindgen(unchecked_optional_param_type = "ReportOptions & InputLimits")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let limits = JsLimits::from_options(&options)?;
    let options = report_options(options)?;
    let analysis = match read_input(&input, limits, true)? {
        Input::Text(text) => analyze_session_report_json(&text, &options),
        Input::Value(value) => analyze_session_report(&value, &options),
    }
    .map_err(BindingError::from)?;
    Ok(to_js(&analysis)?)
}
