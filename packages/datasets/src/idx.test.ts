import { GankitError } from '@gankit/core';
import { describe, expect, it } from 'vitest';
import { IdxFormatError } from './errors.js';
import { idxImages, idxLabels, gzip } from './fixtures.test-helpers.js';
import { encodeIdx, parseIdx } from './idx.js';

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('parseIdx', () => {
  it('reads an MNIST-style image file: magic, shape and bytes (without copying)', () => {
    const bytes = idxImages(3, 2, 5, (i, r, c) => i * 10 + r * 5 + c);
    const parsed = parseIdx(bytes, 'imgs', { expect: 'images' });
    expect(parsed.magic).toBe(0x00000803);
    expect(parsed.dtype).toBe('uint8');
    expect(parsed.shape).toEqual([3, 2, 5]);
    expect(Array.from(parsed.data.subarray(0, 6))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(parsed.data[29]).toBe(29);
    expect(parsed.data.buffer).toBe(bytes.buffer);
  });

  it('reads every IDX data type big-endian, as encodeIdx writes them', () => {
    const cases = [
      new Int8Array([-128, 0, 127]),
      new Int16Array([-32768, 1, 32767]),
      new Int32Array([-(2 ** 31), 258, 2 ** 31 - 1]),
      new Float32Array([-1.5, 0, 3.25]),
      new Float64Array([Math.PI, -0, 1e300]),
    ];
    for (const values of cases) {
      const parsed = parseIdx(encodeIdx(values, [3]));
      expect(parsed.data.constructor).toBe(values.constructor);
      expect(Array.from(parsed.data)).toEqual(Array.from(values));
    }
    // big-endian on disk: 258 = 0x00000102
    expect(Array.from(encodeIdx(new Int32Array([258]), [1]).subarray(8))).toEqual([0, 0, 1, 2]);
  });

  it('names the file and the expected magic number when the kind is wrong', () => {
    const twoDims = encodeIdx(new Uint8Array(4), [2, 2]); // magic 0x00000802
    expect(() => parseIdx(twoDims, 'train-images-idx3-ubyte', { expect: 'images' })).toThrow(
      'train-images-idx3-ubyte: magic number 0x00000802 is not an image file (expected 0x00000803)',
    );
    expect(() => parseIdx(idxImages(1), 'train-labels-idx1-ubyte', { expect: 'labels' })).toThrow(
      'train-labels-idx1-ubyte: magic number 0x00000803 is not a label file (expected 0x00000801)',
    );
    const error = caught(() => parseIdx(twoDims, 'f', { expect: 'images' }));
    expect(IdxFormatError.isInstance(error)).toBe(true);
    expect(GankitError.isInstance(error)).toBe(true);
    expect((error as IdxFormatError).name).toBe('IdxFormatError');
    expect((error as IdxFormatError).file).toBe('f');
  });

  it('rejects files that are not IDX, unknown data types and zero dimensions', () => {
    expect(() => parseIdx(new TextEncoder().encode('<html>404</html>'), 'page')).toThrow(/page: magic number 0x3C68746D is not an IDX file/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]), 'odd')).toThrow(/odd: unknown data type 0x0A in magic number 0x00000A01/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 0]), 'flat')).toThrow(/declares 0 dimensions/);
  });

  it('reports truncation of the magic number, the header and the data', () => {
    const full = idxImages(2, 3, 3);
    expect(() => parseIdx(full.subarray(0, 3), 'a')).toThrow('a: truncated: 3 bytes is shorter than the 4-byte IDX magic number');
    expect(() => parseIdx(full.subarray(0, 10), 'b')).toThrow('b: truncated: 10 bytes is shorter than the 16-byte header of a 3-dimensional IDX file');
    expect(() => parseIdx(full.subarray(0, full.length - 1), 'c')).toThrow(
      'c: truncated: the header declares 2×3×3 uint8 values (18 bytes) but only 17 bytes follow it',
    );
    const error = caught(() => parseIdx(full.subarray(0, 20), 'd'));
    expect(IdxFormatError.isInstance(error)).toBe(true);
  });

  it('reports trailing bytes as corruption', () => {
    const full = idxLabels([1, 2, 3]);
    const longer = new Uint8Array(full.length + 2);
    longer.set(full);
    expect(() => parseIdx(longer, 'labels')).toThrow('labels: corrupt: 2 unexpected bytes after the 3 bytes of 3 uint8 values the header declares');
  });

  it('says to decompress gzip data first', () => {
    expect(() => parseIdx(gzip(idxLabels([1])), 't10k-labels-idx1-ubyte.gz')).toThrow(/t10k-labels-idx1-ubyte.gz: is gzip-compressed; decompress it first/);
  });
});

describe('error classes', () => {
  it('file-content errors are DataErrors, so callers can catch every bad-data case at once', async () => {
    const { DataError } = await import('@gankit/core');
    const { IdxFormatError, ChecksumError } = await import('./errors.js');
    expect(DataError.isInstance(new IdxFormatError('f', 'bad magic'))).toBe(true);
    expect(IdxFormatError.isInstance(new IdxFormatError('f', 'bad magic'))).toBe(true);
    expect(ChecksumError.isInstance(new IdxFormatError('f', 'bad magic'))).toBe(false);
  });
});
