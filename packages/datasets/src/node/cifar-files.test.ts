import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CIFAR10_FILES, type CifarDatasetFiles } from '../cifar.js';
import { ArchiveFormatError, ChecksumError, CifarFormatError, DownloadError } from '../errors.js';
import { cifarBatch, deadUrl, gzip, put, serve, tempDir } from '../fixtures.test-helpers.js';
import { encodeTar } from '../tar.js';
import { loadCifar10 } from './cifar-files.js';
import { sha256 } from './files.js';

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

async function listAll(root: string): Promise<string[]> {
  try {
    return (await readdir(root, { recursive: true })).map(String).sort();
  } catch {
    return [];
  }
}

// A tiny archive in the published layout: five training batches of 2 records and a test batch of 3.
const batches = Object.fromEntries([
  ...CIFAR10_FILES.train.map((name, b) => [name, cifarBatch([b, b + 1], (i, c) => 10 * b + i + c)] as const),
  ['test_batch.bin', cifarBatch([9, 8, 7])] as const,
]);
const archive = gzip(
  encodeTar([
    { name: 'cifar-10-batches-bin/batches.meta.txt', data: new TextEncoder().encode(CIFAR10_FILES.classNames.join('\n')) },
    ...Object.entries(batches).map(([name, data]) => ({ name: `cifar-10-batches-bin/${name}`, data })),
  ]),
);

function tinyCifar(mirrors: string[]): CifarDatasetFiles {
  return { ...CIFAR10_FILES, id: 'tiny-cifar', title: 'Tiny CIFAR', mirrors, archive: { file: 'cifar-10-binary.tar.gz', bytes: archive.length, sha256: sha256(archive) } };
}

