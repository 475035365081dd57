//! Reading the JSON form (`serde` feature: parsed by the crate's JSON reader into a
//! [`Value`] tree), with the checks of the bytes decoder.

use super::acquire::{AcquireRow, AcquireTimes};
use super::aggregator::{LatencyAggregator, Series, MAX_SERIES_LIMIT};
use super::buckets::{EXPLICIT_BOUNDS_MS, MAX_INDEX, MIN_INDEX, SKETCH_SCALE};
use super::error::AggregateError;
use super::json::FORMAT;
use super::labels::check_keys;
use super::sample::LatencyMetric;
use super::sketch::LatencySketch;
use super::usage::{check_rows, fields, UsageRow};
use super::FORMAT_VERSION;
use crate::error::NormalizeError;
use crate::usage::UsageKind;
use crate::value::{is_whole, Value};
use alloc::string::String;
use alloc::vec::Vec;

type Res<T> = Result<T, AggregateError>;

fn invalid<T>(reason: &'static str) -> Res<T> {
    Err(AggregateError::InvalidEncoding { offset: 0, reason })
}

/// The object's fields, each of whose keys must be in `allowed`.
fn object<'a>(v: &'a Value, allowed: &[&str]) -> Res<&'a [(String, Value)]> {
    match v.as_object() {
        Some(o) if o.iter().all(|(k, _)| allowed.contains(&k.as_str())) => Ok(o),
        Some(_) => invalid("unknown field"),
        None => invalid("expected an object"),
    }
}

fn get<'a>(o: &'a [(String, Value)], k: &str) -> Res<&'a Value> {
    match o.iter().find(|(key, _)| key == k) {
        Some((_, v)) => Ok(v),
        None => invalid("missing field"),
    }
}

/// A whole JSON number in `[min, max]` (and exact: under 9·10^15 in magnitude).
fn int(v: &Value, min: f64, max: f64) -> Res<f64> {
    match v {
        Value::Number(n) if is_whole(*n) && *n >= min && *n <= max => Ok(*n),
        _ => invalid("expected a whole number in range"),
    }
}

/// A count: a whole number, or a decimal string for one above 2^53 (see `json.rs`).
fn u64_of(v: &Value) -> Res<u64> {
    if v.as_str().is_some() {
        return u64::try_from(decimal(v)?).or_else(|_| invalid("count overflows u64"));
    }
    Ok(int(v, 0.0, f64::MAX)? as u64)
}

fn u64_at(o: &[(String, Value)], k: &str) -> Res<u64> {
    u64_of(get(o, k)?)
}

/// A decimal string of digits (u128 or u64 quantities in ns).
fn decimal(v: &Value) -> Res<u128> {
    let s = v.as_str().unwrap_or("");
    if s.is_empty() || s.len() > 39 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return invalid("expected a decimal string");
    }
    s.bytes()
        .try_fold(0u128, |a, b| {
            a.checked_mul(10)?.checked_add(u128::from(b - b'0'))
        })
        .map_or_else(|| invalid("decimal string overflows"), Ok)
}

fn string(v: &Value) -> Res<String> {
    match v.as_str() {
        Some(s) => Ok(String::from(s)),
        None => invalid("expected a string"),
    }
}

fn array(v: &Value) -> Res<&[Value]> {
    match v {
        Value::Array(a) => Ok(a),
        _ => invalid("expected an array"),
    }
}

