// Exact latency statistics over collected values, for the across-files summary.
//
// The same rule, and the same floating-point operations in the same order, as the
// library's `LatencyStats::from_values` (src/turns/summary.rs), so a one-file summary
// here equals the library's own session summary bit for bit, and examples/analyze.rs
// (which calls `LatencyStats::from_values`) prints the same numbers:
// drop non-finite values, sort ascending, mean = left-to-right sum of the sorted
// values / n, quantile q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) with h = (n − 1)·q
// (Hyndman & Fan type 7, numpy's default). No values: `{ count: 0 }`, never NaN.

/** The q quantile (0 ≤ q ≤ 1) of sorted, non-empty `xs`, type 7. */
function quantile(xs, q) {
  const h = (xs.length - 1) * q;
  const lo = Math.trunc(h);
  const next = xs[lo + 1];
  return next === undefined ? xs[lo] : xs[lo] + (h - lo) * (next - xs[lo]);
}

/**
 * Count, min, max, mean, p50, p90, p95, p99 of `values` (ms, any order), shaped like
 * the library's `LatencyStats` (absent statistics are left out).
 * @param {number[]} values
 */
export function latencyStats(values) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return { count: 0 };
  let sum = 0;
  for (const x of xs) sum += x;
  return {
    count: xs.length,
    min: xs[0],
    max: xs[xs.length - 1],
    mean: sum / xs.length,
    p50: quantile(xs, 0.5),
    p90: quantile(xs, 0.9),
    p95: quantile(xs, 0.95),
    p99: quantile(xs, 0.99),
  };
}
