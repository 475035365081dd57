//! [`SessionAnalysis`] and [`analyze_session_report`]: a whole session report at once.

use super::builder::ChatTurnBuilder;
use super::detect::{self, ReportSdk, ReportUnits, TimeUnit, TIMESTAMP};
use super::error::{ReportError, ReportSection, SkippedEntry};
use super::fields::*;
use super::flags::TurnFlag;
use super::options::{self, ReportOptions, ReportedOptions};
use super::summary::{summarize_chat_turns, ChatLatencySummary};
use super::timeline::{self, TimelineEntry};
use super::turn::ChatTurn;
use super::usage::{self, UsageKindSource};
use crate::normalize::reader::seconds_to_ms;
use crate::usage::Usage;
use crate::value::{JsonType, Value};
use alloc::string::String;
use alloc::vec::Vec;

/// Everything a session report says about latency, usage and data quality.
///
/// Times are epoch ms, durations ms, whatever the report used (see `units`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SessionAnalysis {
    /// The SDK that wrote the report; absent when nothing in it tells.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub sdk: Option<ReportSdk>,
    /// `sdk_version` (Python ≥ 1.5.1, Node ≥ 1.4.10).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub sdk_version: Option<String>,
    /// The key case and units the report was written in.
    pub units: ReportUnits,
    /// `job_id`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub job_id: Option<String>,
    /// `room_id` (the room sid).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub room_id: Option<String>,
    /// `room` (the room name).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub room: Option<String>,
    /// Session start, epoch ms: `started_at` when the report has it (newer Python SDKs
    /// write it, in epoch seconds; in-memory Node reports have it in epoch ms), else
    /// `timestamp − duration_ms` (Python ≥ 1.8), else `timestamp − duration` (newer
    /// Python SDKs, seconds: the span since the recording started), else the earliest
    /// `created_at` of the events and chat items.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub started_at_ms: Option<f64>,
    /// Session end, epoch ms: the report's `timestamp` (written when the session ends),
    /// else the latest `created_at` of the events and chat items.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub ended_at_ms: Option<f64>,
    /// `ended_at_ms − started_at_ms`, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub duration_ms: Option<f64>,
    /// Why the session ended: the last `close` event's `reason`, else Python's top-level
    /// `close_reason`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub close_reason: Option<String>,
    /// The session options the report recorded, in ms.
    pub options: ReportedOptions,
    /// The turns of the chat history, in order (see [`crate::report`] for the rules):
    /// every turn, however long the session (a report is analyzed whole; only the live
    /// [`crate::ChatTurnBuilder`] keeps a window).
    pub turns: Vec<ChatTurn>,
    /// Latency statistics over the unflagged user turns.
    pub summary: ChatLatencySummary,
    /// The report's `usage` as canonical rows in ms (`usage.models`, in the SDK's
    /// `flatten()` order; when the report has no `usage`, the last
    /// `session_usage_updated` event's rows). A report has no metrics events, so usage
    /// cannot be split:
    /// `turns`, `session_level` and `speculative` are empty and `duplicates_dropped` is 0.
    pub usage: Usage,
    /// Where the usage kinds came from (Python entries may lack `type`).
    pub usage_kind_source: UsageKindSource,
    /// Every flagged turn and why, in turn order.
    pub flags: Vec<TurnFlag>,
    /// The session's events as typed entries, in emission order.
    pub timeline: Vec<TimelineEntry>,
    /// Malformed chat items, events and usage entries that were skipped.
    pub skipped: Vec<SkippedEntry>,
}

const CHAT_HISTORY: Field = field("chat_history", "chatHistory");
const ITEMS: Field = field("items", "items");
const EVENTS: Field = field("events", "events");
const USAGE: Field = field("usage", "usage");
const MODEL_USAGE: Field = field("model_usage", "modelUsage");
const SDK_VERSION: Field = field("sdk_version", "sdkVersion");
const JOB_ID: Field = field("job_id", "jobId");
const ROOM_ID: Field = field("room_id", "roomId");
const ROOM: Field = field("room", "room");
const STARTED_AT: Field = field("started_at", "startedAt");
const DURATION_MS: Field = field("duration_ms", "durationMs");
const DURATION: Field = field("duration", "duration");
const CLOSE_REASON: Field = field("close_reason", "closeReason");
const CREATED_AT: Field = field("created_at", "createdAt");

/// `chat_history.items` (or a bare array of items).
fn chat_items(report: &Value) -> R<&[Value]> {
    let (name, history) = get(report, CHAT_HISTORY).ok_or(ReportError::MissingField {
        field: CHAT_HISTORY.snake,
    })?;
    match history {
        Value::Array(items) => Ok(items),
        Value::Object(_) => Ok(array(history, ITEMS)?.unwrap_or(&[])),
        other => Err(ReportError::WrongType {
            field: name,
            expected: JsonType::Object,
            found: other.json_type(),
        }),
    }
}

