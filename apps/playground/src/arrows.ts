/**
 * The gradient arrows of the 2-D view, after GAN Lab: for each drawn generated point, the direction
 * the generator's loss pushes it, computed in the training worker (the page draws them,
 * views/points.ts).
 *
 * The push on point xᵢ is `-n ∂L_G/∂xᵢ`, where `L_G` is the run's generator loss (the loss registry's
 * pair named by `config.loss`) on D's raw scores of the n points: the step G's update takes on that
 * sample, before it flows back into G's weights. For the non-saturating loss that is
 * `sigmoid(-D(x)) ∇D(x)`, for the Wasserstein loss `∇D(x)`. Multiplying by n undoes the loss's mean,
 * so a point's arrow does not shrink when more points are drawn.
 * @module
 */
import { ConfigError, DataError, type LossPair, type Trainer } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Arrows are drawn for at most this many of the generated points (a few hundred keep the view readable and the gradient cheap). */
export const ARROW_POINTS = 300;

/** Why `discriminator` cannot give the push (not one input to one score per point), or undefined. */
function unfitDiscriminator(discriminator: tfl.LayersModel): string | undefined {
  if (discriminator.inputs.length !== 1) {
    return `the discriminator takes ${discriminator.inputs.length} inputs, not the point alone (BiGAN's also takes the noise code, cgan's the label)`;
  }
  const outputs = discriminator.outputs;
  const shape = outputs[0]?.shape;
  if (outputs.length !== 1 || shape?.length !== 2 || shape[1] !== 1) {
    return `its discriminator gives ${outputs.map((o) => `[${o.shape.map((d) => d ?? 'n').join(', ')}]`).join(' and ')}, not one score per point (sgan's class logits and features, acgan's class head): the loss pair's generator loss reads one score`;
  }
  return undefined;
}

/**
 * Why the 2-D view of `trainer`'s run gets no arrows, or undefined when it does. Arrows need an
 * unconditional generator (a conditional one's loss on a point depends on the label it was made
 * for, which the drawn points do not carry) and a discriminator from the point alone to one score,
 * which the loss pair's generator loss reads (vanilla, wgan, wgan-gp, and plug-ins built the same way).
 */
export function arrowsUnavailable(trainer: Trainer): string | undefined {
  if (trainer.inputs.some((input) => input.kind === 'label')) {
    return "the generator takes class labels: its loss on a point depends on the label the point was made for, which the drawn points do not carry";
  }
  const discriminator = trainer.networks['discriminator'];
  if (!discriminator) return "the run has no network named 'discriminator'";
  return unfitDiscriminator(discriminator);
}

/**
 * The push of the generator's loss on each of `points` (`[n, 2]`): `-n ∂L_G/∂xᵢ`, x y interleaved.
 * `real` (`[n, 2]`) is the real batch a relativistic loss compares with (`loss.generatorNeedsReal`).
 * D runs in inference mode, so each score depends on its own point only. Disposes every tensor it makes.
 *
 * @throws DataError when `points` is not `[n, 2]`; ConfigError when `discriminator` does not map one
 *   point to one score.
 * @example
 * ```ts
 * const push = generatorPush(trainer.networks['discriminator']!, losses.get('non-saturating'), fakes);
 * ```
 */
export function generatorPush(discriminator: tfl.LayersModel, loss: LossPair, points: tf.Tensor2D, real?: tf.Tensor2D): Float32Array {
  if (points.rank !== 2 || points.shape[1] !== 2 || points.shape[0] === 0) {
    throw new DataError(`points: expected a batch of 2-D points, shape [n, 2] with n > 0, found shape [${points.shape.join(', ')}]`);
  }
  const unfit = unfitDiscriminator(discriminator);
  if (unfit) throw new ConfigError('discriminator for the gradient arrows', [{ path: 'networks.discriminator', expected: 'one input (the point) and one score per point, shape [n, 1]', found: unfit }]);
  const n = points.shape[0];
  return tf.tidy(() => {
    const score = (x: tf.Tensor) => discriminator.apply(x, { training: false }) as tf.Tensor;
    const realScores = real ? score(real) : undefined;
    const gradient = tf.grad((x: tf.Tensor) => loss.generatorLoss(score(x), realScores))(points);
    return tf.mul(gradient, -n).dataSync() as Float32Array;
  });
}
