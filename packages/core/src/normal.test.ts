import { describe, expect, it } from 'vitest';
import { fillNormal } from './normal.js';
import { Rng } from './rng.js';

/** The standard normal CDF (Abramowitz & Stegun 7.1.26 for erf, error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

describe('fillNormal (ziggurat)', () => {
  it('draws standard normal samples: moments, tails and the whole distribution', () => {
    const n = 400_000;
    const v = fillNormal(new Float32Array(n), new Rng(1));
    let s = 0;
    let s2 = 0;
    let s4 = 0;
    let beyond3 = 0;
    let beyondBase = 0; // past the ziggurat's base layer (3.4426): the tail's own sampler
    for (const x of v) {
      s += x;
      s2 += x * x;
      s4 += x ** 4;
      if (Math.abs(x) > 3) beyond3 += 1;
      if (Math.abs(x) > 3.45) beyondBase += 1;
    }
    // Standard errors at this n: mean 0.0016, variance 0.0022, fourth moment 0.017, P(|x| > 3) 8e-5.
    expect(Math.abs(s / n)).toBeLessThan(0.006);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.009);
    expect(Math.abs(s4 / n - 3)).toBeLessThan(0.07);
    expect(Math.abs(beyond3 / n - 0.0027)).toBeLessThan(0.0004);
    expect(beyondBase).toBeGreaterThan(150); // 0.00056 of draws: about 220
    // Kolmogorov-Smirnov distance to the normal CDF; the 1% critical value at n = 400,000 is 0.0026.
    const sorted = Float64Array.from(v).sort();
    let d = 0;
    for (let i = 0; i < n; i += 7) d = Math.max(d, Math.abs(normalCdf(sorted[i]!) - i / n));
    expect(d).toBeLessThan(0.0026);
  });

  it('scales by stddev and repeats itself for the same rng state only', () => {
    const a = fillNormal(new Float32Array(1000), new Rng(5), 0.3);
    const b = fillNormal(new Float32Array(1000), new Rng(5), 1);
    expect(Math.max(...Array.from(a, (x, i) => Math.abs(x - 0.3 * b[i]!)))).toBeLessThan(1e-6);
    expect(Array.from(fillNormal(new Float32Array(1000), new Rng(5), 0.3))).toEqual(Array.from(a));
    const c = fillNormal(new Float32Array(1000), new Rng(6), 0.3);
    expect(a.filter((x, i) => x === c[i]).length).toBeLessThan(5);
  });
});
