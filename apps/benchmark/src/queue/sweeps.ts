/**
 * Sweeps in Redis: one BullMQ queue holds the runs of every sweep as jobs (`<sweep>.<run id>`); a hash
 * holds each sweep's description, so sweeps can be listed, cancelled and removed, and a submitter that
 * was stopped can find its sweep again. A sweep's id is a hash of its settings: submitting the same
 * bench twice gives the same sweep and the same jobs, never a second copy of them.
 * @module
 */
import { Queue, type Job, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { BenchManifest } from '../bench/plan.js';
import type { Output } from '../progress.js';
import { persistentOptions, type QueueAddress } from './connection.js';
import { QueueMessageError } from '../errors.js';
import { parseSweepInfo, type RunJob, type SweepInfo } from './messages.js';

/** BullMQ key prefix of gankit's queue. */
export const QUEUE_PREFIX = 'gankit';
/** Name of the queue every sweep's runs go to. */
export const QUEUE_NAME = 'bench-runs';
/** Redis hash of sweep descriptions, by sweep id. */
export const SWEEPS_KEY = `${QUEUE_PREFIX}:sweeps`;

/**
 * How a run's job is retried. `attempts`: a run whose training throws (a full disk, a lost store) is
 * tried three times in all, 2 s then 4 s apart. A worker that dies is a stall, not a failed attempt:
 * the worker's `maxStalledCount` bounds those.
 */
export const JOB_OPTIONS: JobsOptions = { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: false, removeOnFail: false };

/** Id of the sweep that `manifest` describes: the first 12 hex digits of a SHA-256 of its settings. */
export function sweepId(manifest: BenchManifest): string {
  return createHash('sha256').update(JSON.stringify(sortKeys(manifest))).digest('hex').slice(0, 12);
}

/** Job id of a run of a sweep (BullMQ refuses ':' in ids; run ids hold none). */
export function jobId(sweep: string, run: string): string {
  return `${sweep}.${run}`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** A sweep description in Redis that is not one gankit can read (another program's, or damaged). */
export interface UnreadableSweep {
  id: string;
  /** What is wrong with it, naming the key and field. */
  problem: string;
}

/** Where a job stands, as BullMQ says, or `missing` when it is gone (removed by a cancel). */
export type JobState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'completed' | 'failed' | 'waiting-children' | 'missing';

/** Counts of a sweep's jobs by state. */
export type StateCounts = Partial<Record<JobState, number>>;

/**
 * The queue and the sweep descriptions at one Redis address. Connections wait through a Redis restart;
 * the first loss of the connection and its return are reported on `err`, not every retry.
 */
export class SweepStore {
  readonly queue: Queue<RunJob>;
  readonly redis: Redis;
  private disconnected = false;
  private closing = false;

  /** Opens the queue at `address` (check it first with {@link checkRedis}). */
  constructor(
    readonly address: QueueAddress,
    err: Output,
  ) {
    this.redis = new Redis(persistentOptions(address));
    this.queue = new Queue<RunJob>(QUEUE_NAME, { connection: persistentOptions(address), prefix: QUEUE_PREFIX });
    const lost = (error: Error) => {
      if (this.disconnected || this.closing) return;
      this.disconnected = true;
      err.write(`lost the connection to Redis at ${address.display} (${(error as NodeJS.ErrnoException).code ?? error.message}); reconnecting...\n`);
    };
    this.redis.on('error', lost);
    // A restart that is over before the first retry raises no error: the closed socket says it.
    this.redis.on('close', () => lost(new Error('connection closed')));
    this.queue.on('error', lost);
    this.redis.on('ready', () => {
      if (!this.disconnected) return;
      this.disconnected = false;
      err.write(`reconnected to Redis at ${address.display}\n`);
    });
  }

  /**
   * Every sweep's description, newest first, and the entries that cannot be read: one bad entry
   * hides none of the others.
   */
  async list(): Promise<{ sweeps: SweepInfo[]; unreadable: UnreadableSweep[] }> {
    const all = await this.redis.hgetall(SWEEPS_KEY);
    const sweeps: SweepInfo[] = [];
    const unreadable: UnreadableSweep[] = [];
    for (const [id, text] of Object.entries(all)) {
      try {
        sweeps.push(parseSweepInfo(text, `${SWEEPS_KEY} ${id}`));
      } catch (error) {
        if (!QueueMessageError.isInstance(error)) throw error;
        unreadable.push({ id, problem: error.message });
      }
    }
    return { sweeps: sweeps.sort((a, b) => b.createdAt.localeCompare(a.createdAt)), unreadable };
  }

  /**
   * Deletes an unreadable sweep description, and the jobs queued under its id (`<id>.<run>`) that are
   * not running. Returns how many jobs were removed.
   */
  async forget(id: string): Promise<number> {
    const jobs = await this.queue.getJobs(['waiting', 'delayed', 'prioritized', 'completed', 'failed']);
    let removed = 0;
    for (const job of jobs) {
      if (job?.id?.startsWith(`${id}.`)) {
        await job.remove();
        removed++;
      }
    }
    await this.redis.hdel(SWEEPS_KEY, id);
    return removed;
  }

  /** The description of sweep `id`, or undefined. */
  async get(id: string): Promise<SweepInfo | undefined> {
    const text = await this.redis.hget(SWEEPS_KEY, id);
    return text === null ? undefined : parseSweepInfo(text, `${SWEEPS_KEY} ${id}`);
  }

  /** Stores a sweep's description (replacing an earlier one of the same id). */
  async put(info: SweepInfo): Promise<void> {
    await this.redis.hset(SWEEPS_KEY, info.id, JSON.stringify(info));
  }

  /**
   * Opens (or reopens) a sweep and queues every job it lacks. Jobs already there, waiting, running or
   * finished, are kept as they are: a second submission of the same bench waits for the first one's jobs.
   * Returns how many jobs were added.
   */
  async submit(manifest: BenchManifest, jobs: Array<{ id: string; data: RunJob }>): Promise<{ info: SweepInfo; added: number }> {
    const id = sweepId(manifest);
    const earlier = await this.get(id);
    const info: SweepInfo = {
      format: 'gankit-sweep',
      version: 1,
      id,
      status: 'open',
      createdAt: earlier?.createdAt ?? new Date().toISOString(),
      submittedBy: `${hostname()}:${process.pid}`,
      manifest,
      jobs: jobs.map((j) => j.id),
    };
    await this.put(info);
    const present = await Promise.all(jobs.map((j) => this.queue.getJob(j.id)));
    const missing = jobs.filter((_, i) => present[i] === undefined);
    if (missing.length) await this.queue.addBulk(missing.map((j) => ({ name: id, data: j.data, opts: { ...JOB_OPTIONS, jobId: j.id } })));
    return { info, added: missing.length };
  }

  /**
   * The state of each job, by id. The state is read first and the job after it, so a job read as
   * finished carries its result or failure reason (read the other way round, a job that finished in
   * between looked 'failed' with no reason and no attempts).
   */
  async states(ids: readonly string[]): Promise<Map<string, { state: JobState; job?: Job<RunJob> }>> {
    const states = await Promise.all(ids.map((id) => this.queue.getJobState(id)));
    const jobs = await Promise.all(ids.map((id) => this.queue.getJob(id)));
    return new Map(
      ids.map((id, i) => [id, { state: (states[i] === 'unknown' || !jobs[i] ? 'missing' : states[i]) as JobState, ...(jobs[i] ? { job: jobs[i] } : {}) }]),
    );
  }

  /** Counts of a sweep's jobs by state. */
  async counts(info: SweepInfo): Promise<StateCounts> {
    const counts: StateCounts = {};
    for (const { state } of (await this.states(info.jobs)).values()) counts[state] = (counts[state] ?? 0) + 1;
    return counts;
  }

  /**
   * Cancels a sweep: marks it cancelled (its running jobs stop at their worker's next check, within a
   * few seconds) and removes its waiting and delayed jobs. Finished jobs are kept. Returns how many
   * jobs were removed.
   */
  async cancel(info: SweepInfo): Promise<number> {
    await this.put({ ...info, status: 'cancelled' });
    let removed = 0;
    for (const [, { state, job }] of await this.states(info.jobs)) {
      if (job && (state === 'waiting' || state === 'delayed' || state === 'prioritized')) {
        await job.remove();
        removed++;
      }
    }
    return removed;
  }

  /**
   * Forgets a sweep: cancels it and removes every job of it that is not running, finished ones too, and
   * its description once no job is left. Returns the number of jobs still running (removed later by
   * calling this again).
   */
  async remove(info: SweepInfo): Promise<number> {
    await this.cancel(info);
    let running = 0;
    for (const [, { state, job }] of await this.states(info.jobs)) {
      if (!job) continue;
      if (state === 'active') running++;
      else await job.remove();
    }
    if (running === 0) await this.redis.hdel(SWEEPS_KEY, info.id);
    return running;
  }

  /** Closes the connections. */
  async close(): Promise<void> {
    this.closing = true;
    // A queue closed while its connection is still being made (a command that never used it, such as
    // listing sweeps without jobs) makes bullmq emit 'Connection is closed' where nothing listens, and the
    // process dies with exit code 1 after its output: let it finish connecting first.
    // Bounded: with Redis gone, the queue would wait for it forever.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.queue.waitUntilReady().catch(() => undefined), new Promise((done) => (timer = setTimeout(done, 5000)))]);
    clearTimeout(timer);
    await this.queue.close();
    this.redis.disconnect();
  }
}
