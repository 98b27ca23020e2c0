import { describe, expect, it } from 'vitest';
import { IdxFormatError } from './errors.js';
import { idxImages, idxLabels } from './fixtures.test-helpers.js';
import { FASHION_MNIST_FILES, MNIST_FILES, mnistFromIdx } from './mnist.js';

describe('mnistFromIdx', () => {
  it('scales bytes to [-1, 1] in one Float32Array and keeps integer labels', () => {
    const pixels = [0, 255, 51, 204];
    const source = mnistFromIdx({ images: idxImages(2, 1, 2, (i, _r, c) => pixels[i * 2 + c]!), labels: idxLabels([7, 3]) });
    expect(source.spec).toMatchObject({ shape: [1, 2, 1], kind: 'image', size: 2, numClasses: 10 });
    expect(source.spec.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const rows = source.rows([0, 1]);
    expect(Array.from(rows.x)).toEqual([-1, 1, Math.fround(51 / 127.5 - 1), Math.fround(204 / 127.5 - 1)]);
    expect(rows.labels).toEqual(Int32Array.from([7, 3]));
  });

  it('joins several pairs in order (train then test)', () => {
    const source = mnistFromIdx([
      { images: idxImages(2, 2, 2, () => 0), labels: idxLabels([1, 2]) },
      { images: idxImages(1, 2, 2, () => 255), labels: idxLabels([9]) },
    ]);
    expect(source.spec.size).toBe(3);
    expect(Array.from(source.rows([2]).x)).toEqual([1, 1, 1, 1]);
    expect(Array.from(source.rows([0, 1, 2]).labels!)).toEqual([1, 2, 9]);
  });

  it('rejects an image/label count mismatch, naming both files', () => {
    expect(() =>
      mnistFromIdx({ images: idxImages(3), labels: idxLabels([1, 2]), imagesFile: 'train-images-idx3-ubyte', labelsFile: 'train-labels-idx1-ubyte' }),
    ).toThrow('train-labels-idx1-ubyte: 2 labels but train-images-idx3-ubyte has 3 images (expected one label per image)');
  });

  it('rejects swapped files, labels outside the classes and pairs of different image sizes', () => {
    expect(() => mnistFromIdx({ images: idxLabels([1]), labels: idxImages(1), imagesFile: 'a', labelsFile: 'b' })).toThrow(
      'a: magic number 0x00000801 is not an image file (expected 0x00000803)',
    );
    expect(() => mnistFromIdx({ images: idxImages(2), labels: idxLabels([1, 10]), labelsFile: 'l' })).toThrow('l: label 10 at index 1 is outside [0, 10)');
    let error: unknown;
    try {
      mnistFromIdx([
        { images: idxImages(1, 4, 4), labels: idxLabels([0]), imagesFile: 'first' },
        { images: idxImages(1, 5, 4), labels: idxLabels([0]), imagesFile: 'second' },
      ]);
    } catch (e) {
      error = e;
    }
    expect(IdxFormatError.isInstance(error)).toBe(true);
    expect(String(error)).toMatch(/second: images are 5×4, but first has 4×4/);
  });

  it('lists the published files with 64-hex-digit SHA-256 digests', () => {
    for (const family of [MNIST_FILES, FASHION_MNIST_FILES]) {
      for (const split of [family.train, family.test]) {
        for (const file of [split.images, split.labels]) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
      }
      expect(family.classNames).toHaveLength(10);
    }
    expect(MNIST_FILES.train.images).toEqual({
      file: 'train-images-idx3-ubyte.gz',
      bytes: 9912422,
      sha256: '440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609',
    });
  });
});
