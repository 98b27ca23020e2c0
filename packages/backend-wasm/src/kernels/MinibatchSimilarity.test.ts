import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { randomData } from '../testing/compare_backends.js';
import { MINIBATCH_SIMILARITY, MINIBATCH_SIMILARITY_GRAD, minibatchSimilarityLoop } from './MinibatchSimilarity.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** The SIMD kernels' output and gradient for m [n, rows, width], dy [n, rows], and the scalar loops' on the same data. */
function both(rows: number, width: number, n: number) {
  const mv = Float32Array.from(randomData([n, rows, width], 11), (v) => v * 0.3);
  const dyv = Float32Array.from(randomData([n, rows], 12));
  const m = tf.tensor3d(mv, [n, rows, width]);
  const dy = tf.tensor2d(dyv, [n, rows]);
  const before = tf.memory().numTensors;
  const o = tf.engine().runKernel(MINIBATCH_SIMILARITY, { m }) as tf.Tensor;
  const dm = tf.engine().runKernel(MINIBATCH_SIMILARITY_GRAD, { m, dy }) as tf.Tensor;
  const simd = { o: Float32Array.from(o.dataSync()), dm: Float32Array.from(dm.dataSync()) };
  tf.dispose([o, dm]);
  const leaked = tf.memory().numTensors - before;
  tf.dispose([m, dy]);
  const loop = { o: new Float32Array(rows * n), dm: new Float32Array(rows * width * n) };
  minibatchSimilarityLoop(mv, n, rows, width, loop.o);
  minibatchSimilarityLoop(mv, n, rows, width, loop.dm, dyv);
  const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i]!)), 0);
  const scale = (a: Float32Array) => a.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  return { leaked, o: maxDiff(simd.o, loop.o) / scale(loop.o), dm: maxDiff(simd.dm, loop.dm) / scale(loop.dm) };
}

describe("'GankitMinibatchSimilarity' on wasm", () => {
  // Batches with and without a remainder after groups of four partners, one- and many-column projections.
  it.each([
    [1, 1, 2],
    [2, 3, 5],
    [4, 3, 9],
    [8, 3, 100],
    [3, 5, 37],
    [2, 1, 64],
  ])('SIMD kernel and scalar loop agree, rows %i, width %i, batch %i', (rows, width, n) => {
    const r = both(rows, width, n);
    expect(r.leaked).toBe(0);
    expect(r.o).toBeLessThan(1e-6);
    expect(r.dm).toBeLessThan(1e-5);
  });

  it('is exact where the answer is known: identical examples, each close to every other', () => {
    const m = tf.fill([5, 2, 3], 0.25);
    const o = tf.engine().runKernel(MINIBATCH_SIMILARITY, { m }) as tf.Tensor;
    expect(Array.from(o.dataSync())).toEqual(new Array(10).fill(4));
    tf.dispose([m, o]);
  });

  it('names the kernel and the shapes it was given for a dy that does not match m', () => {
    const m = tf.zeros([5, 2, 3]);
    const dy = tf.zeros([2, 5]);
    expect(() => tf.engine().runKernel(MINIBATCH_SIMILARITY_GRAD, { m, dy })).toThrow(/GankitMinibatchSimilarityGrad: expected dy of shape \[5, 2\], got \[2, 5\]/);
    tf.dispose([m, dy]);
  });
});
