// The batch workloads in headless Chromium (Debian's, driven by playwright-core with
// the flags of js-tests/browser.test.mjs): the package's web build against the plain-JS
// way, in a page served from 127.0.0.1 with no bundler.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

import { launchChromium } from '../../scripts/chromium.mjs';
import { REPO } from '../corpus/generate.mjs';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm', '.json': 'application/json' };
const ROOTS = {
  '/pkg/': join(REPO, 'pkg', 'web'),
  '/bench/': join(REPO, 'benches', 'js'),
  '/tinybench/': join(REPO, 'node_modules', 'tinybench', 'dist'),
};

function serve(data, webDir) {
  const roots = { ...ROOTS, ...(webDir ? { '/pkg/': webDir } : {}) };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname === '/') url.pathname = '/bench/page/index.html';
    if (url.pathname === '/data.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(data);
    }
    if (webDir && url.pathname === '/pkg/index.js') url.pathname = '/pkg/voice_agent_metrics.js';
    const root = Object.keys(roots).find((p) => url.pathname.startsWith(p));
    const file = root && normalize(join(roots[root], url.pathname.slice(root.length)));
    if (!file || !file.startsWith(roots[root])) {
      res.writeHead(404);
      return res.end();
    }
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs the batch tasks over `texts` in Chromium; returns `{ results, reports, bytes }`. */
export async function runInChromium({ texts, timing, webDir }) {
  const server = await serve(JSON.stringify({ texts, timing }), webDir);
  const { context, close } = await launchChromium();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.__done === true, null, { timeout: 600_000 });
    const out = await page.evaluate(() => window.__out);
    if (errors.length || out.error) throw new Error(`Chromium bench: ${out.error ?? errors.join('; ')}`);
    return { ...out, userAgent: await page.evaluate(() => navigator.userAgent) };
  } finally {
    await close();
    server.close();
  }
}
