/**
 * One planned run, trained and evaluated into a run folder, turned into the record the report is made
 * of. A local bench and a queue worker both call {@link executeRun}, so a run's numbers do not depend
 * on where it ran.
 * @module
 */
import { metrics } from '@gankit/core';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Output } from '../progress.js';
import type { RunSummary } from '../report.js';
import { OutputDirectoryError } from '../errors.js';
import { readRunRecord, runPaths } from '../run-dir.js';
import { readRunLog } from '../run-log.js';
import { dataFingerprint } from '../setup.js';
import { trainRun } from '../training.js';
import type { LoadedDataset, PlannedRun } from './plan.js';
import { datasetView, flatPoints } from './view.js';

/** Steps between checkpoints of a bench run, unless a worker is told otherwise. */
export const BENCH_CHECKPOINT_EVERY = 500;

/** What one run produced: its row of results.json, and its sample grid (PNG bytes) when it has one. */
export interface RunOutcome {
  summary: RunSummary;
  /** The final sample grid as PNG; the report stores it as `grids/<id>.png`. */
  grid?: Uint8Array;
}

/** Options of {@link executeRun}. */
export interface ExecuteRunOptions {
  /** The run folder: checkpoints, log and evaluations (reused when it holds a finished run). */
  dir: string;
  /** The run's dataset, loaded as {@link loadBenchDataset} does. */
  data: LoadedDataset;
  /** Name of the backend in use. */
  backend: string;
  signal: AbortSignal;
  out: Output;
  /** Steps between checkpoints (default {@link BENCH_CHECKPOINT_EVERY}). */
  checkpointEvery?: number;
  /** Where warnings go (skipped checkpoints, removed temporaries); default stderr. */
  warn?: (line: string) => void;
  /** The plug-ins loaded, which a new run records as the ones it needs. */
  plugins?: string[];
}

/** The row of a run that is not trained: skipped, with the reason. */
export function skippedSummary(run: PlannedRun, note: string): RunSummary {
  return { ...emptySummary(run), note };
}

function emptySummary(run: PlannedRun): RunSummary {
  return { id: run.id, variant: run.variant, dataset: run.dataset, seed: run.seed, status: 'skipped', steps: 0, trainSeconds: 0, samplesPerSecond: 0, scores: {}, evaluations: [], curve: [] };
}

/** The row of a run that failed before it produced a run folder (a worker's error), with the error. */
export function failedSummary(run: PlannedRun, error: string): RunSummary {
  return { ...emptySummary(run), status: 'failed', note: error };
}

/**
 * Trains and evaluates `run` in `o.dir` (continuing an interrupted run there, reusing a finished one),
 * then reads the folder into its {@link RunOutcome}. The caller checks `run.skip` first.
 */
export async function executeRun(run: PlannedRun, o: ExecuteRunOptions): Promise<RunOutcome> {
  const record = readRunRecord(o.dir);
  const finished = record?.status === 'done' || record?.status === 'failed';
  if (finished && record.dataHash !== undefined) {
    const dataHash = dataFingerprint(o.data.train);
    if (dataHash !== record.dataHash) {
      throw new OutputDirectoryError(
        `${o.dir}: the finished run was trained on other data than '${run.dataset}' holds now (content hash ${dataHash.slice(0, 12)}..., recorded ${record.dataHash.slice(0, 12)}...); it was not reused, and nothing was changed. Restore the original data, or choose a new --out.`,
      );
    }
  }
  if (finished) o.out.write(`${run.id}: reusing the finished run (${record.status} at step ${record.step})\n`);
  const result = finished
    ? undefined
    : await trainRun({
        dir: o.dir,
        settings: {
          variant: run.variant,
          dataset: run.dataset,
          seed: run.seed,
          ...(run.preset ? { preset: run.preset } : {}),
          config: run.config,
          ...(run.dataOptions ? { dataOptions: run.dataOptions } : {}),
          budget: run.budget,
        },
        resume: 'if-present',
        strictSettings: true,
        checkpointEvery: o.checkpointEvery ?? BENCH_CHECKPOINT_EVERY,
        signal: o.signal,
        out: o.out,
        label: run.id,
        evaluations: { count: run.evaluations, metrics: run.metrics.map((m) => metrics.get(m)), samples: run.samples, reference: o.data.test },
        data: o.data.train,
        backend: o.backend,
        ...(o.warn ? { warn: o.warn } : {}),
        ...(o.plugins ? { plugins: o.plugins } : {}),
      });
  result?.trainer.dispose();
  return readOutcome(run, o.dir, o.data);
}

/** Reads a run folder into the run's {@link RunOutcome}. */
async function readOutcome(run: PlannedRun, dir: string, data: LoadedDataset): Promise<RunOutcome> {
  const final = readRunRecord(dir)!;
  const paths = runPaths(dir);
  const evals = existsSync(paths.evaluation) ? (JSON.parse(await readFile(paths.evaluation, 'utf8')) as RunSummary['evaluations']) : [];
  const last = evals.at(-1);
  const summary: RunSummary = {
    ...emptySummary(run),
    status: final.status === 'running' ? 'stopped' : final.status,
    ...(final.error ? { note: final.error } : {}),
    steps: final.step,
    trainSeconds: final.trainSeconds,
    samplesPerSecond: final.trainSeconds > 0 ? (final.step * run.batchSize) / final.trainSeconds : 0,
    scores: Object.fromEntries(Object.entries(last?.scores ?? {}).map(([k, v]) => [k, { value: v.value, ...(v.stderr !== undefined ? { stderr: v.stderr } : {}), ...(v.note ? { note: v.note } : {}) }])),
    evaluations: evals,
    ...(await readCurves(paths.log)),
    ...(final.sampledWith ? { sampledWith: final.sampledWith } : {}),
  };
  const outcome: RunOutcome = { summary };
  const grid = join(paths.samples, 'final.png');
  if (existsSync(grid)) {
    outcome.grid = new Uint8Array(await readFile(grid));
    summary.grid = gridPath(run.id);
  }
  const points = join(paths.samples, 'final.json');
  const { plane } = datasetView(data.test);
  if (existsSync(points) && plane) {
    summary.points = flatPoints((JSON.parse(await readFile(points, 'utf8')) as number[][]).slice(0, 500), plane);
  }
  return outcome;
}

/** Where a run's sample grid goes, relative to the report directory. */
export function gridPath(id: string): string {
  return join('grids', `${id}.png`);
}

function downsample<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  const stride = xs.length / max;
  return Array.from({ length: max }, (_, i) => xs[Math.floor(i * stride)]!).concat([xs[xs.length - 1]!]);
}

/** The loss curves and every other number the steps reported, from log.jsonl, down-sampled. */
async function readCurves(logPath: string): Promise<Pick<RunSummary, 'curve' | 'extraCurves'>> {
  const steps = downsample((await readRunLog(logPath)).steps, 200);
  const extraCurves: Record<string, Array<[number, number]>> = {};
  for (const s of steps) for (const [name, value] of Object.entries(s.extra ?? {})) (extraCurves[name] ??= []).push([s.step, value]);
  return { curve: steps.map((s) => [s.step, s.dLoss, s.gLoss, s.dReal, s.dFake]), ...(Object.keys(extraCurves).length ? { extraCurves } : {}) };
}
