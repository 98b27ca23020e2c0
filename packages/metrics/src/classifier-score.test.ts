import { describe, expect, it } from 'vitest';
import { classifierScore } from './classifier-score.js';

function logits(rows: number[][]): Float32Array {
  return Float32Array.from(rows.flat());
}

describe('classifierScore', () => {
  it('is the number of classes for confident, evenly spread predictions', () => {
    const rows = Array.from({ length: 100 }, (_, i) => Array.from({ length: 10 }, (_, c) => (c === i % 10 ? 50 : 0)));
    expect(classifierScore(logits(rows), 100, 10).value).toBeCloseTo(10, 6);
  });
  it('is 1 when every sample gets the same class, or when predictions are uniform', () => {
    const same = Array.from({ length: 50 }, () => [9, 0, 0]);
    const flat = Array.from({ length: 50 }, () => [1, 1, 1]);
    expect(classifierScore(logits(same), 50, 3).value).toBeCloseTo(1, 10);
    expect(classifierScore(logits(flat), 50, 3).value).toBeCloseTo(1, 10);
  });
  it('matches exp(H(p(y)) - E[H(p(y|x))]) on a hand example', () => {
    // two samples, p(y|x) = (0.8, 0.2) and (0.2, 0.8): p(y) = (0.5, 0.5)
    const l = Math.log(4);
    const h = -(0.8 * Math.log(0.8) + 0.2 * Math.log(0.2));
    const r = classifierScore(logits([[l, 0], [0, l]]), 2, 2, 1);
    expect(r.value).toBeCloseTo(Math.exp(Math.log(2) - h), 6);
    expect(r.marginal[0]).toBeCloseTo(0.5, 6);
  });
});
