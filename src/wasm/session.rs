//! The `SessionMetrics` class: live turns, latency and usage of one session.

use alloc::collections::VecDeque;
use alloc::vec::Vec;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::BindingError;
use super::input::{read_input, Input};
use super::js_value::JsLimits;
use super::normalize::normalize_input;
use super::options::NormalizeMetricsOptions;
use super::serializer::to_js;
use super::usage::UsageJs;
use crate::error::ErrorCode;
use crate::normalize::{
    normalize_batch, normalize_json, NormalizeOptions, NormalizeReport, SkippedItem,
};
use crate::report::{join_turns, ChatTurnBuilder, ReportOptions};
use crate::session::{SessionMetrics, SessionOptions};
use crate::turns::TurnLatency;
use crate::turns::DEFAULT_MAX_TURNS_DETAIL;
use crate::value::Value;

pub(super) struct State {
    pub(super) session: SessionMetrics,
    chat: ChatTurnBuilder,
    /// The last [`MAX_SKIPPED_KEPT`] skipped events (all are counted in `skipped_count`).
    skipped: VecDeque<SkippedItem>,
    skipped_count: u64,
    pub(super) seen: usize,
}

impl State {
    /// Counts a skipped event and lists it (the last [`MAX_SKIPPED_KEPT`]).
    pub(super) fn skip(&mut self, item: SkippedItem) {
        self.skipped_count += 1;
        if self.skipped.len() == MAX_SKIPPED_KEPT {
            self.skipped.pop_front();
        }
        self.skipped.push_back(item);
    }
}

/// How many skipped events a `SessionMetrics` lists (the most recent); every one is
/// counted in `skippedCount`.
const MAX_SKIPPED_KEPT: usize = 1_000;

/// Live per-session metrics for a LiveKit agent: push every `metrics_collected` event
/// and get per-turn latency, the session summary and usage as they happen.
///
/// @example
/// ```js
/// const m = new SessionMetrics({ onTurn: (t) => console.log(t.formulaLatencyMs) });
/// session.on(voice.AgentSessionEventTypes.MetricsCollected, (ev) => m.push(ev));
/// // ... at session end:
/// m.flush();
/// m.summary().formulaLatencyMs.p95;
/// m.usage().cost(prices).total;
/// ```
///
/// Events may be Node (`@livekit/agents`) or Python-schema objects, or JSON text.
/// `onTurn(turn)` is called once per turn, when it is complete (EOU, first LLM and
/// first TTS seen; or superseded by the next turn; or at `flush()`), after the
/// state is updated, so it may call back into this object. Instances hold wasm
/// memory, freed on garbage collection or at once with `free()`.
#[wasm_bindgen(js_name = SessionMetrics)]
pub struct SessionMetricsJs {
    // `RefCell` so `push` needs only `&self`: the `onTurn` callback may then call
    // `turns()`/`summary()` on this same object while `push` is running.
    pub(super) state: RefCell<State>,
    pub(super) normalize: NormalizeOptions,
    /// What one `push`/`pushMany` may read from JS (`maxNodes`, `maxInputBytes`).
    limits: JsLimits,
    pub(super) on_turn: Option<js_sys::Function>,
}

pub(super) fn busy() -> BindingError {
    BindingError::new(
        ErrorCode::WrongType,
        alloc::string::String::from("SessionMetrics is busy: push() called from inside push()"),
    )
}

