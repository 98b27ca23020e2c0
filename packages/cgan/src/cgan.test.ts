import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { ArrayDataSource, ConfigError, Sampler, Trainer, models, resolveConfig, Rng, seededInitializers } from '@gankit/core';
import { loadCheckpoint, resumeTrainer, saveCheckpoint } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acgan, cgan, classCrossEntropy } from './index.js';
import { allChanged, allWeights, barImages, snapshot, twoClassPoints } from './test-support/data.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('wasm'); // the default backend, with @gankit/backend-wasm's training kernels
  root = await mkdtemp(join(tmpdir(), 'gankit-cgan-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const smallImages = { latentDim: 8, batchSize: 8, networks: { generator: { options: { preset: 'small', labelEmbedding: 4 } }, discriminator: { options: { preset: 'small' } } } } as const;
const smallPoints = { batchSize: 32, networks: { generator: { options: { hidden: [32] } }, discriminator: { options: { hidden: [32] } } } } as const;

/** Fraction of samples generated for class k that lie on k's side of the line x + y = 0. */
function onOwnSide(t: Trainer<any>, k: 0 | 1, n = 200): number {
  return tf.tidy(() => {
    const s = t.sample(n, { seed: 11, labels: new Array(n).fill(k) });
    const sum = tf.sum(s, 1);
    return tf.mean(tf.cast(k === 1 ? tf.greater(sum, 0) : tf.less(sum, 0), 'float32')).dataSync()[0]!;
  });
}

describe('classCrossEntropy', () => {
  it('is the mean negative log-softmax at the label (hand-computed)', () => {
    const logits = tf.tensor2d([[0, Math.log(3)], [Math.log(2), 0]]); // softmax rows: [1/4, 3/4], [2/3, 1/3]
    const ce = classCrossEntropy(logits, tf.tensor1d([1, 1], 'int32'));
    expect(ce.dataSync()[0]).toBeCloseTo(-(Math.log(3 / 4) + Math.log(1 / 3)) / 2, 5);
    tf.dispose([logits, ce]);
  });
});

describe('conditional MLP models', () => {
  it('take labels as a second input (cGAN) or predict them (ACGAN), and need a conditional variant', () => {
    const rng = new Rng(1);
    const ctx = { data: { shape: [2], kind: 'points' as const, size: 1, numClasses: 3 }, latentDim: 4, numClasses: 3, rng, init: seededInitializers(rng) };
    const g = models.get('conditional-mlp-generator').create(ctx, { hidden: [8] });
    const d = models.get('conditional-mlp-discriminator').create(ctx, { hidden: [8] });
    const aux = models.get('conditional-mlp-discriminator').create(ctx, { hidden: [8], labels: 'auxiliary' });
    const shapes = tf.tidy(() => {
      const labels = tf.tensor1d([0, 2, 1], 'int32');
      const x = g.apply([tf.randomNormal([3, 4]), labels]) as tf.Tensor;
      return [x.shape, (d.apply([x, labels]) as tf.Tensor).shape, (aux.apply(x) as tf.Tensor[]).map((t) => t.shape)];
    });
    expect(shapes).toEqual([[3, 2], [3, 1], [[3, 1], [3, 3]]]);
    [g, d, aux].forEach((m) => m.dispose());
    const { numClasses: _n, ...unconditional } = ctx;
    expect(() => models.get('conditional-mlp-generator').create(unconditional, {})).toThrowError(/\(context\)\.numClasses: expected class labels: use this model with a conditional variant/);
  });
});

describe('defaults and validation', () => {
  it('cgan and acgan are conditional, with the non-saturating loss; acgan weighs its class loss by 1', () => {
    const images = barImages().spec;
    expect(cgan.labels).toEqual({ generator: 'input', discriminator: 'input' });
    expect(acgan.labels).toEqual({ generator: 'input', discriminator: 'predicts' });
    expect(cgan.defaultConfig(images)).toMatchObject({ loss: 'non-saturating', networks: { generator: { model: 'dcgan-generator' }, discriminator: { model: 'dcgan-discriminator', options: { labels: 'input' } } } });
    expect(acgan.defaultConfig(images)).toMatchObject({ auxiliaryWeight: 1, networks: { discriminator: { model: 'dcgan-discriminator', options: { labels: 'auxiliary' } } } });
    expect(acgan.defaultConfig(twoClassPoints().spec)).toMatchObject({ networks: { generator: { model: 'conditional-mlp-generator' }, discriminator: { options: { labels: 'auxiliary' } } } });
  });

  it("the small presets: batch 32, Adam 5e-4 and the warmed-up EMA on images (cgan: a projection D); acgan's class loss at 0.2, both Adams at 2e-3 and the decay from 70% on points only", () => {
    const images = barImages().spec;
    const points = twoClassPoints().spec;
    for (const variant of [cgan, acgan]) {
      expect(resolveConfig(variant as never, images, undefined, 'small')).toMatchObject({
        batchSize: 32,
        optimizers: { generator: { learningRate: 5e-4, beta1: 0.5 }, discriminator: { learningRate: 5e-4, beta1: 0.5 } },
        ema: { decay: 0.999, rampUp: 0.05 },
      });
    }
    expect(resolveConfig(cgan, images, undefined, 'small').networks.discriminator).toMatchObject({ model: 'dcgan-discriminator', options: { labels: 'projection', preset: 'small' } });
    expect(resolveConfig(acgan, images, undefined, 'small').networks.discriminator).toMatchObject({ options: { labels: 'auxiliary' } });
    expect(resolveConfig(cgan, points, undefined, 'small').networks.discriminator).toMatchObject({ options: { labels: 'input' } });
    expect(resolveConfig(acgan, points, undefined, 'small').auxiliaryWeight).toBe(0.2);
    expect(resolveConfig(acgan, points, undefined, 'small').optimizers).toEqual({
      generator: { type: 'adam', learningRate: 2e-3, beta1: 0.5 },
      discriminator: { type: 'adam', learningRate: 2e-3, beta1: 0.5 },
    });
    expect(resolveConfig(acgan, points, undefined, 'small').learningRateDecay).toEqual({ start: 0.7 });
    expect(resolveConfig(acgan, images, undefined, 'small').auxiliaryWeight).toBe(1);
    expect(resolveConfig(cgan, points, undefined, 'small')).toMatchObject({ batchSize: 256, learningRateDecay: { start: 0.5 } });
    expect(resolveConfig(cgan, points, undefined, 'small')).not.toHaveProperty('ema');
  });

  it("takes a projection discriminator for cgan on images, and names it among the choices when refused", () => {
    const projection = { networks: { discriminator: { options: { labels: 'projection' } } } } as never;
    const t = Trainer.create({ variant: 'cgan', data: barImages(), config: projection });
    t.dispose();
    expect(() => Trainer.create({ variant: 'acgan', data: barImages(), config: projection })).toThrowError(/networks\.discriminator\.options\.labels: expected 'auxiliary'/);
    expect(() => Trainer.create({ variant: 'cgan', data: barImages(), config: { networks: { discriminator: { options: { labels: 'auxiliary' } } } } as never })).toThrowError(
      /networks\.discriminator\.options\.labels: expected 'input' or 'projection' \(the cGAN discriminator is told the class\)/,
    );
  });

  it('refuses unlabelled data, a discriminator without a class head for acgan, and a negative class weight', () => {
    const unlabelled = new ArrayDataSource({ shape: [2], kind: 'points' }, { x: new Float32Array(128).map((_, i) => Math.sin(i)) }, 'unlabelled points');
    for (const name of ['cgan', 'acgan']) {
      const refused = (() => {
        try {
          Trainer.create({ variant: name, data: unlabelled }).dispose();
        } catch (e) {
          return e as Error;
        }
      })();
      expect(ConfigError.isInstance(refused), name).toBe(true);
      expect(refused!.message).toMatch(new RegExp(`\\(data\\): expected labelled data for the variant '${name}'`));
    }
    const err = (() => {
      try {
        Trainer.create({ variant: 'acgan', data: twoClassPoints(), config: { auxiliaryWeight: -1, networks: { discriminator: { options: { labels: 'input' } } } } });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(ConfigError.isInstance(err)).toBe(true);
    expect(err!.message).toMatch(/discriminator\.options\.labels: expected 'auxiliary'/);
    expect(err!.message).toMatch(/auxiliaryWeight: expected a non-negative number/);
  });
});

const variantsUnderTest = [
  ['cgan', cgan],
  ['acgan', acgan],
] as const;

describe.each(variantsUnderTest)('%s', (name) => {
  it('generates labelled samples of the data shape, for images and points', () => {
    for (const [data, config, shape] of [
      [barImages(), smallImages, [8, 8, 1]],
      [twoClassPoints(), smallPoints, [2]],
    ] as const) {
      const t = Trainer.create({ variant: name, data, seed: 1, config: config as never });
      const s = t.sample(4, { labels: [0, 1, 1, 0] });
      expect(s.shape).toEqual([4, ...shape]);
      s.dispose();
      t.dispose();
    }
    expect(() => Trainer.create({ variant: name, data: barImages(), seed: 1, config: smallImages as never }).sample(2, { labels: [0, 2] })).toThrowError(/labels: expected 2 integer\(s\) in \[0, 2\)/);
  });

  it('one step changes both networks (embeddings and class head included); the tensor count stays constant', async () => {
    const t = Trainer.create({ variant: name, data: barImages(), seed: 2, config: smallImages as never });
    const g0 = snapshot(t.networks.generator!);
    const d0 = snapshot(t.networks.discriminator!);
    await t.run({ steps: 1 });
    expect(allChanged(g0, snapshot(t.networks.generator!))).toBe(true);
    expect(allChanged(d0, snapshot(t.networks.discriminator!))).toBe(true);
    await t.run({ steps: 2 });
    const before = tf.memory().numTensors;
    await t.run({ steps: 5 });
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('learns the condition: after training on two classes, samples for label k lie on k\'s side', async () => {
    const t = Trainer.create({ variant: name, data: twoClassPoints(), seed: 3, config: smallPoints as never });
    const before = [onOwnSide(t, 0), onOwnSide(t, 1)];
    expect(Math.min(...before)).toBeLessThan(0.5); // untrained: not both classes placed right
    await t.run({ steps: 120 });
    expect(onOwnSide(t, 0)).toBeGreaterThanOrEqual(0.9);
    expect(onOwnSide(t, 1)).toBeGreaterThanOrEqual(0.9);
    t.dispose();
  });

  it('restores from a checkpoint with the same weights, continues identically, and samples from it without the data', async () => {
    const dir = join(root, name);
    const t = Trainer.create({ variant: name, data: twoClassPoints(), seed: 4, config: smallPoints as never });
    await t.run({ steps: 3 });
    await saveCheckpoint(t, dir);
    const r = await resumeTrainer(dir, twoClassPoints());
    expect(allWeights(r.networks)).toEqual(allWeights(t.networks));
    const sampler = await Sampler.fromCheckpoint((await loadCheckpoint(dir)).checkpoint);
    const [live, stored] = [t.sample(6, { seed: 2, labels: [0, 1, 0, 1, 1, 1] }), sampler.generate(6, { seed: 2, labels: [0, 1, 0, 1, 1, 1] })];
    expect(Array.from(stored.dataSync())).toEqual(Array.from(live.dataSync()));
    tf.dispose([live, stored]);
    sampler.dispose();
    const [a, b] = [await t.run({ steps: 2 }), await r.run({ steps: 2 })];
    expect(b).toMatchObject({ dLoss: a!.dLoss, gLoss: a!.gLoss, extra: a!.extra });
    expect(allWeights(r.networks)).toEqual(allWeights(t.networks));
    t.dispose();
    r.dispose();
  });
});

describe('acgan', () => {
  it('trains its auxiliary classifier: the class loss falls and real examples get classified', async () => {
    const t = Trainer.create({ variant: 'acgan', data: twoClassPoints(), seed: 5, config: smallPoints as never });
    const aux: number[] = [];
    const accuracy: number[] = [];
    t.on('step', (s) => {
      aux.push(s.extra['d.aux-loss']!);
      accuracy.push(s.extra['d.class-accuracy']!);
    });
    await t.run({ steps: 120 });
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(aux.slice(0, 5))).toBeGreaterThan(1); // about 2 ln 2 untrained
    expect(avg(aux.slice(-5))).toBeLessThan(avg(aux.slice(0, 5)) * 0.5);
    expect(avg(accuracy.slice(-5))).toBeGreaterThan(0.95);
    t.dispose();
  });

  it('reports the auxiliary losses of both networks in the step stats', async () => {
    const t = Trainer.create({ variant: 'acgan', data: twoClassPoints(), seed: 6, config: smallPoints as never });
    const s = await t.run({ steps: 1 });
    expect(Object.keys(s!.extra).sort()).toEqual(['d.aux-loss', 'd.class-accuracy', 'g.aux-loss']);
    t.dispose();
  });
});