fn sketch(v: &Value) -> Res<LatencySketch> {
    const FIELDS: [&str; 9] = [
        "count",
        "ignored",
        "zeroCount",
        "sumNs",
        "minNs",
        "maxNs",
        "offset",
        "bucketCounts",
        "explicitCounts",
    ];
    let o = object(v, &FIELDS)?;
    let mut s = LatencySketch::new();
    s.count = u64_at(o, "count")?;
    s.ignored = u64_at(o, "ignored")?;
    if s.count == 0 {
        if o.len() != 2 {
            return invalid("an empty sketch has values");
        }
        return Ok(s);
    }
    s.zero_count = u64_at(o, "zeroCount")?;
    s.sum_ns = decimal(get(o, "sumNs")?)?;
    s.min_ns = u64_at(o, "minNs")?;
    s.max_ns = u64_at(o, "maxNs")?;
    s.offset = int(
        get(o, "offset")?,
        f64::from(MIN_INDEX),
        f64::from(MAX_INDEX),
    )? as i32;
    s.counts = array(get(o, "bucketCounts")?)?
        .iter()
        .map(u64_of)
        .collect::<Res<_>>()?;
    let explicit = array(get(o, "explicitCounts")?)?;
    if explicit.len() != s.explicit.len() {
        return invalid("explicitCounts has the wrong length");
    }
    for (c, v) in s.explicit.iter_mut().zip(explicit) {
        *c = u64_of(v)?;
    }
    s.check()
        .map_err(|reason| AggregateError::InvalidEncoding { offset: 0, reason })?;
    Ok(s)
}

fn usage_row(v: &Value) -> Res<UsageRow> {
    let kinds = [
        UsageKind::Llm,
        UsageKind::Tts,
        UsageKind::Stt,
        UsageKind::Interruption,
        UsageKind::Eot,
    ];
    let t = v.get("type").and_then(Value::as_str).unwrap_or("");
    let Some(kind) = kinds.into_iter().find(|k| k.livekit_type() == t) else {
        return invalid("unknown usage type");
    };
    let (names, duration) = fields(kind);
    let mut allowed: Vec<&str> = alloc::vec!["type", "provider", "model"];
    allowed.extend_from_slice(names);
    allowed.extend(duration);
    let o = object(v, &allowed)?;
    Ok(UsageRow {
        kind,
        provider: string(get(o, "provider")?)?,
        model: string(get(o, "model")?)?,
        counts: names.iter().map(|n| u64_at(o, n)).collect::<Res<_>>()?,
        duration_ns: match duration {
            Some(n) => {
                u64::try_from(decimal(get(o, n)?)?).or_else(|_| invalid("duration overflows"))?
            }
            None => 0,
        },
    })
}

/// The `acquireTime` rows of a series (version 3 on).
fn acquire_times(v: &Value) -> Res<AcquireTimes> {
    let rows = array(v)?;
    // Checked before the rows are read: each takes far more memory than its text.
    if rows.len() > super::MAX_ACQUIRE_ROWS + 2 {
        return invalid("more acquire-time rows than a series keeps");
    }
    let mut out = AcquireTimes::default();
    for row in rows {
        let o = object(row, &["provider", "model", "connectionReused", "sketch"])?;
        let Value::Bool(reused) = get(o, "connectionReused")? else {
            return invalid("connectionReused is not a boolean");
        };
        out.rows.push(AcquireRow {
            provider: string(get(o, "provider")?)?,
            model: string(get(o, "model")?)?,
            reused: *reused,
            sketch: sketch(get(o, "sketch")?)?,
        });
    }
    out.check()
        .map_err(|reason| AggregateError::InvalidEncoding { offset: 0, reason })?;
    Ok(out)
}

fn series(v: &Value, keys: &[String], version: u32) -> Res<(Option<Vec<String>>, Series)> {
    const FIELDS: [&str; 7] = [
        "labels",
        "overflow",
        "sessions",
        "turns",
        "latency",
        "usage",
        "acquireTime",
    ];
    // Versions 1 and 2 had no acquire times.
    let fields = if version >= 3 {
        &FIELDS[..]
    } else {
        &FIELDS[..6]
    };
    let o = object(v, fields)?;
    let values = match (o.iter().find(|(k, _)| k == "labels"), get(o, "overflow")) {
        (Some((_, labels)), Err(_)) => {
            let labels = object(labels, &keys.iter().map(String::as_str).collect::<Vec<_>>())?;
            if labels.len() != keys.len() {
                return invalid("a series' labels differ from the label keys");
            }
            Some(
                keys.iter()
                    .map(|k| string(get(labels, k)?))
                    .collect::<Res<Vec<_>>>()?,
            )
        }
        (None, Ok(Value::Bool(true))) => None,
        _ => return invalid("a series needs either labels or \"overflow\": true"),
    };
    let mut s = Series {
        sessions: u64_at(o, "sessions")?,
        turns: u64_at(o, "turns")?,
        ..Default::default()
    };
    // Version 1 held the first seven latencies, the formula as `totalLatencyMs`.
    let metrics = if version == 1 {
        &LatencyMetric::ALL[..LatencyMetric::V1_COUNT]
    } else {
        &LatencyMetric::ALL[..]
    };
    let key = |m: &LatencyMetric| match (version, m) {
        (1, LatencyMetric::FormulaLatency) => "totalLatencyMs",
        _ => m.key(),
    };
    let metric_keys: Vec<&str> = metrics.iter().map(key).collect();
    for (k, v) in object(get(o, "latency")?, &metric_keys)? {
        if let Some(m) = metrics.iter().find(|m| key(m) == k) {
            s.sketches[m.index()] = sketch(v)?;
        }
    }
    s.usage = array(get(o, "usage")?)?
        .iter()
        .map(usage_row)
        .collect::<Res<_>>()?;
    check_rows(&s.usage).map_err(|reason| AggregateError::InvalidEncoding { offset: 0, reason })?;
    if version >= 3 {
        s.acquire = acquire_times(get(o, "acquireTime")?)?;
    }
    Ok((values, s))
}

