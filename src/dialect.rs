//! The two (three) ways LiveKit SDKs write metrics, and how to tell them apart.

use crate::value::Value;

/// Which SDK wrote a metrics event, which fixes its key style and units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Dialect {
    /// `livekit-agents` (Python): snake_case keys, durations in seconds, timestamps in epoch seconds.
    Python,
    /// `@livekit/agents` ≥ 1.0.11 (Node): camelCase keys, durations in milliseconds
    /// (including the un-suffixed `totalDuration`, `predictionDuration`, `detectionDelay`),
    /// timestamps in epoch milliseconds.
    Node,
    /// `@livekit/agents` 1.0.0–1.0.10: camelCase keys without `Ms` suffixes and mixed
    /// units (STT/TTS `audioDuration` and realtime `duration` in seconds, realtime
    /// `timestamp` in epoch seconds, everything else in milliseconds).
    NodeLegacy,
}

impl Dialect {
    /// The name used in options and outputs: `"python"`, `"node"`, `"nodeLegacy"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Dialect::Python => "python",
            Dialect::Node => "node",
            Dialect::NodeLegacy => "nodeLegacy",
        }
    }

    /// Parses a dialect name as [`Dialect::as_str`] writes it (also accepts `"js"`,
    /// `"node-legacy"`, `"py"`). `None` for anything else.
    pub fn from_name(name: &str) -> Option<Dialect> {
        match name {
            "python" | "py" => Some(Dialect::Python),
            "node" | "js" => Some(Dialect::Node),
            "nodeLegacy" | "node-legacy" | "node_legacy" => Some(Dialect::NodeLegacy),
            _ => None,
        }
    }

    /// Whether keys are snake_case (Python) or camelCase (both Node dialects).
    pub const fn is_node(self) -> bool {
        !matches!(self, Dialect::Python)
    }
}

/// Epoch values above this are milliseconds, below it seconds (`1.7e9` s vs `1.7e12` ms for a date in 2023–2026).
pub const EPOCH_MS_THRESHOLD: f64 = 1e11;

/// Un-suffixed keys that only Node 1.0.0–1.0.10 wrote (the `Ms` names replaced them in 1.0.11).
const LEGACY_KEYS: [&str; 8] = [
    "ttfb",
    "ttft",
    "audioDuration",
    "idleTime",
    "inferenceDurationTotal",
    "endOfUtteranceDelay",
    "transcriptionDelay",
    "onUserTurnCompletedDelay",
];

/// What the keys of one metrics object say about its dialect.
///
/// Python keys contain `_` (`request_id`, `end_of_utterance_delay`); Node keys are
/// camelCase. When no key decides (a bare `{type, timestamp, label}`), the timestamp
/// decides: above [`EPOCH_MS_THRESHOLD`] it is epoch ms, so Node.
pub fn detect(metrics: &Value) -> Option<Dialect> {
    match detect_by_keys(metrics) {
        Some(KeyStyle::Decided(d)) => Some(d),
        Some(KeyStyle::Mixed) => None,
        None => detect_from(0, metrics.get("timestamp")?.as_f64()),
    }
}

/// What the key style alone says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyStyle {
    /// Keys of one dialect only.
    Decided(Dialect),
    /// Both snake_case and camelCase keys: no SDK writes that.
    Mixed,
}

/// Key-style flags of one key (see [`key_flags`]); the JS fast encoder computes the same.
pub(crate) mod flag {
    /// A key with `_`.
    pub const SNAKE: u8 = 1;
    /// A key without `_` with an ASCII capital.
    pub const CAMEL: u8 = 2;
    /// A key ending in `Ms`.
    pub const SUFFIXED: u8 = 4;
    /// One of the legacy (pre-1.0.11 Node) keys.
    pub const LEGACY: u8 = 8;
}

/// What one key (other than `type`) says about the dialect, as [`flag`] bits.
pub(crate) fn key_flags(key: &str) -> u8 {
    let mut f = 0;
    if key.contains('_') {
        f |= flag::SNAKE;
    } else if key.bytes().any(|b| b.is_ascii_uppercase()) {
        f |= flag::CAMEL;
    }
    if key.ends_with("Ms") {
        f |= flag::SUFFIXED;
    }
    if LEGACY_KEYS.contains(&key) {
        f |= flag::LEGACY;
    }
    f
}

/// The dialect the keys of `metrics` are written in; `None` when no key decides.
pub(crate) fn detect_by_keys(metrics: &Value) -> Option<KeyStyle> {
    let pairs = metrics.as_object()?;
    let flags = pairs
        .iter()
        .filter(|(key, _)| key != "type")
        .fold(0, |f, (key, _)| f | key_flags(key));
    key_style(flags)
}

/// The key style the union of the keys' [`key_flags`] says.
pub(crate) fn key_style(flags: u8) -> Option<KeyStyle> {
    let node = if flags & flag::LEGACY != 0 && flags & flag::SUFFIXED == 0 {
        Dialect::NodeLegacy
    } else {
        Dialect::Node
    };
    match (flags & flag::SNAKE != 0, flags & flag::CAMEL != 0) {
        (true, false) => Some(KeyStyle::Decided(Dialect::Python)),
        (false, true) => Some(KeyStyle::Decided(node)),
        (true, true) => Some(KeyStyle::Mixed),
        // e.g. `{type, timestamp, label}`: the caller (or the clock) decides.
        (false, false) => None,
    }
}

/// [`detect`] from the keys' flags and the `timestamp` (when a number).
pub(crate) fn detect_from(flags: u8, timestamp: Option<f64>) -> Option<Dialect> {
    match key_style(flags) {
        Some(KeyStyle::Decided(d)) => Some(d),
        Some(KeyStyle::Mixed) => None,
        None => Some(if timestamp? > EPOCH_MS_THRESHOLD {
            Dialect::Node
        } else {
            Dialect::Python
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec;

    fn obj(keys: &[&str]) -> Value {
        Value::Object(
            keys.iter()
                .map(|k| (String::from(*k), Value::Number(1_795_280_000_000.0)))
                .collect(),
        )
    }

    #[test]
    fn key_style_decides() {
        assert_eq!(detect(&obj(&["request_id", "ttft"])), Some(Dialect::Python));
        assert_eq!(detect(&obj(&["requestId", "ttftMs"])), Some(Dialect::Node));
        assert_eq!(
            detect(&obj(&["requestId", "ttft"])),
            Some(Dialect::NodeLegacy)
        );
        assert_eq!(detect(&obj(&["request_id", "requestId"])), None);
        assert_eq!(detect_by_keys(&obj(&["timestamp"])), None);
    }

    #[test]
    fn timestamp_decides_when_keys_do_not() {
        let ms = Value::Object(vec![(String::from("timestamp"), Value::Number(1.795e12))]);
        let s = Value::Object(vec![(String::from("timestamp"), Value::Number(1.795e9))]);
        assert_eq!(detect(&ms), Some(Dialect::Node));
        assert_eq!(detect(&s), Some(Dialect::Python));
        assert_eq!(detect(&Value::Object(vec![])), None);
    }

    #[test]
    fn names_round_trip() {
        for d in [Dialect::Python, Dialect::Node, Dialect::NodeLegacy] {
            assert_eq!(Dialect::from_name(d.as_str()), Some(d));
        }
        assert_eq!(Dialect::from_name("ruby"), None);
    }
}
