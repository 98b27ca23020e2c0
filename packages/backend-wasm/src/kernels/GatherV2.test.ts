import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { onBothBackends, randomData } from '../testing/compare_backends.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe("'GatherV2' on wasm", () => {
  it.each([
    [[10, 784], [32], 0], // a conditional GAN's label embedding
    [[10, 50], [7], 0],
    [[4, 3], [5], 1], // short slices, element by element
    [[2, 5, 6], [4], 1], // outer dimension
    [[3, 4, 20], [2, 2], 2],
    [[6], [6], 0],
  ])('copies the slices cpu does: x %j, indices %j, axis %i', async (xShape, indicesShape, axis) => {
    const x = randomData(xShape, 1);
    const size = indicesShape.reduce((a, b) => a * b, 1);
    const dim = xShape[axis]!;
    const picks = Array.from({ length: size }, (_, i) => (i * 7 + 3) % dim);
    const r = await onBothBackends(() => tf.gather(tf.tensor(x, xShape), tf.tensor(picks, indicesShape, 'int32'), axis));
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBe(0);
  });

  it('gathers int32 and bool tensors, and gives embeddings the same gradient as cpu', async () => {
    const r = await onBothBackends(() => [
      tf.cast(tf.gather(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), tf.tensor1d([2, 0, 2], 'int32')), 'float32'),
      tf.cast(tf.gather(tf.tensor1d([1, 0, 1], 'bool'), tf.tensor1d([1, 2], 'int32')), 'float32'),
      tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor1d([1, 1, 0, 3], 'int32')))))(tf.tensor(randomData([4, 20], 2), [4, 20])),
    ]);
    expect(Array.from(r.wasm[0]!)).toEqual([5, 6, 1, 2, 5, 6]);
    expect(Array.from(r.wasm[1]!)).toEqual([0, 1]);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('refuses an index out of range as tfjs does, naming it', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.gather(tf.zeros([3, 2]), tf.tensor1d([0, 3], 'int32'))).toThrow(/index value 3 is not in \[0, 2\]/);
    expect(() => tf.gather(tf.zeros([3, 2]), tf.tensor1d([-1], 'int32'))).toThrow(/index value -1/);
  });

  it('leaves batch dimensions to the wasm kernel', async () => {
    const x = randomData([2, 3, 4], 5);
    const r = await onBothBackends(() => tf.gather(tf.tensor(x, [2, 3, 4]), tf.tensor2d([[0, 2], [1, 1]], [2, 2], 'int32'), 1, 1));
    expect(r.maxDiff).toBe(0);
  });
});
