/**
 * Typed errors for bad data. Each names the file (or folder) and says what was expected and what was
 * found; each has a stable `name` and a static `isInstance` that works across package copies, like the
 * errors of `@gankit/core`.
 * @module
 */
import { DataError, GankitError } from '@gankit/core';

function isNamed(error: unknown, name: string): boolean {
  return GankitError.isInstance(error) && error.name === name;
}

/**
 * An IDX file (the MNIST file format) is truncated, corrupt, of the wrong kind, or disagrees with its
 * partner file.
 *
 * @example
 * `IdxFormatError: train-images-idx3-ubyte: magic number 0x00000802 is not an image file (expected 0x00000803)`
 */
export class IdxFormatError extends DataError {
  override readonly name = 'IdxFormatError';
  constructor(
    /** The file, as the caller named it (a path for files read from disk). */
    readonly file: string,
    /** What is wrong, e.g. `truncated: ...`. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
  }
  static override isInstance(error: unknown): error is IdxFormatError {
    return isNamed(error, 'IdxFormatError');
  }
}

/**
 * A file's SHA-256 digest is not the published one. A downloaded file that fails the check is never
 * written to the cache.
 */
export class ChecksumError extends DataError {
  override readonly name = 'ChecksumError';
  constructor(
    /** The file (a URL for a download, a path for a cached file). */
    readonly file: string,
    /** The published SHA-256, lower-case hex. */
    readonly expected: string,
    /** The SHA-256 of what was read, lower-case hex. */
    readonly found: string,
    advice: string,
  ) {
    super(`${file}: SHA-256 is ${found}, expected ${expected}. ${advice}`);
  }
  static override isInstance(error: unknown): error is ChecksumError {
    return isNamed(error, 'ChecksumError');
  }
}

/** One failed attempt to download a file. */
export interface DownloadAttempt {
  url: string;
  problem: string;
}

/**
 * A file could not be downloaded from any mirror (offline, host unreachable, HTTP error), or
 * downloads were turned off. The message says exactly which files to put in which folder instead.
 */
export class DownloadError extends GankitError {
  override readonly name = 'DownloadError';
  constructor(
    /** The file that was wanted, e.g. `train-images-idx3-ubyte.gz`. */
    readonly file: string,
    /** Each URL tried and why it failed (empty when downloads were turned off). */
    readonly attempts: readonly DownloadAttempt[],
    /** The folder the file belongs in. */
    readonly directory: string,
    instructions: string,
  ) {
    super(
      (attempts.length
        ? `Could not download ${file}:\n${attempts.map((a) => `  - ${a.url}: ${a.problem}`).join('\n')}\n`
        : `${file} is not in ${directory} and downloads are turned off (download: false).\n`) + instructions,
    );
  }
  static override isInstance(error: unknown): error is DownloadError {
    return isNamed(error, 'DownloadError');
  }
}

/** An image file cannot be read or decoded, or does not have the size the others have. */
export class ImageFileError extends DataError {
  override readonly name = 'ImageFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
  }
  static override isInstance(error: unknown): error is ImageFileError {
    return isNamed(error, 'ImageFileError');
  }
}

/** A folder, or the requested split of a dataset, holds no examples. */
export class EmptyDatasetError extends DataError {
  override readonly name = 'EmptyDatasetError';
  constructor(
    /** The folder or dataset that is empty. */
    readonly where: string,
    /** What would have been accepted. */
    readonly expected: string,
  ) {
    super(`${where}: no examples found (expected ${expected})`);
  }
  static override isInstance(error: unknown): error is EmptyDatasetError {
    return isNamed(error, 'EmptyDatasetError');
  }
}

/** A dataset needs Node.js (it reads files or the network) but was loaded elsewhere, e.g. in a browser. */
export class UnsupportedEnvironmentError extends GankitError {
  override readonly name = 'UnsupportedEnvironmentError';
  static override isInstance(error: unknown): error is UnsupportedEnvironmentError {
    return isNamed(error, 'UnsupportedEnvironmentError');
  }
}
