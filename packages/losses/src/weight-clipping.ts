/**
 * Weight clipping, the original WGAN's crude Lipschitz constraint (Arjovsky et al., 2017, Algorithm 1).
 * @module
 */
import { checkOptions, finiteNumber, LOSS_SPEC_VERSION, withDefaults, type Regularizer } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** Options of the `weight-clipping` regularizer. */
export interface WeightClippingOptions {
  /** Half-width c of the box [-c, c] every weight is clipped to. Default 0.01, as in the paper. */
  clip: number;
}

/** The defaults of {@link WeightClippingOptions}. */
export const WEIGHT_CLIPPING_DEFAULTS: Readonly<WeightClippingOptions> = Object.freeze({ clip: 0.01 });

/**
 * Clips every trainable weight of `discriminator` to `[-clip, clip]` in place (Arjovsky et al., 2017):
 * a compact weight space keeps the critic K-Lipschitz for some K, so the critic loss estimates the
 * Wasserstein distance up to scale. Non-trainable weights (batch-norm statistics) are left alone.
 *
 * @param discriminator the critic; its variables are assigned, not replaced.
 * @param clip c, default 0.01.
 */
export function clipWeights(discriminator: tfl.LayersModel, clip: number = WEIGHT_CLIPPING_DEFAULTS.clip): void {
  checkOptions("'weight-clipping' options", { clip }, { clip: finiteNumber(0, true) });
  // tidy frees the clipped copies; assign shares their data with the variables, so nothing is lost.
  tf.tidy(() => {
    for (const weight of discriminator.trainableWeights) weight.write(tf.clipByValue(weight.read(), -clip, clip));
  });
}

/**
 * The `weight-clipping` regularizer: after every discriminator update the Trainer calls `constrain`,
 * which runs {@link clipWeights}. Use with `wasserstein` and RMSprop, as in the paper:
 * `regularizers: [{ name: 'weight-clipping', options: { clip: 0.01 } }]`.
 */
export const weightClippingRegularizer: Regularizer<WeightClippingOptions> = {
  specVersion: LOSS_SPEC_VERSION,
  name: 'weight-clipping',
  description: 'clips critic weights to [-c, c] after each update, default c = 0.01 (Arjovsky et al. 2017)',
  constrain(discriminator, options) {
    checkOptions("'weight-clipping' options", options, { clip: finiteNumber(0, true) });
    clipWeights(discriminator, withDefaults(WEIGHT_CLIPPING_DEFAULTS, options).clip);
  },
};
