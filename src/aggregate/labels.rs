//! Label keys: which dimensions an aggregator groups by, and the well-known ones.

use super::error::AggregateError;
use crate::usage::{ModelUsage, Usage};
use alloc::string::String;
use alloc::vec::Vec;

/// The most label keys an aggregator can group by.
pub const MAX_LABEL_KEYS: usize = 8;

/// Longest label key, bytes.
const MAX_KEY_LEN: usize = 64;

/// The agent's name (`lk.agent_name`, the worker's `agent_name`).
pub const AGENT_NAME: &str = "agent_name";
/// The deployment (environment, region, `lk.deployment_id`...).
pub const DEPLOYMENT: &str = "deployment";
/// The LLM (or realtime model) provider: `metadata.model_provider`.
pub const LLM_PROVIDER: &str = "llm_provider";
/// The LLM (or realtime model) name: `metadata.model_name`.
pub const LLM_MODEL: &str = "llm_model";
/// The TTS provider.
pub const TTS_PROVIDER: &str = "tts_provider";
/// The TTS model.
pub const TTS_MODEL: &str = "tts_model";
/// The STT provider.
pub const STT_PROVIDER: &str = "stt_provider";
/// The STT model.
pub const STT_MODEL: &str = "stt_model";

/// Label names the exports use themselves (after sanitizing), so user keys cannot.
const RESERVED: [&str; 8] = [
    "le",
    "quantile",
    "model_name",
    "model_provider",
    "connection_reused",
    "usage_kind",
    "currency",
    "otel_metric_overflow",
];

/// One label of a series: the key the aggregator groups by and this series' value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Label {
    /// The label key, as given to the aggregator (`agent_name`).
    pub key: String,
    /// The value (`""` when the session did not say).
    pub value: String,
}

/// A label key as a Prometheus label name: every character outside `[A-Za-z0-9_]`
/// becomes `_`, and a leading digit gets a `_` prefix (`lk.agent_name` →
/// `lk_agent_name`, `2nd` → `_2nd`).
pub fn prometheus_label_name(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 1);
    if key.starts_with(|c: char| c.is_ascii_digit()) {
        out.push('_');
    }
    out.extend(key.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '_'
        }
    }));
    out
}

/// Validates label keys: at most [`MAX_LABEL_KEYS`], each 1–64 bytes, not reserved,
/// distinct even once sanitized for Prometheus.
pub(crate) fn check_keys(keys: &[String]) -> Result<(), AggregateError> {
    let fail = |reason| Err(AggregateError::InvalidLabels { reason });
    if keys.len() > MAX_LABEL_KEYS {
        return fail("at most 8 label keys; group by fewer dimensions");
    }
    let mut names: Vec<String> = Vec::with_capacity(keys.len());
    for key in keys {
        if key.is_empty() || key.len() > MAX_KEY_LEN {
            return fail("a label key is empty or longer than 64 bytes");
        }
        let name = prometheus_label_name(key);
        if name.starts_with("__") {
            return fail("label keys starting with `__` are reserved by Prometheus");
        }
        if RESERVED.contains(&name.as_str()) {
            return fail("le, quantile, model_name, model_provider, connection_reused, usage_kind, currency and otel_metric_overflow are set by the exports; pick another key (llm_model, tts_provider, ...)");
        }
        if names.contains(&name) {
            return fail(
                "two label keys are the same once sanitized for Prometheus (`a.b` and `a_b`)",
            );
        }
        names.push(name);
    }
    Ok(())
}

/// The model labels of a session from its usage: [`LLM_PROVIDER`]/[`LLM_MODEL`],
/// [`TTS_PROVIDER`]/[`TTS_MODEL`] and [`STT_PROVIDER`]/[`STT_MODEL`] from the first
/// LLM, TTS and STT row (the SDK collector's first-seen order). Kinds without a row
/// are left out. Pass them (with your own, e.g. [`AGENT_NAME`]) to
/// [`crate::LatencyAggregator::add_turns`].
///
/// ```
/// use voice_agent_metrics::aggregate::{usage_labels, LLM_MODEL};
/// use voice_agent_metrics::Usage;
/// assert!(usage_labels(&Usage::default()).is_empty());
/// # let _ = LLM_MODEL;
/// ```
pub fn usage_labels(usage: &Usage) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut first = |pick: fn(&ModelUsage) -> bool, provider: &'static str, model: &'static str| {
        if let Some(row) = usage.models.iter().find(|r| pick(r)) {
            let (p, m) = row.key();
            out.push((provider, String::from(p)));
            out.push((model, String::from(m)));
        }
    };
    first(|r| matches!(r, ModelUsage::Llm(_)), LLM_PROVIDER, LLM_MODEL);
    first(|r| matches!(r, ModelUsage::Tts(_)), TTS_PROVIDER, TTS_MODEL);
    first(|r| matches!(r, ModelUsage::Stt(_)), STT_PROVIDER, STT_MODEL);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn keys(ks: &[&str]) -> Vec<String> {
        ks.iter().map(|k| String::from(*k)).collect()
    }

    #[test]
    fn sanitizes_prometheus_label_names() {
        assert_eq!(prometheus_label_name("lk.agent_name"), "lk_agent_name");
        assert_eq!(prometheus_label_name("2nd-try"), "_2nd_try");
        assert_eq!(prometheus_label_name("réseau"), "r_seau");
    }

    #[test]
    fn rejects_bad_keys() {
        for bad in [
            vec![""],
            vec!["a.b", "a_b"],
            vec!["le"],
            vec!["model.name"],
            vec!["__name__"],
            vec!["a", "b", "c", "d", "e", "f", "g", "h", "i"],
        ] {
            let e = check_keys(&keys(&bad)).unwrap_err();
            assert_eq!(e.code(), crate::ErrorCode::InvalidLabels, "{bad:?}");
        }
        assert!(check_keys(&keys(&[AGENT_NAME, LLM_MODEL, "lk.deployment_id"])).is_ok());
        assert!(check_keys(&[]).is_ok());
    }
}
