import { BatchStream, Rng, datasets } from '@gankit/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_DIGIT_IMPORTS } from './embedded-import.js';
import { MNIST_EMBEDDED_COUNTS, loadMnistEmbedded } from './embedded.js';
import { readEmbeddedDigit } from './node/embedded-files.js';
import { PIXEL_TO_UNIT } from './pixels.js';
import './register.js';

const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('mnist-embedded', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('loads the 10,000 digits as exact MNIST bytes scaled to [-1, 1]', async () => {
    const source = await loadMnistEmbedded();
    expect(source.spec).toMatchObject({ shape: [28, 28, 1], kind: 'image', size: 10_000, numClasses: 10 });
    const { x, labels } = source.rows(all(10_000));
    const counts = new Array<number>(10).fill(0);
    for (const l of labels!) counts[l]! += 1;
    expect(counts).toEqual(MNIST_EMBEDDED_COUNTS);
    const levels = new Set(PIXEL_TO_UNIT);
    let offLevel = 0;
    let ink = 0;
    for (const v of x) {
      if (!levels.has(v)) offLevel++; // every value must be one of the 256 byte levels
      if (v > 0) ink++;
    }
    expect(offLevel).toBe(0);
    expect(ink / x.length).toBeGreaterThan(0.05); // digits, not blank images
    expect(ink / x.length).toBeLessThan(0.3);
  });

  it('splits deterministically into disjoint, stratified train and test parts', async () => {
    const test = await loadMnistEmbedded({ split: 'test' });
    const again = await datasets.get('mnist-embedded').load({}, { rng: new Rng(9), argument: 'test' });
    expect(test.spec.size).toBe(MNIST_EMBEDDED_COUNTS.reduce((a, n) => a + Math.round(n * 0.2), 0));
    const same = (a: Float32Array, b: Float32Array) => Buffer.from(a.buffer).equals(Buffer.from(b.buffer));
    expect(same(again.rows(all(test.spec.size)).x, test.rows(all(test.spec.size)).x)).toBe(true);
    const testLabels = test.rows(all(test.spec.size)).labels!;
    expect(testLabels.filter((l) => l === 1).length).toBe(Math.round(1127 * 0.2));
    const train = await loadMnistEmbedded({ split: 'train' });
    expect(train.spec.size + test.spec.size).toBe(10_000);
    await expect(loadMnistEmbedded({ split: 'test', testFraction: 0 })).rejects.toThrow(/mnist-embedded split 'test': no examples found/);
  });

  it('reads the same values in Node (fs) as a bundler would (JSON module import)', async () => {
    const viaFs = await readEmbeddedDigit(5);
    const viaImport = (await EMBEDDED_DIGIT_IMPORTS[5]!()).default.data;
    expect(viaFs.length).toBe(863 * 784);
    expect(viaImport.length).toBe(viaFs.length);
    expect(viaImport.slice(0, 5000)).toEqual(viaFs.slice(0, 5000));
  });

  it('feeds BatchStream with seeded batches and no tensor leaks', async () => {
    const source = await loadMnistEmbedded({ split: 'test' });
    const [a, b, c] = [new BatchStream(source, 32, 7), new BatchStream(source, 32, 7), new BatchStream(source, 32, 8)];
    expect(a.nextIndices()).toEqual(b.nextIndices());
    expect(a.nextIndices()).not.toEqual(c.nextIndices());
    const before = tf.memory().numTensors;
    for (let step = 0; step < 5; step++) {
      const batch = a.next();
      expect(batch.x.shape).toEqual([32, 28, 28, 1]);
      expect(batch.labels!.dtype).toBe('int32');
      const [min, max] = [tf.min(batch.x), tf.max(batch.x)];
      expect(min.dataSync()[0]).toBeGreaterThanOrEqual(-1);
      expect(max.dataSync()[0]).toBeLessThanOrEqual(1);
      tf.dispose([batch.x, batch.labels!, min, max]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
