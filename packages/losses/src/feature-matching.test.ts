import { ConfigError, DataError } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_MATCHING_DEFAULTS, featureMatchingLoss } from './index.js';
import { BACKENDS, caught, useBackend, value } from './testing.test-utils.js';

// real features, n = 2, d = 2: rows [1, 2] and [3, 4], mean [2, 3].
const REAL_FEATURES = [
  [1, 2],
  [3, 4],
];
// fake features, m = 3 (a different batch size is fine): mean [1, 1].
const FAKE_FEATURES = [
  [0, 0],
  [2, 2],
  [1, 1],
];

function expectAllClose(actual: ArrayLike<number>, expected: number[], digits = 6): void {
  expect(actual.length).toBe(expected.length);
  Array.from(actual).forEach((a, i) => expect(a, `element ${i}`).toBeCloseTo(expected[i]!, digits));
}

describe.each(BACKENDS)('featureMatchingLoss on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is ‖mean real − mean fake‖₂² by default, and that divided by d with reduction "mean"', () => {
    const real = tf.tensor2d(REAL_FEATURES);
    const fake = tf.tensor2d(FAKE_FEATURES);
    // mean real − mean fake = [2, 3] − [1, 1] = [1, 2]; squared [1, 4]; sum 5, mean over d = 2: 2.5
    expect(FEATURE_MATCHING_DEFAULTS.reduction).toBe('sum');
    expect(value(featureMatchingLoss(real, fake))).toBeCloseTo(5, 6);
    expect(value(featureMatchingLoss(real, fake, { reduction: 'sum' }))).toBeCloseTo(5, 6);
    expect(value(featureMatchingLoss(real, fake, { reduction: 'mean' }))).toBeCloseTo(2.5, 6);
    tf.dispose([real, fake]);
  });

  it('flattens each example: [n, 2, 2] maps and [n] scalars', () => {
    // real [2, 2, 2]: [[1, 0], [0, 1]] and [[3, 0], [0, -1]], mean [[2, 0], [0, 0]]; fake [1, 2, 2] zeros.
    // flattened difference [2, 0, 0, 0]: sum of squares 4, mean over d = 4: 1
    const real = tf.tensor3d([
      [
        [1, 0],
        [0, 1],
      ],
      [
        [3, 0],
        [0, -1],
      ],
    ]);
    const fake = tf.zeros([1, 2, 2]);
    expect(value(featureMatchingLoss(real, fake))).toBeCloseTo(4, 6);
    expect(value(featureMatchingLoss(real, fake, { reduction: 'mean' }))).toBeCloseTo(1, 6);
    // One feature per example: real [1, 3] (mean 2), fake [0]: (2 − 0)² = 4 with either reduction (d = 1).
    const r1 = tf.tensor1d([1, 3]);
    const f1 = tf.tensor1d([0]);
    expect(value(featureMatchingLoss(r1, f1))).toBeCloseTo(4, 6);
    expect(value(featureMatchingLoss(r1, f1, { reduction: 'mean' }))).toBeCloseTo(4, 6);
    tf.dispose([real, fake, r1, f1]);
  });

  it('is 0, with zero gradient, when the batch means agree', () => {
    // Same rows in another order: equal means, although no example matches its counterpart.
    const real = tf.tensor2d(REAL_FEATURES);
    const fake = tf.tensor2d([REAL_FEATURES[1]!, REAL_FEATURES[0]!]);
    expect(value(featureMatchingLoss(real, fake))).toBe(0);
    const g = tf.grad((f: tf.Tensor) => featureMatchingLoss(real, f))(fake);
    expectAllClose(g.dataSync(), [0, 0, 0, 0]);
    tf.dispose([real, fake, g]);
  });

  it('has gradients 2(f̄ − r̄)/m by hand, pulling the fake features towards the real mean', () => {
    const real = tf.tensor2d(REAL_FEATURES);
    const fake = tf.tensor2d(FAKE_FEATURES);
    // L = Σₖ (r̄ₖ − f̄ₖ)², r̄ − f̄ = [1, 2], m = 3: dL/dfakeⱼₖ = −2(r̄ₖ − f̄ₖ)/m = [−2/3, −4/3] for every row j.
    // Negative where the real mean is higher: descent raises those features.
    const gFake = tf.grad((f: tf.Tensor) => featureMatchingLoss(real, f))(fake);
    expectAllClose(gFake.dataSync(), [-2 / 3, -4 / 3, -2 / 3, -4 / 3, -2 / 3, -4 / 3]);
    // reduction 'mean' divides by d = 2: [−1/3, −2/3] per row.
    const gMean = tf.grad((f: tf.Tensor) => featureMatchingLoss(real, f, { reduction: 'mean' }))(fake);
    expectAllClose(gMean.dataSync(), [-1 / 3, -2 / 3, -1 / 3, -2 / 3, -1 / 3, -2 / 3]);
    // dL/drealᵢₖ = +2(r̄ₖ − f̄ₖ)/n, n = 2: [1, 2] per row.
    const gReal = tf.grad((r: tf.Tensor) => featureMatchingLoss(r, fake))(real);
    expectAllClose(gReal.dataSync(), [1, 2, 1, 2]);
    tf.dispose([real, fake, gFake, gMean, gReal]);
  });

  it('refuses mismatched, empty or scalar batches and bad options, naming what is wrong', () => {
    const real = tf.tensor2d(REAL_FEATURES);
    const three = tf.zeros([2, 3]);
    const empty = tf.zeros([0, 2]);
    const scalar = tf.scalar(1);
    const before = tf.memory().numTensors;
    const mismatch = caught(() => featureMatchingLoss(real, three));
    expect(DataError.isInstance(mismatch)).toBe(true);
    expect((mismatch as Error).message).toContain('per-example shape [2] but fake features [3]');
    expect(DataError.isInstance(caught(() => featureMatchingLoss(real, empty)))).toBe(true);
    expect((caught(() => featureMatchingLoss(scalar, real)) as Error).message).toContain('real features');
    const bad = caught(() => featureMatchingLoss(real, real, { reduction: 'max' as 'sum' }));
    expect(ConfigError.isInstance(bad)).toBe(true);
    expect((bad as Error).message).toContain("reduction: expected 'sum' or 'mean', found 'max'");
    const unknown = caught(() => featureMatchingLoss(real, real, { norm: 2 } as object));
    expect((unknown as Error).message).toContain('norm: expected one of the options reduction');
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([real, three, empty, scalar]);
  });

  it('does not grow the tensor count over repeated calls', () => {
    const real = tf.tensor2d(REAL_FEATURES);
    const fake = tf.tensor2d(FAKE_FEATURES);
    featureMatchingLoss(real, fake).dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      featureMatchingLoss(real, fake).dispose();
      featureMatchingLoss(real, fake, { reduction: 'mean' }).dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([real, fake]);
  });
});
