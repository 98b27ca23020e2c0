/**
 * The game contract, version 2: named networks and optimizers, a variant's own step with the batch valid
 * for the whole step, declared inputs, named data sources, moving averages, relativistic losses, and
 * version-1 plug-ins through the adapter. Every test trains real (tiny) networks.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArrayDataSource, type Batch, type DataSource } from './data.js';
import { ConfigError } from './errors.js';
import { LOSS_SPEC_VERSION, type LossPair } from './loss.js';
import { MODEL_SPEC_VERSION, type ModelFactory } from './model.js';
import { losses, models, variants } from './registries.js';
import { Rng } from './rng.js';
import { Sampler } from './sampling.js';
import { alternatingStep, discriminatorUpdate, disposeUpdate, generatorUpdate, meanOutput, updateNumbers } from './standard-updates.js';
import { resolveConfig } from './config.js';
import { pointData, registerFixtures, testConfig, testGenerator, useBackend, weightsOf } from './test-support/fixtures.js';
import { Trainer } from './trainer.js';
import { VARIANT_SPEC_VERSION, type GanVariant } from './variant.js';
import type { GanVariantV1 } from './variant-v1.js';
import { checkpointEvery, loadCheckpoint, resumeTrainer, saveCheckpoint } from './node/checkpoint-series.js';
import { MANIFEST_FILE } from './node/checkpoint-files.js';

let root: string;
beforeAll(async () => {
  await useBackend();
  registerFixtures();
  models.register(encoderFactory);
  models.register(codeGenerator);
  root = await mkdtemp(join(tmpdir(), 'gankit-contract-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** An encoder x -> z (BiGAN's E), a tiny MLP. */
const encoderFactory: ModelFactory = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'test-encoder',
  description: 'tiny MLP encoder (contract test)',
  role: 'generator',
  create(ctx) {
    return tfl.sequential({
      layers: [
        tfl.layers.dense({ inputShape: ctx.data.shape, units: 8, activation: 'relu', kernelInitializer: ctx.init.glorotUniform() }),
        tfl.layers.dense({ units: ctx.latentDim, kernelInitializer: ctx.init.glorotUniform() }),
      ],
    });
  },
};

/** A generator taking every declared input (noise and codes), concatenated. */
const codeGenerator: ModelFactory = {
  specVersion: MODEL_SPEC_VERSION,
  name: 'test-code-generator',
  description: 'tiny MLP generator of several inputs (contract test)',
  role: 'generator',
  create(ctx) {
    const inputs = (ctx.inputs ?? []).map((i) => tfl.input({ shape: [i.kind === 'categorical' ? i.classes : i.kind === 'noise' || i.kind === 'continuous' ? i.dim : 1], name: i.name }));
    const joined = inputs.length > 1 ? (tfl.layers.concatenate().apply(inputs) as tfl.SymbolicTensor) : inputs[0]!;
    const h = tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: ctx.init.glorotUniform() }).apply(joined);
    const out = tfl.layers.dense({ units: ctx.data.shape[0]!, kernelInitializer: ctx.init.glorotUniform() }).apply(h) as tfl.SymbolicTensor;
    return tfl.model({ inputs, outputs: out });
  },
};

/**
 * A three-network game in the spirit of BiGAN, written only against the public pieces: D scores
 * examples; an encoder E is trained with G (one optimizer bound to both) to make E(G(z)) recover z.
 */
