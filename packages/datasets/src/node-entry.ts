/**
 * Reaching the Node-only half of this package from the browser-safe half. The main entry registers
 * every dataset, including those that read files; their `load()` imports `./node/index.js` only when
 * called, through a specifier bundlers do not follow, so a browser bundle never contains `node:`
 * imports and a browser user gets a clear error instead.
 * @module
 */
import { UnsupportedEnvironmentError } from './errors.js';

type NodeEntry = typeof import('./node/index.js');

/** True when running under Node.js (or a runtime that implements its APIs). */
export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * The `@gankit/datasets/node` module, loaded on demand.
 * @param what the dataset or function that needs it, for the error message.
 * @param alternative what to use outside Node instead.
 * @throws {@link UnsupportedEnvironmentError} outside Node.
 */
export async function nodeEntry(what: string, alternative: string): Promise<NodeEntry> {
  if (!isNode()) {
    throw new UnsupportedEnvironmentError(`${what} reads files and needs Node.js; ${alternative}`);
  }
  // A variable specifier keeps bundlers (webpack, Vite, esbuild) from pulling Node code into browser builds.
  const specifier = './node/index.js';
  return (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as NodeEntry;
}
