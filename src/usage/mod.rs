//! Usage: per-model aggregation with the SDK collectors' exact rules, dedupe, and
//! the SDKs' own output shapes.

mod collector;
mod cost;
mod dedupe;
mod from_value;
mod livekit;
mod model;
mod price;
mod report;

pub use collector::{UsageCollector, MAX_USAGE_ROWS, OVERFLOW};
pub use cost::{cost, CostReport, ModelCost, UnpricedModel, MAX_PRICE};
pub use dedupe::Deduper;
pub use from_value::{model_usage_from_value, model_usages_from_value, session_usage_from_value};
pub use livekit::{
    to_livekit_js, to_livekit_js_filtered, to_livekit_python, to_livekit_python_report,
};
pub use model::{LlmUsage, ModelUsage, RequestUsage, SttUsage, TtsUsage, UsageKind};
pub use price::{ModelPrice, PriceError, PriceTable};
pub use report::{SessionUsage, TurnCost, TurnUsage, UsageCost, UsageFlag, UsageFlagReason};

/// The usage of a session ([`SessionUsage`]; `Usage` is the name JS users know it by).
pub type Usage = SessionUsage;
