/**
 * One training run into a run directory, shared by `gankit train` and `gankit bench`: resumable,
 * checkpointed, logged, interruptible, with evaluations at fixed points of the budget.
 * @module
 */
import { DiskFullError, NonFiniteLossError, Sampler, Trainer, type DataSource, type Metric, type StepStats } from '@gankit/core';
import { checkpointEvery, LATEST_FILE, loadNewestValidCheckpoint, removeStaleTemporaries, saveCheckpoint, setCheckpointAside } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lockRunFolder } from './run-lock.js';
import { writeFileAtomic } from '@gankit/core/node';
import { OutputDirectoryError } from './errors.js';
import { evaluate, type Scores } from './evaluate.js';
import { Progress, type Output } from './progress.js';
import { checkRunDirectory, describeDifferences, runPaths, sameSettings, settingsDifferences, writeRunRecord, type RunRecord, type RunSettings } from './run-dir.js';
import { dataFingerprint, loadDataset } from './setup.js';
import { writeSamples } from './samples.js';
import { appendRunLog, tornLineNote, truncateRunLog } from './run-log.js';
import { refuseLinksInRunFolder } from './run-links.js';

/** Metrics at one point of training. */
export interface EvalPoint {
  step: number;
  trainSeconds: number;
  scores: Scores;
  /** Wall-clock seconds the evaluation took (sampling and every metric); absent in older runs. */
  seconds?: number;
}

/** Options of {@link trainRun}. */
export interface TrainRunOptions {
  dir: string;
  settings: RunSettings;
  /** Continue the run already in `dir` (its settings must match, apart from a larger budget). */
  resume: 'never' | 'if-present' | 'required';
  /** Reject a run in `dir` whose settings differ (bench) instead of adopting the new budget (train). */
  strictSettings?: boolean;
  checkpointEvery: number;
  signal?: AbortSignal;
  out: Output;
  label: string;
  /** Evaluate at this many evenly spaced points of the budget (the last at the end). */
  evaluations?: { count: number; metrics: Metric[]; samples: number; reference: DataSource };
  /** Data already loaded for these settings (bench shares it between variants). */
  data?: DataSource;
  backend: string;
  /** Where warnings go (skipped checkpoints); default stderr. */
  warn?: (line: string) => void;
  /** The plug-ins loaded (absolute paths or package names): a new run records them in run.json. */
  plugins?: string[];
  /**
   * Train the run in `dir` again from step 0 with its recorded settings (`train --resume --restart`):
   * its log and evaluations start afresh, its checkpoints are moved aside, not deleted.
   */
  restart?: boolean;
  /**
   * How the user continues the run, and starts it over, for messages (default: the bench's wording):
   * e.g. `gankit train --resume runs/a`.
   */
  commands?: { resume: string; restart: string };
}

/** What a run produced. */
export interface TrainRunResult {
  record: RunRecord;
  trainer: Trainer<any>;
  evaluations: EvalPoint[];
  /** Final step numbers, when a step ran in this call. */
  last?: StepStats;
}

async function readEvaluations(path: string): Promise<EvalPoint[]> {
  if (!existsSync(path)) return [];
  return JSON.parse(await readFile(path, 'utf8')) as EvalPoint[];
}

/** The commands of {@link TrainRunOptions.commands} for a bench's run folder. */
function benchCommands(dir: string): { resume: string; restart: string } {
  return { resume: 'run the same gankit bench command again', restart: `delete ${dir}, then run the same gankit bench command again` };
}

