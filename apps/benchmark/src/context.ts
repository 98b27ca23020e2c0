/**
 * What commands share: working directory, the Ctrl-C signal, a lazily chosen backend, stderr.
 * @module
 */
import type { BackendChoice } from '@gankit/core';
import type { Output } from './progress.js';

export interface CommandContext {
  cwd: string;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: training saves a checkpoint and stops. */
  signal: AbortSignal;
  /** Chooses the backend on first call and reports it on stderr. */
  backend(): Promise<BackendChoice>;
  /** Diagnostics (stderr). */
  err: Output;
  /**
   * The global flags as given (`--plugin`, `--backend`, `--threads`), for commands that start gankit
   * again in child processes (a parallel bench's runners): each child loads the same plug-ins and
   * chooses its backend the same way.
   */
  globals: GlobalOptions;
  /**
   * The plug-ins loaded (from `--plugin` and gankit.config.json), file paths made absolute: a new run
   * records them in run.json, and a command that cannot find what a run needs names them.
   */
  plugins: string[];
}

/** gankit's global flags, parsed. */
export interface GlobalOptions {
  plugins: string[];
  backend?: string;
  /** `--threads`, when given. */
  threads?: number;
}

/** The command-line form of `globals`, to put before a command name. */
export function globalArgs(globals: GlobalOptions): string[] {
  return [
    ...globals.plugins.flatMap((p) => ['--plugin', p]),
    ...(globals.backend !== undefined ? ['--backend', globals.backend] : []),
    ...(globals.threads !== undefined ? ['--threads', String(globals.threads)] : []),
  ];
}
