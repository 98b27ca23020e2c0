// @gankit/core's SeededDropout on cpu (its JavaScript mask) and on wasm (@gankit/backend-wasm's
// GankitDropoutMask kernel): the same masks from the same seed, call after call, and the same gradient.
import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { seededDropout } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** Three training calls of a fresh dropout layer (seed 21) on `backend`, and the gradient of the third. */
async function masks(backend: string): Promise<number[][]> {
  await tf.setBackend(backend);
  const layer = seededDropout({ rate: 0.4, seed: 21 });
  const x = tf.ones([16, 7, 7, 5]);
  const out: number[][] = [];
  for (let i = 0; i < 2; i++) out.push(Array.from(tf.tidy(() => (layer.apply(x, { training: true }) as tf.Tensor).dataSync())));
  out.push(Array.from(tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(layer.apply(t, { training: true }) as tf.Tensor))(x).dataSync())));
  x.dispose();
  return out;
}

describe('SeededDropout on wasm', () => {
  it('draws the masks cpu draws from the same seed, through the backend kernel', async () => {
    const cpu = await masks('cpu');
    const before = tf.memory().numTensors;
    const wasm = await masks('wasm');
    expect(tf.memory().numTensors).toBe(before);
    expect(wasm).toEqual(cpu);
    expect(wasm[0]).not.toEqual(wasm[1]);
    const kernels = (await tf.profile(() => seededDropout({ rate: 0.4, seed: 1 }).apply(tf.ones([4, 4]), { training: true }) as tf.Tensor)).kernels.map((k) => k.name);
    expect(kernels).toContain('GankitDropoutMask');
  });
});
