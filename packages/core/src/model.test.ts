import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropoutMask, SeededDropout, seededDropout, SeededGaussianNoise, seededGaussianNoise } from './model.js';
import { Rng } from './rng.js';
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

describe('SeededDropout', () => {
  it('zeroes a share rate of the inputs while training, scales the rest by 1 / (1 - rate), and passes inputs through otherwise', () => {
    const layer = seededDropout({ rate: 0.3, seed: 11 });
    const x = tf.ones([200, 50]);
    const plain = layer.apply(x, { training: false }) as tf.Tensor;
    expect(Array.from(plain.dataSync())).toEqual(Array.from(x.dataSync()));
    const dropped = Array.from((layer.apply(x, { training: true }) as tf.Tensor).dataSync());
    const zeros = dropped.filter((v) => v === 0).length;
    // 10,000 draws: the share of zeros within 4 standard deviations (0.0046) of 0.3.
    expect(Math.abs(zeros / dropped.length - 0.3)).toBeLessThan(0.018);
    expect(new Set(dropped.filter((v) => v !== 0))).toEqual(new Set([Math.fround(1 / 0.7)]));
    tf.dispose([x, plain]);
  });

  it('draws a new mask on every training call, and the same sequence again from a saved config', () => {
    const x = tf.ones([8, 16]);
    const a = seededDropout({ rate: 0.5, seed: 3 });
    const first = a.apply(x, { training: true }) as tf.Tensor;
    const config = a.getConfig(); // saved after one call, as a checkpoint would save it
    const second = a.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(second.dataSync())).not.toEqual(Array.from(first.dataSync()));
    const restored = tf.serialization.SerializationMap.getMap().classNameMap[SeededDropout.className]!;
    const b = restored[1](restored[0], config) as SeededDropout;
    const again = b.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(again.dataSync())).toEqual(Array.from(second.dataSync()));
    const other = seededDropout({ rate: 0.5, seed: 4 }).apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(other.dataSync())).not.toEqual(Array.from(first.dataSync()));
    tf.dispose([x, first, second, again, other]);
  });

  it('keeps every input at rate 0 and none of a mask at a rate near 1', () => {
    expect(dropoutMask(1000, 0, new Rng(1)).every((v) => v === 1)).toBe(true);
    expect(dropoutMask(1000, 1 - 2 ** -20, new Rng(1)).filter((v) => v !== 0).length).toBeLessThan(3);
  });

  it('passes the gradient through the kept inputs only, scaled', () => {
    const layer = seededDropout({ rate: 0.25, seed: 9 });
    const x = tf.ones([4, 25]);
    let mask: Float32Array | undefined;
    const g = tf.grad((t: tf.Tensor) => {
      const y = layer.apply(t, { training: true }) as tf.Tensor;
      mask = y.dataSync() as Float32Array;
      return tf.sum(y);
    })(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from(mask!));
    tf.dispose([x, g]);
  });

  it('rejects a rate outside [0, 1), naming it', () => {
    expect(() => seededDropout({ rate: 1, seed: 1 })).toThrowError(/Dropout rate must be in \[0, 1\), got 1/);
    expect(() => seededDropout({ rate: -0.1, seed: 1 })).toThrowError(/got -0.1/);
  });
});
