/**
 * `StepContext.lookAhead`: updates inside it are undone afterwards, weights, batch-norm statistics and
 * the optimizer's state alike, whether the optimizer had state before or not, and nothing leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { discriminatorUpdate, disposeUpdate, generatorUpdate, updateNumbers } from './standard-updates.js';
import { pointData, registerFixtures, testConfig, useBackend } from './test-support/fixtures.js';
import { Trainer } from './trainer.js';
import { VARIANT_SPEC_VERSION, type GanVariant, type StepContext } from './variant.js';

beforeAll(async () => {
  await useBackend();
  registerFixtures();
});

/** Every number the optimizer keeps: Adam's moments, its running beta products and its iteration count. */
function optimizerState(ctx: StepContext, name: string): number[][] {
  const adam = ctx.optimizers[name] as unknown as {
    accumulatedFirstMoment: { variable: tf.Variable }[];
    accumulatedSecondMoment: { variable: tf.Variable }[];
    accBeta1: tf.Variable;
    accBeta2: tf.Variable;
    iterations: number;
  };
  return [
    ...adam.accumulatedFirstMoment.map((s) => Array.from(s.variable.dataSync())),
    ...adam.accumulatedSecondMoment.map((s) => Array.from(s.variable.dataSync())),
    Array.from(adam.accBeta1.dataSync()),
    Array.from(adam.accBeta2.dataSync()),
    [adam.iterations],
  ];
}

function networkWeights(ctx: StepContext, name: string): number[][] {
  return ctx.networks[name]!.weights.map((w) => Array.from(w.read().dataSync()));
}

/** What each step saw: the state before the look-ahead, inside it, and after it. */
const seen: { before: number[][][]; inside: number[][][]; after: number[][][] }[] = [];

/** A step that looks ahead with both optimizers, then makes the real updates. */
const lookingAhead: GanVariant = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'test-look-ahead',
  description: 'looks ahead with D and G, then updates as usual (look-ahead test)',
  defaultConfig: () => testConfig(),
  step(ctx, batch) {
    const state = () => [networkWeights(ctx, 'discriminator'), optimizerState(ctx, 'discriminator'), networkWeights(ctx, 'generator'), optimizerState(ctx, 'generator')];
    const before = state();
    let inside: number[][][] = [];
    const g = ctx.lookAhead('discriminator', () =>
      ctx.lookAhead('generator', () => {
        for (let i = 0; i < 3; i++) disposeUpdate(discriminatorUpdate(ctx, ctx.nextBatch()));
        disposeUpdate(generatorUpdate(ctx, batch));
        inside = state();
        return generatorUpdate(ctx, batch);
      }),
    );
    seen.push({ before, inside, after: state() });
    disposeUpdate(g);
    const d = discriminatorUpdate(ctx, batch);
    return { ...updateNumbers(d, 'd'), ...updateNumbers(generatorUpdate(ctx, batch), 'g') };
  },
};

describe('StepContext.lookAhead', () => {
  it('puts back the weights, batch-norm statistics and optimizer state of what it trained, from the first step on, without leaking tensors', async () => {
    seen.length = 0;
    const trainer = Trainer.create({ variant: lookingAhead, data: pointData(), seed: 3 });
    await trainer.run({ steps: 1 });
    // Step 1: the optimizers had no moments yet; the look-ahead made some, and they are gone again.
    expect(seen[0]!.before[1]!.length).toBe(3); // accBeta1, accBeta2, iterations
    expect(seen[0]!.inside[1]!.length).toBeGreaterThan(3);
    expect(seen[0]!.after).toEqual(seen[0]!.before);
    const tensors = tf.memory().numTensors;
    await trainer.run({ steps: 4 });
    expect(tf.memory().numTensors).toBe(tensors);
    for (const { before, inside, after } of seen.slice(1)) {
      expect(inside).not.toEqual(before); // the look-ahead trained D and G (and G's batch norm) ...
      expect(after).toEqual(before); // ... and nothing of it stayed
    }
    // The real updates after each look-ahead did train.
    expect(seen[2]!.before).not.toEqual(seen[1]!.before);
    trainer.dispose();
  });

  it('names the optimizers there are when given another', async () => {
    const wrong: GanVariant = { ...lookingAhead, name: 'test-look-ahead-wrong', step: (ctx) => ctx.lookAhead('critic', () => ({})) };
    const trainer = Trainer.create({ variant: wrong, data: pointData(), seed: 3 });
    await expect(trainer.run({ steps: 1 })).rejects.toThrowError(/optimizers\.critic: expected a configured optimizer \(generator, discriminator\)/);
    trainer.dispose();
  });
});

describe('StepContext.discriminate and discriminateAll', () => {
  it('give one tensor for a one-output D, refuse several with a pointer to discriminateAll, which lists them', async () => {
    const { MODEL_SPEC_VERSION } = await import('./model.js');
    const { models } = await import('./registries.js');
    const tfl = await import('@tensorflow/tfjs-layers');
    models.register({
      specVersion: MODEL_SPEC_VERSION,
      name: 'test-two-headed-discriminator',
      description: 'score and a 3-way head (discriminate test)',
      role: 'discriminator',
      create: (c) => {
        const x = tfl.input({ shape: c.data.shape });
        const h = tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: c.init.glorotUniform() }).apply(x) as import('@tensorflow/tfjs-layers').SymbolicTensor;
        const score = tfl.layers.dense({ units: 1, kernelInitializer: c.init.glorotUniform() }).apply(h) as import('@tensorflow/tfjs-layers').SymbolicTensor;
        const head = tfl.layers.dense({ units: 3, kernelInitializer: c.init.glorotUniform() }).apply(h) as import('@tensorflow/tfjs-layers').SymbolicTensor;
        return tfl.model({ inputs: x, outputs: [score, head] });
      },
    });
    const shapes: number[][][] = [];
    const probe: GanVariant = {
      ...lookingAhead,
      name: 'test-discriminate-probe',
      defaultConfig: () => ({ ...testConfig(), networks: { ...testConfig().networks, discriminator: { model: 'test-two-headed-discriminator' } } }),
      step(ctx, batch) {
        shapes.push(ctx.discriminateAll(batch.x, undefined, false).map((t) => t.shape));
        ctx.discriminate(batch.x, undefined, false);
        return {};
      },
    };
    const trainer = Trainer.create({ variant: probe, data: pointData(), seed: 1 });
    await expect(trainer.run({ steps: 1 })).rejects.toThrowError(/networks\.discriminator: expected one output \(a discriminator with several, such as a class head, is read with ctx\.discriminateAll\), found '2 outputs'/);
    expect(shapes).toEqual([[[16, 1], [16, 3]]]);
    trainer.dispose();
    const single = Trainer.create({ variant: { ...probe, name: 'test-discriminate-single', defaultConfig: () => testConfig(), step: (ctx, batch) => ({ dLoss: tf.mean(ctx.discriminate(batch.x, undefined, false)) as tf.Scalar }) }, data: pointData(), seed: 1 });
    await single.run({ steps: 1 });
    single.dispose();
  });
});
