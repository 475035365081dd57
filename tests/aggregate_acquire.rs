//! Connection acquire times in the aggregator (`lk.agents.connection.acquire_time`):
//! known answers from the captured Python metrics, counted here from the raw JSON
//! files; what is and is not recorded; exact merge; the bytes and JSON formats; limits.

mod aggregate_fixtures;

use aggregate_fixtures::{catalog_metrics, metrics_of, path};
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use voice_agent_metrics::aggregate::{AggregatorLimits, AGENT_NAME, MAX_ACQUIRE_ROWS};
use voice_agent_metrics::export::OtlpOptions;
use voice_agent_metrics::{
    normalize_json, AggregatorOptions, ErrorCode, LatencyAggregator, Metric, NormalizeOptions,
    SessionMetrics,
};

/// (provider, model, reused) → (count, sum in ns).
type Totals = BTreeMap<(String, String, bool), (u64, u128)>;

/// The acquire times of a fixture file counted from its raw JSON, the way the SDK's
/// `collect_usage` picks them: STT, TTS and realtime metrics with `acquire_time > 0`
/// (seconds), keyed by their metadata and `connection_reused`. Also returns how many
/// metrics carry the field at all.
fn hand_totals(events: &Json) -> (Totals, usize) {
    let mut totals = Totals::new();
    let mut carrying = 0;
    for e in events.as_array().unwrap() {
        let m = e.get("metrics").unwrap_or(e);
        let kind = m["type"].as_str().unwrap_or("");
        if !matches!(
            kind,
            "stt_metrics" | "tts_metrics" | "realtime_model_metrics"
        ) {
            continue;
        }
        let Some(s) = m.get("acquire_time").and_then(Json::as_f64) else {
            continue;
        };
        carrying += 1;
        if s <= 0.0 {
            continue;
        }
        let meta = |k: &str| m["metadata"][k].as_str().unwrap_or("").to_string();
        let reused = m["connection_reused"].as_bool().unwrap_or(false);
        let t = totals
            .entry((meta("model_provider"), meta("model_name"), reused))
            .or_default();
        t.0 += 1;
        t.1 += (s * 1e9).round() as u128;
    }
    (totals, carrying)
}

fn read(rel: &str) -> Json {
    serde_json::from_slice(&std::fs::read(path("tests/fixtures").join(rel)).unwrap()).unwrap()
}

/// What one aggregator series holds, in the same shape.
fn agg_totals(agg: &LatencyAggregator) -> Totals {
    let mut out = Totals::new();
    for s in agg.series() {
        for a in s.acquire_times() {
            let key = (a.provider.into(), a.model.into(), a.connection_reused);
            let t = out.entry(key).or_default();
            t.0 += a.sketch.count();
            t.1 += a.sketch.sum_ns();
        }
    }
    out
}

fn metrics_of_json(events: &Json) -> Vec<Metric> {
    normalize_json(events.to_string().as_bytes(), &NormalizeOptions::default())
        .unwrap()
        .records
        .into_iter()
        .map(|r| r.metric)
        .collect()
}

const LABELS: [(&str, &str); 1] = [(AGENT_NAME, "support")];

#[test]
fn the_python_catalog_gives_its_one_realtime_acquire() {
    let (hand, carrying) = hand_totals(&read("py-00-collector-catalog/input_metrics.json"));
    // Read off the file: eight metrics carry `acquire_time`, one of them measured
    // (realtime xai grok-voice, 0.085 s, connection_reused false).
    assert_eq!(carrying, 8);
    let want: Totals = [(
        ("xai".to_string(), "grok-voice".to_string(), false),
        (1, 85_000_000),
    )]
    .into();
    assert_eq!(hand, want);
    let mut agg = LatencyAggregator::new(&[AGENT_NAME]).unwrap();
    agg.add_connection_acquires(&catalog_metrics(), &LABELS)
        .unwrap();
    assert_eq!(agg_totals(&agg), want);
    // No session was counted, no turn recorded.
    let series = agg.series().next().unwrap();
    assert_eq!((series.sessions(), series.turns()), (0, 0));
    let q = &agg.quantiles(&[0.5]).unwrap()[0].acquire_time;
    assert_eq!(q.len(), 1);
    assert_eq!(
        (
            q[0].provider.as_str(),
            q[0].model.as_str(),
            q[0].connection_reused
        ),
        ("xai", "grok-voice", false)
    );
    assert_eq!((q[0].count, q[0].sum_ms), (1, 85.0));
    assert_eq!((q[0].min_ms, q[0].max_ms), (Some(85.0), Some(85.0)));
    assert_eq!(q[0].values_ms, [Some(85.0)]);
}

