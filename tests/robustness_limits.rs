//! Limits: every input size, label value, memory budget and output size is checked
//! against an option (with a documented default) and fails with a coded error
//! (`TooLarge`), never a panic; whole counts are exact up to 2^53 − 1.

use voice_agent_metrics::{
    analyze_session_report_json, normalize_json, ErrorCode, Metric, NormalizeOptions,
    ReportOptions, DEFAULT_MAX_INPUT_BYTES,
};

/// `[0,0,…]`, `n` bytes long (n odd, ≥ 3).
fn zeros(n: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(n);
    v.push(b'[');
    v.extend_from_slice(&b"0,".repeat((n - 3) / 2));
    v.extend_from_slice(b"0]");
    assert_eq!(v.len(), n);
    v
}

#[test]
fn json_inputs_over_the_limit_are_too_large() {
    assert_eq!(DEFAULT_MAX_INPUT_BYTES, 256 * 1024 * 1024);
    let text = zeros(1_001);
    let normalize = NormalizeOptions {
        max_input_bytes: 1_000,
        ..Default::default()
    };
    let e = normalize_json(&text, &normalize).unwrap_err();
    assert_eq!(e.error.code(), ErrorCode::TooLarge);
    let report = ReportOptions {
        max_input_bytes: 1_000,
        ..Default::default()
    };
    let e = analyze_session_report_json(&text, &report).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TooLarge);
    // At the limit the text is read (and is not a report / holds no events).
    let at = zeros(999);
    let ok = NormalizeOptions {
        max_input_bytes: 999,
        ..Default::default()
    };
    assert_eq!(
        normalize_json(&at, &ok).unwrap_err().error.code(),
        ErrorCode::NotAnObject
    );
}

/// The default limit rejects 300 MB before reading it (the test allocates the text only).
#[test]
fn a_300_mb_array_is_too_large_by_default() {
    let text = zeros(300_000_001);
    let e = normalize_json(&text, &NormalizeOptions::default()).unwrap_err();
    assert_eq!(e.error.code(), ErrorCode::TooLarge);
    let e = analyze_session_report_json(&text, &ReportOptions::default()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::TooLarge);
}

fn completion_tokens(n: &str) -> Result<u64, ErrorCode> {
    let text = format!(
        r#"{{"type":"llm_metrics","timestamp":1795280003.62,"duration":0.8,"ttft":0.3,"completion_tokens":{n}}}"#
    );
    match normalize_json(text.as_bytes(), &NormalizeOptions::default()) {
        Ok(r) => match &r.records[0].metric {
            Metric::Llm(m) => Ok(m.completion_tokens),
            other => panic!("{other:?}"),
        },
        Err(e) => Err(e.error.code()),
    }
}

#[test]
fn whole_counts_are_exact_up_to_2_pow_53_minus_1() {
    assert_eq!(
        completion_tokens("9007199254740991"),
        Ok(9_007_199_254_740_991)
    );
    assert_eq!(completion_tokens("9e15"), Ok(9_000_000_000_000_000));
    assert_eq!(
        completion_tokens("9000000000000001"),
        Ok(9_000_000_000_000_001)
    );
    assert_eq!(
        completion_tokens("9007199254740992"),
        Err(ErrorCode::OutOfRange)
    );
    assert_eq!(completion_tokens("1e300"), Err(ErrorCode::OutOfRange));
    assert_eq!(
        completion_tokens("4503599627370495.5"),
        Err(ErrorCode::NotAnInteger)
    );
}

mod aggregator {
    use voice_agent_metrics::aggregate::{
        AggregatorLimits, DEFAULT_MAX_BUCKET_BYTES, DEFAULT_MAX_EXPOSITION_BYTES,
        DEFAULT_MAX_LABEL_VALUE_BYTES, MAX_BUCKET_BYTES_LIMIT,
    };
    use voice_agent_metrics::export::{unix_nano_from_ms, OtlpOptions, MAX_TIME_UNIX_NANO};
    use voice_agent_metrics::{
        AggregatorOptions, ErrorCode, LatencyAggregator, LatencyMetric, TurnSample,
    };

    fn with(limits: AggregatorLimits, max_series: u32) -> LatencyAggregator {
        LatencyAggregator::with_options(AggregatorOptions {
            label_keys: vec!["agent_name".into()],
            max_series,
            limits,
        })
        .unwrap()
    }

