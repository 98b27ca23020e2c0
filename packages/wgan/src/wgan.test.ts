import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { ConfigError, Trainer, discriminatorUpdate, resolveConfig, updateNumbers, type GanVariant } from '@gankit/core';
import { resumeTrainer, saveCheckpoint } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgan, wganGp, type WganConfig, type WganGpConfig } from './index.js';
import { allChanged, allWeights, barImages, blobPoints, energyDistance, mixturePoints, snapshot } from './test-support/data.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('wasm'); // the default backend, with @gankit/backend-wasm's training kernels
  root = await mkdtemp(join(tmpdir(), 'gankit-wgan-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Tiny image networks: the small DCGAN preset on 8x8x1. */
const smallImages = { latentDim: 8, batchSize: 8, networks: { generator: { options: { preset: 'small' } }, discriminator: { options: { preset: 'small' } } } } as const;
/** Tiny point networks. */
const smallPoints = { batchSize: 16, networks: { generator: { options: { hidden: [32] } }, discriminator: { options: { hidden: [32] } } } } as const;
const variantsUnderTest = [
  ['wgan', wgan],
  ['wgan-gp', wganGp],
] as const;

function frozenGenerator<C extends WganConfig | WganGpConfig>(variant: GanVariant<C>): GanVariant<C> {
  // Only the critic updates (k of them per step, as Algorithm 1), the generator stays as built.
  return {
    ...variant,
    step: (ctx, batch) => {
      let d = discriminatorUpdate(ctx, batch);
      for (let i = 1; i < ctx.config.dSteps; i++) {
        tf.dispose([d.loss, d.real!, d.fake!, ...Object.values(d.extra ?? {})]);
        d = discriminatorUpdate(ctx, ctx.nextBatch());
      }
      return updateNumbers(d, 'd');
    },
  };
}

describe('defaults', () => {
  const images = barImages().spec;
  const points = blobPoints().spec;

  it('wgan: Wasserstein loss, clipping at 0.01, RMSprop 5e-5, 5 critic steps; DCGAN nets without BN/dropout for images, MLPs for points', () => {
    const c = wgan.defaultConfig(images);
    expect(c).toMatchObject({
      loss: 'wasserstein',
      dSteps: 5,
      gSteps: 1,
      regularizers: [{ name: 'weight-clipping', options: { clip: 0.01 } }],
      optimizers: { generator: { type: 'rmsprop', learningRate: 5e-5 }, discriminator: { type: 'rmsprop', learningRate: 5e-5 } },
      networks: {
        generator: { model: 'dcgan-generator' },
        discriminator: { model: 'dcgan-discriminator', options: { batchNorm: false, dropout: 0 } },
      },
    });
    expect(wgan.defaultConfig(points)).toMatchObject({ networks: { generator: { model: 'mlp-generator' }, discriminator: { model: 'mlp-discriminator', options: { dropout: 0 } } } });
  });

  it('wgan-gp: gradient penalty with weight 10, Adam 1e-4 (beta1 0, beta2 0.9), 5 critic steps', () => {
    expect(wganGp.defaultConfig(images)).toMatchObject({
      loss: 'wasserstein',
      dSteps: 5,
      regularizers: [{ name: 'gradient-penalty', weight: 10, options: { target: 1 } }],
      optimizers: { discriminator: { type: 'adam', learningRate: 1e-4, beta1: 0, beta2: 0.9 }, generator: { type: 'adam', learningRate: 1e-4, beta1: 0, beta2: 0.9 } },
      networks: { discriminator: { model: 'dcgan-discriminator', options: { batchNorm: false, dropout: 0 } } },
    });
  });

  it("wgan's small preset: clipping at 0.1, RMSprop 1e-3 (critic) and 3e-3 (generator), 2 critic updates, batch 64 on points; the small networks on images", () => {
    expect(resolveConfig(wgan, points, undefined, 'small')).toMatchObject({
      batchSize: 64,
      dSteps: 2,
      regularizers: [{ name: 'weight-clipping', options: { clip: 0.1 } }],
      optimizers: { generator: { type: 'rmsprop', learningRate: 3e-3 }, discriminator: { type: 'rmsprop', learningRate: 1e-3 } },
      learningRateDecay: { start: 0.5 },
      networks: { generator: { options: { hidden: [128, 128] } }, discriminator: { options: { hidden: [128, 128] } } },
    });
    expect(resolveConfig(wgan, images, undefined, 'small')).toEqual(
      resolveConfig(wgan, images, { networks: { generator: { options: { preset: 'small' } }, discriminator: { options: { preset: 'small' } } } }),
    );
  });

  it("wgan-gp's small preset: the authors' toy-script settings (lambda 0.1, Adam beta1 0.5) at 5e-3 with 2 critic updates on points; on images the small networks, batch 32, Adam 5e-4 (0.5, 0.9) and the warmed-up EMA", () => {
    const onPoints = resolveConfig(wganGp, points, undefined, 'small');
    expect(onPoints).toMatchObject({
      batchSize: 64,
      dSteps: 2,
      regularizers: [{ name: 'gradient-penalty', weight: 0.1, options: { target: 1 } }],
      optimizers: { generator: { type: 'adam', learningRate: 5e-3, beta1: 0.5, beta2: 0.9 }, discriminator: { type: 'adam', learningRate: 5e-3, beta1: 0.5, beta2: 0.9 } },
      learningRateDecay: { start: 0.5 },
      networks: { generator: { options: { hidden: [128, 128] } }, discriminator: { options: { hidden: [128, 128] } } },
    });
    const onImages = resolveConfig(wganGp, images, undefined, 'small');
    const adam = { type: 'adam', learningRate: 5e-4, beta1: 0.5, beta2: 0.9 };
    expect(onImages).toEqual(
      resolveConfig(wganGp, images, {
        batchSize: 32,
        networks: { generator: { options: { preset: 'small' } }, discriminator: { options: { preset: 'small' } } },
        optimizers: { generator: adam, discriminator: adam },
        ema: { decay: 0.999, rampUp: 0.05 },
      } as never),
    );
    // the paper's game is kept: penalty 10, five critic updates
    expect(onImages.regularizers).toEqual([{ name: 'gradient-penalty', weight: 10, options: { target: 1 } }]);
    expect(onImages.dSteps).toBe(5);
  });

  it('refuses configs that are not a WGAN, with the path of each problem', () => {
    const err = (() => {
      try {
        Trainer.create({ variant: 'wgan-gp', data: barImages(), config: { loss: 'non-saturating', regularizers: [], networks: { discriminator: { options: { batchNorm: true } } } } as never });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(ConfigError.isInstance(err)).toBe(true);
    expect(err!.message).toMatch(/loss: expected 'wasserstein'/);
    expect(err!.message).toMatch(/regularizers: expected an entry \{ name: 'gradient-penalty' \}/);
    expect(err!.message).toMatch(/discriminator\.options\.batchNorm: expected false: batch normalization mixes/);
    expect(() => Trainer.create({ variant: 'wgan', data: blobPoints(), config: { networks: { generator: { model: 'dcgan-generator' } } } })).toThrowError(/\(data\)\.kind: expected 'image' data/);
  });
});

describe.each(variantsUnderTest)('%s', (name, variant) => {
  it('makes samples and critic scores of the right shapes, for images and points', () => {
    for (const [data, config, shape] of [
      [barImages(), smallImages, [8, 8, 1]],
      [blobPoints(), smallPoints, [2]],
    ] as const) {
      const t = Trainer.create({ variant: variant as GanVariant<WganConfig>, data, seed: 1, config: config as never });
      const s = t.sample(3);
      expect(s.shape).toEqual([3, ...shape]);
      const scores = t.networks.discriminator!.predict(s) as tf.Tensor;
      expect(scores.shape).toEqual([3, 1]);
      tf.dispose([s, scores]);
      t.dispose();
    }
  });

  it('one step changes both networks (5 critic updates, 1 generator update); the tensor count stays constant', async () => {
    const t = Trainer.create({ variant: name, data: barImages(), seed: 2, config: smallImages as never });
    const g0 = snapshot(t.networks.generator!);
    const d0 = snapshot(t.networks.discriminator!);
    await t.run({ steps: 1 });
    expect(t.optimizers.discriminator!.iterations).toBe(5);
    expect(t.optimizers.generator!.iterations).toBe(1);
    expect(allChanged(g0, snapshot(t.networks.generator!))).toBe(true);
    // Every critic weight moves but the output bias: the Wasserstein loss mean(fake) - mean(real), and
    // the penalty on input gradients, do not depend on it.
    const d1 = snapshot(t.networks.discriminator!);
    const still = t.networks.discriminator!.trainableWeights.filter((_, i) => d0[i]!.every((v, j) => v === d1[i]![j])).map((w) => w.originalName);
    expect(still).toHaveLength(1);
    expect(still[0]).toBe(t.networks.discriminator!.trainableWeights.at(-1)!.originalName);
    expect(still[0]).toMatch(/bias/);
    await t.run({ steps: 1 });
    const before = tf.memory().numTensors;
    await t.run({ steps: 3 });
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('the critic learns to rank the data above the fakes while the generator is frozen', async () => {
    const t = Trainer.create({
      variant: frozenGenerator(variant as GanVariant<WganConfig>),
      data: blobPoints(),
      seed: 2,
      config: { ...smallPoints, optimizers: { discriminator: { learningRate: 1e-3 } } } as never,
    });
    // The critic's estimate of the distance, mean D(real) - mean D(fake), on fixed held-out sets (not on the
    // training batches, whose single values are noise at this scale): it grows several times over.
    const data = blobPoints();
    const real = data.gather(Array.from({ length: 256 }, (_, i) => i)).x;
    const fake = t.sample(256, { seed: 11 });
    const estimate = () =>
      tf.tidy(() => {
        const critic = t.networks.discriminator!;
        return tf.sub(tf.mean(critic.predict(real) as tf.Tensor), tf.mean(critic.predict(fake) as tf.Tensor)).dataSync()[0]!;
      });
    const before = estimate();
    await t.run({ steps: 60 });
    const after = estimate();
    // The untrained critic ranks the fakes above the data (-0.3); trained, it ranks the data above them, and
    // with the gradient penalty its estimate nears the distance itself (the blob is ~0.55 from the fakes;
    // clipping at 0.01 shrinks wgan's estimate to ~1e-3, so only its sign is asked for).
    expect(before).toBeLessThan(0);
    expect(after).toBeGreaterThan(name === 'wgan' ? 0 : 0.3);
    tf.dispose([real, fake]);
    t.dispose();
  });

  it('restores from a checkpoint with the same weights and optimizer state', async () => {
    const dir = join(root, name);
    const t = Trainer.create({ variant: name, data: blobPoints(), seed: 4, config: smallPoints as never });
    await t.run({ steps: 2 });
    await saveCheckpoint(t, dir);
    const r = await resumeTrainer(dir, blobPoints());
    expect(allWeights(r.networks)).toEqual(allWeights(t.networks));
    const [a, b] = [await t.run({ steps: 2 }), await r.run({ steps: 2 })];
    expect([b!.dLoss, b!.gLoss]).toEqual([a!.dLoss, a!.gLoss]);
    expect(allWeights(r.networks)).toEqual(allWeights(t.networks));
    t.dispose();
    r.dispose();
  });
});

// 9 s and 4 s here: a wgan step (2 critic updates) costs about a third of a wgan-gp step (2 with the penalty's second backward pass).
describe.each([
  ['wgan', 1000],
  ['wgan-gp', 300],
] as const)('%s, small preset', (name, steps) => {
  it('fits a mixture of four Gaussians: every mode drawn, most samples near one', async () => {
    const modes = [[0.6, 0.6], [-0.6, 0.6], [-0.6, -0.6], [0.6, -0.6]] as const;
    const t = Trainer.create({ variant: name, data: mixturePoints(modes, 0.02), seed: 2, preset: 'small' });
    const nearest = () =>
      tf.tidy(() => {
        const s = t.sample(512, { seed: 9 });
        const d = tf.sum(tf.square(tf.sub(tf.expandDims(s, 1), tf.tensor2d(modes as unknown as number[][]))), 2); // [512, 4]
        return { mode: Array.from(tf.argMin(d, 1).dataSync()), dist: Array.from(tf.sqrt(tf.min(d, 1)).dataSync()) };
      });
    const close = (r: { dist: number[] }) => r.dist.filter((v) => v < 0.15).length / r.dist.length;
    const before = nearest();
    await t.run({ until: { step: 1 } }); // the first step makes the optimizers' moments
    const tensors = tf.memory().numTensors;
    await t.run({ until: { step: steps } }); // the learning rates decay over the second half of these steps
    expect(tf.memory().numTensors).toBe(tensors);
    const after = nearest();
    const share = [0, 1, 2, 3].map((m) => after.mode.filter((v, i) => v === m && after.dist[i]! < 0.15).length / after.mode.length);
    expect(close(before)).toBeLessThan(0.3);
    expect(close(after)).toBeGreaterThan(0.6); // 0.94 (wgan) and 0.87 (wgan-gp) here; 0 with either paper's settings
    for (const s of share) expect(s).toBeGreaterThan(0.1);
    t.dispose();
  });
});

describe('wgan', () => {
  it('keeps every critic weight within [-c, c] after its updates', async () => {
    for (const [data, config] of [
      [barImages(), smallImages],
      [blobPoints(), smallPoints],
    ] as const) {
      const t = Trainer.create({ variant: 'wgan', data, seed: 5, config: { ...config, regularizers: [{ name: 'weight-clipping', options: { clip: 0.02 } }] } as never });
      await t.run({ steps: 3 });
      const weights = t.networks.discriminator!.trainableWeights.map((w) => Array.from(w.read().dataSync()));
      const all = weights.flat();
      expect(Math.max(...all.map(Math.abs))).toBeLessThanOrEqual(0.02);
      // the constraint was active: initial weights were larger, and clipped ones sit on the boundary
      expect(all.filter((v) => Math.abs(v) === Math.fround(0.02)).length).toBeGreaterThan(0);
      t.dispose();
    }
  });

  it('moves the generated points onto the data, spread as well as place', async () => {
    const t = Trainer.create({
      variant: 'wgan',
      data: blobPoints(),
      seed: 3,
      config: { ...smallPoints, optimizers: { generator: { learningRate: 2e-3 }, discriminator: { learningRate: 2e-3 } } } as never,
    });
    // The energy distance between samples and data is 0 only for the same distribution: a collapse onto the
    // blob's centre keeps it at ~0.07 (2 E|X - c| - E|X - X'| for sigma 0.1), unlike a distance of the means.
    const data = blobPoints().rows(Array.from({ length: 256 }, (_, i) => i)).x;
    const distance = () => {
      const s = t.sample(256, { seed: 1 });
      const d = energyDistance(s.dataSync() as Float32Array, data, 2);
      s.dispose();
      return d;
    };
    const before = distance();
    await t.run({ steps: 200 });
    const after = distance();
    expect(before).toBeGreaterThan(0.5);
    expect(after).toBeLessThan(0.045);
    t.dispose();
  });
});

describe('wgan-gp', () => {
  it('reports the gradient penalty of the step, equal to a finite-difference estimate', async () => {
    // Record what the critic sees during the update: real, fake, then the penalty's interpolates.
    const seen: tf.Tensor[] = [];
    const recording: GanVariant<WganGpConfig> = {
      ...wganGp,
      step: (ctx, batch) => {
        const recorded = {
          ...ctx,
          discriminate: (x: tf.Tensor, labels: tf.Tensor1D | undefined, training: boolean) => {
            seen.push(tf.keep(x.clone()));
            return ctx.discriminate(x, labels, training);
          },
        };
        return updateNumbers(discriminatorUpdate(recorded, batch), 'd');
      },
    };
    const t = Trainer.create({ variant: recording, data: barImages(), seed: 6, config: { ...smallImages, batchSize: 4, dSteps: 1 } as never });
    const critic = t.networks.discriminator!;
    const weightsBefore = critic.getWeights().map((w) => w.clone());
    const stats = await t.run({ steps: 1 });
    const reported = stats!.extra['d.gradient-penalty']!;
    expect(seen).toHaveLength(3);
    const [real, fake, interpolates] = seen as [tf.Tensor, tf.Tensor, tf.Tensor];
    // each interpolate lies on the segment between its real and fake example: x = fake + eps (real - fake)
    const eps = tf.tidy(() => {
      const d = tf.reshape(tf.sub(real, fake), [4, -1]);
      const e = tf.div(tf.sum(tf.mul(tf.reshape(tf.sub(interpolates, fake), [4, -1]), d), 1), tf.sum(tf.square(d), 1));
      const residual = tf.max(tf.abs(tf.sub(tf.reshape(interpolates, [4, -1]), tf.add(tf.reshape(fake, [4, -1]), tf.mul(tf.expandDims(e, 1), d)))));
      expect(residual.dataSync()[0]).toBeLessThan(1e-5);
      return Array.from(e.dataSync());
    });
    for (const e of eps) {
      expect(e).toBeGreaterThanOrEqual(0);
      expect(e).toBeLessThanOrEqual(1);
    }

    // Central differences of the critic (with the weights it had during the step) w.r.t. each input value.
    critic.setWeights(weightsBefore);
    const h = 1e-2;
    const dims = 64;
    const expected = tf.tidy(() => {
      const flat = tf.reshape(interpolates, [4, dims]);
      const basis = tf.mul(tf.eye(dims), h); // [dims, dims]
      const plus = tf.add(tf.expandDims(flat, 0), tf.expandDims(basis, 1)); // [dims, 4, dims]
      const minus = tf.sub(tf.expandDims(flat, 0), tf.expandDims(basis, 1));
      const score = (x: tf.Tensor) => tf.reshape(critic.apply(tf.reshape(x, [dims * 4, 8, 8, 1]), { training: true }) as tf.Tensor, [dims, 4]);
      const grads = tf.div(tf.sub(score(plus), score(minus)), 2 * h); // [dims, 4]: d D(x_i) / d x_ij
      const norms = tf.sqrt(tf.sum(tf.square(grads), 0));
      return tf.mean(tf.square(tf.sub(norms, 1))).dataSync()[0]!;
    });
    expect(reported).toBeGreaterThan(0);
    expect(Math.abs(reported - expected) / expected).toBeLessThan(1e-2);
    tf.dispose([...seen, ...weightsBefore]);
    t.dispose();
  });
});
