import '@gankit/backend-wasm';
import '@gankit/metrics';
import '@tensorflow/tfjs-backend-wasm';
import { ArrayDataSource, ConfigError, metrics, Rng, Sampler, Trainer, type GeneratorInput } from '@gankit/core';
import { bestAssignment } from '@gankit/metrics';
import { loadCheckpoint, resumeTrainer, saveCheckpoint } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeLosses, infogan } from './index.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'gankit-infogan-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 8x8 images of a bright bar on a dark ground, horizontal or vertical, at a random row or column. */
function bars(n = 128, seed = 1): ArrayDataSource {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 64).fill(-1);
  for (let i = 0; i < n; i++) {
    const at = rng.int(8);
    for (let j = 0; j < 8; j++) x[i * 64 + (i % 2 === 0 ? at * 8 + j : j * 8 + at)] = 1;
  }
  return new ArrayDataSource({ shape: [8, 8, 1], kind: 'image' }, { x }, 'bars');
}

/** The four shapes of `shapes()`, at full brightness: rows 3-4, columns 3-4, a square's outline, the diagonal. */
const SHAPES = [
  (i: number) => i === 3 || i === 4,
  (_i: number, j: number) => j === 3 || j === 4,
  (i: number, j: number) => i >= 1 && i <= 6 && j >= 1 && j <= 6 && (i === 1 || i === 6 || j === 1 || j === 6),
  (i: number, j: number) => i === j,
].map((on) => Float32Array.from({ length: 64 }, (_, p) => (on(Math.floor(p / 8), p % 8) ? 1 : -1)));

/** 8x8 images of the four SHAPES, labelled by shape (example i is shape i % 4), each at a random brightness. */
function shapes(n = 256, seed = 1): ArrayDataSource {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 64);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % SHAPES.length;
    const on = -1 + 2 * (0.4 + 0.6 * rng.next()); // a bright pixel between -0.2 and 1
    SHAPES[labels[i]!]!.forEach((v, p) => (x[i * 64 + p] = v > 0 ? on : -1));
  }
  return new ArrayDataSource({ shape: [8, 8, 1], kind: 'image', numClasses: SHAPES.length }, { x, labels }, 'shapes');
}

/**
 * How well the categorical code `code` has come to mean the shape, on the generator's side (as the metric
 * `code-accuracy` judges MNIST digits, with the nearest of SHAPES in place of the digit classifier): 32
 * samples per code value, each code value matched one-to-one to a shape so as to agree most often, the
 * share of samples whose shape is their value's.
 */
function shapeCodeAccuracy(t: Trainer): number {
  const sampler = Sampler.fromTrainer(t);
  const perValue = 32;
  const confusion = SHAPES.map(() => SHAPES.map(() => 0));
  for (let k = 0; k < SHAPES.length; k++) {
    const code = tf.tidy(() => tf.cast(tf.oneHot(tf.fill([perValue], k, 'int32') as tf.Tensor1D, SHAPES.length), 'float32'));
    const images = sampler.generate(perValue, { seed: 100 + k, inputs: { code } });
    const pixels = images.dataSync();
    tf.dispose([code, images]);
    for (let i = 0; i < perValue; i++) {
      const distance = (shape: Float32Array) => shape.reduce((sum, v, p) => sum + (pixels[i * 64 + p]! - v) ** 2, 0);
      const nearest = SHAPES.reduce((best, shape, s) => (distance(shape) < distance(SHAPES[best]!) ? s : best), 0);
      confusion[k]![nearest]! += 1;
    }
  }
  sampler.dispose();
  const shapeOf = bestAssignment(confusion);
  return shapeOf.reduce((hits, s, k) => hits + confusion[k]![s]!, 0) / (perValue * SHAPES.length);
}

const tiny = {
  latentDim: 4,
  batchSize: 16,
  codes: { categorical: [2], continuous: 1 },
  networks: { generator: { options: { width: 0.125 } }, discriminator: { options: { width: 0.125 } } },
};

