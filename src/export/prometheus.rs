//! Prometheus text exposition (format 0.0.4) of a [`LatencyAggregator`].

use super::{write_amount, write_seconds_ms, write_seconds_ns, Amount, Room, COUNTERS};
use crate::aggregate::{
    prometheus_label_name, AggregateError, LatencyAggregator, LatencyMetric, LatencySketch,
    SeriesView, EXPLICIT_BOUNDS_MS,
};
use crate::usage::{PriceTable, UsageKind};
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// Escapes a label value: backslash, double quote and line feed.
fn escape_value(out: &mut String, v: &str) {
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// Escapes `# HELP` text: backslash and line feed.
fn escape_help(out: &mut String, v: &str) {
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// Writes `# HELP` and `# TYPE`.
fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = write!(out, "# HELP {name} ");
    escape_help(out, help);
    let _ = writeln!(out, "\n# TYPE {name} {kind}");
}

/// The `{...}` label block of a series plus `extra` pairs (names already valid); empty
/// when there are no labels.
fn label_block(series: &SeriesView<'_>, extra: &[(&str, &str)]) -> String {
    let mut out = String::from("{");
    let mut pairs: Vec<(String, &str)> = series
        .labels()
        .map(|(k, v)| (prometheus_label_name(k), v))
        .collect();
    if series.is_overflow() {
        pairs.push((String::from("otel_metric_overflow"), "true"));
    }
    pairs.extend(extra.iter().map(|(k, v)| (String::from(*k), *v)));
    if pairs.is_empty() {
        return String::new();
    }
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{k}=\"");
        escape_value(&mut out, v);
        out.push('"');
    }
    out.push('}');
    out
}

/// The block `base` (from [`label_block`]) with one more label (for `le`).
fn with_label(base: &str, name: &str, value: &str) -> String {
    match base.strip_suffix('}') {
        Some(inner) => alloc::format!("{inner},{name}=\"{value}\"}}"),
        None => alloc::format!("{{{name}=\"{value}\"}}"),
    }
}

type R = Result<(), AggregateError>;

fn histogram(out: &mut String, agg: &LatencyAggregator, metric: LatencyMetric, room: Room) -> R {
    let name = metric.prometheus_name();
    let mut wrote_header = false;
    for series in agg.series() {
        room.check(out)?;
        let s = series.sketch(metric);
        if s.count() == 0 {
            continue;
        }
        if !wrote_header {
            header(out, name, "histogram", metric.description());
            wrote_header = true;
        }
        let labels = label_block(&series, &[]);
        sketch_lines(out, name, &labels, s);
    }
    Ok(())
}

/// The `_bucket`, `_sum` and `_count` lines of one sketch under `labels`.
fn sketch_lines(out: &mut String, name: &str, labels: &str, s: &LatencySketch) {
    let mut cumulative = 0u64;
    for (bound, n) in EXPLICIT_BOUNDS_MS.iter().zip(s.explicit_counts()) {
        cumulative = cumulative.saturating_add(*n);
        let mut le = String::new();
        write_seconds_ms(&mut le, *bound);
        let _ = writeln!(
            out,
            "{name}_bucket{} {cumulative}",
            with_label(labels, "le", &le)
        );
    }
    let inf = with_label(labels, "le", "+Inf");
    let _ = writeln!(out, "{name}_bucket{inf} {}", s.count());
    let _ = write!(out, "{name}_sum{labels} ");
    write_seconds_ns(out, s.sum_ns());
    let _ = writeln!(out, "\n{name}_count{labels} {}", s.count());
}

/// `lk_agents_connection_acquire_time_seconds`: one histogram per series and (provider,
/// model, reused), labelled as the SDK's attributes.
fn acquire_histogram(out: &mut String, agg: &LatencyAggregator, room: Room) -> R {
    let name = super::ACQUIRE_TIME_PROMETHEUS;
    let mut wrote_header = false;
    for series in agg.series() {
        for a in series.acquire_times() {
            room.check(out)?;
            if a.sketch.count() == 0 {
                continue;
            }
            if !wrote_header {
                header(out, name, "histogram", super::ACQUIRE_TIME_DESCRIPTION);
                wrote_header = true;
            }
            let reused = if a.connection_reused { "true" } else { "false" };
            let labels = label_block(
                &series,
                &[
                    ("model_provider", a.provider),
                    ("model_name", a.model),
                    ("connection_reused", reused),
                ],
            );
            sketch_lines(out, name, &labels, a.sketch);
        }
    }
    Ok(())
}

fn usage_counters(out: &mut String, agg: &LatencyAggregator, room: Room) -> R {
    for c in &COUNTERS {
        let mut wrote_header = false;
        for series in agg.series() {
            for row in series.usage_rows() {
                room.check(out)?;
                let Some(amount) = c.amount(row) else {
                    continue;
                };
                if !wrote_header {
                    header(out, c.prometheus_name, "counter", c.description);
                    wrote_header = true;
                }
                let labels = label_block(
                    &series,
                    &[
                        ("model_provider", &row.provider),
                        ("model_name", &row.model),
                    ],
                );
                let _ = write!(out, "{}{labels} ", c.prometheus_name);
                write_amount(out, amount);
                out.push('\n');
            }
        }
    }
    Ok(())
}

