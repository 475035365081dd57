//! [`ChatTurnBuilder`]: chat turns built live, one chat item or session event at a time.

use super::error::ReportError;
use super::fields::{array, field, not_an_object, object, required_string, Field, R};
use super::group;
use super::item::{parse_item, Item, ItemKind, Role};
use super::options::ReportOptions;
use super::timeline::{self, SpeechEntry, TimelineEntry};
use super::turn::ChatTurn;
use crate::value::Value;
use alloc::collections::BTreeSet;
use alloc::string::String;
use alloc::vec::Vec;

const TYPE: Field = field("type", "type");
const ITEM: Field = field("item", "item");
const CALLS: Field = field("function_calls", "functionCalls");
const OUTPUTS: Field = field("function_call_outputs", "functionCallOutputs");

/// Builds [`ChatTurn`]s live from the session's chat items, with the same rules (and so
/// the same turns) as [`crate::analyze_session_report`] applies to a report's
/// `chat_history`.
///
/// Feed it `conversation_item_added` items ([`ChatTurnBuilder::push_item`]) or whole
/// session events ([`ChatTurnBuilder::push_event`]: `conversation_item_added` and
/// `function_tools_executed`; other events are ignored). Items are kept in `created_at`
/// order, as the SDKs keep `session.history` (an item inserted after every item with a
/// `created_at` not later than its own), so arrival order does not matter; an item
/// pushed again with the same id replaces the earlier copy.
///
/// **What live events lack.** `conversation_item_added` carries messages and agent
/// handoffs only: tool calls reach the history without that event, through
/// `function_tools_executed`. Fed only `conversation_item_added` items, the turns equal
/// the report's except for `tool_calls` (empty); fed `function_tools_executed` too,
/// they are equal. `agent_config_update` items take no part in turns.
///
/// **Memory is bounded**: only the items of the last `max_turns` user turns (and what
/// follows the first of them) are kept, [`DEFAULT_MAX_CHAT_TURNS`] by default (see
/// [`ChatTurnBuilder::with_max_turns`]); older items are dropped in batches, so
/// [`ChatTurnBuilder::turns`] lists between `max_turns` and 1.25 × `max_turns` user
/// turns once the session is longer. An item created before the oldest kept one
/// arrives too late to change anything: it is dropped and counted
/// ([`ChatTurnBuilder::late_items`]), as are the dropped items
/// ([`ChatTurnBuilder::evicted_items`]).
///
/// ```
/// use voice_agent_metrics::{ChatTurnBuilder, ReportOptions, TurnKind, Value};
/// # #[cfg(feature = "serde")] {
/// let items: Vec<Value> = serde_json::from_str(r#"[
///  {"id":"u1","type":"message","role":"user","content":["Hi"],"interrupted":false,
///   "created_at":1000.0,"metrics":{"started_speaking_at":998.0,"stopped_speaking_at":999.5,
///   "end_of_turn_delay":0.5,"on_user_turn_completed_delay":0.0}},
///  {"id":"a1","type":"message","role":"assistant","content":["Hello!"],"interrupted":false,
///   "created_at":1000.1,"metrics":{"llm_node_ttft":0.3,"tts_node_ttfb":0.2,
///   "started_speaking_at":1000.8,"stopped_speaking_at":1002.0,"e2e_latency":1.3}}
/// ]"#).unwrap();
/// let mut live = ChatTurnBuilder::new(ReportOptions::default());
/// for item in &items {
///     live.push_item(item).unwrap();
/// }
/// let turns = live.turns();
/// assert_eq!(turns.len(), 1);
/// assert_eq!(turns[0].kind, TurnKind::User);
/// assert_eq!(turns[0].e2e_latency_ms, Some(1300.0));
/// // 1300 − (500 + 0 + 300 + 200) = 300 ms nobody accounts for.
/// assert!((turns[0].unexplained_ms.unwrap() - 300.0).abs() < 1e-6);
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ChatTurnBuilder {
    options: ReportOptions,
    items: Vec<Item>,
    /// Ids of `items`, so a new item costs no scan.
    ids: BTreeSet<String>,
    max_turns: usize,
    /// User messages in `items`.
    user_messages: usize,
    /// `created_at` of the oldest kept item once items were dropped: earlier ones are late.
    cut_ms: Option<f64>,
    evicted_items: u64,
    late_items: u64,
    /// Times of the user-initiated `speech_created` events, sorted, epoch ms.
    speech_created: Vec<f64>,
}

/// How many user turns a [`ChatTurnBuilder`] keeps by default.
pub const DEFAULT_MAX_CHAT_TURNS: usize = 1_000;

impl Default for ChatTurnBuilder {
    fn default() -> Self {
        Self::new(ReportOptions::default())
    }
}

fn is_user_message(item: &Item) -> bool {
    matches!(&item.kind, ItemKind::Message(m) if m.role == Role::User)
}

impl ChatTurnBuilder {
    /// An empty builder. `options.preemptive_generation` should say whether preemptive
    /// generation is on (it decides whether a negative unexplained time is flagged).
    pub fn new(options: ReportOptions) -> Self {
        ChatTurnBuilder {
            options,
            items: Vec::new(),
            ids: BTreeSet::new(),
            max_turns: DEFAULT_MAX_CHAT_TURNS,
            user_messages: 0,
            cut_ms: None,
            evicted_items: 0,
            late_items: 0,
            speech_created: Vec::new(),
        }
    }

