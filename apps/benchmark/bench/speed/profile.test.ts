import { describe, expect, it } from 'vitest';
import { isWasmFrame, kernelShare, sourceOf } from './profile.js';

const TFJS_CORE = 'file:///work/main/node_modules/.pnpm/@tensorflow+tfjs-core@4.22.0/node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js';

describe('kernelShare', () => {
  it('counts leaf frames: wasm is kernel time, JS, GC and V8 are outside, idle is left out', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { functionName: '(root)', url: '' } },
        { id: 2, callFrame: { functionName: 'wasm-function[400]', url: 'wasm://wasm/0019ea4a' } },
        { id: 3, callFrame: { functionName: 'runKernel', url: TFJS_CORE } },
        { id: 4, callFrame: { functionName: '(garbage collector)', url: '' } },
        { id: 5, callFrame: { functionName: '(idle)', url: '' } },
        { id: 6, callFrame: { functionName: 'adamUpdate', url: 'file:///work/main/packages/backend-wasm/dist/kernels/AdamUpdate.js' } },
        { id: 7, callFrame: { functionName: '(program)', url: '' } },
      ],
      samples: [2, 2, 2, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7],
    };
    const share = kernelShare(profile);
    expect(share.samples).toBe(11);
    expect(share.wasm).toBeCloseTo(6 / 11);
    expect(share.outside).toBeCloseTo(5 / 11);
    expect(share.js).toBeCloseTo(3 / 11);
    expect(share.gc).toBeCloseTo(1 / 11);
    expect(share.program).toBeCloseTo(1 / 11);
    expect(share.jsBySource).toEqual({ '@tensorflow/tfjs-core': 2 / 11, '@gankit/backend-wasm': 1 / 11 });
    expect(share.top[0]).toEqual({ frame: 'runKernel (@tensorflow/tfjs-core)', share: 2 / 11 });
  });

  it('gives zero shares for an empty profile', () => {
    expect(kernelShare({ nodes: [], samples: [] })).toMatchObject({ samples: 0, wasm: 0, outside: 0 });
  });
});

describe('frames and sources', () => {
  it('knows wasm frames by their URL or name', () => {
    expect(isWasmFrame({ functionName: '$xnn_f32_gemm', url: 'wasm://wasm/0019ea4a' })).toBe(true);
    expect(isWasmFrame({ functionName: 'wasm-function[12]', url: '' })).toBe(true);
    expect(isWasmFrame({ functionName: 'js-to-wasm:i:i', url: '' })).toBe(false);
  });

  it('names the package of a pnpm or workspace URL', () => {
    expect(sourceOf(TFJS_CORE)).toBe('@tensorflow/tfjs-core');
    expect(sourceOf('file:///work/main/packages/core/dist/trainer.js')).toBe('@gankit/core');
    expect(sourceOf('node:internal/timers')).toBe('node');
    expect(sourceOf('')).toBe('(native)');
  });
});
