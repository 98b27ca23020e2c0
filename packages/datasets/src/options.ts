/**
 * Option checking shared by the loaders: every problem is collected and reported at once as core's
 * `ConfigError` (where, what was expected, what was found).
 * @module
 */
import { ConfigError, SIZE_LIMITS, type ConfigIssue } from '@gankit/core';

/** Collects option problems; {@link OptionChecker.done} throws them together. */
export class OptionChecker {
  private readonly issues: ConfigIssue[] = [];

  /** @param where e.g. `options of dataset 'ring8'`. */
  constructor(readonly where: string) {}

  /** Records a problem unless `ok`. */
  check(ok: boolean, path: string, expected: string, found: unknown): this {
    if (!ok) this.issues.push({ path, expected, found });
    return this;
  }

  /** Records every key of `options` not in `known` (catches typos such as `splt`). */
  known(options: object, known: readonly string[]): this {
    for (const key of Object.keys(options)) {
      if (!known.includes(key) && (options as Record<string, unknown>)[key] !== undefined) {
        this.issues.push({ path: key, expected: `one of the options ${known.join(', ')}`, found: key });
      }
    }
    return this;
  }

  /** Throws a `ConfigError` listing every recorded problem, if any. */
  done(): void {
    if (this.issues.length) throw new ConfigError(this.where, this.issues);
  }
}

/** True for an integer >= `min`. */
export function isInt(value: unknown, min = 1): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/** True for an integer in [min, max]. */
export function isIntUpTo(value: unknown, max: number, min = 1): value is number {
  return isInt(value, min) && value <= max;
}

/** True for a finite number in [lo, hi] (or (lo, hi] with `openLow`). */
export function isIn(value: unknown, lo: number, hi: number, openLow = false): value is number {
  return typeof value === 'number' && Number.isFinite(value) && (openLow ? value > lo : value >= lo) && value <= hi;
}

/** True for `[height, width]` of positive integers within `SIZE_LIMITS` (an image folder's `size`). */
export function isImageSize(size: unknown): size is [number, number] {
  return Array.isArray(size) && size.length === 2 && size.every((d) => isIntUpTo(d, SIZE_LIMITS.layerSize)) && size[0]! * size[1]! <= SIZE_LIMITS.imagePixels;
}
