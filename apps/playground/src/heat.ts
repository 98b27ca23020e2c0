/**
 * D's output over the plane for the 2-D view's heat map, computed in the training worker (the page
 * draws it, views/points.ts).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { HEAT } from './views/points.js';

/** The grid points D is evaluated at, `[HEAT * HEAT, 2]`, top row first. */
export function heatGrid(range: number): tf.Tensor2D {
  const values = new Float32Array(HEAT * HEAT * 2);
  for (let r = 0; r < HEAT; r++) {
    for (let c = 0; c < HEAT; c++) {
      values[2 * (r * HEAT + c)] = -range + ((c + 0.5) / HEAT) * 2 * range;
      values[2 * (r * HEAT + c) + 1] = range - ((r + 0.5) / HEAT) * 2 * range;
    }
  }
  return tf.tensor2d(values, [HEAT * HEAT, 2]);
}

/**
 * D's output over `grid`: a sigmoid of its score for logit losses (D's probability that a point is
 * real), a critic's raw scores rescaled to [0, 1] otherwise. A D whose (first) output is K class
 * logits, the semi-supervised GAN's, is read as that game reads it: the real-vs-fake logit is
 * log sum exp of the K logits (Salimans et al. 2016, D(x) = Z(x) / (Z(x) + 1)). Undefined for a
 * discriminator that takes labels or more than one input.
 */
export function heatValues(discriminator: tfl.LayersModel, grid: tf.Tensor2D, logits: boolean): Float32Array | undefined {
  if (discriminator.inputs.length !== 1) return undefined;
  return tf.tidy(() => {
    let out = discriminator.predict(grid) as tf.Tensor | tf.Tensor[];
    if (Array.isArray(out)) out = out[0]!;
    const width = out.shape[out.rank - 1] ?? 1;
    const score = width > 1 ? tf.logSumExp(out, -1) : tf.reshape(out, [-1]);
    if (logits) return tf.sigmoid(score).dataSync() as Float32Array;
    const lo = tf.min(score);
    const span = tf.maximum(tf.sub(tf.max(score), lo), 1e-6);
    return tf.div(tf.sub(score, lo), span).dataSync() as Float32Array;
  });
}
