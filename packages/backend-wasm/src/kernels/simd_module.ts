import type { TensorInfo } from '@tensorflow/tfjs-core';

import { KERNELS_WASM, KERNELS_WASM_SHARED } from './simd_binary.js';

/** The exports of wasm/kernels.wat: byte offsets into the wasm backend's memory, element counts. */
export interface SimdKernels {
  adam(x: number, g: number, m: number, v: number, x1: number, m1: number, v1: number, n: number,
    b1: number, b2: number, oneMinusB1: number, oneMinusB2: number, eps: number, negLr: number, c1: number, c2: number): void;
  rmsprop(x: number, g: number, ms: number, mom: number, x1: number, ms1: number, mom1: number, n: number,
    decay: number, oneMinusDecay: number, momentum: number, lr: number, eps: number): void;
  transpose2d(input: number, output: number, rows: number, cols: number): void;
  minibatchSimilarity(m: number, o: number, rows: number, width: number, n: number): void;
  minibatchSimilarityGrad(m: number, dy: number, dm: number, scratch: number, rows: number, width: number, n: number): void;
  columnSums(x: number, out: number, rows: number, cols: number): void;
  leakyReluGrad(x: number, dy: number, dx: number, n: number, alpha: number): void;
  matMulTransposedA(a: number, b: number, c: number, k: number, m: number, n: number): void;
  tanh(x: number, y: number, n: number): void;
  dropoutMask(out: number, n: number, a: number, b: number, c: number, d: number, threshold: number, scale: number): void;
}

/** The part of tfjs's wasm backend the SIMD kernels need: its memory and where tensors live in it. */
export interface WasmBackendInternals {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  getMemoryOffset(dataId: object): number;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object): boolean;
  /** A float32 view of a tensor's data in the heap; make it after any allocation (which may grow the heap). */
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** Three fresh float32 outputs of `shape`: a fused optimizer update's new variable and two slots. */
export function threeOutputs(backend: WasmBackendInternals, shape: number[]): [TensorInfo, TensorInfo, TensorInfo] {
  return [backend.makeOutput(shape, 'float32'), backend.makeOutput(shape, 'float32'), backend.makeOutput(shape, 'float32')];
}

const instances = new WeakMap<object, SimdKernels | null>();

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * gankit's SIMD kernels (wasm/kernels.wat) instantiated on `backend`'s own memory, so they work on
 * tensors in place; one instance per backend. Undefined when that memory cannot be reached (a tfjs
 * build that hides it): callers then take their portable path.
 */
export function simdKernels(backend: WasmBackendInternals): SimdKernels | undefined {
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    // The threaded build creates its memory in JavaScript; the single-threaded one exports it.
    const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
    kernels = null;
    if (memory instanceof WebAssembly.Memory) {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      const module = new WebAssembly.Module(decode(shared ? KERNELS_WASM_SHARED : KERNELS_WASM));
      kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
    }
    instances.set(backend, kernels);
  }
  return kernels ?? undefined;
}
