// In the page: the web build against the plain-JS way on the reports Node sent.
import init, * as lib from 'voice-agent-metrics';
import { Bench } from 'tinybench';
import { batchTasks, checkReports, runTasks } from '../batch.mjs';

try {
  await init();
  const { texts, timing } = await (await fetch('/data.json')).json();
  const encoder = new TextEncoder();
  const bytes = texts.map((t) => encoder.encode(t));
  checkReports(lib, texts);
  const results = await runTasks(Bench, batchTasks(lib, texts, bytes), timing);
  window.__out = { results, reports: texts.length, bytes: bytes.reduce((a, b) => a + b.length, 0) };
  document.querySelector('#status').textContent = JSON.stringify(window.__out, null, 2);
} catch (e) {
  window.__out = { error: String(e?.stack ?? e) };
}
window.__done = true;
