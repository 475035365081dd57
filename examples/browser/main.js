// Loads the package's web build in the page (no bundler), normalizes the Python and
// the Node catalog fixtures in one batch, and shows the canonical records.
import init, { normalizeMetrics, version } from 'voice-agent-metrics';

const status = document.getElementById('status');
const LATENCIES = ['ttftMs', 'ttfbMs', 'endOfUtteranceDelayMs', 'detectionDelayMs', 'playbackLatencyMs', 'idleTimeMs'];
/** The first latency a record has, as `name value`. */
const latency = (m) => LATENCIES.filter((k) => m[k] !== undefined).map((k) => `${k} ${m[k]}`)[0] ?? '';
try {
  await init();
  const load = (name) => fetch(`/fixtures/${name}/input_metrics.json`).then((r) => r.json());
  const [python, node] = await Promise.all([load('py-00-collector-catalog'), load('js-00-collector-catalog')]);
  const report = normalizeMetrics([...python, ...node]);

  document.getElementById('version').textContent = `v${version()}`;
  const rows = report.records.map(({ dialect, metric: m }, i) => {
    const cells = [
      i,
      dialect,
      m.type,
      m.label ?? m.metricType ?? '',
      m.durationMs ?? m.totalDurationMs ?? '',
      latency(m),
      m.promptTokens !== undefined ? `${m.promptTokens} / ${m.completionTokens}` : '',
    ];
    const tr = document.createElement('tr');
    for (const [j, value] of cells.entries()) {
      const td = document.createElement('td');
      td.textContent = String(value);
      if (j === 0 || j >= 4) td.className = 'num';
      tr.append(td);
    }
    return tr;
  });
  document.getElementById('records').append(...rows);
  status.textContent = `${report.records.length} records, ${report.skipped.length} skipped, unknown types: ${
    report.unknownTypes.map((u) => `${u.metricType} ×${u.count}`).join(', ') || 'none'
  }`;
  window.__report = report;
} catch (error) {
  status.textContent = `failed: ${error}`;
  window.__error = String(error?.stack ?? error);
} finally {
  window.__done = true;
}
