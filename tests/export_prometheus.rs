//! Prometheus text exposition: format checks in Rust, a golden file, `promtool check
//! metrics`, and a real Prometheus server scraping it (the last two need Debian's
//! `prometheus` package: `#[ignore]`d here, run by `scripts/ci/55-prometheus.sh`).

mod aggregate_fixtures;

use aggregate_fixtures::{all_sessions, path};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use voice_agent_metrics::aggregate::EXPLICIT_BOUNDS_MS;
use voice_agent_metrics::{LatencyAggregator, LatencyMetric, PriceTable, TurnSample};

/// One sample line: name, labels (unescaped), value.
type Sample = (String, Vec<(String, String)>, f64);

fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// Parses `{a="x",b="y\"z"}` (after the name) into pairs, checking the escapes.
fn parse_labels(s: &str) -> (Vec<(String, String)>, &str) {
    let mut out = Vec::new();
    let Some(mut rest) = s.strip_prefix('{') else {
        return (out, s);
    };
    loop {
        if let Some(r) = rest.strip_prefix('}') {
            return (out, r);
        }
        let eq = rest.find("=\"").expect("label=\"value\"");
        let name = &rest[..eq];
        assert!(is_name(name), "label name {name:?}");
        let mut value = String::new();
        let mut chars = rest[eq + 2..].char_indices();
        let end = loop {
            match chars.next().expect("unterminated label value") {
                (i, '"') => break eq + 2 + i + 1,
                (_, '\\') => match chars.next().expect("escape").1 {
                    '\\' => value.push('\\'),
                    '"' => value.push('"'),
                    'n' => value.push('\n'),
                    c => panic!("invalid escape \\{c}"),
                },
                (_, '\n') => panic!("raw newline in a label value"),
                (_, c) => value.push(c),
            }
        };
        out.push((name.to_string(), value));
        rest = &rest[end..];
        rest = rest.strip_prefix(',').unwrap_or(rest);
    }
}

/// Checks the exposition line by line and returns its samples and `# TYPE`s.
fn parse_exposition(text: &str) -> (Vec<Sample>, BTreeMap<String, String>) {
    let mut samples = Vec::new();
    let mut types = BTreeMap::new();
    let mut helped = Vec::new();
    assert!(text.ends_with('\n'));
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("# HELP ") {
            let (name, help) = rest.split_once(' ').unwrap();
            assert!(is_name(name) && !help.is_empty() && !helped.contains(&name.to_string()));
            helped.push(name.to_string());
        } else if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').unwrap();
            assert!(matches!(kind, "counter" | "histogram"), "{line}");
            assert_eq!(
                helped.last().map(String::as_str),
                Some(name),
                "HELP then TYPE"
            );
            assert!(types.insert(name.to_string(), kind.to_string()).is_none());
        } else {
            let name_end = line.find(['{', ' ']).unwrap();
            let name = &line[..name_end];
            assert!(is_name(name), "{line}");
            let (labels, rest) = parse_labels(&line[name_end..]);
            let value = rest.strip_prefix(' ').unwrap();
            let value: f64 = if value == "+Inf" {
                f64::INFINITY
            } else {
                value.parse().unwrap()
            };
            let family = ["_bucket", "_sum", "_count"]
                .iter()
                .find_map(|s| {
                    name.strip_suffix(s)
                        .filter(|f| types.get(*f).map(String::as_str) == Some("histogram"))
                })
                .unwrap_or(name);
            assert!(types.contains_key(family), "sample before its TYPE: {line}");
            samples.push((name.to_string(), labels, value));
        }
    }
    (samples, types)
}

fn without(labels: &[(String, String)], key: &str) -> Vec<(String, String)> {
    labels.iter().filter(|(k, _)| k != key).cloned().collect()
}

