//! Per-model usage aggregation with exactly the SDKs' `ModelUsageCollector` rules.

use super::model::*;
use crate::metric::{LlmMetrics, Metric, MetricsMetadata, RealtimeModelMetrics, TtsMetrics};
use alloc::string::String;
use alloc::vec::Vec;

/// Aggregates usage per (kind, provider, model), like LiveKit's `ModelUsageCollector`.
///
/// Rules, identical in both SDKs: the key is `(metadata.model_provider or "",
/// metadata.model_name or "")`; LLM metrics add prompt → input, cached → input_cached,
/// cache-creation → input_cache_creation, completion → output (and Python's reasoning
/// tokens); realtime metrics go to the **LLM** rows with their token details and
/// session duration (output image tokens are dropped); TTS adds tokens, characters and
/// audio; STT adds tokens and audio; interruption and EOT add `num_requests`. VAD, EOU
/// and avatar metrics are ignored. Cancelled requests count. Rows come out LLM first,
/// then TTS, STT, interruption, EOT, each in first-seen order.
///
/// One deliberate difference: the Node collector keys its maps by the string
/// `"${provider}:${model}"`, so `("a:b", "c")` and `("a", "b:c")` collide there; this
/// collector keys by the pair, as Python does.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UsageCollector {
    llm: Vec<LlmUsage>,
    tts: Vec<TtsUsage>,
    stt: Vec<SttUsage>,
    interruption: Vec<RequestUsage>,
    eot: Vec<RequestUsage>,
}

fn provider_model(metadata: Option<&MetricsMetadata>) -> (&str, &str) {
    match metadata {
        Some(m) => (
            m.model_provider.as_deref().unwrap_or(""),
            m.model_name.as_deref().unwrap_or(""),
        ),
        None => ("", ""),
    }
}

/// Saturating `+=` for counts: a hostile input can hold many huge counts, and a
/// wrapped or panicking sum is worse than a capped one.
fn add(total: &mut u64, n: u64) {
    *total = total.saturating_add(n);
}

/// The row for `(provider, model)` in `rows`, created (with `make`) if absent.
/// The most distinct (provider, model) rows of one kind a collector keeps; usage of
/// further models goes to one row `(OVERFLOW, OVERFLOW)`. Real sessions use a handful
/// of models: the cap only stops hostile input (a new model name per metric) from
/// growing memory and the per-metric row lookup without bound.
pub const MAX_USAGE_ROWS: usize = 256;

/// Provider and model of the overflow row (see [`MAX_USAGE_ROWS`]).
pub const OVERFLOW: &str = "(other models)";

fn row<'a, T>(
    rows: &'a mut Vec<T>,
    key: (&str, &str),
    get: impl Fn(&T) -> (&str, &str),
    make: impl FnOnce(String, String) -> T,
) -> &'a mut T {
    let key = match rows.iter().position(|r| get(r) == key) {
        Some(i) => return &mut rows[i],
        None if rows.len() >= MAX_USAGE_ROWS => (OVERFLOW, OVERFLOW),
        None => key,
    };
    let index = match rows.iter().position(|r| get(r) == key) {
        Some(i) => i,
        None => {
            rows.push(make(String::from(key.0), String::from(key.1)));
            rows.len() - 1
        }
    };
    &mut rows[index]
}

fn llm_row<'a>(rows: &'a mut Vec<LlmUsage>, key: (&str, &str)) -> &'a mut LlmUsage {
    row(
        rows,
        key,
        |r| (&r.provider, &r.model),
        |provider, model| LlmUsage {
            provider,
            model,
            ..Default::default()
        },
    )
}

fn request_row<'a>(rows: &'a mut Vec<RequestUsage>, key: (&str, &str)) -> &'a mut RequestUsage {
    row(
        rows,
        key,
        |r| (&r.provider, &r.model),
        |provider, model| RequestUsage {
            provider,
            model,
            total_requests: 0,
        },
    )
}

