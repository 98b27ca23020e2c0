/**
 * RMSprop with one kernel call per variable where the backend has the fused update (`@gankit/backend-wasm`
 * registers it for `wasm`), else tfjs's own RMSprop. Same state, names and checkpoints as tfjs's
 * `RMSPropOptimizer`, and bit for bit the same updates.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

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
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const attrs = { learningRate: this.learningRate, decay: this.decay, momentum: this.momentum, epsilon: this.epsilon };
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name]!;
      // Created, named and indexed as tfjs's RMSprop does, so either optimizer reads the other's checkpoints.
      state.accumulatedMeanSquares[i] ??= { originalName: `${name}/rms`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      state.accumulatedMoments[i] ??= { originalName: `${name}/momentum`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
      if (gradient == null) return;
      const ms = state.accumulatedMeanSquares[i]!.variable;
      const mom = state.accumulatedMoments[i]!.variable;
      const outputs = tf.engine().runKernel(RMSPROP_UPDATE_KERNEL, { x: value, g: gradient, ms, mom }, attrs as never) as tf.Tensor[];
      [value, ms, mom].forEach((v, j) => v.assign(outputs[j]!));
      tf.dispose(outputs);
    });
    this.incrementIterations();
  }
}
