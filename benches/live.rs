//! Live sessions, natively: per-event cost of parsing + normalizing one metrics event
//! and of `SessionMetrics::push` (turns and usage), over the corpus's event logs; and
//! the growth check: the per-event cost of `push` on a session of 1,000 and of 6,000
//! overlapping user turns (EOU delay 3 s, EOUs 2.5 s apart) should be the same.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use voice_agent_metrics::{
    normalize_json, normalize_metric, parse_json, Metric, NormalizeOptions, SessionMetrics,
    SessionOptions, Value,
};

mod common;

/// Node-dialect events of `turns` pipeline turns (EOU, LLM, TTS) whose user turns
/// overlap: EOU delay 3 s, EOUs 2.5 s apart, so each user stopped speaking before the
/// previous turn was committed. In emission order.
fn overlapping_turns(turns: usize) -> Vec<Metric> {
    let mut text = String::from("[");
    for k in 0..turns {
        let commit = 1_795_280_000_000u64 + 2_500 * k as u64;
        let sep = if k == 0 { "" } else { "," };
        text += &format!(
            r#"{sep}{{"type":"eou_metrics","timestamp":{commit},"endOfUtteranceDelayMs":3000,
             "transcriptionDelayMs":1500,"onUserTurnCompletedDelayMs":0,
             "lastSpeakingTimeMs":{},"speechId":"s{k}"}},
             {{"type":"tts_metrics","timestamp":{},"ttfbMs":200,"durationMs":300,
             "audioDurationMs":1500,"cancelled":false,"charactersCount":40,"streamed":true,
             "speechId":"s{k}"}},
             {{"type":"llm_metrics","timestamp":{},"durationMs":800,"ttftMs":300,
             "cancelled":false,"completionTokens":20,"promptTokens":900,"speechId":"s{k}"}}"#,
            commit - 3_000,
            commit + 700,
            commit + 810,
        );
    }
    text += "]";
    let report = normalize_json(text.as_bytes(), &NormalizeOptions::default()).expect("events");
    assert!(report.skipped.is_empty());
    report.records.into_iter().map(|r| r.metric).collect()
}

fn bench(c: &mut Criterion) {
    let mut corpus = common::corpus(common::wanted().min(100));
    corpus.extend(common::fixtures());
    let o = NormalizeOptions::default();
    // Each session's events, one JSON text per event (as a live feed delivers them).
    let events: Vec<Vec<Vec<u8>>> = corpus
        .iter()
        .filter_map(|s| match parse_json(&s.events).ok()? {
            Value::Array(items) => Some(
                items
                    .iter()
                    .map(|v| serde_json::to_vec(v).expect("JSON"))
                    .collect(),
            ),
            _ => None,
        })
        .collect();
    let n: usize = events.iter().map(Vec::len).sum();
    let metrics: Vec<Vec<Metric>> = corpus
        .iter()
        .filter_map(|s| normalize_json(&s.events, &o).ok())
        .map(|r| r.records.into_iter().map(|r| r.metric).collect())
        .collect();
    let n_metrics: usize = metrics.iter().map(Vec::len).sum();

    let mut g = c.benchmark_group("live");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("parse+normalize per event", |b| {
        b.iter(|| {
            for session in &events {
                for e in session {
                    let v = parse_json(e).expect("json");
                    black_box(normalize_metric(&v, &o).ok());
                }
            }
        })
    });
    g.throughput(Throughput::Elements(n_metrics as u64));
    g.bench_function("SessionMetrics::push per event", |b| {
        b.iter(|| {
            for session in &metrics {
                let mut s = SessionMetrics::new(SessionOptions::default());
                for m in session {
                    black_box(s.push(m));
                }
                black_box(s.flush());
            }
        })
    });
    g.bench_function("SessionMetrics::push_many", |b| {
        b.iter(|| {
            for session in &metrics {
                let mut s = SessionMetrics::new(SessionOptions::default());
                black_box(s.push_many(session));
                black_box(s.flush());
            }
        })
    });
    // The growth check: the same per-event cost at 1,000 and at 6,000 turns.
    for turns in [1_000, 6_000] {
        let session = overlapping_turns(turns);
        g.throughput(Throughput::Elements(session.len() as u64));
        g.bench_function(format!("push per event, {turns} overlapping turns"), |b| {
            b.iter(|| {
                let mut s = SessionMetrics::new(SessionOptions::default());
                for m in &session {
                    black_box(s.push(m));
                }
                black_box(s.flush());
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
