/**
 * Typed errors. Each has a stable `name` and a static `isInstance` that works across copies of this
 * package (it checks a shared marker, not `instanceof`), in the style of vercel/ai.
 * @module
 */

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
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

function isNamed(error: unknown, name: string): boolean {
  return GankitError.isInstance(error) && error.name === name;
}

/** A registry already holds a different object under this name. */
export class DuplicateRegistrationError extends GankitError {
  override readonly name = 'DuplicateRegistrationError';
  constructor(
    readonly kind: string,
    readonly key: string,
  ) {
    super(
      `A different ${kind} is already registered as '${key}'. ` +
        `Pick another name, or pass { override: true } to replace it.`,
    );
  }
  static override isInstance(error: unknown): error is DuplicateRegistrationError {
    return isNamed(error, 'DuplicateRegistrationError');
  }
}

/** Lookup of a name nobody registered; the message lists what is registered. */
export class NotRegisteredError extends GankitError {
  override readonly name = 'NotRegisteredError';
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
    return isNamed(error, 'NotRegisteredError');
  }
}

/** A plug-in was written against another version of the plug-in interface. */
export class SpecVersionError extends GankitError {
  override readonly name = 'SpecVersionError';
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
    return isNamed(error, 'SpecVersionError');
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

/** A configuration or option is invalid. Lists every problem found, not only the first. */
export class ConfigError extends GankitError {
  override readonly name = 'ConfigError';
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
    return isNamed(error, 'ConfigError');
  }
}

/** A checkpoint cannot be read: missing, corrupt, foreign or from an incompatible version. */
export class CheckpointError extends GankitError {
  override readonly name = 'CheckpointError';
  constructor(
    readonly location: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${location}: ${problem}`, options);
  }
  static override isInstance(error: unknown): error is CheckpointError {
    return isNamed(error, 'CheckpointError');
  }
}

/** A training step produced NaN or Infinity. Training stops; the last good checkpoint is untouched. */
export class NonFiniteLossError extends GankitError {
  override readonly name = 'NonFiniteLossError';
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
    return isNamed(error, 'NonFiniteLossError');
  }
}

/** A requested TensorFlow.js backend cannot be used. */
export class BackendError extends GankitError {
  override readonly name = 'BackendError';
  static override isInstance(error: unknown): error is BackendError {
    return isNamed(error, 'BackendError');
  }
}

const dataMarker = Symbol.for('gankit.error.data');

/**
 * Bad data handed to gankit: wrong shape, range, type or file contents. Names the dataset or file and
 * what was expected. Datasets subclass it (`IdxFormatError`, ...); `isInstance` holds for them too.
 */
export class DataError extends GankitError {
  readonly [dataMarker] = true;
  override readonly name: string = 'DataError';
  static override isInstance(error: unknown): error is DataError {
    return GankitError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[dataMarker] === true;
  }
}
