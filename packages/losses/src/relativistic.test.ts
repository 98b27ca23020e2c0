import { ConfigError, DataError, losses } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  relativisticAverageDiscriminatorLoss,
  relativisticAverageGeneratorLoss,
  relativisticAverageLoss,
  relativisticDiscriminatorLoss,
  relativisticGeneratorLoss,
  relativisticLoss,
} from './index.js';
import { BACKENDS, caught, col, gradientOf, useBackend, value } from './testing.test-utils.js';

const LN2 = Math.log(2);
const LN3 = Math.log(3);


function expectAllClose(actual: number[], expected: number[], digits = 6): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(a, `element ${i}`).toBeCloseTo(expected[i]!, digits));
}

// Shared scores. Notation: σ = sigmoid, softplus(x) = ln(1 + eˣ); -ln σ(x) = softplus(-x) and
// -ln(1 - σ(x)) = softplus(x). Handy values: σ(ln 3) = 3/4, σ(2 ln 3) = 9/10, σ(3 ln 3) = 27/28.
//
// RSGAN: real = [ln 3, 1], fake = [0, 1] (paired 1-1, 2-2).
const RS_REAL = [LN3, 1];
const RS_FAKE = [0, 1];
// RaSGAN: real = [0, 2 ln 3] (n = 2, mean ln 3), fake = [ln 3, ln 3, -2 ln 3] (m = 3, mean 0).
// Unequal sizes and asymmetric batches, so swapping which mean goes where changes every value.
const RA_REAL = [0, 2 * LN3];
const RA_FAKE = [LN3, LN3, -2 * LN3];