#[test]
fn captured_sessions_with_zero_acquire_times_record_none() {
    for name in aggregate_fixtures::SESSIONS
        .iter()
        .filter(|n| n.starts_with("py-"))
    {
        let rel = format!("{name}/metrics_events.json");
        let (hand, carrying) = hand_totals(&read(&rel));
        // Every captured session's STT/TTS/realtime metrics say `acquire_time: 0.0`.
        assert!(carrying > 0, "{name}");
        assert!(hand.is_empty(), "{name}");
        let mut agg = LatencyAggregator::new(&[AGENT_NAME]).unwrap();
        agg.add_events(&metrics_of(&rel), &LABELS).unwrap();
        let series = agg.series().next().unwrap();
        assert_eq!(series.sessions(), 1);
        assert_eq!(series.acquire_times().count(), 0, "{name}");
        let text = agg.to_prometheus().unwrap();
        assert!(
            !text.contains("lk_agents_connection_acquire_time"),
            "{name}"
        );
    }
}

/// Python-shaped events: captured STT, TTS and realtime metrics with their acquire
/// fields set as the SDK writes them when it acquires a connection (the STT ones with
/// `request_id: ""`, the zero-usage metric it emits then), and one duplicate delivery.
fn synthetic_events() -> Json {
    let base = read("py-01-pipeline-3turns/metrics_events.json");
    let realtime = read("py-04-realtime/metrics_events.json");
    let pick = |events: &Json, kind: &str| {
        events
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["metrics_type"] == kind)
            .unwrap()
            .clone()
    };
    let stt = pick(&base, "stt_metrics");
    let tts = pick(&base, "tts_metrics");
    let rt = pick(&realtime, "realtime_model_metrics");
    let with = |e: &Json, i: usize, provider: &str, model: &str, s: f64, reused: Option<bool>| {
        let mut e = e.clone();
        let m = e["metrics"].as_object_mut().unwrap();
        m.insert("acquire_time".into(), json!(s));
        match reused {
            Some(r) => m.insert("connection_reused".into(), json!(r)),
            None => m.remove("connection_reused"),
        };
        m.insert(
            "metadata".into(),
            json!({ "model_provider": provider, "model_name": model }),
        );
        let t = m["timestamp"].as_f64().unwrap() + i as f64;
        m.insert("timestamp".into(), json!(t));
        if m["type"] == "stt_metrics" {
            m.insert("request_id".into(), json!(""));
            m.insert("audio_duration".into(), json!(0.0));
        }
        e
    };
    let first = with(&stt, 0, "deepgram", "nova-3", 0.25, Some(false));
    json!([
        first,
        with(&stt, 1, "deepgram", "nova-3", 0.002, Some(true)),
        with(&stt, 2, "deepgram", "nova-3", 0.004, Some(true)),
        with(&tts, 3, "cartesia", "sonic-2", 0.5, Some(false)),
        // Not measured: not recorded.
        with(&tts, 4, "cartesia", "sonic-2", 0.0, Some(true)),
        // No `connection_reused`: the SDK's default, false.
        with(&rt, 5, "openai", "gpt-realtime", 0.125, None),
        // The first one delivered again: dropped, as its usage is.
        first,
    ])
}

fn synthetic_totals() -> Totals {
    let key = |p: &str, m: &str, r| (p.to_string(), m.to_string(), r);
    [
        (key("cartesia", "sonic-2", false), (1, 500_000_000)),
        (key("deepgram", "nova-3", false), (1, 250_000_000)),
        (key("deepgram", "nova-3", true), (2, 6_000_000)),
        (key("openai", "gpt-realtime", false), (1, 125_000_000)),
    ]
    .into()
}

