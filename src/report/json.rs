//! Session-report JSON text → the [`Value`] the analysis reads, without building what it
//! never reads.
//!
//! Python reports (1.8) hold a `session_usage_updated` event after every metrics event,
//! VAD included (about one a second), each with the whole usage so far: 83 % of the
//! bytes of the benchmark corpus's Python reports (BENCHMARKS.md), of which the analysis
//! reads one, the last event's `usage` (for the kinds of untyped usage entries). So the
//! parser ([`super::fast`]) checks the `usage` of every event without building it and
//! keeps its text span; only the ones the analysis can look at are parsed here: every
//! `usage` of an event of another type, and the `session_usage_updated` events' from the
//! last backwards until one has a `model_usage` array (exactly what [`super::analysis`]
//! looks for). The result equals [`crate::parse_json`]'s for everything the analysis
//! reads; skipped values are `null`.
//!
//! Errors are [`crate::parse_json`]'s: whenever the fast parser gives up (text that is
//! not JSON, nesting deeper than [`crate::MAX_DEPTH`], skipped values included, or a
//! number it leaves to `serde_json`), the whole text is parsed by `serde_json` and its
//! value or its error (`InvalidJson` with line and column, `TooDeep`) is the answer. The
//! one thing a skipped value may hold that a parsed one may not is a lone surrogate
//! escape (`"\ud800"`) or a number beyond the `f64` range, as `serde_json` accepts in a
//! value it ignores; a report that holds one *and* fails for another reason reports the
//! first error of the full parse.

use super::fast::{self, Bail, Parser, Span};
use crate::error::NormalizeError;
use crate::normalize::parse_json_with;
use crate::value::{Value, ValueSeed};
use alloc::string::String;
use alloc::vec::Vec;

/// The position of the last `key` in an object's pairs.
fn last_key(pairs: &[(String, Value)], key: &str) -> Option<usize> {
    pairs.iter().rposition(|(k, _)| k == key)
}

/// Parses a session report, leaving out the `session_usage_updated` usage snapshots the
/// analysis never reads (see the module docs).
pub(crate) fn parse_report(bytes: &[u8]) -> Result<Value, NormalizeError> {
    match fast_report(bytes) {
        Ok(report) => Ok(report),
        Err(Bail) => parse_json_with(bytes, ValueSeed::new(0)),
    }
}

fn fast_report(bytes: &[u8]) -> Result<Value, Bail> {
    let text = core::str::from_utf8(bytes).map_err(|_| Bail)?;
    let mut parser = Parser::new(text);
    let mut report = parser.document(0, true)?;
    let skipped = core::mem::take(&mut parser.skipped);
    patch(&mut report, &skipped, |raw| fast::parse_at(raw, 3))?;
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
