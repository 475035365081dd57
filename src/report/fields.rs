//! Typed access to report fields written in either key case, with unit conversion.
//!
//! Session reports come in snake_case (Python, Node ≥ 1.4.10) and camelCase (Node
//! before 1.4.10, `toJSON()` chat items, in-memory objects), and the same key holds
//! seconds in one place and milliseconds in another. Every field is named once as a
//! [`Field`] (both spellings); the reader looks up either spelling, checks the value and
//! converts it to milliseconds. Parsing never computes: engines get canonical values.

use super::error::ReportError;
use crate::dialect::EPOCH_MS_THRESHOLD;
use crate::normalize::reader::{
    epoch_seconds_to_ms, seconds_to_ms, MAX_COUNT, MAX_DURATION_MS, MAX_TIMESTAMP_MS,
};
use crate::value::{is_whole, JsonType, Value};

pub(crate) type R<T> = Result<T, ReportError>;

/// A field's snake_case and camelCase names (the same string for one-word keys).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub snake: &'static str,
    pub camel: &'static str,
}

/// A field named `snake` in snake_case reports and `camel` in camelCase ones.
pub(crate) const fn field(snake: &'static str, camel: &'static str) -> Field {
    Field { snake, camel }
}

/// The unit an epoch time was written in, from its magnitude.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Epoch {
    Seconds,
    Millis,
}

/// The value of `f` in `obj` and the spelling it was found under; `None` when absent or `null`.
pub(crate) fn get(obj: &Value, f: Field) -> Option<(&'static str, &Value)> {
    let found = match obj.get(f.snake) {
        Some(v) => Some((f.snake, v)),
        None => obj.get(f.camel).map(|v| (f.camel, v)),
    };
    found.filter(|(_, v)| !matches!(v, Value::Null))
}

/// Whether `f` is present (and not `null`).
pub(crate) fn has(obj: &Value, f: Field) -> bool {
    get(obj, f).is_some()
}

fn wrong(field: &'static str, expected: JsonType, v: &Value) -> ReportError {
    ReportError::WrongType {
        field,
        expected,
        found: v.json_type(),
    }
}

/// A finite number and its input name.
pub(crate) fn number(obj: &Value, f: Field) -> R<Option<(&'static str, f64)>> {
    let Some((name, v)) = get(obj, f) else {
        return Ok(None);
    };
    let n = v.as_f64().ok_or_else(|| wrong(name, JsonType::Number, v))?;
    if !n.is_finite() {
        return Err(ReportError::NotFinite { field: name });
    }
    Ok(Some((name, n)))
}

/// A string.
pub(crate) fn string(obj: &Value, f: Field) -> R<Option<&str>> {
    match get(obj, f) {
        None => Ok(None),
        Some((name, v)) => v
            .as_str()
            .map(Some)
            .ok_or_else(|| wrong(name, JsonType::String, v)),
    }
}

/// A required string.
pub(crate) fn required_string(obj: &Value, f: Field) -> R<&str> {
    string(obj, f)?.ok_or(ReportError::MissingField { field: f.snake })
}

/// A boolean.
pub(crate) fn boolean(obj: &Value, f: Field) -> R<Option<bool>> {
    match get(obj, f) {
        None => Ok(None),
        Some((_, Value::Bool(b))) => Ok(Some(*b)),
        Some((name, v)) => Err(wrong(name, JsonType::Boolean, v)),
    }
}

/// An object.
pub(crate) fn object(obj: &Value, f: Field) -> R<Option<&Value>> {
    match get(obj, f) {
        None => Ok(None),
        Some((_, v @ Value::Object(_))) => Ok(Some(v)),
        Some((name, v)) => Err(wrong(name, JsonType::Object, v)),
    }
}

/// An array.
pub(crate) fn array(obj: &Value, f: Field) -> R<Option<&[Value]>> {
    match get(obj, f) {
        None => Ok(None),
        Some((_, Value::Array(items))) => Ok(Some(items)),
        Some((name, v)) => Err(wrong(name, JsonType::Array, v)),
    }
}

/// A duration written in seconds, as ms (rounded to the ns). Negative values are kept
/// (a stale anchor can make an SDK write one; the turn is flagged, not rejected); a
/// magnitude over 7 days is a unit mistake.
pub(crate) fn seconds_as_ms(obj: &Value, f: Field) -> R<Option<f64>> {
    let Some((name, s)) = number(obj, f)? else {
        return Ok(None);
    };
    let ms = seconds_to_ms(s);
    if ms.abs() > MAX_DURATION_MS {
        return Err(ReportError::OutOfRange {
            field: name,
            value: s,
        });
    }
    Ok(Some(ms))
}

