/**
 * 2-D mixtures of Gaussians, the standard test of mode collapse (VEEGAN, PacGAN): `ring8` is 8 modes
 * evenly on a circle of radius 1 with sigma 0.01, `grid25` is 25 modes on {-4, -2, 0, 2, 4}² with
 * sigma 0.05. Every point is drawn by picking a mode uniformly and adding isotropic Gaussian noise.
 *
 * The range: a tanh generator emits (-1, 1) and reaches ±1 only at infinite pre-activation, so data
 * with modes at ±1 (the ring) or ±4 (the grid) cannot be matched. By default the registered mixtures
 * are therefore scaled so that the outermost mode centre sits at 0.8 (`scale: 'fit'`): the ring by 0.8
 * (radius 0.8, sigma 0.008), the grid by 0.2 (modes at ±0.8, ±0.4, 0; sigma 0.01). Points then stay
 * inside [-1, 1] with a margin of 25 sigma. `spec.meta` reports the scaled modes and sigma (the values
 * to score against) and the scale factor; pass `scale: 1` for the papers' coordinates with a linear
 * generator output.
 * @module
 */
import { ArrayDataSource, DATASET_SPEC_VERSION, Rng, SIZE_LIMITS, type Dataset } from '@gankit/core';
import { isIn, isInt, isIntUpTo, OptionChecker } from './options.js';

/** Where the outermost mode centre lands with `scale: 'fit'`. */
export const FIT_EXTENT = 0.8;

/** Default number of points of the synthetic datasets. */
export const DEFAULT_SYNTHETIC_SIZE = 10_000;

/** Options of {@link gaussianMixture}. */
export interface GaussianMixtureOptions {
  /** Mode centres, all of the same dimension (2 for the usual plots). */
  modes: readonly (readonly number[])[];
  /** Standard deviation of every mode, before scaling. */
  sigma: number;
  /** Number of points. Default 10,000. */
  size?: number;
  /**
   * Factor applied to modes, sigma and so to every point; `'fit'` puts the outermost mode centre at
   * 0.8 (see the module notes). Default 1 (coordinates as given).
   */
  scale?: number | 'fit';
  /** Label each point with the index of its mode (`numClasses` = number of modes). Default false. */
  labelled?: boolean;
  /** Seed or generator for the draws. Default seed 0. */
  seed?: number | Rng;
}

/** What `spec.meta` of a Gaussian mixture holds; metrics use it to score mode coverage. */
export interface GaussianMixtureMeta {
  family: 'gaussian-mixture';
  /** Mode centres after scaling: the coordinates the data is in. */
  modes: number[][];
  /** Standard deviation after scaling. */
  sigma: number;
  /** The factor applied: unscaled modes are `modes / scale`, unscaled sigma is `sigma / scale`. */
  scale: number;
}

function resolveScale(scale: number | 'fit', modes: readonly (readonly number[])[]): number {
  if (scale !== 'fit') return scale;
  const extent = Math.max(...modes.flatMap((m) => m.map((v) => Math.abs(v))));
  return extent > 0 ? FIT_EXTENT / extent : 1;
}

/**
 * Draws a Gaussian mixture with any modes and sigma, as a `'points'` data source.
 *
 * @throws ConfigError listing every bad option.
 *
 * @example
 * ```ts
 * const triangle = gaussianMixture({ modes: [[0, 0.5], [-0.5, -0.3], [0.5, -0.3]], sigma: 0.02, size: 3000, seed: 1 });
 * triangle.spec.meta; // { family: 'gaussian-mixture', modes: [...], sigma: 0.02, scale: 1 }
 * ```
 */
