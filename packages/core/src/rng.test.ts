import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('repeats a sequence for the same seed and resumes from a saved state', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const seqA = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(seqA);
    expect(new Rng(43).nextUint32()).not.toBe(seqA[0]);
    const state = a.getState();
    const next = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => Rng.fromState(state).next())).toEqual(Array(5).fill(next[0]));
    const c = Rng.fromState(state);
    expect(Array.from({ length: 5 }, () => c.next())).toEqual(next);
  });

  it('draws uniform floats in [0, 1) and unbiased integers', () => {
    const rng = new Rng(1);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)] += 1;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400); // ~4 sigma
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      sum += u;
    }
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.01);
  });

  it('draws standard normals', () => {
    const rng = new Rng(2);
    const n = 20_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.04);
  });

  it('shuffles to a permutation, and forks independent streams', () => {
    const rng = new Rng(3);
    const arr = Array.from({ length: 100 }, (_, i) => i);
    rng.shuffle(arr);
    expect([...arr].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(arr).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
    const f1 = new Rng(9).fork();
    const f2 = new Rng(9).fork();
    expect(f1.nextUint32()).toBe(f2.nextUint32());
    expect(f1.getState().every((w) => w >= 0 && w < 2 ** 32)).toBe(true);
  });

  it('rejects bad seeds and states', () => {
    expect(() => new Rng(NaN)).toThrowError(/finite number/);
    expect(() => Rng.fromState([1, 2, 3] as never)).toThrowError(/four unsigned 32-bit integers/);
    expect(() => new Rng(1).int(0)).toThrowError(/integer in \[1, 2\^32\]/);
  });
});
