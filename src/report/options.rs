//! Options of the analysis ([`ReportOptions`]) and the session options a report records
//! ([`ReportedOptions`]).

use super::detect::{ReportSdk, TimeUnit};
use super::error::ReportError;
use super::fields::*;
use crate::normalize::reader::{seconds_to_ms, MAX_DURATION_MS};
use crate::value::{JsonType, Value};

/// Options of [`crate::analyze_session_report`] and [`crate::ChatTurnBuilder`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default, rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ReportOptions {
    /// Whether preemptive generation was on. `None` (the default): read it from the
    /// report's `options`; unknown when the report has none (live: pass it). When on, a
    /// negative [`crate::ChatTurn::unexplained_ms`] is expected and not flagged.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub preemptive_generation: Option<bool>,
    /// A delay (e2e, end of turn, transcription) above this, in ms, is implausible and
    /// flags the turn. Default 60 000 (one minute; stale anchors give minutes).
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub max_plausible_delay_ms: f64,
    /// How far below 0 [`crate::ChatTurn::unexplained_ms`] may go before the turn is
    /// flagged, in ms: the parts come from different clocks with ms resolution. Default 5.
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub unexplained_tolerance_ms: f64,
    /// The longest report text [`crate::analyze_session_report_json`] reads, in bytes:
    /// longer text fails with `TooLarge` before anything is parsed. Default
    /// [`crate::DEFAULT_MAX_INPUT_BYTES`] (256 MiB).
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub max_input_bytes: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            preemptive_generation: None,
            max_plausible_delay_ms: 60_000.0,
            unexplained_tolerance_ms: 5.0,
            max_input_bytes: crate::normalize::DEFAULT_MAX_INPUT_BYTES,
        }
    }
}

/// The session options recorded in a report's `options`, in ms.
///
/// Python writes the delays in seconds, Node in ms; both become ms here.
/// `preemptive_generation` is a dict (`enabled`, `preemptive_tts` / Node's
/// `preemptiveTts`) since Python 1.5.4 and a plain bool before.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ReportedOptions {
    /// `allow_interruptions`.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub allow_interruptions: Option<bool>,
    /// `min_endpointing_delay`, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub min_endpointing_delay_ms: Option<f64>,
    /// `max_endpointing_delay`, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub max_endpointing_delay_ms: Option<f64>,
    /// `min_interruption_duration`, ms.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub min_interruption_duration_ms: Option<f64>,
    /// Whether preemptive generation was enabled.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub preemptive_generation: Option<bool>,
    /// Whether preemptive generation also ran TTS.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub preemptive_tts: Option<bool>,
}

const OPTIONS: Field = field("options", "options");
const ALLOW_INTERRUPTIONS: Field = field("allow_interruptions", "allowInterruptions");
const MIN_ENDPOINTING: Field = field("min_endpointing_delay", "minEndpointingDelay");
const MAX_ENDPOINTING: Field = field("max_endpointing_delay", "maxEndpointingDelay");
const MIN_INTERRUPTION: Field = field("min_interruption_duration", "minInterruptionDuration");
const PREEMPTIVE: Field = field("preemptive_generation", "preemptiveGeneration");
const ENABLED: Field = field("enabled", "enabled");
const PREEMPTIVE_TTS: Field = field("preemptive_tts", "preemptiveTts");

/// Option delays at or above this are ms even when the SDK is unknown (no SDK default
/// is 20 s or more; 20 ms is far below any real endpointing delay).
const MS_MAGNITUDE: f64 = 20.0;

/// The unit of the delays: Node ms, Python seconds, unknown by magnitude.
fn delay_unit(options: &Value, sdk: Option<ReportSdk>) -> TimeUnit {
    match sdk {
        Some(ReportSdk::Node) => TimeUnit::Milliseconds,
        Some(ReportSdk::Python) => TimeUnit::Seconds,
        None => {
            let big = [MIN_ENDPOINTING, MAX_ENDPOINTING, MIN_INTERRUPTION]
                .iter()
                .any(|f| matches!(number(options, *f), Ok(Some((_, n))) if n >= MS_MAGNITUDE));
            if big {
                TimeUnit::Milliseconds
            } else {
                TimeUnit::Seconds
            }
        }
    }
}

fn delay_ms(options: &Value, f: Field, unit: TimeUnit) -> R<Option<f64>> {
    let Some((name, n)) = number(options, f)? else {
        return Ok(None);
    };
    let ms = match unit {
        TimeUnit::Seconds => seconds_to_ms(n),
        TimeUnit::Milliseconds => n,
    };
    if !(0.0..=MAX_DURATION_MS).contains(&ms) {
        return Err(ReportError::OutOfRange {
            field: name,
            value: n,
        });
    }
    Ok(Some(ms))
}

/// Reads `report.options`; `(options, delay unit)`, the unit `None` when there are none.
pub(crate) fn read(
    report: &Value,
    sdk: Option<ReportSdk>,
) -> R<(ReportedOptions, Option<TimeUnit>)> {
    let Some(o) = object(report, OPTIONS)? else {
        return Ok((ReportedOptions::default(), None));
    };
    let unit = delay_unit(o, sdk);
    let (preemptive_generation, preemptive_tts) = match get(o, PREEMPTIVE) {
        None => (None, None),
        Some((_, Value::Bool(b))) => (Some(*b), None),
        Some((_, p @ Value::Object(_))) => (boolean(p, ENABLED)?, boolean(p, PREEMPTIVE_TTS)?),
        Some((name, v)) => {
            return Err(ReportError::WrongType {
                field: name,
                expected: JsonType::Object,
                found: v.json_type(),
            })
        }
    };
    let options = ReportedOptions {
        allow_interruptions: boolean(o, ALLOW_INTERRUPTIONS)?,
        min_endpointing_delay_ms: delay_ms(o, MIN_ENDPOINTING, unit)?,
        max_endpointing_delay_ms: delay_ms(o, MAX_ENDPOINTING, unit)?,
        min_interruption_duration_ms: delay_ms(o, MIN_INTERRUPTION, unit)?,
        preemptive_generation,
        preemptive_tts,
    };
    Ok((options, Some(unit)))
}
