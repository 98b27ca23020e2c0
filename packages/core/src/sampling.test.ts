import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArrayDataSource } from './data.js';
import { ConfigError } from './errors.js';
import { MODEL_SPEC_VERSION, type ModelFactory } from './model.js';
import { models, variants } from './registries.js';
import { Rng } from './rng.js';
import { Sampler, interpolateLatents } from './sampling.js';
import { pointData, registerFixtures, testConfig, useBackend } from './test-support/fixtures.js';
import { Trainer } from './trainer.js';
import { VARIANT_SPEC_VERSION, type GanVariant } from './variant.js';

/** A conditional generator: z joined to a label embedding (core cannot use @gankit/cgan's models). */
const conditionalGenerator: ModelFactory = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'test-conditional-generator',
  description: 'tiny conditional MLP generator (core test fixture)',
  role: 'generator',
  create(ctx) {
    const z = tfl.input({ shape: [ctx.latentDim] });
    const label = tfl.input({ shape: [], dtype: 'int32' });
    const e = tfl.layers.embedding({ inputDim: ctx.numClasses!, outputDim: 3, embeddingsInitializer: ctx.init.glorotUniform() }).apply(label) as tfl.SymbolicTensor;
    const h = tfl.layers.concatenate().apply([z, e]) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 2, kernelInitializer: ctx.init.glorotUniform() }).apply(h) as tfl.SymbolicTensor;
    return tfl.model({ inputs: [z, label], outputs: out });
  },
};
const conditionalDiscriminator: ModelFactory = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'test-conditional-discriminator',
  description: 'tiny conditional MLP discriminator (core test fixture)',
  role: 'discriminator',
  create(ctx) {
    const x = tfl.input({ shape: ctx.data.shape });
    const label = tfl.input({ shape: [], dtype: 'int32' });
    const e = tfl.layers.embedding({ inputDim: ctx.numClasses!, outputDim: 3, embeddingsInitializer: ctx.init.glorotUniform() }).apply(label) as tfl.SymbolicTensor;
    const h = tfl.layers.concatenate().apply([x, e]) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 1, kernelInitializer: ctx.init.glorotUniform() }).apply(h) as tfl.SymbolicTensor;
    return tfl.model({ inputs: [x, label], outputs: out });
  },
};
const conditionalVariant: GanVariant = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'test-conditional-gan',
  description: 'tiny conditional GAN (core test fixture)',
  labels: { generator: 'input', discriminator: 'input' },
  defaultConfig: () => ({
    ...testConfig(),
    networks: {
      generator: { model: 'test-conditional-generator' },
      discriminator: { model: 'test-conditional-discriminator' },
    },
  }),
};

function labelledPoints(): ArrayDataSource {
  const rng = new Rng(3);
  const n = 64;
  const x = new Float32Array(2 * n);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    x[2 * i] = (i % 2 ? 0.5 : -0.5) + 0.1 * rng.normal();
    x[2 * i + 1] = (i % 2 ? 0.5 : -0.5) + 0.1 * rng.normal();
  }
  return new ArrayDataSource({ shape: [2], kind: 'points', numClasses: 2 }, { x, labels }, 'labelled points');
}

const values = (t: tf.Tensor) => Array.from(t.dataSync());

beforeAll(async () => {
  await useBackend();
  registerFixtures();
  models.register(conditionalGenerator);
  models.register(conditionalDiscriminator);
  variants.register(conditionalVariant);
});

describe('interpolateLatents', () => {
  const a = [0.5, -1, 2, 0.25];
  const b = [-1.5, 0.75, 0.5, 1];
  it.each(['linear', 'slerp'] as const)('%s: the endpoints equal the given points exactly', (mode) => {
    const path = interpolateLatents(a, b, 7, mode);
    expect(path.shape).toEqual([7, 4]);
    const rows = path.arraySync();
    expect(rows[0]).toEqual(Array.from(Float32Array.from(a)));
    expect(rows[6]).toEqual(Array.from(Float32Array.from(b)));
    path.dispose();
  });

  it('linear steps are evenly spaced; slerp keeps the norm between equal-norm points', () => {
    const lin = interpolateLatents([0, 0], [3, 6], 4, 'linear').arraySync();
    lin.forEach((row, i) => {
      expect(row[0]).toBeCloseTo(i, 5);
      expect(row[1]).toBeCloseTo(2 * i, 5);
    });
    const slerp = interpolateLatents([2, 0], [0, 2], 5, 'slerp').arraySync();
    for (const [x, y] of slerp as [number, number][]) expect(Math.hypot(x, y)).toBeCloseTo(2, 5);
    // halfway on the quarter circle: 45 degrees
    expect(slerp[2]![0]).toBeCloseTo(Math.SQRT2, 5);
    expect(slerp[2]![1]).toBeCloseTo(Math.SQRT2, 5);
  });

  it('rejects fewer than two steps and mismatched points', () => {
    expect(() => interpolateLatents([0], [1], 1)).toThrowError(/steps: expected an integer >= 2, found 1/);
    expect(() => interpolateLatents([0, 1], [1], 3)).toThrowError(/to: expected 2 finite numbers/);
  });
});

