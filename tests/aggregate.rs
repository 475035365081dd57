//! LatencySketch / LatencyAggregator: accuracy against exact quantiles, exact merge,
//! serialization round trips, and decoding of bad input.

mod aggregate_fixtures;

use aggregate_fixtures::{all_sessions, session, session_aggregator, KEYS, SESSIONS};
use proptest::prelude::*;
use voice_agent_metrics::aggregate::RELATIVE_ERROR;
use voice_agent_metrics::{
    join_turns, summarize, AggregateError, ErrorCode, LatencyAggregator, LatencyMetric,
    LatencySketch, LatencyStats, ModelUsage, TurnSample,
};

/// SplitMix64: a seeded generator, so accuracy runs are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    /// Lognormal with median `median` ms and log-sd `sigma` (Box–Muller).
    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        let z = (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos();
        median * (sigma * z).exp()
    }
}

const QS: [f64; 9] = [0.0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0];

/// Checks every quantile of `sketch` against the exact type-7 quantile of `values`.
fn assert_within_bound(sketch: &LatencySketch, values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut worst: f64 = 0.0;
    let qs = (0..=1000).map(|i| i as f64 / 1000.0).chain(QS);
    for q in qs {
        let h = (sorted.len() - 1) as f64 * q;
        let lo = h.floor() as usize;
        let exact = match sorted.get(lo + 1) {
            Some(next) => sorted[lo] + (h - lo as f64) * (next - sorted[lo]),
            None => sorted[lo],
        };
        let got = sketch.quantile(q).unwrap();
        let err = (got - exact).abs() / exact.max(f64::MIN_POSITIVE);
        worst = worst.max(err);
        // The bound, plus half a nanosecond: values are taken to the nanosecond.
        assert!(
            (got - exact).abs() <= RELATIVE_ERROR * exact * (1.0 + 1e-9) + 1e-6,
            "q={q}: sketch {got} vs exact {exact} (relative error {err})"
        );
    }
    worst
}

#[test]
fn lognormal_quantiles_are_within_the_bound() {
    // Voice-agent-like latencies: medians 80 ms (transcription) to 1.2 s (total), wide
    // and narrow spreads, small and large samples.
    let mut worst: f64 = 0.0;
    for (seed, median, sigma, n) in [
        (1, 1_200.0, 0.4, 10_000),
        (2, 350.0, 0.8, 5_000),
        (3, 80.0, 1.5, 2_000),
        (4, 900.0, 0.05, 3_000),
        (5, 2_500.0, 1.0, 7),
        (6, 600.0, 2.5, 20_000),
    ] {
        let mut rng = Rng(seed);
        let values: Vec<f64> = (0..n).map(|_| rng.lognormal(median, sigma)).collect();
        let mut sketch = LatencySketch::new();
        values.iter().for_each(|v| sketch.record(*v));
        worst = worst.max(assert_within_bound(&sketch, &values));
        // The exact statistics agree with the crate's own exact summary.
        let stats = LatencyStats::from_values(&values);
        assert!((sketch.min_ms().unwrap() - stats.min.unwrap()).abs() <= 1e-6);
        assert!((sketch.max_ms().unwrap() - stats.max.unwrap()).abs() <= 1e-6);
        let mean = sketch.mean_ms().unwrap();
        assert!((mean - stats.mean.unwrap()).abs() <= 1e-6 * mean);
    }
    println!("worst relative error over lognormal runs: {worst:.5}");
    assert!(worst > 0.001, "the check would not catch a coarser sketch");
}

#[test]
fn merged_session_sketches_are_within_the_bound_and_equal_one_sketch() {
    // 400 "sessions" of 3 to 40 turns each, merged in a tree, as workers would.
    let mut rng = Rng(42);
    let mut all = Vec::new();
    let mut parts = Vec::new();
    for _ in 0..400 {
        let n = 3 + (rng.next() % 38) as usize;
        let median = 700.0 + 600.0 * rng.uniform(); // sessions differ
        let values: Vec<f64> = (0..n).map(|_| rng.lognormal(median, 0.6)).collect();
        let mut s = LatencySketch::new();
        values.iter().for_each(|v| s.record(*v));
        all.extend(values);
        parts.push(s);
    }
    while parts.len() > 1 {
        let next: Vec<_> = parts
            .chunks(3)
            .map(|c| {
                let mut m = c[0].clone();
                c[1..].iter().for_each(|s| m.merge(s));
                m
            })
            .collect();
        parts = next;
    }
    let mut whole = LatencySketch::new();
    all.iter().for_each(|v| whole.record(*v));
    assert_eq!(parts[0], whole);
    assert_within_bound(&parts[0], &all);
}

