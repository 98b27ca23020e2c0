/**
 * MNIST and Fashion-MNIST: the published files (names, sizes, SHA-256 digests, mirrors) and the
 * browser-safe step from IDX bytes to a data source. Reading, un-gzipping and downloading the files is
 * Node's job: see `loadMnist` and `loadMnistIdx` in `@gankit/datasets/node`.
 * @module
 */
import { ArrayDataSource } from '@gankit/core';
import { IdxFormatError } from './errors.js';
import { parseIdx } from './idx.js';
import { writeScaledPixels } from './pixels.js';
import type { Split } from './split.js';

/** One published file. */
export interface PublishedFile {
  /** File name as published, e.g. `train-images-idx3-ubyte.gz`. */
  file: string;
  /** Size in bytes of the published (gzip) file. */
  bytes: number;
  /** SHA-256 of the published (gzip) file, lower-case hex. */
  sha256: string;
}

/** The image file and label file of one split. */
export interface IdxFilePair {
  images: PublishedFile;
  labels: PublishedFile;
}

/** A dataset published as MNIST-style IDX files. */
export interface IdxDatasetFiles {
  /** Registry name and cache sub-folder, e.g. `'mnist'`. */
  id: string;
  /** Name for messages, e.g. `'MNIST'`. */
  title: string;
  /** Base URLs tried in order; each file is `<mirror><file>`. */
  mirrors: readonly string[];
  train: IdxFilePair;
  test: IdxFilePair;
  /** Class names, indexed by label. */
  classNames: readonly string[];
}

/**
 * MNIST (LeCun, Cortes and Burges): 60,000 training and 10,000 test digits, 28×28 grayscale.
 * Digests as listed by tensorflow-datasets (`url_checksums/mnist.txt`).
 */