/// The usage entries: `usage` (a list, or `{model_usage: [...]}`), else `model_usage`.
fn usage_entries(report: &Value) -> R<Option<&[Value]>> {
    for f in [USAGE, MODEL_USAGE] {
        match get(report, f) {
            None => continue,
            Some((_, Value::Array(entries))) => return Ok(Some(entries)),
            Some((_, o @ Value::Object(_))) => return array(o, MODEL_USAGE),
            Some((name, v)) => {
                return Err(ReportError::WrongType {
                    field: name,
                    expected: JsonType::Array,
                    found: v.json_type(),
                })
            }
        }
    }
    Ok(None)
}

/// The `model_usage` of the last `session_usage_updated` event (Python reports keep them).
fn last_usage_event(events: &[Value]) -> &[Value] {
    events
        .iter()
        .rev()
        .filter(|e| e.get("type").and_then(Value::as_str) == Some("session_usage_updated"))
        .find_map(|e| {
            let usage = e.get("usage")?;
            match get(usage, MODEL_USAGE) {
                Some((_, Value::Array(rows))) => Some(rows.as_slice()),
                _ => None,
            }
        })
        .unwrap_or(&[])
}

fn opt_string(report: &Value, f: Field) -> R<Option<String>> {
    Ok(string(report, f)?.map(String::from))
}

/// `(started, ended, duration)` of the session, epoch ms (see [`SessionAnalysis`]).
fn session_times(
    report: &Value,
    lists: [&[Value]; 2],
    timestamp: Option<(f64, Epoch)>,
) -> R<(Option<f64>, Option<f64>, Option<f64>)> {
    let times = || {
        lists
            .iter()
            .flat_map(|l| l.iter())
            .filter_map(|v| epoch_ms(v, CREATED_AT).ok().flatten().map(|(ms, _)| ms))
    };
    let non_negative = |f: Field| match number(report, f)? {
        Some((field, d)) if d < 0.0 => Err(ReportError::OutOfRange { field, value: d }),
        Some((_, d)) => Ok(Some(d)),
        None => Ok(None),
    };
    // `duration` (newer Python SDKs; `null` without a recording) is in the unit of the
    // report's `timestamp`: seconds in Python, ms in in-memory Node reports.
    let seconds = timestamp.is_some_and(|(_, unit)| unit == Epoch::Seconds);
    let duration = non_negative(DURATION)?.map(|d| if seconds { seconds_to_ms(d) } else { d });
    let reported_duration = non_negative(DURATION_MS)?.or(duration);
    let started = match epoch_ms(report, STARTED_AT)? {
        Some((ms, _)) => Some(ms),
        None => match (timestamp, reported_duration) {
            (Some((t, _)), Some(d)) => Some(t - d),
            _ => times().reduce(f64::min),
        },
    };
    let ended = timestamp
        .map(|(t, _)| t)
        .or_else(|| times().reduce(f64::max));
    let duration = match (started, ended) {
        (Some(s), Some(e)) => Some(e - s),
        _ => None,
    };
    Ok((started, ended, duration))
}