impl UsageCollector {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one metric's usage. Returns the kind of row it went to (`None` for metrics
    /// that carry no usage: VAD, EOU, avatar, unknown types).
    pub fn collect(&mut self, metric: &Metric) -> Option<UsageKind> {
        match metric {
            Metric::Llm(m) => {
                self.collect_llm(m);
                Some(UsageKind::Llm)
            }
            Metric::RealtimeModel(m) => {
                self.collect_realtime(m);
                Some(UsageKind::Llm)
            }
            Metric::Tts(m) => {
                self.collect_tts(m);
                Some(UsageKind::Tts)
            }
            Metric::Stt(m) => {
                let key = provider_model(m.metadata.as_ref());
                let u = row(
                    &mut self.stt,
                    key,
                    |r| (&r.provider, &r.model),
                    |provider, model| SttUsage {
                        provider,
                        model,
                        ..Default::default()
                    },
                );
                add(&mut u.input_tokens, m.input_tokens);
                add(&mut u.input_audio_tokens, m.input_audio_tokens);
                add(&mut u.output_tokens, m.output_tokens);
                u.audio_duration_ms += m.audio_duration_ms;
                Some(UsageKind::Stt)
            }
            Metric::Interruption(m) => {
                let key = provider_model(m.metadata.as_ref());
                add(
                    &mut request_row(&mut self.interruption, key).total_requests,
                    m.num_requests,
                );
                Some(UsageKind::Interruption)
            }
            Metric::EotInference(m) => {
                let key = provider_model(m.metadata.as_ref());
                add(
                    &mut request_row(&mut self.eot, key).total_requests,
                    m.num_requests,
                );
                Some(UsageKind::Eot)
            }
            Metric::Vad(_) | Metric::Eou(_) | Metric::Avatar(_) | Metric::Unknown(_) => None,
        }
    }

    /// Adds an LLM request.
    pub(crate) fn collect_llm(&mut self, m: &LlmMetrics) {
        let u = llm_row(&mut self.llm, provider_model(m.metadata.as_ref()));
        add(&mut u.input_tokens, m.prompt_tokens);
        add(&mut u.input_cached_tokens, m.prompt_cached_tokens);
        add(&mut u.input_cache_creation_tokens, m.cache_creation_tokens);
        add(&mut u.output_tokens, m.completion_tokens);
        add(&mut u.output_reasoning_tokens, m.reasoning_tokens);
    }

    /// Adds a realtime response (to the LLM rows).
    pub(crate) fn collect_realtime(&mut self, m: &RealtimeModelMetrics) {
        let u = llm_row(&mut self.llm, provider_model(m.metadata.as_ref()));
        let d = &m.input_token_details;
        let cached = d.cached_tokens_details.clone().unwrap_or_default();
        add(&mut u.input_tokens, m.input_tokens);
        add(&mut u.input_cached_tokens, d.cached_tokens);
        add(&mut u.input_text_tokens, d.text_tokens);
        add(&mut u.input_cached_text_tokens, cached.text_tokens);
        add(&mut u.input_image_tokens, d.image_tokens);
        add(&mut u.input_cached_image_tokens, cached.image_tokens);
        add(&mut u.input_audio_tokens, d.audio_tokens);
        add(&mut u.input_cached_audio_tokens, cached.audio_tokens);
        add(
            &mut u.output_text_tokens,
            m.output_token_details.text_tokens,
        );
        add(
            &mut u.output_audio_tokens,
            m.output_token_details.audio_tokens,
        );
        add(&mut u.output_tokens, m.output_tokens);
        u.session_duration_ms += m.session_duration_ms;
    }

    /// Adds a TTS request or segment.
    pub(crate) fn collect_tts(&mut self, m: &TtsMetrics) {
        let u = row(
            &mut self.tts,
            provider_model(m.metadata.as_ref()),
            |r| (&r.provider, &r.model),
            |provider, model| TtsUsage {
                provider,
                model,
                ..Default::default()
            },
        );
        add(&mut u.input_tokens, m.input_tokens);
        add(&mut u.output_tokens, m.output_tokens);
        add(&mut u.characters_count, m.characters_count);
        u.audio_duration_ms += m.audio_duration_ms;
    }

