//! The session timeline: a report's `events` as typed entries a dashboard can draw.

use super::error::{ReportError, ReportSection, SkippedEntry};
use super::fields::*;
use super::group::tool_calls;
use super::item::{parse_item, Item, ItemKind};
use super::turn::ToolCall;
use crate::value::Value;
use alloc::string::String;
use alloc::vec::Vec;

/// A user or agent state change (`user_state_changed`, `agent_state_changed`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct StateChange {
    /// When, epoch ms.
    pub at_ms: f64,
    /// The state before (`listening`, `speaking`, `thinking`, ...).
    pub old_state: String,
    /// The state after.
    pub new_state: String,
}

/// A final user transcript (`user_input_transcribed` with `is_final`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TranscriptEntry {
    /// When, epoch ms.
    pub at_ms: f64,
    /// The transcript.
    pub transcript: String,
    /// The detected language, when given and not empty.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub language: Option<String>,
}

/// A new agent speech (`speech_created`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct SpeechEntry {
    /// When, epoch ms.
    pub at_ms: f64,
    /// Whether a user turn asked for it.
    pub user_initiated: bool,
    /// `say`, `generate_reply` or `tool_response` (Node realtime).
    pub source: String,
}

/// Tools the agent ran (`function_tools_executed`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ToolsEntry {
    /// When the tools finished, epoch ms.
    pub at_ms: f64,
    /// The calls, with their outcome and duration.
    pub tools: Vec<ToolCall>,
}

/// An agent handoff (`conversation_item_added` with an `agent_handoff` item).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct HandoffEntry {
    /// When, epoch ms.
    pub at_ms: f64,
    /// The agent handing over (absent for the first agent).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub old_agent_id: Option<String>,
    /// The agent taking over.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub new_agent_id: Option<String>,
}

/// A false interruption (`agent_false_interruption`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct FalseInterruptionEntry {
    /// When, epoch ms.
    pub at_ms: f64,
    /// Whether the agent resumed speaking.
    pub resumed: bool,
}

/// An error (`error`) or the session's end (`close`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ErrorEntry {
    /// When, epoch ms.
    pub at_ms: f64,
    /// The error's `type` (Python error models: `llm_error`, `stt_error`, ...).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub error_type: Option<String>,
    /// The message (Node: the error's message; Python: the `repr` or `message`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub message: Option<String>,
    /// Whether the SDK could recover.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub recoverable: Option<bool>,
    /// What failed: `provider/model`, a source string, or the error's `label`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub source: Option<String>,
}

/// The session's end (`close`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CloseEntry {
    /// When, epoch ms.
    pub at_ms: f64,
    /// `user_initiated`, `participant_disconnected`, `job_shutdown`, `error`, ...
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub reason: Option<String>,
    /// The error that closed it, if any (its message or type).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub error: Option<String>,
}

/// One timeline entry, tagged by `type` (`"userState"`, `"agentState"`, `"transcript"`,
/// `"speechCreated"`, `"toolsExecuted"`, `"handoff"`, `"falseInterruption"`, `"error"`,
/// `"close"`), with its time in `atMs` (epoch ms).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[non_exhaustive]
pub enum TimelineEntry {
    /// `user_state_changed`.
    UserState(StateChange),
    /// `agent_state_changed`.
    AgentState(StateChange),
    /// A final `user_input_transcribed`.
    Transcript(TranscriptEntry),
    /// `speech_created`.
    SpeechCreated(SpeechEntry),
    /// `function_tools_executed`.
    ToolsExecuted(ToolsEntry),
    /// An `agent_handoff` item added.
    Handoff(HandoffEntry),
    /// `agent_false_interruption`.
    FalseInterruption(FalseInterruptionEntry),
    /// `error`.
    Error(ErrorEntry),
    /// `close`.
    Close(CloseEntry),
}

impl TimelineEntry {
    /// When the entry happened, epoch ms.
    pub fn at_ms(&self) -> f64 {
        match self {
            TimelineEntry::UserState(e) | TimelineEntry::AgentState(e) => e.at_ms,
            TimelineEntry::Transcript(e) => e.at_ms,
            TimelineEntry::SpeechCreated(e) => e.at_ms,
            TimelineEntry::ToolsExecuted(e) => e.at_ms,
            TimelineEntry::Handoff(e) => e.at_ms,
            TimelineEntry::FalseInterruption(e) => e.at_ms,
            TimelineEntry::Error(e) => e.at_ms,
            TimelineEntry::Close(e) => e.at_ms,
        }
    }
}

const TYPE: Field = field("type", "type");
const CREATED_AT: Field = field("created_at", "createdAt");
const OLD_STATE: Field = field("old_state", "oldState");
const NEW_STATE: Field = field("new_state", "newState");
const IS_FINAL: Field = field("is_final", "isFinal");
const TRANSCRIPT: Field = field("transcript", "transcript");
const LANGUAGE: Field = field("language", "language");
const USER_INITIATED: Field = field("user_initiated", "userInitiated");
const SOURCE: Field = field("source", "source");
const CALLS: Field = field("function_calls", "functionCalls");
const OUTPUTS: Field = field("function_call_outputs", "functionCallOutputs");
const ITEM: Field = field("item", "item");
const RESUMED: Field = field("resumed", "resumed");
const ERROR: Field = field("error", "error");
const REASON: Field = field("reason", "reason");

fn at(e: &Value) -> R<f64> {
    epoch_ms(e, CREATED_AT)?
        .map(|(ms, _)| ms)
        .ok_or(ReportError::MissingField {
            field: CREATED_AT.snake,
        })
}

