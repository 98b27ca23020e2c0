import { ConfigError } from '@gankit/core';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumError, DownloadError, IdxFormatError } from '../errors.js';
import { gzip, idxImages, idxLabels, put, tempDir } from '../fixtures.test-helpers.js';
import { MNIST_FILES } from '../mnist.js';
import { loadMnist, loadMnistIdx } from './mnist-files.js';

let dir: string;
let cleanup: () => Promise<void>;
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

describe('loadMnistIdx', () => {
  it('reads gzip and raw files alike (told apart by content)', async () => {
    const images = join(dir, 'imgs.gz');
    const labels = join(dir, 'labels-raw');
    await put(images, gzip(idxImages(3, 2, 2, (i) => i * 100)));
    await put(labels, idxLabels([4, 5, 6]));
    const source = await loadMnistIdx({ images, labels });
    expect(source.spec).toMatchObject({ shape: [2, 2, 1], size: 3, numClasses: 10 });
    expect(source.spec.meta).toEqual({ files: [images, labels] });
    const rows = source.rows([2]);
    expect(rows.x[0]).toBeCloseTo(200 / 127.5 - 1, 6);
    expect(rows.labels![0]).toBe(6);
  });

  it('names the file when it is missing, truncated gzip, or mismatched with its labels', async () => {
    const missing = await rejection(loadMnistIdx({ images: join(dir, 'nope'), labels: join(dir, 'nope2') }));
    expect(IdxFormatError.isInstance(missing)).toBe(true);
    expect(String(missing)).toContain(`${join(dir, 'nope')}: cannot be read (ENOENT)`);

    const cut = gzip(idxImages(5));
    await put(join(dir, 'cut.gz'), cut.subarray(0, cut.length - 8));
    await put(join(dir, 'labels'), idxLabels([1, 2, 3, 4, 5]));
    const truncated = await rejection(loadMnistIdx({ images: join(dir, 'cut.gz'), labels: join(dir, 'labels') }));
    expect(IdxFormatError.isInstance(truncated)).toBe(true);
    expect(String(truncated)).toMatch(/cut\.gz: corrupt gzip data \(unexpected end of file\)/);

    await put(join(dir, 'five.gz'), gzip(idxImages(5)));
    await put(join(dir, 'four'), idxLabels([1, 2, 3, 4]));
    await expect(loadMnistIdx({ images: join(dir, 'five.gz'), labels: join(dir, 'four') })).rejects.toThrow(
      `${join(dir, 'four')}: 4 labels but ${join(dir, 'five.gz')} has 5 images (expected one label per image)`,
    );
  });
});

describe('loadMnist from the cache folder', () => {
  it('uses uncompressed files placed in <cacheDir>/mnist, joining train and test for split all', async () => {
    await put(join(dir, 'mnist', 'train-images-idx3-ubyte'), idxImages(3, 28, 28));
    await put(join(dir, 'mnist', 'train-labels-idx1-ubyte'), idxLabels([0, 1, 2]));
    await put(join(dir, 'mnist', 't10k-images-idx3-ubyte'), idxImages(2, 28, 28));
    await put(join(dir, 'mnist', 't10k-labels-idx1-ubyte'), idxLabels([8, 9]));
    const test = await loadMnist('mnist', { cacheDir: dir, split: 'test', download: false });
    expect(test.spec).toMatchObject({ shape: [28, 28, 1], size: 2 });
    expect(test.spec.meta).toMatchObject({ source: 'MNIST', split: 'test' });
    const all = await loadMnist('mnist', { cacheDir: dir, split: 'all', download: false });
    expect(Array.from(all.rows([0, 1, 2, 3, 4]).labels!)).toEqual([0, 1, 2, 8, 9]);
  });

  it('with downloads off, says exactly which files to put where', async () => {
    const error = await rejection(loadMnist('fashion-mnist', { cacheDir: dir, download: false }));
    expect(DownloadError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain(`train-images-idx3-ubyte.gz is not in ${join(dir, 'fashion-mnist')} and downloads are turned off`);
    expect(message).toContain(`put these files in ${join(dir, 'fashion-mnist')}:`);
    expect(message).toMatch(/train-images-idx3-ubyte\.gz\s+26421880 bytes, SHA-256 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84/);
    expect(message).toMatch(/train-labels-idx1-ubyte\.gz\s+29515 bytes, SHA-256 a04f1713/);
    expect(message).not.toContain('t10k'); // only the files the split needs
  });

  it('refuses a cached .gz file whose digest is not the published one, and leaves it in place', async () => {
    const path = join(dir, 'mnist', MNIST_FILES.test.images.file);
    const bytes = gzip(idxImages(1));
    await put(path, bytes);
    const error = await rejection(loadMnist('mnist', { cacheDir: dir, split: 'test', download: false }));
    expect(ChecksumError.isInstance(error)).toBe(true);
    expect((error as ChecksumError).file).toBe(path);
    expect((error as Error).message).toMatch(/expected 8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6\. This is not the published MNIST file/);
    expect(await readFile(path)).toEqual(Buffer.from(bytes));
  });

  it('reports every bad option at once', async () => {
    const error = await rejection(loadMnist('mnist', { split: 'valid' as never, mirror: 'ftp://x', timeoutMs: -1 }));
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).issues.map((i) => i.path)).toEqual(['split', 'mirror', 'timeoutMs']);
    expect(await readdir(dir)).toEqual([]);
  });
});