    /// Adds a whole usage row (to merge collectors).
    pub fn add_row(&mut self, usage: &ModelUsage) {
        let key = usage.key();
        match usage {
            ModelUsage::Llm(u) => {
                let r = llm_row(&mut self.llm, key);
                add(&mut r.input_tokens, u.input_tokens);
                add(&mut r.input_cached_tokens, u.input_cached_tokens);
                add(
                    &mut r.input_cache_creation_tokens,
                    u.input_cache_creation_tokens,
                );
                add(&mut r.input_audio_tokens, u.input_audio_tokens);
                add(
                    &mut r.input_cached_audio_tokens,
                    u.input_cached_audio_tokens,
                );
                add(&mut r.input_text_tokens, u.input_text_tokens);
                add(&mut r.input_cached_text_tokens, u.input_cached_text_tokens);
                add(&mut r.input_image_tokens, u.input_image_tokens);
                add(
                    &mut r.input_cached_image_tokens,
                    u.input_cached_image_tokens,
                );
                add(&mut r.output_tokens, u.output_tokens);
                add(&mut r.output_audio_tokens, u.output_audio_tokens);
                add(&mut r.output_text_tokens, u.output_text_tokens);
                add(&mut r.output_reasoning_tokens, u.output_reasoning_tokens);
                r.session_duration_ms += u.session_duration_ms;
            }
            ModelUsage::Tts(u) => {
                let r = row(
                    &mut self.tts,
                    key,
                    |r| (&r.provider, &r.model),
                    |provider, model| TtsUsage {
                        provider,
                        model,
                        ..Default::default()
                    },
                );
                add(&mut r.input_tokens, u.input_tokens);
                add(&mut r.output_tokens, u.output_tokens);
                add(&mut r.characters_count, u.characters_count);
                r.audio_duration_ms += u.audio_duration_ms;
            }
            ModelUsage::Stt(u) => {
                let r = row(
                    &mut self.stt,
                    key,
                    |r| (&r.provider, &r.model),
                    |provider, model| SttUsage {
                        provider,
                        model,
                        ..Default::default()
                    },
                );
                add(&mut r.input_tokens, u.input_tokens);
                add(&mut r.input_audio_tokens, u.input_audio_tokens);
                add(&mut r.output_tokens, u.output_tokens);
                r.audio_duration_ms += u.audio_duration_ms;
            }
            ModelUsage::Interruption(u) => {
                add(
                    &mut request_row(&mut self.interruption, key).total_requests,
                    u.total_requests,
                );
            }
            ModelUsage::Eot(u) => add(
                &mut request_row(&mut self.eot, key).total_requests,
                u.total_requests,
            ),
        }
    }

    /// Every row, in the SDKs' `flatten()` order.
    pub fn flatten(&self) -> Vec<ModelUsage> {
        let mut out = Vec::with_capacity(
            self.llm.len()
                + self.tts.len()
                + self.stt.len()
                + self.interruption.len()
                + self.eot.len(),
        );
        out.extend(self.llm.iter().cloned().map(ModelUsage::Llm));
        out.extend(self.tts.iter().cloned().map(ModelUsage::Tts));
        out.extend(self.stt.iter().cloned().map(ModelUsage::Stt));
        out.extend(
            self.interruption
                .iter()
                .cloned()
                .map(ModelUsage::Interruption),
        );
        out.extend(self.eot.iter().cloned().map(ModelUsage::Eot));
        out
    }

    /// Whether nothing has been collected.
    pub fn is_empty(&self) -> bool {
        self.llm.is_empty()
            && self.tts.is_empty()
            && self.stt.is_empty()
            && self.interruption.is_empty()
            && self.eot.is_empty()
    }
}
