import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './backend.js';
import { BackendError } from './errors.js';

describe('selectBackend', () => {
  it('falls back from tfjs-node to wasm when the native packages cannot load, and reports why', async () => {
    const choice = await selectBackend();
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.notes.join('\n')).toMatch(/@tensorflow\/tfjs-node-gpu: not usable/);
    expect(choice.notes.join('\n')).toMatch(/@tensorflow\/tfjs-node: not usable/);
  });

  it('honours an explicit choice', async () => {
    const choice = await selectBackend({ prefer: 'cpu' });
    expect(choice.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('says which packages to install when a requested backend is missing', async () => {
    const err = await selectBackend({ prefer: 'tensorflow' }).catch((e: unknown) => e);
    expect(BackendError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/Backend 'tensorflow' is not available: .*Install @tensorflow\/tfjs-node-gpu or @tensorflow\/tfjs-node/);
    await expect(selectBackend({ prefer: 'tpu' as never })).rejects.toThrowError(/Unknown backend 'tpu'\. Expected one of: auto, tensorflow, wasm, cpu/);
  });

  it('uses the packages an importer provides, e.g. a bundled app', async () => {
    const imported: string[] = [];
    const choice = await selectBackend({
      importer: async (spec) => {
        imported.push(spec);
        if (spec.includes('tfjs-node')) throw new Error(`Cannot find package '${spec}'`);
      },
    });
    expect(imported).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']);
    expect(choice.name).toBe('wasm');
  });
});
