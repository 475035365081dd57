//! Exports of a [`crate::LatencyAggregator`]: Prometheus text exposition and OTLP JSON.
//!
//! # Metric names
//!
//! LiveKit's own OpenTelemetry instruments (Python `telemetry/otel_metrics.py`)
//! keep their names, so dashboards built on the SDK's metrics work on ours. Prometheus
//! names are the OpenTelemetry names with `.` → `_`, the unit (`s` → `_seconds`) and
//! `_total` for counters, as the OpenTelemetry Prometheus exporter writes them:
//!
//! | OpenTelemetry (unit) | Prometheus | from |
//! |---|---|---|
//! | `lk.agents.turn.e2e_latency` (s) | `lk_agents_turn_e2e_latency_seconds` | chat turns' e2e |
//! | `lk.agents.turn.end_of_turn_delay` (s) | `lk_agents_turn_end_of_turn_delay_seconds` | EOU delay |
//! | `lk.agents.turn.transcription_delay` (s) | `lk_agents_turn_transcription_delay_seconds` | |
//! | `lk.agents.turn.on_user_turn_completed_delay` (s) | `lk_agents_turn_on_user_turn_completed_delay_seconds` | |
//! | `lk.agents.turn.llm_ttft` (s) | `lk_agents_turn_llm_ttft_seconds` | |
//! | `lk.agents.turn.tts_ttfb` (s) | `lk_agents_turn_tts_ttfb_seconds` | |
//! | `voice_agent.turn.formula_latency` (s) | `voice_agent_turn_formula_latency_seconds` | ours: eou + ttft + ttfb |
//! | `lk.agents.connection.acquire_time` (s) | `lk_agents_connection_acquire_time_seconds` | STT/TTS/realtime `acquire_time` > 0 |
//! | `lk.agents.usage.llm_input_tokens` … (see [`COUNTERS`]) | `lk_agents_usage_llm_input_tokens_total` … | usage rows |
//! | `voice_agent.sessions`, `voice_agent.user_turns` | `voice_agent_sessions_total`, `voice_agent_user_turns_total` | ours |
//! | `voice_agent.cost` (`{USD}`…) | `voice_agent_cost_total` | ours, with a price table |
//!
//! Names LiveKit does not define use the `voice_agent` prefix, so they can never clash
//! with a future SDK instrument. Every series carries the aggregator's labels; usage
//! and cost add `model_provider` and `model_name` (LiveKit's attribute names), cost
//! also `usage_kind` and `currency`, the acquire times `model_provider`, `model_name`
//! and `connection_reused` (`"true"` / `"false"`), as the SDK records them. The overflow series carries only
//! `otel_metric_overflow="true"` (OTLP: `otel.metric.overflow = true`). As in the SDK,
//! a usage counter appears for a model only once it is non-zero. Not exported: tokens of
//! token-billed TTS/STT, cache-creation tokens and EOT requests (no LiveKit counter).

mod otlp;
mod prometheus;

pub use otlp::{unix_nano_from_ms, OtlpHistogram, OtlpOptions, MAX_TIME_UNIX_NANO};

/// The OpenTelemetry name of LiveKit's connection acquire-time histogram (unit `s`).
pub const ACQUIRE_TIME_OTEL: &str = "lk.agents.connection.acquire_time";

/// Its Prometheus name.
pub const ACQUIRE_TIME_PROMETHEUS: &str = "lk_agents_connection_acquire_time_seconds";

/// Its description (Prometheus `# HELP`, OTLP `description`).
pub(crate) const ACQUIRE_TIME_DESCRIPTION: &str =
    "Time to acquire a provider connection (WebSocket), per STT, TTS and realtime metric that measured one.";

use crate::aggregate::usage::{field, UsageRow};
use crate::aggregate::AggregateError;
use crate::usage::UsageKind;
use alloc::string::String;
use core::fmt::Write;

/// A counter value: a count, a duration in whole ns (exported in seconds), or an
/// amount of money.
/// The room an export has left: `used` bytes written elsewhere, of `limit`
/// ([`crate::aggregate::AggregatorLimits::max_exposition_bytes`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Room {
    pub(crate) used: usize,
    pub(crate) limit: usize,
}

