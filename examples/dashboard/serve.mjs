#!/usr/bin/env node
// A static file server for the dashboard on 127.0.0.1 (the page itself has no server
// logic; any static server works if it serves .wasm as application/wasm):
//   /                     this folder (index.html, app.js, samples/, ...)
//   /pkg/                 the package (default: the repo's pkg/, built by scripts/build-pkg.sh)
//   /prices.example.json  examples/prices.example.json, the default price table
// Run: npm run example:dashboard  (PORT=8080 by default; 0 picks a free port)
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(fileURLToPath(new URL('.', import.meta.url)));
const repo = resolve(here, '..', '..');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** Starts the server; resolves to `{ url, close }`. `port` 0 picks a free one. */
export function serve({ pkgDir = join(repo, 'pkg'), port = 0, host = '127.0.0.1' } = {}) {
  const files = new Map([['/prices.example.json', join(repo, 'examples', 'prices.example.json')]]);
  const mounts = [
    ['/pkg/', resolve(pkgDir)],
    ['/', here],
  ];
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405);
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(res, 400);
    }
    let file = files.get(path);
    if (!file) {
      const [prefix, dir] = mounts.find(([p]) => path.startsWith(p));
      file = resolve(dir, `.${sep}${path.slice(prefix.length)}`);
      if (file !== dir && !file.startsWith(dir + sep)) return send(res, 403);
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      statSync(file);
    } catch {
      return send(res, 404);
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).pipe(res);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const { port: bound } = server.address();
      const close = () =>
        new Promise((done) => {
          server.close(done);
          server.closeAllConnections(); // keep-alive sockets would hold close() open
        });
      ok({ url: `http://${host}:${bound}/`, close });
    });
  });
}

function send(res, status) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(String(status));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pkgDir = process.env.VAM_PKG_DIR;
  const { url } = await serve({ port: Number(process.env.PORT ?? 8080), ...(pkgDir ? { pkgDir } : {}) });
  console.log(`serving the dashboard at ${url} (Ctrl-C to stop)`);
}
