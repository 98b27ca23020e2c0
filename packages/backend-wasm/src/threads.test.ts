import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { initWasmBackend } from './index.js';
import { matches, onBothBackends, randomData } from './testing/compare_backends.js';

// This file runs in its own process, so the wasm backend starts here, with threads.
describe('initWasmBackend', () => {
  it("rejects a thread count that is not a whole number >= 1", async () => {
    await expect(initWasmBackend({ threads: 0 })).rejects.toThrow("'threads' must be a whole number >= 1, got '0'");
  });

  it('starts the threaded build on 2 threads under Node and computes like cpu', async () => {
    const info = await initWasmBackend({ threads: 2 });
    expect(info).toEqual({ threads: 2, initialized: true });
    expect(tf.getBackend()).toBe('wasm');
    const x = randomData([4, 7, 7, 32], 1);
    const w = randomData([5, 5, 32, 16], 2);
    const r = await onBothBackends(() => [
      tf.conv2d(tf.tensor(x, [4, 7, 7, 32]) as tf.Tensor4D, tf.tensor(w, [5, 5, 32, 16]) as tf.Tensor4D, 1, 'same'),
      tf.conv2dTranspose(tf.tensor(x, [4, 7, 7, 32]) as tf.Tensor4D, tf.tensor(w, [5, 5, 16, 32]) as tf.Tensor4D,
        [4, 14, 14, 16], 2, 'same'),
    ]);
    expect(matches(r)).toBe(true);
  });

  it('reports the running thread count once the backend is up', async () => {
    expect(await initWasmBackend({ threads: 1 })).toEqual({ threads: 2, initialized: false });
  });
});
