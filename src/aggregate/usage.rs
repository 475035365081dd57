//! [`UsageRow`]: usage totals of one (kind, provider, model) in integers (durations in
//! whole ns), so that sums are exact under merge and in both serializations.

use crate::aggregate::buckets::ms_to_ns;
use crate::usage::{LlmUsage, ModelUsage, RequestUsage, SttUsage, TtsUsage, UsageKind};
use alloc::string::String;
use alloc::vec::Vec;

/// LLM counts, in [`LlmUsage`] field order (camelCase, as `ModelUsage` serializes them).
pub(crate) const LLM_FIELDS: [&str; 13] = [
    "inputTokens",
    "inputCachedTokens",
    "inputCacheCreationTokens",
    "inputAudioTokens",
    "inputCachedAudioTokens",
    "inputTextTokens",
    "inputCachedTextTokens",
    "inputImageTokens",
    "inputCachedImageTokens",
    "outputTokens",
    "outputAudioTokens",
    "outputTextTokens",
    "outputReasoningTokens",
];
const TTS_FIELDS: [&str; 3] = ["inputTokens", "outputTokens", "charactersCount"];
const STT_FIELDS: [&str; 3] = ["inputTokens", "inputAudioTokens", "outputTokens"];
const REQUEST_FIELDS: [&str; 1] = ["totalRequests"];

/// Positions in [`UsageRow::counts`] that the exports read.
pub(crate) mod field {
    pub const LLM_INPUT: usize = 0;
    pub const LLM_INPUT_CACHED: usize = 1;
    pub const LLM_INPUT_AUDIO: usize = 3;
    pub const LLM_INPUT_TEXT: usize = 5;
    pub const LLM_OUTPUT: usize = 9;
    pub const LLM_OUTPUT_AUDIO: usize = 10;
    pub const LLM_OUTPUT_TEXT: usize = 11;
    pub const TTS_CHARACTERS: usize = 2;
    pub const REQUESTS: usize = 0;
}

/// The count field names of a kind, and the name of its duration (in ns) if it has one.
pub(crate) const fn fields(kind: UsageKind) -> (&'static [&'static str], Option<&'static str>) {
    match kind {
        UsageKind::Llm => (&LLM_FIELDS, Some("sessionDurationNs")),
        UsageKind::Tts => (&TTS_FIELDS, Some("audioDurationNs")),
        UsageKind::Stt => (&STT_FIELDS, Some("audioDurationNs")),
        UsageKind::Interruption | UsageKind::Eot => (&REQUEST_FIELDS, None),
    }
}

/// Usage totals of one (kind, provider, model).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UsageRow {
    pub(crate) kind: UsageKind,
    pub(crate) provider: String,
    pub(crate) model: String,
    /// One count per name of [`fields`] (`kind`).
    pub(crate) counts: Vec<u64>,
    /// Session duration (LLM) or audio duration (TTS, STT), whole ns; 0 otherwise.
    pub(crate) duration_ns: u64,
}

impl UsageRow {
    /// The sort key: (kind, provider, model).
    pub(crate) fn key(&self) -> (UsageKind, &str, &str) {
        (self.kind, &self.provider, &self.model)
    }

    /// Adds `other` (same key) to this row.
    pub(crate) fn add(&mut self, other: &UsageRow) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a = a.saturating_add(*b);
        }
        self.duration_ns = self.duration_ns.saturating_add(other.duration_ns);
    }

    /// The row as the crate's [`ModelUsage`] (durations in ms).
    pub(crate) fn to_model_usage(&self) -> ModelUsage {
        let (provider, model) = (self.provider.clone(), self.model.clone());
        let c = |i: usize| self.counts.get(i).copied().unwrap_or(0);
        let ms = self.duration_ns as f64 / 1_000_000.0;
        match self.kind {
            UsageKind::Llm => ModelUsage::Llm(LlmUsage {
                provider,
                model,
                input_tokens: c(0),
                input_cached_tokens: c(1),
                input_cache_creation_tokens: c(2),
                input_audio_tokens: c(3),
                input_cached_audio_tokens: c(4),
                input_text_tokens: c(5),
                input_cached_text_tokens: c(6),
                input_image_tokens: c(7),
                input_cached_image_tokens: c(8),
                output_tokens: c(9),
                output_audio_tokens: c(10),
                output_text_tokens: c(11),
                output_reasoning_tokens: c(12),
                session_duration_ms: ms,
            }),
            UsageKind::Tts => ModelUsage::Tts(TtsUsage {
                provider,
                model,
                input_tokens: c(0),
                output_tokens: c(1),
                characters_count: c(2),
                audio_duration_ms: ms,
            }),
            UsageKind::Stt => ModelUsage::Stt(SttUsage {
                provider,
                model,
                input_tokens: c(0),
                input_audio_tokens: c(1),
                output_tokens: c(2),
                audio_duration_ms: ms,
            }),
            UsageKind::Interruption | UsageKind::Eot => {
                let u = RequestUsage {
                    provider,
                    model,
                    total_requests: c(0),
                };
                if self.kind == UsageKind::Eot {
                    ModelUsage::Eot(u)
                } else {
                    ModelUsage::Interruption(u)
                }
            }
        }
    }
}

