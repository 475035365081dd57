// The files to analyse: the command's arguments expanded, or the bundled samples.
//
// A file argument is taken whatever its name. A directory is walked recursively,
// entries in name order, keeping `*.json` and `*.jsonl` files; symbolic links to
// files are followed, symbolic links to directories are not (no cycles). An argument
// that cannot be read becomes a failed entry (its Node error code, e.g. `ENOENT`), so
// the other files are still analysed. examples/analyze.rs walks the same way.
import { readdirSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the package keeps its sample session reports (pkg/samples/). */
export const SAMPLES_DIR = fileURLToPath(new URL('../samples/', import.meta.url));

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

/** The bundled sample reports, shown as `samples/<name>`. */
export function sampleInputs() {
  const out = [];
  walk(SAMPLES_DIR, 'samples', out);
  return out;
}
