import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { ConfigError, Rng, countParameters, models, seededInitializers, type ModelContext, type VariantConfig } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { dcganNetworkIssues, imageLayout } from './index.js';

beforeAll(async () => {
  await tf.setBackend('wasm'); // the default backend, with @gankit/backend-wasm's training kernels
});

function context(shape: number[], latentDim = 100, numClasses?: number): ModelContext {
  const rng = new Rng(1);
  return {
    data: { shape, kind: 'image', size: 1, ...(numClasses ? { numClasses } : {}) },
    latentDim,
    rng,
    init: seededInitializers(rng),
    ...(numClasses ? { numClasses } : {}),
  };
}

function layerTypes(model: tfl.LayersModel): string[] {
  return model.layers.map((l) => l.getClassName()).filter((n) => n !== 'InputLayer');
}

describe('imageLayout', () => {
  it('computes the start size and the number of stride-2 upsamplings from the image shape', () => {
    expect(imageLayout([28, 28, 1])).toMatchObject({ start: [7, 7], upsamplings: 2, channels: 1 });
    expect(imageLayout([32, 32, 3])).toMatchObject({ start: [4, 4], upsamplings: 3, channels: 3 });
    expect(imageLayout([64, 64, 3])).toMatchObject({ start: [4, 4], upsamplings: 4 });
    expect(imageLayout([8, 8, 1])).toMatchObject({ start: [4, 4], upsamplings: 1 });
    expect(imageLayout([28, 32, 1])).toMatchObject({ start: [7, 8], upsamplings: 2 });
  });

  it('refuses shapes it cannot make, saying what would work', () => {
    for (const shape of [[27, 27, 1], [7, 7, 1], [6, 6, 3], [2], [28, 28]]) {
      expect(() => imageLayout(shape)).toThrowError(ConfigError);
    }
    expect(() => imageLayout([27, 27, 1])).toThrowError(/\(data\)\.shape: expected height and width that halve .*28x28, 32x32, 64x64.*found '\[27, 27, 1\]'/);
  });
});

