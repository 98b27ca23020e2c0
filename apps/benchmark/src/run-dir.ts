import { DiskFullError, NotRegisteredError } from '@gankit/core';
/**
 * A training run's directory: `run.json` (what was asked and how far it got), `log.jsonl` (every step's
 * numbers), `checkpoints/`, `samples/`. Commands never write into a directory holding anything else.
 * @module
 */
import { writeFileAtomic } from '@gankit/core/node';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputDirectoryError, UsageError } from './errors.js';
import { LOCK_FILE } from './run-lock.js';

/** Value of `format` in run.json. */
export const RUN_FORMAT = 'gankit-run';

/** What a run was asked to do: two runs with equal settings are interchangeable. */
export interface RunSettings {
  variant: string;
  dataset: string;
  seed: number;
  /** The variant preset applied before `config` (e.g. `small`). */
  preset?: string;
  /** Config overrides merged into the variant's defaults. */
  config: Record<string, unknown>;
  /** The dataset's own options (`--data-options`), passed to its `load` beside `split`. */
  dataOptions?: Record<string, unknown>;
  budget: { steps?: number; seconds?: number };
}

/** Contents of run.json. */
export interface RunRecord extends RunSettings {
  format: typeof RUN_FORMAT;
  version: 1;
  status: 'running' | 'stopped' | 'done' | 'failed';
  /** Completed steps. */
  step: number;
  /** Seconds spent in training steps (evaluation and checkpoint time excluded). */
  trainSeconds: number;
  backend: string;
  /**
   * SHA-256 of the training data the run started on (every example and label, in order), so a resume
   * on other data (a moved or edited image folder) is refused rather than silently trained on.
   */
  dataHash?: string;
  /**
   * The plug-ins loaded when the run was created (`--plugin` and gankit.config.json; files as absolute
   * paths): what `eval`, `sample` and `--resume` need loaded again. Absent: none, or a run from before.
   */
  plugins?: string[];
  /** Steps between checkpoints (`--checkpoint-every`), kept for `--resume`. Absent in older runs (200). */
  checkpointEvery?: number;
  /** Whether samples and evaluations use a moving average of the generator's weights (`config.ema`). */
  sampledWith?: 'ema' | 'live';
  startedAt: string;
  updatedAt: string;
  error?: string;
}

/** Paths inside a run directory. */
export function runPaths(dir: string) {
  return {
    record: join(dir, 'run.json'),
    log: join(dir, 'log.jsonl'),
    checkpoints: join(dir, 'checkpoints'),
    samples: join(dir, 'samples'),
    evaluation: join(dir, 'eval.json'),
  };
}

/** Reads run.json of `dir`, or `undefined` if `dir` has none. Throws if it is not a gankit run record. */
export function readRunRecord(dir: string): RunRecord | undefined {
  const path = runPaths(dir).record;
  if (!existsSync(path)) return undefined;
  let parsed: Partial<RunRecord>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new OutputDirectoryError(`${path}: not valid JSON (${(error as Error).message}); not a gankit run`);
  }
  if (parsed.format !== RUN_FORMAT) throw new OutputDirectoryError(`${path}: format is ${JSON.stringify(parsed.format)}, not '${RUN_FORMAT}'`);
  return parsed as RunRecord;
}

/**
 * Writes run.json atomically. On a full disk, where even the small temporary file finds no room, it
 * is overwritten in place instead, within the space the old one already holds, so a run that stops for
 * lack of space can still say so.
 */
export async function writeRunRecord(dir: string, record: RunRecord): Promise<void> {
  const path = runPaths(dir).record;
  const text = JSON.stringify({ ...record, updatedAt: new Date().toISOString() }, null, 2) + '\n';
  try {
    await writeFileAtomic(path, text);
  } catch (error) {
    if (!DiskFullError.isInstance(error) || !(await overwriteWithinAllocation(path, text))) throw error;
  }
}

/**
 * Overwrites the file at `path` with `text` in one write, without growing it past the blocks it holds
 * already (so no space is needed): padded with spaces (JSON allows trailing white space) to the old
 * length. Returns false, changing nothing, when the text does not fit or the file is missing.
 */
async function overwriteWithinAllocation(path: string, text: string): Promise<boolean> {
  const handle = await open(path, 'r+').catch(() => undefined);
  if (!handle) return false;
  try {
    const stats = await handle.stat();
    const bytes = Buffer.from(text);
    if (bytes.length > stats.blocks * 512) return false;
    const padded = Buffer.alloc(Math.max(bytes.length, stats.size), ' ');
    bytes.copy(padded);
    await handle.write(padded, 0, padded.length, 0);
    await handle.sync();
    return true;
  } finally {
    await handle.close();
  }
}

