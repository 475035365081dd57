//! The human-readable output: per-turn tables, session summaries, usage and cost,
//! and the across-files summary (numbers rounded for display; --json has them exact).

use crate::json::to_json;
use crate::output::printable;
use crate::{Analysis, FileResult, Measure, EVENT_MEASURES, REPORT_MEASURES};
use serde_json::Value as Json;
use voice_agent_metrics::usage::UsageCost;
use voice_agent_metrics::{
    ChatLatencySummary, ChatTurn, LatencyStats, ModelUsage, TurnKind, TurnLatency, UsageKind,
};

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.1}"))
}

/// Prints an aligned table: numbers right-aligned, the first and `text` columns left.
/// Every cell is made printable (control characters escaped) before it is measured.
fn table(header: &[&str], rows: &[Vec<String>], text: &[usize]) {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| printable(c).into_owned()).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, &w))| {
                if i == 0 || text.contains(&i) {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        out!("  {}", padded.join("  ").trim_end());
    };
    line(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    line(&widths.iter().map(|w| "─".repeat(*w)).collect::<Vec<_>>());
    rows.iter().for_each(|r| line(r));
}

/// A serialized enum's name, as JSON writes it (`staleAnchor`, `agentInitiated`).
fn name<T: serde::Serialize>(v: &T) -> String {
    to_json(v).as_str().unwrap_or("?").to_string()
}

fn stats_table<T>(measures: &[Measure<T>], turns: &[&T]) {
    let mut rows = Vec::new();
    for (_, label, value) in measures {
        let s =
            LatencyStats::from_values(&turns.iter().filter_map(|t| value(t)).collect::<Vec<_>>());
        if s.count > 0 {
            rows.push(vec![
                label.to_string(),
                s.count.to_string(),
                ms(s.min),
                ms(s.p50),
                ms(s.p90),
                ms(s.p95),
                ms(s.p99),
                ms(s.mean),
                ms(s.max),
            ]);
        }
    }
    table(
        &["ms", "n", "min", "p50", "p90", "p95", "p99", "mean", "max"],
        &rows,
        &[],
    );
}

/// Usage per model, with its cost when priced.
fn usage_table(rows: &[ModelUsage], cost: Option<&UsageCost>) {
    let count = |n: u64| if n == 0 { "-".into() } else { n.to_string() };
    let secs = |ms: f64| {
        if ms == 0.0 {
            "-".into()
        } else {
            format!("{:.1}", ms / 1000.0)
        }
    };
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let (provider, model) = r.key();
            let (input, cached, output, chars, audio) = match r {
                ModelUsage::Llm(u) => (
                    u.input_tokens,
                    u.input_cached_tokens,
                    u.output_tokens,
                    0,
                    0.0,
                ),
                ModelUsage::Tts(u) => (
                    u.input_tokens,
                    0,
                    u.output_tokens,
                    u.characters_count,
                    u.audio_duration_ms,
                ),
                ModelUsage::Stt(u) => (u.input_tokens, 0, u.output_tokens, 0, u.audio_duration_ms),
                ModelUsage::Interruption(u) | ModelUsage::Eot(u) => {
                    (u.total_requests, 0, 0, 0, 0.0)
                }
            };
            let priced = cost.map(|c| {
                let same =
                    |k: &UsageKind, p: &str, m: &str| *k == r.kind() && p == provider && m == model;
                if c.unpriced
                    .iter()
                    .any(|u| same(&u.kind, &u.provider, &u.model))
                {
                    "unpriced".into()
                } else {
                    c.models
                        .iter()
                        .find(|m| same(&m.kind, &m.provider, &m.model))
                        .map_or_else(|| "-".into(), |m| format!("{:.6}", m.cost))
                }
            });
            let mut row = vec![
                name(&r.kind()),
                provider.into(),
                model.into(),
                count(input),
                count(cached),
            ];
            row.extend([count(output), count(chars), secs(audio)]);
            row.extend(priced);
            row
        })
        .collect();
    let mut header = vec![
        "usage", "provider", "model", "input", "cached", "output", "chars", "audio s",
    ];
    let currency = cost.map(|c| format!("cost {}", c.currency));
    header.extend(currency.as_deref());
    out!();
    table(&header, &table_rows, &[1, 2]);
    if let Some(c) = cost {
        out!("  cost: {:.6} {}", c.total, c.currency);
    }
}

