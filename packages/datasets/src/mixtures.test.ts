import { ConfigError, Rng } from '@gankit/core';
import { describe, expect, it } from 'vitest';
import { gaussianMixture, grid25, gridModes, ring8, ringModes, type GaussianMixtureMeta } from './mixtures.js';

function nearestMode(point: ArrayLike<number>, modes: number[][]): { k: number; distance: number } {
  let best = { k: -1, distance: Infinity };
  modes.forEach((m, k) => {
    const d = Math.hypot(point[0]! - m[0]!, point[1]! - m[1]!);
    if (d < best.distance) best = { k, distance: d };
  });
  return best;
}

describe('Gaussian mixtures', () => {
  it('ringModes and gridModes are the literature layouts', () => {
    const ring = ringModes();
    expect(ring).toHaveLength(8);
    expect(ring[0]).toEqual([1, 0]);
    expect(ring[2]![0]).toBeCloseTo(0, 12);
    expect(ring[2]![1]).toBeCloseTo(1, 12);
    for (const [x, y] of ring) expect(Math.hypot(x!, y!)).toBeCloseTo(1, 12);
    const grid = gridModes();
    expect(grid).toHaveLength(25);
    expect(new Set(grid.flat())).toEqual(new Set([-4, -2, 0, 2, 4]));
    expect(grid[0]).toEqual([-4, -4]);
    expect(grid[24]).toEqual([4, 4]);
  });

  it('ring8 is scaled into [-1, 1] and says so in spec.meta', async () => {
    const source = await ring8.load({ size: 4000 }, { rng: new Rng(1) });
    const meta = source.spec.meta as unknown as GaussianMixtureMeta;
    expect(source.spec).toMatchObject({ shape: [2], kind: 'points', size: 4000 });
    expect(meta.scale).toBeCloseTo(0.8, 12);
    expect(meta.sigma).toBeCloseTo(0.008, 12);
    expect(meta.modes[0]).toEqual([0.8, 0]);
    const { x } = source.rows(Uint32Array.from({ length: 4000 }, (_, i) => i));
    const hits = new Array<number>(8).fill(0);
    let sq = 0;
    let far = 0;
    for (let i = 0; i < 4000; i++) {
      const p = x.subarray(2 * i, 2 * i + 2);
      const { k, distance } = nearestMode(p, meta.modes);
      if (distance > 6 * meta.sigma) far++;
      hits[k]! += 1;
      sq += distance * distance;
    }
    expect(far).toBe(0);
    expect(Math.max(...Array.from(x, Math.abs))).toBeLessThan(1);
    // every mode drawn about 1/8 of the time; mean squared distance = 2 sigma^2 for 2-D noise
    for (const h of hits) expect(h).toBeGreaterThan(400);
    expect(Math.sqrt(sq / 4000 / 2)).toBeCloseTo(meta.sigma, 3);
  });

  it('grid25 scales by 0.2 by default, or keeps the papers coordinates with scale 1', async () => {
    const scaled = await grid25.load({ size: 500 }, { rng: new Rng(2) });
    const meta = scaled.spec.meta as unknown as GaussianMixtureMeta;
    expect(meta.scale).toBeCloseTo(0.2, 12);
    expect(meta.sigma).toBeCloseTo(0.01, 12);
    expect(meta.modes[0]![0]).toBeCloseTo(-0.8, 12);
    expect(Math.max(...Array.from(scaled.rows(Uint32Array.from({ length: 500 }, (_, i) => i)).x, Math.abs))).toBeLessThan(1);
    const raw = await grid25.load({ size: 10, scale: 1, labelled: true }, { rng: new Rng(2) });
    expect((raw.spec.meta as unknown as GaussianMixtureMeta).modes[0]).toEqual([-4, -4]);
    expect(raw.spec.numClasses).toBe(25);
    const rows = raw.rows([0, 1, 2]);
    for (let i = 0; i < 3; i++) expect(nearestMode(rows.x.subarray(2 * i, 2 * i + 2), gridModes()).k).toBe(rows.labels![i]);
  });

  it('is deterministic in the seed', () => {
    const a = gaussianMixture({ modes: [[0, 0], [1, 1]], sigma: 0.1, size: 20, seed: 7 });
    const b = gaussianMixture({ modes: [[0, 0], [1, 1]], sigma: 0.1, size: 20, seed: new Rng(7) });
    const c = gaussianMixture({ modes: [[0, 0], [1, 1]], sigma: 0.1, size: 20, seed: 8 });
    const all = Array.from({ length: 20 }, (_, i) => i);
    expect(a.rows(all).x).toEqual(b.rows(all).x);
    expect(a.rows(all).x).not.toEqual(c.rows(all).x);
  });

  it('takes any modes and dimension, and reports every bad option at once', async () => {
    const three = gaussianMixture({ modes: [[0, 0, 0], [1, 2, 3]], sigma: 0, size: 4, scale: 'fit' });
    expect(three.spec.shape).toEqual([3]);
    expect((three.spec.meta as unknown as GaussianMixtureMeta).scale).toBeCloseTo(0.8 / 3, 12);
    let error: unknown;
    try {
      gaussianMixture({ modes: [[0, 0], [1]], sigma: -1, size: 0 });
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual(['modes', 'sigma', 'size']);
    await expect(ring8.load({ count: 0 }, { rng: new Rng(1) })).rejects.toThrow(/count: expected an integer from 1 to 10000/);
    await expect(ring8.load({}, { rng: new Rng(1), argument: 'x' })).rejects.toThrow(/expected nothing after 'ring8'/);
  });
});

describe('train and test splits of synthetic data', () => {
  it("draws 'test' independently of 'train' from the same seed, and 'train' like no split", async () => {
    const rows = async (split?: 'train' | 'test') =>
      Array.from((await ring8.load({ size: 50, ...(split ? { split } : {}) }, { rng: new Rng(4) })).rows([0, 1, 2]).x);
    const train = await rows('train');
    expect(await rows()).toEqual(train);
    const test = await rows('test');
    expect(test).not.toEqual(train);
    expect(await rows('test')).toEqual(test);
    await expect(grid25.load({ split: 'validation' as never }, { rng: new Rng(1) })).rejects.toThrowError(ConfigError);
  });
});

describe('labels of the registered mixtures', () => {
  it('labels each point with its mode by default, so conditional variants can train on ring8', async () => {
    const ring = await ring8.load({ size: 40 }, { rng: new Rng(1) });
    expect(ring.spec.numClasses).toBe(8);
    const { x, labels } = ring.rows([0, 1, 2, 3]);
    const modes = (ring.spec.meta as unknown as GaussianMixtureMeta).modes;
    for (let i = 0; i < 4; i++) {
      const m = modes[labels![i]!]!;
      expect(Math.hypot(x[2 * i]! - m[0]!, x[2 * i + 1]! - m[1]!)).toBeLessThan(0.05);
    }
    expect((await grid25.load({ size: 10, labelled: false }, { rng: new Rng(1) })).spec.numClasses).toBeUndefined();
  });
});
