/**
 * A vitest setup file that reports every test holding its worker's event loop for long: a test that
 * does seconds of synchronous work starves vitest's worker RPC, and on a busy machine the run fails
 * with "Timeout calling onTaskUpdate" although every test passed. Turned on for any package's tests
 * by an environment variable (vitest.shared.ts):
 *
 *     GANKIT_WATCH_EVENT_LOOP=1000 npx turbo run test --force 2>&1 | grep 'event loop held'
 *
 * prints each hold over 1,000 ms with the test that was running when it ended (a hold at the end of a
 * test can show under the next one's name).
 */
import { afterAll, beforeEach, expect } from 'vitest';

const limitMs = Number(process.env['GANKIT_WATCH_EVENT_LOOP']) || 1000;
const tickMs = 100;
let current = '(collecting)';
let longest = { ms: 0, test: '' };
let last = performance.now();
const timer = setInterval(() => {
  const now = performance.now();
  const held = now - last - tickMs;
  last = now;
  if (held > longest.ms) longest = { ms: held, test: current };
  if (held > limitMs) process.stderr.write(`event loop held ${Math.round(held)} ms in ${current}\n`);
}, tickMs);
timer.unref();

beforeEach(() => {
  current = expect.getState().currentTestName ?? '(unnamed)';
});
afterAll(() => {
  process.stderr.write(`event loop: longest hold ${Math.round(longest.ms)} ms, in ${longest.test || '(none)'}\n`);
});
