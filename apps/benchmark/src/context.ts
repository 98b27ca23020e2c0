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
}