/** Runs (or continues) one training run, holding the run folder's lock. The caller disposes `result.trainer`. */
export async function trainRun(o: TrainRunOptions): Promise<TrainRunResult> {
  const existing = checkRunDirectory(o.dir);
  if (existing && o.resume === 'never') {
    throw new OutputDirectoryError(`${o.dir}: already holds a gankit run (step ${existing.step}); nothing was written. Pass --resume ${o.dir} to continue it, or choose a new --out.`);
  }
  if (o.restart && !existing) throw new OutputDirectoryError(`${o.dir}: holds no gankit run to restart (no run.json)`);
  if (!existing && o.resume === 'required') {
    throw new OutputDirectoryError(`${o.dir}: holds no gankit run to resume (no run.json)`);
  }
  if (existing && o.strictSettings && !sameSettings(existing, o.settings)) {
    throw new OutputDirectoryError(
      `${o.dir}: holds a run with other settings; nothing was overwritten.\n${describeDifferences(settingsDifferences(existing, o.settings))}\nUse another output directory.`,
    );
  }
  const created = !existsSync(o.dir);
  const lock = lockRunFolder(o.dir);
  try {
    return await trainLocked(o, existing);
  } catch (error) {
    // A run that never started leaves no folder behind.
    if (created && !existsSync(runPaths(o.dir).record)) {
      lock.release();
      await rm(o.dir, { recursive: true, force: true });
    }
    throw error;
  } finally {
    lock.release();
  }
}

/** The checkpoint to resume from, falling back past unusable ones (set aside, with a warning). */
async function resumeFrom(o: TrainRunOptions, settings: RunSettings, data: DataSource): Promise<Trainer<any> | undefined> {
  const paths = runPaths(o.dir);
  const names = existsSync(paths.checkpoints) ? readdirSync(paths.checkpoints) : [];
  if (!names.some((n) => /^step-\d{8,}$/.test(n) || n === LATEST_FILE)) return undefined;
  // Throws, touching nothing, when no checkpoint is usable.
  const { checkpoint, path, skipped } = await loadNewestValidCheckpoint(paths.checkpoints);
  const m = checkpoint.manifest;
  if (m.variant !== settings.variant || m.seed !== settings.seed) {
    throw new OutputDirectoryError(
      `${path}: is a checkpoint of variant '${m.variant}' with seed ${m.seed}, but ${paths.record} describes variant '${settings.variant}' with seed ${settings.seed}; nothing was changed. Resume it from its own run folder.`,
    );
  }
  const trainer = await Trainer.restore(checkpoint, data, path);
  for (const s of skipped) {
    const aside = /step-\d{8,}$/.test(s.path) ? await setCheckpointAside(s.path) : undefined;
    (o.warn ?? defaultWarn)(`warning: skipped ${s.path}: ${s.reason}${aside ? `; moved it to ${aside}` : ''}. Resuming from ${path} (step ${m.step}).\n`);
  }
  return trainer;
}

function defaultWarn(line: string): void {
  process.stderr.write(line);
}

