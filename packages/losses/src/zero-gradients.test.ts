import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, centralDifferences, expectClose, tapeGradients, useBackend, value } from './testing.test-utils.js';

// A gradient someone registered before this package loads; registration must leave it alone.
const sentinel: tf.GradConfig = { kernelName: 'NotEqual', gradFunc: () => ({}) };
tf.registerGradient(sentinel);
const { ZERO_GRADIENT_KERNELS, registerZeroGradients } = await import('./index.js');

describe('zero gradients', () => {
  it('are registered for every piecewise-constant kernel on import, without replacing existing ones', () => {
    for (const name of Object.keys(ZERO_GRADIENT_KERNELS)) expect(tf.getGradient(name), name).toBeDefined();
    expect(tf.getGradient('NotEqual')).toBe(sentinel);
    const before = Object.keys(ZERO_GRADIENT_KERNELS).map((k) => tf.getGradient(k));
    expect(registerZeroGradients()).toEqual([]);
    expect(Object.keys(ZERO_GRADIENT_KERNELS).map((k) => tf.getGradient(k))).toEqual(before);
  });
});

// x·w lands at [[0.23, -0.92], [-0.12, 2.03]]: at least 0.12 from every kink (0, ±0.5, 6), and a
// perturbation h = 1e-2 of w moves it by at most h·max|x| = 0.011, so central differences are valid.
const X = [
  [0.5, -0.3],
  [-0.8, 1.1],
];
const W = [
  [0.7, -1.3],
  [0.4, 0.9],
];
const activations: Record<string, (z: tf.Tensor) => tf.Tensor> = {
  leakyRelu: (z) => tf.leakyRelu(z, 0.2),
  relu: (z) => tf.relu(z),
  relu6: (z) => tf.relu6(z),
  abs: (z) => tf.abs(z),
  where: (z) => tf.where(tf.greater(z, 0), z, tf.mul(z, 0.1)),
  clipByValue: (z) => tf.clipByValue(z, -0.5, 0.5),
  maximum: (z) => tf.maximum(z, tf.mul(z, 0.3)),
  minimum: (z) => tf.minimum(z, tf.mul(z, 0.3)),
  prelu: (z) => tf.prelu(z, tf.scalar(0.25)),
  selu: (z) => tf.selu(z),
  max: (z) => tf.max(z, 1, true),
};

describe.each(BACKENDS)('second-order gradients on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  // f(w) = ‖∇ₓ Σ act(x·w)²‖²: differentiating it w.r.t. w runs each activation's gradient through the
  // tape, comparisons included. Tolerances as in the gradient-penalty test (float32, h = 1e-2).
  it.each(Object.keys(activations))('differentiates the input gradient of %s', (name) => {
    const act = activations[name]!;
    const x = tf.tensor2d(X);
    const w = tf.variable(tf.tensor2d(W));
    const f = () =>
      tf.tidy(() => {
        const g = tf.grad((input: tf.Tensor) => tf.sum(tf.square(act(tf.matMul(input as tf.Tensor2D, w)))))(x);
        return tf.sum(tf.square(g)) as tf.Scalar;
      });
    expectClose(tapeGradients(f, [w]), centralDifferences(() => value(f()), [w], 1e-2), 1e-3, 1e-2);
    tf.dispose([x, w]);
  });
});
