import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { matches, onBothBackends, randomData } from '../testing/compare_backends.js';
import { convCases, outputShape } from '../testing/conv_cases.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe("'Conv2DBackpropFilter' on wasm", () => {
  it.each(convCases)('matches cpu: $name', async (c) => {
    const dyShape = outputShape(c);
    const x = randomData(c.x, 1);
    const dy = randomData(dyShape, 2);
    const r = await onBothBackends(() => tf.engine().runKernel('Conv2DBackpropFilter',
      { x: tf.tensor(x, c.x), dy: tf.tensor(dy, dyShape) },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter }) as tf.Tensor);
    expect(r.shapes[0]).toEqual(c.filter);
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBeLessThanOrEqual(2e-6 * Math.max(1, r.maxAbs));
  });

  it('matches cpu on channels-first (NCHW) data', async () => {
    const x = randomData([2, 3, 9, 8], 3);
    const dy = randomData([2, 4, 5, 4], 4);
    const r = await onBothBackends(() => tf.engine().runKernel('Conv2DBackpropFilter',
      { x: tf.tensor(x, [2, 3, 9, 8]), dy: tf.tensor(dy, [2, 4, 5, 4]) },
      { strides: 2, pad: 'same', dataFormat: 'NCHW', filterShape: [3, 3, 3, 4] }) as tf.Tensor);
    expect(matches(r)).toBe(true);
  });

  it('gives conv2d the same filter gradient as cpu through tf.grads', async () => {
    const x = randomData([2, 14, 14, 6], 5);
    const w = randomData([5, 5, 6, 10], 6);
    const r = await onBothBackends(() => {
      const f = (xx: tf.Tensor, ww: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 2, 'same')));
      return tf.grads(f)([tf.tensor(x, [2, 14, 14, 6]), tf.tensor(w, [5, 5, 6, 10])]);
    });
    expect(matches(r, 5e-6)).toBe(true);
  });
});
