import '@gankit/backend-wasm';
import '@gankit/metrics';
import '@tensorflow/tfjs-backend-wasm';
import { ArrayDataSource, drawInputs, metrics, Rng, Sampler, Trainer, type SamplingModel } from '@gankit/core';
import { MANIFEST_FILE, resumeTrainer, saveCheckpoint } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigan } from './index.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'gankit-bigan-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 8x8 bars, labelled: class 0 horizontal, class 1 vertical. */
function bars(n = 128, seed = 1): ArrayDataSource {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 64).fill(-1);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    const at = rng.int(8);
    for (let j = 0; j < 8; j++) x[i * 64 + (i % 2 === 0 ? at * 8 + j : j * 8 + at)] = 1;
  }
  return new ArrayDataSource({ shape: [8, 8, 1], kind: 'image', numClasses: 2 }, { x, labels }, 'bars');
}

/** The default (MLP) networks, narrowed for a test. */
const tiny = {
  latentDim: 6,
  batchSize: 16,
  networks: { generator: { options: { hidden: [32] } }, encoder: { options: { units: 16 } }, discriminator: { options: { units: 16 } } },
};

/** The `conv` preset's networks, narrowed. */
const tinyConv = {
  latentDim: 6,
  batchSize: 16,
  networks: { encoder: { options: { filters: [4, 8] as [number, number], units: 16 } }, discriminator: { options: { filters: [4, 8] as [number, number], units: 16 } } },
};

const weights = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('bigan', () => {
  it('trains G and E with one optimizer against a D of (x, z) pairs, with a constant tensor count', async () => {
    const t = Trainer.create({ variant: bigan, data: bars(), seed: 1, config: tiny });
    expect(Object.keys(t.networks)).toEqual(['generator', 'discriminator', 'encoder']);
    expect(t.networks['discriminator']!.inputs.map((i) => i.shape)).toEqual([[null, 8, 8, 1], [null, 6]]);
    const e0 = weights(t.networks['encoder']!);
    const g0 = weights(t.networks['generator']!);
    await t.run({ steps: 2 });
    const before = tf.memory().numTensors;
    const stats = await t.run({ steps: 8 });
    expect(tf.memory().numTensors).toBe(before);
    expect(weights(t.networks['encoder']!)).not.toEqual(e0);
    expect(weights(t.networks['generator']!)).not.toEqual(g0);
    expect(Number.isFinite(stats!.dLoss) && Number.isFinite(stats!.gLoss)).toBe(true);
    expect(t.optimizers['generator']!.iterations).toBe(10);
    t.dispose();
  });

  it("draws z uniform in [-1, 1] through the paper's MLPs by default, and the convolutional networks with preset 'conv'", async () => {
    const t = Trainer.create({ variant: bigan, data: bars(), seed: 1, config: tiny });
    expect(t.inputs).toEqual([{ kind: 'noise', name: 'z', dim: 6, distribution: 'uniform' }]);
    const z = drawInputs(t.inputs, 64, new Rng(3))['z']!;
    const values = Array.from(z.dataSync());
    const [low, high] = [Math.min(...values), Math.max(...values)];
    expect(low).toBeGreaterThanOrEqual(-1);
    expect(high).toBeLessThanOrEqual(1);
    expect(high - low).toBeGreaterThan(1.8);
    z.dispose();
    expect(t.networks['encoder']!.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Flatten', 'Dense', 'LeakyReLU', 'Dense', 'BatchNormalization', 'LeakyReLU', 'Dense']);
    t.dispose();
    const conv = Trainer.create({ variant: bigan, data: bars(), seed: 1, config: tinyConv, preset: 'conv' });
    expect(conv.config.latentDistribution).toBe('normal');
    expect(conv.networks['encoder']!.layers.filter((l) => l.getClassName() === 'Conv2D')).toHaveLength(2);
    await conv.run({ steps: 2 });
    conv.dispose();
    expect(() => Trainer.create({ variant: bigan, data: bars(), config: { ...tiny, latentDistribution: 'cauchy' as never } })).toThrowError(/latentDistribution: expected 'normal' or 'uniform'/);
    // Its step applies no penalty or constraint, so asking for one is an error, not a no-op.
    expect(() => Trainer.create({ variant: bigan, data: bars(), config: { ...tiny, regularizers: [{ name: 'r1', weight: 1 }] } })).toThrowError(
      /regularizers: expected \[\] \(the BiGAN step applies no penalties or constraints\), found \["r1"\]/,
    );
  });

  it('resumes exactly (three networks, G and E under one optimizer)', async () => {
    const straight = Trainer.create({ variant: bigan, data: bars(), seed: 2, config: { ...tiny, dSteps: 2 } });
    await straight.run({ steps: 6 });
    const expected = Object.values(straight.networks).map(weights);
    const dir = join(root, 'resume');
    const first = Trainer.create({ variant: bigan, data: bars(), seed: 2, config: { ...tiny, dSteps: 2 } });
    await first.run({ steps: 3 });
    await saveCheckpoint(first, dir);
    first.dispose();
    const resumed = await resumeTrainer(dir, bars());
    await resumed.run({ steps: 3 });
    expect(Object.values(resumed.networks).map(weights)).toEqual(expected);
    resumed.dispose();
    straight.dispose();
  });
});

/** Four Gaussian blobs (sigma 0.15) at (+-0.5, +-0.5). */
function blobs(n: number, seed: number): ArrayDataSource {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    x[2 * i] = (i % 2 ? 0.5 : -0.5) + 0.15 * rng.normal();
    x[2 * i + 1] = ((i >> 1) % 2 ? 0.5 : -0.5) + 0.15 * rng.normal();
  }
  return new ArrayDataSource({ shape: [2], kind: 'points' }, { x }, 'blobs');
}