#[test]
fn python_acquire_metrics_are_recorded_per_provider_model_and_reuse() {
    let events = synthetic_events();
    // The hand count sees the duplicate; the aggregator drops it.
    let (mut hand, _) = hand_totals(&events);
    let first = hand
        .get_mut(&("deepgram".into(), "nova-3".into(), false))
        .unwrap();
    assert_eq!(*first, (2, 500_000_000));
    *first = (1, 250_000_000);
    assert_eq!(hand, synthetic_totals());

    let metrics = metrics_of_json(&events);
    let mut agg = LatencyAggregator::new(&[AGENT_NAME]).unwrap();
    agg.add_events(&metrics, &LABELS).unwrap();
    assert_eq!(agg_totals(&agg), synthetic_totals());
    let q = &agg.quantiles(&[0.0, 1.0]).unwrap()[0].acquire_time;
    let keys: Vec<_> = q
        .iter()
        .map(|a| (a.provider.as_str(), a.model.as_str(), a.connection_reused))
        .collect();
    assert_eq!(
        keys,
        [
            ("cartesia", "sonic-2", false),
            ("deepgram", "nova-3", false),
            ("deepgram", "nova-3", true),
            ("openai", "gpt-realtime", false),
        ]
    );
    assert_eq!(q[2].count, 2);
    assert_eq!(q[2].sum_ms, 6.0);
    assert_eq!(q[2].values_ms, [Some(2.0), Some(4.0)]);

    // A live session pushed the same events gives the same sketches.
    let mut live = SessionMetrics::default();
    metrics.iter().for_each(|m| drop(live.push(m)));
    let mut from_live = LatencyAggregator::new(&[AGENT_NAME]).unwrap();
    from_live.add_session_acquires(&live, &LABELS).unwrap();
    let mut acquires_only = LatencyAggregator::new(&[AGENT_NAME]).unwrap();
    acquires_only
        .add_connection_acquires(&metrics, &LABELS)
        .unwrap();
    assert_eq!(from_live, acquires_only);

    // Prometheus: the series labels, then the SDK's attributes.
    let text = agg.to_prometheus().unwrap();
    assert!(text.contains("# TYPE lk_agents_connection_acquire_time_seconds histogram\n"));
    for line in [
        r#"lk_agents_connection_acquire_time_seconds_count{agent_name="support",model_provider="deepgram",model_name="nova-3",connection_reused="true"} 2"#,
        r#"lk_agents_connection_acquire_time_seconds_sum{agent_name="support",model_provider="deepgram",model_name="nova-3",connection_reused="true"} 0.006"#,
        r#"lk_agents_connection_acquire_time_seconds_bucket{agent_name="support",model_provider="deepgram",model_name="nova-3",connection_reused="true",le="+Inf"} 2"#,
        r#"lk_agents_connection_acquire_time_seconds_sum{agent_name="support",model_provider="openai",model_name="gpt-realtime",connection_reused="false"} 0.125"#,
        r#"lk_agents_connection_acquire_time_seconds_count{agent_name="support",model_provider="cartesia",model_name="sonic-2",connection_reused="false"} 1"#,
    ] {
        assert!(text.lines().any(|l| l == line), "{line}");
    }
    // OTLP: one histogram, unit s, with the attributes.
    let otlp: Json = serde_json::from_str(
        &agg.to_otlp_json(&OtlpOptions {
            time_unix_nano: 1,
            ..Default::default()
        })
        .unwrap(),
    )
    .unwrap();
    let metrics = otlp["resourceMetrics"][0]["scopeMetrics"][0]["metrics"]
        .as_array()
        .unwrap();
    let m = metrics
        .iter()
        .find(|m| m["name"] == "lk.agents.connection.acquire_time")
        .unwrap();
    assert_eq!(m["unit"], "s");
    let points = m["exponentialHistogram"]["dataPoints"].as_array().unwrap();
    assert_eq!(points.len(), 4);
    assert_eq!(points[2]["count"], "2");
    assert_eq!(points[2]["sum"], 0.006);
    assert_eq!(
        points[2]["attributes"],
        json!([
            { "key": "agent_name", "value": { "stringValue": "support" } },
            { "key": "model_provider", "value": { "stringValue": "deepgram" } },
            { "key": "model_name", "value": { "stringValue": "nova-3" } },
            { "key": "connection_reused", "value": { "stringValue": "true" } },
        ])
    );
}

