import { DataError, metrics, Rng, type DataSpec, type MetricInput, type SampleSet } from '@gankit/core';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { FeatureNetwork, importConverter, setInceptionNetwork } from './network.js';
import { inceptionInput } from './preprocess.js';
import { standInInception } from './stand-in.test-helpers.js';

async function standIn(): Promise<FeatureNetwork> {
  const files = standInInception();
  const json = JSON.parse(new TextDecoder().decode(files['model.json']));
  const weights = files['group1-shard1of1.bin']!;
  const artifacts = await tf.io.getModelArtifactsForJSON(json, async (m) => [m.flatMap((g) => g.weights), weights.slice().buffer]);
  return new FeatureNetwork(await (await importConverter()).loadGraphModel(tf.io.fromMemory(artifacts)), 'stand-in');
}

/** `n` RGB images h x w: smooth colour blobs at random places (a "dataset"), or uniform noise. */
function images(n: number, h: number, w: number, seed: number, noise = 0): SampleSet {
  const rng = new Rng(seed);
  const x = new Float32Array(n * h * w * 3);
  for (let i = 0; i < n; i++) {
    const [cy, cx, r] = [rng.next() * h, rng.next() * w, 3 + rng.next() * h * 0.3];
    const colour = [rng.next(), rng.next(), rng.next()];
    for (let y = 0; y < h; y++) for (let k = 0; k < w; k++) for (let c = 0; c < 3; c++) {
      const inside = Math.exp(-((y - cy) ** 2 + (k - cx) ** 2) / (2 * r * r));
      const v = -1 + 2 * inside * colour[c]!;
      x[((i * h + y) * w + k) * 3 + c] = noise > 0 ? (1 - noise) * v + noise * (rng.next() * 2 - 1) : v;
    }
  }
  return { x, n };
}

let network: FeatureNetwork;
beforeAll(async () => {
  await tf.setBackend('wasm');
  network = await standIn();
  setInceptionNetwork(network);
});
afterAll(() => {
  setInceptionNetwork(undefined);
  network.dispose();
});

describe('inceptionInput', () => {
  it('resizes bilinearly with half-pixel centres (PyTorch align_corners=False) and maps [-1, 1] to [0, 1]', () => {
    // one 2x2 grey image [[-1, 1], [1, -1]] to 4x4: output pixel centre (i + 0.5) / 2 - 0.5 in input
    // coordinates = -0.25, 0.25, 0.75, 1.25, clamped to [0, 1] -> weights 0, 0.25, 0.75, 1 of the second pixel
    const t = inceptionInput(new Float32Array([-1, 1, 1, -1]), 1, [2, 2, 1], { size: [4, 4] });
    expect(t.shape).toEqual([1, 4, 4, 3]);
    const v = t.arraySync()[0]!;
    t.dispose();
    const w = [0, 0.25, 0.75, 1];
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const a = w[i]!;
        const b = w[j]!;
        const value = (1 - a) * ((1 - b) * -1 + b * 1) + a * ((1 - b) * 1 + b * -1); // bilinear in [-1, 1]
        for (let c = 0; c < 3; c++) expect(v[i]![j]![c]).toBeCloseTo((value + 1) / 2, 6); // grey repeated to RGB, in [0, 1]
      }
    }
  });

  it('keeps RGB channels apart, clips out-of-range values, and leaves images of the right size alone', () => {
    const t = inceptionInput(new Float32Array([1, -1, 0, 2, -3, 0.5]), 2, [1, 1, 3], { size: [1, 1], range: [-1, 1] });
    expect(Array.from(t.dataSync())).toEqual([1, -1, 0, 1, -1, 0.5]);
    t.dispose();
  });
});

