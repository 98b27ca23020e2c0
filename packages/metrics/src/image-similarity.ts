/**
 * Per-image similarity of a translation to its target: mean absolute error, PSNR and SSIM. Images are
 * `[n, height, width, channels]` row-major in [-1, 1]; PSNR and SSIM are computed on the [0, 1] scale
 * (data range 1), as image-processing papers report them.
 * @module
 */
import { DataError } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Values per image and per-image results of a similarity measure. */
export interface SimilarityResult {
  /** Mean over the images. */
  mean: number;
  /** Standard error of the mean over the images. */
  stderr: number;
  /** One value per image. */
  perImage: Float64Array;
}

function check(what: string, a: Float32Array, b: Float32Array, shape: readonly number[]): number {
  const size = shape.reduce((x, y) => x * y, 1);
  if (shape.length !== 3) throw new DataError(`${what}: images must be [height, width, channels], got [${shape.join(', ')}]`);
  if (a.length !== b.length || a.length % size !== 0 || a.length === 0) {
    throw new DataError(`${what}: ${a.length} and ${b.length} values are not the same whole number of images of shape [${shape.join(', ')}]`);
  }
  return a.length / size;
}

function summarize(perImage: Float64Array): SimilarityResult {
  const n = perImage.length;
  const mean = perImage.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? perImage.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, stderr: Math.sqrt(variance / n), perImage };
}

/**
 * Mean absolute difference per image, on the [-1, 1] scale the networks use (the L1 term pix2pix
 * trains on). 0 for identical images, 2 for opposite ones.
 */
export function meanAbsoluteError(a: Float32Array, b: Float32Array, shape: readonly number[]): SimilarityResult {
  const n = check('meanAbsoluteError', a, b, shape);
  const size = a.length / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = i * size; j < (i + 1) * size; j++) s += Math.abs(a[j]! - b[j]!);
    out[i] = s / size;
  }
  return summarize(out);
}

/** PSNR of an identical image, where the MSE is 0: reported as 100 dB rather than infinity. */
export const PSNR_CAP = 100;

/**
 * Peak signal-to-noise ratio per image, `10 · log10(1 / MSE)` in dB on the [0, 1] scale (capped at
 * {@link PSNR_CAP}). Higher is better.
 *
 * @example
 * ```ts
 * psnr(translated, targets, [28, 28, 1]).mean; // e.g. 18.2 dB
 * ```
 */
export function psnr(a: Float32Array, b: Float32Array, shape: readonly number[]): SimilarityResult {
  const n = check('psnr', a, b, shape);
  const size = a.length / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    // (a - b) / 2 is the difference on the [0, 1] scale.
    for (let j = i * size; j < (i + 1) * size; j++) s += ((a[j]! - b[j]!) / 2) ** 2;
    const mse = s / size;
    out[i] = mse <= 10 ** (-PSNR_CAP / 10) ? PSNR_CAP : 10 * Math.log10(1 / mse);
  }
  return summarize(out);
}

/** A normalized 1-D Gaussian of `size` taps. */
function gaussian(size: number, sigma: number): number[] {
  const half = (size - 1) / 2;
  const g = Array.from({ length: size }, (_, i) => Math.exp(-((i - half) ** 2) / (2 * sigma * sigma)));
  const total = g.reduce((a, b) => a + b, 0);
  return g.map((v) => v / total);
}

/**
 * Structural similarity (Wang, Bovik, Sheikh & Simoncelli 2004) per image: local means, variances and
 * covariance under an 11×11 Gaussian window (σ = 1.5; a smaller odd window for images under 11 px),
 * `K1 = 0.01`, `K2 = 0.03`, data range 1, the SSIM map averaged over the valid positions and channels.
 * 1 for identical images.
 */
export function ssim(a: Float32Array, b: Float32Array, shape: readonly number[]): SimilarityResult {
  const n = check('ssim', a, b, shape);
  const [h, w, c] = shape as [number, number, number];
  let size = Math.min(11, h, w);
  if (size % 2 === 0) size -= 1;
  const g = gaussian(size, 1.5);
  const values = tf.tidy(() => {
    const kernel2d = tf.outerProduct(tf.tensor1d(g), tf.tensor1d(g));
    const kernel = tf.tile(tf.reshape(kernel2d, [size, size, 1, 1]), [1, 1, c, 1]) as tf.Tensor4D;
    const blur = (t: tf.Tensor4D) => tf.depthwiseConv2d(t, kernel, 1, 'valid');
    const x = tf.div(tf.add(tf.tensor4d(a, [n, h, w, c]), 1), 2) as tf.Tensor4D;
    const y = tf.div(tf.add(tf.tensor4d(b, [n, h, w, c]), 1), 2) as tf.Tensor4D;
    const mx = blur(x);
    const my = blur(y);
    const sxx = tf.sub(blur(tf.mul(x, x) as tf.Tensor4D), tf.mul(mx, mx));
    const syy = tf.sub(blur(tf.mul(y, y) as tf.Tensor4D), tf.mul(my, my));
    const sxy = tf.sub(blur(tf.mul(x, y) as tf.Tensor4D), tf.mul(mx, my));
    const c1 = 0.01 ** 2;
    const c2 = 0.03 ** 2;
    const map = tf.div(
      tf.mul(tf.add(tf.mul(2, tf.mul(mx, my)), c1), tf.add(tf.mul(2, sxy), c2)),
      tf.mul(tf.add(tf.add(tf.square(mx), tf.square(my)), c1), tf.add(tf.add(sxx, syy), c2)),
    );
    return tf.mean(map, [1, 2, 3]);
  });
  const out = Float64Array.from(values.dataSync());
  values.dispose();
  return summarize(out);
}
