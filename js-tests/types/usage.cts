// The CommonJS view: `require('voice-agent-metrics')` types (node/index.d.cts).
import lib = require('voice-agent-metrics');
import type { NormalizeReport } from 'voice-agent-metrics';

const ready: Promise<void> = lib.init();
const report: NormalizeReport = lib.normalizeMetrics([], { dialect: 'node' });
const count: number = report.records.length;
const v: string = lib.version();

export = { ready, count, v };
