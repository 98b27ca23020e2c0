/**
 * Getting published files into the cache: use what is there, else download from the mirrors with
 * global `fetch`, check the SHA-256, and write atomically (temporary name, then rename), so the cache
 * never holds a partial or unverified file.
 * @module
 */
import { writeFileAtomic } from '@gankit/core/node';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChecksumError, DownloadError, type DownloadAttempt } from '../errors.js';
import type { DownloadOptions, IdxDatasetFiles, PublishedFile } from '../mnist.js';
import { defaultCacheDir, isFile, sha256 } from './files.js';

/** Folder of `dataset` inside the cache. */
export function datasetDir(dataset: IdxDatasetFiles, cacheDir = defaultCacheDir()): string {
  return join(cacheDir, dataset.id);
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

/** The "put these files there" text every download error ends with. */
export function offlineInstructions(dataset: IdxDatasetFiles, files: readonly PublishedFile[], dir: string): string {
  const width = Math.max(...files.map((f) => f.file.length));
  return (
    `To use ${dataset.title} without network access, put ${files.length === 1 ? 'this file' : 'these files'} in ${dir}:\n` +
    files.map((f) => `  ${f.file.padEnd(width)}  ${f.bytes} bytes, SHA-256 ${f.sha256}`).join('\n') +
    `\n(as published, gzip-compressed; an uncompressed copy without the .gz suffix also works). ` +
    `They are at ${dataset.mirrors.map(withSlash).join(' or ')}. ` +
    `Or pass mirror: '<base URL>' to download from a copy you host, or cacheDir (or $GANKIT_CACHE) to use another folder.`
  );
}

function describeFailure(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}

/**
 * Downloads one file, trying `mirrors` in order, and writes it to `target` only if its SHA-256
 * matches. On failure nothing is written.
 *
 * @throws `ChecksumError` when a mirror served different bytes (and no mirror served the right
 *   ones); `DownloadError` when no mirror could be reached.
 */
export async function downloadVerified(
  file: PublishedFile,
  mirrors: readonly string[],
  target: string,
  options: Pick<DownloadOptions, 'timeoutMs' | 'fetch'> & { instructions: string; directory: string },
): Promise<void> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const attempts: DownloadAttempt[] = [];
  let mismatch: ChecksumError | undefined;
  for (const mirror of mirrors) {
    const url = withSlash(mirror) + file.file;
    let bytes: Uint8Array;
    try {
      const response = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 300_000) });
      if (!response.ok) {
        attempts.push({ url, problem: `HTTP ${response.status} ${response.statusText}`.trim() });
        continue;
      }
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      attempts.push({ url, problem: describeFailure(error) });
      continue;
    }
    const digest = sha256(bytes);
    if (digest !== file.sha256) {
      attempts.push({ url, problem: `SHA-256 ${digest} is not the published ${file.sha256}` });
      mismatch ??= new ChecksumError(
        url,
        file.sha256,
        digest,
        `The download is not the published ${file.file} (${bytes.length} bytes, expected ${file.bytes}); ` +
          `nothing was written to ${options.directory}. ${options.instructions}`,
      );
      continue;
    }
    await writeFileAtomic(target, bytes);
    return;
  }
  throw mismatch ?? new DownloadError(file.file, attempts, options.directory, options.instructions);
}

/**
 * Paths of `files` of `dataset` in the cache, downloading the missing ones. A cached `.gz` file is
 * checked against its published SHA-256; an uncompressed copy (name without `.gz`) is used as is (the
 * IDX parser checks its structure).
 *
 * @throws `ChecksumError` for a cached or downloaded file with the wrong digest (a cached one is
 *   left in place: it may be the user's); `DownloadError` when a file is missing and cannot be
 *   downloaded, with instructions saying which files to put where.
 */
export async function ensureFiles(
  dataset: IdxDatasetFiles,
  files: readonly PublishedFile[],
  options: DownloadOptions = {},
): Promise<string[]> {
  const dir = datasetDir(dataset, options.cacheDir);
  const mirrors = options.mirror === undefined ? dataset.mirrors : typeof options.mirror === 'string' ? [options.mirror] : options.mirror;
  const paths: string[] = [];
  const missing: PublishedFile[] = [];
  for (const file of files) {
    const gz = join(dir, file.file);
    const raw = gz.replace(/\.gz$/, '');
    if (await isFile(gz)) {
      const digest = sha256(await readFile(gz));
      if (digest !== file.sha256) {
        throw new ChecksumError(
          gz,
          file.sha256,
          digest,
          `This is not the published ${dataset.title} file. Delete it to download it again, or replace it with the published file.`,
        );
      }
      paths.push(gz);
    } else if (raw !== gz && (await isFile(raw))) {
      paths.push(raw);
    } else {
      paths.push(gz);
      missing.push(file);
    }
  }
  if (missing.length === 0) return paths;
  const instructions = offlineInstructions(dataset, missing, dir);
  for (const file of missing) {
    if (options.download === false) throw new DownloadError(file.file, [], dir, instructions);
    await downloadVerified(file, mirrors, join(dir, file.file), { ...options, instructions, directory: dir });
  }
  return paths;
}
