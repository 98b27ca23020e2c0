/**
 * Checks on output paths made before anything is written, so that a path through a file is a typed
 * error naming the file in the way, not a raw ENOTDIR or EEXIST from deep inside a write.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { OutputDirectoryError } from './errors.js';

/**
 * Throws {@link OutputDirectoryError} when `path` (a file or folder to create) cannot be created because
 * the nearest part of it that exists is a file, not a folder. Writes nothing.
 */
export function checkOutputPath(path: string, flag = '--out'): void {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new OutputDirectoryError(`${path}: cannot be created: ${dir} is a file, not a folder; nothing was written. Choose another ${flag}.`);
      return;
    }
    if (dirname(dir) === dir) return;
  }
}
