/**
 * Least-squares GAN (Mao et al., 2017, "Least Squares Generative Adversarial Networks", eq. 2).
 * @module
 */
import { LOSS_SPEC_VERSION, type LossPair } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * LSGAN discriminator loss with the paper's 0-1 coding (a = 0 for fake, b = 1 for real):
 *
 * `L_D = ½ mean((real - 1)²) + ½ mean(fake²)`
 *
 * on D's raw (linear) outputs.
 *
 * @param real raw outputs of D on real examples, `[n, 1]`.
 * @param fake raw outputs of D on generated examples, `[n, 1]`.
 */
export function leastSquaresDiscriminatorLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.add(tf.mean(tf.square(tf.sub(real, 1))), tf.mean(tf.square(fake))), 0.5));
}

/**
 * LSGAN generator loss with c = 1 (G wants D to output the "real" code):
 *
 * `L_G = ½ mean((fake - 1)²)`
 *
 * Unlike the sigmoid losses it keeps penalizing samples that D already classifies as real but that lie
 * far from the decision boundary, which Mao et al. found steadier.
 *
 * @param fake raw outputs of D on generated examples, `[n, 1]`.
 */
export function leastSquaresGeneratorLoss(fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.mean(tf.square(tf.sub(fake, 1))), 0.5));
}

/**
 * The `least-squares` loss pair. Its output is reported raw (`'identity'`): an LSGAN discriminator is
 * a regressor towards the codes 0 (fake) and 1 (real), not a probability, and may leave [0, 1].
 */
export const leastSquaresLoss: LossPair = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'least-squares',
  description: 'least-squares GAN with codes a=0, b=1, c=1 on raw outputs (Mao et al. 2017)',
  output: 'identity',
  discriminatorLoss: leastSquaresDiscriminatorLoss,
  generatorLoss: (fake) => leastSquaresGeneratorLoss(fake),
};
