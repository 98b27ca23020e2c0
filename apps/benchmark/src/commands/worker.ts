/**
 * `gankit worker`: trains the runs of queued benches (`gankit bench --queue`), one at a time, until
 * stopped.
 * @module
 */
import { resolve } from 'node:path';
import { intOption, numberOption, parse } from '../args.js';
import { BENCH_CHECKPOINT_EVERY } from '../bench/run.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import type { Output } from '../progress.js';
import { checkRedis, parseQueueUrl } from '../queue/connection.js';
import { MAX_STALLS, runWorker } from '../queue/worker.js';

/** Default of `--stall-seconds`. */
const DEFAULT_STALL_SECONDS = 30;

export const workerHelp = `Usage: gankit worker --queue redis://host:port [--store <dir>] [options]

Takes the runs of benches queued with 'gankit bench --queue' from Redis, one at a time: trains,
evaluates, and sends the run's metrics, curves and sample grid back through Redis. Start one on each
core or machine you want to use ('gankit --threads 1 worker ...' when several share a machine: each
worker's default takes every idle core); each chooses its own backend (--backend). Plug-ins the benches use
must be loaded here too (--plugin or gankit.config.json), or their runs fail, each with its error.

A worker that dies (killed, machine gone) loses its job to another worker after --stall-seconds; a job
is taken over at most ${MAX_STALLS} times before it fails. Ctrl-C saves a checkpoint, puts the running job back
in the queue and stops.

Options:
  --queue <redis://host:port[/db]>  the Redis the benches were queued on (required)
  --store <dir>           shared folder (a mount every worker reaches) for the runs' checkpoints: a
                          job taken over from a dead worker continues from its last checkpoint.
                          Without it each job trains in a temporary folder and a retry starts over.
  --checkpoint-every <N>  steps between checkpoints into the store (default ${BENCH_CHECKPOINT_EVERY})
  --stall-seconds <S>     seconds without a sign of life before another worker takes a job over
                          (default ${DEFAULT_STALL_SECONDS}); keep it above the longest step or evaluation`;

/** Runs `gankit worker`; returns the exit code once stopped. */
export async function workerCommand(argv: string[], out: Output, ctx: CommandContext): Promise<number> {
  const { values } = parse('worker', argv, {
    queue: { type: 'string' },
    store: { type: 'string' },
    'checkpoint-every': { type: 'string' },
    'stall-seconds': { type: 'string' },
  });
  if (values.queue === undefined) throw new UsageError("gankit worker: --queue redis://host:port is required. Run 'gankit worker --help' for usage.");
  const address = parseQueueUrl(values.queue);
  const checkpointEvery = intOption('checkpoint-every', values['checkpoint-every'], 1) ?? BENCH_CHECKPOINT_EVERY;
  const stallSeconds = numberOption('stall-seconds', values['stall-seconds']) ?? DEFAULT_STALL_SECONDS;
  await checkRedis(address);
  const backend = await ctx.backend();
  await runWorker({
    address,
    ...(values.store !== undefined ? { store: resolve(ctx.cwd, values.store) } : {}),
    stallSeconds,
    checkpointEvery,
    signal: ctx.signal,
    backend: backend.name,
    out,
    err: ctx.err,
  });
  out.write('worker stopped\n');
  return 130;
}
