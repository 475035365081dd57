//! Usage rows and whole session usages read back from their JSON form (what `toJSON()`
//! and the analyses write): the reader behind JS `Usage.fromJSON`.
//!
//! Hand-written instead of serde's derived `Deserialize` for size: the derives of the
//! five row types, the internally tagged `ModelUsage`, `TurnUsage`, `UsageFlag` and
//! `SessionUsage` came to 64 KB of the wasm (20 KB gzipped); this reader is a few KB.
//! It accepts exactly what those derives accept (a differential test below holds it to
//! that): every field required unless optional in the type (`speechId`, `earlierTurns`),
//! unknown fields ignored, counts whole and ≥ 0 (below 2^53), durations finite numbers,
//! enums by their serialized names.

use super::model::{LlmUsage, ModelUsage, RequestUsage, SttUsage, TtsUsage, UsageKind};
use super::report::{SessionUsage, TurnUsage, UsageFlag, UsageFlagReason};
use crate::normalize::reader::MAX_COUNT;
use crate::turns::TurnKind;
use crate::value::{is_whole, Value};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

type R<T> = Result<T, String>;
type Obj = [(String, Value)];

fn object<'a>(v: &'a Value, what: &str) -> R<&'a Obj> {
    v.as_object().ok_or_else(|| {
        format!(
            "expected {what} (an object), found {}",
            v.json_type().name()
        )
    })
}

fn req<'a>(o: &'a Obj, key: &str) -> R<&'a Value> {
    o.iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
        .ok_or_else(|| format!("missing field `{key}`"))
}

fn string(o: &Obj, key: &str) -> R<String> {
    match req(o, key)? {
        Value::String(s) => Ok(s.clone()),
        v => Err(format!(
            "`{key}` must be a string, found {}",
            v.json_type().name()
        )),
    }
}

fn count(o: &Obj, key: &str) -> R<u64> {
    match req(o, key)? {
        Value::Number(n) if *n >= 0.0 && *n <= MAX_COUNT && is_whole(*n) => Ok(*n as u64),
        _ => Err(format!("`{key}` must be a whole number from 0 to 2^53 − 1")),
    }
}

fn ms(o: &Obj, key: &str) -> R<f64> {
    match req(o, key)? {
        Value::Number(n) if n.is_finite() => Ok(*n),
        _ => Err(format!("`{key}` must be a finite number")),
    }
}

fn list<T>(o: &Obj, key: &str, item: fn(&Value) -> R<T>) -> R<Vec<T>> {
    match req(o, key)? {
        Value::Array(items) => items.iter().map(item).collect(),
        _ => Err(format!("`{key}` must be an array")),
    }
}

/// A unit enum variant by name: `"user"`, or (as serde reads enums) `{ "user": null }`.
fn name<T: Copy>(o: &Obj, key: &str, names: &[(&str, T)]) -> R<T> {
    let s = match req(o, key)? {
        Value::Object(pairs) if pairs.len() == 1 && pairs[0].1 == Value::Null => pairs[0].0.clone(),
        _ => string(o, key)?,
    };
    names
        .iter()
        .find(|(n, _)| *n == s)
        .map(|(_, t)| *t)
        .ok_or_else(|| format!("unknown `{key}` {s:?}"))
}

/// One `ModelUsage` row (`{ type: 'llm_usage', provider, model, inputTokens, ... }`).
pub fn model_usage_from_value(v: &Value) -> R<ModelUsage> {
    let o = object(v, "a usage row")?;
    let (provider, model) = (string(o, "provider")?, string(o, "model")?);
    let request = |o: &Obj| -> R<RequestUsage> {
        Ok(RequestUsage {
            provider: provider.clone(),
            model: model.clone(),
            total_requests: count(o, "totalRequests")?,
        })
    };
    Ok(match string(o, "type")?.as_str() {
        "llm_usage" => ModelUsage::Llm(LlmUsage {
            input_tokens: count(o, "inputTokens")?,
            input_cached_tokens: count(o, "inputCachedTokens")?,
            input_cache_creation_tokens: count(o, "inputCacheCreationTokens")?,
            input_audio_tokens: count(o, "inputAudioTokens")?,
            input_cached_audio_tokens: count(o, "inputCachedAudioTokens")?,
            input_text_tokens: count(o, "inputTextTokens")?,
            input_cached_text_tokens: count(o, "inputCachedTextTokens")?,
            input_image_tokens: count(o, "inputImageTokens")?,
            input_cached_image_tokens: count(o, "inputCachedImageTokens")?,
            output_tokens: count(o, "outputTokens")?,
            output_audio_tokens: count(o, "outputAudioTokens")?,
            output_text_tokens: count(o, "outputTextTokens")?,
            output_reasoning_tokens: count(o, "outputReasoningTokens")?,
            session_duration_ms: ms(o, "sessionDurationMs")?,
            provider,
            model,
        }),
        "tts_usage" => ModelUsage::Tts(TtsUsage {
            input_tokens: count(o, "inputTokens")?,
            output_tokens: count(o, "outputTokens")?,
            characters_count: count(o, "charactersCount")?,
            audio_duration_ms: ms(o, "audioDurationMs")?,
            provider,
            model,
        }),
        "stt_usage" => ModelUsage::Stt(SttUsage {
            input_tokens: count(o, "inputTokens")?,
            input_audio_tokens: count(o, "inputAudioTokens")?,
            output_tokens: count(o, "outputTokens")?,
            audio_duration_ms: ms(o, "audioDurationMs")?,
            provider,
            model,
        }),
        "interruption_usage" => ModelUsage::Interruption(request(o)?),
        "eot_usage" => ModelUsage::Eot(request(o)?),
        other => return Err(format!("unknown usage type {other:?}")),
    })
}

