import { describe, expect, it } from 'vitest';
import { splitIndices, withSplitArgument } from './split.js';

describe('splitIndices', () => {
  const labels = [...Array(50).fill(0), ...Array(30).fill(1), ...Array(20).fill(2)] as number[];

  it('gives disjoint train and test parts that cover everything, stratified by label', () => {
    const train = splitIndices(labels, 'train', 0.2);
    const test = splitIndices(labels, 'test', 0.2);
    expect(train.length + test.length).toBe(100);
    expect(new Set([...train, ...test]).size).toBe(100);
    const count = (idx: Uint32Array, label: number) => Array.from(idx).filter((i) => labels[i] === label).length;
    expect([count(test, 0), count(test, 1), count(test, 2)]).toEqual([10, 6, 4]);
    expect(Array.from(test)).toEqual([...test].sort((a, b) => a - b));
  });

  it('is deterministic, and changes only with splitSeed', () => {
    expect(splitIndices(labels, 'test', 0.2)).toEqual(splitIndices(labels, 'test', 0.2));
    expect(splitIndices(labels, 'test', 0.2, 1)).not.toEqual(splitIndices(labels, 'test', 0.2, 0));
    expect(splitIndices(10, 'all')).toEqual(Uint32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(splitIndices(10, 'test', 0.3)).toHaveLength(3);
  });

  it('reads the split from a dataset name argument and rejects contradictions', () => {
    expect(withSplitArgument('mnist', 'test', {})).toEqual({ split: 'test' });
    expect(withSplitArgument('mnist', undefined, { split: 'all' as const })).toEqual({ split: 'all' });
    expect(() => withSplitArgument('mnist', 'tset', {})).toThrow(/argument: expected a split \(train, test, all\)/);
    expect(() => withSplitArgument('mnist', 'test', { split: 'train' as const })).toThrow(/split: expected the split named in 'mnist:test'/);
  });
});
