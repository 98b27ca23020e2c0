import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { randomData } from '../testing/compare_backends.js';
import { stepBesideStock } from '../testing/optimizer_steps.js';
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
    const adam = tf.train.adam(o.learningRate, o.beta1, o.beta2, o.epsilon);
    const internals = adam as unknown as AdamInternals;
    const r = stepBesideStock({
      kernel: ADAM_UPDATE,
      attrs: o,
      shape: shape as number[],
      optimizer: adam,
      slotInputs: ['m', 'v'],
      stockSlots: () => [internals.accumulatedFirstMoment[0]!.variable, internals.accumulatedSecondMoment[0]!.variable],
      // The fused update reads beta^t before the optimizer advances it.
      extraInputs: () => ({ accBeta1: internals.accBeta1, accBeta2: internals.accBeta2 }),
    });
    expect(r.leaked).toBe(0);
    expect(r.fused).toEqual(r.stock);
    for (const slot of r.slots) expect(slot.fused).toEqual(slot.stock);
    expect(r.fused).not.toEqual(r.start);
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
