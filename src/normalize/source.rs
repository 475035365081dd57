//! Where a [`super::reader::Reader`] reads fields from: a [`Value`] tree (JSON text,
//! or a JS object graph copied by the generic binding path), or a [`Flat`] encoding
//! of one event written by the JS fast encoder (`SessionMetrics.push` in the npm
//! package): known field names as ids into [`NAMES`], values tagged, strings in one
//! UTF-8 buffer. Both give the reader the same [`Field`]s, so every validation, unit
//! and sentinel rule is shared.

use crate::value::{JsonType, Value};

/// Every field name the readers ask for (all dialects), plus `type`. A name's id is
/// its index; the JS encoder is generated from this list (`fastPushNames`).
pub(crate) const NAMES: [&str; 110] = [
    "type",
    "timestamp",
    "label",
    "request_id",
    "requestId",
    "speech_id",
    "speechId",
    "cancelled",
    "streamed",
    "input_tokens",
    "inputTokens",
    "output_tokens",
    "outputTokens",
    "total_tokens",
    "totalTokens",
    "tokens_per_second",
    "tokensPerSecond",
    "acquire_time",
    "acquireTimeMs",
    "connection_reused",
    "connectionReused",
    "metadata",
    "model_name",
    "modelName",
    "model_provider",
    "modelProvider",
    "duration",
    "durationMs",
    "ttft",
    "ttftMs",
    "ttfb",
    "ttfbMs",
    "completion_tokens",
    "completionTokens",
    "prompt_tokens",
    "promptTokens",
    "prompt_cached_tokens",
    "promptCachedTokens",
    "cache_creation_tokens",
    "cacheCreationTokens",
    "reasoning_tokens",
    "reasoningTokens",
    "audio_duration",
    "audioDurationMs",
    "audioDuration",
    "input_audio_tokens",
    "inputAudioTokens",
    "characters_count",
    "charactersCount",
    "segment_id",
    "segmentId",
    "idle_time",
    "idleTimeMs",
    "idleTime",
    "inference_duration_total",
    "inferenceDurationTotalMs",
    "inferenceDurationTotal",
    "inference_count",
    "inferenceCount",
    "end_of_utterance_delay",
    "endOfUtteranceDelayMs",
    "endOfUtteranceDelay",
    "transcription_delay",
    "transcriptionDelayMs",
    "transcriptionDelay",
    "on_user_turn_completed_delay",
    "onUserTurnCompletedDelayMs",
    "onUserTurnCompletedDelay",
    "last_speaking_time",
    "lastSpeakingTimeMs",
    "total_duration",
    "totalDuration",
    "prediction_duration",
    "predictionDuration",
    "detection_delay",
    "detectionDelay",
    "num_requests",
    "numRequests",
    "num_interruptions",
    "numInterruptions",
    "num_backchannels",
    "numBackchannels",
    "playback_latency",
    "playbackLatencyMs",
    "session_started_time",
    "sessionStartedAt",
    "avatar_joined_time",
    "avatarJoinedAt",
    "session_duration",
    "sessionDurationMs",
    "input_token_details",
    "inputTokenDetails",
    "output_token_details",
    "outputTokenDetails",
    "audio_tokens",
    "audioTokens",
    "text_tokens",
    "textTokens",
    "image_tokens",
    "imageTokens",
    "cached_tokens",
    "cachedTokens",
    "cached_tokens_details",
    "cachedTokensDetails",
    "first_transcript_after_eos_delay",
    "firstTranscriptAfterEosDelayMs",
    "first_interim_delay",
    "firstInterimDelayMs",
    "first_interim_status",
    "firstInterimStatus",
];

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn find(list: &[&str], name: &str) -> Option<usize> {
    let mut i = 0;
    while i < list.len() {
        if same(list[i], name) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// A name's id, at compile time: a name missing from the lists fails the build.
pub(crate) const fn name_id(name: &str) -> u8 {
    match find(&NAMES, name) {
        Some(i) => i as u8,
        None => panic!("a field name missing from normalize::source::NAMES"),
    }
}

/// One field's value, as the readers see it.
#[derive(Clone, Copy)]
pub(crate) enum Field<'a> {
    Null,
    Bool(bool),
    Number(f64),
    Str(&'a str),
    Array,
    Object(Obj<'a>),
}

impl<'a> Field<'a> {
    pub fn json_type(&self) -> JsonType {
        match self {
            Field::Null => JsonType::Null,
            Field::Bool(_) => JsonType::Boolean,
            Field::Number(_) => JsonType::Number,
            Field::Str(_) => JsonType::String,
            Field::Array => JsonType::Array,
            Field::Object(_) => JsonType::Object,
        }
    }

    fn of(v: &'a Value) -> Field<'a> {
        match v {
            Value::Null => Field::Null,
            Value::Bool(b) => Field::Bool(*b),
            Value::Number(n) => Field::Number(*n),
            Value::String(s) => Field::Str(s),
            Value::Array(_) => Field::Array,
            Value::Object(_) => Field::Object(Obj::Tree(v)),
        }
    }
}

/// An object the readers read fields of.
#[derive(Clone, Copy)]
pub(crate) enum Obj<'a> {
    /// A [`Value::Object`].
    Tree(&'a Value),
    /// Object number `table` of a flat encoding.
    Flat(&'a Flat<'a>, u8),
}

impl<'a> Obj<'a> {
    /// The field named `name` (whose id is `id`); `None` when absent.
    pub fn get(self, name: &str, id: u8) -> Option<Field<'a>> {
        match self {
            Obj::Tree(v) => v.get(name).map(Field::of),
            Obj::Flat(f, table) => f.get(table, id),
        }
    }
}

/// Bytes per entry of the flat encoding.
pub(crate) const ENTRY_BYTES: usize = 16;
/// The most entries one encoding holds (the JS encoder falls back past it).
#[cfg_attr(not(any(feature = "wasm", test, fuzzing)), allow(dead_code))]
pub(crate) const MAX_ENTRIES: usize = 64;
/// The most objects (the event's metrics object and nested ones) one encoding holds.
pub(crate) const MAX_TABLES: u8 = 8;

/// Entry tags (byte 2 of an entry).
pub(crate) mod tag {
    pub const NULL: u8 = 1;
    pub const FALSE: u8 = 2;
    pub const TRUE: u8 = 3;
    pub const NUMBER: u8 = 4;
    pub const STRING: u8 = 5;
    pub const OBJECT: u8 = 6;
}

/// One event's fields as the JS fast encoder writes them.
///
/// `entries` is a sequence of 16-byte little-endian entries: byte 0 the object
/// (table) it belongs to (0 = the metrics object), byte 1 the name id, byte 2 the tag;
/// bytes 4..8 a `u32` (a string's byte length, or a nested object's table); bytes
/// 8..16 an `f64` (a number) or a `u32` at 8..12 (a string's offset in `strings`).
/// Malformed entries read as absent: nothing here can panic.
pub(crate) struct Flat<'a> {
    entries: &'a [u8],
    strings: &'a str,
    /// For the metrics object (table 0): name id → 1 + index of its (last) entry, or 0.
    root: [u8; NAMES.len()],
}

fn u32_at(e: &[u8], at: usize) -> u32 {
    match e.get(at..at + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}

// Only the wasm binding (and the tests and fuzz target) build flat encodings.
#[cfg_attr(not(any(feature = "wasm", test, fuzzing)), allow(dead_code))]
impl<'a> Flat<'a> {
    /// `None` when `strings` is not UTF-8 or `entries` is not whole entries (at most
    /// [`MAX_ENTRIES`]).
    pub fn new(entries: &'a [u8], strings: &'a [u8]) -> Option<Flat<'a>> {
        Flat::with_str(entries, core::str::from_utf8(strings).ok()?)
    }

    /// [`Flat::new`] with the strings already checked as UTF-8 (a batch's events share
    /// one string buffer).
    pub fn with_str(entries: &'a [u8], strings: &'a str) -> Option<Flat<'a>> {
        if entries.len() % ENTRY_BYTES != 0 || entries.len() > MAX_ENTRIES * ENTRY_BYTES {
            return None;
        }
        // Most reads are of the metrics object: index it once instead of scanning the
        // entries for every field the reader asks for.
        let mut root = [0u8; NAMES.len()];
        for (i, e) in entries.chunks_exact(ENTRY_BYTES).enumerate() {
            if let (Some(0), Some(&id)) = (e.first(), e.get(1)) {
                if let Some(slot) = root.get_mut(usize::from(id)) {
                    *slot = (i + 1) as u8;
                }
            }
        }
        Some(Flat {
            entries,
            strings,
            root,
        })
    }

    /// The metrics object (table 0).
    pub fn root(&'a self) -> Obj<'a> {
        Obj::Flat(self, 0)
    }

    fn get(&'a self, table: u8, id: u8) -> Option<Field<'a>> {
        let e = if table == 0 {
            let at = usize::from(*self.root.get(usize::from(id))?).checked_sub(1)?;
            self.entries.get(at * ENTRY_BYTES..(at + 1) * ENTRY_BYTES)?
        } else {
            self.entries
                .chunks_exact(ENTRY_BYTES)
                .rev()
                .find(|e| e.first() == Some(&table) && e.get(1) == Some(&id))?
        };
        Some(match e.get(2).copied().unwrap_or(0) {
            tag::NULL => Field::Null,
            tag::FALSE => Field::Bool(false),
            tag::TRUE => Field::Bool(true),
            tag::NUMBER => match e.get(8..16) {
                Some(b) => {
                    let mut n = [0u8; 8];
                    n.copy_from_slice(b);
                    Field::Number(f64::from_le_bytes(n))
                }
                None => Field::Null,
            },
            tag::STRING => {
                let len = u32_at(e, 4) as usize;
                let at = u32_at(e, 8) as usize;
                match self.strings.get(at..at.saturating_add(len)) {
                    Some(s) => Field::Str(s),
                    None => Field::Null,
                }
            }
            tag::OBJECT => match u32_at(e, 4) {
                t if t > u32::from(table) && t < u32::from(MAX_TABLES) => {
                    Field::Object(Obj::Flat(self, t as u8))
                }
                _ => Field::Null,
            },
            _ => Field::Null,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_indexes() {
        for (id, n) in NAMES.iter().enumerate() {
            assert_eq!(name_id(n) as usize, id, "{n}");
        }
    }
}