fn sketch_of(values: &[f64]) -> LatencySketch {
    let mut s = LatencySketch::new();
    values.iter().for_each(|v| s.record(*v));
    s
}

/// Latency-like values, plus zeros, sub-µs values, huge and invalid ones.
fn value() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => (-1.0f64..5.0).prop_map(|e| 10f64.powf(e)),
        1 => Just(0.0),
        1 => 0.0f64..0.002,
        1 => prop::sample::select(vec![-5.0, f64::NAN, f64::INFINITY, 2.0e9, 1.048_576e9]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merge_is_commutative_associative_and_exact(
        a in prop::collection::vec(value(), 0..60),
        b in prop::collection::vec(value(), 0..60),
        c in prop::collection::vec(value(), 0..60),
    ) {
        let (sa, sb, sc) = (sketch_of(&a), sketch_of(&b), sketch_of(&c));
        let mut ab = sa.clone();
        ab.merge(&sb);
        let mut ba = sb.clone();
        ba.merge(&sa);
        prop_assert_eq!(&ab, &ba);
        let mut ab_c = ab.clone();
        ab_c.merge(&sc);
        let mut bc = sb.clone();
        bc.merge(&sc);
        let mut a_bc = sa.clone();
        a_bc.merge(&bc);
        prop_assert_eq!(&ab_c, &a_bc);
        let all: Vec<f64> = a.iter().chain(&b).chain(&c).copied().collect();
        prop_assert_eq!(&ab_c, &sketch_of(&all));
    }

    #[test]
    fn any_values_stay_within_the_bound(values in prop::collection::vec(value(), 1..120)) {
        let s = sketch_of(&values);
        let valid: Vec<f64> = values.iter().copied().filter(|v| (0.0..=1.048_576e9).contains(v)).collect();
        prop_assert_eq!(s.count() as usize, valid.len());
        prop_assert_eq!(s.ignored() as usize, values.len() - valid.len());
        // Values of 1 µs or less are reported as the min: bound them absolutely.
        if !valid.is_empty() && valid.iter().all(|v| *v > 0.001) {
            assert_within_bound(&s, &valid);
        }
    }

    #[test]
    fn aggregators_round_trip_and_merge_in_any_order(
        sessions in prop::collection::vec(
            (0usize..4, prop::collection::vec((value(), value(), value()), 0..12)),
            1..8,
        ),
    ) {
        // Four label sets, with characters that need escaping; max_series 3 → overflow.
        let names = ["alpha", "b\"eta\\", "γ\nline", ""];
        let mut parts = Vec::new();
        for (who, turns) in &sessions {
            let mut agg = LatencyAggregator::new(&["agent_name"]).unwrap();
            for (e2e, total, ttft) in turns {
                let t = TurnSample {
                    e2e_latency_ms: Some(*e2e),
                    formula_latency_ms: Some(*total),
                    llm_ttft_ms: Some(*ttft),
                    ..Default::default()
                };
                agg.record(&t, &[("agent_name", names[*who])]).unwrap();
            }
            let bytes = agg.to_bytes();
            prop_assert_eq!(&LatencyAggregator::from_bytes(&bytes).unwrap(), &agg);
            prop_assert_eq!(&LatencyAggregator::from_json(&agg.to_json()).unwrap(), &agg);
            parts.push(agg);
        }
        let fold = |order: &mut dyn Iterator<Item = &LatencyAggregator>| {
            let mut m = LatencyAggregator::new(&["agent_name"]).unwrap();
            order.for_each(|p| m.merge(p).unwrap());
            m
        };
        let forward = fold(&mut parts.iter());
        let backward = fold(&mut parts.iter().rev());
        prop_assert_eq!(&forward, &backward);
        prop_assert_eq!(&LatencyAggregator::from_bytes(&forward.to_bytes()).unwrap(), &forward);
        prop_assert_eq!(&LatencyAggregator::from_json(&forward.to_json()).unwrap(), &forward);
    }

    #[test]
    fn from_bytes_never_panics_on_garbage(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = LatencyAggregator::from_bytes(&bytes);
        let mut prefixed = b"VAMA\x01\x06\x24".to_vec();
        prefixed.extend_from_slice(&bytes);
        let _ = LatencyAggregator::from_bytes(&prefixed);
    }
}

