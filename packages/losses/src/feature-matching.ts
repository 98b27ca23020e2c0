/**
 * Feature matching (Salimans et al., 2016, "Improved Techniques for Training GANs", section 3.1).
 * @module
 */
import { checkOptions, DataError, oneOf, withDefaults } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link featureMatchingLoss}. */
export interface FeatureMatchingOptions {
  /**
   * How the squared differences of the mean features are reduced over the `d` feature entries:
   * `'sum'` (default) is the paper's squared L2 norm `‖·‖₂²`; `'mean'` divides it by `d`, the mean of
   * squared differences that OpenAI's improved-gan MNIST script uses.
   */
  reduction: 'sum' | 'mean';
}

/** The defaults of {@link FeatureMatchingOptions}: the paper's `‖·‖₂²`. */
export const FEATURE_MATCHING_DEFAULTS: Readonly<FeatureMatchingOptions> = Object.freeze({ reduction: 'sum' });

function assertFeatures(what: string, x: tf.Tensor): void {
  if (x.rank < 1 || x.shape[0] === 0) {
    throw new DataError(`feature matching: ${what}: expected a batch of shape [n, ...] with n > 0, found shape [${x.shape.join(', ')}]`);
  }
}

/**
 * Feature matching generator loss (Salimans et al., 2016, section 3.1): G matches the expected value
 * of an intermediate layer `f` of the discriminator on real data instead of maximizing D's output.
 * With features flattened per example to `d = prod(shape[1:])` entries, real batch `r` of `n`
 * examples and generated batch `g` of `m`:
 *
 * `L = ‖ (1/n) Σᵢ f(rᵢ) − (1/m) Σⱼ f(gⱼ) ‖₂² = Σₖ (mean_i rᵢₖ − mean_j gⱼₖ)²`
 *
 * the paper's `‖E_x f(x) − E_z f(G(z))‖₂²`, divided by nothing else with the default
 * `reduction: 'sum'`; `reduction: 'mean'` divides by `d`. OpenAI's improved-gan code does not use the
 * paper's sum: its MNIST script takes the mean of the squared differences (`'mean'` here), and its
 * CIFAR-10 and SVHN scripts the mean absolute difference (an L1 loss, not offered here).
 *
 * A pure term: D's weights are fixed in the generator's update, so only the generated features carry
 * a gradient there (the real features are constants, though this function differentiates both).
 *
 * @param realFeatures `f` on real examples, `[n, ...]`.
 * @param fakeFeatures `f` on generated examples, `[m, ...]` with the same per-example shape.
 * @param options `{ reduction }`, default `'sum'`.
 * @throws DataError for an empty or scalar batch, or per-example shapes that differ.
 * @throws ConfigError for an unknown option or reduction.
 *
 * @example
 * ```ts
 * const gLoss = optimizer.minimize(() => featureMatchingLoss(features(real), features(generate(z))));
 * ```
 */
export function featureMatchingLoss(
  realFeatures: tf.Tensor,
  fakeFeatures: tf.Tensor,
  options: Partial<FeatureMatchingOptions> = {},
): tf.Scalar {
  checkOptions('feature matching options', options, { reduction: oneOf('sum', 'mean') });
  const { reduction } = withDefaults(FEATURE_MATCHING_DEFAULTS, options);
  assertFeatures('real features', realFeatures);
  assertFeatures('fake features', fakeFeatures);
  const realShape = realFeatures.shape.slice(1);
  const fakeShape = fakeFeatures.shape.slice(1);
  if (realShape.length !== fakeShape.length || realShape.some((d, i) => d !== fakeShape[i])) {
    throw new DataError(
      `feature matching: real features have per-example shape [${realShape.join(', ')}] but fake features ` +
        `[${fakeShape.join(', ')}]; take both from the same layer of D`,
    );
  }
  return tf.tidy(() => {
    const flatReal = tf.reshape(realFeatures, [realFeatures.shape[0]!, -1]);
    const flatFake = tf.reshape(fakeFeatures, [fakeFeatures.shape[0]!, -1]);
    const squared = tf.square(tf.sub(tf.mean(flatReal, 0), tf.mean(flatFake, 0)));
    return reduction === 'sum' ? tf.sum<tf.Scalar>(squared) : tf.mean<tf.Scalar>(squared);
  });
}