/// Analyzes a session report: Python `SessionReport.to_dict()`, Node
/// `sessionReportToJSON(report)` (current snake_case, or camelCase before 1.4.10), or a
/// report-like object (`chat_history`/`chatHistory` with `items`, optional `events`,
/// `usage`/`modelUsage`, `timestamp`).
///
/// Only `chat_history` is required. Unknown fields are ignored everywhere. A malformed
/// chat item, event or usage entry is skipped and listed in `skipped`; a malformed
/// report (not an object, no chat history, a top-level field of the wrong type or out
/// of range) is an error.
///
/// ```
/// use voice_agent_metrics::{analyze_session_report, ReportOptions, ReportSdk, TurnKind, Value};
/// # #[cfg(feature = "serde")] {
/// let report: Value = serde_json::from_str(r#"{
///   "timestamp": 1795280719.48, "sdk_version": "1.8.9",
///   "options": {"min_consecutive_speech_delay": 0.0, "min_endpointing_delay": 0.4},
///   "chat_history": {"items": [
///     {"id":"u1","type":"message","role":"user","content":["Hi"],"interrupted":false,
///      "created_at":1795280700.32,"extra":{},"metrics":{"started_speaking_at":1795280698.0,
///      "stopped_speaking_at":1795280699.8,"end_of_turn_delay":0.5,
///      "on_user_turn_completed_delay":0.0001}},
///     {"id":"a1","type":"message","role":"assistant","content":["Hello!"],
///      "interrupted":false,"created_at":1795280700.33,"extra":{},"metrics":{
///      "llm_node_ttft":0.35,"tts_node_ttfb":0.15,"started_speaking_at":1795280701.3,
///      "stopped_speaking_at":1795280703.7,"playback_latency":0.0,"e2e_latency":1.5}}]},
///   "usage": [{"provider":"openai","model":"gpt-4.1-mini","input_tokens":1100,
///              "input_cached_tokens":1024,"output_tokens":12}]
/// }"#).unwrap();
/// let a = analyze_session_report(&report, &ReportOptions::default()).unwrap();
/// assert_eq!(a.sdk, Some(ReportSdk::Python));
/// assert_eq!(a.options.min_endpointing_delay_ms, Some(400.0)); // seconds → ms
/// assert_eq!(a.turns[0].kind, TurnKind::User);
/// assert_eq!(a.turns[0].e2e_latency_ms, Some(1500.0));
/// assert_eq!(a.summary.e2e_latency_ms.p50, Some(1500.0));
/// assert_eq!(a.usage.models[0].kind().livekit_type(), "llm_usage"); // inferred
/// # }
/// ```
pub fn analyze_session_report(
    report: &Value,
    options: &ReportOptions,
) -> Result<SessionAnalysis, ReportError> {
    if report.as_object().is_none() {
        return Err(not_an_object(report));
    }
    let items = chat_items(report)?;
    let events = array(report, EVENTS)?.unwrap_or(&[]);
    let report_usage = usage_entries(report)?;
    let key_case = detect::key_case(items, events);
    let sdk = detect::sdk(report, key_case, events);
    let timestamp = epoch_ms(report, TIMESTAMP)?;
    let (reported, option_delays) = options::read(report, sdk)?;
    let (started_at_ms, ended_at_ms, duration_ms) =
        session_times(report, [items, events], timestamp)?;

    let mut opts = *options;
    opts.preemptive_generation = opts
        .preemptive_generation
        .or(reported.preemptive_generation);
    let mut skipped = Vec::new();
    // A report is analyzed whole: every turn is kept (the live builder's detail limit,
    // `DEFAULT_MAX_CHAT_TURNS`, is for live sessions).
    let mut builder = ChatTurnBuilder::new(opts).with_max_turns(usize::MAX);
    for (i, item) in items.iter().enumerate() {
        if let Err(e) = builder.push_item(item) {
            skipped.push(SkippedEntry::new(ReportSection::ChatItem, i, &e));
        }
    }
    let timeline = timeline::read(events, &mut skipped);
    for entry in &timeline {
        if let TimelineEntry::SpeechCreated(s) = entry {
            builder.note_speech_created(s);
        }
    }
    let turns = builder.turns();
    let event_rows = last_usage_event(events);
    let entries = report_usage.unwrap_or(event_rows);
    let mut usage = usage::read(entries, event_rows, &mut skipped);
    if report_usage.is_none() && usage.source == UsageKindSource::Typed {
        // No `usage` in the report: the rows are the last update's.
        usage.source = UsageKindSource::SessionUsageUpdated;
    }

    let flags = turns
        .iter()
        .flat_map(|t| {
            t.flags.iter().map(|&reason| TurnFlag {
                turn_index: t.index,
                reason,
            })
        })
        .collect();
    let close_reason = timeline
        .iter()
        .rev()
        .find_map(|e| match e {
            TimelineEntry::Close(c) => c.reason.clone(),
            _ => None,
        })
        .map_or_else(|| opt_string(report, CLOSE_REASON), |r| Ok(Some(r)))?;
    Ok(SessionAnalysis {
        sdk,
        sdk_version: opt_string(report, SDK_VERSION)?,
        units: ReportUnits {
            key_case,
            timestamp: timestamp.map(|(_, u)| TimeUnit::from(u)),
            event_times: detect::times_unit(events),
            chat_item_times: detect::times_unit(items),
            usage_durations: detect::usage_unit(entries),
            option_delays,
        },
        job_id: opt_string(report, JOB_ID)?,
        room_id: opt_string(report, ROOM_ID)?,
        room: opt_string(report, ROOM)?,
        started_at_ms,
        ended_at_ms,
        duration_ms,
        close_reason,
        options: reported,
        summary: summarize_chat_turns(&turns),
        turns,
        usage: Usage {
            models: usage.rows,
            flags: usage.flags,
            ..Usage::default()
        },
        usage_kind_source: usage.source,
        flags,
        timeline,
        skipped,
    })
}

/// [`analyze_session_report`] over JSON text (a `session_report.json` file).
///
/// Errors: [`ReportError::TooLarge`] for text longer than
/// [`ReportOptions::max_input_bytes`], [`ReportError::InvalidJson`] (with line and
/// column) for text that is not JSON, [`ReportError::TooDeep`] for nesting deeper than [`crate::MAX_DEPTH`], then as
/// [`analyze_session_report`].
#[cfg(feature = "serde")]
pub fn analyze_session_report_json(
    bytes: &[u8],
    options: &ReportOptions,
) -> Result<SessionAnalysis, ReportError> {
    crate::normalize::check_input_size(bytes, options.max_input_bytes)
        .map_err(ReportError::from_parse)?;
    let report = super::json::parse_report(bytes).map_err(ReportError::from_parse)?;
    analyze_session_report(&report, options)
}
