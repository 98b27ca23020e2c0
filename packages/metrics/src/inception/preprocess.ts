/**
 * Images in, Inception-v3 input out, as the reference FID code prepares them (pytorch-fid, after
 * TTUR): grey images repeated to three channels, resized bilinearly to 299×299 (half-pixel centres,
 * PyTorch's `align_corners=False`), values mapped from the data's [-1, 1] to the network's input range.
 *
 * The TF-Hub port takes [0, 1] (TF-Hub's image convention) and maps it to [-1, 1] itself before the
 * first convolution, so its convolutions see the [-1, 1] images the reference implementation feeds.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Input size of Inception-v3 (height, width). */
export const INCEPTION_INPUT_SIZE: readonly [number, number] = [299, 299];

/** How to turn images into a feature network's input. */
export interface FeatureInputOptions {
  /** Height and width the network takes. Default 299×299. */
  size?: readonly [number, number];
  /** Value range the network takes; [-1, 1] data is mapped onto it linearly. Default [0, 1]. */
  range?: readonly [number, number];
}

/**
 * Turns `n` images `[h, w, c]` (c = 1 or 3, values in [-1, 1], row-major) into the network input
 * `[n, size[0], size[1], 3]`: channels repeated to 3, bilinear resize, values clipped to [-1, 1] and
 * mapped to `range`. Returns a tensor the caller disposes.
 *
 * @example
 * ```ts
 * const input = inceptionInput(x, 16, [32, 32, 3]); // [16, 299, 299, 3] in [0, 1]
 * ```
 */
export function inceptionInput(values: Float32Array, n: number, shape: readonly number[], options: FeatureInputOptions = {}): tf.Tensor4D {
  const [h, w, c] = shape as [number, number, number];
  const size = options.size ?? INCEPTION_INPUT_SIZE;
  const [lo, hi] = options.range ?? [0, 1];
  return tf.tidy(() => {
    let t: tf.Tensor4D = tf.tensor4d(values, [n, h, w, c]);
    if (c === 1) t = tf.tile(t, [1, 1, 1, 3]);
    if (h !== size[0] || w !== size[1]) t = tf.image.resizeBilinear(t, [size[0], size[1]], false, true);
    return tf.add(tf.mul(tf.add(tf.clipByValue(t, -1, 1), 1), (hi - lo) / 2), lo) as tf.Tensor4D;
  });
}
