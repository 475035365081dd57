//! A Rust copy of the JS fast encoder (`pkg-template/fast-push.js`): writes an event
//! as the [`Flat`](super::source::Flat) encoding `normalize_flat` reads, or `None` where
//! the JS encoder falls back to the generic path. For the tests (`flat_tests`) and the
//! `fast_push` fuzz target only.

use super::source::{self, name_id, tag, NAMES};
use super::CreatedAt;
use crate::dialect::key_flags;
use crate::value::Value;
use alloc::vec::Vec;

pub(crate) struct Encoded {
    pub(crate) entries: Vec<u8>,
    pub(crate) strings: Vec<u8>,
    pub(crate) flags: u8,
    pub(crate) created_at: CreatedAt,
}

fn known(key: &str) -> Option<u8> {
    NAMES.contains(&key).then(|| name_id(key))
}

/// The JS encoder's rules: `None` where it falls back to the generic path.
fn encode_object(
    o: &Value,
    table: u8,
    top: bool,
    out: &mut Encoded,
    tables: &mut u8,
) -> Option<()> {
    for (key, v) in o.as_object()? {
        if top && key != "type" {
            out.flags |= key_flags(key);
        }
        let Some(id) = known(key) else {
            if matches!(v, Value::Array(_) | Value::Object(_)) {
                return None;
            }
            continue;
        };
        let mut e = [0u8; 16];
        e[0] = table;
        e[1] = id;
        match v {
            Value::Null => e[2] = tag::NULL,
            Value::Bool(b) => e[2] = if *b { tag::TRUE } else { tag::FALSE },
            Value::Number(n) => {
                e[2] = tag::NUMBER;
                e[8..16].copy_from_slice(&n.to_le_bytes());
            }
            Value::String(s) => {
                e[2] = tag::STRING;
                e[4..8].copy_from_slice(&(s.len() as u32).to_le_bytes());
                e[8..12].copy_from_slice(&(out.strings.len() as u32).to_le_bytes());
                out.strings.extend_from_slice(s.as_bytes());
            }
            Value::Array(_) => return None,
            Value::Object(_) => {
                if *tables == source::MAX_TABLES {
                    return None;
                }
                let nested = *tables;
                *tables += 1;
                e[2] = tag::OBJECT;
                e[4..8].copy_from_slice(&u32::from(nested).to_le_bytes());
                out.entries.extend_from_slice(&e);
                encode_object(v, nested, false, out, tables)?;
                continue;
            }
        }
        out.entries.extend_from_slice(&e);
    }
    Some(())
}

const KNOWN_TYPES: [&str; 9] = [
    "llm_metrics",
    "stt_metrics",
    "tts_metrics",
    "vad_metrics",
    "eou_metrics",
    "eot_inference_metrics",
    "realtime_model_metrics",
    "interruption_metrics",
    "avatar_metrics",
];

pub(crate) fn encode(ev: &Value) -> Option<Encoded> {
    let mut out = Encoded {
        entries: Vec::new(),
        strings: Vec::new(),
        flags: 0,
        created_at: CreatedAt::None,
    };
    let pairs = ev.as_object()?;
    let is_known = |v: Option<&Value>| matches!(v, Some(Value::String(t)) if KNOWN_TYPES.contains(&t.as_str()));
    let metrics = if is_known(ev.get("type")) {
        ev
    } else {
        let mut metrics = None;
        for (key, v) in pairs {
            match (key.as_str(), v) {
                ("type", Value::String(t)) if t == "metrics_collected" => {}
                ("metrics", Value::Object(_)) => metrics = Some(v),
                ("createdAt", Value::Number(n)) if out.created_at == CreatedAt::None => {
                    out.created_at = CreatedAt::Node(*n)
                }
                ("created_at", Value::Number(n)) if out.created_at == CreatedAt::None => {
                    out.created_at = CreatedAt::Snake(*n)
                }
                _ => return None,
            }
        }
        let m = metrics?;
        if !is_known(m.get("type")) {
            return None;
        }
        m
    };
    let mut tables = 1;
    encode_object(metrics, 0, true, &mut out, &mut tables)?;
    Some(out)
}
