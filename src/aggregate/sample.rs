//! [`LatencyMetric`], the ten latencies an aggregator keeps, and [`TurnSample`], one
//! user turn's values of them (from [`TurnLatency`] or [`ChatTurn`]).

use crate::report::{ChatTurn, JoinedTurn};
use crate::turns::waterfall::part_ms;
use crate::turns::{TurnLatency, WaterfallPart, WaterfallStep};

/// One of the latencies a [`crate::LatencyAggregator`] keeps a sketch of.
///
/// Names follow LiveKit's OpenTelemetry metrics (`lk.agents.turn.*`, the instruments the Python SDK records at session end), which
/// the exports use; `FormulaLatency`, `ToolCalls` and `Unexplained` are this crate's
/// own (no LiveKit instrument), and so is `FirstSentence`'s definition (LiveKit has no
/// instrument for it; it is named in LiveKit's scheme).
/// Serialized as the camelCase field name (`"e2eLatencyMs"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum LatencyMetric {
    /// End of user speech → the agent's first audio: the SDK's measured wait
    /// ([`ChatTurn::e2e_latency_ms`]) for chat turns, the same wait from the events'
    /// timestamps ([`TurnLatency::e2e_latency_ms`]) for event-log turns.
    /// `lk.agents.turn.e2e_latency`.
    #[cfg_attr(feature = "serde", serde(rename = "e2eLatencyMs"))]
    E2eLatency,
    /// `eou + llm ttft + tts ttfb` ([`TurnLatency::formula_latency_ms`]; metrics turns only).
    #[cfg_attr(feature = "serde", serde(rename = "formulaLatencyMs"))]
    FormulaLatency,
    /// End of user speech → end-of-turn decision ([`TurnLatency::eou_delay_ms`],
    /// [`ChatTurn::end_of_turn_delay_ms`]). `lk.agents.turn.end_of_turn_delay`.
    #[cfg_attr(feature = "serde", serde(rename = "endOfTurnDelayMs"))]
    EndOfTurnDelay,
    /// End of user speech → last final transcript. `lk.agents.turn.transcription_delay`.
    #[cfg_attr(feature = "serde", serde(rename = "transcriptionDelayMs"))]
    TranscriptionDelay,
    /// The `on_user_turn_completed` hook. `lk.agents.turn.on_user_turn_completed_delay`.
    #[cfg_attr(feature = "serde", serde(rename = "onUserTurnCompletedDelayMs"))]
    OnUserTurnCompletedDelay,
    /// LLM time to first token ([`TurnLatency::llm_ttft_ms`],
    /// [`ChatTurn::llm_node_ttft_ms`]). `lk.agents.turn.llm_ttft`.
    #[cfg_attr(feature = "serde", serde(rename = "llmTtftMs"))]
    LlmTtft,
    /// TTS time to first byte ([`TurnLatency::tts_ttfb_ms`],
    /// [`ChatTurn::tts_node_ttfb_ms`]). `lk.agents.turn.tts_ttfb`.
    #[cfg_attr(feature = "serde", serde(rename = "ttsTtfbMs"))]
    TtsTtfb,
    /// The waterfall's first-sentence part: the LLM's first token → the first text handed
    /// to the TTS, on the critical path. `lk.agents.turn.first_sentence_delay`.
    #[cfg_attr(feature = "serde", serde(rename = "firstSentenceMs"))]
    FirstSentence,
    /// The waterfall's tool-call parts (silent LLM steps and tool execution before the
    /// spoken step), on the critical path; 0 for a turn without them.
    /// `voice_agent.turn.tool_calls_delay`.
    #[cfg_attr(feature = "serde", serde(rename = "toolCallsMs"))]
    ToolCalls,
    /// The waterfall's unexplained time (≥ 0). `voice_agent.turn.unexplained`.
    #[cfg_attr(feature = "serde", serde(rename = "unexplainedMs"))]
    Unexplained,
}

