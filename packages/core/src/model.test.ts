import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededGaussianNoise, seededGaussianNoise } from './model.js';
import { useBackend } from './test-support/fixtures.js';

beforeAll(async () => {
  await useBackend();
});

describe('SeededGaussianNoise', () => {
  it('adds N(0, stddev^2) noise while training and passes inputs through otherwise', () => {
    const layer = seededGaussianNoise({ stddev: 0.5, seed: 7 });
    const x = tf.ones([200, 50]);
    const plain = layer.apply(x, { training: false }) as tf.Tensor;
    expect(Array.from(plain.dataSync())).toEqual(Array.from(x.dataSync()));
    const noisy = layer.apply(x, { training: true }) as tf.Tensor;
    const noise = tf.sub(noisy, x);
    const { mean, variance } = tf.moments(noise);
    expect(Math.abs(mean.dataSync()[0]!)).toBeLessThan(0.02);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(0.5, 1);
    tf.dispose([x, plain, noisy, noise, mean, variance]);
  });

  it('draws new noise on every training call, and the same sequence again from a saved config', () => {
    const x = tf.zeros([4, 3]);
    const a = seededGaussianNoise({ stddev: 1, seed: 3 });
    const first = a.apply(x, { training: true }) as tf.Tensor;
    const config = a.getConfig(); // saved after one call, as a checkpoint would save it
    const second = a.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(second.dataSync())).not.toEqual(Array.from(first.dataSync()));
    const restored = tf.serialization.SerializationMap.getMap().classNameMap[SeededGaussianNoise.className]!;
    const b = restored[1](restored[0], config) as SeededGaussianNoise;
    const again = b.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(again.dataSync())).toEqual(Array.from(second.dataSync()));
    tf.dispose([x, first, second, again]);
  });

  it('survives a model round trip through JSON (registered for deserialization)', async () => {
    const input = tfl.input({ shape: [2] });
    const model = tfl.model({ inputs: input, outputs: seededGaussianNoise({ stddev: 0.3, seed: 1 }).apply(input) as tfl.SymbolicTensor });
    const json = model.toJSON(undefined, false) as tf.io.ModelJSON['modelTopology'];
    const back = await tfl.models.modelFromJSON({ modelTopology: json });
    expect(back.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'GankitSeededGaussianNoise']);
    expect(back.layers[1]!.getConfig()).toMatchObject({ stddev: 0.3, seed: 1 });
    model.dispose();
    back.dispose();
  });

  it('rejects a negative or non-finite stddev, naming it', () => {
    expect(() => seededGaussianNoise({ stddev: -1, seed: 1 })).toThrowError(/stddev must be a finite number >= 0, got -1/);
    expect(() => seededGaussianNoise({ stddev: Number.NaN, seed: 1 })).toThrowError(/got NaN/);
  });
});
