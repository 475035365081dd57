//! Cost on hand-checked cases, unpriced models, and price-table errors.

mod common;
use common::*;
use voice_agent_metrics::usage::*;
use voice_agent_metrics::{ErrorCode, Value};

fn table(json: &str) -> Result<PriceTable, PriceError> {
    PriceTable::from_value(&serde_json::from_str::<Value>(json).unwrap())
}

fn catalog_rows() -> Vec<ModelUsage> {
    let mut c = UsageCollector::new();
    for r in normalize_fixture("py-00-collector-catalog/input_metrics.json") {
        c.collect(&r.metric);
    }
    c.flatten()
}

fn cost_of(r: &CostReport, provider: &str, model: &str) -> Option<f64> {
    r.models
        .iter()
        .find(|m| m.provider == provider && m.model == model)
        .map(|m| m.cost)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn hand_checked_costs() {
    let t = table(
        r#"{"currency":"USD","asOf":"2026-11-01","prices":[
        {"kind":"llm","provider":"openai","model":"gpt-4.1-mini","inputPerMillion":0.4,"cachedInputPerMillion":0.1,"outputPerMillion":1.6},
        {"kind":"llm","provider":"anthropic","model":"claude-sonnet-4","inputPerMillion":3,"cachedInputPerMillion":0.3,"cacheCreationPerMillion":3.75,"outputPerMillion":15},
        {"kind":"llm","provider":"openai","model":"gpt-realtime","inputPerMillion":4,"cachedInputPerMillion":0.4,"outputPerMillion":16,"audioInputPerMillion":32,"audioOutputPerMillion":64},
        {"kind":"llm","provider":"xai","model":"grok-voice","sessionPerMinute":0.05},
        {"kind":"stt","provider":"deepgram","model":"*","perAudioMinute":0.0077},
        {"kind":"stt","provider":"openai","model":"gpt-4o-transcribe","inputPerMillion":2.5,"outputPerMillion":10},
        {"kind":"tts","provider":"cartesia","model":"sonic-2","perMillionCharacters":65},
        {"kind":"tts","provider":"openai","model":"gpt-4o-mini-tts","inputPerMillion":0.6,"outputPerMillion":12},
        {"kind":"interruption","provider":"livekit","model":"*","perThousandRequests":0.5}
    ]}"#,
    )
    .unwrap();
    let r = cost(&catalog_rows(), &t);
    assert_eq!(r.currency, "USD");
    // gpt-4.1-mini: 1116 input (the cancelled call added 0) at 0.4/M + 13 output at 1.6/M.
    assert!(close(
        cost_of(&r, "openai", "gpt-4.1-mini").unwrap(),
        1116.0 * 0.4e-6 + 13.0 * 1.6e-6
    ));
    // claude: 2300 input = 764 uncached + 1024 cache reads + 512 cache writes; 40 output.
    let claude = 764.0 * 3e-6 + 1024.0 * 0.3e-6 + 512.0 * 3.75e-6 + 40.0 * 15e-6;
    assert!(close(
        cost_of(&r, "anthropic", "claude-sonnet-4").unwrap(),
        claude
    ));
    // realtime: 472 in = 62 audio + 64 cached text + 346 text; 182 out = 160 audio + 22 text.
    let rt = 346.0 * 4e-6 + 64.0 * 0.4e-6 + 62.0 * 32e-6 + 22.0 * 16e-6 + 160.0 * 64e-6;
    assert!(close(cost_of(&r, "openai", "gpt-realtime").unwrap(), rt));
    // xAI: 12.5 s of session at 0.05/min.
    assert!(close(
        cost_of(&r, "xai", "grok-voice").unwrap(),
        12.5 / 60.0 * 0.05
    ));
    // deepgram via the "*" entry: 2.55 s of audio.
    assert!(close(
        cost_of(&r, "deepgram", "nova-3").unwrap(),
        2.55 / 60.0 * 0.0077
    ));
    // token-billed STT and TTS.
    assert!(close(
        cost_of(&r, "openai", "gpt-4o-transcribe").unwrap(),
        95.0 * 2.5e-6 + 12.0 * 10e-6
    ));
    assert!(close(
        cost_of(&r, "openai", "gpt-4o-mini-tts").unwrap(),
        17.0 * 0.6e-6 + 260.0 * 12e-6
    ));
    // cartesia: 50 + 104 characters (the cancelled segment was still billed).
    assert!(close(
        cost_of(&r, "cartesia", "sonic-2").unwrap(),
        154.0 * 65e-6
    ));
    assert!(close(
        cost_of(&r, "livekit", "adaptive-interruption").unwrap(),
        13.0 / 1000.0 * 0.5
    ));
    // Not priced: the STT without metadata ("" / ""), the EOT model. Never silently 0.
    let unpriced: Vec<_> = r
        .unpriced
        .iter()
        .map(|u| (u.kind, u.provider.as_str(), u.model.as_str()))
        .collect();
    assert_eq!(
        unpriced,
        [
            (UsageKind::Stt, "", ""),
            (UsageKind::Eot, "livekit", "turn-detector-v1-mini")
        ]
    );
    assert!(r.unpriced.iter().all(|u| u.missing == ["entry"]));
    let sum: f64 = r.models.iter().map(|m| m.cost).sum();
    assert!(close(r.total, sum));
}

