import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexSync } from './sha256.js';

describe('sha256', () => {
  it('matches node:crypto at every length around the block and padding boundaries', async () => {
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 100_003]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 255);
      const expected = createHash('sha256').update(data).digest('hex');
      expect(sha256HexSync(data)).toBe(expected);
      expect(await sha256Hex(data)).toBe(expected);
    }
  });

  it('gives the FIPS 180-4 value of "abc"', () => {
    expect(sha256HexSync(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
