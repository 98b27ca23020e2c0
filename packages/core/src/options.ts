/**
 * Checking a plug-in's options in one place: every unknown key and every bad value is reported with its
 * path, what was expected and what was found, in one {@link ConfigError}.
 * @module
 */
import { ConfigError, type ConfigIssue } from './errors.js';

/** A check for one option: returns what was expected when `value` is wrong, else `undefined`. */
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

/** A finite number at least `min` (or above it when `exclusive`). */
export function finiteNumber(min: number, exclusive = false): OptionCheck {
  const expected = `a finite number ${exclusive ? '>' : '>='} ${min}`;
  return (v) => (typeof v === 'number' && Number.isFinite(v) && (exclusive ? v > min : v >= min) ? undefined : expected);
}

/** A non-empty array of positive integers (layer widths, filter counts). */
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
 * Throws one {@link ConfigError} for `where` (e.g. `options of model 'dcgan-generator'`) listing every
 * unknown key and every bad value of `options`, plus any `extra` issues. Unknown keys are errors because
 * a misspelt option (`{ clipValue: 0.1 }`) would otherwise be ignored and the default used.
 *
 * @example
 * ```ts
 * checkOptions("options of regularizer 'weight-clipping'", options, { clip: finiteNumber(0, true) });
 * ```
 */
export function checkOptions(where: string, options: object, checks: Record<string, OptionCheck>, extra: ConfigIssue[] = []): void {
  const issues: ConfigIssue[] = [];
  const known = Object.keys(checks);
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const check = checks[key];
    if (check === undefined) {
      issues.push({ path: key, expected: known.length ? `one of the options ${known.join(', ')}` : 'no options', found: value });
    } else {
      const expected = check(value);
      if (expected !== undefined) issues.push({ path: key, expected, found: value });
    }
  }
  issues.push(...extra);
  if (issues.length > 0) throw new ConfigError(where, issues);
}

/** `defaults` overridden by the options that are set (an explicit `undefined` keeps the default). */
export function withDefaults<T extends object>(defaults: Readonly<T>, options: Partial<T>): T {
  const set = Object.entries(options).filter(([, v]) => v !== undefined);
  return { ...defaults, ...(Object.fromEntries(set) as Partial<T>) };
}
