import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { onBothBackends, randomData } from '../testing/compare_backends.js';
import { LEAKY_RELU_GRAD } from './LeakyRelu.js';

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

  it.each([[[4, 6]], [[32, 7, 7, 16]], [[5]], [[3, 3, 3]]])('gives the same gradient as cpu on %j (one fused kernel on wasm)', async (shape) => {
    const x = randomData(shape, 2);
    const r = await onBothBackends(() => tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.leakyRelu(t, 0.3))))(tf.tensor(x, shape)));
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-6);
    const kernels = (await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.leakyRelu(t, 0.3)))(tf.tensor(x, shape)))).kernels.map((k) => k.name);
    expect(kernels).toContain(LEAKY_RELU_GRAD);
    expect(kernels).not.toContain('Select');
  });

  it('takes its gradient back when tfjs registers its own later (importing tfjs-layers after this package)', async () => {
    const tfjsGradient = { kernelName: 'LeakyRelu', inputsToSave: ['x'], gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => ({ x: () => tf.where(tf.greater(saved[0]!, 0), dy as tf.Tensor, tf.mul(dy as tf.Tensor, 0.2)) }) };
    tf.registerGradient(tfjsGradient);
    expect(tf.getGradient('LeakyRelu')).toBe(tfjsGradient);
    const kernels = (await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.leakyRelu(t, 0.2)))(tf.tensor1d([-1, 2])))).kernels.map((k) => k.name);
    expect(kernels).toContain(LEAKY_RELU_GRAD);
    expect(tf.getGradient('LeakyRelu')).not.toBe(tfjsGradient);
  });

  it('passes zero, negative zero, infinities and NaN to the gradient as tfjs does', async () => {
    const r = await onBothBackends(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(t, 0.2), tf.tensor1d([1, 2, 3, 4, 5, NaN]))))(tf.tensor1d([0, -0, Infinity, -Infinity, NaN, 1])));
    expect(Array.from(r.wasm[0]!)).toEqual(Array.from(r.cpu[0]!));
  });

  it('gives second-order gradients (a gradient penalty through it) as cpu does', async () => {
    const x = randomData([6, 5], 3);
    const w = randomData([5, 1], 4);
    const r = await onBothBackends(() => {
      const penalty = (ww: tf.Tensor) => {
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.matMul(tf.leakyRelu(tf.matMul(t, tf.ones([5, 5])), 0.2), ww)))(tf.tensor(x, [6, 5]));
        return tf.sum(tf.square(g));
      };
      return tf.grad(penalty)(tf.tensor(w, [5, 1]));
    });
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-5 * Math.max(1, r.maxAbs));
  });

  it('refuses a gradient kernel call with mismatched shapes, naming it', () => {
    expect(() => tf.engine().runKernel(LEAKY_RELU_GRAD, { dy: tf.zeros([2, 3]), x: tf.zeros([3, 2]) }, { alpha: 0.2 })).toThrow(/GankitLeakyReluGrad: expected float32 dy and x of one shape/);
  });
});
