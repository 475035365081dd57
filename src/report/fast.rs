//! A fast JSON parser for session reports: bytes → [`Value`], with the `usage` of every
//! event skipped by a validating scanner instead of parsed (see [`super::json`]).
//!
//! It accepts exactly what `serde_json` (the crate's [`crate::parse_json`]) accepts and
//! builds the same [`Value`], bit for bit; whenever it meets anything else — text that is
//! not JSON, nesting deeper than [`MAX_DEPTH`], a number outside its fast path, a lone
//! surrogate escape in a string it reads — it gives up ([`Bail`]) and the caller parses
//! the document again with `serde_json` ([`crate::parse_json`]), whose result (or error,
//! with its line and column) is the answer. So errors are serde_json's by construction;
//! this parser only has to never accept what serde_json rejects, and to build the same
//! values for what both accept (unit tests below, and the `session_report` fuzz target).
//!
//! What it checks, in skipped values too (the library promises a clear error for
//! malformed JSON anywhere in a report): the JSON grammar (brackets, commas, colons,
//! keys are strings, literals, the number grammar), string escapes (`\uXXXX` needs 4 hex
//! digits; skipped strings may hold lone surrogates, as `serde_json` accepts there),
//! control characters in strings, UTF-8 (the whole text, once, with
//! `core::str::from_utf8`: JSON that `serde_json` accepts is UTF-8 throughout, since
//! outside strings bytes ≥ 0x80 are syntax errors), and nesting.
//! Numbers in skipped values are checked against the grammar only, not their range
//! (`1e400` is accepted there, as `serde_json` accepts it in an ignored value).
//!
//! A skipped `usage` that is byte for byte the last skipped array or object (Python
//! reports repeat the same snapshot in most `session_usage_updated` events) is compared,
//! not scanned: the same bytes at the same nesting are the same valid value.
//!
//! Speed: strings and runs of spaces (pretty-printed reports) are scanned 8 bytes at a
//! time; the children of an object or array are collected on a shared stack and moved
//! into one exactly-sized allocation when it closes (no `Vec` growth).
//!
//! Numbers are correctly rounded (the nearest `f64`, as `serde_json` with
//! `float_roundtrip` and JavaScript read them): a whole number that fits a `u64` is
//! converted once; a significand of at most 2^53 with a decimal exponent
//! within ±22 is one exact multiplication or division (Clinger's fast path); anything
//! else (17-digit Python floats) is read by `core`'s `str::parse::<f64>` on the
//! validated literal. A number beyond the `f64` range makes the parser give up, and
//! `serde_json` reports it.

use crate::value::{Value, MAX_DEPTH};
use alloc::string::String;
use alloc::vec::Vec;

/// Makes room for one more item; no memory gives up (the `serde_json` parse then fails
/// with `TooLarge`) instead of aborting.
#[inline(always)]
fn reserve_one<T>(v: &mut Vec<T>) -> P<()> {
    if v.len() == v.capacity() {
        v.try_reserve(1).map_err(|_| Bail)?;
    }
    Ok(())
}

/// The items of `stack` from `mark` on, moved into one exactly-sized allocation.
#[inline(always)]
fn take_from<T>(stack: &mut Vec<T>, mark: usize) -> P<Vec<T>> {
    let mut out = Vec::new();
    out.try_reserve_exact(stack.len() - mark)
        .map_err(|_| Bail)?;
    out.extend(stack.drain(mark..));
    Ok(out)
}

/// The fast parser gave up: parse the document with `serde_json` instead.
#[derive(Debug)]
pub(crate) struct Bail;

type P<T> = Result<T, Bail>;

/// A skipped event `usage`: where it is (as [`crate::value::Skipped`]) and its text.
pub(crate) struct Span<'a> {
    pub(crate) events_key: usize,
    pub(crate) event: usize,
    pub(crate) key: usize,
    pub(crate) raw: &'a [u8],
}

#[derive(Clone, Copy)]
enum Level {
    Report,
    Events { key: usize },
    Event { key: usize, index: usize },
    Other,
}

mod scalars;
mod swar;
#[cfg(test)]
mod tests;

use swar::{same, SPACES};

pub(crate) struct Parser<'a> {
    /// The text (checked as UTF-8 once, up front), and as bytes.
    t: &'a str,
    b: &'a [u8],
    i: usize,
    /// Children of the open arrays, innermost last.
    items: Vec<Value>,
    /// Pairs of the open objects, innermost last.
    pairs: Vec<(String, Value)>,
    /// Skipped event `usage` values, in document order (only when skipping).
    pub(crate) skipped: Vec<Span<'a>>,
    skipping: bool,
    /// The last skipped value that was an array or an object (self-delimiting).
    last_skip: &'a [u8],
}

impl<'a> Parser<'a> {
    pub(crate) fn new(t: &'a str) -> Self {
        Parser {
            t,
            b: t.as_bytes(),
            i: 0,
            items: Vec::new(),
            pairs: Vec::new(),
            skipped: Vec::new(),
            skipping: false,
            last_skip: &[],
        }
    }

