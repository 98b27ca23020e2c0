/**
 * Kernel Inception Distance (Binkowski et al., 2018, "Demystifying MMD GANs"): the unbiased estimate
 * of the squared maximum mean discrepancy with the cubic polynomial kernel
 * `k(x, y) = (x·y / d + 1)³`, averaged over random subsets.
 * @module
 */
import { DataError, Rng } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { readAndDispose } from './read.js';
import { finish, finishYielding } from './stepwise.js';

/** Options of {@link kernelInceptionDistance}. */
export interface KidOptions {
  /**
   * Number of random subsets averaged. Default 100 (as in the paper's code); 1 when the subset size is
   * both sets' size (every subset is then the whole set).
   */
  subsets?: number;
  /** Size of each subset (capped at the smaller sample). Default 1000. */
  subsetSize?: number;
  /** Seed of the subset draws. Default 0. */
  seed?: number;
  /**
   * Above this many kernel entries (`nx² + ny² + nx·ny`), kernel sums are computed per subset
   * instead of from precomputed Gram matrices. Default 48M (about 190 MB as float32).
   */
  maxGramEntries?: number;
}

/** Result of {@link kernelInceptionDistance}. */
export interface KidResult {
  /** Mean of the subset estimates of MMD². Can be slightly negative (the estimator is unbiased). */
  value: number;
  /**
   * Standard error of `value`: the spread of subset estimates scaled to the data actually available,
   * `std(subset estimates) * sqrt(subsetSize / min(nx, ny))`. (Subsets overlap, so dividing by
   * `sqrt(subsets)` would overstate the precision.)
   */
  stderr: number;
  /** Standard deviation of the subset estimates (what the reference code reports as "std"). */
  subsetStd: number;
  subsets: number;
  subsetSize: number;
}

/** Polynomial kernel matrix of row blocks, as float32, computed on the current backend (a piece per block). */
function* kernelMatrix(a: Float32Array, na: number, b: Float32Array, nb: number, d: number): Generator<void, Float32Array> {
  const out = new Float32Array(na * nb);
  // transposed once: tfjs-backend-wasm is far slower with matMul(..., transposeB)
  const bt = tf.tidy(() => tf.transpose(tf.tensor2d(b, [nb, d])));
  try {
    const block = Math.max(1, Math.floor(4_000_000 / Math.max(nb, 1)));
    for (let start = 0; start < na; start += block) {
      const rows = Math.min(block, na - start);
      const values = readAndDispose(
        tf.tidy(() => {
          const ab = tf.matMul(tf.tensor2d(a.subarray(start * d, (start + rows) * d), [rows, d]), bt);
          return tf.pow(tf.add(tf.div(ab, d), 1), 3);
        }),
      );
      out.set(values, start * nb);
      yield;
    }
  } finally {
    bt.dispose();
  }
  return out;
}

function gatherRows(values: Float32Array, indices: Uint32Array, d: number): Float32Array {
  const out = new Float32Array(indices.length * d);
  for (let i = 0; i < indices.length; i++) out.set(values.subarray(indices[i]! * d, (indices[i]! + 1) * d), i * d);
  return out;
}

/** `m` distinct indices in [0, n), by a partial Fisher-Yates shuffle. */
function drawSubset(rng: Rng, n: number, m: number, scratch: Uint32Array): Uint32Array {
  for (let i = 0; i < n; i++) scratch[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    const t = scratch[i]!;
    scratch[i] = scratch[j]!;
    scratch[j] = t;
  }
  return scratch.slice(0, m);
}

/**
 * KID between feature sets `x` (`nx x d`) and `y` (`ny x d`), row-major.
 *
 * Each subset draws `m` rows of each set without replacement and computes
 * `Σ_{i≠j} k(xi,xj) / (m(m-1)) + Σ_{i≠j} k(yi,yj) / (m(m-1)) - 2 Σ_{i,j} k(xi,yj) / m²`.
 * Runs in one go: for 2,000 vectors that is about a second of one core; evaluations use
 * {@link kernelInceptionDistanceAsync}, which lets the event loop run.
 *
 * @example
 * ```ts
 * const { value, stderr } = kernelInceptionDistance(fake, 2000, real, 2000, 128, { seed: 1 });
 * ```
 */
