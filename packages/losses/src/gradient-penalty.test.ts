import { ConfigError, DataError, Rng, regularizers, type PenaltyContext } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientPenalty, gradientPenaltyRegularizer, wassersteinCriticLoss } from './index.js';
import {
  BACKENDS,
  FAKE,
  caught,
  REAL,
  centralDifferences,
  expectClose,
  functionalCritic,
  hiddenMargin,
  layersCritic,
  tapeGradients,
  useBackend,
  value,
} from './testing.test-utils.js';

/** D(x) = x·w + b: its input gradient is w for every x, so ‖∇D‖ = ‖w‖ exactly. */
function linearCritic(w: number[], b = 0.5): (x: tf.Tensor) => tf.Tensor {
  return (x) => tf.add(tf.matMul(x as tf.Tensor2D, tf.tensor2d(w, [w.length, 1])), b);
}

/** D(x) = ½‖x‖²: its input gradient is x itself. */
const halfSquaredNorm = (x: tf.Tensor) => tf.mul(tf.sum(tf.square(x), 1, true), 0.5);

describe.each(BACKENDS)('gradientPenalty on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is (‖w‖ - target)² for a linear critic, whatever the interpolation', () => {
    const real = tf.tensor2d(REAL);
    const fake = tf.tensor2d(FAKE);
    // w = [2, 1, 2]: ‖w‖ = √(4 + 1 + 4) = 3 → (3 - 1)² = 4 for every example, mean 4.
    expect(value(gradientPenalty(linearCritic([2, 1, 2]), real, fake, 1))).toBeCloseTo(4, 5);
    // target 2: (3 - 2)² = 1; target 3: 0.
    expect(value(gradientPenalty(linearCritic([2, 1, 2]), real, fake, 1, { target: 2 }))).toBeCloseTo(1, 5);
    expect(value(gradientPenalty(linearCritic([2, 1, 2]), real, fake, 1, { target: 3 }))).toBeCloseTo(0, 5);
    // w = [0.6, 0.8, 0]: ‖w‖ = 1 → 0: a 1-Lipschitz linear critic is not penalized.
    expect(value(gradientPenalty(linearCritic([0.6, 0.8, 0]), real, fake, 1))).toBeCloseTo(0, 6);
    tf.dispose([real, fake]);
  });

  it('measures the gradient at each example: D = ½‖x‖², real = fake', () => {
    // With real = fake every interpolate is the example itself, and ∇D(x) = x:
    // ‖(3, 4)‖ = 5 → (5 - 1)² = 16; ‖(0, 1)‖ = 1 → 0; mean = 8.
    const x = tf.tensor2d([
      [3, 4],
      [0, 1],
    ]);
    expect(value(gradientPenalty(halfSquaredNorm, x, x, 7))).toBeCloseTo(8, 4);
    x.dispose();
  });

  it('draws one interpolation factor per example, uniform in [0, 1], from the seed', () => {
    const n = 512;
    const real = tf.ones([n, 3]);
    const fake = tf.zeros([n, 3]);
    let seen: number[][] = [];
    const spy = (x: tf.Tensor) => {
      seen = x.arraySync() as number[][];
      return halfSquaredNorm(x);
    };
    // x̂ = ε·1 + (1 - ε)·0 = ε in every feature, ‖∇D(x̂)‖ = ‖x̂‖ = √3·ε, penalty = mean (√3ε - 1)².
    const penalty = value(gradientPenalty(spy, real, fake, 123));
    const eps = seen.map((row) => row[0]!);
    for (const row of seen) expect(row).toEqual([row[0], row[0], row[0]]);
    expect(Math.min(...eps)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...eps)).toBeLessThan(1);
    expect(new Set(eps).size).toBeGreaterThan(n * 0.99); // a fresh factor per example
    // E[ε] = 1/2 (standard error 0.0128 for n = 512).
    expect(eps.reduce((a, b) => a + b, 0) / n).toBeCloseTo(0.5, 1);
    const expected = eps.reduce((s, e) => s + (Math.sqrt(3) * e - 1) ** 2, 0) / n;
    expect(penalty).toBeCloseTo(expected, 4);
    tf.dispose([real, fake]);
  });

  it('is deterministic for a seed and draws exactly one seed from an Rng', () => {
    const real = tf.tensor2d(REAL);
    const fake = tf.tensor2d(FAKE);
    const a = value(gradientPenalty(halfSquaredNorm, real, fake, 42));
    const b = value(gradientPenalty(halfSquaredNorm, real, fake, 42));
    const c = value(gradientPenalty(halfSquaredNorm, real, fake, 43));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    const rng = new Rng(5);
    const probe = new Rng(5);
    const first = probe.seed();
    expect(value(gradientPenalty(halfSquaredNorm, real, fake, rng))).toBe(value(gradientPenalty(halfSquaredNorm, real, fake, first)));
    expect(rng.getState()).toEqual(probe.getState());
    tf.dispose([real, fake]);
  });

  it('interpolates images with a factor per example broadcast over [h, w, c]', () => {
    const real = tf.ones([2, 2, 2, 1]);
    const fake = tf.zeros([2, 2, 2, 1]);
    let seen: number[] = [];
    const d = (x: tf.Tensor) => {
      seen = Array.from(x.dataSync());
      return tf.reshape(tf.mul(tf.sum(tf.square(x), [1, 2, 3]), 0.5), [-1, 1]);
    };
    gradientPenalty(d, real, fake, 9).dispose();
    expect(new Set(seen.slice(0, 4)).size).toBe(1);
    expect(new Set(seen.slice(4)).size).toBe(1);
    expect(seen[0]).not.toBe(seen[4]);
    tf.dispose([real, fake]);
  });

  // Second-order gradients: d GP / d weights through LeakyReLU, against central differences.
  // h = 1e-2: float32 rounding in the difference quotient is ~ε·|GP|/h ≈ 1e-7·1/1e-2 = 1e-5; the
  // truncation error h²/6·|GP'''| is ~1e-5 for this smooth (away from kinks) low-degree function.
  // Tolerance 1e-3 + 1% leaves room for both, and is far below any real error (a missing or wrong
  // second-order term changes entries by 0.1 or more).
  const h = 1e-2;

  it('has weight gradients that match central differences (tf.leakyRelu critic)', () => {
    const critic = functionalCritic();
    const real = tf.tensor2d(REAL);
    const fake = tf.tensor2d(FAKE);
    let interpolates: number[][] = [];
    const spy = (x: tf.Tensor) => {
      interpolates = x.arraySync() as number[][];
      return critic.discriminate(x);
    };
    const penalty = () => gradientPenalty(spy, real, fake, 2024);
    const tape = tapeGradients(penalty, critic.variables);
    const maxAbs = Math.max(...interpolates.flat().map(Math.abs));
    expect(hiddenMargin(interpolates)).toBeGreaterThan(h * (maxAbs + 1));
    const fd = centralDifferences(() => value(penalty()), critic.variables, h);
    expectClose(tape, fd, 1e-3, 1e-2);
    // The first layer's kernel gradient is not trivially zero: the test exercises the second-order path.
    expect(Math.max(...Array.from(tape[0]!).map(Math.abs))).toBeGreaterThan(0.01);
    critic.dispose();
    tf.dispose([real, fake]);
  });

  it('has weight gradients that match central differences (tfjs-layers leakyReLU critic)', () => {
    const model = layersCritic();
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const real = tf.tensor2d(REAL);
    const fake = tf.tensor2d(FAKE);
    let interpolates: number[][] = [];
    const ctx: PenaltyContext = {
      discriminate: (x) => {
        interpolates = x.arraySync() as number[][];
        return model.apply(x, { training: true }) as tf.Tensor;
      },
      real,
      fake,
      rng: new Rng(0),
    };
    // A fresh Rng at the same state for every evaluation, so every evaluation sees the same ε.
    const penalty = () => gradientPenaltyRegularizer.penalty!({ ...ctx, rng: new Rng(77) }, {});
    const tape = tapeGradients(penalty, variables);
    const maxAbs = Math.max(...interpolates.flat().map(Math.abs));
    expect(hiddenMargin(interpolates)).toBeGreaterThan(h * (maxAbs + 1));
    const fd = centralDifferences(() => value(penalty()), variables, h);
    expectClose(tape, fd, 1e-3, 1e-2);
    model.dispose();
    tf.dispose([real, fake]);
  });

  it('trains inside optimizer.minimize (WGAN-GP critic step) without growing the tensor count', () => {
    const model = layersCritic();
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const optimizer = tf.train.adam(1e-2, 0.5, 0.9);
    const real = tf.tensor2d(REAL);
    const fake = tf.tensor2d(FAKE);
    const rng = new Rng(3);
    const d = (x: tf.Tensor) => model.apply(x, { training: true }) as tf.Tensor;
    const step = () =>
      value(
        optimizer.minimize(
          () => tf.add(wassersteinCriticLoss(d(real), d(fake)), tf.mul(regularizers.get('gradient-penalty').penalty!({ discriminate: d, real, fake, rng }, {}), 10)),
          true,
          variables,
        )!,
      );
    step(); // creates Adam's slots
    const before = tf.memory().numTensors;
    const losses = [step(), step(), step()];
    expect(tf.memory().numTensors).toBe(before);
    expect(losses.every(Number.isFinite)).toBe(true);
    model.dispose();
    optimizer.dispose();
    tf.dispose([real, fake]);
  });

  it('does not grow the tensor count over repeated calls', () => {
    const real = tf.tensor2d(REAL);
    const fake = tf.tensor2d(FAKE);
    const critic = functionalCritic();
    // Counts what one forward call and one differentiated call leave behind, results disposed.
    const once = () => {
      const before = tf.memory().numTensors;
      const { value: v, grads } = tf.variableGrads(() => gradientPenalty(critic.discriminate, real, fake, 1), critic.variables);
      tf.dispose([v, ...Object.values(grads)]);
      gradientPenalty(critic.discriminate, real, fake, 1).dispose();
      return tf.memory().numTensors - before;
    };
    once();
    expect([once(), once(), once()]).toEqual([0, 0, 0]);
    critic.dispose();
    tf.dispose([real, fake]);
  });
});

