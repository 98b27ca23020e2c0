import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The speed table's pure helpers (bench/speed) are tested beside them too.
export default defineConfig({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, include: [...(sharedTestConfig.test?.include ?? []), 'bench/**/*.test.ts'] },
});
