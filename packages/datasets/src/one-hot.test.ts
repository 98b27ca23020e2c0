import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { oneHot } from './one-hot.js';

describe('oneHot', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('turns label tensors and arrays into float32 rows, leaking nothing', () => {
    const labels = tf.tensor1d([2, 0], 'int32');
    const before = tf.memory().numTensors;
    const rows = oneHot(labels, 3);
    expect(rows.dtype).toBe('float32');
    expect(rows.shape).toEqual([2, 3]);
    expect(rows.arraySync()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(oneHot(Int32Array.from([1]), 2).arraySync()).toEqual([[0, 1]]);
    expect(tf.memory().numTensors).toBe(before + 2);
    tf.dispose([rows, labels]);
  });

  it('rejects labels outside the classes', () => {
    expect(() => oneHot([0, 3], 3)).toThrow('label 3 at index 1 is not an integer in [0, 3)');
    expect(() => oneHot([0], 0)).toThrow(/numClasses must be a positive integer/);
  });
});
