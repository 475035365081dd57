// The cost of a session report's usage, through the package's public API.
//
// `analyzeSessionReport` returns the report's usage rows as plain data; the JS API
// prices usage through a `Usage` instance. With `Usage.fromJSON(rows)` (being added to
// the binding), that is one call. Without it (packages built before it), this builds,
// for each row, the metrics events whose usage is exactly that row (one per row and
// kind, no speech ids, so no turns), runs them through `computeUsage`, and checks that
// the rows it gets back equal the report's rows, field for field, before pricing them:
// if that ever stops holding, the cost is refused (`UsageRoundTrip`) rather than
// computed from different numbers. TODO: drop `eventsFor` once `Usage.fromJSON` ships.
// examples/analyze prices the same rows directly (`SessionUsage::cost`); CI compares
// the two (scripts/ci/54-cli.sh).
import { computeUsage, Usage } from '../node/index.mjs';

// Timestamps of the synthetic events: any valid epoch (ms for Node, s for Python).
const NODE_TS = 1e12;
const PY_TS = 1e9;

const nodeMeta = (row) => ({ modelProvider: row.provider, modelName: row.model });
const pyMeta = (row) => ({ model_provider: row.provider, model_name: row.model });

/**
 * The metrics events that add up to `row` in a fresh usage collector.
 * @returns {object[] | null} null for an unknown row type
 */
function eventsFor(row, i) {
  const base = { timestamp: NODE_TS, requestId: `usage-row-${i}`, metadata: nodeMeta(row) };
  switch (row.type) {
    case 'llm_usage': {
      /** @type {object[]} */
      const out = [
        {
          ...base,
          type: 'realtime_model_metrics', durationMs: 0, ttftMs: -1, cancelled: false,
          sessionDurationMs: row.sessionDurationMs,
          inputTokens: row.inputTokens, outputTokens: row.outputTokens, totalTokens: 0, tokensPerSecond: 0,
          inputTokenDetails: {
            audioTokens: row.inputAudioTokens, textTokens: row.inputTextTokens, imageTokens: row.inputImageTokens,
            cachedTokens: row.inputCachedTokens,
            cachedTokensDetails: {
              audioTokens: row.inputCachedAudioTokens, textTokens: row.inputCachedTextTokens, imageTokens: row.inputCachedImageTokens,
            },
          },
          outputTokenDetails: { textTokens: row.outputTextTokens, audioTokens: row.outputAudioTokens, imageTokens: 0 },
        },
      ];
      // Cache-creation tokens exist only on LLM metrics; reasoning tokens only in Python's.
      if (row.inputCacheCreationTokens > 0 || row.outputReasoningTokens > 0) {
        out.push({
          type: 'llm_metrics', timestamp: PY_TS, request_id: `usage-row-${i}`, duration: 0, ttft: -1,
          cancelled: false, completion_tokens: 0, prompt_tokens: 0, prompt_cached_tokens: 0,
          cache_creation_tokens: row.inputCacheCreationTokens, reasoning_tokens: row.outputReasoningTokens,
          total_tokens: 0, tokens_per_second: 0, metadata: pyMeta(row),
        });
      }
      return out;
    }
    case 'tts_usage':
      return [{
        ...base, type: 'tts_metrics', ttfbMs: -1, durationMs: 0, audioDurationMs: row.audioDurationMs,
        cancelled: false, charactersCount: row.charactersCount, inputTokens: row.inputTokens,
        outputTokens: row.outputTokens, streamed: false,
      }];
    case 'stt_usage': {
      /** @type {object[]} */
      const out = [{
        ...base, type: 'stt_metrics', durationMs: 0, audioDurationMs: row.audioDurationMs,
        inputTokens: row.inputTokens, outputTokens: row.outputTokens, streamed: false,
      }];
      // Audio input tokens exist only in Python's STT metrics.
      if (row.inputAudioTokens > 0) {
        out.push({
          type: 'stt_metrics', timestamp: PY_TS, request_id: `usage-row-${i}`, duration: 0, audio_duration: 0,
          streamed: false, input_tokens: 0, output_tokens: 0, input_audio_tokens: row.inputAudioTokens,
          metadata: pyMeta(row),
        });
      }
      return out;
    }
    case 'interruption_usage':
      return [{
        ...base, type: 'interruption_metrics', totalDuration: 0, predictionDuration: 0, detectionDelay: 0,
        numInterruptions: 0, numBackchannels: 0, numRequests: row.totalRequests,
      }];
    case 'eot_usage':
      return [{
        ...base, type: 'eot_inference_metrics', totalDuration: 0, predictionDuration: 0, detectionDelay: 0,
        numRequests: row.totalRequests,
      }];
    default:
      return null;
  }
}

/** Thrown when the rows cannot be rebuilt exactly; `code` like the library's errors. */
class UsageRoundTripError extends Error {
  constructor(message) {
    super(message);
    this.code = 'UsageRoundTrip';
  }
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Prices usage rows (`SessionAnalysis.usage.models`) with a price table.
 * @param {import('../node/index.mjs').ModelUsage[]} rows
 * @param {string} prices a price table's JSON text (or a `PriceTable` object)
 * @returns {{ currency: string, total: number, models: object[], unpriced: object[] }}
 */
export function priceUsageRows(rows, prices) {
  const pick = ({ currency, total, models, unpriced }) => ({ currency, total, models, unpriced });
  if (typeof Usage.fromJSON === 'function') {
    const usage = Usage.fromJSON(rows);
    try {
      return pick(usage.cost(prices));
    } finally {
      usage.free();
    }
  }
  const events = [];
  rows.forEach((row, i) => {
    const e = eventsFor(row, i);
    if (e === null) throw new UsageRoundTripError(`usage row ${i} has an unknown type ${JSON.stringify(row.type)}`);
    events.push(...e);
  });
  const usage = computeUsage(events, { dedupe: false });
  try {
    const rebuilt = usage.models;
    if (rebuilt.length !== rows.length || rebuilt.some((r, i) => !same(r, rows[i]))) {
      throw new UsageRoundTripError('the report\'s usage rows could not be rebuilt exactly, so they are not priced');
    }
    return pick(usage.cost(prices));
  } finally {
    usage.free();
  }
}
