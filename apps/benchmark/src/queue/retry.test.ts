import { ConfigError } from '@gankit/core';
import { describe, expect, it } from 'vitest';
import { OutputDirectoryError } from '../errors.js';
import { failsOnEveryWorker } from './worker.js';

describe('which job failures are retried (issue 31, item 10)', () => {
  it('fails a RangeError at once, as it recurs on every worker; retries a full disk and a held run folder', () => {
    const allocation = (() => {
      try {
        return new Float32Array(1e12);
      } catch (error) {
        return error;
      }
    })();
    expect(allocation).toBeInstanceOf(RangeError);
    expect(failsOnEveryWorker(allocation)).toBe(true);
    expect(failsOnEveryWorker(new ConfigError('options', [{ path: 'size', expected: 'a small number', found: 1e12 }]))).toBe(true);
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(failsOnEveryWorker(full)).toBe(false);
    expect(failsOnEveryWorker(new OutputDirectoryError('runs/x: locked by process 12 on this host'))).toBe(false);
  });
});
