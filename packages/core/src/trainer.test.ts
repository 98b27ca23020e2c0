import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, NonFiniteLossError, NotRegisteredError } from './errors.js';
import { LOSS_SPEC_VERSION } from './loss.js';
import { losses } from './registries.js';
import { pointData, registerFixtures, testVariant, useBackend } from './test-support/fixtures.js';
import { Trainer, type StepStats } from './trainer.js';

beforeAll(async () => {
  await useBackend();
  registerFixtures();
});

async function losses20(seed: number): Promise<number[][]> {
  const trainer = Trainer.create({ variant: 'test-gan', data: pointData(), seed });
  const out: number[][] = [];
  trainer.on('step', (s) => void out.push([s.dLoss, s.gLoss, s.dReal, s.dFake]));
  await trainer.run({ steps: 20 });
  trainer.dispose();
  return out;
}

describe('Trainer', () => {
  it('gives identical losses for the first 20 steps with the same seed, different ones with another', async () => {
    const a = await losses20(11);
    const b = await losses20(11);
    const c = await losses20(12);
    expect(a).toHaveLength(20);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('keeps the tensor count constant across steps', async () => {
    const trainer = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 3 });
    await trainer.run({ steps: 3 }); // optimizer slots are created on the first updates
    const before = tf.memory().numTensors;
    await trainer.run({ steps: 10 });
    expect(tf.memory().numTensors).toBe(before);
    const sample = trainer.sample(5);
    sample.dispose();
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
  });

  it('runs k discriminator updates per generator update, and the reverse', async () => {
    const k3 = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 1, config: { dSteps: 3 } });
    await k3.run({ steps: 4 });
    expect(k3.optimizers.discriminator!.iterations).toBe(12);
    expect(k3.optimizers.generator!.iterations).toBe(4);
    k3.dispose();
    const g2 = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 1, config: { gSteps: 2 } });
    await g2.run({ steps: 4 });
    expect(g2.optimizers.discriminator!.iterations).toBe(4);
    expect(g2.optimizers.generator!.iterations).toBe(8);
    g2.dispose();
  });

  it('uses separate optimizers with their own learning rates', () => {
    const t = Trainer.create({
      variant: 'test-gan',
      data: pointData(),
      config: { optimizers: { generator: { learningRate: 1e-4 }, discriminator: { type: 'sgd', learningRate: 0.05 } } },
    });
    expect(t.config.optimizers.generator!).toMatchObject({ type: 'adam', learningRate: 1e-4, beta1: 0.5 });
    expect(t.optimizers.discriminator!.getClassName()).toBe('SGD');
    expect(t.optimizers.generator!.getClassName()).toBe('Adam');
    t.dispose();
  });

  it('reports plain numbers and events in order, with the backend', async () => {
    const t = Trainer.create({ variant: testVariant, data: pointData(), seed: 2 });
    const events: string[] = [];
    let stats: StepStats | undefined;
    t.on('start', (e) => void events.push(`start:${e.backend}:${e.step}`));
    t.on('step', (s) => {
      events.push(`step:${s.step}`);
      stats = s;
    });
    t.on('end', (e) => void events.push(`end:${e.reason}:${e.step}`));
    await t.run({ steps: 2 });
    expect(events).toEqual(['start:cpu:0', 'step:1', 'step:2', 'end:steps:2']);
    expect(stats!.dReal).toBeGreaterThan(0);
    expect(stats!.dReal).toBeLessThan(1);
    expect(stats!.seconds).toBeGreaterThan(0);
    for (const v of [stats!.dLoss, stats!.gLoss, stats!.dFake]) expect(Number.isFinite(v)).toBe(true);
    t.dispose();
  });

  it('stops on an AbortSignal and on a wall-clock budget', async () => {
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 2 });
    const controller = new AbortController();
    t.on('step', (s) => {
      if (s.step === 3) controller.abort();
    });
    let reason = '';
    t.on('end', (e) => void (reason = e.reason));
    await t.run({ steps: 100, signal: controller.signal });
    expect(t.step).toBe(3);
    expect(reason).toBe('aborted');
    const t0 = performance.now();
    await t.run({ seconds: 0.3 });
    expect(reason).toBe('seconds');
    expect(t.step).toBeGreaterThan(3);
    expect(performance.now() - t0).toBeLessThan(5000);
    t.dispose();
  });

  it('learns: the generated points move toward the data', async () => {
    const t = Trainer.create({ variant: 'test-gan', data: pointData(512), seed: 5 });
    const distance = () =>
      tf.tidy(() => {
        const s = t.sample(256, { seed: 1 });
        return tf.norm(tf.sub(tf.mean(s, 0), tf.tensor1d([0.5, -0.25]))).dataSync()[0]!;
      });
    const before = distance();
    await t.run({ steps: 300 });
    const after = distance();
    expect(after).toBeLessThan(before * 0.5);
    t.dispose();
  });

  it('stops with an error naming the step and the loss when a loss is not finite', async () => {
    let calls = 0;
    losses.register(
      {
        specVersion: LOSS_SPEC_VERSION,
        name: 'test-nan-at-3',
        description: 'finite for two steps, then NaN',
        output: 'sigmoid',
        discriminatorLoss: (r, f) => tf.tidy(() => tf.add(tf.mean(r), tf.mean(f))),
        generatorLoss: (f) => tf.tidy(() => (++calls >= 3 ? tf.mul(tf.mean(f), NaN) : tf.mean(f)) as tf.Scalar),
      },
      { override: true },
    );
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), config: { loss: 'test-nan-at-3' } });
    const err = await t.run({ steps: 10 }).catch((e: unknown) => e);
    expect(NonFiniteLossError.isInstance(err)).toBe(true);
    expect((err as NonFiniteLossError).step).toBe(3);
    expect((err as Error).message).toMatch(/Step 3: gLoss is NaN/);
    expect(t.step).toBe(2);
    t.dispose();
  });

  it('refuses bad configs and unknown names with errors that say what is valid', () => {
    expect(() => Trainer.create({ variant: 'test-gna', data: pointData() })).toThrowError(
      /No variant named 'test-gna'\. Registered: .*test-gan.*Did you mean 'test-gan'\?/,
    );
    try {
      Trainer.create({ variant: 'test-gan', data: pointData(), config: { batchSize: 0, loss: 'nope', optimizers: { generator: { learningRate: -1 } } } });
      expect.unreachable();
    } catch (e) {
      expect(ConfigError.isInstance(e)).toBe(true);
      const msg = (e as Error).message;
      expect(msg).toMatch(/batchSize: expected an integer from 1 to 65536, found 0/);
      expect(msg).toMatch(/loss: expected a registered loss \(.*test-bce.*\), found 'nope'/);
      expect(msg).toMatch(/optimizers\.generator\.learningRate: expected a positive number, found -1/);
    }
    expect(NotRegisteredError.isInstance(new NotRegisteredError('x', 'y', []))).toBe(true);
  });
});