impl LatencyMetric {
    /// Every metric, in the order sketches are stored, serialized and exported.
    pub const ALL: [LatencyMetric; 10] = [
        LatencyMetric::E2eLatency,
        LatencyMetric::FormulaLatency,
        LatencyMetric::EndOfTurnDelay,
        LatencyMetric::TranscriptionDelay,
        LatencyMetric::OnUserTurnCompletedDelay,
        LatencyMetric::LlmTtft,
        LatencyMetric::TtsTtfb,
        LatencyMetric::FirstSentence,
        LatencyMetric::ToolCalls,
        LatencyMetric::Unexplained,
    ];

    /// How many of [`LatencyMetric::ALL`] format version 1 held (the first seven).
    pub(crate) const V1_COUNT: usize = 7;

    /// Position in [`LatencyMetric::ALL`].
    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// The camelCase field name, in ms (`"e2eLatencyMs"`).
    pub const fn key(self) -> &'static str {
        match self {
            LatencyMetric::E2eLatency => "e2eLatencyMs",
            LatencyMetric::FormulaLatency => "formulaLatencyMs",
            LatencyMetric::EndOfTurnDelay => "endOfTurnDelayMs",
            LatencyMetric::TranscriptionDelay => "transcriptionDelayMs",
            LatencyMetric::OnUserTurnCompletedDelay => "onUserTurnCompletedDelayMs",
            LatencyMetric::LlmTtft => "llmTtftMs",
            LatencyMetric::TtsTtfb => "ttsTtfbMs",
            LatencyMetric::FirstSentence => "firstSentenceMs",
            LatencyMetric::ToolCalls => "toolCallsMs",
            LatencyMetric::Unexplained => "unexplainedMs",
        }
    }

    /// The OpenTelemetry instrument name, unit `s` (`"lk.agents.turn.e2e_latency"`).
    pub const fn otel_name(self) -> &'static str {
        match self {
            LatencyMetric::E2eLatency => "lk.agents.turn.e2e_latency",
            LatencyMetric::FormulaLatency => "voice_agent.turn.formula_latency",
            LatencyMetric::EndOfTurnDelay => "lk.agents.turn.end_of_turn_delay",
            LatencyMetric::TranscriptionDelay => "lk.agents.turn.transcription_delay",
            LatencyMetric::OnUserTurnCompletedDelay => {
                "lk.agents.turn.on_user_turn_completed_delay"
            }
            LatencyMetric::LlmTtft => "lk.agents.turn.llm_ttft",
            LatencyMetric::TtsTtfb => "lk.agents.turn.tts_ttfb",
            LatencyMetric::FirstSentence => "lk.agents.turn.first_sentence_delay",
            LatencyMetric::ToolCalls => "voice_agent.turn.tool_calls_delay",
            LatencyMetric::Unexplained => "voice_agent.turn.unexplained",
        }
    }

    /// The Prometheus histogram name, in seconds
    /// (`"lk_agents_turn_e2e_latency_seconds"`): the OpenTelemetry name with `.` → `_`
    /// and the unit suffix, as the OpenTelemetry Prometheus exporter names it.
    pub const fn prometheus_name(self) -> &'static str {
        match self {
            LatencyMetric::E2eLatency => "lk_agents_turn_e2e_latency_seconds",
            LatencyMetric::FormulaLatency => "voice_agent_turn_formula_latency_seconds",
            LatencyMetric::EndOfTurnDelay => "lk_agents_turn_end_of_turn_delay_seconds",
            LatencyMetric::TranscriptionDelay => "lk_agents_turn_transcription_delay_seconds",
            LatencyMetric::OnUserTurnCompletedDelay => {
                "lk_agents_turn_on_user_turn_completed_delay_seconds"
            }
            LatencyMetric::LlmTtft => "lk_agents_turn_llm_ttft_seconds",
            LatencyMetric::TtsTtfb => "lk_agents_turn_tts_ttfb_seconds",
            LatencyMetric::FirstSentence => "lk_agents_turn_first_sentence_delay_seconds",
            LatencyMetric::ToolCalls => "voice_agent_turn_tool_calls_delay_seconds",
            LatencyMetric::Unexplained => "voice_agent_turn_unexplained_seconds",
        }
    }

    /// One-line description (Prometheus `# HELP`, OTLP `description`).
    pub const fn description(self) -> &'static str {
        match self {
            LatencyMetric::E2eLatency => {
                "End of user speech to the agent's first audio (the SDK's e2e_latency; from the events' timestamps for event logs), per user turn."
            }
            LatencyMetric::FormulaLatency => {
                "End-of-turn delay + LLM time to first token + TTS time to first byte, per user turn."
            }
            LatencyMetric::EndOfTurnDelay => {
                "End of user speech to the end-of-turn decision, per user turn."
            }
            LatencyMetric::TranscriptionDelay => {
                "End of user speech to the last final transcript, per user turn."
            }
            LatencyMetric::OnUserTurnCompletedDelay => {
                "Time spent in the agent's on_user_turn_completed hook, per user turn."
            }
            LatencyMetric::LlmTtft => "LLM time to first token, per user turn.",
            LatencyMetric::TtsTtfb => "TTS time to first byte, per user turn.",
            LatencyMetric::FirstSentence => {
                "LLM first token to the first sentence handed to TTS, on the critical path of the wait, per user turn."
            }
            LatencyMetric::ToolCalls => {
                "Tool-call LLM steps and tool execution before the spoken reply, on the critical path of the wait, per user turn."
            }
            LatencyMetric::Unexplained => {
                "Time of the wait no part accounts for (scheduling gaps), per user turn."
            }
        }
    }
}

