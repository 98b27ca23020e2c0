/**
 * What travels through Redis, and its checks: a job (one planned run of a sweep), a finished job's
 * result (the run's row of the report and its PNG grid) and a sweep's description. Everything read
 * back is checked field by field, so a job or value written by another program or another version is
 * reported as such (naming the job, the field, what was expected and what was found) instead of
 * failing somewhere inside training or the report.
 * @module
 */
import { SIZE_LIMITS } from '@gankit/core';
import type { BenchManifest, PlannedRun } from '../bench/plan.js';
import { JobPayloadError, QueueMessageError } from '../errors.js';
import type { RunSummary } from '../report.js';

/** Value of `format` in a job's data. */
export const JOB_FORMAT = 'gankit-bench-job';
/** Value of `format` in a finished job's result. */
export const RESULT_FORMAT = 'gankit-bench-result';
/** Value of `format` in a sweep's description. */
export const SWEEP_FORMAT = 'gankit-sweep';

/** A job's data: one run of a sweep, fully resolved. */
export interface RunJob {
  format: typeof JOB_FORMAT;
  version: 1;
  /** Id of the sweep the run belongs to. */
  sweep: string;
  run: PlannedRun;
}

/** What a worker returns for a finished job. */
export interface RunJobResult {
  format: typeof RESULT_FORMAT;
  version: 1;
  /** The run's row of results.json, exactly as a local bench writes it. */
  summary: RunSummary;
  /** The final sample grid, PNG bytes in base64. */
  grid?: string;
  /** Which worker ran it: `host:pid`. */
  worker: string;
  /** The worker's backend. */
  backend: string;
  /** The step the run continued from (a retried job resuming from a checkpoint in the store). */
  resumedFrom?: number;
  /** Wall-clock seconds the job took on the worker. */
  seconds: number;
  /** CPU seconds the worker's process spent on the job (every thread, user and system). */
  cpuSeconds?: number;
}

/** A sweep's description, kept in Redis beside its jobs. */
export interface SweepInfo {
  format: typeof SWEEP_FORMAT;
  version: 1;
  id: string;
  status: 'open' | 'cancelled';
  createdAt: string;
  /** Who submitted it: `host:pid`. */
  submittedBy: string;
  /** The bench's settings (its bench.json). */
  manifest: BenchManifest;
  /** Job ids of the sweep's runs (skipped runs have none), in report order. */
  jobs: string[];
}

