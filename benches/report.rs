//! Session reports, natively: JSON → `Value` (parse only), `Value` → analysis (engine
//! only), and JSON → analysis (what `examples/analyze.rs` does per file), on one core
//! and split over 2 threads. Throughput is report bytes per second.
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use voice_agent_metrics::{
    analyze_session_report, analyze_session_report_json, parse_json, ReportOptions,
};

mod common;

fn analyze_all(reports: &[&[u8]]) -> usize {
    let o = ReportOptions::default();
    reports
        .iter()
        .map(|r| analyze_session_report_json(r, &o).map_or(0, |a| a.turns.len()))
        .sum()
}

/// `VAM_PROFILE=parse|parsed|json cargo bench --bench report`: run one workload once
/// over the corpus and exit, for `valgrind --tool=callgrind` (instruction counts do not
/// depend on what else the machine is doing; wall times on a shared 2-core box do).
fn profile(what: &str, reports: &[&[u8]]) {
    let o = ReportOptions::default();
    let n: usize = match what {
        "parse" => reports.iter().filter(|r| parse_json(r).is_ok()).count(),
        "parsed" => {
            let values: Vec<_> = reports.iter().filter_map(|r| parse_json(r).ok()).collect();
            values
                .iter()
                .filter(|v| analyze_session_report(v, &o).is_ok())
                .count()
        }
        "json" => analyze_all(reports),
        _ => 0,
    };
    let bytes: usize = reports.iter().map(|r| r.len()).sum();
    eprintln!("profile {what}: {n} over {bytes} bytes");
}

fn bench(c: &mut Criterion) {
    let mut corpus = common::corpus(common::wanted());
    corpus.extend(common::fixtures());
    let reports: Vec<&[u8]> = corpus.iter().map(|s| s.report.as_slice()).collect();
    let bytes = common::report_bytes(&corpus);
    let o = ReportOptions::default();
    if let Ok(what) = std::env::var("VAM_PROFILE") {
        return profile(&what, &reports);
    }

    let mut g = c.benchmark_group("report");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    g.bench_function("parse_json", |b| {
        b.iter(|| {
            for r in &reports {
                black_box(parse_json(r).ok());
            }
        })
    });
    let values: Vec<_> = reports.iter().filter_map(|r| parse_json(r).ok()).collect();
    g.bench_function("analyze_parsed", |b| {
        b.iter(|| {
            for v in &values {
                black_box(analyze_session_report(v, &o).ok());
            }
        })
    });
    for threads in [1usize, 2] {
        g.bench_with_input(
            BenchmarkId::new("analyze_json", format!("{threads}-thread")),
            &threads,
            |b, &threads| {
                b.iter(|| {
                    if threads == 1 {
                        return black_box(analyze_all(&reports));
                    }
                    // Files dealt round-robin, as a CLI over a directory would.
                    let shards: Vec<Vec<&[u8]>> = (0..threads)
                        .map(|t| reports.iter().skip(t).step_by(threads).copied().collect())
                        .collect();
                    std::thread::scope(|s| {
                        let hs: Vec<_> = shards
                            .iter()
                            .map(|shard| s.spawn(move || analyze_all(shard)))
                            .collect();
                        black_box(hs.into_iter().map(|h| h.join().unwrap()).sum::<usize>())
                    })
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
