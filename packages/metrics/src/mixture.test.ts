import { gaussianMixture, ringModes } from '@gankit/datasets';
import { describe, expect, it } from 'vitest';
import { modeStatistics, readMixtureMeta } from './mixture.js';

function pointsOf(source: ReturnType<typeof gaussianMixture>, n: number): Float32Array {
  return source.rows(Uint32Array.from({ length: n }, (_, i) => i)).x;
}

describe('modeStatistics', () => {
  it('finds every mode of samples drawn from the mixture itself (ring of 8, grid of 25)', () => {
    const grid = [-4, -2, 0, 2, 4].flatMap((a) => [-4, -2, 0, 2, 4].map((b) => [a, b]));
    for (const [modes, sigma] of [
      [ringModes(8), 0.01],
      [grid, 0.05],
    ] as const) {
      const source = gaussianMixture({ modes, sigma, size: 2500, scale: 'fit', seed: 4 });
      const meta = readMixtureMeta(source.spec)!;
      expect(meta.modes).toHaveLength(modes.length);
      const s = modeStatistics(pointsOf(source, 2500), 2500, meta);
      expect(s.covered).toBe(modes.length);
      // P(|N(0, s² I₂)| <= 3s) = 1 - exp(-9/2) = 0.9889
      expect(s.highQuality).toBeGreaterThan(0.98);
      expect(s.reverseKl!).toBeLessThan(0.02);
    }
  });

  it('reports collapse onto two modes', () => {
    const modes = ringModes(8);
    const source = gaussianMixture({ modes: [modes[0]!, modes[3]!], sigma: 0.01, size: 1000, seed: 1 });
    const s = modeStatistics(pointsOf(source, 1000), 1000, { modes, sigma: 0.01 });
    expect(s.covered).toBe(2);
    expect(s.counts.filter((c) => c > 0)).toHaveLength(2);
    expect(s.reverseKl!).toBeCloseTo(Math.log(4), 2); // two equal modes out of eight
  });

  it('applies the threshold rule: at least ceil(0.2 n / modes) samples', () => {
    const modes = [
      [0, 0],
      [1, 0],
    ];
    // n = 100, 2 modes: threshold ceil(0.2 * 50) = 10; mode 1 gets 9 samples, mode 0 gets 91
    const x = new Float32Array(200);
    for (let i = 0; i < 9; i++) x[2 * i] = 1;
    const s = modeStatistics(x, 100, { modes, sigma: 0.1 });
    expect(s.threshold).toBe(10);
    expect(s.counts).toEqual([91, 9]);
    expect(s.covered).toBe(1);
    expect(s.highQuality).toBe(1);
  });

  it('counts samples beyond 3 sigma as low quality, and null KL when none is close', () => {
    const s = modeStatistics(Float32Array.from([5, 5, 6, 6]), 2, { modes: [[0, 0]], sigma: 0.1 });
    expect(s.highQuality).toBe(0);
    expect(s.covered).toBe(0);
    expect(s.reverseKl).toBeNull();
  });

  it('reads only well-formed mixture meta', () => {
    expect(readMixtureMeta({ shape: [2], kind: 'points', size: 1 })).toBeUndefined();
    expect(readMixtureMeta({ shape: [2], kind: 'points', size: 1, meta: { modes: [[0, 0, 0]], sigma: 1 } })).toBeUndefined();
    expect(readMixtureMeta({ shape: [2], kind: 'points', size: 1, meta: { modes: [[0, 0]], sigma: 1 } })).toEqual({ modes: [[0, 0]], sigma: 1 });
  });
});
