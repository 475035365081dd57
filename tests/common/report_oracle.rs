//! Expected chat turns, usage and timeline computed straight from a raw session report
//! with serde_json only: a user message and the assistant messages up to
//! the next user message, each value × 1000 from the chat item. Independent of the
//! engine's code; used by the report tests.
#![allow(dead_code)]

use serde_json::{Map, Value};

/// Epoch value of unknown unit → epoch ms (above 1e11 it already is ms).
pub fn epoch_ms(v: f64) -> f64 {
    if v > 1e11 {
        v
    } else {
        v * 1000.0
    }
}

fn num(m: &Value, snake: &str, camel: &str) -> Option<f64> {
    m.get(snake)
        .or_else(|| m.get(camel))
        .and_then(Value::as_f64)
}

/// A message metric (seconds) in ms.
fn ms(m: &Value, snake: &str, camel: &str) -> Option<f64> {
    num(m, snake, camel).map(|s| s * 1000.0)
}

fn metrics(item: &Value) -> Value {
    item.get("metrics")
        .cloned()
        .unwrap_or(Value::Object(Map::new()))
}

/// One expected tool call.
#[derive(Debug, Clone, PartialEq)]
pub struct ExpectedTool {
    pub name: String,
    pub call_id: String,
    pub is_error: Option<bool>,
    pub duration_ms: Option<f64>,
}

/// One expected turn.
#[derive(Debug, Clone, Default)]
pub struct ExpectedTurn {
    pub user: bool,
    pub user_item_id: Option<String>,
    pub agent_item_ids: Vec<String>,
    pub e2e_ms: Option<f64>,
    pub end_of_turn_ms: Option<f64>,
    pub transcription_ms: Option<f64>,
    pub on_user_turn_completed_ms: Option<f64>,
    pub llm_ttft_ms: Option<f64>,
    pub llm_ttfs_ms: Option<f64>,
    pub llm_tps: Option<f64>,
    pub tts_ttfb_ms: Option<f64>,
    pub playback_ms: Option<f64>,
    /// e2e minus the plain sum of its parts (the part the plain formula misses).
    pub sum_remainder_ms: Option<f64>,
    pub user_started_ms: Option<f64>,
    pub user_stopped_ms: Option<f64>,
    pub agent_started_ms: Option<f64>,
    pub agent_stopped_ms: Option<f64>,
    pub interrupted: bool,
    pub realtime: bool,
    pub provider_request_ids: Vec<String>,
    pub tools: Vec<ExpectedTool>,
}

/// The chat items of a report (`chat_history.items`).
pub fn items(report: &Value) -> &Vec<Value> {
    report["chat_history"]["items"].as_array().unwrap()
}

/// Turns by the plain rule: a user message opens a turn, everything after joins it.
pub fn turns(report: &Value) -> Vec<ExpectedTurn> {
    let mut groups: Vec<(Option<Value>, Vec<Value>, Vec<Value>)> = Vec::new();
    for item in items(report) {
        let t = item["type"].as_str().unwrap();
        let role = item.get("role").and_then(Value::as_str);
        match (t, role) {
            ("message", Some("user")) => groups.push((Some(item.clone()), vec![], vec![])),
            ("message", Some("assistant")) => {
                if groups.is_empty() {
                    groups.push((None, vec![], vec![]));
                }
                groups.last_mut().unwrap().1.push(item.clone());
            }
            ("function_call", _) | ("function_call_output", _) => {
                groups.last_mut().unwrap().2.push(item.clone())
            }
            _ => {}
        }
    }
    groups
        .iter()
        .map(|(u, a, tools)| turn(u.as_ref(), a, tools))
        .collect()
}

