// The other networks gankit ships, each differentiated on cpu and on wasm: every kernel their
// training needs must exist on wasm and give the same gradients.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import { onBothBackends, randomData } from './testing/compare_backends.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const weights = (m: tfl.LayersModel) => m.trainableWeights.map((w) => w.read() as tf.Variable);

/** Gradients of `loss` w.r.t. `vars` on both backends. */
async function gradientsOnBoth(vars: tf.Variable[], loss: () => tf.Scalar) {
  return onBothBackends(() => {
    const { grads } = tf.variableGrads(loss, vars);
    return vars.map((v) => grads[v.name]!);
  });
}

describe('networks train on wasm like on cpu', () => {
  it('MLP GAN: Dense, LeakyReLU, Dropout (off), sigmoid + binary cross-entropy', async () => {
    const G = tfl.sequential({ layers: [
      tfl.layers.dense({ inputShape: [10], units: 24 }), tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.dense({ units: 12, activation: 'tanh' })] });
    const D = tfl.sequential({ layers: [
      tfl.layers.dense({ inputShape: [12], units: 24 }), tfl.layers.leakyReLU({ alpha: 0.2 }), tfl.layers.dropout({ rate: 0 }),
      tfl.layers.dense({ units: 1, activation: 'sigmoid' })] });
    const z = randomData([9, 10], 1);
    const r = await gradientsOnBoth([...weights(G), ...weights(D)], () => tf.mean(tfl.metrics.binaryCrossentropy(
      tf.ones([9, 1]), D.apply(G.apply(tf.tensor(z, [9, 10]), { training: true }), { training: true }) as tf.Tensor)) as tf.Scalar);
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, r.maxAbs));
  });

  it('WGAN critic: conv critic, gradient penalty (second-order), clipping', async () => {
    const C = tfl.sequential({ layers: [
      tfl.layers.conv2d({ inputShape: [12, 12, 1], filters: 5, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh' }),
      tfl.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' }),
      tfl.layers.flatten(), tfl.layers.dense({ units: 1 })] });
    const real = randomData([4, 12, 12, 1], 2);
    const fake = randomData([4, 12, 12, 1], 3);
    const r = await gradientsOnBoth(weights(C), () => {
      const x = tf.tensor(real, [4, 12, 12, 1]);
      const xf = tf.tensor(fake, [4, 12, 12, 1]);
      const mix = tf.add(tf.mul(x, 0.4), tf.mul(xf, 0.6));
      const g = tf.grad((m: tf.Tensor) => tf.sum(C.apply(m) as tf.Tensor))(mix);
      const penalty = tf.mean(tf.square(tf.sub(tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12)), 1)));
      const wDistance = tf.sub(tf.mean(C.apply(xf) as tf.Tensor), tf.mean(C.apply(x) as tf.Tensor));
      return tf.add(wDistance, tf.mul(penalty, 10)) as tf.Scalar;
    });
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, r.maxAbs));
    const clipped = await onBothBackends(() => weights(C).map((v) => tf.clipByValue(v, -0.01, 0.01)));
    expect(clipped.maxDiff).toBe(0);
  });

  it('conditional GAN: Embedding + concatenate, BN, ConvT', async () => {
    const z = tfl.input({ shape: [6] });
    const label = tfl.input({ shape: [1] });
    const embedded = tfl.layers.flatten().apply(tfl.layers.embedding({ inputDim: 10, outputDim: 5 }).apply(label));
    const h = tfl.layers.concatenate().apply([z, embedded as tfl.SymbolicTensor]);
    const dense = tfl.layers.dense({ units: 4 * 4 * 3 }).apply(h);
    const bn = tfl.layers.batchNormalization().apply(dense);
    const img = tfl.layers.reshape({ targetShape: [4, 4, 3] }).apply(bn);
    const out = tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' })
      .apply(img) as tfl.SymbolicTensor;
    const G = tfl.model({ inputs: [z, label], outputs: out });
    const zs = randomData([8, 6], 4);
    const r = await gradientsOnBoth(weights(G), () => {
      const y = G.apply([tf.tensor(zs, [8, 6]), tf.tensor2d([[1], [2], [3], [3], [9], [0], [2], [3]])], { training: true });
      return tf.mean(tf.square(tf.sub(y as tf.Tensor, 0.5))) as tf.Scalar;
    });
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, r.maxAbs));
  });
});
