//! The wasm side of `SessionMetrics.push`'s fast path (`pkg-template/fast-push.js`):
//! one call with the event already encoded by the JS wrapper
//! ([`crate::normalize::source::Flat`]), and the completed turns returned as numbers
//! the wrapper turns back into `TurnLatency` objects (no JSON text, no `JSON.parse`).
//! Errors, skips and state changes are those of the generic `push` of the same event.

use alloc::vec::Vec;
use wasm_bindgen::prelude::*;

use super::error::BindingError;
use super::session::{busy, SessionMetricsJs};
use crate::error::{ErrorCode, ItemError, NormalizeError};
use crate::normalize::source::{Flat, ENTRY_BYTES};
use crate::normalize::{
    normalize_flat, CreatedAt, NormalizeReport, NormalizedMetric, OnInvalid, SkippedItem,
};
use crate::turns::{LatencyComponent, TurnKind, TurnLatency};

#[wasm_bindgen(js_class = SessionMetrics)]
impl SessionMetricsJs {
    /// `push` of an event the package's JS fast encoder wrote: the same result and
    /// errors as the generic `push` of the same object, except that `onTurn` is left
    /// to the wrapper (which gets it from [`Self::on_turn_fn`]). Returns `undefined`
    /// when no turn completed, else the turns as [`turns_as_numbers`].
    #[wasm_bindgen(js_name = __pushEncoded, skip_typescript)]
    pub fn push_encoded(
        &self,
        entries: &[u8],
        strings: &[u8],
        key_flags: u8,
        created_at_kind: u8,
        created_at: f64,
    ) -> Result<Option<Vec<f64>>, JsValue> {
        let flat = Flat::new(entries, strings).ok_or_else(|| {
            BindingError::new(ErrorCode::WrongType, "malformed fast-push encoding".into())
        })?;
        let result = normalize_flat(
            &flat,
            key_flags,
            created_at_of(created_at_kind, created_at),
            &self.normalize,
        );
        let done = self.apply_one(result)?;
        Ok((!done.is_empty()).then(|| turns_as_numbers(&done)))
    }

    /// `pushMany` of an array of events the package's JS fast encoder wrote, one after
    /// the other: `entries` holds `counts[i]` entries for event `i`, all events' strings
    /// are in `strings`, and `flags`, `created_kinds` and `created_at` are per event (as
    /// for [`Self::push_encoded`]). The same result and errors as the generic `pushMany`
    /// of the same array (one turn assembly for the batch; with `onInvalid: "fail"` the
    /// first bad event's error, nothing recorded), except that `onTurn` is left to the
    /// wrapper. Returns `undefined` when no turn completed, else the turns as numbers.
    #[wasm_bindgen(js_name = __pushManyEncoded, skip_typescript)]
    pub fn push_many_encoded(
        &self,
        entries: &[u8],
        strings: &[u8],
        counts: &[u32],
        flags: &[u8],
        created_kinds: &[u8],
        created_at: &[f64],
    ) -> Result<Option<Vec<f64>>, JsValue> {
        let malformed =
            || BindingError::new(ErrorCode::WrongType, "malformed fast-push encoding".into());
        let strings = core::str::from_utf8(strings).map_err(|_| malformed())?;
        let n = counts.len();
        if flags.len() != n || created_kinds.len() != n || created_at.len() != n {
            return Err(malformed().into());
        }
        let mut report = NormalizeReport::default();
        report.records.reserve(n);
        let mut rest = entries;
        for (index, &count) in counts.iter().enumerate() {
            let bytes = (count as usize).saturating_mul(ENTRY_BYTES);
            let (mine, next) = rest.split_at_checked(bytes).ok_or_else(malformed)?;
            rest = next;
            let flat = Flat::with_str(mine, strings).ok_or_else(malformed)?;
            let (Some(&flags), Some(&kind), Some(&at)) = (
                flags.get(index),
                created_kinds.get(index),
                created_at.get(index),
            ) else {
                return Err(malformed().into());
            };
            let result = normalize_flat(&flat, flags, created_at_of(kind, at), &self.normalize);
            report
                .handle(index, result, self.normalize.on_invalid)
                .map_err(BindingError::from)?;
        }
        let done = self.record(report, true)?;
        Ok((!done.is_empty()).then(|| turns_as_numbers(&done)))
    }

    /// The `onTurn` callback (or `undefined`), for the fast path's wrapper.
    #[wasm_bindgen(js_name = __onTurn, skip_typescript)]
    pub fn on_turn_fn(&self) -> JsValue {
        self.on_turn
            .as_ref()
            .map_or(JsValue::UNDEFINED, |f| f.clone().into())
    }
}

/// The encoder's `created_at` kind (0 none, 1 Node `createdAt`, 2 `created_at`).
fn created_at_of(kind: u8, at: f64) -> CreatedAt {
    match kind {
        1 => CreatedAt::Node(at),
        2 => CreatedAt::Snake(at),
        _ => CreatedAt::None,
    }
}