impl From<&ModelUsage> for UsageRow {
    /// Destructured without `..`: a field added to the usage types is a compile error
    /// here, not a silent loss.
    fn from(row: &ModelUsage) -> Self {
        let (provider, model) = row.key();
        let (counts, duration_ms) = match row {
            ModelUsage::Llm(LlmUsage {
                provider: _,
                model: _,
                input_tokens,
                input_cached_tokens,
                input_cache_creation_tokens,
                input_audio_tokens,
                input_cached_audio_tokens,
                input_text_tokens,
                input_cached_text_tokens,
                input_image_tokens,
                input_cached_image_tokens,
                output_tokens,
                output_audio_tokens,
                output_text_tokens,
                output_reasoning_tokens,
                session_duration_ms,
            }) => (
                alloc::vec![
                    *input_tokens,
                    *input_cached_tokens,
                    *input_cache_creation_tokens,
                    *input_audio_tokens,
                    *input_cached_audio_tokens,
                    *input_text_tokens,
                    *input_cached_text_tokens,
                    *input_image_tokens,
                    *input_cached_image_tokens,
                    *output_tokens,
                    *output_audio_tokens,
                    *output_text_tokens,
                    *output_reasoning_tokens,
                ],
                *session_duration_ms,
            ),
            ModelUsage::Tts(TtsUsage {
                provider: _,
                model: _,
                input_tokens,
                output_tokens,
                characters_count,
                audio_duration_ms,
            }) => (
                alloc::vec![*input_tokens, *output_tokens, *characters_count],
                *audio_duration_ms,
            ),
            ModelUsage::Stt(SttUsage {
                provider: _,
                model: _,
                input_tokens,
                input_audio_tokens,
                output_tokens,
                audio_duration_ms,
            }) => (
                alloc::vec![*input_tokens, *input_audio_tokens, *output_tokens],
                *audio_duration_ms,
            ),
            ModelUsage::Interruption(RequestUsage {
                provider: _,
                model: _,
                total_requests,
            })
            | ModelUsage::Eot(RequestUsage {
                provider: _,
                model: _,
                total_requests,
            }) => (alloc::vec![*total_requests], 0.0),
        };
        UsageRow {
            kind: row.kind(),
            provider: String::from(provider),
            model: String::from(model),
            counts,
            duration_ns: ms_to_ns(duration_ms),
        }
    }
}

/// Adds `row` to `rows` (sorted by key), merging with the row of the same key.
pub(crate) fn add_row(rows: &mut Vec<UsageRow>, row: &UsageRow) {
    match rows.binary_search_by(|r| r.key().cmp(&row.key())) {
        Ok(i) => rows[i].add(row),
        Err(i) => rows.insert(i, row.clone()),
    }
}

/// Checks a decoded row list: sorted, distinct, the right number of counts.
pub(crate) fn check_rows(rows: &[UsageRow]) -> Result<(), &'static str> {
    if rows.windows(2).any(|w| w[0].key() >= w[1].key()) {
        return Err("usage rows are not in strictly increasing (kind, provider, model) order");
    }
    for r in rows {
        let (names, duration) = fields(r.kind);
        if r.counts.len() != names.len() || (duration.is_none() && r.duration_ns != 0) {
            return Err("a usage row has the wrong fields for its kind");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_positions_name_the_fields_the_exports_read() {
        assert_eq!(LLM_FIELDS[field::LLM_INPUT], "inputTokens");
        assert_eq!(LLM_FIELDS[field::LLM_INPUT_CACHED], "inputCachedTokens");
        assert_eq!(LLM_FIELDS[field::LLM_INPUT_AUDIO], "inputAudioTokens");
        assert_eq!(LLM_FIELDS[field::LLM_INPUT_TEXT], "inputTextTokens");
        assert_eq!(LLM_FIELDS[field::LLM_OUTPUT], "outputTokens");
        assert_eq!(LLM_FIELDS[field::LLM_OUTPUT_AUDIO], "outputAudioTokens");
        assert_eq!(LLM_FIELDS[field::LLM_OUTPUT_TEXT], "outputTextTokens");
        assert_eq!(TTS_FIELDS[field::TTS_CHARACTERS], "charactersCount");
        assert_eq!(REQUEST_FIELDS[field::REQUESTS], "totalRequests");
    }

    #[test]
    fn rows_convert_both_ways_and_add_exactly() {
        let llm = ModelUsage::Llm(LlmUsage {
            provider: "openai".into(),
            model: "gpt".into(),
            input_tokens: 1,
            input_cached_tokens: 2,
            input_cache_creation_tokens: 3,
            input_audio_tokens: 4,
            input_cached_audio_tokens: 5,
            input_text_tokens: 6,
            input_cached_text_tokens: 7,
            input_image_tokens: 8,
            input_cached_image_tokens: 9,
            output_tokens: 10,
            output_audio_tokens: 11,
            output_text_tokens: 12,
            output_reasoning_tokens: 13,
            session_duration_ms: 1.5,
        });
        let tts = ModelUsage::Tts(TtsUsage {
            provider: "cartesia".into(),
            model: "sonic".into(),
            input_tokens: 1,
            output_tokens: 2,
            characters_count: 3,
            audio_duration_ms: 0.1,
        });
        let eot = ModelUsage::Eot(RequestUsage {
            provider: "lk".into(),
            model: "eot".into(),
            total_requests: 4,
        });
        for row in [&llm, &tts, &eot] {
            assert_eq!(&UsageRow::from(row).to_model_usage(), row);
        }
        // 0.1 + 0.2 ms is 300,000 ns exactly (not 0.30000000000000004).
        let mut rows = Vec::new();
        add_row(&mut rows, &UsageRow::from(&tts));
        let mut more = UsageRow::from(&tts);
        more.duration_ns = 200_000;
        add_row(&mut rows, &more);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].duration_ns, 300_000);
        assert_eq!(rows[0].counts, [2, 4, 6]);
        assert!(check_rows(&rows).is_ok());
    }
}