const threeNetworks: GanVariant = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'test-three-networks',
  description: 'generator, discriminator and encoder (contract test)',
  defaultConfig: () => {
    const base = testConfig();
    return {
      ...base,
      networks: { ...base.networks, encoder: { model: 'test-encoder' } },
      optimizers: { ...base.optimizers, generator: { ...base.optimizers['generator']!, networks: ['generator', 'encoder'] } },
      ema: { decay: 0.9 },
    };
  },
  step(ctx, batch) {
    const d = discriminatorUpdate(ctx, batch);
    // The batch is still valid after the D update: the step owns it.
    const realMean = tf.mean(batch.x) as tf.Scalar;
    let recon: tf.Scalar | undefined;
    const g = generatorUpdate(ctx, batch, {
      generatorTerm: ({ ctx: c, inputs, generated, report }) => {
        const z = inputs['z']!;
        const back = c.networks['encoder']!.apply(generated, { training: true }) as tf.Tensor;
        recon = tf.mean(tf.square(tf.sub(back, z))) as tf.Scalar;
        report('reconstruction', recon);
        return recon;
      },
    });
    void recon;
    return { ...updateNumbers(d, 'd'), ...updateNumbers(g, 'g'), realMean };
  },
};

describe('named networks and optimizers', () => {
  it('builds every named network, binds one optimizer to two networks, and reports the step own numbers', async () => {
    const t = Trainer.create({ variant: threeNetworks, data: pointData(), seed: 4 });
    expect(Object.keys(t.networks)).toEqual(['generator', 'discriminator', 'encoder']);
    const encoderBefore = t.networks['encoder']!.getWeights().map((w) => w.dataSync().slice());
    const stats = await t.run({ steps: 3 });
    expect(t.optimizers['generator']!.iterations).toBe(3);
    expect(Object.keys(stats!.extra).sort()).toEqual(['g.reconstruction', 'realMean']);
    const encoderAfter = t.networks['encoder']!.getWeights().map((w) => w.dataSync());
    expect(encoderAfter.some((w, i) => w.some((v, j) => v !== encoderBefore[i]![j]))).toBe(true);
    const before = tf.memory().numTensors;
    await t.run({ steps: 5 });
    t.sample(4).dispose();
    expect(tf.memory().numTensors).toBe(before);
    t.dispose();
  });

  it('resumes a three-network run with EMA bit for bit, and records every network and the averages', async () => {
    const straight = Trainer.create({ variant: threeNetworks, data: pointData(), seed: 9 });
    await straight.run({ steps: 20 });
    const expected = weightsOf(straight.networks);
    const expectedSample = straight.sample(6, { seed: 3 }).dataSync().slice();

    const dir = join(root, 'three');
    const first = Trainer.create({ variant: threeNetworks, data: pointData(), seed: 9 });
    await first.run({ steps: 10 });
    await saveCheckpoint(first, dir);
    first.dispose();
    const { checkpoint } = await loadCheckpoint(dir);
    expect(checkpoint.manifest.networks).toEqual(['generator', 'discriminator', 'encoder']);
    expect(checkpoint.manifest.optimizers['generator']!.networks).toEqual(['generator', 'encoder']);
    expect(checkpoint.manifest.ema).toMatchObject({ decay: 0.9, networks: ['generator'] });

    variants.register(threeNetworks);
    const resumed = await resumeTrainer(dir, pointData());
    await resumed.run({ steps: 10 });
    expect(weightsOf(resumed.networks)).toEqual(expected);
    expect(resumed.sample(6, { seed: 3 }).dataSync()).toEqual(expectedSample);
    expect(resumed.trainSeconds).toBeGreaterThan(0);
    resumed.dispose();
    straight.dispose();
    variants.unregister(threeNetworks.name);
  });
});

