// Number formatting shared by the page (and read by its test): one rule per unit.

// signDisplay 'negative': a value that rounds to zero (or is -0) shows as 0.0, never -0.0.
const ONE_DECIMAL = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'negative' });
const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A duration in ms with one decimal: `1,461.8 ms`; `—` when absent. */
export function fmtMs(ms) {
  return ms === undefined || ms === null ? '—' : `${ONE_DECIMAL.format(ms)} ms`;
}

/** A duration in ms without the unit (table cells under an "(ms)" heading). */
export function fmtMsBare(ms) {
  return ms === undefined || ms === null ? '—' : ONE_DECIMAL.format(ms);
}

/** A count: `3,416`. */
export function fmtCount(n) {
  return INTEGER.format(n);
}

/** Seconds from ms, for the timeline axis: `12.5 s`. */
export function fmtSeconds(ms) {
  return `${ONE_DECIMAL.format(ms / 1000)} s`;
}

/**
 * An amount of money to 4 significant digits (costs per session are fractions of a
 * cent): `$0.01137`. Falls back to `0.01137 XYZ` for a code Intl does not know.
 */
export function fmtMoney(amount, currency) {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumSignificantDigits: 4 }).format(amount);
  } catch {
    return `${new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 }).format(amount)} ${currency}`;
  }
}

/** Axis ticks: 0 … ≥ max in steps of 1, 2, 2.5 or 5 × 10^k. */
export function niceTicks(max, target = 6) {
  if (!(max > 0)) return [0, 1];
  const raw = max / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const ticks = [];
  for (let v = 0; v < max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** Axis ticks covering [min, max] (min ≤ 0 ≤ max), one step, through 0. */
export function rangeTicks(min, max, target = 6) {
  if (min >= 0) return niceTicks(max, target);
  const step = niceTicks(max - min, target)[1];
  const ticks = [];
  for (let v = Math.floor(min / step) * step; v < max + step - step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}
