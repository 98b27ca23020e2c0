import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import { onBothBackends, randomData } from './testing/compare_backends.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** A tiny DCGAN: the layer types of the real one (Dense, BN, LeakyReLU, ConvT s2, tanh; Conv s2, Dropout). */
function tinyGan(dropout: number) {
  const G = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [8], units: 4 * 4 * 6, useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: 0.3 }),
      tfl.layers.reshape({ targetShape: [4, 4, 6] }),
      tfl.layers.conv2dTranspose({ filters: 5, kernelSize: 5, strides: 1, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: 0.3 }),
      tfl.layers.conv2dTranspose({ filters: 3, kernelSize: 5, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.leakyReLU({ alpha: 0.3 }),
      tfl.layers.conv2dTranspose({ filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh' }),
    ],
  });
  const D = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [16, 16, 1], filters: 6, kernelSize: 5, strides: 2, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: 0.3 }),
      tfl.layers.dropout({ rate: dropout }),
      tfl.layers.conv2d({ filters: 7, kernelSize: 5, strides: 2, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: 0.3 }),
      tfl.layers.dropout({ rate: dropout }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1 }),
    ],
  });
  const vars = (m: tfl.Sequential) => m.trainableWeights.map((w) => w.read() as tf.Variable);
  return { G, D, gVars: vars(G), dVars: vars(D) };
}

const bce = (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;

describe('training on wasm', () => {
  it('trains a small conv GAN with a constant tensor count, and D learns', async () => {
    await tf.setBackend('wasm');
    const { G, D, gVars, dVars } = tinyGan(0.3);
    const gOpt = tf.train.adam(1e-3);
    const dOpt = tf.train.adam(1e-3);
    const batch = 8;
    const real = tf.tensor(randomData([batch, 16, 16, 1], 1), [batch, 16, 16, 1]);
    const ones = tf.ones([batch, 1]);
    const zeros = tf.zeros([batch, 1]);
    const counts: number[] = [];
    const dLosses: number[] = [];
    for (let step = 0; step < 8; step++) {
      const fake = tf.tidy(() => G.apply(tf.randomNormal([batch, 8], 0, 1, 'float32', step), { training: true }) as tf.Tensor);
      const dLoss = dOpt.minimize(() => tf.add(
        bce(ones, D.apply(real, { training: true }) as tf.Tensor),
        bce(zeros, D.apply(fake, { training: true }) as tf.Tensor)) as tf.Scalar, true, dVars);
      fake.dispose();
      const gLoss = gOpt.minimize(() => bce(ones, D.apply(
        G.apply(tf.randomNormal([batch, 8], 0, 1, 'float32', 100 + step), { training: true }), { training: true }) as tf.Tensor),
      true, gVars);
      dLosses.push(dLoss!.dataSync()[0]!);
      expect(Number.isFinite(gLoss!.dataSync()[0])).toBe(true);
      tf.dispose([dLoss!, gLoss!]);
      counts.push(tf.memory().numTensors);
    }
    // Adam creates its slots on the first step; from then on nothing may pile up.
    expect(new Set(counts.slice(1)).size).toBe(1);
    expect(dLosses.every(Number.isFinite)).toBe(true);

    // D alone against a fixed fake batch: its loss must go down.
    const fake = tf.tidy(() => G.apply(tf.randomNormal([batch, 8], 0, 1, 'float32', 7)) as tf.Tensor);
    const dOnly = () => tf.add(bce(ones, D.apply(real) as tf.Tensor), bce(zeros, D.apply(fake) as tf.Tensor)) as tf.Scalar;
    const before = tf.tidy(() => dOnly().dataSync()[0]!);
    for (let i = 0; i < 20; i++) dOpt.minimize(dOnly, false, dVars);
    const after = tf.tidy(() => dOnly().dataSync()[0]!);
    expect(after).toBeLessThan(before);
    tf.dispose([real, ones, zeros, fake]);
    gOpt.dispose();
    dOpt.dispose();
    G.dispose();
    D.dispose();
  });

  it("gives every generator weight the same gradient as cpu (BN in training mode, no dropout)", async () => {
    const { G, D, gVars } = tinyGan(0);
    const z = randomData([6, 8], 2);
    const r = await onBothBackends(() => {
      const { grads } = tf.variableGrads(() =>
        bce(tf.ones([6, 1]), D.apply(G.apply(tf.tensor(z, [6, 8]), { training: true }), { training: true }) as tf.Tensor), gVars);
      return gVars.map((v) => grads[v.name]!);
    });
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, r.maxAbs));
    G.dispose();
    D.dispose();
  });
});
