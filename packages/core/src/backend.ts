/**
 * Choosing the TensorFlow.js backend: native TensorFlow when `@tensorflow/tfjs-node-gpu` or
 * `@tensorflow/tfjs-node` is installed (optional peers, never required), else WebAssembly, else plain JS.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from './errors.js';

/** Backends gankit knows how to load. `'auto'` picks the fastest available. */
export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu' | 'webgl' | 'webgpu';

/** What {@link selectBackend} chose and why. */
export interface BackendChoice {
  /** tfjs backend name now active (`tf.getBackend()`). */
  name: string;
  /** Package that provides it. */
  package: string;
  /** Why this one: what was tried before it and how that failed. */
  notes: string[];
}

interface Candidate {
  backend: string;
  packages: string[];
}

const CANDIDATES: Record<Exclude<BackendPreference, 'auto'>, Candidate> = {
  tensorflow: { backend: 'tensorflow', packages: ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] },
  wasm: { backend: 'wasm', packages: ['@tensorflow/tfjs-backend-wasm'] },
  cpu: { backend: 'cpu', packages: ['@tensorflow/tfjs-backend-cpu'] },
  webgl: { backend: 'webgl', packages: ['@tensorflow/tfjs-backend-webgl'] },
  webgpu: { backend: 'webgpu', packages: ['@tensorflow/tfjs-backend-webgpu'] },
};

const AUTO_ORDER: Array<Exclude<BackendPreference, 'auto'>> = ['tensorflow', 'wasm', 'cpu'];

/** Imports a package by a name computed at run time, so bundlers do not try to resolve optional peers. */
const importOptional = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** A backend to use instead of the automatic order; failing to load it is an error. */
  prefer?: BackendPreference;
  /** How to import a backend package (tests and bundled apps pass their own). */
  importer?: (specifier: string) => Promise<unknown>;
}

function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 200);
}

async function tryCandidate(c: Candidate, importer: (s: string) => Promise<unknown>, notes: string[]): Promise<BackendChoice | undefined> {
  let provider = tf.findBackendFactory(c.backend) ? '(already registered)' : undefined;
  if (!provider) {
    for (const pkg of c.packages) {
      try {
        await importer(pkg);
        if (tf.findBackendFactory(c.backend)) {
          provider = pkg;
          break;
        }
        notes.push(`${pkg}: imported, but it registered no '${c.backend}' backend`);
      } catch (error) {
        notes.push(`${pkg}: not usable (${message(error)})`);
      }
    }
  }
  if (!provider) return undefined;
  try {
    const ok = await tf.setBackend(c.backend);
    await tf.ready();
    if (ok) return { name: tf.getBackend(), package: provider, notes };
    notes.push(`'${c.backend}' backend failed to initialize`);
  } catch (error) {
    notes.push(`'${c.backend}' backend failed to initialize (${message(error)})`);
  }
  return undefined;
}

/**
 * Loads and activates a backend: with `prefer: 'auto'` (the default) the first that works of
 * `tensorflow` (tfjs-node-gpu, then tfjs-node), `wasm`, `cpu`. Returns what was chosen with notes on
 * what was skipped, so callers can report it.
 *
 * Note that stock `wasm` cannot train convolutional networks; import `@gankit/backend-wasm` first.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
  const prefer = options.prefer ?? 'auto';
  const importer = options.importer ?? importOptional;
  const notes: string[] = [];
  if (prefer !== 'auto') {
    const candidate = CANDIDATES[prefer];
    if (!candidate) {
      throw new BackendError(`Unknown backend '${String(prefer)}'. Expected one of: auto, ${Object.keys(CANDIDATES).join(', ')}.`);
    }
    const choice = await tryCandidate(candidate, importer, notes);
    if (!choice) {
      throw new BackendError(
        `Backend '${prefer}' is not available: ${notes.join('; ')}. Install ${candidate.packages.join(' or ')}, or choose another backend.`,
      );
    }
    return choice;
  }
  for (const name of AUTO_ORDER) {
    const choice = await tryCandidate(CANDIDATES[name], importer, notes);
    if (choice) return choice;
  }
  throw new BackendError(`No TensorFlow.js backend could be loaded: ${notes.join('; ')}.`);
}
