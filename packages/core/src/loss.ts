/**
 * Loss and regularizer plug-in interfaces. The implementations live in `@gankit/losses`; variants
 * name them in their config and the shared update steps look them up.
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Registrable } from './registry.js';
import type { Rng } from './rng.js';

/** Version of the {@link LossPair} and {@link Regularizer} interfaces. */
export const LOSS_SPEC_VERSION = 1;

/**
 * The two halves of a GAN objective, as pure functions of the discriminator's raw outputs
 * (logits for probabilistic losses, critic values for Wasserstein).
 */
export interface LossPair extends Registrable {
  /**
   * How a raw output becomes the "D(x)" that reports show: `'sigmoid'` for losses on logits (so
   * equilibrium reads 0.5), `'identity'` for critics whose raw value is the quantity of interest.
   */
  readonly output: 'sigmoid' | 'identity';
  /** Whether {@link generatorLoss} needs D's raw outputs on real examples (relativistic losses): the generator update then scores the step's real batch too. */
  readonly generatorNeedsReal?: boolean;
  /** Discriminator loss, from raw outputs on real `[n, 1]` and generated `[n, 1]` examples. */
  discriminatorLoss(real: tf.Tensor, fake: tf.Tensor): tf.Scalar;
  /** Generator loss, from raw outputs on generated examples (and on real ones, for relativistic losses). */
  generatorLoss(fake: tf.Tensor, real?: tf.Tensor): tf.Scalar;
}

/** What a penalty regularizer can use. All tensors belong to the current discriminator update. */
export interface PenaltyContext {
  /** Runs the discriminator in training mode (labels added for conditional variants). */
  discriminate(x: tf.Tensor, labels?: tf.Tensor1D): tf.Tensor;
  /** Real batch, `[n, ...shape]`. */
  real: tf.Tensor;
  /** Generated batch of the same size (no gradient flows to the generator). */
  fake: tf.Tensor;
  /** Labels of the real batch, for conditional variants. */
  labels?: tf.Tensor1D;
  /** Seeded randomness (e.g. interpolation factors). */
  rng: Rng;
}

/**
 * A term added to the discriminator's loss (`penalty`, e.g. gradient penalty, R1), or a projection
 * applied to its weights after each update (`constrain`, e.g. weight clipping).
 */
export interface Regularizer<O extends object = Record<string, unknown>> extends Registrable {
  /** Returns the penalty (before the config's weight is applied). */
  penalty?(context: PenaltyContext, options: Partial<O>): tf.Scalar;
  /** Projects the discriminator's weights in place. */
  constrain?(discriminator: tfl.LayersModel, options: Partial<O>): void;
}
