//! [`LatencyMetric`], the seven latencies an aggregator keeps, and [`TurnSample`], one
//! user turn's values of them (from [`TurnLatency`] or [`ChatTurn`]).

use crate::report::{ChatTurn, JoinedTurn};
use crate::turns::TurnLatency;

/// One of the latencies a [`crate::LatencyAggregator`] keeps a sketch of.
///
/// Names follow LiveKit's OpenTelemetry metrics (`lk.agents.turn.*`, spec §7.4), which
/// the exports use; `FormulaLatency` is this crate's own (no LiveKit instrument).
/// Serialized as the camelCase field name (`"e2eLatencyMs"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum LatencyMetric {
    /// End of user speech → agent starts speaking, the SDK's measured wait
    /// ([`ChatTurn::e2e_latency_ms`]; chat turns only). `lk.agents.turn.e2e_latency`.
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
}

impl LatencyMetric {
    /// Every metric, in the order sketches are stored, serialized and exported.
    pub const ALL: [LatencyMetric; 7] = [
        LatencyMetric::E2eLatency,
        LatencyMetric::FormulaLatency,
        LatencyMetric::EndOfTurnDelay,
        LatencyMetric::TranscriptionDelay,
        LatencyMetric::OnUserTurnCompletedDelay,
        LatencyMetric::LlmTtft,
        LatencyMetric::TtsTtfb,
    ];

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
        }
    }

    /// One-line description (Prometheus `# HELP`, OTLP `description`).
    pub const fn description(self) -> &'static str {
        match self {
            LatencyMetric::E2eLatency => {
                "End of user speech to agent speech (the SDK's e2e_latency), per user turn."
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
        }
    }
}

impl From<&TurnLatency> for TurnSample {
    fn from(t: &TurnLatency) -> Self {
        TurnSample {
            e2e_latency_ms: None,
            formula_latency_ms: t.formula_latency_ms,
            end_of_turn_delay_ms: t.eou_delay_ms,
            transcription_delay_ms: t.transcription_delay_ms,
            on_user_turn_completed_delay_ms: t.on_user_turn_completed_delay_ms,
            llm_ttft_ms: t.llm_ttft_ms,
            tts_ttfb_ms: t.tts_ttfb_ms,
        }
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
        }
    }
}

impl From<&JoinedTurn> for TurnSample {
    /// The chat turn's values (LiveKit's own per-message measurements, what its
    /// `lk.agents.turn.*` instruments record), each falling back to the metrics turn's
    /// when the message lacks it; the total from the metrics turn.
    fn from(t: &JoinedTurn) -> Self {
        let chat = TurnSample::from(&t.chat);
        let Some(m) = t.latency.as_ref().map(TurnSample::from) else {
            return chat;
        };
        TurnSample {
            e2e_latency_ms: chat.e2e_latency_ms,
            formula_latency_ms: m.formula_latency_ms,
            end_of_turn_delay_ms: chat.end_of_turn_delay_ms.or(m.end_of_turn_delay_ms),
            transcription_delay_ms: chat.transcription_delay_ms.or(m.transcription_delay_ms),
            on_user_turn_completed_delay_ms: chat
                .on_user_turn_completed_delay_ms
                .or(m.on_user_turn_completed_delay_ms),
            llm_ttft_ms: chat.llm_ttft_ms.or(m.llm_ttft_ms),
            tts_ttfb_ms: chat.tts_ttfb_ms.or(m.tts_ttfb_ms),
        }
    }
}