fn text(v: &Value, f: Field) -> R<Option<String>> {
    Ok(string(v, f)?.filter(|s| !s.is_empty()).map(String::from))
}

fn state(e: &Value) -> R<StateChange> {
    Ok(StateChange {
        at_ms: at(e)?,
        old_state: String::from(required_string(e, OLD_STATE)?),
        new_state: String::from(required_string(e, NEW_STATE)?),
    })
}

/// A description of an error value: a string as is; an object's `message`, else its
/// `type`. The `(type, message, recoverable, label)` of an error object.
fn error_parts(
    v: Option<&Value>,
) -> (Option<String>, Option<String>, Option<bool>, Option<String>) {
    let s = |o: &Value, k: &str| o.get(k).and_then(Value::as_str).map(String::from);
    match v {
        Some(Value::String(m)) => (None, Some(m.clone()), None, None),
        Some(o @ Value::Object(_)) => {
            let recoverable = match o.get("recoverable") {
                Some(Value::Bool(b)) => Some(*b),
                _ => None,
            };
            (s(o, "type"), s(o, "message"), recoverable, s(o, "label"))
        }
        _ => (None, None, None, None),
    }
}

/// `provider/model` of a `{model, provider}` source, or the source string.
fn source(v: Option<&Value>) -> Option<String> {
    match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(o @ Value::Object(_)) => {
            let parts: Vec<&str> = ["provider", "model"]
                .iter()
                .filter_map(|k| o.get(k).and_then(Value::as_str))
                .filter(|s| !s.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join("/"))
        }
        _ => None,
    }
}

fn error(e: &Value) -> R<ErrorEntry> {
    let (error_type, message, recoverable, label) = error_parts(get(e, ERROR).map(|(_, v)| v));
    Ok(ErrorEntry {
        at_ms: at(e)?,
        error_type,
        message,
        recoverable,
        source: source(get(e, SOURCE).map(|(_, v)| v)).or(label),
    })
}

fn tools(e: &Value) -> R<ToolsEntry> {
    let mut items: Vec<Item> = Vec::new();
    for f in [CALLS, OUTPUTS] {
        for v in array(e, f)?.unwrap_or(&[]) {
            items.extend(parse_item(v)?);
        }
    }
    let refs: Vec<&Item> = items.iter().collect();
    Ok(ToolsEntry {
        at_ms: at(e)?,
        tools: tool_calls(&refs),
    })
}

/// One event as a timeline entry; `Ok(None)` for events the timeline does not show.
pub(crate) fn entry(e: &Value) -> R<Option<TimelineEntry>> {
    if e.as_object().is_none() {
        return Err(not_an_object(e));
    }
    Ok(Some(match required_string(e, TYPE)? {
        "user_state_changed" => TimelineEntry::UserState(state(e)?),
        "agent_state_changed" => TimelineEntry::AgentState(state(e)?),
        "user_input_transcribed" => {
            if boolean(e, IS_FINAL)? != Some(true) {
                return Ok(None);
            }
            TimelineEntry::Transcript(TranscriptEntry {
                at_ms: at(e)?,
                transcript: String::from(string(e, TRANSCRIPT)?.unwrap_or("")),
                language: text(e, LANGUAGE)?,
            })
        }
        "speech_created" => TimelineEntry::SpeechCreated(SpeechEntry {
            at_ms: at(e)?,
            user_initiated: boolean(e, USER_INITIATED)?.unwrap_or(false),
            source: String::from(string(e, SOURCE)?.unwrap_or("")),
        }),
        "function_tools_executed" => TimelineEntry::ToolsExecuted(tools(e)?),
        "conversation_item_added" => {
            let item = object(e, ITEM)?.ok_or(ReportError::MissingField { field: ITEM.snake })?;
            let Some(Item {
                kind:
                    ItemKind::Handoff {
                        old_agent_id,
                        new_agent_id,
                    },
                created_at_ms,
                ..
            }) = parse_item(item)?
            else {
                return Ok(None);
            };
            TimelineEntry::Handoff(HandoffEntry {
                at_ms: epoch_ms(e, CREATED_AT)?
                    .map(|(ms, _)| ms)
                    .or(created_at_ms)
                    .ok_or(ReportError::MissingField {
                        field: CREATED_AT.snake,
                    })?,
                old_agent_id,
                new_agent_id,
            })
        }
        "agent_false_interruption" => TimelineEntry::FalseInterruption(FalseInterruptionEntry {
            at_ms: at(e)?,
            resumed: boolean(e, RESUMED)?.unwrap_or(false),
        }),
        "error" => TimelineEntry::Error(error(e)?),
        "close" => {
            let (kind, message, _, _) = error_parts(get(e, ERROR).map(|(_, v)| v));
            TimelineEntry::Close(CloseEntry {
                at_ms: at(e)?,
                reason: text(e, REASON)?,
                error: message.or(kind),
            })
        }
        _ => return Ok(None),
    }))
}

/// The timeline of `events`, in input (emission) order. Malformed events of the kinds
/// shown go to `skipped`; other event types are not looked into.
pub(crate) fn read(events: &[Value], skipped: &mut Vec<SkippedEntry>) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    for (i, e) in events.iter().enumerate() {
        match entry(e) {
            Ok(Some(t)) => out.push(t),
            Ok(None) => {}
            Err(err) => skipped.push(SkippedEntry::new(ReportSection::Event, i, &err)),
        }
    }
    out
}