#[test]
fn exposition_is_well_formed_and_buckets_are_exact() {
    let agg = all_sessions();
    let text = agg.to_prometheus().unwrap();
    let (samples, types) = parse_exposition(&text);
    for m in LatencyMetric::ALL {
        let name = m.prometheus_name();
        assert_eq!(
            types.get(name).map(String::as_str),
            Some("histogram"),
            "{name}"
        );
        assert!(name.ends_with("_seconds"));
        for series in agg.series() {
            let sketch = series.sketch(m);
            if sketch.count() == 0 {
                continue;
            }
            let want: Vec<(String, String)> = series
                .labels()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let buckets: Vec<&Sample> = samples
                .iter()
                .filter(|(n, l, _)| *n == format!("{name}_bucket") && without(l, "le") == want)
                .collect();
            assert_eq!(buckets.len(), EXPLICIT_BOUNDS_MS.len() + 1);
            // Cumulative counts at each bound are exactly the explicit counts summed.
            let mut cumulative = 0;
            for (i, b) in buckets.iter().enumerate() {
                cumulative += sketch.explicit_counts()[i];
                assert_eq!(b.2, cumulative as f64);
                let le = &b.1.iter().find(|(k, _)| k == "le").unwrap().1;
                match EXPLICIT_BOUNDS_MS.get(i) {
                    Some(ms) => assert_eq!(le.parse::<f64>().unwrap(), f64::from(*ms) / 1000.0),
                    None => assert_eq!(le, "+Inf"),
                }
            }
            let find = |suffix: &str| {
                samples
                    .iter()
                    .find(|(n, l, _)| *n == format!("{name}{suffix}") && *l == want)
                    .unwrap()
                    .2
            };
            assert_eq!(find("_count"), sketch.count() as f64);
            assert!((find("_sum") - sketch.sum_ms() / 1000.0).abs() < 1e-9);
        }
    }
    // The connection acquire times: the catalog's one realtime acquire (xai
    // grok-voice, 0.085 s, not reused) in the realtime session's series, under the
    // series labels and the SDK's attributes, every bucket from 0.09 s on holding it.
    let name = "lk_agents_connection_acquire_time_seconds";
    assert_eq!(types.get(name).map(String::as_str), Some("histogram"));
    let acquire: Vec<&Sample> = samples
        .iter()
        .filter(|(n, _, _)| n.starts_with(name))
        .collect();
    assert_eq!(acquire.len(), EXPLICIT_BOUNDS_MS.len() + 3);
    let realtime = aggregate_fixtures::session("py-04-realtime");
    let mut want: Vec<(String, String)> = aggregate_fixtures::KEYS
        .iter()
        .map(|k| {
            // A key the session has no label for is "" (its TTS model here).
            let v = realtime.labels.iter().find(|(l, _)| l == k);
            (k.to_string(), v.map_or(String::new(), |v| v.1.clone()))
        })
        .collect();
    want.extend([
        ("model_provider".to_string(), "xai".to_string()),
        ("model_name".to_string(), "grok-voice".to_string()),
        ("connection_reused".to_string(), "false".to_string()),
    ]);
    for (n, labels, value) in acquire {
        match n.strip_prefix(name).unwrap() {
            "_bucket" => {
                assert_eq!(without(labels, "le"), want);
                let le = &labels.iter().find(|(k, _)| k == "le").unwrap().1;
                let le = if le == "+Inf" {
                    f64::INFINITY
                } else {
                    le.parse().unwrap()
                };
                assert_eq!(*value, if le >= 0.085 { 1.0 } else { 0.0 }, "le {le}");
            }
            "_sum" => assert_eq!((labels, *value), (&want, 0.085)),
            "_count" => assert_eq!((labels, *value), (&want, 1.0)),
            other => panic!("unexpected sample {name}{other}"),
        }
    }
    // Label values with a quote, a backslash and a newline came back intact.
    assert!(samples.iter().any(|(_, l, _)| l
        .iter()
        .any(|(k, v)| k == "deployment" && v == "ci \"fixtures\"\\\nline 2")));
    assert_eq!(
        types
            .get("lk_agents_usage_llm_input_tokens_total")
            .map(String::as_str),
        Some("counter")
    );
    let sessions: f64 = samples
        .iter()
        .filter(|s| s.0 == "voice_agent_sessions_total")
        .map(|s| s.2)
        .sum();
    assert_eq!(sessions, 14.0);
}