#[test]
fn from_bytes_reports_truncation_at_every_cut() {
    let agg = all_sessions();
    let bytes = agg.to_bytes();
    for cut in 0..bytes.len() {
        let e = LatencyAggregator::from_bytes(&bytes[..cut]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TruncatedBytes, "cut at {cut}: {e}");
    }
    assert_eq!(LatencyAggregator::from_bytes(&bytes).unwrap(), agg);
}

#[test]
fn from_bytes_rejects_wrong_magic_version_and_trailing_bytes() {
    let bytes = all_sessions().to_bytes();
    let code = |b: &[u8]| LatencyAggregator::from_bytes(b).unwrap_err().code();
    assert_eq!(code(b"{\"format\":1}"), ErrorCode::InvalidEncoding);
    assert_eq!(code(b"VAX"), ErrorCode::InvalidEncoding);
    let mut v4 = bytes.clone();
    v4[4] = 4;
    let e = LatencyAggregator::from_bytes(&v4).unwrap_err();
    assert_eq!(e, AggregateError::UnsupportedVersion { found: 4 });
    assert_eq!(e.code(), ErrorCode::UnsupportedVersion);
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert_eq!(code(&trailing), ErrorCode::InvalidEncoding);
    // Every single-byte corruption is either caught or decodes to a valid aggregator
    // (one that encodes back to the same bytes): never a panic, never garbage.
    for i in 4..bytes.len() {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[i] ^= flip;
            if let Ok(a) = LatencyAggregator::from_bytes(&b) {
                assert_eq!(a.to_bytes(), b, "byte {i} ^ {flip:#x}");
            }
        }
    }
}

#[test]
fn from_json_reports_syntax_shape_and_version_errors() {
    let json = all_sessions().to_json();
    let code = |t: &str| LatencyAggregator::from_json(t).unwrap_err().code();
    assert_eq!(code(&json[..json.len() / 2]), ErrorCode::InvalidJson);
    assert_eq!(code("[1,2]"), ErrorCode::InvalidEncoding);
    assert_eq!(
        code(&json.replace("\"version\":3", "\"version\":9")),
        ErrorCode::UnsupportedVersion
    );
    assert_eq!(
        code(&json.replace("\"count\":", "\"kount\":")),
        ErrorCode::InvalidEncoding
    );
    assert_eq!(
        code(&json.replace("\"sessions\":1", "\"sessions\":-1")),
        ErrorCode::InvalidEncoding
    );
    let format = json.replace("voice-agent-metrics/aggregate", "something-else");
    assert_eq!(code(&format), ErrorCode::InvalidEncoding);
}

#[test]
fn from_json_never_panics_and_accepts_only_valid_aggregators() {
    let json = all_sessions().to_json();
    let mut accepted = 0;
    for (i, _) in json.char_indices().step_by(11) {
        for c in ["0", "9", "-", "\"", "}", "x"] {
            let mut t = json.clone();
            t.replace_range(i..i + 1, c);
            if let Ok(a) = LatencyAggregator::from_json(&t) {
                accepted += 1;
                assert_eq!(LatencyAggregator::from_bytes(&a.to_bytes()).unwrap(), a);
                assert_eq!(LatencyAggregator::from_json(&a.to_json()).unwrap(), a);
            }
        }
    }
    println!("{accepted} single-character edits were still valid aggregators");
}

#[test]
fn label_keys_and_merges_are_checked() {
    let e = LatencyAggregator::new(&["le"]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidLabels);
    let mut a = LatencyAggregator::new(&["agent_name"]).unwrap();
    let b = LatencyAggregator::new(&["deployment"]).unwrap();
    assert_eq!(
        a.merge(&b).unwrap_err().code(),
        ErrorCode::IncompatibleMerge
    );
    let e = a.quantiles(&[0.5, 1.5]).unwrap_err();
    assert_eq!(e.code(), ErrorCode::OutOfRange);
    assert_eq!(
        a.quantiles(&[f64::NAN]).unwrap_err().code(),
        ErrorCode::NotFinite
    );
    for c in [
        ErrorCode::InvalidEncoding,
        ErrorCode::TruncatedBytes,
        ErrorCode::UnsupportedVersion,
        ErrorCode::InvalidLabels,
        ErrorCode::IncompatibleMerge,
    ] {
        assert_eq!(format!("{c:?}"), c.as_str());
    }
}