describe('codeLosses', () => {
  it('is the cross-entropy of categorical codes and half the squared error of continuous ones, by hand', () => {
    const inputs: GeneratorInput[] = [
      { kind: 'noise', name: 'z', dim: 3 },
      { kind: 'categorical', name: 'code', classes: 2 },
      { kind: 'continuous', name: 'style', dim: 1 },
    ];
    // Q's output per row: [logit0, logit1, mean]. Row 0: logits (0, ln 3) -> p = (1/4, 3/4), code 1 -> -ln(3/4);
    // row 1: logits (0, 0) -> p = 1/2, code 0 -> ln 2. Continuous: (0.5 - 0)^2 / 2 = 0.125 and (-1 - 1)^2 / 2 = 2.
    const q = tf.tensor2d([[0, Math.log(3), 0], [0, 0, 1]]);
    const codes = { code: tf.tensor2d([[0, 1], [1, 0]]), style: tf.tensor2d([[0.5], [-1]]), z: tf.zeros([2, 3]) };
    const before = tf.memory().numTensors;
    const l = codeLosses(q, inputs, codes);
    expect(l.categorical!.dataSync()[0]).toBeCloseTo((-Math.log(3 / 4) + Math.log(2)) / 2, 5);
    expect(l.continuous!.dataSync()[0]).toBeCloseTo((0.125 + 2) / 2, 5);
    tf.dispose([l.categorical!, l.continuous!]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([q, ...Object.values(codes)]);
  });
});

describe('infogan', () => {
  it('declares noise and codes as the generator inputs, and Q shares D (two outputs)', () => {
    const t = Trainer.create({ variant: infogan, data: bars(), seed: 1, config: tiny });
    expect(t.inputs).toEqual([
      { kind: 'noise', name: 'z', dim: 4, distribution: 'uniform' },
      { kind: 'categorical', name: 'code', classes: 2 },
      { kind: 'continuous', name: 'style', dim: 1, low: -1, high: 1 },
    ]);
    expect(t.networks['discriminator']!.outputs.map((o) => o.shape)).toEqual([[null, 1], [null, 3]]);
    expect(t.networks['generator']!.inputs.map((i) => i.shape)).toEqual([[null, 4], [null, 2], [null, 1]]);
    t.dispose();
  });

  it('learns to recover its codes: the information losses fall, and the tensor count stays constant', async () => {
    const t = Trainer.create({ variant: infogan, data: bars(), seed: 2, config: tiny });
    const info: number[] = [];
    t.on('step', (s) => void info.push(s.extra['g.info-categorical']! + s.extra['g.info-continuous']!));
    await t.run({ steps: 3 });
    const before = tf.memory().numTensors;
    await t.run({ steps: 57 });
    expect(tf.memory().numTensors).toBe(before);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Chance: ln 2 for the categorical code plus E[c^2]/2 = 1/6 for a U(-1, 1) code predicted at 0.
    expect(mean(info.slice(0, 5))).toBeGreaterThan(0.7);
    expect(mean(info.slice(-10))).toBeLessThan(mean(info.slice(0, 5)) * 0.6);
    t.dispose();
  });

  it("swaps the convolutions for dense layers with preset 'mlp', and learns its codes the same way", async () => {
    const t = Trainer.create({ variant: infogan, data: bars(), seed: 2, preset: 'mlp', config: { ...tiny, networks: { generator: { options: { width: 1 / 32 } }, discriminator: { options: { width: 1 / 32 } } } } });
    const classes = (name: string) => t.networks[name]!.layers.map((l) => l.getClassName());
    expect(classes('generator').filter((c) => c === 'Conv2DTranspose')).toEqual([]);
    expect(classes('discriminator').filter((c) => c === 'Conv2D')).toEqual([]);
    expect(classes('generator').filter((c) => c === 'Dense')).toHaveLength(3);
    expect(t.networks['discriminator']!.outputs.map((o) => o.shape)).toEqual([[null, 1], [null, 3]]);
    const info: number[] = [];
    t.on('step', (s) => void info.push(s.extra['g.info-categorical']!));
    await t.run({ steps: 3 });
    const before = tf.memory().numTensors;
    await t.run({ steps: 57 });
    expect(tf.memory().numTensors).toBe(before);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(info.slice(-10))).toBeLessThan(mean(info.slice(0, 5)) * 0.6);
    t.dispose();
  });

  it('comes to mean the shape through its categorical code: each code value draws one shape, each a different one (code accuracy 0.40 -> >= 0.9, q-accuracy >= 0.9)', async () => {
    // 'mlp' networks at 1/8 width, 16-d noise, one code of 4 values for 4 shapes. Measured over seeds 1-6 (data
    // and run), code accuracy / q-accuracy untrained 0.25-0.40 / 0.25-0.75, after 400 steps 0.88-1.00 / 1.00, after
    // 600 1.00 / 1.00. With G's information term off (D's Q still learning), seeds 1-3 stay at 0.33-0.40 / 0.52-0.86.
    // With 4-d noise the code comes to pick the shape without the information term (0.98-1.00 with both terms
    // off): the discrete input is G's easiest switch between 4 separate modes, so the noise is widened to 16.
    const config = {
      latentDim: 16,
      batchSize: 32,
      codes: { categorical: [4], continuous: 0 },
      networks: { generator: { options: { width: 0.125 } }, discriminator: { options: { width: 0.125 } } },
    };
    const t = Trainer.create({ variant: infogan, data: shapes(256, 1), seed: 1, preset: 'mlp', config });
    expect(shapeCodeAccuracy(t)).toBeLessThan(0.6);
    await t.run({ steps: 10 });
    const before = tf.memory().numTensors;
    await t.run({ steps: 590 });
    expect(tf.memory().numTensors).toBe(before);
    expect(shapeCodeAccuracy(t)).toBeGreaterThanOrEqual(0.9);
    // Q's side, as Chen et al. report it: Q's code for held-out real shapes, values matched to shapes.
    const held = shapes(64, 9).rows(Uint32Array.from({ length: 64 }, (_, i) => i));
    const sampler = Sampler.fromTrainer(t);
    const q = await metrics.get('q-accuracy').compute({ spec: shapes(64, 9).spec, generated: { x: new Float32Array(0), n: 0 }, reference: { x: held.x, n: 64, labels: held.labels! }, seed: 1, sampler });
    expect(q.value).toBeGreaterThanOrEqual(0.9);
    sampler.dispose();
    t.dispose();
  }, 600_000);

  it("keeps batch norm in the convolutional D by default (the paper's) and in preset 'half', leaves it out with batchNorm: false and in the MLP's D, and refuses it on G", () => {
    const norms = (t: Trainer) => t.networks['discriminator']!.layers.filter((l) => l.getClassName() === 'BatchNormalization').length;
    const conv = Trainer.create({ variant: infogan, data: bars(), seed: 1, config: tiny });
    expect(norms(conv)).toBe(3); // conv 128, FC 1024, and Q's FC 128
    conv.dispose();
    const plain = Trainer.create({ variant: infogan, data: bars(), seed: 1, config: { ...tiny, networks: { ...tiny.networks, discriminator: { options: { width: 0.125, batchNorm: false } } } } });
    expect(norms(plain)).toBe(1); // Q's own layer only
    plain.dispose();
    const mlp = Trainer.create({ variant: infogan, data: bars(), seed: 1, preset: 'mlp', config: tiny });
    expect(norms(mlp)).toBe(1);
    mlp.dispose();
    const half = Trainer.create({ variant: infogan, data: bars(), seed: 1, preset: 'half', config: { latentDim: 4, codes: tiny.codes } });
    expect(half.config.networks.discriminator.options).toEqual({ width: 0.5 });
    expect(half.config.networks.generator.options).toEqual({ width: 0.5 });
    expect(half.config.batchSize).toBe(64);
    expect(norms(half)).toBe(3);
    half.dispose();
    expect(() => Trainer.create({ variant: infogan, data: bars(), seed: 1, config: { ...tiny, networks: { ...tiny.networks, generator: { options: { width: 0.125, batchNorm: false } } } } as never })).toThrowError(
      /options of model 'infogan-generator'.*batchNorm: expected one of the options width, body/s,
    );
  });

  it('samples with a chosen code from a checkpoint, and resumes exactly', async () => {
    const straight = Trainer.create({ variant: infogan, data: bars(), seed: 3, config: tiny });
    await straight.run({ steps: 8 });
    const expected = straight.networks['generator']!.getWeights().map((w) => Array.from(w.dataSync()));
    const dir = join(root, 'resume');
    const first = Trainer.create({ variant: infogan, data: bars(), seed: 3, config: tiny });
    await first.run({ steps: 4 });
    await saveCheckpoint(first, dir);
    first.dispose();
    const resumed = await resumeTrainer(dir, bars());
    await resumed.run({ steps: 4 });
    expect(resumed.networks['generator']!.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(expected);
    const { checkpoint } = await loadCheckpoint(dir);
    const sampler = await Sampler.fromCheckpoint(checkpoint);
    const code = tf.tensor2d([[1, 0], [0, 1]]);
    const x = sampler.generate(2, { seed: 1, inputs: { code } });
    expect(x.shape).toEqual([2, 8, 8, 1]);
    tf.dispose([x, code]);
    sampler.dispose();
    resumed.dispose();
    straight.dispose();
  });

  it('refuses data it cannot draw and bad code settings, naming each', () => {
    const points = new ArrayDataSource({ shape: [2], kind: 'points' }, { x: new Float32Array(20) });
    expect(() => Trainer.create({ variant: infogan, data: points })).toThrowError(ConfigError);
    expect(() => Trainer.create({ variant: infogan, data: bars(), config: { ...tiny, codes: { categorical: [1], continuous: -1 }, infoWeight: { categorical: -1, continuous: 1 } } })).toThrowError(
      /codes\.categorical: expected a list of value counts[\s\S]*codes\.continuous: expected a non-negative integer[\s\S]*infoWeight\.categorical: expected a non-negative number/,
    );
  });
});
