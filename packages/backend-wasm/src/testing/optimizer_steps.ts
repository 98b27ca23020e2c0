// Test helper (not part of the build): a fused optimizer kernel stepped beside a stock tfjs optimizer.
import * as tf from '@tensorflow/tfjs-core';

import { randomData } from './compare_backends.js';

/** What {@link stepBesideStock} compares. */
export interface OptimizerComparison {
  /** The variable after the kernel's updates and after the stock optimizer's. */
  fused: Float32Array;
  stock: Float32Array;
  /** Each slot (moment, mean square, ...) after the kernel's updates and in the stock optimizer. */
  slots: Array<{ fused: Float32Array; stock: Float32Array }>;
  /** The variable before the first update. */
  start: Float32Array;
  /** Tensors left behind beyond the stock optimizer's own slot variables. */
  leaked: number;
}

/**
 * Applies 5 seeded gradients of several scales (zeros among them) to two copies of a variable: one
 * through `kernel` (inputs `x`, `g`, `slotInputs` and `extraInputs()`, read before the stock optimizer
 * moves; outputs the variable, then the slots), one through `optimizer`. `stockSlots()` reads the
 * stock optimizer's slot variables afterwards, in `slotInputs` order.
 */
export function stepBesideStock(o: {
  kernel: string;
  attrs: Record<string, number>;
  shape: number[];
  optimizer: tf.Optimizer;
  slotInputs: string[];
  stockSlots: () => tf.Variable[];
  extraInputs?: () => tf.NamedTensorMap;
}): OptimizerComparison {
  const start = randomData(o.shape, 1);
  const stock = tf.variable(tf.tensor(start, o.shape));
  const fused = tf.variable(tf.tensor(start, o.shape));
  let slots: tf.Tensor[] = o.slotInputs.map(() => tf.zerosLike(fused));
  const before = tf.memory().numTensors;
  for (let step = 1; step <= 5; step++) {
    const g = tf.tidy(() => tf.mul(tf.tensor(randomData(o.shape, 10 + step), o.shape), step === 3 ? 0 : 10 ** (step - 3)));
    const inputs: tf.NamedTensorMap = { x: fused, g, ...(o.extraInputs?.() ?? {}) };
    o.slotInputs.forEach((name, i) => (inputs[name] = slots[i]!));
    const [x1, ...slots1] = tf.engine().runKernel(o.kernel, inputs, o.attrs as never) as tf.Tensor[];
    o.optimizer.applyGradients([{ name: stock.name, tensor: g }]);
    fused.assign(x1!);
    tf.dispose([...slots, x1!, g]);
    slots = slots1;
  }
  const leaked = tf.memory().numTensors - before - o.slotInputs.length;
  const result: OptimizerComparison = {
    fused: Float32Array.from(fused.dataSync()),
    stock: Float32Array.from(stock.dataSync()),
    slots: slots.map((s, i) => ({ fused: Float32Array.from(s.dataSync()), stock: Float32Array.from(o.stockSlots()[i]!.dataSync()) })),
    start,
    leaked,
  };
  tf.dispose([...slots, stock, fused]);
  o.optimizer.dispose();
  return result;
}
