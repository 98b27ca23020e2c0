/**
 * k-nearest-neighbour manifold metrics: improved precision and recall (Kynkäänniemi et al., 2019)
 * and density and coverage (Naeem et al., 2020), computed as the reference `prdc` code does (strict
 * `<` against the k-th neighbour distance, the point itself excluded).
 *
 * Distances are computed block by block on the current TensorFlow.js backend (squared distances via
 * one matrix product per block, inside `tf.tidy`), so memory stays `O(block * n)`; the functions are
 * async and yield to the event loop between blocks, so large sets do not freeze a page or a worker.
 * @module
 */
import { DataError, periodicYield } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { readAndDispose } from './read.js';

/** The four manifold scores for one `k`. */
export interface ManifoldScores {
  /** Share of fake samples inside the real manifold (union of real k-NN balls). Higher: more realistic. */
  precision: number;
  /** Share of real samples inside the fake manifold. Higher: more of the data is reproduced. */
  recall: number;
  /** Mean number of real k-NN balls holding a fake sample, divided by k; 1 for matching distributions. */
  density: number;
  /** Share of real k-NN balls that hold at least one fake sample. */
  coverage: number;
}

/** Options of {@link manifoldScores}. */
export interface ManifoldOptions {
  /** Neighbour index defining each ball's radius. */
  k: number;
  /** Rows per distance block (memory, not results). Default 512. */
  blockRows?: number;
}

function squaredNorms(t: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.square(t), 1);
}

/**
 * Squared distances between the rows of `a` (`b x d`) and the columns of `allT` (`d x n`, the other
 * set transposed once up front: tfjs-backend-wasm multiplies by a pre-transposed matrix about 15
 * times faster than with `transposeB`), clamped at 0.
 */
function squaredDistances(a: tf.Tensor2D, allT: tf.Tensor2D, allNorms: tf.Tensor1D): tf.Tensor2D {
  const cross = tf.matMul(a, allT);
  return tf.relu(tf.sub(tf.add(tf.expandDims(squaredNorms(a), 1), tf.expandDims(allNorms, 0)), tf.mul(cross, 2))) as tf.Tensor2D;
}

function* blocks(n: number, size: number): Generator<[number, number]> {
  for (let start = 0; start < n; start += size) yield [start, Math.min(size, n - start)];
}

/** A point set on the backend, with its transpose and squared norms. */
function upload(points: Float32Array, n: number, d: number): { rows: tf.Tensor2D; cols: tf.Tensor2D; norms: tf.Tensor1D } {
  return tf.tidy(() => {
    const rows = tf.tensor2d(points, [n, d]);
    return { rows, cols: tf.transpose(rows), norms: squaredNorms(rows) };
  });
}

/**
 * Squared distance from each of `n` points (`n x d`, row-major) to its k-th nearest other point.
 *
 * @example
 * ```ts
 * const radii = await kthNeighbourSquaredDistances(points, 1000, 2, 3);
 * ```
 */
export async function kthNeighbourSquaredDistances(
  points: Float32Array,
  n: number,
  d: number,
  k: number,
  blockRows = 512,
): Promise<Float32Array> {
  if (!(Number.isInteger(k) && k >= 1 && k < n)) {
    throw new DataError(`k-nearest neighbours: need 1 <= k < number of points, got k=${k} with ${n} points`);
  }
  const out = new Float32Array(n);
  const set = upload(points, n, d);
  const breathe = periodicYield();
  try {
    for (const [start, rows] of blocks(n, blockRows)) {
      await breathe(); // 10,000 x 10,000 distances take tens of seconds: keep the event loop alive
      const radii = readAndDispose(
        tf.tidy(() => {
          const block = tf.slice(set.rows, [start, 0], [rows, d]);
          // the point itself is among the k+1 smallest distances (at ~0): take the (k+1)-th
          const { values } = tf.topk(tf.neg(squaredDistances(block, set.cols, set.norms)), k + 1);
          return tf.neg(tf.slice(values, [0, k], [rows, 1]));
        }),
      );
      out.set(radii, start);
      await tf.nextFrame(); // let the event loop run between blocks: a 10,000-point set takes seconds
    }
  } finally {
    tf.dispose([set.rows, set.cols, set.norms]);
  }
  return out;
}

/**
 * Precision, recall, density and coverage of `fake` against `real` (row-major, `d` values a row) with
 * k-NN balls of the given `k`. Kynkäänniemi et al. use k = 3 for precision and recall, Naeem et al.
 * k = 5 for density and coverage.
 *
 * @example
 * ```ts
 * const { density, coverage } = await manifoldScores(real, 1000, fake, 1000, 128, { k: 5 });
 * ```
 */
export async function manifoldScores(
  real: Float32Array,
  nReal: number,
  fake: Float32Array,
  nFake: number,
  d: number,
  options: ManifoldOptions,
): Promise<ManifoldScores> {
  if (real.length !== nReal * d || fake.length !== nFake * d) {
    throw new DataError(`manifoldScores: expected ${nReal} x ${d} and ${nFake} x ${d} values, got ${real.length} and ${fake.length}`);
  }
  const { k } = options;
  const blockRows = options.blockRows ?? 512;
  const realRadii = await kthNeighbourSquaredDistances(real, nReal, d, k, blockRows);
  const fakeRadii = await kthNeighbourSquaredDistances(fake, nFake, d, k, blockRows);
  const breathe = periodicYield();
  const fakeInBalls = new Float64Array(nFake); // how many real balls hold each fake sample
  let recalled = 0;
  let covered = 0;
  const realSet = upload(real, nReal, d);
  const fakeSet = upload(fake, nFake, d);
  try {
    for (const [start, rows] of blocks(nReal, blockRows)) {
      await breathe();
      // distances on the backend, the four reductions in plain JS (faster than axis-0 reductions on wasm)
      const dist = readAndDispose(
        tf.tidy(() => squaredDistances(tf.slice(realSet.rows, [start, 0], [rows, d]), fakeSet.cols, fakeSet.norms)),
      );
      for (let i = 0; i < rows; i++) {
        const radius = realRadii[start + i]!;
        let nearest = Infinity;
        let inFakeBall = false;
        const row = i * nFake;
        for (let j = 0; j < nFake; j++) {
          const v = dist[row + j]!;
          if (v < radius) fakeInBalls[j]! += 1;
          if (v < fakeRadii[j]!) inFakeBall = true;
          if (v < nearest) nearest = v;
        }
        if (inFakeBall) recalled += 1;
        if (nearest < radius) covered += 1;
      }
      await tf.nextFrame();
    }
  } finally {
    tf.dispose([realSet.rows, realSet.cols, realSet.norms, fakeSet.rows, fakeSet.cols, fakeSet.norms]);
  }
  let precise = 0;
  let inBalls = 0;
  for (let j = 0; j < nFake; j++) {
    if (fakeInBalls[j]! > 0) precise += 1;
    inBalls += fakeInBalls[j]!;
  }
  return {
    precision: precise / nFake,
    recall: recalled / nReal,
    density: inBalls / (k * nFake),
    coverage: covered / nReal,
  };
}
