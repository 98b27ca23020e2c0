/**
 * RMSprop with one kernel call per variable where the backend has the fused update (`@gankit/backend-wasm`
 * registers it for `wasm`), else tfjs's own RMSprop. Same state, names and checkpoints as tfjs's
 * `RMSPropOptimizer`, and bit for bit the same updates.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

import { applyFusedUpdates } from './fused-update.js';

/**
 * Name of the fused RMSprop kernel (tfjs's RMSprop, not centered): inputs `x`, `g`, `ms`, `mom`;
 * attributes `learningRate`, `decay`, `momentum`, `epsilon`; outputs the new `x`, `ms` and `mom`. A
 * backend package registers it under this name (`@gankit/backend-wasm` does for `wasm`).
 */
export const RMSPROP_UPDATE_KERNEL = 'GankitRmspropUpdate';

/** What tfjs's RMSprop keeps in private fields, which the fused update reads and writes the same way. */
interface RmspropState {
  centered: boolean;
  accumulatedMeanSquares: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedMoments: Array<{ originalName: string; variable: tf.Variable } | undefined>;
}

/**
 * tfjs's `RMSPropOptimizer` whose `applyGradients` makes one fused kernel call per variable when the
 * current backend has {@link RMSPROP_UPDATE_KERNEL} and the optimizer is not centered (gankit never
 * makes a centered one): about ten kernel calls and their temporaries fewer per variable.
 */
export class FusedRMSPropOptimizer extends tf.RMSPropOptimizer {
  override applyGradients(variableGradients: Parameters<tf.RMSPropOptimizer['applyGradients']>[0]): void {
    const state = this as unknown as RmspropState;
    if (state.centered || tf.getKernel(RMSPROP_UPDATE_KERNEL, tf.getBackend()) === undefined) return super.applyGradients(variableGradients);
    applyFusedUpdates(
      RMSPROP_UPDATE_KERNEL,
      variableGradients,
      [
        { slots: state.accumulatedMeanSquares, suffix: 'rms', input: 'ms' },
        { slots: state.accumulatedMoments, suffix: 'momentum', input: 'mom' },
      ],
      { learningRate: this.learningRate, decay: this.decay, momentum: this.momentum, epsilon: this.epsilon },
    );
    this.incrementIterations();
  }
}
