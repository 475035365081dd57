//! Chat items (`chat_history.items[*]`, `conversation_item_added.item`, the calls of
//! `function_tools_executed`) read into canonical records, in ms.
//!
//! Accepted spellings: snake_case (Python, Node report ≥ 1.4.10) and camelCase (Node
//! `toJSON()`, reports before 1.4.10). `created_at` is epoch seconds or epoch ms, told
//! apart by magnitude (the Node 1.9.0 report writes seconds in `chat_history` but ms in
//! `events`). The message `metrics` are in seconds in every SDK and version.

use super::error::ReportError;
use super::fields::*;
use crate::value::{JsonType, Value};
use alloc::string::String;
use alloc::vec::Vec;

const TYPE: Field = field("type", "type");
const ID: Field = field("id", "id");
const CREATED_AT: Field = field("created_at", "createdAt");
const ROLE: Field = field("role", "role");
const CONTENT: Field = field("content", "content");
const INTERRUPTED: Field = field("interrupted", "interrupted");
const METRICS: Field = field("metrics", "metrics");
const CALL_ID: Field = field("call_id", "callId");
const NAME: Field = field("name", "name");
const IS_ERROR: Field = field("is_error", "isError");
const OLD_AGENT: Field = field("old_agent_id", "oldAgentId");
const NEW_AGENT: Field = field("new_agent_id", "newAgentId");

const STARTED: Field = field("started_speaking_at", "startedSpeakingAt");
const STOPPED: Field = field("stopped_speaking_at", "stoppedSpeakingAt");
const TRANSCRIPTION: Field = field("transcription_delay", "transcriptionDelay");
const END_OF_TURN: Field = field("end_of_turn_delay", "endOfTurnDelay");
const ON_USER_TURN: Field = field("on_user_turn_completed_delay", "onUserTurnCompletedDelay");
const LLM_TTFT: Field = field("llm_node_ttft", "llmNodeTtft");
const LLM_TTFS: Field = field("llm_node_ttfs", "llmNodeTtfs");
const LLM_TPS: Field = field("llm_node_tps", "llmNodeTps");
const TTS_TTFB: Field = field("tts_node_ttfb", "ttsNodeTtfb");
const PLAYBACK: Field = field("playback_latency", "playbackLatency");
const E2E: Field = field("e2e_latency", "e2eLatency");
const PROVIDER_IDS: Field = field("provider_request_ids", "providerRequestIds");
const STT_METADATA: Field = field("stt_metadata", "sttMetadata");
const SPEECH_ID: Field = field("speech_id", "speechId");

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    User,
    Assistant,
    /// `system`, `developer` and anything newer: not part of a turn.
    Other,
}

/// A message's `metrics` (`MetricsReport`), in ms and epoch ms. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct MessageMetrics {
    /// Whether the message had any `metrics` key at all.
    pub present: bool,
    pub started_speaking_at_ms: Option<f64>,
    pub stopped_speaking_at_ms: Option<f64>,
    pub transcription_delay_ms: Option<f64>,
    pub end_of_turn_delay_ms: Option<f64>,
    pub on_user_turn_completed_delay_ms: Option<f64>,
    pub llm_node_ttft_ms: Option<f64>,
    pub llm_node_ttfs_ms: Option<f64>,
    pub llm_node_tps: Option<f64>,
    pub tts_node_ttfb_ms: Option<f64>,
    pub playback_latency_ms: Option<f64>,
    pub e2e_latency_ms: Option<f64>,
    pub provider_request_ids: Vec<String>,
    /// Whether the user message went through the voice turn pipeline (`stt_metadata`
    /// or `on_user_turn_completed_delay` present): then its anchors are expected.
    pub voice_turn: bool,
}

/// A `message` item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Message {
    pub role: Role,
    pub text: String,
    pub interrupted: bool,
    pub metrics: MessageMetrics,
}

/// What a chat item is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ItemKind {
    Message(Message),
    /// `function_call`: `(call_id, name)`.
    FunctionCall {
        call_id: String,
        name: String,
    },
    /// `function_call_output`: `(call_id, name, is_error)`.
    FunctionOutput {
        call_id: String,
        name: String,
        is_error: bool,
    },
    /// `agent_handoff`.
    Handoff {
        old_agent_id: Option<String>,
        new_agent_id: Option<String>,
    },
}

/// One chat item that matters to turns.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Item {
    pub id: String,
    pub created_at_ms: Option<f64>,
    pub kind: ItemKind,
    /// A message's `metrics.speech_id`: the `SpeechHandle` that produced it (newer
    /// Python SDKs write it on assistant messages), the `speech_id` of the turn's
    /// metrics events. Kept here, not in [`MessageMetrics`], to keep [`ItemKind`] small.
    pub speech_id: Option<String>,
}

fn opt_string(obj: &Value, f: Field) -> R<Option<String>> {
    Ok(string(obj, f)?.map(String::from))
}

