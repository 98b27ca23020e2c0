/**
 * Reading the built page's state from Node (the tests and scripts/screenshot.ts): what
 * `window.playground.snapshot()` returns, and a wait on it that fails early on the page's errors.
 */
import type { Page } from 'playwright-core';

/** What `window.playground.snapshot()` returns (the parts the tests read). */
export interface Snapshot {
  backend?: string;
  backendDetail?: string;
  step: number;
  playing: boolean;
  evaluating: boolean;
  evaluation?: { step: number; scores: Record<string, number>; artistError?: number; skipped: Record<string, string> };
  numTensors: number;
  rate?: number;
  sliceRate?: number;
  errors: string[];
  variant?: string;
  variants: string[];
  viewer?: { variant: string; step: number; where: string; kind: string };
}

/** The page's state once its worker has done every command sent before. */
export const snapshot = (page: Page): Promise<Snapshot> => page.evaluate(() => (window as unknown as { playground: { snapshot(): Snapshot } }).playground.snapshot());

/**
 * Waits until `done(snapshot)`, failing early (with the page's errors) if the page reports more errors
 * than the `expectedErrors` a test provoked.
 */
export async function until(page: Page, done: (s: Snapshot) => boolean, timeoutMs: number, expectedErrors = 0): Promise<Snapshot> {
  const started = Date.now();
  for (;;) {
    const s = await snapshot(page);
    if (s.errors.length > expectedErrors) throw new Error(`the page reported: ${s.errors.slice(expectedErrors).join('\n')}`);
    if (done(s)) return s;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms; last snapshot: ${JSON.stringify(s)}`);
    await page.waitForTimeout(250);
  }
}
