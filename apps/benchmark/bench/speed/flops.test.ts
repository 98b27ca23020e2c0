import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { alternatingStepFlops, forwardFlops } from './flops.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('forwardFlops', () => {
  it('counts dense, convolution and transposed convolution layers as dcgan_torch.py does', () => {
    const z = tfl.input({ shape: [10] });
    let h = tfl.layers.dense({ units: 4 * 4 * 8, useBias: false }).apply(z) as tfl.SymbolicTensor;
    h = tfl.layers.reshape({ targetShape: [4, 4, 8] }).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.batchNormalization().apply(h) as tfl.SymbolicTensor;
    // transposed: every input pixel (4x4) times the 3x3x8x2 kernel
    h = tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }).apply(h) as tfl.SymbolicTensor;
    // forward: every output pixel (4x4 after stride 2 on 8x8) times the 3x3x2x5 kernel
    h = tfl.layers.conv2d({ filters: 5, kernelSize: 3, strides: 2, padding: 'same' }).apply(h) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: z, outputs: h });
    expect(forwardFlops(model)).toBe(2 * 10 * 128 + 2 * 16 * 9 * 8 * 2 + 2 * 16 * 9 * 2 * 5);
    model.dispose();
  });
});

describe('alternatingStepFlops', () => {
  it("is dcgan_torch.py's 38.4 GFLOP for the standard DCGAN at batch 64", () => {
    const g = 2 * 100 * 7 * 7 * 256 + 2 * 7 * 7 * 256 * 128 * 25 + 2 * 7 * 7 * 128 * 64 * 25 + 2 * 14 * 14 * 64 * 25;
    const d = 2 * 14 * 14 * 64 * 25 + 2 * 7 * 7 * 64 * 128 * 25 + 2 * 7 * 7 * 128;
    expect(alternatingStepFlops(g, d, 64)).toBe(38_421_970_944);
    expect(alternatingStepFlops(1, 1, 1, 2, 1)).toBe(2 * 7 + 6);
  });
});