/// The text of `content`: its strings (and the `text` of content objects such as Node's
/// `Instructions`), joined by a space. Images and audio carry no text.
fn text(content: Option<&Value>) -> String {
    let mut out = String::new();
    let mut push = |s: &str| {
        if !s.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(s);
        }
    };
    match content {
        Some(Value::String(s)) => push(s),
        Some(Value::Array(parts)) => {
            for p in parts {
                match p {
                    Value::String(s) => push(s),
                    other => {
                        if let Some(s) = other.get("text").and_then(Value::as_str) {
                            push(s);
                        }
                    }
                }
            }
        }
        _ => {}
    }
    out
}

fn provider_ids(m: &Value) -> R<Vec<String>> {
    let Some(ids) = array(m, PROVIDER_IDS)? else {
        return Ok(Vec::new());
    };
    ids.iter()
        .map(|v| {
            v.as_str()
                .map(String::from)
                .ok_or_else(|| ReportError::WrongType {
                    field: PROVIDER_IDS.snake,
                    expected: JsonType::String,
                    found: v.json_type(),
                })
        })
        .collect()
}

fn metrics(item: &Value) -> R<MessageMetrics> {
    let Some(m) = object(item, METRICS)? else {
        return Ok(MessageMetrics::default());
    };
    let on_user_turn_completed_delay_ms = seconds_as_ms(m, ON_USER_TURN)?;
    Ok(MessageMetrics {
        present: m.as_object().is_some_and(|pairs| !pairs.is_empty()),
        started_speaking_at_ms: epoch_seconds_as_ms(m, STARTED)?,
        stopped_speaking_at_ms: epoch_seconds_as_ms(m, STOPPED)?,
        transcription_delay_ms: seconds_as_ms(m, TRANSCRIPTION)?,
        end_of_turn_delay_ms: seconds_as_ms(m, END_OF_TURN)?,
        on_user_turn_completed_delay_ms,
        llm_node_ttft_ms: seconds_as_ms(m, LLM_TTFT)?,
        llm_node_ttfs_ms: seconds_as_ms(m, LLM_TTFS)?,
        llm_node_tps: number(m, LLM_TPS)?.map(|(_, n)| n),
        tts_node_ttfb_ms: seconds_as_ms(m, TTS_TTFB)?,
        playback_latency_ms: seconds_as_ms(m, PLAYBACK)?,
        e2e_latency_ms: seconds_as_ms(m, E2E)?,
        provider_request_ids: provider_ids(m)?,
        voice_turn: on_user_turn_completed_delay_ms.is_some() || has(m, STT_METADATA),
    })
}

fn message(item: &Value) -> R<Message> {
    let role = match required_string(item, ROLE)? {
        "user" => Role::User,
        "assistant" => Role::Assistant,
        _ => Role::Other,
    };
    Ok(Message {
        role,
        text: text(get(item, CONTENT).map(|(_, v)| v)),
        interrupted: boolean(item, INTERRUPTED)?.unwrap_or(false),
        metrics: metrics(item)?,
    })
}

/// Reads one chat item. `Ok(None)` for item types that take no part in turns
/// (`agent_config_update`, future types) and for system/developer messages.
pub(crate) fn parse_item(v: &Value) -> R<Option<Item>> {
    if v.as_object().is_none() {
        return Err(not_an_object(v));
    }
    let item_type = required_string(v, TYPE)?;
    let id = opt_string(v, ID)?.unwrap_or_default();
    let created_at_ms = epoch_ms(v, CREATED_AT)?.map(|(ms, _)| ms);
    let mut speech_id = None;
    let kind = match item_type {
        "message" => {
            if let Some(m) = object(v, METRICS)? {
                speech_id = opt_string(m, SPEECH_ID)?;
            }
            let m = message(v)?;
            if m.role == Role::Other {
                return Ok(None);
            }
            ItemKind::Message(m)
        }
        "function_call" => ItemKind::FunctionCall {
            call_id: opt_string(v, CALL_ID)?.unwrap_or_default(),
            name: opt_string(v, NAME)?.unwrap_or_default(),
        },
        "function_call_output" => ItemKind::FunctionOutput {
            call_id: opt_string(v, CALL_ID)?.unwrap_or_default(),
            name: opt_string(v, NAME)?.unwrap_or_default(),
            is_error: boolean(v, IS_ERROR)?.unwrap_or(false),
        },
        "agent_handoff" => ItemKind::Handoff {
            old_agent_id: opt_string(v, OLD_AGENT)?,
            new_agent_id: opt_string(v, NEW_AGENT)?,
        },
        _ => return Ok(None),
    };
    Ok(Some(Item {
        id,
        created_at_ms,
        kind,
        speech_id,
    }))
}

/// The epoch unit of an item's `created_at`, if it has one (for unit detection).
pub(crate) fn created_at_unit(v: &Value) -> Option<Epoch> {
    epoch_ms(v, CREATED_AT).ok().flatten().map(|(_, u)| u)
}

/// Whether an object spells `created_at` in camelCase (for key-case detection).
pub(crate) fn is_camel(v: &Value) -> Option<bool> {
    if v.get(CREATED_AT.camel).is_some() {
        Some(true)
    } else if v.get(CREATED_AT.snake).is_some() {
        Some(false)
    } else {
        None
    }
}