describe('moving averages (ema)', () => {
  it('keeps ema = decay * ema + (1 - decay) * w, samples from it, and leaves the live weights untouched', async () => {
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 2, config: { ema: { decay: 0.5 } } });
    const w0 = t.networks['generator']!.trainableWeights.map((w) => w.read().dataSync().slice());
    await t.run({ steps: 1 });
    const w1 = t.networks['generator']!.trainableWeights.map((w) => w.read().dataSync().slice());
    const z = tf.randomNormal([3, 4], 0, 1, 'float32', 5);
    // The average after one step, put in by hand, gives what sample() gives.
    const liveOut = (t.networks['generator']!.apply(z, { training: false }) as tf.Tensor).dataSync().slice();
    const sampler = Sampler.fromTrainer(t);
    const averaged = sampler.generateFromLatent(z as tf.Tensor2D).dataSync().slice();
    t.networks['generator']!.trainableWeights.forEach((w, i) => {
      (w.read() as tf.Variable).assign(tf.tensor(w0[i]!.map((v, j) => 0.5 * v + 0.5 * w1[i]![j]!), w.shape as number[]));
    });
    const byHand = (t.networks['generator']!.apply(z, { training: false }) as tf.Tensor).dataSync();
    expect(Math.max(...Array.from(averaged).map((v, i) => Math.abs(v - byHand[i]!)))).toBeLessThan(1e-5);
    expect(Array.from(averaged)).not.toEqual(Array.from(liveOut));
    // withAverages put the live weights back.
    t.networks['generator']!.trainableWeights.forEach((w, i) => (w.read() as tf.Variable).assign(tf.tensor(w1[i]!, w.shape as number[])));
    expect((t.networks['generator']!.apply(z, { training: false }) as tf.Tensor).dataSync()).toEqual(liveOut);
    expect(t.averaged).toBe(true);
    z.dispose();
    t.dispose();
  });

  it('refuses bad ema settings with their paths', () => {
    expect(() => Trainer.create({ variant: 'test-gan', data: pointData(), config: { ema: { decay: 1.5, networks: ['critic'] } } })).toThrowError(
      /ema\.decay: expected a number in \[0, 1\), found 1\.5[\s\S]*ema\.networks: expected names of networks of the config/,
    );
  });
});

describe('the step owns the batch', () => {
  it('runs the variant step inside tf.tidy: tensors it forgets are freed, the batch lives through the step', async () => {
    let sawBatch = 0;
    const sloppy: GanVariant = {
      specVersion: VARIANT_SPEC_VERSION,
      name: 'test-sloppy',
      description: 'makes garbage tensors (contract test)',
      defaultConfig: testConfig,
      step(ctx, batch) {
        tf.ones([100]); // never disposed
        ctx.drawInputs(8); // never disposed
        const result = alternatingStep(ctx, batch);
        sawBatch = tf.sum(batch.x).dataSync()[0]!; // after both updates
        return result;
      },
    };
    const t = Trainer.create({ variant: sloppy, data: pointData(), seed: 1 });
    await t.run({ steps: 2 });
    const before = tf.memory().numTensors;
    await t.run({ steps: 4 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(sawBatch) && sawBatch !== 0).toBe(true);
    t.dispose();
  });

  it('passes the real scores of the step batch to a relativistic generator loss', async () => {
    const seen: number[][] = [];
    const relativistic: LossPair = {
      specVersion: LOSS_SPEC_VERSION,
      name: 'test-relativistic',
      description: 'RSGAN-like pair that records what G sees (contract test)',
      output: 'sigmoid',
      generatorNeedsReal: true,
      discriminatorLoss: (real, fake) => tf.tidy(() => tf.mean(tf.softplus(tf.neg(tf.sub(real, fake))))),
      generatorLoss: (fake, real) => {
        if (!real) throw new Error('no real scores');
        seen.push(real.shape as number[]);
        return tf.tidy(() => tf.mean(tf.softplus(tf.neg(tf.sub(fake, real)))));
      },
    };
    losses.register(relativistic);
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 1, config: { loss: 'test-relativistic', batchSize: 8 } });
    await t.run({ steps: 2 });
    expect(seen).toEqual([[8, 1], [8, 1]]);
    t.dispose();
    losses.unregister('test-relativistic');
  });
});