#[test]
fn exposition_matches_the_golden_file() {
    let table = prices();
    let text = all_sessions().to_prometheus_with(Some(&table)).unwrap();
    let golden = path("tests/golden/prometheus_fixtures.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &text).unwrap();
    }
    let want = std::fs::read_to_string(&golden).expect("golden file (UPDATE_GOLDEN=1 to write it)");
    assert!(
        text == want,
        "exposition differs from {}; rerun with UPDATE_GOLDEN=1 and review the diff",
        golden.display()
    );
    parse_exposition(&text);
}

fn prices() -> PriceTable {
    let v: voice_agent_metrics::Value = serde_json::from_str(PRICES).unwrap();
    PriceTable::from_value(&v).unwrap()
}

/// Prices for the fixtures' fake models.
const PRICES: &str = r#"{"currency":"USD","prices":[
 {"kind":"llm","provider":"fake-openai","model":"fake-gpt-4.1-mini","inputPerMillion":0.4,"cachedInputPerMillion":0.1,"outputPerMillion":1.6},
 {"kind":"tts","provider":"fake-cartesia","model":"*","perMillionCharacters":30}]}"#;

#[test]
fn label_names_are_sanitized_and_the_overflow_series_is_marked() {
    let options = voice_agent_metrics::AggregatorOptions {
        label_keys: vec!["lk.agent_name".into(), "2nd-key".into()],
        max_series: 1,
        ..Default::default()
    };
    let mut agg = LatencyAggregator::with_options(options).unwrap();
    let t = TurnSample {
        tts_ttfb_ms: Some(120.0),
        ..Default::default()
    };
    agg.record(&t, &[("lk.agent_name", "a"), ("2nd-key", "x")])
        .unwrap();
    agg.record(&t, &[("lk.agent_name", "b")]).unwrap();
    let text = agg.to_prometheus().unwrap();
    parse_exposition(&text);
    assert!(
        text.contains(r#"lk_agents_turn_tts_ttfb_seconds_count{lk_agent_name="a",_2nd_key="x"} 1"#)
    );
    assert!(
        text.contains(r#"lk_agents_turn_tts_ttfb_seconds_count{otel_metric_overflow="true"} 1"#)
    );
    assert!(text.contains(
        r#"lk_agents_turn_tts_ttfb_seconds_bucket{otel_metric_overflow="true",le="0.15"} 1"#
    ));
}

/// Pipes the exposition of the fixture sessions (and a labelless one) to `promtool check metrics`.
#[test]
#[ignore = "needs Debian's prometheus package (promtool); run by scripts/ci/55-prometheus.sh"]
fn promtool_check_metrics_passes() {
    let table = prices();
    let mut plain = LatencyAggregator::new::<&str>(&[]).unwrap();
    plain
        .record(
            &TurnSample {
                e2e_latency_ms: Some(1_000.0),
                ..Default::default()
            },
            &[("", "")],
        )
        .unwrap();
    for text in [
        all_sessions().to_prometheus_with(Some(&table)).unwrap(),
        plain.to_prometheus().unwrap(),
    ] {
        let mut child = Command::new("promtool")
            .args(["check", "metrics"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("promtool on PATH (apt-get install prometheus)");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let report = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success() && report.trim().is_empty(),
            "promtool: {report}"
        );
        println!(
            "promtool check metrics: OK ({} lines)",
            text.lines().count()
        );
    }
}

#[path = "export_prometheus/real_prometheus.rs"]
mod real_prometheus;
