//! Bucket math: the base-2 exponential buckets of the sketch (OpenTelemetry
//! `ExponentialHistogram` scale 6) and the fixed explicit boundaries of the Prometheus
//! histograms.
//!
//! Exponential bucket `i` holds values in **seconds** in `(2^(i/64), 2^((i+1)/64)]`,
//! exactly as an OTLP `ExponentialHistogram` data point with `scale = 6` and as a
//! Prometheus native histogram with schema 6. The index is computed from the float's
//! exponent and a table of the 63 boundaries inside one power of two (no logarithm, so
//! it is exact up to the correctly rounded table, deterministic, and needs no `libm`).

/// The sketch's OpenTelemetry scale: `base = 2^(2^-6) = 2^(1/64)`.
pub const SKETCH_SCALE: i32 = 6;

/// Buckets per power of two, `2^SKETCH_SCALE`.
const PER_OCTAVE: i32 = 1 << SKETCH_SCALE;

/// Worst-case relative error of a sketch quantile against the exact quantile (same
/// rank rule): `(γ − 1)/(γ + 1)` with `γ = 2^(1/64)`, about 0.542 %.
pub const RELATIVE_ERROR: f64 = 0.005_415_159_415_902_577;

/// Values at or below this many seconds (2^-20 s, about 0.95 µs) go to the zero bucket,
/// the OTLP `zeroThreshold`. They are reported as the sketch's minimum.
pub const ZERO_THRESHOLD_S: f64 = 1.0 / 1_048_576.0;

/// [`ZERO_THRESHOLD_S`] in whole nanoseconds: values of at most 953 ns are in the zero
/// bucket (954 ns is above 2^-20 s).
pub(crate) const ZERO_THRESHOLD_NS: u64 = 953;

/// The largest value recorded, in ms: 2^20 s (about 12 days). Larger values, negative
/// values and non-finite values are counted as ignored, not recorded.
pub const MAX_VALUE_MS: f64 = 1_048_576_000.0;

/// [`MAX_VALUE_MS`] in nanoseconds.
pub(crate) const MAX_VALUE_NS: u64 = 1_048_576_000_000_000;

/// Lowest and highest exponential bucket index a recorded value can have.
pub(crate) const MIN_INDEX: i32 = -20 * PER_OCTAVE;
pub(crate) const MAX_INDEX: i32 = 20 * PER_OCTAVE - 1;

/// Upper bounds (inclusive, ms) of the explicit histogram buckets; a last `+Inf` bucket
/// follows. Voice-tuned: every 50 ms from 200 ms to 500 ms, every 100 ms to 1.2 s, and
/// at most 500 ms apart up to 4 s (the OpenTelemetry default has nothing between 0 and
/// 5 s). Part of the serialization format: changing it needs a new format version.
pub const EXPLICIT_BOUNDS_MS: [u32; 35] = [
    10, 25, 50, 75, 100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000, 1100,
    1200, 1350, 1500, 1750, 2000, 2250, 2500, 3000, 3500, 4000, 5000, 7500, 10000, 15000, 30000,
    60000,
];

/// How many explicit buckets there are (the bounds plus `+Inf`).
pub(crate) const EXPLICIT_BUCKETS: usize = EXPLICIT_BOUNDS_MS.len() + 1;

/// `2^(j/64)` for `j = 0..64`, each the correctly rounded `f64`.
const OCTAVE: [f64; 64] = [
    1.0,
    1.010_889_286_051_700_5,
    1.021_897_148_654_116_6,
    1.033_024_879_021_228_4,
    1.044_273_782_427_413_8,
    1.055_645_178_360_557_2,
    1.067_140_400_676_823_7,
    1.078_760_797_757_119_9,
    1.090_507_732_665_257_7,
    1.102_382_583_307_841,
    1.114_386_742_595_892_4,
    1.126_521_618_608_241_8,
    1.138_788_634_756_691_6,
    1.151_189_229_952_982_7,
    1.163_724_858_777_577_5,
    1.176_396_991_650_281_2,
    1.189_207_115_002_721,
    1.202_156_731_452_703,
    1.215_247_359_980_469,
    1.228_480_536_106_87,
    1.241_857_812_073_484,
    1.255_380_757_024_691,
    1.269_050_957_191_733_2,
    1.282_870_016_078_778_3,
    1.296_839_554_651_009_6,
    1.310_961_211_524_764_4,
    1.325_236_643_159_741_3,
    1.339_667_524_053_303,
    1.354_255_546_936_892_7,
    1.369_002_422_974_590_5,
    1.383_909_881_963_832,
    1.398_979_672_538_311_2,
    core::f64::consts::SQRT_2,
    1.429_613_338_391_97,
    1.445_180_806_977_046_7,
    1.460_917_794_180_647,
    1.476_826_145_939_499_3,
    1.492_907_728_291_264_8,
    1.509_164_427_593_422_8,
    1.525_598_150_744_538_4,
    1.542_210_825_407_940_7,
    1.559_004_400_237_837,
    1.575_980_845_107_886_5,
    1.593_142_151_342_267,
    1.610_490_331_949_254_3,
    1.628_027_421_857_347_8,
    1.645_755_478_153_965,
    1.663_676_580_326_736_4,
    1.681_792_830_507_429,
    1.700_106_353_718_523_5,
    1.718_619_298_122_478,
    1.737_333_835_273_706_2,
    1.756_252_160_373_299_5,
    1.775_376_492_526_521_2,
    1.794_709_075_003_107_2,
    1.814_252_175_500_398_9,
    1.834_008_086_409_342_4,
    1.853_979_125_083_385_5,
    1.874_167_634_110_3,
    1.894_575_981_586_965_6,
    1.915_206_561_397_147_4,
    1.936_061_793_492_294_3,
    1.957_144_124_175_400_2,
    1.978_456_026_387_951,
];

