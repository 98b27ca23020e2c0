import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { onBothBackends, randomData } from '../testing/compare_backends.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const cases: [number[], number[]][] = [
  [[1, 1, 1, 12], [6, 5, 4, 1]],
  [[1, 1, 1, 7], [3, 1, 1, 1]],
  [[2, 3], [3, 4]],
  [[5], [3]],
  [[2, 1, 3], [1, 4, 2]],
  [[2, 3, 2, 3], [2, 2, 2, 2]], // rank 8 after splitting: the wasm kernel
  [[3, 1, 2, 1, 2], [1, 2, 1, 3, 1]],
];

describe("'Tile' on wasm", () => {
  it.each(cases)('matches cpu: %j tiled %j', async (shape, reps) => {
    const x = randomData(shape, 1);
    const r = await onBothBackends(() => tf.tile(tf.tensor(x, shape), reps));
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBe(0);
  });

  it('tiles int32 exactly and leaves bool to the wasm kernel', async () => {
    const r = await onBothBackends(() => [
      tf.cast(tf.tile(tf.tensor2d([[1, -2]], [1, 2], 'int32'), [2, 2]), 'float32'),
      tf.cast(tf.tile(tf.tensor1d([true, false], 'bool'), [3]), 'float32'),
    ]);
    expect(Array.from(r.wasm[0]!)).toEqual([1, -2, 1, -2, 1, -2, 1, -2]);
    expect(Array.from(r.wasm[1]!)).toEqual([1, 0, 1, 0, 1, 0]);
    expect(r.maxDiff).toBe(0);
  });
});