describe('dcgan networks', () => {
  it('are exactly the reference MNIST model for 28x28x1 (layers and parameter counts)', () => {
    const g = models.get('dcgan-generator').create(context([28, 28, 1]), {});
    const d = models.get('dcgan-discriminator').create(context([28, 28, 1]), {});
    expect(layerTypes(g)).toEqual([
      'Dense', 'BatchNormalization', 'LeakyReLU', 'Reshape',
      'Conv2DTranspose', 'BatchNormalization', 'LeakyReLU',
      'Conv2DTranspose', 'BatchNormalization', 'LeakyReLU',
      'Conv2DTranspose', 'Activation',
    ]);
    expect(layerTypes(d)).toEqual(['Conv2D', 'LeakyReLU', 'GankitSeededDropout', 'Conv2D', 'LeakyReLU', 'GankitSeededDropout', 'Flatten', 'Dense']);
    // The TensorFlow DCGAN tutorial's model summaries: 2,330,944 and 212,865 parameters.
    expect(countParameters(g)).toBe(2_330_944);
    expect(countParameters(d)).toBe(212_865);
    const convs = g.layers.filter((l) => l.getClassName() === 'Conv2DTranspose').map((l) => l.getConfig());
    expect(convs.map((c) => [c['filters'], c['strides'], c['kernelSize'], c['useBias']])).toEqual([
      [128, [1, 1], [5, 5], false],
      [64, [2, 2], [5, 5], false],
      [1, [2, 2], [5, 5], false],
    ]);
    expect(g.layers.find((l) => l.getClassName() === 'LeakyReLU')!.getConfig()['alpha']).toBeCloseTo(0.3);
    const out = tf.tidy(() => [(g.predict(tf.randomNormal([2, 100])) as tf.Tensor).shape, (d.predict(tf.zeros([2, 28, 28, 1])) as tf.Tensor).shape]);
    expect(out).toEqual([[2, 28, 28, 1], [2, 1]]);
    g.dispose();
    d.dispose();
  });

  it('are sized from the shape: 32x32x3 and 64x64x3 (small preset), conditional and auxiliary forms', () => {
    for (const [shape, dFilters] of [[[32, 32, 3], 3], [[64, 64, 3], 4]] as const) {
      const g = models.get('dcgan-generator').create(context([...shape], 16), { preset: 'small' });
      const d = models.get('dcgan-discriminator').create(context([...shape], 16), { preset: 'small' });
      expect(layerTypes(d).filter((t) => t === 'Conv2D')).toHaveLength(dFilters);
      const shapes = tf.tidy(() => [(g.predict(tf.randomNormal([2, 16])) as tf.Tensor).shape, (d.predict(tf.zeros([2, ...shape])) as tf.Tensor).shape]);
      expect(shapes).toEqual([[2, ...shape], [2, 1]]);
      g.dispose();
      d.dispose();
    }
    const ctx = context([8, 8, 1], 4, 3);
    const g = models.get('dcgan-generator').create(ctx, { preset: 'small', labelEmbedding: 2 });
    const dIn = models.get('dcgan-discriminator').create(ctx, { preset: 'small' });
    const dAux = models.get('dcgan-discriminator').create(ctx, { preset: 'small', labels: 'auxiliary' });
    const shapes = tf.tidy(() => {
      const labels = tf.tensor1d([0, 2], 'int32');
      const x = g.apply([tf.randomNormal([2, 4]), labels]) as tf.Tensor;
      const aux = dAux.apply(x) as tf.Tensor[];
      return [x.shape, (dIn.apply([x, labels]) as tf.Tensor).shape, aux.map((t) => t.shape)];
    });
    expect(shapes).toEqual([[2, 8, 8, 1], [2, 1], [[2, 1], [2, 3]]]);
    [g, dIn, dAux].forEach((m) => m.dispose());
  });

  it("'projection' labels: the score is the unconditional score plus <embed(label), features>", () => {
    const ctx = context([8, 8, 1], 4, 3);
    const d = models.get('dcgan-discriminator').create(ctx, { preset: 'small', labels: 'projection', dropout: 0 });
    expect(d.inputs.map((i) => i.shape)).toEqual([[null, 8, 8, 1], [null]]);
    const [plain, differs] = tf.tidy(() => {
      const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 3);
      const features = tfl.model({ inputs: d.inputs[0]!, outputs: d.layers.find((l) => l.getClassName() === 'Flatten')!.output as tfl.SymbolicTensor });
      const h = features.predict(x) as tf.Tensor;
      const dense = d.layers.find((l) => l.getClassName() === 'Dense')!;
      const embedding = d.layers.find((l) => l.getClassName() === 'Embedding')!.getWeights()[0]!;
      const labels = tf.tensor1d([0, 2], 'int32');
      const expected = tf.add(dense.apply(h) as tf.Tensor, tf.sum(tf.mul(h, tf.gather(embedding, labels)), 1, true));
      const got = d.apply([x, labels]) as tf.Tensor;
      const other = d.apply([x, tf.tensor1d([1, 1], 'int32')]) as tf.Tensor;
      return [tf.max(tf.abs(tf.sub(got, expected))).dataSync()[0]!, tf.max(tf.abs(tf.sub(got, other))).dataSync()[0]!];
    });
    expect(plain).toBeLessThan(1e-5);
    expect(differs).toBeGreaterThan(1e-4); // the label moves the score
    d.dispose();
  });

  it('reports bad options with their path', () => {
    expect(() => models.get('dcgan-generator').create(context([28, 28, 1]), { filters: [64], leak: 2, stride: 2 } as never)).toThrowError(
      /options of model 'dcgan-generator'.*\n.*leak: expected a number in \[0, 1\), found 2\n.*stride: expected one of the options/,
    );
    expect(() => models.get('dcgan-generator').create(context([28, 28, 1]), { filters: [64] })).toThrowError(/filters: expected at least 2 entries/);
  });

  it("dcganNetworkIssues: the same problems before anything is built, with the config's paths", () => {
    const config = {
      latentDim: 8,
      batchSize: 4,
      dSteps: 1,
      gSteps: 1,
      loss: 'non-saturating',
      regularizers: [],
      optimizers: {},
      networks: {
        generator: { model: 'dcgan-generator', options: { filters: [8] } },
        discriminator: { model: 'dcgan-discriminator', options: { dropout: 1 } },
      },
    } as unknown as VariantConfig;
    const image = { shape: [28, 28, 1], kind: 'image' as const, size: 4 };
    expect(dcganNetworkIssues(config, image, "variant 'x'").map((i) => i.path)).toEqual(['networks.generator.options.filters', 'networks.discriminator.options.dropout']);
    expect(dcganNetworkIssues(config, image, "variant 'x'")[1]).toMatchObject({ expected: 'a number in [0, 1)', found: 1 });
    // other models are not theirs to check; non-image data is refused whatever the models
    const mlp = { ...config, networks: { generator: { model: 'mlp-generator', options: { filters: [8] } } } } as unknown as VariantConfig;
    expect(dcganNetworkIssues(mlp, image, "variant 'x'")).toEqual([]);
    expect(dcganNetworkIssues(config, { shape: [2], kind: 'points', size: 4 }, "variant 'x'")[0]).toMatchObject({ path: '(data).kind' });
  });
});
