import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { onBothBackends, randomData } from '../testing/compare_backends.js';
import { leadingAxesReduction, meanOfRows } from './reduce_impl.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const cases: [number[], number | number[], boolean][] = [
  [[64, 14, 14, 12], [0, 1, 2], false],
  [[6, 7, 5, 3], [0, 1, 2], true],
  [[64, 300], 0, false],
  [[5, 9], [0], true],
  [[3, 4, 5], [1, 0], false],
  [[3, 4, 5], -3, false],
  [[3, 4, 5], [1, 2], false], // trailing axes: the wasm kernel
  [[3, 4, 5], [0, 2], true], // not contiguous: the wasm kernel
  [[3, 4, 5], [0, 1, 2], false], // all axes: the wasm kernel
  // Wider than one pooling may be (stock AvgPool overruns the wasm stack from ~16,320 channels):
  // a DCGAN's first batch norm at 64x64 (4·4·1024) and 64x48 (8·6·512), fewer rows.
  [[10, 4, 4, 1024], 0, false],
  [[10, 8, 6, 512], [0], true],
  [[10, 4099], 0, false], // wide, and 4099 is prime: the wasm kernel
  // A 2-D network's bias gradients: one SIMD pass over the rows, ragged widths included.
  [[256, 128], 0, false],
  [[256, 1], 0, true],
  [[256, 2], [0], false],
  [[255, 7], 0, false],
];

describe("'Sum' and 'Mean' on wasm", () => {
  it.each(cases)('match cpu on %j over %j (keepDims %s)', async (shape, axis, keepDims) => {
    const x = randomData(shape, 1);
    const r = await onBothBackends(() => [tf.sum(tf.tensor(x, shape), axis, keepDims), tf.mean(tf.tensor(x, shape), axis, keepDims)]);
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(2e-6 * Math.max(1, r.maxAbs));
  });

  it('keep NaN and infinities as cpu does', async () => {
    const x = [1, NaN, Infinity, 2, 3, -Infinity, 4, 5, 6, 7, 8, 9];
    const r = await onBothBackends(() => [tf.sum(tf.tensor2d(x, [3, 4]), 0), tf.mean(tf.tensor2d(x, [3, 4]), 0)]);
    expect(r.maxDiff).toBe(0);
  });

  // The tests run the backend on one thread, where every leading-axes reduction is one SIMD pass; with
  // several threads large ones are pooled (meanOfRows), checked here directly.
  it.each([[[64, 14, 14, 12]], [[10, 4, 4, 1024]], [[256, 128]]])('match cpu pooled (large reductions on several threads) on %j', async (shape) => {
    const x = randomData(shape, 4);
    const plan = leadingAxesReduction({ dataId: {}, shape, dtype: 'float32' }, 0)!;
    const r = await onBothBackends(() => (tf.getBackend() === 'wasm' ? meanOfRows(tf.tensor(x, shape), plan) : tf.reshape(tf.mean(tf.tensor(x, shape), 0), [-1])));
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(2e-6 * Math.max(1, r.maxAbs));
  });

  it('sum int32 exactly (the wasm kernel)', async () => {
    const r = await onBothBackends(() => tf.cast(tf.sum(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), 0), 'float32'));
    expect(r.wasm[0]).toEqual(new Float32Array([4, 6]));
  });

  it('give batch normalization the same gradients as cpu', async () => {
    const x = randomData([8, 5, 5, 6], 2);
    const r = await onBothBackends(() => tf.grads((t: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(t, [0, 1, 2]);
      return tf.sum(tf.square(tf.batchNorm(t, mean, variance, b, g, 1e-3)));
    })([tf.tensor(x, [8, 5, 5, 6]), tf.ones([6]), tf.zeros([6])]));
    expect(r.maxDiff).toBeLessThanOrEqual(5e-6 * Math.max(1, r.maxAbs));
  });
});
