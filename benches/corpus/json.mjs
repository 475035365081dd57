// JSON text the way each SDK writes it. Node: `JSON.stringify(x, null, 2)`. Python:
// `json.dumps(x, indent=2)`, which differs in two ways that matter to a parser:
// floats keep a `.0` and switch to exponents below 1e-4 (`5.6816e-05`), and non-ASCII
// text is escaped (`ensure_ascii`: `caf\u00e9`).

/** A Python float (so that `0.0` and `6.0` print as floats, not ints). */
export class PyFloat {
  constructor(v) {
    this.v = v;
  }
}
export const F = (v) => new PyFloat(v);

function pyFloat(x) {
  if (!Number.isFinite(x)) throw new Error('non-finite float');
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-4 || a >= 1e16)) {
    const [m, e] = x.toExponential().split('e');
    const n = Number(e);
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  }
  return String(x);
}

function pyNumber(x) {
  // Python ints print as ints; a generated non-integral number is a float.
  return Number.isInteger(x) ? String(x) : pyFloat(x);
}

const pyString = (s) =>
  JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function pretty(v, indent, num, str, out) {
  if (v === null || v === undefined) {
    out.push('null');
  } else if (v instanceof PyFloat) {
    out.push(pyFloat(v.v));
  } else if (typeof v === 'number') {
    out.push(num(v));
  } else if (typeof v === 'string') {
    out.push(str(v));
  } else if (typeof v === 'boolean') {
    out.push(v ? 'true' : 'false');
  } else if (Array.isArray(v)) {
    if (v.length === 0) return void out.push('[]');
    const inner = `${indent}  `;
    out.push('[');
    v.forEach((x, i) => {
      out.push(i ? `,\n${inner}` : `\n${inner}`);
      pretty(x, inner, num, str, out);
    });
    out.push(`\n${indent}]`);
  } else {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined);
    if (keys.length === 0) return void out.push('{}');
    const inner = `${indent}  `;
    out.push('{');
    keys.forEach((k, i) => {
      out.push(i ? `,\n${inner}` : `\n${inner}`);
      out.push(str(k), ': ');
      pretty(v[k], inner, num, str, out);
    });
    out.push(`\n${indent}}`);
  }
}

/** `json.dumps(v, indent=2)` as CPython writes it. */
export function pyDumps(v) {
  const out = [];
  pretty(v, '', pyNumber, pyString, out);
  return out.join('');
}

/** `JSON.stringify(v, null, 2)`, with `PyFloat`s unwrapped. */
export function jsDumps(v) {
  return JSON.stringify(v, (_, x) => (x instanceof PyFloat ? x.v : x), 2);
}
