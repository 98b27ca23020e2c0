/**
 * The working side of a queued bench: a BullMQ worker that takes one run at a time, trains and
 * evaluates it with the same code as a local bench ({@link executeRun}), and returns the run's row of
 * the report and its PNG grid through Redis. Checkpoints go to a shared `--store` folder when there is
 * one, so a job retried after its worker died continues from its last checkpoint; without a store, a
 * retried job starts over.
 * @module
 */
import { GankitError } from '@gankit/core';
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { datasetCache } from '../bench/data-cache.js';
import { safeName } from '../bench/plan.js';
import { executeRun } from '../bench/run.js';
import { OutputDirectoryError } from '../errors.js';
import type { Output } from '../progress.js';
import { readRunRecord } from '../run-dir.js';
import { LOCK_FILE } from '../run-lock.js';
import { persistentOptions, type QueueAddress } from './connection.js';
import { parseRunJob, type RunJob, type RunJobResult } from './messages.js';
import { QUEUE_NAME, QUEUE_PREFIX, SWEEPS_KEY } from './sweeps.js';

/**
 * How often a job may lose its worker (killed, machine gone) and be taken over by another before it
 * fails for good: the third loss fails it.
 */
export const MAX_STALLS = 2;

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  address: QueueAddress;
  /** Shared folder for run folders (checkpoints), reachable by every worker; none: a temporary folder per job. */
  store?: string;
  /**
   * Seconds without a sign of life after which a job's worker counts as dead and another takes the job
   * over (BullMQ's lock duration and stalled-check interval). Longer than the longest single step or
   * evaluation, which hold the event loop.
   */
  stallSeconds: number;
  /** Steps between checkpoints (into the store). */
  checkpointEvery: number;
  /** Aborted on Ctrl-C: the running job saves a checkpoint and goes back to the queue, and the worker stops. */
  signal: AbortSignal;
  backend: string;
  out: Output;
  err: Output;
}

/** Seconds between checks whether the running job's sweep was cancelled. */
const CANCEL_CHECK_MS = 2000;

/**
 * Runs a worker until `o.signal` is aborted. Errors that will recur on any worker (a bad job, a
 * variant or dataset this worker does not have, a config a variant refuses) fail the job at once;
 * others are retried, up to the job's attempts.
 */
