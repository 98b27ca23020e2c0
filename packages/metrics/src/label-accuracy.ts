/**
 * Label accuracy of a conditional generator: how often the classifier recognises the label a sample
 * was generated for.
 * @module
 */
import { DataError } from '@gankit/core';

/** Result of {@link labelAccuracy}. */
export interface LabelAccuracyResult {
  /** Share of samples whose predicted label equals the requested one. */
  accuracy: number;
  /** Binomial standard error, `sqrt(a (1 - a) / n)`. */
  stderr: number;
  /** Accuracy per requested label (null for labels never requested). */
  perClass: (number | null)[];
}

/**
 * Compares predicted with requested labels.
 *
 * @example
 * ```ts
 * labelAccuracy(classifier.predictLabels(x, n), samples.labels!, 10).accuracy;
 * ```
 */
export function labelAccuracy(predicted: Int32Array, requested: Int32Array, numClasses: number): LabelAccuracyResult {
  if (predicted.length !== requested.length || predicted.length === 0) {
    throw new DataError(`labelAccuracy: ${predicted.length} predictions for ${requested.length} requested labels (need equal, non-zero counts)`);
  }
  const hits = new Array<number>(numClasses).fill(0);
  const totals = new Array<number>(numClasses).fill(0);
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) {
    const r = requested[i]!;
    if (!(r >= 0 && r < numClasses)) throw new DataError(`labelAccuracy: requested label ${r} at sample ${i} is outside [0, ${numClasses})`);
    totals[r]! += 1;
    if (predicted[i] === r) {
      hits[r]! += 1;
      correct += 1;
    }
  }
  const accuracy = correct / predicted.length;
  return {
    accuracy,
    stderr: Math.sqrt((accuracy * (1 - accuracy)) / predicted.length),
    perClass: totals.map((t, c) => (t > 0 ? hits[c]! / t : null)),
  };
}
