//! The flat encoding behind `SessionMetrics.push`'s JS fast path. The first byte picks
//! the options and the mode: JSON events encoded as the JS encoder does, read through
//! the flat reader and the tree reader (they must agree); or raw bytes read as an
//! encoding (malformed encodings must not panic).
#![no_main]
use libfuzzer_sys::fuzz_target;
use voice_agent_metrics::normalize::fuzzing::{flat_matches_tree, normalize_raw_flat};
use voice_agent_metrics::{parse_json, Dialect, NormalizeOptions, OnInvalid, Value};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let options = NormalizeOptions {
        dialect: match pick % 4 {
            0 => None,
            1 => Some(Dialect::Python),
            2 => Some(Dialect::Node),
            _ => Some(Dialect::NodeLegacy),
        },
        on_invalid: if pick & 4 == 0 {
            OnInvalid::Fail
        } else {
            OnInvalid::Skip
        },
    };
    if pick & 8 == 0 {
        let Ok(value) = parse_json(rest) else {
            return;
        };
        match &value {
            Value::Array(events) => {
                for event in events {
                    flat_matches_tree(event, &options);
                }
            }
            event => {
                flat_matches_tree(event, &options);
            }
        }
    } else {
        // [key_flags, created_at kind, created_at f64 (8), entries length (1), ...]
        let Some((head, body)) = rest.split_at_checked(11) else {
            return;
        };
        let mut f = [0u8; 8];
        f.copy_from_slice(&head[2..10]);
        let split = (usize::from(head[10]) * 16).min(body.len());
        let (entries, strings) = body.split_at(split);
        normalize_raw_flat(entries, strings, head[0], head[1], f64::from_le_bytes(f), &options);
    }
});