/** Before a restart: the old checkpoints moved aside (never deleted), the old evaluations removed. */
async function setAsideForRestart(dir: string, warn: (line: string) => void): Promise<void> {
  const paths = runPaths(dir);
  if (existsSync(paths.checkpoints) && readdirSync(paths.checkpoints).length > 0) {
    const aside = `${paths.checkpoints}.before-restart-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(paths.checkpoints, aside);
    warn(`note: moved the old checkpoints to ${aside}\n`);
  }
  await rm(paths.evaluation, { force: true });
}

async function trainLocked(o: TrainRunOptions, existing: RunRecord | undefined): Promise<TrainRunResult> {
  const paths = runPaths(o.dir);
  const commands = o.commands ?? benchCommands(o.dir);
  const warn = o.warn ?? defaultWarn;
  // Nothing below writes or deletes through a link to outside the run folder.
  refuseLinksInRunFolder(o.dir);
  // Half-written files and checkpoints of a killed process (this process holds the lock now).
  for (const dir of [o.dir, paths.checkpoints, paths.samples]) {
    for (const name of await removeStaleTemporaries(dir)) warn(`note: removed ${join(dir, name)}, left by an interrupted write\n`);
  }
  const settings: RunSettings = existing ? { ...existing, budget: o.settings.budget } : o.settings;
  const data = o.data ?? (await loadDataset(settings.dataset, settings.seed, 'train', settings.dataOptions));

  const dataHash = dataFingerprint(data);
  if (existing?.dataHash !== undefined && existing.dataHash !== dataHash) {
    throw new OutputDirectoryError(
      `${o.dir}: the data of '${settings.dataset}' is not the data this run started on (content hash ${dataHash.slice(0, 12)}..., recorded ${existing.dataHash.slice(0, 12)}...); nothing was changed. Restore the original data, or start a new run.`,
    );
  }
  let trainer: Trainer<any>;
  let record: RunRecord;
  let evaluations: EvalPoint[] = [];
  const resumed = existing && !o.restart ? await resumeFrom(o, settings, data) : undefined;
  if (existing && !resumed && !o.restart && existing.step > 0) {
    // Starting over would silently replace the log of steps the run says it made.
    throw new OutputDirectoryError(
      `${paths.checkpoints}: ${existsSync(paths.checkpoints) ? 'holds no checkpoint' : 'is missing'}, but ${paths.record} says the run reached step ${existing.step}; nothing was changed. ` +
        `Restore the checkpoints, or train the run again from step 0: ${commands.restart}.`,
    );
  }
  if (existing && resumed) {
    trainer = resumed;
    const torn = await truncateRunLog(paths.log, trainer.step);
    if (torn !== undefined) warn(tornLineNote(paths.log, torn));
    evaluations = (await readEvaluations(paths.evaluation)).filter((e) => e.step <= trainer.step);
    const { error: _error, ...kept } = existing;
    record = { ...kept, budget: settings.budget, status: 'running', step: trainer.step, trainSeconds: trainer.trainSeconds, checkpointEvery: o.checkpointEvery };
  } else {
    if (o.restart) await setAsideForRestart(o.dir, warn);
    trainer = Trainer.create({ variant: settings.variant, data, seed: settings.seed, config: settings.config as never, ...(settings.preset ? { preset: settings.preset } : {}) });
    await mkdir(o.dir, { recursive: true });
    await writeFileAtomic(paths.log, '');
    const now = new Date().toISOString();
    const { error: _error, sampledWith: _sampledWith, ...kept } = settings as RunSettings & Partial<RunRecord>;
    record = {
      format: 'gankit-run',
      version: 1,
      ...kept,
      ...(o.plugins?.length ? { plugins: o.plugins } : {}),
      dataHash,
      status: 'running',
      step: 0,
      trainSeconds: 0,
      checkpointEvery: o.checkpointEvery,
      backend: o.backend,
      startedAt: now,
      updatedAt: now,
    };
  }
  await writeRunRecord(o.dir, record);

  const budget = settings.budget;
  const progress = new Progress(o.out, o.label, budget, trainer.config.batchSize);
  let pendingLog: string[] = [];
  const flushLog = async () => {
    if (pendingLog.length) await appendRunLog(paths.log, pendingLog.join(''));
    pendingLog = [];
  };

  // Evaluation points: evenly spaced fractions of the budget, measured in steps or training seconds.
  const evalCount = o.evaluations?.count ?? 0;
  const fractionDone = () =>
    Math.max(budget.steps ? trainer.step / budget.steps : 0, budget.seconds ? trainer.trainSeconds / budget.seconds : 0);
  const evalDue = () => evalCount > 0 && evaluations.length < evalCount && fractionDone() >= (evaluations.length + 1) / evalCount - 1e-9;
  const runEvaluation = async () => {
    const e = o.evaluations!;
    const started = performance.now();
    const sampler = Sampler.fromTrainer(trainer);
    // Costly metrics (Inception-v3 at 299x299) at the last evaluation only: they decide the table.
    const last = evaluations.length >= evalCount - 1;
    const spec = trainer.data.spec;
    const chosen = last ? e.metrics : e.metrics.filter((m) => !m.isCostly?.(spec));
    const scores = await evaluate(sampler, spec, e.reference, chosen, e.samples, settings.seed);
    sampler.dispose();
    const seconds = Math.round(performance.now() - started) / 1000;
    evaluations.push({ step: trainer.step, trainSeconds: trainer.trainSeconds, scores, seconds });
    await writeFileAtomic(paths.evaluation, JSON.stringify(evaluations, null, 2));
  };

  let last: StepStats | undefined;
  // Tensor count after the first step of this call (optimizer slots exist by then) and at the end:
  // equal unless something leaks.
  let tensorsAfterFirstStep: number | undefined;
  // Logging, progress, checkpoints and evaluations are listeners of one run; the Trainer owns the budget.
  const offStep = trainer.on('step', async (s) => {
    last = s;
    tensorsAfterFirstStep ??= tf.memory().numTensors;
    pendingLog.push(JSON.stringify(s) + '\n');
    progress.update(s, s.trainSeconds);
    // The log is flushed before each checkpoint (this listener runs first), so after a crash it holds
    // every step up to the checkpoint the run resumes from.
    if (pendingLog.length >= 50 || s.step % o.checkpointEvery === 0) await flushLog();
    if (evalDue()) await runEvaluation();
  });
  const offCheckpoint = checkpointEvery(trainer, {
    dir: paths.checkpoints,
    every: o.checkpointEvery,
    atEnd: false,
    // run.json follows the checkpoints, so a crash leaves the step and training time of the last one (or,
    // if it lands between a checkpoint's write and this one, of the checkpoint before, which is kept).
    onSave: async () => {
      record = { ...record, step: trainer.step, trainSeconds: trainer.trainSeconds };
      await writeRunRecord(o.dir, record);
    },
  });
  // Metrics load their feature networks now, so the tensor count of the run stays comparable.
  for (const metric of o.evaluations?.metrics ?? []) await metric.prepare?.(data.spec);
  try {
    await trainer.run({
      until: { ...(budget.steps !== undefined ? { step: budget.steps } : {}), ...(budget.seconds !== undefined ? { trainSeconds: budget.seconds } : {}) },
      ...(o.signal ? { signal: o.signal } : {}),
    });
    await flushLog();
    await saveCheckpoint(trainer, paths.checkpoints);
    if (!o.signal?.aborted && evaluations.length < evalCount && o.evaluations) await runEvaluation();
    await writeSamples(trainer, paths.samples);
    const trainSeconds = trainer.trainSeconds;
    record = { ...record, status: o.signal?.aborted ? 'stopped' : 'done', step: trainer.step, trainSeconds, sampledWith: trainer.averaged ? 'ema' : 'live' };
    await writeRunRecord(o.dir, record);
    progress.done(
      `${record.status === 'done' ? 'done' : 'stopped'} at step ${trainer.step} after ${trainSeconds.toFixed(1)}s of training ` +
        (tensorsAfterFirstStep !== undefined ? `(tensors after the first step ${tensorsAfterFirstStep}, now ${tf.memory().numTensors})` : ''),
    );
  } catch (error) {
    const diskFull = DiskFullError.isInstance(error);
    try {
      await flushLog();
    } catch (flushError) {
      // Steps after the last checkpoint: the resumed run trains them again.
      if (!DiskFullError.isInstance(flushError)) throw flushError;
    }
    const diverged = NonFiniteLossError.isInstance(error);
    if (DiskFullError.isInstance(error)) {
      // Not failed: once space is freed the run continues from its last checkpoint, whose step run.json keeps.
      const from = record.step > 0 ? `its last checkpoint (step ${record.step}) is kept` : 'it had no checkpoint yet, so it starts again from step 0';
      error.message += `. Training stopped after step ${trainer.step}; ${from}. Free some space, then: ${commands.resume}`;
      record = { ...record, status: 'stopped', error: `${error.name}: ${error.message}` };
    } else {
      record = { ...record, status: 'failed', step: trainer.step, trainSeconds: trainer.trainSeconds, error: `${(error as Error).name}: ${(error as Error).message}` };
    }
    await writeRunRecord(o.dir, record);
    // A non-finite step names its own step; anything else (a checkpoint write, an evaluation) happened after the last completed one.
    progress.done(`${diskFull ? 'stopped' : 'failed'} ${diverged ? `at step ${(error as { step: number }).step}` : `after step ${trainer.step}`}: ${(error as Error).message.split('\n')[0]}`);
    if (!diverged) {
      trainer.dispose();
      throw error;
    }
  } finally {
    offStep();
    offCheckpoint();
  }
  return { record, trainer, evaluations, ...(last ? { last } : {}) };
}
