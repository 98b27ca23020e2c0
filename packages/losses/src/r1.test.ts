import { ConfigError, Rng, type PenaltyContext } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { r1Penalty, r1Regularizer } from './index.js';
import {
  BACKENDS,
  REAL,
  caught,
  centralDifferences,
  expectClose,
  functionalCritic,
  hiddenMargin,
  layersCritic,
  tapeGradients,
  useBackend,
  value,
} from './testing.test-utils.js';

describe.each(BACKENDS)('r1Penalty on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is ‖w‖² for a linear critic and mean ‖x‖² for D = ½‖x‖²', () => {
    const real = tf.tensor2d(REAL);
    const w = tf.tensor2d([2, 1, 2], [3, 1]);
    // ∇(x·w + b) = w, ‖w‖² = 4 + 1 + 4 = 9 for every example.
    expect(value(r1Penalty((x) => tf.add(tf.matMul(x as tf.Tensor2D, w), 0.5), real))).toBeCloseTo(9, 5);
    // ∇(½‖x‖²) = x: ‖(3, 4)‖² = 25, ‖(0, 1)‖² = 1, mean 13.
    const x = tf.tensor2d([
      [3, 4],
      [0, 1],
    ]);
    expect(value(r1Penalty((v) => tf.mul(tf.sum(tf.square(v), 1, true), 0.5), x))).toBeCloseTo(13, 4);
    tf.dispose([real, w, x]);
  });

  it('has weight gradients that match central differences through LeakyReLU', () => {
    // Same float32 error budget as the gradient-penalty test (h = 1e-2, tolerance 1e-3 + 1%); R1 is
    // a polynomial in the weights between kinks, and the inputs are kept > h·(max|x| + 1) from them.
    const h = 1e-2;
    expect(hiddenMargin(REAL)).toBeGreaterThan(h * (Math.max(...REAL.flat().map(Math.abs)) + 1));
    const real = tf.tensor2d(REAL);
    const critic = functionalCritic();
    const penalty = () => r1Penalty(critic.discriminate, real);
    expectClose(tapeGradients(penalty, critic.variables), centralDifferences(() => value(penalty()), critic.variables, h), 1e-3, 1e-2);
    critic.dispose();

    const model = layersCritic();
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const ctx: PenaltyContext = { discriminate: (x) => model.apply(x, { training: true }) as tf.Tensor, real, fake: real, rng: new Rng(0) };
    const regularized = () => r1Regularizer.penalty!(ctx, {});
    expectClose(tapeGradients(regularized, variables), centralDifferences(() => value(regularized()), variables, h), 1e-3, 1e-2);
    model.dispose();
    real.dispose();
  });

  it('does not grow the tensor count over repeated calls', () => {
    const real = tf.tensor2d(REAL);
    const critic = functionalCritic();
    const once = () => {
      const before = tf.memory().numTensors;
      const { value: v, grads } = tf.variableGrads(() => r1Penalty(critic.discriminate, real), critic.variables);
      tf.dispose([v, ...Object.values(grads)]);
      r1Penalty(critic.discriminate, real).dispose();
      return tf.memory().numTensors - before;
    };
    once();
    expect([once(), once(), once()]).toEqual([0, 0, 0]);
    critic.dispose();
    real.dispose();
  });
});

describe('r1 regularizer', () => {
  beforeAll(() => useBackend('cpu'));

  it('penalizes real data only, with its labels, and takes no options', () => {
    const real = tf.tensor2d([[1, 2]]);
    const fake = tf.tensor2d([[100, 100]]);
    const labels = tf.tensor1d([3], 'int32');
    const seen: Array<{ x: number[]; labels: tf.Tensor1D | undefined }> = [];
    const ctx: PenaltyContext = {
      discriminate: (x, l) => {
        seen.push({ x: Array.from(x.dataSync()), labels: l });
        return tf.mul(tf.sum(tf.square(x), 1, true), 0.5);
      },
      real,
      fake,
      labels,
      rng: new Rng(0),
    };
    // ∇(½‖x‖²) at (1, 2) is (1, 2): ‖·‖² = 5.
    expect(value(r1Regularizer.penalty!(ctx, {}))).toBeCloseTo(5, 5);
    expect(seen).toEqual([{ x: [1, 2], labels }]);
    const error = caught(() => r1Regularizer.penalty!(ctx, { gamma: 10 } as never));
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("Invalid 'r1' options:\n  - gamma: expected no options, found 10");
    tf.dispose([real, fake, labels]);
  });
});
