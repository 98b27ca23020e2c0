import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { onBothBackends, randomData } from '../testing/compare_backends.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe("'UnsortedSegmentSum' on wasm", () => {
  it('sums rows with repeated ids like cpu', async () => {
    const x = randomData([6, 3, 2], 1);
    const r = await onBothBackends(() =>
      tf.unsortedSegmentSum(tf.tensor(x, [6, 3, 2]), tf.tensor1d([2, 0, 2, 4, 0, 2], 'int32'), 5));
    expect(r.shapes[0]).toEqual([5, 3, 2]);
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('drops ids outside [0, numSegments) like cpu', async () => {
    const x = randomData([4, 3], 2);
    const r = await onBothBackends(() =>
      tf.unsortedSegmentSum(tf.tensor(x, [4, 3]), tf.tensor1d([1, -1, 3, 1], 'int32'), 3));
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-6);
  });

  it('gives gather (an Embedding lookup) the same gradient as cpu', async () => {
    const table = randomData([10, 4], 3);
    const r = await onBothBackends(() => tf.grad((t: tf.Tensor) =>
      tf.sum(tf.square(tf.gather(t, tf.tensor1d([3, 3, 7, 0, 9, 3], 'int32')))))(tf.tensor(table, [10, 4])));
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-6);
  });
});