fn turn(user: Option<&Value>, agents: &[Value], tools: &[Value]) -> ExpectedTurn {
    let um = user.map(metrics).unwrap_or(Value::Null);
    let am: Vec<Value> = agents.iter().map(metrics).collect();
    let reply = am
        .iter()
        .find(|m| m.get("e2e_latency").or(m.get("e2eLatency")).is_some())
        .or(am.first())
        .cloned()
        .unwrap_or(Value::Null);
    let mut ids: Vec<String> = vec![];
    for m in &am {
        for id in m
            .get("provider_request_ids")
            .or(m.get("providerRequestIds"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let id = id.as_str().unwrap().to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let mut t = ExpectedTurn {
        user: user.is_some(),
        user_item_id: user.map(|u| u["id"].as_str().unwrap().to_string()),
        agent_item_ids: agents
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect(),
        e2e_ms: ms(&reply, "e2e_latency", "e2eLatency"),
        end_of_turn_ms: ms(&um, "end_of_turn_delay", "endOfTurnDelay"),
        transcription_ms: ms(&um, "transcription_delay", "transcriptionDelay"),
        on_user_turn_completed_ms: ms(
            &um,
            "on_user_turn_completed_delay",
            "onUserTurnCompletedDelay",
        ),
        llm_ttft_ms: ms(&reply, "llm_node_ttft", "llmNodeTtft"),
        llm_ttfs_ms: ms(&reply, "llm_node_ttfs", "llmNodeTtfs"),
        llm_tps: num(&reply, "llm_node_tps", "llmNodeTps"),
        tts_ttfb_ms: ms(&reply, "tts_node_ttfb", "ttsNodeTtfb"),
        playback_ms: ms(&reply, "playback_latency", "playbackLatency"),
        user_started_ms: ms(&um, "started_speaking_at", "startedSpeakingAt"),
        user_stopped_ms: ms(&um, "stopped_speaking_at", "stoppedSpeakingAt"),
        agent_started_ms: am
            .iter()
            .filter_map(|m| ms(m, "started_speaking_at", "startedSpeakingAt"))
            .reduce(f64::min),
        agent_stopped_ms: am
            .iter()
            .filter_map(|m| ms(m, "stopped_speaking_at", "stoppedSpeakingAt"))
            .reduce(f64::max),
        interrupted: agents.iter().any(|a| a["interrupted"] == Value::Bool(true)),
        realtime: !ids.is_empty(),
        provider_request_ids: ids,
        tools: expected_tools(tools),
        ..Default::default()
    };
    if !t.realtime {
        if let (Some(e2e), Some(eot), Some(ttft), Some(ttfb)) =
            (t.e2e_ms, t.end_of_turn_ms, t.llm_ttft_ms, t.tts_ttfb_ms)
        {
            t.sum_remainder_ms = Some(
                e2e - eot
                    - t.on_user_turn_completed_ms.unwrap_or(0.0)
                    - ttft
                    - ttfb
                    - t.playback_ms.unwrap_or(0.0),
            );
        }
    }
    t
}

fn expected_tools(tools: &[Value]) -> Vec<ExpectedTool> {
    let calls = tools.iter().filter(|t| t["type"] == "function_call");
    calls
        .map(|c| {
            let id = c.get("call_id").or(c.get("callId")).unwrap();
            let out = tools.iter().find(|o| {
                o["type"] == "function_call_output"
                    && o.get("call_id").or(o.get("callId")) == Some(id)
            });
            let at = |v: &Value| epoch_ms(num(v, "created_at", "createdAt").unwrap());
            ExpectedTool {
                name: c["name"].as_str().unwrap().to_string(),
                call_id: id.as_str().unwrap().to_string(),
                is_error: out.map(|o| {
                    o.get("is_error")
                        .or(o.get("isError"))
                        .unwrap()
                        .as_bool()
                        .unwrap()
                }),
                duration_ms: out.map(|o| at(o) - at(c)),
            }
        })
        .collect()
}

/// A usage entry of any shape (report, `model_dump`, Node camelCase ms) as a map of
/// canonical serialized field (camelCase, ms) → value; absent fields are 0.
pub fn canonical_usage(entry: &Value) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in entry.as_object().unwrap() {
        let (key, value) = match k.as_str() {
            "audio_duration" => ("audioDurationMs".to_string(), v.as_f64().unwrap() * 1000.0),
            "session_duration" => (
                "sessionDurationMs".to_string(),
                v.as_f64().unwrap() * 1000.0,
            ),
            "type" | "provider" | "model" => {
                out.insert(k.clone(), v.clone());
                continue;
            }
            other => (camel(other), v.as_f64().unwrap()),
        };
        out.insert(key, serde_json::json!(value));
    }
    out
}

/// snake_case → camelCase (`e2e_latency` → `e2eLatency`).
pub fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            out.extend(c.to_uppercase());
            up = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The `(type, at_ms)` of every report event the timeline shows, in order, with the
/// states / transcript as a detail string.
pub fn timeline(report: &Value) -> Vec<(String, f64, String)> {
    let mut out = vec![];
    for e in report["events"].as_array().unwrap() {
        let at = || epoch_ms(e["created_at"].as_f64().unwrap());
        let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
        match e["type"].as_str().unwrap() {
            "user_state_changed" => out.push((
                "userState".into(),
                at(),
                format!("{}>{}", s("old_state"), s("new_state")),
            )),
            "agent_state_changed" => out.push((
                "agentState".into(),
                at(),
                format!("{}>{}", s("old_state"), s("new_state")),
            )),
            "user_input_transcribed" if e["is_final"] == true => {
                out.push(("transcript".into(), at(), s("transcript")))
            }
            "speech_created" => out.push(("speechCreated".into(), at(), s("source"))),
            "function_tools_executed" => out.push(("toolsExecuted".into(), at(), String::new())),
            "conversation_item_added" if e["item"]["type"] == "agent_handoff" => out.push((
                "handoff".into(),
                at(),
                e["item"]["new_agent_id"].as_str().unwrap().to_string(),
            )),
            "close" => out.push(("close".into(), at(), s("reason"))),
            "error" => out.push(("error".into(), at(), String::new())),
            "agent_false_interruption" => {
                out.push(("falseInterruption".into(), at(), String::new()))
            }
            _ => {}
        }
    }
    out
}
