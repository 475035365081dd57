#!/usr/bin/env node
// `voice-agent-metrics`: per-turn latency, session summaries, usage and cost of LiveKit
// Agents sessions, from session reports and metrics event logs, in the terminal.
// Powered by the package's own Node build (the wasm core); the README's "Command
// line" section documents the options, the output and the --json shape.
//
// No runtime dependencies, on purpose: the package is a library first (Node, browsers,
// bundlers) and installs with zero transitive packages; argument parsing is
// node:util's parseArgs, and the table and the progress bar are small modules here
// (table.mjs, progress.mjs) because the cells are plain ASCII. A table or progress
// package as a `dependency` would be installed by every library user, and would make
// the offline install of the packed tarball in js-tests/install-pkg.sh depend on npm's
// cache holding its registry metadata (which `npm ci` does not put there).
//
// Modules: inputs.mjs (arguments → files), analyze.mjs (one file → its --json entry),
// report-cost.mjs (pricing a report's usage rows), overall.mjs + stats.mjs (the
// across-files summary), render.mjs + table.mjs (text), progress.mjs (stderr bar).
import { parseArgs } from 'node:util';

import { computeUsage, LatencyAggregator, version } from '../node/index.mjs';
import { analyzeFile, errorInfo } from './analyze.mjs';
import { DEFAULT_MAX_FILE_BYTES, EXAMPLE_PRICES, expandArgs, readInput, sampleInputs } from './inputs.mjs';
import { overallSummary } from './overall.mjs';
import { jsonPrintable, printable } from './printable.mjs';
import { Progress } from './progress.mjs';
import { renderFile, renderOverall } from './render.mjs';

/** Version of the --json document's shape; bumped on any incompatible change. */
const FORMAT = 1;
/** Draw the progress bar from this many files on. */
const PROGRESS_FROM = 5;

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const HELP = `Usage: voice-agent-metrics [options] [FILE | DIR]...

Per-turn latency, session summaries, usage and cost of LiveKit Agents voice
sessions. Each FILE is a session report (session_report.json, from the Python
or Node SDK) or a metrics event log (a JSON array, one event, or JSON lines of
metrics_collected events or bare metrics, either SDK); the kind is detected per
file. A DIR is searched recursively for *.json and *.jsonl files. With no
argument, the sample reports bundled with the package are analysed.

Options:
  --json            print one JSON document (format ${FORMAT}) instead of tables
  --prices FILE     price usage with a price table; adds cost columns and totals.
                    --prices example uses the table bundled with the package
                    (prices.example.json: example prices, dated, not yours)
  --skip-invalid    skip malformed events in event logs instead of failing the file
  --summary         print only the across-files summary
  --prometheus      print the Prometheus text exposition of all the files instead
                    (latency histograms, usage counters, cost with --prices)
  --max-file-bytes N
                    read no file (input or --prices) larger than N bytes
                    (default ${DEFAULT_MAX_FILE_BYTES}, 256 MiB); only regular files are read
  --no-progress     no progress bar (it is drawn on stderr, from ${PROGRESS_FROM} files, on a TTY)
  -h, --help        show this help
  -v, --version     show the version

Exit status: 0 if every file was analysed, 1 if any failed (each failure is
reported on stderr with its error code, the others are still analysed; a file
that is not a regular file, e.g. a FIFO or a device, or that is larger than
--max-file-bytes, fails too), 2 for a usage error (unknown option, bad
--max-file-bytes, unreadable or invalid --prices table, more than one of --json,
--summary and --prometheus).
`;

function usageError(message) {
  process.stderr.write(`voice-agent-metrics: ${printable(message)}\nTry 'voice-agent-metrics --help'.\n`);
  process.exitCode = EXIT_USAGE;
}

/** The price table's text, checked by the library once, before any file is read.
 * `example` names the package's own prices.example.json (a file of that name in the
 * working directory is `./example`). */
function loadPrices(path, maxBytes) {
  const read = readInput(path === 'example' ? EXAMPLE_PRICES : path, maxBytes);
  if (read.error) return { error: `cannot read --prices ${path}: [${read.error.code}] ${read.error.message}` };
  const text = read.bytes.toString('utf8');
  const probe = computeUsage([]);
  try {
    return { text, currency: probe.cost(text).currency };
  } catch (e) {
    const info = errorInfo(e);
    return { error: `invalid --prices ${path}: [${info.code}] ${info.message}` };
  } finally {
    probe.free();
  }
}