describe('declared inputs', () => {
  const infoLike: GanVariant = {
    specVersion: VARIANT_SPEC_VERSION,
    name: 'test-codes',
    description: 'noise plus a categorical and a continuous code (contract test)',
    defaultConfig: () => ({ ...testConfig(), networks: { ...testConfig().networks, generator: { model: 'test-code-generator' } } }),
    inputs: (config) => [
      { kind: 'noise', name: 'z', dim: config.latentDim },
      { kind: 'categorical', name: 'digit', classes: 3 },
      { kind: 'continuous', name: 'style', dim: 2 },
    ],
  };

  it('draws every input for training and sampling, takes given ones, and holds codes fixed along an interpolation', async () => {
    const t = Trainer.create({ variant: infoLike, data: pointData(), seed: 5 });
    await t.run({ steps: 2 });
    const sampler = Sampler.fromTrainer(t);
    expect(sampler.inputs.map((i) => i.kind)).toEqual(['noise', 'categorical', 'continuous']);
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d([0, 0, 2, 2], 'int32'), 3), 'float32');
    const a = sampler.generate(4, { seed: 1, inputs: { digit: oneHot } });
    const b = sampler.generate(4, { seed: 1, inputs: { digit: oneHot } });
    expect(a.dataSync()).toEqual(b.dataSync());
    const walk = sampler.interpolate(5, { seed: 2 });
    expect(walk.shape).toEqual([5, 2]);
    expect(() => sampler.generate(4, { inputs: { colour: oneHot } })).toThrowError(/inputs\.colour: expected one of the generator's inputs \(z, digit, style\)/);
    expect(() => sampler.generate(2, { inputs: { digit: oneHot } })).toThrowError(/inputs\.digit: expected 2 rows/);
    tf.dispose([a, b, walk, oneHot]);
    t.dispose();
  });

  it("draws InfoGAN's traversal grid: one row per categorical value, the continuous code swept along each row", async () => {
    const t = Trainer.create({ variant: infoLike, data: pointData(), seed: 5 });
    await t.run({ steps: 1 });
    const seen: Record<string, number[][]> = {};
    const model = t.samplingModel();
    const recording = Sampler.fromModel({ ...model, generate: (inputs) => {
      for (const [k, v] of Object.entries(inputs)) seen[k] = v.arraySync() as number[][];
      return model.generate(inputs);
    } });
    const grid = recording.traverse(4, { seed: 1, dimension: 1, range: [-2, 1] });
    expect(grid.shape).toEqual([12, 2]);
    expect(seen['digit']!.map((row) => row.indexOf(1))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
    expect(seen['style']!.map((row) => row[1])).toEqual([-2, -1, 0, 1, -2, -1, 0, 1, -2, -1, 0, 1]);
    // Everything else is one draw for the whole grid.
    expect(new Set(seen['style']!.map((row) => row[0])).size).toBe(1);
    expect(new Set(seen['z']!.map((row) => row.join())).size).toBe(1);
    expect(() => recording.traverse(4, { dimension: 2 })).toThrowError(/dimension: expected an integer in \[0, 2\)/);
    grid.dispose();
    const plain = Sampler.fromTrainer(Trainer.create({ variant: 'test-gan', data: pointData() }));
    expect(() => plain.traverse(3)).toThrowError(/traverse: expected a generator with a categorical and a continuous code/);
    t.dispose();
  });

  it('records the inputs in checkpoints, so a sampler from a checkpoint needs no variant package', async () => {
    const t = Trainer.create({ variant: infoLike, data: pointData(), seed: 5 });
    await t.run({ steps: 2 });
    const live = t.sample(3, { seed: 4 }).dataSync().slice();
    const dir = join(root, 'codes');
    await saveCheckpoint(t, dir);
    const { checkpoint } = await loadCheckpoint(dir);
    expect(checkpoint.manifest.inputs).toEqual([
      { kind: 'noise', name: 'z', dim: 4 },
      { kind: 'categorical', name: 'digit', classes: 3 },
      { kind: 'continuous', name: 'style', dim: 2 },
    ]);
    const sampler = await Sampler.fromCheckpoint(checkpoint);
    expect(sampler.generate(3, { seed: 4 }).dataSync()).toEqual(live);
    sampler.dispose();
    t.dispose();
  });

  it('refuses a bad declaration, naming the entry', () => {
    const bad = { ...infoLike, inputs: () => [{ kind: 'noise', name: 'z', dim: 0 }, { kind: 'categorical', name: 'z', classes: 1 }] } as unknown as GanVariant;
    expect(() => Trainer.create({ variant: bad, data: pointData() })).toThrowError(
      /inputs\[0\]\.dim: expected a positive integer, found 0[\s\S]*inputs\[1\]\.name: expected a name not used by another input[\s\S]*inputs\[1\]\.classes: expected an integer >= 2/,
    );
  });
});

