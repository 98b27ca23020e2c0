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

/** Draws image `i` of `x` (8x8 images, dark ground): a bright horizontal bar `width` rows thick from `row`. */
function drawBar(x: Float32Array, i: number, row: number, width: number): void {
  for (let k = 0; k < width; k++) for (let j = 0; j < 8; j++) x[i * 64 + (row + k) * 8 + j] = 1;
}

/** 8x8 domains: A thin bars (1 px), B thick bars (2 px), from different draws. */
function bars(n = 48, seed = 1): UnpairedDataSource {
  const rng = new Rng(seed);
  const make = (width: number) => {
    const x = new Float32Array(n * 64).fill(-1);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rng.int(7);
      labels[i] = r % 2;
      drawBar(x, i, r, width);
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

/** Rows of domain A's thin bars in the learning test: away from the edges (the test says why). */
const INNER_ROWS = [1, 2, 3, 4, 5, 6];

/** `n` bars `width` px thick, each from a row drawn from `rows`, labelled by that row. */
function barsAt(n: number, width: number, rows: number[], rng: Rng): ArrayDataSource {
  const x = new Float32Array(n * 64).fill(-1);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rows[rng.int(rows.length)]!;
    drawBar(x, i, labels[i]!, width);
  }
  return new ArrayDataSource({ shape: [8, 8, 1], kind: 'image', numClasses: 8 }, { x, labels }, `bars ${width} px`);
}

/** Unpaired domains: A thin bars in rows 1-6, B thick bars (2 px) from any row 0-6, from other draws. */
function thinToThick(n: number, seed: number): UnpairedDataSource {
  const rng = new Rng(seed);
  return new UnpairedDataSource(barsAt(n, 1, INNER_ROWS, rng), barsAt(n, 2, [0, 1, 2, 3, 4, 5, 6], rng), 'thin to thick bars');
}

/** Every bar image of either domain: the thin bars of rows 0-7 and the thick ones from rows 0-6. */
const allBars = [
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((row) => ({ row, width: 1 })),
  ...[0, 1, 2, 3, 4, 5, 6].map((row) => ({ row, width: 2 })),
].map(({ row, width }) => {
  const x = new Float32Array(64).fill(-1);
  drawBar(x, 0, row, width);
  return { row, width, x };
});

/**
 * How G translates held-out thin bars (`held`, labelled by row): `likeB`, the mean squared distance per pixel
 * from each output to the nearest thick bar of any row (domain B's look); `sameRow`, the share of outputs whose
 * nearest bar image of either domain is a thick bar covering the input's row (B's look and the bar's place).
 */
function thickBarScores(t: Trainer, held: ArrayDataSource): { likeB: number; sameRow: number } {
  const n = held.spec.size;
  const { x, labels } = held.rows(Uint32Array.from({ length: n }, (_, i) => i));
  const sampler = Sampler.fromTrainer(t);
  const a = tf.tensor4d(x, [n, 8, 8, 1]);
  const out = sampler.generate(n, { inputs: { a } });
  const pixels = out.dataSync();
  tf.dispose([a, out]);
  sampler.dispose();
  const squared = (i: number, bar: Float32Array) => bar.reduce((sum, v, p) => sum + (pixels[i * 64 + p]! - v) ** 2, 0) / 64;
  let likeB = 0;
  let sameRow = 0;
  for (let i = 0; i < n; i++) {
    const row = labels![i]!;
    const nearest = allBars.reduce((best, b) => (squared(i, b.x) < squared(i, best.x) ? b : best));
    if (nearest.width === 2 && (nearest.row === row || nearest.row === row - 1)) sameRow += 1;
    likeB += Math.min(...allBars.filter((b) => b.width === 2).map((b) => squared(i, b.x)));
  }
  return { likeB: likeB / n, sameRow: sameRow / n };
}

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
    const cycle: number[] = [];
    t.on('step', (s) => void cycle.push(s.extra['g.cycle']!));
    await t.run({ steps: 10 });
    const before = tf.memory().numTensors;
    const last = await t.run({ steps: 30 });
    expect(tf.memory().numTensors).toBe(before);
    // Windows of 10 steps (batches of 4), not single steps. Measured over seeds 1-5: 1.49-1.59 in steps 1-10,
    // 0.80-0.81 in steps 31-40; with G's learning rate at 1e-9, 1.94-2.09 in both.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(cycle.slice(-10))).toBeLessThan(0.75 * mean(cycle.slice(0, 10)));
    for (const k of ['d.a', 'g.adversarial', 'g.identity']) expect(Number.isFinite(last!.extra[k])).toBe(true);
    // The pools filled up with fakes (no zero images left).
    const pool = t.state['poolB']!;
    expect(pool.shape).toEqual([6, 8, 8, 1]); // sized from poolSize, set once in the config
    expect(tf.max(tf.sum(tf.abs(pool), [1, 2, 3])).dataSync()[0]).toBeGreaterThan(0);
    expect(tf.min(tf.sum(tf.abs(pool), [1, 2, 3])).dataSync()[0]).toBeGreaterThan(0);
    t.dispose();
  });

  it('translates held-out thin bars into thick bars over the same row (distance to a thick bar from > 0.5 to < 0.1, nearest bar right >= 0.9)', async () => {
    // G: A -> B judged on 32 other draws of A. Measured, distance to a thick bar / nearest bar right, untrained ->
    // 100 steps: seeds 1-8 0.79-1.10 / 0.00-0.91 -> 0.000 / 1.00 (already by step 50); seed 1 0.89 / 0.00, seed 2
    // 0.79 / 0.53. For scale: copying the input scores 0.5, the best constant image 0.75. With the adversarial
    // term off (weight 0), seeds 1-2 end at 0.42-0.44 / 0.00: the identity loss keeps the bars thin.
    // What made it stable: no downsampling and the identity loss at 2 (of λ, not the paper's 0.5). Unpaired, any
    // bijection of rows is a cycle; at 0.5, seed 3 settled on shifting bars up 2 rows (0.107 / 0.00 for 300
    // steps). With one downsampling, the identity loss on B alone teaches thick bars (adversarial term off: still
    // 1.00), and with the default two (8x8 squeezed to 2x2) seeds 1-4 were at 0.00-0.56 after 150 steps. A's bars
    // keep off the edges: with row 0 in A, G could thicken bars upwards and leave row 0 thin (a seed stuck at 0.84).
    // The untrained nearest-bar share is a coin toss between ties (up to 0.91, seed 8): the distance is what
    // the untrained model fails.
    const config = {
      batchSize: 8,
      poolSize: 8,
      identityWeight: 2,
      networks: {
        generator: { options: { filters: 8, blocks: 1, downsamplings: 0 } },
        generatorBA: { options: { filters: 8, blocks: 1, downsamplings: 0 } },
        discriminator: { options: { filters: 8 } },
        discriminatorA: { options: { filters: 8 } },
      },
      optimizers: { generator: { learningRate: 2e-3 }, discriminator: { learningRate: 2e-3 } },
    };
    const held = barsAt(32, 1, INNER_ROWS, new Rng(77));
    for (const seed of [1, 2]) {
      const t = Trainer.create({ variant: cyclegan, data: thinToThick(64, seed), seed, config });
      const untrained = thickBarScores(t, held);
      expect(untrained.likeB).toBeGreaterThan(0.5); // copying the input scores 0.5
      await t.run({ steps: 100 });
      const trained = thickBarScores(t, held);
      expect(trained.likeB).toBeLessThan(0.1);
      expect(trained.sameRow).toBeGreaterThanOrEqual(0.9);
      t.dispose();
    }
  }, 600_000);

  it('refuses regularizers, which its step does not apply, naming them', () => {
    expect(() => Trainer.create({ variant: cyclegan, data: bars(), seed: 1, config: { ...tiny, regularizers: [{ name: 'r1', weight: 1 }] } })).toThrow(
      /regularizers: expected \[\] \(the CycleGAN step applies no penalties or constraints\), found \["r1"\]/,
    );
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
