import { ConfigError, DataError, GankitError } from '@gankit/core';
import { describe, expect, it } from 'vitest';
import { ChecksumError, DownloadError, EmptyDatasetError, IdxFormatError, ImageFileError, UnsupportedEnvironmentError } from './errors.js';

describe('dataset errors', () => {
  it('isInstance holds for each class, its bases and subclasses users define, and for no other class', () => {
    class HeaderError extends IdxFormatError {
      override readonly name = 'HeaderError';
    }
    const header = new HeaderError('f.idx', 'bad header');
    expect(IdxFormatError.isInstance(header)).toBe(true);
    expect(DataError.isInstance(header)).toBe(true);
    expect(GankitError.isInstance(header)).toBe(true);
    expect(ChecksumError.isInstance(header)).toBe(false);
    expect(ConfigError.isInstance(header)).toBe(false);

    const made = [
      new IdxFormatError('f', 'p'),
      new ChecksumError('f', 'a', 'b', 'advice'),
      new DownloadError('f', [], '/cache', 'put it there'),
      new ImageFileError('f', 'p'),
      new EmptyDatasetError('dir', 'images'),
      new UnsupportedEnvironmentError('needs Node'),
    ];
    const classes = [IdxFormatError, ChecksumError, DownloadError, ImageFileError, EmptyDatasetError, UnsupportedEnvironmentError];
    made.forEach((error, i) => classes.forEach((cls, j) => expect(cls.isInstance(error), `${cls.name}.isInstance(${error.name})`).toBe(i === j)));
    expect(made.map((e) => DataError.isInstance(e))).toEqual([true, true, false, true, true, false]);
  });
});
