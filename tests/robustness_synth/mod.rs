//! A synthetic but realistic live session, metric by metric, for the robustness and
//! property tests: pipeline turns, tool calls, discarded preemptive generations,
//! `say()`, interruptions, realtime replies (client- and server-side turn detection),
//! and session-level STT/VAD, in emission order. Every duration is a whole number of
//! ms, so usage sums are exact in any order.
#![allow(dead_code)]

use voice_agent_metrics::metric::{
    EouMetrics, LlmMetrics, MetricsMetadata, RealtimeModelMetrics, SttMetrics, TtsMetrics,
    VadMetrics,
};
use voice_agent_metrics::Metric;

/// xorshift64*: small, seeded, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `lo..hi` (whole numbers).
    pub fn range(&mut self, lo: u64, hi: u64) -> f64 {
        (lo + self.next() % (hi - lo)) as f64
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn meta(provider: &str, model: &str) -> Option<MetricsMetadata> {
    Some(MetricsMetadata {
        model_provider: Some(provider.into()),
        model_name: Some(model.into()),
    })
}

fn eou(id: &str, end_ms: f64, delay: f64) -> Metric {
    Metric::Eou(EouMetrics {
        timestamp_ms: end_ms + delay,
        end_of_utterance_delay_ms: Some(delay),
        transcription_delay_ms: Some(delay - 100.0),
        on_user_turn_completed_delay_ms: Some(0.0),
        last_speaking_time_ms: Some(end_ms),
        speech_id: Some(id.into()),
        ..EouMetrics::default()
    })
}

fn llm(id: Option<&str>, start: f64, dur: f64, ttft: f64, cancelled: bool, n: u64) -> Metric {
    Metric::Llm(LlmMetrics {
        request_id: format!("req_{n}"),
        timestamp_ms: start + dur,
        duration_ms: dur,
        ttft_ms: Some(ttft),
        cancelled,
        prompt_tokens: 900 + n % 100,
        completion_tokens: 20,
        total_tokens: 920 + n % 100,
        speech_id: id.map(String::from),
        metadata: meta("openai", "gpt-4o-mini"),
        ..Default::default()
    })
}

fn tts(id: &str, start: f64, ttfb: f64, audio: f64, n: u64) -> Metric {
    Metric::Tts(TtsMetrics {
        request_id: format!("tts_{n}"),
        timestamp_ms: start + 300.0,
        duration_ms: 300.0,
        ttfb_ms: Some(ttfb),
        audio_duration_ms: audio,
        characters_count: 40,
        streamed: true,
        speech_id: Some(id.into()),
        metadata: meta("cartesia", "sonic-2"),
        ..Default::default()
    })
}

fn realtime(request: &str, at: f64, ttft: f64) -> Metric {
    Metric::RealtimeModel(RealtimeModelMetrics {
        request_id: request.into(),
        timestamp_ms: at,
        duration_ms: 900.0,
        session_duration_ms: 1000.0,
        ttft_ms: Some(ttft),
        input_tokens: 300,
        output_tokens: 120,
        total_tokens: 420,
        metadata: meta("openai", "gpt-realtime"),
        ..Default::default()
    })
}

fn stt(at: f64, n: u64) -> Metric {
    Metric::Stt(SttMetrics {
        request_id: format!("stt_{n}"),
        timestamp_ms: at,
        audio_duration_ms: 3000.0,
        streamed: true,
        metadata: meta("deepgram", "nova-3"),
        ..Default::default()
    })
}

fn vad(at: f64) -> Metric {
    Metric::Vad(VadMetrics {
        timestamp_ms: at,
        idle_time_ms: 1000.0,
        inference_duration_total_ms: 12.0,
        inference_count: 32,
        ..Default::default()
    })
}

/// An endless session: `next_turn` returns the metrics of the next turn (and the
/// session-level metrics around it) in emission order.
pub struct Session {
    rng: Rng,
    turn: u64,
    now_ms: f64,
    /// Percent chance of emitting two neighbouring metrics out of order.
    pub reorder_percent: u64,
    /// How many turns were `say()` turns (agent-initiated, not user turns).
    pub says: usize,
    /// When set, each user stops speaking this many ms (a range) after the previous
    /// one did, instead of a few seconds after the previous turn: with less than the
    /// EOU delay (300–900 ms), the user turns overlap (each user stopped speaking
    /// before the previous turn was committed).
    pub spacing_ms: Option<(u64, u64)>,
    last_end_ms: f64,
}

impl Session {
    pub fn new(seed: u64) -> Self {
        Session {
            rng: Rng::new(seed),
            turn: 0,
            now_ms: 1_795_280_000_000.0,
            reorder_percent: 0,
            says: 0,
            spacing_ms: None,
            last_end_ms: f64::NAN,
        }
    }

    /// The metrics of the next turn, in emission order.
    pub fn next_turn(&mut self) -> Vec<Metric> {
        let k = self.turn;
        self.turn += 1;
        let says = &mut self.says;
        let r = &mut self.rng;
        // The user stops speaking.
        let end = match self.spacing_ms {
            Some((lo, hi)) if k > 0 => self.last_end_ms + r.range(lo, hi),
            _ => self.now_ms + r.range(2_000, 9_000),
        };
        self.last_end_ms = end;
        let id = format!("s{k}");
        let mut out: Vec<(f64, Metric)> = Vec::new();
        let mut emit = |m: Metric| {
            let at = match &m {
                Metric::Eou(e) => e.timestamp_ms,
                Metric::Llm(l) => l.timestamp_ms,
                Metric::Tts(t) => t.timestamp_ms,
                Metric::RealtimeModel(x) => x.timestamp_ms,
                Metric::Stt(s) => s.timestamp_ms,
                Metric::Vad(v) => v.timestamp_ms,
                _ => 0.0,
            };
            out.push((at, m));
        };
        emit(vad(self.now_ms + 1_000.0));
        emit(stt(end + 50.0, k));
        let delay = r.range(300, 900);
        let commit = end + delay;
        match r.next() % 100 {
            // A discarded preemptive generation, then a normal reply.
            0..=7 => {
                let pre = format!("pre{k}");
                emit(llm(Some(&pre), end - 1_500.0, 600.0, 250.0, false, 2 * k));
                emit(eou(&id, end, delay));
                emit(llm(
                    Some(&id),
                    commit + 10.0,
                    800.0,
                    r.range(200, 600),
                    false,
                    2 * k + 1,
                ));
                emit(tts(&id, commit + 400.0, r.range(100, 300), 2_000.0, 2 * k));
            }
            // say(): TTS only, then nothing from the user this turn.
            8..=14 => {
                *says += 1;
                emit(tts(
                    &format!("say{k}"),
                    end,
                    r.range(100, 300),
                    1_500.0,
                    2 * k,
                ));
            }
            // Interrupted while thinking: EOU and a cancelled LLM, no TTS.
            15..=19 => {
                emit(eou(&id, end, delay));
                emit(llm(Some(&id), commit + 10.0, 300.0, 200.0, true, 2 * k));
            }
            // Realtime, client-side turn detection: the response joins the EOU.
            20..=24 => {
                emit(eou(&id, end, delay));
                emit(realtime(
                    &format!("resp_{k}"),
                    commit + 20.0,
                    r.range(300, 700),
                ));
            }
            // Realtime, server-side turn detection: a response on its own.
            25..=29 => {
                emit(realtime(
                    &format!("resp_{k}"),
                    end + 200.0,
                    r.range(300, 700),
                ));
            }
            // A tool call: a spoken filler step, the tool, a second step.
            30..=39 => {
                emit(eou(&id, end, delay));
                emit(llm(
                    Some(&id),
                    commit + 10.0,
                    700.0,
                    r.range(200, 600),
                    false,
                    2 * k,
                ));
                emit(tts(&id, commit + 500.0, r.range(100, 300), 1_200.0, 2 * k));
                emit(llm(
                    Some(&id),
                    commit + 2_500.0,
                    600.0,
                    250.0,
                    false,
                    2 * k + 1,
                ));
                emit(tts(
                    &id,
                    commit + 3_000.0,
                    r.range(100, 300),
                    2_400.0,
                    2 * k + 1,
                ));
            }
            // A plain pipeline turn, sometimes with a second TTS segment.
            _ => {
                emit(eou(&id, end, delay));
                emit(llm(
                    Some(&id),
                    commit + 10.0,
                    800.0,
                    r.range(200, 600),
                    false,
                    2 * k,
                ));
                emit(tts(&id, commit + 500.0, r.range(100, 300), 2_000.0, 2 * k));
                if r.chance(30) {
                    emit(tts(
                        &id,
                        commit + 2_600.0,
                        r.range(100, 300),
                        1_800.0,
                        2 * k + 1,
                    ));
                }
            }
        }
        emit(vad(end + 4_000.0));
        self.now_ms = end + r.range(4_000, 12_000);
        out.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut metrics: Vec<Metric> = out.into_iter().map(|(_, m)| m).collect();
        for i in 1..metrics.len() {
            if self.rng.chance(self.reorder_percent) {
                metrics.swap(i - 1, i);
            }
        }
        metrics
    }

    /// The metrics of the next `turns` turns.
    pub fn take_turns(&mut self, turns: usize) -> Vec<Metric> {
        (0..turns).flat_map(|_| self.next_turn()).collect()
    }
}
