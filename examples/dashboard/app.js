// The dashboard page: loads files (drop, pick, or the bundled samples), analyses each
// with the package's web build (model.js), and renders the selected one (render.js).
import * as lib from 'voice-agent-metrics';
import { analyzeFile, errorInfo } from './model.js';
import { renderDetail, renderOverview } from './render.js';

const $ = (id) => document.getElementById(id);
const state = {
  sessions: [],
  selectedId: undefined,
  prices: undefined, // { name, table }
  metric: {}, // the distribution's latency, per file kind
  nextId: 1,
};

function setStatus(text) {
  $('status').textContent = text;
}

/** The cost of a session under the current price table, cached per table. */
function costOf(session) {
  if (!state.prices) return { error: { code: 'NoPriceTable', message: 'no price table loaded' } };
  if (session.cost?.prices !== state.prices) {
    try {
      session.cost = { prices: state.prices, result: session.price(state.prices.table) };
    } catch (e) {
      session.cost = { prices: state.prices, error: errorInfo(e) };
    }
  }
  return session.cost;
}

function render() {
  const ctx = {
    state,
    costOf,
    select: (id) => {
      state.selectedId = id;
      render();
      $('detail').scrollIntoView?.({ block: 'start' });
    },
    setMetric: (kind, metric) => {
      state.metric[kind] = metric;
      render();
    },
  };
  $('overview').hidden = state.sessions.length === 0;
  renderOverview(ctx);
  const selected = state.sessions.find((s) => s.id === state.selectedId && s.status === 'ok');
  $('detail').hidden = !selected;
  if (selected) renderDetail(ctx, selected);
}

/** Analyses `files` ({ name, text }), adds them, and selects the first good one. */
function addFiles(files) {
  document.body.dataset.state = 'busy';
  const added = files.map(({ name, text }) => ({ ...analyzeFile(lib, name, text), id: state.nextId++ }));
  state.sessions.push(...added);
  const firstOk = added.find((s) => s.status === 'ok');
  if (firstOk) state.selectedId = firstOk.id;
  const failed = added.filter((s) => s.status === 'error');
  setStatus(
    `Loaded ${added.length} file${added.length === 1 ? '' : 's'}` +
      (failed.length ? `; ${failed.length} could not be read (${failed.map((f) => `${f.name}: ${f.error.code}`).join(', ')}), the others are shown.` : '.'),
  );
  render();
  document.body.dataset.state = 'ready';
}

async function readFiles(fileList) {
  const files = await Promise.all([...fileList].map(async (f) => ({ name: f.name, text: await f.text() })));
  if (files.length) addFiles(files);
}

async function loadSample() {
  const base = new URL('./samples/', document.baseURI);
  const index = await (await fetch(new URL('index.json', base))).json();
  const files = await Promise.all(
    index.samples.map(async (s) => ({ name: s.file, text: await (await fetch(new URL(s.file, base))).text() })),
  );
  addFiles(files);
}

function describePrices(name, table) {
  return `${name} (${table.currency}${table.asOf ? `, as of ${table.asOf}` : ''}, ${table.prices.length} prices)`;
}

/** Checks a price table with the library itself (it throws the same error a cost would). */
function checkPrices(table) {
  const empty = lib.computeUsage([]);
  try {
    empty.cost(table);
  } finally {
    empty.free();
  }
}

function usePrices(name, text) {
  try {
    const table = JSON.parse(text);
    checkPrices(table);
    state.prices = { name, table };
    $('price-name').textContent = describePrices(name, table);
    $('price-error').textContent = '';
    delete $('price-error').dataset.code;
    render();
  } catch (e) {
    const err = e instanceof SyntaxError ? { code: 'InvalidJson', message: e.message } : errorInfo(e);
    $('price-error').textContent = `${name}: ${err.code}${err.field ? ` (${err.field})` : ''}; kept the previous table`;
    $('price-error').dataset.code = err.code;
  }
}

function wireDrop() {
  const drop = $('drop');
  let depth = 0;
  document.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth += 1;
    drop.classList.add('dragging');
  });
  document.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) drop.classList.remove('dragging');
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    drop.classList.remove('dragging');
    if (e.dataTransfer?.files?.length) readFiles(e.dataTransfer.files);
  });
}

async function main() {
  try {
    await lib.default();
    $('version').textContent = `v${lib.version()}`;
    $('file-input').addEventListener('change', async (e) => {
      await readFiles(e.target.files);
      e.target.value = '';
    });
    $('price-input').addEventListener('change', async (e) => {
      const f = e.target.files[0];
      if (f) usePrices(f.name, await f.text());
      e.target.value = '';
    });
    $('load-sample').addEventListener('click', () => loadSample().catch((e) => setStatus(`Could not load the samples: ${e}`)));
    $('clear').addEventListener('click', () => {
      for (const s of state.sessions) s.dispose?.();
      state.sessions = [];
      state.selectedId = undefined;
      setStatus('Cleared.');
      render();
    });
    wireDrop();
    try {
      const res = await fetch(new URL('./prices.example.json', document.baseURI));
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      usePrices('prices.example.json', await res.text());
    } catch (e) {
      $('price-name').textContent = 'none (pick a price table to see costs)';
    }
    document.body.dataset.state = 'ready';
  } catch (e) {
    setStatus(`The library did not load: ${e}`);
    document.body.dataset.state = 'failed';
  }
}

main();
