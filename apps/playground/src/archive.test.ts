import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTar, readTar } from './archive.js';
import { ArchiveError } from './errors.js';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * seed + 11) & 255);

describe('tar archives', () => {
  const files = {
    'run/run.json': new TextEncoder().encode('{"format":"gankit-run"}\n'),
    'run/checkpoints/step-00000020/generator/weights.bin': bytes(1300, 7),
    'run/empty.txt': new Uint8Array(0),
    [`run/${'long-folder-name/'.repeat(8)}weights.bin`]: bytes(513, 3),
  };

  it('round-trips, and the system tar unpacks what createTar writes', () => {
    const tar = createTar(files);
    const back = readTar(tar, 'run.tar');
    expect([...back.keys()].sort()).toEqual(Object.keys(files).sort());
    for (const [path, data] of Object.entries(files)) expect(Buffer.from(back.get(path)!).equals(Buffer.from(data))).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'gankit-tar-'));
    try {
      writeFileSync(join(dir, 'run.tar'), tar);
      execFileSync('tar', ['-xf', 'run.tar'], { cwd: dir });
      for (const [path, data] of Object.entries(files)) expect(readFileSync(join(dir, path)).equals(Buffer.from(data))).toBe(true);
      // and readTar reads what the system tar writes
      execFileSync('tar', ['-cf', 'again.tar', 'run'], { cwd: dir });
      const again = readTar(new Uint8Array(readFileSync(join(dir, 'again.tar'))), 'again.tar');
      for (const [path, data] of Object.entries(files)) expect(Buffer.from(again.get(path)!).equals(Buffer.from(data))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the file and the problem for something that is not an archive, or is cut short', () => {
    expect(() => readTar(new TextEncoder().encode('x'.repeat(1024)), 'notes.tar')).toThrow(/^notes\.tar: is not a tar archive/);
    const tar = createTar(files);
    const cut = tar.subarray(0, tar.length - 1624); // inside the last file's data
    let error: unknown;
    try {
      readTar(cut, 'cut.tar');
    } catch (e) {
      error = e;
    }
    expect(ArchiveError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/^cut\.tar: is cut short: '.*weights\.bin' needs 513 bytes past byte \d+, the file ends at \d+/);
    expect(() => readTar(tar.subarray(0, tar.length - 1024), 'no-end.tar')).toThrow(/^no-end\.tar: is cut short: it ends at byte \d+ without the end-of-archive blocks/);
  });

  describe('crafted size fields (issue 31, item 8)', () => {
    /** A 1 KiB tar: one header for 'a.txt' whose size field holds `field` (checksum recomputed), then one zero block. */
    function withSize(field: string): Uint8Array {
      const tar = new Uint8Array(1024);
      const header = createTar({ 'a.txt': new Uint8Array(0) }).subarray(0, 512);
      tar.set(header);
      tar.fill(0, 124, 136);
      tar.set(new TextEncoder().encode(field), 124);
      tar.fill(32, 148, 156);
      const sum = tar.subarray(0, 512).reduce((s, b) => s + b, 0);
      tar.set(new TextEncoder().encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
      return tar;
    }

    it.each([
      // -512 bytes brought the reader back to the same header: it looped forever.
      ['-0001000', /^evil\.tar: header at byte 0 \('a\.txt'\): size field '-0001000' is not an octal number of bytes/],
      ['-0002000', /^evil\.tar: header at byte 0 \('a\.txt'\): size field '-0002000' is not an octal number of bytes/],
      ['0000000009x', /^evil\.tar: header at byte 0 \('a\.txt'\): size field '0000000009x' is not an octal number of bytes/],
      ['77777777777', /^evil\.tar: is cut short: 'a\.txt' needs 8589934591 bytes past byte 512, the file ends at 1024/],
    ])('refuses the size field %s at once, naming the header', (field, message) => {
      let error: unknown;
      try {
        readTar(withSize(field), 'evil.tar');
      } catch (e) {
        error = e;
      }
      expect(ArchiveError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    });
  });
});
