//! Which SDK wrote a session report, and in which key case and units.

use super::fields::{epoch_ms, field, Epoch, Field};
use super::item::{created_at_unit, is_camel};
use crate::value::Value;

/// The SDK that wrote a session report.
///
/// Serialized as `"python"`, `"node"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ReportSdk {
    /// `livekit-agents`: `SessionReport.to_dict()`.
    Python,
    /// `@livekit/agents`: `sessionReportToJSON(report)` or an in-memory report.
    Node,
}

/// A time unit found in the input.
///
/// Serialized as `"seconds"`, `"milliseconds"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum TimeUnit {
    /// Seconds (epoch seconds for times).
    Seconds,
    /// Milliseconds (epoch ms for times).
    Milliseconds,
}

impl From<Epoch> for TimeUnit {
    fn from(e: Epoch) -> Self {
        match e {
            Epoch::Seconds => TimeUnit::Seconds,
            Epoch::Millis => TimeUnit::Milliseconds,
        }
    }
}

/// The key case of chat items and events.
///
/// Serialized as `"snake"`, `"camel"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum KeyCase {
    /// `created_at`, `call_id`: Python, and Node reports since 1.4.10.
    #[default]
    Snake,
    /// `createdAt`, `callId`: Node reports before 1.4.10, `toJSON()` items, in-memory objects.
    Camel,
}

/// The key case and units a report was written in, as detected. `None`: that part of
/// the report is absent, so there was nothing to detect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ReportUnits {
    /// Key case of chat items and events.
    pub key_case: KeyCase,
    /// Unit of the top-level `timestamp` (Python s, Node ms).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub timestamp: Option<TimeUnit>,
    /// Unit of the events' `created_at` (Python s, Node ms).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub event_times: Option<TimeUnit>,
    /// Unit of the chat items' `created_at` (Python s; Node 1.9.0 reports s, Node
    /// before 1.4.10 and `toJSON()` items ms).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub chat_item_times: Option<TimeUnit>,
    /// Unit of the usage durations (snake `audio_duration` s; camel `audioDurationMs` ms).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub usage_durations: Option<TimeUnit>,
    /// Unit of the `options` delays (Python s, Node ms).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub option_delays: Option<TimeUnit>,
}

pub(crate) const TIMESTAMP: Field = field("timestamp", "timestamp");

/// Top-level keys only the Node SDK writes.
const NODE_KEYS: [&str; 2] = ["enable_user_data_training", "enableRecording"];
/// Top-level keys only Python writes (1.8: `agent_name` ... `close_reason`).
const PYTHON_KEYS: [&str; 5] = [
    "agent_name",
    "duration_ms",
    "user_turns",
    "close_reason",
    "tags",
];

/// The key case of the first chat item or event that spells `created_at`.
pub(crate) fn key_case(items: &[Value], events: &[Value]) -> KeyCase {
    match items.iter().chain(events).find_map(is_camel) {
        Some(true) => KeyCase::Camel,
        _ => KeyCase::Snake,
    }
}

/// The unit of the first `created_at` in `list`.
pub(crate) fn times_unit(list: &[Value]) -> Option<TimeUnit> {
    list.iter().find_map(created_at_unit).map(TimeUnit::from)
}

/// The unit of the usage durations, from the key names.
pub(crate) fn usage_unit(entries: &[Value]) -> Option<TimeUnit> {
    entries.iter().find_map(|e| {
        let has = |k: &str| e.get(k).is_some();
        if has("audio_duration") || has("session_duration") {
            Some(TimeUnit::Seconds)
        } else if has("audioDurationMs") || has("sessionDurationMs") {
            Some(TimeUnit::Milliseconds)
        } else {
            None
        }
    })
}

/// Which SDK wrote the report: Node-only top-level keys, then Python-only ones (and
/// `options.min_consecutive_speech_delay`), then the `timestamp` unit, then camelCase
/// items, then the unit of the events' `created_at`. `None` when nothing tells.
pub(crate) fn sdk(report: &Value, case: KeyCase, events: &[Value]) -> Option<ReportSdk> {
    if NODE_KEYS.iter().any(|k| report.get(k).is_some()) {
        return Some(ReportSdk::Node);
    }
    let py_option = report
        .get("options")
        .is_some_and(|o| o.get("min_consecutive_speech_delay").is_some());
    if py_option || PYTHON_KEYS.iter().any(|k| report.get(k).is_some()) {
        return Some(ReportSdk::Python);
    }
    let by_unit = |u: TimeUnit| match u {
        TimeUnit::Seconds => ReportSdk::Python,
        TimeUnit::Milliseconds => ReportSdk::Node,
    };
    if let Ok(Some((_, unit))) = epoch_ms(report, TIMESTAMP) {
        return Some(by_unit(unit.into()));
    }
    if case == KeyCase::Camel {
        return Some(ReportSdk::Node);
    }
    times_unit(events).map(by_unit)
}
