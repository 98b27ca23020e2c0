/**
 * Wasserstein GAN (Arjovsky, Chintala & Bottou, 2017, "Wasserstein GAN", Algorithm 1).
 * @module
 */
import { LOSS_SPEC_VERSION, type LossPair } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Wasserstein critic loss (Arjovsky et al., 2017): the critic maximizes `E[D(x)] - E[D(G(z))]`, an
 * estimate of the Wasserstein-1 distance when D is 1-Lipschitz, so it minimizes
 *
 * `L_D = mean fake - mean real`
 *
 * Only meaningful with a Lipschitz constraint: `weight-clipping` (the paper) or `gradient-penalty`
 * (Gulrajani et al., 2017). Unbounded below otherwise.
 *
 * @param real critic values on real examples, `[n, 1]`.
 * @param fake critic values on generated examples, `[n, 1]`.
 */
export function wassersteinCriticLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.sub(tf.mean(fake), tf.mean(real)));
}

/**
 * Wasserstein generator loss (Arjovsky et al., 2017): `L_G = -mean fake`, G raises the critic's value
 * of its samples.
 *
 * @param fake critic values on generated examples, `[n, 1]`.
 */
export function wassersteinGeneratorLoss(fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean<tf.Scalar>(fake)));
}

/**
 * The `wasserstein` loss pair. Output is reported raw (`'identity'`): the critic value is not a
 * probability, and mean real minus mean fake is the distance estimate.
 */
export const wassersteinLoss: LossPair = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'wasserstein',
  description: 'Wasserstein critic loss on raw values; needs clipping or a gradient penalty (Arjovsky et al. 2017)',
  output: 'identity',
  discriminatorLoss: wassersteinCriticLoss,
  generatorLoss: (fake) => wassersteinGeneratorLoss(fake),
};
