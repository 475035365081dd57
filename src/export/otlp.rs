//! OTLP JSON: an `ExportMetricsServiceRequest` in the protobuf JSON mapping.

use super::prometheus::kind_name;
use super::{write_amount, write_seconds_ms, write_seconds_ns, Amount, Room, COUNTERS};
use crate::aggregate::json::write_string as string;
use crate::aggregate::{
    AggregateError, LatencyAggregator, LatencyMetric, LatencySketch, SeriesView,
    EXPLICIT_BOUNDS_MS, SKETCH_SCALE,
};
use crate::usage::PriceTable;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

type R = Result<(), AggregateError>;

/// The latest time an export takes: 2^63 − 1 ns after the epoch (year 2262), the range
/// of a signed 64-bit nanosecond clock, which OTLP consumers commonly use. A time
/// converted from a larger (or saturated) value is rejected, not wrapped.
pub const MAX_TIME_UNIX_NANO: u64 = i64::MAX as u64;

/// `OutOfRange` for times past [`MAX_TIME_UNIX_NANO`] or a start after the end.
fn check_times(o: &OtlpOptions<'_>) -> R {
    if o.start_time_unix_nano > MAX_TIME_UNIX_NANO || o.time_unix_nano > MAX_TIME_UNIX_NANO {
        return Err(AggregateError::InvalidOption {
            reason: "OTLP times must be epoch ns up to 2^63 - 1 (year 2262)",
        });
    }
    if o.start_time_unix_nano > o.time_unix_nano {
        return Err(AggregateError::InvalidOption {
            reason: "the OTLP start time must not be after the time of the data points",
        });
    }
    Ok(())
}

/// Epoch ms (e.g. JavaScript's `Date.now()`) as epoch ns for [`OtlpOptions`]: `None`
/// unless `ms` is finite, ≥ 0 and at most [`MAX_TIME_UNIX_NANO`] once converted.
pub fn unix_nano_from_ms(ms: f64) -> Option<u64> {
    let ns = ms * 1e6;
    // `as` saturates: compare in f64 first (2^63 is exact there).
    (0.0..9_223_372_036_854_775_808.0)
        .contains(&ns)
        .then_some(ns as u64)
}

/// A per-series counter of the series itself (sessions, turns).
type SeriesCount = fn(&SeriesView<'_>) -> u64;

/// `AGGREGATION_TEMPORALITY_CUMULATIVE`: enums are integers in OTLP JSON.
const CUMULATIVE: u8 = 2;

/// The instrumentation scope name of the export.
pub const SCOPE_NAME: &str = "voice-agent-metrics";

/// Which OTLP histogram the latencies are exported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OtlpHistogram {
    /// `ExponentialHistogram`, scale 6: the sketch's own buckets, full resolution.
    #[default]
    Exponential,
    /// Explicit-bucket `Histogram` with the voice-tuned bounds (seconds), for backends
    /// without exponential histograms.
    Explicit,
}

/// Options of [`LatencyAggregator::to_otlp_json`]. The core has no clock: pass the times.
#[derive(Debug, Clone, Default)]
pub struct OtlpOptions<'a> {
    /// When the cumulative aggregation started (e.g. the first session's start), epoch ns.
    pub start_time_unix_nano: u64,
    /// When the data points were taken (now), epoch ns.
    pub time_unix_nano: u64,
    /// The histogram kind (default exponential).
    pub histogram: OtlpHistogram,
    /// Resource attributes (e.g. `("service.name", "my-agent")`), as strings.
    pub resource_attributes: Vec<(String, String)>,
    /// When given, a `voice_agent.cost` sum per priced model.
    pub prices: Option<&'a PriceTable>,
}

/// Writes `"key":{"stringValue":"value"}` attribute objects.
fn attributes(out: &mut String, pairs: &[(&str, &str)], overflow: bool) {
    out.push_str("\"attributes\":[");
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"key\":");
        string(out, k);
        out.push_str(",\"value\":{\"stringValue\":");
        string(out, v);
        out.push_str("}}");
    }
    if overflow {
        if !pairs.is_empty() {
            out.push(',');
        }
        out.push_str("{\"key\":\"otel.metric.overflow\",\"value\":{\"boolValue\":true}}");
    }
    out.push(']');
}

/// Writes a data point's attributes and times (the common start of every point).
fn point_start(
    out: &mut String,
    series: &SeriesView<'_>,
    extra: &[(&str, &str)],
    o: &OtlpOptions<'_>,
) {
    let mut pairs: Vec<(&str, &str)> = series.labels().collect();
    pairs.extend_from_slice(extra);
    out.push('{');
    attributes(out, &pairs, series.is_overflow());
    let _ = write!(
        out,
        ",\"startTimeUnixNano\":\"{}\",\"timeUnixNano\":\"{}\"",
        o.start_time_unix_nano, o.time_unix_nano
    );
}