describe('Inception metrics (tiny stand-in network in the TF.js graph-model format)', () => {
  const spec = (h: number, w: number): DataSpec => ({ shape: [h, w, 3], kind: 'image', size: 100 });
  const input = (s: DataSpec, generated: SampleSet, reference: SampleSet): MetricInput => ({ spec: s, generated, reference, seed: 1 });

  it('apply to any image data, are chosen by themselves for images that are not MNIST-shaped, and are costly', () => {
    const fid = metrics.get('fid-inception');
    const mnist: DataSpec = { shape: [28, 28, 1], kind: 'image', size: 10 };
    expect(fid.supports(spec(32, 32), { conditional: false })).toBe(true);
    expect(fid.supports({ shape: [64, 48, 1], kind: 'image', size: 1 }, { conditional: false })).toBe(true);
    expect(fid.supports(mnist, { conditional: false })).toBe(true);
    expect(fid.chosenByDefault!(mnist, { conditional: false })).toBe(false);
    expect(fid.chosenByDefault!(spec(32, 32), { conditional: false })).toBe(true);
    expect(fid.supports({ shape: [2], kind: 'points', size: 1 }, { conditional: false })).toBe(false);
    expect(fid.isCostly!(spec(32, 32))).toBe(true);
    expect(metrics.get('precision').isCostly!(spec(32, 32))).toBe(true);
    expect(metrics.get('precision').isCostly!(mnist)).toBe(false);
  });

  for (const [h, w] of [[32, 32], [64, 48]] as const) {
    it(`score ${h}x${w}x3 images: near the floor for the same distribution, FID and KID worse with every level of noise`, async () => {
      const s = spec(h, w);
      const reference = images(40, h, w, 1);
      const same = images(40, h, w, 2);
      const names = ['fid-inception', 'kid-inception', 'precision', 'density', 'coverage'];
      const score = async (g: SampleSet) => Object.fromEntries(await Promise.all(names.map(async (n) => [n, (await metrics.get(n).compute(input(s, g, reference))).value] as const)));
      const before = tf.memory().numTensors;
      const clean = await score(same);
      const half = await score(images(40, h, w, 2, 0.5));
      const noisy = await score(images(40, h, w, 2, 1));
      expect(tf.memory().numTensors).toBe(before); // no tensor left behind by any metric
      expect(clean['fid-inception']).toBeLessThan(half['fid-inception']!);
      expect(half['fid-inception']).toBeLessThan(noisy['fid-inception']!);
      expect(clean['kid-inception']).toBeLessThan(half['kid-inception']!);
      expect(half['kid-inception']).toBeLessThan(noisy['kid-inception']!);
      // Near the floor: a second draw of the data scores a small fraction of what noise scores (FID 0.2 against
      // 11.7 here; KID about 0, its unbiased estimate for one distribution), and covers the data.
      expect(clean['fid-inception']).toBeLessThan(0.05 * noisy['fid-inception']!);
      expect(Math.abs(clean['kid-inception']!)).toBeLessThan(0.05 * noisy['kid-inception']!);
      expect(clean['precision']).toBeGreaterThanOrEqual(0.8);
      expect(clean['coverage']).toBeGreaterThanOrEqual(0.8);
      // A random stand-in's features say little about realism, so precision is not ordered by noise
      // (noisy images land on few features that sit inside the data's balls); coverage is: noise covers less.
      expect(half['coverage']).toBeLessThan(clean['coverage']!);
      expect(noisy['coverage']).toBeLessThan(half['coverage']!);
      const details = (await metrics.get('fid-inception').compute(input(s, same, reference))).details!;
      expect(details).toMatchObject({ generated: 40, reference: 40, dimensions: 16, space: 'Inception-v3 pool features' });
      expect((await metrics.get('recall').compute(input(s, same, reference))).details!['space']).toBe('Inception-v3 pool features');
    });
  }

  it('refuses sample sets that do not match the spec, naming the metric', async () => {
    const s = spec(32, 32);
    await expect(metrics.get('fid-inception').compute(input(s, { x: new Float32Array(10), n: 2 }, images(4, 32, 32, 1)))).rejects.toThrow(DataError);
    await expect(metrics.get('kid-inception').compute(input(s, { x: new Float32Array(10), n: 2 }, images(4, 32, 32, 1)))).rejects.toThrow(
      "Metric 'kid-inception': generated samples: 2 examples of shape [32, 32, 3] need 6144 values, got 10",
    );
  });
});
