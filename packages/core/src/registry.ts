/**
 * The generic registry behind every plug-in kind. Registries live on `globalThis` under a
 * `Symbol.for` key, so two copies of `@gankit/core` in one application still share them (TensorFlow.js
 * keeps its kernel registry the same way).
 * @module
 */
import { closestName } from './suggest.js';
import { DuplicateRegistrationError, NotRegisteredError, SpecVersionError } from './errors.js';

/**
 * Where a plug-in comes from. With it, the registry tells a second copy of the same package (harmless:
 * npm installed it twice) from a real conflict, and names both sides when there is one.
 */
export interface PluginSource {
  /** npm package name, e.g. `'@gankit/losses'`. */
  readonly package: string;
  /** The package's version, e.g. `'0.1.0'`. */
  readonly version: string;
  /** The module that registered the plug-in: a file path in Node, a URL elsewhere. */
  readonly path?: string;
}

/** What every registrable plug-in carries. */
export interface Registrable {
  /** Version of the plug-in interface this object implements; core checks it on registration. */
  readonly specVersion: number;
  /** Unique name within its kind, e.g. `'dcgan'`. */
  readonly name: string;
  /** One line saying what it is, shown by `gankit list`. */
  readonly description: string;
  /** The package that provides it (or pass `{ source }` to {@link Registry.register}). */
  readonly source?: PluginSource;
}

/** Options of {@link Registry.register}. */
export interface RegisterOptions {
  /** Replace another object already registered under the same name. */
  override?: boolean;
  /**
   * The package registering the object; takes precedence over `item.source`. Build it with
   * {@link pluginSource}.
   */
  source?: PluginSource;
}

/**
 * The {@link PluginSource} of a package: name and version from its package.json, path from the
 * registering module's URL. A package's `register.ts` calls it once:
 * ```ts
 * import manifest from '../package.json' with { type: 'json' };
 * const source = pluginSource(manifest, import.meta.url);
 * variants.register(lsgan, { source });
 * ```
 */
export function pluginSource(manifest: { readonly name: string; readonly version: string }, moduleUrl?: string): PluginSource {
  return { package: manifest.name, version: manifest.version, ...(moduleUrl !== undefined ? { path: locationOf(moduleUrl) } : {}) };
}

const LOADING_KEY = Symbol.for('gankit.registry.loadingSource');

/**
 * Runs `load` (the import of a plug-in) with `source` as the source of every registration made meanwhile
 * without one of its own. The gankit command wraps each `--plugin` it imports this way, so a conflict
 * names the plug-in (package, version, file) even when the plug-in registers without `{ source }`.
 * Loads are meant to run one at a time; the previous source is put back afterwards.
 */
export async function registeringFrom<T>(source: PluginSource, load: () => Promise<T>): Promise<T> {
  const g = globalThis as unknown as Record<symbol, PluginSource | undefined>;
  const previous = g[LOADING_KEY];
  g[LOADING_KEY] = source;
  try {
    return await load();
  } finally {
    g[LOADING_KEY] = previous;
  }
}

function loadingSource(): PluginSource | undefined {
  return (globalThis as unknown as Record<symbol, PluginSource | undefined>)[LOADING_KEY];
}

/** A file URL as a path (Windows drive paths with backslashes); any other URL as it is. */
function locationOf(url: string): string {
  if (!url.startsWith('file:')) return url;
  try {
    const path = decodeURIComponent(new URL(url).pathname);
    return /^\/[A-Za-z]:\//.test(path) ? path.slice(1).replaceAll('/', '\\') : path;
  } catch {
    return url;
  }
}

/**
 * A name-to-plug-in map for one kind (variants, models, losses, ...).
 *
 * Registering the same object twice is a no-op, and so is registering an object from the same package
 * and version as the registered one (a second copy of that package: the first is kept). Another object
 * under a taken name throws {@link DuplicateRegistrationError}, naming both sides, unless
 * `{ override: true }` is given.
 */
export class Registry<T extends Registrable> {
  private readonly items: Map<string, T>;
  private readonly sources: Map<string, PluginSource>;

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
    // Beside the items, not inside them: copies of core that predate sources share the items map.
    const sourcesKey = Symbol.for(`${storeKey}.sources`);
    this.sources = (g as unknown as Record<symbol, Map<string, PluginSource> | undefined>)[sourcesKey] ??= new Map();
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
    const source = options.source ?? item.source ?? loadingSource();
    if (existing !== undefined && !options.override) {
      const first = this.sources.get(item.name) ?? existing.source;
      if (first !== undefined && source !== undefined && first.package === source.package && first.version === source.version) {
        return item;
      }
      throw new DuplicateRegistrationError(this.kind, item.name, { first, second: source });
    }
    this.items.set(item.name, item);
    if (source !== undefined) this.sources.set(item.name, source);
    else this.sources.delete(item.name);
    return item;
  }

  /** Removes a name; returns whether it was registered. Meant for tests and hot reloading. */
  unregister(name: string): boolean {
    this.sources.delete(name);
    return this.items.delete(name);
  }

  /** The package that registered `name`, when it said (see {@link RegisterOptions.source}). */
  source(name: string): PluginSource | undefined {
    return this.items.has(name) ? (this.sources.get(name) ?? this.items.get(name)!.source) : undefined;
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
    const best = closestName(name, this.items.keys());
    return best === undefined ? undefined : `Did you mean '${best}'?`;
  }
}
