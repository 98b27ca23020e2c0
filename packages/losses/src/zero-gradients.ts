/**
 * Zero gradients for piecewise-constant kernels, so that penalties on D's input gradient can be
 * differentiated again.
 *
 * The first-order gradients of ReLU-family activations, `where`, `clipByValue`, `maximum` and friends
 * are built from comparisons (`LeakyRelu`'s gradient is `where(x > 0, dy, alpha·dy)`). A gradient
 * penalty differentiates those gradients with respect to D's weights, so the comparisons end up on
 * the tape — and TensorFlow.js 4.22 has no gradient registered for `Greater`, `Less`, `Equal`,
 * `LogicalNot`, ... (`Cannot compute gradient: gradient function not found for Greater`). Their
 * outputs are constant almost everywhere, so zero is the right gradient.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernels whose output is locally constant in their inputs, with their input names. Those tfjs
 * already covers (`Step`, `Sign`, `Round`, `Floor`, `Ceil`, `GreaterEqual`) are listed so the set is
 * complete whatever loads first; registration skips them when a gradient exists.
 */
export const ZERO_GRADIENT_KERNELS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Greater: ['a', 'b'],
  GreaterEqual: ['a', 'b'],
  Less: ['a', 'b'],
  LessEqual: ['a', 'b'],
  Equal: ['a', 'b'],
  NotEqual: ['a', 'b'],
  LogicalAnd: ['a', 'b'],
  LogicalOr: ['a', 'b'],
  LogicalXor: ['a', 'b'],
  LogicalNot: ['x'],
  Step: ['x'],
  Sign: ['x'],
  Round: ['x'],
  Floor: ['x'],
  Ceil: ['x'],
});

function zeroGradient(kernelName: string, inputs: readonly string[]): tf.GradConfig {
  return {
    kernelName,
    // The inputs are saved only for their shapes: with broadcasting (`x > 0`) dy has another shape.
    inputsToSave: [...inputs],
    gradFunc: (_dy, saved) => {
      const grads: Record<string, () => tf.Tensor> = {};
      inputs.forEach((name, i) => (grads[name] = () => tf.zeros(saved[i]!.shape, 'float32')));
      return grads;
    },
  };
}

/**
 * Registers a zero gradient for every kernel in {@link ZERO_GRADIENT_KERNELS} that has none, leaving
 * gradients registered by tfjs or anyone else untouched. Idempotent; runs when `@gankit/losses` is
 * imported. The gradient registry is global, so this works for every backend.
 *
 * @returns the kernels registered by this call.
 */
export function registerZeroGradients(): string[] {
  const added: string[] = [];
  for (const [kernelName, inputs] of Object.entries(ZERO_GRADIENT_KERNELS)) {
    if (tf.getGradient(kernelName) != null) continue;
    tf.registerGradient(zeroGradient(kernelName, inputs));
    added.push(kernelName);
  }
  return added;
}