#[test]
fn a_price_missing_for_part_of_the_usage_makes_the_row_unpriced() {
    // Realtime audio tokens with only text prices: not billed as text, not zero.
    let t = table(
        r#"{"currency":"EUR","prices":[{"kind":"llm","provider":"openai","model":"gpt-realtime","inputPerMillion":4,"outputPerMillion":16}]}"#,
    )
    .unwrap();
    let r = cost(&catalog_rows(), &t);
    let rt = r
        .unpriced
        .iter()
        .find(|u| u.model == "gpt-realtime")
        .unwrap();
    assert_eq!(
        rt.missing,
        ["audioInputPerMillion", "audioOutputPerMillion"]
    );
    assert_eq!(cost_of(&r, "openai", "gpt-realtime"), None);
    assert_eq!(r.total, 0.0);
    assert_eq!(r.currency, "EUR");
}

#[test]
fn example_price_table_is_valid() {
    let text = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/prices.example.json"),
    )
    .unwrap();
    let t = PriceTable::from_value(&voice_agent_metrics::parse_json(&text).unwrap()).unwrap();
    assert_eq!(t.as_of.as_deref(), Some("2026-11-01"));
    // Every fixture session is fully priced by the example table.
    let mut c = UsageCollector::new();
    for r in normalize_fixture("py-01-pipeline-3turns/metrics_events.json") {
        c.collect(&r.metric);
    }
    let r = cost(&c.flatten(), &t);
    assert!(r.unpriced.is_empty(), "{:?}", r.unpriced);
    assert!(r.total > 0.0);
}

