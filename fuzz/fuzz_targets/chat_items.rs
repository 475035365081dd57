//! Chat items and session events, live (`ChatTurnBuilder`), one JSON value per line.
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::{join_turns, parse_json, ChatTurnBuilder, ReportOptions, Value};

fuzz_target!(|data: &[u8]| {
    let mut live = ChatTurnBuilder::new(ReportOptions::default()).with_max_turns(2);
    for line in data.split(|b| *b == b'\n') {
        let Ok(v) = parse_json(line) else {
            continue;
        };
        let is_event = matches!(
            v.get("type").and_then(Value::as_str),
            Some("conversation_item_added" | "function_tools_executed")
        );
        let _ = if is_event {
            live.push_event(&v).map(|_| ())
        } else {
            live.push_item(&v)
        };
    }
    let turns = live.turns();
    let _ = join_turns(&turns, &[]);
});
