// A one-line progress bar on stderr, redrawn in place, for long runs.
//
// Shown only when asked for (`enabled`: more than a few files, stderr is a TTY, no
// --no-progress); otherwise every method is a no-op, so piped and CI output never
// holds carriage returns. Redraws at most every 80 ms; `clear()` wipes the line
// before anything else is written to stderr, and the next `tick` draws it again.

import { printable } from './printable.mjs';

const REDRAW_MS = 80;
const BAR = 24;

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

export class Progress {
  /**
   * @param {NodeJS.WriteStream} stream where to draw (stderr)
   * @param {number} total files to analyse
   * @param {boolean} enabled draw at all
   */
  constructor(stream, total, enabled) {
    this.stream = stream;
    this.total = total;
    this.enabled = enabled;
    this.done = 0;
    this.bytes = 0;
    this.drawnAt = 0;
    this.visible = false;
  }

  /** Counts one finished file of `bytes` bytes; redraws when due (always at the last). */
  tick(name, bytes) {
    this.done += 1;
    this.bytes += bytes;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.drawnAt < REDRAW_MS && this.done < this.total) return;
    this.drawnAt = now;
    const filled = Math.round((this.done / this.total) * BAR);
    let line = `[${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${this.done}/${this.total} files  ${mb(this.bytes)}  ${printable(name)}`;
    const columns = this.stream.columns || 80;
    if ([...line].length > columns - 1) line = [...line].slice(0, columns - 2).join('') + '…';
    this.stream.write(`\r\x1b[2K${line}`);
    this.visible = true;
  }

  /** Wipes the bar (before writing a message, and at the end). */
  clear() {
    if (this.visible) this.stream.write('\r\x1b[2K');
    this.visible = false;
  }
}
