//! Chat items → [`ChatTurn`]s: the grouping rules and the per-turn numbers.

use super::flags::{flags, FlagInputs};
use super::item::{Item, ItemKind, Message, MessageMetrics, Role};
use super::options::ReportOptions;
use super::turn::{ChatTurn, Handoff, ToolCall};
use super::waterfall::place;
use crate::normalize::reader::round_to;
use crate::turns::TurnKind;
use alloc::string::String;
use alloc::vec::Vec;

/// A turn being built: references into the items.
struct Draft<'a> {
    kind: TurnKind,
    user: Option<(&'a Item, &'a Message)>,
    agents: Vec<(&'a Item, &'a Message)>,
    /// `function_call` and `function_call_output` items, in order.
    tools: Vec<&'a Item>,
    handoff: Option<&'a Item>,
    handoff_before_reply: bool,
    first_created_at_ms: Option<f64>,
}

impl<'a> Draft<'a> {
    fn new(kind: TurnKind) -> Self {
        Draft {
            kind,
            user: None,
            agents: Vec::new(),
            tools: Vec::new(),
            handoff: None,
            handoff_before_reply: false,
            first_created_at_ms: None,
        }
    }

    fn note_time(&mut self, item: &Item) {
        if self.first_created_at_ms.is_none() {
            self.first_created_at_ms = item.created_at_ms;
        }
    }

    fn has_spoken(&self) -> bool {
        self.agents
            .iter()
            .any(|(_, m)| m.metrics.started_speaking_at_ms.is_some())
    }
}

/// Whether an assistant message is a `say()`: spoken text with no LLM behind it (no
/// `llm_node_ttft`, no realtime response id, no e2e).
fn is_say(m: &Message) -> bool {
    let x = &m.metrics;
    x.present
        && x.llm_node_ttft_ms.is_none()
        && x.provider_request_ids.is_empty()
        && x.e2e_latency_ms.is_none()
}

/// Groups `items` (in chat-history order) into turns. See [`crate::report`] for the rules.
pub(crate) fn turns(items: &[Item], options: &ReportOptions) -> Vec<ChatTurn> {
    let mut drafts: Vec<Draft> = Vec::new();
    // The turn that takes replies, tool calls and handoffs: the latest user turn, or
    // the latest agent-initiated turn that has an LLM behind it.
    let mut current: Option<usize> = None;
    for item in items {
        match &item.kind {
            ItemKind::Message(m) if m.role == Role::User => {
                let mut d = Draft::new(TurnKind::User);
                d.user = Some((item, m));
                d.note_time(item);
                drafts.push(d);
                current = Some(drafts.len() - 1);
            }
            ItemKind::Message(m) => {
                let say = is_say(m);
                let target = current.filter(|&t| drafts[t].agents.is_empty() || !say);
                let t = target.unwrap_or_else(|| {
                    drafts.push(Draft::new(TurnKind::AgentInitiated));
                    drafts.len() - 1
                });
                if target.is_none() && !say {
                    current = Some(t);
                }
                drafts[t].agents.push((item, m));
                drafts[t].note_time(item);
            }
            ItemKind::FunctionCall { .. } | ItemKind::FunctionOutput { .. } => {
                let t = *current.get_or_insert_with(|| {
                    drafts.push(Draft::new(TurnKind::AgentInitiated));
                    drafts.len() - 1
                });
                drafts[t].tools.push(item);
                drafts[t].note_time(item);
            }
            ItemKind::Handoff { .. } => {
                // The session's first handoff (before any turn) is setup, not a turn.
                if let Some(t) = current {
                    let d = &mut drafts[t];
                    d.handoff = Some(item);
                    d.handoff_before_reply |= !d.has_spoken();
                }
            }
        }
    }
    drafts
        .iter()
        .enumerate()
        .map(|(i, d)| finish(i, d, options))
        .collect()
}

/// Tool calls: each `function_call` with the `function_call_output` of the same
/// `call_id`; outputs without a call are listed too.
pub(crate) fn tool_calls(tools: &[&Item]) -> Vec<ToolCall> {
    let mut out: Vec<ToolCall> = Vec::new();
    let mut call_at: Vec<Option<f64>> = Vec::new();
    for item in tools {
        match &item.kind {
            ItemKind::FunctionCall { call_id, name } => {
                out.push(ToolCall {
                    name: name.clone(),
                    call_id: call_id.clone(),
                    is_error: None,
                    started_at_ms: item.created_at_ms,
                    duration_ms: None,
                });
                call_at.push(item.created_at_ms);
            }
            ItemKind::FunctionOutput {
                call_id,
                name,
                is_error,
            } => {
                let open = out
                    .iter()
                    .position(|c| c.call_id == *call_id && c.is_error.is_none());
                let i = open.unwrap_or_else(|| {
                    out.push(ToolCall {
                        name: name.clone(),
                        call_id: call_id.clone(),
                        is_error: None,
                        started_at_ms: None,
                        duration_ms: None,
                    });
                    call_at.push(None);
                    out.len() - 1
                });
                out[i].is_error = Some(*is_error);
                out[i].duration_ms = match (call_at[i], item.created_at_ms) {
                    // Epoch ms carry µs: round the difference to the µs too.
                    (Some(a), Some(b)) => Some(round_to(b - a, 1e3)),
                    _ => None,
                };
            }
            _ => {}
        }
    }
    out
}

