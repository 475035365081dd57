// Prices a session report's usage with the library's own cost engine.
//
// `analyzeSessionReport` returns the report's usage as plain rows (`analysis.usage.models`),
// and the package prices only a `Usage` instance (`computeUsage(events).cost(prices)`); it
// has no function that prices plain rows. Until it does, this module turns each row into
// the one or two metrics events that `ModelUsageCollector` adds up to exactly that row,
// lets `computeUsage` rebuild the rows, and checks that every rebuilt row equals the
// report's row, field for field, before pricing. If one does not, it throws instead of
// showing a cost for different numbers. No pricing rule lives here: the core prices.
//
// Works in the browser and in Node: it takes the package's module as an argument.

/** The usage rows of a report as metrics events (Node dialect, ms) with no `speechId`. */
export function usageRowsToEvents(rows) {
  const events = [];
  rows.forEach((r, i) => {
    const base = {
      timestamp: 1_000_000_000_000 + i, // epoch ms: any fixed instant; usage ignores it
      requestId: `usage-row-${i}`,
      label: 'usage-row',
      metadata: { modelProvider: r.provider, modelName: r.model },
    };
    switch (r.type) {
      case 'llm_usage':
        events.push({
          ...base,
          type: 'llm_metrics',
          durationMs: 0,
          ttftMs: -1,
          cancelled: false,
          promptTokens: r.inputTokens,
          promptCachedTokens: r.inputCachedTokens,
          cacheCreationTokens: r.inputCacheCreationTokens,
          completionTokens: r.outputTokens,
          reasoningTokens: r.outputReasoningTokens,
          totalTokens: r.inputTokens + r.outputTokens,
          tokensPerSecond: 0,
        });
        // The realtime-only parts (token details, session time) come from a realtime
        // metric with zero totals, so nothing is counted twice.
        if (
          r.inputAudioTokens || r.inputCachedAudioTokens || r.inputTextTokens || r.inputCachedTextTokens ||
          r.inputImageTokens || r.inputCachedImageTokens || r.outputAudioTokens || r.outputTextTokens ||
          r.sessionDurationMs
        ) {
          events.push({
            ...base,
            requestId: `usage-row-${i}-realtime`,
            type: 'realtime_model_metrics',
            durationMs: 0,
            sessionDurationMs: r.sessionDurationMs,
            ttftMs: -1,
            cancelled: false,
            inputTokens: 0,
            outputTokens: 0,
            totalTokens: 0,
            tokensPerSecond: 0,
            inputTokenDetails: {
              audioTokens: r.inputAudioTokens,
              textTokens: r.inputTextTokens,
              imageTokens: r.inputImageTokens,
              cachedTokens: 0,
              cachedTokensDetails: {
                audioTokens: r.inputCachedAudioTokens,
                textTokens: r.inputCachedTextTokens,
                imageTokens: r.inputCachedImageTokens,
              },
            },
            outputTokenDetails: { textTokens: r.outputTextTokens, audioTokens: r.outputAudioTokens, imageTokens: 0 },
          });
        }
        break;
      case 'tts_usage':
        events.push({
          ...base,
          type: 'tts_metrics',
          ttfbMs: -1,
          durationMs: 0,
          audioDurationMs: r.audioDurationMs,
          cancelled: false,
          charactersCount: r.charactersCount,
          inputTokens: r.inputTokens,
          outputTokens: r.outputTokens,
          streamed: false,
        });
        break;
      case 'stt_usage':
        events.push({
          ...base,
          type: 'stt_metrics',
          durationMs: 0,
          audioDurationMs: r.audioDurationMs,
          inputTokens: r.inputTokens,
          inputAudioTokens: r.inputAudioTokens,
          outputTokens: r.outputTokens,
          streamed: true,
        });
        break;
      case 'interruption_usage':
        events.push({
          ...base,
          type: 'interruption_metrics',
          totalDuration: 0,
          predictionDuration: 0,
          detectionDelay: 0,
          numInterruptions: 0,
          numBackchannels: 0,
          numRequests: r.totalRequests,
        });
        break;
      case 'eot_usage':
        events.push({
          ...base,
          type: 'eot_inference_metrics',
          totalDuration: 0,
          detectionDelay: 0,
          predictionDuration: 0,
          numRequests: r.totalRequests,
        });
        break;
      default:
        throw Object.assign(new TypeError(`unknown usage row type ${r.type}`), { code: 'WrongType', field: 'type' });
    }
  });
  return events;
}

const key = (r) => `${r.type}\u0000${r.provider}\u0000${r.model}`;

/**
 * `rows` (a report's `usage.models`) priced by the core: `{ cost, models }` where `cost`
 * is what `Usage.cost(prices)` returns. Throws (code `IncompatibleMerge`) if the rebuilt
 * rows differ from `rows` in any field.
 */
export function priceUsageRows(lib, rows, prices) {
  const usage = lib.computeUsage(usageRowsToEvents(rows), { dedupe: false });
  try {
    const rebuilt = new Map(usage.models.map((r) => [key(r), r]));
    const same =
      rebuilt.size === rows.length &&
      rows.every((r) => {
        const b = rebuilt.get(key(r));
        return b && Object.keys(r).length === Object.keys(b).length && Object.keys(r).every((k) => Object.is(r[k], b[k]));
      });
    if (!same) {
      throw Object.assign(new RangeError('the report usage could not be rebuilt exactly; not priced'), {
        code: 'IncompatibleMerge',
      });
    }
    return usage.cost(prices);
  } finally {
    usage.free();
  }
}
