import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { onBothBackends } from '../testing/compare_backends.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** Largest error of wasm's tanh against cpu's (float64 Math.tanh, rounded), in units of the result. */
function relativeError(cpu: Float32Array, wasm: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < cpu.length; i++) worst = Math.max(worst, Math.abs(cpu[i]! - wasm[i]!) / Math.max(Math.abs(cpu[i]!), 1e-30));
  return worst;
}

describe("'Tanh' on wasm", () => {
  it('is within a few ulp of cpu from 1e-6 to 20, both signs, both branches and their boundary', async () => {
    const values: number[] = [];
    for (let e = -6; e <= 1.3; e += 0.001) values.push(10 ** e, -(10 ** e));
    for (let v = 0.49; v <= 0.51; v += 1e-4) values.push(v, -v);
    const r = await onBothBackends(() => tf.tanh(tf.tensor1d(values)));
    expect(r.leaked).toBe(0);
    expect(relativeError(r.cpu[0]!, r.wasm[0]!)).toBeLessThan(4e-7);
  });

  it('keeps 0, -0, NaN and the infinities, and ragged lengths (the tail one by one)', async () => {
    const r = await onBothBackends(() => tf.tanh(tf.tensor1d([0, -0, NaN, Infinity, -Infinity, 100, -100])));
    expect(Array.from(r.wasm[0]!)).toEqual([0, -0, NaN, 1, -1, 1, -1]);
    expect(Object.is(r.wasm[0]![1], -0)).toBe(true);
    for (const n of [1, 2, 3, 5, 6, 7]) {
      const s = await onBothBackends(() => tf.tanh(tf.linspace(-3, 3, n)));
      expect(relativeError(s.cpu[0]!, s.wasm[0]!)).toBeLessThan(4e-7);
    }
  });

  it('gives the gradient cpu gives', async () => {
    const r = await onBothBackends(() => tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.tanh(t))))(tf.linspace(-4, 4, 101)));
    expect(r.maxDiff).toBeLessThan(1e-6);
  });
});