    /// Parses the whole text as one value whose parent sits at nesting `depth`
    /// (0 for a document); with `skip`, every event's `usage` is left `null` and listed
    /// in [`Parser::skipped`].
    pub(crate) fn document(&mut self, depth: usize, skip: bool) -> P<Value> {
        self.skipping = skip;
        self.ws();
        let level = if skip { Level::Report } else { Level::Other };
        let v = self.value(depth, level)?;
        self.ws();
        if self.i != self.b.len() {
            return Err(Bail);
        }
        Ok(v)
    }

    #[inline(always)]
    fn peek(&self) -> P<u8> {
        self.b.get(self.i).copied().ok_or(Bail)
    }

    #[inline(always)]
    fn word(&self) -> Option<u64> {
        let w = self.b.get(self.i..self.i + 8)?;
        Some(u64::from_le_bytes(w.try_into().ok()?))
    }

    /// Skips JSON whitespace; runs of spaces (indentation) 8 bytes at a time.
    #[inline(always)]
    fn ws(&mut self) {
        loop {
            if let Some(w) = self.word() {
                let n = ((w ^ SPACES).trailing_zeros() / 8) as usize;
                self.i += n;
                if n == 8 {
                    continue;
                }
            }
            match self.b.get(self.i) {
                Some(b' ' | b'\n' | b'\r' | b'\t') => self.i += 1,
                _ => return,
            }
        }
    }

    fn expect(&mut self, c: u8) -> P<()> {
        if self.peek()? != c {
            return Err(Bail);
        }
        self.i += 1;
        Ok(())
    }

    fn value(&mut self, depth: usize, level: Level) -> P<Value> {
        match self.peek()? {
            b'{' => self.object(depth + 1, level),
            b'[' => self.array(depth + 1, level),
            b'"' => {
                self.i += 1;
                Ok(Value::String(self.string()?))
            }
            b't' => self.literal(b"true", Value::Bool(true)),
            b'f' => self.literal(b"false", Value::Bool(false)),
            b'n' => self.literal(b"null", Value::Null),
            b'-' | b'0'..=b'9' => self.number().map(Value::Number),
            _ => Err(Bail),
        }
    }

    fn literal(&mut self, word: &[u8], v: Value) -> P<Value> {
        if self.b.get(self.i..self.i + word.len()) != Some(word) {
            return Err(Bail);
        }
        self.i += word.len();
        Ok(v)
    }

    fn array(&mut self, depth: usize, level: Level) -> P<Value> {
        if depth > MAX_DEPTH {
            return Err(Bail);
        }
        self.i += 1;
        self.ws();
        let mark = self.items.len();
        if self.peek()? != b']' {
            loop {
                let child = match level {
                    Level::Events { key } => Level::Event {
                        key,
                        index: self.items.len() - mark,
                    },
                    _ => Level::Other,
                };
                let v = self.value(depth, child)?;
                reserve_one(&mut self.items)?;
                self.items.push(v);
                self.ws();
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        self.ws();
                    }
                    b']' => break,
                    _ => return Err(Bail),
                }
            }
        }
        self.i += 1;
        Ok(Value::Array(take_from(&mut self.items, mark)?))
    }

    fn object(&mut self, depth: usize, level: Level) -> P<Value> {
        if depth > MAX_DEPTH {
            return Err(Bail);
        }
        self.i += 1;
        self.ws();
        let mark = self.pairs.len();
        if self.peek()? != b'}' {
            loop {
                self.expect(b'"')?;
                let key = self.string()?;
                self.ws();
                self.expect(b':')?;
                self.ws();
                let position = self.pairs.len() - mark;
                let v = match level {
                    Level::Report if self.skipping && key == "events" => {
                        self.value(depth, Level::Events { key: position })?
                    }
                    Level::Event {
                        key: events_key,
                        index,
                    } if key == "usage" => {
                        let start = self.i;
                        let n = self.last_skip.len();
                        match self.b.get(start..start + n) {
                            // Python reports repeat the same usage snapshot in most
                            // updates: the same bytes at the same nesting were checked.
                            Some(next) if n > 0 && same(next, self.last_skip) => self.i += n,
                            _ => {
                                self.skip(depth)?;
                                let raw = &self.b[start..self.i];
                                if let Some(b'}' | b']') = raw.last() {
                                    self.last_skip = raw;
                                }
                            }
                        }
                        self.skipped.push(Span {
                            events_key,
                            event: index,
                            key: position,
                            raw: &self.b[start..self.i],
                        });
                        Value::Null
                    }
                    _ => self.value(depth, Level::Other)?,
                };
                reserve_one(&mut self.pairs)?;
                self.pairs.push((key, v));
                self.ws();
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        self.ws();
                    }
                    b'}' => break,
                    _ => return Err(Bail),
                }
            }
        }
        self.i += 1;
        Ok(Value::Object(take_from(&mut self.pairs, mark)?))
    }

    /// In a skipped object: a key, its colon, and the whitespace before the value.
    #[inline]
    fn key(&mut self) -> P<()> {
        self.expect(b'"')?;
        self.skip_string()?;
        self.ws();
        self.expect(b':')?;
        self.ws();
        Ok(())
    }
}

/// Parses `bytes` as one value whose parent sits at nesting `depth`, or [`Bail`].
pub(crate) fn parse_at(bytes: &[u8], depth: usize) -> P<Value> {
    let text = core::str::from_utf8(bytes).map_err(|_| Bail)?;
    Parser::new(text).document(depth, false)
}
