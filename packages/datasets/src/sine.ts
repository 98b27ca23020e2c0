/**
 * The 1-D "paintings" of the artist toy (the GAN tutorial's warm-up): each example is a curve
 * `y = sin(pi x) + N(0, 0.02²)` sampled at a fixed grid of `points` values of x evenly spaced over
 * [-1, 1] (ends included), default 32. Noise is drawn independently at every point.
 *
 * The range: sin reaches ±1 and the noise pushes past it, where a tanh generator cannot go, so the
 * curves are multiplied by `scale` (default 0.8, as the 2-D mixtures: peaks at ±0.8, noise sd 0.016).
 * `spec.meta` holds the x grid, the scaled amplitude and noise, and the scale factor; `scale: 1` gives
 * the textbook curves for a linear generator output.
 * @module
 */
import { ArrayDataSource, DATASET_SPEC_VERSION, Rng, SIZE_LIMITS, type Dataset } from '@gankit/core';
import { DEFAULT_SYNTHETIC_SIZE, FIT_EXTENT, syntheticStream, type SyntheticSplitOptions } from './mixtures.js';
import { isIn, isInt, isIntUpTo, OptionChecker } from './options.js';

/** Options of {@link sinePaintings} and of the `sine` dataset. */
export interface SineOptions {
  /** Number of curves. Default 10,000. */
  size?: number;
  /** Number of x values in [-1, 1]. Default 32. */
  points?: number;
  /** Standard deviation of the noise before scaling. Default 0.02. */
  noise?: number;
  /** Factor applied to every curve. Default 0.8. */
  scale?: number;
}

/** What `spec.meta` of the sine paintings holds. */
export interface SineMeta {
  family: 'sine';
  /** The x grid: `points` values from -1 to 1. */
  x: number[];
  /** Peak of the noiseless curve after scaling (= `scale`). */
  amplitude: number;
  /** Noise standard deviation after scaling. */
  noise: number;
  scale: number;
}

/** `points` evenly spaced values from -1 to 1, both included. */
export function sineGrid(points = 32): number[] {
  return points === 1 ? [0] : Array.from({ length: points }, (_, i) => -1 + (2 * i) / (points - 1));
}

/**
 * Draws `size` noisy sine curves as a `'series'` data source of shape `[points]`.
 *
 * @throws ConfigError listing every bad option.
 *
 * @example
 * ```ts
 * const curves = sinePaintings({ size: 1000, seed: 3 });
 * (curves.spec.meta as SineMeta).x.length; // 32
 * ```
 */
export function sinePaintings(options: SineOptions & { seed?: number | Rng } = {}): ArrayDataSource {
  const { size = DEFAULT_SYNTHETIC_SIZE, points = 32, noise = 0.02, scale = FIT_EXTENT } = options;
  new OptionChecker('options of sine paintings')
    .known(options, ['size', 'points', 'noise', 'scale', 'seed'])
    .check(isIntUpTo(size, SIZE_LIMITS.datasetExamples), 'size', `an integer from 1 to ${SIZE_LIMITS.datasetExamples}`, size)
    .check(isIntUpTo(points, SIZE_LIMITS.layerSize), 'points', `an integer from 1 to ${SIZE_LIMITS.layerSize}`, points)
    .check(!isInt(size) || !isInt(points) || size * points <= SIZE_LIMITS.datasetElements, 'size x points', `at most ${SIZE_LIMITS.datasetElements} numbers in all`, size * points)
    .check(isIn(noise, 0, Infinity), 'noise', 'a finite number >= 0', noise)
    .check(isIn(scale, 0, Infinity, true), 'scale', 'a positive number', scale)
    .done();
  const rng = options.seed instanceof Rng ? options.seed : new Rng(options.seed ?? 0);
  const grid = sineGrid(points);
  const curve = grid.map((x) => Math.sin(Math.PI * x));
  const data = new Float32Array(size * points);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < points; j++) data[i * points + j] = scale * (curve[j]! + noise * rng.normal());
  }
  const meta: SineMeta = { family: 'sine', x: grid, amplitude: scale, noise: noise * scale, scale };
  return new ArrayDataSource({ shape: [points], kind: 'series', meta: meta as unknown as Record<string, unknown> }, { x: data }, 'sine paintings');
}

/** The `sine` dataset: noisy sine curves at 32 points, scaled by 0.8. */
export const sine: Dataset<SineOptions & SyntheticSplitOptions> = {
  specVersion: DATASET_SPEC_VERSION,
  name: 'sine',
  description: "1-D 'paintings' for the artist toy: sin(pi x) + N(0, 0.02^2) at 32 points in [-1, 1], scaled by 0.8",
  async load(options, context) {
    new OptionChecker(`dataset name 'sine:${context.argument}'`)
      .check(context.argument === undefined, 'argument', "nothing after 'sine'", context.argument)
      .done();
    new OptionChecker(`options of dataset 'sine'`).known(options, ['size', 'points', 'noise', 'scale', 'split']).done();
    const { split, ...rest } = options;
    return sinePaintings({ ...rest, seed: syntheticStream('sine', split, context.rng) });
  },
};