function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        prices: { type: 'string' },
        'skip-invalid': { type: 'boolean' },
        summary: { type: 'boolean' },
        prometheus: { type: 'boolean' },
        'max-file-bytes': { type: 'string' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    return usageError(e.message);
  }
  const { values: opts, positionals } = parsed;
  if (opts.help) return void process.stdout.write(HELP);
  if (opts.version) return void process.stdout.write(`${version()}\n`);
  const outputs = ['json', 'summary', 'prometheus'].filter((o) => opts[o]);
  if (outputs.length > 1) return usageError(`choose one of --${outputs.join(', --')}`);

  let maxFileBytes = DEFAULT_MAX_FILE_BYTES;
  if (opts['max-file-bytes'] !== undefined) {
    const n = Number(opts['max-file-bytes']);
    if (!/^[0-9]+$/.test(opts['max-file-bytes']) || !Number.isSafeInteger(n) || n < 1) {
      return usageError('--max-file-bytes needs a whole number of bytes ≥ 1');
    }
    maxFileBytes = n;
  }

  let prices;
  if (opts.prices !== undefined) {
    prices = loadPrices(opts.prices, maxFileBytes);
    if (prices.error) return usageError(prices.error);
  }

  const samples = positionals.length === 0;
  const inputs = samples ? sampleInputs() : expandArgs(positionals);
  if (inputs.length === 0) {
    process.stderr.write(`voice-agent-metrics: no .json or .jsonl files in ${printable(positionals.join(', '))}\n`);
    process.exitCode = EXIT_FAILED;
    return;
  }

  const text = !opts.json && !opts.prometheus;
  const out = (s) => process.stdout.write(s);
  const progress = new Progress(process.stderr, inputs.length,
    !opts['no-progress'] && process.stderr.isTTY === true && inputs.length >= PROGRESS_FROM);
  if (text && samples) {
    out(`Sample session reports bundled with voice-agent-metrics (pass files or directories to analyse your own; --help for options).\n\n`);
  }

  // --prometheus: every analysed file also goes into one aggregator (no labels).
  const aggregator = opts.prometheus ? new LatencyAggregator() : undefined;
  const options = { prices: prices?.text, skipInvalid: opts['skip-invalid'] === true, aggregator };
  const files = [];
  for (const input of inputs) {
    let file;
    let size = 0;
    if (input.error) {
      file = { path: input.path, ok: false, error: input.error };
    } else {
      const read = readInput(input.file, maxFileBytes);
      if (read.error) {
        file = { path: input.path, ok: false, error: read.error };
      } else {
        size = read.bytes.length;
        file = analyzeFile(input.path, read.bytes, options);
      }
    }
    files.push(file);
    if (!file.ok) {
      progress.clear();
      // The library's messages already say where (item, field, line and column).
      process.stderr.write(`voice-agent-metrics: ${printable(file.path)}: [${printable(file.error.code)}] ${printable(file.error.message)}\n`);
    } else if (text && !opts.summary) {
      progress.clear();
      out(`${renderFile(file)}\n`);
    }
    progress.tick(input.path, size);
  }
  progress.clear();

  const overall = overallSummary(files, prices?.currency);
  if (opts.json) {
    out(`${jsonPrintable(JSON.stringify({ format: FORMAT, files, overall }, null, 2))}\n`);
  } else if (aggregator) {
    out(aggregator.toPrometheus(prices?.text));
    aggregator.free();
  } else if (files.length > 1 || opts.summary) {
    out(renderOverall(overall, files));
  }
  process.exitCode = overall.failed > 0 ? EXIT_FAILED : EXIT_OK;
}

// `voice-agent-metrics ... | head` closes stdout early: stop quietly, not with a stack
// trace, with the exit status the run has (the error is emitted after main() returns).
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
  throw e;
});
// A closed stderr: nowhere left to report anything, so its errors are ignored.
process.stderr.on('error', () => {});

main(process.argv.slice(2));
