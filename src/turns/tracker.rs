//! [`TurnTracker`]: live turn tracking, one metric at a time, in bounded memory.

use super::assemble::{end_of_speech_ms, Assembly};
use super::groups::{is_response, Groups};
use super::latency::TurnLatency;
use super::ledger::{Closed, Frontier, RecentIds, Reported};
use super::order::{llm_start_ms, tts_start_ms};
use super::retention::Evicted;
use super::summary::LatencySummary;
use crate::metric::Metric;
use crate::usage::UsageCollector;
use alloc::collections::{BTreeSet, VecDeque};
use alloc::string::String;
use alloc::vec::Vec;

mod settle;

/// How many turns a [`TurnTracker`] keeps in detail by default (see
/// [`TurnTracker::with_max_turns_detail`]).
pub const DEFAULT_MAX_TURNS_DETAIL: usize = 1_000;

/// The most turns left open (not yet final) at once, and the most final turns a late
/// metric can reopen: what bounds the work of one push (see "Sealed turns" on
/// [`TurnTracker`]). Real sessions have one to three open turns and reopen none or one.
pub const MAX_OPEN_TURNS: usize = 64;

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
/// whose spoken step's LLM metric arrives after that step's first TTS segment. Likewise
/// a realtime response that arrives before the EOU of its turn (out of order: the SDKs
/// emit the EOU first) is reported alone, with no EOU; the EOU then joins it in
/// [`TurnTracker::turns`] and the joined turn is not reported again.
///
/// # Cost and memory (retention policy)
///
/// A push re-assembles only the **open** turns: those that later metrics can still
/// change. A turn is **final** once it is complete and the turns after it no longer
/// depend on it: they start after everything it can interact with (its start, its
/// realtime responses, and for a turn without EOU the commit of the user turn that
/// decides its kind), and every reply without EOU among them starts after its commit
/// (only such replies read other turns' commit times). So a user turn is final as soon
/// as the next one started, even when that user stopped speaking before this turn was
/// committed (EOU delays longer than the time between turns). Final turns leave the
/// working set, so a push costs the same at turn 10 and at turn 100,000: about 1–3 open
/// turns in real sessions, whatever the arrival order.
///
/// - The last `max_turns_detail` final turns ([`DEFAULT_MAX_TURNS_DETAIL`] = 1,000 by
///   default) are kept in detail, with their metrics: a late metric for one of the last
///   [`MAX_OPEN_TURNS`] of them reopens it (and the turns after it), so nothing is lost
///   and the result does not depend on arrival order.
/// - Older turns are **evicted**: [`TurnTracker::turns`] no longer lists them, but
///   [`TurnTracker::summary`] still counts them (exactly for the first
///   [`super::EXACT_SUMMARY_TURNS`] evicted user turns, then with quantiles from a
///   sketch within 0.55 %; count, min, max and mean stay exact), and
///   [`TurnTracker::evicted_turns`] counts them.
///
/// # Sealed turns (the bound on one push)
///
/// Two rules keep the work of any push within a constant (a few [`MAX_OPEN_TURNS`]
/// turns re-assembled), whatever the arrival order; neither applies to a real session
/// delivered in order or with metrics a few turns late:
///
/// - **At most [`MAX_OPEN_TURNS`] (64) open turns.** Past that (for example the
///   LLM/TTS metrics of many turns arriving before any of their EOUs), the oldest open
///   turns down to half of it are **settled as they stand**, as at
///   [`TurnTracker::flush`]: reported if they were not, and final, a reply without EOU
///   keeping the kind it has then (without waiting for the user turn that decides it).
/// - **At most [`MAX_OPEN_TURNS`] final turns can be reopened.** A metric for an older
///   final turn (a whole session delivered in reverse) does not reopen it.
///
/// Turns settled as they stand, every final turn before them, and every final turn more
/// than [`MAX_OPEN_TURNS`] back are **sealed**, like evicted ones: a metric for one of
/// them (its `speech_id`, or a time at or before the last sealed turn's reach) changes
/// no turn, is counted in [`TurnTracker::late_metrics`] and its usage kept in the totals.
/// The turns after them are assembled without them. [`crate::compute_turn_latency`]
/// has no arrival order and applies neither rule.
///
/// So memory is bounded by `max_turns_detail` turns (a few hundred bytes each plus their
/// metrics), [`MAX_OPEN_TURNS`] open turns, the summary values above and 4,096 evicted
/// speech ids, however long the session.
///
/// [`TurnTracker::turns`] equals [`crate::compute_turn_latency`] over every metric
/// pushed so far, whatever their order, as long as no turn was evicted or sealed: at
/// most [`MAX_OPEN_TURNS`] turns open at once and no metric more than [`MAX_OPEN_TURNS`]
/// final turns late (always the case for a session of fewer than [`MAX_OPEN_TURNS`]
/// turns). [`TurnTracker::late_metrics`] is 0 then.
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
/// assert_eq!(done[0].formula_latency_ms, Some(1000.0)); // 500 + 300 + 200
/// assert!(tracker.flush().is_empty()); // nothing left
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct TurnTracker {
    /// The metrics of the open turns.
    open: Groups,
    /// Which open turns were reported.
    reported: Reported,
    /// Final turns held in detail, in order.
    closed: VecDeque<Closed>,
    /// The speech ids of `closed`.
    closed_ids: BTreeSet<String>,
    max_turns_detail: usize,
    evicted: Evicted,
    evicted_turns: u64,
    evicted_ids: RecentIds,
    /// What the evicted turns leave for the turns after them.
    evicted_frontier: Frontier,
    /// How many of the oldest `closed` turns are sealed: never reopened (see
    /// "Sealed turns"); metrics for them are late.
    sealed: usize,
    /// Usage of evicted turns and of late metrics.
    evicted_usage: UsageCollector,
    /// Usage of evicted speculative turns.
    evicted_speculative: UsageCollector,
    late_metrics: u64,
    /// Work done by pushes so far: drafts assembled plus the metrics they were built
    /// from (see [`TurnTracker::work_units`]).
    work: u64,
}

