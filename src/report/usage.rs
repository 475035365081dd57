//! A report's `usage` entries → canonical [`ModelUsage`] rows in ms, with the usage
//! kind inferred when the entries lack `type` (Python 1.5–1.7 write none).

use super::error::{ReportSection, SkippedEntry};
use super::fields::*;
use crate::usage::{
    LlmUsage, ModelUsage, RequestUsage, SttUsage, TtsUsage, UsageCollector, UsageFlag,
    UsageFlagReason, UsageKind,
};
use crate::value::Value;
use alloc::string::String;
use alloc::vec::Vec;

/// Where the usage kinds came from.
///
/// Serialized as `"none"`, `"typed"`, `"sessionUsageUpdated"`, `"inferred"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum UsageKindSource {
    /// The report has no usage.
    #[default]
    None,
    /// Every entry has its `type` (Node, Python 1.8).
    Typed,
    /// Some entries lacked `type` and took it from the last `session_usage_updated`
    /// event (Python reports keep those events), the reliable source.
    SessionUsageUpdated,
    /// Some kinds were inferred from the keys (each kind's usage has its own fields) and the entry order.
    Inferred,
}

const TYPE: Field = field("type", "type");
const PROVIDER: Field = field("provider", "provider");
const MODEL: Field = field("model", "model");
const INPUT: Field = field("input_tokens", "inputTokens");
const OUTPUT: Field = field("output_tokens", "outputTokens");
const INPUT_AUDIO: Field = field("input_audio_tokens", "inputAudioTokens");
const AUDIO: Field = field("audio_duration", "audioDurationMs");
const SESSION: Field = field("session_duration", "sessionDurationMs");
const CHARACTERS: Field = field("characters_count", "charactersCount");
const REQUESTS: Field = field("total_requests", "totalRequests");
/// Keys only LLM (and realtime) usage has (besides `input_audio_tokens`, which Python
/// 1.8 STT usage has too).
const LLM_ONLY: [Field; 11] = [
    field("input_cached_tokens", "inputCachedTokens"),
    field("input_cache_creation_tokens", "inputCacheCreationTokens"),
    field("input_cached_audio_tokens", "inputCachedAudioTokens"),
    field("input_text_tokens", "inputTextTokens"),
    field("input_cached_text_tokens", "inputCachedTextTokens"),
    field("input_image_tokens", "inputImageTokens"),
    field("input_cached_image_tokens", "inputCachedImageTokens"),
    field("output_audio_tokens", "outputAudioTokens"),
    field("output_text_tokens", "outputTextTokens"),
    field("output_reasoning_tokens", "outputReasoningTokens"),
    SESSION,
];

fn kind_of(t: &str) -> Option<UsageKind> {
    [
        UsageKind::Llm,
        UsageKind::Tts,
        UsageKind::Stt,
        UsageKind::Interruption,
        UsageKind::Eot,
    ]
    .into_iter()
    .find(|k| k.livekit_type() == t)
}

/// The kinds an untyped entry can be, most likely first.
fn candidates(e: &Value, model: &str) -> Vec<UsageKind> {
    use UsageKind::*;
    let audio = has(e, AUDIO);
    if LLM_ONLY.iter().any(|f| has(e, *f)) || (has(e, INPUT_AUDIO) && !audio) {
        return alloc::vec![Llm];
    }
    if has(e, CHARACTERS) {
        return alloc::vec![Tts];
    }
    if has(e, REQUESTS) {
        let m = model.to_ascii_lowercase();
        return if m.contains("interruption") {
            alloc::vec![Interruption]
        } else if m.contains("turn-detector") || m.contains("turn_detector") || m.contains("eot") {
            alloc::vec![Eot]
        } else {
            alloc::vec![Interruption, Eot]
        };
    }
    if audio {
        return alloc::vec![Stt, Tts];
    }
    if has(e, INPUT) || has(e, OUTPUT) {
        return alloc::vec![Llm, Tts, Stt];
    }
    alloc::vec![Llm, Tts, Stt, Interruption, Eot]
}

