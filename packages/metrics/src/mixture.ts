/**
 * Mode statistics of samples from a 2-D (or any low-dimensional) Gaussian mixture with known modes
 * and a shared isotropic standard deviation, as used for the ring and grid benchmarks of VEEGAN,
 * Unrolled GAN and PacGAN.
 * @module
 */
import { DataError, type DataSpec } from '@gankit/core';

/** The mixture facts a dataset publishes in `spec.meta`. */
export interface MixtureMeta {
  /** Mode centres, one coordinate array per mode, in the same units as the samples. */
  modes: number[][];
  /** Standard deviation of every component (per coordinate). */
  sigma: number;
}

/** `spec.meta` as {@link MixtureMeta} when it holds well-formed `modes` and `sigma`, else undefined. */
export function readMixtureMeta(spec: DataSpec): MixtureMeta | undefined {
  const meta = spec.meta;
  if (!meta) return undefined;
  const modes = meta['modes'];
  const sigma = meta['sigma'];
  const d = spec.shape.reduce((a, b) => a * b, 1);
  if (!Array.isArray(modes) || modes.length === 0 || typeof sigma !== 'number' || !(sigma > 0)) return undefined;
  const ok = modes.every((m) => Array.isArray(m) && m.length === d && m.every((v) => typeof v === 'number' && Number.isFinite(v)));
  return ok ? { modes: modes as number[][], sigma } : undefined;
}

/** Options of {@link modeStatistics}. */
export interface ModeOptions {
  /** A sample is high quality when within `radius * sigma` of its nearest mode. Default 3. */
  radius?: number;
  /**
   * Minimum high-quality samples for a mode to count as covered. Default: one fifth of a mode's
   * uniform share, `max(1, ceil(0.2 * n / modes))` (PacGAN's 20 of 2,500 samples for 25 modes).
   */
  threshold?: number;
}

/** Result of {@link modeStatistics}. */
export interface ModeStatistics {
  /** Number of modes with at least `threshold` high-quality samples. */
  covered: number;
  /** Number of modes. */
  modes: number;
  /** Share of samples within `radius * sigma` of their nearest mode. */
  highQuality: number;
  /**
   * KL divergence from the histogram of high-quality samples over modes to the uniform distribution,
   * `Σ p log(p * modes)`: 0 when modes are hit evenly, `log(modes)` when one mode gets everything;
   * null when no sample is high quality.
   */
  reverseKl: number | null;
  /** High-quality samples per mode. */
  counts: number[];
  /** The threshold used. */
  threshold: number;
}

/**
 * Counts which mixture modes `n` samples (`n x d`, row-major) land near.
 *
 * @example
 * ```ts
 * const stats = modeStatistics(points, 2500, { modes: ring8Centres, sigma: 0.02 });
 * stats.covered; // 8 for a generator that found every mode
 * ```
 */
export function modeStatistics(points: Float32Array, n: number, mixture: MixtureMeta, options: ModeOptions = {}): ModeStatistics {
  const k = mixture.modes.length;
  const d = mixture.modes[0]?.length ?? 0;
  if (n < 1 || points.length !== n * d) {
    throw new DataError(`modeStatistics: expected ${n} samples of ${d} values (n >= 1), got ${points.length} values`);
  }
  const radius = options.radius ?? 3;
  const threshold = options.threshold ?? Math.max(1, Math.ceil((0.2 * n) / k));
  const limit = (radius * mixture.sigma) ** 2;
  const counts = new Array<number>(k).fill(0);
  let good = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let m = 0; m < k; m++) {
      const mode = mixture.modes[m]!;
      let s = 0;
      for (let j = 0; j < d; j++) s += (points[i * d + j]! - mode[j]!) ** 2;
      if (s < bestDistance) [best, bestDistance] = [m, s];
    }
    if (bestDistance <= limit) {
      counts[best]! += 1;
      good += 1;
    }
  }
  let reverseKl: number | null = null;
  if (good > 0) {
    reverseKl = 0;
    for (const c of counts) if (c > 0) reverseKl += (c / good) * Math.log(((c / good) * k));
  }
  return { covered: counts.filter((c) => c >= threshold).length, modes: k, highQuality: good / n, reverseKl, counts, threshold };
}
