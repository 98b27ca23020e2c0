/**
 * The submitting side of `gankit bench --queue`: every run of the plan queued as a job, progress over
 * all of them printed while workers anywhere train them, and each finished job's result turned back
 * into the run's outcome, for the same report a local bench writes.
 * @module
 */
import type { BenchPlan } from '../bench/plan.js';
import { failedSummary, skippedSummary, type RunOutcome } from '../bench/run.js';
import { QueueMessageError, SweepCancelledError } from '../errors.js';
import type { Output } from '../progress.js';
import { parseRunResult, type RunJob, type SweepInfo } from './messages.js';
import { jobId, sweepId, type SweepStore } from './sweeps.js';

/** Options of {@link collectSweep}. */
export interface CollectOptions {
  /** Aborted on Ctrl-C: the submitter stops waiting, the jobs stay queued. */
  signal: AbortSignal;
  out: Output;
  /** Milliseconds between looks at the jobs' states (default 500). */
  pollMs?: number;
}

/** What waiting for a sweep came to. */
export type SweepCollection =
  | { finished: true; info: SweepInfo; outcomes: RunOutcome[]; backends: string[] }
  | { finished: false; info: SweepInfo; done: number; total: number };

/** Queues the plan's runs as one sweep on `store` (jobs already there are kept). */
export async function submitSweep(plan: BenchPlan, store: SweepStore, out: Output): Promise<SweepInfo> {
  const id = sweepId(plan.manifest);
  const jobs = plan.runs.filter((r) => r.skip === undefined).map((run) => ({ id: jobId(id, run.id), data: { format: 'gankit-bench-job', version: 1, sweep: id, run } satisfies RunJob }));
  const { info, added } = await store.submit(plan.manifest, jobs);
  const kept = jobs.length - added;
  out.write(`sweep ${id}: ${jobs.length} run${jobs.length === 1 ? '' : 's'} on ${store.address.display}` + (kept ? ` (${added} queued now, ${kept} queued or finished earlier)` : ' queued') + '\n');
  return info;
}

/**
 * Waits until every job of the sweep is finished (completed, or failed for good), printing each change
 * of state with a count over all runs; returns every run's outcome in plan order (skipped runs too).
 * Stops waiting, without touching the jobs, when `o.signal` is aborted. Throws
 * {@link SweepCancelledError} when the sweep is cancelled meanwhile.
 */
export async function collectSweep(plan: BenchPlan, store: SweepStore, info: SweepInfo, o: CollectOptions): Promise<SweepCollection> {
  const runs = plan.runs.filter((r) => r.skip === undefined);
  const ids = runs.map((r) => jobId(info.id, r.id));
  const finished = new Map<string, RunOutcome>();
  const backends = new Set<string>();
  const seen = new Map<string, string>();
  for (const run of plan.runs) if (run.skip !== undefined) o.out.write(`${run.id}: skipped (${run.skip})\n`);
  const total = ids.length;
  while (finished.size < total) {
    if (o.signal.aborted) return { finished: false, info, done: finished.size, total };
    const pending = ids.filter((id) => !finished.has(id));
    const states = await store.states(pending);
    for (const id of pending) {
      const { state, job } = states.get(id)!;
      const run = runs[ids.indexOf(id)]!;
      // Attempts as the worker counts them: failed attempts and stalls (a worker lost mid-job) alike.
      const attempt = job ? `attempt ${job.attemptsMade + (job.stalledCounter ?? 0) + 1}${job.stalledCounter ? `, taken over after ${job.stalledCounter} lost worker${job.stalledCounter > 1 ? 's' : ''}` : ''}` : '';
      if (state === 'completed' && job) {
        let result;
        try {
          result = parseRunResult(job.returnvalue, id);
        } catch (error) {
          // Not what a gankit worker returns: this run fails with the reason, the others go on.
          if (!QueueMessageError.isInstance(error)) throw error;
          finished.set(id, failedSummaryOutcome(run, `${error.name}: ${error.message}`));
          o.out.write(`[${finished.size}/${total}] ${run.id}: failed: ${error.message}\n`);
          continue;
        }
        backends.add(result.backend);
        finished.set(id, { summary: result.summary, ...(result.grid !== undefined ? { grid: new Uint8Array(Buffer.from(result.grid, 'base64')) } : {}) });
        o.out.write(
          `[${finished.size}/${total}] ${run.id}: ${result.summary.status} at step ${result.summary.steps} on ${result.worker} in ${result.seconds.toFixed(1)} s` +
            (result.resumedFrom !== undefined ? ` (resumed from step ${result.resumedFrom})` : '') +
            '\n',
        );
      } else if (state === 'failed' && job) {
        finished.set(id, failedSummaryOutcome(run, job.failedReason));
        o.out.write(`[${finished.size}/${total}] ${run.id}: failed after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? '' : 's'}: ${job.failedReason}\n`);
      } else if (state === 'missing') {
        const now = await store.get(info.id);
        const why =
          now === undefined
            ? 'is gone from Redis (removed with gankit sweeps remove, or Redis restarted without persistence)'
            : now.status === 'cancelled'
              ? 'was cancelled (gankit sweeps cancel)'
              : `lost its job '${id}' (removed by hand?)`;
        throw new SweepCancelledError(`sweep ${info.id} ${why}; no report was written. Run the same command again to queue the missing runs anew.`);
      } else {
        const line = `${state}${job && state === 'active' ? ` (${attempt})` : ''}`;
        if (seen.get(id) !== line) o.out.write(`${run.id}: ${line}\n`);
        seen.set(id, line);
      }
    }
    if (finished.size < total) await sleep(o.pollMs ?? 500, o.signal);
  }
  const outcomes = plan.runs.map((run) => (run.skip !== undefined ? { summary: skippedSummary(run, run.skip) } : finished.get(jobId(info.id, run.id))!));
  return { finished: true, info, outcomes, backends: [...backends] };
}

function failedSummaryOutcome(run: BenchPlan['runs'][number], reason: string | undefined): RunOutcome {
  return { summary: failedSummary(run, reason ?? 'failed (no reason recorded)') };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
