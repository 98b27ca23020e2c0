import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';

/** GANKIT_WATCH_EVENT_LOOP=<ms>: report every test that holds the event loop longer (scripts/event-loop-watch.ts). */
const watchEventLoop = process.env['GANKIT_WATCH_EVENT_LOOP'] ? [fileURLToPath(new URL('./scripts/event-loop-watch.ts', import.meta.url))] : [];

/**
 * Settings every package's vitest config shares. Tests train real (tiny) networks on 2 CPU cores,
 * so the timeout is generous and files run one at a time per package to keep timings stable.
 */
export const sharedTestConfig: ViteUserConfig = {
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    setupFiles: watchEventLoop,
    pool: 'forks',
    poolOptions: { forks: { singleFork: false, maxForks: 2, minForks: 1 } },
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
    reporters: process.env.CI ? ['default'] : ['default'],
  },
};
