import '@tensorflow/tfjs-backend-cpu';
import { countParameters, Rng, seededInitializers, type DataSpec, type ModelContext } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlpDiscriminator, mlpGenerator } from './mlp.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function context(data: Pick<DataSpec, 'shape' | 'kind'>, latentDim = 100): ModelContext {
  const rng = new Rng(1);
  return { data: { ...data, size: 1 }, latentDim, rng, init: seededInitializers(rng) };
}

const mnist = { shape: [28, 28, 1], kind: 'image' as const };
const layerTypes = (m: tfl.LayersModel) => m.layers.map((l) => l.getClassName()).filter((n) => n !== 'InputLayer');

describe('mlp-generator and mlp-discriminator', () => {
  it('default to the paper-sized MNIST MLPs: 100-d noise to a 28x28x1 tanh image, image to one score', () => {
    const g = mlpGenerator.create(context(mnist), {});
    const d = mlpDiscriminator.create(context(mnist), {});
    expect(g.inputs[0]!.shape).toEqual([null, 100]);
    expect(g.outputs[0]!.shape).toEqual([null, 28, 28, 1]);
    expect(d.outputs[0]!.shape).toEqual([null, 1]);
    // G: 100*256+256 + 256*512+512 + 512*1024+1024 + 1024*784+784 ; D: 784*1024+1024 + 1024*512+512 + 512*256+256 + 256+1
    expect(countParameters(g)).toBe(25856 + 131584 + 525312 + 803600);
    expect(countParameters(d)).toBe(803840 + 524800 + 131328 + 257);
    expect(layerTypes(g)).toEqual(['Dense', 'LeakyReLU', 'Dense', 'LeakyReLU', 'Dense', 'LeakyReLU', 'Dense', 'Activation', 'Reshape']);
    expect(layerTypes(d).filter((t) => t === 'GankitSeededDropout')).toHaveLength(3);
    const [lo, hi] = tf.tidy(() => {
      const s = g.predict(tf.randomNormal([3, 100], 0, 3, 'float32', 1)) as tf.Tensor;
      return [tf.min(s).dataSync()[0]!, tf.max(s).dataSync()[0]!];
    });
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
    g.dispose();
    d.dispose();
  });

  it('follow their options: widths, ReLU, batch norm, linear output for points, no dropout at rate 0', () => {
    const points = { shape: [2], kind: 'points' as const };
    const g = mlpGenerator.create(context(points, 5), { hidden: [16, 8], activation: 'relu', output: 'linear', batchNorm: true });
    const d = mlpDiscriminator.create(context(points, 5), { hidden: [16], activation: 'relu', dropout: 0 });
    expect(layerTypes(g)).toEqual(['Dense', 'BatchNormalization', 'ReLU', 'Dense', 'BatchNormalization', 'ReLU', 'Dense']);
    expect(layerTypes(d)).toEqual(['Dense', 'ReLU', 'Dense']);
    expect(g.outputs[0]!.shape).toEqual([null, 2]);
    expect(d.inputs[0]!.shape).toEqual([null, 2]);
    g.dispose();
    d.dispose();
  });

  it('refuse misspelt or invalid options, naming each', () => {
    expect(() => mlpGenerator.create(context(mnist), { hiden: [8] } as never)).toThrowError(
      /options of model 'mlp-generator':\n {2}- hiden: expected one of the options hidden, activation, output, batchNorm/,
    );
    expect(() => mlpDiscriminator.create(context(mnist), { dropout: 1.5 })).toThrowError(/options of model 'mlp-discriminator'.*\n.*dropout: expected a number in \[0, 1\), found 1\.5/);
  });
});