export async function runWorker(o: WorkerOptions): Promise<void> {
  const me = `${hostname()}:${process.pid}`;
  const redis = new Redis(persistentOptions(o.address));
  let disconnected = false;
  let closing = false;
  const lost = (error: Error) => {
    if (disconnected || closing) return;
    disconnected = true;
    o.err.write(`worker ${me}: lost the connection to Redis at ${o.address.display} (${(error as NodeJS.ErrnoException).code ?? error.message}); reconnecting...\n`);
  };
  redis.on('error', lost);
  // A restart that is over before the first retry raises no error: the closed socket says it.
  redis.on('close', () => lost(new Error('connection closed')));
  redis.on('ready', () => {
    if (!disconnected) return;
    disconnected = false;
    o.err.write(`worker ${me}: reconnected to Redis at ${o.address.display}\n`);
  });
  const dataFor = datasetCache();

  const processor = async (job: Job<RunJob>, token?: string): Promise<RunJobResult> => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const id = job.id ?? '(no id)';
    let payload: RunJob;
    try {
      payload = parseRunJob(job.data, id);
    } catch (error) {
      o.out.write(`${id}: ${(error as Error).message}; failed, not retried\n`);
      throw new UnrecoverableError(`${(error as Error).name}: ${(error as Error).message}`);
    }
    const { run, sweep } = payload;
    if ((await sweepStatus(redis, sweep)) === 'cancelled') throw new UnrecoverableError(`sweep ${sweep} was cancelled`);
    const dir = o.store ? join(o.store, sweep, safeName(run.id)) : await mkdtemp(join(tmpdir(), 'gankit-job-'));
    const before = o.store ? readRunRecord(dir) : undefined;
    const attempt = job.attemptsMade + 1 + (job.stalledCounter ?? 0);
    const how = before ? `continuing from step ${before.step} in ${dir}` : attempt > 1 && !o.store ? 'starting over (no --store to continue from)' : 'starting';
    o.out.write(`${run.id} (sweep ${sweep}): taken by ${me}, attempt ${attempt}, ${how}\n`);
    if (o.store) takeOverForeignLock(dir, me, o.err);

    // The run stops (after a checkpoint) on Ctrl-C, or when its sweep is cancelled.
    const stop = new AbortController();
    let cancelled = false;
    const onShutdown = () => stop.abort();
    o.signal.addEventListener('abort', onShutdown, { once: true });
    const watcher = setInterval(() => {
      void sweepStatus(redis, sweep).then(
        (status) => {
          if (status === 'cancelled' && !stop.signal.aborted) {
            cancelled = true;
            stop.abort();
          }
        },
        () => {},
      );
    }, CANCEL_CHECK_MS);
    try {
      const data = await dataFor(run.dataset, run.dataOptions);
      const outcome = await executeRun(run, { dir, data, backend: o.backend, signal: stop.signal, out: o.out, checkpointEvery: o.checkpointEvery, warn: (line) => o.err.write(line) });
      if (cancelled) throw new UnrecoverableError(`sweep ${sweep} was cancelled`);
      if (o.signal.aborted) {
        // Back to the queue for another worker (or this one, later); the store keeps the checkpoint.
        o.out.write(`${run.id}: stopped at step ${outcome.summary.steps}; back in the queue\n`);
        if (token) await job.moveToWait(token);
        throw new WaitingError();
      }
      const result: RunJobResult = {
        format: 'gankit-bench-result',
        version: 1,
        summary: outcome.summary,
        ...(outcome.grid ? { grid: Buffer.from(outcome.grid).toString('base64') } : {}),
        worker: me,
        backend: o.backend,
        ...(before ? { resumedFrom: before.step } : {}),
        seconds: Math.round(performance.now() - started) / 1000,
        cpuSeconds: cpuSecondsSince(cpu),
      };
      o.out.write(`${run.id}: ${outcome.summary.status} at step ${outcome.summary.steps}\n`);
      return result;
    } catch (error) {
      if (error instanceof WaitingError || error instanceof UnrecoverableError) throw error;
      const message = `${(error as Error).name}: ${(error as Error).message}`;
      if (failsOnEveryWorker(error)) {
        o.out.write(`${run.id}: failed, not retried: ${message}\n`);
        throw new UnrecoverableError(message);
      }
      o.out.write(`${run.id}: failed (attempt ${attempt}; retried while attempts remain): ${message}\n`);
      throw error;
    } finally {
      clearInterval(watcher);
      o.signal.removeEventListener('abort', onShutdown);
      if (!o.store) await rm(dir, { recursive: true, force: true });
    }
  };

  const worker = new Worker<RunJob, RunJobResult>(QUEUE_NAME, processor, {
    connection: persistentOptions(o.address),
    prefix: QUEUE_PREFIX,
    concurrency: 1,
    lockDuration: o.stallSeconds * 1000,
    stalledInterval: o.stallSeconds * 1000,
    maxStalledCount: MAX_STALLS,
    autorun: false,
  });
  worker.on('error', lost);
  o.out.write(`worker ${me} (${o.backend}) waiting for runs on ${o.address.display}${o.store ? `, checkpoints in ${o.store}` : ''}\n`);
  const running = worker.run();
  await new Promise<void>((resolve) => (o.signal.aborted ? resolve() : o.signal.addEventListener('abort', () => resolve(), { once: true })));
  closing = true;
  await worker.close();
  await running;
  redis.disconnect();
}

/**
 * Whether `error` recurs on every attempt, so that its job fails at once instead of being retried: a
 * gankit error (unknown variant, refused config, unusable data), except a run folder locked by a live
 * process, and a RangeError (a size no worker can allocate, such as `Invalid typed array length`:
 * retrying it only repeats the failure). A full disk or a lost mount may pass, and are retried.
 */
export function failsOnEveryWorker(error: unknown): boolean {
  if (error instanceof RangeError) return true;
  return GankitError.isInstance(error) && !OutputDirectoryError.isInstance(error);
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000) / 1000;
}

async function sweepStatus(redis: Redis, sweep: string): Promise<string | undefined> {
  const text = await redis.hget(SWEEPS_KEY, sweep);
  if (text === null) return undefined;
  try {
    return (JSON.parse(text) as { status?: string }).status;
  } catch {
    return undefined;
  }
}

/**
 * A run folder in the store locked by a worker on another host: that worker lost the job (BullMQ
 * handed it to this one, and the job's lock in Redis is the authority), so its folder lock is stale,
 * though its process cannot be checked from here. Locks of this host are left to the run lock, which
 * takes them over from dead processes and refuses live ones.
 */
function takeOverForeignLock(dir: string, me: string, err: Output): void {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return;
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as { pid?: number; host?: string };
    if (holder.host !== undefined && holder.host !== hostname()) {
      unlinkSync(path);
      err.write(`note: ${dir}: took over the run folder from process ${holder.pid} on host '${holder.host}', whose job ${me} now holds\n`);
    }
  } catch {
    // unreadable: the run lock treats it as stale
  }
}
