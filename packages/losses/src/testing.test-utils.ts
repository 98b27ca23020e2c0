/**
 * Shared test helpers: backend switching, finite differences and small fixed critics.
 * Not built (excluded in tsconfig.build.json).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';

/** The backends every numeric test runs on: plain JS and stock WebAssembly. */
export const BACKENDS = ['cpu', 'wasm'] as const;

export async function useBackend(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`Backend '${name}' failed to initialize`);
  await tf.ready();
}

/** A scalar as a JS number (disposes it). */
export function value(t: tf.Tensor): number {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
}

/** What `f` throws (fails the test if it returns). */
export function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return expect.fail('expected an error to be thrown');
}

export function col(values: number[]): tf.Tensor2D {
  return tf.tensor2d(values, [values.length, 1]);
}

/**
 * Central differences (f(w + h) - f(w - h)) / 2h of `f` with respect to every element of `variables`,
 * restoring each element afterwards. Computed in float64 from float32 evaluations of f.
 */
export function centralDifferences(f: () => number, variables: tf.Variable[], h: number): Float64Array[] {
  return variables.map((v) => {
    const original = v.dataSync().slice() as Float32Array;
    const out = new Float64Array(original.length);
    const set = (values: Float32Array) => tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
    for (let i = 0; i < original.length; i++) {
      const p = original.slice();
      p[i] = original[i]! + h;
      set(p);
      const fp = f();
      p[i] = original[i]! - h;
      set(p);
      const fm = f();
      out[i] = (fp - fm) / (2 * h);
    }
    set(original);
    return out;
  });
}

/** Gradients of the scalar `f` with respect to `variables`, in their order, as float32 arrays. */
export function tapeGradients(f: () => tf.Scalar, variables: tf.Variable[]): Float32Array[] {
  const { value: v, grads } = tf.variableGrads(f, variables);
  v.dispose();
  const out = variables.map((w) => (grads[w.name] ? (grads[w.name]!.dataSync().slice() as Float32Array) : new Float32Array(w.size)));
  tf.dispose(Object.values(grads));
  return out;
}

/** Asserts |a - b| <= atol + rtol·|b| elementwise, naming the variable and element that fails. */
export function expectClose(actual: ArrayLike<number>[], expected: ArrayLike<number>[], atol: number, rtol: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, k) => {
    for (let i = 0; i < expected[k]!.length; i++) {
      const e = expected[k]![i]!;
      const tol = atol + rtol * Math.abs(e);
      if (!(Math.abs(a[i]! - e) <= tol)) {
        expect.fail(`variable ${k}, element ${i}: tape gradient ${a[i]} vs central difference ${e} (tolerance ${tol})`);
      }
    }
  });
}

/** Fixed weights of a 3-4-1 critic: dense, LeakyReLU(0.2), dense. */
export const CRITIC_WEIGHTS = {
  w1: [
    [0.5, -0.4, 0.3, 0.8],
    [-0.6, 0.7, 0.2, -0.3],
    [0.4, 0.1, -0.9, 0.5],
  ],
  b1: [0.1, -0.2, 0.05, 0.3],
  w2: [[0.7], [-0.5], [0.9], [0.6]],
  b2: [0.05],
};

/** Fixed real and generated batches for the critic above (4 examples of 3 features). */
export const REAL = [
  [1.0, 0.5, -0.5],
  [0.2, -1.0, 0.8],
  [-0.7, 0.3, 1.2],
  [1.5, 1.3, 0.4],
];
export const FAKE = [
  [-0.8, 0.9, 0.1],
  [0.6, 0.4, -1.1],
  [0.3, -0.6, -0.2],
  [-1.2, -0.4, 0.9],
];

/** The critic as tf.Variables and a function built from `tf.leakyRelu`. */
export function functionalCritic(): { variables: tf.Variable[]; discriminate: (x: tf.Tensor) => tf.Tensor; dispose: () => void } {
  const w1 = tf.variable(tf.tensor2d(CRITIC_WEIGHTS.w1));
  const b1 = tf.variable(tf.tensor1d(CRITIC_WEIGHTS.b1));
  const w2 = tf.variable(tf.tensor2d(CRITIC_WEIGHTS.w2));
  const b2 = tf.variable(tf.tensor1d(CRITIC_WEIGHTS.b2));
  return {
    variables: [w1, b1, w2, b2],
    discriminate: (x) => tf.add(tf.matMul(tf.leakyRelu(tf.add(tf.matMul(x as tf.Tensor2D, w1), b1), 0.2), w2), b2),
    dispose: () => tf.dispose([w1, b1, w2, b2]),
  };
}

/** The same critic as a tfjs-layers model with a `leakyReLU` layer. */
export function layersCritic(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [3], units: 4 }), tfl.layers.leakyReLU({ alpha: 0.2 }), tfl.layers.dense({ units: 1 })],
  });
  const ws = [tf.tensor2d(CRITIC_WEIGHTS.w1), tf.tensor1d(CRITIC_WEIGHTS.b1), tf.tensor2d(CRITIC_WEIGHTS.w2), tf.tensor1d(CRITIC_WEIGHTS.b2)];
  model.setWeights(ws);
  tf.dispose(ws);
  return model;
}

/**
 * Smallest |pre-activation| of the critic's hidden layer over the batches `xs`. Central differences
 * are only valid when no perturbation of size h moves a pre-activation across LeakyReLU's kink, i.e.
 * when this margin exceeds h·(max|x| + 1) (a kernel entry moves it by h·x, a bias by h).
 */
export function hiddenMargin(xs: number[][]): number {
  let margin = Infinity;
  for (const x of xs) {
    for (let j = 0; j < 4; j++) {
      let z = CRITIC_WEIGHTS.b1[j]!;
      for (let i = 0; i < 3; i++) z += x[i]! * CRITIC_WEIGHTS.w1[i]![j]!;
      margin = Math.min(margin, Math.abs(z));
    }
  }
  return margin;
}

/** d f / d scores, as plain numbers (for losses of a column of raw D outputs). */
export function gradientOf(f: (s: tf.Tensor) => tf.Scalar, scores: number[]): number[] {
  const s = col(scores);
  const g = tf.grad(f)(s);
  const out = Array.from(g.dataSync());
  tf.dispose([s, g]);
  return out;
}
