import { defineConfig } from 'vitest/config';

// The browser tests build the site, serve it and drive Debian's chromium: slow on a busy 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