export function kernelInceptionDistance(x: Float32Array, nx: number, y: Float32Array, ny: number, d: number, options: KidOptions = {}): KidResult {
  return finish(kidSteps(x, nx, y, ny, d, options));
}

/** {@link kernelInceptionDistance}, yielding to the event loop between kernel blocks and subsets. */
export function kernelInceptionDistanceAsync(x: Float32Array, nx: number, y: Float32Array, ny: number, d: number, options: KidOptions = {}): Promise<KidResult> {
  return finishYielding(kidSteps(x, nx, y, ny, d, options));
}

function* kidSteps(x: Float32Array, nx: number, y: Float32Array, ny: number, d: number, options: KidOptions): Generator<void, KidResult> {
  if (x.length !== nx * d || y.length !== ny * d) {
    throw new DataError(`kernelInceptionDistance: expected ${nx} x ${d} and ${ny} x ${d} values, got ${x.length} and ${y.length}`);
  }
  const m = Math.min(nx, ny, options.subsetSize ?? 1000);
  if (m < 2) throw new DataError(`kernelInceptionDistance: need at least 2 vectors in each set, got ${nx} and ${ny}`);
  // When a subset is the whole of both sets, every draw is a permutation of it and gives the same
  // estimate (up to rounding): one is computed, not 100 (at 500 samples that saved 0.3 s an evaluation).
  const subsets = m === nx && m === ny ? 1 : (options.subsets ?? 100);
  const rng = new Rng(options.seed ?? 0);
  const useGram = nx * nx + ny * ny + nx * ny <= (options.maxGramEntries ?? 48_000_000);
  const kxx = useGram ? yield* kernelMatrix(x, nx, x, nx, d) : undefined;
  const kyy = useGram ? yield* kernelMatrix(y, ny, y, ny, d) : undefined;
  const kxy = useGram ? yield* kernelMatrix(x, nx, y, ny, d) : undefined;
  const scratchX = new Uint32Array(nx);
  const scratchY = new Uint32Array(ny);
  const estimates: number[] = [];
  for (let s = 0; s < subsets; s++) {
    const ix = drawSubset(rng, nx, m, scratchX);
    const iy = drawSubset(rng, ny, m, scratchY);
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    if (kxx && kyy && kxy) {
      for (let a = 0; a < m; a++) {
        const rx = ix[a]! * nx;
        const ry = iy[a]! * ny;
        const rxy = ix[a]! * ny;
        for (let b = 0; b < m; b++) {
          if (a !== b) {
            sxx += kxx[rx + ix[b]!]!;
            syy += kyy[ry + iy[b]!]!;
          }
          sxy += kxy[rxy + iy[b]!]!;
        }
      }
    } else {
      const xs = gatherRows(x, ix, d);
      const ys = gatherRows(y, iy, d);
      const sums = function* (a: Float32Array, b: Float32Array, offDiagonal: boolean): Generator<void, number> {
        const k = yield* kernelMatrix(a, m, b, m, d);
        let t = 0;
        for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (!offDiagonal || i !== j) t += k[i * m + j]!;
        return t;
      };
      sxx = yield* sums(xs, xs, true);
      syy = yield* sums(ys, ys, true);
      sxy = yield* sums(xs, ys, false);
    }
    estimates.push((sxx + syy) / (m * (m - 1)) - (2 * sxy) / (m * m));
    yield;
  }
  const value = estimates.reduce((a, b) => a + b, 0) / subsets;
  const variance = subsets > 1 ? estimates.reduce((a, e) => a + (e - value) ** 2, 0) / (subsets - 1) : 0;
  const subsetStd = Math.sqrt(variance);
  return { value, stderr: subsetStd * Math.sqrt(m / Math.min(nx, ny)), subsetStd, subsets, subsetSize: m };
}
