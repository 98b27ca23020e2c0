import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import { ArrayDataSource, Rng, Trainer, UnpairedDataSource } from '@gankit/core';
import { loadCheckpoint, resumeTrainer, saveCheckpoint } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cyclegan, imagePool, queryImagePool } from './index.js';

let root: string;
beforeAll(async () => {
  await tf.setBackend('wasm');
  root = await mkdtemp(join(tmpdir(), 'gankit-cyclegan-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** 8x8 domains: A thin bars (1 px), B thick bars (2 px), from different draws. */
function bars(n = 48, seed = 1): UnpairedDataSource {
  const rng = new Rng(seed);
  const make = (width: number) => {
    const x = new Float32Array(n * 64).fill(-1);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rng.int(7);
      labels[i] = r % 2;
      for (let k = 0; k < width; k++) for (let j = 0; j < 8; j++) x[i * 64 + (r + k) * 8 + j] = 1;
    }
    return new ArrayDataSource({ shape: [8, 8, 1], kind: 'image', numClasses: 2 }, { x, labels }, `bars ${width}`);
  };
  return new UnpairedDataSource(make(1), make(2), 'bars');
}

const tiny = {
  batchSize: 4,
  poolSize: 6,
  networks: {
    generator: { options: { filters: 4, blocks: 1 } },
    generatorBA: { options: { filters: 4, blocks: 1 } },
    discriminator: { options: { filters: 4 } },
    discriminatorA: { options: { filters: 4 } },
  },
  optimizers: { generator: { learningRate: 2e-3 }, discriminator: { learningRate: 2e-3 } },
};
const weights = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('image pool', () => {
  it('stores fakes while filling, then swaps half of them for stored ones, as the reference ImagePool', () => {
    const model = imagePool.create({ data: { shape: [1, 1, 1], kind: 'image', size: 1 }, latentDim: 1, rng: new Rng(1), init: undefined! }, { size: 3 });
    const batch = (v: number[]) => tf.tensor4d(v, [v.length, 1, 1, 1]);
    const rng = new Rng(5);
    const first = queryImagePool(model, batch([1, 2]), 0, rng);
    expect(Array.from(first.dataSync())).toEqual([1, 2]);
    const second = queryImagePool(model, batch([3, 4]), 2, rng);
    // 3 fills the last slot and comes back; 4 is either returned or swapped for one of 1, 2, 3.
    const got = Array.from(second.dataSync());
    expect(got[0]).toBe(3);
    expect([1, 2, 3, 4]).toContain(got[1]);
    const stored = Array.from((model.getWeights()[0]!).dataSync()).sort();
    expect(stored).toEqual(got[1] === 4 ? [1, 2, 3] : [1, 2, 3, 4].filter((v) => v !== got[1]).sort());
    tf.dispose([first, second]);
    model.dispose();
  });
});

describe('cyclegan', () => {
  it('trains two generators and two discriminators with a flat tensor count; the cycle loss falls', async () => {
    const t = Trainer.create({ variant: cyclegan, data: bars(), seed: 1, config: tiny });
    expect(Object.keys(t.networks)).toEqual(['generator', 'discriminator', 'generatorBA', 'discriminatorA', 'poolB', 'poolA']);
    expect(t.inputs).toEqual([{ kind: 'example', name: 'a', from: 'a.x', shape: [8, 8, 1] }]);
    const first = await t.run({ steps: 2 });
    const before = tf.memory().numTensors;
    const last = await t.run({ steps: 18 });
    expect(tf.memory().numTensors).toBe(before);
    expect(last!.extra['g.cycle']).toBeLessThan(first!.extra['g.cycle']!);
    for (const k of ['d.a', 'g.adversarial', 'g.identity']) expect(Number.isFinite(last!.extra[k])).toBe(true);
    // The pools filled up with fakes (no zero images left).
    const pool = t.networks['poolB']!.getWeights()[0]!;
    expect(pool.shape[0]).toBe(6); // sized from poolSize, set once in the config
    expect(tf.max(tf.sum(tf.abs(pool), [1, 2, 3])).dataSync()[0]).toBeGreaterThan(0);
    expect(tf.min(tf.sum(tf.abs(pool), [1, 2, 3])).dataSync()[0]).toBeGreaterThan(0);
    t.dispose();
  });

  it('checkpoints all six networks (the pools too) and both optimizers, and resumes exactly', async () => {
    const straight = Trainer.create({ variant: cyclegan, data: bars(), seed: 3, config: tiny });
    await straight.run({ steps: 4 });
    const expected = Object.values(straight.networks).map(weights);
    const dir = join(root, 'resume');
    const first = Trainer.create({ variant: cyclegan, data: bars(), seed: 3, config: tiny });
    await first.run({ steps: 2 });
    await saveCheckpoint(first, dir);
    first.dispose();
    const { checkpoint } = await loadCheckpoint(dir);
    expect(Object.keys(checkpoint.manifest.optimizers)).toEqual(['generator', 'discriminator']);
    expect(checkpoint.manifest.optimizers['generator']!.networks).toEqual(['generator', 'generatorBA']);
    const resumed = await resumeTrainer(dir, bars());
    await resumed.run({ steps: 2 });
    expect(Object.values(resumed.networks).map(weights)).toEqual(expected);
    resumed.dispose();
    straight.dispose();
  });
});
