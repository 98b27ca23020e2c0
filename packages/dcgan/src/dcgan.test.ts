import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import { ConfigError, Trainer, discriminatorUpdate, updateNumbers, type GanVariant } from '@gankit/core';
import { resumeTrainer, saveCheckpoint } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcgan, type DcganConfig } from './index.js';
import { allChanged, allWeights, barImages, barScores, snapshot } from './test-support/data.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('wasm'); // the default backend, with @gankit/backend-wasm's training kernels
  root = await mkdtemp(join(tmpdir(), 'gankit-dcgan-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A tiny, fast config: the small preset on 8x8x1 images. */
const small = {
  latentDim: 8,
  batchSize: 16,
  networks: { generator: { options: { preset: 'small' } }, discriminator: { options: { preset: 'small' } } },
} as const;

describe('dcgan variant', () => {
  it("reports bad network options at config time, with the config's paths", () => {
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

  it('learns on a tiny seeded problem: D loss falls with G frozen, and G learns to draw bars of every position', { timeout: 240_000 }, async () => {
    const frozen: GanVariant<DcganConfig> = { ...dcgan, step: (ctx, batch) => updateNumbers(discriminatorUpdate(ctx, batch), 'd') };
    const d = Trainer.create({ variant: frozen, data: barImages(), seed: 2, config: { ...small, optimizers: { discriminator: { learningRate: 1e-3 } } } });
    const dLoss: number[] = [];
    d.on('step', (s) => void dLoss.push(s.dLoss));
    await d.run({ steps: 30 });
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(avg(dLoss.slice(-5))).toBeLessThan(avg(dLoss.slice(0, 5)) * 0.8);
    d.dispose();

    // G learns the bars: blank grey at first (about 1 from every bar), then bars of many positions and both
    // orientations (a collapse onto a few bars fails the count). 300 steps, ~10 s on a busy machine.
    const t = Trainer.create({
      variant: 'dcgan',
      data: barImages(256, 3),
      seed: 3,
      config: { ...small, optimizers: { generator: { learningRate: 2e-3, beta1: 0.5 }, discriminator: { learningRate: 2e-3, beta1: 0.5 } } },
    });
    const scores = () => {
      const s = t.sample(200, { seed: 5 });
      const r = barScores(s.dataSync() as Float32Array, 200);
      s.dispose();
      return r;
    };
    expect(scores().error).toBeGreaterThan(0.9);
    await t.run({ steps: 300 });
    const after = scores();
    expect(after.error).toBeLessThan(0.4);
    expect(after.bars).toBeGreaterThanOrEqual(8);
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
