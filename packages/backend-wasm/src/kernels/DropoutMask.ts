import { util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';

import { simdKernels, type WasmBackendInternals } from './simd_module.js';

/**
 * Name of the dropout-mask kernel: `@gankit/core`'s `SeededDropout` runs a kernel of this name when
 * the backend has one (the two packages share only this string and the attributes). No inputs;
 * attributes `shape`, `rate` in [0, 1) and `state`, the four 32-bit words of an sfc32 generator
 * (`Rng.getState()`); output float32 `shape`, element i `1 / (1 - rate)` when the i-th draw is at least
 * `rate * 2^32`, else 0: the mask core's JavaScript path makes from the same state.
 */
export const DROPOUT_MASK = 'GankitDropoutMask';

/** Attributes of {@link DROPOUT_MASK}. */
export interface DropoutMaskAttrs {
  shape: number[];
  rate: number;
  state: readonly [number, number, number, number];
}

const dropoutMask: KernelFunc = ({ backend, attrs }) => {
  const { shape, rate, state } = attrs as unknown as DropoutMaskAttrs;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(`${DROPOUT_MASK}: expected shape to be non-negative integers, got ${JSON.stringify(shape)}`);
  }
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`${DROPOUT_MASK}: expected a rate in [0, 1), got ${rate}`);
  if (!Array.isArray(state) || state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)) {
    throw new TypeError(`${DROPOUT_MASK}: expected state to be four unsigned 32-bit integers, got ${JSON.stringify(state)}`);
  }
  const wasm = backend as unknown as WasmBackendInternals;
  const out = wasm.makeOutput([...shape], 'float32');
  const n = util.sizeFromShape(shape);
  const threshold = Math.floor(rate * 4294967296);
  const scale = 1 / (1 - rate);
  const simd = simdKernels(wasm);
  if (simd) {
    simd.dropoutMask(wasm.getMemoryOffset(out.dataId), n, state[0] | 0, state[1] | 0, state[2] | 0, state[3] | 0, threshold | 0, scale);
    return out;
  }
  // The same draws in JavaScript (sfc32), where the SIMD module cannot be reached.
  const mask = wasm.typedArrayFromHeap(out);
  let [a, b, c, d] = state.map((w) => w | 0) as [number, number, number, number];
  for (let i = 0; i < n; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    mask[i] = t >>> 0 >= threshold ? scale : 0;
  }
  return out;
};

/** Registered by {@link registerWasmTrainingKernels} (an added kernel). */
export const dropoutMaskConfig: KernelConfig = { kernelName: DROPOUT_MASK, backendName: 'wasm', kernelFunc: dropoutMask };
