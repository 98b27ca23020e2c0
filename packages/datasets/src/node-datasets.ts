/**
 * The registered datasets that read files: `mnist`, `fashion-mnist`, `cifar10` and `images`. They are defined
 * here, in the browser-safe half, so one `import '@gankit/datasets'` registers every name; their
 * `load()` reaches the Node code only when called (see `node-entry.ts`).
 * @module
 */
import { DATASET_SPEC_VERSION, type Dataset } from '@gankit/core';
import type { CifarOptions } from './cifar.js';
import type { MnistOptions } from './mnist.js';
import { nodeEntry } from './node-entry.js';
import { OptionChecker } from './options.js';
import { withSplitArgument, type SplitOptions } from './split.js';

/**
 * Options of the `images` dataset (Node only). Default split `'all'`; `'train'`/`'test'` hold out
 * `testFraction` (default 0.2) of each class.
 */
export interface ImageFolderOptions extends SplitOptions {
  /** The folder; or give it in the name, `images:./photos`. */
  dir?: string;
  /** Output size: `n` for n×n, or `[height, width]`. Default: the first image's size, which all must share. */
  size?: number | [number, number];
  /** 1 (grey, by luminance) or 3 (RGB). Default 3. */
  channels?: 1 | 3;
  /** Grey level (0-255) that transparent pixels are composited over. Default 255 (white). */
  background?: number;
}

/**
 * Options of the `images-paired` and `images-unpaired` datasets (Node only): those of image folders,
 * plus the direction of the translation.
 */
export interface TranslationFolderOptions extends ImageFolderOptions {
  /** `'AtoB'` (default): A is the input and B the target; `'BtoA'` swaps them. */
  direction?: 'AtoB' | 'BtoA';
}

function translationFolderDataset(name: 'images-paired' | 'images-unpaired', description: string): Dataset<TranslationFolderOptions> {
  return {
    specVersion: DATASET_SPEC_VERSION,
    name,
    description,
    async load(options, context) {
      const dir = options.dir ?? context.argument;
      new OptionChecker(`dataset '${name}'`)
        .check(typeof dir === 'string' && dir.length > 0, 'dir', `a folder, as in '${name}:./data' or { dir: './data' }`, dir)
        .check(options.dir === undefined || context.argument === undefined || options.dir === context.argument, 'dir', `the folder named in '${name}:${context.argument}'`, options.dir)
        .done();
      const node = await nodeEntry(`The '${name}' dataset`, 'in a browser, decode images yourself and build a PairedDataSource or UnpairedDataSource.');
      const { dir: _ignored, ...rest } = options;
      return name === 'images-paired' ? node.loadPairedFolder(dir!, rest) : node.loadUnpairedFolder(dir!, rest);
    },
  };
}

/** `images-paired`: pix2pix data from a folder (`images-paired:<dir>`): A|B side by side, or A/ and B/ matched by name. */
export const imagesPaired: Dataset<TranslationFolderOptions> = translationFolderDataset(
  'images-paired',
  'Paired translation data (pix2pix layout: A|B side by side, or A/ and B/ with matching names) from images-paired:<dir>',
);

/** `images-unpaired`: CycleGAN data from a folder (`images-unpaired:<dir>`) holding trainA/, trainB/, testA/, testB/. */
export const imagesUnpaired: Dataset<TranslationFolderOptions> = translationFolderDataset(
  'images-unpaired',
  'Unpaired translation data (CycleGAN layout: trainA/ trainB/ testA/ testB/) from images-unpaired:<dir>',
);

function mnistFamilyDataset(name: 'mnist' | 'fashion-mnist', description: string): Dataset<MnistOptions> {
  return {
    specVersion: DATASET_SPEC_VERSION,
    name,
    description,
    async load(options, context) {
      const node = await nodeEntry(
        `The '${name}' dataset`,
        `in a browser use 'mnist-embedded', or fetch the IDX files yourself and pass their bytes to mnistFromIdx().`,
      );
      return node.loadMnist(name, withSplitArgument(name, context.argument, options));
    },
  };
}

/** `mnist`: the 70,000 MNIST digits from the published IDX files (downloaded to the cache if missing). */
export const mnist = mnistFamilyDataset('mnist', 'MNIST handwritten digits, 28x28 grey, 10 classes (IDX files, downloaded and SHA-256 checked)');

/** `fashion-mnist`: Zalando's 70,000 clothing images from the published IDX files. */
export const fashionMnist = mnistFamilyDataset(
  'fashion-mnist',
  'Fashion-MNIST clothing images, 28x28 grey, 10 classes (IDX files, downloaded and SHA-256 checked)',
);

/**
 * `cifar10`: the 60,000 CIFAR-10 colour images (32×32×3, 10 labelled classes) from the published
 * binary archive, downloaded to the cache (SHA-256 checked) when neither it nor its batch files are there.
 */
export const cifar10: Dataset<CifarOptions> = {
  specVersion: DATASET_SPEC_VERSION,
  name: 'cifar10',
  description: 'CIFAR-10 colour images, 32x32x3, 10 classes (binary archive, downloaded and SHA-256 checked)',
  async load(options, context) {
    const node = await nodeEntry(
      `The 'cifar10' dataset`,
      'in a browser, fetch the batch files yourself and pass their bytes to cifarFromBatches().',
    );
    return node.loadCifar10(undefined, withSplitArgument('cifar10', context.argument, options));
  },
};

/** `images`: a folder of PNG/JPEG files, used as `images:<dir>`. */
export const images: Dataset<ImageFolderOptions> = {
  specVersion: DATASET_SPEC_VERSION,
  name: 'images',
  description: 'PNG and JPEG files from a folder (images:<dir>); class sub-folders become labels',
  async load(options, context) {
    const dir = options.dir ?? context.argument;
    new OptionChecker(`dataset 'images'`)
      .check(typeof dir === 'string' && dir.length > 0, 'dir', "a folder, as in 'images:./photos' or { dir: './photos' }", dir)
      .check(options.dir === undefined || context.argument === undefined || options.dir === context.argument, 'dir', `the folder named in 'images:${context.argument}'`, options.dir)
      .done();
    const node = await nodeEntry(`The 'images' dataset`, 'in a browser, decode images yourself and build an ArrayDataSource from their pixels.');
    const { dir: _ignored, ...rest } = options;
    return node.loadImageFolder(dir!, rest);
  },
};
