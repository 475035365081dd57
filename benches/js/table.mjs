// The side-by-side table of `npm run bench` (Markdown, so BENCHMARKS.md can quote it).

const f1 = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Rows for one group of `{ wasm, js }` medians; `per` turns a median (ms) into a rate. */
function rows(groups, per) {
  return Object.entries(groups).map(([name, { wasm, js }]) => {
    const speed = js.medianMs / wasm.medianMs;
    return `| ${name} | ${f1(wasm.medianMs)} ms | ${f1(js.medianMs)} ms | **${speed.toFixed(2)}×** | ${per(wasm.medianMs)} | ${per(js.medianMs)} |`;
  });
}

export function printTable({ machine, smoke, corpus, results, growth, overlapGrowth, browser, liveEvents }) {
  const mb = corpus.reportBytes / 1e6;
  const batchRate = (n, megabytes) => (ms) => `${f1(megabytes / (ms / 1000))} MB/s, ${f1(n / (ms / 1000))} reports/s`;
  const perEvent = (ms) => `${f1((ms * 1e6) / liveEvents)} ns/event`;
  const lines = [
    '',
    `${smoke ? 'SMOKE RUN (numbers are not meaningful) — ' : ''}${machine}`,
    `corpus: ${corpus.sessions} sessions (${corpus.python} Python, ${corpus.sessions - corpus.python} Node, ${corpus.realtime} realtime), ${corpus.turns} turns, ${f1(mb)} MB of reports`,
    '',
    '| workload | wasm (median) | plain JS (median) | wasm speed-up | wasm | plain JS |',
    '|---|---|---|---|---|---|',
    ...rows(results.batch, batchRate(corpus.sessions, mb)).map((r) => r.replace('| reports', '| Node: reports')),
  ];
  if (browser) {
    const bmb = browser.bytes / 1e6;
    lines.push(...rows(browser.results, batchRate(browser.reports, bmb)).map((r) => r.replace('| reports', '| Chromium: reports')));
  }
  lines.push(...rows(results.live, perEvent), ...rows(results.cross, () => ''));
  lines.push('');
  if (growth) {
    lines.push(
      `live push growth (longest Node session, ${growth.events} events): ${f1(growth.firstHalfNsPerEvent)} ns/event over the first half, ${f1(growth.secondHalfNsPerEvent)} ns/event over the second half`,
      '',
    );
  }
  if (overlapGrowth) {
    lines.push(
      `live push growth (overlapping user turns, ${overlapGrowth.events} events): ${f1(overlapGrowth.firstHalfNsPerEvent)} ns/event over the first half, ${f1(overlapGrowth.secondHalfNsPerEvent)} ns/event over the second half`,
      '',
    );
  }
  console.log(lines.join('\n'));
}
