/**
 * Errors of the command line: bad usage exits with code 2, everything else gankit reports with code 1.
 * @module
 */
import { GankitError } from '@gankit/core';

const usageErrorMarker = Symbol.for('gankit.error.UsageError');

/** A command was called wrongly: unknown flag, invalid number, conflicting options. Exit code 2. */
export class UsageError extends GankitError {
  private readonly [usageErrorMarker] = true;
  override readonly name: string = 'UsageError';
  static override isInstance(error: unknown): error is UsageError {
    return GankitError.hasMarker(error, usageErrorMarker);
  }
}

const outputDirectoryErrorMarker = Symbol.for('gankit.error.OutputDirectoryError');

/** An output directory would lose files the user has, or holds something else. Exit code 1. */
export class OutputDirectoryError extends GankitError {
  private readonly [outputDirectoryErrorMarker] = true;
  override readonly name: string = 'OutputDirectoryError';
  static override isInstance(error: unknown): error is OutputDirectoryError {
    return GankitError.hasMarker(error, outputDirectoryErrorMarker);
  }
}

const interruptedErrorMarker = Symbol.for('gankit.error.InterruptedError');

/** The user stopped a command (Ctrl-C) before it finished. Exit code 130. */
export class InterruptedError extends GankitError {
  private readonly [interruptedErrorMarker] = true;
  override readonly name: string = 'InterruptedError';
  static override isInstance(error: unknown): error is InterruptedError {
    return GankitError.hasMarker(error, interruptedErrorMarker);
  }
}

/** Process exit codes. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