describe('named data sources', () => {
  /** Labelled points: class 0 around (0.5, 0), class 1 around (-0.5, 0). */
  function labelled(): DataSource {
    const rng = new Rng(3);
    const n = 64;
    const x = new Float32Array(n * 2);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 2;
      x[2 * i] = (i % 2 ? -0.5 : 0.5) + 0.05 * rng.normal();
      x[2 * i + 1] = 0.05 * rng.normal();
    }
    return new ArrayDataSource({ shape: [2], kind: 'points', numClasses: 2 }, { x, labels }, 'labelled points');
  }
  const seenKeys: string[][] = [];
  const twoSources: GanVariant = {
    specVersion: VARIANT_SPEC_VERSION,
    name: 'test-two-sources',
    description: 'all data plus a labelled subset of 8 (contract test)',
    defaultConfig: testConfig,
    sources(data, { rng }) {
      const picked = rng.shuffle(Uint32Array.from({ length: data.spec.size }, (_, i) => i)).subarray(0, 8);
      const rows = data.rows(picked);
      return { data, labelled: new ArrayDataSource({ ...data.spec }, { x: rows.x, labels: rows.labels! }, 'labelled subset') };
    },
    step(ctx, batch: Batch) {
      seenKeys.push(Object.keys(batch).sort());
      const d = discriminatorUpdate(ctx, batch);
      // An extra number from the second source, to see it resume exactly.
      const labelledMean = meanOutput(ctx.loss, ctx.discriminate(batch['labelled.x']!, undefined, false));
      const g = generatorUpdate(ctx, batch);
      return { ...updateNumbers(d, 'd'), ...updateNumbers(g, 'g'), labelledMean };
    },
  };

  it('gives each source its own stream in the batch, and resumes every stream exactly', async () => {
    variants.register(twoSources);
    const straight = Trainer.create({ variant: 'test-two-sources', data: labelled(), seed: 8, config: { batchSize: 6 } });
    const expected: number[] = [];
    straight.on('step', (s) => void expected.push(s.extra['labelledMean']!));
    await straight.run({ steps: 12 });
    expect(seenKeys[0]).toEqual(['labelled.labels', 'labelled.x', 'labels', 'x']);
    expect(Object.keys(straight.sources)).toEqual(['data', 'labelled']);
    expect(straight.sources['labelled']!.spec.size).toBe(8);

    const dir = join(root, 'sources');
    const first = Trainer.create({ variant: 'test-two-sources', data: labelled(), seed: 8, config: { batchSize: 6 } });
    const got: number[] = [];
    first.on('step', (s) => void got.push(s.extra['labelledMean']!));
    await first.run({ steps: 5 });
    await saveCheckpoint(first, dir);
    first.dispose();
    const { checkpoint } = await loadCheckpoint(dir);
    expect(Object.keys(checkpoint.manifest.data.streams)).toEqual(['data', 'labelled']);
    const resumed = await resumeTrainer(dir, labelled());
    resumed.on('step', (s) => void got.push(s.extra['labelledMean']!));
    await resumed.run({ until: { step: 12 } });
    expect(got).toEqual(expected);
    expect(weightsOf(resumed.networks)).toEqual(weightsOf(straight.networks));
    resumed.dispose();
    straight.dispose();
    variants.unregister('test-two-sources');
  });
});