/// Writes `{"name":…,"description":…,"unit":…,"<kind>":{"dataPoints":[` … `]…}}` if
/// `points` wrote anything; `(kind, tail)`: the data kind and what follows the points.
fn metric(
    out: &mut String,
    name: &str,
    description: &str,
    unit: &str,
    (kind, tail): (&str, &str),
    room: Room,
    points: impl FnOnce(&mut String, Room) -> R,
) -> R {
    let mut body = String::new();
    points(
        &mut body,
        Room {
            used: room.used.saturating_add(out.len()),
            ..room
        },
    )?;
    if body.is_empty() {
        return Ok(());
    }
    if !out.ends_with('[') {
        out.push(',');
    }
    out.push_str("{\"name\":");
    string(out, name);
    out.push_str(",\"description\":");
    string(out, description);
    if !unit.is_empty() {
        out.push_str(",\"unit\":");
        string(out, unit);
    }
    let _ = write!(
        out,
        ",\"{kind}\":{{\"dataPoints\":[{body}],\"aggregationTemporality\":{CUMULATIVE}{tail}}}}}"
    );
    room.check(out)
}

fn comma(out: &mut String) {
    if !out.is_empty() {
        out.push(',');
    }
}

fn histogram_points(
    out: &mut String,
    agg: &LatencyAggregator,
    m: LatencyMetric,
    o: &OtlpOptions<'_>,
    room: Room,
) -> R {
    for series in agg.series() {
        room.check(out)?;
        let s = series.sketch(m);
        if s.count() == 0 {
            continue;
        }
        sketch_point(out, &series, &[], s, o);
    }
    Ok(())
}

/// `lk.agents.connection.acquire_time` points: one per series and (provider, model,
/// reused), with the SDK's attributes.
fn acquire_points(out: &mut String, agg: &LatencyAggregator, o: &OtlpOptions<'_>, room: Room) -> R {
    for series in agg.series() {
        for a in series.acquire_times() {
            room.check(out)?;
            if a.sketch.count() == 0 {
                continue;
            }
            let reused = if a.connection_reused { "true" } else { "false" };
            let extra = [
                ("model_provider", a.provider),
                ("model_name", a.model),
                ("connection_reused", reused),
            ];
            sketch_point(out, &series, &extra, a.sketch, o);
        }
    }
    Ok(())
}

/// One histogram data point of `s` (exponential or explicit, as `o` asks).
fn sketch_point(
    out: &mut String,
    series: &SeriesView<'_>,
    extra: &[(&str, &str)],
    s: &LatencySketch,
    o: &OtlpOptions<'_>,
) {
    comma(out);
    point_start(out, series, extra, o);
    let _ = write!(out, ",\"count\":\"{}\",\"sum\":", s.count());
    write_seconds_ns(out, s.sum_ns());
    match o.histogram {
        OtlpHistogram::Exponential => {
            let (offset, counts) = s.exponential_buckets();
            let _ = write!(
                out,
                ",\"scale\":{SKETCH_SCALE},\"zeroCount\":\"{}\"",
                s.zero_count()
            );
            let _ = write!(
                out,
                ",\"positive\":{{\"offset\":{offset},\"bucketCounts\":["
            );
            strings(out, counts);
            out.push_str("]}");
        }
        OtlpHistogram::Explicit => {
            out.push_str(",\"bucketCounts\":[");
            strings(out, s.explicit_counts());
            out.push_str("],\"explicitBounds\":[");
            for (i, b) in EXPLICIT_BOUNDS_MS.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_seconds_ms(out, *b);
            }
            out.push(']');
        }
    }
    let (min, max) = s.min_max_ns().unwrap_or_default();
    out.push_str(",\"min\":");
    write_seconds_ns(out, u128::from(min));
    out.push_str(",\"max\":");
    write_seconds_ns(out, u128::from(max));
    if o.histogram == OtlpHistogram::Exponential {
        // 2^-20 exactly (ZERO_THRESHOLD_S), as a decimal.
        out.push_str(",\"zeroThreshold\":0.00000095367431640625");
    }
    out.push('}');
}

/// Writes counts as JSON strings (`"3","0"`): 64-bit integers are strings in proto3 JSON.
fn strings(out: &mut String, counts: &[u64]) {
    for (i, c) in counts.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"{c}\"");
    }
}

/// Writes a number data point's value and closes the point.
fn amount(out: &mut String, a: Amount) {
    match a {
        Amount::Count(n) => {
            let _ = write!(out, ",\"asInt\":\"{n}\"");
        }
        a => {
            out.push_str(",\"asDouble\":");
            write_amount(out, a);
        }
    }
    out.push('}');
}

