/**
 * The gradient penalty of WGAN-GP (Gulrajani et al., 2017, "Improved Training of Wasserstein GANs",
 * Algorithm 1).
 * @module
 */
import { checkOptions, DataError, finiteNumber, LOSS_SPEC_VERSION, withDefaults, type Regularizer, type Rng } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertBatch, inputGradientSquaredNorms, type Discriminate } from './input-gradients.js';

/** Options of the `gradient-penalty` regularizer. */
export interface GradientPenaltyOptions {
  /**
   * The gradient norm the critic is pushed towards. Default 1: the optimal WGAN critic has norm 1
   * along lines between real and generated examples (Gulrajani et al., 2017, Proposition 1).
   */
  target: number;
}

/** The defaults of {@link GradientPenaltyOptions}. */
export const GRADIENT_PENALTY_DEFAULTS: Readonly<GradientPenaltyOptions> = Object.freeze({ target: 1 });

/**
 * Keeps the square root differentiable when a gradient is exactly zero (d√s/ds is infinite at 0,
 * and 0·∞ would be NaN); far below float32 resolution for any norm that matters.
 */
const NORM_EPSILON = 1e-12;

/**
 * The WGAN-GP gradient penalty (Gulrajani et al., 2017):
 *
 * `GP = mean_i (‖∇ D(x̂ᵢ)‖₂ - target)²`, with `x̂ᵢ = εᵢ·realᵢ + (1 - εᵢ)·fakeᵢ`, `εᵢ ~ U[0, 1]`
 *
 * One ε per example (not per pixel), so each x̂ lies on the straight line between a real and a
 * generated example, where the optimal critic has gradient norm 1. Multiply by λ (10 in the paper)
 * through the config's regularizer weight.
 *
 * Differentiating this penalty with respect to D's weights needs second-order gradients; importing
 * `@gankit/losses` registers the zero gradients TensorFlow.js lacks for comparisons (see
 * `registerZeroGradients`), so critics with ReLU or LeakyReLU work on every backend.
 *
 * @param discriminate D as a function of a batch (close over labels for conditional critics).
 * @param real real batch `[n, ...shape]`.
 * @param fake generated batch of the same shape.
 * @param rng an {@link Rng} (one seed is drawn from it) or a seed for `tf.randomUniform`.
 * @param options `{ target }`, default 1.
 *
 * @example
 * ```ts
 * const loss = optimizer.minimize(() =>
 *   tf.add(wassersteinCriticLoss(d(real), d(fake)), tf.mul(gradientPenalty(d, real, fake, rng), 10)));
 * ```
 */
export function gradientPenalty(
  discriminate: Discriminate,
  real: tf.Tensor,
  fake: tf.Tensor,
  rng: Rng | number,
  options: Partial<GradientPenaltyOptions> = {},
): tf.Scalar {
  checkOptions("'gradient-penalty' options", options, { target: finiteNumber(0) });
  const { target } = withDefaults(GRADIENT_PENALTY_DEFAULTS, options);
  assertBatch('gradient penalty: real batch', real);
  if (fake.shape.length !== real.shape.length || fake.shape.some((d, i) => d !== real.shape[i])) {
    throw new DataError(
      `gradient penalty: the fake batch has shape [${fake.shape.join(', ')}] but the real batch has shape ` +
        `[${real.shape.join(', ')}]; interpolation needs the same shape`,
    );
  }
  const seed = typeof rng === 'number' ? rng : rng.seed();
  return tf.tidy(() => {
    const n = real.shape[0]!;
    // [n, 1, 1, ...]: one factor per example, broadcast over its features.
    const epsShape = [n, ...real.shape.slice(1).map(() => 1)];
    const eps = tf.randomUniform(epsShape, 0, 1, 'float32', seed);
    const interpolates = tf.add(fake, tf.mul(eps, tf.sub(real, fake)));
    const norms = tf.sqrt(tf.add(inputGradientSquaredNorms(discriminate, interpolates), NORM_EPSILON));
    return tf.mean(tf.square(tf.sub(norms, target)));
  });
}

/**
 * The `gradient-penalty` regularizer: {@link gradientPenalty} on the update's real and generated
 * batches, with the real batch's labels for conditional critics and ε drawn from the run's seeded
 * stream. Use it with weight λ = 10, as in the paper:
 * `regularizers: [{ name: 'gradient-penalty', weight: 10 }]`.
 */
export const gradientPenaltyRegularizer: Regularizer<GradientPenaltyOptions> = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'gradient-penalty',
  description: 'WGAN-GP penalty (‖∇D(x̂)‖ - 1)² on real/fake interpolates (Gulrajani et al. 2017)',
  penalty(ctx, options) {
    const discriminate: Discriminate = ctx.labels ? (x) => ctx.discriminate(x, ctx.labels) : (x) => ctx.discriminate(x);
    return gradientPenalty(discriminate, ctx.real, ctx.fake, ctx.rng, options);
  },
};
