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
