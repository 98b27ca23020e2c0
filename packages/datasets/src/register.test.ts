import { DATASET_SPEC_VERSION, NotRegisteredError, Rng, datasets } from '@gankit/core';
import { describe, expect, it } from 'vitest';
import { UnsupportedEnvironmentError } from './errors.js';
import * as entry from './index.js';

describe('registration', () => {
  it('registers the twelve datasets when the main entry is imported', () => {
    for (const name of ['mnist', 'fashion-mnist', 'cifar10', 'mnist-embedded', 'images', 'ring8', 'grid25', 'sine', 'images-paired', 'images-unpaired', 'digits-edges', 'digits-thickness']) {
      const dataset = datasets.get(name);
      expect(dataset.specVersion).toBe(DATASET_SPEC_VERSION);
      expect(dataset.description.length).toBeGreaterThan(10);
    }
    expect(entry.ring8).toBe(datasets.get('ring8'));
    expect(datasets.parse('images:./photos')).toEqual({ name: 'images', argument: './photos' });
    expect(datasets.parse('mnist:test')).toEqual({ name: 'mnist', argument: 'test' });
    expect(() => datasets.get('ring')).toThrow(NotRegisteredError);
  });

  it('importing the entry twice (or /node as well) registers nothing twice', async () => {
    await import('./register.js');
    await import('./node/index.js');
    expect(datasets.names().filter((n) => n === 'ring8')).toHaveLength(1);
  });

  it('the file-reading datasets explain themselves outside Node', async () => {
    const versions = process.versions;
    Object.defineProperty(process, 'versions', { value: {}, configurable: true });
    try {
      const error = await datasets
        .get('mnist')
        .load({}, { rng: new Rng(1) })
        .catch((e: unknown) => e);
      expect(UnsupportedEnvironmentError.isInstance(error)).toBe(true);
      expect((error as Error).message).toBe(
        "The 'mnist' dataset reads files and needs Node.js; in a browser use 'mnist-embedded', or fetch the IDX files yourself and pass their bytes to mnistFromIdx().",
      );
    } finally {
      Object.defineProperty(process, 'versions', { value: versions, configurable: true });
    }
  });
});
