#![doc = include_str!("../README.md")]
#![no_std]
#![deny(missing_docs)]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod aggregate;
pub mod dialect;
mod error;
pub mod export;
pub mod metric;
pub mod normalize;
pub mod report;
mod session;
pub mod turns;
pub mod usage;
mod value;

#[cfg(feature = "wasm")]
mod wasm;

pub use aggregate::{
    AggregateError, AggregatorOptions, LatencyAggregator, LatencyMetric, LatencySketch,
    SeriesQuantiles, TurnSample,
};
pub use dialect::Dialect;
pub use error::{ErrorCode, ItemError, NormalizeError};
pub use metric::{Metric, MetricsMetadata};
pub use normalize::{
    normalize_batch, normalize_metric, NormalizeOptions, NormalizeReport, NormalizedMetric,
    OnInvalid, SkippedItem, UnknownTypeCount, DEFAULT_MAX_INPUT_BYTES,
};
#[cfg(feature = "serde")]
pub use normalize::{normalize_json, parse_json};
#[cfg(feature = "serde")]
pub use report::analyze_session_report_json;
pub use report::{
    analyze_session_report, join_turns, summarize_chat_turns, ChatLatencySummary, ChatTurn,
    ChatTurnBuilder, CloseEntry, ErrorEntry, FalseInterruptionEntry, Handoff, HandoffEntry,
    JoinedTurn, KeyCase, ReportError, ReportOptions, ReportSdk, ReportSection, ReportUnits,
    ReportedOptions, SessionAnalysis, SkippedEntry, SpeechEntry, StateChange, TimeUnit,
    TimelineEntry, ToolCall, ToolsEntry, TranscriptEntry, TurnFlag, TurnFlagReason, TurnJoin,
    UsageKindSource, WaterfallNote, E2E_AGREEMENT_MS, JOIN_TOLERANCE_MS,
};
pub use session::{compute_usage, sum_usage, SessionMetrics, SessionOptions, MAX_USAGE_FLAGS};
pub use turns::{
    compute_turn_latency, summarize, LatencyComponent, LatencyStats, LatencySummary, TurnKind,
    TurnLatency, TurnTracker, Waterfall, WaterfallPart, WaterfallStep, WaterfallSummary,
};
pub use usage::{ModelUsage, PriceTable, Usage, UsageCollector, UsageKind};
pub use value::{JsonType, Value, MAX_DEPTH};

/// The crate version (`CARGO_PKG_VERSION`), also exported to JS as `version()`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
