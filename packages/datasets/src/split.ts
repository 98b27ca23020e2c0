/**
 * Deterministic train/test splits for data that has no official one (the embedded MNIST subset, image
 * folders). The split depends only on the data and `splitSeed`, never on the run's seed, so a trainer
 * loading `'train'` and a metric loading `'test'` always see disjoint sets.
 * @module
 */
import { Rng } from '@gankit/core';
import { OptionChecker } from './options.js';

/** Which part of a dataset to load. */
export type Split = 'train' | 'test' | 'all';

/** Options of every dataset that can be split. */
export interface SplitOptions {
  /** `'train'`, `'test'` or `'all'` (both). Each dataset documents its default. */
  split?: Split;
  /**
   * Share of each class held out as the test split, for datasets without an official one. Default 0.2.
   */
  testFraction?: number;
  /** Seed of the split's shuffle; the same seed always gives the same split. Default 0. */
  splitSeed?: number;
}

/** The allowed values of {@link Split}. */
export const SPLITS: readonly Split[] = ['train', 'test', 'all'];

/** Default share of a dataset held out for testing when it has no official test set. */
export const DEFAULT_TEST_FRACTION = 0.2;

/**
 * Indices (ascending) of the examples in `split`. Stratified: each class (each distinct label) gives
 * `round(count * testFraction)` examples to the test split, chosen by a shuffle seeded with
 * `splitSeed`, so class balance is the same in both parts.
 *
 * @param labels one label per example, or the number of examples when unlabelled.
 *
 * @example
 * ```ts
 * const test = splitIndices(labels, 'test', 0.2); // the same 20% every time
 * ```
 */
export function splitIndices(labels: ArrayLike<number> | number, split: Split, testFraction = DEFAULT_TEST_FRACTION, splitSeed = 0): Uint32Array {
  const size = typeof labels === 'number' ? labels : labels.length;
  if (split === 'all') return Uint32Array.from({ length: size }, (_, i) => i);
  if (!(testFraction >= 0 && testFraction <= 1)) throw new RangeError(`testFraction must be in [0, 1], got ${testFraction}`);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < size; i++) {
    const label = typeof labels === 'number' ? 0 : labels[i]!;
    let group = groups.get(label);
    if (!group) groups.set(label, (group = []));
    group.push(i);
  }
  const rng = new Rng(splitSeed);
  const isTest = new Uint8Array(size);
  for (const label of [...groups.keys()].sort((a, b) => a - b)) {
    const members = rng.shuffle(groups.get(label)!.slice());
    const take = Math.round(members.length * testFraction);
    for (let i = 0; i < take; i++) isTest[members[i]!] = 1;
  }
  const want = split === 'test' ? 1 : 0;
  const out: number[] = [];
  for (let i = 0; i < size; i++) if (isTest[i] === want) out.push(i);
  return Uint32Array.from(out);
}

/**
 * Options with the split named in a dataset name such as `mnist:test` (the part after ':'), checked
 * against `options.split`.
 * @throws ConfigError when the argument is not a split or contradicts `options.split`.
 */
export function withSplitArgument<O extends { split?: Split }>(name: string, argument: string | undefined, options: O): O {
  if (argument === undefined) return options;
  new OptionChecker(`dataset name '${name}:${argument}'`)
    .check(SPLITS.includes(argument as Split), 'argument', `a split (${SPLITS.join(', ')}), as in '${name}:test'`, argument)
    .check(options.split === undefined || options.split === argument, 'split', `the split named in '${name}:${argument}'`, options.split)
    .done();
  return { ...options, split: argument as Split };
}