describe('budgets that span resumes', () => {
  it('stops at the run totals of until.step and until.trainSeconds, across a resume', async () => {
    const dir = join(root, 'budget');
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 1 });
    const off = checkpointEvery(t, { dir, every: 3 });
    await t.run({ until: { step: 7 } });
    expect(t.step).toBe(7);
    off();
    const spent = t.trainSeconds;
    t.dispose();
    const resumed = await resumeTrainer(dir, pointData());
    expect(resumed.trainSeconds).toBeCloseTo(spent, 10);
    const ended: string[] = [];
    resumed.on('end', (e) => void ended.push(e.reason));
    await resumed.run({ until: { step: 7 } }); // already there
    expect(resumed.step).toBe(7);
    await resumed.run({ until: { trainSeconds: spent } }); // already there
    expect(resumed.step).toBe(7);
    await resumed.run({ until: { step: 10, trainSeconds: 1e9 } });
    expect(resumed.step).toBe(10);
    expect(ended).toEqual(['steps', 'seconds', 'steps']);
    await expect(resumed.run({ until: { step: -1 } })).rejects.toThrowError(/until\.step: expected a non-negative integer/);
    resumed.dispose();
  });
});

describe('config checks of the version-2 shape', () => {
  it('says where version-1 keys moved, and checks optimizer bindings and network names', () => {
    expect(() => Trainer.create({ variant: 'test-gan', data: pointData(), config: { generator: { model: 'test-mlp-generator' } } as never })).toThrowError(
      /generator: expected nothing here: networks live under networks\.generator since the version-2 contract/,
    );
    expect(() =>
      Trainer.create({ variant: 'test-gan', data: pointData(), config: { optimizers: { generator: { networks: ['generator', 'critic'] } } } }),
    ).toThrowError(/optimizers\.generator\.networks: expected names of networks of the config \(generator, discriminator\), found \["generator","critic"\]/);
    const unbound: GanVariant = {
      ...threeNetworks,
      name: 'test-unbound',
      defaultConfig: () => ({ ...testConfig(), optimizers: { ...testConfig().optimizers, critic: { type: 'adam', learningRate: 1e-3 } } }),
    };
    expect(() => Trainer.create({ variant: unbound, data: pointData() })).toThrowError(
      /optimizers\.critic\.networks: expected names of networks of the config \(generator, discriminator\): without 'networks' an optimizer updates the network of its own name/,
    );
    expect(() => Trainer.create({ variant: 'test-gan', data: pointData(), config: { regularizers: [{ name: 'nope' }] } })).toThrowError(ConfigError);
  });

  it("starts a network whose model an override swaps from the new model's defaults, not the old model's options", () => {
    // A second model with an option the first does not know.
    const other: ModelFactory<{ width: number }> = { ...testGenerator, name: 'test-other-generator', create: (ctx, o) => testGenerator.create(ctx, { hidden: o.width ?? 8 }) };
    if (!models.has(other.name)) models.register(other);
    const data = pointData();
    const variant = variants.get('test-gan');
    const swapped = resolveConfig(variant, data.spec, { networks: { generator: { model: 'test-other-generator' } } });
    expect(swapped.networks['generator']).toEqual({ model: 'test-other-generator' });
    const withOptions = resolveConfig(variant, data.spec, { networks: { generator: { model: 'test-other-generator', options: { width: 4 } } } });
    expect(withOptions.networks['generator']).toEqual({ model: 'test-other-generator', options: { width: 4 } });
    // The same model named again keeps merging options key by key.
    const same = resolveConfig(variant, data.spec, { networks: { generator: { model: 'test-mlp-generator' } } });
    expect(same.networks['generator']).toEqual({ model: 'test-mlp-generator', options: { hidden: 16 } });
  });

  it('refuses misspelt keys in overrides with a did-you-mean, instead of ignoring them', () => {
    const typo = (config: object) => () => Trainer.create({ variant: 'test-gan', data: pointData(), config: config as never });
    expect(typo({ batchsize: 8 })).toThrowError(/batchsize: expected one of the known keys .*\(did you mean 'batchSize'\?\), found 'an unknown key'/);
    expect(typo({ optimizers: { generator: { learningrate: 1 } } })).toThrowError(/optimizers\.generator\.learningrate: .*did you mean 'learningRate'/);
    expect(typo({ networks: { generatr: { model: 'x' } } })).toThrowError(/networks\.generatr: .*did you mean 'generator'/);
    expect(typo({ ema: { decy: 0.9 } })).toThrowError(/ema\.decy: .*did you mean 'decay'/);
    expect(typo({ regularizers: [{ name: 'x', wieght: 1 }] })).toThrowError(/regularizers\[0\]\.wieght: .*did you mean 'weight'/);
  });
});

