/**
 * The original GAN game (Goodfellow et al., 2014, "Generative Adversarial Nets", eq. 1).
 * @module
 */
import { LOSS_SPEC_VERSION, type LossPair } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { binaryCrossEntropyWithLogits, meanLogOneMinusSigmoid } from './stable.js';

/**
 * Discriminator loss of the original game (Goodfellow et al., 2014): D maximizes
 * `E[log D(x)] + E[log(1 - D(G(z)))]`, i.e. minimizes binary cross-entropy with real labelled 1 and
 * generated labelled 0:
 *
 * `L_D = BCE(real, 1) + BCE(fake, 0) = mean softplus(-real) + mean softplus(fake)`
 *
 * Shared by the minimax and non-saturating games, which differ only in the generator's loss.
 *
 * @param real logits of D on real examples, `[n, 1]`.
 * @param fake logits of D on generated examples, `[n, 1]`.
 */
export function minimaxDiscriminatorLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.add(binaryCrossEntropyWithLogits(real, 1), binaryCrossEntropyWithLogits(fake, 0)));
}

/**
 * Generator loss of the original minimax game (Goodfellow et al., 2014): G minimizes
 * `E[log(1 - D(G(z)))]`, in logit form `mean(-softplus(fake))`.
 *
 * It saturates: when D confidently rejects the samples (fake logits very negative, as early in
 * training) its gradient `-sigmoid(fake)` vanishes. The paper itself recommends
 * `nonSaturatingGeneratorLoss` in practice; this one is here for faithful comparisons.
 *
 * @param fake logits of D on generated examples, `[n, 1]`.
 */
export function saturatingGeneratorLoss(fake: tf.Tensor): tf.Scalar {
  return meanLogOneMinusSigmoid(fake);
}

/** The `minimax` loss pair: {@link minimaxDiscriminatorLoss} and {@link saturatingGeneratorLoss}. */
export const minimaxLoss: LossPair = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'minimax',
  description: 'original saturating minimax game on logits (Goodfellow et al. 2014)',
  output: 'sigmoid',
  discriminatorLoss: minimaxDiscriminatorLoss,
  generatorLoss: (fake) => saturatingGeneratorLoss(fake),
};