impl Room {
    /// `TooLarge` once `text` (after `used` bytes) passes the limit.
    pub(crate) fn check(self, text: &str) -> Result<(), AggregateError> {
        if self.used.saturating_add(text.len()) > self.limit {
            return Err(AggregateError::TooLarge {
                what: "the export",
                limit_bytes: Some(self.limit),
            });
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Amount {
    Count(u64),
    Nanos(u64),
    Money(f64),
}

/// Where a counter's value lives in a usage row.
#[derive(Debug, Clone, Copy)]
enum Source {
    /// `counts[i]` of rows of the kind.
    Count(usize),
    /// The row's duration.
    Duration,
}

/// One LiveKit usage counter.
#[derive(Debug, Clone, Copy)]
pub struct Counter {
    /// The OpenTelemetry name (`lk.agents.usage.llm_input_tokens`).
    pub otel_name: &'static str,
    /// The Prometheus name (`lk_agents_usage_llm_input_tokens_total`).
    pub prometheus_name: &'static str,
    /// The OpenTelemetry unit (`""` or `"s"`).
    pub unit: &'static str,
    /// Description.
    pub description: &'static str,
    kind: UsageKind,
    source: Source,
}

const fn counter(
    name: &'static str,
    prometheus_name: &'static str,
    kind: UsageKind,
    source: Source,
    description: &'static str,
) -> Counter {
    let unit = match source {
        Source::Duration => "s",
        Source::Count(_) => "",
    };
    Counter {
        otel_name: name,
        prometheus_name,
        unit,
        description,
        kind,
        source,
    }
}

use Source::{Count, Duration};
use UsageKind::{Interruption, Llm, Stt, Tts};

/// LiveKit's usage counters, in export order.
pub const COUNTERS: [Counter; 12] = [
    counter(
        "lk.agents.usage.llm_input_tokens",
        "lk_agents_usage_llm_input_tokens_total",
        Llm,
        Count(field::LLM_INPUT),
        "LLM input tokens (cached included).",
    ),
    counter(
        "lk.agents.usage.llm_input_cached_tokens",
        "lk_agents_usage_llm_input_cached_tokens_total",
        Llm,
        Count(field::LLM_INPUT_CACHED),
        "LLM input tokens read from the cache.",
    ),
    counter(
        "lk.agents.usage.llm_output_tokens",
        "lk_agents_usage_llm_output_tokens_total",
        Llm,
        Count(field::LLM_OUTPUT),
        "LLM output tokens.",
    ),
    counter(
        "lk.agents.usage.llm_input_audio_tokens",
        "lk_agents_usage_llm_input_audio_tokens_total",
        Llm,
        Count(field::LLM_INPUT_AUDIO),
        "Realtime model audio input tokens.",
    ),
    counter(
        "lk.agents.usage.llm_input_text_tokens",
        "lk_agents_usage_llm_input_text_tokens_total",
        Llm,
        Count(field::LLM_INPUT_TEXT),
        "Realtime model text input tokens.",
    ),
    counter(
        "lk.agents.usage.llm_output_audio_tokens",
        "lk_agents_usage_llm_output_audio_tokens_total",
        Llm,
        Count(field::LLM_OUTPUT_AUDIO),
        "Realtime model audio output tokens.",
    ),
    counter(
        "lk.agents.usage.llm_output_text_tokens",
        "lk_agents_usage_llm_output_text_tokens_total",
        Llm,
        Count(field::LLM_OUTPUT_TEXT),
        "Realtime model text output tokens.",
    ),
    counter(
        "lk.agents.usage.llm_session_duration",
        "lk_agents_usage_llm_session_duration_seconds_total",
        Llm,
        Duration,
        "Connection time of session-billed realtime models.",
    ),
    counter(
        "lk.agents.usage.tts_characters",
        "lk_agents_usage_tts_characters_total",
        Tts,
        Count(field::TTS_CHARACTERS),
        "Characters synthesized by TTS.",
    ),
    counter(
        "lk.agents.usage.tts_audio_duration",
        "lk_agents_usage_tts_audio_duration_seconds_total",
        Tts,
        Duration,
        "Audio produced by TTS.",
    ),
    counter(
        "lk.agents.usage.stt_audio_duration",
        "lk_agents_usage_stt_audio_duration_seconds_total",
        Stt,
        Duration,
        "Audio processed by STT.",
    ),
    counter(
        "lk.agents.usage.interruption_num_requests",
        "lk_agents_usage_interruption_num_requests_total",
        Interruption,
        Count(field::REQUESTS),
        "Requests sent to the interruption model.",
    ),
];

impl Counter {
    /// The counter's value for a usage row: `None` when the row is of another kind or
    /// the value is zero (LiveKit adds only non-zero values).
    pub(crate) fn amount(&self, row: &UsageRow) -> Option<Amount> {
        if row.kind != self.kind {
            return None;
        }
        let a = match self.source {
            Source::Count(i) => Amount::Count(*row.counts.get(i)?),
            Source::Duration => Amount::Nanos(row.duration_ns),
        };
        (!matches!(a, Amount::Count(0) | Amount::Nanos(0))).then_some(a)
    }
}

/// Writes an amount as Prometheus or JSON reads it (seconds for durations).
pub(crate) fn write_amount(out: &mut String, a: Amount) {
    match a {
        Amount::Count(n) => {
            let _ = write!(out, "{n}");
        }
        Amount::Nanos(ns) => write_seconds_ns(out, u128::from(ns)),
        Amount::Money(m) => {
            let _ = write!(out, "{m}");
        }
    }
}

/// `ns` nanoseconds as an exact decimal number of seconds (`1500000000` → `1.5`).
pub(crate) fn write_seconds_ns(out: &mut String, ns: u128) {
    let whole = ns / 1_000_000_000;
    let frac = (ns % 1_000_000_000) as u32;
    let _ = write!(out, "{whole}");
    if frac != 0 {
        let mut digits = alloc::format!("{frac:09}");
        while digits.ends_with('0') {
            digits.pop();
        }
        out.push('.');
        out.push_str(&digits);
    }
}

/// `ms` whole milliseconds as an exact decimal number of seconds (`250` → `0.25`).
pub(crate) fn write_seconds_ms(out: &mut String, ms: u32) {
    write_seconds_ns(out, u128::from(ms) * 1_000_000);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_are_exact_decimals() {
        let s = |ns| {
            let mut out = String::new();
            write_seconds_ns(&mut out, ns);
            out
        };
        assert_eq!(s(0), "0");
        assert_eq!(s(1_500_000_000), "1.5");
        assert_eq!(s(10_000_000), "0.01");
        assert_eq!(s(1), "0.000000001");
        let mut out = String::new();
        write_seconds_ms(&mut out, 60_000);
        assert_eq!(out, "60");
    }
}
