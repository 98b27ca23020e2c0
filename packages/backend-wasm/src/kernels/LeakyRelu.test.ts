import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { onBothBackends, randomData } from '../testing/compare_backends.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe("'LeakyRelu' on wasm", () => {
  // cpu multiplies by alpha in double precision, wasm (its own kernel too) in single: 1 ulp apart.
  it.each([[[64, 7]], [[2, 5, 5, 3]], [[7]], [[3, 1]]])('matches cpu to 1 ulp on %j', async (shape) => {
    const x = randomData(shape, 1);
    const r = await onBothBackends(() => [0.3, 0.01, 1.5].map((alpha) => tf.leakyRelu(tf.tensor(x, shape), alpha)));
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(1.2e-7 * r.maxAbs);
  });

  it('matches cpu on int32 input (wasm kernel) and on zeros, infinities and NaN', async () => {
    const r = await onBothBackends(() => [
      tf.leakyRelu(tf.tensor1d([-3, 0, 2], 'int32'), 0.5),
      tf.leakyRelu(tf.tensor1d([0, -0, Infinity, -Infinity, 1e-30, -1e-30]), 0.2),
    ]);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-37);
    const nan = await onBothBackends(() => tf.cast(tf.isNaN(tf.leakyRelu(tf.tensor1d([NaN, 1]), 0.2)), 'float32'));
    expect(nan.wasm[0]).toEqual(new Float32Array([1, 0]));
  });

  it('gives the same gradient as cpu', async () => {
    const x = randomData([4, 6], 2);
    const r = await onBothBackends(() => tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.leakyRelu(t, 0.3))))(tf.tensor(x, [4, 6])));
    expect(r.maxDiff).toBeLessThanOrEqual(1e-6);
  });
});
