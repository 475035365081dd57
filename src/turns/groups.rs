//! The metrics a turn engine keeps: LLM, TTS and EOU metrics grouped by `speech_id`,
//! plus realtime responses, each list held in the deterministic order of [`super::order`].

use super::order::{cmp_eou, cmp_llm, cmp_realtime, cmp_tts};
use crate::metric::{EouMetrics, LlmMetrics, Metric, RealtimeModelMetrics, TtsMetrics};
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// Everything seen under one `speech_id`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Group {
    /// End-of-utterance metrics (one per replied user turn; the first counts).
    pub eou: Vec<EouMetrics>,
    /// LLM requests (one per tool-call step), by start time.
    pub llm: Vec<LlmMetrics>,
    /// TTS segments, by start time.
    pub tts: Vec<TtsMetrics>,
}

/// The turn-relevant metrics of a session, in an order independent of arrival.
#[derive(Debug, Clone, Default)]
pub(crate) struct Groups {
    /// By `speech_id` (a `BTreeMap`, so iteration order is the ids' order).
    pub by_speech: BTreeMap<String, Group>,
    /// Realtime responses (they carry no `speech_id`), by creation time.
    pub realtime: Vec<RealtimeModelMetrics>,
}

/// Where `item` goes in the sorted `list`; `None` if an equal one is there.
fn slot<T: PartialEq>(list: &[T], item: &T, cmp: fn(&T, &T) -> Ordering) -> Option<usize> {
    // Among elements that compare equal, exact duplicates are dropped: the same
    // event delivered twice counts once.
    let lo = list.partition_point(|x| cmp(x, item) == Ordering::Less);
    let hi = list.partition_point(|x| cmp(x, item) != Ordering::Greater);
    if list[lo..hi].iter().any(|x| x == item) {
        return None;
    }
    Some(hi)
}

/// Inserts `item` at its sorted place; `false` (and no insert) if an equal one is there.
fn insert_sorted<T: Clone + PartialEq>(
    list: &mut Vec<T>,
    item: &T,
    cmp: fn(&T, &T) -> Ordering,
) -> bool {
    let Some(at) = slot(list, item, cmp) else {
        return false;
    };
    list.insert(at, item.clone());
    true
}

/// [`insert_sorted`] of an owned item (no clone).
fn place<T: PartialEq>(list: &mut Vec<T>, item: T, cmp: fn(&T, &T) -> Ordering) -> bool {
    let Some(at) = slot(list, &item, cmp) else {
        return false;
    };
    list.insert(at, item);
    true
}

/// Whether a realtime metric reports a response (Python also emits a zero-usage
/// "connection acquired" metric with an empty `request_id` and no `ttft`).
pub(crate) fn is_response(m: &RealtimeModelMetrics) -> bool {
    !m.request_id.is_empty() || m.ttft_ms.is_some()
}

impl Groups {
    /// Takes a metric if it belongs to a turn; returns whether anything changed.
    ///
    /// Session-level metrics are ignored: STT, VAD, EOT inference, interruption,
    /// avatar and unknown types, and LLM/TTS metrics without a `speech_id`
    /// (background calls). So are exact duplicates of a metric already held.
    pub fn insert(&mut self, metric: &Metric) -> bool {
        match metric {
            Metric::Llm(m) => match self.group_of(m.speech_id.as_deref()) {
                Some(g) => insert_sorted(&mut g.llm, m, cmp_llm),
                None => false,
            },
            Metric::Tts(m) => match self.group_of(m.speech_id.as_deref()) {
                Some(g) => insert_sorted(&mut g.tts, m, cmp_tts),
                None => false,
            },
            Metric::Eou(m) => match self.group_of(m.speech_id.as_deref()) {
                Some(g) => insert_sorted(&mut g.eou, m, cmp_eou),
                None => false,
            },
            Metric::RealtimeModel(m) if is_response(m) => {
                insert_sorted(&mut self.realtime, m, cmp_realtime)
            }
            _ => false,
        }
    }

    /// [`Groups::insert`] of an owned metric: the same result, without copying it.
    pub fn insert_owned(&mut self, metric: Metric) -> bool {
        match metric {
            Metric::Llm(m) => match self.group_of(m.speech_id.as_deref()) {
                Some(g) => place(&mut g.llm, m, cmp_llm),
                None => false,
            },
            Metric::Tts(m) => match self.group_of(m.speech_id.as_deref()) {
                Some(g) => place(&mut g.tts, m, cmp_tts),
                None => false,
            },
            Metric::Eou(m) => match self.group_of(m.speech_id.as_deref()) {
                Some(g) => place(&mut g.eou, m, cmp_eou),
                None => false,
            },
            Metric::RealtimeModel(m) if is_response(&m) => {
                place(&mut self.realtime, m, cmp_realtime)
            }
            _ => false,
        }
    }

    /// Puts back a whole group (a final turn reopened by the live tracker).
    pub fn restore(&mut self, speech_id: String, group: Group) {
        self.by_speech.insert(speech_id, group);
    }

    /// The group of `speech_id` (created if new); `None` without a speech id.
    fn group_of(&mut self, speech_id: Option<&str>) -> Option<&mut Group> {
        let id = speech_id?;
        // Most metrics join an existing group: look up before allocating the key.
        if !self.by_speech.contains_key(id) {
            self.by_speech.insert(String::from(id), Group::default());
        }
        self.by_speech.get_mut(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::SttMetrics;

    fn llm(id: Option<&str>, ts: f64) -> Metric {
        Metric::Llm(LlmMetrics {
            timestamp_ms: ts,
            duration_ms: 10.0,
            speech_id: id.map(String::from),
            ..Default::default()
        })
    }

    #[test]
    fn keeps_turn_metrics_and_drops_session_level_ones() {
        let mut g = Groups::default();
        assert!(g.insert(&llm(Some("s1"), 2.0)));
        assert!(g.insert(&llm(Some("s1"), 1.0)));
        assert!(!g.insert(&llm(None, 1.0)), "background LLM call");
        assert!(!g.insert(&Metric::Stt(SttMetrics::default())));
        assert!(!g.insert(&llm(Some("s1"), 2.0)), "exact duplicate");
        let steps = &g.by_speech["s1"].llm;
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].timestamp_ms, 1.0, "sorted by start");
    }

    #[test]
    fn connection_acquired_realtime_metric_is_not_a_response() {
        let mut g = Groups::default();
        let acquired = RealtimeModelMetrics::default();
        assert!(!g.insert(&Metric::RealtimeModel(acquired)));
        let response = RealtimeModelMetrics {
            request_id: String::from("resp_1"),
            ttft_ms: Some(300.0),
            ..Default::default()
        };
        assert!(g.insert(&Metric::RealtimeModel(response)));
        assert_eq!(g.realtime.len(), 1);
    }
}