/// The label value of a usage kind (`llm`, `tts`, ...).
pub(crate) const fn kind_name(kind: UsageKind) -> &'static str {
    match kind {
        UsageKind::Llm => "llm",
        UsageKind::Tts => "tts",
        UsageKind::Stt => "stt",
        UsageKind::Interruption => "interruption",
        UsageKind::Eot => "eot",
    }
}

fn cost_counter(out: &mut String, agg: &LatencyAggregator, prices: &PriceTable, room: Room) -> R {
    let name = "voice_agent_cost_total";
    let mut wrote_header = false;
    for series in agg.series() {
        let report = series.cost(prices);
        for m in &report.models {
            room.check(out)?;
            if !wrote_header {
                header(out, name, "counter", "Cost of the priced usage, in the price table's currency (unpriced usage is left out).");
                wrote_header = true;
            }
            let labels = label_block(
                &series,
                &[
                    ("usage_kind", kind_name(m.kind)),
                    ("model_provider", &m.provider),
                    ("model_name", &m.model),
                    ("currency", &report.currency),
                ],
            );
            let _ = write!(out, "{name}{labels} ");
            write_amount(out, Amount::Money(m.cost));
            out.push('\n');
        }
    }
    Ok(())
}

fn series_counter(
    out: &mut String,
    agg: &LatencyAggregator,
    name: &str,
    help: &str,
    value: fn(&SeriesView<'_>) -> u64,
    room: Room,
) -> R {
    if agg.series_count() == 0 {
        return Ok(());
    }
    header(out, name, "counter", help);
    for series in agg.series() {
        room.check(out)?;
        let _ = writeln!(
            out,
            "{name}{} {}",
            label_block(&series, &[]),
            value(&series)
        );
    }
    Ok(())
}

impl LatencyAggregator {
    /// The Prometheus text exposition (format 0.0.4) of every series: a histogram per
    /// latency in **seconds** with the voice-tuned `le` buckets of
    /// [`EXPLICIT_BOUNDS_MS`] (exact counts), `_sum` and `_count`; the connection
    /// acquire times (`lk_agents_connection_acquire_time_seconds`, the same buckets);
    /// LiveKit's usage counters; session and user-turn counters. Names: see
    /// [`crate::export`].
    ///
    /// ```
    /// use voice_agent_metrics::{LatencyAggregator, TurnSample};
    /// let mut agg = LatencyAggregator::new(&["agent_name"]).unwrap();
    /// let turn = TurnSample { e2e_latency_ms: Some(1_234.0), ..Default::default() };
    /// agg.record(&turn, &[("agent_name", "say \"hi\"")]).unwrap();
    /// let text = agg.to_prometheus().unwrap();
    /// assert!(text.contains("# TYPE lk_agents_turn_e2e_latency_seconds histogram\n"));
    /// assert!(text.contains(r#"lk_agents_turn_e2e_latency_seconds_bucket{agent_name="say \"hi\"",le="1.2"} 0"#));
    /// assert!(text.contains(r#"lk_agents_turn_e2e_latency_seconds_bucket{agent_name="say \"hi\"",le="1.35"} 1"#));
    /// assert!(text.contains(r#"lk_agents_turn_e2e_latency_seconds_sum{agent_name="say \"hi\""} 1.234"#));
    /// ```
    pub fn to_prometheus(&self) -> Result<String, AggregateError> {
        self.to_prometheus_with(None)
    }

    /// [`LatencyAggregator::to_prometheus`], plus `voice_agent_cost_total` per priced
    /// model when `prices` is given.
    ///
    /// Fails with `TooLarge` once the text passes
    /// [`crate::aggregate::AggregatorLimits::max_exposition_bytes`] (default 64 MiB).
    pub fn to_prometheus_with(
        &self,
        prices: Option<&PriceTable>,
    ) -> Result<String, AggregateError> {
        let room = Room {
            used: 0,
            limit: self.limits().max_exposition_bytes,
        };
        let mut out = String::new();
        for m in LatencyMetric::ALL {
            histogram(&mut out, self, m, room)?;
        }
        acquire_histogram(&mut out, self, room)?;
        usage_counters(&mut out, self, room)?;
        if let Some(p) = prices {
            cost_counter(&mut out, self, p, room)?;
        }
        series_counter(
            &mut out,
            self,
            "voice_agent_sessions_total",
            "Sessions added to the aggregator.",
            |s| s.sessions(),
            room,
        )?;
        series_counter(
            &mut out,
            self,
            "voice_agent_user_turns_total",
            "User turns recorded (the population of the latency histograms).",
            |s| s.turns(),
            room,
        )?;
        room.check(&out)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_label_values() {
        let mut out = String::new();
        escape_value(&mut out, "a\\b\"c\nd");
        assert_eq!(out, r#"a\\b\"c\nd"#);
    }

    #[test]
    fn adds_a_label_to_an_empty_block() {
        assert_eq!(with_label("", "le", "0.5"), r#"{le="0.5"}"#);
        assert_eq!(
            with_label(r#"{a="1"}"#, "le", "+Inf"),
            r#"{a="1",le="+Inf"}"#
        );
    }
}
