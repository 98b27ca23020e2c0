import { engine, env, setBackend } from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

/** Options of {@link initWasmBackend}. */
export interface WasmBackendOptions {
  /**
   * Threads XNNPACK runs on (1 to 8). Defaults to every core Node reports (`os.availableParallelism()`);
   * in a browser to what the wasm backend picks itself (half of `navigator.hardwareConcurrency`, and
   * only on cross-origin-isolated pages), or the number asked for (cross-origin-isolated pages only).
   */
  threads?: number;
}

/** What {@link initWasmBackend} set up. */
export interface WasmBackendInfo {
  /** Threads XNNPACK actually runs on. */
  threads: number;
  /** False when the backend had already been initialized, so the thread count could not change. */
  initialized: boolean;
  /** Why fewer threads than asked for run, when Node's threads could not be set up. */
  fallbackReason?: string;
}

const isNode = typeof process === 'object' && typeof process.versions?.node === 'string';

/**
 * Initializes the `wasm` backend, multi-threaded where possible, and makes it the current backend.
 *
 * Under Node the wasm backend never uses threads (tfjs-backend-wasm turns them off, tfjs issue
 * #3830): its threaded build loads its worker from a `blob:` URL, which Node's `worker_threads`
 * cannot start, and it caps the thread count at half the logical cores (1 on a 2-core machine).
 * Here, under Node, the worker is started from the same worker script with the glue loaded by
 * `require`, and the core count the wasm module reads at start-up is raised to `2 * threads` for the
 * duration of the initialization. Must run before anything else initializes the wasm backend.
 *
 * @example
 * ```ts
 * import { initWasmBackend } from '@gankit/backend-wasm'; // also registers the kernels
 * const { threads } = await initWasmBackend({ threads: 2 }); // tf.getBackend() is now 'wasm'
 * ```
 */
export async function initWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackendInfo> {
  if ((engine().registry as Record<string, unknown>)['wasm'] != null) {
    await setBackend('wasm');
    return { threads: getThreadsCount(), initialized: false };
  }
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
    throw new RangeError(`'threads' must be a whole number >= 1, got '${String(options.threads)}'`);
  }
  if (!isNode) {
    if (options.threads !== undefined) setThreadsCount(options.threads);
    // As under Node below: the module caps its threads at half the cores it reads at start-up
    // (navigator.hardwareConcurrency), so it is shown enough cores for the threads asked for.
    const restore = options.threads !== undefined && options.threads > 1 ? showCores(2 * options.threads) : () => {};
    try {
      await setBackend('wasm');
    } finally {
      restore();
    }
    return { threads: getThreadsCount(), initialized: true };
  }
  // Hidden from bundlers (a specifier in a variable is not followed): this branch only runs under Node.
  const osSpecifier = 'node:os';
  const os = (await import(/* webpackIgnore: true */ /* @vite-ignore */ osSpecifier)) as typeof import('node:os') & { default: typeof import('node:os') };
  let threads = Math.min(options.threads ?? os.availableParallelism(), 8);
  let fallbackReason: string | undefined;
  if (threads > 1) {
    try {
      await installNodeWorkerShim();
    } catch (e) {
      fallbackReason = (e as Error).message;
      threads = 1;
    }
  }
  env().set('WASM_HAS_MULTITHREAD_SUPPORT', threads > 1);
  setThreadsCount(threads);
  const cpus = os.default.cpus;
  // The module's start-up code sets its thread cap to (logical cores / 2), read through os.cpus().
  os.default.cpus = () => {
    const real = cpus();
    return Array.from({ length: Math.max(real.length, 2 * threads) }, (_, i) => real[i % real.length]!);
  };
  try {
    if (!(await setBackend('wasm'))) throw new Error(`Backend 'wasm' failed to initialize`);
  } finally {
    os.default.cpus = cpus;
  }
  unrefThreads();
  return fallbackReason === undefined
    ? { threads: getThreadsCount(), initialized: true }
    : { threads: getThreadsCount(), initialized: true, fallbackReason };
}

/**
 * Makes `navigator.hardwareConcurrency` read at least `cores` until the returned function is called
 * (an own property over the prototype's getter, removed again). Does nothing where it cannot be set.
 */
function showCores(cores: number): () => void {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (!nav || (nav.hardwareConcurrency ?? 0) >= cores) return () => {};
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { value: cores, configurable: true });
  } catch {
    return () => {};
  }
  return () => void delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
}

/**
 * The glue keeps a running thread's worker referenced, and XNNPACK's threads never end, so Node
 * would never exit on its own. Unreferenced, they still run, and end with the process.
 */
function unrefThreads(): void {
  const wasm = (engine().findBackend('wasm') as unknown as { wasm?: { PThread?: { runningWorkers?: unknown[] } } }).wasm;
  for (const worker of wasm?.PThread?.runningWorkers ?? []) (worker as { unref?: () => void }).unref?.();
}

const SHIM_KEY = Symbol.for('@gankit/backend-wasm:workerShim');

/**
 * Makes `new Worker(blobUrl)` from the threaded wasm glue work under Node. The glue assigns
 * `global.Worker = worker_threads.Worker` itself, so the shim is an accessor on `globalThis.Worker`
 * that wraps whatever is assigned: `blob:` URLs (which Node cannot start) become an eval worker
 * running the wasm backend's worker script, patched to `require` the glue file instead of
 * `importScripts` of a Blob. Everything else passes through.
 */
async function installNodeWorkerShim(): Promise<void> {
  const g = globalThis as Record<PropertyKey, unknown>;
  if (g[SHIM_KEY] === true) return;
  const moduleSpecifier = 'node:module';
  const { createRequire } = (await import(/* webpackIgnore: true */ /* @vite-ignore */ moduleSpecifier)) as typeof import('node:module');
  const require = createRequire(import.meta.url);
  const wasmDir = require.resolve('@tensorflow/tfjs-backend-wasm/package.json').replace(/package\.json$/, '');
  const gluePath = `${wasmDir}wasm-out/tfjs-backend-wasm-threaded-simd.js`;
  const { wasmWorkerContents } = require(`${wasmDir}wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`) as {
    wasmWorkerContents: string;
  };
  const loadGlue = /if\(typeof e\.data\.urlOrBlob=="string"\)\{importScripts\(e\.data\.urlOrBlob\)\}else\{[^}]*\}/;
  if (!loadGlue.test(wasmWorkerContents)) {
    throw new Error(`The worker script of '@tensorflow/tfjs-backend-wasm' is not the one expected (4.22); its threads cannot start under Node`);
  }
  // The worker script is a template literal whose "\n" escapes became newlines; escape them back.
  const workerCode = wasmWorkerContents.replace(/\n/g, '\\n')
    .replace(loadGlue, `globalThis.WasmBackendModuleThreadedSimd=require(${JSON.stringify(gluePath)});`);
  let assigned: unknown = g['Worker'];
  type WorkerClass = new (url: unknown, options?: unknown) => object;
  function ShimWorker(url: unknown, options?: unknown): object {
    const Base = assigned as WorkerClass;
    if (typeof url === 'string' && url.startsWith('blob:')) return new Base(workerCode, { eval: true });
    return new Base(url, options);
  }
  Object.defineProperty(globalThis, 'Worker', {
    configurable: true,
    get: () => (assigned === undefined ? undefined : ShimWorker),
    set: (value: unknown) => {
      assigned = value;
    },
  });
  g[SHIM_KEY] = true;
}