#[test]
fn overflow_series_keeps_memory_bounded() {
    let options = voice_agent_metrics::AggregatorOptions {
        label_keys: vec![String::from("agent_name")],
        max_series: 2,
        ..Default::default()
    };
    let mut agg = LatencyAggregator::with_options(options).unwrap();
    let turn = TurnSample {
        formula_latency_ms: Some(1_000.0),
        ..Default::default()
    };
    for i in 0..100 {
        agg.record(&turn, &[("agent_name", format!("agent-{i}"))])
            .unwrap();
    }
    assert_eq!(agg.series_count(), 3);
    let q = agg.quantiles(&[0.5]).unwrap();
    assert!(q[2].overflow && q[2].labels.is_empty());
    assert_eq!(q[2].turns, 98);
    // 10^6 more turns do not grow it.
    let before = agg.to_bytes().len();
    for i in 0..1_000_000u32 {
        let t = TurnSample {
            formula_latency_ms: Some(500.0 + f64::from(i % 5_000)),
            ..Default::default()
        };
        agg.record(&t, &[("agent_name", "agent-0")]).unwrap();
    }
    assert!(
        agg.to_bytes().len() < before + 3_000,
        "{} bytes",
        agg.to_bytes().len()
    );
}

#[test]
fn fixture_sessions_match_the_exact_summaries() {
    // Per session, the sketch of each metrics component holds the same user turns as
    // `summarize`, with exact count/min/max and quantiles within the bound.
    for name in SESSIONS {
        let s = session(name);
        let exact = summarize(&s.turns);
        let mut agg = LatencyAggregator::new(&KEYS).unwrap();
        agg.add_turns(&s.turns, &s.usage, &s.labels).unwrap();
        let view = agg.series().next().unwrap();
        assert_eq!(view.sessions(), 1);
        assert_eq!(view.turns(), u64::from(exact.user_turns), "{name}");
        for (metric, stats) in [
            (LatencyMetric::FormulaLatency, &exact.formula_latency_ms),
            (LatencyMetric::EndOfTurnDelay, &exact.eou_delay_ms),
            (LatencyMetric::LlmTtft, &exact.llm_ttft_ms),
            (LatencyMetric::TtsTtfb, &exact.tts_ttfb_ms),
        ] {
            let sk = view.sketch(metric);
            assert_eq!(sk.count(), u64::from(stats.count), "{name} {metric:?}");
            let pairs = [
                (sk.min_ms(), stats.min, 0.0),
                (sk.max_ms(), stats.max, 0.0),
                (sk.quantile(0.5), stats.p50, RELATIVE_ERROR),
                (sk.quantile(0.95), stats.p95, RELATIVE_ERROR),
            ];
            for (got, want, bound) in pairs {
                match (got, want) {
                    (Some(g), Some(w)) => assert!(
                        (g - w).abs() <= bound * w + 1e-6,
                        "{name} {metric:?}: {g} vs {w}"
                    ),
                    (g, w) => assert_eq!(g, w),
                }
            }
        }
        // Usage totals are the session's rows (sorted by kind, provider, model), with
        // durations to the nanosecond.
        let mut rows = s.usage.models.clone();
        rows.sort_by(|a, b| (a.kind(), a.key()).cmp(&(b.kind(), b.key())));
        let round = |r: &ModelUsage| {
            let mut r = r.clone();
            let ns = |ms: &mut f64| *ms = (*ms * 1e6).round() / 1e6;
            match &mut r {
                ModelUsage::Llm(u) => ns(&mut u.session_duration_ms),
                ModelUsage::Tts(u) => ns(&mut u.audio_duration_ms),
                ModelUsage::Stt(u) => ns(&mut u.audio_duration_ms),
                _ => {}
            }
            r
        };
        let got: Vec<ModelUsage> = view.usage().iter().map(round).collect();
        let want: Vec<ModelUsage> = rows.iter().map(round).collect();
        assert_eq!(got, want, "{name}");
        // Joined turns add e2e from the report.
        let joined = session_aggregator(&s);
        let e2e = joined
            .series()
            .next()
            .unwrap()
            .sketch(LatencyMetric::E2eLatency)
            .count();
        let chat = voice_agent_metrics::summarize_chat_turns(&s.analysis.turns);
        assert_eq!(e2e, u64::from(chat.e2e_latency_ms.count), "{name}");
        let _ = join_turns(&s.analysis.turns, &s.turns);
    }
}