describe.each(BACKENDS)('relativistic losses on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('relativistic (RSGAN): D = -mean log σ(real_i - fake_i), G = -mean log σ(fake_i - real_i)', () => {
    const real = col(RS_REAL);
    const fake = col(RS_FAKE);
    // D: real - fake = [ln 3, 0]: -ln σ(ln 3) = -ln(3/4) = ln(4/3); -ln σ(0) = ln 2
    //    mean = (ln(4/3) + ln 2) / 2 = ln(8/3) / 2 ≈ 0.490415
    expect(value(relativisticDiscriminatorLoss(real, fake))).toBeCloseTo(Math.log(8 / 3) / 2, 6);
    // G: fake - real = [-ln 3, 0]: -ln σ(-ln 3) = -ln(1/4) = ln 4; -ln σ(0) = ln 2
    //    mean = (2 ln 2 + ln 2) / 2 = 1.5 ln 2 ≈ 1.039721
    expect(value(relativisticGeneratorLoss(fake, real))).toBeCloseTo(1.5 * LN2, 6);
    expect(value(relativisticLoss.discriminatorLoss(real, fake))).toBeCloseTo(Math.log(8 / 3) / 2, 6);
    expect(value(relativisticLoss.generatorLoss(fake, real))).toBeCloseTo(1.5 * LN2, 6);
    tf.dispose([real, fake]);
  });

  it('relativistic pairs example i with example i, not every real with every fake', () => {
    // real = [ln 3, 0], fake = [0, ln 3]: paired differences [ln 3, -ln 3] give
    //   (ln(4/3) + ln 4) / 2 = ln(16/3) / 2 ≈ 0.836988,
    // whereas all four pairs (differences ln 3, 0, 0, -ln 3) would give ln(64/3) / 4 ≈ 0.765238.
    const real = col([LN3, 0]);
    const fake = col([0, LN3]);
    expect(value(relativisticDiscriminatorLoss(real, fake))).toBeCloseTo(Math.log(16 / 3) / 2, 6);
    // Batches that cannot be paired are refused rather than broadcast.
    const one = col([0]);
    const error = caught(() => relativisticDiscriminatorLoss(real, one));
    expect(DataError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/'relativistic'.*\[2, 1\].*\[1, 1\]/);
    expect(DataError.isInstance(caught(() => relativisticGeneratorLoss(one, real)))).toBe(true);
    tf.dispose([real, fake, one]);
  });

  it('relativistic-average (RaSGAN): the paper’s D and G losses against the other batch’s mean', () => {
    const real = col(RA_REAL);
    const fake = col(RA_FAKE);
    // mean real = ln 3, mean fake = 0.
    // D = -mean_r ln σ(real - 0) - mean_f ln(1 - σ(fake - ln 3))
    //   = mean_r softplus(0 - real) + mean_f softplus(fake - ln 3)
    //   first:  softplus(0) = ln 2, softplus(-2 ln 3) = ln(1 + 1/9) = ln(10/9)    → ln(20/9) / 2 ≈ 0.399254
    //   second: fake - ln 3 = [0, 0, -3 ln 3]: ln 2, ln 2, ln(1 + 1/27) = ln(28/27) → ln(112/27) / 3 ≈ 0.474206
    //   D = ln(20/9) / 2 + ln(112/27) / 3 ≈ 0.873460
    const d = Math.log(20 / 9) / 2 + Math.log(112 / 27) / 3;
    expect(value(relativisticAverageDiscriminatorLoss(real, fake))).toBeCloseTo(d, 6);
    expect(value(relativisticAverageLoss.discriminatorLoss(real, fake))).toBeCloseTo(d, 6);
    // G = -mean_f ln σ(fake - ln 3) - mean_r ln(1 - σ(real - 0))
    //   = mean_f softplus(ln 3 - fake) + mean_r softplus(real - 0)
    //   first:  ln 3 - fake = [0, 0, 3 ln 3]: ln 2, ln 2, ln(1 + 27) = ln 28 → ln(112) / 3 ≈ 1.572833
    //   second: softplus(0) = ln 2, softplus(2 ln 3) = ln 10               → ln(20) / 2 ≈ 1.497866
    //   G = ln(112) / 3 + ln(20) / 2 ≈ 3.070699
    const g = Math.log(112) / 3 + Math.log(20) / 2;
    expect(value(relativisticAverageGeneratorLoss(fake, real))).toBeCloseTo(g, 6);
    expect(value(relativisticAverageLoss.generatorLoss(fake, real))).toBeCloseTo(g, 6);
    tf.dispose([real, fake]);
  });

  it('relativistic: gradients σ(·)/n by hand, pointing the right way', () => {
    const real = col(RS_REAL);
    const fake = col(RS_FAKE);
    // L_D = (1/n) Σ softplus(fake_i - real_i), n = 2; fake - real = [-ln 3, 0], σ = [1/4, 1/2].
    // d/dreal_i = -σ(fake_i - real_i)/2 = [-1/8, -1/4]   (descent raises real scores)
    // d/dfake_i = +σ(fake_i - real_i)/2 = [1/8, 1/4]     (descent lowers fake scores)
    expectAllClose(
      gradientOf((s) => relativisticDiscriminatorLoss(s, fake), RS_REAL),
      [-1 / 8, -1 / 4],
    );
    expectAllClose(
      gradientOf((s) => relativisticDiscriminatorLoss(real, s), RS_FAKE),
      [1 / 8, 1 / 4],
    );
    // L_G = (1/n) Σ softplus(real_i - fake_i); real - fake = [ln 3, 0], σ = [3/4, 1/2].
    // d/dfake_i = -σ(real_i - fake_i)/2 = [-3/8, -1/4]   (descent raises fake scores)
    expectAllClose(
      gradientOf((s) => relativisticLoss.generatorLoss(s, real), RS_FAKE),
      [-3 / 8, -1 / 4],
    );
    tf.dispose([real, fake]);
  });

  it('relativistic-average: gradients through the batch means by hand, pointing the right way', () => {
    const real = col(RA_REAL);
    const fake = col(RA_FAKE);
    // L_D = (1/n) Σ_r softplus(f̄ - real_r) + (1/m) Σ_f softplus(fake_f - r̄), n = 2, m = 3, r̄ = ln 3, f̄ = 0.
    // σ(f̄ - real) = [σ(0), σ(-2 ln 3)] = [1/2, 1/10];  σ(fake - r̄) = [1/2, 1/2, 1/28].
    // d/dfake_k = (1/n) Σ_r σ(f̄ - real_r) · (1/m) + σ(fake_k - r̄)/m
    //           = (0.6/2)/3 + [1/2, 1/2, 1/28]/3 = 0.1 + [1/6, 1/6, 1/84]
    expectAllClose(
      gradientOf((s) => relativisticAverageDiscriminatorLoss(real, s), RA_FAKE),
      [0.1 + 1 / 6, 0.1 + 1 / 6, 0.1 + 1 / 84],
    );
    // d/dreal_k = -σ(f̄ - real_k)/n - (1/m) Σ_f σ(fake_f - r̄) · (1/n)
    //           = -[1/2, 1/10]/2 - (1 + 1/28)/3/2 = -[1/4, 1/20] - 29/168 = [-71/168, -(1/20 + 29/168)]
    expectAllClose(
      gradientOf((s) => relativisticAverageDiscriminatorLoss(s, fake), RA_REAL),
      [-71 / 168, -(1 / 20 + 29 / 168)],
    );
    // L_G = (1/m) Σ_f softplus(r̄ - fake_f) + (1/n) Σ_r softplus(real_r - f̄).
    // σ(r̄ - fake) = [1/2, 1/2, 27/28];  σ(real - f̄) = [1/2, 9/10].
    // d/dfake_k = -σ(r̄ - fake_k)/m - (1/n) Σ_r σ(real_r - f̄) · (1/m) = -[1/2, 1/2, 27/28]/3 - 0.7/3
    //           = [-0.4, -0.4, -(9/28 + 7/30)]   (descent raises fake scores, both terms pushing)
    expectAllClose(
      gradientOf((s) => relativisticAverageLoss.generatorLoss(s, real), RA_FAKE),
      [-0.4, -0.4, -(9 / 28 + 7 / 30)],
    );
    tf.dispose([real, fake]);
  });

  it('stays finite, with the right values, for logits of ±100', () => {
    const real = col([100, -100]);
    const fake = col([-100, 100]);
    // RSGAN D: softplus(fake - real) = softplus([-200, 200]) = [≈0, 200] → 100; G: softplus([200, -200]) → 100.
    expect(value(relativisticDiscriminatorLoss(real, fake))).toBeCloseTo(100, 3);
    expect(value(relativisticGeneratorLoss(fake, real))).toBeCloseTo(100, 3);
    // RaSGAN, both means 0: D = mean softplus(-real) + mean softplus(fake) = 50 + 50 = 100; G likewise.
    expect(value(relativisticAverageDiscriminatorLoss(real, fake))).toBeCloseTo(100, 3);
    expect(value(relativisticAverageGeneratorLoss(fake, real))).toBeCloseTo(100, 3);
    for (const pair of [relativisticLoss, relativisticAverageLoss]) {
      const gr = gradientOf((s) => pair.discriminatorLoss(s, fake), [100, -100]);
      const gf = gradientOf((s) => pair.generatorLoss(s, real), [-100, 100]);
      expect([...gr, ...gf].every(Number.isFinite), pair.name).toBe(true);
    }
    tf.dispose([real, fake]);
  });

  it('generatorLoss without real scores throws a ConfigError naming the loss, and leaks nothing', () => {
    const fake = col([0.5, -0.5]);
    const before = tf.memory().numTensors;
    for (const pair of [relativisticLoss, relativisticAverageLoss]) {
      const error = caught(() => pair.generatorLoss(fake));
      expect(ConfigError.isInstance(error), pair.name).toBe(true);
      expect((error as Error).message).toContain(`'${pair.name}' generator loss`);
      expect((error as Error).message).toContain('real: expected');
      expect((error as Error).message).toContain('found nothing');
    }
    expect(tf.memory().numTensors).toBe(before);
    fake.dispose();
  });

  it('does not grow the tensor count over repeated calls', () => {
    const real = col([0.3, -1.2, 2]);
    const fake = col([-0.5, 0.1, 1]);
    const run = () => {
      for (const pair of [relativisticLoss, relativisticAverageLoss]) {
        pair.discriminatorLoss(real, fake).dispose();
        pair.generatorLoss(fake, real).dispose();
      }
    };
    run();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) run();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([real, fake]);
  });
});

describe('relativistic pairs in the registry', () => {
  it('are registered under their names, need real scores and report sigmoid outputs', () => {
    expect(losses.get('relativistic')).toBe(relativisticLoss);
    expect(losses.get('relativistic-average')).toBe(relativisticAverageLoss);
    for (const pair of [relativisticLoss, relativisticAverageLoss]) {
      expect(pair.generatorNeedsReal, pair.name).toBe(true);
      expect(pair.output, pair.name).toBe('sigmoid');
    }
    // The others score generated examples only.
    for (const name of ['minimax', 'non-saturating', 'least-squares', 'hinge', 'wasserstein'] as const) {
      expect(losses.get(name).generatorNeedsReal ?? false, name).toBe(false);
    }
  });
});
