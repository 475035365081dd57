/**
 * What `normalizeMetrics` accepts: one LiveKit metrics event or an array of them
 * (bare metrics objects or `metrics_collected` events, Python or Node dialect), or
 * the same as JSON text: a string or UTF-8 bytes holding a JSON array, one JSON
 * object, or JSON lines.
 */
export type MetricsInput = object | readonly object[] | string | Uint8Array | ArrayBuffer;

/**
 * The shape of every error `normalizeMetrics` throws: a real `TypeError` (the input
 * has the wrong shape) or `RangeError` (a value is out of its domain) with these own
 * properties. Match on `code`, never on `message`.
 *
 * @example
 * ```ts
 * try {
 *   normalizeMetrics(events);
 * } catch (e) {
 *   const err = e as MetricsError;
 *   if (err.code === 'MissingField') console.warn(`event ${err.index} lacks ${err.field}`);
 * }
 * ```
 */
export interface MetricsError extends Error {
    /** The stable error code, e.g. `"MissingField"`. */
    code: ErrorCode;
    /** The input field (or option) at fault, in the input's own spelling (`ttft`, `ttftMs`, `dialect`). */
    field?: string;
    /** 0-based position of the bad event in the batch (for JSON lines: among the non-empty lines). */
    index?: number;
    /** 1-based line of a JSON syntax error (`InvalidJson`). */
    line?: number;
    /** 1-based column of a JSON syntax error (`InvalidJson`). */
    column?: number;
}

/**
 * How much one call may read from a JS input (`analyzeSessionReport`'s options; the
 * same properties are in `NormalizeMetricsOptions`). Over a limit is a `RangeError`
 * with code `TooLarge`, thrown before the memory is allocated.
 */
export interface InputLimits {
    /** Values read (a sub-array reached twice counts twice): default 10,000,000, at most 100,000,000. */
    maxNodes?: number;
    /** Bytes read (JSON text, or a JS input's strings and keys): default 268,435,456 (256 MiB), at most 1 GiB. */
    maxInputBytes?: number;
}

/** One `metrics_collected` event (or bare metrics object) of either SDK, or its JSON text. */
export type MetricsEvent = object | string;

/** Options of `computeUsage`: those of `normalizeMetrics`, plus `dedupe`. */
export interface ComputeUsageOptions extends NormalizeMetricsOptions {
    /**
     * Count a metrics payload delivered twice only once (LiveKit delivers some twice
     * after handoffs: livekit/agents#3166). Default `true`; `false` counts exactly
     * what the SDK's `ModelUsageCollector` counts.
     */
    dedupe?: boolean;
}

/** Options of `new SessionMetrics(options)`. All optional. */
export interface SessionMetricsOptions extends ComputeUsageOptions {
    /**
     * Called once per turn when it is complete (end of utterance, first LLM token and
     * first TTS audio seen; or superseded by the next turn; or at `flush()`). It runs
     * after the state is updated, so it may call `turns()`, `summary()` or `usage()`.
     * An exception it throws is rethrown by the `push` that completed the turn.
     */
    onTurn?: (turn: TurnLatency) => void;
    /**
     * Whether preemptive generation is on in this session (the SDK default). Used by
     * `chatTurns()`: with it, a negative `unexplainedMs` is expected, not flagged.
     */
    preemptiveGeneration?: boolean;
    /**
     * How many final turns to keep in detail (`turns()`, per-turn usage, `chatTurns()`);
     * default 1,000. Older turns stay in `summary()` and the usage totals
     * (`usage().toJSON().earlierTurns`), so memory stays bounded in long sessions.
     */
    maxTurnsDetail?: number;
}
