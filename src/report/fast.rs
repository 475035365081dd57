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
//! Numbers: `serde_json` (without `float_roundtrip`) reads the digits into a `u64`
//! significand and a decimal exponent, then computes `significand as f64` times or
//! divided by `10^|exponent|`. For exponents up to 22 (exact powers of ten) this parser
//! does the same operations, so the same bits; anything else (more digits than a `u64`
//! holds, larger exponents: none in the benchmark corpus, whose Python floats have at
//! most 17 digits) makes it give up, and `serde_json` parses the text.

use crate::value::{Value, MAX_DEPTH};
use alloc::string::String;
use alloc::vec::Vec;

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

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const SPACES: u64 = 0x2020_2020_2020_2020;

/// A mask whose lowest set bit marks the first zero byte of `x`.
#[inline(always)]
const fn zeros(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// A mask whose lowest set bit is the high bit of the first byte of `x` (in memory
/// order) that ends or interrupts a plain string run: `"`, `\\` or a control
/// character; 0 when there is none. (Bits above the lowest may be false positives:
/// borrows propagate upwards only.)
#[inline(always)]
const fn special(x: u64) -> u64 {
    zeros(x ^ (ONES * b'"' as u64))
        | zeros(x ^ (ONES * b'\\' as u64))
        | (x.wrapping_sub(ONES * 0x20) & !x & HIGHS)
}

/// `a == b` for slices of one length, 8 bytes at a time (as fast in wasm as natively).
fn same(a: &[u8], b: &[u8]) -> bool {
    let (wa, wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tails = wa.remainder() == wb.remainder();
    tails
        && wa.zip(wb).all(|(x, y)| {
            u64::from_le_bytes(x.try_into().unwrap_or_default())
                == u64::from_le_bytes(y.try_into().unwrap_or_default())
        })
}

/// `s * 10 + digit` unless that overflows a `u64` (serde_json's own test; no 128-bit
/// multiply, which wasm does in a library call).
#[inline(always)]
fn push_digit(s: u64, c: u8) -> Option<u64> {
    const MAX: u64 = u64::MAX / 10;
    let d = (c - b'0') as u64;
    if s > MAX || (s == MAX && d > u64::MAX % 10) {
        return None;
    }
    Some(s * 10 + d)
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

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
        Ok(Value::Array(self.items.drain(mark..).collect()))
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
        Ok(Value::Object(self.pairs.drain(mark..).collect()))
    }

    /// Scans a string's bytes from after its opening quote to the first `"`, `\\` or
    /// control character, and returns that byte (the text is UTF-8 already).
    #[inline(always)]
    fn scan(&mut self) -> P<u8> {
        loop {
            if let Some(w) = self.word() {
                let m = special(w);
                if m == 0 {
                    self.i += 8;
                    continue;
                }
                self.i += (m.trailing_zeros() / 8) as usize;
            }
            match self.peek()? {
                c @ (b'"' | b'\\') => return Ok(c),
                0..=0x1f => return Err(Bail),
                _ => self.i += 1,
            }
        }
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> P<u32> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek()? {
                c @ b'0'..=b'9' => c - b'0',
                c @ b'a'..=b'f' => c - b'a' + 10,
                c @ b'A'..=b'F' => c - b'A' + 10,
                _ => return Err(Bail),
            };
            n = n * 16 + d as u32;
            self.i += 1;
        }
        Ok(n)
    }

    /// A string, from after its opening quote to after its closing one.
    fn string(&mut self) -> P<String> {
        let start = self.i;
        if self.scan()? == b'"' {
            let s = String::from(&self.t[start..self.i]);
            self.i += 1;
            return Ok(s);
        }
        let mut buf = String::from(&self.t[start..self.i]);
        loop {
            // At a backslash.
            self.i += 1;
            let e = self.peek()?;
            self.i += 1;
            let ch = match e {
                b'"' | b'\\' | b'/' => e as char,
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let mut n = self.hex4()?;
                    if (0xdc00..=0xdfff).contains(&n) {
                        return Err(Bail);
                    }
                    if (0xd800..=0xdbff).contains(&n) {
                        if self.b.get(self.i..self.i + 2) != Some(b"\\u") {
                            return Err(Bail);
                        }
                        self.i += 2;
                        let low = self.hex4()?;
                        if !(0xdc00..=0xdfff).contains(&low) {
                            return Err(Bail);
                        }
                        n = (((n - 0xd800) << 10) | (low - 0xdc00)) + 0x1_0000;
                    }
                    char::from_u32(n).ok_or(Bail)?
                }
                _ => return Err(Bail),
            };
            buf.push(ch);
            let from = self.i;
            let c = self.scan()?;
            buf.push_str(&self.t[from..self.i]);
            if c == b'"' {
                self.i += 1;
                return Ok(buf);
            }
        }
    }

    /// Skips a string (after its opening quote), checking it as [`Parser::string`] would
    /// except that `\u` escapes may be lone surrogates.
    #[inline]
    fn skip_string(&mut self) -> P<()> {
        while self.scan()? == b'\\' {
            self.i += 1;
            match self.peek()? {
                b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.i += 1,
                b'u' => {
                    self.i += 1;
                    self.hex4()?;
                }
                _ => return Err(Bail),
            }
        }
        self.i += 1;
        Ok(())
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.b.get(self.i) {
            self.i += 1;
        }
        self.i - start
    }

    /// Skips a number, checking its grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)?
    /// ([eE] [+-]? [0-9]+)?`.
    fn skip_number(&mut self) -> P<()> {
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                self.digits();
            }
            _ => return Err(Bail),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(Bail);
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(Bail);
            }
        }
        Ok(())
    }

    /// A number, as `serde_json` reads it into a [`Value`] (see the module docs).
    fn number(&mut self) -> P<f64> {
        let negative = self.b[self.i] == b'-';
        if negative {
            self.i += 1;
        }
        let mut significand = 0u64;
        let mut exact = true;
        let int_start = self.i;
        match self.peek()? {
            b'0' => self.i += 1,
            b'1'..=b'9' => {
                while let Some(&c @ b'0'..=b'9') = self.b.get(self.i) {
                    match push_digit(significand, c) {
                        Some(s) => significand = s,
                        None => exact = false,
                    }
                    self.i += 1;
                }
            }
            _ => return Err(Bail),
        }
        if self.b.get(int_start) == Some(&b'0') && matches!(self.b.get(self.i), Some(b'0'..=b'9')) {
            return Err(Bail);
        }
        let mut exponent = 0i32;
        let mut float = false;
        if self.b.get(self.i) == Some(&b'.') {
            float = true;
            self.i += 1;
            let from = self.i;
            while let Some(&c @ b'0'..=b'9') = self.b.get(self.i) {
                match push_digit(significand, c) {
                    Some(s) if exact => {
                        significand = s;
                        exponent -= 1;
                    }
                    _ => exact = false,
                }
                self.i += 1;
            }
            if self.i == from {
                return Err(Bail);
            }
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            float = true;
            self.i += 1;
            let minus = match self.b.get(self.i) {
                Some(b'-') => {
                    self.i += 1;
                    true
                }
                Some(b'+') => {
                    self.i += 1;
                    false
                }
                _ => false,
            };
            let from = self.i;
            let mut e = 0i32;
            while let Some(&c @ b'0'..=b'9') = self.b.get(self.i) {
                e = e.saturating_mul(10).saturating_add((c - b'0') as i32);
                self.i += 1;
            }
            if self.i == from {
                return Err(Bail);
            }
            exponent = if minus {
                exponent.saturating_sub(e)
            } else {
                exponent.saturating_add(e)
            };
        }
        if exact && (!float || (-22..=22).contains(&exponent)) {
            let mut f = significand as f64;
            if exponent >= 0 {
                f *= POW10[exponent as usize];
            } else {
                f /= POW10[(-exponent) as usize];
            }
            return Ok(if negative { -f } else { f });
        }
        // Rare forms (none in the benchmark corpus): left to serde_json, whole text.
        Err(Bail)
    }

    /// Skips one value whose parent sits at nesting `depth`, checking it (see the module
    /// docs) without building it. Iterative: the open brackets are bits of `stack`.
    fn skip(&mut self, depth: usize) -> P<()> {
        // Bit n of `stack` is 1 when the container at relative nesting n+1 is an object.
        let mut stack: u64 = 0;
        let mut open = 0usize;
        loop {
            // A value is expected.
            match self.peek()? {
                c @ (b'{' | b'[') => {
                    open += 1;
                    if depth + open > MAX_DEPTH {
                        return Err(Bail);
                    }
                    let object = c == b'{';
                    stack = (stack << 1) | object as u64;
                    self.i += 1;
                    self.ws();
                    let close = if object { b'}' } else { b']' };
                    if self.peek()? != close {
                        if object {
                            self.key()?;
                        }
                        continue;
                    }
                    self.i += 1;
                    open -= 1;
                    stack >>= 1;
                }
                b'"' => {
                    self.i += 1;
                    self.skip_string()?;
                }
                b't' => {
                    self.literal(b"true", Value::Null)?;
                }
                b'f' => {
                    self.literal(b"false", Value::Null)?;
                }
                b'n' => {
                    self.literal(b"null", Value::Null)?;
                }
                b'-' | b'0'..=b'9' => self.skip_number()?,
                _ => return Err(Bail),
            }
            // After a value: close containers, or a comma and the next value.
            loop {
                if open == 0 {
                    return Ok(());
                }
                self.ws();
                let object = stack & 1 == 1;
                match self.peek()? {
                    b',' => {
                        self.i += 1;
                        self.ws();
                        if object {
                            self.key()?;
                        }
                        break;
                    }
                    b'}' if object => {}
                    b']' if !object => {}
                    _ => return Err(Bail),
                }
                self.i += 1;
                open -= 1;
                stack >>= 1;
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec;

    /// Same structure, same number bits.
    fn identical(a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => x.to_bits() == y.to_bits(),
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(a, b)| identical(a, b))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len()
                    && x.iter()
                        .zip(y)
                        .all(|((k, a), (l, b))| k == l && identical(a, b))
            }
            _ => a == b,
        }
    }

    /// The fast parser takes exactly what `parse_json` takes, with identical values; and
    /// skipping a value accepts exactly what it parses, except number ranges.
    fn check(text: &[u8]) {
        check_with(text, false)
    }

    /// [`check`]; `rare`: the fast parser may leave valid text to serde_json.
    fn check_with(text: &[u8], rare: bool) {
        let want = crate::parse_json(text).ok();
        let got = parse_at(text, 0).ok();
        match (&want, &got) {
            (Some(w), Some(g)) => assert!(identical(w, g), "{:?}", core::str::from_utf8(text)),
            (None, None) => {}
            (Some(_), None) if rare => {}
            (w, g) => panic!(
                "{:?}: serde {w:?}, fast {g:?}",
                String::from_utf8_lossy(text)
            ),
        }
        let Ok(t) = core::str::from_utf8(text) else {
            assert!(want.is_none());
            return;
        };
        let mut p = Parser::new(t);
        p.ws();
        let skipped = p.skip(0).is_ok() && {
            p.ws();
            p.i == text.len()
        };
        if want.is_some() {
            assert!(skipped, "{:?}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn numbers_are_read_as_serde_json_reads_them() {
        let fixed = [
            "0",
            "-0",
            "0.0",
            "-0.0",
            "1",
            "-1",
            "1.5",
            "-1.5",
            "1e22",
            "1e23",
            "1E5",
            "1e+5",
            "1e-5",
            "2.5e-22",
            "2.5e-23",
            "1e-400",
            "1e400",
            "-1e400",
            "0e999999999999",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234",
            "1.7976931348623157e308",
            "4.9e-324",
            "0.1",
            "0.30000000000000004",
            "1795200435.0292153",
            "17952004350.292153",
            "1.2345678901234567e-07",
            "9007199254740993",
            "9007199254740993.0",
            "0.000000000000000000001",
            "12345678901234567890.5",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "--1",
            "1.5e3.2",
            "-01",
            "00",
            "0x10",
        ];
        for n in fixed {
            check_with(n.as_bytes(), true);
            check_with(format!("[{n}]").as_bytes(), true);
            check_with(format!("{{\"a\":{n}}}").as_bytes(), true);
        }
        // The fast path takes the corpus's number forms.
        for n in [
            "1795200435.0292153",
            "-0.0",
            "1e22",
            "0.30000000000000004",
            "-17",
        ] {
            assert!(parse_at(n.as_bytes(), 0).is_ok());
        }
        // Pseudo-random digits and exponents.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..20_000 {
            let r = next();
            let int = next() % 10u64.pow((r % 20) as u32).max(1);
            let frac_digits = (r >> 8) % 22;
            let frac = next() % 10u64.pow(frac_digits.min(19) as u32).max(1);
            let sign = if r & (1 << 20) != 0 { "-" } else { "" };
            let mut s = format!("{sign}{int}");
            if frac_digits > 0 {
                s += &format!(".{frac:0width$}", width = frac_digits as usize);
            }
            if r & (1 << 21) != 0 {
                let e = (next() % 70) as i64 - 35;
                s += &format!("e{e}");
            }
            check_with(s.as_bytes(), true);
        }
    }

    #[test]
    fn strings_are_read_as_serde_json_reads_them() {
        let cases: &[&[u8]] = &[
            br#""""#,
            br#""plain ascii, long enough to take several words""#,
            br#""esc \" \\ \/ \b \f \n \r \t end""#,
            br#""\u0041\u00e9\u20ac\ud83d\ude00""#,
            br#""\ud83d""#,
            br#""\ude00""#,
            br#""\ud83d\u0041""#,
            br#""\ud83dx""#,
            br#""\u12""#,
            br#""\u12g4""#,
            br#""\x""#,
            "\"caf\u{e9} \u{1f600} \u{4e2d}\u{6587}\"".as_bytes(),
            b"\"bad \xff utf8\"",
            b"\"bad \xc3 cut\"",
            b"\"overlong \xc0\xaf\"",
            b"\"control \x01 char\"",
            b"\"tab \t raw\"",
            b"\"unterminated",
            b"\"unterminated \\",
            br#"{"k\u0065y":1,"key":2}"#,
            br#"{"a":1,}"#,
            br#"[1,]"#,
            br#"[1 2]"#,
            br#"{"a" 1}"#,
            br#"{1:1}"#,
            br#"{"a":1}}"#,
            br#"[tru]"#,
            br#"[true,false,null]"#,
            br#"[nul]"#,
            b" \n\t\r [ \n  1 ,\r\n\t2 ] \n ",
            b"[1]\x00",
            b"\xef\xbb\xbf[1]",
            b"",
            b"   ",
            br#"{"a":[{"b":{"c":["d",{"e":null}]}}],"f":"g"}"#,
        ];
        for c in cases {
            check(c);
            check(&[b"[".as_slice(), c, b"]"].concat());
            check(&[b"{\"x\":".as_slice(), c, b"}"].concat());
        }
        // Every prefix of a document with everything in it is either valid or rejected.
        let doc = "{\"a\": [1, -2.5e3, true, false, null, \"s\\n\\u00e9\u{e9}\"], \"b\": {\"c\": {}}, \"d\": []}";
        for end in 0..=doc.len() {
            check(&doc.as_bytes()[..end]);
        }
        for i in 0..doc.len() {
            for b in [
                b'"', b'\\', b',', b':', b'[', b']', b'{', b'}', b'x', b' ', 0x1f, 0xff,
            ] {
                let mut v = doc.as_bytes().to_vec();
                v[i] = b;
                check(&v);
            }
        }
    }

    #[test]
    fn nesting_is_limited_as_in_serde_path() {
        for n in [1, 63, 64, 65, 200] {
            let arrays = format!("{}{}", "[".repeat(n), "]".repeat(n));
            check(arrays.as_bytes());
            let objects = format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
            check(objects.as_bytes());
            let mut p = Parser::new(&arrays);
            assert_eq!(p.skip(0).is_ok(), n <= MAX_DEPTH);
        }
        let v = vec![b'['; 100_000];
        check(&v);
    }
}
