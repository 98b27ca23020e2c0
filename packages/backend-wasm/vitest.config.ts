import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The bench scripts' pure helpers (the torch BLAS check) are tested beside them too.
export default defineConfig({
  ...sharedTestConfig,
  test: { ...sharedTestConfig.test, include: [...(sharedTestConfig.test?.include ?? []), 'bench/**/*.test.ts'] },
});
