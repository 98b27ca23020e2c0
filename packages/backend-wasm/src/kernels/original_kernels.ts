import { getKernel, type KernelFunc } from '@tensorflow/tfjs-core';

/** Kept on `globalThis` so that two copies of this package share the wasm backend's originals. */
const ORIGINALS_KEY = Symbol.for('@gankit/backend-wasm:originalKernels');

type Originals = Map<string, KernelFunc>;

function originals(): Originals {
  const g = globalThis as { [ORIGINALS_KEY]?: Originals };
  g[ORIGINALS_KEY] ??= new Map();
  return g[ORIGINALS_KEY];
}

/** Remembers the wasm backend's own kernel `name` (before it is replaced) for fallbacks. */
export function saveOriginalKernel(name: string, kernelFunc: KernelFunc): void {
  if (!originals().has(name)) originals().set(name, kernelFunc);
}

/**
 * The wasm backend's own kernel `name`, which a replacement calls for the cases it does not
 * handle (other dtypes, real batches). Throws if the backend never had one.
 */
export function originalKernel(name: string): KernelFunc {
  const saved = originals().get(name);
  if (saved !== undefined) return saved;
  const current = getKernel(name, 'wasm');
  if (current === undefined) throw new Error(`Kernel '${name}' not registered for backend 'wasm'`);
  return current.kernelFunc;
}
