import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { randomData } from '../testing/compare_backends.js';
import { ADAM_UPDATE, adamScalars, adamUpdateLoop, type AdamArrays } from './AdamUpdate.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** What tfjs's Adam keeps privately: beta^t and the moments, by variable index. */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ variable: tf.Variable }>;
  accumulatedSecondMoment: Array<{ variable: tf.Variable }>;
}

describe(`'${ADAM_UPDATE}' on wasm`, () => {
  it.each([
    ['the DCGAN settings', { learningRate: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 }, [33, 7]],
    ['tfjs defaults, odd size', { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, [5]],
    ['a large learning rate', { learningRate: 0.5, beta1: 0.0, beta2: 0.99, epsilon: 1e-3 }, [4, 3, 2]],
  ])('gives bit for bit the variable and moments of tfjs\'s Adam over 5 steps (%s)', (_name, o, shape) => {
    const start = randomData(shape as number[], 1);
    const stock = tf.variable(tf.tensor(start, shape as number[]));
    const fused = tf.variable(tf.tensor(start, shape as number[]));
    const adam = tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon);
    const internals = adam as unknown as AdamInternals;
    let m: tf.Tensor = tf.zerosLike(fused);
    let v: tf.Tensor = tf.zerosLike(fused);
    const before = tf.memory().numTensors;
    for (let step = 1; step <= 5; step++) {
      // Gradients of several scales, zeros among them.
      const g = tf.tidy(() => tf.mul(tf.tensor(randomData(shape as number[], 10 + step), shape as number[]), step === 3 ? 0 : 10 ** (step - 3)));
      // The fused update reads beta^t before the optimizer advances it.
      const [x1, m1, v1] = tf.engine().runKernel(ADAM_UPDATE, { x: fused, g, m, v, accBeta1: internals.accBeta1, accBeta2: internals.accBeta2 }, o as never) as tf.Tensor[];
      adam.applyGradients([{ name: stock.name, tensor: g }]);
      fused.assign(x1!);
      tf.dispose([m, v, x1!, g]);
      m = m1!;
      v = v1!;
    }
    // Nothing left behind but the two moments the stock optimizer made at its first step.
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(fused.dataSync()).toEqual(stock.dataSync());
    expect(m.dataSync()).toEqual(internals.accumulatedFirstMoment[0]!.variable.dataSync());
    expect(v.dataSync()).toEqual(internals.accumulatedSecondMoment[0]!.variable.dataSync());
    expect(fused.dataSync()).not.toEqual(new Float32Array(start));
    tf.dispose([m, v, stock, fused]);
    adam.dispose();
  });

  it('has a plain JavaScript path (where the SIMD module cannot run) with the same bits', async () => {
    const n = 1003;
    const [x, g, m, v] = [1, 2, 3, 4].map((seed) => randomData([n], seed));
    const vPositive = v!.map(Math.abs);
    const o = { learningRate: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 };
    const [acc1, acc2] = [0.125, Math.fround(0.997)]; // as the float32 scalars hold them
    const loop = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    adamUpdateLoop(adamScalars(o, acc1, acc2), [x!, g!, m!, vPositive, ...loop] as AdamArrays);
    const kernel = tf.engine().runKernel(ADAM_UPDATE, { x: tf.tensor(x!), g: tf.tensor(g!), m: tf.tensor(m!), v: tf.tensor(vPositive), accBeta1: tf.scalar(acc1), accBeta2: tf.scalar(acc2) }, o as never) as tf.Tensor[];
    kernel.forEach((t, i) => expect(t.dataSync(), ['x', 'm', 'v'][i]).toEqual(loop[i]));
  });
});
