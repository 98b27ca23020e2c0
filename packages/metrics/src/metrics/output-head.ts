/**
 * Reading one named output of a trained network on the reference examples: what the metrics that judge
 * a discriminator's head (`class-accuracy`, `q-accuracy`) share.
 * @module
 */
import { DataError, yieldToEventLoop, type DataSpec } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * The index of `model`'s output whose layer is named `layer` (tfjs may add a suffix); throws a
 * {@link DataError} naming the outputs there are when none is.
 */
export function namedOutput(model: tfl.LayersModel, layer: string, metric: string): number {
  const head = model.outputs.findIndex((o) => o.sourceLayer.name.startsWith(layer));
  if (head < 0) throw new DataError(`${metric}: the discriminator has no output layer named '${layer}' (outputs: ${model.outputs.map((o) => o.sourceLayer.name).join(', ')})`);
  return head;
}

/**
 * The most likely column of output `head` (restricted to `width` columns from `offset`, default all) for
 * every one of the `n` examples in `x`, run in inference mode 500 at a time, yielding between batches.
 */
export async function headArgMax(model: tfl.LayersModel, head: number, x: Float32Array, n: number, spec: DataSpec, columns?: { offset: number; width: number }): Promise<Int32Array> {
  const row = x.length / n;
  const out = new Int32Array(n);
  for (let start = 0; start < n; start += 500) {
    const m = Math.min(500, n - start);
    const predicted = tf.tidy(() => {
      const batch = tf.tensor(x.subarray(start * row, (start + m) * row), [m, ...spec.shape]);
      const outputs = model.apply(batch, { training: false });
      const scores = (Array.isArray(outputs) ? outputs[head]! : outputs) as tf.Tensor2D;
      return tf.argMax(columns ? tf.slice(scores, [0, columns.offset], [-1, columns.width]) : scores, -1);
    });
    out.set((await predicted.data()) as Int32Array, start);
    predicted.dispose();
    await yieldToEventLoop();
  }
  return out;
}
