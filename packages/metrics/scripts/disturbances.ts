/**
 * The four image disturbances of Heusel et al. (2017, "GANs Trained by a Two Time-Scale Update Rule
 * Converge to a Local Nash Equilibrium", Fig. 1), for 28x28x1 images in [-1, 1], each at five
 * increasing levels. A metric that measures what it claims gets monotonically worse along each row:
 * the disturbance test (`src/metrics/disturbance.test.ts`, `pnpm --filter @gankit/metrics disturbance`).
 * @module
 */
import { Rng } from '@gankit/core';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** One disturbance: a name, what its level means, five increasing levels, and the function. */
export interface Disturbance {
  name: 'gaussian-noise' | 'salt-and-pepper' | 'noise-images' | 'black-square';
  /** What a level is, in words. */
  level: string;
  levels: readonly number[];
  /** A disturbed copy of `n` images `x` (row-major, `n x 784`, values in [-1, 1]); `x` is not changed. */
  apply(x: Float32Array, n: number, level: number, rng: Rng): Float32Array;
}

const clamp = (v: number) => (v < -1 ? -1 : v > 1 ? 1 : v);

/** The four disturbances of Heusel et al. (2017, Fig. 1), five levels each. */
export const DISTURBANCES: readonly Disturbance[] = [
  {
    name: 'gaussian-noise',
    level: 'standard deviation of added N(0, s²) noise, in [-1, 1] units (clipped to [-1, 1])',
    levels: [0.1, 0.2, 0.35, 0.5, 0.75],
    apply: (x, _n, s, rng) => x.map((v) => clamp(v + s * rng.normal())),
  },
  {
    name: 'salt-and-pepper',
    level: 'share of pixels set to -1 or 1 at random',
    levels: [0.02, 0.05, 0.1, 0.2, 0.35],
    apply: (x, _n, p, rng) => x.map((v) => (rng.next() < p ? (rng.next() < 0.5 ? -1 : 1) : v)),
  },
  {
    name: 'noise-images',
    level: 'share of the images replaced by uniform-noise images (pixels uniform in [-1, 1])',
    levels: [0.1, 0.25, 0.5, 0.75, 1],
    apply: (x, n, share, rng) => {
      const out = x.slice();
      const replaced = rng.shuffle(Uint32Array.from({ length: n }, (_, i) => i)).subarray(0, Math.round(share * n));
      for (const i of replaced) for (let p = 0; p < PIXELS; p++) out[i * PIXELS + p] = rng.next() * 2 - 1;
      return out;
    },
  },
  {
    name: 'black-square',
    level: 'side in pixels of a centred square set to -1 (the background)',
    levels: [4, 8, 12, 16, 20],
    apply: (x, n, side) => {
      const out = x.slice();
      const from = Math.floor((SIDE - side) / 2);
      for (let i = 0; i < n; i++) {
        for (let r = from; r < from + side; r++) out.fill(-1, i * PIXELS + r * SIDE + from, i * PIXELS + r * SIDE + from + side);
      }
      return out;
    },
  },
];
