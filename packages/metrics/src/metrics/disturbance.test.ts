/**
 * The disturbance test of Heusel et al. (2017, "GANs Trained by a Two Time-Scale Update Rule...",
 * Fig. 1) for every registered image metric: held-out digits under Gaussian noise, salt-and-pepper,
 * uniform-noise images mixed in and a blacked-out centre, each at five increasing levels, must get
 * monotonically worse. 500 disturbed test digits against 500 training digits, seeded; the same table
 * is printed by `pnpm --filter @gankit/metrics disturbance`.
 */
import { metrics, Rng, yieldToEventLoop, type DataSpec, type SampleSet } from '@gankit/core';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDigits, subset } from '../../scripts/data.js';
import { DISTURBANCES } from '../../scripts/disturbances.js';
import '../index.js';

const N = 500; // above every metric's minimum (k + 1 = 6 for the manifold metrics, 2 for FID and KID)
const SEED = 1;
const MNIST: DataSpec = { shape: [28, 28, 1], kind: 'image', size: 0, numClasses: 10, classNames: [...'0123456789'] };
const IMAGE_METRICS = ['fid', 'fid-logits', 'kid', 'classifier-score', 'precision', 'recall', 'density', 'coverage'];

let clean: Float32Array;
let reference: SampleSet;
let undisturbed: Record<string, number>;

async function scores(x: Float32Array): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of IMAGE_METRICS) {
    out[name] = (await metrics.get(name).compute({ spec: MNIST, generated: { x, n: N }, reference, seed: SEED })).value;
    await yieldToEventLoop();
  }
  return out;
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  const test = await embeddedDigits('test');
  const train = await embeddedDigits('train');
  const pick = (from: number, rng: Rng) => rng.shuffle(Uint32Array.from({ length: from }, (_, i) => i)).subarray(0, N);
  clean = subset(test, pick(test.n, new Rng(SEED))).x;
  reference = { x: subset(train, pick(train.n, new Rng(SEED + 1))).x, n: N };
  undisturbed = await scores(clean);
});

/**
 * Each level no better than the one before (ties allowed: a share at 0 stays 0) and the fifth
 * strictly worse than the first. `slack` allows a step to improve by that much (sampling noise).
 */
function expectWorsening(metric: string, values: number[], slack = 0): void {
  const lower = metrics.get(metric).direction === 'lower';
  const worse = (a: number, b: number) => (lower ? a - b : b - a); // > 0 when a is worse than b
  values.slice(1).forEach((v, i) => expect(worse(v, values[i]!), `${metric} at level ${i + 2}: ${values.join(', ')}`).toBeGreaterThanOrEqual(-slack));
  expect(worse(values[4]!, values[0]!), `${metric}: ${values.join(', ')}`).toBeGreaterThan(0);
}

describe.each(DISTURBANCES)('disturbance test: $name', (disturbance) => {
  const at: Record<string, number[]> = {};
  beforeAll(async () => {
    const rng = new Rng(SEED + 7);
    for (const level of disturbance.levels) {
      const s = await scores(disturbance.apply(clean, N, level, rng));
      for (const m of IMAGE_METRICS) (at[m] ??= []).push(s[m]!);
    }
  });

  it.each(['fid', 'fid-logits', 'kid'])('%s rises at every level', (m) => {
    expectWorsening(m, at[m]!);
    expect(at[m]![4]!).toBeGreaterThan(undisturbed[m]!);
  });

  it.each(['classifier-score', 'precision', 'density', 'coverage'])('%s falls at every level', (m) => {
    expectWorsening(m, at[m]!);
    expect(at[m]![4]!).toBeLessThan(undisturbed[m]!);
  });

  it('recall falls (within sampling error), except while real digits remain among noise images', () => {
    const values = at['recall']!;
    if (disturbance.name === 'noise-images') {
      // Recall is the share of the real data the generated set can reproduce. A mixture that still
      // holds some real digits reproduces all of them; fewer of them only widen their k-NN balls. So
      // recall stays at its undisturbed value until no digit is left, by its definition.
      values.slice(0, 4).forEach((v) => expect(Math.abs(v - undisturbed['recall']!)).toBeLessThan(0.08));
      expect(values[4]!).toBeLessThan(0.05);
      return;
    }
    // A step may rise by two binomial standard errors at n = 500 (2 * sqrt(0.85 * 0.15 / 500) = 0.03).
    expectWorsening('recall', values, 0.03);
    expect(values[4]!).toBeLessThan(undisturbed['recall']! / 2);
  });
});
