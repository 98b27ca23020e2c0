/**
 * One-hot labels for conditional models.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Turns integer labels into float32 one-hot rows: shape `[n, numClasses]`, 1 at the label, 0 elsewhere.
 * Returns a new tensor the caller disposes; the input is not disposed.
 *
 * @throws RangeError when a label (given as an array) is not an integer in [0, numClasses).
 *
 * @example
 * ```ts
 * const { x, labels } = stream.next();
 * const condition = oneHot(labels!, source.spec.numClasses!); // [batch, 10]
 * ```
 */
export function oneHot(labels: tf.Tensor1D | ArrayLike<number>, numClasses: number): tf.Tensor2D {
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`numClasses must be a positive integer, got ${numClasses}`);
  if (!(labels instanceof tf.Tensor)) {
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i]!;
      if (!(Number.isInteger(l) && l >= 0 && l < numClasses)) throw new RangeError(`label ${l} at index ${i} is not an integer in [0, ${numClasses})`);
    }
  }
  return tf.tidy(() => {
    const indices = labels instanceof tf.Tensor ? tf.cast(labels, 'int32') : tf.tensor1d(Array.from(labels), 'int32');
    return tf.oneHot(indices, numClasses, 1, 0, 'float32') as tf.Tensor2D;
  });
}
