import '@tensorflow/tfjs-backend-cpu';
import { ConfigError, Rng, seededInitializers, type ModelContext } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { patchganDiscriminator, resnetGenerator, unetGenerator, wholeHalvings } from './image-to-image.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function context(shape: number[]): ModelContext {
  const rng = new Rng(1);
  return { data: { shape, kind: 'image', size: 1 }, latentDim: 1, rng, init: seededInitializers(rng) };
}
const count = (layers: { getClassName(): string }[], name: string) => layers.filter((l) => l.getClassName() === name).length;

describe('networks sized from the image', () => {
  it('halves only whole sides', () => {
    expect([wholeHalvings(28, 28, 8), wholeHalvings(64, 64, 8), wholeHalvings(256, 256, 8), wholeHalvings(256, 256, 2), wholeHalvings(7, 8, 8)]).toEqual([2, 6, 8, 2, 0]);
  });

  it('builds the paper-size networks at 256x256 (U-Net of 8 levels, 70x70 PatchGAN, 9 residual blocks) and small ones at 28x28', () => {
    const before = tf.memory().numTensors;
    const big = [256, 256, 3];
    const unet = unetGenerator.create(context(big), { filters: 1 });
    expect(count(unet.layers, 'Conv2D')).toBe(8);
    expect(count(unet.layers, 'Concatenate')).toBe(7);
    expect(count(unet.layers, 'GankitSeededDropout')).toBe(3);
    expect(unet.outputs[0]!.shape).toEqual([null, 256, 256, 3]);
    const d = patchganDiscriminator.create(context(big), { filters: 1 });
    expect(d.outputs[0]!.shape).toEqual([null, 32, 32, 1]);
    const resnet = resnetGenerator.create(context(big), { filters: 1 });
    expect(count(resnet.layers, 'Add')).toBe(9);
    expect(resnet.outputs[0]!.shape).toEqual([null, 256, 256, 3]);
    const small = [28, 28, 1];
    const u28 = unetGenerator.create(context(small), {});
    expect(count(u28.layers, 'Conv2D')).toBe(2);
    expect(u28.layers.find((l) => l.getClassName() === 'Conv2D')!.getConfig()['filters']).toBe(32);
    const d28 = patchganDiscriminator.create(context(small), {});
    expect(d28.outputs[0]!.shape).toEqual([null, 7, 7, 1]);
    const r28 = resnetGenerator.create(context(small), {});
    expect(count(r28.layers, 'Add')).toBe(6);
    for (const m of [unet, d, resnet, u28, d28, r28]) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses sizes the image does not allow, naming the option and the range', () => {
    expect(() => unetGenerator.create(context([28, 28, 1]), { depth: 3 })).toThrow(ConfigError);
    expect(() => unetGenerator.create(context([28, 28, 1]), { depth: 3 })).toThrow(/depth.*an integer in \[1, 2\] \(whole halvings of 28×28\)/s);
    expect(() => resnetGenerator.create(context([28, 28, 1]), { downsamplings: 3 })).toThrow(/downsamplings/);
    expect(() => unetGenerator.create(context([7, 7, 1]), {})).toThrow(/cannot be halved/);
    expect(() => patchganDiscriminator.create({ ...context([2]), data: { shape: [2], kind: 'points', size: 1 } }, {})).toThrow(/needs images/);
  });
});
