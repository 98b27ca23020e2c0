import { DataError, metrics, Rng, type DataSpec, type MetricInput, type SampleSet } from '@gankit/core';
import { gaussianMixture, ringModes } from '@gankit/datasets';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDigits, subset, type LabelledDigits } from '../../scripts/data.js';
import '../index.js';

const NAMES = ['fid', 'fid-logits', 'kid', 'classifier-score', 'precision', 'recall', 'density', 'coverage', 'modes', 'hq', 'label-accuracy'];
const digits = (classNames = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']): DataSpec => ({
  shape: [28, 28, 1],
  kind: 'image',
  size: 1000,
  numClasses: 10,
  classNames,
});
const MNIST = digits();
const FASHION = digits(['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);

let test: LabelledDigits;
let train: LabelledDigits;

function set(d: LabelledDigits, withLabels = false): SampleSet {
  return withLabels ? { x: d.x, n: d.n, labels: d.labels } : { x: d.x, n: d.n };
}
function input(generated: SampleSet, reference: SampleSet, spec = MNIST): MetricInput {
  return { spec, generated, reference, seed: 1 };
}

beforeAll(async () => {
  await tf.setBackend('wasm');
  test = await embeddedDigits('test');
  const all = await embeddedDigits('train');
  train = subset(all, Array.from({ length: 2000 }, (_, i) => i * 4));
});

describe('registered metrics', () => {
  it('registers every metric under its name with a direction and sample counts', () => {
    for (const name of NAMES) {
      const m = metrics.get(name);
      expect(m.name).toBe(name);
      expect(['lower', 'higher']).toContain(m.direction);
      expect(m.samples.generated).toBeGreaterThan(0);
    }
    expect(['fid', 'fid-logits', 'kid'].map((n) => metrics.get(n).direction)).toEqual(['lower', 'lower', 'lower']);
  });

  it('says which data each metric supports', () => {
    const ring = gaussianMixture({ modes: ringModes(8), sigma: 0.01, size: 10 }).spec;
    const photos: DataSpec = { shape: [64, 64, 3], kind: 'image', size: 10 };
    const supported = (spec: DataSpec, conditional: boolean) => NAMES.filter((n) => metrics.get(n).supports(spec, { conditional }));
    expect(supported(MNIST, false)).toEqual(['fid', 'fid-logits', 'kid', 'classifier-score', 'precision', 'recall', 'density', 'coverage']);
    expect(supported(MNIST, true)).toContain('label-accuracy');
    expect(supported(FASHION, true)).toEqual(['fid', 'fid-logits', 'kid', 'precision', 'recall', 'density', 'coverage']);
    expect(supported(ring, false)).toEqual(['precision', 'recall', 'density', 'coverage', 'modes', 'hq']);
    // RGB photos: the classifier's metrics do not apply, the k-NN metrics read Inception-v3 features
    expect(supported(photos, true)).toEqual(['precision', 'recall', 'density', 'coverage']);
  });

  it('scores real held-out digits as real: classifier score > 9, label accuracy >= 0.98', async () => {
    const score = await metrics.get('classifier-score').compute(input(set(test), set(train)));
    expect(score.value).toBeGreaterThan(9);
    expect(score.stderr).toBeGreaterThan(0);
    const accuracy = await metrics.get('label-accuracy').compute(input(set(test, true), set(train)));
    expect(accuracy.value).toBeGreaterThanOrEqual(0.98);
    expect((accuracy.details!['perClass'] as number[]).every((a) => a > 0.9)).toBe(true);
  });

  // five Frechet/kernel distances over 2,000 classified digits: ~27 s alone on 2 busy cores, over 120 s while
  // turbo runs other packages' tests beside it
  it('gives real against real a small FID and KID, and noise a large one', { timeout: 360_000 }, async () => {
    const rng = new Rng(2);
    const noise: SampleSet = { x: Float32Array.from({ length: 2000 * 784 }, () => rng.next() * 2 - 1), n: 2000 };
    const blurry: SampleSet = { x: test.x.map((v, i) => (v + (test.x[i + 1] ?? v) + (test.x[i + 28] ?? v)) / 3), n: test.n };
    const real = await metrics.get('fid').compute(input(set(test), set(train)));
    const soft = await metrics.get('fid').compute(input(blurry, set(train)));
    const bad = await metrics.get('fid').compute(input(noise, set(train)));
    expect(real.value).toBeLessThan(soft.value);
    expect(soft.value).toBeLessThan(bad.value);
    expect(bad.value).toBeGreaterThan(20 * real.value);
    const kidReal = await metrics.get('kid').compute(input(set(test), set(train)));
    const kidBad = await metrics.get('kid').compute(input(noise, set(train)));
    expect(Math.abs(kidReal.value)).toBeLessThan(Math.max(3 * kidReal.stderr!, 0.01 * kidBad.value));
    expect(kidBad.value).toBeGreaterThan(10 * kidBad.stderr!);
    const logits = await metrics.get('fid-logits').compute(input(set(test), set(train)));
    expect(logits.details!['dimensions']).toBe(10);
  });

  it('computes precision, recall, density and coverage on classifier features without leaking tensors', async () => {
    await metrics.get('precision').compute(input(set(test), set(train))); // loads the classifier
    const before = tf.memory().numTensors;
    const values: Record<string, number> = {};
    for (const name of ['precision', 'recall', 'density', 'coverage']) {
      const v = await metrics.get(name).compute(input(set(test), set(train)));
      values[name] = v.value;
      expect(v.details!['space']).toBe('classifier conv features, unit length');
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(values['precision']).toBeGreaterThan(0.6);
    expect(values['recall']).toBeGreaterThan(0.6);
    expect(values['density']).toBeGreaterThan(0.7);
    expect(values['coverage']).toBeGreaterThan(0.85);
  });

  it('computes mode coverage and manifold metrics on raw 2-D points', async () => {
    const source = gaussianMixture({ modes: ringModes(8), sigma: 0.01, size: 2500, scale: 'fit', seed: 3 });
    const reference = gaussianMixture({ modes: ringModes(8), sigma: 0.01, size: 2500, scale: 'fit', seed: 4 });
    const rows = (s: typeof source): SampleSet => ({ x: s.rows(Uint32Array.from({ length: 2500 }, (_, i) => i)).x, n: 2500 });
    const args = input(rows(source), rows(reference), source.spec);
    expect((await metrics.get('modes').compute(args)).value).toBe(8);
    expect((await metrics.get('hq').compute(args)).value).toBeGreaterThan(0.98);
    const coverage = await metrics.get('coverage').compute(args);
    expect(coverage.details!['space']).toBe('raw values');
    expect(coverage.value).toBeGreaterThan(0.9);
  });

  it('throws typed errors naming the metric for bad input', async () => {
    const e1 = await metrics.get('label-accuracy').compute(input(set(test), set(train))).catch((e: unknown) => e);
    expect(DataError.isInstance(e1)).toBe(true);
    expect(String(e1)).toMatch(/'label-accuracy'.*no labels/);
    const e2 = await metrics.get('fid').compute(input({ x: new Float32Array(10), n: 2 }, set(train))).catch((e: unknown) => e);
    expect(String(e2)).toMatch(/Metric 'fid': generated samples: 2 examples of shape \[28, 28, 1\] need 1568 values, got 10/);
    const e3 = await metrics.get('modes').compute(input(set(test), set(train))).catch((e: unknown) => e);
    expect(String(e3)).toMatch(/'modes'.*spec\.meta/);
  });
});
