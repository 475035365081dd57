// Input-derived text (file names, provider and model names, error messages) made safe
// to print on a terminal: control characters (C0, DEL, C1) and bidirectional-text
// controls are escaped as `\n`, `\r`, `\t`, `\x1b`, `\u{202e}`, so a file name cannot
// move the cursor, change colours or reorder what is shown. Other text, backslashes
// included, is unchanged, so escaping twice changes nothing. examples/analyze
// (output.rs) escapes by the same rule.
//
// JSON text escapes C0 controls already; `jsonPrintable` also writes DEL, C1 and the
// bidirectional controls as `\uXXXX` escapes (the same JSON value, parsed).

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const NAMED = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escape = (c) => {
  const code = c.codePointAt(0);
  return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`);
};

/**
 * `s` with its unsafe characters escaped (see above).
 * @param {unknown} s
 * @returns {string}
 */
export function printable(s) {
  return String(s).replace(UNSAFE, escape);
}

// eslint-disable-next-line no-control-regex
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * JSON text with DEL, C1 and bidirectional controls written as `\uXXXX` (outside
 * strings JSON text is ASCII, so only string contents change, not their values).
 * @param {string} json
 * @returns {string}
 */
export function jsonPrintable(json) {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
