//! `computeTurnLatency(events, options?)`: per-turn latency of a whole session.

use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::normalize::normalize_input;
use super::options::NormalizeMetricsOptions;
use super::serializer::to_js;
use crate::metric::Metric;
use crate::turns::compute_turn_latency;

/// Per-turn latency of a session, from its `metrics_collected` events (either SDK's
/// dialect, mixed, in any order; JS objects or JSON text, as `normalizeMetrics`
/// takes them).
///
/// Each turn has `formulaLatencyMs = eouDelayMs + llmTtftMs + ttsTtfbMs` (realtime:
/// `eouDelayMs + llmTtftMs`), present only for `user` turns with all three parts.
/// `transcriptionDelayMs` is inside `eouDelayMs` and never added. Turns come out in
/// chronological order; `speculative` turns (discarded preemptive generations) and
/// `agentInitiated` ones (`say()`, greetings) are included but not in statistics.
///
/// Throws like `normalizeMetrics` on a malformed event (or lists it in nothing and
/// skips it with `onInvalid: 'skip'`).
///
/// @example
/// ```js
/// const turns = computeTurnLatency(events);
/// turns[0].formulaLatencyMs; // e.g. 1005.4
/// ```
#[wasm_bindgen(js_name = computeTurnLatency, unchecked_return_type = "TurnLatency[]")]
pub fn compute_turn_latency_js(
    #[wasm_bindgen(unchecked_param_type = "MetricsInput")] events: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "NormalizeMetricsOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let (options, limits) = NormalizeMetricsOptions::from_js_with_limits(options)?;
    let metrics: Vec<Metric> = normalize_input(events, &options, limits)?
        .records
        .into_iter()
        .map(|r| r.metric)
        .collect();
    Ok(to_js(&compute_turn_latency(&metrics))?)
}
