/**
 * What every command needs first: gankit's built-in plug-ins, the user's plug-ins, a backend, data.
 * @module
 */
import { initWasmBackend } from '@gankit/backend-wasm';
import '@gankit/bigan';
import '@gankit/cgan';
import '@gankit/cyclegan';
import '@gankit/datasets';
import '@gankit/dcgan';
import '@gankit/infogan';
import '@gankit/losses';
import '@gankit/metrics';
import '@gankit/networks';
import '@gankit/pix2pix';
import '@gankit/sgan';
import '@gankit/vanilla';
import '@gankit/wgan';
import { BackendError, closestName, datasets, GankitError, isTranslationSource, registeringFrom, Rng, selectBackend, type BackendChoice, type PluginSource, type BackendPreference, type DataSource } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { UsageError } from './errors.js';

/** Name of the optional config file looked up in the working directory. */
export const CONFIG_FILE = 'gankit.config.json';

/** The keys `gankit.config.json` may hold. */
const CLI_CONFIG_KEYS = ['plugins'];

/** Contents of `gankit.config.json`. */
export interface CliConfig {
  /** Packages or paths to import before running, each registering plug-ins. */
  plugins?: string[];
}

/** Reads `--config FILE`, or `gankit.config.json` in `cwd` when present. */
export function readCliConfig(cwd: string, path?: string): CliConfig {
  const file = path ? resolve(cwd, path) : join(cwd, CONFIG_FILE);
  if (!path && !existsSync(file)) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`--config: cannot read '${file}'`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const config = parsed as CliConfig;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || (config.plugins !== undefined && !(Array.isArray(config.plugins) && config.plugins.every((p) => typeof p === 'string')))) {
    throw new UsageError(`${file}: expected { "plugins": ["<package or path>", ...] }`);
  }
  const unknown = Object.keys(parsed).filter((k) => !CLI_CONFIG_KEYS.includes(k));
  if (unknown.length) {
    const hints = unknown.map((k) => `'${k}'${closestName(k, CLI_CONFIG_KEYS) ? ` (did you mean '${closestName(k, CLI_CONFIG_KEYS)}'?)` : ''}`);
    throw new UsageError(`${file}: unknown key${unknown.length > 1 ? 's' : ''} ${hints.join(', ')}; expected only ${CLI_CONFIG_KEYS.map((k) => `"${k}"`).join(', ')}`);
  }
  return config;
}

/**
 * Where a plug-in comes from, for registrations it makes without a source of its own. A package loaded
 * by name: the name and version of the nearest package.json above its entry file (so two copies of one
 * version are recognised as copies). A file given by path: the file itself, so that two files registering
 * the same name are a conflict naming both.
 */
function sourceOf(spec: string, url: string): PluginSource {
  if (!url.startsWith('file:')) return { package: spec, version: 'unknown' };
  const file = fileURLToPath(url);
  if (spec.startsWith('.') || isAbsolute(spec)) return { package: file, version: 'file', path: file };
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    try {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (typeof name === 'string') return { package: name, version: typeof version === 'string' ? version : 'unversioned', path: file };
    } catch {
      // not JSON: look further up
    }
  }
  return { package: spec, version: 'unknown', path: file };
}

/**
 * Imports plug-in modules: a path (starting with `.` or `/`) relative to `cwd`, or a package name
 * resolved from `cwd` (so a project's own node_modules is used), falling back to gankit's. Returns what
 * was loaded, paths made absolute (what a run records as the plug-ins it needs).
 */
