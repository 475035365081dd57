//! The JSON form of a [`LatencyAggregator`]: the same integers as the bytes, readable.
//!
//! Written by hand and read through the crate's own JSON [`Value`] tree (no serde derive:
//! a fraction of the wasm size). Every number is an integer; those that can pass 2^53
//! (`sumNs`, usage durations in ns) are decimal strings, so the round trip is exact.

use super::aggregator::{LatencyAggregator, Series};
use super::buckets::{EXPLICIT_BOUNDS_MS, SKETCH_SCALE};
use super::sample::LatencyMetric;
use super::sketch::LatencySketch;
use super::usage::fields;
use super::FORMAT_VERSION;
use alloc::string::String;
use core::fmt::Write;

/// The `format` field of the JSON form.
pub(crate) const FORMAT: &str = "voice-agent-metrics/aggregate";

/// Writes a JSON string literal (quotes, backslashes and control characters escaped).
pub(crate) fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes `"key":` (keys here never need escaping).
fn key(out: &mut String, k: &str) {
    let _ = write!(out, "\"{k}\":");
}

/// A count as JSON: a number below 9·10^15 (exact in a JS/JSON double, and what
/// `json_read` takes as a whole number), else a decimal string (only hostile inputs
/// get there; `json_read` reads both).
struct Count(u64);

impl core::fmt::Display for Count {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        if self.0 < 9_000_000_000_000_000 {
            write!(f, "{}", self.0)
        } else {
            write!(f, "\"{}\"", self.0)
        }
    }
}

fn numbers<T: core::fmt::Display>(out: &mut String, xs: impl IntoIterator<Item = T>) {
    out.push('[');
    for (i, x) in xs.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{x}");
    }
    out.push(']');
}

fn sketch(out: &mut String, s: &LatencySketch) {
    let _ = write!(
        out,
        "{{\"count\":{},\"ignored\":{}",
        Count(s.count),
        Count(s.ignored)
    );
    if s.count > 0 {
        let _ = write!(
            out,
            ",\"zeroCount\":{},\"sumNs\":\"{}\",\"minNs\":{},\"maxNs\":{},\"offset\":{},\"bucketCounts\":",
            Count(s.zero_count),
            s.sum_ns,
            Count(s.min_ns),
            Count(s.max_ns),
            s.offset
        );
        numbers(out, s.counts.iter().map(|&c| Count(c)));
        out.push_str(",\"explicitCounts\":");
        numbers(out, s.explicit.iter().map(|&c| Count(c)));
    }
    out.push('}');
}

fn series(out: &mut String, keys: &[String], values: Option<&[String]>, s: &Series) {
    out.push('{');
    match values {
        Some(values) => {
            key(out, "labels");
            out.push('{');
            for (i, (k, v)) in keys.iter().zip(values).enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_string(out, v);
            }
            out.push('}');
        }
        None => out.push_str("\"overflow\":true"),
    }
    let _ = write!(
        out,
        ",\"sessions\":{},\"turns\":{},\"latency\":{{",
        Count(s.sessions),
        Count(s.turns)
    );
    let mut first = true;
    for m in LatencyMetric::ALL {
        let k = &s.sketches[m.index()];
        if k.count == 0 && k.ignored == 0 {
            continue;
        }
        if !core::mem::take(&mut first) {
            out.push(',');
        }
        key(out, m.key());
        sketch(out, k);
    }
    out.push_str("},\"usage\":[");
    for (i, r) in s.usage.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"type\":\"{}\",\"provider\":",
            r.kind.livekit_type()
        );
        write_string(out, &r.provider);
        out.push_str(",\"model\":");
        write_string(out, &r.model);
        let (names, duration) = fields(r.kind);
        for (name, c) in names.iter().zip(&r.counts) {
            let _ = write!(out, ",\"{name}\":{}", Count(*c));
        }
        if let Some(name) = duration {
            let _ = write!(out, ",\"{name}\":\"{}\"", r.duration_ns);
        }
        out.push('}');
    }
    out.push_str("],\"acquireTime\":[");
    for (i, r) in s.acquire.rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"provider\":");
        write_string(out, &r.provider);
        out.push_str(",\"model\":");
        write_string(out, &r.model);
        let _ = write!(out, ",\"connectionReused\":{},\"sketch\":", r.reused);
        sketch(out, &r.sketch);
        out.push('}');
    }
    out.push_str("]}");
}

/// The JSON text of `agg`.
pub(crate) fn to_json(agg: &LatencyAggregator) -> String {
    let mut out = String::with_capacity(1024);
    out.push('{');
    key(&mut out, "format");
    write_string(&mut out, FORMAT);
    let _ = write!(
        out,
        ",\"version\":{FORMAT_VERSION},\"scale\":{SKETCH_SCALE},\"explicitBoundsMs\":"
    );
    numbers(&mut out, EXPLICIT_BOUNDS_MS);
    out.push_str(",\"labelKeys\":[");
    for (i, k) in agg.keys.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(&mut out, k);
    }
    let _ = write!(out, "],\"maxSeries\":{},\"series\":[", agg.max_series);
    let all = agg
        .series
        .iter()
        .map(|(v, s)| (Some(v.as_slice()), s))
        .chain(agg.overflow.iter().map(|s| (None, s)));
    for (i, (values, s)) in all.enumerate() {
        if i > 0 {
            out.push(',');
        }
        series(&mut out, &agg.keys, values, s);
    }
    out.push_str("]}");
    out
}
