/**
 * Pixel scaling shared by every image dataset: byte `b` in [0, 255] becomes `b / 127.5 - 1` in
 * [-1, 1] (0 → -1, 255 → 1), the range of a tanh generator.
 * @module
 */

/** `PIXEL_TO_UNIT[b] === b / 127.5 - 1`, as float32. */
export const PIXEL_TO_UNIT: Float32Array = Float32Array.from({ length: 256 }, (_, b) => b / 127.5 - 1);

/** Writes `bytes` scaled to [-1, 1] into `out` at `offset`. */
export function writeScaledPixels(bytes: ArrayLike<number>, out: Float32Array, offset: number): void {
  for (let i = 0; i < bytes.length; i++) out[offset + i] = PIXEL_TO_UNIT[bytes[i]!]!;
}
