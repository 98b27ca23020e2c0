import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DiskFullError, GankitError } from '../errors.js';
import { asDiskFull } from './atomic.js';

describe('asDiskFull', () => {
  it('turns a real ENOSPC into a DiskFullError naming the file and the space of its file system', async () => {
    // /dev/full answers every write with ENOSPC, as a full file system does.
    const raw = await writeFile('/dev/full', 'x').catch((e: unknown) => e);
    expect((raw as NodeJS.ErrnoException).code).toBe('ENOSPC');
    const error = await asDiskFull(raw, '/dev/full');
    expect(DiskFullError.isInstance(error) && GankitError.isInstance(error)).toBe(true);
    expect((error as DiskFullError).name).toBe('DiskFullError');
    expect((error as DiskFullError).location).toBe('/dev/full');
    expect((error as DiskFullError).space?.total).toBeGreaterThanOrEqual(0);
    expect((error as Error).message).toMatch(/^\/dev\/full: no space left on the device \(\d+(\.\d)? [kMGT]?B free of \d+(\.\d)? [kMGT]?B\)$/);
    expect((error as Error).cause).toBe(raw);
  });

  it('passes any other error through as it is', async () => {
    const other = Object.assign(new Error('permission denied'), { code: 'EACCES' });
    expect(await asDiskFull(other, '/x')).toBe(other);
  });

  it('formats sizes as df -H does', () => {
    expect(new DiskFullError('/run/log.jsonl', { free: 1536, total: 3 * 1024 * 1024 }).message).toBe('/run/log.jsonl: no space left on the device (1.5 kB free of 3.1 MB)');
    expect(new DiskFullError('/run/log.jsonl', { free: 0, total: 999 }).message).toBe('/run/log.jsonl: no space left on the device (0 B free of 999 B)');
    expect(new DiskFullError('/x', undefined).message).toBe('/x: no space left on the device (free space unknown)');
  });
});