export const MNIST_FILES: IdxDatasetFiles = {
  id: 'mnist',
  title: 'MNIST',
  mirrors: ['https://storage.googleapis.com/cvdf-datasets/mnist/', 'https://ossci-datasets.s3.amazonaws.com/mnist/'],
  train: {
    images: { file: 'train-images-idx3-ubyte.gz', bytes: 9912422, sha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609' },
    labels: { file: 'train-labels-idx1-ubyte.gz', bytes: 28881, sha256: '3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c' },
  },
  test: {
    images: { file: 't10k-images-idx3-ubyte.gz', bytes: 1648877, sha256: '8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6' },
    labels: { file: 't10k-labels-idx1-ubyte.gz', bytes: 4542, sha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6' },
  },
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
};

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando Research): 60,000 training and 10,000 test images
 * of clothing, 28×28 grayscale, 10 classes. Digests as listed by tensorflow-datasets
 * (`url_checksums/fashion_mnist.txt`).
 */
export const FASHION_MNIST_FILES: IdxDatasetFiles = {
  id: 'fashion-mnist',
  title: 'Fashion-MNIST',
  mirrors: [
    'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
    'https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/',
  ],
  train: {
    images: { file: 'train-images-idx3-ubyte.gz', bytes: 26421880, sha256: '3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84' },
    labels: { file: 'train-labels-idx1-ubyte.gz', bytes: 29515, sha256: 'a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845' },
  },
  test: {
    images: { file: 't10k-images-idx3-ubyte.gz', bytes: 4422102, sha256: '346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073' },
    labels: { file: 't10k-labels-idx1-ubyte.gz', bytes: 5148, sha256: '67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5' },
  },
  classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

/** How the Node loaders find or fetch published files (see `ensureFiles` in `@gankit/datasets/node`). */
export interface DownloadOptions {
  /** Cache folder; files go in `<cacheDir>/<dataset id>/`. Default `$GANKIT_CACHE`, else `~/.cache/gankit`. */
  cacheDir?: string;
  /** Base URL(s) to download from instead of the dataset's own mirrors, e.g. a copy you host. */
  mirror?: string | readonly string[];
  /** Allow downloading missing files. Default true; with false a missing file is an error. */
  download?: boolean;
  /** Milliseconds allowed for each download. Default 300,000. */
  timeoutMs?: number;
  /** The fetch to use. Default the global `fetch`. */
  fetch?: typeof fetch;
}

/**
 * Options of the `mnist` and `fashion-mnist` datasets (Node only). Default split `'train'` (the 60,000
 * official training images); `'test'` is the official 10,000; `'all'` is both, train first. Written
 * `mnist:test` in a dataset name, the argument is the split.
 */
export interface MnistOptions extends DownloadOptions {
  split?: Split;
}

/** The uncompressed bytes of one image file and its label file. */
export interface IdxBytesPair {
  images: Uint8Array;
  labels: Uint8Array;
  /** Names used in error messages. Default `'images'` and `'labels'`. */
  imagesFile?: string;
  labelsFile?: string;
}

/** Options of {@link mnistFromIdx}. */
export interface MnistFromIdxOptions {
  /** Class names indexed by label; their count is `numClasses`. Default `'0'` … `'9'`. */
  classNames?: readonly string[];
  /** Extra facts for `spec.meta`. */
  meta?: Record<string, unknown>;
  /** Name for error messages. */
  name?: string;
}

/**
 * Builds a data source from MNIST-style IDX bytes (uncompressed): images `[n, h, w]` uint8 and labels
 * `[n]` uint8. Several pairs (train and test) are joined in order. All pixels go into one Float32Array
 * scaled to [-1, 1]; labels become an Int32Array.
 *
 * @throws {@link IdxFormatError} naming the file: wrong magic number, truncated or corrupt file,
 *   image/label count mismatch, image sizes that differ between pairs, labels outside the classes.
 *
 * @example
 * ```ts
 * const source = mnistFromIdx([{ images, labels, imagesFile: 't10k-images-idx3-ubyte' }]);
 * source.spec.shape; // [28, 28, 1]
 * ```
 */
export function mnistFromIdx(pairs: IdxBytesPair | readonly IdxBytesPair[], options: MnistFromIdxOptions = {}): ArrayDataSource {
  const list = Array.isArray(pairs) ? (pairs as readonly IdxBytesPair[]) : [pairs as IdxBytesPair];
  if (list.length === 0) throw new RangeError('mnistFromIdx needs at least one pair of image and label files');
  const classNames = [...(options.classNames ?? MNIST_FILES.classNames)];
  const parsed = list.map((pair) => {
    const imagesFile = pair.imagesFile ?? 'images';
    const labelsFile = pair.labelsFile ?? 'labels';
    const images = parseIdx(pair.images, imagesFile, { expect: 'images' });
    const labels = parseIdx(pair.labels, labelsFile, { expect: 'labels' });
    if (images.shape[0]! !== labels.shape[0]!) {
      throw new IdxFormatError(
        labelsFile,
        `${labels.shape[0]} labels but ${imagesFile} has ${images.shape[0]} images (expected one label per image)`,
      );
    }
    for (let i = 0; i < labels.data.length; i++) {
      if (labels.data[i]! >= classNames.length) {
        throw new IdxFormatError(labelsFile, `label ${labels.data[i]} at index ${i} is outside [0, ${classNames.length})`);
      }
    }
    return { images, labels, imagesFile };
  });
  const [, height, width] = parsed[0]!.images.shape as [number, number, number];
  let total = 0;
  for (const p of parsed) {
    const [, h, w] = p.images.shape as [number, number, number];
    if (h !== height || w !== width) {
      throw new IdxFormatError(p.imagesFile, `images are ${h}×${w}, but ${parsed[0]!.imagesFile} has ${height}×${width} (expected the same size)`);
    }
    total += p.images.shape[0]!;
  }
  const x = new Float32Array(total * height * width);
  const labels = new Int32Array(total);
  let at = 0;
  for (const p of parsed) {
    writeScaledPixels(p.images.data, x, at * height * width);
    labels.set(p.labels.data, at);
    at += p.images.shape[0]!;
  }
  return new ArrayDataSource(
    {
      shape: [height, width, 1],
      kind: 'image',
      numClasses: classNames.length,
      classNames,
      ...(options.meta ? { meta: options.meta } : {}),
    },
    { x, labels },
    options.name ?? 'MNIST IDX data',
  );
}
