/**
 * The non-saturating GAN game, the variant Goodfellow et al. (2014, section 3) recommend in practice.
 * @module
 */
import { LOSS_SPEC_VERSION, type LossPair } from '@gankit/core';
import type * as tf from '@tensorflow/tfjs-core';
import { minimaxDiscriminatorLoss } from './minimax.js';
import { binaryCrossEntropyWithLogits } from './stable.js';

/**
 * Non-saturating generator loss (Goodfellow et al., 2014, section 3): G minimizes `-E[log D(G(z))]`
 * instead of `E[log(1 - D(G(z)))]`, in logit form `mean softplus(-fake)`. Same fixed point as the
 * minimax game, but strong gradients (`-sigmoid(-fake)` → -1) exactly when D rejects the samples.
 *
 * @param fake logits of D on generated examples, `[n, 1]`.
 */
export function nonSaturatingGeneratorLoss(fake: tf.Tensor): tf.Scalar {
  return binaryCrossEntropyWithLogits(fake, 1);
}

/** The `non-saturating` loss pair: {@link minimaxDiscriminatorLoss} and {@link nonSaturatingGeneratorLoss}. */
export const nonSaturatingLoss: LossPair = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'non-saturating',
  description: 'BCE on logits with the non-saturating generator loss -log D(G(z)) (Goodfellow et al. 2014)',
  output: 'sigmoid',
  discriminatorLoss: minimaxDiscriminatorLoss,
  generatorLoss: (fake) => nonSaturatingGeneratorLoss(fake),
};
