/**
 * The R1 regularizer (Mescheder, Geiger & Nowozin, 2018, "Which Training Methods for GANs do actually
 * Converge?", eq. 9).
 * @module
 */
import { checkOptions, LOSS_SPEC_VERSION, type Regularizer } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertBatch, inputGradientSquaredNorms, type Discriminate } from './input-gradients.js';

/** Options of the `r1` regularizer: none; γ/2 is the config's weight. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface R1Options {}

/**
 * The R1 penalty without its factor (Mescheder et al., 2018): the mean squared gradient norm of D on
 * real data,
 *
 * `R1 = mean_i ‖∇ D(xᵢ)‖₂²`, xᵢ real.
 *
 * The paper's regularizer is `γ/2 · R1`; pass γ/2 as the config's weight (γ = 10 is common, so weight 5).
 * Penalizing only on real data makes the real data distribution with a flat-on-data D a locally
 * stable equilibrium, unlike WGAN-GP's penalty on interpolates.
 *
 * @param discriminate D as a function of a batch (close over labels for conditional critics).
 * @param real real batch `[n, ...shape]`.
 */
export function r1Penalty(discriminate: Discriminate, real: tf.Tensor): tf.Scalar {
  assertBatch('R1 penalty: real batch', real);
  return tf.tidy(() => tf.mean(inputGradientSquaredNorms(discriminate, real)));
}

/**
 * The `r1` regularizer: {@link r1Penalty} on the update's real batch (with its labels for conditional
 * critics). Its config weight carries the paper's γ/2:
 * `regularizers: [{ name: 'r1', weight: 5 }]` is γ = 10.
 */
export const r1Regularizer: Regularizer<R1Options> = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'r1',
  description: 'R1 penalty E‖∇D(x)‖² on real data; weight = γ/2 (Mescheder et al. 2018)',
  penalty(ctx, options) {
    checkOptions("'r1' options", options, {});
    const discriminate: Discriminate = ctx.labels ? (x) => ctx.discriminate(x, ctx.labels) : (x) => ctx.discriminate(x);
    return r1Penalty(discriminate, ctx.real);
  },
};
