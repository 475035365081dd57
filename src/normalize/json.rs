//! JSON text input: one document (an array or an object), or JSON lines.

use super::{normalize_batch, NormalizeOptions, NormalizeReport};
use crate::error::{ItemError, NormalizeError};
use crate::value::{Value, TOO_DEEP, TOO_LARGE};

fn json_error(e: &serde_json::Error) -> NormalizeError {
    // serde_json's own recursion limit (128) or ours (MAX_DEPTH) both mean "too deep".
    let text = alloc::format!("{e}");
    if text.contains(TOO_DEEP) || text.contains("recursion limit") {
        return NormalizeError::TooDeep;
    }
    if text.contains(TOO_LARGE) {
        return NormalizeError::TooLarge {
            what: "parsed input",
            limit_bytes: None,
        };
    }
    NormalizeError::InvalidJson {
        line: e.line(),
        column: e.column(),
    }
}

/// Parses JSON text into a [`Value`].
pub fn parse_json(bytes: &[u8]) -> Result<Value, NormalizeError> {
    parse_json_with(bytes, crate::value::ValueSeed::new(0))
}

/// Parses JSON text with `seed` (a [`Value`] parser that may skip parts, as the session
/// report one does), with [`parse_json`]'s errors.
pub(crate) fn parse_json_with<'de, S>(bytes: &'de [u8], seed: S) -> Result<Value, NormalizeError>
where
    S: serde::de::DeserializeSeed<'de, Value = Value>,
{
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = seed.deserialize(&mut de).map_err(|e| json_error(&e))?;
    de.end().map_err(|e| json_error(&e))?;
    Ok(value)
}

/// Normalizes JSON text: an array of events, one event, or JSON lines (one event
/// per line; blank lines ignored).
///
/// In JSON-lines mode a line that is not JSON is one bad item (index = its position
/// among the non-empty lines; the error's `line` is the 1-based line in the text),
/// so with [`super::OnInvalid::Skip`] the other lines still come through.
pub fn normalize_json(
    bytes: &[u8],
    options: &NormalizeOptions,
) -> Result<NormalizeReport, ItemError> {
    super::check_input_size(bytes, options.max_input_bytes)
        .map_err(|error| ItemError { index: 0, error })?;
    let whole = match parse_json(bytes) {
        Ok(value) => return normalize_batch(&value, options),
        Err(e) => e,
    };
    let mut lines = bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, l)| l.iter().any(|b| !b.is_ascii_whitespace()));
    // JSON lines only if the first non-empty line is a JSON value on its own.
    let first_ok = lines.next().is_some_and(|(_, l)| parse_json(l).is_ok());
    if !first_ok || matches!(whole, NormalizeError::TooDeep) {
        return Err(ItemError {
            index: 0,
            error: whole,
        });
    }
    let mut report = NormalizeReport::default();
    let lines = bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, l)| l.iter().any(|b| !b.is_ascii_whitespace()));
    for (index, (line_no, line)) in lines.enumerate() {
        let result = parse_json(line)
            .map_err(|e| match e {
                NormalizeError::InvalidJson { column, .. } => NormalizeError::InvalidJson {
                    line: line_no + 1,
                    column,
                },
                other => other,
            })
            .and_then(|value| super::normalize_metric(&value, options));
        report.handle(index, result, options.on_invalid)?;
    }
    Ok(report)
}
