/**
 * Checking model options in one place: every unknown key and bad value is reported with its path.
 * @module
 */
import { ConfigError, type ConfigIssue } from '@gankit/core';

/** Returns what was expected when `value` is wrong, else `undefined`. */
export type OptionCheck = (value: unknown) => string | undefined;

/** An integer at least `min`. */
export const integer =
  (min: number): OptionCheck =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min ? undefined : `an integer >= ${min}`;

/** A number in `[min, max)`. */
export const numberIn =
  (min: number, max: number): OptionCheck =>
  (v) =>
    typeof v === 'number' && v >= min && v < max ? undefined : `a number in [${min}, ${max})`;

/** A non-empty array of positive integers. */
export const widths: OptionCheck = (v) =>
  Array.isArray(v) && v.length > 0 && v.every((w) => Number.isInteger(w) && w > 0) ? undefined : 'a non-empty array of positive integers';

/** `true` or `false`. */
export const boolean: OptionCheck = (v) => (typeof v === 'boolean' ? undefined : 'true or false');

/** One of `values`. */
export const oneOf =
  (...values: string[]): OptionCheck =>
  (v) =>
    values.includes(v as string) ? undefined : values.map((x) => `'${x}'`).join(' or ');

/**
 * Throws one {@link ConfigError} for `model` listing unknown keys (a misspelt option would otherwise be
 * ignored) and bad values, plus any `extra` issues.
 */
export function checkOptions(model: string, options: object, checks: Record<string, OptionCheck>, extra: ConfigIssue[] = []): void {
  const issues: ConfigIssue[] = [];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const check = checks[key];
    if (check === undefined) issues.push({ path: key, expected: `one of the options ${Object.keys(checks).join(', ')}`, found: value });
    else {
      const expected = check(value);
      if (expected !== undefined) issues.push({ path: key, expected, found: value });
    }
  }
  issues.push(...extra);
  if (issues.length > 0) throw new ConfigError(`options of model '${model}'`, issues);
}