/** Whether `dir` is missing or an empty directory. Throws if it is a file. */
export function isEmptyOrMissing(dir: string): boolean {
  if (!existsSync(dir)) return true;
  if (!statSync(dir).isDirectory()) throw new OutputDirectoryError(`${dir}: is a file, not a directory; choose another output path`);
  // A lock without a run is another process starting one: the lock itself then says who.
  return readdirSync(dir).filter((n) => n !== LOCK_FILE).length === 0;
}

/** Refuses an output directory that holds anything but a gankit run; returns its record if it holds one. */
export function checkRunDirectory(dir: string): RunRecord | undefined {
  if (isEmptyOrMissing(dir)) return undefined;
  const record = readRunRecord(dir);
  if (!record) {
    const first = readdirSync(dir).slice(0, 3).join(', ');
    throw new OutputDirectoryError(
      `${dir}: holds other files (${first}${readdirSync(dir).length > 3 ? ', ...' : ''}); nothing was written. Choose an empty or new directory.`,
    );
  }
  return record;
}

/** One setting that differs between what a directory was made for and what was asked now. */
export interface SettingDifference {
  /** The option that sets it, e.g. `--metrics`. */
  setting: string;
  before: string;
  after: string;
}

/**
 * Compares two sets of settings field by field. `fields` maps each option name to how to read its value;
 * `unset` says how to show a value that was not given (default `(not set)`).
 */
export function compareSettings<S>(
  before: S,
  after: S,
  fields: Record<string, (settings: S) => unknown>,
  unset: Record<string, string> = {},
): SettingDifference[] {
  const show = (setting: string, value: unknown): string => {
    if (value === undefined || value === null) return unset[setting] ?? '(not set)';
    if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) return value.join(',');
    return typeof value === 'object' ? JSON.stringify(sortKeys(value)) : String(value);
  };
  const differences: SettingDifference[] = [];
  for (const [setting, read] of Object.entries(fields)) {
    const [a, b] = [read(before), read(after)];
    if (JSON.stringify(sortKeys(a ?? null)) !== JSON.stringify(sortKeys(b ?? null))) {
      differences.push({ setting, before: show(setting, a), after: show(setting, b) });
    }
  }
  return differences;
}

/** Lines naming each difference: `  --metrics: was modes, now modes,hq`. */
export function describeDifferences(differences: readonly SettingDifference[]): string {
  return differences.map((d) => `  ${d.setting}: was ${d.before}, now ${d.after}`).join('\n');
}

/** Where two run settings differ, by the option that sets each. */
export function settingsDifferences(a: RunSettings, b: RunSettings): SettingDifference[] {
  return compareSettings(
    a,
    b,
    {
      '--variant': (s) => s.variant,
      '--dataset': (s) => s.dataset,
      '--seed': (s) => s.seed,
      '--preset': (s) => s.preset,
      '--config': (s) => s.config,
      '--data-options': (s) => s.dataOptions,
      '--steps': (s) => s.budget.steps,
      '--seconds': (s) => s.budget.seconds,
    },
    { '--preset': '(none)' },
  );
}

/** Two settings describe the same run. */
export function sameSettings(a: RunSettings, b: RunSettings): boolean {
  return settingsDifferences(a, b).length === 0;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/**
 * Runs `f` (a command's work on the run in `dir`) and, when something the run needs is not registered,
 * says which plug-ins the run was trained with and how to pass them, instead of only "No dataset named".
 * `command` is the command line up to the run directory, e.g. `eval` or `train --resume`.
 */
export async function withRunPlugins<T>(command: string, dir: string, record: RunRecord, loaded: readonly string[], f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (error) {
    if (!NotRegisteredError.isInstance(error)) throw error;
    const needed = record.plugins ?? [];
    const missing = needed.filter((p) => !loaded.includes(p));
    const flags = missing.map((p) => `--plugin ${/\s/.test(p) ? JSON.stringify(p) : p}`).join(' ');
    const hint = missing.length
      ? `the run was trained with ${missing.length > 1 ? 'plug-ins' : 'a plug-in'} not loaded now; pass ${missing.length > 1 ? 'them' : 'it'} again: 'gankit ${flags} ${command} ${dir}'`
      : needed.length
        ? `the plug-ins the run was trained with (${needed.join(', ')}) are loaded, but none registers it now`
        : 'run.json names no plug-ins (trained without any, or before gankit recorded them): pass the --plugin that registers it';
    throw new UsageError(`gankit ${command}: ${error.message.split('\n')[0]} The run in '${dir}' needs it: ${hint}.`);
  }
}
