/**
 * Pictures of samples as RGBA pixels: a grid for image data, a scatter plot for 2-D points, a line plot
 * for series. Browser-safe (the pixels fit an `ImageData`); `@gankit/core/node` encodes them as PNG.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { DataError } from './errors.js';
import { principalPlane, projectPoints, type PointProjection } from './projection.js';

/** RGBA pixels, row-major, 4 bytes per pixel (the layout of a browser `ImageData`). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** Sample values with their shape, when they are not a tensor. */
export interface SampleArray {
  values: ArrayLike<number>;
  /** `[n, ...shape]`. */
  shape: readonly number[];
}

/** Options of {@link imageGrid}. */
export interface GridOptions {
  /** Images per row. Default `ceil(sqrt(n))`. */
  columns?: number;
  /** Pixels between images and around the grid. Default 2. */
  padding?: number;
  /** Gray level (0..255) of the padding. Default 0 (black, as torchvision's `make_grid`). */
  background?: number;
}

/** Options of {@link scatterPlot} and {@link linePlot}. */
export interface PlotOptions {
  /** Width and height in pixels. Default 256. */
  size?: number;
  /** Value range shown on both axes (on the y axis for line plots). Default `[-1, 1]`, the data range. */
  range?: readonly [number, number];
  /** One class per sample: points or lines are coloured by class. */
  labels?: ArrayLike<number>;
  /**
   * Scatter plots of points that are not 2-D: the plane to draw them on (e.g. one fitted on the real
   * data, so several plots compare). Default: the points' own first two principal components.
   */
  projection?: PointProjection;
}

const PALETTE: ReadonlyArray<readonly [number, number, number]> = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
  [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
];

function read(samples: tf.Tensor | SampleArray): { values: ArrayLike<number>; shape: readonly number[] } {
  return samples instanceof tf.Tensor ? { values: samples.dataSync(), shape: samples.shape } : samples;
}

function describeShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function positiveInt(name: string, value: number, min = 1): number {
  if (!(Number.isInteger(value) && value >= min)) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** Maps a value in [-1, 1] to 0..255 (clamped; NaN becomes 0). */
export function toByte(v: number): number {
  const p = Math.round(((v + 1) / 2) * 255);
  return p > 255 ? 255 : p >= 0 ? p : 0;
}

/**
 * Lays out image samples `[n, height, width, channels]` (1 or 3 channels, values in [-1, 1]) as one
 * picture, row by row, mapping [-1, 1] to 0..255.
 *
 * @example
 * ```ts
 * const images = sampler.generate(64, { seed: 1 });
 * const grid = imageGrid(images, { columns: 8 }); // 8 x 8 images, 2 px apart
 * ```
 */
export function imageGrid(samples: tf.Tensor | SampleArray, options: GridOptions = {}): RgbaImage {
  const { values, shape } = read(samples);
  if (shape.length !== 4 || (shape[3] !== 1 && shape[3] !== 3)) {
    throw new DataError(
      `A sample grid needs image samples [n, height, width, channels] with 1 or 3 channels, got shape ${describeShape(shape)}. ` +
        `For 2-D points or series draw a plot instead (scatterPlot, linePlot, or writeSamplePlot in @gankit/core/node).`,
    );
  }
  const [n, h, w, c] = shape as [number, number, number, number];
  if (values.length !== n * h * w * c) throw new DataError(`${values.length} values do not fill samples of shape ${describeShape(shape)}`);
  if (n < 1) throw new DataError('A sample grid needs at least one sample');
  const columns = positiveInt('columns', options.columns ?? Math.ceil(Math.sqrt(n)));
  const padding = positiveInt('padding', options.padding ?? 2, 0);
  const background = options.background ?? 0;
  const rows = Math.ceil(n / columns);
  const width = columns * w + (columns + 1) * padding;
  const height = rows * h + (rows + 1) * padding;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data[4 * p] = data[4 * p + 1] = data[4 * p + 2] = background;
    data[4 * p + 3] = 255;
  }
  for (let i = 0; i < n; i++) {
    const x0 = padding + (i % columns) * (w + padding);
    const y0 = padding + Math.floor(i / columns) * (h + padding);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const src = ((i * h + y) * w + x) * c;
        const dst = ((y0 + y) * width + x0 + x) * 4;
        const r = toByte(values[src]!);
        data[dst] = r;
        data[dst + 1] = c === 3 ? toByte(values[src + 1]!) : r;
        data[dst + 2] = c === 3 ? toByte(values[src + 2]!) : r;
      }
    }
  }
  return { width, height, data };
}