    /// A turn with every latency at `ms`.
    fn turn(ms: f64) -> TurnSample {
        TurnSample {
            e2e_latency_ms: Some(ms),
            formula_latency_ms: Some(ms),
            end_of_turn_delay_ms: Some(ms),
            transcription_delay_ms: Some(ms),
            on_user_turn_completed_delay_ms: Some(ms),
            llm_ttft_ms: Some(ms),
            tts_ttfb_ms: Some(ms),
            first_sentence_ms: Some(ms),
            tool_calls_ms: Some(ms),
            unexplained_ms: Some(ms),
        }
    }

    #[test]
    fn the_defaults_are_documented() {
        let d = AggregatorLimits::default();
        assert_eq!(d.max_label_value_bytes, 1024);
        assert_eq!(DEFAULT_MAX_LABEL_VALUE_BYTES, 1024);
        assert_eq!(d.max_bucket_bytes, 64 << 20);
        assert_eq!(DEFAULT_MAX_BUCKET_BYTES, 64 << 20);
        assert_eq!(d.max_exposition_bytes, 64 << 20);
        assert_eq!(DEFAULT_MAX_EXPOSITION_BYTES, 64 << 20);
        assert_eq!(d.max_input_bytes, 256 << 20);
        assert_eq!(MAX_BUCKET_BYTES_LIMIT, 1 << 30);
        let e = LatencyAggregator::with_options(AggregatorOptions {
            limits: AggregatorLimits {
                max_bucket_bytes: MAX_BUCKET_BYTES_LIMIT + 1,
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::OutOfRange);
    }

    #[test]
    fn a_label_value_over_the_limit_is_too_large_and_changes_nothing() {
        let limits = AggregatorLimits {
            max_label_value_bytes: 8,
            ..Default::default()
        };
        let mut agg = with(limits, 16);
        agg.record(&turn(500.0), &[("agent_name", "12345678")])
            .unwrap();
        let before = agg.clone();
        let e = agg
            .record(&turn(500.0), &[("agent_name", "123456789")])
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::TooLarge);
        // Labels the aggregator does not group by are not kept, so not limited.
        agg.record(&turn(500.0), &[("other", "x".repeat(100).as_str())])
            .unwrap();
        assert_eq!(agg.series_count(), 2);
        // Merging or decoding a longer value fails too.
        let mut wide = with(AggregatorLimits::default(), 16);
        wide.record(&turn(500.0), &[("agent_name", "123456789")])
            .unwrap();
        let mut small = before.clone();
        assert_eq!(small.merge(&wide).unwrap_err().code(), ErrorCode::TooLarge);
        assert_eq!(small, before);
        let e = LatencyAggregator::from_bytes_with(&wide.to_bytes(), limits).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TooLarge);
        let e = LatencyAggregator::from_json_with(&wide.to_json(), limits).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TooLarge);
    }

    /// Latencies from 1 µs to days in many series: the labelled series' buckets stay
    /// within the budget, what does not fit is in the overflow series, nothing is lost.
    #[test]
    fn the_bucket_budget_bounds_memory_and_loses_nothing() {
        let budget = 64 * 1024;
        let limits = AggregatorLimits {
            max_bucket_bytes: budget,
            ..Default::default()
        };
        let mut agg = with(limits, 65_536);
        let mut recorded = 0u64;
        for series in 0..200 {
            let name = format!("agent-{series}");
            let mut ms = 0.001;
            while ms < 3.0 * 86_400_000.0 {
                agg.record(&turn(ms), &[("agent_name", name.as_str())])
                    .unwrap();
                recorded += 1;
                ms *= 1.05;
            }
        }
        assert!(agg.bucket_bytes() <= budget, "{}", agg.bucket_bytes());
        assert!(agg.bucket_bytes() > budget / 2, "{}", agg.bucket_bytes());
        let total = agg.total(LatencyMetric::E2eLatency);
        assert_eq!(total.count(), recorded);
        let overflow = agg
            .series()
            .find(|s| s.is_overflow())
            .expect("an overflow series");
        assert!(overflow.sketch(LatencyMetric::E2eLatency).count() > 0);
        // Decoding checks the budget; a bigger budget reads it back equal.
        let bytes = agg.to_bytes();
        let tight = AggregatorLimits {
            max_bucket_bytes: budget / 2,
            ..Default::default()
        };
        let e = LatencyAggregator::from_bytes_with(&bytes, tight).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TooLarge);
        assert_eq!(
            LatencyAggregator::from_bytes_with(&bytes, limits).unwrap(),
            agg
        );
        assert_eq!(
            LatencyAggregator::from_json_with(&agg.to_json(), limits).unwrap(),
            agg
        );
        // Merging respects the budget too.
        let mut merged = with(limits, 65_536);
        merged.merge(&agg).unwrap();
        merged.merge(&agg).unwrap();
        assert!(merged.bucket_bytes() <= budget);
        assert_eq!(
            merged.total(LatencyMetric::E2eLatency).count(),
            2 * recorded
        );
    }

    #[test]
    fn decoders_check_the_input_size() {
        let agg = with(AggregatorLimits::default(), 4);
        let limits = AggregatorLimits {
            max_input_bytes: 4,
            ..Default::default()
        };
        let e = LatencyAggregator::from_bytes_with(&agg.to_bytes(), limits).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TooLarge);
        let e = LatencyAggregator::from_json_with(&agg.to_json(), limits).unwrap_err();
        assert_eq!(e.code(), ErrorCode::TooLarge);
    }

    #[test]
    fn exports_over_the_limit_are_too_large() {
        let limits = AggregatorLimits {
            max_exposition_bytes: 64 * 1024,
            ..Default::default()
        };
        let mut agg = with(limits, 256);
        for i in 0..256 {
            let value = format!("{i:0>100}");
            agg.record(&turn(700.0), &[("agent_name", value.as_str())])
                .unwrap();
        }
        assert_eq!(agg.to_prometheus().unwrap_err().code(), ErrorCode::TooLarge);
        let o = OtlpOptions {
            time_unix_nano: 1,
            ..Default::default()
        };
        assert_eq!(
            agg.to_otlp_json(&o).unwrap_err().code(),
            ErrorCode::TooLarge
        );
        // The same aggregator under the default limit exports.
        let mut roomy = with(AggregatorLimits::default(), 256);
        roomy.merge(&agg).unwrap();
        assert!(roomy.to_prometheus().unwrap().len() > 64 * 1024);
        assert!(roomy.to_otlp_json(&o).unwrap().len() > 64 * 1024);
    }

    #[test]
    fn otlp_times_are_checked() {
        let agg = with(AggregatorLimits::default(), 4);
        let at = |start, time| {
            agg.to_otlp_json(&OtlpOptions {
                start_time_unix_nano: start,
                time_unix_nano: time,
                ..Default::default()
            })
            .map_err(|e| e.code())
            .map(|_| ())
        };
        assert_eq!(at(2, 1), Err(ErrorCode::OutOfRange));
        assert_eq!(at(1, u64::MAX), Err(ErrorCode::OutOfRange));
        assert_eq!(at(1, MAX_TIME_UNIX_NANO + 1), Err(ErrorCode::OutOfRange));
        assert_eq!(at(1, MAX_TIME_UNIX_NANO), Ok(()));
        assert_eq!(at(5, 5), Ok(()));
        assert_eq!(unix_nano_from_ms(1e308), None);
        assert_eq!(unix_nano_from_ms(f64::NAN), None);
        assert_eq!(unix_nano_from_ms(-1.0), None);
        assert_eq!(
            unix_nano_from_ms(1_795_280_003_620.0),
            Some(1_795_280_003_620_000_000)
        );
    }
}

/// A price above `MAX_PRICE` (10^9) is a unit mistake and would overflow costs to
/// infinity (`null` in JSON): the table is rejected when read.
#[test]
fn absurd_prices_are_rejected_when_the_table_is_read() {
    use voice_agent_metrics::usage::MAX_PRICE;
    use voice_agent_metrics::{parse_json, PriceTable};
    assert_eq!(MAX_PRICE, 1e9);
    let table = |price: &str| {
        let text = format!(
            r#"{{"currency":"USD","prices":[{{"kind":"llm","provider":"openai","model":"m","inputPerMillion":{price}}}]}}"#
        );
        PriceTable::from_value(&parse_json(text.as_bytes()).unwrap())
            .map_err(|e| (e.code(), e.field()))
    };
    assert_eq!(
        table("1e308").unwrap_err(),
        (ErrorCode::OutOfRange, Some("inputPerMillion"))
    );
    assert_eq!(table("1000000000.5").unwrap_err().0, ErrorCode::OutOfRange);
    assert!(table("1e9").is_ok());
    assert!(table("0").is_ok());
}
