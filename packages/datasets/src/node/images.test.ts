import { ConfigError, Rng, datasets } from '@gankit/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmptyDatasetError, ImageFileError } from '../errors.js';
import { jpeg, png, put, tempDir } from '../fixtures.test-helpers.js';
import '../register.js';
import { loadImageFolder } from './images.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => cleanup());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const grey = (v: number) => (): [number, number, number, number] => [v, v, v, 255];
const scaled = (v: number) => Math.fround(v / 127.5 - 1);
const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

describe('loadImageFolder', () => {
  it('reads a flat folder of PNGs, unlabelled, in sorted file order', async () => {
    await put(join(dir, 'b.png'), png(3, 2, grey(255)));
    await put(join(dir, 'a.PNG'), png(3, 2, grey(0)));
    await put(join(dir, 'notes.txt'), 'not an image');
    const source = await loadImageFolder(dir, { channels: 1 });
    expect(source.spec).toMatchObject({ shape: [2, 3, 1], kind: 'image', size: 2 });
    expect(source.spec.numClasses).toBeUndefined();
    const rows = source.rows([0, 1]);
    expect(rows.labels).toBeUndefined();
    expect(Array.from(rows.x)).toEqual([...Array(6).fill(-1), ...Array(6).fill(1)]);
  });

  it('follows symbolic links to images and class folders, and names a broken link', async () => {
    const elsewhere = join(dir, '..', `${dir.split('/').pop()}-elsewhere`);
    await put(join(elsewhere, 'cat', 'c.png'), png(2, 2, grey(0)));
    await put(join(elsewhere, 'd.png'), png(2, 2, grey(255)));
    await put(join(dir, 'dog', 'a.png'), png(2, 2, grey(255)));
    await symlink(join(elsewhere, 'cat'), join(dir, 'cat'));
    await symlink(join(elsewhere, 'd.png'), join(dir, 'dog', 'b.png'));
    try {
      const source = await loadImageFolder(dir, { channels: 1 });
      expect(source.spec).toMatchObject({ size: 3, numClasses: 2, classNames: ['cat', 'dog'] });
      await symlink(join(elsewhere, 'missing.png'), join(dir, 'dog', 'z.png'));
      const error = await rejection(loadImageFolder(dir, { channels: 1 }));
      expect(ImageFileError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/z\.png: is a symbolic link to nothing readable \(ENOENT\)/);
    } finally {
      await rm(elsewhere, { recursive: true, force: true });
    }
  });

  it('labels class sub-folders by sorted name, mixing PNG and JPEG', async () => {
    await put(join(dir, 'dogs', 'd1.jpg'), jpeg(4, 4, () => [200, 200, 200]));
    await put(join(dir, 'cats', 'c1.png'), png(4, 4, grey(10)));
    await put(join(dir, 'cats', 'nested', 'c2.jpeg'), jpeg(4, 4, () => [20, 20, 20]));
    const source = await loadImageFolder(dir, { channels: 1 });
    expect(source.spec).toMatchObject({ numClasses: 2, classNames: ['cats', 'dogs'], size: 3 });
    const rows = source.rows(all(3));
    expect(Array.from(rows.labels!)).toEqual([0, 0, 1]);
    expect(rows.x[0]).toBeCloseTo(scaled(10), 6);
    expect(rows.x[16]).toBeCloseTo(scaled(20), 1); // JPEG is lossy even at quality 100
    expect(rows.x[32]).toBeCloseTo(scaled(200), 1);
  });

  it('converts colour to grey by luminance, grey to RGB by repetition, and composites alpha over the background', async () => {
    await put(join(dir, 'red.png'), png(1, 1, () => [255, 0, 0, 255]));
    await put(join(dir, 'see-through.png'), png(1, 1, () => [0, 0, 0, 0]));
    const g = await loadImageFolder(dir, { channels: 1 });
    expect(g.rows([0]).x[0]).toBeCloseTo((0.299 * 255) / 127.5 - 1, 5);
    expect(g.rows([1]).x[0]).toBe(1); // transparent over white
    const black = await loadImageFolder(dir, { channels: 1, background: 0 });
    expect(black.rows([1]).x[0]).toBe(-1);
    const rgb = await loadImageFolder(dir, { channels: 3 });
    expect(rgb.spec.shape).toEqual([1, 1, 3]);
    expect(Array.from(rgb.rows([0]).x)).toEqual([1, -1, -1]);
  });

  it('resizes to the requested size without leaking tensors', async () => {
    await put(join(dir, 'big.png'), png(16, 8, (x) => (x < 8 ? [0, 0, 0, 255] : [255, 255, 255, 255])));
    await put(join(dir, 'small.png'), png(2, 2, grey(128)));
    const before = tf.memory().numTensors;
    const source = await loadImageFolder(dir, { size: [4, 6], channels: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(source.spec.shape).toEqual([4, 6, 1]);
    const big = source.rows([0]).x;
    expect(big[0]).toBe(-1); // left half black
    expect(big[5]).toBe(1); // right half white
    for (const v of big) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    for (const v of source.rows([1]).x) expect(v).toBeCloseTo(scaled(128), 5);
  });

  it('without size, names an image whose size differs from the first', async () => {
    await put(join(dir, 'a.png'), png(4, 4, grey(0)));
    await put(join(dir, 'b.png'), png(5, 4, grey(0)));
    const error = await rejection(loadImageFolder(dir));
    expect(ImageFileError.isInstance(error)).toBe(true);
    expect((error as ImageFileError).file).toBe(join(dir, 'b.png'));
    expect((error as Error).message).toContain('is 4×5 (height×width), but a.png is 4×4; all images must have the same size, or pass size');
  });

  it('names files that are not images or are cut short', async () => {
    await put(join(dir, 'fake.png'), 'GIF89a...');
    const notImage = await rejection(loadImageFolder(dir));
    expect(ImageFileError.isInstance(notImage)).toBe(true);
    expect((notImage as Error).message).toBe(`${join(dir, 'fake.png')}: is neither PNG nor JPEG (it starts with bytes 47 49 46 38)`);

    const { dir: d2, cleanup: c2 } = await tempDir();
    try {
      const cutPng = png(8, 8, grey(3));
      await put(join(d2, 'cut.png'), cutPng.subarray(0, cutPng.length - 20));
      await expect(loadImageFolder(d2)).rejects.toThrow(/cut\.png: is not a readable PNG/);
      const cutJpeg = jpeg(16, 16, (x, y) => [x * 16, y * 16, 0]);
      await put(join(d2, 'cut.png'), png(16, 16, grey(1)));
      await put(join(d2, 'z.jpg'), cutJpeg.subarray(0, Math.floor(cutJpeg.length / 2)));
      const error = await rejection(loadImageFolder(d2));
      expect(ImageFileError.isInstance(error)).toBe(true);
      expect((error as ImageFileError).file).toBe(join(d2, 'z.jpg'));
      expect((error as Error).message).toMatch(/is not a readable JPEG/);
    } finally {
      await c2();
    }
  });

  it('reports empty folders, empty class folders, missing folders and mixed layouts', async () => {
    const empty = await rejection(loadImageFolder(dir));
    expect(EmptyDatasetError.isInstance(empty)).toBe(true);
    expect((empty as Error).message).toBe(`${dir}: no examples found (expected PNG or JPEG files (*.png, *.jpg, *.jpeg), or class sub-folders holding them)`);

    await put(join(dir, 'cats', 'a.png'), png(2, 2, grey(0)));
    await put(join(dir, 'dogs', 'readme.txt'), 'no images here');
    const emptyClass = await rejection(loadImageFolder(dir));
    expect(EmptyDatasetError.isInstance(emptyClass)).toBe(true);
    expect((emptyClass as EmptyDatasetError).where).toBe(join(dir, 'dogs'));

    await put(join(dir, 'dogs', 'b.png'), png(2, 2, grey(0)));
    await put(join(dir, 'loose.png'), png(2, 2, grey(0)));
    await expect(loadImageFolder(dir)).rejects.toThrow(/mixes loose images \(loose\.png\) with class sub-folders \(cats, dogs\)/);

    const missing = await rejection(loadImageFolder(join(dir, 'nowhere')));
    expect(ImageFileError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toContain('cannot be read as a folder (ENOENT)');

    const bad = await rejection(loadImageFolder(dir, { channels: 2 as never, size: 0 }));
    expect(ConfigError.isInstance(bad)).toBe(true);
    expect((bad as ConfigError).issues.map((i) => i.path)).toEqual(['size', 'channels']);
  });

  it('splits deterministically by class, and loads as images:<dir> from the registry', async () => {
    for (let i = 0; i < 10; i++) {
      await put(join(dir, 'a', `${i}.png`), png(2, 2, grey(i)));
      await put(join(dir, 'b', `${i}.png`), png(2, 2, grey(100 + i)));
    }
    const { name, argument } = datasets.parse(`images:${dir}`);
    expect(name).toBe('images');
    const dataset = datasets.get('images');
    const train = await dataset.load({ split: 'train', channels: 1 }, { rng: new Rng(0), argument: argument! });
    const test = await dataset.load({ split: 'test', channels: 1 }, { rng: new Rng(0), argument: argument! });
    const again = await loadImageFolder(dir, { split: 'test', channels: 1 });
    expect([train.spec.size, test.spec.size]).toEqual([16, 4]);
    expect(Array.from(test.rows(all(4)).labels!)).toEqual([0, 0, 1, 1]);
    expect(again.rows(all(4)).x).toEqual(test.rows(all(4)).x);
    const seen = new Set([...train.rows(all(16)).x, ...test.rows(all(4)).x].map((v) => Math.round((v + 1) * 127.5)));
    expect(seen.size).toBe(20); // every image in exactly one part
    await expect(dataset.load({}, { rng: new Rng(0) })).rejects.toThrow(/dir: expected a folder, as in 'images:\.\/photos'/);
  });
});