/** A white canvas with light-gray axes through zero (when zero is in range). */
function canvas(size: number, range: readonly [number, number], xAxisAtZero: boolean): { image: RgbaImage; toPixel: (v: number) => number } {
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  const image = { width: size, height: size, data };
  const [lo, hi] = range;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo)) throw new RangeError(`range must be [low, high] with low < high, got [${lo}, ${hi}]`);
  const toPixel = (v: number) => ((v - lo) / (hi - lo)) * (size - 1);
  if (lo < 0 && hi > 0) {
    const zero = Math.round(toPixel(0));
    for (let i = 0; i < size; i++) {
      setPixel(image, i, size - 1 - zero, [220, 220, 220]);
      if (xAxisAtZero) setPixel(image, zero, i, [220, 220, 220]);
    }
  }
  return { image, toPixel };
}

function setPixel(image: RgbaImage, x: number, y: number, rgb: readonly [number, number, number]): void {
  if (x < 0 || y < 0 || x >= image.width || y >= image.height) return;
  const o = (y * image.width + x) * 4;
  image.data[o] = rgb[0];
  image.data[o + 1] = rgb[1];
  image.data[o + 2] = rgb[2];
  image.data[o + 3] = 255;
}

function colour(labels: ArrayLike<number> | undefined, i: number): readonly [number, number, number] {
  const l = labels ? labels[i]! : 0;
  return PALETTE[((l % PALETTE.length) + PALETTE.length) % PALETTE.length]!;
}

/**
 * Draws points `[n, d]` as 3x3-pixel dots on a white square, x to the right and y up, coloured by
 * label when `labels` are given. Points outside `range` are left out. 2-D points are drawn as they
 * are; 1-D points along the x axis; points of more dimensions on `options.projection`, by default
 * their own first two principal components (see {@link principalPlane}).
 *
 * @throws {@link DataError} for samples that are not a list of vectors `[n, d]`.
 */
export function scatterPlot(points: tf.Tensor | SampleArray, options: PlotOptions = {}): RgbaImage {
  const read2 = read(points);
  const { shape } = read2;
  if (shape.length !== 2 || !(shape[1]! >= 1)) {
    throw new DataError(`A scatter plot needs points [n, d], got shape ${describeShape(shape)}`);
  }
  const [n, d] = shape as [number, number];
  const projection = d === 2 ? undefined : (options.projection ?? principalPlane(read2.values, n, d));
  if (projection && projection.dimension !== d) {
    throw new DataError(`The projection takes ${projection.dimension}-D points, got shape ${describeShape(shape)}`);
  }
  const values = projection ? projectPoints(read2.values, n, projection) : read2.values;
  const size = positiveInt('size', options.size ?? 256, 8);
  const { image, toPixel } = canvas(size, options.range ?? [-1, 1], true);
  for (let i = 0; i < shape[0]!; i++) {
    const px = Math.round(toPixel(values[2 * i]!));
    const py = size - 1 - Math.round(toPixel(values[2 * i + 1]!));
    if (!(px >= 0 && px < size && py >= 0 && py < size)) continue;
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) setPixel(image, px + dx, py + dy, colour(options.labels, i));
  }
  return image;
}

/**
 * Draws series `[n, length]` (or `[n, length, 1]`) as lines on one white square: the x axis is the
 * position in the series, the y axis the value. Coloured by label when `labels` are given.
 */
export function linePlot(series: tf.Tensor | SampleArray, options: PlotOptions = {}): RgbaImage {
  const { values, shape } = read(series);
  if (!(shape.length === 2 || (shape.length === 3 && shape[2] === 1)) || shape[1]! < 2) {
    throw new DataError(`A line plot needs series [n, length] or [n, length, 1] with length >= 2, got shape ${describeShape(shape)}`);
  }
  const [n, len] = shape as [number, number];
  const size = positiveInt('size', options.size ?? 256, 8);
  const { image, toPixel } = canvas(size, options.range ?? [-1, 1], false);
  const point = (i: number, j: number): [number, number] => [Math.round((j / (len - 1)) * (size - 1)), size - 1 - Math.round(toPixel(values[i * len + j]!))];
  for (let i = 0; i < n; i++) {
    for (let j = 1; j < len; j++) {
      // Bresenham between consecutive points; pixels outside the square are skipped by setPixel.
      let [x0, y0] = point(i, j - 1);
      const [x1, y1] = point(i, j);
      if (![x0, y0, x1, y1].every(Number.isFinite)) continue;
      const dx = Math.abs(x1 - x0);
      const dy = -Math.abs(y1 - y0);
      const sx = x0 < x1 ? 1 : -1;
      const sy = y0 < y1 ? 1 : -1;
      let err = dx + dy;
      for (let guard = 0; guard < 4 * size; guard++) {
        setPixel(image, x0, y0, colour(options.labels, i));
        if (x0 === x1 && y0 === y1) break;
        const e2 = 2 * err;
        if (e2 >= dy) {
          err += dy;
          x0 += sx;
        }
        if (e2 <= dx) {
          err += dx;
          y0 += sy;
        }
      }
    }
  }
  return image;
}
