import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import '../index.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe("'Identity' on wasm", () => {
  it('shares the data: a clone outlives its source, and both disposed free it', () => {
    const dataBefore = tf.engine().backend.numDataIds();
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    const y = tf.clone(x);
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(y.shape).toEqual([2, 3]);
    y.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(dataBefore);
  });

  it('keeps a variable and its clone apart when the variable is assigned', () => {
    const v = tf.variable(tf.tensor1d([1, 2]));
    const saved = tf.clone(v);
    v.assign(tf.tensor1d([7, 8]));
    expect(Array.from(saved.dataSync())).toEqual([1, 2]);
    expect(Array.from(v.dataSync())).toEqual([7, 8]);
    tf.dispose([v, saved]);
  });

  it('clones int32, bool and string tensors with their values', () => {
    const ints = tf.clone(tf.tensor1d([3, -4], 'int32'));
    const bools = tf.clone(tf.tensor1d([true, false], 'bool'));
    const strings = tf.clone(tf.tensor1d(['a', 'bc'], 'string'));
    expect(Array.from(ints.dataSync())).toEqual([3, -4]);
    expect(Array.from(bools.dataSync())).toEqual([1, 0]);
    expect(strings.arraySync()).toEqual(['a', 'bc']);
  });
});