export function gaussianMixture(options: GaussianMixtureOptions): ArrayDataSource {
  const { modes, sigma } = options;
  const size = options.size ?? DEFAULT_SYNTHETIC_SIZE;
  const scaleOption = options.scale ?? 1;
  const dim = Array.isArray(modes) && Array.isArray(modes[0]) ? modes[0].length : 0;
  new OptionChecker('options of gaussianMixture')
    .known(options, ['modes', 'sigma', 'size', 'scale', 'labelled', 'seed'])
    .check(Array.isArray(modes) && modes.length > 0, 'modes', 'a non-empty array of points', modes)
    .check(
      Array.isArray(modes) &&
        dim > 0 &&
        modes.every((m) => Array.isArray(m) && m.length === dim && m.every((v) => Number.isFinite(v))),
      'modes',
      `points of finite numbers, all of the same dimension${dim ? ` (${dim}, as the first)` : ''}`,
      modes,
    )
    .check(isIn(sigma, 0, Infinity), 'sigma', 'a finite number >= 0', sigma)
    .check(isIntUpTo(size, SIZE_LIMITS.datasetExamples), 'size', `an integer from 1 to ${SIZE_LIMITS.datasetExamples}`, size)
    .check(!Array.isArray(modes) || modes.length <= SIZE_LIMITS.mixtureModes, 'modes', `at most ${SIZE_LIMITS.mixtureModes} points`, Array.isArray(modes) ? `${modes.length} points` : modes)
    .check(dim <= SIZE_LIMITS.layerSize, 'modes', `points of at most ${SIZE_LIMITS.layerSize} dimensions`, `${dim} dimensions`)
    .check(!isInt(size) || size * dim <= SIZE_LIMITS.datasetElements, 'size x dimensions', `at most ${SIZE_LIMITS.datasetElements} numbers in all`, size * dim)
    .check(scaleOption === 'fit' || isIn(scaleOption, 0, Infinity, true), 'scale', "a positive number or 'fit'", scaleOption)
    .done();
  const scale = resolveScale(scaleOption, modes);
  const rng = options.seed instanceof Rng ? options.seed : new Rng(options.seed ?? 0);
  const x = new Float32Array(size * dim);
  const labels = options.labelled ? new Int32Array(size) : undefined;
  for (let i = 0; i < size; i++) {
    const k = rng.int(modes.length);
    const mode = modes[k]!;
    for (let d = 0; d < dim; d++) x[i * dim + d] = scale * (mode[d]! + sigma * rng.normal());
    if (labels) labels[i] = k;
  }
  const meta: GaussianMixtureMeta = {
    family: 'gaussian-mixture',
    modes: modes.map((m) => m.map((v) => v * scale)),
    sigma: sigma * scale,
    scale,
  };
  return new ArrayDataSource(
    { shape: [dim], kind: 'points', ...(labels ? { numClasses: modes.length } : {}), meta: meta as unknown as Record<string, unknown> },
    labels ? { x, labels } : { x },
    'gaussian mixture',
  );
}

/**
 * `count` points evenly on a circle of `radius`, the first at angle 0.
 * @example `ringModes(4)` is `[[1, 0], [0, 1], [-1, 0], [0, -1]]` (up to rounding).
 */
export function ringModes(count = 8, radius = 1): number[][] {
  return Array.from({ length: count }, (_, k) => {
    const angle = (2 * Math.PI * k) / count;
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  });
}

/**
 * A `side`×`side` grid with `spacing` between neighbours, centred on the origin, row by row.
 * @example `gridModes(5, 2)` is {-4, -2, 0, 2, 4}², starting `[-4, -4], [-4, -2], ...`.
 */
export function gridModes(side = 5, spacing = 2): number[][] {
  const half = ((side - 1) * spacing) / 2;
  const out: number[][] = [];
  for (let i = 0; i < side; i++) for (let j = 0; j < side; j++) out.push([i * spacing - half, j * spacing - half]);
  return out;
}

/** Options of the `ring8` dataset. */
export interface RingOptions {
  /** Number of points. Default 10,000. */
  size?: number;
  /** Number of modes. Default 8. */
  count?: number;
  /** Radius of the circle before scaling. Default 1. */
  radius?: number;
  /** Standard deviation before scaling. Default 0.01. */
  sigma?: number;
  /** Scale factor, or `'fit'` (outermost mode at 0.8, here 0.8). Default `'fit'`. */
  scale?: number | 'fit';
  /**
   * Label points with their mode index (`numClasses` = number of modes), so conditional variants can
   * train on the mixture; unconditional ones ignore the labels. Default true.
   */
  labelled?: boolean;
}

