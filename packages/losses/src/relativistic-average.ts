/**
 * Relativistic average standard GAN, RaSGAN (Jolicoeur-Martineau, 2018, "The relativistic
 * discriminator: a key element missing from standard GAN", arXiv:1807.00734).
 * @module
 */
import { LOSS_SPEC_VERSION, type LossPair } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { requireRealScores } from './relativistic.js';
import { binaryCrossEntropyWithLogits } from './stable.js';

/**
 * RaSGAN discriminator loss (Jolicoeur-Martineau, 2018). D compares each score with the mean score of
 * the other batch, `D̃(x_r) = σ(C(x_r) - mean C(x_f))` and `D̃(x_f) = σ(C(x_f) - mean C(x_r))`, and
 * minimizes the paper's
 *
 * `L_D = -mean_r log D̃(x_r) - mean_f log(1 - D̃(x_f))
 *      = mean_r softplus(mean(fake) - real_r) + mean_f softplus(fake_f - mean(real))`
 *
 * computed as two BCEs on logit differences (targets 1 and 0), finite for any scores. Gradients flow
 * through the batch means as well. The batches may differ in size.
 *
 * The paper's reference implementation (AlexiaJM/RelativisticGAN, `loss_D == 6`) divides this sum by
 * 2; the paper's equation does not, and neither does this function. Halving scales every gradient,
 * which Adam all but cancels but plain SGD does not (it halves the effective learning rate).
 *
 * @param real raw outputs (logits) C(x_r) of D on real examples, `[n, 1]`.
 * @param fake raw outputs C(x_f) on generated examples, `[m, 1]`.
 */
export function relativisticAverageDiscriminatorLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    tf.add(
      binaryCrossEntropyWithLogits(tf.sub(real, tf.mean(fake)), 1),
      binaryCrossEntropyWithLogits(tf.sub(fake, tf.mean(real)), 0),
    ),
  );
}

/**
 * RaSGAN generator loss (Jolicoeur-Martineau, 2018), the discriminator's loss with the targets
 * swapped: G wants its samples to look more realistic than the average real example, and the real
 * examples less realistic than the average sample:
 *
 * `L_G = -mean_f log D̃(x_f) - mean_r log(1 - D̃(x_r))
 *      = mean_f softplus(mean(real) - fake_f) + mean_r softplus(real_r - mean(fake))`
 *
 * Both terms depend on G through the fake scores (the second through `mean(fake)`), so real scores are
 * required. Not halved, as in the paper's equation (the reference code halves it, see
 * {@link relativisticAverageDiscriminatorLoss}).
 *
 * @param fake raw outputs C(x_f) of D on generated examples, `[m, 1]`.
 * @param real raw outputs C(x_r) on real examples, `[n, 1]`.
 */
export function relativisticAverageGeneratorLoss(fake: tf.Tensor, real: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    tf.add(
      binaryCrossEntropyWithLogits(tf.sub(fake, tf.mean(real)), 1),
      binaryCrossEntropyWithLogits(tf.sub(real, tf.mean(fake)), 0),
    ),
  );
}

/**
 * The `relativistic-average` loss pair (RaSGAN): {@link relativisticAverageDiscriminatorLoss} and
 * {@link relativisticAverageGeneratorLoss}. Its generator loss needs D's scores on the real batch
 * (`generatorNeedsReal`) and throws a `ConfigError` without them.
 *
 * Reported D(x) is `σ(C(x))` of the raw scores, as for the other logit losses; the loss only sees
 * differences from batch means, so C is defined up to a constant and this number is not `D̃`.
 */
export const relativisticAverageLoss: LossPair = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'relativistic-average',
  description: 'relativistic average standard GAN (RaSGAN): logits against the other batch mean (Jolicoeur-Martineau 2018)',
  output: 'sigmoid',
  generatorNeedsReal: true,
  discriminatorLoss: relativisticAverageDiscriminatorLoss,
  generatorLoss: (fake, real) => relativisticAverageGeneratorLoss(fake, requireRealScores('relativistic-average', real)),
};
