//! [`TurnTracker`]: live turn tracking, one metric at a time.

use super::assemble::{Assembly, TurnKey};
use super::groups::Groups;
use super::latency::TurnLatency;
use super::summary::{summarize, LatencySummary};
use crate::metric::Metric;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::vec::Vec;

/// The identities of the turns already reported.
#[derive(Debug, Clone, Default)]
struct Reported {
    speech: BTreeSet<String>,
    realtime: BTreeMap<String, BTreeSet<usize>>,
}

impl Reported {
    /// Records `key`; `false` if it was already there.
    fn insert(&mut self, key: TurnKey) -> bool {
        match key {
            TurnKey::Speech(id) if self.speech.contains(id) => false,
            TurnKey::Speech(id) => self.speech.insert(String::from(id)),
            TurnKey::Realtime(id, rank) => match self.realtime.get_mut(id) {
                Some(ranks) => ranks.insert(rank),
                None => {
                    let ranks = BTreeSet::from([rank]);
                    self.realtime.insert(String::from(id), ranks);
                    true
                }
            },
        }
    }
}

/// Tracks turns live, as metrics arrive, and reports each turn once when it is complete.
///
/// A turn is **complete** when
/// - it has its EOU, its first LLM request and its first TTS segment (or, for a realtime
///   reply, its EOU and first realtime response; a realtime response with no EOU to join
///   is complete on arrival); or
/// - it is superseded: a later user turn arrived (for a turn without EOU: a user turn
///   was committed after it started, which is also what decides whether it was
///   [`crate::TurnKind::Speculative`]); or
/// - [`TurnTracker::flush`] is called.
///
/// [`TurnTracker::push`] and [`TurnTracker::flush`] return each turn exactly once, at
/// completion, with what was known then. Metrics of that turn arriving later (a tool-call
/// follow-up step, a late TTS segment) update [`TurnTracker::turns`] but are not reported
/// again. The latency parts are normally final by then (the first LLM step and the first
/// TTS segment are in); the exception is a turn whose first step only called a tool and
/// whose spoken step's LLM metric arrives after that step's first TTS segment.
///
/// [`TurnTracker::turns`] always equals [`crate::compute_turn_latency`] over every metric
/// pushed so far, whatever their order.
///
/// ```
/// use voice_agent_metrics::{normalize_json, NormalizeOptions, TurnTracker};
/// # #[cfg(feature = "serde")] {
/// let log = br#"[
///  {"type":"eou_metrics","timestamp":1000.9,"end_of_utterance_delay":0.5,
///   "transcription_delay":0.2,"on_user_turn_completed_delay":0.0,"speech_id":"s1"},
///  {"type":"llm_metrics","timestamp":1001.7,"duration":0.8,"ttft":0.3,"cancelled":false,
///   "completion_tokens":9,"prompt_tokens":900,"speech_id":"s1"},
///  {"type":"tts_metrics","timestamp":1002.2,"ttfb":0.2,"duration":0.5,"audio_duration":2.0,
///   "cancelled":false,"characters_count":40,"streamed":true,"speech_id":"s1"}
/// ]"#;
/// let report = normalize_json(log, &NormalizeOptions::default()).unwrap();
/// let mut tracker = TurnTracker::new();
/// let mut done = Vec::new();
/// for record in &report.records {
///     done.extend(tracker.push(&record.metric));
/// }
/// assert_eq!(done.len(), 1); // complete at the TTS metric
/// assert_eq!(done[0].total_latency_ms, Some(1000.0)); // 500 + 300 + 200
/// assert!(tracker.flush().is_empty()); // nothing left
/// # }
/// ```
#[derive(Debug, Clone, Default)]
pub struct TurnTracker {
    groups: Groups,
    reported: Reported,
}

impl TurnTracker {
    /// An empty tracker.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one metric; returns the turns that became complete because of it, in
    /// chronological order (usually zero or one).
    ///
    /// Session-level metrics (STT, VAD, EOT inference, interruption, avatar, LLM/TTS
    /// without `speech_id`) and exact duplicates change nothing and return nothing.
    pub fn push(&mut self, metric: &Metric) -> Vec<TurnLatency> {
        if !self.groups.insert(metric) {
            return Vec::new();
        }
        self.report(false)
    }

    /// Adds many metrics (any order) and returns the turns complete after all of them,
    /// each not reported before, in chronological order.
    ///
    /// The same as calling [`TurnTracker::push`] for each, but the turns are assembled
    /// once for the batch instead of once per metric (use it for backfills and large
    /// batches), and each reported record reflects the whole batch.
    pub fn push_many(&mut self, metrics: &[Metric]) -> Vec<TurnLatency> {
        let mut changed = false;
        for m in metrics {
            changed |= self.groups.insert(m);
        }
        if !changed {
            return Vec::new();
        }
        self.report(false)
    }

    /// Every turn so far, complete or not, in chronological order.
    pub fn turns(&self) -> Vec<TurnLatency> {
        Assembly::new(&self.groups).turns()
    }

    /// Completes every turn not reported yet and returns them, in chronological order
    /// (call it when the session ends). The tracker keeps its metrics: later pushes can
    /// still update [`TurnTracker::turns`] and complete new turns.
    pub fn flush(&mut self) -> Vec<TurnLatency> {
        self.report(true)
    }

    /// Reports the complete turns (all of them when `all`) not reported yet.
    fn report(&mut self, all: bool) -> Vec<TurnLatency> {
        let assembly = Assembly::new(&self.groups);
        let mut done = Vec::new();
        for i in 0..assembly.len() {
            if (all || assembly.is_complete(i)) && self.reported.insert(assembly.key(i)) {
                done.push(assembly.turn(i));
            }
        }
        done
    }

    /// Every turn so far with the usage of its own metrics, in chronological order.
    pub(crate) fn turns_with_usage(&self) -> Vec<(TurnLatency, crate::usage::UsageCollector)> {
        Assembly::new(&self.groups).turns_with_usage()
    }

    /// The latency summary of [`TurnTracker::turns`] (see [`crate::summarize`]).
    pub fn summary(&self) -> LatencySummary {
        summarize(&self.turns())
    }
}