/** Options of the `grid25` dataset. */
export interface GridOptions {
  /** Number of points. Default 10,000. */
  size?: number;
  /** Modes per side. Default 5. */
  side?: number;
  /** Distance between neighbouring modes before scaling. Default 2. */
  spacing?: number;
  /** Standard deviation before scaling. Default 0.05. */
  sigma?: number;
  /** Scale factor, or `'fit'` (outermost mode at 0.8, here 0.2). Default `'fit'`. */
  scale?: number | 'fit';
  /**
   * Label points with their mode index (`numClasses` = number of modes), so conditional variants can
   * train on the mixture; unconditional ones ignore the labels. Default true.
   */
  labelled?: boolean;
}

function noArgument(name: string, argument: string | undefined): void {
  new OptionChecker(`dataset name '${name}:${argument}'`)
    .check(argument === undefined, 'argument', `nothing after '${name}'`, argument)
    .done();
}

/** `split` of a synthetic dataset: `'test'` is a fresh, independent draw from the same distribution. */
export interface SyntheticSplitOptions {
  /** `'train'` (default) and `'all'` draw the training sample; `'test'` an independent one of the same size. */
  split?: 'train' | 'test' | 'all';
}

/**
 * The stream a synthetic dataset draws from: the context's own for `'train'`/`'all'`, a stream forked
 * from it for `'test'`, so train and test samples from the same seed are independent.
 */
export function syntheticStream(name: string, split: unknown, rng: Rng): Rng {
  new OptionChecker(`options of dataset '${name}'`)
    .check(split === undefined || split === 'train' || split === 'test' || split === 'all', 'split', "'train', 'test' or 'all'", split)
    .done();
  return split === 'test' ? rng.fork() : rng;
}

/** The `ring8` dataset: 8 modes on the unit circle, sigma 0.01, scaled to radius 0.8 by default. */
export const ring8: Dataset<RingOptions & SyntheticSplitOptions> = {
  specVersion: DATASET_SPEC_VERSION,
  name: 'ring8',
  description: '2-D mixture of 8 Gaussians on a circle (radius 1, sigma 0.01; scaled by 0.8 into [-1, 1])',
  async load(options, context) {
    noArgument('ring8', context.argument);
    const { count = 8, radius = 1, sigma = 0.01, scale = 'fit', split, labelled = true, ...rest } = options;
    new OptionChecker(`options of dataset 'ring8'`)
      .known(options, ['size', 'count', 'radius', 'sigma', 'scale', 'labelled', 'split'])
      .check(isIntUpTo(count, SIZE_LIMITS.mixtureModes), 'count', `an integer from 1 to ${SIZE_LIMITS.mixtureModes}`, count)
      .check(isIn(radius, 0, Infinity, true), 'radius', 'a positive number', radius)
      .done();
    return gaussianMixture({ ...rest, modes: ringModes(count, radius), sigma, scale, labelled, seed: syntheticStream('ring8', split, context.rng) });
  },
};

/** The `grid25` dataset: 25 modes on {-4, -2, 0, 2, 4}², sigma 0.05, scaled by 0.2 by default. */
export const grid25: Dataset<GridOptions & SyntheticSplitOptions> = {
  specVersion: DATASET_SPEC_VERSION,
  name: 'grid25',
  description: '2-D mixture of 25 Gaussians on {-4,-2,0,2,4}^2 (sigma 0.05; scaled by 0.2 into [-1, 1])',
  async load(options, context) {
    noArgument('grid25', context.argument);
    const { side = 5, spacing = 2, sigma = 0.05, scale = 'fit', split, labelled = true, ...rest } = options;
    new OptionChecker(`options of dataset 'grid25'`)
      .known(options, ['size', 'side', 'spacing', 'sigma', 'scale', 'labelled', 'split'])
      .check(isIntUpTo(side, Math.floor(Math.sqrt(SIZE_LIMITS.mixtureModes))), 'side', `an integer from 1 to ${Math.floor(Math.sqrt(SIZE_LIMITS.mixtureModes))} (at most ${SIZE_LIMITS.mixtureModes} modes)`, side)
      .check(isIn(spacing, 0, Infinity, true), 'spacing', 'a positive number', spacing)
      .done();
    return gaussianMixture({ ...rest, modes: gridModes(side, spacing), sigma, scale, labelled, seed: syntheticStream('grid25', split, context.rng) });
  },
};
