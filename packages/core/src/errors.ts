/**
 * Typed errors. Each has a stable `name` and a static `isInstance` that works across copies of this
 * package, in the style of vercel/ai's `AISDKError`: every class sets its own `Symbol.for` marker on
 * its instances, and `isInstance` looks for that marker, not at `instanceof` (false for an error from
 * another copy of `@gankit/core`) or at `name` (which subclasses change). Subclasses inherit the
 * markers of every class above them, so `ConfigError.isInstance` holds for a user's `ConfigError`
 * subclass too.
 *
 * A package that defines its own error class does the same:
 * ```ts
 * const marker = Symbol.for('my-plugin.error.WidthError');
 * export class WidthError extends ConfigError {
 *   private readonly [marker] = true;
 *   override readonly name: string = 'WidthError';
 *   static override isInstance(error: unknown): error is WidthError {
 *     return GankitError.hasMarker(error, marker);
 *   }
 * }
 * ```
 * @module
 */

import type { PluginSource } from './registry.js';

const marker = Symbol.for('gankit.error');

/** Base class of every error gankit throws on purpose. */
export class GankitError extends Error {
  readonly [marker] = true;
  override readonly name: string = 'GankitError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** True for any gankit error, even one thrown by another copy of `@gankit/core`. */
  static isInstance(error: unknown): error is GankitError {
    return GankitError.hasMarker(error, marker);
  }