/// One entry before its kind is settled.
struct Entry<'a> {
    index: usize,
    value: &'a Value,
    provider: String,
    model: String,
    kind: Option<UsageKind>,
    candidates: Vec<UsageKind>,
}

/// `(type, provider, model)` of the rows of the last `session_usage_updated` event.
fn event_kinds(rows: &[Value]) -> Vec<(Option<UsageKind>, &str, &str)> {
    rows.iter()
        .map(|r| {
            let s = |f| string(r, f).ok().flatten().unwrap_or("");
            (kind_of(s(TYPE)), s(PROVIDER), s(MODEL))
        })
        .collect()
}

/// Settles every kind: the entry's own `type`, else the last `session_usage_updated`
/// event's row at the same position (or the only row with the same provider/model),
/// else the first candidate consistent with `flatten()` order (LLM, TTS, STT,
/// interruption, EOT: kinds never decrease along the list).
fn settle(entries: &mut [Entry], event: &[(Option<UsageKind>, &str, &str)]) -> UsageKindSource {
    let mut source = UsageKindSource::Typed;
    for e in entries.iter_mut().filter(|e| e.kind.is_none()) {
        let same = |(_, p, m): &&(Option<UsageKind>, &str, &str)| *p == e.provider && *m == e.model;
        let at = event.get(e.index).filter(|r| same(r)).and_then(|r| r.0);
        let unique = || {
            let mut it = event.iter().filter(same);
            match (it.next(), it.next()) {
                (Some(r), None) => r.0,
                _ => None,
            }
        };
        if let Some(k) = at.or_else(unique) {
            e.kind = Some(k);
            source = UsageKindSource::SessionUsageUpdated;
        }
    }
    // Upper bound of each entry: no later entry can be of a smaller kind.
    let mut hi = alloc::vec![UsageKind::Eot; entries.len()];
    let mut bound = UsageKind::Eot;
    for (i, e) in entries.iter().enumerate().rev() {
        hi[i] = bound;
        let top = e.kind.or_else(|| e.candidates.iter().copied().max());
        bound = bound.min(top.unwrap_or(UsageKind::Eot));
    }
    let mut lo = UsageKind::Llm;
    for (i, e) in entries.iter_mut().enumerate() {
        if e.kind.is_none() {
            let fits = e.candidates.iter().find(|k| (lo..=hi[i]).contains(k));
            e.kind = fits.or(e.candidates.first()).copied();
            source = UsageKindSource::Inferred;
        }
        lo = lo.max(e.kind.unwrap_or(lo));
    }
    source
}

fn row(e: &Value, kind: UsageKind, provider: String, model: String) -> R<ModelUsage> {
    let c = |f| count(e, f);
    Ok(match kind {
        UsageKind::Llm => ModelUsage::Llm(LlmUsage {
            provider,
            model,
            input_tokens: c(INPUT)?,
            input_cached_tokens: c(LLM_ONLY[0])?,
            input_cache_creation_tokens: c(LLM_ONLY[1])?,
            input_audio_tokens: c(INPUT_AUDIO)?,
            input_cached_audio_tokens: c(LLM_ONLY[2])?,
            input_text_tokens: c(LLM_ONLY[3])?,
            input_cached_text_tokens: c(LLM_ONLY[4])?,
            input_image_tokens: c(LLM_ONLY[5])?,
            input_cached_image_tokens: c(LLM_ONLY[6])?,
            output_tokens: c(OUTPUT)?,
            output_audio_tokens: c(LLM_ONLY[7])?,
            output_text_tokens: c(LLM_ONLY[8])?,
            output_reasoning_tokens: c(LLM_ONLY[9])?,
            session_duration_ms: usage_duration_ms(e, SESSION)?,
        }),
        UsageKind::Tts => ModelUsage::Tts(TtsUsage {
            provider,
            model,
            input_tokens: c(INPUT)?,
            output_tokens: c(OUTPUT)?,
            characters_count: c(CHARACTERS)?,
            audio_duration_ms: usage_duration_ms(e, AUDIO)?,
        }),
        UsageKind::Stt => ModelUsage::Stt(SttUsage {
            provider,
            model,
            input_tokens: c(INPUT)?,
            input_audio_tokens: c(INPUT_AUDIO)?,
            output_tokens: c(OUTPUT)?,
            audio_duration_ms: usage_duration_ms(e, AUDIO)?,
        }),
        UsageKind::Interruption | UsageKind::Eot => {
            let r = RequestUsage {
                provider,
                model,
                total_requests: c(REQUESTS)?,
            };
            if kind == UsageKind::Eot {
                ModelUsage::Eot(r)
            } else {
                ModelUsage::Interruption(r)
            }
        }
    })
}

