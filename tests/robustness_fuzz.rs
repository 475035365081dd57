//! Replays the fuzzing regressions (`tests/fuzz_regressions/<target>/*`: inputs that
//! once crashed or misbehaved under `scripts/fuzz.sh`) through the same checks as the
//! fuzz targets in `fuzz/fuzz_targets/`, and writes the aggregator seed corpora.

mod aggregate_fixtures;

use std::path::PathBuf;
use voice_agent_metrics::export::{OtlpHistogram, OtlpOptions};
use voice_agent_metrics::{
    analyze_session_report_json, compute_turn_latency, normalize_batch, normalize_json, parse_json,
    ChatTurnBuilder, Dialect, LatencyAggregator, Metric, NormalizeOptions, OnInvalid, PriceTable,
    ReportOptions, SessionMetrics, SessionOptions, TurnTracker, Value,
};

fn skip() -> NormalizeOptions {
    NormalizeOptions {
        dialect: None,
        on_invalid: OnInvalid::Skip,
        ..Default::default()
    }
}

/// What each fuzz target checks, on one input.
fn check(target: &str, data: &[u8]) {
    match target {
        "normalize_json" => {
            let _ = normalize_json(data, &NormalizeOptions::default());
            let _ = normalize_json(data, &skip());
        }
        "normalize_dialects" => {
            if let (Some((&pick, rest)), Ok(v)) =
                (data.split_first(), parse_json(&data[1.min(data.len())..]))
            {
                let _ = rest;
                let dialect = [
                    None,
                    Some(Dialect::Python),
                    Some(Dialect::Node),
                    Some(Dialect::NodeLegacy),
                ][usize::from(pick % 4)];
                let _ = normalize_batch(
                    &v,
                    &NormalizeOptions {
                        dialect,
                        on_invalid: OnInvalid::Skip,
                        ..Default::default()
                    },
                );
            }
        }
        "live_session" => {
            let Ok(report) = normalize_json(data, &skip()) else {
                return;
            };
            let metrics: Vec<Metric> = report.records.into_iter().map(|r| r.metric).collect();
            let mut tracker = TurnTracker::new();
            metrics.iter().for_each(|m| drop(tracker.push(m)));
            tracker.flush();
            let batch = compute_turn_latency(&metrics);
            if batch.len() < voice_agent_metrics::turns::MAX_OPEN_TURNS {
                assert_eq!(tracker.turns(), batch);
                assert_eq!(tracker.late_metrics(), 0);
            }
            let mut live = SessionMetrics::new(SessionOptions {
                max_turns_detail: 1,
                ..Default::default()
            });
            metrics.iter().for_each(|m| drop(live.push(m)));
            let _ = (live.turns(), live.summary(), live.usage());
        }
        "session_report" => {
            let _ = analyze_session_report_json(data, &ReportOptions::default());
        }
        "price_table" => {
            if let Ok(v) = parse_json(data) {
                let _ = PriceTable::from_value(&v);
            }
        }
        "aggregate_bytes" => {
            if let Ok(agg) = LatencyAggregator::from_bytes(data) {
                let bytes = agg.to_bytes();
                assert_eq!(
                    LatencyAggregator::from_bytes(&bytes).unwrap().to_bytes(),
                    bytes
                );
                let _ = agg.to_prometheus().unwrap();
                let json = LatencyAggregator::from_json(&agg.to_json()).unwrap();
                assert_eq!(json.to_bytes(), bytes);
            }
        }
        "aggregate_json" => {
            if let Ok(agg) = std::str::from_utf8(data)
                .map_err(drop)
                .and_then(|t| LatencyAggregator::from_json(t).map_err(drop))
            {
                let json = agg.to_json();
                assert_eq!(LatencyAggregator::from_json(&json).unwrap().to_json(), json);
            }
        }
        "chat_items" => {
            let mut live = ChatTurnBuilder::new(ReportOptions::default()).with_max_turns(2);
            for line in data.split(|b| *b == b'\n') {
                let Ok(v) = parse_json(line) else { continue };
                let event = matches!(
                    v.get("type").and_then(Value::as_str),
                    Some("conversation_item_added" | "function_tools_executed")
                );
                let _ = if event {
                    live.push_event(&v).map(drop)
                } else {
                    live.push_item(&v)
                };
            }
            let _ = live.turns();
        }
        other => panic!("unknown fuzz target {other}"),
    }
}

#[test]
fn fuzz_regressions_replay_clean() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut n = 0;
    for dir in std::fs::read_dir(&root).unwrap().flatten() {
        if !dir.path().is_dir() {
            continue;
        }
        let target = dir.file_name().into_string().unwrap();
        if target == "fast_push" {
            // Its hooks are crate-private: replayed by src/normalize/flat_tests.rs.
            continue;
        }
        for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
            check(&target, &std::fs::read(f.path()).unwrap());
            n += 1;
        }
    }
    println!("{n} fuzz regression inputs replayed");
}

/// Writes aggregator seeds for `aggregate_bytes` / `aggregate_json` into
/// `$VAM_FUZZ_SEEDS/<target>/` (run by `scripts/fuzz-seeds.sh`).
#[test]
#[ignore]
fn write_fuzz_seeds() {
    let Ok(dir) = std::env::var("VAM_FUZZ_SEEDS") else {
        return;
    };
    let dir = PathBuf::from(dir);
    let all = aggregate_fixtures::all_sessions();
    let one = aggregate_fixtures::session_aggregator(&aggregate_fixtures::session(
        aggregate_fixtures::SESSIONS[0],
    ));
    let empty = LatencyAggregator::new::<&str>(&[]).unwrap();
    for (name, agg) in [("all", &all), ("one", &one), ("empty", &empty)] {
        std::fs::write(dir.join("aggregate_bytes").join(name), agg.to_bytes()).unwrap();
        std::fs::write(
            dir.join("aggregate_json").join(format!("{name}.json")),
            agg.to_json(),
        )
        .unwrap();
    }
}

/// Found by the JS abuse test: `agg.merge(agg)` 64 times saturates the counts, and the
/// aggregator's own bytes and JSON then failed to decode (the decoder's checks used
/// checked arithmetic where recording and merging saturate).
#[test]
fn an_aggregator_merged_into_saturation_reads_back_its_own_bytes() {
    let mut agg = aggregate_fixtures::all_sessions();
    for _ in 0..70 {
        let copy = agg.clone();
        agg.merge(&copy).unwrap();
    }
    let bytes = agg.to_bytes();
    let back = LatencyAggregator::from_bytes(&bytes).expect("own bytes decode");
    assert_eq!(back.to_bytes(), bytes);
    let json = agg.to_json();
    let back = LatencyAggregator::from_json(&json).expect("own JSON decodes");
    assert_eq!(back.to_json(), json);
    assert!(!agg.to_prometheus().unwrap().is_empty());
    for histogram in [OtlpHistogram::Exponential, OtlpHistogram::Explicit] {
        let otlp = agg
            .to_otlp_json(&OtlpOptions {
                start_time_unix_nano: 1,
                time_unix_nano: 2,
                histogram,
                resource_attributes: Vec::new(),
                prices: None,
            })
            .unwrap();
        assert!(otlp.starts_with('{'));
    }
    assert!(agg.quantiles(&[0.0, 0.5, 1.0]).is_ok());
}
