//! 8-bytes-at-a-time (SWAR) helpers of the fast report parser.

pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
pub(super) const HIGHS: u64 = 0x8080_8080_8080_8080;
pub(super) const SPACES: u64 = 0x2020_2020_2020_2020;

/// A mask whose lowest set bit marks the first zero byte of `x`.
#[inline(always)]
pub(super) const fn zeros(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// A mask whose lowest set bit is the high bit of the first byte of `x` (in memory
/// order) that ends or interrupts a plain string run: `"`, `\\` or a control
/// character; 0 when there is none. (Bits above the lowest may be false positives:
/// borrows propagate upwards only.)
#[inline(always)]
pub(super) const fn special(x: u64) -> u64 {
    zeros(x ^ (ONES * b'"' as u64))
        | zeros(x ^ (ONES * b'\\' as u64))
        | (x.wrapping_sub(ONES * 0x20) & !x & HIGHS)
}

/// `a == b` for slices of one length, 8 bytes at a time (as fast in wasm as natively).
pub(super) fn same(a: &[u8], b: &[u8]) -> bool {
    let (wa, wb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tails = wa.remainder() == wb.remainder();
    tails
        && wa.zip(wb).all(|(x, y)| {
            u64::from_le_bytes(x.try_into().unwrap_or_default())
                == u64::from_le_bytes(y.try_into().unwrap_or_default())
        })
}