#[test]
fn merging_two_aggregators_equals_one_of_both_inputs() {
    let metrics = metrics_of_json(&synthetic_events());
    let (a, b) = metrics.split_at(3);
    let catalog = catalog_metrics();
    let part = |ms: &[Metric], who: &str| {
        let mut agg = LatencyAggregator::new(&[AGENT_NAME]).unwrap();
        agg.add_connection_acquires(ms, &[(AGENT_NAME, who)])
            .unwrap();
        agg
    };
    let mut left = part(a, "x");
    left.merge(&part(&catalog, "y")).unwrap();
    let mut right = part(b, "x");
    right.merge(&part(a, "y")).unwrap();
    let mut merged = left.clone();
    merged.merge(&right).unwrap();
    let mut backward = right.clone();
    backward.merge(&left).unwrap();

    let mut all = LatencyAggregator::new(&[AGENT_NAME]).unwrap();
    // `b` repeats the first of `a`: the split parts count it once each, as here.
    for (ms, who) in [(a, "x"), (&catalog[..], "y"), (b, "x"), (a, "y")] {
        all.add_connection_acquires(ms, &[(AGENT_NAME, who)])
            .unwrap();
    }
    assert_eq!(merged, all);
    assert_eq!(backward, all);
    assert_eq!(merged.to_bytes(), all.to_bytes());
    assert_eq!(merged.bucket_bytes(), all.bucket_bytes());
    assert_eq!(LatencyAggregator::from_bytes(&all.to_bytes()).unwrap(), all);
    assert_eq!(LatencyAggregator::from_json(&all.to_json()).unwrap(), all);
    // Series x: the synthetic rows, the first delivered twice (once per part).
    let x = all.series().next().unwrap();
    let first = x
        .acquire_times()
        .find(|r| r.provider == "deepgram" && !r.connection_reused);
    assert_eq!(first.unwrap().sketch.count(), 2);
}

#[test]
fn version_3_bytes_are_as_documented() {
    // One unlabelled series: no latencies, no usage, one acquire row holding 500 ns
    // (in the zero bucket, the first explicit bucket).
    let mut agg = LatencyAggregator::new::<&str>(&[]).unwrap();
    let events = json!([{
        "type": "stt_metrics", "label": "s", "request_id": "", "timestamp": 1795280700.0,
        "duration": 0.0, "audio_duration": 0.0, "streamed": true, "acquire_time": 0.0000005,
        "connection_reused": true, "metadata": { "model_name": "m", "model_provider": "p" }
    }]);
    agg.add_connection_acquires(&metrics_of_json(&events), &[("", "")])
        .unwrap();
    let mut want = b"VAMA".to_vec();
    want.extend([3, 6, 36]); // version, scale, explicit buckets
    want.extend([0, 0x80, 0x02, 1]); // no keys, max_series 256, one series
    want.extend([0, 0, 0]); // labelled (no values), sessions, turns
    want.extend([0; 20]); // ten empty sketches
    want.push(0); // no usage rows
    want.extend([1, 1, b'p', 1, b'm', 1]); // one acquire row: "p", "m", reused
                                           // count 1, ignored 0, zero_count 1, sum/min/max 500 ns, offset 0, no buckets,
                                           // explicit counts: 1 then 35 zeros.
    want.extend([1, 0, 1, 0xf4, 0x03, 0xf4, 0x03, 0xf4, 0x03, 0, 0, 1]);
    want.extend([0; 35]);
    assert_eq!(agg.to_bytes(), want);
    assert_eq!(LatencyAggregator::from_bytes(&want).unwrap(), agg);
    let doc: Json = serde_json::from_str(&agg.to_json()).unwrap();
    assert_eq!(doc["version"], 3);
    let row = &doc["series"][0]["acquireTime"][0];
    assert_eq!(
        (&row["provider"], &row["model"], &row["connectionReused"]),
        (&json!("p"), &json!("m"), &json!(true))
    );
    assert_eq!(row["sketch"]["sumNs"], "500");
    // Version 2 had no acquire rows: the same bytes as version 2 are an error.
    let mut v2 = want.clone();
    v2[4] = 2;
    assert_eq!(
        LatencyAggregator::from_bytes(&v2).unwrap_err().code(),
        ErrorCode::InvalidEncoding
    );
    // Corrupt rows are caught: reused 2, an empty row, rows out of order.
    let reused_at = want.len() - 48;
    assert_eq!(want[reused_at], 1);
    let mut bad = want.clone();
    bad[reused_at] = 2;
    assert_eq!(
        LatencyAggregator::from_bytes(&bad).unwrap_err().code(),
        ErrorCode::InvalidEncoding
    );
    let mut empty_row = want[..reused_at + 1].to_vec();
    empty_row.extend([0, 0]);
    assert_eq!(
        LatencyAggregator::from_bytes(&empty_row)
            .unwrap_err()
            .code(),
        ErrorCode::InvalidEncoding
    );
    let mut text = agg.to_json();
    let row = text.find("{\"provider\"").unwrap();
    // The row ends where the sketch and the row close, before the array does.
    let end = text[row..].find("}}]").unwrap() + row + 2;
    let copy = text[row..end].to_string();
    text.insert_str(end, &format!(",{copy}"));
    assert_eq!(
        LatencyAggregator::from_json(&text).unwrap_err().code(),
        ErrorCode::InvalidEncoding
    );
}

