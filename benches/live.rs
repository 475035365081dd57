//! Live sessions, natively: per-event cost of parsing + normalizing one metrics event
//! and of `SessionMetrics::push` (turns and usage), over the corpus's event logs.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use voice_agent_metrics::{
    normalize_json, normalize_metric, parse_json, Metric, NormalizeOptions, SessionMetrics,
    SessionOptions, Value,
};

mod common;

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
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