impl LatencyAggregator {
    /// The aggregator as OTLP JSON: one `ExportMetricsServiceRequest` (protobuf JSON
    /// mapping: camelCase keys, 64-bit integers as strings, enums as integers as OTLP
    /// requires), scope `voice-agent-metrics`, **cumulative** temporality.
    ///
    /// Latencies are `ExponentialHistogram`s (scale 6, exact sketch buckets) or explicit
    /// `Histogram`s ([`OtlpOptions::histogram`]) in seconds, and so are the connection
    /// acquire times (`lk.agents.connection.acquire_time`); usage, sessions, user
    /// turns and cost are monotonic `Sum`s. Names: see [`crate::export`].
    ///
    /// ```
    /// use voice_agent_metrics::export::OtlpOptions;
    /// use voice_agent_metrics::{LatencyAggregator, TurnSample};
    /// let mut agg = LatencyAggregator::new::<&str>(&[]).unwrap();
    /// agg.record(&TurnSample { llm_ttft_ms: Some(350.0), ..Default::default() }, &[("", "")]).unwrap();
    /// let json = agg.to_otlp_json(&OtlpOptions { time_unix_nano: 1, ..Default::default() }).unwrap();
    /// assert!(json.starts_with(r#"{"resourceMetrics":[{"resource":{},"scopeMetrics":[{"scope":{"name":"voice-agent-metrics""#));
    /// assert!(json.contains(r#""name":"lk.agents.turn.llm_ttft""#));
    /// assert!(json.contains(r#""count":"1","sum":0.35,"scale":6"#));
    /// ```
    ///
    /// Fails with `OutOfRange` for a time past [`MAX_TIME_UNIX_NANO`] or a start after
    /// the end, and with `TooLarge` once the text passes
    /// [`crate::aggregate::AggregatorLimits::max_exposition_bytes`] (default 64 MiB).
    pub fn to_otlp_json(&self, o: &OtlpOptions<'_>) -> Result<String, AggregateError> {
        check_times(o)?;
        let room = Room {
            used: 0,
            limit: self.limits().max_exposition_bytes,
        };
        let mut out = String::from("{\"resourceMetrics\":[{\"resource\":{");
        if !o.resource_attributes.is_empty() {
            let pairs: Vec<(&str, &str)> = o
                .resource_attributes
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            attributes(&mut out, &pairs, false);
        }
        out.push_str("},\"scopeMetrics\":[{\"scope\":{\"name\":");
        string(&mut out, SCOPE_NAME);
        let _ = write!(out, ",\"version\":\"{}\"}},\"metrics\":[", crate::VERSION);
        let kind = match o.histogram {
            OtlpHistogram::Exponential => "exponentialHistogram",
            OtlpHistogram::Explicit => "histogram",
        };
        for m in LatencyMetric::ALL {
            metric(
                &mut out,
                m.otel_name(),
                m.description(),
                "s",
                (kind, ""),
                room,
                |b, room| histogram_points(b, self, m, o, room),
            )?;
        }
        metric(
            &mut out,
            super::ACQUIRE_TIME_OTEL,
            super::ACQUIRE_TIME_DESCRIPTION,
            "s",
            (kind, ""),
            room,
            |b, room| acquire_points(b, self, o, room),
        )?;
        let sum = ",\"isMonotonic\":true";
        for c in &COUNTERS {
            metric(
                &mut out,
                c.otel_name,
                c.description,
                c.unit,
                ("sum", sum),
                room,
                |b, room| {
                    for series in self.series() {
                        for row in series.usage_rows() {
                            room.check(b)?;
                            if let Some(a) = c.amount(row) {
                                comma(b);
                                let extra = [
                                    ("model_provider", row.provider.as_str()),
                                    ("model_name", row.model.as_str()),
                                ];
                                point_start(b, &series, &extra, o);
                                amount(b, a);
                            }
                        }
                    }
                    Ok(())
                },
            )?;
        }
        let counts: [(&str, &str, &str, SeriesCount); 2] = [
            (
                "voice_agent.sessions",
                "Sessions added to the aggregator.",
                "{session}",
                |s| s.sessions(),
            ),
            (
                "voice_agent.user_turns",
                "User turns recorded (the population of the latency histograms).",
                "{turn}",
                |s| s.turns(),
            ),
        ];
        for (name, description, unit, value) in counts {
            metric(
                &mut out,
                name,
                description,
                unit,
                ("sum", sum),
                room,
                |b, room| {
                    for series in self.series() {
                        room.check(b)?;
                        comma(b);
                        point_start(b, &series, &[], o);
                        amount(b, Amount::Count(value(&series)));
                    }
                    Ok(())
                },
            )?;
        }
        if let Some(prices) = o.prices {
            let unit = alloc::format!("{{{}}}", prices.currency);
            metric(&mut out, "voice_agent.cost", "Cost of the priced usage, in the price table's currency (unpriced usage is left out).", &unit, ("sum", sum), room, |b, room| {
                for series in self.series() {
                    let report = series.cost(prices);
                    for m in &report.models {
                        room.check(b)?;
                        comma(b);
                        let extra = [
                            ("usage_kind", kind_name(m.kind)),
                            ("model_provider", m.provider.as_str()),
                            ("model_name", m.model.as_str()),
                            ("currency", report.currency.as_str()),
                        ];
                        point_start(b, &series, &extra, o);
                        amount(b, Amount::Money(m.cost));
                    }
                }
                Ok(())
            })?;
        }
        out.push_str("]}]}]}");
        room.check(&out)?;
        Ok(out)
    }
}
