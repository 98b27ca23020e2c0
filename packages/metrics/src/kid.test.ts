import { Rng } from '@gankit/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { kernelInceptionDistance, kernelInceptionDistanceAsync } from './kid.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function gaussian(n: number, d: number, seed: number, shift = 0): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * d }, () => rng.normal() + shift);
}

/** The unbiased MMD² with the cubic kernel, by plain loops. */
function naiveMmd(x: Float32Array, y: Float32Array, m: number, d: number): number {
  const k = (a: Float32Array, i: number, b: Float32Array, j: number) => {
    let dot = 0;
    for (let t = 0; t < d; t++) dot += a[i * d + t]! * b[j * d + t]!;
    return (dot / d + 1) ** 3;
  };
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i !== j) {
        xx += k(x, i, x, j);
        yy += k(y, i, y, j);
      }
      xy += k(x, i, y, j);
    }
  }
  return (xx + yy) / (m * (m - 1)) - (2 * xy) / (m * m);
}

describe('kernelInceptionDistance', () => {
  it('equals the unbiased MMD² formula when one subset holds everything', () => {
    const x = gaussian(40, 6, 1);
    const y = gaussian(40, 6, 2, 0.3);
    const kid = kernelInceptionDistance(x, 40, y, 40, 6, { subsets: 1, subsetSize: 40 });
    expect(kid.value).toBeCloseTo(naiveMmd(x, y, 40, 6), 4);
    // every subset of 40 out of 40 is the whole set: one is computed whatever `subsets` says
    const many = kernelInceptionDistance(x, 40, y, 40, 6, { subsets: 100 });
    expect(many.subsets).toBe(1);
    expect(many.value).toBeCloseTo(kid.value, 10);
  });

  it('gives the same subsets from Gram matrices and per subset, in one go or yielding between pieces', async () => {
    const x = gaussian(300, 8, 3);
    const y = gaussian(250, 8, 4, 0.2);
    const options = { subsets: 5, subsetSize: 100, seed: 7 };
    const gram = kernelInceptionDistance(x, 300, y, 250, 8, options);
    const direct = kernelInceptionDistance(x, 300, y, 250, 8, { ...options, maxGramEntries: 0 });
    expect(direct.value).toBeCloseTo(gram.value, 4);
    expect(direct.subsetStd).toBeCloseTo(gram.subsetStd, 4);
    expect(await kernelInceptionDistanceAsync(x, 300, y, 250, 8, options)).toEqual(gram);
    expect(await kernelInceptionDistanceAsync(x, 300, y, 250, 8, { ...options, maxGramEntries: 0 })).toEqual(direct);
  });

  it('is near 0 for the same distribution and clearly positive for a shifted one', async () => {
    const d = 32;
    const real = gaussian(1000, d, 10);
    const same = gaussian(1000, d, 11);
    const shifted = gaussian(1000, d, 12, 0.5);
    // seconds of work: the yielding variant, as the metrics run it
    const a = await kernelInceptionDistanceAsync(same, 1000, real, 1000, d, { subsets: 50, subsetSize: 500, seed: 1 });
    const b = await kernelInceptionDistanceAsync(shifted, 1000, real, 1000, d, { subsets: 50, subsetSize: 500, seed: 1 });
    expect(Math.abs(a.value)).toBeLessThan(3 * a.stderr + 1e-3);
    expect(b.value).toBeGreaterThan(10 * b.stderr);
    expect(b.value).toBeGreaterThan(50 * Math.abs(a.value));
    expect(tf.memory().numTensors).toBe(0);
  });

  it('caps the subset size at the smaller sample', () => {
    const r = kernelInceptionDistance(gaussian(30, 4, 1), 30, gaussian(50, 4, 2), 50, 4, { subsets: 3 });
    expect(r.subsetSize).toBe(30);
    expect(r.subsets).toBe(3);
  });
});
