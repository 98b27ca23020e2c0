import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { matches, onBothBackends, randomData } from '../testing/compare_backends.js';
import { convCases, outputShape } from '../testing/conv_cases.js';
import { planSubPixelAxis } from './Conv2DBackpropInput.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe("'Conv2DBackpropInput' on wasm", () => {
  it.each(convCases)('matches cpu: $name', async (c) => {
    const dyShape = outputShape(c);
    const dy = randomData(dyShape, 1);
    const w = randomData(c.filter, 2);
    const r = await onBothBackends(() => tf.engine().runKernel('Conv2DBackpropInput',
      { dy: tf.tensor(dy, dyShape), filter: tf.tensor(w, c.filter) },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x }) as tf.Tensor);
    expect(r.shapes[0]).toEqual(c.x);
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(2e-6 * Math.max(1, r.maxAbs));
  });

  it('matches cpu on channels-first (NCHW) data', async () => {
    const dy = randomData([2, 4, 5, 4], 3);
    const w = randomData([3, 3, 3, 4], 4);
    const r = await onBothBackends(() => tf.engine().runKernel('Conv2DBackpropInput',
      { dy: tf.tensor(dy, [2, 4, 5, 4]), filter: tf.tensor(w, [3, 3, 3, 4]) },
      { strides: 2, pad: 'same', dataFormat: 'NCHW', inputShape: [2, 3, 9, 8] }) as tf.Tensor);
    expect(matches(r)).toBe(true);
  });

  it('runs conv2dTranspose forward and both of its gradients like cpu', async () => {
    const x = randomData([2, 7, 7, 12], 5);
    const w = randomData([5, 5, 6, 12], 6);
    const r = await onBothBackends(() => {
      const f = (xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.square(
        tf.conv2dTranspose(xx as tf.Tensor4D, ww as tf.Tensor4D, [2, 14, 14, 6], 2, 'same')));
      const xt = tf.tensor(x, [2, 7, 7, 12]);
      const wt = tf.tensor(w, [5, 5, 6, 12]);
      return [tf.conv2dTranspose(xt as tf.Tensor4D, wt as tf.Tensor4D, [2, 14, 14, 6], 2, 'same'),
        ...tf.grads(f)([xt, wt])];
    });
    expect(matches(r, 5e-6)).toBe(true);
  });
});

describe('planSubPixelAxis', () => {
  it('splits a 5-tap stride-2 "same" axis (pad 1) into a 2-tap and a 3-tap phase', () => {
    const plan = planSubPixelAxis(14, 7, 5, 2, 1);
    // Even outputs use taps 3 and 1, odd ones 4, 2, 0 (flipped order), both starting one row before dy.
    expect(plan.phases).toEqual([{ taps: [3, 1], offset: -1 }, { taps: [4, 2, 0], offset: -1 }]);
    expect(plan.perPhase).toBe(7);
    expect([plan.mergedLength, plan.mergedOffset]).toEqual([3, -1]);
  });

  it('is the plain flipped filter at stride 1', () => {
    const plan = planSubPixelAxis(7, 7, 5, 1, 2);
    expect(plan.phases).toEqual([{ taps: [4, 3, 2, 1, 0], offset: -2 }]);
  });

  it('leaves a phase without taps when the stride exceeds the filter', () => {
    const plan = planSubPixelAxis(8, 3, 2, 3, 0);
    expect(plan.phases.map((p) => p.taps)).toEqual([[0], [1], []]);
  });
});