describe('learningRateDecay', () => {
  const rates = (t: Trainer) => Object.fromEntries(Object.entries(t.optimizers).map(([n, o]) => [n, (o as unknown as { learningRate: number }).learningRate]));

  it('holds the rates until `start`, then falls linearly toward `final` over the step budget; a bare step uses the configured rates', async () => {
    const t = Trainer.create({
      variant: 'test-gan',
      data: pointData(),
      seed: 2,
      config: { optimizers: { generator: { learningRate: 1e-3 }, discriminator: { type: 'sgd', learningRate: 0.1 } }, learningRateDecay: { start: 0.5, final: 0.1 } },
    });
    const seen: Array<Record<string, number>> = [];
    t.on('step', () => void seen.push(rates(t)));
    await t.run({ steps: 10 });
    // before step i (0-based) 10 steps into the budget: progress i / 10
    const factor = (i: number) => (i <= 5 ? 1 : 1 - ((i / 10 - 0.5) / 0.5) * 0.9);
    seen.forEach((r, i) => {
      expect(r['generator']).toBeCloseTo(1e-3 * factor(i), 10);
      expect(r['discriminator']).toBeCloseTo(0.1 * factor(i), 8);
    });
    expect(seen[9]!['generator']).toBeCloseTo(1e-3 * 0.28, 10);
    t.trainStep();
    expect(rates(t)).toEqual({ generator: 1e-3, discriminator: 0.1 });
    t.dispose();
  });

  it('follows the whole run\'s `until` budget across calls, and keeps the tensor count constant (SGD caches its rate as a tensor)', async () => {
    const t = Trainer.create({
      variant: 'test-gan',
      data: pointData(),
      seed: 2,
      config: { optimizers: { discriminator: { type: 'sgd', learningRate: 0.1 } }, learningRateDecay: {} },
    });
    await t.run({ until: { step: 20 }, steps: 2 });
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    t.on('step', () => void seen.push(rates(t)['discriminator']!));
    await t.run({ until: { step: 20 }, steps: 8 });
    expect(tf.memory().numTensors).toBe(before);
    // steps 3..10 of 20: progress 2/20 ... 9/20 before each
    seen.forEach((lr, i) => expect(lr).toBeCloseTo(0.1 * (1 - (i + 2) / 20), 8));
    t.dispose();
  });

  it('refuses a start outside [0, 1), a final outside [0, 1] and unknown keys, naming the field', () => {
    const make = (learningRateDecay: unknown) => () => Trainer.create({ variant: 'test-gan', data: pointData(), config: { learningRateDecay } as never });
    expect(make({ start: 1 })).toThrowError(/learningRateDecay\.start: expected a fraction of the budget in \[0, 1\), found 1/);
    expect(make({ final: -0.5 })).toThrowError(/learningRateDecay\.final: expected a multiple of the learning rate in \[0, 1\], found -0\.5/);
    expect(make({ strat: 0.5 })).toThrowError(/learningRateDecay\.strat: expected one of the known keys start, final \(did you mean 'start'\?\)/);
    expect(make(0.5)).toThrowError(/learningRateDecay: expected \{ start\?: 0, final\?: 0 \}/);
  });
});

describe('presets', () => {
  it('applies a named preset between the defaults and the overrides, and lists presets on a typo', () => {
    const withPreset = {
      ...testVariant,
      name: 'test-gan-presets',
      presets: { wide: { description: 'wider networks', config: () => ({ networks: { generator: { options: { hidden: 32 } } }, batchSize: 8 }) } },
    };
    const t = Trainer.create({ variant: withPreset, data: pointData(), preset: 'wide', config: { batchSize: 4 } });
    expect(t.config.networks['generator']!.options).toEqual({ hidden: 32 });
    expect(t.config.batchSize).toBe(4);
    t.dispose();
    expect(() => Trainer.create({ variant: withPreset, data: pointData(), preset: 'wdie' })).toThrowError(/preset: expected one of 'wide', found 'wdie'/);
    expect(() => Trainer.create({ variant: testVariant, data: pointData(), preset: 'small' })).toThrowError(/expected no preset \(this variant has none\)/);
  });
});

describe('responsiveness', () => {
  it('lets timers run during a long run, so an abort from a timer stops it', async () => {
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 4 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const started = performance.now();
    await t.run({ steps: 1_000_000, signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(t.step).toBeGreaterThan(0);
    expect(t.step).toBeLessThan(1_000_000);
    t.dispose();
  });
});