#[test]
fn price_table_errors() {
    use ErrorCode::*;
    let cases: &[(&str, ErrorCode, Option<&str>)] = &[
        (r#"[]"#, NotAnObject, None),
        (r#"{"prices":[]}"#, MissingField, Some("currency")),
        (
            r#"{"currency":"dollars","prices":[]}"#,
            OutOfRange,
            Some("currency"),
        ),
        (r#"{"currency":"USD"}"#, MissingField, Some("prices")),
        (
            r#"{"currency":"USD","prices":{}}"#,
            WrongType,
            Some("prices"),
        ),
        (r#"{"currency":"USD","prices":[1]}"#, NotAnObject, None),
        (
            r#"{"currency":"USD","prices":[{"kind":"vision","provider":"a","model":"b"}]}"#,
            WrongType,
            Some("kind"),
        ),
        (
            r#"{"currency":"USD","prices":[{"kind":"llm","model":"b"}]}"#,
            MissingField,
            Some("provider"),
        ),
        (
            r#"{"currency":"USD","prices":[{"kind":"llm","provider":"a","model":"b","inputPerMillion":-1}]}"#,
            OutOfRange,
            Some("inputPerMillion"),
        ),
        (
            r#"{"currency":"USD","prices":[{"kind":"llm","provider":"a","model":"b","inputPerMillion":"1"}]}"#,
            WrongType,
            Some("inputPerMillion"),
        ),
        (
            r#"{"currency":"USD","prices":[{"kind":"llm","provider":"a","model":"b"},{"kind":"llm","provider":"a","model":"b"}]}"#,
            DuplicatePrice,
            None,
        ),
    ];
    for (json, want, field) in cases {
        let e = table(json).expect_err(json);
        assert_eq!((e.code(), e.field()), (*want, *field), "{json}");
    }
}

/// Reasoning tokens are inside `output_tokens` (both SDKs say so): they are billed once,
/// as output, whatever the count says, from either SDK's usage rows.
#[test]
fn reasoning_tokens_are_never_billed_twice() {
    let t = table(
        r#"{"currency":"USD","prices":[
        {"kind":"llm","provider":"google","model":"gemini-live","inputPerMillion":0.5,"outputPerMillion":2}
    ]}"#,
    )
    .unwrap();
    let row = |reasoning| {
        ModelUsage::Llm(LlmUsage {
            provider: "google".into(),
            model: "gemini-live".into(),
            input_tokens: 1000,
            output_tokens: 500,
            output_reasoning_tokens: reasoning,
            ..Default::default()
        })
    };
    let want = 1000.0 * 0.5e-6 + 500.0 * 2e-6;
    for reasoning in [0, 120, 500] {
        let r = cost(&[row(reasoning)], &t);
        assert!(r.unpriced.is_empty(), "{reasoning}: {:?}", r.unpriced);
        assert!(close(r.total, want), "{reasoning}: {} != {want}", r.total);
    }

    // A newer Node session report writes `output_reasoning_tokens` on its LLM row
    // (`outputReasoningTokens` in memory): read, kept, written back, billed once.
    let mut report = fixture_json("js-01-pipeline-3turns/session_report.json");
    report["usage"][0]["output_reasoning_tokens"] = serde_json::json!(20);
    let a = voice_agent_metrics::analyze_session_report_json(
        &serde_json::to_vec(&report).unwrap(),
        &voice_agent_metrics::ReportOptions::default(),
    )
    .unwrap();
    let ModelUsage::Llm(llm) = &a.usage.models[0] else {
        panic!("{:?}", a.usage.models[0])
    };
    assert_eq!((llm.output_tokens, llm.output_reasoning_tokens), (34, 20));
    let js = to_livekit_js(&a.usage.models);
    assert_eq!(
        js[0].get("outputReasoningTokens"),
        Some(&Value::Number(20.0))
    );
    let js = to_livekit_js_filtered(&a.usage.models);
    assert_eq!(
        js[0].get("outputReasoningTokens"),
        Some(&Value::Number(20.0))
    );
    let t = table(
        r#"{"currency":"USD","prices":[
        {"kind":"llm","provider":"fake-openai","model":"fake-gpt-4.1-mini","inputPerMillion":0.4,"cachedInputPerMillion":0.1,"outputPerMillion":1.6}
    ]}"#,
    )
    .unwrap();
    let r = cost(&a.usage.models[..1], &t);
    assert!(close(
        r.total,
        (3416.0 - 2048.0) * 0.4e-6 + 2048.0 * 0.1e-6 + 34.0 * 1.6e-6
    ));
    // Node 1.9.0 rows have no reasoning: the key stays out, as in the captured flatten().
    let plain = to_livekit_js(&[row(0)]);
    assert_eq!(plain[0].get("outputReasoningTokens"), None);
}

