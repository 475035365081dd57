//! Wire primitives of the bytes format: LEB128 varints, zigzag, floats, strings; every
//! read is bounds-checked and fails with `TruncatedBytes` or `InvalidEncoding`.

use super::error::AggregateError;
use alloc::string::String;
use alloc::vec::Vec;

/// Appends LEB128 varints, floats and strings.
pub(crate) struct Writer(pub(crate) Vec<u8>);

impl Writer {
    pub(crate) fn u128(&mut self, mut v: u128) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.u128(u128::from(v));
    }
    pub(crate) fn i32(&mut self, v: i32) {
        self.u64(u64::from(((v << 1) ^ (v >> 31)) as u32)); // zigzag
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
}

/// Reads what [`Writer`] wrote; every read checks the length first.
pub(crate) struct Reader<'a> {
    pub(crate) bytes: &'a [u8],
    pub(crate) at: usize,
}

pub(crate) type Res<T> = Result<T, AggregateError>;

impl<'a> Reader<'a> {
    pub(crate) fn invalid<T>(&self, reason: &'static str) -> Res<T> {
        Err(AggregateError::InvalidEncoding {
            offset: self.at,
            reason,
        })
    }
    pub(crate) fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        match self.bytes.get(self.at..self.at.saturating_add(n)) {
            Some(s) => {
                self.at += n;
                Ok(s)
            }
            None => Err(AggregateError::Truncated {
                offset: self.bytes.len(),
            }),
        }
    }
    pub(crate) fn u8(&mut self) -> Res<u8> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u128(&mut self) -> Res<u128> {
        let mut v: u128 = 0;
        for shift in (0..128).step_by(7) {
            let b = self.u8()?;
            let part = u128::from(b & 0x7f);
            if shift == 126 && part > 3 {
                return self.invalid("varint overflows");
            }
            v |= part << shift;
            if b & 0x80 == 0 {
                if b == 0 && shift > 0 {
                    return self.invalid("varint is not minimal");
                }
                return Ok(v);
            }
        }
        self.invalid("varint overflows")
    }
    pub(crate) fn u64(&mut self) -> Res<u64> {
        match u64::try_from(self.u128()?) {
            Ok(v) => Ok(v),
            Err(_) => self.invalid("count overflows 64 bits"),
        }
    }
    pub(crate) fn i32(&mut self) -> Res<i32> {
        let z = match u32::try_from(self.u64()?) {
            Ok(z) => z,
            Err(_) => return self.invalid("bucket offset out of range"),
        };
        Ok(((z >> 1) as i32) ^ -((z & 1) as i32))
    }
    /// A length that cannot exceed the bytes left (each item takes at least one byte).
    pub(crate) fn len(&mut self) -> Res<usize> {
        let n = self.u64()?;
        if n > (self.bytes.len() - self.at) as u64 {
            return Err(AggregateError::Truncated {
                offset: self.bytes.len(),
            });
        }
        Ok(n as usize)
    }
    pub(crate) fn str(&mut self) -> Res<String> {
        let n = self.len()?;
        let bytes = self.take(n)?;
        match core::str::from_utf8(bytes) {
            Ok(s) => Ok(String::from(s)),
            Err(_) => self.invalid("a label or model name is not UTF-8"),
        }
    }
}
