import { defineConfig } from 'vitest/config';

// The browser tests build the site, serve it and drive Debian's chromium: slow on a busy 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // A bound for a test whose waits (each for a condition, test/playground.test.ts) add up on a
    // loaded machine; the tests that train to a criterion set their own.
    testTimeout: 600_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