/// One user turn's latencies, ms: what a [`crate::LatencyAggregator`] records.
///
/// Built from a metrics-event turn ([`TurnLatency`]: no e2e) or a chat turn
/// ([`ChatTurn`]: no total), or by hand. Absent values are not recorded.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TurnSample {
    /// [`LatencyMetric::E2eLatency`].
    pub e2e_latency_ms: Option<f64>,
    /// [`LatencyMetric::FormulaLatency`].
    pub formula_latency_ms: Option<f64>,
    /// [`LatencyMetric::EndOfTurnDelay`].
    pub end_of_turn_delay_ms: Option<f64>,
    /// [`LatencyMetric::TranscriptionDelay`].
    pub transcription_delay_ms: Option<f64>,
    /// [`LatencyMetric::OnUserTurnCompletedDelay`].
    pub on_user_turn_completed_delay_ms: Option<f64>,
    /// [`LatencyMetric::LlmTtft`].
    pub llm_ttft_ms: Option<f64>,
    /// [`LatencyMetric::TtsTtfb`].
    pub tts_ttfb_ms: Option<f64>,
    /// [`LatencyMetric::FirstSentence`].
    pub first_sentence_ms: Option<f64>,
    /// [`LatencyMetric::ToolCalls`].
    pub tool_calls_ms: Option<f64>,
    /// [`LatencyMetric::Unexplained`].
    pub unexplained_ms: Option<f64>,
}

impl TurnSample {
    /// The value of `metric`, ms.
    pub const fn get(&self, metric: LatencyMetric) -> Option<f64> {
        match metric {
            LatencyMetric::E2eLatency => self.e2e_latency_ms,
            LatencyMetric::FormulaLatency => self.formula_latency_ms,
            LatencyMetric::EndOfTurnDelay => self.end_of_turn_delay_ms,
            LatencyMetric::TranscriptionDelay => self.transcription_delay_ms,
            LatencyMetric::OnUserTurnCompletedDelay => self.on_user_turn_completed_delay_ms,
            LatencyMetric::LlmTtft => self.llm_ttft_ms,
            LatencyMetric::TtsTtfb => self.tts_ttfb_ms,
            LatencyMetric::FirstSentence => self.first_sentence_ms,
            LatencyMetric::ToolCalls => self.tool_calls_ms,
            LatencyMetric::Unexplained => self.unexplained_ms,
        }
    }

