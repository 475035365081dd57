//! Entry points for the `fast_push` fuzz target (`fuzz/fuzz_targets/fast_push.rs`),
//! built only under `--cfg fuzzing` (cargo fuzz sets it): the flat encoding the JS
//! fast path writes is crate-private, and reached from JS only.

use super::flat_encode::encode;
use super::source::Flat;
use super::{normalize_flat, normalize_metric, CreatedAt, NormalizeOptions};
use crate::value::Value;

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