describe('learning on 2-D points', () => {
  it("learns an encoder that G inverts: G(E(x)) lands in x's own blob for held-out points (1/4 by chance)", async () => {
    const t = Trainer.create({
      variant: bigan,
      data: blobs(512, 1),
      seed: 5,
      config: {
        latentDim: 2,
        batchSize: 64,
        networks: { generator: { options: { hidden: [64, 64] } }, encoder: { options: { units: 64 } }, discriminator: { options: { units: 64 } } },
        optimizers: { generator: { learningRate: 1e-3 }, discriminator: { learningRate: 1e-3 } },
      },
    });
    const held = blobs(256, 2).gather(Array.from({ length: 256 }, (_, i) => i)).x;
    // Share of held-out points whose reconstruction lands in the point's own quadrant (its blob); 1/4 by chance.
    const error = () => {
      const recon = Sampler.fromTrainer(t).reconstruct(held);
      const e = tf.tidy(() => tf.mean(tf.cast(tf.all(tf.equal(tf.sign(recon), tf.sign(held)), -1), 'float32')).dataSync()[0]!);
      recon.dispose();
      return e;
    };
    const start = error();
    await t.run({ steps: 1000 });
    const end = error();
    expect(start).toBeLessThan(0.5);
    expect(end).toBeGreaterThan(0.9); // measured: 0.24 at the start, 0.74 after 600 steps, 0.996 after 1,000
    held.dispose();
    t.dispose();
  }, 120_000);
});

describe('checkpoints of the first release', () => {
  it('resumes a checkpoint saved before latentDistribution existed, drawing z ~ N(0, I) as that run did', async () => {
    const dir = join(root, 'before-latent-distribution');
    const first = Trainer.create({ variant: bigan, data: bars(), seed: 6, config: tinyConv, preset: 'conv' });
    await first.run({ steps: 2 });
    const saved = await saveCheckpoint(first, dir);
    first.dispose();
    // Rewrite the saved config as the first release wrote it: no latentDistribution key.
    const manifestPath = join(saved, MANIFEST_FILE);
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    delete manifest.config.latentDistribution;
    await writeFile(manifestPath, JSON.stringify(manifest));
    const resumed = await resumeTrainer(dir, bars());
    expect(resumed.inputs).toEqual([{ kind: 'noise', name: 'z', dim: 6, distribution: 'normal' }]);
    await resumed.run({ steps: 3 });
    expect(resumed.step).toBe(5);
    resumed.dispose();
  });
});

