//! The `Usage` class and `computeUsage(events, options?)`.

use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::error::BindingError;
use super::normalize::{js_to_value, normalize_input};
use super::options::NormalizeMetricsOptions;
use super::serializer::to_js;
use crate::error::ErrorCode;
use crate::metric::Metric;
use crate::session::{compute_usage, SessionOptions};
use crate::usage::{to_livekit_js_filtered, to_livekit_python_report, PriceTable};

/// A session's usage: per model (exactly what the SDKs' `ModelUsageCollector`
/// reports), per turn, session-level and speculative, with duplicate deliveries
/// dropped. Get one from `computeUsage(events)` or `SessionMetrics.usage()`.
///
/// Every getter returns a fresh plain-data copy. Instances hold wasm memory; it is
/// freed when the object is garbage-collected, or at once with `usage.free()`.
#[wasm_bindgen(js_name = Usage)]
pub struct UsageJs {
    pub(crate) inner: crate::usage::Usage,
}

#[wasm_bindgen(js_class = Usage)]
impl UsageJs {
    /// Every usage row (`llm_usage`, `tts_usage`, `stt_usage`, `interruption_usage`,
    /// `eot_usage`) in the SDK collector's order, durations in ms.
    #[wasm_bindgen(getter, unchecked_return_type = "ModelUsage[]")]
    pub fn models(&self) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.inner.models)?)
    }

    /// Usage of each turn, in turn order (speculative turns included).
    #[wasm_bindgen(getter, unchecked_return_type = "TurnUsage[]")]
    pub fn turns(&self) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.inner.turns)?)
    }

    /// Usage that belongs to no turn: STT, EOT, interruption, background LLM/TTS calls.
    #[wasm_bindgen(getter, js_name = sessionLevel, unchecked_return_type = "ModelUsage[]")]
    pub fn session_level(&self) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.inner.session_level)?)
    }

    /// Usage of speculative (preemptive, never played) generations: billed all the same.
    #[wasm_bindgen(getter, unchecked_return_type = "ModelUsage[]")]
    pub fn speculative(&self) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.inner.speculative)?)
    }

    /// Duplicate deliveries of the same metrics payload that were not counted.
    #[wasm_bindgen(getter, js_name = duplicatesDropped)]
    pub fn duplicates_dropped(&self) -> f64 {
        self.inner.duplicates_dropped as f64
    }

    /// Rows probably attributed to a wrapper (`FallbackAdapter`) or an `unknown` model.
    #[wasm_bindgen(getter, unchecked_return_type = "UsageFlag[]")]
    pub fn flags(&self) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.inner.flags)?)
    }

    /// The rows exactly as `@livekit/agents`' `ModelUsageCollector.flatten()` returns
    /// them (camelCase, ms); with `{ filterZeroValues: true }`, as `session.usage`
    /// holds them (zeros dropped).
    #[wasm_bindgen(js_name = toLiveKitJs, unchecked_return_type = "Record<string, string | number>[]")]
    pub fn to_livekit_js(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ filterZeroValues?: boolean }")]
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let rows = if flag(&options, "filterZeroValues")? {
            to_livekit_js_filtered(&self.inner.models)
        } else {
            self.inner.to_livekit_js()
        };
        Ok(to_js(&rows)?)
    }

    /// The rows exactly as Python's `ModelUsage.model_dump()` writes them (snake_case,
    /// seconds); with `{ report: true }`, as a Python session report's `usage` entries
    /// (`exclude_defaults`; add `includeType: false` for the 1.5–1.7 form without `type`).
    #[wasm_bindgen(
        js_name = toLiveKitPython,
        unchecked_return_type = "Record<string, string | number>[]"
    )]
    pub fn to_livekit_python(
        &self,
        #[wasm_bindgen(
            unchecked_optional_param_type = "{ report?: boolean; includeType?: boolean }"
        )]
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let rows = if flag(&options, "report")? {
            let include_type = !matches!(get(&options, "includeType")?.as_bool(), Some(false));
            to_livekit_python_report(&self.inner.models, include_type)
        } else {
            self.inner.to_livekit_python()
        };
        Ok(to_js(&rows)?)
    }

    /// Prices the usage: per model, per turn, session-level and speculative, in the
    /// table's currency. Models without a price are listed in `unpriced`, never
    /// counted as zero. `table` is a `PriceTable` object or its JSON text.
    #[wasm_bindgen(unchecked_return_type = "UsageCost")]
    pub fn cost(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PriceTable | string")] table: JsValue,
    ) -> Result<JsValue, JsValue> {
        let table = price_table(table)?;
        Ok(to_js(&self.inner.cost(&table))?)
    }

    /// A `Usage` from plain data: a `SessionUsage` (`usage.toJSON()`, or a session
    /// analysis' `usage`) or an array of `ModelUsage` rows. So a report's usage can be
    /// priced: `Usage.fromJSON(analyzeSessionReport(report).usage).cost(prices)`.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "SessionUsage | ModelUsage[]")] data: JsValue,
    ) -> Result<UsageJs, JsValue> {
        super::js_value::guard(&data)?;
        let inner = if super::js_value::is_array(&data) {
            let value = super::js_value::js_to_value(&data)?;
            let models = crate::usage::model_usages_from_value(&value).map_err(|e| {
                BindingError::new(
                    ErrorCode::WrongType,
                    alloc::format!("not ModelUsage rows: {e}"),
                )
            })?;
            crate::usage::Usage {
                models,
                ..Default::default()
            }
        } else {
            let value = super::js_value::js_to_value(&data)?;
            crate::usage::session_usage_from_value(&value).map_err(|e| {
                BindingError::new(
                    ErrorCode::WrongType,
                    alloc::format!("not a SessionUsage: {e}"),
                )
            })?
        };
        Ok(UsageJs { inner })
    }

    /// The plain data (`JSON.stringify(usage)` uses it).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "SessionUsage")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        Ok(to_js(&self.inner)?)
    }
}

