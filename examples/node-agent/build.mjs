#!/usr/bin/env node
// Compiles the example with the repo's TypeScript into a folder that runs as is:
// `<out>/agent.js`, `<out>/handlers.js`, `<out>/metrics-server.js`, a package.json
// ("type": "module") and node_modules links to voice-agent-metrics (the package as
// installed by js-tests/install-pkg.sh, or $VAM_PKG_DIR) and to the repo's @livekit.
//   node examples/node-agent/build.mjs [out]      (default: build/node-agent)
// In your own project, `npm install voice-agent-metrics` and compile as usual instead.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '..', '..');

/** Compiles into `out` (emptied first); returns `out`. */
export function buildAgent(out = join(repo, 'build', 'node-agent'), { pkgDir = process.env.VAM_PKG_DIR ?? join(repo, 'js-tests', 'node_modules', 'voice-agent-metrics') } = {}) {
  if (!existsSync(join(pkgDir, 'package.json'))) {
    throw new Error(`no voice-agent-metrics package at ${pkgDir}: run scripts/build-pkg.sh and js-tests/install-pkg.sh`);
  }
  rmSync(out, { recursive: true, force: true });
  const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', here, '--noEmit', 'false', '--outDir', out], { stdio: 'inherit' });
  writeFileSync(join(out, 'package.json'), '{ "private": true, "type": "module" }\n');
  mkdirSync(join(out, 'node_modules'), { recursive: true });
  symlinkSync(resolve(pkgDir), join(out, 'node_modules', 'voice-agent-metrics'), 'dir');
  symlinkSync(join(repo, 'node_modules', '@livekit'), join(out, 'node_modules', '@livekit'), 'dir');
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = buildAgent(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`built the agent example into ${out}: node ${join(out, 'agent.js')} dev`);
}
