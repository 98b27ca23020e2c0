/**
 * What a local bench and its runner processes say to each other over Node's IPC channel (structured
 * clone, so a run's PNG grid travels as bytes). The parent hands out one run at a time; the runner
 * trains it with {@link executeRun} and answers with the run's outcome.
 * @module
 */
import type { PlannedRun } from './plan.js';
import type { RunOutcome } from './run.js';

/** Parent to runner. */
export type ToRunner =
  /** Train and evaluate `run` in the run folder `dir`. */
  | { type: 'run'; run: PlannedRun; dir: string }
  /** Stop the run in progress after its next checkpoint (as Ctrl-C does), answer, and take no more. */
  | { type: 'stop' }
  /** No runs left: exit. */
  | { type: 'exit' };

/** Runner to parent. */
export type FromRunner =
  /** The runner has loaded its plug-ins and backend. */
  | { type: 'ready'; backend: string }
  /** The run asked for is over (done, failed or stopped): its row and grid. */
  | { type: 'outcome'; id: string; outcome: RunOutcome }
  /** The run could not be trained at all (an error before or outside training): the error, by name. */
  | { type: 'error'; id: string; name: string; message: string };

/** Whether a message on the IPC channel is one the parent sends (anything else is ignored). */
export function isToRunner(message: unknown): message is ToRunner {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'run' || type === 'stop' || type === 'exit';
}

/** Whether a message on the IPC channel is one a runner sends. */
export function isFromRunner(message: unknown): message is FromRunner {
  const type = (message as { type?: unknown } | null)?.type;
  return type === 'ready' || type === 'outcome' || type === 'error';
}
