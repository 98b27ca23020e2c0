/**
 * `gankit bench-runner`: the child side of a parallel local bench (`gankit bench --parallel N`). Not
 * for people to call: it takes runs from its parent over the IPC channel, trains and evaluates each
 * with {@link executeRun} (the code a sequential bench and a queue worker run), and sends back each
 * run's outcome. Its progress lines go to stdout, which the parent passes on.
 * @module
 */
import { datasetCache } from '../bench/data-cache.js';
import { isToRunner, type FromRunner, type ToRunner } from '../bench/runner-messages.js';
import { executeRun } from '../bench/run.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import type { Output } from '../progress.js';

export const benchRunnerHelp = `Usage: gankit bench-runner

Internal: a runner process of 'gankit bench --parallel N', started by it with an IPC channel. It trains
the runs its parent hands it and exits when told. Use 'gankit bench' instead.`;

/** Runs the runner until its parent says exit (or goes away); returns the exit code. */
export async function benchRunnerCommand(_argv: string[], out: Output, ctx: CommandContext): Promise<number> {
  const send = process.send?.bind(process);
  if (!send) throw new UsageError("gankit bench-runner: runs only as a child of 'gankit bench --parallel N' (no IPC channel); use 'gankit bench'");
  const tell = (message: FromRunner) => new Promise<void>((resolve) => send(message, undefined, {}, () => resolve()));
  const backend = await ctx.backend();
  const dataFor = datasetCache();
  // Each run stops on Ctrl-C (this process's own signal) or on the parent's 'stop'.
  let running: AbortController | undefined;
  let stopped = false;
  ctx.signal.addEventListener('abort', () => running?.abort(), { once: true });

  const messages: ToRunner[] = [];
  let wake: (() => void) | undefined;
  let parentGone = false;
  const onMessage = (message: unknown) => {
    if (!isToRunner(message)) return;
    if (message.type === 'stop') {
      stopped = true;
      running?.abort();
    }
    messages.push(message);
    wake?.();
  };
  const onDisconnect = () => {
    parentGone = true;
    running?.abort();
    wake?.();
  };
  process.on('message', onMessage);
  process.on('disconnect', onDisconnect);
  try {
    await tell({ type: 'ready', backend: backend.name });
    for (;;) {
      if (!messages.length && !parentGone) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      const message = messages.shift();
      if (!message || message.type === 'exit' || parentGone) return 0;
      if (message.type === 'stop') continue;
      const { run, dir } = message;
      running = new AbortController();
      if (stopped || ctx.signal.aborted) running.abort();
      try {
        const data = await dataFor(run.dataset, run.dataOptions);
        const outcome = await executeRun(run, { dir, data, backend: backend.name, signal: running.signal, out, warn: (line) => ctx.err.write(line), plugins: ctx.plugins });
        if (!parentGone) await tell({ type: 'outcome', id: run.id, outcome });
      } catch (error) {
        if (!parentGone) await tell({ type: 'error', id: run.id, name: (error as Error)?.name ?? 'Error', message: (error as Error)?.message ?? String(error) });
      } finally {
        running = undefined;
      }
    }
  } finally {
    process.off('message', onMessage);
    process.off('disconnect', onDisconnect);
    process.disconnect?.();
  }
}