impl Default for TurnTracker {
    fn default() -> Self {
        Self::with_max_turns_detail(DEFAULT_MAX_TURNS_DETAIL)
    }
}

/// The speech id and the own time of a turn-level metric (see [`Assembly::reach_ms`]).
fn turn_ref(metric: &Metric) -> Option<(Option<&str>, f64)> {
    match metric {
        Metric::Llm(m) => Some((Some(m.speech_id.as_deref()?), llm_start_ms(m))),
        Metric::Tts(m) => Some((Some(m.speech_id.as_deref()?), tts_start_ms(m))),
        Metric::Eou(m) => Some((Some(m.speech_id.as_deref()?), end_of_speech_ms(m))),
        Metric::RealtimeModel(m) if is_response(m) => Some((None, m.timestamp_ms)),
        _ => None,
    }
}

impl TurnTracker {
    /// An empty tracker that keeps [`DEFAULT_MAX_TURNS_DETAIL`] final turns in detail.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty tracker that keeps the last `max_turns_detail` final turns (at least 1)
    /// in detail and only summary values of older ones (see "Cost and memory").
    pub fn with_max_turns_detail(max_turns_detail: usize) -> Self {
        TurnTracker {
            open: Groups::default(),
            reported: Reported::default(),
            closed: VecDeque::new(),
            closed_ids: BTreeSet::new(),
            max_turns_detail: max_turns_detail.max(1),
            evicted: Evicted::default(),
            evicted_turns: 0,
            evicted_ids: RecentIds::default(),
            evicted_frontier: Frontier::START,
            sealed: 0,
            evicted_usage: UsageCollector::new(),
            evicted_speculative: UsageCollector::new(),
            late_metrics: 0,
            work: 0,
        }
    }

