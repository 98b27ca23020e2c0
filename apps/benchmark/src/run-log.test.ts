import { DiskFullError } from '@gankit/core';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputDirectoryError } from './errors.js';
import { appendRunLog, readRunLog, tornLineNote, truncateRunLog } from './run-log.js';

const work = mkdtempSync(join(tmpdir(), 'gankit-run-log-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const line = (step: number) => JSON.stringify({ step, dLoss: 0.7, gLoss: 0.7 }) + '\n';

describe('log.jsonl repair', () => {
  it('drops a torn last line (what a full disk left) and keeps the steps up to the checkpoint', async () => {
    const path = join(work, 'torn.jsonl');
    writeFileSync(path, line(1) + line(2) + line(3) + '{"step":4,"dLoss":0.7,');
    expect(await readRunLog(path)).toMatchObject({ steps: [{ step: 1 }, { step: 2 }, { step: 3 }], torn: '{"step":4,"dLoss":0.7,' });
    expect(await truncateRunLog(path, 2)).toBe('{"step":4,"dLoss":0.7,');
    expect(readFileSync(path, 'utf8')).toBe(line(1) + line(2));
    // Repaired: a second resume has nothing to drop.
    expect(await truncateRunLog(path, 2)).toBeUndefined();
  });

  it('treats a whole last line that is not a step as torn too, and says what it dropped', async () => {
    const path = join(work, 'bad-last.jsonl');
    writeFileSync(path, line(1) + '{"step":2,"dL\n');
    expect(await truncateRunLog(path, 5)).toBe('{"step":2,"dL');
    expect(readFileSync(path, 'utf8')).toBe(line(1));
    expect(tornLineNote(path, '{"step":2,"dL')).toBe(`note: ${path}: dropped its last line (13 bytes, '{"step":2,"dL'): a write that did not finish (a full disk or a killed process); those steps are trained again.\n`);
  });

  it('refuses a bad line before the last one, naming it, and changes nothing', async () => {
    const path = join(work, 'bad-middle.jsonl');
    const text = line(1) + 'garbage\n' + line(3);
    writeFileSync(path, text);
    const error = await truncateRunLog(path, 3).catch((e: unknown) => e);
    expect(OutputDirectoryError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(`${path}: line 2 is not a step's numbers (expected a JSON object with an integer "step", found 'garbage'); nothing was changed. Remove that line to continue the run.`);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('a missing log holds no steps', async () => {
    expect(await readRunLog(join(work, 'none.jsonl'))).toEqual({ steps: [] });
    expect(await truncateRunLog(join(work, 'none.jsonl'), 3)).toBeUndefined();
    expect(existsSync(join(work, 'none.jsonl'))).toBe(false);
  });

  it('an append to a full device is a DiskFullError naming the file', async () => {
    // /dev/full answers every write with ENOSPC, as a full file system does.
    const error = await appendRunLog('/dev/full', line(1)).catch((e: unknown) => e);
    expect(DiskFullError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^\/dev\/full: no space left on the device \(/);
  });
});
