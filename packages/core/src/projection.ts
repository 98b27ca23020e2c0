/**
 * Points of any dimension on a flat picture: the plane of the two principal components (PCA), so a
 * scatter plot of 3-D, 10-D or 1-D points shows what it can instead of failing.
 *
 * Why PCA and not pairwise coordinate plots: one picture per dataset keeps the report's layout, and the
 * first two principal components show the largest spread (for a mixture, usually the mode layout).
 * The plane is fitted once, on the reference points, and every generated set is projected onto the
 * same plane, so the pictures compare like with like.
 * @module
 */
import { DataError } from './errors.js';

/** A plane to draw `dimension`-D points on: `x' = (x - mean) · axes[k]`. */
export interface PointProjection {
  /** Dimension of the points it takes. */
  dimension: number;
  /** `'identity'` for 2-D points, `'pad'` for 1-D (drawn at y = 0), `'pca'` otherwise. */
  method: 'identity' | 'pad' | 'pca';
  /** Centre subtracted before projecting (zeros for identity and pad). */
  mean: number[];
  /** The two unit axes, each of `dimension` values (for pad, the second is empty). */
  axes: [number[], number[]];
  /** Share of the variance along each axis (1 and 0 for pad; for identity, each coordinate's share). */
  explained: [number, number];
}

function check(values: ArrayLike<number>, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(d) || d < 1 || values.length !== n * d) {
    throw new DataError(`Projecting points needs n >= 1 rows of d >= 1 values (n x d = ${n} x ${d}), got ${values.length} values`);
  }
}

/** Dominant unit eigenvector of the symmetric `d x d` matrix `m` (power iteration, deterministic start and sign). */
function dominantAxis(m: Float64Array, d: number): Float64Array {
  let v = new Float64Array(d);
  for (let i = 0; i < d; i++) v[i] = 1 / Math.sqrt(d) + i * 1e-3; // not orthogonal to the answer in practice
  for (let iter = 0; iter < 500; iter++) {
    const w = new Float64Array(d);
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += m[a * d + b]! * v[b]!;
      w[a] = s;
    }
    const norm = Math.hypot(...w);
    if (!(norm > 0)) return v.map(() => 0);
    let change = 0;
    for (let i = 0; i < d; i++) {
      w[i]! /= norm;
      change = Math.max(change, Math.abs(w[i]! - v[i]!));
    }
    v = w;
    if (change < 1e-12) break;
  }
  // A fixed sign: the largest component positive (eigenvectors are defined up to sign).
  let at = 0;
  for (let i = 1; i < d; i++) if (Math.abs(v[i]!) > Math.abs(v[at]!)) at = i;
  if (v[at]! < 0) for (let i = 0; i < d; i++) v[i] = -v[i]!;
  return v;
}

/**
 * The plane to draw `n` points of dimension `d` on (row-major `values`): the points' own axes for
 * `d = 2`, the x axis for `d = 1`, and the first two principal components otherwise.
 *
 * @throws {@link DataError} when `values` does not hold `n x d` numbers.
 *
 * @example
 * ```ts
 * const plane = principalPlane(reference.x, reference.n, 3);
 * const flat = projectPoints(generated.x, generated.n, plane); // n x 2
 * ```
 */
export function principalPlane(values: ArrayLike<number>, n: number, d: number): PointProjection {
  check(values, n, d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += values[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const va = values[i * d + a]! - mean[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += va * (values[i * d + b]! - mean[b]!);
    }
  }
  for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[b * d + a] = cov[a * d + b]! /= Math.max(1, n - 1);
  let total = 0;
  for (let a = 0; a < d; a++) total += cov[a * d + a]!;
  const share = (v: number) => (total > 0 ? v / total : 0);
  if (d === 1) return { dimension: 1, method: 'pad', mean: [0], axes: [[1], []], explained: [1, 0] };
  if (d === 2) return { dimension: 2, method: 'identity', mean: [0, 0], axes: [[1, 0], [0, 1]], explained: [share(cov[0]!), share(cov[3]!)] };
  const first = dominantAxis(cov, d);
  const lambda1 = quadratic(cov, first, d);
  // Deflate: remove the first component, then the dominant axis of the rest is the second.
  const rest = cov.slice();
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) rest[a * d + b]! -= lambda1 * first[a]! * first[b]!;
  const second = dominantAxis(rest, d);
  return {
    dimension: d,
    method: 'pca',
    mean: Array.from(mean),
    axes: [Array.from(first), Array.from(second)],
    explained: [share(lambda1), share(quadratic(cov, second, d))],
  };
}

function quadratic(m: Float64Array, v: Float64Array, d: number): number {
  let s = 0;
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) s += v[a]! * m[a * d + b]! * v[b]!;
  return s;
}

/**
 * Projects `n` points (row-major, `projection.dimension` values each) onto the plane: `n x 2` values.
 *
 * @throws {@link DataError} when `values` does not hold `n` points of the plane's dimension.
 */
export function projectPoints(values: ArrayLike<number>, n: number, projection: PointProjection): Float32Array {
  const d = projection.dimension;
  check(values, n, d);
  const out = new Float32Array(2 * n);
  const [u, v] = projection.axes;
  for (let i = 0; i < n; i++) {
    let x = 0;
    let y = 0;
    for (let j = 0; j < d; j++) {
      const c = values[i * d + j]! - projection.mean[j]!;
      x += c * u[j]!;
      if (v.length) y += c * v[j]!;
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

/**
 * One line saying what a scatter plot of `projection` shows, e.g.
 * `'3-D points on the first two principal components of the real data (61% and 30% of its variance)'`.
 *
 * @param fittedOn what the plane was fitted on, for the sentence. Default `'the points'`.
 */
export function describeProjection(projection: PointProjection, fittedOn = 'the points'): string {
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  switch (projection.method) {
    case 'identity':
      return '2-D points as they are';
    case 'pad':
      return '1-D points along the x axis (y = 0)';
    case 'pca':
      return `${projection.dimension}-D points on the first two principal components of ${fittedOn} (${pct(projection.explained[0])} and ${pct(projection.explained[1])} of its variance)`;
  }
}
