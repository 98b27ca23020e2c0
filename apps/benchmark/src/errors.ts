/**
 * Errors of the command line: bad usage exits with code 2, everything else gankit reports with code 1.
 * @module
 */
import { GankitError } from '@gankit/core';

/** A command was called wrongly: unknown flag, invalid number, conflicting options. Exit code 2. */
export class UsageError extends GankitError {
  override readonly name = 'UsageError';
  static override isInstance(error: unknown): error is UsageError {
    return GankitError.isInstance(error) && error.name === 'UsageError';
  }
}

/** An output directory would lose files the user has, or holds something else. Exit code 1. */
export class OutputDirectoryError extends GankitError {
  override readonly name = 'OutputDirectoryError';
  static override isInstance(error: unknown): error is OutputDirectoryError {
    return GankitError.isInstance(error) && error.name === 'OutputDirectoryError';
  }
}

/** Process exit codes. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
