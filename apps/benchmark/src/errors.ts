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

const queueUrlErrorMarker = Symbol.for('gankit.error.QueueUrlError');

/**
 * A `--queue` value is not a Redis URL gankit can use (`redis://host:port[/db]`). Exit code 2.
 * Subclass of {@link UsageError}: the command line was wrong.
 */
export class QueueUrlError extends UsageError {
  private readonly [queueUrlErrorMarker] = true;
  override readonly name: string = 'QueueUrlError';
  static override isInstance(error: unknown): error is QueueUrlError {
    return GankitError.hasMarker(error, queueUrlErrorMarker);
  }
}

const queueConnectionErrorMarker = Symbol.for('gankit.error.QueueConnectionError');

/** The Redis server of `--queue` cannot be reached, or is too old for BullMQ. Exit code 1. */
export class QueueConnectionError extends GankitError {
  private readonly [queueConnectionErrorMarker] = true;
  override readonly name: string = 'QueueConnectionError';
  static override isInstance(error: unknown): error is QueueConnectionError {
    return GankitError.hasMarker(error, queueConnectionErrorMarker);
  }
}

const jobPayloadErrorMarker = Symbol.for('gankit.error.JobPayloadError');

/**
 * A queue job's data is not a bench run gankit can train (another program's job, another format
 * version, a missing or mistyped field). The job fails once, with this message; it is not retried.
 */
export class JobPayloadError extends GankitError {
  private readonly [jobPayloadErrorMarker] = true;
  override readonly name: string = 'JobPayloadError';
  static override isInstance(error: unknown): error is JobPayloadError {
    return GankitError.hasMarker(error, jobPayloadErrorMarker);
  }
}

const queueMessageErrorMarker = Symbol.for('gankit.error.QueueMessageError');

/**
 * Something read back from Redis is not what gankit wrote there: a finished job's result or a sweep's
 * description in another format. Names the key or job, the field, what was expected and what was found.
 */
export class QueueMessageError extends GankitError {
  private readonly [queueMessageErrorMarker] = true;
  override readonly name: string = 'QueueMessageError';
  static override isInstance(error: unknown): error is QueueMessageError {
    return GankitError.hasMarker(error, queueMessageErrorMarker);
  }
}

const sweepCancelledErrorMarker = Symbol.for('gankit.error.SweepCancelledError');

/**
 * The sweep a command waits on was cancelled (`gankit sweeps cancel`), removed, or lost its jobs (a Redis
 * restarted without persistence). Exit code 1; the same bench command queues the missing runs anew.
 */
export class SweepCancelledError extends GankitError {
  private readonly [sweepCancelledErrorMarker] = true;
  override readonly name: string = 'SweepCancelledError';
  static override isInstance(error: unknown): error is SweepCancelledError {
    return GankitError.hasMarker(error, sweepCancelledErrorMarker);
  }
}
