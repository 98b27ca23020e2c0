import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import { ArrayDataSource, ConfigError, Rng, Sampler, Trainer, type GeneratorInput } from '@gankit/core';
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
