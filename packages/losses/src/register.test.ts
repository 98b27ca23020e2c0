import {
  ArrayDataSource,
  DuplicateRegistrationError,
  Rng,
  Trainer,
  VARIANT_SPEC_VERSION,
  losses,
  regularizers,
  type GanVariant,
  type VariantConfig,
} from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import manifest from '../package.json' with { type: 'json' };
import * as pkg from './index.js';
import { BACKENDS, useBackend } from './testing.test-utils.js';

describe('registration', () => {
  it('registers every loss pair and regularizer under its name', () => {
    expect(losses.get('minimax')).toBe(pkg.minimaxLoss);
    expect(losses.get('non-saturating')).toBe(pkg.nonSaturatingLoss);
    expect(losses.get('least-squares')).toBe(pkg.leastSquaresLoss);
    expect(losses.get('hinge')).toBe(pkg.hingeLoss);
    expect(losses.get('wasserstein')).toBe(pkg.wassersteinLoss);
    expect(losses.get('relativistic')).toBe(pkg.relativisticLoss);
    expect(losses.get('relativistic-average')).toBe(pkg.relativisticAverageLoss);
    expect(regularizers.get('gradient-penalty')).toBe(pkg.gradientPenaltyRegularizer);
    expect(regularizers.get('r1')).toBe(pkg.r1Regularizer);
    expect(regularizers.get('weight-clipping')).toBe(pkg.weightClippingRegularizer);
    for (const item of [...losses.list(), ...regularizers.list()]) expect(item.description.length, item.name).toBeGreaterThan(10);
  });

  it('is idempotent: registering the same objects again changes nothing', async () => {
    const before = [losses.names(), regularizers.names()];
    await import('./register.js'); // already evaluated: a no-op
    const pairs = [
      pkg.minimaxLoss,
      pkg.nonSaturatingLoss,
      pkg.leastSquaresLoss,
      pkg.hingeLoss,
      pkg.wassersteinLoss,
      pkg.relativisticLoss,
      pkg.relativisticAverageLoss,
    ];
    for (const l of pairs) expect(() => losses.register(l)).not.toThrow();
    for (const r of [pkg.gradientPenaltyRegularizer, pkg.r1Regularizer, pkg.weightClippingRegularizer]) {
      expect(() => regularizers.register(r)).not.toThrow();
    }
    expect([losses.names(), regularizers.names()]).toEqual(before);
  });

  it('records this package as the source, so a second copy of the same version is ignored and another version is named', () => {
    const source = losses.source('least-squares')!;
    expect(source).toMatchObject({ package: '@gankit/losses', version: manifest.version });
    expect(source.path).toMatch(/losses[/\\](src|dist)[/\\]register\.(ts|js)$/);
    expect(regularizers.source('r1')).toEqual(source);
    // What a second copy's register.ts does: its own, equal objects, with its own path.
    const copy = { ...source, path: '/app/node_modules/some-plugin/node_modules/@gankit/losses/dist/register.js' };
    expect(() => losses.register({ ...pkg.leastSquaresLoss }, { source: copy })).not.toThrow();
    expect(losses.get('least-squares')).toBe(pkg.leastSquaresLoss);
    const other = { ...copy, version: '99.0.0' };
    expect(() => losses.register({ ...pkg.leastSquaresLoss }, { source: other })).toThrowError(DuplicateRegistrationError);
    expect(() => losses.register({ ...pkg.leastSquaresLoss }, { source: other })).toThrowError(
      new RegExp(`first: +@gankit/losses ${manifest.version.replaceAll('.', '\\.')} \\(.*register\\.(ts|js)\\)\\n +second: +@gankit/losses 99\\.0\\.0 \\(/app/node_modules/some-plugin/`),
    );
  });
});

/** 2-D points around (0.5, -0.25). */
function points(size = 64): ArrayDataSource {
  const rng = new Rng(7);
  const x = new Float32Array(size * 2);
  for (let i = 0; i < size; i++) {
    x[2 * i] = 0.5 + 0.1 * rng.normal();
    x[2 * i + 1] = -0.25 + 0.1 * rng.normal();
  }
  return new ArrayDataSource({ shape: [2], kind: 'points' }, { x }, 'test points');
}

/** A tiny WGAN whose loss and regularizers come from the registries by name. */
function wgan(regularizer: VariantConfig['regularizers']): GanVariant {
  return {
    specVersion: VARIANT_SPEC_VERSION,
    name: 'losses-test-wgan',
    description: 'tiny WGAN for @gankit/losses tests',
    defaultConfig: () => ({
      latentDim: 2,
      batchSize: 16,
      dSteps: 2,
      gSteps: 1,
      loss: 'wasserstein',
      regularizers: regularizer,
      networks: { generator: { model: 'unused' }, discriminator: { model: 'unused' } },
      optimizers: {
        generator: { type: 'adam', learningRate: 1e-3, beta1: 0.5, beta2: 0.9 },
        discriminator: { type: 'adam', learningRate: 1e-3, beta1: 0.5, beta2: 0.9 },
      },
    }),
    build: (ctx) => ({
      generator: tfl.sequential({
        layers: [
          tfl.layers.dense({ inputShape: [2], units: 8, kernelInitializer: ctx.init.glorotUniform() }),
          tfl.layers.leakyReLU({ alpha: 0.2 }),
          tfl.layers.dense({ units: 2, kernelInitializer: ctx.init.glorotUniform() }),
        ],
      }),
      discriminator: tfl.sequential({
        layers: [
          tfl.layers.dense({ inputShape: [2], units: 8, kernelInitializer: ctx.init.glorotUniform() }),
          tfl.layers.leakyReLU({ alpha: 0.2 }),
          tfl.layers.dense({ units: 1, kernelInitializer: ctx.init.glorotUniform() }),
        ],
      }),
    }),
  };
}

describe.each(BACKENDS)("through core's Trainer on %s", (backend) => {
  beforeAll(() => useBackend(backend));

  it('trains WGAN-GP by name: reports the penalty, stays finite, keeps the tensor count', async () => {
    const trainer = Trainer.create({ variant: wgan([{ name: 'gradient-penalty', weight: 10 }]), data: points(), seed: 1 });
    await trainer.run({ steps: 2 });
    const before = tf.memory().numTensors;
    const last = await trainer.run({ steps: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(Number.isFinite(last!.dLoss) && Number.isFinite(last!.gLoss)).toBe(true);
    expect(last!.extra['d.gradient-penalty']).toBeGreaterThanOrEqual(0);
    trainer.dispose();
  });

  it('trains WGAN with weight clipping by name: every critic weight ends in [-0.01, 0.01]', async () => {
    const trainer = Trainer.create({ variant: wgan([{ name: 'weight-clipping' }]), data: points(), seed: 1 });
    await trainer.run({ steps: 3 });
    const values = trainer.networks.discriminator!.trainableWeights.flatMap((w) => Array.from(w.read().dataSync()));
    expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(0.01 + 1e-9);
    trainer.dispose();
  });
});
