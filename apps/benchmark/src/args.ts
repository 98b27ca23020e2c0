/**
 * Reading and checking command-line values: every invalid value is a {@link UsageError} naming the flag,
 * what it expects and what it got.
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

/** Option definitions in node:util parseArgs form. */
export type Options = NonNullable<ParseArgsConfig['options']>;

/** What {@link parse} returns: parseArgs' values and positionals for `options`. */
export type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: boolean; strict: true; options: O }>>;

/** Parses `argv` against `options`, turning parseArgs' errors into UsageErrors. */
export function parse<O extends Options>(command: string, argv: string[], options: O, allowPositionals = 0): Parsed<O> {
  let result;
  try {
    result = parseArgs({ args: joinNegativeValues(argv, options), allowPositionals: allowPositionals > 0, strict: true, options });
  } catch (error) {
    throw new UsageError(`gankit ${command}: ${(error as Error).message}. Run 'gankit ${command} --help' for usage.`);
  }
  if (result.positionals.length > allowPositionals) {
    throw new UsageError(`gankit ${command}: unexpected argument '${result.positionals[allowPositionals]}'. Run 'gankit ${command} --help' for usage.`);
  }
  return result;
}

/**
 * `--seed -1` as `--seed=-1`: parseArgs takes a value starting with '-' for another flag and reports it
 * as ambiguous, so a negative number never reached the range check that explains what is allowed.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** An integer flag within [min, max]; `undefined` when absent. */
export function intOption(flag: string, value: string | undefined, min = 0, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new UsageError(`--${flag}: expected an integer ${range}, got '${value}'`);
  }
  return n;
}

/** A positive finite number flag; `undefined` when absent. */
export function numberOption(flag: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= min) {
    throw new UsageError(`--${flag}: expected a number > ${min}, got '${value}'`);
  }
  return n;
}

/**
 * A flag that takes one value for every dataset, `dataset=value` pairs, or both: `--seconds
 * 20,mnist-embedded=150` is 150 on mnist-embedded and 20 on every other dataset. A pair splits at its
 * last `=`, so dataset names holding `=` or `:` (`images:./a=b=150`) still work. `undefined` when absent;
 * a pair naming a dataset not in `datasets`, or two values for one dataset, is refused by name.
 */
export function perDatasetOption(
  flag: string,
  value: string | undefined,
  datasets: readonly string[],
  read: (flag: string, value: string) => number,
): { all?: number; byDataset: Record<string, number> } | undefined {
  if (value === undefined) return undefined;
  let all: number | undefined;
  const byDataset: Record<string, number> = {};
  for (const item of listOption(flag, value)!) {
    const cut = item.lastIndexOf('=');
    if (cut < 0) {
      if (all !== undefined) throw new UsageError(`--${flag}: two values for every dataset ('${all}' and '${item}'); give one, and dataset=value for the others`);
      all = read(flag, item);
      continue;
    }
    const name = item.slice(0, cut).trim();
    if (!datasets.includes(name)) {
      throw new UsageError(`--${flag}: '${name}' is not one of the bench's datasets (${datasets.join(', ')}); expected dataset=value, e.g. '${datasets[0]}=${item.slice(cut + 1) || 60}'`);
    }
    if (name in byDataset) throw new UsageError(`--${flag}: two values for '${name}'`);
    byDataset[name] = read(flag, item.slice(cut + 1));
  }
  return { ...(all !== undefined ? { all } : {}), byDataset };
}

/** A comma-separated list flag (`a,b,c`); `undefined` when absent. */
export function listOption(flag: string, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError(`--${flag}: expected a comma-separated list, got '${value}'`);
  return items;
}

/** A comma-separated list of integers; `undefined` when absent. */
export function intListOption(flag: string, value: string | undefined, min = 0): number[] | undefined {
  return listOption(flag, value)?.map((item) => intOption(flag, item, min)!);
}

/** A JSON object flag or file content. */
export function jsonObject(flag: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${flag}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`--${flag}: expected a JSON object like {"batchSize": 32}, got ${text.slice(0, 60)}`);
  }
  return parsed as Record<string, unknown>;
}

/** Reads `--config` as inline JSON or a JSON file. */
export function configOverrides(text: string | undefined, batchSize: number | undefined, cwd: string): Record<string, unknown> {
  let config: Record<string, unknown> = {};
  if (text !== undefined) {
    if (text.trim().startsWith('{')) config = jsonObject('config', text);
    else {
      let content: string;
      try {
        content = readFileSync(resolve(cwd, text), 'utf8');
      } catch {
        throw new UsageError(`--config: '${text}' is neither a JSON object nor a readable file`);
      }
      config = jsonObject('config', content);
    }
  }
  if (batchSize !== undefined) config = { ...config, batchSize };
  return config;
}