describe('loadCifar10', () => {
  it('downloads the archive over HTTP (127.0.0.1), checks its SHA-256, extracts the batches, and uses the cache afterwards', async () => {
    const server = await serve({ '/c/cifar-10-binary.tar.gz': archive });
    try {
      const dataset = tinyCifar([`${server.url}missing/`, `${server.url}c/`]);
      const test = await loadCifar10(dataset, { cacheDir: dir, split: 'test' });
      expect(test.spec).toMatchObject({ shape: [32, 32, 3], size: 3, numClasses: 10, meta: { source: 'Tiny CIFAR', split: 'test' } });
      expect(Array.from(test.rows([0, 1, 2]).labels!)).toEqual([9, 8, 7]);
      expect(server.requests).toEqual(['/missing/cifar-10-binary.tar.gz', '/c/cifar-10-binary.tar.gz']);
      expect(await listAll(dir)).toEqual(['tiny-cifar', 'tiny-cifar/cifar-10-batches-bin', 'tiny-cifar/cifar-10-batches-bin/test_batch.bin', 'tiny-cifar/cifar-10-binary.tar.gz']);
      // the training split comes from the cached archive, without another request
      const all = await loadCifar10(dataset, { cacheDir: dir, split: 'all' });
      expect(all.spec.size).toBe(13);
      expect(Array.from(all.rows([0, 1, 2, 10]).labels!)).toEqual([0, 1, 1, 9]);
      expect(server.requests).toHaveLength(2);
      expect(new Uint8Array(await readFile(join(dir, 'tiny-cifar', 'cifar-10-batches-bin', 'data_batch_5.bin')))).toEqual(batches['data_batch_5.bin']);
    } finally {
      await server.close();
    }
  });

  it('reads batch files placed by hand (in the folder or its cifar-10-batches-bin), with no archive and no network', async () => {
    await put(join(dir, 'cifar10', 'test_batch.bin'), batches['test_batch.bin']!);
    const test = await loadCifar10(CIFAR10_FILES, { cacheDir: dir, split: 'test', download: false });
    expect(test.spec.size).toBe(3);
    for (const name of CIFAR10_FILES.train) await put(join(dir, 'cifar10', 'cifar-10-batches-bin', name), batches[name]!);
    const train = await loadCifar10(CIFAR10_FILES, { cacheDir: dir, download: false });
    expect(train.spec.size).toBe(10);
    expect(train.spec.meta).toEqual({ source: 'CIFAR-10', split: 'train' });
  });

  it('refuses a download that is not the published archive and writes nothing', async () => {
    const server = await serve({ '/c/cifar-10-binary.tar.gz': archive });
    try {
      const error = await rejection(loadCifar10(CIFAR10_FILES, { cacheDir: dir, split: 'test', mirror: `${server.url}c/` }));
      expect(ChecksumError.isInstance(error)).toBe(true);
      expect((error as ChecksumError).expected).toBe('c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd');
      expect((error as Error).message).toContain(`nothing was written to ${join(dir, 'cifar10')}`);
      expect(await listAll(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('refuses a cached archive with the wrong digest and leaves it in place', async () => {
    const path = join(dir, 'cifar10', 'cifar-10-binary.tar.gz');
    await put(path, archive);
    const error = await rejection(loadCifar10(CIFAR10_FILES, { cacheDir: dir, split: 'test' }));
    expect(ChecksumError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/This is not the published CIFAR-10 archive/);
    expect(new Uint8Array(await readFile(path))).toEqual(archive);
  });

  it('offline or with downloads off, says what to download and where to put it', async () => {
    const off = await rejection(loadCifar10(CIFAR10_FILES, { cacheDir: dir, split: 'test', download: false }));
    expect(DownloadError.isInstance(off)).toBe(true);
    const message = (off as Error).message;
    expect(message).toContain(`cifar-10-binary.tar.gz is not in ${join(dir, 'cifar10')} and downloads are turned off`);
    expect(message).toContain(`put cifar-10-binary.tar.gz (170052171 bytes, SHA-256 c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd) in ${join(dir, 'cifar10')}`);
    expect(message).toContain(`or the batch files it holds (test_batch.bin) in ${join(dir, 'cifar10', 'cifar-10-batches-bin')}`);
    expect(message).toContain('https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz');
    const url = await deadUrl();
    const unreachable = await rejection(loadCifar10(CIFAR10_FILES, { cacheDir: dir, split: 'test', mirror: url, timeoutMs: 10_000 }));
    expect(DownloadError.isInstance(unreachable)).toBe(true);
    expect((unreachable as DownloadError).attempts).toEqual([{ url: `${url}cifar-10-binary.tar.gz`, problem: expect.stringMatching(/ECONNREFUSED/) }]);
    expect(await listAll(dir)).toEqual([]);
  });

  it('names the file for a corrupt archive, an archive without the batch, and a malformed batch file', async () => {
    // Archives whose digest is the one expected (a descriptor made for them), placed in the cache by hand.
    const cut = archive.subarray(0, archive.length - 100);
    const path = join(dir, 'tiny-cifar', 'cifar-10-binary.tar.gz');
    await put(path, cut);
    const gz = await rejection(loadCifar10(tinyCifarFor(cut), { cacheDir: dir, split: 'test' }));
    expect(ArchiveFormatError.isInstance(gz)).toBe(true);
    expect((gz as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: corrupt gzip data`));

    const lacking = gzip(encodeTar([{ name: 'cifar-10-batches-bin/readme.html', data: new Uint8Array(3) }]));
    await put(path, lacking);
    const missing = await rejection(loadCifar10(tinyCifarFor(lacking), { cacheDir: dir, split: 'test' }));
    expect(ArchiveFormatError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toBe(`${path}: holds no 'cifar-10-batches-bin/test_batch.bin' (it holds cifar-10-batches-bin/readme.html)`);

    const batch = join(dir, 'cifar10', 'cifar-10-batches-bin', 'test_batch.bin');
    await put(batch, batches['test_batch.bin']!.subarray(0, 5000));
    const short = await rejection(loadCifar10(CIFAR10_FILES, { cacheDir: dir, split: 'test', download: false }));
    expect(CifarFormatError.isInstance(short)).toBe(true);
    expect((short as CifarFormatError).file).toBe(batch);
    expect((short as Error).message).toContain('truncated: 5000 bytes is 1 records of 3073 bytes and 1927 bytes more');
  });
});

function tinyCifarFor(bytes: Uint8Array): CifarDatasetFiles {
  return { ...tinyCifar(['http://127.0.0.1:9/']), archive: { file: 'cifar-10-binary.tar.gz', bytes: bytes.length, sha256: sha256(bytes) } };
}
