/**
 * The Frechet (2-Wasserstein) distance between Gaussians fitted to two sets of feature vectors: the
 * formula behind FID.
 *
 * Why the symmetric form: FID needs `tr((S1 S2)^½)`. `S1 S2` is not symmetric, so the usual route
 * (scipy's `sqrtm` of the product, as in pytorch-fid) runs a Schur decomposition of a non-symmetric
 * matrix, returns spurious imaginary parts and needs an `eps * I` retry when the product is near
 * singular. But `S1 S2` has the same eigenvalues as the symmetric positive semi-definite matrix
 * `M = S1^½ S2 S1^½` (AB and BA share eigenvalues, with A = S1^½, B = S1^½ S2), so
 * `tr((S1 S2)^½) = Σ sqrt(λ_i(M))`. Both steps then use the symmetric eigensolver of `ml-matrix`
 * (Householder tridiagonalisation + implicit QL, as in JAMA/EISPACK), which is backward stable and
 * always returns real eigenvalues; eigenvalues within round-off of zero (tiny, possibly negative)
 * are set to zero.
 * @module
 */
import { DataError } from '@gankit/core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/** A Gaussian fitted to features: mean vector and covariance matrix (row-major, `d x d`). */
export interface GaussianStats {
  /** Feature dimension. */
  d: number;
  /** Number of vectors the statistics were computed from. */
  n: number;
  mean: Float64Array;
  /** Row-major `d x d` covariance with the unbiased `1 / (n - 1)` normalisation (as `numpy.cov`). */
  cov: Float64Array;
}

/**
 * Mean and unbiased covariance of `n` row vectors of length `d` (row-major `values`), in float64
 * with a two-pass (centred) sum.
 *
 * @example
 * ```ts
 * const stats = gaussianStats(features, 2000, 128);
 * ```
 */
export function gaussianStats(values: ArrayLike<number>, n: number, d: number): GaussianStats {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 2 || d < 1) {
    throw new DataError(`gaussianStats: need at least 2 vectors of dimension >= 1, got n=${n}, d=${d}`);
  }
  if (values.length !== n * d) {
    throw new DataError(`gaussianStats: expected ${n} x ${d} = ${n * d} values, got ${values.length}`);
  }
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += values[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = values[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      const base = a * d;
      for (let b = a; b < d; b++) cov[base + b]! += ra * row[b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b]! / (n - 1);
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { d, n, mean, cov };
}

function toMatrix(values: Float64Array, d: number): Matrix {
  return Matrix.from1DArray(d, d, values);
}

/**
 * Eigenvalues and eigenvectors of a symmetric PSD matrix (symmetrised first against round-off).
 * Eigenvalues within round-off of zero (`<= d * eps * max|λ|`, the usual numerical-rank tolerance)
 * are set to exactly 0: the square root is not Lipschitz at 0, so a round-off of 1e-16 would
 * otherwise become an error of 1e-8.
 */
function psdEigen(m: Matrix): { values: number[]; vectors: Matrix } {
  const sym = m.clone().add(m.transpose()).mul(0.5);
  const evd = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const tolerance = values.length * Number.EPSILON * Math.max(0, ...values.map(Math.abs));
  return { values: values.map((v) => (v <= tolerance ? 0 : v)), vectors: evd.eigenvectorMatrix };
}

/**
 * Principal square root of a symmetric positive semi-definite matrix, `V diag(sqrt(max(λ, 0))) Vᵀ`.
 * Eigenvalues made slightly negative by round-off are treated as zero.
 */
export function sqrtPsd(m: Matrix): Matrix {
  const { values, vectors } = psdEigen(m);
  const scaled = vectors.clone();
  for (let j = 0; j < values.length; j++) {
    const s = Math.sqrt(values[j]!);
    for (let i = 0; i < scaled.rows; i++) scaled.set(i, j, scaled.get(i, j) * s);
  }
  return scaled.mmul(vectors.transpose());
}

/**
 * `tr((S1 S2)^½)` for symmetric PSD `S1`, `S2`, computed as `Σ sqrt(λ(S1^½ S2 S1^½))` (see the
 * module note for why).
 */
export function traceSqrtProduct(s1: Matrix, s2: Matrix): number {
  const r = sqrtPsd(s1);
  const { values } = psdEigen(r.mmul(s2).mmul(r));
  let t = 0;
  for (const v of values) t += Math.sqrt(v);
  return t;
}

/**
 * Frechet distance between `N(mu1, S1)` and `N(mu2, S2)`:
 * `||mu1 - mu2||² + tr(S1) + tr(S2) - 2 tr((S1 S2)^½)`.
 *
 * It is a squared distance: 0 for identical Gaussians, never negative (a result below zero by
 * round-off is returned as 0).
 *
 * @example
 * ```ts
 * const fid = frechetDistance(gaussianStats(a, n, d), gaussianStats(b, m, d));
 * ```
 */
export function frechetDistance(a: GaussianStats, b: GaussianStats): number {
  if (a.d !== b.d) throw new DataError(`frechetDistance: feature dimensions differ (${a.d} vs ${b.d})`);
  const d = a.d;
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (a.mean[j]! - b.mean[j]!) ** 2;
  const s1 = toMatrix(a.cov, d);
  const s2 = toMatrix(b.cov, d);
  const value = meanTerm + s1.trace() + s2.trace() - 2 * traceSqrtProduct(s1, s2);
  return Math.max(value, 0);
}
