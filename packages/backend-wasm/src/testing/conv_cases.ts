// Convolution shapes the kernel tests run on both backends.
import { backend_util } from '@tensorflow/tfjs-core';

/** One forward convolution: input [n, h, w, inC], filter [fh, fw, inC, outC]. */
export interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
}

/** Stride 1 and 2 (and uneven), same/valid/explicit padding, odd sizes, batch 1, channels not divisible by 4. */
export const convCases: ConvCase[] = [
  { name: 'DCGAN convT 7x7 s1 same (small batch)', x: [2, 7, 7, 24], filter: [5, 5, 24, 12], strides: 1, pad: 'same' },
  { name: 'DCGAN convT 7->14 s2 same', x: [2, 14, 14, 10], filter: [5, 5, 10, 12], strides: 2, pad: 'same' },
  { name: 'DCGAN convT 14->28 s2 same, 1 channel', x: [3, 28, 28, 1], filter: [5, 5, 1, 6], strides: 2, pad: 'same' },
  { name: 'odd size s2 same', x: [1, 9, 11, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { name: 'odd size s2 valid, unread last row', x: [2, 10, 9, 5], filter: [3, 3, 5, 7], strides: 2, pad: 'valid' },
  { name: 's1 valid, non-square filter', x: [1, 7, 6, 6], filter: [3, 2, 6, 3], strides: 1, pad: 'valid' },
  { name: 'even filter s2 same', x: [1, 8, 8, 3], filter: [4, 4, 3, 2], strides: 2, pad: 'same' },
  { name: 'uneven strides', x: [1, 10, 21, 3], filter: [3, 3, 3, 2], strides: [2, 3], pad: 'same' },
  { name: 'stride 3 > filter 2', x: [1, 8, 8, 3], filter: [2, 2, 3, 2], strides: 3, pad: 'valid' },
  { name: 'explicit padding', x: [1, 12, 11, 3], filter: [3, 3, 3, 2], strides: 2, pad: [[0, 0], [1, 0], [0, 2], [0, 0]] },
  { name: '1x1 filter s3', x: [1, 15, 15, 3], filter: [1, 1, 3, 2], strides: 3, pad: 'same' },
  { name: 'batch 1, 1x1 image', x: [1, 1, 1, 5], filter: [3, 3, 5, 3], strides: 1, pad: 'same' },
  // 16+ input channels: Conv2DBackpropInput runs one conv per sub-pixel phase.
  { name: 'DCGAN conv 14->7 s2 same, 18 channels', x: [2, 14, 14, 18], filter: [5, 5, 18, 9], strides: 2, pad: 'same' },
  { name: 'wide: odd size s2 valid', x: [1, 11, 10, 17], filter: [3, 4, 17, 5], strides: 2, pad: 'valid' },
  { name: 'wide: uneven strides', x: [1, 9, 13, 16], filter: [3, 3, 16, 3], strides: [2, 3], pad: 'same' },
  { name: 'wide: stride 3 > filter 2', x: [2, 9, 8, 20], filter: [2, 2, 20, 3], strides: 3, pad: 'same' },
  { name: 'wide: explicit padding', x: [1, 12, 11, 16], filter: [3, 3, 16, 4], strides: 2, pad: [[0, 0], [2, 1], [0, 2], [0, 0]] },
  // dy with fewer pixels than channels: Conv2DBackpropInput multiplies by the filter as it is and scatters.
  { name: 'U-Net inner: 2x2 -> 1x1 s2 same, wide', x: [2, 2, 2, 16], filter: [4, 4, 16, 24], strides: 2, pad: 'same' },
  { name: 'U-Net inner: 4x4 -> 2x2 s2 same, wide', x: [2, 4, 4, 6], filter: [4, 4, 6, 40], strides: 2, pad: 'same' },
  { name: 'few pixels: odd size s2 valid', x: [1, 7, 6, 5], filter: [3, 3, 5, 30], strides: 2, pad: 'valid' },
  { name: 'few pixels: uneven strides', x: [1, 5, 7, 3], filter: [3, 3, 3, 40], strides: [2, 3], pad: 'same' },
  { name: 'few pixels: stride 3 > filter 2', x: [1, 8, 8, 3], filter: [2, 2, 3, 50], strides: 3, pad: 'valid' },
];

/** The forward output (dy) shape of `c`. */
export function outputShape(c: ConvCase): [number, number, number, number] {
  const info = backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  return info.outShape;
}