/// Reads what [`super::json::to_json`] wrote.
pub(crate) fn from_json(text: &str) -> Res<LatencyAggregator> {
    let doc = match crate::normalize::parse_json(text.as_bytes()) {
        Ok(v) => v,
        Err(NormalizeError::InvalidJson { line, column }) => {
            return Err(AggregateError::Json {
                line,
                column,
                syntax: true,
            })
        }
        Err(NormalizeError::TooLarge { what, limit_bytes }) => {
            return Err(AggregateError::TooLarge { what, limit_bytes })
        }
        Err(_) => return invalid("nested too deep"),
    };
    if doc.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return invalid("not a voice-agent-metrics aggregator (`format` differs)");
    }
    let version = int(
        doc.get("version").unwrap_or(&Value::Null),
        0.0,
        f64::from(u32::MAX),
    )?;
    if version != f64::from(FORMAT_VERSION) && version != 2.0 && version != 1.0 {
        return Err(AggregateError::UnsupportedVersion {
            found: version as u32,
        });
    }
    let version = version as u32;
    const FIELDS: [&str; 7] = [
        "format",
        "version",
        "scale",
        "explicitBoundsMs",
        "labelKeys",
        "maxSeries",
        "series",
    ];
    let o = object(&doc, &FIELDS)?;
    let bounds = array(get(o, "explicitBoundsMs")?)?;
    let bounds_ok = bounds.len() == EXPLICIT_BOUNDS_MS.len()
        && bounds
            .iter()
            .zip(EXPLICIT_BOUNDS_MS)
            .all(|(v, b)| v.as_f64() == Some(f64::from(b)));
    if get(o, "scale")?.as_f64() != Some(f64::from(SKETCH_SCALE)) || !bounds_ok {
        return invalid("unexpected sketch scale or explicit bounds");
    }
    let keys = array(get(o, "labelKeys")?)?
        .iter()
        .map(string)
        .collect::<Res<Vec<_>>>()?;
    if check_keys(&keys).is_err() {
        return invalid("invalid label keys");
    }
    let max_series = int(get(o, "maxSeries")?, 1.0, f64::from(MAX_SERIES_LIMIT))? as u32;
    let mut agg = LatencyAggregator {
        keys,
        max_series,
        series: Vec::new(),
        overflow: None,
        // Set by the caller (`limits::adopt`).
        limits: Default::default(),
        buckets: 0,
    };
    for v in array(get(o, "series")?)? {
        match series(v, &agg.keys, version)? {
            (Some(values), s) if agg.overflow.is_none() => {
                if agg.series.last().is_some_and(|(last, _)| *last >= values) {
                    return invalid("series are not in strictly increasing label order");
                }
                if agg.series.len() >= max_series as usize {
                    return invalid("more series than max_series");
                }
                agg.series.push((values, s));
            }
            (None, s) if agg.overflow.is_none() => agg.overflow = Some(s),
            _ => return invalid("two overflow series, or a series after the overflow series"),
        }
    }
    Ok(agg)
}
