// Minibatch discrimination: the wasm kernel of @gankit/backend-wasm and its gradient against the same sum
// composed of tfjs ops; the layer's numbers on batches whose answer is known, on cpu (the ops) and
// wasm (the kernel); save and load.
import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, describe, expect, it } from 'vitest';
import { MINIBATCH_SIMILARITY, MinibatchDiscrimination, minibatchSimilarity, minibatchSimilarityOps } from './minibatch-discrimination.js';

afterAll(async () => {
  await tf.setBackend('cpu');
});

/** The largest absolute difference between two tensors' values. */
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('the GankitMinibatchSimilarity kernel of @gankit/backend-wasm', () => {
  it.each([
    [9, 4, 3],
    [100, 8, 3], // the sgan points preset's batch and layer: 25 groups of four partners, none left over
    [6, 2, 1],
  ])('gives, for m of [%i, %i, %i], the sum and the gradient the composed ops give, and keeps the tensor count', async (n, rows, width) => {
    await tf.setBackend('wasm');
    expect(tf.getKernel(MINIBATCH_SIMILARITY, 'wasm')).toBeDefined();
    // Projections of scale ~0.3, so exp(-L1) spans many values, and a weighting so every output counts.
    const m = tf.randomNormal([n, rows, width], 0, 0.3, 'float32', 7) as tf.Tensor3D;
    const w = tf.randomNormal([n, rows], 0, 1, 'float32', 8);
    const loss = (f: (x: tf.Tensor3D) => tf.Tensor2D) => (x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor3D), w));
    const before = tf.memory().numTensors;
    for (let round = 0; round < 3; round++) {
      tf.tidy(() => {
        const fast = minibatchSimilarity(m);
        const slow = minibatchSimilarityOps(m);
        expect(fast.shape).toEqual([n, rows]);
        // Relative to the sums' scale (up to n - 1): a polynomial exp and another order of additions.
        expect(maxDiff(fast, slow)).toBeLessThan(1e-6 * n);
        const gFast = tf.grad(loss(minibatchSimilarity))(m);
        const gSlow = tf.grad(loss(minibatchSimilarityOps))(m);
        expect(tf.max(tf.abs(gSlow)).dataSync()[0]).toBeGreaterThan(0.1); // a gradient worth comparing
        expect(maxDiff(gFast, gSlow)).toBeLessThan(1e-6 * n * tf.max(tf.abs(gSlow)).dataSync()[0]!);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([m, w]);
  });

  it('names the kernel and the shape it was given for input that is not [batch, rows, width]', async () => {
    await tf.setBackend('wasm');
    const bad = tf.zeros([4, 6]);
    expect(() => tf.engine().runKernel(MINIBATCH_SIMILARITY, { m: bad })).toThrow(/GankitMinibatchSimilarity: expected a float32 tensor \[batch, rows, width\], got float32 \[4, 6\]/);
    bad.dispose();
  });
});

describe('MinibatchDiscrimination', () => {
  it.each(['cpu', 'wasm'])('appends, per kernel, the mean closeness of the other examples, plus the bias (%s)', async (backend) => {
    await tf.setBackend(backend);
    const layer = new MinibatchDiscrimination({ kernels: 2, dims: 3, scale: 4, seed: 1 });
    // Five identical examples: every other example is at distance 0, so each kernel reads 4 · 1 + bias (-1).
    const same = tf.tile(tf.tensor2d([[0.5, -1, 2]]), [5, 1]);
    const y = layer.apply(same) as tf.Tensor;
    expect(y.shape).toEqual([5, 5]);
    expect(Array.from(tf.slice(y, [0, 3], [5, 2]).dataSync()).every((v) => Math.abs(v - 3) < 1e-6)).toBe(true);
    expect(Array.from(tf.slice(y, [0, 0], [5, 3]).dataSync())).toEqual(Array.from(same.dataSync()));
    // Examples far apart in every projection: nobody is close, each kernel reads the bias alone.
    layer.setWeights([tf.fill([3, 6], 1), tf.tensor1d([-1, -1])]);
    const apart = tf.tensor2d([[0, 0, 0], [100, 0, 0], [0, 200, 0]]);
    const z = layer.apply(apart) as tf.Tensor;
    expect(Array.from(tf.slice(z, [0, 3], [3, 2]).dataSync())).toEqual([-1, -1, -1, -1, -1, -1]);
    tf.dispose([same, y, apart, z]);
    layer.dispose();
  });

  it('trains: its projection and bias get gradients', async () => {
    await tf.setBackend('wasm');
    const layer = new MinibatchDiscrimination({ kernels: 3, dims: 2, seed: 2 });
    const x = tf.randomNormal([6, 4], 0, 1, 'float32', 3);
    tf.dispose(layer.apply(x) as tf.Tensor);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar, layer.trainableWeights.map((v) => v.read() as tf.Variable));
    const norms = Object.values(grads).map((g) => tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0]!));
    expect(norms).toHaveLength(2);
    expect(norms.every((n) => n > 0)).toBe(true);
    tf.dispose([x, value, ...Object.values(grads)]);
    layer.dispose();
  });

  it('survives a save and load of its model (registered for serialization)', async () => {
    await tf.setBackend('cpu');
    const input = tfl.input({ shape: [4] });
    const output = new MinibatchDiscrimination({ kernels: 3, dims: 2, seed: 5, name: 'mbd' }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    expect(JSON.stringify(saved!.modelTopology)).toContain('GankitMinibatchDiscrimination');
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 6);
    const a = model.predict(x) as tf.Tensor;
    const b = loaded.predict(x) as tf.Tensor;
    expect(b.shape).toEqual([5, 7]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    expect((loaded.layers[1] as MinibatchDiscrimination).kernels).toBe(3);
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('refuses kernel counts and lengths that are not positive integers, and scales that are not positive', () => {
    expect(() => new MinibatchDiscrimination({ kernels: 0, dims: 3 })).toThrow(/kernels must be a positive integer, got 0/);
    expect(() => new MinibatchDiscrimination({ kernels: 2, dims: 1.5 })).toThrow(/dims must be a positive integer, got 1.5/);
    expect(() => new MinibatchDiscrimination({ kernels: 2, dims: 2, scale: 0 })).toThrow(/scale must be a finite number > 0, got 0/);
  });
});
