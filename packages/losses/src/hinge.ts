/**
 * Hinge loss (Lim & Ye, 2017, "Geometric GAN"; as used by SAGAN, Zhang et al., 2019, and BigGAN).
 * @module
 */
import { LOSS_SPEC_VERSION, type LossPair } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Hinge discriminator loss (Lim & Ye, 2017):
 *
 * `L_D = mean relu(1 - real) + mean relu(1 + fake)`
 *
 * Examples already beyond the margin (real ≥ 1, fake ≤ -1) contribute no gradient, so D stops pushing
 * scores apart once they are separated.
 *
 * @param real raw outputs of D on real examples, `[n, 1]`.
 * @param fake raw outputs of D on generated examples, `[n, 1]`.
 */
export function hingeDiscriminatorLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake)))));
}

/**
 * Hinge generator loss (Lim & Ye, 2017; SAGAN): `L_G = -mean fake`. Numerically the same as the
 * Wasserstein generator loss; kept under its own name so that each pair reads as in its paper.
 *
 * @param fake raw outputs of D on generated examples, `[n, 1]`.
 */
export function hingeGeneratorLoss(fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean<tf.Scalar>(fake)));
}

/** The `hinge` loss pair: {@link hingeDiscriminatorLoss} and {@link hingeGeneratorLoss}. */
export const hingeLoss: LossPair = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'hinge',
  description: 'hinge loss on raw outputs (Lim & Ye 2017; SAGAN)',
  output: 'identity',
  discriminatorLoss: hingeDiscriminatorLoss,
  generatorLoss: (fake) => hingeGeneratorLoss(fake),
};
