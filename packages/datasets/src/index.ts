/**
 * gankit datasets: MNIST-family IDX files, CIFAR-10, the embedded 10,000-digit MNIST subset, image folders, 2-D
 * Gaussian mixtures and 1-D sine curves, all as data sources of examples in [-1, 1] for core's
 * `BatchStream`. Importing this entry registers `mnist`, `fashion-mnist`, `cifar10`, `mnist-embedded`,
 * `images`, `ring8`, `grid25`, `sine`, and the translation data `images-paired`, `images-unpaired`,
 * `digits-edges` and `digits-thickness` in core's `datasets` registry.
 *
 * Browser-safe: file and network code lives in `@gankit/datasets/node`, which the file-reading
 * datasets load on demand.
 *
 * @example
 * ```ts
 * import { BatchStream, Rng, datasets } from '@gankit/core';
 * import '@gankit/datasets';
 * const source = await datasets.get('mnist-embedded').load({ split: 'train' }, { rng: new Rng(1) });
 * const stream = new BatchStream(source, 64, 1);
 * ```
 * @packageDocumentation
 */
import './register.js';

export { digitEdges, digitsEdges, digitsThickness, loadDigitEdges, loadDigitThickness, thickDigits } from './digit-translation.js';
export { loadMnistEmbedded, mnistEmbedded, MNIST_EMBEDDED_COUNTS, type MnistEmbeddedOptions } from './embedded.js';
export {
  CIFAR10_FILES,
  CIFAR10_RECORD_BYTES,
  CIFAR_SIZE,
  checkCifarBatch,
  cifarFromBatches,
  type CifarBatchBytes,
  type CifarDatasetFiles,
  type CifarFromBatchesOptions,
  type CifarOptions,
} from './cifar.js';
export {
  ArchiveFormatError,
  ChecksumError,
  CifarFormatError,
  DownloadError,
  EmptyDatasetError,
  IdxFormatError,
  ImageFileError,
  PairingError,
  UnsupportedEnvironmentError,
  type DownloadAttempt,
} from './errors.js';
export {
  IDX_DATA_TYPES,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  encodeIdx,
  parseIdx,
  type IdxArray,
  type IdxDataType,
  type IdxValues,
  type ParseIdxOptions,
} from './idx.js';
export {
  DEFAULT_SYNTHETIC_SIZE,
  FIT_EXTENT,
  gaussianMixture,
  grid25,
  gridModes,
  ring8,
  ringModes,
  syntheticStream,
  type GaussianMixtureMeta,
  type SyntheticSplitOptions,
  type GaussianMixtureOptions,
  type GridOptions,
  type RingOptions,
} from './mixtures.js';
export {
  FASHION_MNIST_FILES,
  MNIST_FILES,
  mnistFromIdx,
  type DownloadOptions,
  type IdxBytesPair,
  type IdxDatasetFiles,
  type IdxFilePair,
  type MnistFromIdxOptions,
  type MnistOptions,
  type PublishedFile,
} from './mnist.js';
export { cifar10, fashionMnist, images, imagesPaired, imagesUnpaired, mnist, type ImageFolderOptions, type TranslationFolderOptions } from './node-datasets.js';
export { encodeTar, readTar, type TarEntry } from './tar.js';
export { oneHot } from './one-hot.js';
export { PIXEL_TO_UNIT } from './pixels.js';
export { sine, sineGrid, sinePaintings, type SineMeta, type SineOptions } from './sine.js';
export { DEFAULT_TEST_FRACTION, SPLITS, splitIndices, type Split, type SplitOptions } from './split.js';