/** A version-1 plug-in as written before the contract changed (literal specVersion 1, v1 config shape). */
function v1Plugin(withUpdates: boolean) {
  const config = () => {
    const c = testConfig();
    return { ...c, networks: undefined, generator: c.networks['generator']!, discriminator: c.networks['discriminator']! } as Record<string, unknown>;
  };
  const plugin: Record<string, unknown> = {
    specVersion: 1,
    name: withUpdates ? 'test-v1-custom' : 'test-v1',
    description: 'a version-1 plug-in (contract test)',
    defaultConfig: () => {
      const { networks: _n, ...rest } = config();
      return rest;
    },
    presets: { wide: { description: 'wider G', config: () => ({ generator: { options: { hidden: 24 } } }) } },
    validateConfig: (c: { generator: { options?: { hidden?: number } } }) =>
      (c.generator.options?.hidden ?? 0) > 100 ? [{ path: 'generator.options.hidden', expected: 'at most 100', found: c.generator.options?.hidden }] : [],
  };
  if (withUpdates) {
    // Version-1 updates written against UpdateContext v1: ctx.batch, ctx.sampleLatent, ctx.optimizers.discriminator.
    plugin['discriminatorUpdate'] = (ctx: any) => {
      const n = ctx.batch.x.shape[0];
      const fake = tf.tidy(() => ctx.generate(ctx.sampleLatent(n), undefined, true));
      const cost = ctx.optimizers.discriminator.minimize(() => ctx.loss.discriminatorLoss(ctx.discriminate(ctx.batch.x, undefined, true), ctx.discriminate(fake, undefined, true)), true, ctx.variables.discriminator);
      fake.dispose();
      return { loss: cost };
    };
    plugin['generatorUpdate'] = (ctx: any) => {
      const n = ctx.config.batchSize;
      const cost = ctx.optimizers.generator.minimize(() => ctx.loss.generatorLoss(ctx.discriminate(ctx.generate(ctx.sampleLatent(n), undefined, true), undefined, true)), true, ctx.variables.generator);
      return { loss: cost, extra: { twice: tf.mul(cost, 2) as tf.Scalar } };
    };
  }
  return plugin;
}

