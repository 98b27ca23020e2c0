/**
 * One place that checks regularizer options, so every problem is reported with its field, what was
 * expected and what was found.
 * @module
 */
import { ConfigError, type ConfigIssue } from '@gankit/core';

/** A check for one option: returns what was expected when `value` is wrong, else `undefined`. */
export type OptionCheck = (value: unknown) => string | undefined;

/** A finite number at least `min` (or above it when `exclusive`). */
export function finiteNumber(min: number, exclusive = false): OptionCheck {
  const expected = `a finite number ${exclusive ? '>' : '>='} ${min}`;
  return (v) => (typeof v === 'number' && Number.isFinite(v) && (exclusive ? v > min : v >= min) ? undefined : expected);
}

/**
 * Throws one {@link ConfigError} listing every unknown key and every bad value of `options`.
 * Unknown keys are errors because a misspelt option (`{ clipValue: 0.1 }`) would otherwise be
 * ignored silently and the default used.
 */
export function checkOptions(where: string, options: object, checks: Record<string, OptionCheck>): void {
  const issues: ConfigIssue[] = [];
  const known = Object.keys(checks);
  for (const [key, value] of Object.entries(options)) {
    const check = checks[key];
    if (check === undefined) {
      issues.push({ path: key, expected: known.length ? `one of the options ${known.join(', ')}` : 'no options', found: value });
    } else if (value !== undefined) {
      const expected = check(value);
      if (expected !== undefined) issues.push({ path: key, expected, found: value });
    }
  }
  if (issues.length > 0) throw new ConfigError(where, issues);
}

/** `defaults` overridden by the options that are set (an explicit `undefined` keeps the default). */
export function withDefaults<T extends object>(defaults: Readonly<T>, options: Partial<T>): T {
  const set = Object.entries(options).filter(([, v]) => v !== undefined);
  return { ...defaults, ...(Object.fromEntries(set) as Partial<T>) };
}
