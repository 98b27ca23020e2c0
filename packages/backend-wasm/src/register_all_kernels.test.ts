import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import { addedKernelNames, registerWasmTrainingKernels, replacedKernelNames, wasmTrainingKernelNames } from './index.js';

describe('registerWasmTrainingKernels', () => {
  it('names what it adds and what it replaces', () => {
    expect(addedKernelNames).toEqual(['Conv2DBackpropFilter', 'UnsortedSegmentSum', 'GankitAdamUpdate', 'GankitRmspropUpdate', 'GankitMinibatchSimilarity', 'GankitMinibatchSimilarityGrad', 'GankitLeakyReluGrad', 'GankitDropoutMask']);
    expect([...replacedKernelNames].sort()).toEqual(
      ['BatchMatMul', 'Conv2DBackpropInput', 'GatherV2', 'Identity', 'LeakyRelu', 'Mean', 'Sum', 'Tanh', 'Tile', 'Transpose']);
    expect(wasmTrainingKernelNames).toEqual([...addedKernelNames, ...replacedKernelNames]);
  });

  it('is idempotent and keeps the replaced kernels\' wasm setup', async () => {
    const before = wasmTrainingKernelNames.map((name) => tf.getKernel(name, 'wasm'));
    registerWasmTrainingKernels();
    registerWasmTrainingKernels();
    const after = wasmTrainingKernelNames.map((name) => tf.getKernel(name, 'wasm'));
    expect(after).toEqual(before);
    // Every replaced kernel but Identity binds a wasm function when the backend starts (wasm's Identity is JavaScript).
    for (const name of replacedKernelNames.filter((n) => n !== 'Identity')) expect(tf.getKernel(name, 'wasm')?.setupFunc, name).toBeTypeOf('function');
    // The fallbacks reach the originals (set up when the backend starts): a bool tile is the wasm kernel's.
    await tf.setBackend('wasm');
    expect(Array.from(tf.tile(tf.tensor1d([true, false], 'bool'), [2]).dataSync())).toEqual([1, 0, 1, 0]);
  });

  it('registers nothing for other backends', () => {
    for (const name of wasmTrainingKernelNames) {
      const cpu = tf.getKernel(name, 'cpu');
      expect(cpu?.kernelFunc).not.toBe(tf.getKernel(name, 'wasm')?.kernelFunc);
    }
  });
});
