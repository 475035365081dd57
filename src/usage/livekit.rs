//! Usage rows in the exact shapes the LiveKit SDKs produce, for drop-in replacement.
//!
//! * Node: `ModelUsageCollector.flatten()` (camelCase, ms) and `filterZeroValues`.
//! * Python: `ModelUsage.model_dump()` (snake_case, seconds) and the session report's
//!   `usage` entries (`model_dump(exclude_defaults=True)`).

use super::model::*;
use crate::value::Value;
use alloc::string::String;
use alloc::vec::Vec;

/// Which SDK's field names and units to write.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Sdk {
    Node,
    Python,
}

struct Row {
    sdk: Sdk,
    pairs: Vec<(String, Value)>,
}

impl Row {
    fn new(sdk: Sdk, kind: UsageKind, provider: &str, model: &str) -> Self {
        let mut row = Row {
            sdk,
            pairs: Vec::with_capacity(18),
        };
        row.str("type", kind.livekit_type());
        row.str("provider", provider);
        row.str("model", model);
        row
    }
    fn str(&mut self, key: &str, value: &str) {
        self.pairs
            .push((String::from(key), Value::String(String::from(value))));
    }
    /// A field named `node` in Node and `py` in Python.
    fn num(&mut self, node: &str, py: &str, value: f64) {
        let key = if self.sdk == Sdk::Node { node } else { py };
        self.pairs.push((String::from(key), Value::Number(value)));
    }
    fn count(&mut self, node: &str, py: &str, value: u64) {
        self.num(node, py, value as f64);
    }
    /// A duration: ms in Node (`*Ms`), seconds in Python.
    fn duration(&mut self, node: &str, py: &str, ms: f64) {
        let v = if self.sdk == Sdk::Node {
            ms
        } else {
            ms / 1000.0
        };
        self.num(node, py, v);
    }
}

fn row(sdk: Sdk, usage: &ModelUsage) -> Vec<(String, Value)> {
    let (provider, model) = usage.key();
    let mut r = Row::new(sdk, usage.kind(), provider, model);
    match usage {
        ModelUsage::Llm(u) => {
            r.count("inputTokens", "input_tokens", u.input_tokens);
            r.count(
                "inputCachedTokens",
                "input_cached_tokens",
                u.input_cached_tokens,
            );
            r.count(
                "inputCacheCreationTokens",
                "input_cache_creation_tokens",
                u.input_cache_creation_tokens,
            );
            r.count(
                "inputAudioTokens",
                "input_audio_tokens",
                u.input_audio_tokens,
            );
            r.count(
                "inputCachedAudioTokens",
                "input_cached_audio_tokens",
                u.input_cached_audio_tokens,
            );
            r.count("inputTextTokens", "input_text_tokens", u.input_text_tokens);
            r.count(
                "inputCachedTextTokens",
                "input_cached_text_tokens",
                u.input_cached_text_tokens,
            );
            r.count(
                "inputImageTokens",
                "input_image_tokens",
                u.input_image_tokens,
            );
            r.count(
                "inputCachedImageTokens",
                "input_cached_image_tokens",
                u.input_cached_image_tokens,
            );
            r.count("outputTokens", "output_tokens", u.output_tokens);
            r.count(
                "outputAudioTokens",
                "output_audio_tokens",
                u.output_audio_tokens,
            );
            r.count(
                "outputTextTokens",
                "output_text_tokens",
                u.output_text_tokens,
            );
            // Python ≥ 1.8 always writes it; newer Node SDKs have an optional
            // `outputReasoningTokens`, set only when a model reported reasoning.
            if sdk == Sdk::Python || u.output_reasoning_tokens > 0 {
                r.count(
                    "outputReasoningTokens",
                    "output_reasoning_tokens",
                    u.output_reasoning_tokens,
                );
            }
            r.duration(
                "sessionDurationMs",
                "session_duration",
                u.session_duration_ms,
            );
        }
        ModelUsage::Tts(u) => {
            r.count("inputTokens", "input_tokens", u.input_tokens);
            r.count("outputTokens", "output_tokens", u.output_tokens);
            r.count("charactersCount", "characters_count", u.characters_count);
            r.duration("audioDurationMs", "audio_duration", u.audio_duration_ms);
        }
        ModelUsage::Stt(u) => {
            r.count("inputTokens", "input_tokens", u.input_tokens);
            if sdk == Sdk::Python {
                r.count("", "input_audio_tokens", u.input_audio_tokens);
            }
            r.count("outputTokens", "output_tokens", u.output_tokens);
            r.duration("audioDurationMs", "audio_duration", u.audio_duration_ms);
        }
        ModelUsage::Interruption(u) | ModelUsage::Eot(u) => {
            r.count("totalRequests", "total_requests", u.total_requests);
        }
    }
    r.pairs
}

fn is_zero(v: &Value) -> bool {
    matches!(v, Value::Number(n) if *n == 0.0)
}

/// `ModelUsageCollector.flatten()` of `@livekit/agents` (camelCase, ms, zeros kept).
pub fn to_livekit_js(rows: &[ModelUsage]) -> Vec<Value> {
    rows.iter()
        .map(|u| Value::Object(row(Sdk::Node, u)))
        .collect()
}

/// `flatten().map(filterZeroValues)` of `@livekit/agents`: what `session.usage` holds
/// (numeric zeros dropped; `type`, `provider`, `model` kept even when `""`).
pub fn to_livekit_js_filtered(rows: &[ModelUsage]) -> Vec<Value> {
    rows.iter()
        .map(|u| {
            let mut pairs = row(Sdk::Node, u);
            pairs.retain(|(_, v)| !is_zero(v));
            Value::Object(pairs)
        })
        .collect()
}

/// `[u.model_dump() for u in collector.flatten()]` of `livekit-agents` ≥ 1.8 (snake_case,
/// seconds, every field, including Python's `output_reasoning_tokens` and STT
/// `input_audio_tokens`).
pub fn to_livekit_python(rows: &[ModelUsage]) -> Vec<Value> {
    rows.iter()
        .map(|u| Value::Object(row(Sdk::Python, u)))
        .collect()
}

/// A Python session report's `usage` entries: `model_dump(exclude_defaults=True)`,
/// i.e. zero fields dropped, `provider`/`model` always kept.
///
/// `livekit-agents` 1.8.9 keeps `type` in the report (as the captured reports show);
/// the 1.5–1.7 sources drop it because it equals its default. Pass `include_type` to
/// choose.
pub fn to_livekit_python_report(rows: &[ModelUsage], include_type: bool) -> Vec<Value> {
    rows.iter()
        .map(|u| {
            let mut pairs = row(Sdk::Python, u);
            pairs.retain(|(k, v)| !is_zero(v) && (include_type || k != "type"));
            Value::Object(pairs)
        })
        .collect()
}