fn min_opt(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    values.flatten().reduce(f64::min)
}

fn max_opt(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    values.flatten().reduce(f64::max)
}

/// `e2e − (end_of_turn + on_user_turn_completed + llm ttft + tts ttfb + playback)`: what
/// is left of the wait by the plain sum of the parts (negative when they overlap).
fn sum_remainder(user: &MessageMetrics, reply: &MessageMetrics) -> Option<f64> {
    let parts = user.end_of_turn_delay_ms?
        + user.on_user_turn_completed_delay_ms.unwrap_or(0.0)
        + reply.llm_node_ttft_ms?
        + reply.tts_node_ttfb_ms?
        + reply.playback_latency_ms.unwrap_or(0.0);
    // The parts are ns-rounded ms: round the difference the same way.
    Some(round_to(reply.e2e_latency_ms? - parts, 1e6))
}

fn joined_text<'a>(texts: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut out = String::new();
    for t in texts.filter(|t| !t.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(t);
    }
    (!out.is_empty()).then_some(out)
}

fn finish(index: usize, d: &Draft, options: &ReportOptions) -> ChatTurn {
    let none = MessageMetrics::default();
    let user = d.user.map(|(_, m)| &m.metrics);
    let u = user.unwrap_or(&none);
    let reply = d
        .agents
        .iter()
        .find(|(_, m)| m.metrics.e2e_latency_ms.is_some())
        .or_else(|| {
            d.agents
                .iter()
                .find(|(_, m)| m.metrics.started_speaking_at_ms.is_some())
        })
        .or(d.agents.first())
        .map_or(&none, |(_, m)| &m.metrics);
    let mut provider_request_ids: Vec<String> = Vec::new();
    for id in d
        .agents
        .iter()
        .flat_map(|(_, m)| &m.metrics.provider_request_ids)
    {
        if !provider_request_ids.contains(id) {
            provider_request_ids.push(id.clone());
        }
    }
    let realtime = !provider_request_ids.is_empty();
    let agent_started = min_opt(
        d.agents
            .iter()
            .map(|(_, m)| m.metrics.started_speaking_at_ms),
    );
    let started_at_ms = match d.user {
        Some((item, m)) => m.metrics.started_speaking_at_ms.or(item.created_at_ms),
        None => d.first_created_at_ms.or(agent_started),
    };
    let handoff = d.handoff.and_then(|item| match &item.kind {
        ItemKind::Handoff {
            old_agent_id,
            new_agent_id,
        } => Some(Handoff {
            old_agent_id: old_agent_id.clone(),
            new_agent_id: new_agent_id.clone(),
            at_ms: item.created_at_ms,
        }),
        _ => None,
    });
    let mut turn = ChatTurn {
        index: u32::try_from(index).unwrap_or(u32::MAX),
        kind: d.kind,
        started_at_ms,
        user_item_id: d.user.map(|(item, _)| item.id.clone()),
        agent_item_ids: d.agents.iter().map(|(item, _)| item.id.clone()).collect(),
        user_text: d
            .user
            .and_then(|(_, m)| joined_text([m.text.as_str()].into_iter())),
        agent_text: joined_text(d.agents.iter().map(|(_, m)| m.text.as_str())),
        e2e_latency_ms: reply.e2e_latency_ms,
        end_of_turn_delay_ms: u.end_of_turn_delay_ms,
        transcription_delay_ms: u.transcription_delay_ms,
        on_user_turn_completed_delay_ms: u.on_user_turn_completed_delay_ms,
        llm_node_ttft_ms: reply.llm_node_ttft_ms,
        llm_node_ttfs_ms: reply.llm_node_ttfs_ms,
        llm_node_tps: reply.llm_node_tps,
        tts_node_ttfb_ms: reply.tts_node_ttfb_ms,
        playback_latency_ms: reply.playback_latency_ms,
        unexplained_ms: None,
        user_started_speaking_at_ms: u.started_speaking_at_ms,
        user_stopped_speaking_at_ms: u.stopped_speaking_at_ms,
        agent_started_speaking_at_ms: agent_started,
        agent_stopped_speaking_at_ms: max_opt(
            d.agents
                .iter()
                .map(|(_, m)| m.metrics.stopped_speaking_at_ms),
        ),
        interrupted: d.agents.iter().any(|(_, m)| m.interrupted),
        realtime,
        agent_messages: u32::try_from(d.agents.len()).unwrap_or(u32::MAX),
        tool_calls: tool_calls(&d.tools),
        handoff,
        provider_request_ids,
        flags: Vec::new(),
        waterfall: Vec::new(),
        waterfall_notes: Vec::new(),
        speech_id: d.agents.iter().find_map(|(item, _)| item.speech_id.clone()),
    };
    place(&mut turn, None);
    let inputs = FlagInputs {
        sum_remainder_ms: if realtime {
            None
        } else {
            sum_remainder(u, reply)
        },
        user,
        agent_without_metrics: d.agents.iter().any(|(_, m)| !m.metrics.present),
        handoff_before_reply: d.handoff_before_reply,
    };
    turn.flags = flags(&turn, &inputs, options);
    turn
}
