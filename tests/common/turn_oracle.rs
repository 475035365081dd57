//! An independent reading of a fixture's raw `metrics_events.json` (serde_json only,
//! no crate code): what each turn's numbers must be, straight from the SDKs' fields.
//!
//! It is deliberately naive: events in emission order, the first LLM and the first TTS
//! event of a `speech_id` (in these captures the first LLM step is the spoken one; the
//! tool-call test checks that), `speech_id`s of LLM events that no EOU names are the
//! discarded preemptive generations, and every realtime event is a turn of its own.
#![allow(dead_code)]

use serde_json::Value;

/// Expected numbers of one turn, in ms (epoch ms for `started_at_ms`).
#[derive(Debug, Clone, PartialEq)]
pub struct Expected {
    pub speech_id: Option<String>,
    /// "user", "speculative" (what the fixture's meta.json scripts).
    pub kind: &'static str,
    pub started_at_ms: f64,
    pub eou_delay_ms: Option<f64>,
    pub transcription_delay_ms: Option<f64>,
    pub on_user_turn_completed_delay_ms: Option<f64>,
    pub llm_ttft_ms: Option<f64>,
    pub tts_ttfb_ms: Option<f64>,
    pub formula_latency_ms: Option<f64>,
    pub llm_steps: u32,
    pub llm_duration_ms: Option<f64>,
    pub tts_segments: u32,
    pub cancelled: bool,
    pub realtime: bool,
}

/// A dialect's field names and the factor to ms.
struct Dialect {
    scale: f64,
    python: bool,
}

impl Dialect {
    fn key<'a>(&self, py: &'a str, node: &'a str) -> &'a str {
        if self.python {
            py
        } else {
            node
        }
    }

    /// A duration field in ms, `None` for the -1 sentinel.
    fn ms(&self, m: &Value, py: &str, node: &str) -> Option<f64> {
        let v = m[self.key(py, node)].as_f64()?;
        (v != -1.0).then_some(v * self.scale)
    }

    fn speech_id(&self, m: &Value) -> Option<String> {
        m[self.key("speech_id", "speechId")]
            .as_str()
            .map(String::from)
    }
}

fn metrics_of(events: &Value) -> Vec<&Value> {
    events
        .as_array()
        .expect("an array of events")
        .iter()
        .map(|e| &e["metrics"])
        .collect()
}

fn of_type<'a>(ms: &[&'a Value], t: &str) -> Vec<&'a Value> {
    ms.iter().copied().filter(|m| m["type"] == t).collect()
}

/// The expected turns of a fixture, sorted by start.
pub fn expected_turns(events: &Value, python: bool) -> Vec<Expected> {
    let d = Dialect {
        scale: if python { 1000.0 } else { 1.0 },
        python,
    };
    let ms = metrics_of(events);
    let (eous, llms, ttss) = (
        of_type(&ms, "eou_metrics"),
        of_type(&ms, "llm_metrics"),
        of_type(&ms, "tts_metrics"),
    );
    let mut out = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for m in eous.iter().chain(llms.iter()).chain(ttss.iter()) {
        if let Some(id) = d.speech_id(m) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    for id in ids {
        let mine = |list: &[&Value]| -> Vec<Value> {
            list.iter()
                .filter(|m| d.speech_id(m).as_deref() == Some(id.as_str()))
                .map(|m| (*m).clone())
                .collect()
        };
        let (eou, llm, tts) = (mine(&eous), mine(&llms), mine(&ttss));
        out.push(turn_of(&d, &id, eou.first(), &llm, &tts));
    }
    for r in of_type(&ms, "realtime_model_metrics") {
        out.push(realtime_turn(&d, r));
    }
    out.sort_by(|a, b| a.started_at_ms.total_cmp(&b.started_at_ms));
    out
}

fn turn_of(d: &Dialect, id: &str, eou: Option<&Value>, llm: &[Value], tts: &[Value]) -> Expected {
    let eou_delay = eou.and_then(|e| d.ms(e, "end_of_utterance_delay", "endOfUtteranceDelayMs"));
    let otucd = eou.and_then(|e| {
        d.ms(
            e,
            "on_user_turn_completed_delay",
            "onUserTurnCompletedDelayMs",
        )
    });
    let ttft = llm.first().and_then(|m| d.ms(m, "ttft", "ttftMs"));
    let ttfb = tts.first().and_then(|m| d.ms(m, "ttfb", "ttfbMs"));
    let started_at_ms = match eou {
        // Node: the SDK's own end-of-speech anchor.
        Some(e) if !d.python => e["lastSpeakingTimeMs"].as_f64().unwrap(),
        // Python: emission time minus what ran since the end of speech.
        Some(e) => {
            let ts = e["timestamp"].as_f64().unwrap();
            let delay = e["end_of_utterance_delay"].as_f64().unwrap();
            let hook = e["on_user_turn_completed_delay"].as_f64().unwrap();
            (ts - delay - hook) * 1000.0
        }
        // No EOU: the earliest LLM/TTS start.
        None => llm
            .iter()
            .chain(tts)
            .map(|m| {
                m["timestamp"].as_f64().unwrap() * d.scale
                    - d.ms(m, "duration", "durationMs").unwrap()
            })
            .fold(f64::INFINITY, f64::min),
    };
    let user = eou.is_some();
    let total = match (user, eou_delay, ttft, ttfb) {
        (true, Some(a), Some(b), Some(c)) => Some(a + b + c),
        _ => None,
    };
    let cancelled = llm.iter().chain(tts).any(|m| m["cancelled"] == true);
    let llm_duration_ms = (!llm.is_empty()).then(|| {
        llm.iter()
            .map(|m| d.ms(m, "duration", "durationMs").unwrap())
            .sum()
    });
    Expected {
        speech_id: Some(String::from(id)),
        kind: if user { "user" } else { "speculative" },
        started_at_ms,
        eou_delay_ms: eou_delay,
        transcription_delay_ms: eou
            .and_then(|e| d.ms(e, "transcription_delay", "transcriptionDelayMs")),
        on_user_turn_completed_delay_ms: otucd,
        llm_ttft_ms: ttft,
        tts_ttfb_ms: ttfb,
        formula_latency_ms: total,
        llm_steps: llm.len() as u32,
        llm_duration_ms,
        tts_segments: tts.len() as u32,
        // A discarded generation is cancelled by definition, whatever its requests say.
        cancelled: cancelled || !user,
        realtime: false,
    }
}

fn realtime_turn(d: &Dialect, r: &Value) -> Expected {
    Expected {
        speech_id: None,
        kind: "user",
        started_at_ms: r["timestamp"].as_f64().unwrap() * d.scale,
        eou_delay_ms: None,
        transcription_delay_ms: None,
        on_user_turn_completed_delay_ms: None,
        llm_ttft_ms: d.ms(r, "ttft", "ttftMs"),
        tts_ttfb_ms: None,
        formula_latency_ms: None,
        llm_steps: 1,
        llm_duration_ms: d.ms(r, "duration", "durationMs"),
        tts_segments: 0,
        cancelled: r["cancelled"] == true,
        realtime: true,
    }
}
