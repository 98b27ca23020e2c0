import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  binaryCrossEntropyWithLogits,
  hingeDiscriminatorLoss,
  hingeGeneratorLoss,
  hingeLoss,
  leastSquaresDiscriminatorLoss,
  leastSquaresGeneratorLoss,
  leastSquaresLoss,
  minimaxDiscriminatorLoss,
  minimaxLoss,
  nonSaturatingGeneratorLoss,
  nonSaturatingLoss,
  saturatingGeneratorLoss,
  wassersteinCriticLoss,
  wassersteinGeneratorLoss,
  wassersteinLoss,
} from './index.js';
import { BACKENDS, col, gradientOf, useBackend, value } from './testing.test-utils.js';

const LN2 = Math.log(2);
const LN3 = Math.log(3);


const pairs = [minimaxLoss, nonSaturatingLoss, leastSquaresLoss, hingeLoss, wassersteinLoss];

describe.each(BACKENDS)('losses on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('binaryCrossEntropyWithLogits matches -[z log σ(x) + (1-z) log(1-σ(x))]', () => {
    // x = 0, z = 1:     -log σ(0) = ln 2
    // x = ln 3, z = 0:  -log(1 - 3/4) = ln 4
    // x = -ln 3, z = 0.5: softplus(-ln 3) - (-ln 3)(0.5) = ln(4/3) + ln(3)/2
    // mean = (ln 2 + ln 4 + ln(4/3) + ln(3)/2) / 3
    const x = col([0, LN3, -LN3]);
    const z = col([1, 0, 0.5]);
    expect(value(binaryCrossEntropyWithLogits(x, z))).toBeCloseTo((LN2 + 2 * LN2 + Math.log(4 / 3) + LN3 / 2) / 3, 6);
    // A number target broadcasts: BCE(0, 1) = ln 2.
    expect(value(binaryCrossEntropyWithLogits(tf.zeros([2, 1]), 1))).toBeCloseTo(LN2, 6);
    tf.dispose([x, z]);
  });

  it('minimax: D = BCE(real, 1) + BCE(fake, 0), G = mean log(1 - σ(fake))', () => {
    // real = [0, ln 3]:  -log σ(0) = ln 2, -log σ(ln 3) = -log(3/4) = ln(4/3)   → mean (ln 2 + ln 4/3)/2
    // fake = [0, -ln 3]: -log(1 - σ(0)) = ln 2, -log(1 - 1/4) = ln(4/3)        → mean (ln 2 + ln 4/3)/2
    // D = ln 2 + ln(4/3) = ln(8/3) ≈ 0.980829
    const real = col([0, LN3]);
    const fake = col([0, -LN3]);
    expect(value(minimaxDiscriminatorLoss(real, fake))).toBeCloseTo(Math.log(8 / 3), 6);
    // G = mean(log(1 - 1/2), log(1 - 1/4)) = (-ln 2 - ln(4/3)) / 2 = -ln(8/3)/2 ≈ -0.490415
    expect(value(saturatingGeneratorLoss(fake))).toBeCloseTo(-Math.log(8 / 3) / 2, 6);
    expect(value(minimaxLoss.generatorLoss(fake))).toBeCloseTo(-Math.log(8 / 3) / 2, 6);
    tf.dispose([real, fake]);
  });

  it('non-saturating: G = -mean log σ(fake)', () => {
    // fake = [0, -ln 3]: -log σ(0) = ln 2, -log σ(-ln 3) = -log(1/4) = ln 4; mean = 1.5 ln 2 ≈ 1.039721
    const fake = col([0, -LN3]);
    expect(value(nonSaturatingGeneratorLoss(fake))).toBeCloseTo(1.5 * LN2, 6);
    const real = col([0, LN3]);
    expect(value(nonSaturatingLoss.discriminatorLoss(real, fake))).toBeCloseTo(Math.log(8 / 3), 6);
    tf.dispose([real, fake]);
  });

  it('least-squares: D = ½ mean (real-1)² + ½ mean fake², G = ½ mean (fake-1)²', () => {
    // real = [1.5, 0]:  (0.5² + 1²)/2 = 0.625, halved 0.3125
    // fake = [0.5, -1]: (0.5² + 1²)/2 = 0.625, halved 0.3125   → D = 0.625
    // G: ((0.5-1)² + (-1-1)²)/2 = (0.25 + 4)/2 = 2.125, halved 1.0625
    const real = col([1.5, 0]);
    const fake = col([0.5, -1]);
    expect(value(leastSquaresDiscriminatorLoss(real, fake))).toBeCloseTo(0.625, 6);
    expect(value(leastSquaresGeneratorLoss(fake))).toBeCloseTo(1.0625, 6);
    tf.dispose([real, fake]);
  });

  it('hinge: D = mean relu(1 - real) + mean relu(1 + fake), G = -mean fake', () => {
    // real = [2, 0.5]:  relu(-1) = 0, relu(0.5) = 0.5   → 0.25
    // fake = [-2, 0.5]: relu(-1) = 0, relu(1.5) = 1.5   → 0.75   → D = 1
    // G = -(-2 + 0.5)/2 = 0.75
    const real = col([2, 0.5]);
    const fake = col([-2, 0.5]);
    expect(value(hingeDiscriminatorLoss(real, fake))).toBeCloseTo(1, 6);
    expect(value(hingeGeneratorLoss(fake))).toBeCloseTo(0.75, 6);
    tf.dispose([real, fake]);
  });

  it('wasserstein: D = mean fake - mean real, G = -mean fake', () => {
    // mean real = (2 + 0.5)/2 = 1.25, mean fake = (-2 + 0.5)/2 = -0.75 → D = -2, G = 0.75
    const real = col([2, 0.5]);
    const fake = col([-2, 0.5]);
    expect(value(wassersteinCriticLoss(real, fake))).toBeCloseTo(-2, 6);
    expect(value(wassersteinGeneratorLoss(fake))).toBeCloseTo(0.75, 6);
    tf.dispose([real, fake]);
  });

  it('stays finite, with the right values, for logits of ±100', () => {
    const real = col([100, -100]);
    const fake = col([100, -100]);
    // minimax D: softplus(-real) = [≈0, 100] → 50; softplus(fake) = [100, ≈0] → 50; D = 100
    expect(value(minimaxDiscriminatorLoss(real, fake))).toBeCloseTo(100, 3);
    // saturating G: -mean softplus(fake) = -50; non-saturating G: mean softplus(-fake) = 50
    expect(value(saturatingGeneratorLoss(fake))).toBeCloseTo(-50, 3);
    expect(value(nonSaturatingGeneratorLoss(fake))).toBeCloseTo(50, 3);
    for (const pair of pairs) {
      expect(Number.isFinite(value(pair.discriminatorLoss(real, fake))), pair.name).toBe(true);
      expect(Number.isFinite(value(pair.generatorLoss(fake))), pair.name).toBe(true);
      const gr = gradientOf((s) => pair.discriminatorLoss(s, fake), [100, -100]);
      const gf = gradientOf((s) => pair.generatorLoss(s), [100, -100]);
      expect([...gr, ...gf].every(Number.isFinite), pair.name).toBe(true);
    }
    tf.dispose([real, fake]);
  });

  it('gives D gradients that raise real scores and lower fake scores, and G gradients that raise fake scores', () => {
    // Scores where every loss is active: real below the targets 1 (LS, hinge margin), fake above
    // the LS target 0 and the hinge margin -1.
    const realScores = [0.2, 0.6];
    const fakeScores = [0.1, 0.4];
    for (const pair of pairs) {
      const fake = col(fakeScores);
      const real = col(realScores);
      // Gradient descent moves scores against the gradient: d/dreal < 0 raises them, d/dfake > 0 lowers them.
      for (const g of gradientOf((s) => pair.discriminatorLoss(s, fake), realScores)) expect(g, `${pair.name} D real`).toBeLessThan(0);
      for (const g of gradientOf((s) => pair.discriminatorLoss(real, s), fakeScores)) expect(g, `${pair.name} D fake`).toBeGreaterThan(0);
      for (const g of gradientOf((s) => pair.generatorLoss(s), fakeScores)) expect(g, `${pair.name} G`).toBeLessThan(0);
      tf.dispose([real, fake]);
    }
  });

  it('has exact BCE gradients σ(x) - z, including at x = 0', () => {
    // d/dreal_i of mean softplus(-real) = -σ(-real_i)/n; at real = 0, n = 2: -0.5/2 = -0.25.
    const fake = col([0, 0]);
    expect(gradientOf((s) => minimaxDiscriminatorLoss(s, fake), [0, 0])).toEqual([-0.25, -0.25]);
    // d/dfake_i: σ(fake_i)/n = 0.25.
    const real = col([0, 0]);
    expect(gradientOf((s) => minimaxDiscriminatorLoss(real, s), [0, 0])).toEqual([0.25, 0.25]);
    tf.dispose([real, fake]);
  });

  it('shows why the saturating loss saturates: at fake = -10 its G gradient is ~e^-10, the non-saturating one ~1', () => {
    // saturating: d/dl [-softplus(l)]/n = -σ(l)/n, σ(-10) ≈ 4.54e-5, n = 1
    // non-saturating: d/dl [softplus(-l)]/n = -σ(-l)/n = -(1 - 4.54e-5)
    const [sat] = gradientOf((s) => saturatingGeneratorLoss(s), [-10]);
    const [nonSat] = gradientOf((s) => nonSaturatingGeneratorLoss(s), [-10]);
    expect(sat).toBeCloseTo(-1 / (1 + Math.exp(10)), 8);
    expect(nonSat).toBeCloseTo(-1 / (1 + Math.exp(-10)), 5);
  });

  it('reports D outputs as probabilities for logit losses and raw for the others', () => {
    expect(Object.fromEntries(pairs.map((p) => [p.name, p.output]))).toEqual({
      minimax: 'sigmoid',
      'non-saturating': 'sigmoid',
      'least-squares': 'identity',
      hinge: 'identity',
      wasserstein: 'identity',
    });
  });

  it('does not grow the tensor count over repeated calls', () => {
    const real = col([0.3, -1.2, 2]);
    const fake = col([-0.5, 0.1, 1]);
    const run = () => {
      for (const pair of pairs) {
        pair.discriminatorLoss(real, fake).dispose();
        pair.generatorLoss(fake).dispose();
      }
      binaryCrossEntropyWithLogits(real, 1).dispose();
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([real, fake]);
  });
});
