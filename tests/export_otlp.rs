//! OTLP JSON: structure checks, the exponential buckets against the sketch, a golden
//! file for one fixture session, and the files that the proto validators read
//! (`target/otlp-check/*.json`: `js-tests/otlp/check.mjs` with protobufjs and the
//! official .proto files, `tests/export_otlp_check.py` with Google's `json_format`).

mod aggregate_fixtures;

use aggregate_fixtures::{all_sessions, catalog_metrics, path, session, session_aggregator};
use serde_json::Value as Json;
use voice_agent_metrics::export::{OtlpHistogram, OtlpOptions};
use voice_agent_metrics::{LatencyAggregator, LatencyMetric, PriceTable};

fn prices() -> PriceTable {
    let v: voice_agent_metrics::Value = serde_json::from_str(
        r#"{"currency":"USD","prices":[{"kind":"llm","provider":"fake-openai","model":"*","inputPerMillion":0.4,"outputPerMillion":1.6}]}"#,
    )
    .unwrap();
    PriceTable::from_value(&v).unwrap()
}

/// The golden session: its report's start and end as the data points' times; with the
/// catalog's connection acquire time in its series.
fn golden_session() -> (LatencyAggregator, OtlpOptions<'static>) {
    let s = session("py-01-pipeline-3turns");
    let ns = |ms: Option<f64>| (ms.unwrap() * 1e6) as u64;
    let options = OtlpOptions {
        start_time_unix_nano: ns(s.analysis.started_at_ms),
        time_unix_nano: ns(s.analysis.ended_at_ms),
        resource_attributes: vec![("service.name".into(), "voice-agent-metrics-tests".into())],
        ..Default::default()
    };
    let mut agg = session_aggregator(&s);
    agg.add_connection_acquires(&catalog_metrics(), &s.labels)
        .unwrap();
    (agg, options)
}

fn is_u64_string(v: &Json) -> bool {
    v.as_str()
        .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
}

fn u64_of(v: &Json) -> u64 {
    assert!(is_u64_string(v), "64-bit integers are JSON strings: {v}");
    v.as_str().unwrap().parse().unwrap()
}

