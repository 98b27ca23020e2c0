import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import '../testing/compare_backends.js';
import { DROPOUT_MASK } from './DropoutMask.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** The reference: sfc32's draws from `state` (as @gankit/core's Rng), kept at or above rate * 2^32. */
function referenceMask(n: number, rate: number, state: [number, number, number, number]): Float32Array {
  let [a, b, c, d] = state.map((w) => w | 0) as [number, number, number, number];
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    out[i] = t >>> 0 >= Math.floor(rate * 2 ** 32) ? 1 / (1 - rate) : 0;
  }
  return out;
}

const mask = (shape: number[], rate: number, state: number[]) =>
  tf.engine().runKernel(DROPOUT_MASK, {}, { shape, rate, state } as unknown as tf.NamedAttrMap) as tf.Tensor;

describe("'GankitDropoutMask' on wasm", () => {
  it.each([
    [[32, 14, 14, 8], 0.3, [0x9e3779b9, 0x7f4a7c15, 0xf39cc060, 1]],
    [[7], 0.5, [1, 2, 3, 4]],
    [[3, 5], 0, [4294967295, 0, 2147483648, 77]],
    [[0, 4], 0.2, [1, 1, 1, 1]],
  ])('writes the reference mask for %j at rate %d', (shape, rate, state) => {
    const before = tf.memory().numTensors;
    const m = mask(shape, rate, state);
    expect(m.shape).toEqual(shape);
    expect(Array.from(m.dataSync())).toEqual(Array.from(referenceMask(m.size, rate, state as [number, number, number, number])));
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('keeps about 1 - rate of a large mask', () => {
    const values = mask([100_000], 0.25, [5, 6, 7, 8]).dataSync();
    const kept = values.filter((v) => v !== 0).length / values.length;
    expect(Math.abs(kept - 0.75)).toBeLessThan(0.006);
  });

  it('refuses bad attributes, naming the kernel and what it got', () => {
    expect(() => mask([2, -1], 0.3, [1, 2, 3, 4])).toThrow(/GankitDropoutMask: expected shape to be non-negative integers, got \[2,-1\]/);
    expect(() => mask([2], 1, [1, 2, 3, 4])).toThrow(/GankitDropoutMask: expected a rate in \[0, 1\), got 1/);
    expect(() => mask([2], 0.5, [1, 2, 3])).toThrow(/GankitDropoutMask: expected state to be four unsigned 32-bit integers, got \[1,2,3\]/);
  });
});
