/**
 * CIFAR-10 (Krizhevsky 2009): the published binary archive (its name, size, SHA-256 and mirrors) and
 * the browser-safe step from batch-file bytes to a data source. Reading, un-gzipping, un-tarring and
 * downloading is Node's job: see `loadCifar10` in `@gankit/datasets/node`.
 *
 * A batch file (`data_batch_1.bin` … `data_batch_5.bin`, `test_batch.bin`) is a run of 3073-byte
 * records: one label byte (0-9), then 3072 pixel bytes, the 32×32 red plane, then green, then blue,
 * each row-major.
 * @module
 */
import { ArrayDataSource } from '@gankit/core';
import { CifarFormatError } from './errors.js';
import type { DownloadOptions, PublishedFile } from './mnist.js';
import { PIXEL_TO_UNIT } from './pixels.js';
import type { Split } from './split.js';

/** Side of a CIFAR image in pixels. */
export const CIFAR_SIZE = 32;
/** Bytes of one record of a CIFAR-10 batch file: 1 label byte + 32·32·3 pixel bytes. */
export const CIFAR10_RECORD_BYTES = 1 + CIFAR_SIZE * CIFAR_SIZE * 3;

/** A dataset published as one archive of CIFAR-style binary batch files. */
export interface CifarDatasetFiles {
  /** Registry name and cache sub-folder, e.g. `'cifar10'`. */
  id: string;
  /** Name for messages, e.g. `'CIFAR-10'`. */
  title: string;
  /** The published archive (gzip-compressed tar). */
  archive: PublishedFile;
  /** Base URLs tried in order; the archive is `<mirror><archive.file>`. */
  mirrors: readonly string[];
  /** Folder of the batch files inside the archive, e.g. `cifar-10-batches-bin`. */
  folder: string;
  /** Batch file names of each split, in order. */
  train: readonly string[];
  test: readonly string[];
  /** Class names, indexed by label. */
  classNames: readonly string[];
}

/**
 * CIFAR-10, binary version: 50,000 training and 10,000 test colour images, 32×32, 10 classes. The
 * archive's SHA-256 is the one tensorflow-datasets lists (`url_checksums/cifar10.txt`); its MD5 on the
 * dataset's page is c32a1d4ab5d03f1284b67883e8d87530.
 */
export const CIFAR10_FILES: CifarDatasetFiles = {
  id: 'cifar10',
  title: 'CIFAR-10',
  archive: { file: 'cifar-10-binary.tar.gz', bytes: 170052171, sha256: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd' },
  mirrors: ['https://www.cs.toronto.edu/~kriz/', 'https://storage.googleapis.com/s4tf-hosted-binaries/datasets/CIFAR10/'],
  folder: 'cifar-10-batches-bin',
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
  classNames: ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'],
};

/**
 * Options of the `cifar10` dataset (Node only). Default split `'train'` (the 50,000 images of the five
 * training batches); `'test'` is `test_batch.bin`; `'all'` is both, train first. Written `cifar10:test`
 * in a dataset name, the argument is the split.
 */
export interface CifarOptions extends DownloadOptions {
  split?: Split;
}

/** The bytes of one batch file, with its name for error messages. */
export interface CifarBatchBytes {
  bytes: Uint8Array;
  file: string;
}

/** Options of {@link cifarFromBatches}. */
export interface CifarFromBatchesOptions {
  /** Class names indexed by label; their count bounds the labels. Default CIFAR-10's ten. */
  classNames?: readonly string[];
  /** Extra facts for `spec.meta`. */
  meta?: Record<string, unknown>;
  /** Name for error messages. */
  name?: string;
}

/**
 * Checks one batch file: not empty, not compressed, a whole number of records, labels inside the
 * classes. Returns its record count.
 * @throws {@link CifarFormatError} naming the file, what was expected and what was found.
 */
export function checkCifarBatch(bytes: Uint8Array, file: string, classes = 10): number {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new CifarFormatError(file, 'is gzip-compressed; expected an extracted batch file (take it out of cifar-10-binary.tar.gz)');
  }
  if (bytes.length === 0) throw new CifarFormatError(file, `is empty (expected records of ${CIFAR10_RECORD_BYTES} bytes)`);
  const records = Math.floor(bytes.length / CIFAR10_RECORD_BYTES);
  const extra = bytes.length - records * CIFAR10_RECORD_BYTES;
  if (extra !== 0) {
    throw new CifarFormatError(
      file,
      `truncated: ${bytes.length} bytes is ${records} records of ${CIFAR10_RECORD_BYTES} bytes and ${extra} byte${extra === 1 ? '' : 's'} more (expected a whole number of records: 1 label byte + 3072 pixel bytes each)`,
    );
  }
  for (let r = 0; r < records; r++) {
    const label = bytes[r * CIFAR10_RECORD_BYTES]!;
    if (label >= classes) {
      throw new CifarFormatError(file, `record ${r} (byte ${r * CIFAR10_RECORD_BYTES}) has label ${label}, outside [0, ${classes}) (expected a CIFAR-10 batch file)`);
    }
  }
  return records;
}

/**
 * Builds a data source from CIFAR-10 binary batch files held in memory, joined in order: images
 * `[32, 32, 3]` (the planar R, G, B bytes interleaved to height × width × channels) scaled to [-1, 1]
 * in one Float32Array, and the labels as an Int32Array.
 *
 * @throws {@link CifarFormatError} naming the file (see {@link checkCifarBatch}).
 *
 * @example
 * ```ts
 * const test = cifarFromBatches([{ bytes, file: 'test_batch.bin' }]);
 * test.spec.shape; // [32, 32, 3]
 * ```
 */
export function cifarFromBatches(batches: readonly CifarBatchBytes[], options: CifarFromBatchesOptions = {}): ArrayDataSource {
  if (batches.length === 0) throw new RangeError('cifarFromBatches needs at least one batch file');
  const classNames = [...(options.classNames ?? CIFAR10_FILES.classNames)];
  const counts = batches.map((b) => checkCifarBatch(b.bytes, b.file, classNames.length));
  const total = counts.reduce((a, b) => a + b, 0);
  const plane = CIFAR_SIZE * CIFAR_SIZE;
  const x = new Float32Array(total * plane * 3);
  const labels = new Int32Array(total);
  let i = 0;
  for (const { bytes } of batches) {
    for (let at = 0; at < bytes.length; at += CIFAR10_RECORD_BYTES, i++) {
      labels[i] = bytes[at]!;
      const base = i * plane * 3;
      for (let p = 0; p < plane; p++) {
        x[base + 3 * p] = PIXEL_TO_UNIT[bytes[at + 1 + p]!]!;
        x[base + 3 * p + 1] = PIXEL_TO_UNIT[bytes[at + 1 + plane + p]!]!;
        x[base + 3 * p + 2] = PIXEL_TO_UNIT[bytes[at + 1 + 2 * plane + p]!]!;
      }
    }
  }
  return new ArrayDataSource(
    { shape: [CIFAR_SIZE, CIFAR_SIZE, 3], kind: 'image', numClasses: classNames.length, classNames, ...(options.meta ? { meta: options.meta } : {}) },
    { x, labels },
    options.name ?? 'CIFAR-10 batches',
  );
}
