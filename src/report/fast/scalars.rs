//! The fast report parser's scanners: strings, numbers, and values skipped unbuilt.

use super::swar::special;
use super::{Bail, Parser, P};
use crate::value::{Value, MAX_DEPTH};
use alloc::string::String;

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

/// The exact powers of ten as `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

impl Parser<'_> {
    /// Scans a string's bytes from after its opening quote to the first `"`, `\\` or
    /// control character, and returns that byte (the text is UTF-8 already).
    #[inline(always)]
    pub(super) fn scan(&mut self) -> P<u8> {
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
    pub(super) fn hex4(&mut self) -> P<u32> {
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
    pub(super) fn string(&mut self) -> P<String> {
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
    pub(super) fn skip_string(&mut self) -> P<()> {
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

    pub(super) fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.b.get(self.i) {
            self.i += 1;
        }
        self.i - start
    }

    /// Skips a number, checking its grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)?
    /// ([eE] [+-]? [0-9]+)?`.
    pub(super) fn skip_number(&mut self) -> P<()> {
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
    pub(super) fn number(&mut self) -> P<f64> {
        let start = self.i;
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
        // Correctly rounded, as `serde_json` with `float_roundtrip` (and JavaScript):
        // a whole number that fits a `u64` is one rounding (`as f64`); a significand of
        // at most 2^53 and an exponent within ±22 are both exact `f64`s, so one
        // multiplication or division is one rounding (Clinger's fast path).
        if exact && !float {
            let f = significand as f64;
            return Ok(if negative { -f } else { f });
        }
        if exact && significand <= 1 << 53 && (-22..=22).contains(&exponent) {
            let mut f = significand as f64;
            if exponent >= 0 {
                f *= POW10[exponent as usize];
            } else {
                f /= POW10[(-exponent) as usize];
            }
            return Ok(if negative { -f } else { f });
        }
        // Everything else (17-digit Python floats, large exponents): the standard
        // library's correctly rounded parser on the validated literal. Beyond the `f64`
        // range `serde_json` fails: leave it the text.
        match self.t[start..self.i].parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(f),
            _ => Err(Bail),
        }
    }

    /// Skips one value whose parent sits at nesting `depth`, checking it (see the module
    /// docs) without building it. Iterative: the open brackets are bits of `stack`.
    pub(super) fn skip(&mut self, depth: usize) -> P<()> {
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
}