pub(crate) fn print_file(path: &str, a: &Analysis) {
    match a {
        Analysis::Report { analysis, cost } => {
            out!(
                "── {}: session report, {} turns\n",
                printable(path),
                analysis.turns.len()
            );
            let rows: Vec<Vec<String>> = analysis
                .turns
                .iter()
                .map(|t| {
                    vec![
                        t.index.to_string(),
                        name(&t.kind),
                        ms(t.e2e_latency_ms),
                        ms(t.end_of_turn_delay_ms),
                        ms(t.on_user_turn_completed_delay_ms),
                        ms(t.llm_node_ttft_ms),
                        ms(crate::first_sentence_ms(&t.waterfall)),
                        ms(t.tts_node_ttfb_ms),
                        ms(t.playback_latency_ms),
                        ms(t.unexplained_ms),
                        t.flags.iter().map(name).collect::<Vec<_>>().join(", "),
                    ]
                })
                .collect();
            table(
                &[
                    "#",
                    "kind",
                    "e2e",
                    "end of turn",
                    "hook",
                    "llm ttft",
                    "first sentence",
                    "tts ttfb",
                    "playback",
                    "unexplained",
                    "flags",
                ],
                &rows,
                &[1, 10],
            );
            let summary: &ChatLatencySummary = &analysis.summary;
            out!(
                "\n  latency over {} unflagged user turns",
                summary.user_turns
            );
            let users: Vec<&ChatTurn> = analysis
                .turns
                .iter()
                .filter(|t| t.kind == TurnKind::User && t.flags.is_empty())
                .collect();
            stats_table(&REPORT_MEASURES, &users);
            usage_table(&analysis.usage.models, cost.as_ref());
        }
        Analysis::Events {
            turns,
            summary,
            usage,
            cost,
            ..
        } => {
            out!(
                "── {}: metrics event log, {} turns\n",
                printable(path),
                turns.len()
            );
            let rows: Vec<Vec<String>> = turns
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    vec![
                        i.to_string(),
                        t.speech_id.clone().unwrap_or_else(|| "-".into()),
                        name(&t.kind),
                        ms(t.e2e_latency_ms),
                        ms(t.eou_delay_ms),
                        ms(t.on_user_turn_completed_delay_ms),
                        ms(t.llm_ttft_ms),
                        ms(crate::first_sentence_ms(&t.waterfall)),
                        ms(t.tts_ttfb_ms),
                        ms(t.unexplained_ms),
                        ms(t.formula_latency_ms),
                    ]
                })
                .collect();
            table(
                &[
                    "#",
                    "speech id",
                    "kind",
                    "e2e",
                    "eou",
                    "hook",
                    "llm ttft",
                    "first sentence",
                    "tts ttfb",
                    "unexplained",
                    "formula",
                ],
                &rows,
                &[1, 2],
            );
            out!("\n  latency over {} user turns", summary.user_turns);
            let users: Vec<&TurnLatency> =
                turns.iter().filter(|t| t.kind == TurnKind::User).collect();
            stats_table(&EVENT_MEASURES, &users);
            usage_table(&usage.models, cost.as_ref());
        }
    }
    out!();
}

pub(crate) fn print_overall(files: &[FileResult], overall: &Json) {
    out!(
        "══ all files: {} analysed, {} failed\n",
        overall["analysed"],
        overall["failed"]
    );
    let reports: Vec<&ChatTurn> = files
        .iter()
        .filter_map(|f| match &f.result {
            Ok(Analysis::Report { analysis, .. }) => Some(analysis.turns.iter()),
            _ => None,
        })
        .flatten()
        .filter(|t| t.kind == TurnKind::User && t.flags.is_empty())
        .collect();
    let logs: Vec<&TurnLatency> = files
        .iter()
        .filter_map(|f| match &f.result {
            Ok(Analysis::Events { turns, .. }) => Some(turns.iter()),
            _ => None,
        })
        .flatten()
        .filter(|t| t.kind == TurnKind::User)
        .collect();
    if overall["reports"]["files"] != 0 {
        out!(
            "  session reports: {} files, latency over {} unflagged user turns",
            overall["reports"]["files"],
            reports.len()
        );
        stats_table(&REPORT_MEASURES, &reports);
        out!();
    }
    if overall["eventLogs"]["files"] != 0 {
        out!(
            "  metrics event logs: {} files, latency over {} user turns",
            overall["eventLogs"]["files"],
            logs.len()
        );
        stats_table(&EVENT_MEASURES, &logs);
        out!();
    }
    if let Some(c) = overall.get("cost") {
        out!(
            "  total cost: {:.6} {}",
            c["total"].as_f64().unwrap_or(0.0),
            c["currency"].as_str().unwrap_or("")
        );
    }
}