/// An optional boolean option.
fn read_bool(
    options: &JsValue,
    has: bool,
    key: &'static str,
) -> Result<Option<bool>, BindingError> {
    if !has {
        return Ok(None);
    }
    let v = read(options, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_bool().map(Some).ok_or_else(|| {
        BindingError::new(
            ErrorCode::WrongType,
            alloc::format!("{key} must be a boolean"),
        )
        .with_field(key)
    })
}

fn read(options: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

#[wasm_bindgen(js_class = SessionMetrics)]
impl SessionMetricsJs {
    /// Starts an empty session. Options (all optional): `onTurn(turn)`,
    /// `dedupe` (default `true`: a payload delivered twice counts once), `dialect`
    /// and `onInvalid` (as in `normalizeMetrics`; with `'skip'` bad events are counted
    /// in `skipped` instead of thrown).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "SessionMetricsOptions")] options: JsValue,
    ) -> Result<SessionMetricsJs, JsValue> {
        let has = !(options.is_undefined() || options.is_null());
        if has && !options.is_object() {
            return Err(BindingError::new(
                ErrorCode::NotAnObject,
                "options must be an object".into(),
            )
            .with_field("options")
            .into());
        }
        let on_turn = match has.then(|| read(&options, "onTurn")) {
            Some(f) if f.is_function() => f.dyn_into::<js_sys::Function>().ok(),
            Some(f) if f.is_undefined() || f.is_null() => None,
            None => None,
            Some(_) => {
                return Err(BindingError::new(
                    ErrorCode::WrongType,
                    "onTurn must be a function".into(),
                )
                .with_field("onTurn")
                .into())
            }
        };
        let max_turns_detail = match has.then(|| read(&options, "maxTurnsDetail")) {
            Some(n) if n.is_undefined() || n.is_null() => DEFAULT_MAX_TURNS_DETAIL,
            None => DEFAULT_MAX_TURNS_DETAIL,
            Some(n) => match n.as_f64() {
                Some(n) if (1.0..=1e9).contains(&n) && n as u32 as f64 == n => n as usize,
                _ => {
                    return Err(BindingError::new(
                        ErrorCode::OutOfRange,
                        "maxTurnsDetail must be a whole number from 1 to 1e9".into(),
                    )
                    .with_field("maxTurnsDetail")
                    .into())
                }
            },
        };
        let dedupe = match has.then(|| read(&options, "dedupe")) {
            Some(d) if d.is_undefined() || d.is_null() => true,
            Some(d) => d.as_bool().ok_or_else(|| {
                BindingError::new(ErrorCode::WrongType, "dedupe must be a boolean".into())
                    .with_field("dedupe")
            })?,
            None => true,
        };
        let (normalize, limits) = if has {
            let plain = js_sys::Object::new();
            for key in ["dialect", "onInvalid", "maxNodes", "maxInputBytes"] {
                let _ = js_sys::Reflect::set(&plain, &JsValue::from_str(key), &read(&options, key));
            }
            NormalizeMetricsOptions::from_js_with_limits(plain.into())?
        } else {
            (NormalizeOptions::default(), JsLimits::default())
        };
        Ok(SessionMetricsJs {
            state: RefCell::new(State {
                session: SessionMetrics::new(SessionOptions {
                    dedupe,
                    max_turns_detail,
                }),
                chat: ChatTurnBuilder::new(ReportOptions {
                    preemptive_generation: read_bool(&options, has, "preemptiveGeneration")?,
                    ..ReportOptions::default()
                })
                .with_max_turns(max_turns_detail),
                skipped: VecDeque::new(),
                skipped_count: 0,
                seen: 0,
            }),
            normalize,
            limits,
            on_turn,
        })
    }

    /// Adds one event (a `metrics_collected` event or a bare metrics object, either
    /// dialect, or its JSON text). Returns the turns it completed (usually none or
    /// one), after calling `onTurn` for each.
    #[wasm_bindgen(unchecked_return_type = "TurnLatency[]")]
    pub fn push(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MetricsEvent")] event: JsValue,
    ) -> Result<JsValue, JsValue> {
        let report = match read_input(&event, self.limits, false)? {
            Input::Text(text) => normalize_json(&text, &self.normalize),
            Input::Value(value) => normalize_batch(&value, &self.normalize),
        }
        .map_err(BindingError::from)?;
        self.apply(report, false)
    }

    /// Adds many events at once (an array, or JSON text / JSON lines): one turn
    /// assembly for the batch. Returns the turns they completed.
    #[wasm_bindgen(js_name = pushMany, unchecked_return_type = "TurnLatency[]")]
    pub fn push_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "MetricsInput")] events: JsValue,
    ) -> Result<JsValue, JsValue> {
        let report = normalize_input(events, &self.normalize, self.limits)?;
        self.apply(report, true)
    }

    fn apply(&self, report: NormalizeReport, many: bool) -> Result<JsValue, JsValue> {
        let done = self.apply_turns(report, many)?;
        Ok(to_js(&done)?)
    }

    /// Records a normalized batch; returns the turns it completed, `onTurn` called.
    fn apply_turns(
        &self,
        report: NormalizeReport,
        many: bool,
    ) -> Result<Vec<TurnLatency>, JsValue> {
        let done = self.record(report, many)?;
        self.notify(&done)?;
        Ok(done)
    }

    /// Records a normalized batch (skipped items numbered from the events seen so
    /// far); returns the turns it completed, without calling `onTurn`.
    pub(super) fn record(
        &self,
        report: NormalizeReport,
        many: bool,
    ) -> Result<Vec<TurnLatency>, JsValue> {
        let mut state = self.state.try_borrow_mut().map_err(|_| busy())?;
        let base = state.seen;
        state.seen = state
            .seen
            .saturating_add(report.records.len() + report.skipped.len());
        for mut s in report.skipped {
            s.index = s.index.saturating_add(base);
            state.skip(s);
        }
        let metrics: Vec<_> = report.records.into_iter().map(|r| r.metric).collect();
        Ok(if many {
            state.session.push_many(&metrics)
        } else {
            metrics.iter().flat_map(|m| state.session.push(m)).collect()
        })
    }

    /// Calls `onTurn` for each turn (the state borrow is released: re-entry is fine).
    pub(super) fn notify(&self, turns: &[TurnLatency]) -> Result<(), JsValue> {
        let Some(f) = &self.on_turn else {
            return Ok(());
        };
        for t in turns {
            f.call1(&JsValue::UNDEFINED, &to_js(t)?)?;
        }
        Ok(())
    }

    /// Every turn so far, complete or not, in chronological order.
    #[wasm_bindgen(unchecked_return_type = "TurnLatency[]")]
    pub fn turns(&self) -> Result<JsValue, JsValue> {
        let state = self.state.try_borrow().map_err(|_| busy())?;
        Ok(to_js(&state.session.turns())?)
    }

    /// Latency statistics (count, min, max, mean, p50, p90, p95, p99) of the total and
    /// each component, over the user turns so far.
    #[wasm_bindgen(unchecked_return_type = "LatencySummary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        let state = self.state.try_borrow().map_err(|_| busy())?;
        Ok(to_js(&state.session.summary())?)
    }

    /// Completes every turn not reported yet (call at session end), calling `onTurn`
    /// for each; returns them.
    #[wasm_bindgen(unchecked_return_type = "TurnLatency[]")]
    pub fn flush(&self) -> Result<JsValue, JsValue> {
        let done = self
            .state
            .try_borrow_mut()
            .map_err(|_| busy())?
            .session
            .flush();
        self.notify(&done)?;
        Ok(to_js(&done)?)
    }

    /// The usage so far (per model, per turn, session-level, speculative), priced
    /// with `usage().cost(prices)`.
    pub fn usage(&self) -> Result<UsageJs, JsValue> {
        let state = self.state.try_borrow().map_err(|_| busy())?;
        Ok(UsageJs {
            inner: state.session.usage(),
        })
    }

    /// Events skipped as invalid (only with `onInvalid: 'skip'`), with their position
    /// among all events pushed and their error `code`: the last 1,000 (all of them are
    /// counted in `skippedCount`).
    #[wasm_bindgen(getter, unchecked_return_type = "SkippedItem[]")]
    pub fn skipped(&self) -> Result<JsValue, JsValue> {
        let state = self.state.try_borrow().map_err(|_| busy())?;
        Ok(to_js(&state.skipped)?)
    }

    /// How many events were skipped as invalid so far (`skipped` lists the last 1,000).
    #[wasm_bindgen(getter, js_name = skippedCount)]
    pub fn skipped_count(&self) -> f64 {
        self.state
            .try_borrow()
            .map_or(0.0, |s| s.skipped_count as f64)
    }

    /// How many final turns left the detail window (`maxTurnsDetail`, default 1,000):
    /// `turns()` no longer lists them; `summary()` and the usage totals still count them.
    #[wasm_bindgen(getter, js_name = evictedTurns)]
    pub fn evicted_turns(&self) -> f64 {
        self.state
            .try_borrow()
            .map_or(0.0, |s| s.session.evicted_turns() as f64)
    }

    /// How many metrics arrived for an evicted turn (counted in usage, applied to no turn).
    #[wasm_bindgen(getter, js_name = lateMetrics)]
    pub fn late_metrics(&self) -> f64 {
        self.state
            .try_borrow()
            .map_or(0.0, |s| s.session.late_metrics() as f64)
    }

    /// Adds a chat item, live: the `item` of a `conversation_item_added` event (a
    /// `ChatMessage` or `AgentHandoff`; SDK class instances are read through their
    /// `toJSON()`), the event itself, a `function_tools_executed` event, or a
    /// `speech_created` event (its time places the LLM's start in the waterfall of a
    /// reply without `llm_node_ttfs`, as Node's are). Builds the same turns
    /// `analyzeSessionReport` reads from the report (`chatTurns()`), with `e2eLatencyMs`,
    /// the `waterfall` and `unexplainedMs`.
    #[wasm_bindgen(js_name = pushChatItem)]
    pub fn push_chat_item(
        &self,
        #[wasm_bindgen(unchecked_param_type = "object | string")] item: JsValue,
    ) -> Result<(), JsValue> {
        let value = match read_input(&item, JsLimits::default(), true)? {
            Input::Text(text) => crate::parse_json(&text).map_err(BindingError::from)?,
            Input::Value(value) => value,
        };
        let mut state = self.state.try_borrow_mut().map_err(|_| busy())?;
        let is_event = matches!(
            value.get("type").and_then(Value::as_str),
            Some("conversation_item_added" | "function_tools_executed" | "speech_created")
        );
        if is_event {
            state.chat.push_event(&value).map_err(BindingError::from)?;
        } else {
            state.chat.push_item(&value).map_err(BindingError::from)?;
        }
        Ok(())
    }

    /// The turns built from the chat items pushed so far (see `pushChatItem`).
    #[wasm_bindgen(js_name = chatTurns, unchecked_return_type = "ChatTurn[]")]
    pub fn chat_turns(&self) -> Result<JsValue, JsValue> {
        let state = self.state.try_borrow().map_err(|_| busy())?;
        Ok(to_js(&state.chat.turns())?)
    }

    /// The chat turns matched with the metrics turns of the same session (by order and
    /// timing): each match carries both the measured `e2eLatencyMs` and the
    /// EOU/LLM/TTS breakdown.
    #[wasm_bindgen(js_name = joinedTurns, unchecked_return_type = "TurnJoin")]
    pub fn joined_turns(&self) -> Result<JsValue, JsValue> {
        let state = self.state.try_borrow().map_err(|_| busy())?;
        Ok(to_js(&join_turns(
            &state.chat.turns(),
            &state.session.turns(),
        ))?)
    }

    /// Duplicate deliveries dropped so far.
    #[wasm_bindgen(getter, js_name = duplicatesDropped)]
    pub fn duplicates_dropped(&self) -> f64 {
        self.state
            .try_borrow()
            .map_or(0.0, |s| s.session.duplicates_dropped() as f64)
    }
}

impl SessionMetricsJs {
    /// Calls `f` with the metrics turns, the join with the chat turns (when chat items
    /// were pushed) and the usage (for `LatencyAggregator.addSession`).
    pub(crate) fn with_parts(
        &self,
        f: impl FnOnce(
            &[TurnLatency],
            Option<&crate::report::TurnJoin>,
            &crate::usage::Usage,
            &crate::SessionMetrics,
        ),
    ) -> Result<(), BindingError> {
        let state = self.state.try_borrow().map_err(|_| busy())?;
        let turns = state.session.turns();
        let chat = state.chat.turns();
        let join = (!chat.is_empty()).then(|| join_turns(&chat, &turns));
        f(
            &turns,
            join.as_ref(),
            &state.session.usage(),
            &state.session,
        );
        Ok(())
    }
}
