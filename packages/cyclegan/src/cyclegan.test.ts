import '@gankit/backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import { ArrayDataSource, Rng, Sampler, Trainer, UnpairedDataSource } from '@gankit/core';
import { loadCheckpoint, resumeTrainer, saveCheckpoint } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cyclegan, poolsOutOfNetworks, queryImagePool } from './index.js';

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
/** A checkpoint saved by @gankit/cyclegan 0.1 (see the test that reads it). */
const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'pools-as-networks');
const weights = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('image pool', () => {
  it('stores fakes while filling, then swaps half of them for stored ones, as the reference ImagePool', () => {
    const pool = tf.variable(tf.zeros([3, 1, 1, 1]));
    const batch = (v: number[]) => tf.tensor4d(v, [v.length, 1, 1, 1]);
    const rng = new Rng(5);
    const first = queryImagePool(pool, batch([1, 2]), 0, rng);
    expect(Array.from(first.dataSync())).toEqual([1, 2]);
    const second = queryImagePool(pool, batch([3, 4]), 2, rng);
    // 3 fills the last slot and comes back; 4 is either returned or swapped for one of 1, 2, 3.
    const got = Array.from(second.dataSync());
    expect(got[0]).toBe(3);
    expect([1, 2, 3, 4]).toContain(got[1]);
    const stored = Array.from(pool.dataSync()).sort();
    expect(stored).toEqual(got[1] === 4 ? [1, 2, 3] : [1, 2, 3, 4].filter((v) => v !== got[1]).sort());
    tf.dispose([first, second, pool]);
  });
});

describe('cyclegan', () => {
  it('trains two generators and two discriminators with a flat tensor count; the cycle loss falls', async () => {
    const t = Trainer.create({ variant: cyclegan, data: bars(), seed: 1, config: tiny });
    expect(Object.keys(t.networks)).toEqual(['generator', 'discriminator', 'generatorBA', 'discriminatorA']);
    expect(Object.keys(t.state)).toEqual(['poolB', 'poolA']);
    expect(t.inputs).toEqual([{ kind: 'example', name: 'a', from: 'a.x', shape: [8, 8, 1] }]);
    const first = await t.run({ steps: 2 });
    const before = tf.memory().numTensors;
    const last = await t.run({ steps: 18 });
    expect(tf.memory().numTensors).toBe(before);
    expect(last!.extra['g.cycle']).toBeLessThan(first!.extra['g.cycle']!);
    for (const k of ['d.a', 'g.adversarial', 'g.identity']) expect(Number.isFinite(last!.extra[k])).toBe(true);
    // The pools filled up with fakes (no zero images left).
    const pool = t.state['poolB']!;
    expect(pool.shape).toEqual([6, 8, 8, 1]); // sized from poolSize, set once in the config
    expect(tf.max(tf.sum(tf.abs(pool), [1, 2, 3])).dataSync()[0]).toBeGreaterThan(0);
    expect(tf.min(tf.sum(tf.abs(pool), [1, 2, 3])).dataSync()[0]).toBeGreaterThan(0);
    t.dispose();
  });

  it('checkpoints all four networks, both optimizers and the pools (as state), and resumes exactly', async () => {
    const straight = Trainer.create({ variant: cyclegan, data: bars(), seed: 3, config: tiny });
    await straight.run({ steps: 4 });
    const expected = Object.values(straight.networks).map(weights);
    const expectedPools = Object.values(straight.state).map((p) => Array.from(p.dataSync()));
    const dir = join(root, 'resume');
    const first = Trainer.create({ variant: cyclegan, data: bars(), seed: 3, config: tiny });
    await first.run({ steps: 2 });
    await saveCheckpoint(first, dir);
    first.dispose();
    const { checkpoint } = await loadCheckpoint(dir);
    expect(Object.keys(checkpoint.manifest.optimizers)).toEqual(['generator', 'discriminator']);
    expect(checkpoint.manifest.optimizers['generator']!.networks).toEqual(['generator', 'generatorBA']);
    expect(checkpoint.manifest.networks).toEqual(['generator', 'discriminator', 'generatorBA', 'discriminatorA']);
    expect(checkpoint.manifest.state!.weights.map((w) => [w.name, w.shape])).toEqual([
      ['poolB', [6, 8, 8, 1]],
      ['poolA', [6, 8, 8, 1]],
    ]);
    const resumed = await resumeTrainer(dir, bars());
    await resumed.run({ steps: 2 });
    expect(Object.values(resumed.networks).map(weights)).toEqual(expected);
    expect(Object.values(resumed.state).map((p) => Array.from(p.dataSync()))).toEqual(expectedPools);
    resumed.dispose();
    straight.dispose();
  });

  it('resumes and samples a checkpoint of @gankit/cyclegan 0.1, whose pools were networks, with the pools it had', async () => {
    // test/fixtures/pools-as-networks: a 2-step run of the `tiny` config on bars() (seed 11) saved by
    // @gankit/cyclegan 0.1, whose pools were `image-pool` networks of 50 images (poolSize 6).
    const dir = fixture;
    const { checkpoint } = await loadCheckpoint(dir);
    expect(checkpoint.manifest.networks).toContain('poolB');
    const upgraded = poolsOutOfNetworks(checkpoint, dir);
    expect(upgraded.manifest.networks).toEqual(['generator', 'discriminator', 'generatorBA', 'discriminatorA']);
    expect(Object.keys(upgraded.manifest.config.networks)).not.toContain('poolB');
    // The first poolSize images of each old pool: the 2 steps of 4 fakes filled 6 and more.
    const old = new Float32Array(tf.io.CompositeArrayBuffer.join(checkpoint.networks['poolB']!.weightData!)).slice(0, 6 * 64);
    expect(Array.from(old).every((v) => v !== 0)).toBe(true);
    const resumed = await resumeTrainer(dir, bars());
    expect(resumed.step).toBe(2);
    expect(Array.from(resumed.state['poolB']!.dataSync())).toEqual(Array.from(old));
    const tensors = tf.memory().numTensors;
    await resumed.run({ steps: 2 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(resumed.step).toBe(4);
    resumed.dispose();
    const sampler = await Sampler.fromCheckpoint(checkpoint, { where: dir });
    expect(Object.keys(sampler.model.networks)).toEqual(['generator', 'discriminator', 'generatorBA', 'discriminatorA']);
    const a = tf.zeros([2, 8, 8, 1]);
    const b = sampler.generate(2, { inputs: { a } });
    expect(b.shape).toEqual([2, 8, 8, 1]);
    tf.dispose([a, b]);
    sampler.dispose();
  });

  it('refuses an old pool network smaller than poolSize, naming it', async () => {
    const { checkpoint } = await loadCheckpoint(fixture);
    const manifest = structuredClone(checkpoint.manifest);
    (manifest.config as unknown as { poolSize: number }).poolSize = 60;
    expect(() => poolsOutOfNetworks({ ...checkpoint, manifest }, 'old')).toThrow(/old\/poolB.*at least poolSize \(60\)/);
  });
});
