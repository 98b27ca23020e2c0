/**
 * Adam with one kernel call per variable where the backend has the fused update (`@gankit/backend-wasm`
 * registers it for `wasm`), else tfjs's own Adam. Same state, names and checkpoints as tfjs's
 * `AdamOptimizer`, and bit for bit the same updates.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

import { applyFusedUpdates } from './fused-update.js';

/**
 * Name of the fused Adam kernel: inputs `x`, `g`, `m`, `v`, `accBeta1`, `accBeta2`; attributes
 * `learningRate`, `beta1`, `beta2`, `epsilon`; outputs the new `x`, `m` and `v`. A backend package
 * registers it under this name (`@gankit/backend-wasm` does for `wasm`).
 */
export const ADAM_UPDATE_KERNEL = 'GankitAdamUpdate';

/** What tfjs's Adam keeps in private fields, which the fused update reads and writes the same way. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
}

/**
 * tfjs's `AdamOptimizer` whose `applyGradients` makes one fused kernel call per variable when the
 * current backend has {@link ADAM_UPDATE_KERNEL}: about 20 kernel calls and their temporaries fewer
 * per variable, which is most of an optimizer step on a small network.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend()) === undefined) return super.applyGradients(variableGradients);
    const state = this as unknown as AdamState;
    applyFusedUpdates(
      ADAM_UPDATE_KERNEL,
      variableGradients,
      [
        { slots: state.accumulatedFirstMoment, suffix: 'm', input: 'm' },
        { slots: state.accumulatedSecondMoment, suffix: 'v', input: 'v' },
      ],
      { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon },
      { accBeta1: state.accBeta1, accBeta2: state.accBeta2 },
    );
    tf.tidy(() => {
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
