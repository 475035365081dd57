//! The binary format of a [`LatencyAggregator`] (see the layout in [`crate::aggregate`]).

use super::acquire::AcquireRow;
use super::aggregator::{LatencyAggregator, Series, MAX_SERIES_LIMIT};
use super::buckets::{EXPLICIT_BUCKETS, MAX_INDEX, MIN_INDEX, SKETCH_SCALE};
use super::error::AggregateError;
use super::labels::check_keys;
use super::sample::LatencyMetric;
use super::sketch::LatencySketch;
use super::usage::{check_rows, fields, UsageRow};
use super::wire::{Reader, Res, Writer};
use super::FORMAT_VERSION;
use crate::usage::UsageKind;
use alloc::vec::Vec;

/// The first bytes of every serialized aggregator.
pub(crate) const MAGIC: &[u8; 4] = b"VAMA";

const SERIES: u8 = 0;
const OVERFLOW: u8 = 1;

/// The byte of a usage kind (fixed by the format, whatever the enum's order).
const KINDS: [UsageKind; 5] = [
    UsageKind::Llm,
    UsageKind::Tts,
    UsageKind::Stt,
    UsageKind::Interruption,
    UsageKind::Eot,
];

/// Serializes `agg` (format [`FORMAT_VERSION`]).
pub(crate) fn encode(agg: &LatencyAggregator) -> Vec<u8> {
    let mut w = Writer(Vec::with_capacity(256));
    w.0.extend_from_slice(MAGIC);
    w.0.push(FORMAT_VERSION as u8);
    w.0.push(SKETCH_SCALE as u8);
    w.0.push(EXPLICIT_BUCKETS as u8);
    w.u64(agg.keys.len() as u64);
    agg.keys.iter().for_each(|k| w.str(k));
    w.u64(u64::from(agg.max_series));
    w.u64(agg.series_count() as u64);
    for (values, s) in &agg.series {
        w.0.push(SERIES);
        values.iter().for_each(|v| w.str(v));
        encode_series(&mut w, s);
    }
    if let Some(s) = &agg.overflow {
        w.0.push(OVERFLOW);
        encode_series(&mut w, s);
    }
    w.0
}

fn encode_series(w: &mut Writer, s: &Series) {
    w.u64(s.sessions);
    w.u64(s.turns);
    s.sketches.iter().for_each(|k| encode_sketch(w, k));
    w.u64(s.usage.len() as u64);
    for r in &s.usage {
        w.0.push(KINDS.iter().position(|k| *k == r.kind).unwrap_or(0) as u8);
        w.str(&r.provider);
        w.str(&r.model);
        r.counts.iter().for_each(|c| w.u64(*c));
        if fields(r.kind).1.is_some() {
            w.u64(r.duration_ns);
        }
    }
    w.u64(s.acquire.rows.len() as u64);
    for r in &s.acquire.rows {
        w.str(&r.provider);
        w.str(&r.model);
        w.0.push(u8::from(r.reused));
        encode_sketch(w, &r.sketch);
    }
}

fn encode_sketch(w: &mut Writer, s: &LatencySketch) {
    w.u64(s.count);
    w.u64(s.ignored);
    if s.count == 0 {
        return;
    }
    w.u64(s.zero_count);
    w.u128(s.sum_ns);
    w.u64(s.min_ns);
    w.u64(s.max_ns);
    w.i32(s.offset);
    w.u64(s.counts.len() as u64);
    s.counts.iter().for_each(|c| w.u64(*c));
    s.explicit.iter().for_each(|c| w.u64(*c));
}

