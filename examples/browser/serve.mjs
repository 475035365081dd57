#!/usr/bin/env node
// A static server for the browser example (and the browser test), on 127.0.0.1:
//   /            this folder (index.html, main.js)
//   /pkg/        the package (default: the repo's pkg/, built by scripts/build-pkg.sh)
//   /fixtures/   tests/fixtures
// Run: npm run example:browser  (then open the printed address)
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(fileURLToPath(new URL('.', import.meta.url)));
const repo = resolve(here, '..', '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** Starts the server; resolves to `{ url, close }`. `port` 0 picks a free one. */
export function serve({ pkgDir = join(repo, 'pkg'), port = 0 } = {}) {
  const mounts = [
    ['/pkg/', resolve(pkgDir)],
    ['/fixtures/', join(repo, 'tests', 'fixtures')],
    ['/', here],
  ];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
    let file = resolve(dir, `.${sep}${path.slice(prefix.length)}`);
    if (file !== dir && !file.startsWith(dir + sep)) return send(res, 403);
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      return send(res, 404);
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      const close = () =>
        new Promise((done) => {
          server.close(done);
          server.closeAllConnections(); // keep-alive sockets would hold close() open
        });
      ok({ url: `http://127.0.0.1:${bound}/`, close });
    });
  });
}

function send(res, status) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(String(status));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await serve({ port: Number(process.env.PORT ?? 8080) });
  console.log(`serving the browser example at ${url} (Ctrl-C to stop)`);
}
