/**
 * Gradients of the discriminator with respect to its input, the quantity every gradient penalty
 * constrains.
 * @module
 */
import { DataError } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/** A discriminator as a function from a batch `[n, ...shape]` to raw scores `[n, 1]`. */
export type Discriminate = (x: tf.Tensor) => tf.Tensor;

/**
 * Squared L2 norm of `∇ₓ D(x)` for each example, shape `[n]`.
 *
 * It differentiates `sum D(x)` once for the whole batch: because each score depends only on its own
 * example, row i of that gradient is `∇ D(xᵢ)`. That holds for the usual critics but not through
 * batch statistics (batch normalization in training mode), which is why WGAN-GP critics use layer
 * normalization or none.
 *
 * Called inside an optimizer's `minimize`, the gradient ops are recorded on the outer tape, so the
 * result can itself be differentiated with respect to D's weights (a second-order gradient).
 */
export function inputGradientSquaredNorms(discriminate: Discriminate, x: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const g = tf.grad((input: tf.Tensor) => tf.sum(discriminate(input)))(x);
    const squared = tf.square(g);
    if (g.rank === 1) return squared as tf.Tensor1D;
    const axes = Array.from({ length: g.rank - 1 }, (_, i) => i + 1);
    return tf.sum(squared, axes) as tf.Tensor1D;
  });
}

/** Throws a {@link DataError} naming `what` unless `x` is a non-empty batch `[n, ...]`. */
export function assertBatch(what: string, x: tf.Tensor): void {
  if (x.rank < 1 || x.shape[0] === 0) {
    throw new DataError(`${what}: expected a batch of shape [n, ...] with n > 0, found shape [${x.shape.join(', ')}]`);
  }
  if (x.dtype !== 'float32') {
    throw new DataError(`${what}: expected a float32 batch to differentiate, found dtype '${x.dtype}'`);
  }
}
