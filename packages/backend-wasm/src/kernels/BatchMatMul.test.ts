import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { matches, onBothBackends, randomData } from '../testing/compare_backends.js';
import { matMul2d } from './mat_mul_impl.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

interface MatMulCase {
  name: string;
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const cases: MatMulCase[] = [
  { name: 'dense forward 64x100 . 100x12544 (cut to 500)', a: [64, 100], b: [100, 500], transposeA: false, transposeB: false },
  { name: 'dense weight gradient a^T b', a: [64, 100], b: [64, 500], transposeA: true, transposeB: false },
  { name: 'dense input gradient a b^T', a: [64, 500], b: [100, 500], transposeA: false, transposeB: true },
  { name: 'both transposed', a: [7, 5], b: [3, 7], transposeA: true, transposeB: true },
  { name: 'both transposed, large result', a: [3, 40], b: [50, 3], transposeA: true, transposeB: true },
  { name: 'odd sizes, one output column', a: [13, 6272], b: [6272, 1], transposeA: false, transposeB: false },
  { name: 'batch of a against one b', a: [3, 4, 5], b: [5, 6], transposeA: false, transposeB: false },
  { name: 'batch of a, b transposed', a: [2, 3, 4, 5], b: [1, 6, 5], transposeA: false, transposeB: true },
  { name: 'single row and column', a: [1, 9], b: [9, 1], transposeA: false, transposeB: false },
  // Skinny weight gradients (a 2-D network's first and last layers): one SIMD pass, no XNNPACK.
  { name: 'skinny a^T b, 2 inputs', a: [256, 2], b: [256, 128], transposeA: true, transposeB: false },
  { name: 'skinny a^T b, 5 inputs, ragged width', a: [37, 5], b: [37, 130], transposeA: true, transposeB: false },
  { name: 'skinny a^T b, one output', a: [256, 128], b: [256, 1], transposeA: true, transposeB: false },
  { name: 'skinny a^T b, two outputs (transposed back)', a: [33, 127], b: [33, 2], transposeA: true, transposeB: false },
  { name: 'skinny a^T b, both sides narrow', a: [9, 3], b: [9, 8], transposeA: true, transposeB: false },
  { name: 'skinny a^T b, batch dimension of 1', a: [1, 40, 4], b: [1, 40, 64], transposeA: true, transposeB: false },
  { name: 'true batch (wasm fallback)', a: [3, 4, 5], b: [3, 5, 2], transposeA: false, transposeB: false },
  { name: 'batched a transposed (wasm fallback)', a: [2, 5, 4], b: [5, 3], transposeA: true, transposeB: false },
];

describe("'BatchMatMul' on wasm", () => {
  it.each(cases)('matches cpu: $name', async (c) => {
    const a = randomData(c.a, 1);
    const b = randomData(c.b, 2);
    const r = await onBothBackends(() => tf.matMul(tf.tensor(a, c.a), tf.tensor(b, c.b), c.transposeA, c.transposeB));
    expect(r.leaked).toBe(0);
    // Sums of up to 6272 products: the accumulation order differs from cpu's.
    expect(r.maxDiff).toBeLessThanOrEqual(5e-6 * Math.max(1, r.maxAbs));
  });

  it('gives a dense layer the same gradients as cpu', async () => {
    const x = randomData([8, 30], 3);
    const w = randomData([30, 20], 4);
    const r = await onBothBackends(() => {
      const f = (xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(tf.matMul(xx, ww)));
      return tf.grads(f)([tf.tensor(x, [8, 30]), tf.tensor(w, [30, 20])]);
    });
    expect(matches(r, 5e-6)).toBe(true);
  });

  // The tests run the backend on one thread, where transposed products take the fully-connected route;
  // with several threads they are 1x1 convolutions (matMul2d), checked here directly.
  it.each(cases.filter((c) => c.a.length === 2 && c.b.length === 2))('matches cpu as a 1x1 convolution (several threads): $name', async (c) => {
    const a = randomData(c.a, 1);
    const b = randomData(c.b, 2);
    const r = await onBothBackends(() =>
      tf.getBackend() === 'wasm'
        ? matMul2d(tf.tensor2d(a, c.a as [number, number]), tf.tensor2d(b, c.b as [number, number]), c.transposeA, c.transposeB)
        : tf.matMul(tf.tensor(a, c.a), tf.tensor(b, c.b), c.transposeA, c.transposeB),
    );
    expect(r.leaked).toBe(0);
    expect(r.shapes[0]).toEqual([c.transposeA ? c.a[1] : c.a[0], c.transposeB ? c.b[0] : c.b[1]]);
    expect(r.maxDiff).toBeLessThanOrEqual(5e-6 * Math.max(1, r.maxAbs));
  });
});
