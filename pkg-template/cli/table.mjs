// Plain-text tables for the terminal: a header, a rule, aligned columns.
//
// Every cell and header goes through `printable` (control characters escaped: cells
// hold input-derived names) before it is measured.
//
// Hand-rolled on purpose (the package has no runtime dependencies: see main.mjs):
// the cells are ASCII numbers, ids and short words, so column
// widths are code-point counts, and nothing here needs colours, wrapping or
// East Asian widths, which is what a table package would add.

/**
 * @typedef {{ header: string, align?: 'left' | 'right' }} Column
 */

import { printable } from './printable.mjs';

const width = (s) => [...s].length;
const pad = (s, w, align) => {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'right' ? fill + s : s + fill;
};

/**
 * Renders `rows` (arrays of strings, one per column) under `columns`, each line
 * prefixed by `indent`, columns separated by two spaces, trailing spaces trimmed.
 * @param {Column[]} columns
 * @param {string[][]} rows
 * @param {{ indent?: string }} [options]
 * @returns {string} the lines, joined with '\n' (no final newline)
 */
export function renderTable(columns, rawRows, { indent = '  ' } = {}) {
  const rows = rawRows.map((r) => r.map((cell) => printable(cell ?? '')));
  const widths = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells) =>
    (indent + cells.map((cell, i) => pad(cell ?? '', widths[i], columns[i].align)).join('  ')).trimEnd();
  return [
    line(columns.map((c) => printable(c.header))),
    line(widths.map((w) => '─'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