export async function loadPlugins(specs: string[], cwd: string): Promise<string[]> {
  const loaded: string[] = [];
  for (const spec of specs) {
    let url: string;
    if (spec.startsWith('.') || isAbsolute(spec)) {
      const file = resolve(cwd, spec);
      if (!existsSync(file)) throw new UsageError(`--plugin: no file at '${file}'`);
      url = pathToFileURL(file).href;
      loaded.push(file);
    } else {
      try {
        url = pathToFileURL(createRequire(join(cwd, 'noop.js')).resolve(spec)).href;
      } catch {
        url = spec;
      }
      loaded.push(spec);
    }
    try {
      await registeringFrom(sourceOf(spec, url), () => import(url));
    } catch (error) {
      // gankit's own errors are complete as they are (a DuplicateRegistrationError names both sides on
      // the lines after the first); anything else is summarised in one line.
      if (GankitError.isInstance(error)) throw error;
      throw new UsageError(`--plugin: could not load '${spec}': ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return [...new Set(loaded)];
}

/** Cores that sat idle over the last `ms` milliseconds (from the kernel's per-core busy/idle times). */
export async function idleCores(ms = 250): Promise<number> {
  const times = () => cpus().reduce((acc, c) => ({ idle: acc.idle + c.times.idle, total: acc.total + Object.values(c.times).reduce((a, b) => a + b, 0) }), { idle: 0, total: 0 });
  const before = times();
  await sleep(ms);
  const after = times();
  const total = after.total - before.total;
  return total > 0 ? (cpus().length * (after.idle - before.idle)) / total : cpus().length;
}

/**
 * The wasm thread count when none is asked for: one per idle core (at least 1, at most 8). The wasm
 * backend's threads meet at every kernel, so a thread that waits for a core shared with another
 * process stalls all of them: on a 2-core machine running one other job, two threads made small
 * networks 1.5x (MNIST MLP) to 3.5x (2-D MLP) slower than one (measured: docs/backends.md, "Threads").
 */
export async function defaultWasmThreads(): Promise<{ threads: number; idle: number }> {
  const idle = await idleCores();
  return { threads: Math.max(1, Math.min(8, availableParallelism(), Math.round(idle))), idle };
}

/**
 * Selects the backend (`--backend`): tfjs-node when installed, else WebAssembly with gankit's training
 * kernels on `threads` threads (default: one per idle core, {@link defaultWasmThreads}), else plain JS. Reports the choice through `log`.
 */
export async function setupBackend(prefer: string | undefined, log: (line: string) => void, threads?: number): Promise<BackendChoice> {
  const allowed = ['auto', 'tensorflow', 'wasm', 'cpu'];
  if (prefer !== undefined && !allowed.includes(prefer)) {
    throw new UsageError(`--backend: expected one of ${allowed.join(', ')}, got '${prefer}'`);
  }
  const wanted = (prefer ?? 'auto') as BackendPreference;
  const notes: string[] = [];
  if (wanted === 'auto') {
    try {
      return report(await selectBackend({ prefer: 'tensorflow' }), log);
    } catch (error) {
      if (!BackendError.isInstance(error)) throw error;
      notes.push(error.message);
    }
  }
  if (wanted === 'auto' || wanted === 'wasm') {
    try {
      const auto = threads === undefined ? await defaultWasmThreads() : undefined;
      const info = await initWasmBackend({ threads: threads ?? auto!.threads });
      const why = auto ? ` (${auto.idle.toFixed(1)} of ${availableParallelism()} cores idle; --threads sets it)` : '';
      log(`backend: wasm, ${info.threads} thread${info.threads === 1 ? '' : 's'}${why}, with @gankit/backend-wasm training kernels${info.fallbackReason ? ` (one thread: ${info.fallbackReason})` : ''}`);
      return { name: tf.getBackend(), package: '@tensorflow/tfjs-backend-wasm', notes };
    } catch (error) {
      if (wanted === 'wasm') throw error;
      notes.push(`wasm: ${(error as Error).message}`);
    }
  }
  return report(await selectBackend({ prefer: wanted === 'auto' ? 'cpu' : wanted }), log);
}

function report(choice: BackendChoice, log: (line: string) => void): BackendChoice {
  log(`backend: ${choice.name}${choice.package.startsWith('@') ? ` (${choice.package})` : ''}`);
  return choice;
}

/** Fingerprints already taken: a bench checks many runs of one loaded dataset. */
const fingerprints = new WeakMap<DataSource, string>();

/**
 * SHA-256 of a data source's examples and labels, in order (read in chunks, without a full copy); for
 * translation data, of its inputs (domain A) too. Taken once per data source (its data never changes).
 */
export function dataFingerprint(data: DataSource): string {
  let fingerprint = fingerprints.get(data);
  if (fingerprint === undefined) fingerprints.set(data, (fingerprint = computeFingerprint(data)));
  return fingerprint;
}

function computeFingerprint(data: DataSource): string {
  const hash = createHash('sha256');
  if (isTranslationSource(data)) hash.update(dataFingerprint(data.translation.inputs));
  const size = data.spec.size;
  hash.update(JSON.stringify({ shape: data.spec.shape, size }));
  for (let start = 0; start < size; start += 1024) {
    const rows = data.rows(Uint32Array.from({ length: Math.min(1024, size - start) }, (_, i) => start + i));
    hash.update(new Uint8Array(rows.x.buffer, rows.x.byteOffset, rows.x.byteLength));
    if (rows.labels) hash.update(new Uint8Array(rows.labels.buffer, rows.labels.byteOffset, rows.labels.byteLength));
  }
  return hash.digest('hex');
}

/** Datasets whose argument is a folder. */
const FOLDER_DATASETS = ['images', 'images-paired', 'images-unpaired'];

/**
 * A dataset name with its folder argument made absolute (`images:./photos` becomes
 * `images:/home/me/photos`), so a run resumed from another directory reads the same folder.
 */
export function absoluteDatasetName(spec: string, cwd: string): string {
  const { name, argument } = datasets.parse(spec);
  if (argument === undefined || !FOLDER_DATASETS.includes(name) || isAbsolute(argument)) return spec;
  return `${name}:${resolve(cwd, argument)}`;
}

/** Which part of a dataset to load. */
export type Split = 'train' | 'test';

/** Loads a dataset by registry name (`mnist-embedded`, `images:./dir`), seeded. */
export async function loadDataset(spec: string, seed: number, split: Split, options: Record<string, unknown> = {}): Promise<DataSource> {
  const { name, argument } = datasets.parse(spec);
  const dataset = datasets.get(name);
  return dataset.load({ ...options, split } as never, { rng: new Rng(seed), ...(argument !== undefined ? { argument } : {}) });
}
