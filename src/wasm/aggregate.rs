//! The `LatencyAggregator` class: percentiles across sessions, Prometheus and OTLP.

use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::aggregate_input::{
    bytes_input, labels, number_option, optional_prices, FractIsNonzero, OtlpInput,
};
use super::error::BindingError;
use super::input::{read_input, Input};
use super::js_value::JsLimits;
use super::normalize::{js_to_value, normalize_input};
use super::options::NormalizeMetricsOptions;
use super::report::report_options;
use super::serializer::to_js;
use super::session::SessionMetricsJs;
use crate::aggregate::{AggregatorOptions, LatencyAggregator};
use crate::error::ErrorCode;
use crate::metric::Metric;
use crate::report::{analyze_session_report, analyze_session_report_json};
use crate::value::Value;

/// Percentiles of every latency across many sessions, workers and machines, grouped by
/// the labels you choose, with usage (and cost) totals beside them.
///
/// Values go into mergeable sketches (base-2 exponential histograms, OpenTelemetry
/// scale 6: relative error ≤ 0.55 % at any quantile; merging per-session sketches
/// equals one sketch of all values). `toBytes()`/`fromBytes()` carry an aggregator
/// between processes (Node ↔ browser included); `toPrometheus()` and `toOtlpJson()`
/// export it. Memory is bounded (`maxSeries`, default 256; more label sets go to one
/// overflow series).
///
/// @example
/// ```js
/// const agg = new LatencyAggregator({ labels: ['agent_name', 'llm_model'] });
/// agg.addReport(readFileSync('session_report.json'), { agent_name: 'support' });
/// agg.quantiles([0.5, 0.95])[0].metrics; // per latency: count, min, max, mean, values
/// res.end(agg.toPrometheus());
/// ```
#[wasm_bindgen(js_name = LatencyAggregator)]
pub struct LatencyAggregatorJs {
    // A `RefCell` so every method takes `&self`: wasm-bindgen's own borrow check on a
    // `&mut self` method throws from inside wasm (leaving the instance borrowed for
    // good) when the same object is passed twice, as in `agg.merge(agg)`.
    inner: core::cell::RefCell<LatencyAggregator>,
}