describe('Sampler', () => {
  it('from a live trainer gives the samples of Trainer.sample for the same seed', async () => {
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 4 });
    await t.run({ steps: 3 });
    const sampler = Sampler.fromTrainer(t);
    const a = t.sample(6, { seed: 9 });
    const b = sampler.generate(6, { seed: 9 });
    expect(b.shape).toEqual([6, 2]);
    expect(values(b)).toEqual(values(a));
    const c = sampler.generate(6);
    const d = sampler.generate(6);
    expect(values(c)).not.toEqual(values(d)); // the sampler's own stream moves on
    tf.dispose([a, b, c, d]);
    sampler.dispose(); // does not dispose the trainer's generator
    t.sample(1).dispose();
    t.dispose();
  });

  it('from a checkpoint (generator only, no data) gives the live trainer\'s samples, labels included', async () => {
    const t = Trainer.create({ variant: 'test-conditional-gan', data: labelledPoints(), seed: 5 });
    await t.run({ steps: 4 });
    const checkpoint = await t.checkpoint();
    variants.unregister('test-conditional-gan'); // sampling must not need the variant's package
    try {
      const before = tf.memory().numTensors;
      const sampler = await Sampler.fromCheckpoint(checkpoint);
      expect(sampler.conditional).toBe(true);
      expect(sampler.numClasses).toBe(2);
      expect(sampler.latentDim).toBe(4);
      for (const options of [{ seed: 1 }, { seed: 2, labels: [1, 1, 0, 0, 1] }]) {
        const live = t.sample(5, options);
        const restored = sampler.generate(5, options);
        expect(values(restored)).toEqual(values(live));
        tf.dispose([live, restored]);
      }
      sampler.dispose();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      variants.register(conditionalVariant);
    }
    t.dispose();
  });

  it('interpolates between two latent points: the end frames are the endpoints\' samples', async () => {
    const t = Trainer.create({ variant: 'test-conditional-gan', data: labelledPoints(), seed: 6 });
    const sampler = Sampler.fromTrainer(t);
    const from = [1, 0, -1, 0.5];
    const to = [-0.5, 2, 0, 1];
    for (const mode of ['linear', 'slerp'] as const) {
      const frames = sampler.interpolate(5, { from, to, label: 1, mode });
      expect(frames.shape).toEqual([5, 2]);
      const ends = tf.tensor2d([from, to]);
      const expected = sampler.generateFromLatent(ends, [1, 1]);
      const f = frames.arraySync() as number[][];
      const e = expected.arraySync() as number[][];
      expect(f[0]).toEqual(e[0]);
      expect(f[4]).toEqual(e[1]);
      tf.dispose([frames, ends, expected]);
    }
    // seeded endpoints are reproducible
    const a = sampler.interpolate(3, { seed: 7 });
    const b = sampler.interpolate(3, { seed: 7 });
    expect(values(a)).toEqual(values(b));
    tf.dispose([a, b]);
    t.dispose();
  });

  it("draws interpolation endpoints from the noise's prior: inside [-1, 1] and along a straight line for uniform noise", () => {
    // A "generator" that returns its noise, so the frames are the path itself.
    const sampler = Sampler.fromModel({
      variant: 'test-uniform-noise',
      config: testConfig(),
      spec: { shape: [16], kind: 'points', size: 0 },
      inputs: [{ kind: 'noise', name: 'z', dim: 16, distribution: 'uniform' }],
      labels: {},
      networks: {},
      averaged: false,
      step: 0,
      generate: (inputs) => tf.clone(inputs['z']!),
    });
    for (const seed of [1, 2, 3]) {
      const frames = sampler.interpolate(9, { seed }).arraySync() as number[][];
      for (const frame of frames) for (const v of frame) expect(Math.abs(v)).toBeLessThanOrEqual(1);
      // Linear: the middle frame is the mean of the ends.
      frames[4]!.forEach((v, i) => expect(v).toBeCloseTo((frames[0]![i]! + frames[8]![i]!) / 2, 5));
    }
    sampler.dispose();
  });

  it('keeps the tensor count constant and reports bad options with their path', () => {
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 1 });
    const sampler = Sampler.fromTrainer(t);
    sampler.generate(2).dispose();
    const before = tf.memory().numTensors;
    sampler.generate(3, { seed: 1 }).dispose();
    sampler.interpolate(4).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => sampler.generate(0)).toThrowError(ConfigError);
    expect(() => sampler.generate(2, { labels: [0, 1] })).toThrowError(/labels: expected no labels \(the generator of 'test-gan' takes none\)/);
    expect(() => sampler.interpolate(3, { from: [1, 2] })).toThrowError(/from: expected 4 finite numbers/);
    t.dispose();
  });
});
