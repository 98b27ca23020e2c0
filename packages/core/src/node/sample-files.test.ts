import * as tf from '@tensorflow/tfjs-core';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pngjs from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { pointData, registerFixtures, useBackend } from '../test-support/fixtures.js';
import { Trainer } from '../trainer.js';
import { saveCheckpoint } from './checkpoint-series.js';
import { loadSampler, writeSampleGrid, writeSamplePlot } from './sample-files.js';

let root: string;
beforeAll(async () => {
  await useBackend();
  registerFixtures();
  root = await mkdtemp(join(tmpdir(), 'gankit-samples-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function decode(path: string): Promise<pngjs.PNG> {
  return pngjs.PNG.sync.read(await readFile(path));
}
function pixel(png: pngjs.PNG, x: number, y: number): number[] {
  const o = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(o, o + 4));
}

describe('writeSampleGrid', () => {
  it('writes a grayscale grid that decodes to the expected size and pixel values', async () => {
    // 5 images of 3x2 pixels: image i is filled with value -1 + i/2 (-1, -0.5, 0, 0.5, 1), except pixel (0,0) of image 0 = 1
    const n = 5, h = 3, w = 2;
    const values = new Float32Array(n * h * w);
    for (let i = 0; i < n; i++) values.fill(-1 + i / 2, i * h * w, (i + 1) * h * w);
    values[0] = 1;
    const images = tf.tensor4d(values, [n, h, w, 1]);
    const path = join(root, 'grid.png');
    await writeSampleGrid(images, path, { columns: 3, padding: 1 });
    images.dispose();
    const png = await decode(path);
    expect([png.width, png.height]).toEqual([3 * w + 4 * 1, 2 * h + 3 * 1]);
    expect(pixel(png, 0, 0)).toEqual([0, 0, 0, 255]); // padding
    expect(pixel(png, 1, 1)).toEqual([255, 255, 255, 255]); // image 0, pixel (0,0) = 1
    expect(pixel(png, 2, 1)).toEqual([0, 0, 0, 255]); // image 0, pixel (0,1) = -1
    const expected = [0, 64, 128, 191, 255]; // round((v + 1) / 2 * 255)
    for (let i = 1; i < n; i++) {
      const x = 1 + (i % 3) * (w + 1) + 1;
      const y = 1 + Math.floor(i / 3) * (h + 1) + 2;
      expect(pixel(png, x, y)).toEqual([expected[i], expected[i], expected[i], 255]);
    }
    expect(pixel(png, png.width - 2, png.height - 2)).toEqual([0, 0, 0, 255]); // empty 6th cell
    expect((await readdir(root)).filter((f) => f.startsWith('.'))).toEqual([]); // no temporary file left
  });

  it('keeps colour channels apart and clamps values outside [-1, 1]', async () => {
    const images = tf.tensor4d([1, -1, 0, 3, -3, -1], [2, 1, 1, 3]);
    const path = join(root, 'rgb.png');
    await writeSampleGrid(images, path, { columns: 2, padding: 0 });
    images.dispose();
    const png = await decode(path);
    expect([png.width, png.height]).toEqual([2, 1]);
    expect(pixel(png, 0, 0)).toEqual([255, 0, 128, 255]);
    expect(pixel(png, 1, 0)).toEqual([255, 0, 0, 255]);
  });

  it('refuses points with a clear error, and draws them as a scatter plot instead', async () => {
    const points = tf.tensor2d([[0.5, 0.5], [-1, -1]]);
    const err = await writeSampleGrid(points, join(root, 'nope.png')).catch((e: unknown) => e);
    expect(DataError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/needs image samples \[n, height, width, channels\].*got shape \[2, 2\].*writeSamplePlot/);
    const path = join(root, 'scatter.png');
    await writeSamplePlot(points, path, { kind: 'points', size: 101, labels: [1, 0] });
    points.dispose();
    const png = await decode(path);
    expect([png.width, png.height]).toEqual([101, 101]);
    expect(pixel(png, 75, 25)).toEqual([255, 127, 14, 255]); // (0.5, 0.5) in class 1's colour
    expect(pixel(png, 10, 10)).toEqual([255, 255, 255, 255]); // background
    const series = tf.tensor2d([[-1, 0, 1]]);
    await writeSamplePlot(series, join(root, 'lines.png'), { kind: 'series', size: 32 });
    series.dispose();
    expect((await decode(join(root, 'lines.png'))).width).toBe(32);
  });
});

describe('loadSampler', () => {
  it('samples from a checkpoint on disk like the trainer that saved it', async () => {
    const t = Trainer.create({ variant: 'test-gan', data: pointData(), seed: 8 });
    await t.run({ steps: 2 });
    const dir = join(root, 'ckpt');
    await saveCheckpoint(t, dir);
    const sampler = await loadSampler(dir);
    expect(sampler.variant).toBe('test-gan');
    expect(sampler.spec).toMatchObject({ shape: [2], kind: 'points' });
    const a = t.sample(4, { seed: 3 });
    const b = sampler.generate(4, { seed: 3 });
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b]);
    sampler.dispose();
    t.dispose();
  });
});
