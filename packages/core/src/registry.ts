/**
 * The generic registry behind every plug-in kind. Registries live on `globalThis` under a
 * `Symbol.for` key, so two copies of `@gankit/core` in one application still share them (TensorFlow.js
 * keeps its kernel registry the same way).
 * @module
 */
import { DuplicateRegistrationError, NotRegisteredError, SpecVersionError } from './errors.js';

/** What every registrable plug-in carries. */
export interface Registrable {
  /** Version of the plug-in interface this object implements; core checks it on registration. */
  readonly specVersion: number;
  /** Unique name within its kind, e.g. `'dcgan'`. */
  readonly name: string;
  /** One line saying what it is, shown by `gankit list`. */
  readonly description: string;
}

/** Options of {@link Registry.register}. */
export interface RegisterOptions {
  /** Replace another object already registered under the same name. */
  override?: boolean;
}

/**
 * A name-to-plug-in map for one kind (variants, models, losses, ...).
 *
 * Registering the same object twice is a no-op; another object under a taken name throws
 * {@link DuplicateRegistrationError} unless `{ override: true }` is given.
 */
export class Registry<T extends Registrable> {
  private readonly items: Map<string, T>;

  /**
   * @param kind singular noun used in messages ("variant", "loss").
   * @param specVersion interface version that registered objects must carry.
   * @param storeKey global key; registries with the same key share their contents.
   */
  constructor(
    readonly kind: string,
    readonly specVersion: number,
    storeKey: string = `gankit.registry.${kind}`,
  ) {
    const g = globalThis as unknown as Record<symbol, Map<string, T> | undefined>;
    const key = Symbol.for(storeKey);
    this.items = g[key] ??= new Map<string, T>();
  }

  /** Adds `item` under `item.name`. Returns the item, for chaining in a `register.ts`. */
  register<U extends T>(item: U, options: RegisterOptions = {}): U {
    if (typeof item !== 'object' || item === null || typeof item.name !== 'string' || item.name.length === 0) {
      throw new TypeError(`Cannot register a ${this.kind} without a non-empty string 'name'.`);
    }
    if (item.specVersion !== this.specVersion) {
      throw new SpecVersionError(this.kind, item.name, item.specVersion, this.specVersion);
    }
    const existing = this.items.get(item.name);
    if (existing === item) return item;
    if (existing !== undefined && !options.override) throw new DuplicateRegistrationError(this.kind, item.name);
    this.items.set(item.name, item);
    return item;
  }

  /** Removes a name; returns whether it was registered. Meant for tests and hot reloading. */
  unregister(name: string): boolean {
    return this.items.delete(name);
  }

  /** The plug-in registered as `name`; throws {@link NotRegisteredError} listing the registered names. */
  get(name: string): T {
    const item = this.items.get(name);
    if (item === undefined) throw new NotRegisteredError(this.kind, name, this.names(), this.suggest(name));
    return item;
  }

  /** Whether `name` is registered. */
  has(name: string): boolean {
    return this.items.has(name);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.items.keys()].sort();
  }

  /** Registered plug-ins, sorted by name. */
  list(): T[] {
    return this.names().map((n) => this.items.get(n)!);
  }

  private suggest(name: string): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of this.items.keys()) {
      const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance) [best, bestDistance] = [candidate, d];
    }
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))
      ? `Did you mean '${best}'?`
      : undefined;
  }
}

/** Levenshtein distance, for "did you mean" hints. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
