//! Entry points for the `fast_push` fuzz target (`fuzz/fuzz_targets/fast_push.rs`),
//! built only under `--cfg fuzzing` (cargo fuzz sets it) and for the unit tests, which
//! replay `tests/fuzz_regressions/fast_push/` through [`fast_push`]: the flat encoding
//! the JS fast path writes is crate-private, and reached from JS only.

use super::flat_encode::encode;
use super::source::Flat;
use super::{
    normalize_flat, normalize_metric, parse_json, CreatedAt, Dialect, NormalizeOptions, OnInvalid,
};
use crate::value::Value;

/// The whole `fast_push` fuzz target on one input. The first byte picks the options
/// and the mode: JSON events (an event or an array of them) encoded as the JS encoder
/// does, which the flat and tree readers must read alike ([`flat_matches_tree`]); or
/// raw bytes read as an encoding ([`normalize_raw_flat`]), laid out as `[key_flags,
/// created_at kind, created_at f64 LE (8 bytes), entries length / 16 (1 byte),
/// entries, strings]`. Panics on a finding.
pub fn fast_push(data: &[u8]) {
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
        ..Default::default()
    };
    if pick & 8 == 0 {
        let Ok(value) = parse_json(rest) else {
            return;
        };
        match &value {
            Value::Array(events) => events.iter().for_each(|event| {
                flat_matches_tree(event, &options);
            }),
            event => {
                flat_matches_tree(event, &options);
            }
        }
    } else {
        let Some((head, body)) = rest.split_at_checked(11) else {
            return;
        };
        let mut f = [0u8; 8];
        f.copy_from_slice(&head[2..10]);
        let split = (usize::from(head[10]) * 16).min(body.len());
        let (entries, strings) = body.split_at(split);
        normalize_raw_flat(
            entries,
            strings,
            head[0],
            head[1],
            f64::from_le_bytes(f),
            &options,
        );
    }
}

/// Reads arbitrary bytes as a flat encoding (`entries`, `strings`) and normalizes it,
/// as `SessionMetrics.push`'s fast path does with what the JS wrapper sends; `false`
/// when [`Flat::new`] refuses the bytes. Must never panic.
pub fn normalize_raw_flat(
    entries: &[u8],
    strings: &[u8],
    key_flags: u8,
    created_at_kind: u8,
    created_at: f64,
    options: &NormalizeOptions,
) -> bool {
    let Some(flat) = Flat::new(entries, strings) else {
        return false;
    };
    let created_at = match created_at_kind % 3 {
        1 => CreatedAt::Node(created_at),
        2 => CreatedAt::Snake(created_at),
        _ => CreatedAt::None,
    };
    let _ = normalize_flat(&flat, key_flags, created_at, options);
    true
}

/// Encodes `event` as the JS encoder does and normalizes it from that encoding and
/// from the tree: the two must give the same record or the same error (panics when
/// they differ). `false` when the encoder falls back to the generic path.
pub fn flat_matches_tree(event: &Value, options: &NormalizeOptions) -> bool {
    let Some(e) = encode(event) else {
        return false;
    };
    let Some(flat) = Flat::new(&e.entries, &e.strings) else {
        // Only more entries than one encoding holds (the JS encoder falls back too).
        assert!(e.entries.len() > super::source::MAX_ENTRIES * super::source::ENTRY_BYTES);
        return false;
    };
    let fast = normalize_flat(&flat, e.flags, e.created_at, options);
    let slow = normalize_metric(event, options);
    assert_eq!(fast, slow, "flat and tree readers differ on {event:?}");
    true
}
