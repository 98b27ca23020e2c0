import { metrics, Sampler, type InputTensors, type MetricInput, type SamplingModel } from '@gankit/core';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDigits, type LabelledDigits } from '../../scripts/data.js';
import { bestAssignment } from '../assignment.js';
import '../index.js';

/** Every assignment of a small square matrix, for checking the Hungarian method. */
function bruteForce(scores: number[][]): number {
  const n = scores.length;
  let best = -Infinity;
  const go = (row: number, used: boolean[], sum: number) => {
    if (row === n) return void (best = Math.max(best, sum));
    for (let j = 0; j < n; j++) if (!used[j]) {
      used[j] = true;
      go(row + 1, used, sum + scores[row]![j]!);
      used[j] = false;
    }
  };
  go(0, new Array(n).fill(false), 0);
  return best;
}

describe('bestAssignment', () => {
  it('finds the one-to-one assignment with the largest total', () => {
    expect(bestAssignment([[1, 9], [8, 2]])).toEqual([1, 0]); // 9 + 8 beats 1 + 2
    expect(bestAssignment([[5]])).toEqual([0]);
    // Greedy takes 10 first (row 0 -> col 0) and ends at 10 + 1 = 11; the best is 9 + 9 = 18.
    expect(bestAssignment([[10, 9], [9, 1]])).toEqual([1, 0]);
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 20; trial++) {
      const n = 2 + (trial % 5);
      const m = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.floor(rand() * 50)));
      const cols = bestAssignment(m);
      expect(new Set(cols).size).toBe(n);
      expect(cols.reduce((s, c, r) => s + m[r]![c]!, 0)).toBe(bruteForce(m));
    }
    expect(() => bestAssignment([[1, 2]])).toThrowError(/square matrix/);
  });
});

describe('code-accuracy', () => {
  let digits: LabelledDigits;
  beforeAll(async () => {
    await tf.setBackend('wasm');
    digits = await embeddedDigits('test');
  });

  /** A "generator" whose categorical code picks real digits: code value k shows digit perm[k] (or any digit). */
  function model(perm: number[] | 'random'): SamplingModel {
    const byDigit = Array.from({ length: 10 }, (_, d) => Array.from(digits.labels.keys()).filter((i) => digits.labels[i] === d));
    let cursor = 0;
    return {
      variant: 'test-codes',
      config: {} as never,
      spec: { shape: [28, 28, 1], size: 1, kind: 'image', numClasses: 10 },
      inputs: [
        { kind: 'noise', name: 'z', dim: 2 },
        { kind: 'categorical', name: 'code', classes: 10 },
      ],
      labels: {},
      networks: {},
      averaged: false,
      step: 0,
      generate: (inputs: InputTensors) => {
        const codes = tf.tidy(() => tf.argMax(inputs['code']!, -1)).dataSync();
        const rows = Array.from(codes, (k) => {
          const pool = perm === 'random' ? byDigit[cursor % 10]! : byDigit[perm[k]!]!;
          return pool[cursor++ % pool.length]!;
        });
        const x = new Float32Array(rows.length * 784);
        rows.forEach((r, i) => x.set(digits.x.subarray(r * 784, (r + 1) * 784), i * 784));
        return tf.tensor4d(x, [rows.length, 28, 28, 1]);
      },
    };
  }

  function input(m: SamplingModel): MetricInput {
    const spec = { shape: [28, 28, 1], kind: 'image' as const, size: 1000, numClasses: 10 };
    return { spec, generated: { x: new Float32Array(0), n: 500 }, reference: { x: new Float32Array(0), n: 0 }, seed: 3, sampler: Sampler.fromModel(m) };
  }

  it('is near the classifier accuracy when each code value shows one digit (in any order), near chance otherwise', async () => {
    const metric = metrics.get('code-accuracy');
    const perm = [3, 7, 0, 9, 1, 8, 2, 6, 4, 5];
    const matched = await metric.compute(input(model(perm)));
    expect(matched.value).toBeGreaterThan(0.97);
    expect((matched.details as { digitOfValue: number[] }).digitOfValue).toEqual(perm);
    expect(matched.note).toMatch(/^code value -> digit \(share of its samples\): 0->3 \(\d+%\) 1->7 /);
    const random = await metric.compute(input(model('random')));
    expect(random.value).toBeLessThan(0.3);
    const before = tf.memory().numTensors;
    await metric.compute(input(model(perm)));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applies only to digit data from a generator with a 10-value categorical code, and needs the model', async () => {
    const metric = metrics.get('code-accuracy');
    const spec = { shape: [28, 28, 1], kind: 'image' as const, size: 1 };
    expect(metric.supports(spec, { conditional: false, inputs: [{ kind: 'categorical', name: 'c', classes: 10 }] })).toBe(true);
    expect(metric.supports(spec, { conditional: false, inputs: [{ kind: 'noise', name: 'z', dim: 4 }] })).toBe(false);
    expect(metric.supports(spec, { conditional: false })).toBe(false);
    await expect(metric.compute({ ...input(model('random')), sampler: undefined } as MetricInput)).rejects.toThrowError(/needs the trained model/);
  });
});