  /**
   * Whether `error` carries `marker` (a `Symbol.for` key that an error class sets to `true` on its
   * instances). The building block of every `isInstance`.
   */
  static hasMarker(error: unknown, marker: symbol): boolean {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

const duplicateRegistrationErrorMarker = Symbol.for('gankit.error.DuplicateRegistrationError');

/** A registry already holds a different object under this name. */
export class DuplicateRegistrationError extends GankitError {
  private readonly [duplicateRegistrationErrorMarker] = true;
  override readonly name: string = 'DuplicateRegistrationError';
  /** Where the registered object came from, when known. */
  readonly first?: PluginSource;
  /** Where the refused object came from, when known. */
  readonly second?: PluginSource;
  constructor(
    readonly kind: string,
    readonly key: string,
    sides: { first?: PluginSource | undefined; second?: PluginSource | undefined } = {},
  ) {
    super(duplicateMessage(kind, key, sides.first, sides.second));
    if (sides.first) this.first = sides.first;
    if (sides.second) this.second = sides.second;
  }
  static override isInstance(error: unknown): error is DuplicateRegistrationError {
    return GankitError.hasMarker(error, duplicateRegistrationErrorMarker);
  }
}

function describeSource(source: PluginSource | undefined): string {
  if (!source) return 'unknown package (registered without a source)';
  if (source.path !== undefined && source.package === source.path) return `${source.path} (a plug-in file)`;
  return `${source.package} ${source.version}${source.path ? ` (${source.path})` : ''}`;
}

function duplicateMessage(kind: string, key: string, first: PluginSource | undefined, second: PluginSource | undefined): string {
  const lines = [
    `A different ${kind} is already registered as '${key}'. The first registration is kept; this second one was refused.`,
    `  first:  ${describeSource(first)}`,
    `  second: ${describeSource(second)}`,
  ];
  if (first && second && first.package === second.package) {
    const p = first.package;
    lines.push(
      `Two versions of ${p} are installed. Make ${p} a peer dependency (not a dependency) of the package that brought ` +
        `the second copy, or run \`npm dedupe\`, so that one copy is left; to replace the first on purpose, pass { override: true }.`,
    );
  } else if (first && second) {
    lines.push(
      `Two packages register a ${kind} named '${key}'. Rename one of them (e.g. prefix it with its package name), ` +
        `or pass { override: true } to replace the first on purpose.`,
    );
  } else {
    lines.push(
      `Pick another name, or pass { override: true } to replace the first on purpose. If both come from copies of one ` +
        `package, register with { source: pluginSource(...) } so that copies of the same version are recognised and ignored.`,
    );
  }
  return lines.join('\n');
}

const notRegisteredErrorMarker = Symbol.for('gankit.error.NotRegisteredError');

/** Lookup of a name nobody registered; the message lists what is registered. */
export class NotRegisteredError extends GankitError {
  private readonly [notRegisteredErrorMarker] = true;
  override readonly name: string = 'NotRegisteredError';
  constructor(
    readonly kind: string,
    readonly key: string,
    readonly registered: readonly string[],
    hint?: string,
  ) {
    super(
      `No ${kind} named '${key}'. Registered: ${registered.length ? registered.join(', ') : '(none)'}.` +
        (hint ? ` ${hint}` : ''),
    );
  }
  static override isInstance(error: unknown): error is NotRegisteredError {
    return GankitError.hasMarker(error, notRegisteredErrorMarker);
  }
}

const specVersionErrorMarker = Symbol.for('gankit.error.SpecVersionError');

/** A plug-in was written against another version of the plug-in interface. */
export class SpecVersionError extends GankitError {
  private readonly [specVersionErrorMarker] = true;
  override readonly name: string = 'SpecVersionError';
  constructor(
    readonly kind: string,
    readonly key: string,
    readonly found: unknown,
    readonly expected: number,
  ) {
    super(
      `The ${kind} '${key}' implements specVersion ${String(found)}, but this @gankit/core expects ` +
        `specVersion ${expected}. Upgrade the package that provides '${key}' (or @gankit/core) so both agree.`,
    );
  }
  static override isInstance(error: unknown): error is SpecVersionError {
    return GankitError.hasMarker(error, specVersionErrorMarker);
  }
}

/** One problem in a configuration: where it is, what was expected, what was found. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `optimizers.generator.learningRate`. */
  path: string;
  expected: string;
  found: unknown;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value); // JSON would print NaN and Infinity as null
  if (value === undefined) return 'nothing';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const configErrorMarker = Symbol.for('gankit.error.ConfigError');

/** A configuration or option is invalid. Lists every problem found, not only the first. */
export class ConfigError extends GankitError {
  private readonly [configErrorMarker] = true;
  override readonly name: string = 'ConfigError';
  constructor(
    readonly where: string,
    readonly issues: readonly ConfigIssue[],
  ) {
    super(
      `Invalid ${where}:\n` +
        issues.map((i) => `  - ${i.path}: expected ${i.expected}, found ${describe(i.found)}`).join('\n'),
    );
  }
  static override isInstance(error: unknown): error is ConfigError {
    return GankitError.hasMarker(error, configErrorMarker);
  }
}

const checkpointErrorMarker = Symbol.for('gankit.error.CheckpointError');

/** A checkpoint cannot be read: missing, corrupt, foreign or from an incompatible version. */
export class CheckpointError extends GankitError {
  private readonly [checkpointErrorMarker] = true;
  override readonly name: string = 'CheckpointError';
  constructor(
    readonly location: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${location}: ${problem}`, options);
  }
  static override isInstance(error: unknown): error is CheckpointError {
    return GankitError.hasMarker(error, checkpointErrorMarker);
  }
}

const diskFullErrorMarker = Symbol.for('gankit.error.DiskFullError');

/**
 * A write found no space left on its device (`ENOSPC`, or `EDQUOT` for a full quota). Names the file,
 * the space its file system had left and its size, so the message says how much to free.
 */
export class DiskFullError extends GankitError {
  private readonly [diskFullErrorMarker] = true;
  override readonly name: string = 'DiskFullError';
  constructor(
    /** The file (or folder) being written. */
    readonly location: string,
    /** Bytes free to this user on the file system when the write failed, and its size; absent when unknown. */
    readonly space: { free: number; total: number } | undefined,
    options?: { cause?: unknown },
  ) {
    super(`${location}: no space left on the device (${space ? `${formatBytes(space.free)} free of ${formatBytes(space.total)}` : 'free space unknown'})`, options);
  }
  static override isInstance(error: unknown): error is DiskFullError {
    return GankitError.hasMarker(error, diskFullErrorMarker);
  }
}

/** `1536` as `1.5 kB`, `3145728` as `3.1 MB` (powers of 1000, as `df -H` counts). */
function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

const nonFiniteLossErrorMarker = Symbol.for('gankit.error.NonFiniteLossError');

/** A training step produced NaN or Infinity. Training stops; the last good checkpoint is untouched. */
export class NonFiniteLossError extends GankitError {
  private readonly [nonFiniteLossErrorMarker] = true;
  override readonly name: string = 'NonFiniteLossError';
  constructor(
    readonly step: number,
    readonly quantity: string,
    readonly value: number,
  ) {
    super(
      `Step ${step}: ${quantity} is ${value}. Training stopped; the last checkpoint written before this ` +
        `step is unchanged. Lower the learning rate, check the data range, or use a numerically stable loss.`,
    );
  }
  static override isInstance(error: unknown): error is NonFiniteLossError {
    return GankitError.hasMarker(error, nonFiniteLossErrorMarker);
  }
}

const nonFiniteStateErrorMarker = Symbol.for('gankit.error.NonFiniteStateError');

/**
 * A weight, an optimizer's state or a moving average holds NaN or Infinity when a checkpoint is about to
 * be written: nothing is written, and the last good checkpoint stays. A kind of {@link NonFiniteLossError}
 * (the run diverged), so code that stops on divergence catches both.
 */
export class NonFiniteStateError extends NonFiniteLossError {
  private readonly [nonFiniteStateErrorMarker] = true;
  override readonly name: string = 'NonFiniteStateError';
  constructor(step: number, quantity: string) {
    super(step, quantity, NaN);
    this.message = `Step ${step}: ${quantity}. No checkpoint was written; the last good one is unchanged. Lower the learning rate, or check the data range.`;
  }
  static override isInstance(error: unknown): error is NonFiniteStateError {
    return GankitError.hasMarker(error, nonFiniteStateErrorMarker);
  }
}

const disposedErrorMarker = Symbol.for('gankit.error.DisposedError');

/** A Trainer or Sampler used after `dispose()`: its networks are gone. */
export class DisposedError extends GankitError {
  private readonly [disposedErrorMarker] = true;
  override readonly name: string = 'DisposedError';
  constructor(what: string) {
    super(`This ${what} was disposed: its networks are freed. Create or load another.`);
  }
  static override isInstance(error: unknown): error is DisposedError {
    return GankitError.hasMarker(error, disposedErrorMarker);
  }
}

const backendErrorMarker = Symbol.for('gankit.error.BackendError');

/** A requested TensorFlow.js backend cannot be used. */
export class BackendError extends GankitError {
  private readonly [backendErrorMarker] = true;
  override readonly name: string = 'BackendError';
  static override isInstance(error: unknown): error is BackendError {
    return GankitError.hasMarker(error, backendErrorMarker);
  }
}

// Its key predates the per-class naming scheme; kept so that copies of 0.1 still agree.
const dataMarker = Symbol.for('gankit.error.data');

/**
 * Bad data handed to gankit: wrong shape, range, type or file contents. Names the dataset or file and
 * what was expected. Datasets subclass it (`IdxFormatError`, ...); `isInstance` holds for them too.
 */
export class DataError extends GankitError {
  private readonly [dataMarker] = true;
  override readonly name: string = 'DataError';
  static override isInstance(error: unknown): error is DataError {
    return GankitError.hasMarker(error, dataMarker);
  }
}