describe('gradient-penalty regularizer', () => {
  beforeAll(() => useBackend('cpu'));

  it('passes the real batch labels to a conditional critic', () => {
    const real = tf.tensor2d(REAL);
    const fake = tf.tensor2d(FAKE);
    const labels = tf.tensor1d([0, 1, 2, 1], 'int32');
    const got: Array<tf.Tensor1D | undefined> = [];
    const ctx: PenaltyContext = {
      discriminate: (x, l) => {
        got.push(l);
        return tf.sum(x, 1, true);
      },
      real,
      fake,
      labels,
      rng: new Rng(1),
    };
    // D(x) = Σx: ∇ = (1, 1, 1), ‖∇‖ = √3 → (√3 - 1)² ≈ 0.535898
    expect(value(gradientPenaltyRegularizer.penalty!(ctx, {}))).toBeCloseTo((Math.sqrt(3) - 1) ** 2, 5);
    expect(got).toHaveLength(1);
    expect(got[0]).toBe(labels);
    tf.dispose([real, fake, labels]);
  });

  it('reports bad options and mismatched batches with typed errors', () => {
    const real = tf.tensor2d(REAL);
    const fake = tf.tensor2d(FAKE);
    const error = caught(() => gradientPenalty(halfSquaredNorm, real, fake, 1, { target: -1, lambda: 10 } as never));
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "Invalid 'gradient-penalty' options:\n" +
        '  - target: expected a finite number >= 0, found -1\n' +
        '  - lambda: expected one of the options target, found 10',
    );
    const other = tf.zeros([4, 2]);
    const mismatch = caught(() => gradientPenalty(halfSquaredNorm, real, other, 1));
    expect(DataError.isInstance(mismatch)).toBe(true);
    expect((mismatch as Error).message).toBe(
      'gradient penalty: the fake batch has shape [4, 2] but the real batch has shape [4, 3]; interpolation needs the same shape',
    );
    tf.dispose([real, fake, other]);
  });
});
