/**
 * Small file helpers of the Node half: the cache folder, SHA-256, and gzip detection.
 * @module
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { IdxFormatError } from '../errors.js';

/**
 * Where downloaded datasets are kept: `$GANKIT_CACHE` when set, else `~/.cache/gankit`. Each dataset
 * has its own sub-folder (`mnist/`, `fashion-mnist/`).
 */
export function defaultCacheDir(): string {
  const fromEnv = process.env.GANKIT_CACHE;
  return fromEnv && fromEnv.length > 0 ? fromEnv : join(homedir(), '.cache', 'gankit');
}

/** SHA-256 of `bytes`, lower-case hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Whether `path` is an existing regular file. */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * `bytes` un-gzipped when they start with the gzip magic (0x1f 0x8b), else unchanged; detection by
 * content, not by file name.
 * @throws `IdxFormatError` naming `file` when the gzip stream is corrupt or truncated.
 */
export function gunzipIfNeeded(bytes: Uint8Array, file: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new IdxFormatError(file, `corrupt gzip data (${(error as Error).message}); delete the file and download it again`, { cause: error });
  }
}