describe('reconstructions', () => {
  it('G(E(x)) has the examples\' shape, disposes what it makes, and a model without an encoder is refused', async () => {
    const data = bars();
    const t = Trainer.create({ variant: bigan, data, seed: 4, config: tiny });
    await t.run({ steps: 2 });
    const sampler = Sampler.fromTrainer(t);
    const x = data.gather([0, 1, 2, 3, 4]).x;
    const before = tf.memory().numTensors;
    const recon = sampler.reconstruct(x);
    expect(recon.shape).toEqual([5, 8, 8, 1]);
    const values = await recon.data();
    expect(values.every((v) => Number.isFinite(v) && v >= -1 && v <= 1)).toBe(true);
    recon.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => sampler.reconstruct(tf.zeros([2, 4, 4, 1]))).toThrowError(/x: expected examples of shape \[n, 8, 8, 1\]/);
    const model = sampler.model;
    const { encoder: _, ...withoutEncoder } = model.networks;
    const plain = Sampler.fromModel({ ...model, networks: withoutEncoder } as SamplingModel);
    expect(() => plain.reconstruct(x)).toThrowError(/networks\.encoder: expected an 'encoder' network/);
    x.dispose();
    t.dispose();
  });
});

describe('encoder-1nn', () => {
  function withEncoder(encoder: tfl.LayersModel): SamplingModel {
    return { variant: 'test', config: {} as never, spec: { shape: [8, 8, 1], size: 1, kind: 'image', numClasses: 2 }, inputs: [], labels: {}, networks: { encoder }, averaged: false, step: 0, generate: () => tf.zeros([1]) };
  }
  async function score(encoder: tfl.LayersModel, raw?: (r: number, note: string | undefined) => void): Promise<number> {
    const held = bars(200, 9);
    const rows = held.rows(Uint32Array.from({ length: 200 }, (_, i) => i));
    const r = await metrics.get('encoder-1nn').compute({ spec: held.spec, generated: { x: new Float32Array(0), n: 0 }, reference: { x: rows.x, n: 200, labels: rows.labels! }, seed: 1, sampler: Sampler.fromModel(withEncoder(encoder)) });
    raw?.(r.details!['raw'] as number, r.note);
    return r.value;
  }

  it('is near 1 for codes that keep the class apart and near chance for codes that do not', async () => {
    // Pixels themselves: a bar's nearest other bar lies along the same row or column (same class).
    const pixels = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [8, 8, 1] })] });
    expect(await score(pixels)).toBeGreaterThan(0.95);
    // A code that only knows the mean brightness (the same for every bar): ties, about chance.
    const blind = tfl.sequential({ layers: [tfl.layers.globalAveragePooling2d({ inputShape: [8, 8, 1] })] });
    let raw = 0;
    let note: string | undefined;
    expect(await score(blind, (r, n) => ((raw = r), (note = n)))).toBeLessThan(0.7);
    expect(raw).toBeGreaterThan(0.95); // the raw pixels' own score, reported beside any encoder's
    expect(note).toBe(`raw pixels: ${(raw * 100).toFixed(1)}% on the same 200 examples`);

    const before = tf.memory().numTensors;
    await score(pixels);
    expect(tf.memory().numTensors).toBe(before);
    expect(metrics.get('encoder-1nn').supports(bars().spec, { conditional: false, networks: ['generator', 'encoder'] })).toBe(true);
    expect(metrics.get('encoder-1nn').supports(bars().spec, { conditional: false, networks: ['generator'] })).toBe(false);
    pixels.dispose();
    blind.dispose();
  });
});
