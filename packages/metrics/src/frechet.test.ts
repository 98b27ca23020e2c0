import { Rng } from '@gankit/core';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { frechetDistance, gaussianStats, sqrtPsd, type GaussianStats } from './frechet.js';

function stats(mean: number[], cov: number[][]): GaussianStats {
  const d = mean.length;
  return { d, n: 1000, mean: Float64Array.from(mean), cov: Float64Array.from(cov.flat()) };
}

function diag(values: number[]): number[][] {
  return values.map((v, i) => values.map((_, j) => (i === j ? v : 0)));
}

describe('frechetDistance', () => {
  it('matches the closed form for diagonal covariances', () => {
    const mu1 = [0, 1, -2, 0.5];
    const mu2 = [1, 1, 0, -0.5];
    const s1 = [1, 4, 0.25, 9];
    const s2 = [2, 1, 0.25, 0.01];
    const expected =
      mu1.reduce((a, m, i) => a + (m - mu2[i]!) ** 2, 0) +
      s1.reduce((a, s, i) => a + s + s2[i]! - 2 * Math.sqrt(s * s2[i]!), 0);
    expect(frechetDistance(stats(mu1, diag(s1)), stats(mu2, diag(s2)))).toBeCloseTo(expected, 10);
  });

  it('matches a non-diagonal case worked out by hand', () => {
    // For 2x2 PSD M, tr(sqrt(M)) = sqrt(tr M + 2 sqrt(det M)); with M = S1^½ S2 S1^½,
    // tr M = tr(S1 S2) = 4*2 + 1*2 = 10 and det M = det S1 * det S2 = 4 * 3 = 12.
    // FD = |(1, 2)|² + tr S1 + tr S2 - 2 sqrt(10 + 2 sqrt 12) = 5 + 5 + 4 - 2 sqrt(10 + 4 sqrt 3).
    const a = stats([0, 0], [
      [4, 0],
      [0, 1],
    ]);
    const b = stats([1, 2], [
      [2, 1],
      [1, 2],
    ]);
    const expected = 14 - 2 * Math.sqrt(10 + 4 * Math.sqrt(3));
    expect(frechetDistance(a, b)).toBeCloseTo(expected, 10);
    expect(frechetDistance(b, a)).toBeCloseTo(expected, 10);
  });

  it('handles singular (rank-deficient) covariances without NaN', () => {
    // S1 = [[1,1],[1,1]] (rank 1), S2 = I: tr(S1 S2) = 2, det = 0, so tr sqrt = sqrt 2.
    const a = stats([0, 0], [
      [1, 1],
      [1, 1],
    ]);
    const b = stats([0, 0], diag([1, 1]));
    expect(frechetDistance(a, b)).toBeCloseTo(4 - 2 * Math.SQRT2, 10);
  });

  it('is 0 for a set against itself, and symmetric', () => {
    const rng = new Rng(5);
    const n = 500;
    const d = 20;
    const x = Float32Array.from({ length: n * d }, (_, i) => rng.normal() * (1 + (i % d)) + (i % 3));
    const y = Float32Array.from({ length: n * d }, () => rng.normal());
    const sx = gaussianStats(x, n, d);
    const sy = gaussianStats(y, n, d);
    expect(frechetDistance(sx, sx)).toBeLessThan(1e-8);
    expect(frechetDistance(sx, sy)).toBeCloseTo(frechetDistance(sy, sx), 8);
    expect(frechetDistance(sx, sy)).toBeGreaterThan(1);
  });
});

describe('gaussianStats', () => {
  it('computes the mean and the unbiased covariance', () => {
    const s = gaussianStats([1, 2, 3, 6, 5, 10], 3, 2); // rows (1,2), (3,6), (5,10)
    expect([...s.mean]).toEqual([3, 6]);
    // deviations (-2,-4), (0,0), (2,4): cov = [[8, 16], [16, 32]] / 2
    expect([...s.cov]).toEqual([4, 8, 8, 16]);
  });
  it('rejects values that are not n x d', () => {
    expect(() => gaussianStats([1, 2, 3], 2, 2)).toThrow(/expected 2 x 2 = 4 values, got 3/);
  });
});

describe('sqrtPsd', () => {
  it('returns a symmetric square root of a random SPD matrix', () => {
    const rng = new Rng(9);
    const a = Matrix.from1DArray(6, 6, Array.from({ length: 36 }, () => rng.normal()));
    const spd = a.mmul(a.transpose());
    const r = sqrtPsd(spd);
    const back = r.mmul(r);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) expect(back.get(i, j)).toBeCloseTo(spd.get(i, j), 9);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) expect(r.get(i, j)).toBeCloseTo(r.get(j, i), 12);
  });
});
