import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { InstanceNormalization, instanceNormalization } from './instance-norm.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A seeded [2, 3, 4, 2] input and a fixed random projection, so the loss depends on every output. */
function fixture() {
  const x = tf.randomNormal([2, 3, 4, 2], 0.5, 2, 'float32', 1);
  const w = tf.randomNormal([2, 3, 4, 2], 0, 1, 'float32', 2);
  return { x, w };
}

describe('InstanceNormalization', () => {
  it('normalizes each example and channel over height and width, then scales and shifts', () => {
    const layer = instanceNormalization({ epsilon: 1e-5 });
    const { x, w } = fixture();
    const y = layer.apply(x) as tf.Tensor;
    const { mean, variance } = tf.moments(y, [1, 2]);
    expect(Array.from(mean.dataSync()).every((m) => Math.abs(m) < 1e-5)).toBe(true);
    expect(Array.from(variance.dataSync()).every((v) => Math.abs(v - 1) < 1e-3)).toBe(true);
    layer.setWeights([tf.tensor1d([2, 3]), tf.tensor1d([1, -1])]);
    const z = layer.apply(x) as tf.Tensor;
    const zm = tf.moments(z, [1, 2]);
    expect(Array.from(zm.mean.dataSync()).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([1, -1, 1, -1]);
    expect(Array.from(zm.variance.dataSync()).map((v) => Math.round(v * 100) / 100)).toEqual([4, 9, 4, 9]);
    tf.dispose([x, w, y, mean, variance, z, zm.mean, zm.variance]);
    layer.dispose();
  });

  it('has gradients (input, scale, shift) equal to central finite differences', () => {
    const layer = instanceNormalization();
    const { x, w } = fixture();
    tf.dispose(layer.apply(x) as tf.Tensor); // builds
    const gamma = [1.5, 0.7];
    const beta = [0.2, -0.3];
    /** The loss sum(sin(layer(input)) · w) with the layer's weights set to plain numbers. */
    const loss = (input: tf.Tensor, g: number[], b: number[]): number => {
      layer.setWeights([tf.tensor1d(g), tf.tensor1d(b)]);
      const value = tf.tidy(() => tf.sum(tf.mul(tf.sin(layer.apply(input) as tf.Tensor), w)));
      const out = value.dataSync()[0]!;
      value.dispose();
      return out;
    };
    layer.setWeights([tf.tensor1d(gamma), tf.tensor1d(beta)]);
    const f = (input: tf.Tensor) => tf.sum(tf.mul(tf.sin(layer.apply(input) as tf.Tensor), w)) as tf.Scalar;
    const dx = tf.grad(f)(x).dataSync().slice();
    const { grads } = tf.variableGrads(() => f(x), layer.trainableWeights.map((v) => v.read() as tf.Variable));
    const [dGamma, dBeta] = Object.values(grads).map((t) => t.dataSync().slice());
    tf.dispose(Object.values(grads));
    // Central differences with h = 1e-2 in float32 agree with the analytic gradient to about 1e-3.
    const h = 1e-2;
    const close = (numeric: number, analytic: number, what: string) =>
      expect(Math.abs(numeric - analytic), `${what}: numeric ${numeric}, analytic ${analytic}`).toBeLessThan(5e-3 * Math.max(1, Math.abs(numeric)));
    const xs = x.dataSync().slice();
    for (const i of [0, 5, 11, 17, 23, 30, 41, 47]) {
      const plus = xs.slice();
      const minus = xs.slice();
      plus[i]! += h;
      minus[i]! -= h;
      const numeric = (loss(tf.tensor(plus, x.shape), gamma, beta) - loss(tf.tensor(minus, x.shape), gamma, beta)) / (2 * h);
      close(numeric, dx[i]!, `x[${i}]`);
    }
    for (let c = 0; c < 2; c++) {
      const at = (v: number[], d: number) => v.map((e, j) => (j === c ? e + d : e));
      close((loss(x, at(gamma, h), beta) - loss(x, at(gamma, -h), beta)) / (2 * h), dGamma![c]!, `gamma[${c}]`);
      close((loss(x, gamma, at(beta, h)) - loss(x, gamma, at(beta, -h))) / (2 * h), dBeta![c]!, `beta[${c}]`);
    }
    tf.dispose([x, w]);
    layer.dispose();
  });

  it('survives a save and load of its model (registered for serialization)', async () => {
    const input = tfl.input({ shape: [4, 4, 3] });
    const output = new InstanceNormalization({ epsilon: 1e-3, name: 'norm' }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    model.layers[1]!.setWeights([tf.tensor1d([1, 2, 3]), tf.tensor1d([0, 0.5, 1])]);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    expect(JSON.stringify(saved!.modelTopology)).toContain('GankitInstanceNormalization');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 3);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect((loaded.layers[1] as InstanceNormalization).epsilon).toBe(1e-3);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});