#[test]
fn merged_fixture_sessions_sum_usage_and_turns() {
    let agg = all_sessions();
    let sessions: u64 = agg.series().map(|s| s.sessions()).sum();
    assert_eq!(sessions, SESSIONS.len() as u64);
    let all_e2e = agg.total(LatencyMetric::E2eLatency);
    let mut values = Vec::new();
    for name in SESSIONS {
        let s = session(name);
        let join = join_turns(&s.analysis.turns, &s.turns);
        values.extend(
            join.turns
                .iter()
                .filter(|t| {
                    t.chat.kind == voice_agent_metrics::TurnKind::User && t.chat.flags.is_empty()
                })
                .filter_map(|t| t.chat.e2e_latency_ms),
        );
    }
    assert_eq!(all_e2e.count() as usize, values.len());
    assert_within_bound(&all_e2e, &values);
    assert_eq!(LatencyAggregator::from_bytes(&agg.to_bytes()).unwrap(), agg);
    assert_eq!(LatencyAggregator::from_json(&agg.to_json()).unwrap(), agg);
    println!(
        "{} series, {} bytes, {} JSON bytes",
        agg.series_count(),
        agg.to_bytes().len(),
        agg.to_json().len()
    );
}

#[test]
fn version_1_and_2_bytes_and_json_still_load() {
    use voice_agent_metrics::TurnSample;
    // Version 1 held the first seven latencies (the formula as `totalLatencyMs`),
    // versions 1 and 2 no acquire times.
    let mut agg = LatencyAggregator::new(&["agent_name"]).unwrap();
    let turn = TurnSample {
        e2e_latency_ms: Some(1_400.0),
        formula_latency_ms: Some(1_000.0),
        ..Default::default()
    };
    agg.record(&turn, &[("agent_name", "a")]).unwrap();
    let v3 = agg.to_bytes();
    assert_eq!(v3[4], 3);
    // Version 2: the same without the series' acquire-row count (its last byte, 0).
    let mut v2 = v3.clone();
    v2[4] = 2;
    assert_eq!(v2.pop(), Some(0));
    assert_eq!(LatencyAggregator::from_bytes(&v2).unwrap(), agg);
    assert_eq!(LatencyAggregator::from_bytes(&v2).unwrap().to_bytes(), v3);
    // A version 2 blob with that byte kept has trailing bytes.
    let mut long = v3.clone();
    long[4] = 2;
    assert_eq!(
        LatencyAggregator::from_bytes(&long).unwrap_err().code(),
        ErrorCode::InvalidEncoding
    );
    // The same aggregator in version 1: no waterfall sketches (three empty ones here,
    // two zero bytes each, just before the series' usage-row count).
    let mut v1 = v2.clone();
    v1[4] = 1;
    let end = v1.len() - 1;
    assert_eq!(&v1[end - 6..], &[0, 0, 0, 0, 0, 0, 0]);
    v1.drain(end - 6..end);
    assert_eq!(LatencyAggregator::from_bytes(&v1).unwrap(), agg);
    assert_eq!(LatencyAggregator::from_bytes(&v1).unwrap().to_bytes(), v3);

    let mut json: serde_json::Value = serde_json::from_str(&agg.to_json()).unwrap();
    assert_eq!(json["version"], 3);
    assert_eq!(json["series"][0]["acquireTime"], serde_json::json!([]));
    // Version 2 JSON: no `acquireTime` (and it may not have one).
    let v3_json = json.clone();
    json["version"] = 2.into();
    assert!(LatencyAggregator::from_json(&json.to_string()).is_err());
    json["series"][0]
        .as_object_mut()
        .unwrap()
        .remove("acquireTime");
    assert_eq!(
        LatencyAggregator::from_json(&json.to_string()).unwrap(),
        agg
    );
    // Version 3 needs it.
    json["version"] = 3.into();
    assert!(LatencyAggregator::from_json(&json.to_string()).is_err());
    assert_eq!(
        LatencyAggregator::from_json(&v3_json.to_string()).unwrap(),
        agg
    );
    json["version"] = 1.into();
    let latency = json["series"][0]["latency"].as_object_mut().unwrap();
    for key in ["firstSentenceMs", "toolCallsMs", "unexplainedMs"] {
        latency.remove(key);
    }
    let formula = latency.remove("formulaLatencyMs").unwrap();
    latency.insert("totalLatencyMs".into(), formula);
    let back = LatencyAggregator::from_json(&json.to_string()).unwrap();
    assert_eq!(back, agg);
    // Version 2 does not take the old key.
    json["version"] = 2.into();
    assert!(LatencyAggregator::from_json(&json.to_string()).is_err());
}