/// The lookup rules, whatever the entries' order and the table's size: the exact
/// kind/provider/model first, else that kind and provider's `"*"` entry; never another
/// kind's or provider's. (The index's work is counted in src/usage/price/index.rs.)
#[test]
fn lookup_rules_with_wildcards() {
    let entries = [
        r#"{"kind":"stt","provider":"deepgram","model":"*","perAudioMinute":1}"#,
        r#"{"kind":"stt","provider":"deepgram","model":"nova-3","perAudioMinute":2}"#,
        r#"{"kind":"tts","provider":"deepgram","model":"nova-3","perMillionCharacters":3}"#,
        r#"{"kind":"stt","provider":"openai","model":"*","perAudioMinute":4}"#,
    ];
    let filler: Vec<String> = (0..20_000)
        .map(|i| {
            format!(r#"{{"kind":"llm","provider":"p{i}","model":"m{i}","inputPerMillion":{i}}}"#)
        })
        .collect();
    let forwards = entries.join(",");
    let backwards = entries.iter().rev().copied().collect::<Vec<_>>().join(",");
    for list in [
        forwards.clone(),
        backwards,
        format!("{},{forwards}", filler.join(",")),
        format!("{forwards},{}", filler.join(",")),
    ] {
        let t = table(&format!(r#"{{"currency":"USD","prices":[{list}]}}"#)).unwrap();
        let minute = |kind, provider, model| {
            t.find(kind, provider, model).map(|p| {
                (
                    p.model.clone(),
                    p.per_audio_minute,
                    p.per_million_characters,
                )
            })
        };
        use UsageKind::*;
        assert_eq!(
            minute(Stt, "deepgram", "nova-3"),
            Some(("nova-3".into(), Some(2.0), None))
        );
        assert_eq!(
            minute(Stt, "deepgram", "nova-2"),
            Some(("*".into(), Some(1.0), None))
        );
        assert_eq!(
            minute(Stt, "deepgram", "*"),
            Some(("*".into(), Some(1.0), None))
        );
        assert_eq!(
            minute(Stt, "openai", "whisper"),
            Some(("*".into(), Some(4.0), None))
        );
        assert_eq!(
            minute(Tts, "deepgram", "nova-3"),
            Some(("nova-3".into(), None, Some(3.0)))
        );
        // No "*" for TTS deepgram, none for STT assemblyai, names compared exactly.
        assert_eq!(minute(Tts, "deepgram", "aura"), None);
        assert_eq!(minute(Stt, "assemblyai", "nova-3"), None);
        assert_eq!(minute(Stt, "Deepgram", "nova-3"), None);
        assert_eq!(
            minute(Stt, "deepgram", "nova-3 "),
            Some(("*".into(), Some(1.0), None))
        );
        if t.prices.len() > 4 {
            assert_eq!(
                t.find(Llm, "p19999", "m19999").unwrap().input_per_million,
                Some(19_999.0)
            );
            assert!(t.find(Llm, "p19999", "m0").is_none());
        }
    }
}

/// `PriceTable::new`, deserializing and `reindex` find what `from_value` finds, and
/// check what it checks.
#[test]
fn every_way_to_build_a_table_looks_up_alike() {
    let json = r#"{"currency":"USD","prices":[
        {"kind":"stt","provider":"deepgram","model":"*","perAudioMinute":1},
        {"kind":"stt","provider":"deepgram","model":"nova-3","perAudioMinute":2}]}"#;
    let parsed = table(json).unwrap();
    let built = PriceTable::new("USD".into(), None, parsed.prices.clone()).unwrap();
    let deserialized: PriceTable = serde_json::from_str(json).unwrap();
    let mut edited = PriceTable::new("USD".into(), None, vec![]).unwrap();
    edited.prices = parsed.prices.clone();
    assert_eq!(built, parsed);
    assert_eq!(deserialized, parsed);
    for t in [&parsed, &built, &deserialized, &edited] {
        let model = |m| {
            t.find(UsageKind::Stt, "deepgram", m)
                .map(|p| p.model.as_str())
        };
        assert_eq!(
            (model("nova-3"), model("other")),
            (Some("nova-3"), Some("*"))
        );
    }
    edited.reindex();
    assert_eq!(
        edited.find(UsageKind::Stt, "deepgram", "x").unwrap().model,
        "*"
    );

    let mut twice = parsed.prices.clone();
    twice.push(parsed.prices[1].clone());
    let e = PriceTable::new("USD".into(), None, twice).unwrap_err();
    assert_eq!(
        (e.code(), e.to_string().contains("prices[2]")),
        (ErrorCode::DuplicatePrice, true)
    );
    let mut negative = parsed.prices.clone();
    negative[0].per_audio_minute = Some(-1.0);
    let e = PriceTable::new("USD".into(), None, negative).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::OutOfRange, Some("perAudioMinute"))
    );
    let e = PriceTable::new("usd".into(), None, vec![]).unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        (ErrorCode::OutOfRange, Some("currency"))
    );
}