/// `2^e` for `-1022 ≤ e ≤ 1023`.
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// The exponential bucket of `seconds` (`ZERO_THRESHOLD_S < seconds ≤ 2^20`, so the
/// float is normal and the result is within `MIN_INDEX..=MAX_INDEX`).
pub(crate) fn bucket_index(seconds: f64) -> i32 {
    let bits = seconds.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32 - 1023;
    let mantissa = bits & ((1 << 52) - 1);
    if mantissa == 0 {
        // An exact power of two is the inclusive upper bound of the bucket below it.
        return exponent * PER_OCTAVE - 1;
    }
    let m = f64::from_bits((1023 << 52) | mantissa);
    let j = OCTAVE[1..].partition_point(|b| *b < m) as i32;
    exponent * PER_OCTAVE + j
}

/// The lower bound of exponential bucket `index`, in seconds.
pub(crate) fn lower_bound_s(index: i32) -> f64 {
    pow2(index.div_euclid(PER_OCTAVE)) * OCTAVE[index.rem_euclid(PER_OCTAVE) as usize]
}

/// The value that represents bucket `index`, in seconds: `2·lo·hi/(lo + hi)`, whose
/// relative distance to any value of the bucket is at most [`RELATIVE_ERROR`].
pub(crate) fn representative_s(index: i32) -> f64 {
    let lo = lower_bound_s(index);
    let hi = lower_bound_s(index + 1);
    2.0 * lo * hi / (lo + hi)
}

/// The explicit bucket of a recorded value in ns (`0..EXPLICIT_BUCKETS`); buckets are
/// upper inclusive, as Prometheus `le`.
pub(crate) fn explicit_index(ns: u64) -> usize {
    EXPLICIT_BOUNDS_MS.partition_point(|b| u64::from(*b) * 1_000_000 < ns)
}

/// `ms` in whole nanoseconds, rounded half up; negative and NaN give 0, huge values
/// saturate (float-to-int casts saturate).
pub(crate) fn ms_to_ns(ms: f64) -> u64 {
    (ms * 1_000_000.0 + 0.5) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_error_constant_matches_the_scale() {
        let g = OCTAVE[1];
        assert!(((g - 1.0) / (g + 1.0) - RELATIVE_ERROR).abs() < 1e-15);
        const { assert!(RELATIVE_ERROR < 0.0055) };
    }

    #[test]
    fn powers_of_two_are_upper_bounds() {
        assert_eq!(bucket_index(1.0), -1);
        assert_eq!(bucket_index(2.0), 63);
        assert_eq!(bucket_index(0.5), -65);
        assert_eq!(bucket_index(1.000_000_1), 0);
        assert_eq!(bucket_index(ZERO_THRESHOLD_S * 1.000_001), MIN_INDEX);
        assert_eq!(bucket_index(MAX_VALUE_NS as f64 / 1e9), MAX_INDEX);
    }

    #[test]
    fn every_value_lies_in_its_bucket() {
        let mut v = ZERO_THRESHOLD_S * 1.0001;
        while v < 1.0e6 {
            let i = bucket_index(v);
            assert!(lower_bound_s(i) < v && v <= lower_bound_s(i + 1), "{v} {i}");
            let r = representative_s(i);
            assert!((r - v).abs() / v <= RELATIVE_ERROR * (1.0 + 1e-12));
            v *= 1.003_7;
        }
    }

    #[test]
    fn table_boundaries_sit_in_the_bucket_they_close() {
        for (j, b) in OCTAVE.iter().enumerate().skip(1) {
            assert_eq!(bucket_index(*b), j as i32 - 1);
        }
    }

    #[test]
    fn explicit_buckets_are_upper_inclusive() {
        assert_eq!(explicit_index(0), 0);
        assert_eq!(explicit_index(10_000_000), 0);
        assert_eq!(explicit_index(10_000_001), 1);
        assert_eq!(explicit_index(60_000_000_000), EXPLICIT_BUCKETS - 2);
        assert_eq!(explicit_index(60_000_000_001), EXPLICIT_BUCKETS - 1);
    }

    #[test]
    fn nanosecond_thresholds_match_the_float_ones() {
        assert!((ZERO_THRESHOLD_NS as f64) / 1e9 <= ZERO_THRESHOLD_S);
        assert!((ZERO_THRESHOLD_NS + 1) as f64 / 1e9 > ZERO_THRESHOLD_S);
        assert_eq!(ms_to_ns(MAX_VALUE_MS), MAX_VALUE_NS);
        assert_eq!(ms_to_ns(-3.0), 0);
        assert_eq!(ms_to_ns(f64::NAN), 0);
        assert_eq!(ms_to_ns(1.000_000_4), 1_000_000);
    }
}