/// An array of `ModelUsage` rows.
pub fn model_usages_from_value(v: &Value) -> R<Vec<ModelUsage>> {
    match v {
        Value::Array(items) => items.iter().map(model_usage_from_value).collect(),
        _ => Err(String::from("expected an array of usage rows")),
    }
}

const KINDS: [(&str, UsageKind); 5] = [
    ("llm", UsageKind::Llm),
    ("tts", UsageKind::Tts),
    ("stt", UsageKind::Stt),
    ("interruption", UsageKind::Interruption),
    ("eot", UsageKind::Eot),
];

fn turn(v: &Value) -> R<TurnUsage> {
    let o = object(v, "a turn's usage")?;
    let speech_id = match o.iter().rev().find(|(k, _)| k == "speechId") {
        None | Some((_, Value::Null)) => None,
        Some(_) => Some(string(o, "speechId")?),
    };
    let kinds = [
        ("user", TurnKind::User),
        ("agentInitiated", TurnKind::AgentInitiated),
        ("speculative", TurnKind::Speculative),
    ];
    Ok(TurnUsage {
        speech_id,
        kind: name(o, "kind", &kinds)?,
        started_at_ms: ms(o, "startedAtMs")?,
        models: list(o, "models", model_usage_from_value)?,
    })
}

fn flag(v: &Value) -> R<UsageFlag> {
    let o = object(v, "a usage flag")?;
    let reasons = [
        ("fallbackAdapter", UsageFlagReason::FallbackAdapter),
        ("unknownModel", UsageFlagReason::UnknownModel),
    ];
    Ok(UsageFlag {
        kind: name(o, "kind", &KINDS)?,
        provider: string(o, "provider")?,
        model: string(o, "model")?,
        reason: name(o, "reason", &reasons)?,
    })
}

/// A whole `SessionUsage` (`usage.toJSON()`, an analysis' `usage`); the error says
/// which field did not fit.
///
/// ```
/// use voice_agent_metrics::usage::session_usage_from_value;
/// use voice_agent_metrics::{compute_usage, normalize_json, NormalizeOptions, SessionOptions};
/// # #[cfg(feature = "serde")] {
/// let log = std::fs::read("tests/fixtures/js-02-tool-call/metrics_events.json").unwrap();
/// let metrics: Vec<_> = normalize_json(&log, &NormalizeOptions::default()).unwrap()
///     .records.into_iter().map(|r| r.metric).collect();
/// let usage = compute_usage(&metrics, SessionOptions::default());
/// let text = serde_json::to_vec(&usage).unwrap();
/// let back = session_usage_from_value(&voice_agent_metrics::parse_json(&text).unwrap());
/// assert_eq!(back.unwrap().models, usage.models);
/// # }
/// ```
pub fn session_usage_from_value(v: &Value) -> R<SessionUsage> {
    let o = object(v, "a session usage")?;
    let earlier_turns = match o.iter().rev().find(|(k, _)| k == "earlierTurns") {
        None => Vec::new(),
        Some(_) => list(o, "earlierTurns", model_usage_from_value)?,
    };
    Ok(SessionUsage {
        models: list(o, "models", model_usage_from_value)?,
        turns: list(o, "turns", turn)?,
        session_level: list(o, "sessionLevel", model_usage_from_value)?,
        speculative: list(o, "speculative", model_usage_from_value)?,
        duplicates_dropped: count(o, "duplicatesDropped")?,
        flags: list(o, "flags", flag)?,
        earlier_turns,
    })
}
