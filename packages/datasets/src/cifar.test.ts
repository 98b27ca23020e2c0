import { describe, expect, it } from 'vitest';
import { CIFAR10_FILES, cifarFromBatches } from './cifar.js';
import { ArchiveFormatError, CifarFormatError } from './errors.js';
import { cifarBatch, gzip } from './fixtures.test-helpers.js';
import { encodeTar, readTar } from './tar.js';

describe('cifarFromBatches', () => {
  it('interleaves the R, G, B planes into height x width x channels, scaled to [-1, 1], labels included', () => {
    // record 0: R = 255 everywhere, G = row, B = column; record 1: all 0
    const a = cifarBatch([7], (_, c, r, k) => (c === 0 ? 255 : c === 1 ? r : k));
    const b = cifarBatch([2], () => 0);
    const source = cifarFromBatches([{ bytes: a, file: 'data_batch_1.bin' }, { bytes: b, file: 'data_batch_2.bin' }], { meta: { split: 'train' } });
    expect(source.spec).toMatchObject({ shape: [32, 32, 3], kind: 'image', size: 2, numClasses: 10, classNames: CIFAR10_FILES.classNames, meta: { split: 'train' } });
    const { x, labels } = source.rows([0, 1]);
    expect(Array.from(labels!)).toEqual([7, 2]);
    const at = (i: number, r: number, k: number, c: number) => x[((i * 32 + r) * 32 + k) * 3 + c]!;
    expect(at(0, 5, 9, 0)).toBe(1);
    expect(at(0, 5, 9, 1)).toBeCloseTo(5 / 127.5 - 1, 6);
    expect(at(0, 5, 9, 2)).toBeCloseTo(9 / 127.5 - 1, 6);
    expect(at(1, 31, 31, 2)).toBe(-1);
  });

  it('names the file and says what was expected for every malformed batch', () => {
    const bad = (bytes: Uint8Array) => {
      try {
        cifarFromBatches([{ bytes, file: 'data_batch_3.bin' }]);
      } catch (error) {
        expect(CifarFormatError.isInstance(error)).toBe(true);
        expect((error as CifarFormatError).file).toBe('data_batch_3.bin');
        return (error as Error).message;
      }
      throw new Error('expected a CifarFormatError');
    };
    const ten = cifarBatch([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(bad(ten.subarray(0, ten.length - 1))).toBe(
      'data_batch_3.bin: truncated: 30729 bytes is 9 records of 3073 bytes and 3072 bytes more (expected a whole number of records: 1 label byte + 3072 pixel bytes each)',
    );
    const extra = new Uint8Array(ten.length + 1);
    extra.set(ten);
    expect(bad(extra)).toMatch(/30731 bytes is 10 records of 3073 bytes and 1 byte more/);
    expect(bad(new Uint8Array(0))).toBe('data_batch_3.bin: is empty (expected records of 3073 bytes)');
    expect(bad(cifarBatch([1, 12]))).toBe('data_batch_3.bin: record 1 (byte 3073) has label 12, outside [0, 10) (expected a CIFAR-10 batch file)');
    expect(bad(gzip(ten))).toMatch(/is gzip-compressed; expected an extracted batch file/);
  });
});

describe('readTar and encodeTar', () => {
  it('round-trips files, and rejects a corrupt header, a truncated entry and gzip data by name', () => {
    const files = [
      { name: 'cifar-10-batches-bin/data_batch_1.bin', data: new Uint8Array([1, 2, 3]) },
      { name: 'cifar-10-batches-bin/readme.html', data: new Uint8Array(700).fill(9) },
    ];
    const tar = encodeTar(files);
    expect(tar.length % 512).toBe(0);
    const back = readTar(tar, 'x.tar');
    expect(back.map((e) => [e.name, Array.from(e.data.subarray(0, 3))])).toEqual([
      ['cifar-10-batches-bin/data_batch_1.bin', [1, 2, 3]],
      ['cifar-10-batches-bin/readme.html', [9, 9, 9]],
    ]);
    const corrupt = tar.slice();
    corrupt[3] = corrupt[3]! ^ 0xff;
    expect(() => readTar(corrupt, 'x.tar')).toThrow(/^x\.tar: header at byte 0: checksum \d+ does not match/);
    expect(() => readTar(tar.subarray(0, 1536 + 300), 'x.tar')).toThrow(ArchiveFormatError);
    expect(() => readTar(tar.subarray(0, 1536 + 300), 'x.tar')).toThrow("x.tar: truncated: 'cifar-10-batches-bin/readme.html' declares 700 bytes but only 300 follow its header");
    expect(() => readTar(gzip(tar), 'x.tar.gz')).toThrow('x.tar.gz: is gzip-compressed; decompress it first');
  });
});
