//! Duplicate-delivery protection.
//!
//! LiveKit can deliver the same `metrics_collected` payload twice (after agent
//! handoffs and inside `AgentTask`: livekit/agents#3166, #2097); summing both doubles
//! the bill. Two genuine metrics are never identical (they differ at least in their
//! microsecond timestamp or request id), so an identical payload is a duplicate.

use crate::metric::Metric;
use crate::value::Value;
use alloc::collections::{BTreeSet, VecDeque};
use core::hash::{Hash, Hasher};

/// Remembers the fingerprints of the last `window` metrics and recognises repeats.
///
/// Memory is bounded: duplicates arrive right after the original, so only a window
/// of recent fingerprints (default 4096) is kept.
#[derive(Debug, Clone)]
pub struct Deduper {
    seen: BTreeSet<u64>,
    order: VecDeque<u64>,
    window: usize,
    dropped: u64,
}

impl Default for Deduper {
    fn default() -> Self {
        Self::with_window(4096)
    }
}

impl Deduper {
    /// A deduper remembering the last `window` distinct metrics (at least 1).
    pub fn with_window(window: usize) -> Self {
        Deduper {
            seen: BTreeSet::new(),
            order: VecDeque::new(),
            window: window.max(1),
            dropped: 0,
        }
    }

    /// `true` if `metric` is new (and remembers it); `false` for a duplicate (counted).
    pub fn admit(&mut self, metric: &Metric) -> bool {
        let fp = fingerprint(metric);
        if !self.seen.insert(fp) {
            self.dropped += 1;
            return false;
        }
        self.order.push_back(fp);
        if self.order.len() > self.window {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        true
    }

    /// How many duplicates were recognised so far.
    pub fn duplicates_dropped(&self) -> u64 {
        self.dropped
    }
}

/// FNV-1a-style, 64-bit, word at a time: small, deterministic across platforms (wasm
/// and native agree).
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // FNV-1a over 8-byte words (then the tail bytes): the same quality for a
        // duplicate filter, a fraction of the per-byte multiplications.
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.mix(u64::from_le_bytes(b));
        }
        for b in words.remainder() {
            self.mix(u64::from(*b));
        }
    }
    fn write_u8(&mut self, x: u8) {
        self.mix(u64::from(x));
    }
    fn write_u64(&mut self, x: u64) {
        self.mix(x);
    }
    fn write_usize(&mut self, x: usize) {
        self.mix(x as u64);
    }
}

impl Fnv {
    fn mix(&mut self, x: u64) {
        self.0 = (self.0 ^ x).wrapping_mul(0x0100_0000_01b3);
    }
}

fn f(h: &mut Fnv, x: f64) {
    x.to_bits().hash(h);
}

fn opt(h: &mut Fnv, x: Option<f64>) {
    x.map(f64::to_bits).hash(h);
}

/// Hashes a JSON tree structurally (type tags, keys, number bits).
fn hash_value(h: &mut Fnv, v: &Value) {
    match v {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Number(n) => (2u8, n.to_bits()).hash(h),
        Value::String(s) => (3u8, s).hash(h),
        Value::Array(items) => {
            (4u8, items.len()).hash(h);
            items.iter().for_each(|i| hash_value(h, i));
        }
        Value::Object(pairs) => {
            (5u8, pairs.len()).hash(h);
            for (k, v) in pairs {
                k.hash(h);
                hash_value(h, v);
            }
        }
    }
}

/// A 64-bit fingerprint of everything that identifies a metrics payload.
pub(crate) fn fingerprint(metric: &Metric) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    metric.type_name().hash(&mut h);
    opt(&mut h, metric.timestamp_ms());
    metric.speech_id().hash(&mut h);
    if let Some(m) = metric.metadata() {
        m.model_provider.hash(&mut h);
        m.model_name.hash(&mut h);
    }
    match metric {
        Metric::Llm(m) => {
            (&m.label, &m.request_id, m.cancelled).hash(&mut h);
            f(&mut h, m.duration_ms);
            opt(&mut h, m.ttft_ms);
            (
                m.prompt_tokens,
                m.prompt_cached_tokens,
                m.completion_tokens,
                m.total_tokens,
            )
                .hash(&mut h);
        }
        Metric::Stt(m) => {
            (&m.label, &m.request_id, m.input_tokens, m.output_tokens).hash(&mut h);
            f(&mut h, m.duration_ms);
            f(&mut h, m.audio_duration_ms);
        }
        Metric::Tts(m) => {
            (&m.label, &m.request_id, &m.segment_id, m.characters_count).hash(&mut h);
            opt(&mut h, m.ttfb_ms);
            f(&mut h, m.duration_ms);
            f(&mut h, m.audio_duration_ms);
        }
        Metric::Vad(m) => {
            (&m.label, m.inference_count).hash(&mut h);
            f(&mut h, m.idle_time_ms);
            f(&mut h, m.inference_duration_total_ms);
        }
        Metric::Eou(m) => {
            opt(&mut h, m.end_of_utterance_delay_ms);
            opt(&mut h, m.transcription_delay_ms);
            opt(&mut h, m.on_user_turn_completed_delay_ms);
        }
        Metric::EotInference(m) => {
            m.num_requests.hash(&mut h);
            f(&mut h, m.total_duration_ms);
            f(&mut h, m.detection_delay_ms);
        }
        Metric::RealtimeModel(m) => {
            (&m.label, &m.request_id, m.input_tokens, m.output_tokens).hash(&mut h);
            f(&mut h, m.duration_ms);
            f(&mut h, m.session_duration_ms);
            opt(&mut h, m.ttft_ms);
        }
        Metric::Interruption(m) => {
            (m.num_requests, m.num_interruptions, m.num_backchannels).hash(&mut h);
            f(&mut h, m.total_duration_ms);
            f(&mut h, m.detection_delay_ms);
        }
        Metric::Avatar(m) => {
            opt(&mut h, m.playback_latency_ms);
            opt(&mut h, m.session_started_at_ms);
            opt(&mut h, m.avatar_joined_at_ms);
        }
        Metric::Unknown(u) => hash_value(&mut h, &u.raw),
    }
    h.finish()
}
