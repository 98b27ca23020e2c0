/**
 * The Inception-score formula with gankit's MNIST classifier: `exp(E_x[KL(p(y|x) || p(y))])`
 * (Salimans et al., 2016). It is high when each sample is classified confidently (low entropy of
 * `p(y|x)`) and the classes are used evenly (high entropy of `p(y)`); at most the number of classes.
 * @module
 */
import { DataError } from '@gankit/core';

/** Result of {@link classifierScore}. */
export interface ClassifierScoreResult {
  /** Score of all samples together. */
  value: number;
  /** Standard error from the spread of the per-split scores: `std(split scores) / sqrt(splits)`. */
  stderr: number;
  /** Scores of contiguous splits (the Inception-score convention reports their mean and std). */
  splitScores: number[];
  /** `p(y)`: mean predicted class distribution. */
  marginal: number[];
}

function score(logits: Float32Array, from: number, to: number, classes: number): { score: number; marginal: number[] } {
  const n = to - from;
  const probs = new Float64Array(n * classes);
  const logProbs = new Float64Array(n * classes);
  const marginal = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const row = (from + i) * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[row + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[row + c]! - max);
    const logSum = max + Math.log(sum);
    for (let c = 0; c < classes; c++) {
      const lp = logits[row + c]! - logSum;
      logProbs[i * classes + c] = lp;
      probs[i * classes + c] = Math.exp(lp);
      marginal[c]! += Math.exp(lp) / n;
    }
  }
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < classes; c++) {
      const p = probs[i * classes + c]!;
      if (p > 0) kl += p * (logProbs[i * classes + c]! - Math.log(marginal[c]!));
    }
  }
  return { score: Math.exp(kl / n), marginal: [...marginal] };
}

/**
 * Classifier score of `n` samples from their logits (`n x classes`, row-major), with a standard error
 * from `splits` contiguous splits.
 *
 * @example
 * ```ts
 * const { value } = classifierScore(embedding.logits, embedding.n, 10);
 * ```
 */
export function classifierScore(logits: Float32Array, n: number, classes: number, splits = 10): ClassifierScoreResult {
  if (logits.length !== n * classes || n < 1) {
    throw new DataError(`classifierScore: expected ${n} x ${classes} logits (n >= 1), got ${logits.length} values`);
  }
  const whole = score(logits, 0, n, classes);
  const parts = Math.max(1, Math.min(splits, Math.floor(n / 2)));
  const splitScores: number[] = [];
  for (let s = 0; s < parts; s++) {
    splitScores.push(score(logits, Math.floor((s * n) / parts), Math.floor(((s + 1) * n) / parts), classes).score);
  }
  const mean = splitScores.reduce((a, b) => a + b, 0) / parts;
  const std = parts > 1 ? Math.sqrt(splitScores.reduce((a, b) => a + (b - mean) ** 2, 0) / (parts - 1)) : 0;
  return { value: whole.score, stderr: std / Math.sqrt(parts), splitScores, marginal: whole.marginal };
}
