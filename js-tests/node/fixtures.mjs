// Shared by the Node tests: the captured SDK fixtures (tests/fixtures) and the
// known canonical answers for them. Not a test file itself.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../tests/fixtures/', import.meta.url));

/** The text of a fixture file, e.g. `fixtureText('py-00-collector-catalog/input_metrics.json')`. */
export const fixtureText = (path) => readFileSync(dir + path, 'utf8');
/** A fixture file, parsed. */
export const fixture = (path) => JSON.parse(fixtureText(path));

/** Python 1.8.9 catalog: 19 hand-built metrics, one of them an unknown `decision_metrics`. */
export const PY_CATALOG = 'py-00-collector-catalog/input_metrics.json';
/** Node 1.9.0 catalog: the same 18 known metrics, in milliseconds and camelCase. */
export const JS_CATALOG = 'js-00-collector-catalog/input_metrics.json';

/** The canonical record both catalogs have at index 5: the Anthropic LLM request. */
export const ANTHROPIC_LLM = {
  type: 'llm_metrics',
  requestId: 'msg_2',
  timestampMs: 1795280010800,
  durationMs: 1102,
  ttftMs: 552,
  cancelled: false,
  completionTokens: 40,
  promptTokens: 2300,
  promptCachedTokens: 1024,
  cacheCreationTokens: 512,
  totalTokens: 2340,
};

/** Asserts that `actual` has every property of `expected` with the same value. */
export function assertIncludes(assert, actual, expected) {
  for (const [key, value] of Object.entries(expected)) {
    assert.deepEqual(actual[key], value, `property ${key}`);
  }
}
