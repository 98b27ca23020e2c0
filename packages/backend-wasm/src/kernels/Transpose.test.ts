import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

import { onBothBackends, randomData } from '../testing/compare_backends.js';
import { asMatrixTranspose } from './Transpose.js';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe("'Transpose' on wasm", () => {
  it.each([
    [[1, 1], [1, 0]],
    [[3, 5], [1, 0]],
    [[4, 4], [1, 0]],
    [[7, 9], [1, 0]],
    [[64, 100], [1, 0]],
    [[256, 128], [1, 0]],
    [[1, 17], [1, 0]],
    [[17, 1], [1, 0]],
    [[6, 5, 3], [1, 2, 0]],
    [[6, 5, 3], [2, 0, 1]],
    [[2, 3, 4, 5], [2, 3, 0, 1]],
    [[2, 3, 4, 5], [0, 2, 1, 3]], // not a block swap: the wasm kernel
    [[2, 3, 4, 5], [3, 1, 2, 0]],
  ])('moves every element as cpu does: shape %j, perm %j', async (shape, perm) => {
    const r = await onBothBackends(() => tf.transpose(tf.tensor(randomData(shape, 3), shape), perm));
    expect(r.leaked).toBe(0);
    expect(r.maxDiff).toBe(0);
    expect(r.shapes[0]).toEqual(perm.map((p) => shape[p]));
  });

  it('leaves int32 and bool tensors to the wasm kernel, unchanged in value', async () => {
    const r = await onBothBackends(() => [tf.cast(tf.transpose(tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32')), 'float32'), tf.cast(tf.transpose(tf.tensor2d([[1, 0], [0, 0]], [2, 2], 'bool')), 'float32')]);
    expect(r.maxDiff).toBe(0);
    expect(Array.from(r.wasm[0]!)).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('recognises the permutations that are matrix transposes', () => {
    expect(asMatrixTranspose([3, 5], [1, 0])).toEqual([3, 5]);
    expect(asMatrixTranspose([2, 3, 4], [1, 2, 0])).toEqual([2, 12]);
    expect(asMatrixTranspose([2, 3, 4], [2, 0, 1])).toEqual([6, 4]);
    expect(asMatrixTranspose([2, 3, 4], [0, 1, 2])).toBeNull();
    expect(asMatrixTranspose([2, 3, 4], [0, 2, 1])).toBeNull();
    expect(asMatrixTranspose([5], [0])).toBeNull();
  });
});
