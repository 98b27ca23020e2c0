/**
 * MNIST-family IDX files from disk: {@link loadMnistIdx} for files you have, {@link loadMnist} for the
 * published MNIST and Fashion-MNIST files, found in or downloaded to the cache.
 * @module
 */
import type { ArrayDataSource } from '@gankit/core';
import { readFile } from 'node:fs/promises';
import { IdxFormatError } from '../errors.js';
import { FASHION_MNIST_FILES, MNIST_FILES, mnistFromIdx, type IdxDatasetFiles, type MnistOptions } from '../mnist.js';
import { OptionChecker } from '../options.js';
import { SPLITS } from '../split.js';
import { ensureFiles } from './download.js';
import { gunzipIfNeeded } from './files.js';

async function readIdxFile(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new IdxFormatError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  return gunzipIfNeeded(bytes, path);
}

/** One image file and its label file on disk, gzip-compressed or not. */
export interface IdxPathPair {
  images: string;
  labels: string;
}

/** Options of {@link loadMnistIdx}. */
export interface LoadMnistIdxOptions {
  /** Class names indexed by label. Default `'0'` … `'9'`. */
  classNames?: readonly string[];
  /** Extra facts for `spec.meta`. */
  meta?: Record<string, unknown>;
}

/**
 * Loads MNIST-style IDX files (gzip or raw, detected by content) into one data source, joining several
 * pairs in order. Pixels are scaled to [-1, 1] into a single Float32Array.
 *
 * @throws `IdxFormatError` naming the file: unreadable, corrupt gzip, wrong magic number,
 *   truncated or trailing data, image/label count mismatch.
 *
 * @example
 * ```ts
 * const test = await loadMnistIdx({ images: 'data/t10k-images-idx3-ubyte.gz', labels: 'data/t10k-labels-idx1-ubyte.gz' });
 * ```
 */
export async function loadMnistIdx(pairs: IdxPathPair | readonly IdxPathPair[], options: LoadMnistIdxOptions = {}): Promise<ArrayDataSource> {
  const list = Array.isArray(pairs) ? (pairs as readonly IdxPathPair[]) : [pairs as IdxPathPair];
  const bytes = [];
  for (const pair of list) {
    bytes.push({
      images: await readIdxFile(pair.images),
      labels: await readIdxFile(pair.labels),
      imagesFile: pair.images,
      labelsFile: pair.labels,
    });
  }
  return mnistFromIdx(bytes, {
    ...(options.classNames ? { classNames: options.classNames } : {}),
    meta: { files: list.flatMap((p) => [p.images, p.labels]), ...options.meta },
  });
}

/** The published datasets {@link loadMnist} knows. */
export const MNIST_FAMILY: Readonly<Record<'mnist' | 'fashion-mnist', IdxDatasetFiles>> = {
  mnist: MNIST_FILES,
  'fashion-mnist': FASHION_MNIST_FILES,
};

/**
 * Loads MNIST or Fashion-MNIST from the cache, downloading missing files (SHA-256 checked, written
 * atomically). Offline, put the files where the error message says.
 *
 * @param dataset `'mnist'`, `'fashion-mnist'`, or another dataset published the same way.
 * @throws ConfigError for bad options; `DownloadError`, `ChecksumError`,
 *   `IdxFormatError` as described there.
 *
 * @example
 * ```ts
 * const train = await loadMnist('fashion-mnist', { split: 'train', cacheDir: '.cache' });
 * ```
 */
export async function loadMnist(dataset: 'mnist' | 'fashion-mnist' | IdxDatasetFiles, options: MnistOptions = {}): Promise<ArrayDataSource> {
  const files = typeof dataset === 'string' ? MNIST_FAMILY[dataset] : dataset;
  const split = options.split ?? 'train';
  const mirrors = options.mirror === undefined ? undefined : typeof options.mirror === 'string' ? [options.mirror] : options.mirror;
  new OptionChecker(`options of dataset '${files?.id ?? String(dataset)}'`)
    .check(files !== undefined, 'dataset', `one of ${Object.keys(MNIST_FAMILY).join(', ')}`, dataset)
    .known(options, ['split', 'cacheDir', 'mirror', 'download', 'timeoutMs', 'fetch'])
    .check(SPLITS.includes(split), 'split', `one of ${SPLITS.join(', ')}`, split)
    .check(options.cacheDir === undefined || (typeof options.cacheDir === 'string' && options.cacheDir.length > 0), 'cacheDir', 'a folder path', options.cacheDir)
    .check(mirrors === undefined || (mirrors.length > 0 && mirrors.every((m) => typeof m === 'string' && /^https?:\/\//.test(m))), 'mirror', 'an http(s) base URL or a non-empty list of them', options.mirror)
    .check(options.timeoutMs === undefined || (Number.isFinite(options.timeoutMs) && options.timeoutMs > 0), 'timeoutMs', 'a positive number of milliseconds', options.timeoutMs)
    .done();
  const parts = split === 'all' ? [files!.train, files!.test] : [files![split]];
  const paths = await ensureFiles(files!, parts.flatMap((p) => [p.images, p.labels]), options);
  const pairs: IdxPathPair[] = [];
  for (let i = 0; i < paths.length; i += 2) pairs.push({ images: paths[i]!, labels: paths[i + 1]! });
  return loadMnistIdx(pairs, { classNames: files!.classNames, meta: { source: files!.title, split } });
}