/// A non-negative usage duration in ms: `snake` is in seconds, `camel` (Node before
/// 1.4.10, in-memory) in ms.
pub(crate) fn usage_duration_ms(obj: &Value, f: Field) -> R<f64> {
    let Some((name, n)) = number(obj, f)? else {
        return Ok(0.0);
    };
    let ms = if name == f.snake { seconds_to_ms(n) } else { n };
    if !(0.0..=MAX_DURATION_MS).contains(&ms) {
        return Err(ReportError::OutOfRange {
            field: name,
            value: n,
        });
    }
    Ok(ms)
}

/// An epoch time in ms and the unit it was written in: above `1e11` it is epoch ms,
/// below epoch seconds. Negative or after the year 5000 is out of range.
pub(crate) fn epoch_ms(obj: &Value, f: Field) -> R<Option<(f64, Epoch)>> {
    let Some((name, n)) = number(obj, f)? else {
        return Ok(None);
    };
    let (ms, unit) = if n > EPOCH_MS_THRESHOLD {
        (n, Epoch::Millis)
    } else {
        (epoch_seconds_to_ms(n), Epoch::Seconds)
    };
    if !(0.0..=MAX_TIMESTAMP_MS).contains(&ms) {
        return Err(ReportError::OutOfRange {
            field: name,
            value: n,
        });
    }
    Ok(Some((ms, unit)))
}

/// An epoch time in ms written in seconds (message metrics `*_at`, always seconds).
pub(crate) fn epoch_seconds_as_ms(obj: &Value, f: Field) -> R<Option<f64>> {
    let Some((name, n)) = number(obj, f)? else {
        return Ok(None);
    };
    let ms = epoch_seconds_to_ms(n);
    if !(0.0..=MAX_TIMESTAMP_MS).contains(&ms) {
        return Err(ReportError::OutOfRange {
            field: name,
            value: n,
        });
    }
    Ok(Some(ms))
}

/// A non-negative whole count; 0 when absent.
pub(crate) fn count(obj: &Value, f: Field) -> R<u64> {
    let Some((field, n)) = number(obj, f)? else {
        return Ok(0);
    };
    if n < 0.0 {
        return Err(ReportError::NegativeCount { field, value: n });
    }
    if n > MAX_COUNT {
        return Err(ReportError::OutOfRange { field, value: n });
    }
    if !is_whole(n) {
        return Err(ReportError::NotAnInteger { field, value: n });
    }
    Ok(n as u64)
}

/// The error for a value that should be an object.
pub(crate) fn not_an_object(v: &Value) -> ReportError {
    ReportError::NotAnObject {
        found: v.json_type(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec;

    fn obj(key: &str, v: Value) -> Value {
        Value::Object(vec![(String::from(key), v)])
    }

    #[test]
    fn either_spelling_and_units() {
        const AT: Field = field("created_at", "createdAt");
        let s = obj("created_at", Value::Number(1_795_280_832.353));
        let ms = obj("createdAt", Value::Number(1_795_280_832_353.0));
        assert_eq!(
            epoch_ms(&s, AT).unwrap(),
            Some((1_795_280_832_353.0, Epoch::Seconds))
        );
        assert_eq!(
            epoch_ms(&ms, AT).unwrap(),
            Some((1_795_280_832_353.0, Epoch::Millis))
        );
        const AUDIO: Field = field("audio_duration", "audioDurationMs");
        let py = obj("audio_duration", Value::Number(6.83));
        let js = obj("audioDurationMs", Value::Number(6830.0));
        assert_eq!(usage_duration_ms(&py, AUDIO).unwrap(), 6830.0);
        assert_eq!(usage_duration_ms(&js, AUDIO).unwrap(), 6830.0);
    }

    #[test]
    fn bad_values_have_codes() {
        const N: Field = field("n", "n");
        let e = count(&obj("n", Value::Number(1.5)), N).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::NotAnInteger);
        let e = number(&obj("n", Value::Number(f64::NAN)), N).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::NotFinite);
        let e = string(&obj("n", Value::Bool(true)), N).unwrap_err();
        assert_eq!(e.code(), crate::ErrorCode::WrongType);
        assert_eq!(get(&obj("n", Value::Null), N), None);
    }
}
