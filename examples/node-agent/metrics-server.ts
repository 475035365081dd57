// A minimal HTTP server for Prometheus: `GET /metrics` answers `render()` as the text
// exposition format 0.0.4; anything else is 404. Loopback by default: put a scraper
// on the same host, or pass `host: '0.0.0.0'` deliberately.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MetricsServerOptions {
  /** The exposition text (called on every scrape). */
  render: () => string;
  /** TCP port; 0 picks a free one (see `port` on the result). Default 9464. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
}

export interface MetricsServer {
  /** `http://host:port/metrics`. */
  url: string;
  port: number;
  close: () => Promise<void>;
}

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function startMetricsServer({ render, port = 9464, host = '127.0.0.1' }: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    let body: string;
    try {
      body = render();
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${(e as { code?: string }).code ?? 'Error'}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const bound = (server.address() as AddressInfo).port;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${bound}/metrics`,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