/// Checks the request's shape and the proto3 JSON conventions we promise.
fn check_request(text: &str, agg: &LatencyAggregator) -> Json {
    let doc: Json = serde_json::from_str(text).unwrap();
    let rm = doc["resourceMetrics"].as_array().unwrap();
    assert_eq!(rm.len(), 1);
    let sm = rm[0]["scopeMetrics"].as_array().unwrap();
    assert_eq!(sm[0]["scope"]["name"], "voice-agent-metrics");
    assert_eq!(sm[0]["scope"]["version"], voice_agent_metrics::VERSION);
    for m in sm[0]["metrics"].as_array().unwrap() {
        let name = m["name"].as_str().unwrap();
        let kinds: Vec<&String> = m
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| !matches!(k.as_str(), "name" | "description" | "unit"))
            .collect();
        assert_eq!(kinds.len(), 1, "{name}: one data kind");
        let data = &m[kinds[0].as_str()];
        assert_eq!(
            data["aggregationTemporality"], 2,
            "{name}: CUMULATIVE, as an integer"
        );
        let points = data["dataPoints"].as_array().unwrap();
        assert!(!points.is_empty());
        for p in points {
            assert!(is_u64_string(&p["startTimeUnixNano"]) && is_u64_string(&p["timeUnixNano"]));
            for a in p["attributes"].as_array().unwrap() {
                assert!(
                    a["key"].is_string()
                        && (a["value"]["stringValue"].is_string()
                            || a["value"]["boolValue"] == true)
                );
            }
            match kinds[0].as_str() {
                "exponentialHistogram" => {
                    let buckets: u64 = p["positive"]["bucketCounts"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(u64_of)
                        .sum();
                    assert_eq!(u64_of(&p["count"]), buckets + u64_of(&p["zeroCount"]));
                    assert_eq!(p["scale"], 6);
                    assert!(p["min"].as_f64().unwrap() <= p["max"].as_f64().unwrap());
                }
                "histogram" => {
                    let counts = p["bucketCounts"].as_array().unwrap();
                    assert_eq!(
                        counts.len(),
                        p["explicitBounds"].as_array().unwrap().len() + 1
                    );
                    assert_eq!(u64_of(&p["count"]), counts.iter().map(u64_of).sum::<u64>());
                }
                "sum" => {
                    assert_eq!(data["isMonotonic"], true);
                    assert!(
                        is_u64_string(&p["asInt"])
                            || p["asDouble"].is_f64()
                            || p["asDouble"].is_u64()
                    );
                }
                k => panic!("unexpected data kind {k}"),
            }
        }
    }
    // The exponential buckets are the sketch's own, 1:1.
    let names: Vec<&str> = LatencyMetric::ALL.iter().map(|m| m.otel_name()).collect();
    for m in sm[0]["metrics"].as_array().unwrap() {
        let Some(i) = names.iter().position(|n| *n == m["name"]) else {
            continue;
        };
        let Some(points) = m["exponentialHistogram"]["dataPoints"].as_array() else {
            continue;
        };
        let sketches: Vec<_> = agg
            .series()
            .map(|s| s.sketch(LatencyMetric::ALL[i]).clone())
            .filter(|s| s.count() > 0)
            .collect();
        assert_eq!(points.len(), sketches.len());
        for (p, s) in points.iter().zip(&sketches) {
            let (offset, counts) = s.exponential_buckets();
            assert_eq!(p["positive"]["offset"], offset);
            let got: Vec<u64> = p["positive"]["bucketCounts"]
                .as_array()
                .unwrap()
                .iter()
                .map(u64_of)
                .collect();
            assert_eq!(got, counts);
            assert!((p["sum"].as_f64().unwrap() - s.sum_ms() / 1000.0).abs() < 1e-9);
        }
    }
    // The acquire times: one point per series and (provider, model, reused), with the
    // SDK's attributes after the series labels, and the sketch's buckets.
    let acquire: Vec<_> = agg
        .series()
        .flat_map(|s| {
            let labels: Vec<(String, String)> = s
                .labels()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            s.acquire_times()
                .map(|a| {
                    let mut attrs = labels.clone();
                    attrs.push(("model_provider".into(), a.provider.to_string()));
                    attrs.push(("model_name".into(), a.model.to_string()));
                    let reused = if a.connection_reused { "true" } else { "false" };
                    attrs.push(("connection_reused".into(), reused.into()));
                    (attrs, a.sketch.clone())
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let metric = sm[0]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "lk.agents.connection.acquire_time");
    match metric {
        None => assert!(acquire.is_empty()),
        Some(m) => {
            assert_eq!(m["unit"], "s");
            let data = m
                .get("exponentialHistogram")
                .or_else(|| m.get("histogram"))
                .unwrap();
            let points = data["dataPoints"].as_array().unwrap();
            assert_eq!(points.len(), acquire.len());
            for (p, (attrs, s)) in points.iter().zip(&acquire) {
                let got: Vec<(String, String)> = p["attributes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|a| {
                        let v = a["value"]["stringValue"].as_str().unwrap();
                        (a["key"].as_str().unwrap().to_string(), v.to_string())
                    })
                    .collect();
                assert_eq!(&got, attrs);
                assert_eq!(u64_of(&p["count"]), s.count());
                assert!((p["sum"].as_f64().unwrap() - s.sum_ms() / 1000.0).abs() < 1e-9);
            }
        }
    }
    doc
}

#[test]
fn otlp_json_has_the_proto3_json_shape_and_the_sketch_buckets() {
    let agg = all_sessions();
    let table = prices();
    let dir = path("target/otlp-check");
    std::fs::create_dir_all(&dir).unwrap();
    for (file, histogram, prices) in [
        (
            "fixtures-exponential.json",
            OtlpHistogram::Exponential,
            None,
        ),
        (
            "fixtures-explicit-priced.json",
            OtlpHistogram::Explicit,
            Some(&table),
        ),
    ] {
        let options = OtlpOptions {
            start_time_unix_nano: 1_795_280_000_000_000_000,
            time_unix_nano: 1_795_280_060_000_000_000,
            histogram,
            prices,
            ..Default::default()
        };
        let text = agg.to_otlp_json(&options).unwrap();
        check_request(&text, &agg);
        assert!(text.contains(r#""name":"lk.agents.connection.acquire_time""#));
        std::fs::write(dir.join(file), &text).unwrap();
    }
    let (agg, options) = golden_session();
    std::fs::write(
        dir.join("py-01-golden-raw.json"),
        agg.to_otlp_json(&options).unwrap(),
    )
    .unwrap();
    // An empty aggregator is a valid, empty request.
    let empty = LatencyAggregator::new::<&str>(&[])
        .unwrap()
        .to_otlp_json(&OtlpOptions::default())
        .unwrap();
    assert_eq!(empty, r#"{"resourceMetrics":[{"resource":{},"scopeMetrics":[{"scope":{"name":"voice-agent-metrics","version":"0.1.0"},"metrics":[]}]}]}"#.replace("0.1.0", voice_agent_metrics::VERSION));
    std::fs::write(dir.join("empty.json"), empty).unwrap();
}

#[test]
fn otlp_json_matches_the_golden_file() {
    let (agg, options) = golden_session();
    let text = agg.to_otlp_json(&options).unwrap();
    let doc = check_request(&text, &agg);
    let pretty = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    let golden = path("tests/golden/otlp_py-01-pipeline-3turns.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &pretty).unwrap();
    }
    let want = std::fs::read_to_string(&golden).expect("golden file (UPDATE_GOLDEN=1 to write it)");
    assert!(
        pretty == want,
        "OTLP JSON differs from {}; rerun with UPDATE_GOLDEN=1 and review the diff",
        golden.display()
    );
}