    /// Adds one metric; returns the turns that became complete because of it, in
    /// chronological order (usually zero or one).
    ///
    /// Session-level metrics (STT, VAD, EOT inference, interruption, avatar, LLM/TTS
    /// without `speech_id`) and exact duplicates change nothing and return nothing.
    pub fn push(&mut self, metric: &Metric) -> Vec<TurnLatency> {
        if !self.admit(metric) || !self.open.insert(metric) {
            return Vec::new();
        }
        self.settle(false)
    }

    /// [`TurnTracker::push`] of an owned metric: the same result, the metric kept
    /// without a copy.
    pub fn push_owned(&mut self, metric: Metric) -> Vec<TurnLatency> {
        if !self.admit(&metric) || !self.open.insert_owned(metric) {
            return Vec::new();
        }
        self.settle(false)
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
            changed |= self.admit(m) && self.open.insert(m);
        }
        if !changed {
            return Vec::new();
        }
        self.settle(false)
    }

    /// Every turn held in detail (the last `max_turns_detail` final turns and the open
    /// ones), complete or not, in chronological order.
    pub fn turns(&self) -> Vec<TurnLatency> {
        let mut out: Vec<TurnLatency> = self.closed.iter().map(|c| c.turn.clone()).collect();
        out.extend(self.assemble().turns());
        out
    }

    /// Completes every turn not reported yet and returns them, in chronological order
    /// (call it when the session ends). The tracker keeps its metrics: later pushes can
    /// still update [`TurnTracker::turns`] and complete new turns.
    pub fn flush(&mut self) -> Vec<TurnLatency> {
        self.settle(true)
    }

    /// The latency summary of every turn so far, evicted ones included (see
    /// [`crate::summarize`] and "Cost and memory").
    pub fn summary(&self) -> LatencySummary {
        self.evicted.summary_with(&self.turns())
    }

    /// How many final turns were evicted from the detail window so far.
    pub fn evicted_turns(&self) -> u64 {
        self.evicted_turns
    }

    /// How many metrics arrived for a turn already evicted or sealed (counted, not
    /// applied; see "Sealed turns").
    pub fn late_metrics(&self) -> u64 {
        self.late_metrics
    }

    /// The work done by pushes and flushes so far, in units of one turn draft assembled
    /// or one metric read to build it (reopened turns count too). For tests of the
    /// per-push cost: it grows by a bounded amount per push in every arrival pattern.
    #[doc(hidden)]
    pub fn work_units(&self) -> u64 {
        self.work
    }

    /// Every turn held in detail with the usage of its own metrics, in chronological order.
    pub(crate) fn turns_with_usage(&self) -> Vec<(TurnLatency, UsageCollector)> {
        let mut out: Vec<(TurnLatency, UsageCollector)> = self
            .closed
            .iter()
            .map(|c| (c.turn.clone(), c.usage.clone()))
            .collect();
        out.extend(self.assemble().turns_with_usage());
        out
    }

    /// The usage of evicted turns and late metrics, and of the evicted speculative turns.
    pub(crate) fn evicted_usage(&self) -> (&UsageCollector, &UsageCollector) {
        (&self.evicted_usage, &self.evicted_speculative)
    }

    /// What the final turns leave for the open ones.
    fn frontier(&self) -> Frontier {
        self.closed
            .back()
            .map_or(self.evicted_frontier, |c| c.frontier)
    }

    /// What the sealed turns (evicted ones included) leave for the turns after them.
    fn sealed_frontier(&self) -> Frontier {
        match self.sealed.checked_sub(1) {
            Some(last) => self.closed[last].frontier,
            None => self.evicted_frontier,
        }
    }

    fn prior_user_turn(&self) -> bool {
        self.frontier().user_turn
    }

    fn assemble(&self) -> Assembly<'_> {
        Assembly::with_prior(&self.open, self.prior_user_turn())
    }
}
