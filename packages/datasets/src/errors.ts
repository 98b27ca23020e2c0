/**
 * Typed errors for bad data. Each names the file (or folder) and says what was expected and what was
 * found; each has a stable `name` and a static `isInstance` that works across package copies and holds
 * for subclasses, like the errors of `@gankit/core` (a `Symbol.for` marker per class).
 * @module
 */
import { DataError, GankitError } from '@gankit/core';

const idxFormatErrorMarker = Symbol.for('gankit.error.IdxFormatError');

/**
 * An IDX file (the MNIST file format) is truncated, corrupt, of the wrong kind, or disagrees with its
 * partner file.
 *
 * @example
 * `IdxFormatError: train-images-idx3-ubyte: magic number 0x00000802 is not an image file (expected 0x00000803)`
 */
export class IdxFormatError extends DataError {
  private readonly [idxFormatErrorMarker] = true;
  override readonly name: string = 'IdxFormatError';
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
    return GankitError.hasMarker(error, idxFormatErrorMarker);
  }
}

const cifarFormatErrorMarker = Symbol.for('gankit.error.CifarFormatError');

/**
 * A CIFAR binary batch file (`data_batch_1.bin` … `test_batch.bin`) is empty, truncated, compressed,
 * or holds a label outside the classes.
 *
 * @example
 * `CifarFormatError: data_batch_3.bin: truncated: 30729 bytes is 10 records of 3073 bytes and 1 byte more (expected a whole number of records)`
 */
export class CifarFormatError extends DataError {
  private readonly [cifarFormatErrorMarker] = true;
  override readonly name: string = 'CifarFormatError';
  constructor(
    /** The file, as the caller named it (a path for files read from disk). */
    readonly file: string,
    /** What is wrong. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
  }
  static override isInstance(error: unknown): error is CifarFormatError {
    return GankitError.hasMarker(error, cifarFormatErrorMarker);
  }
}

const archiveFormatErrorMarker = Symbol.for('gankit.error.ArchiveFormatError');

/** A tar archive (possibly gzip-compressed) is corrupt, truncated, or lacks a file it should hold. */
export class ArchiveFormatError extends DataError {
  private readonly [archiveFormatErrorMarker] = true;
  override readonly name: string = 'ArchiveFormatError';
  constructor(
    /** The archive, as the caller named it. */
    readonly file: string,
    /** What is wrong. */
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
  }
  static override isInstance(error: unknown): error is ArchiveFormatError {
    return GankitError.hasMarker(error, archiveFormatErrorMarker);
  }
}

const checksumErrorMarker = Symbol.for('gankit.error.ChecksumError');

/**
 * A file's SHA-256 digest is not the published one. A downloaded file that fails the check is never
 * written to the cache.
 */
export class ChecksumError extends DataError {
  private readonly [checksumErrorMarker] = true;
  override readonly name: string = 'ChecksumError';
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
    return GankitError.hasMarker(error, checksumErrorMarker);
  }
}

/** One failed attempt to download a file. */
export interface DownloadAttempt {
  url: string;
  problem: string;
}

const downloadErrorMarker = Symbol.for('gankit.error.DownloadError');

/**
 * A file could not be downloaded from any mirror (offline, host unreachable, HTTP error), or
 * downloads were turned off. The message says exactly which files to put in which folder instead.
 */
export class DownloadError extends GankitError {
  private readonly [downloadErrorMarker] = true;
  override readonly name: string = 'DownloadError';
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
    return GankitError.hasMarker(error, downloadErrorMarker);
  }
}

const imageFileErrorMarker = Symbol.for('gankit.error.ImageFileError');

/** An image file cannot be read or decoded, or does not have the size the others have. */
export class ImageFileError extends DataError {
  private readonly [imageFileErrorMarker] = true;
  override readonly name: string = 'ImageFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${problem}`, options);
  }
  static override isInstance(error: unknown): error is ImageFileError {
    return GankitError.hasMarker(error, imageFileErrorMarker);
  }
}

const emptyDatasetErrorMarker = Symbol.for('gankit.error.EmptyDatasetError');

/** A folder, or the requested split of a dataset, holds no examples. */
export class EmptyDatasetError extends DataError {
  private readonly [emptyDatasetErrorMarker] = true;
  override readonly name: string = 'EmptyDatasetError';
  constructor(
    /** The folder or dataset that is empty. */
    readonly where: string,
    /** What would have been accepted. */
    readonly expected: string,
  ) {
    super(`${where}: no examples found (expected ${expected})`);
  }
  static override isInstance(error: unknown): error is EmptyDatasetError {
    return GankitError.hasMarker(error, emptyDatasetErrorMarker);
  }
}

const unsupportedEnvironmentErrorMarker = Symbol.for('gankit.error.UnsupportedEnvironmentError');

/** A dataset needs Node.js (it reads files or the network) but was loaded elsewhere, e.g. in a browser. */
export class UnsupportedEnvironmentError extends GankitError {
  private readonly [unsupportedEnvironmentErrorMarker] = true;
  override readonly name: string = 'UnsupportedEnvironmentError';
  static override isInstance(error: unknown): error is UnsupportedEnvironmentError {
    return GankitError.hasMarker(error, unsupportedEnvironmentErrorMarker);
  }
}

const pairingErrorMarker = Symbol.for('gankit.error.PairingError');

/**
 * Translation data that does not fit together: an input without its partner file, partners (or two
 * domains) of different sizes, a side-by-side image that cannot be cut in two, a missing domain folder.
 *
 * @example
 * `PairingError: data/pairs/A/0007.png: has no partner in data/pairs/B (expected data/pairs/B/0007.png, found no such file)`
 */
export class PairingError extends DataError {
  private readonly [pairingErrorMarker] = true;
  override readonly name: string = 'PairingError';
  constructor(
    /** The file or folder at fault. */
    readonly file: string,
    /** What it is about, e.g. `has no partner in data/pairs/B`. */
    readonly problem: string,
    /** What was expected. */
    readonly expected: string,
    /** What was found instead. */
    readonly found: string,
  ) {
    super(`${file}: ${problem} (expected ${expected}, found ${found})`);
  }
  static override isInstance(error: unknown): error is PairingError {
    return GankitError.hasMarker(error, pairingErrorMarker);
  }
}
