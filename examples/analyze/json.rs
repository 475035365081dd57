//! The CLI's --json document (README, "Command line"): per-file entries and the
//! across-files summary, built from the typed results.

use crate::{Analysis, FileResult, Measure, EVENT_MEASURES, REPORT_MEASURES};
use serde_json::{json, Map, Value as Json};
use voice_agent_metrics::usage::UsageCost;
use voice_agent_metrics::{LatencyStats, TurnKind};

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Json {
    serde_json::to_value(v).unwrap_or(Json::Null)
}

pub(crate) fn file_json(f: &FileResult) -> Json {
    let mut o = Map::new();
    o.insert("path".into(), json!(f.path));
    let ok = match &f.result {
        Ok(a) => a,
        Err(e) => {
            let mut err = Map::new();
            err.insert("code".into(), json!(e.code));
            err.insert("message".into(), json!(e.message));
            if let Some(field) = e.field {
                err.insert("field".into(), json!(field));
            }
            if let Some(index) = e.index {
                err.insert("index".into(), json!(index));
            }
            if let Some((line, column)) = e.position {
                err.insert("line".into(), json!(line));
                err.insert("column".into(), json!(column));
            }
            o.insert("ok".into(), json!(false));
            o.insert("error".into(), Json::Object(err));
            return Json::Object(o);
        }
    };
    o.insert("ok".into(), json!(true));
    o.insert("bytes".into(), json!(f.bytes));
    let cost = match ok {
        Analysis::Report { analysis: a, cost } => {
            o.insert("kind".into(), json!("report"));
            for (key, value) in [
                ("sdk", to_json(&a.sdk)),
                ("sdkVersion", to_json(&a.sdk_version)),
                ("durationMs", to_json(&a.duration_ms)),
            ] {
                if !value.is_null() {
                    o.insert(key.into(), value);
                }
            }
            o.insert("turns".into(), to_json(&a.turns));
            o.insert("summary".into(), to_json(&a.summary));
            o.insert("flags".into(), to_json(&a.flags));
            o.insert("usage".into(), to_json(&a.usage.models));
            o.insert("usageFlags".into(), to_json(&a.usage.flags));
            o.insert("skipped".into(), json!(a.skipped.len()));
            // A report's usage has no turns: the CLI gives the per-model part only.
            cost.as_ref().map(|c| {
                json!({
                    "currency": c.currency,
                    "total": c.total,
                    "models": to_json(&c.models),
                    "unpriced": to_json(&c.unpriced),
                })
            })
        }
        Analysis::Events {
            turns,
            summary,
            usage,
            skipped,
            cost,
        } => {
            o.insert("kind".into(), json!("events"));
            o.insert("turns".into(), to_json(turns));
            o.insert("summary".into(), to_json(summary));
            o.insert("usage".into(), to_json(&usage.models));
            o.insert("usageFlags".into(), to_json(&usage.flags));
            o.insert("duplicatesDropped".into(), json!(usage.duplicates_dropped));
            o.insert("skipped".into(), json!(skipped));
            cost.as_ref().map(to_json)
        }
    };
    if let Some(c) = cost {
        o.insert("cost".into(), c);
    }
    Json::Object(o)
}

// --- across files -------------------------------------------------------------------

/// The top-level statistics of `ChatLatencySummary` and `LatencySummary`.
const REPORT_SUMMARY: [&str; 9] = [
    "e2eLatencyMs",
    "endOfTurnDelayMs",
    "transcriptionDelayMs",
    "onUserTurnCompletedDelayMs",
    "llmNodeTtftMs",
    "llmNodeTtfsMs",
    "ttsNodeTtfbMs",
    "playbackLatencyMs",
    "unexplainedMs",
];
const EVENT_SUMMARY: [&str; 7] = [
    "e2eLatencyMs",
    "formulaLatencyMs",
    "eouDelayMs",
    "transcriptionDelayMs",
    "onUserTurnCompletedDelayMs",
    "llmTtftMs",
    "ttsTtfbMs",
];

/// The statistics of `measures` over `turns`, as the library's summary has them at its
/// top level (the waterfall parts are in its `waterfall`, added by the caller).
fn stats<T>(measures: &[Measure<T>], turns: &[&T], out: &mut Map<String, Json>, top: &[&str]) {
    for (name, _, value) in measures.iter().filter(|m| top.contains(&m.0)) {
        let values: Vec<f64> = turns.iter().filter_map(|t| value(t)).collect();
        out.insert((*name).into(), to_json(&LatencyStats::from_values(&values)));
    }
}

pub(crate) fn overall_json(files: &[FileResult], currency: Option<&str>) -> Json {
    let analysed: Vec<&Analysis> = files
        .iter()
        .filter_map(|f| f.result.as_ref().ok())
        .collect();
    let (mut report_turns, mut log_turns, mut reports, mut logs, mut flagged) =
        (Vec::new(), Vec::new(), 0, 0, 0);
    for a in &analysed {
        match a {
            Analysis::Report { analysis, .. } => {
                reports += 1;
                flagged += analysis.summary.flagged_turns;
                report_turns.extend(
                    analysis
                        .turns
                        .iter()
                        .filter(|t| t.kind == TurnKind::User && t.flags.is_empty()),
                );
            }
            Analysis::Events { turns, .. } => {
                logs += 1;
                log_turns.extend(turns.iter().filter(|t| t.kind == TurnKind::User));
            }
        }
    }
    let mut r = Map::new();
    r.insert("files".into(), json!(reports));
    r.insert("userTurns".into(), json!(report_turns.len()));
    r.insert("flaggedTurns".into(), json!(flagged));
    stats(&REPORT_MEASURES, &report_turns, &mut r, &REPORT_SUMMARY);
    let owned: Vec<_> = report_turns.iter().map(|t| (*t).clone()).collect();
    r.insert(
        "waterfall".into(),
        to_json(&voice_agent_metrics::summarize_chat_turns(&owned).waterfall),
    );
    let mut e = Map::new();
    e.insert("files".into(), json!(logs));
    e.insert("userTurns".into(), json!(log_turns.len()));
    stats(&EVENT_MEASURES, &log_turns, &mut e, &EVENT_SUMMARY);
    let owned: Vec<_> = log_turns.iter().map(|t| (*t).clone()).collect();
    e.insert(
        "waterfall".into(),
        to_json(&voice_agent_metrics::summarize(&owned).waterfall),
    );
    let mut o = json!({
        "files": files.len(), "analysed": analysed.len(), "failed": files.len() - analysed.len(),
        "reports": r, "eventLogs": e,
    });
    if let Some(currency) = currency {
        let costs: Vec<&UsageCost> = analysed
            .iter()
            .filter_map(|a| match a {
                Analysis::Report { cost, .. } | Analysis::Events { cost, .. } => cost.as_ref(),
            })
            .collect();
        // Summed in file order, as the CLI sums them.
        let total = costs.iter().fold(0.0, |sum, c| sum + c.total);
        let unpriced = costs.iter().filter(|c| !c.unpriced.is_empty()).count();
        o["cost"] = json!({ "currency": currency, "total": total, "filesWithUnpriced": unpriced });
    }
    o
}
