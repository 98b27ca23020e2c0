import '@gankit/backend-wasm';
import '@gankit/metrics';
import '@tensorflow/tfjs-backend-wasm';
import { ArrayDataSource, metrics, Rng, Sampler, Trainer } from '@gankit/core';
import { resumeTrainer, saveCheckpoint } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelledSubset, sgan, sganSupervised } from './index.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'gankit-sgan-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 8x8 bars, labelled: class 0 horizontal, class 1 vertical, at a random row or column. */
function bars(n = 128, seed = 1): ArrayDataSource {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 64).fill(-1);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    const at = rng.int(8);
    for (let j = 0; j < 8; j++) x[i * 64 + (i % 2 === 0 ? at * 8 + j : j * 8 + at)] = 1;
  }
  return new ArrayDataSource({ shape: [8, 8, 1], kind: 'image', numClasses: 2 }, { x, labels }, 'bars');
}

/** Tiny networks at Salimans et al.'s learning rate (3e-3), so a few dozen steps show learning. */
const tiny = {
  batchSize: 16,
  latentDim: 8,
  labelledPerClass: 3,
  networks: { discriminator: { options: { filters: [4, 8] as [number, number], features: 16, dropout: 0 } } },
  optimizers: { generator: { learningRate: 3e-3 }, discriminator: { learningRate: 3e-3 } },
};

describe('labelledSubset', () => {
  it('picks labelledPerClass examples of each class, the same ones for the same seed', () => {
    const a = labelledSubset(bars(), 3, new Rng(4));
    const b = labelledSubset(bars(), 3, new Rng(4));
    const c = labelledSubset(bars(), 3, new Rng(5));
    expect(a.spec.size).toBe(6);
    const labelsOf = (s: ArrayDataSource) => Array.from(s.rows([0, 1, 2, 3, 4, 5]).labels!).sort();
    expect(labelsOf(a)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(a.rows([0, 1, 2, 3, 4, 5]).x).toEqual(b.rows([0, 1, 2, 3, 4, 5]).x);
    expect(c.rows([0, 1, 2, 3, 4, 5]).x).not.toEqual(a.rows([0, 1, 2, 3, 4, 5]).x);
    expect(() => labelledSubset(bars(8), 5, new Rng(1))).toThrowError(/class 0 has 4 examples, fewer than labelledPerClass \(5\)/);
  });
});

describe('sgan', () => {
  it('trains D on unlabelled, generated and labelled batches and G by feature matching, with a constant tensor count', async () => {
    const t = Trainer.create({ variant: sgan, data: bars(), seed: 1, config: tiny });
    expect(Object.keys(t.sources)).toEqual(['data', 'labelled']);
    expect(t.sources['labelled']!.spec.size).toBe(6);
    const acc: number[] = [];
    t.on('step', (s) => void acc.push(s.extra['d.train-accuracy']!));
    const first = await t.run({ steps: 2 });
    expect(Object.keys(first!.extra).sort()).toEqual(['d.supervised', 'd.train-accuracy']);
    expect(Number.isFinite(first!.gLoss) && first!.gLoss >= 0).toBe(true); // feature matching is a squared norm
    const before = tf.memory().numTensors;
    await t.run({ steps: 40 });
    expect(tf.memory().numTensors).toBe(before);
    expect(acc.slice(-5).reduce((a, b) => a + b, 0) / 5).toBeGreaterThan(0.9);
    t.dispose();
  });

  it('resumes both data streams and all weights exactly', async () => {
    const straight = Trainer.create({ variant: sgan, data: bars(), seed: 2, config: tiny });
    await straight.run({ steps: 6 });
    const expected = Object.values(straight.networks).flatMap((m) => m.getWeights().map((w) => Array.from(w.dataSync())));
    const dir = join(root, 'resume');
    const first = Trainer.create({ variant: sgan, data: bars(), seed: 2, config: tiny });
    await first.run({ steps: 3 });
    await saveCheckpoint(first, dir);
    first.dispose();
    const { variants } = await import('@gankit/core');
    expect(variants.get('sgan')).toBe(sgan);
    const resumed = await resumeTrainer(dir, bars());
    await resumed.run({ steps: 3 });
    expect(Object.values(resumed.networks).flatMap((m) => m.getWeights().map((w) => Array.from(w.dataSync())))).toEqual(expected);
    resumed.dispose();
    straight.dispose();
  });

  it("is judged by class-accuracy on held-out examples, like its labels-only baseline", async () => {
    const metric = metrics.get('class-accuracy');
    expect(metric.supports(bars().spec, { conditional: false, labels: sgan.labels! })).toBe(true);
    expect(metric.supports(bars().spec, { conditional: false, labels: {} })).toBe(false);
    // 20 labels per class: enough for these bars to generalize to held-out positions.
    for (const variant of [sgan, sganSupervised]) {
      const t = Trainer.create({ variant, data: bars(), seed: 3, config: { ...tiny, labelledPerClass: 20 } });
      await t.run({ steps: 100 });
      const held = bars(200, 9);
      const rows = held.rows(Uint32Array.from({ length: 200 }, (_, i) => i));
      const score = await metric.compute({
        spec: held.spec,
        generated: { x: new Float32Array(0), n: 0 },
        reference: { x: rows.x, n: 200, labels: rows.labels! },
        seed: 1,
        sampler: Sampler.fromTrainer(t),
      });
      expect(score.value).toBeGreaterThan(0.9);
      expect(score.details).toMatchObject({ examples: 200 });
      t.dispose();
    }
  });

  it('refuses unlabelled data and too many labels per class, naming each', () => {
    const unlabelled = new ArrayDataSource({ shape: [8, 8, 1], kind: 'image' }, { x: new Float32Array(64 * 4) });
    expect(() => Trainer.create({ variant: sgan, data: unlabelled, config: tiny })).toThrowError(/labelled data for the variant 'sgan' \(its discriminator predicts labels\)/);
    expect(() => Trainer.create({ variant: sgan, data: bars(), config: { ...tiny, labelledPerClass: 100 } })).toThrowError(/labelledPerClass: expected at most 64/);
  });
});
