/**
 * What the registered metrics share: which data they apply to, and checks of the sample sets.
 * @module
 */
import { DataError, type DataSpec, type SampleSet } from '@gankit/core';

/** Largest example size (values) on which manifold metrics use raw values for non-image data. */
export const RAW_FEATURE_MAX_DIM = 256;

const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** Whether `spec` describes 28x28x1 images, the input of the MNIST classifier. */
export function isMnistShaped(spec: DataSpec): boolean {
  const [h, w, c] = spec.shape;
  return spec.kind === 'image' && spec.shape.length === 3 && h === 28 && w === 28 && c === 1;
}

/**
 * Whether `spec` describes handwritten digits: MNIST-shaped, and its classes (if it names any) are
 * the ten digits. Fashion-MNIST is MNIST-shaped but not digits: its features still give a usable
 * distance, but a digit classifier's class predictions mean nothing for it.
 */
export function isDigitData(spec: DataSpec): boolean {
  if (!isMnistShaped(spec)) return false;
  if (spec.numClasses !== undefined && spec.numClasses !== 10) return false;
  if (spec.classNames === undefined) return true;
  return (
    spec.classNames.length === 10 &&
    spec.classNames.every((name, i) => {
      const s = name.trim().toLowerCase();
      return s === String(i) || s === DIGIT_WORDS[i] || s === `digit ${i}`;
    })
  );
}

/** Whether manifold metrics can work on raw values of data like `spec` (small non-image examples). */
export function hasRawFeatures(spec: DataSpec): boolean {
  return spec.kind !== 'image' && spec.shape.reduce((a, b) => a * b, 1) <= RAW_FEATURE_MAX_DIM;
}

/** Throws a {@link DataError} naming the metric and the set when `set` does not match `spec`. */
export function checkSamples(metric: string, which: 'generated' | 'reference', set: SampleSet, spec: DataSpec, min = 1): void {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(set.n) || set.n < min) {
    throw new DataError(`Metric '${metric}': ${which} samples: need at least ${min}, got ${set.n}`);
  }
  if (set.x.length !== set.n * size) {
    throw new DataError(
      `Metric '${metric}': ${which} samples: ${set.n} examples of shape [${spec.shape.join(', ')}] need ` +
        `${set.n * size} values, got ${set.x.length}`,
    );
  }
}