type Fail = (field: string, expected: string, found: unknown) => never;

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function failWith(make: (message: string) => Error, where: string): Fail {
  return (field, expected, found) => {
    throw make(`${where}: ${field}: expected ${expected}, found ${show(found)}`);
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkHeader(v: unknown, format: string, fail: Fail): asserts v is Record<string, unknown> {
  if (!isObject(v)) fail('(the whole value)', `an object with format '${format}'`, v);
  if (v.format !== format) fail('format', `'${format}'`, v.format);
  if (v.version !== 1) fail('version', '1 (written by another gankit version?)', v.version);
}

const str = (v: Record<string, unknown>, key: string, fail: Fail, prefix = ''): string => (typeof v[key] === 'string' && v[key] !== '' ? (v[key] as string) : fail(`${prefix}${key}`, 'a non-empty string', v[key]));
const int = (v: Record<string, unknown>, key: string, fail: Fail, min: number, prefix = '', max = Number.MAX_SAFE_INTEGER): number =>
  Number.isSafeInteger(v[key]) && (v[key] as number) >= min && (v[key] as number) <= max
    ? (v[key] as number)
    : fail(`${prefix}${key}`, max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`, v[key]);
const num = (v: Record<string, unknown>, key: string, fail: Fail, prefix = ''): number =>
  typeof v[key] === 'number' && Number.isFinite(v[key]) ? (v[key] as number) : fail(`${prefix}${key}`, 'a finite number', v[key]);
const obj = (v: Record<string, unknown>, key: string, fail: Fail, prefix = ''): Record<string, unknown> => (isObject(v[key]) ? v[key] : fail(`${prefix}${key}`, 'an object', v[key]));
const strings = (v: Record<string, unknown>, key: string, fail: Fail, prefix = ''): string[] =>
  Array.isArray(v[key]) && (v[key] as unknown[]).every((s) => typeof s === 'string') ? (v[key] as string[]) : fail(`${prefix}${key}`, 'an array of strings', v[key]);

function checkBudget(budget: Record<string, unknown>, fail: Fail, prefix: string): void {
  if (budget.steps === undefined && budget.seconds === undefined) fail(`${prefix}budget`, 'steps or seconds', budget);
  if (budget.steps !== undefined) int(budget, 'steps', fail, 1, `${prefix}budget.`);
  if (budget.seconds !== undefined && !(num(budget, 'seconds', fail, `${prefix}budget.`) > 0)) fail(`${prefix}budget.seconds`, 'a number > 0', budget.seconds);
}

/**
 * Checks a job's data and returns it typed. Throws {@link JobPayloadError} naming the job and the first
 * field that is wrong.
 */
export function parseRunJob(data: unknown, jobId: string): RunJob {
  const fail = failWith((m) => new JobPayloadError(m), `job '${jobId}'`);
  checkHeader(data, JOB_FORMAT, fail);
  // Both name folders in a worker's --store: nothing that could lead out of it.
  if (!/^[A-Za-z0-9_-]+$/.test(str(data, 'sweep', fail))) fail('sweep', "a sweep id (letters, digits, '-', '_')", data.sweep);
  const run = obj(data, 'run', fail);
  const p = 'run.';
  const id = str(run, 'id', fail, p);
  if (!/^[A-Za-z0-9._-]+$/.test(id) || /^\.+$/.test(id)) fail(`${p}id`, "a folder name (letters, digits, '.', '-', '_'; not '.' or '..')", id);
  str(run, 'variant', fail, p);
  str(run, 'dataset', fail, p);
  int(run, 'seed', fail, 0, p);
  if (run.preset !== undefined) str(run, 'preset', fail, p);
  obj(run, 'config', fail, p);
  if (run.dataOptions !== undefined) obj(run, 'dataOptions', fail, p);
  checkBudget(obj(run, 'budget', fail, p), fail, p);
  strings(run, 'metrics', fail, p);
  // The limits of the command line (SIZE_LIMITS): a job asks a worker for no more than a local bench may.
  int(run, 'samples', fail, 1, p, SIZE_LIMITS.samples);
  int(run, 'evaluations', fail, 1, p, SIZE_LIMITS.evaluations);
  int(run, 'batchSize', fail, 1, p, SIZE_LIMITS.batchSize);
  if (run.skip !== undefined) fail(`${p}skip`, 'nothing (a skipped run is never queued)', run.skip);
  return data as unknown as RunJob;
}

const STATUSES = ['done', 'failed', 'stopped', 'skipped', 'running'];

/**
 * Checks a finished job's result and returns it typed. Throws {@link QueueMessageError} naming the job
 * and the first field that is wrong.
 */
export function parseRunResult(value: unknown, jobId: string): RunJobResult {
  const fail = failWith((m) => new QueueMessageError(m), `result of job '${jobId}'`);
  checkHeader(value, RESULT_FORMAT, fail);
  const s = obj(value, 'summary', fail);
  const p = 'summary.';
  for (const key of ['id', 'variant', 'dataset']) str(s, key, fail, p);
  int(s, 'seed', fail, 0, p);
  if (!STATUSES.includes(s.status as string)) fail(`${p}status`, `one of ${STATUSES.join(', ')}`, s.status);
  int(s, 'steps', fail, 0, p);
  num(s, 'trainSeconds', fail, p);
  num(s, 'samplesPerSecond', fail, p);
  obj(s, 'scores', fail, p);
  if (!Array.isArray(s.evaluations)) fail(`${p}evaluations`, 'an array', s.evaluations);
  if (!Array.isArray(s.curve)) fail(`${p}curve`, 'an array', s.curve);
  if (value.grid !== undefined && (typeof value.grid !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value.grid))) fail('grid', 'PNG bytes in base64', value.grid);
  str(value, 'worker', fail);
  str(value, 'backend', fail);
  num(value, 'seconds', fail);
  if (value.cpuSeconds !== undefined) num(value, 'cpuSeconds', fail);
  if (value.resumedFrom !== undefined) int(value, 'resumedFrom', fail, 0);
  return value as unknown as RunJobResult;
}

/**
 * Checks a sweep's description as read from Redis (`text` is the stored JSON). Throws
 * {@link QueueMessageError} naming the key and the field.
 */
export function parseSweepInfo(text: string, key: string): SweepInfo {
  const fail = failWith((m) => new QueueMessageError(m), `Redis ${key}`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new QueueMessageError(`Redis ${key}: not valid JSON (${(error as Error).message}); expected a gankit sweep description`);
  }
  checkHeader(value, SWEEP_FORMAT, fail);
  str(value, 'id', fail);
  if (value.status !== 'open' && value.status !== 'cancelled') fail('status', "'open' or 'cancelled'", value.status);
  str(value, 'createdAt', fail);
  str(value, 'submittedBy', fail);
  const manifest = obj(value, 'manifest', fail);
  strings(manifest, 'variants', fail, 'manifest.');
  strings(manifest, 'datasets', fail, 'manifest.');
  strings(value, 'jobs', fail);
  return value as unknown as SweepInfo;
}
