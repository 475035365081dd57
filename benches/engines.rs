//! The engines, natively, on the corpus's metrics event logs and reports: the event
//! normalizer (JSON → canonical metrics), per-turn latency, usage, and the
//! cross-session aggregator (10,000 session analyses into sketches, and merging 10,000
//! per-session aggregators, as a fleet of workers would).
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use voice_agent_metrics::{
    analyze_session_report_json, compute_turn_latency, compute_usage, normalize_json, summarize,
    LatencyAggregator, Metric, NormalizeOptions, ReportOptions, SessionOptions,
};

mod common;

fn bench(c: &mut Criterion) {
    let mut corpus = common::corpus(common::wanted());
    corpus.extend(common::fixtures());
    let o = NormalizeOptions::default();

    let mut g = c.benchmark_group("engines");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(common::event_bytes(&corpus)));
    g.bench_function("normalize_json (event logs)", |b| {
        b.iter(|| {
            for s in &corpus {
                black_box(normalize_json(&s.events, &o).ok());
            }
        })
    });
    let sessions: Vec<Vec<Metric>> = corpus
        .iter()
        .filter_map(|s| normalize_json(&s.events, &o).ok())
        .map(|r| r.records.into_iter().map(|r| r.metric).collect())
        .collect();
    let n: usize = sessions.iter().map(Vec::len).sum();
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("compute_turn_latency + summarize", |b| {
        b.iter(|| {
            for m in &sessions {
                black_box(summarize(&compute_turn_latency(m)));
            }
        })
    });
    g.bench_function("compute_usage", |b| {
        b.iter(|| {
            for m in &sessions {
                black_box(compute_usage(m, SessionOptions::default()));
            }
        })
    });

    // Cross-session: 10,000 analyses (the corpus's, cycled) under 4 agent labels.
    let analyses: Vec<_> = corpus
        .iter()
        .filter_map(|s| analyze_session_report_json(&s.report, &ReportOptions::default()).ok())
        .collect();
    let n = if common::measuring() { 10_000 } else { 100 };
    let agents = ["support", "booking", "sales", "triage"];
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("aggregate 10k analyses → quantiles", |b| {
        b.iter(|| {
            let mut agg = LatencyAggregator::new(&["agent_name"]).unwrap();
            for i in 0..n {
                let labels = [("agent_name", agents[i % agents.len()])];
                agg.add_analysis(&analyses[i % analyses.len()], &labels)
                    .unwrap();
            }
            black_box(agg.quantiles(&[0.5, 0.95, 0.99]).unwrap())
        })
    });
    let parts: Vec<LatencyAggregator> = (0..n)
        .map(|i| {
            let mut agg = LatencyAggregator::new(&["agent_name"]).unwrap();
            let labels = [("agent_name", agents[i % agents.len()])];
            agg.add_analysis(&analyses[i % analyses.len()], &labels)
                .unwrap();
            agg
        })
        .collect();
    g.bench_function("merge 10k per-session aggregators → quantiles", |b| {
        b.iter(|| {
            let mut agg = LatencyAggregator::new(&["agent_name"]).unwrap();
            for p in &parts {
                agg.merge(p).unwrap();
            }
            black_box(agg.quantiles(&[0.5, 0.95, 0.99]).unwrap())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
