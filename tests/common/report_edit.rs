//! Helpers to load a captured session report, edit it, and analyse the result (needs
//! `mod common;` in the test crate).
#![allow(dead_code)]

#[path = "report_oracle.rs"]
pub mod oracle;

use serde_json::{json, Map, Value};
use voice_agent_metrics::{analyze_session_report_json, ReportOptions, SessionAnalysis, UsageKind};

pub use crate::common::fixture_json;

/// A scenario's `session_report.json`.
pub fn report(name: &str) -> Value {
    fixture_json(&format!("{name}/session_report.json"))
}

pub fn run(v: &Value) -> SessionAnalysis {
    run_with(v, &ReportOptions::default())
}

pub fn run_with(v: &Value, options: &ReportOptions) -> SessionAnalysis {
    analyze_session_report_json(&serde_json::to_vec(v).unwrap(), options).unwrap()
}

pub fn items(v: &mut Value) -> &mut Vec<Value> {
    v["chat_history"]["items"].as_array_mut().unwrap()
}

/// Index of the n-th (0-based) message of `role`.
pub fn message(v: &Value, role: &str, n: usize) -> usize {
    oracle::items(v)
        .iter()
        .enumerate()
        .filter(|(_, i)| i["type"] == "message" && i["role"] == role)
        .nth(n)
        .unwrap()
        .0
}

/// Keys → camelCase, recursively (not inside `extra`), `arguments` → `args`.
pub fn camelize(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let key = if k == "arguments" {
                        "args".into()
                    } else {
                        oracle::camel(k)
                    };
                    let v = if k == "extra" { v.clone() } else { camelize(v) };
                    (key, v)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(camelize).collect()),
        other => other.clone(),
    }
}

/// A Node report as `@livekit/agents` wrote it before 1.4.10: camelCase
/// events and chat items with `createdAt` in epoch ms, usage camelCase in ms, no
/// `sdk_version`/`audio_recording_*`/`user_away_timeout`/`recording_options`.
pub fn legacy(modern: &Value) -> Value {
    let mut r = modern.clone();
    let top = r.as_object_mut().unwrap();
    for k in [
        "sdk_version",
        "audio_recording_path",
        "audio_recording_started_at",
    ] {
        top.remove(k);
    }
    let options = top["options"].as_object_mut().unwrap();
    options.remove("user_away_timeout");
    options.remove("recording_options");
    top["events"] = camelize(&top["events"]);
    let chat: Vec<Value> = top["chat_history"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let mut c = camelize(i);
            let s = c["createdAt"].as_f64().unwrap();
            c["createdAt"] = json!((s * 1000.0).round());
            c
        })
        .collect();
    top["chat_history"] = json!({ "items": chat });
    let usage: Vec<Value> = top["usage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            let mut out = Map::new();
            for (k, v) in camelize(u).as_object().unwrap() {
                match k.as_str() {
                    "audioDuration" | "sessionDuration" => {
                        let ms = (v.as_f64().unwrap() * 1000.0).round();
                        out.insert(format!("{k}Ms"), json!(ms));
                    }
                    _ => {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            Value::Object(out)
        })
        .collect();
    top["usage"] = json!(usage);
    r
}

pub fn strip_types(entries: &mut Value) -> Vec<UsageKind> {
    entries
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .map(|e| {
            let t = e.as_object_mut().unwrap().remove("type").unwrap();
            match t.as_str().unwrap() {
                "llm_usage" => UsageKind::Llm,
                "tts_usage" => UsageKind::Tts,
                "stt_usage" => UsageKind::Stt,
                "interruption_usage" => UsageKind::Interruption,
                "eot_usage" => UsageKind::Eot,
                other => panic!("{other}"),
            }
        })
        .collect()
}

pub fn kinds(a: &SessionAnalysis) -> Vec<UsageKind> {
    a.usage.models.iter().map(|m| m.kind()).collect()
}