fn get(options: &JsValue, key: &str) -> Result<JsValue, BindingError> {
    if options.is_undefined() || options.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if !options.is_object() {
        return Err(BindingError::new(
            ErrorCode::NotAnObject,
            "options must be an object".into(),
        ));
    }
    js_sys::Reflect::get(options, &JsValue::from_str(key)).map_err(|_| {
        BindingError::new(
            ErrorCode::WrongType,
            alloc::format!("cannot read options.{key}"),
        )
    })
}

fn flag(options: &JsValue, key: &'static str) -> Result<bool, BindingError> {
    let v = get(options, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(false);
    }
    v.as_bool().ok_or_else(|| {
        BindingError::new(
            ErrorCode::WrongType,
            alloc::format!("options.{key} must be a boolean"),
        )
        .with_field(key)
    })
}

/// A `PriceTable` from a JS object or JSON text.
pub(crate) fn price_table(table: JsValue) -> Result<PriceTable, BindingError> {
    let value = match super::text::string_text(&table) {
        Some(text) => crate::parse_json(text?.as_bytes())?,
        None => js_to_value(table)?,
    };
    PriceTable::from_value(&value).map_err(|e| {
        let b = BindingError::new(e.code(), alloc::format!("{e}"));
        match e.field() {
            Some(f) => b.with_field(f),
            None => b,
        }
    })
}

/// The usage of a whole session's `metrics_collected` events (either dialect, any
/// order), with duplicate deliveries dropped unless `dedupe: false`.
///
/// `usage.toLiveKitJs()` equals what `@livekit/agents`' `ModelUsageCollector` returns
/// for the same events; `usage.cost(prices)` prices it.
///
/// @example
/// ```js
/// const usage = computeUsage(events);
/// usage.toLiveKitJs();           // [{ type: 'llm_usage', provider: 'openai', ... }]
/// usage.cost(prices).total;      // e.g. 0.0123 (in prices.currency)
/// ```
#[wasm_bindgen(js_name = computeUsage)]
pub fn compute_usage_js(
    #[wasm_bindgen(unchecked_param_type = "MetricsInput")] events: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ComputeUsageOptions")] options: JsValue,
) -> Result<UsageJs, JsValue> {
    let dedupe = get(&options, "dedupe")?.as_bool().unwrap_or(true);
    let (normalize, limits) = NormalizeMetricsOptions::from_js_with_limits(options)?;
    let metrics: Vec<Metric> = normalize_input(events, &normalize, limits)?
        .records
        .into_iter()
        .map(|r| r.metric)
        .collect();
    Ok(UsageJs {
        inner: compute_usage(
            &metrics,
            SessionOptions {
                dedupe,
                ..SessionOptions::default()
            },
        ),
    })
}