impl SessionMetricsJs {
    /// What `push` does with a report of one (without building the report, and
    /// keeping the metric without a copy), but calling no `onTurn`.
    fn apply_one(
        &self,
        result: Result<NormalizedMetric, NormalizeError>,
    ) -> Result<Vec<TurnLatency>, JsValue> {
        let skip = self.normalize.on_invalid == OnInvalid::Skip;
        let result = match result {
            // As `normalize_batch` fails before the state is touched.
            Err(error) if !skip => {
                return Err(BindingError::from(ItemError { index: 0, error }).into())
            }
            r => r,
        };
        let mut state = self.state.try_borrow_mut().map_err(|_| busy())?;
        let index = state.seen;
        state.seen = state.seen.saturating_add(1);
        Ok(match result {
            Ok(record) => state.session.push_owned(record.metric),
            Err(error) => {
                state.skip(SkippedItem::new(index, &error));
                Vec::new()
            }
        })
    }
}

// Presence and boolean bits of a turn's first number.
const SPEECH_ID: u32 = 1;
const EOU: u32 = 2;
const TRANSCRIPTION: u32 = 4;
const HOOK: u32 = 8;
const TTFT: u32 = 16;
const TTFB: u32 = 32;
const TOTAL: u32 = 64;
const LLM_DURATION: u32 = 128;
const CANCELLED: u32 = 256;
const REALTIME: u32 = 512;
const E2E: u32 = 1024;
const UNEXPLAINED: u32 = 2048;
const FIRST_TRANSCRIPT: u32 = 4096;

/// Turns as numbers, for `pkg-template/fast-push.js` `turnsFromNumbers`. Per turn:
/// bits (above), kind (0 user, 1 agentInitiated, 2 speculative), `startedAtMs`, the
/// six optional latencies (eou, transcription, hook, ttft, ttfb, total; 0 when
/// absent), `llmSteps`, `llmDurationMs` (0 when absent), `ttsSegments`, the number
/// of `missing` components and their codes (0 eou, 1 llm, 2 tts), the `speechId`
/// length in UTF-16 units and the units, then `e2eLatencyMs` and `unexplainedMs` (0
/// when absent), the number of waterfall steps and per step its part (the index in
/// `PART_NAMES`), `startMs`, `durationMs` and `aheadMs` (0 when absent), then
/// `firstTranscriptAfterEosDelayMs` (0 when absent).
pub(crate) fn turns_as_numbers(turns: &[TurnLatency]) -> Vec<f64> {
    let mut out = Vec::with_capacity(turns.len() * 24);
    for t in turns {
        let opt = |v: Option<f64>, bit: u32| (v.map_or(0, |_| bit), v.unwrap_or(0.0));
        let parts = [
            opt(t.eou_delay_ms, EOU),
            opt(t.transcription_delay_ms, TRANSCRIPTION),
            opt(t.on_user_turn_completed_delay_ms, HOOK),
            opt(t.llm_ttft_ms, TTFT),
            opt(t.tts_ttfb_ms, TTFB),
            opt(t.formula_latency_ms, TOTAL),
        ];
        let duration = opt(t.llm_duration_ms, LLM_DURATION);
        let mut bits = parts.iter().fold(duration.0, |b, p| b | p.0);
        if t.speech_id.is_some() {
            bits |= SPEECH_ID;
        }
        if t.cancelled {
            bits |= CANCELLED;
        }
        if t.realtime {
            bits |= REALTIME;
        }
        let e2e = opt(t.e2e_latency_ms, E2E);
        let unexplained = opt(t.unexplained_ms, UNEXPLAINED);
        let first_transcript = opt(t.first_transcript_after_eos_delay_ms, FIRST_TRANSCRIPT);
        bits |= e2e.0 | unexplained.0 | first_transcript.0;
        out.push(f64::from(bits));
        out.push(match t.kind {
            TurnKind::User => 0.0,
            TurnKind::AgentInitiated => 1.0,
            TurnKind::Speculative => 2.0,
        });
        out.push(t.started_at_ms);
        out.extend(parts.iter().map(|p| p.1));
        out.push(f64::from(t.llm_steps));
        out.push(duration.1);
        out.push(f64::from(t.tts_segments));
        out.push(t.missing.len() as f64);
        out.extend(t.missing.iter().map(|c| match c {
            LatencyComponent::Eou => 0.0,
            LatencyComponent::Llm => 1.0,
            LatencyComponent::Tts => 2.0,
        }));
        let id = t.speech_id.as_deref().unwrap_or("");
        out.push(id.encode_utf16().count() as f64);
        out.extend(id.encode_utf16().map(f64::from));
        out.push(e2e.1);
        out.push(unexplained.1);
        out.push(t.waterfall.len() as f64);
        for step in &t.waterfall {
            out.push(step.part.index() as f64);
            out.push(step.start_ms);
            out.push(step.duration_ms);
            out.push(step.ahead_ms.unwrap_or(0.0));
        }
        out.push(first_transcript.1);
    }
    out
}