/// Deserializes what [`encode`] wrote.
pub(crate) fn decode(bytes: &[u8]) -> Res<LatencyAggregator> {
    if bytes.len() < MAGIC.len() && MAGIC.starts_with(bytes) {
        return Err(AggregateError::Truncated {
            offset: bytes.len(),
        });
    }
    let mut r = Reader { bytes, at: 0 };
    if bytes.get(..MAGIC.len()) != Some(MAGIC) {
        return r.invalid("not a voice-agent-metrics aggregator (wrong magic bytes)");
    }
    r.at = MAGIC.len();
    let version = r.u8()?;
    // (latency sketches, whether series end with acquire-time rows)
    let layout = match u32::from(version) {
        FORMAT_VERSION => (LatencyMetric::ALL.len(), true),
        2 => (LatencyMetric::ALL.len(), false),
        1 => (LatencyMetric::V1_COUNT, false),
        found => return Err(AggregateError::UnsupportedVersion { found }),
    };
    if r.u8()? != SKETCH_SCALE as u8 || r.u8()? != EXPLICIT_BUCKETS as u8 {
        return r.invalid("unexpected sketch scale or explicit bucket count");
    }
    let n_keys = r.len()?;
    // Checked before the keys are collected: the count sizes that allocation.
    if n_keys > super::MAX_LABEL_KEYS {
        return r.invalid("more label keys than an aggregator has");
    }
    let keys = (0..n_keys).map(|_| r.str()).collect::<Res<Vec<_>>>()?;
    if check_keys(&keys).is_err() {
        return r.invalid("invalid label keys");
    }
    let max_series = match u32::try_from(r.u64()?) {
        Ok(m) if (1..=MAX_SERIES_LIMIT).contains(&m) => m,
        _ => return r.invalid("max_series out of range"),
    };
    let n_series = r.len()?;
    let mut agg = LatencyAggregator {
        keys,
        max_series,
        series: Vec::new(),
        overflow: None,
        // Set by the caller (`limits::adopt`).
        limits: Default::default(),
        buckets: 0,
    };
    for _ in 0..n_series {
        match r.u8()? {
            SERIES if agg.overflow.is_none() => {
                let values = (0..n_keys).map(|_| r.str()).collect::<Res<Vec<_>>>()?;
                if agg.series.last().is_some_and(|(last, _)| *last >= values) {
                    return r.invalid("series are not in strictly increasing label order");
                }
                if agg.series.len() >= max_series as usize {
                    return r.invalid("more series than max_series");
                }
                let s = decode_series(&mut r, layout)?;
                agg.series.push((values, s));
            }
            OVERFLOW if agg.overflow.is_none() => {
                agg.overflow = Some(decode_series(&mut r, layout)?)
            }
            _ => return r.invalid("unknown series tag, or a series after the overflow series"),
        }
    }
    if r.at != bytes.len() {
        return r.invalid("trailing bytes after the aggregator");
    }
    Ok(agg)
}

/// One series with its first `sketches` latencies (the rest stay empty), and its
/// acquire-time rows when `acquire` (version 3 on).
fn decode_series(r: &mut Reader<'_>, (sketches, acquire): (usize, bool)) -> Res<Series> {
    let mut s = Series {
        sessions: r.u64()?,
        turns: r.u64()?,
        ..Default::default()
    };
    for k in s.sketches.iter_mut().take(sketches) {
        *k = decode_sketch(r)?;
    }
    let n = r.len()?;
    for _ in 0..n {
        let kind = match KINDS.get(usize::from(r.u8()?)) {
            Some(k) => *k,
            None => return r.invalid("unknown usage kind"),
        };
        let (names, duration) = fields(kind);
        let provider = r.str()?;
        let model = r.str()?;
        let counts = (0..names.len()).map(|_| r.u64()).collect::<Res<Vec<_>>>()?;
        let duration_ns = if duration.is_some() { r.u64()? } else { 0 };
        s.usage.push(UsageRow {
            kind,
            provider,
            model,
            counts,
            duration_ns,
        });
    }
    if let Err(reason) = check_rows(&s.usage) {
        return r.invalid(reason);
    }
    if acquire {
        let n = r.len()?;
        // Checked before the rows are read: each takes far more memory than bytes.
        if n > super::MAX_ACQUIRE_ROWS + 2 {
            return r.invalid("more acquire-time rows than a series keeps");
        }
        for _ in 0..n {
            let provider = r.str()?;
            let model = r.str()?;
            let reused = match r.u8()? {
                0 => false,
                1 => true,
                _ => return r.invalid("connection_reused is neither 0 nor 1"),
            };
            let sketch = decode_sketch(r)?;
            s.acquire.rows.push(AcquireRow {
                provider,
                model,
                reused,
                sketch,
            });
        }
        if let Err(reason) = s.acquire.check() {
            return r.invalid(reason);
        }
    }
    Ok(s)
}

fn decode_sketch(r: &mut Reader<'_>) -> Res<LatencySketch> {
    let mut s = LatencySketch::new();
    s.count = r.u64()?;
    s.ignored = r.u64()?;
    if s.count > 0 {
        s.zero_count = r.u64()?;
        s.sum_ns = r.u128()?;
        s.min_ns = r.u64()?;
        s.max_ns = r.u64()?;
        s.offset = r.i32()?;
        let n = r.len()?;
        if n > (MAX_INDEX - MIN_INDEX + 1) as usize {
            return r.invalid("too many buckets");
        }
        s.counts = (0..n).map(|_| r.u64()).collect::<Res<_>>()?;
        for c in s.explicit.iter_mut() {
            *c = r.u64()?;
        }
    }
    if let Err(reason) = s.check() {
        return r.invalid(reason);
    }
    Ok(s)
}