    /// Sets the waterfall values from `waterfall` (none when it is empty: no e2e).
    fn with_waterfall(mut self, waterfall: &[WaterfallStep]) -> Self {
        if waterfall.is_empty() {
            return self;
        }
        self.first_sentence_ms = Some(part_ms(waterfall, WaterfallPart::FirstSentence));
        self.tool_calls_ms = Some(
            part_ms(waterfall, WaterfallPart::ToolStep)
                + part_ms(waterfall, WaterfallPart::ToolExecution),
        );
        self.unexplained_ms = Some(part_ms(waterfall, WaterfallPart::Unexplained));
        self
    }
}

impl From<&TurnLatency> for TurnSample {
    fn from(t: &TurnLatency) -> Self {
        TurnSample {
            e2e_latency_ms: t.e2e_latency_ms,
            formula_latency_ms: t.formula_latency_ms,
            end_of_turn_delay_ms: t.eou_delay_ms,
            transcription_delay_ms: t.transcription_delay_ms,
            on_user_turn_completed_delay_ms: t.on_user_turn_completed_delay_ms,
            llm_ttft_ms: t.llm_ttft_ms,
            tts_ttfb_ms: t.tts_ttfb_ms,
            ..TurnSample::default()
        }
        .with_waterfall(&t.waterfall)
    }
}

impl From<&ChatTurn> for TurnSample {
    fn from(t: &ChatTurn) -> Self {
        TurnSample {
            e2e_latency_ms: t.e2e_latency_ms,
            formula_latency_ms: None,
            end_of_turn_delay_ms: t.end_of_turn_delay_ms,
            transcription_delay_ms: t.transcription_delay_ms,
            on_user_turn_completed_delay_ms: t.on_user_turn_completed_delay_ms,
            llm_ttft_ms: t.llm_node_ttft_ms,
            tts_ttfb_ms: t.tts_node_ttfb_ms,
            ..TurnSample::default()
        }
        .with_waterfall(&t.waterfall)
    }
}

impl From<&JoinedTurn> for TurnSample {
    /// The chat turn's values (LiveKit's own per-message measurements, what its
    /// `lk.agents.turn.*` instruments record), each falling back to the metrics turn's
    /// when the message lacks it (the e2e and the waterfall too: see
    /// [`JoinedTurn::e2e_latency_ms`]); the formula from the metrics turn.
    fn from(t: &JoinedTurn) -> Self {
        let chat = TurnSample::from(&t.chat);
        let Some(m) = t.latency.as_ref().map(TurnSample::from) else {
            return chat;
        };
        let waterfall = if chat.e2e_latency_ms.is_some() {
            (
                chat.first_sentence_ms,
                chat.tool_calls_ms,
                chat.unexplained_ms,
            )
        } else {
            (m.first_sentence_ms, m.tool_calls_ms, m.unexplained_ms)
        };
        TurnSample {
            e2e_latency_ms: t.e2e_latency_ms,
            formula_latency_ms: m.formula_latency_ms,
            end_of_turn_delay_ms: chat.end_of_turn_delay_ms.or(m.end_of_turn_delay_ms),
            transcription_delay_ms: chat.transcription_delay_ms.or(m.transcription_delay_ms),
            on_user_turn_completed_delay_ms: chat
                .on_user_turn_completed_delay_ms
                .or(m.on_user_turn_completed_delay_ms),
            llm_ttft_ms: chat.llm_ttft_ms.or(m.llm_ttft_ms),
            tts_ttfb_ms: chat.tts_ttfb_ms.or(m.tts_ttfb_ms),
            first_sentence_ms: waterfall.0,
            tool_calls_ms: waterfall.1,
            unexplained_ms: waterfall.2,
        }
    }
}