#[wasm_bindgen(js_class = LatencyAggregator)]
impl LatencyAggregatorJs {
    /// A new, empty aggregator. `labels`: the label keys to group by, in order (at most
    /// 8, e.g. `agent_name`, `deployment`, `llm_model`, `llm_provider`, `tts_model`);
    /// `maxSeries`: the most label sets kept (default 256).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(
            unchecked_optional_param_type = "{ labels?: string[]; maxSeries?: number }"
        )]
        options: JsValue,
    ) -> Result<LatencyAggregatorJs, JsValue> {
        let mut o = AggregatorOptions::default();
        if !(options.is_undefined() || options.is_null()) {
            let keys = js_sys::Reflect::get(&options, &JsValue::from_str("labels"))
                .unwrap_or(JsValue::UNDEFINED);
            if !(keys.is_undefined() || keys.is_null()) {
                match js_to_value(keys)? {
                    Value::Array(items) => {
                        o.label_keys = items
                            .into_iter()
                            .map(|v| match v {
                                Value::String(s) => Ok(s),
                                _ => Err(BindingError::new(
                                    ErrorCode::WrongType,
                                    "labels must be strings".into(),
                                )
                                .with_field("labels")),
                            })
                            .collect::<Result<_, _>>()?
                    }
                    _ => {
                        return Err(BindingError::new(
                            ErrorCode::WrongType,
                            "labels must be an array of strings".into(),
                        )
                        .with_field("labels")
                        .into())
                    }
                }
            }
            if let Some(n) = number_option(&options, "maxSeries")? {
                if !(1.0..=65_536.0).contains(&n) || n.fract_is_nonzero() {
                    return Err(BindingError::new(
                        ErrorCode::OutOfRange,
                        "maxSeries must be a whole number from 1 to 65536".into(),
                    )
                    .with_field("maxSeries")
                    .into());
                }
                o.max_series = n as u32;
            }
        }
        Ok(LatencyAggregatorJs {
            inner: LatencyAggregator::with_options(o)
                .map_err(BindingError::from)?
                .into(),
        })
    }

    /// Adds one session report (JSON text, bytes or object; as `analyzeSessionReport`
    /// takes it): its unflagged user turns (with e2e) and its usage.
    #[wasm_bindgen(js_name = addReport)]
    pub fn add_report(
        &self,
        #[wasm_bindgen(unchecked_param_type = "object | string | Uint8Array")] report: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, string>")]
        labels_js: JsValue,
    ) -> Result<(), JsValue> {
        let options = report_options(JsValue::UNDEFINED)?;
        let analysis = match read_input(&report, JsLimits::default(), true)? {
            Input::Text(text) => analyze_session_report_json(&text, &options),
            Input::Value(value) => analyze_session_report(&value, &options),
        }
        .map_err(BindingError::from)?;
        let labels = labels(&labels_js)?;
        self.inner
            .borrow_mut()
            .add_analysis(&analysis, &labels)
            .map_err(BindingError::from)?;
        Ok(())
    }

    /// Adds one session's `metrics_collected` events (as `computeTurnLatency` takes
    /// them): its user turns (eou, llm, tts, total), its usage and its connection
    /// acquire times (`lk_agents_connection_acquire_time_seconds`).
    #[wasm_bindgen(js_name = addEvents)]
    pub fn add_events(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MetricsInput")] events: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, string>")]
        labels_js: JsValue,
    ) -> Result<(), JsValue> {
        let metrics: Vec<Metric> = normalize_input(
            events,
            &NormalizeMetricsOptions::from_js(JsValue::UNDEFINED)?,
            JsLimits::default(),
        )?
        .records
        .into_iter()
        .map(|r| r.metric)
        .collect();
        // Labels are read (JS getters may run) before the aggregator is borrowed.
        let labels = labels(&labels_js)?;
        self.inner
            .borrow_mut()
            .add_events(&metrics, &labels)
            .map_err(BindingError::from)?;
        Ok(())
    }

    /// Adds a live `SessionMetrics` (usually at session end): its turns joined with its
    /// chat turns when `pushChatItem` was used (so turns carry both e2e and the
    /// eou/llm/tts breakdown), its usage and its connection acquire times. Only the
    /// turns it still holds in detail (its last `maxTurnsDetail`, default 1,000) can be
    /// added; for longer sessions raise `maxTurnsDetail` or add the session's events in
    /// parts with `addEvents`.
    #[wasm_bindgen(js_name = addSession)]
    pub fn add_session(
        &self,
        session: &SessionMetricsJs,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, string>")]
        labels_js: JsValue,
    ) -> Result<(), JsValue> {
        let labels = labels(&labels_js)?;
        let mut added = Ok(());
        session.with_parts(|turns, chat, usage, live| {
            let mut agg = self.inner.borrow_mut();
            // The acquire times first: they fail (`TooLarge`) before changing anything,
            // and after them the turns cannot fail.
            added = agg
                .add_session_acquires(live, &labels)
                .and_then(|()| match chat {
                    Some(join) => agg.add_joined_turns(&join.turns, usage, &labels),
                    None => agg.add_turns(turns, usage, &labels),
                });
        })?;
        added.map_err(BindingError::from)?;
        Ok(())
    }

    /// Adds everything in `other` (same label keys; `IncompatibleMerge` otherwise).
    /// Exact: merging per-session aggregators equals one aggregator of all sessions.
    pub fn merge(&self, other: &LatencyAggregatorJs) -> Result<(), JsValue> {
        // `agg.merge(agg)` doubles it: merge a copy.
        let other = other.inner.borrow().clone();
        Ok(self
            .inner
            .borrow_mut()
            .merge(&other)
            .map_err(BindingError::from)?)
    }

    /// The `qs` quantiles (default p50, p90, p95, p99) of every latency per series,
    /// in ms, with usage totals and, given a price table, cost.
    #[wasm_bindgen(unchecked_return_type = "SeriesQuantiles[]")]
    pub fn quantiles(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "number[]")] qs: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PriceTable | string")] prices: JsValue,
    ) -> Result<JsValue, JsValue> {
        let qs: Vec<f64> = if qs.is_undefined() || qs.is_null() {
            alloc::vec![0.5, 0.9, 0.95, 0.99]
        } else {
            match js_to_value(qs)? {
                Value::Array(items) => items
                    .iter()
                    .map(|v| {
                        v.as_f64().ok_or_else(|| {
                            BindingError::new(
                                ErrorCode::WrongType,
                                "quantiles must be numbers".into(),
                            )
                        })
                    })
                    .collect::<Result<_, _>>()?,
                _ => {
                    return Err(BindingError::new(
                        ErrorCode::WrongType,
                        "qs must be an array of numbers".into(),
                    )
                    .into())
                }
            }
        };
        let table = optional_prices(prices)?;
        let out = self
            .inner
            .borrow()
            .summarize(&qs, table.as_ref())
            .map_err(BindingError::from)?;
        Ok(to_js(&out)?)
    }

    /// Prometheus text exposition: histograms in seconds with voice-tuned buckets,
    /// `_sum`, `_count`, usage counters `_total` (LiveKit's `lk_agents_*` names), and
    /// `voice_agent_cost_total` when a price table is given.
    #[wasm_bindgen(js_name = toPrometheus)]
    pub fn to_prometheus(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PriceTable | string")] prices: JsValue,
    ) -> Result<String, JsValue> {
        let table = optional_prices(prices)?;
        Ok(self
            .inner
            .borrow()
            .to_prometheus_with(table.as_ref())
            .map_err(BindingError::from)?)
    }

    /// OTLP JSON (`ExportMetricsServiceRequest`) for an OpenTelemetry collector's
    /// `/v1/metrics`. Options: `startTimeUnixNano`/`timeUnixNano` (epoch ms are taken
    /// from `startTimeMs`/`timeMs`, default now), `histogram` (`'exponential'` (default)
    /// or `'explicit'`), `resource` (string attributes such as `service.name`), `prices`.
    #[wasm_bindgen(js_name = toOtlpJson)]
    pub fn to_otlp_json(
        &self,
        #[wasm_bindgen(
            unchecked_optional_param_type = "{ startTimeMs?: number; timeMs?: number; histogram?: 'exponential' | 'explicit'; resource?: Record<string, string>; prices?: PriceTable | string }"
        )]
        options: JsValue,
    ) -> Result<String, JsValue> {
        let input = OtlpInput::from_js(&options)?;
        Ok(self
            .inner
            .borrow()
            .to_otlp_json(&input.options())
            .map_err(BindingError::from)?)
    }

    /// The aggregator as compact, versioned bytes (to store, or send to another
    /// process or the browser, and `LatencyAggregator.fromBytes` there).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.inner.borrow().to_bytes()
    }

    /// Reads `toBytes()` output. Bad input throws (`InvalidEncoding`, `TruncatedBytes`,
    /// `UnsupportedVersion`), never crashes.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | number[]")] bytes: JsValue,
    ) -> Result<LatencyAggregatorJs, JsValue> {
        let bytes = bytes_input(bytes)?;
        Ok(LatencyAggregatorJs {
            inner: LatencyAggregator::from_bytes(&bytes)
                .map_err(BindingError::from)?
                .into(),
        })
    }

    /// The aggregator as versioned JSON text (`fromJsonText` reads it back).
    #[wasm_bindgen(js_name = toJsonText)]
    pub fn to_json_text(&self) -> String {
        self.inner.borrow().to_json()
    }

    /// Reads `toJsonText()` output.
    #[wasm_bindgen(js_name = fromJsonText)]
    pub fn from_json_text(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    ) -> Result<LatencyAggregatorJs, JsValue> {
        let Some(text) = super::text::string_text(&text).transpose()? else {
            return Err(BindingError::new(
                ErrorCode::WrongType,
                "fromJsonText takes a string (from toJsonText())".into(),
            )
            .into());
        };
        Ok(LatencyAggregatorJs {
            inner: LatencyAggregator::from_json(&text)
                .map_err(BindingError::from)?
                .into(),
        })
    }

    /// How many series (label sets) there are, the overflow series included.
    #[wasm_bindgen(getter, js_name = seriesCount)]
    pub fn series_count(&self) -> u32 {
        u32::try_from(self.inner.borrow().series_count()).unwrap_or(u32::MAX)
    }
}