describe('version-1 plug-ins through the adapter', () => {
  it('registers a version-1 variant (twice: a no-op), maps its config, presets and issue paths, and trains it', async () => {
    const plugin = v1Plugin(false);
    const adapted = variants.register(plugin as never);
    expect(variants.register(plugin as never)).toBe(adapted);
    expect(variants.get('test-v1').specVersion).toBe(2);
    const t = Trainer.create({ variant: 'test-v1', data: pointData(), seed: 3, preset: 'wide' });
    expect(t.config.networks['generator']).toEqual({ model: 'test-mlp-generator', options: { hidden: 24 } });
    const stats = await t.run({ steps: 3 });
    expect(Number.isFinite(stats!.dLoss) && Number.isFinite(stats!.gLoss)).toBe(true);
    t.dispose();
    expect(() => Trainer.create({ variant: 'test-v1', data: pointData(), config: { networks: { generator: { options: { hidden: 200 } } } } })).toThrowError(
      /networks\.generator\.options\.hidden: expected at most 100, found 200/,
    );
    variants.unregister('test-v1');
  });

  it("runs a version-1 plug-in's own updates as Algorithm 1, with the same numbers as the same updates written for version 2", async () => {
    const v1 = Trainer.create({ variant: v1Plugin(true) as unknown as GanVariantV1, data: pointData(), seed: 6, config: { dSteps: 2 } });
    const got: number[][] = [];
    v1.on('step', (s) => void got.push([s.dLoss, s.gLoss, s.extra['g.twice']!]));
    await v1.run({ steps: 4 });
    const before = tf.memory().numTensors;
    await v1.run({ steps: 2 });
    expect(tf.memory().numTensors).toBe(before);
    v1.dispose();
    // The same game through the version-2 pieces, with the version-1 draws (noise only, no labels).
    const v2: GanVariant = {
      specVersion: VARIANT_SPEC_VERSION,
      name: 'test-v2-same',
      description: 'the v1 updates, as a v2 step',
      defaultConfig: testConfig,
      step(ctx, batch) {
        let d;
        for (let i = 0; i < ctx.config.dSteps; i++) {
          if (d) disposeUpdate(d);
          const b = i === 0 ? batch : ctx.nextBatch();
          const fake = tf.tidy(() => ctx.generate(ctx.drawInputs(b.x.shape[0]!), true));
          d = { loss: ctx.minimize('discriminator', () => ctx.loss.discriminatorLoss(ctx.discriminate(b.x, undefined, true), ctx.discriminate(fake, undefined, true))) };
        }
        const cost = ctx.minimize('generator', () => ctx.loss.generatorLoss(ctx.discriminate(ctx.generate(ctx.drawInputs(ctx.config.batchSize), true), undefined, true)));
        return { ...updateNumbers(d!, 'd'), gLoss: cost, 'g.twice': tf.mul(cost, 2) as tf.Scalar };
      },
    };
    const same = Trainer.create({ variant: v2, data: pointData(), seed: 6, config: { dSteps: 2 } });
    const want: number[][] = [];
    same.on('step', (s) => void want.push([s.dLoss, s.gLoss, s.extra['g.twice']!]));
    await same.run({ steps: 4 });
    expect(got.slice(0, 4)).toEqual(want);
    same.dispose();
  });

  it('reads a version-1 checkpoint directory (two networks, one stream) and resumes it', async () => {
    const dir = join(root, 'v1-checkpoint');
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 12 });
    await t.run({ steps: 4 });
    const path = await saveCheckpoint(t, dir);
    await t.run({ steps: 2 });
    const expected = weightsOf(t.networks);
    t.dispose();
    // Rewrite the manifest as version 1 wrote it.
    const file = join(path, MANIFEST_FILE);
    const m = JSON.parse(await readFile(file, 'utf8'));
    const { networks: nets, ...config } = m.config;
    const v1 = {
      ...m,
      version: 1,
      config: { ...config, generator: nets.generator, discriminator: nets.discriminator },
      data: { stream: m.data.streams.data, spec: m.data.spec },
      optimizers: { generator: { type: 'adam', weights: m.optimizers.generator.weights }, discriminator: { type: 'adam', weights: m.optimizers.discriminator.weights } },
    };
    for (const key of ['networks', 'inputs', 'labels', 'trainSeconds']) delete v1[key];
    await writeFile(file, JSON.stringify(v1));
    const resumed = await resumeTrainer(dir, pointData());
    expect(resumed.inputs).toEqual([{ kind: 'noise', name: 'z', dim: 4 }]);
    await resumed.run({ steps: 2 });
    expect(weightsOf(resumed.networks)).toEqual(expected);
    resumed.dispose();
  });
});

