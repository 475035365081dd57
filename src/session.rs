//! [`SessionMetrics`]: one live session, metric by metric: turns, latency summary and usage.

use crate::aggregate::acquire::{acquire_of, AcquireTimes};
use crate::metric::Metric;
use crate::turns::groups::is_response;
use crate::turns::{LatencySummary, TurnKind, TurnLatency, TurnTracker};
use crate::usage::{
    Deduper, ModelUsage, TurnUsage, Usage, UsageCollector, UsageFlag, UsageFlagReason,
};
use alloc::string::String;
use alloc::vec::Vec;

/// Options of [`SessionMetrics`] and [`compute_usage`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionOptions {
    /// Drop repeated deliveries of the same metrics payload (livekit/agents#3166,
    /// #2097). On by default; turn it off to count exactly what the SDK collector counts.
    pub dedupe: bool,
    /// How many final turns a live session keeps in detail (turns, per-turn usage);
    /// older turns stay in the summary and the usage totals only (see [`TurnTracker`],
    /// "Cost and memory"). Default [`crate::turns::DEFAULT_MAX_TURNS_DETAIL`] (1,000);
    /// at least 1. [`compute_usage`] keeps every turn.
    pub max_turns_detail: usize,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            dedupe: true,
            max_turns_detail: crate::turns::DEFAULT_MAX_TURNS_DETAIL,
        }
    }
}

/// Whether a metric belongs to a turn (so its usage is the turn's) or to the session.
fn is_turn_level(metric: &Metric) -> bool {
    match metric {
        Metric::Llm(m) => m.speech_id.is_some(),
        Metric::Tts(m) => m.speech_id.is_some(),
        Metric::RealtimeModel(m) => is_response(m),
        _ => false,
    }
}

/// The most distinct usage flags a session keeps (each names a provider and model:
/// hostile input could otherwise grow the list without bound).
pub const MAX_USAGE_FLAGS: usize = 64;

fn label(metric: &Metric) -> &str {
    match metric {
        Metric::Llm(m) => &m.label,
        Metric::Tts(m) => &m.label,
        Metric::Stt(m) => &m.label,
        Metric::RealtimeModel(m) => &m.label,
        _ => "",
    }
}

/// Live per-session analysis: push `metrics_collected` payloads as they come.
///
/// Turns follow [`TurnTracker`] (each complete turn is returned once by `push`);
/// usage follows the SDK collectors' rules, with duplicate deliveries dropped (unless
/// [`SessionOptions::dedupe`] is off), split per turn and session-level.
///
/// **Memory is bounded** however long the session: a push costs the same at any point
/// (only the open turns are re-assembled), the last [`SessionOptions::max_turns_detail`]
/// turns are kept in detail and older ones only in the summary and the usage totals
/// (`Usage::earlier_turns`), duplicate detection remembers the last 4,096 payloads, and
/// usage flags are capped at [`MAX_USAGE_FLAGS`], connection acquire times (one sketch
/// per provider, model and reuse) at [`crate::aggregate::MAX_ACQUIRE_ROWS`] rows. See
/// [`TurnTracker`], "Cost and memory".
#[derive(Debug, Clone)]
pub struct SessionMetrics {
    dedupe: Option<Deduper>,
    turns: TurnTracker,
    total: UsageCollector,
    session_level: UsageCollector,
    flags: Vec<UsageFlag>,
    /// Connection acquire times, for [`crate::LatencyAggregator::add_session_acquires`].
    acquire: AcquireTimes,
}

impl Default for SessionMetrics {
    fn default() -> Self {
        Self::new(SessionOptions::default())
    }
}

impl SessionMetrics {
    /// An empty session.
    pub fn new(options: SessionOptions) -> Self {
        SessionMetrics {
            dedupe: options.dedupe.then(Deduper::default),
            turns: TurnTracker::with_max_turns_detail(options.max_turns_detail),
            total: UsageCollector::new(),
            session_level: UsageCollector::new(),
            flags: Vec::new(),
            acquire: AcquireTimes::default(),
        }
    }

    /// Counts one metric's usage; `false` if it is a duplicate delivery (dropped).
    fn account(&mut self, metric: &Metric) -> bool {
        if let Some(d) = &mut self.dedupe {
            if !d.admit(metric) {
                return false;
            }
        }
        if let Some(a) = acquire_of(metric) {
            self.acquire.record(&a);
        }
        let Some(kind) = self.total.collect(metric) else {
            return true;
        };
        if !is_turn_level(metric) {
            self.session_level.collect(metric);
        }
        let (provider, model) = match metric.metadata() {
            Some(m) => (
                m.model_provider.as_deref().unwrap_or(""),
                m.model_name.as_deref().unwrap_or(""),
            ),
            None => ("", ""),
        };
        let reason = if label(metric).contains("FallbackAdapter")
            || provider.contains("FallbackAdapter")
            || model.contains("FallbackAdapter")
        {
            Some(UsageFlagReason::FallbackAdapter)
        } else if provider == "unknown" || model == "unknown" {
            Some(UsageFlagReason::UnknownModel)
        } else {
            None
        };
        if let Some(reason) = reason {
            let flag = UsageFlag {
                kind,
                provider: String::from(provider),
                model: String::from(model),
                reason,
            };
            if self.flags.len() < MAX_USAGE_FLAGS && !self.flags.contains(&flag) {
                self.flags.push(flag);
            }
        }
        true
    }

