//! Session-report JSON text → the [`Value`] the analysis reads, without building what it
//! never reads.
//!
//! Python reports (1.8) hold a `session_usage_updated` event after every metrics event,
//! VAD included (about one a second), each with the whole usage so far: 83 % of the
//! bytes of the benchmark corpus's Python reports (BENCHMARKS.md), of which the analysis
//! reads one, the last event's `usage` (for the kinds of untyped usage entries). So the
//! parser ([`ValueSeed`] with a skip list) keeps the `usage` of every event as its raw
//! text span (still fully checked as JSON) and only the ones the analysis can look at
//! are parsed here: every `usage` of an event of another type,
//! and the `session_usage_updated` events' from the last backwards until one has a
//! `model_usage` array (exactly what [`super::analysis`] looks for). The result equals
//! [`crate::parse_json`]'s for everything the analysis reads; skipped values are `null`.
//!
//! Nesting in a skipped value counts towards [`crate::MAX_DEPTH`] as everywhere else
//! (`TooDeep`); the one difference is the order of two errors in one value: a
//! skipped `usage` that both nests too deep and is not JSON reports `InvalidJson`.

use super::fast::{self, Bail, Parser, Span};
use crate::error::NormalizeError;
use crate::normalize::parse_json_with;
use crate::value::{Level, Skipped, Value, ValueSeed};
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

/// The position of the last `key` in an object's pairs.
fn last_key(pairs: &[(String, Value)], key: &str) -> Option<usize> {
    pairs.iter().rposition(|(k, _)| k == key)
}

/// Parses a skipped value `raw` (a slice of `doc`) where it sits (an event's value, at
/// nesting 3); a syntax error's line and column are the document's.
fn parse_at(doc: &[u8], raw: &[u8]) -> Result<Value, NormalizeError> {
    parse_json_with(raw, ValueSeed::new(3)).map_err(|e| match e {
        NormalizeError::InvalidJson { line, column } => {
            let start = (raw.as_ptr() as usize).wrapping_sub(doc.as_ptr() as usize);
            let before = doc.get(..start).unwrap_or_default();
            let start = before.len();
            let lines = before.iter().filter(|&&b| b == b'\n').count();
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            NormalizeError::InvalidJson {
                line: lines + line,
                column: if line == 1 {
                    start - line_start + column
                } else {
                    column
                },
            }
        }
        other => other,
    })
}

/// Parses a session report, leaving out the `session_usage_updated` usage snapshots the
/// analysis never reads (see the module docs): with the fast parser ([`super::fast`]),
/// else (text it does not take: errors, rare number forms) with `serde_json`, whose
/// result or error is then the answer.
pub(crate) fn parse_report(bytes: &[u8]) -> Result<Value, NormalizeError> {
    match fast_report(bytes) {
        Ok(report) => Ok(report),
        Err(Bail) => serde_report(bytes),
    }
}

fn fast_report(bytes: &[u8]) -> Result<Value, Bail> {
    let mut parser = Parser::new(bytes);
    let mut report = parser.document(0, true)?;
    let skipped = core::mem::take(&mut parser.skipped);
    patch(&mut report, &skipped, |raw| fast::parse_at(raw, 3))?;
    Ok(report)
}

/// [`parse_report`] with `serde_json`.
fn serde_report(bytes: &[u8]) -> Result<Value, NormalizeError> {
    let list: RefCell<Vec<Skipped<'_>>> = RefCell::new(Vec::new());
    let seed = ValueSeed {
        depth: 0,
        level: Level::Report,
        skip: Some(&list),
    };
    let mut report = parse_json_with(bytes, seed)?;
    let skipped: Vec<Span<'_>> = list
        .into_inner()
        .into_iter()
        .map(|s| Span {
            events_key: s.events_key,
            event: s.event,
            key: s.key,
            raw: s.raw.get().as_bytes(),
        })
        .collect();
    patch(&mut report, &skipped, |raw| parse_at(bytes, raw))?;
    Ok(report)
}

/// Puts back into `report` the skipped values the analysis may read, parsed with
/// `parse_at`; the others stay `null`.
fn patch<E>(
    report: &mut Value,
    skipped: &[Span<'_>],
    parse_at: impl Fn(&[u8]) -> Result<Value, E>,
) -> Result<(), E> {
    if skipped.is_empty() {
        return Ok(());
    }
    let Value::Object(pairs) = report else {
        return Ok(());
    };
    let effective = last_key(pairs, "events");
    let is_update =
        |e: &Value| e.get("type").and_then(Value::as_str) == Some("session_usage_updated");
    // The updates' usage the analysis may read: from the last update back to the first
    // whose (last) `usage` has a `model_usage` array, as `analysis::last_usage_event`.
    let mut patches: Vec<(usize, usize, Value)> = Vec::new();
    if let Some((ek, (_, Value::Array(events)))) = effective.map(|i| (i, &pairs[i])) {
        for (i, e) in events
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, e)| is_update(e))
        {
            let Some(s) = e
                .as_object()
                .and_then(|p| last_key(p, "usage"))
                .and_then(|k| {
                    // `skipped` is in document order: sorted by (events key, event, key).
                    let at =
                        skipped.partition_point(|s| (s.events_key, s.event, s.key) < (ek, i, k));
                    skipped
                        .get(at)
                        .filter(|s| (s.events_key, s.event, s.key) == (ek, i, k))
                })
            else {
                continue;
            };
            let usage = parse_at(s.raw)?;
            let rows = match usage.get("model_usage") {
                Some(v) => Some(v),
                None => usage.get("modelUsage"),
            };
            let found = matches!(rows, Some(Value::Array(_)));
            patches.push((s.event, s.key, usage));
            if found {
                break;
            }
        }
    }
    for s in skipped {
        let Some((_, Value::Array(events))) = pairs.get_mut(s.events_key) else {
            continue;
        };
        let Some(event) = events.get_mut(s.event) else {
            continue;
        };
        // Usage of any other event, or of an `events` key the analysis does not read:
        // parsed as it was.
        let value = if Some(s.events_key) != effective || !is_update(event) {
            parse_at(s.raw)?
        } else if let Some(at) = patches
            .iter()
            .position(|(e, k, _)| *e == s.event && *k == s.key)
        {
            patches.swap_remove(at).2
        } else {
            continue;
        };
        if let Value::Object(p) = event {
            p[s.key].1 = value;
        }
    }
    Ok(())
}
