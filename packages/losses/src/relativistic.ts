/**
 * Relativistic standard GAN, RSGAN (Jolicoeur-Martineau, 2018, "The relativistic discriminator: a key
 * element missing from standard GAN", arXiv:1807.00734).
 * @module
 */
import { ConfigError, DataError, LOSS_SPEC_VERSION, type LossPair } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { binaryCrossEntropyWithLogits } from './stable.js';

/**
 * Returns `real`, or throws a {@link ConfigError} naming `loss` when the caller passed no real scores
 * to a generator loss that needs them (a generator update that ignored `generatorNeedsReal`).
 */
export function requireRealScores(loss: string, real: tf.Tensor | undefined): tf.Tensor {
  if (real !== undefined) return real;
  throw new ConfigError(`arguments of the '${loss}' generator loss`, [
    {
      path: 'real',
      expected:
        "D's raw outputs on the step's real batch, [n, 1] (this loss pair sets generatorNeedsReal: true, " +
        'so the generator update must score the real batch and pass it as the second argument)',
      found: undefined,
    },
  ]);
}

function assertPaired(real: tf.Tensor, fake: tf.Tensor): void {
  if (real.shape.length !== fake.shape.length || real.shape.some((d, i) => d !== fake.shape[i])) {
    throw new DataError(
      `'relativistic' loss pairs real example i with generated example i, but the real scores have shape ` +
        `[${real.shape.join(', ')}] and the fake scores [${fake.shape.join(', ')}]; score batches of the same ` +
        `size (or use 'relativistic-average', which compares each score with the other batch's mean)`,
    );
  }
}

/**
 * RSGAN discriminator loss (Jolicoeur-Martineau, 2018): D estimates the probability that a real
 * example is more realistic than a generated one, `σ(C(x_r) - C(x_f))`, and minimizes
 *
 * `L_D = -mean_i log σ(real_i - fake_i) = mean_i softplus(fake_i - real_i)`
 *
 * pairing real example i with generated example i (the paper draws the pairs at random; two
 * independently drawn batches are such a draw). Computed as BCE on the logit differences with target
 * 1, finite for any scores.
 *
 * @param real raw outputs (logits) C(x_r) of D on real examples, `[n, 1]`.
 * @param fake raw outputs C(x_f) on generated examples, same shape.
 * @throws DataError when the shapes differ (examples cannot be paired).
 */
export function relativisticDiscriminatorLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar {
  assertPaired(real, fake);
  return tf.tidy(() => binaryCrossEntropyWithLogits(tf.sub(real, fake), 1));
}

/**
 * RSGAN generator loss (Jolicoeur-Martineau, 2018), the discriminator's loss with the roles swapped:
 *
 * `L_G = -mean_i log σ(fake_i - real_i) = mean_i softplus(real_i - fake_i)`
 *
 * Unlike the non-saturating loss it depends on D's scores of real data: G is rewarded for making its
 * samples look more realistic than the real ones they are paired with.
 *
 * @param fake raw outputs C(x_f) of D on generated examples, `[n, 1]`.
 * @param real raw outputs C(x_r) on real examples, same shape.
 * @throws DataError when the shapes differ.
 */
export function relativisticGeneratorLoss(fake: tf.Tensor, real: tf.Tensor): tf.Scalar {
  assertPaired(real, fake);
  return tf.tidy(() => binaryCrossEntropyWithLogits(tf.sub(fake, real), 1));
}

/**
 * The `relativistic` loss pair (RSGAN): {@link relativisticDiscriminatorLoss} and
 * {@link relativisticGeneratorLoss}. Its generator loss needs D's scores on the real batch
 * (`generatorNeedsReal`) and throws a `ConfigError` without them.
 *
 * Reported D(x) is `σ(C(x))` of the raw scores, as for the other logit losses; note that the
 * relativistic losses only see score differences, so C is defined up to a constant and this number
 * is not the probability D estimates.
 */
export const relativisticLoss: LossPair = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'relativistic',
  description: 'relativistic standard GAN (RSGAN) on paired logit differences (Jolicoeur-Martineau 2018)',
  output: 'sigmoid',
  generatorNeedsReal: true,
  discriminatorLoss: relativisticDiscriminatorLoss,
  generatorLoss: (fake, real) => relativisticGeneratorLoss(fake, requireRealScores('relativistic', real)),
};