    /// Adds one metric; returns the turns it completed (usually none or one).
    pub fn push(&mut self, metric: &Metric) -> Vec<TurnLatency> {
        if !self.account(metric) {
            return Vec::new();
        }
        self.turns.push(metric)
    }

    /// [`SessionMetrics::push`] of an owned metric: the same result, but the turn
    /// tracker keeps the metric without a copy (what the JS binding's live path uses).
    pub fn push_owned(&mut self, metric: Metric) -> Vec<TurnLatency> {
        if !self.account(&metric) {
            return Vec::new();
        }
        self.turns.push_owned(metric)
    }

    /// Adds many metrics at once (one turn assembly for the batch); returns the turns
    /// they completed.
    pub fn push_many(&mut self, metrics: &[Metric]) -> Vec<TurnLatency> {
        let kept: Vec<Metric> = metrics
            .iter()
            .filter(|m| self.account(m))
            .cloned()
            .collect();
        self.turns.push_many(&kept)
    }

    /// Every turn so far, in chronological order.
    pub fn turns(&self) -> Vec<TurnLatency> {
        self.turns.turns()
    }

    /// Latency statistics over the user turns so far.
    pub fn summary(&self) -> LatencySummary {
        self.turns.summary()
    }

    /// Completes (and returns) every turn not reported yet; call at session end.
    pub fn flush(&mut self) -> Vec<TurnLatency> {
        self.turns.flush()
    }

    /// Duplicate deliveries dropped so far.
    pub fn duplicates_dropped(&self) -> u64 {
        self.dedupe.as_ref().map_or(0, Deduper::duplicates_dropped)
    }

    /// Final turns evicted from the detail window so far (see
    /// [`SessionOptions::max_turns_detail`]).
    pub fn evicted_turns(&self) -> u64 {
        self.turns.evicted_turns()
    }

    /// Metrics that arrived for an evicted or sealed turn (see [`TurnTracker`], "Sealed
    /// turns"): counted in the usage totals (in `earlier_turns`), applied to no turn.
    pub fn late_metrics(&self) -> u64 {
        self.turns.late_metrics()
    }

    /// The connection acquire times recorded so far (duplicates dropped).
    pub(crate) fn acquire_times(&self) -> &AcquireTimes {
        &self.acquire
    }

    /// The session's usage so far: totals, per turn, session-level and speculative.
    pub fn usage(&self) -> Usage {
        let (earlier, earlier_speculative) = self.turns.evicted_usage();
        let mut speculative = earlier_speculative.clone();
        let turns: Vec<TurnUsage> = self
            .turns
            .turns_with_usage()
            .into_iter()
            .map(|(turn, usage)| {
                let models = usage.flatten();
                if turn.kind == TurnKind::Speculative {
                    models.iter().for_each(|r| speculative.add_row(r));
                }
                TurnUsage {
                    speech_id: turn.speech_id,
                    kind: turn.kind,
                    started_at_ms: turn.started_at_ms,
                    models,
                }
            })
            .collect();
        Usage {
            models: self.total.flatten(),
            turns,
            session_level: self.session_level.flatten(),
            speculative: speculative.flatten(),
            duplicates_dropped: self.duplicates_dropped(),
            flags: self.flags.clone(),
            earlier_turns: earlier.flatten(),
        }
    }
}

/// The usage of a whole session's metrics (any order).
///
/// Equivalent to pushing every metric into a [`SessionMetrics`] and calling
/// [`SessionMetrics::usage`], except that duplicates are recognised anywhere in the
/// batch, not only within the live window.
pub fn compute_usage(metrics: &[Metric], options: SessionOptions) -> Usage {
    let mut session = SessionMetrics::new(SessionOptions {
        max_turns_detail: usize::MAX,
        ..options
    });
    if options.dedupe {
        session.dedupe = Some(Deduper::with_window(usize::MAX));
    }
    session.push_many(metrics);
    session.usage()
}

/// Sums usage rows into their SDK-order totals (helper for tests and callers that
/// split usage themselves).
pub fn sum_usage<'a>(rows: impl IntoIterator<Item = &'a ModelUsage>) -> Vec<ModelUsage> {
    let mut c = UsageCollector::new();
    rows.into_iter().for_each(|r| c.add_row(r));
    c.flatten()
}
