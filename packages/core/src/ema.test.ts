import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { emaDecayAt, WeightAverages } from './ema.js';
import { ConfigError } from './errors.js';
import { pointData, registerFixtures, useBackend } from './test-support/fixtures.js';
import { Trainer } from './trainer.js';

beforeAll(async () => {
  await useBackend();
  registerFixtures();
});

describe('emaDecayAt', () => {
  it('copies up to start, then uses decay', () => {
    expect(emaDecayAt({ decay: 0.999, start: 10 }, 10)).toBe(0);
    expect(emaDecayAt({ decay: 0.999, start: 10 }, 11)).toBe(0.999);
  });

  it("warms up as StyleGAN2's ramp: the half-life is rampUp x steps until decay's own is reached", () => {
    const config = { decay: 0.999, rampUp: 0.05 };
    // at step 200 the half-life is 10 steps: after 10 steps the old average weighs one half
    expect(emaDecayAt(config, 200) ** 10).toBeCloseTo(0.5, 12);
    expect(emaDecayAt(config, 2000) ** 100).toBeCloseTo(0.5, 12);
    // 0.999's half-life is 692.8 steps, reached at 692.8 / 0.05 = 13,863 steps; from there on: decay
    expect(emaDecayAt(config, 13_000)).toBeLessThan(0.999);
    expect(emaDecayAt(config, 14_000)).toBe(0.999);
    // the decay rises with the steps
    const decays = [1, 10, 100, 1000, 10_000].map((s) => emaDecayAt(config, s));
    expect([...decays].sort((a, b) => a - b)).toEqual(decays);
    expect(emaDecayAt(config, 1)).toBeLessThan(1e-6);
  });

  it('refuses a rampUp that is not a positive number, by path', () => {
    for (const rampUp of [0, -1, 'fast', Infinity]) {
      expect(() => Trainer.create({ variant: 'test-gan', data: pointData(), config: { ema: { decay: 0.99, rampUp } as never } })).toThrowError(ConfigError);
      expect(() => Trainer.create({ variant: 'test-gan', data: pointData(), config: { ema: { decay: 0.99, rampUp } as never } })).toThrowError(/ema\.rampUp: expected a number > 0/);
    }
    const trainer = Trainer.create({ variant: 'test-gan', data: pointData(), config: { ema: { decay: 0.99, rampUp: 0.05 } } });
    trainer.dispose();
  });
});

describe('WeightAverages with a warm-up', () => {
  it('follows the weights by the ramped decay, step by step', () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [1], useBias: false, kernelInitializer: 'zeros' })] });
    const averages = new WeightAverages({ decay: 0.999, rampUp: 0.5 }, { generator: model });
    const w = model.trainableWeights[0]!.read() as tf.Variable;
    let expected = 0;
    for (let step = 1; step <= 20; step++) {
      w.assign(tf.fill([1, 1], step));
      averages.update(step);
      const d = emaDecayAt({ decay: 0.999, rampUp: 0.5 }, step);
      expected = d * expected + (1 - d) * step;
    }
    expect(averages.shadows.generator![0]!.dataSync()[0]).toBeCloseTo(expected, 4);
    averages.dispose();
    model.dispose();
  });
});
