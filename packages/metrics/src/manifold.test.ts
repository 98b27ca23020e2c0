import { Rng } from '@gankit/core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { kthNeighbourSquaredDistances, manifoldScores } from './manifold.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

function gaussian(n: number, d: number, seed: number, shift = 0): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * d }, () => rng.normal() + shift);
}

describe('manifoldScores', () => {
  it('matches a 1-D example worked out by hand', async () => {
    // real 0,1,2,3 (1-NN radius 1 each); fake 0.5 and 10 (1-NN radius 9.5 each)
    const s = await manifoldScores(Float32Array.from([0, 1, 2, 3]), 4, Float32Array.from([0.5, 10]), 2, 1, { k: 1 });
    expect(s.precision).toBe(0.5); // 0.5 lies in the balls of 0 and 1; 10 in none
    expect(s.recall).toBe(1); // the ball of 0.5 (radius 9.5) holds every real point
    expect(s.density).toBe(1); // (2 + 0) / (k * 2)
    expect(s.coverage).toBe(0.5); // only the balls of 0 and 1 hold a fake point
  });

  it('finds k-th neighbour distances, the point itself excluded', async () => {
    const r = await kthNeighbourSquaredDistances(Float32Array.from([0, 1, 3, 7]), 4, 1, 2);
    expect([...r]).toEqual([9, 4, 9, 36]); // 2nd-nearest: 3 (0), 2 (1), 3 (3), 6 (7)
  });

  it('matches the expectations for two samples of one distribution: density about 1, coverage about 1 - 2^-k', async () => {
    // Naeem et al. 2020: E[density] = 1 and E[coverage] = 1 - (N-1)...(N-k) / ((2N-1)...(2N-k)) ~ 1 - 2^-k for
    // identical distributions. The prdc README's full-size check (10,000 x 1000-D, hours of CPU on a busy
    // machine) runs as a script: pnpm --filter @gankit/metrics prdc-sanity.
    const n = 2000;
    const d = 64;
    const before = tf.memory().numTensors;
    const s = await manifoldScores(gaussian(n, d, 1), n, gaussian(n, d, 2), n, d, { k: 5, blockRows: 500 });
    expect(tf.memory().numTensors).toBe(before);
    expect(s.density).toBeGreaterThan(0.85);
    expect(s.density).toBeLessThan(1.15);
    expect(s.coverage).toBeGreaterThan(0.95);
    expect(s.coverage).toBeLessThan(0.99);
    expect(Math.abs(s.precision - s.recall)).toBeLessThan(0.08); // symmetric roles, same distribution
  });

  it('falls on every score when one sample is shifted', async () => {
    const n = 1000;
    const d = 64;
    const real = gaussian(n, d, 3);
    const same = await manifoldScores(real, n, gaussian(n, d, 4), n, d, { k: 5 });
    const shifted = await manifoldScores(real, n, gaussian(n, d, 4, 0.3), n, d, { k: 5 });
    for (const key of ['precision', 'recall', 'density', 'coverage'] as const) {
      expect(shifted[key]).toBeLessThan(same[key] - 0.1);
    }
    expect(same.density).toBeGreaterThan(0.8);
    expect(same.coverage).toBeGreaterThan(0.9);
  });

  it('agrees between the cpu and wasm backends', async () => {
    const real = gaussian(300, 10, 5);
    const fake = gaussian(250, 10, 6, 0.2);
    const onWasm = await manifoldScores(real, 300, fake, 250, 10, { k: 3, blockRows: 64 });
    await tf.setBackend('cpu');
    try {
      expect(await manifoldScores(real, 300, fake, 250, 10, { k: 3 })).toEqual(onWasm);
    } finally {
      await tf.setBackend('wasm');
    }
  });

  it('rejects k outside [1, n)', async () => {
    await expect(kthNeighbourSquaredDistances(new Float32Array(3), 3, 1, 3)).rejects.toThrow(/1 <= k < number of points, got k=3 with 3 points/);
  });
});
