/**
 * The gradient arrows' numbers (arrows.ts): the push the generator's loss gives each drawn point,
 * checked against finite differences on a tiny real network (tfjs-layers on the cpu backend), for
 * every loss pair `@gankit/losses` registers; and which runs get arrows.
 */
import '@gankit/bigan';
import '@gankit/cgan';
import '@gankit/datasets';
import '@gankit/losses';
import '@gankit/sgan';
import '@gankit/vanilla';
import '@gankit/wgan';
import { ConfigError, DataError, Rng, Trainer, datasets, losses, type LossPair } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { arrowsUnavailable, generatorPush } from './arrows.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tiny smooth discriminator with fixed weights: 2 -> 4 tanh -> 1. */
function tinyDiscriminator(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ inputShape: [2], units: 4, activation: 'tanh' }), tfl.layers.dense({ units: 1 })],
  });
  model.setWeights([
    tf.tensor2d([
      [0.9, -0.4, 0.3, 1.2],
      [-0.7, 0.8, 1.1, -0.2],
    ]),
    tf.tensor1d([0.1, -0.2, 0.05, 0.3]),
    tf.tensor2d([[1.3], [-0.9], [0.7], [1.1]]),
    tf.tensor1d([-0.2]),
  ]);
  return model;
}

const points = [
  [0.3, -0.5],
  [-0.8, 0.2],
  [0.05, 0.9],
  [0.6, 0.6],
  [-0.2, -0.7],
];
const reals = [
  [0.7, 0.1],
  [-0.4, -0.4],
  [0.2, 0.5],
  [-0.9, 0.8],
  [0.1, -0.1],
];

/** D's raw output on each of `xs`, in float64 arithmetic of the caller (read back from tfjs). */
function scores(d: tfl.LayersModel, xs: number[][]): number[] {
  return tf.tidy(() => Array.from((d.predict(tf.tensor2d(xs)) as tf.Tensor).dataSync()));
}

/** Central difference of `f` in coordinate `axis` of point `i`. */
function centralDifference(f: (xs: number[][]) => number, xs: number[][], i: number, axis: number, eps: number): number {
  const shifted = (sign: number) => xs.map((p, j) => (j === i ? p.map((v, a) => (a === axis ? v + sign * eps : v)) : p));
  return (f(shifted(1)) - f(shifted(-1))) / (2 * eps);
}

const EPS = 1e-2;

describe('generatorPush', () => {
  it("is minus the gradient of the non-saturating loss -log D(x) at each point: sigmoid(-D(x)) times D's gradient, by finite differences of D's output", () => {
    const d = tinyDiscriminator();
    const push = generatorPush(d, losses.get('non-saturating'), tf.tensor2d(points));
    expect(push).toHaveLength(points.length * 2);
    points.forEach((_, i) => {
      const di = (xs: number[][]) => scores(d, xs)[i]!;
      const weight = 1 / (1 + Math.exp(di(points))); // sigmoid(-D(x))
      for (const axis of [0, 1]) {
        const expected = weight * centralDifference(di, points, i, axis, EPS);
        expect(push[2 * i + axis], `point ${i}, axis ${axis}`).toBeCloseTo(expected, 3);
      }
    });
    d.dispose();
  });

  it("is D's own gradient for the Wasserstein loss (the critic's score goes up along the push)", () => {
    const d = tinyDiscriminator();
    const push = generatorPush(d, losses.get('wasserstein'), tf.tensor2d(points));
    points.forEach((_, i) => {
      for (const axis of [0, 1]) {
        expect(push[2 * i + axis], `point ${i}, axis ${axis}`).toBeCloseTo(centralDifference((xs) => scores(d, xs)[i]!, points, i, axis, EPS), 3);
      }
    });
    d.dispose();
  });

  it('is minus n times the gradient of the batch generator loss with respect to each point, for every registered loss pair', () => {
    const d = tinyDiscriminator();
    const names = ['non-saturating', 'minimax', 'wasserstein', 'least-squares', 'hinge', 'relativistic', 'relativistic-average'];
    for (const name of names) {
      const loss: LossPair = losses.get(name);
      const real = loss.generatorNeedsReal ? tf.tensor2d(reals) : undefined;
      const batchLoss = (xs: number[][]) =>
        tf.tidy(() => {
          const fake = tf.tensor2d(scores(d, xs), [xs.length, 1]);
          const realScores = real ? (d.predict(real) as tf.Tensor) : undefined;
          return loss.generatorLoss(fake, realScores).dataSync()[0]!;
        });
      const push = generatorPush(d, loss, tf.tensor2d(points), real);
      points.forEach((_, i) => {
        for (const axis of [0, 1]) {
          const expected = -points.length * centralDifference(batchLoss, points, i, axis, EPS);
          expect(push[2 * i + axis], `${name}: point ${i}, axis ${axis}`).toBeCloseTo(expected, 2);
        }
      });
      // Not all zero: the check above would pass for a push of zeros where the loss is flat.
      expect(Math.max(...Array.from(push, Math.abs)), name).toBeGreaterThan(1e-3);
      real?.dispose();
    }
    d.dispose();
  });

  it('disposes every tensor it makes', () => {
    const d = tinyDiscriminator();
    const x = tf.tensor2d(points);
    const real = tf.tensor2d(reals);
    const before = tf.memory().numTensors;
    generatorPush(d, losses.get('non-saturating'), x);
    generatorPush(d, losses.get('relativistic-average'), x, real);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, real]);
    d.dispose();
  });

  it('names what is wrong with its input: points that are not [n, 2], a discriminator that is not one input to one score', () => {
    const d = tinyDiscriminator();
    const flat = tf.tensor1d([0.1, 0.2]);
    expect(() => generatorPush(d, losses.get('non-saturating'), flat as unknown as tf.Tensor2D)).toThrow(DataError);
    expect(() => generatorPush(d, losses.get('non-saturating'), flat as unknown as tf.Tensor2D)).toThrow(/points: expected a batch of 2-D points, shape \[n, 2\].*found shape \[2\]/);
    const input = tfl.input({ shape: [2] });
    const classes = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 3 }).apply(input) as tfl.SymbolicTensor });
    expect(() => generatorPush(classes, losses.get('non-saturating'), tf.tensor2d(points))).toThrow(ConfigError);
    expect(() => generatorPush(classes, losses.get('non-saturating'), tf.tensor2d(points))).toThrow(/one score per point, shape \[n, 1\]/);
    tf.dispose(flat);
    d.dispose();
    classes.dispose();
  });
});

describe('arrowsUnavailable', () => {
  it('gives arrows to the unconditional games whose D scores a point (vanilla, wgan, wgan-gp) and says why the others get none', async () => {
    const data = await datasets.get('ring8').load({ split: 'train' } as never, { rng: new Rng(1) });
    const reasons: Record<string, string | undefined> = {};
    for (const variant of ['vanilla', 'wgan', 'wgan-gp', 'cgan', 'acgan', 'bigan', 'sgan']) {
      const trainer = Trainer.create({ variant, data, seed: 1 } as never);
      reasons[variant] = arrowsUnavailable(trainer);
      trainer.dispose();
    }
    expect(reasons['vanilla']).toBeUndefined();
    expect(reasons['wgan']).toBeUndefined();
    expect(reasons['wgan-gp']).toBeUndefined();
    expect(reasons['cgan']).toMatch(/generator takes class labels/);
    expect(reasons['acgan']).toMatch(/generator takes class labels/);
    expect(reasons['bigan']).toMatch(/discriminator takes 2 inputs/);
    expect(reasons['sgan']).toMatch(/not one score per point/);
  });
});
