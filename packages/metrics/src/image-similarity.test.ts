import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { meanAbsoluteError, psnr, PSNR_CAP, ssim } from './image-similarity.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shape = [12, 12, 1] as const;
/** Two 12x12 images: a gradient and a checkerboard, in [-1, 1]. */
function images(): Float32Array {
  const x = new Float32Array(2 * 144);
  for (let p = 0; p < 144; p++) {
    x[p] = (p % 12) / 5.5 - 1;
    x[144 + p] = (Math.floor(p / 12) + (p % 12)) % 2 === 0 ? 0.8 : -0.8;
  }
  return x;
}

describe('image similarity', () => {
  it('scores identical images as perfect', () => {
    const x = images();
    expect(meanAbsoluteError(x, x, shape).mean).toBe(0);
    expect(psnr(x, x, shape).mean).toBe(PSNR_CAP);
    expect(ssim(x, x, shape).mean).toBeCloseTo(1, 5);
  });

  it('gives the hand-worked values for a constant offset', () => {
    const x = images();
    const y = x.map((v) => v + 0.2);
    // L1 on the [-1, 1] scale is the offset; on [0, 1] the offset is 0.1, MSE 0.01, PSNR 20 dB.
    expect(meanAbsoluteError(x, y, shape).mean).toBeCloseTo(0.2, 6);
    expect(psnr(x, y, shape).mean).toBeCloseTo(20, 4);
    // SSIM of a shifted image: the structure term is 1, the luminance term is below 1.
    const s = ssim(x, y, shape);
    expect(s.mean).toBeLessThan(1);
    expect(s.mean).toBeGreaterThan(0.9);
  });

  it('puts a structural change far below a brightness change of the same size', () => {
    const x = images();
    const flipped = x.map((v, i) => (i >= 144 ? -v : v)); // the checkerboard inverted
    const s = ssim(x, flipped, shape);
    expect(s.perImage[0]).toBeCloseTo(1, 5);
    expect(s.perImage[1]).toBeLessThan(0);
    expect(ssim(x, x.map((v) => v + 0.2), shape).mean).toBeGreaterThan(s.mean);
    expect(() => psnr(x, x.subarray(0, 144), shape)).toThrow(/not the same whole number of images/);
    const before = tf.memory().numTensors;
    ssim(x, flipped, shape);
    expect(tf.memory().numTensors).toBe(before);
  });
});
