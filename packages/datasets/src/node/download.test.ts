import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChecksumError, DownloadError } from '../errors.js';
import { deadUrl, gzip, idxImages, idxLabels, serve, tempDir } from '../fixtures.test-helpers.js';
import type { IdxDatasetFiles } from '../mnist.js';
import { ensureFiles } from './download.js';
import { sha256 } from './files.js';
import { loadMnist } from './mnist-files.js';

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

/** Everything under `root`, recursively, as relative paths (temporary files included). */
async function listAll(root: string): Promise<string[]> {
  try {
    return (await readdir(root, { recursive: true })).map(String).sort();
  } catch {
    return [];
  }
}

const images = gzip(idxImages(2, 28, 28));
const labels = gzip(idxLabels([3, 4]));

function tinyDataset(mirrors: string[]): IdxDatasetFiles {
  const pair = {
    images: { file: 'train-images-idx3-ubyte.gz', bytes: images.length, sha256: sha256(images) },
    labels: { file: 'train-labels-idx1-ubyte.gz', bytes: labels.length, sha256: sha256(labels) },
  };
  return { id: 'tiny', title: 'Tiny', mirrors, train: pair, test: pair, classNames: ['a', 'b', 'c', 'd', 'e'] };
}

describe('downloads over HTTP (a local server on 127.0.0.1)', () => {
  it('downloads, checks the digest, writes into <cacheDir>/<id>, and uses the cache afterwards', async () => {
    const server = await serve({ '/d/train-images-idx3-ubyte.gz': images, '/d/train-labels-idx1-ubyte.gz': labels });
    try {
      const dataset = tinyDataset([`${server.url}missing/`, `${server.url}d`]); // first mirror 404s, second works
      const paths = await ensureFiles(dataset, [dataset.train.images, dataset.train.labels], { cacheDir: dir });
      expect(paths).toEqual([join(dir, 'tiny', 'train-images-idx3-ubyte.gz'), join(dir, 'tiny', 'train-labels-idx1-ubyte.gz')]);
      expect(new Uint8Array(await readFile(paths[0]!))).toEqual(images);
      expect(await listAll(dir)).toEqual(['tiny', 'tiny/train-images-idx3-ubyte.gz', 'tiny/train-labels-idx1-ubyte.gz']);
      expect(server.requests).toEqual([
        '/missing/train-images-idx3-ubyte.gz',
        '/d/train-images-idx3-ubyte.gz',
        '/missing/train-labels-idx1-ubyte.gz',
        '/d/train-labels-idx1-ubyte.gz',
      ]);
      await ensureFiles(dataset, [dataset.train.images, dataset.train.labels], { cacheDir: dir });
      expect(server.requests).toHaveLength(4); // served from the cache
      const source = await loadMnist(dataset, { cacheDir: dir, mirror: server.url });
      expect(source.spec.classNames).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(Array.from(source.rows([0, 1]).labels!)).toEqual([3, 4]);
    } finally {
      await server.close();
    }
  });

  it('rejects a download whose SHA-256 is not the published one and leaves no file in the cache', async () => {
    // A mirror serving files that are not the published MNIST files.
    const server = await serve({ '/mnist/train-images-idx3-ubyte.gz': images, '/mnist/train-labels-idx1-ubyte.gz': labels });
    try {
      const error = await rejection(loadMnist('mnist', { cacheDir: dir, mirror: `${server.url}mnist/` }));
      expect(ChecksumError.isInstance(error)).toBe(true);
      const e = error as ChecksumError;
      expect(e.file).toBe(`${server.url}mnist/train-images-idx3-ubyte.gz`);
      expect(e.expected).toBe('440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609');
      expect(e.found).toBe(sha256(images));
      expect(e.message).toContain(`nothing was written to ${join(dir, 'mnist')}`);
      expect(await listAll(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('reports an unreachable mirror with the offline instructions, writing nothing', async () => {
    const url = await deadUrl();
    const error = await rejection(loadMnist('mnist', { cacheDir: dir, split: 'test', mirror: url, timeoutMs: 10_000 }));
    expect(DownloadError.isInstance(error)).toBe(true);
    const e = error as DownloadError;
    expect(e.file).toBe('t10k-images-idx3-ubyte.gz');
    expect(e.directory).toBe(join(dir, 'mnist'));
    expect(e.attempts).toEqual([{ url: `${url}t10k-images-idx3-ubyte.gz`, problem: expect.stringMatching(/ECONNREFUSED/) }]);
    expect(e.message).toContain(`To use MNIST without network access, put these files in ${join(dir, 'mnist')}:`);
    expect(e.message).toMatch(/t10k-images-idx3-ubyte\.gz\s+1648877 bytes, SHA-256 8d422c7b/);
    expect(e.message).toMatch(/t10k-labels-idx1-ubyte\.gz\s+4542 bytes, SHA-256 f7ae60f9/);
    expect(await listAll(dir)).toEqual([]);
  });

  it('reports HTTP errors from every mirror', async () => {
    const server = await serve({});
    try {
      const error = await rejection(loadMnist('fashion-mnist', { cacheDir: dir, split: 'test', mirror: [`${server.url}a`, `${server.url}b`] }));
      expect(DownloadError.isInstance(error)).toBe(true);
      expect((error as DownloadError).attempts.map((a) => a.problem)).toEqual(['HTTP 404 Not Found', 'HTTP 404 Not Found']);
      expect(await listAll(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
