// The files to analyse: the command's arguments expanded, or the bundled samples.
//
// A file argument is taken whatever its name. A directory is walked recursively,
// entries in name order, keeping `*.json` and `*.jsonl` files; symbolic links to
// files are followed, symbolic links to directories are not (no cycles). An argument
// that cannot be read becomes a failed entry (its Node error code, e.g. `ENOENT`), so
// the other files are still analysed. examples/analyze walks the same way.
//
// `readInput` reads a file only if it is a regular file within the size limit
// (`--max-file-bytes`, default `DEFAULT_MAX_FILE_BYTES`): a FIFO would block the run
// and a device such as /dev/zero never ends, so both are refused (`NotRegularFile`)
// without being read, and a file over the limit fails (`FileTooLarge`), whether its
// size says so before reading or it turns out larger while being read.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the package keeps its sample session reports (pkg/samples/). */
export const SAMPLES_DIR = fileURLToPath(new URL('../samples/', import.meta.url));
/** The example price table shipped in the package (`--prices example`). */
export const EXAMPLE_PRICES = fileURLToPath(new URL('../prices.example.json', import.meta.url));

// `dir/name` without normalizing `dir` (no `path.join`), so `./logs` stays `./logs/a.json`,
// as Rust's `Path::join` shows it.
const child = (dir, name) => (dir.endsWith('/') || dir.endsWith(sep) ? dir + name : dir + sep + name);
const wanted = (name) => name.endsWith('.json') || name.endsWith('.jsonl');
const byName = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * An input: `path` as shown, `file` as opened; or, when it could not be listed or
 * found, `error` instead of `file`.
 * @typedef {{ path: string, file?: string, error?: { code: string, message: string } }} Input
 */

const failed = (path, e) => ({ path, error: { code: e.code ?? 'EIO', message: e.message } });

function walk(dir, shown, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch (e) {
    out.push(failed(shown, e));
    return;
  }
  for (const entry of entries) {
    const file = child(dir, entry.name);
    const path = child(shown, entry.name);
    if (entry.isDirectory()) walk(file, path, out);
    else if (wanted(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && isFile(file)))) {
      out.push({ path, file });
    }
  }
}

function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Expands the arguments, in order.
 * @param {string[]} args files and directories
 * @returns {Input[]}
 */
export function expandArgs(args) {
  const out = [];
  for (const arg of args) {
    let stat;
    try {
      stat = statSync(arg);
    } catch (e) {
      out.push(failed(arg, e));
      continue;
    }
    if (stat.isDirectory()) walk(arg, arg, out);
    else out.push({ path: arg, file: arg });
  }
  return out;
}

/** `--max-file-bytes` when not given: 256 MiB per file (input files and `--prices`). */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

// With O_NONBLOCK, opening a FIFO returns at once instead of waiting for a writer, so a
// FIFO put in a file's place between the stat and the open cannot hang the run; regular
// files read the same with it. (Not defined on Windows, which has no FIFOs to open.)
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function what(stat) {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'not a file';
}

const notRegular = (stat) => ({
  error: { code: 'NotRegularFile', message: `not a regular file (${what(stat)}); only regular files are read` },
});
const tooLarge = (message) => ({ error: { code: 'FileTooLarge', message } });

/**
 * The bytes of the regular file `file`, at most `maxBytes` of them; or why not.
 * Checked before reading (stat: not opened unless a regular file, not read if larger)
 * and while reading (at most `maxBytes + 1` bytes are read).
 * @param {string} file
 * @param {number} maxBytes
 * @returns {{ bytes: Buffer } | { error: { code: string, message: string } }}
 */
export function readInput(file, maxBytes) {
  let fd;
  try {
    const before = statSync(file);
    if (!before.isFile()) return notRegular(before);
    fd = openSync(file, OPEN_FLAGS);
    // The file opened, which may not be the one stat'ed.
    const stat = fstatSync(fd);
    if (!stat.isFile()) return notRegular(stat);
    if (stat.size > maxBytes) {
      return tooLarge(`${stat.size} bytes, more than the limit of ${maxBytes} bytes (--max-file-bytes)`);
    }
    // Room for one byte more than the size says, to see a file that is larger.
    let buffer = Buffer.allocUnsafe(stat.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) break;
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(2 * length, 64 * 1024)));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) {
      return tooLarge(`grew past the limit of ${maxBytes} bytes (--max-file-bytes) while being read`);
    }
    return { bytes: buffer.subarray(0, length) };
  } catch (e) {
    return { error: { code: e.code ?? 'EIO', message: e.message } };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The bundled sample reports, shown as `samples/<name>`. */
export function sampleInputs() {
  const out = [];
  walk(SAMPLES_DIR, 'samples', out);
  return out;
}
