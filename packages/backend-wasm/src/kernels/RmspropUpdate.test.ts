import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { randomData } from '../testing/compare_backends.js';
import { stepBesideStock } from '../testing/optimizer_steps.js';
import { RMSPROP_UPDATE, rmspropScalars, rmspropUpdateLoop, type RmspropArrays } from './RmspropUpdate.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** What tfjs's RMSprop keeps privately, by variable index. */
interface RmspropInternals {
  accumulatedMeanSquares: Array<{ variable: tf.Variable }>;
  accumulatedMoments: Array<{ variable: tf.Variable }>;
}

describe(`'${RMSPROP_UPDATE}' on wasm`, () => {
  it.each([
    ['WGAN\'s settings (RMSprop 5e-5, no momentum)', { learningRate: 5e-5, decay: 0.9, momentum: 0, epsilon: 1e-7 }, [33, 7]],
    ['momentum, odd size', { learningRate: 1e-3, decay: 0.95, momentum: 0.9, epsilon: 1e-8 }, [5]],
  ])('gives bit for bit the variable and accumulators of tfjs\'s RMSprop over 5 steps (%s)', (_name, o, shape) => {
    const rmsprop = tf.train.rmsprop(o.learningRate, o.decay, o.momentum, o.epsilon);
    const internals = rmsprop as unknown as RmspropInternals;
    const r = stepBesideStock({
      kernel: RMSPROP_UPDATE,
      attrs: o,
      shape: shape as number[],
      optimizer: rmsprop,
      slotInputs: ['ms', 'mom'],
      stockSlots: () => [internals.accumulatedMeanSquares[0]!.variable, internals.accumulatedMoments[0]!.variable],
    });
    expect(r.leaked).toBe(0);
    expect(r.fused).toEqual(r.stock);
    for (const slot of r.slots) expect(slot.fused).toEqual(slot.stock);
    expect(r.fused).not.toEqual(r.start);
  });

  it('has a plain JavaScript path (where the SIMD module cannot run) with the same bits', () => {
    const n = 1003;
    const [x, g, ms, mom] = [1, 2, 3, 4].map((seed) => randomData([n], seed));
    const msPositive = ms!.map(Math.abs);
    const o = { learningRate: 1e-3, decay: 0.9, momentum: 0.5, epsilon: 1e-7 };
    const loop = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    rmspropUpdateLoop(rmspropScalars(o), [x!, g!, msPositive, mom!, ...loop] as RmspropArrays);
    const values = tf.tidy(() => (tf.engine().runKernel(RMSPROP_UPDATE, { x: tf.tensor(x!), g: tf.tensor(g!), ms: tf.tensor(msPositive), mom: tf.tensor(mom!) }, o as never) as tf.Tensor[]).map((t) => t.dataSync()));
    values.forEach((v, i) => expect(v, ['x', 'ms', 'mom'][i]).toEqual(loop[i]));
  });
});
