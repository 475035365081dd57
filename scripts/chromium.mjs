// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) for the
// browser tests, the dashboard test and the browser benchmark: one place for the
// flags and for a teardown that cannot hang the run.
//
// Playwright launches the browser with a profile of its own in the temp directory and
// removes it on close, after the browser has exited. (A profile of ours removed from a
// `t.after` hook that ran before the browser was closed failed with ENOTEMPTY, skipped
// the close, and the live browser held Node's event loop open: a hung CI.)
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// The flags keep Chromium off the network (only 127.0.0.1 is reachable here).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long closing the browser may take before we give up on it (ms). */
const CLOSE_TIMEOUT_MS = 15_000;

/**
 * Launches Chromium and opens one browser context. Returns `{ browser, context, close }`;
 * `close()` closes the browser, at most once, never throws and never waits more than
 * CLOSE_TIMEOUT_MS (a browser that will not close is reported; the test runs with
 * `--test-force-exit`, so it cannot keep the process alive).
 */
export async function launchChromium(contextOptions = {}) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  let closed;
  const close = () => (closed ??= closeWithin(browser, CLOSE_TIMEOUT_MS));
  try {
    const context = await browser.newContext(contextOptions);
    return { browser, context, close };
  } catch (e) {
    await close();
    throw e;
  }
}

async function closeWithin(browser, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`it did not exit within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([browser.close(), timeout]);
  } catch (e) {
    console.warn(`# Chromium did not close cleanly: ${e.message}`);
  } finally {
    clearTimeout(timer);
  }
}
