import { Rng } from '@gankit/core';
import { describe, expect, it } from 'vitest';
import { sine, sineGrid, sinePaintings, type SineMeta } from './sine.js';

describe('sine paintings', () => {
  it('samples 32 evenly spaced points of [-1, 1] and exposes the grid in meta', async () => {
    const source = await sine.load({ size: 2000 }, { rng: new Rng(3) });
    const meta = source.spec.meta as unknown as SineMeta;
    expect(source.spec).toMatchObject({ shape: [32], kind: 'series', size: 2000 });
    expect(meta.x).toHaveLength(32);
    expect(meta.x[0]).toBe(-1);
    expect(meta.x[31]).toBe(1);
    expect(meta.x[1]! - meta.x[0]!).toBeCloseTo(2 / 31, 12);
    expect(meta).toMatchObject({ family: 'sine', amplitude: 0.8, scale: 0.8 });
    expect(meta.noise).toBeCloseTo(0.016, 12);
  });

  it('draws y = scale (sin(pi x) + N(0, noise^2)) at every point', () => {
    const size = 3000;
    const source = sinePaintings({ size, points: 8, scale: 1, seed: 4 });
    const { x } = source.rows(Uint32Array.from({ length: size }, (_, i) => i));
    const grid = sineGrid(8);
    for (let j = 0; j < 8; j++) {
      let sum = 0;
      let sq = 0;
      for (let i = 0; i < size; i++) {
        const r = x[i * 8 + j]! - Math.sin(Math.PI * grid[j]!);
        sum += r;
        sq += r * r;
      }
      expect(Math.abs(sum / size)).toBeLessThan(0.002); // 0.02 / sqrt(3000) ≈ 0.00037 standard error
      expect(Math.sqrt(sq / size)).toBeCloseTo(0.02, 2);
    }
    // scaled by default: peaks well inside [-1, 1]
    const scaled = sinePaintings({ size: 500, seed: 4 }).rows(Uint32Array.from({ length: 500 }, (_, i) => i)).x;
    expect(Math.max(...Array.from(scaled, Math.abs))).toBeLessThan(0.9);
  });

  it('rejects bad options', async () => {
    expect(() => sinePaintings({ points: 0 })).toThrow(/points: expected an integer from 1 to 65536/);
    await expect(sine.load({ size: 10, nois: 1 } as never, { rng: new Rng(1) })).rejects.toThrow(/nois: expected one of the options/);
  });
});
