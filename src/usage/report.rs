//! The usage of a session: totals, per turn, session-level, speculative, and its cost.

use super::cost::{cost, ModelCost, UnpricedModel};
use super::livekit;
use super::model::{ModelUsage, UsageKind};
use super::price::PriceTable;
use crate::turns::TurnKind;
use crate::value::Value;
use alloc::string::String;
use alloc::vec::Vec;

/// The usage of one turn: the LLM steps, TTS segments and realtime responses under it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TurnUsage {
    /// The turn's `speech_id` (absent for a realtime response without one).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub speech_id: Option<String>,
    /// The turn's kind; `speculative` turns never played but were billed.
    pub kind: TurnKind,
    /// The turn's start, epoch ms (as in `TurnLatency`).
    pub started_at_ms: f64,
    /// Usage rows of this turn.
    pub models: Vec<ModelUsage>,
}

/// Why a usage row deserves a second look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum UsageFlagReason {
    /// Attributed to a `FallbackAdapter` wrapper rather than the model that served it.
    FallbackAdapter,
    /// Provider or model is `"unknown"` (a plugin that reports no metadata).
    UnknownModel,
}

/// A usage row that is probably attributed to the wrong model.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UsageFlag {
    /// Usage kind of the row.
    pub kind: UsageKind,
    /// Provider of the row.
    pub provider: String,
    /// Model of the row.
    pub model: String,
    /// Why it is flagged.
    pub reason: UsageFlagReason,
}

/// The usage of a session.
///
/// `models` is what the SDKs' `ModelUsageCollector` reports for the same metrics
/// (after duplicate deliveries are dropped, unless dedupe is off); the other fields
/// split it: every row of `models` is the sum of its rows in `turns`,
/// `session_level` and `earlier_turns`.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
// In JS, `Usage` is the class wrapping this; its plain data (`usage.toJSON()`) is
// `SessionUsage`. In Rust, [`Usage`] is an alias of this type.
pub struct SessionUsage {
    /// Every usage row, in the SDK collector's order.
    pub models: Vec<ModelUsage>,
    /// Usage of each turn, in turn order (speculative turns included).
    pub turns: Vec<TurnUsage>,
    /// Usage that belongs to no turn: STT, EOT, interruption, background LLM/TTS calls
    /// (no `speech_id`), realtime connection metrics.
    pub session_level: Vec<ModelUsage>,
    /// The sum over speculative turns: preemptive generations that never played but
    /// were billed (livekit/agents#4219).
    pub speculative: Vec<ModelUsage>,
    /// Duplicate deliveries of the same metrics payload that were not counted.
    pub duplicates_dropped: u64,
    /// Rows probably attributed to a wrapper instead of the real model.
    pub flags: Vec<UsageFlag>,
    /// Usage of the turns a live session no longer holds in detail (evicted past its
    /// `max_turns_detail` window) and of metrics that arrived late for them. Empty
    /// (and omitted from JSON) unless turns were evicted.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub earlier_turns: Vec<ModelUsage>,
}

/// The cost of one turn.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TurnCost {
    /// The turn's `speech_id`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub speech_id: Option<String>,
    /// The turn's kind.
    pub kind: TurnKind,
    /// Cost of the turn's priced rows.
    pub cost: f64,
    /// Whether some of the turn's usage could not be priced (then `cost` is a lower bound).
    pub has_unpriced: bool,
}

/// The cost of a session's [`SessionUsage`] under a [`PriceTable`].
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UsageCost {
    /// The table's currency (ISO 4217).
    pub currency: String,
    /// Cost of every priced row (a lower bound when `unpriced` is not empty).
    pub total: f64,
    /// Cost per priced row.
    pub models: Vec<ModelCost>,
    /// Rows with usage that the table cannot price. Never silently zero.
    pub unpriced: Vec<UnpricedModel>,
    /// Cost per turn, in turn order.
    pub turns: Vec<TurnCost>,
    /// Cost of the session-level usage.
    pub session_level: f64,
    /// Cost of speculative generations (already inside `total`).
    pub speculative: f64,
}

impl SessionUsage {
    /// Prices the session with `table`: per model, per turn, session-level and speculative.
    pub fn cost(&self, table: &PriceTable) -> UsageCost {
        let all = cost(&self.models, table);
        let turns = self
            .turns
            .iter()
            .map(|t| {
                let c = cost(&t.models, table);
                TurnCost {
                    speech_id: t.speech_id.clone(),
                    kind: t.kind,
                    cost: c.total,
                    has_unpriced: !c.unpriced.is_empty(),
                }
            })
            .collect();
        UsageCost {
            currency: all.currency,
            total: all.total,
            models: all.models,
            unpriced: all.unpriced,
            turns,
            session_level: cost(&self.session_level, table).total,
            speculative: cost(&self.speculative, table).total,
        }
    }

    /// `models` as `@livekit/agents` `ModelUsageCollector.flatten()` returns them.
    pub fn to_livekit_js(&self) -> Vec<Value> {
        livekit::to_livekit_js(&self.models)
    }

    /// `models` as Python's `[u.model_dump() for u in collector.flatten()]`.
    pub fn to_livekit_python(&self) -> Vec<Value> {
        livekit::to_livekit_python(&self.models)
    }
}
