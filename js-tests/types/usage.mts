// Compiled with `tsc --noEmit --strict` against the installed package, the way an
// ES module user imports it (Node's `import` condition with tsconfig.json, the web
// build's types with tsconfig.bundler.json). Never run; a type error fails CI.
import init, {
  normalizeMetrics,
  version,
  type Dialect,
  type ErrorCode,
  type LlmMetrics,
  type Metric,
  type MetricsError,
  type MetricsInput,
  type NormalizeMetricsOptions,
  type NormalizeReport,
  type NormalizedMetric,
  type OnInvalid,
  type SkippedItem,
} from 'voice-agent-metrics';

await init();

const options: NormalizeMetricsOptions = { dialect: 'python', onInvalid: 'skip' };
const events: MetricsInput = [
  { type: 'llm_metrics', timestamp: 1795280003.62, duration: 0.802, ttft: 0.353, prompt_tokens: 1116 },
];
const report: NormalizeReport = normalizeMetrics(events, options);
normalizeMetrics('{"type":"vad_metrics"}');
normalizeMetrics(new Uint8Array(0));
normalizeMetrics({ type: 'tts_metrics' });

// Records are a discriminated union on `metric.type`.
function ttftMs(record: NormalizedMetric): number | undefined {
  const metric: Metric = record.metric;
  if (metric.type === 'llm_metrics') {
    const llm: LlmMetrics = metric;
    const tokens: number = llm.promptTokens + llm.promptCachedTokens + llm.cacheCreationTokens;
    return tokens >= 0 ? llm.ttftMs : undefined; // optional: number | undefined
  }
  if (metric.type === 'unknown') {
    const raw: unknown = metric.raw;
    return raw === null ? undefined : undefined;
  }
  return undefined;
}
const latencies: (number | undefined)[] = report.records.map(ttftMs);
const dialects: Dialect[] = report.records.map((r) => r.dialect);
const createdAtMs: number | undefined = report.records[0]?.createdAtMs;
const skipped: SkippedItem[] = report.skipped;
const firstSkip: { index: number; code: ErrorCode; field?: string; message: string } | undefined = skipped[0];
const unknown: { metricType: string; count: number }[] = report.unknownTypes;
const policy: OnInvalid = 'fail';
const v: string = version();

try {
  normalizeMetrics(events);
} catch (e) {
  const err = e as MetricsError;
  const code: ErrorCode = err.code;
  const where: [string | undefined, number | undefined] = [err.field, err.index];
  void [code, where];
}

// @ts-expect-error: not a dialect name
normalizeMetrics(events, { dialect: 'ruby' });
// @ts-expect-error: onInvalid is 'fail' | 'skip'
normalizeMetrics(events, { onInvalid: 'ignore' });
// @ts-expect-error: a number is not a metrics input
normalizeMetrics(42);
// @ts-expect-error: normalizeMetrics is synchronous; the report is not a Promise
void normalizeMetrics(events).then;
declare const llm: LlmMetrics;
// @ts-expect-error: u64 counts are numbers, not bigints
const big: bigint = llm.promptTokens;
// @ts-expect-error: an absent optional is omitted, never null
const ttft: number | null = llm.ttftMs;

export { latencies, dialects, createdAtMs, firstSkip, unknown, policy, v, big, ttft };
