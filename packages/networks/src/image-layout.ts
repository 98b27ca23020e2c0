/**
 * How a DCGAN generator reaches an image size: a dense layer makes a small `start` image, then
 * `upsamplings` stride-2 transposed convolutions each double it (28 = 7·2², 32 = 4·2³, 64 = 4·2⁴).
 * @module
 */
import { ConfigError, type DataSpec } from '@gankit/core';

/** The size plan of a DCGAN for one image shape. */
export interface ImageLayout {
  /** Height, width and channels of the images. */
  height: number;
  width: number;
  channels: number;
  /** Height and width of the first feature map (made by the generator's dense layer). */
  start: [number, number];
  /** Number of stride-2 layers: each doubles the size in the generator (halves it in the discriminator). */
  upsamplings: number;
}

/** The smallest start size: below 4x4 a 5x5 kernel sees mostly padding. */
const MIN_START = 4;

function halvings(size: number): number {
  let u = 0;
  while (size % 2 === 0 && size / 2 >= MIN_START) {
    size /= 2;
    u += 1;
  }
  return u;
}

/**
 * Plans the generator for images of `shape` = `[height, width, channels]`: halve the size while it is
 * even and stays at least 4, e.g. 28x28x1 starts at 7x7 with 2 upsamplings, 32x32x3 at 4x4 with 3, 64x64x3
 * at 4x4 with 4. Throws a {@link ConfigError} for shapes it cannot make (not an image, or an odd size
 * such as 27x27 that no stride-2 layer can produce).
 */
export function imageLayout(shape: readonly number[], where = 'dcgan'): ImageLayout {
  const found = `[${shape.join(', ')}]`;
  if (shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ConfigError(where, [{ path: '(data).shape', expected: 'an image shape [height, width, channels], e.g. [28, 28, 1]', found }]);
  }
  const [height, width, channels] = shape as [number, number, number];
  const upsamplings = Math.min(halvings(height), halvings(width));
  if (upsamplings < 1) {
    throw new ConfigError(where, [
      {
        path: '(data).shape',
        expected: 'height and width that halve at least once to an even size >= 4 (e.g. 28x28, 32x32, 64x64; 8x8 is the smallest)',
        found,
      },
    ]);
  }
  return { height, width, channels, start: [height / 2 ** upsamplings, width / 2 ** upsamplings], upsamplings };
}

/** Whether `data` is images a DCGAN can make; returns the problem otherwise. */
export function checkImageData(data: DataSpec, where: string): ConfigError | undefined {
  if (data.kind !== 'image') {
    return new ConfigError(where, [
      { path: '(data).kind', expected: "'image' data (DCGAN networks are convolutional; use MLP models for points and series)", found: data.kind },
    ]);
  }
  try {
    imageLayout(data.shape, where);
    return undefined;
  } catch (e) {
    if (ConfigError.isInstance(e)) return e;
    throw e;
  }
}
