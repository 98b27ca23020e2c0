/**
 * Samples as PNG files: a grid of generated images, or a plot of generated points or series, encoded
 * with `pngjs` and written atomically. Also loads a {@link Sampler} straight from a checkpoint on disk.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import pngjs from 'pngjs';
import { imageGrid, linePlot, scatterPlot, type GridOptions, type PlotOptions, type RgbaImage, type SampleArray } from '../sample-images.js';
import { Sampler, type SamplerOptions } from '../sampling.js';
import { writeFileAtomic } from './atomic.js';
import { loadCheckpoint } from './checkpoint-series.js';

/** Encodes RGBA pixels as a PNG file's bytes. */
export function encodePng(image: RgbaImage): Uint8Array {
  const png = new pngjs.PNG({ width: image.width, height: image.height, colorType: 6, inputColorType: 6 });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return pngjs.PNG.sync.write(png, { colorType: 6 });
}

/** Writes RGBA pixels to `path` as a PNG, atomically (a crash never leaves half a file). */
export async function writePng(image: RgbaImage, path: string): Promise<void> {
  await writeFileAtomic(path, encodePng(image));
}

async function download(samples: tf.Tensor | SampleArray): Promise<SampleArray> {
  return samples instanceof tf.Tensor ? { values: await samples.data(), shape: samples.shape } : samples;
}

/**
 * Writes image samples `[n, height, width, channels]` (1 or 3 channels, values in [-1, 1]) as a PNG
 * grid. Grids are for images: other shapes throw a `DataError` that points to {@link writeSamplePlot}.
 *
 * @example
 * ```ts
 * const images = sampler.generate(64, { seed: 1 });
 * await writeSampleGrid(images, 'runs/mnist/samples-step-1000.png', { columns: 8, padding: 2 });
 * images.dispose();
 * ```
 */
export async function writeSampleGrid(samples: tf.Tensor | SampleArray, path: string, options: GridOptions = {}): Promise<void> {
  await writePng(imageGrid(await download(samples), options), path);
}

/** Options of {@link writeSamplePlot}. */
export interface SamplePlotOptions extends PlotOptions {
  /**
   * `'points'`: a scatter plot of `[n, d]` (points of other than 2 dimensions are projected, see
   * `scatterPlot`); `'series'`: lines of `[n, length]`. Use the data spec's `kind`.
   */
  kind: 'points' | 'series';
}

/** Writes point samples as a scatter plot (projected to 2-D when they are not 2-D), or series samples as a line plot, to a PNG at `path`. */
export async function writeSamplePlot(samples: tf.Tensor | SampleArray, path: string, options: SamplePlotOptions): Promise<void> {
  const data = await download(samples);
  await writePng(options.kind === 'points' ? scatterPlot(data, options) : linePlot(data, options), path);
}

/**
 * A {@link Sampler} over the generator of the checkpoint (or checkpoint series) at `dir`: only the
 * generator is loaded, and no training data is needed. Dispose it when done.
 */
export async function loadSampler(dir: string, options: SamplerOptions = {}): Promise<Sampler> {
  const { checkpoint, path } = await loadCheckpoint(dir);
  return Sampler.fromCheckpoint(checkpoint, { ...options, where: path });
}
