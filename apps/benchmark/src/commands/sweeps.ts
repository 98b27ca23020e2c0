/**
 * `gankit sweeps`: the queued benches on a Redis: list them with their runs' states, cancel one, or
 * remove one with its results.
 * @module
 */
import { parse } from '../args.js';
import type { CommandContext } from '../context.js';
import { QueueMessageError, UsageError } from '../errors.js';
import type { Output } from '../progress.js';
import { checkRedis, parseQueueUrl } from '../queue/connection.js';
import { SweepStore, type StateCounts } from '../queue/sweeps.js';

export const sweepsHelp = `Usage: gankit sweeps [list | cancel <id> | remove <id>] --queue redis://host:port

The benches queued with 'gankit bench --queue' on that Redis.

  list          each sweep: id, status, when it was queued, its variants, datasets and seeds, and
                how many of its runs wait, run, are done or failed (the default)
  cancel <id>   stop a sweep: its waiting runs leave the queue, running ones stop within seconds,
                finished ones are kept; the same 'gankit bench --queue' command queues it again
  remove <id>   cancel a sweep and delete it with its finished runs' results, so that the same
                bench command starts it afresh

Options:
  --queue <redis://host:port[/db]>  the Redis to look at (required)
  --json                            list as JSON`;

const ORDER: Array<keyof StateCounts> = ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed', 'missing'];

/** Runs `gankit sweeps`; returns the exit code. */
export async function sweepsCommand(argv: string[], out: Output, ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse('sweeps', argv, { queue: { type: 'string' }, json: { type: 'boolean' } }, 2);
  const [action = 'list', id] = positionals;
  if (!['list', 'cancel', 'remove'].includes(action)) throw new UsageError(`gankit sweeps: unknown action '${action}'; expected list, cancel <id> or remove <id>`);
  if (action !== 'list' && id === undefined) throw new UsageError(`gankit sweeps ${action}: which sweep? Give its id (gankit sweeps list shows them)`);
  if (action === 'list' && id !== undefined) throw new UsageError(`gankit sweeps list: unexpected argument '${id}'`);
  if (values.queue === undefined) throw new UsageError("gankit sweeps: --queue redis://host:port is required. Run 'gankit sweeps --help' for usage.");
  const address = parseQueueUrl(values.queue);
  await checkRedis(address);
  const store = new SweepStore(address, ctx.err);
  try {
    if (action === 'list') {
      const { sweeps, unreadable } = await store.list();
      for (const bad of unreadable) ctx.err.write(`warning: sweep '${bad.id}' cannot be read and is not listed: ${bad.problem}. 'gankit sweeps remove ${bad.id}' deletes it.\n`);
      const rows = await Promise.all(sweeps.map(async (s) => ({ ...s, counts: await store.counts(s) })));
      if (values.json) {
        out.write(JSON.stringify(rows.map(({ id, status, createdAt, submittedBy, manifest, jobs, counts }) => ({ id, status, createdAt, submittedBy, runs: jobs.length, counts, manifest })), null, 2) + '\n');
        return 0;
      }
      if (!rows.length) out.write(`no ${unreadable.length ? 'readable ' : ''}sweeps on ${address.display}\n`);
      for (const s of rows) {
        const counts = ORDER.filter((k) => s.counts[k]).map((k) => `${s.counts[k]} ${k}`).join(', ') || 'no runs';
        const m = s.manifest;
        out.write(`${s.id}  ${s.status.padEnd(9)}  ${s.createdAt}  ${m.variants.join(',')} on ${m.datasets.join(',')}, seeds ${m.seeds.join(',')}: ${s.jobs.length} run${s.jobs.length === 1 ? '' : 's'} (${counts})\n`);
      }
      return 0;
    }
    const info = await store.get(id!).catch(async (error: unknown) => {
      if (!QueueMessageError.isInstance(error)) throw error;
      // An entry gankit cannot read: cancelling it and removing it both delete it.
      const removed = await store.forget(id!);
      out.write(`sweep ${id}: its description cannot be read (${error.message}); deleted it${removed ? ` and its ${removed} queued run${removed === 1 ? '' : 's'} that were not running` : ''}\n`);
      return null;
    });
    if (info === null) return 0;
    if (!info) {
      const known = (await store.list()).sweeps.map((s) => s.id);
      throw new UsageError(`gankit sweeps ${action}: no sweep '${id}' on ${address.display}. Sweeps: ${known.join(', ') || '(none)'}.`);
    }
    if (action === 'cancel') {
      const removed = await store.cancel(info);
      out.write(`sweep ${info.id} cancelled: ${removed} waiting run${removed === 1 ? '' : 's'} removed; running ones stop within seconds\n`);
      return 0;
    }
    const running = await store.remove(info);
    out.write(running ? `sweep ${info.id} cancelled; ${running} run${running === 1 ? ' is' : 's are'} still stopping: run this again to remove ${running === 1 ? 'it' : 'them'}\n` : `sweep ${info.id} removed\n`);
    return running ? 1 : 0;
  } finally {
    await store.close();
  }
}