#[test]
fn acquire_times_are_bounded_like_the_latencies() {
    let metrics = metrics_of_json(&synthetic_events());
    // Label values: a provider over the limit fails the call and changes nothing.
    let small = AggregatorLimits {
        max_label_value_bytes: 5,
        ..Default::default()
    };
    let mut agg = LatencyAggregator::with_options(AggregatorOptions {
        label_keys: vec![AGENT_NAME.into()],
        limits: small,
        ..Default::default()
    })
    .unwrap();
    let e = agg.add_events(&metrics, &[(AGENT_NAME, "a")]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TooLarge);
    assert_eq!(agg.series_count(), 0);
    // ... and so do merging and decoding an aggregator holding one.
    let mut big = LatencyAggregator::new(&[AGENT_NAME]).unwrap();
    big.add_connection_acquires(&metrics, &[(AGENT_NAME, "a")])
        .unwrap();
    assert_eq!(agg.merge(&big).unwrap_err().code(), ErrorCode::TooLarge);
    assert_eq!(agg.series_count(), 0);
    let e = LatencyAggregator::from_bytes_with(&big.to_bytes(), small).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TooLarge);

    // The bucket budget: with room for one bucket, the rest go to the overflow series.
    let one_bucket = AggregatorLimits {
        max_bucket_bytes: 8,
        ..Default::default()
    };
    let mut agg = LatencyAggregator::with_options(AggregatorOptions {
        label_keys: vec![AGENT_NAME.into()],
        limits: one_bucket,
        ..Default::default()
    })
    .unwrap();
    agg.add_connection_acquires(&metrics, &[(AGENT_NAME, "a")])
        .unwrap();
    assert_eq!(agg.bucket_bytes(), 8);
    let views: Vec<_> = agg.series().collect();
    assert_eq!(views.len(), 2);
    assert!(views[1].is_overflow());
    let count = |v: &voice_agent_metrics::aggregate::SeriesView<'_>| -> u64 {
        v.acquire_times().map(|a| a.sketch.count()).sum()
    };
    assert_eq!((count(&views[0]), count(&views[1])), (1, 4));
    let back = LatencyAggregator::from_bytes_with(&agg.to_bytes(), one_bucket).unwrap();
    assert_eq!(back, agg);
    // Overflow series labels in Prometheus.
    assert!(agg.to_prometheus().unwrap().contains(
        r#"lk_agents_connection_acquire_time_seconds_count{otel_metric_overflow="true",model_provider="cartesia",model_name="sonic-2",connection_reused="false"} 1"#
    ));

    // max_series: a second label set goes to the overflow series.
    let mut agg = LatencyAggregator::with_options(AggregatorOptions {
        label_keys: vec![AGENT_NAME.into()],
        max_series: 1,
        ..Default::default()
    })
    .unwrap();
    for who in ["a", "b"] {
        agg.add_connection_acquires(&metrics, &[(AGENT_NAME, who)])
            .unwrap();
    }
    let views: Vec<_> = agg.series().collect();
    assert_eq!(views.len(), 2);
    assert_eq!((count(&views[0]), count(&views[1])), (5, 5));

    // Rows: past MAX_ACQUIRE_ROWS models, one `(other models)` row per reuse.
    let many: Vec<Json> = (0..MAX_ACQUIRE_ROWS + 3)
        .map(|i| {
            json!({
                "type": "tts_metrics", "label": "t", "request_id": format!("r{i}"),
                "timestamp": 1795280700.0 + i as f64, "ttfb": 0.1, "duration": 0.2,
                "audio_duration": 1.0, "cancelled": false, "characters_count": 3,
                "streamed": true, "acquire_time": 0.01, "connection_reused": false,
                "metadata": { "model_name": format!("m{i:03}"), "model_provider": "p" }
            })
        })
        .collect();
    let mut agg = LatencyAggregator::new(&[AGENT_NAME]).unwrap();
    agg.add_connection_acquires(&metrics_of_json(&Json::Array(many)), &LABELS)
        .unwrap();
    let rows: Vec<_> = agg.series().next().unwrap().acquire_times().collect();
    assert_eq!(rows.len(), MAX_ACQUIRE_ROWS + 1);
    let other = rows.iter().find(|r| r.model == "(other models)").unwrap();
    assert_eq!(other.sketch.count(), 3);
    assert_eq!(LatencyAggregator::from_bytes(&agg.to_bytes()).unwrap(), agg);
}

#[test]
fn connection_reused_is_a_reserved_label_key() {
    let e = LatencyAggregator::new(&["connection_reused"]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidLabels);
}
