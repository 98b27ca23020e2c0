import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { checkInputs, drawInputs, type GeneratorInput } from './inputs.js';
import { Rng } from './rng.js';
import { useBackend } from './test-support/fixtures.js';

/** The value of each row of a one-hot `[n, classes]` tensor. */
function valuesOf(t: tf.Tensor): number[] {
  return Array.from(tf.tidy(() => tf.argMax(t, -1)).dataSync());
}

describe('drawing categorical codes', () => {
  beforeAll(async () => {
    await useBackend();
  });

  it('balanced: every value floor(n / classes) or one more times in each draw, each position still uniform', () => {
    const code: GeneratorInput = { kind: 'categorical', name: 'code', classes: 10, balanced: true };
    const rng = new Rng(4);
    const atFirst = new Array<number>(10).fill(0);
    const extras = new Array<number>(10).fill(0);
    for (let draw = 0; draw < 400; draw++) {
      const { code: t } = drawInputs([code], 64, rng);
      const values = valuesOf(t!);
      t!.dispose();
      const counts = new Array<number>(10).fill(0);
      values.forEach((v) => (counts[v]! += 1));
      expect(counts.every((c) => c === 6 || c === 7)).toBe(true);
      expect(counts.filter((c) => c === 7)).toHaveLength(4);
      counts.forEach((c, k) => (extras[k]! += c - 6));
      atFirst[values[0]!]! += 1;
    }
    // 400 draws: each value first about 40 times and one of the 4 extras about 160 times (not always 0-3).
    for (const c of atFirst) expect(c).toBeGreaterThan(15);
    for (const c of extras) expect(c).toBeGreaterThan(100);
    // Independent draws spread: some value is far from 6.4 in some batch.
    const { code: free } = drawInputs([{ ...code, balanced: false }], 64, new Rng(4));
    const freeCounts = new Array<number>(10).fill(0);
    valuesOf(free!).forEach((v) => (freeCounts[v]! += 1));
    free!.dispose();
    expect(freeCounts.some((c) => c < 6 || c > 7)).toBe(true);
  });

  it('refuses a balanced flag that is not a boolean', () => {
    expect(() => checkInputs([{ kind: 'categorical', name: 'code', classes: 10, balanced: 'yes' as never }], 'test')).toThrowError(ConfigError);
    expect(() => checkInputs([{ kind: 'categorical', name: 'code', classes: 10, balanced: true }], 'test')).not.toThrow();
  });
});
