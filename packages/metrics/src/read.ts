/**
 * Reading tensors back to JS.
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';

/**
 * The values of `t` (computed inside a `tf.tidy` that returned it), then disposes it.
 *
 * Why not `tf.tidy(() => t.dataSync())`: `tidy` searches its return value for tensors to keep, and
 * that search visits every element of a returned typed array; for a 1000 x 10000 block it costs
 * about ten seconds, ten times the matrix product that made it.
 */
export function readAndDispose(t: tf.Tensor): Float32Array {
  try {
    return t.dataSync() as Float32Array;
  } finally {
    t.dispose();
  }
}
