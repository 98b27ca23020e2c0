/**
 * A local bench on several cores: runner processes (`gankit bench-runner`), each taking the next
 * planned run when it finishes one, so a sweep keeps every core busy. Each runner is gankit started
 * again with the same plug-ins and backend flags, and trains with the same {@link executeRun} as a
 * sequential bench, so a run's numbers do not depend on which process trained it.
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Output } from '../progress.js';
import type { PlannedRun } from './plan.js';
import { isFromRunner, type FromRunner, type ToRunner } from './runner-messages.js';
import { failedSummary, type RunOutcome } from './run.js';

/** Options of {@link runInParallel}. */
export interface ParallelOptions {
  /** Runner processes to start (at most one per run). */
  processes: number;
  /** Global flags for every runner (`--plugin`, `--backend`, `--threads`), before the command name. */
  globalArgs: string[];
  /** Working directory of the runners (where `gankit.config.json` is read). */
  cwd: string;
  /** The folder of a run. */
  dirFor(run: PlannedRun): string;
  /** Aborted on Ctrl-C: runners stop their runs after a checkpoint and no new run starts. */
  signal: AbortSignal;
  /** Where the runners' progress lines go (stdout) and their diagnostics (stderr). */
  out: Output;
  err: Output;
}

/** What {@link runInParallel} returns: each run that was started, by id, and the runners' backends. */
export interface ParallelResult {
  outcomes: Map<string, RunOutcome>;
  /** The backend each runner reported, without repeats. */
  backends: string[];
}

/** The built `gankit` entry point, started again for each runner. */
const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

/**
 * Trains and evaluates `runs` on `o.processes` runner processes, handing each runner the next run
 * (longest budget first) when it is free. A run whose runner dies gets a failed row naming the exit; a fresh runner
 * takes the remaining runs.
 */
export async function runInParallel(runs: PlannedRun[], o: ParallelOptions): Promise<ParallelResult> {
  // Longest first (by seconds budget; a stable sort keeps plan order among equals and for step budgets),
  // so that a short run, not a long one, is what a core trains alone at the end.
  const queue = [...runs].sort((a, b) => (b.budget.seconds ?? 0) - (a.budget.seconds ?? 0));
  const outcomes = new Map<string, RunOutcome>();
  const backends = new Set<string>();
  const live = new Set<Runner>();
  const onAbort = () => live.forEach((r) => r.stop());
  o.signal.addEventListener('abort', onAbort, { once: true });

  const work = async (): Promise<void> => {
    let runner: Runner | undefined;
    try {
      while (queue.length && !o.signal.aborted) {
        if (!runner) {
          runner = new Runner(o);
          live.add(runner);
          if (o.signal.aborted) runner.stop();
          backends.add(await runner.ready);
          if (o.signal.aborted) break;
        }
        // While this runner started, the others may have taken every run left (finished runs are reused fast).
        const run = queue.shift();
        if (!run) break;
        try {
          const answer = await runner.execute(run, o.dirFor(run));
          if ('outcome' in answer) outcomes.set(run.id, answer.outcome);
          else {
            // The runner could not train it (its run folder locked by another process, say): a failed row.
            o.out.write(`${run.id}: failed: ${answer.error}\n`);
            outcomes.set(run.id, { summary: failedSummary(run, answer.error) });
          }
        } catch (error) {
          // The runner is gone: this run fails with the reason, a new runner takes the next one.
          const why = (error as Error).message;
          o.out.write(`${run.id}: failed: ${why}\n`);
          outcomes.set(run.id, { summary: failedSummary(run, why) });
          live.delete(runner);
          runner = undefined;
        }
      }
    } finally {
      if (runner) {
        live.delete(runner);
        await runner.close();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(o.processes, runs.length)) }, work));
  } finally {
    o.signal.removeEventListener('abort', onAbort);
  }
  return { outcomes, backends: [...backends] };
}

/** A runner's answer to a run: its outcome, or the error it could not train it for. */
type RunAnswer = { outcome: RunOutcome } | { error: string };

/** One runner process and its conversation: one run at a time. */
class Runner {
  /** The backend the runner chose, once it has started. */
  readonly ready: Promise<string>;
  private readonly child: ChildProcess;
  private pending: { id: string; resolve: (answer: RunAnswer) => void; reject: (e: Error) => void } | undefined;
  private exited: Error | undefined;
  private readonly closed: Promise<void>;

  constructor(o: ParallelOptions) {
    this.child = fork(CLI, [...o.globalArgs, 'bench-runner'], { cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    forwardLines(this.child.stdout!, o.out);
    forwardLines(this.child.stderr!, o.err);
    let started: (backend: string) => void;
    let failed: (e: Error) => void;
    this.ready = new Promise<string>((resolve, reject) => ((started = resolve), (failed = reject)));
    this.ready.catch(() => {});
    this.child.on('message', (message: unknown) => {
      if (!isFromRunner(message)) return;
      this.receive(message, started);
    });
    this.closed = new Promise<void>((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exited = new Error(`its runner process (pid ${this.child.pid}) exited with ${signal ? `signal ${signal}` : `code ${code}`} before the run was over`);
        failed(this.exited);
        this.pending?.reject(this.exited);
        this.pending = undefined;
        resolve();
      });
    });
    this.child.on('error', (error) => {
      const e = new Error(`its runner process could not be started or reached: ${error.message}`);
      failed(e);
      this.pending?.reject(e);
      this.pending = undefined;
    });
  }

  private receive(message: FromRunner, started: (backend: string) => void): void {
    if (message.type === 'ready') return started(message.backend);
    const pending = this.pending;
    if (!pending || pending.id !== message.id) return;
    this.pending = undefined;
    if (message.type === 'outcome') pending.resolve({ outcome: message.outcome });
    else pending.resolve({ error: `${message.name}: ${message.message}` });
  }

  /** Trains `run` in `dir`: its outcome, or the error that stopped it; rejects when the runner dies. */
  execute(run: PlannedRun, dir: string): Promise<RunAnswer> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise<RunAnswer>((resolve, reject) => {
      this.pending = { id: run.id, resolve, reject };
      this.send({ type: 'run', run, dir });
    });
  }

  /** Asks the runner to stop its run after the next checkpoint. */
  stop(): void {
    this.send({ type: 'stop' });
  }

  /** Tells the runner to exit and waits until it has. */
  async close(): Promise<void> {
    this.send({ type: 'exit' });
    await this.closed;
  }

  private send(message: ToRunner): void {
    if (this.exited || !this.child.connected) return;
    this.child.send(message, (error) => {
      // A runner that exits as the message leaves: its exit is reported through 'exit'.
      if (error && !this.exited) this.child.kill();
    });
  }
}

/** Passes a child's output on line by line, so lines of two runners never mix within a line. */
function forwardLines(stream: NodeJS.ReadableStream, to: Output): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const text = partial + chunk;
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      partial = text;
      return;
    }
    to.write(text.slice(0, end + 1));
    partial = text.slice(end + 1);
  });
  stream.on('end', () => {
    if (partial) to.write(partial + '\n');
    partial = '';
  });
}
