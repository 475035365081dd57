// Where the installed package keeps its web build. The package's exports map sends
// Node to the Node build, so these tests reach the web files by path inside the
// installed package (found through its exported package.json), as a Node user
// wanting the web build would.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function webBuild() {
  const root = dirname(createRequire(import.meta.url).resolve('voice-agent-metrics/package.json'));
  return {
    entry: pathToFileURL(join(root, 'web', 'index.js')).href,
    wasmPath: join(root, 'web', 'voice_agent_metrics_bg.wasm'),
  };
}
