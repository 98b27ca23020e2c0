/**
 * CIFAR-10 from disk or the network: the extracted batch files when they are in the cache, else the
 * published archive (found in the cache or downloaded, SHA-256 checked), from which the batch files
 * are extracted (each written atomically) before they are read.
 * @module
 */
import type { ArrayDataSource } from '@gankit/core';
import { writeFileAtomic } from '@gankit/core/node';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CIFAR10_FILES, cifarFromBatches, type CifarBatchBytes, type CifarDatasetFiles, type CifarOptions } from '../cifar.js';
import { ArchiveFormatError, ChecksumError, CifarFormatError, DownloadError } from '../errors.js';
import { OptionChecker } from '../options.js';
import { SPLITS } from '../split.js';
import { readTar } from '../tar.js';
import { downloadVerified } from './download.js';
import { defaultCacheDir, isFile, sha256 } from './files.js';

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The "put these files there" text of a CIFAR download error. */
export function cifarOfflineInstructions(dataset: CifarDatasetFiles, dir: string, names: readonly string[]): string {
  const a = dataset.archive;
  return (
    `To use ${dataset.title} without network access, put ${a.file} (${a.bytes} bytes, SHA-256 ${a.sha256}) in ${dir}, ` +
    `or the batch files it holds (${names.join(', ')}) in ${join(dir, dataset.folder)}. ` +
    `The archive is at ${dataset.mirrors.map((m) => withSlash(m) + a.file).join(' or ')}. ` +
    `Or pass mirror: '<base URL>' to download from a copy you host, or cacheDir (or $GANKIT_CACHE) to use another folder.`
  );
}

async function readBatch(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new CifarFormatError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
}

/** Where a batch file already is: `<dir>/<folder>/<name>`, else `<dir>/<name>`, else undefined. */
async function findBatch(dataset: CifarDatasetFiles, dir: string, name: string): Promise<string | undefined> {
  for (const path of [join(dir, dataset.folder, name), join(dir, name)]) if (await isFile(path)) return path;
  return undefined;
}

/**
 * Extracts `names` from the verified archive at `archivePath` into `<dir>/<folder>/`, each written
 * atomically (a crash never leaves a half-written batch file).
 * @throws {@link ArchiveFormatError} for corrupt gzip or tar data, or an archive without one of the files.
 */
async function extractBatches(dataset: CifarDatasetFiles, archivePath: string, dir: string, names: readonly string[]): Promise<void> {
  let tar: Uint8Array;
  try {
    tar = gunzipSync(await readFile(archivePath));
  } catch (error) {
    throw new ArchiveFormatError(archivePath, `corrupt gzip data (${(error as Error).message}); delete it to download it again`, { cause: error });
  }
  const entries = readTar(tar, archivePath);
  for (const name of names) {
    const entry = entries.find((e) => e.name === `${dataset.folder}/${name}` || e.name.endsWith(`/${name}`) || e.name === name);
    if (!entry) {
      throw new ArchiveFormatError(archivePath, `holds no '${dataset.folder}/${name}' (it holds ${entries.map((e) => e.name).join(', ') || 'no files'})`);
    }
    await writeFileAtomic(join(dir, dataset.folder, name), entry.data);
  }
}

/**
 * Loads CIFAR-10 (or another dataset published the same way) from the cache, `<cacheDir>/cifar10/`:
 * the extracted batch files in `cifar-10-batches-bin/` (or directly in the folder) when all those of
 * the split are there; else the archive `cifar-10-binary.tar.gz`, checked against its published
 * SHA-256 and downloaded first when missing, from which the batch files are extracted.
 *
 * @throws ConfigError for bad options; `DownloadError` (offline, with what to put where),
 *   `ChecksumError` (a cached or downloaded archive that is not the published one; a cached one is
 *   left in place), `ArchiveFormatError`, `CifarFormatError` naming the file.
 *
 * @example
 * ```ts
 * const test = await loadCifar10(CIFAR10_FILES, { split: 'test' });
 * test.spec.shape; // [32, 32, 3]
 * ```
 */
export async function loadCifar10(dataset: CifarDatasetFiles = CIFAR10_FILES, options: CifarOptions = {}): Promise<ArrayDataSource> {
  const split = options.split ?? 'train';
  const mirrors = options.mirror === undefined ? dataset.mirrors : typeof options.mirror === 'string' ? [options.mirror] : options.mirror;
  new OptionChecker(`options of dataset '${dataset.id}'`)
    .known(options, ['split', 'cacheDir', 'mirror', 'download', 'timeoutMs', 'fetch'])
    .check(SPLITS.includes(split), 'split', `one of ${SPLITS.join(', ')}`, split)
    .check(options.cacheDir === undefined || (typeof options.cacheDir === 'string' && options.cacheDir.length > 0), 'cacheDir', 'a folder path', options.cacheDir)
    .check(mirrors.length > 0 && mirrors.every((m) => typeof m === 'string' && /^https?:\/\//.test(m)), 'mirror', 'an http(s) base URL or a non-empty list of them', options.mirror)
    .check(options.timeoutMs === undefined || (Number.isFinite(options.timeoutMs) && options.timeoutMs > 0), 'timeoutMs', 'a positive number of milliseconds', options.timeoutMs)
    .done();
  const dir = join(options.cacheDir ?? defaultCacheDir(), dataset.id);
  const names = split === 'all' ? [...dataset.train, ...dataset.test] : [...dataset[split]];
  let paths = await Promise.all(names.map((name) => findBatch(dataset, dir, name)));
  if (paths.some((p) => p === undefined)) {
    const missing = names.filter((_, i) => paths[i] === undefined);
    const archivePath = join(dir, dataset.archive.file);
    const instructions = cifarOfflineInstructions(dataset, dir, missing);
    if (await isFile(archivePath)) {
      const digest = sha256(await readFile(archivePath));
      if (digest !== dataset.archive.sha256) {
        throw new ChecksumError(
          archivePath,
          dataset.archive.sha256,
          digest,
          `This is not the published ${dataset.title} archive. Delete it to download it again, or replace it with the published file.`,
        );
      }
    } else if (options.download === false) {
      throw new DownloadError(dataset.archive.file, [], dir, `(The split '${split}' needs ${missing.join(', ')}.) ${instructions}`);
    } else {
      await downloadVerified(dataset.archive, mirrors, archivePath, { ...options, instructions, directory: dir });
    }
    await extractBatches(dataset, archivePath, dir, missing);
    paths = await Promise.all(names.map((name) => findBatch(dataset, dir, name)));
  }
  const batches: CifarBatchBytes[] = [];
  for (const path of paths) batches.push({ bytes: await readBatch(path!), file: path! });
  return cifarFromBatches(batches, { classNames: dataset.classNames, meta: { source: dataset.title, split } });
}