/// Reads one entry's identity; `Ok(None)` for a `type` this crate does not know.
fn entry(index: usize, value: &Value) -> R<Option<Entry<'_>>> {
    if value.as_object().is_none() {
        return Err(not_an_object(value));
    }
    let provider = String::from(string(value, PROVIDER)?.unwrap_or(""));
    let model = String::from(string(value, MODEL)?.unwrap_or(""));
    let kind = match string(value, TYPE)? {
        Some(t) => match kind_of(t) {
            Some(k) => Some(k),
            None => return Ok(None),
        },
        None => None,
    };
    let candidates = candidates(value, &model);
    Ok(Some(Entry {
        index,
        value,
        provider,
        model,
        kind,
        candidates,
    }))
}

/// The usage of a report: rows in `flatten()` order, where their kinds came from, and
/// the rows probably attributed to a wrapper (`FallbackAdapter`) or an `"unknown"` model.
pub(crate) struct ReportUsage {
    pub rows: Vec<ModelUsage>,
    pub source: UsageKindSource,
    pub flags: Vec<UsageFlag>,
}

/// Reads `entries` (the report's `usage`); `event_rows` are the last
/// `session_usage_updated` event's `model_usage`. Malformed entries go to `skipped`.
pub(crate) fn read(
    entries: &[Value],
    event_rows: &[Value],
    skipped: &mut Vec<SkippedEntry>,
) -> ReportUsage {
    let mut parsed = Vec::new();
    for (i, v) in entries.iter().enumerate() {
        match entry(i, v) {
            Ok(Some(e)) => parsed.push(e),
            Ok(None) => {}
            Err(err) => skipped.push(SkippedEntry::new(ReportSection::Usage, i, &err)),
        }
    }
    let mut source = settle(&mut parsed, &event_kinds(event_rows));
    if parsed.is_empty() {
        source = UsageKindSource::None;
    }
    let mut collector = UsageCollector::new();
    for e in parsed {
        let kind = e.kind.unwrap_or(UsageKind::Llm);
        match row(e.value, kind, e.provider, e.model) {
            Ok(r) => collector.add_row(&r),
            Err(err) => skipped.push(SkippedEntry::new(ReportSection::Usage, e.index, &err)),
        }
    }
    let rows = collector.flatten();
    let flags = usage_flags(&rows);
    ReportUsage {
        rows,
        source,
        flags,
    }
}

/// The same wrapper/unknown-model checks as the live session (the label is not in a
/// report, so only provider and model are looked at).
fn usage_flags(rows: &[ModelUsage]) -> Vec<UsageFlag> {
    let mut out: Vec<UsageFlag> = Vec::new();
    for r in rows {
        let (provider, model) = r.key();
        let reason = if provider.contains("FallbackAdapter") || model.contains("FallbackAdapter") {
            UsageFlagReason::FallbackAdapter
        } else if provider == "unknown" || model == "unknown" {
            UsageFlagReason::UnknownModel
        } else {
            continue;
        };
        let flag = UsageFlag {
            kind: r.kind(),
            provider: String::from(provider),
            model: String::from(model),
            reason,
        };
        if !out.contains(&flag) {
            out.push(flag);
        }
    }
    out
}
