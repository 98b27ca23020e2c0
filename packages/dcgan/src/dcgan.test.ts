import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { ConfigError, Rng, Trainer, countParameters, discriminatorUpdate, models, seededInitializers, updateNumbers, type GanVariant, type ModelContext } from '@gankit/core';
import { resumeTrainer, saveCheckpoint } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcgan, imageLayout, type DcganConfig } from './index.js';
import { allChanged, allWeights, barImages, meanOf, snapshot } from './test-support/data.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('wasm'); // the default backend, with @gankit/backend-wasm's training kernels
  root = await mkdtemp(join(tmpdir(), 'gankit-dcgan-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
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

/** A tiny, fast config: the small preset on 8x8x1 images. */
const small = {
  latentDim: 8,
  batchSize: 16,
  networks: { generator: { options: { preset: 'small' } }, discriminator: { options: { preset: 'small' } } },
} as const;

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
    // the variant reports the same problems at config time, with the config's paths
    const err = (() => {
      try {
        Trainer.create({ variant: 'dcgan', data: barImages(4, 1, 28), config: { networks: { generator: { options: { filters: [8] } }, discriminator: { options: { dropout: 1 } } } } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(ConfigError.isInstance(err)).toBe(true);
    expect(err!.message).toMatch(/config of variant 'dcgan'/);
    expect(err!.message).toMatch(/generator\.options\.filters: expected at least 2 entries/);
    expect(err!.message).toMatch(/discriminator\.options\.dropout: expected a number in \[0, 1\), found 1/);
  });
});

describe('dcgan variant', () => {
  it('defaults to the reference: non-saturating loss, Adam 1e-4, 100-d noise; refuses non-image data', () => {
    const config = dcgan.defaultConfig({ shape: [28, 28, 1], kind: 'image', size: 10 });
    expect(config).toMatchObject({ loss: 'non-saturating', latentDim: 100, dSteps: 1, optimizers: { generator: { type: 'adam', learningRate: 1e-4 } } });
    const points = barImages();
    const spec = { ...points.spec, shape: [2], kind: 'points' as const };
    expect(dcgan.validateConfig!(config, spec)[0]).toMatchObject({ path: '(data).kind' });
  });

  it('generates images of the data shape; one step changes both networks; tensor count stays constant', async () => {
    const t = Trainer.create({ variant: 'dcgan', data: barImages(), seed: 1, config: small });
    const sample = t.sample(3);
    expect(sample.shape).toEqual([3, 8, 8, 1]);
    const values = sample.dataSync();
    expect(values.every((v) => v >= -1 && v <= 1)).toBe(true);
    sample.dispose();
    const g0 = snapshot(t.networks.generator!);
    const d0 = snapshot(t.networks.discriminator!);
    const stats = await t.run({ steps: 1 });
    expect(allChanged(g0, snapshot(t.networks.generator!))).toBe(true);
    expect(allChanged(d0, snapshot(t.networks.discriminator!))).toBe(true);
    expect(stats!.dReal).toBeGreaterThan(0);
    expect(stats!.dReal).toBeLessThan(1);
    await t.run({ steps: 2 });
    const before = tf.memory().numTensors;
    await t.run({ steps: 5 });
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('learns on a tiny seeded problem: D loss falls with G frozen, and G moves toward the data', async () => {
    const frozen: GanVariant<DcganConfig> = { ...dcgan, step: (ctx, batch) => updateNumbers(discriminatorUpdate(ctx, batch), 'd') };
    const d = Trainer.create({ variant: frozen, data: barImages(), seed: 2, config: { ...small, optimizers: { discriminator: { learningRate: 1e-3 } } } });
    const dLoss: number[] = [];
    d.on('step', (s) => void dLoss.push(s.dLoss));
    await d.run({ steps: 30 });
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(dLoss.slice(-5))).toBeLessThan(avg(dLoss.slice(0, 5)) * 0.8);
    d.dispose();

    const data = barImages(256, 3);
    const dataMean = -0.75; // 8 bright pixels of 64
    const t = Trainer.create({
      variant: 'dcgan',
      data,
      seed: 3,
      config: { ...small, batchSize: 8, optimizers: { generator: { learningRate: 3e-3, beta1: 0.5 }, discriminator: { learningRate: 3e-3, beta1: 0.5 } } },
    });
    const gap = () => {
      const s = t.sample(64, { seed: 5 });
      const m = meanOf(s);
      s.dispose();
      return Math.abs(m - dataMean);
    };
    const before = gap();
    await t.run({ steps: 70 });
    const after = gap();
    expect(after).toBeLessThan(before * 0.75);
    t.dispose();
  });

  it('restores from a checkpoint with the same weights, and continues identically', async () => {
    const dir = join(root, 'ckpt');
    const t = Trainer.create({ variant: 'dcgan', data: barImages(), seed: 4, config: small });
    await t.run({ steps: 3 });
    await saveCheckpoint(t, dir);
    const r = await resumeTrainer<DcganConfig>(dir, barImages());
    expect(r.step).toBe(3);
    expect(allWeights(r.networks)).toEqual(allWeights(t.networks));
    const [a, b] = [await t.run({ steps: 2 }), await r.run({ steps: 2 })];
    expect([b!.dLoss, b!.gLoss]).toEqual([a!.dLoss, a!.gLoss]);
    expect(allWeights(r.networks)).toEqual(allWeights(t.networks));
    t.dispose();
    r.dispose();
  });
});
