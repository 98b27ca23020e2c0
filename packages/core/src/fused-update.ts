/**
 * The part the fused optimizers share: per variable, tfjs's optimizer state created and named the way
 * tfjs creates it, then one kernel call that returns the new variable and state, assigned in place of
 * the old.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** One kind of per-variable state of a tfjs optimizer (Adam's first moments, RMSprop's mean squares, ...). */
export interface OptimizerSlots {
  /** The optimizer's own array of it, by variable index (tfjs keeps it in a private field). */
  slots: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  /** The suffix tfjs names it with (`<variable>/m`), which getWeights/setWeights and checkpoints use. */
  suffix: string;
  /** The fused kernel's input (and matching output) for it. */
  input: string;
}

/**
 * Applies `variableGradients` with one call of `kernel` per variable: inputs `x` (the variable), `g`
 * (its gradient), one per slot kind, and `extraInputs`; outputs the new variable and the new slots, in
 * that order. Slots are created as tfjs's optimizer creates them, so either optimizer reads the
 * other's state.
 */
export function applyFusedUpdates(
  kernel: string,
  variableGradients: Parameters<tf.Optimizer['applyGradients']>[0],
  slotKinds: OptimizerSlots[],
  attrs: Record<string, number>,
  extraInputs: tf.NamedTensorMap = {},
): void {
  const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
  names.forEach((name, i) => {
    const value = tf.engine().registeredVariables[name]!;
    for (const kind of slotKinds) kind.slots[i] ??= { originalName: `${name}/${kind.suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
    const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
    if (gradient == null) return;
    const targets = [value, ...slotKinds.map((kind) => kind.slots[i]!.variable)];
    const inputs: tf.NamedTensorMap = { x: value, g: gradient, ...extraInputs };
    slotKinds.forEach((kind, j) => (inputs[kind.input] = targets[j + 1]!));
    const outputs = tf.engine().runKernel(kernel, inputs, attrs as never) as tf.Tensor[];
    targets.forEach((target, j) => target.assign(outputs[j]!));
    tf.dispose(outputs);
  });
}
