/**
 * Numerically stable building blocks shared by the probabilistic losses.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Mean binary cross-entropy between `targets` and `sigmoid(logits)`, computed from the logits so that
 * it stays finite for any logit (no `log(0)`):
 *
 * `BCE(x, z) = softplus(x) - x·z = max(x, 0) - x·z + log(1 + exp(-|x|))`
 *
 * TensorFlow.js's `softplus` kernels already use the max/log1p form, so both sides of the identity
 * give the same values; `softplus` is used because its gradient is exactly `sigmoid(x) - z` everywhere,
 * whereas the `max`/`abs` spelling has a wrong subgradient at `x = 0` (`-z` instead of `0.5 - z`).
 *
 * @param logits raw discriminator outputs, any shape.
 * @param targets labels in [0, 1], a number or a tensor broadcastable to `logits`.
 * @returns the mean over all elements.
 *
 * @example
 * ```ts
 * binaryCrossEntropyWithLogits(tf.tensor2d([[0]]), 1); // ln 2
 * ```
 */
export function binaryCrossEntropyWithLogits(logits: tf.Tensor, targets: tf.Tensor | number): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.sub(tf.softplus(logits), tf.mul(logits, targets))));
}

/**
 * `mean(log(1 - sigmoid(x)))` in stable form: `log(1 - sigmoid(x)) = -softplus(x)`.
 * Finite for any logit, where `log(1 - sigmoid(x))` would give `-Infinity` from `x ≈ 17` in float32.
 */
export function meanLogOneMinusSigmoid(logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean<tf.Scalar>(tf.softplus(logits))));
}
