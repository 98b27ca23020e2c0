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

/** Whether `model` normalizes with batch statistics in training (a batch-norm layer anywhere in it). */
export function hasBatchNorm(model: tfl.LayersModel): boolean {
  return model.layers.some((layer) => layer.getClassName() === 'BatchNormalization');
}

/** Layers that training mode makes random (tfjs's and gankit's seeded ones). */
const STOCHASTIC_LAYERS = new Set(['Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'AlphaDropout', 'GaussianDropout', 'GaussianNoise', 'GankitSeededDropout', 'GankitSeededGaussianNoise']);

/**
 * The layers of `model` that training mode would make random (dropout, noise): with any of them, a
 * score in training mode ({@link headArgMax}'s `'batch'` statistics) is not the network's answer.
 */
export function stochasticLayers(model: tfl.LayersModel): string[] {
  return model.layers.filter((layer) => STOCHASTIC_LAYERS.has(layer.getClassName())).map((layer) => layer.name);
}

/**
 * The most likely column of output `head` (restricted to `width` columns from `offset`, default all) for
 * every one of the `n` examples in `x`, 500 at a time, yielding between batches.
 *
 * `statistics` says what a batch-norm layer normalizes with: `'moving'` (the default) runs the model in
 * inference mode, on the moving averages training kept; `'batch'` runs it in training mode, so each
 * batch of 500 examples is normalized by its own mean and variance, as a batch of real examples is when
 * D trains. Training mode also updates the moving averages; they are put back before this returns, so
 * the model is left as it was.
 */
export async function headArgMax(
  model: tfl.LayersModel,
  head: number,
  x: Float32Array,
  n: number,
  spec: DataSpec,
  columns?: { offset: number; width: number },
  statistics: 'moving' | 'batch' = 'moving',
): Promise<Int32Array> {
  const row = x.length / n;
  const out = new Int32Array(n);
  const kept = statistics === 'batch' ? model.nonTrainableWeights.map((w) => w.read().clone()) : [];
  try {
    for (let start = 0; start < n; start += 500) {
      const m = Math.min(500, n - start);
      const predicted = tf.tidy(() => {
        const batch = tf.tensor(x.subarray(start * row, (start + m) * row), [m, ...spec.shape]);
        const outputs = model.apply(batch, { training: statistics === 'batch' });
        const scores = (Array.isArray(outputs) ? outputs[head]! : outputs) as tf.Tensor2D;
        return tf.argMax(columns ? tf.slice(scores, [0, columns.offset], [-1, columns.width]) : scores, -1);
      });
      out.set((await predicted.data()) as Int32Array, start);
      predicted.dispose();
      await yieldToEventLoop();
    }
  } finally {
    kept.forEach((value, i) => model.nonTrainableWeights[i]!.write(value));
    tf.dispose(kept);
  }
  return out;
}
