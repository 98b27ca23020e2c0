/**
 * Size-like dataset options are bounded by core's SIZE_LIMITS (issue 31, items 7 and 10): a queue job's
 * `{"count": 1e9}` or `--data-options '{"size": 1e12}'` is a ConfigError naming the option and the
 * limit, refused before anything is allocated, the same for train, bench and queue workers (they all
 * load data through these loaders).
 */
import { ConfigError, Rng, SIZE_LIMITS, datasets } from '@gankit/core';
import { describe, expect, it } from 'vitest';
import './register.js';

async function refusal(name: string, options: Record<string, unknown>): Promise<ConfigError> {
  const error = await datasets
    .get(name)
    .load(options as never, { rng: new Rng(1) })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(ConfigError.isInstance(error), `expected a ConfigError, got ${String(error)}`).toBe(true);
  return error as ConfigError;
}

describe('size-like dataset options', () => {
  it("refuses ring8's count 1e9 and size 1e12 before allocating, naming the limit", async () => {
    expect((await refusal('ring8', { count: 1e9 })).message).toMatch(new RegExp(`count: expected an integer from 1 to ${SIZE_LIMITS.mixtureModes}, found 1000000000`));
    expect((await refusal('ring8', { size: 1e12 })).message).toMatch(new RegExp(`size: expected an integer from 1 to ${SIZE_LIMITS.datasetExamples}, found 1000000000000`));
  });

  it("refuses grid25's side 1e5 and sine's size x points past the element limit", async () => {
    expect((await refusal('grid25', { side: 1e5 })).message).toMatch(/side: expected an integer from 1 to 100 \(at most 10000 modes\), found 100000/);
    expect((await refusal('sine', { size: 5_000_000, points: 1000 })).message).toMatch(new RegExp(`size x points: expected at most ${SIZE_LIMITS.datasetElements} numbers in all`));
  });

  it('still loads the defaults and sizes within the limits', async () => {
    const ring = await datasets.get('ring8').load({ size: 100, count: 12 } as never, { rng: new Rng(1) });
    expect(ring.spec.size).toBe(100);
  });
});