    /// Keeps the items of the last `max_turns` user turns (at least 1; see "Memory is
    /// bounded"). `usize::MAX` keeps every item, as [`crate::analyze_session_report`]
    /// does.
    pub fn with_max_turns(mut self, max_turns: usize) -> Self {
        self.max_turns = max_turns.max(1);
        self
    }

    /// Items dropped because they fell out of the kept window.
    pub fn evicted_items(&self) -> u64 {
        self.evicted_items
    }

    /// Items that arrived created before the oldest kept item (dropped, counted).
    pub fn late_items(&self) -> u64 {
        self.late_items
    }

    /// Adds one chat item (a `conversation_item_added` event's `item`, or an item of a
    /// report's `chat_history`), in any key case and unit. Item types that take no part
    /// in turns (`agent_config_update`, system messages, future types) are accepted and
    /// ignored. A malformed item is rejected and changes nothing.
    pub fn push_item(&mut self, item: &Value) -> Result<(), ReportError> {
        if let Some(parsed) = parse_item(item)? {
            self.insert(parsed);
        }
        Ok(())
    }

    /// Adds a session event: `conversation_item_added` (its item) or
    /// `function_tools_executed` (its calls and outputs). Returns whether the event was
    /// one of those; any other event is ignored (`Ok(false)`). A malformed event is
    /// rejected whole and changes nothing.
    pub fn push_event(&mut self, event: &Value) -> Result<bool, ReportError> {
        if event.as_object().is_none() {
            return Err(not_an_object(event));
        }
        match required_string(event, TYPE)? {
            "conversation_item_added" => {
                let item =
                    object(event, ITEM)?.ok_or(ReportError::MissingField { field: ITEM.snake })?;
                self.push_item(item)?;
                Ok(true)
            }
            "function_tools_executed" => {
                let parsed = tool_items(event)?;
                parsed.into_iter().for_each(|i| self.insert(i));
                Ok(true)
            }
            "speech_created" => {
                if let Some(TimelineEntry::SpeechCreated(s)) = timeline::entry(event)? {
                    self.note_speech_created(&s);
                }
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// The turns so far, in order (see [`crate::report`] for the rules).
    pub fn turns(&self) -> Vec<ChatTurn> {
        let mut turns = group::turns(&self.items, &self.options);
        super::waterfall::place_llm_starts(&mut turns, &self.speech_created);
        turns
    }

    /// Keeps a `speech_created` event's time (user-initiated ones only): it places the
    /// LLM's start in the waterfall of a turn whose reply has no `llm_node_ttfs`.
    pub(crate) fn note_speech_created(&mut self, speech: &SpeechEntry) {
        if !speech.user_initiated || !speech.at_ms.is_finite() {
            return;
        }
        if self.cut_ms.is_some_and(|cut| speech.at_ms < cut) {
            return;
        }
        let at = self.speech_created.partition_point(|&t| t <= speech.at_ms);
        self.speech_created.insert(at, speech.at_ms);
        // Bounded like the items: a few speeches per kept user turn at most.
        let max = self.max_turns.saturating_mul(4).max(16);
        if self.speech_created.len() > max {
            let extra = self.speech_created.len() - max;
            self.speech_created.drain(..extra);
        }
    }

    /// Inserts an item in `created_at` order (after every item not later than it),
    /// replacing the item with the same id.
    fn insert(&mut self, item: Item) {
        if let (Some(cut), Some(t)) = (self.cut_ms, item.created_at_ms) {
            if t < cut {
                self.late_items += 1;
                return;
            }
        }
        if !item.id.is_empty() && !self.ids.insert(item.id.clone()) {
            // A repeated delivery: drop the old copy, then place the new one by its time.
            let users = self
                .items
                .iter()
                .filter(|i| i.id == item.id && is_user_message(i))
                .count();
            self.items.retain(|i| i.id != item.id);
            self.user_messages -= users;
        }
        self.user_messages += usize::from(is_user_message(&item));
        let mut at = self.items.len();
        if let Some(t) = item.created_at_ms {
            while at > 0 && self.items[at - 1].created_at_ms.is_some_and(|p| p > t) {
                at -= 1;
            }
        }
        self.items.insert(at, item);
        self.trim();
    }

    /// Drops the oldest items once there are a quarter more user turns than kept,
    /// cutting at a user message (so the kept items group exactly as before).
    fn trim(&mut self) {
        if self.user_messages <= self.max_turns.saturating_add(self.max_turns / 4) {
            return;
        }
        let drop_users = self.user_messages - self.max_turns;
        let mut seen = 0;
        let cut = self.items.iter().position(|i| {
            seen += usize::from(is_user_message(i));
            seen > drop_users
        });
        let Some(cut) = cut else {
            return;
        };
        for i in self.items.drain(..cut) {
            self.ids.remove(&i.id);
        }
        self.user_messages -= drop_users;
        self.evicted_items += cut as u64;
        self.cut_ms = self
            .items
            .first()
            .and_then(|i| i.created_at_ms)
            .or(self.cut_ms);
    }
}

/// The calls and outputs of a `function_tools_executed` event, as chat items.
fn tool_items(event: &Value) -> R<Vec<Item>> {
    let mut out = Vec::new();
    for f in [CALLS, OUTPUTS] {
        for v in array(event, f)?.unwrap_or(&[]) {
            out.extend(parse_item(v)?);
        }
    }
    Ok(out)
}
