/**
 * The registered metrics of paired translation (pix2pix): `translation-l1`, `psnr` and `ssim` of each
 * translated held-out input against its own target. They apply when the host evaluates a translation
 * run on paired data (`MetricInput.translation.paired`).
 * @module
 */
import { DataError, METRIC_SPEC_VERSION, type Metric, type MetricInput, type MetricValue } from '@gankit/core';
import { meanAbsoluteError, psnr, ssim, type SimilarityResult } from '../image-similarity.js';

function pairedMetric(name: string, description: string, direction: 'lower' | 'higher', measure: (a: Float32Array, b: Float32Array, shape: readonly number[]) => SimilarityResult): Metric {
  return {
    specVersion: METRIC_SPEC_VERSION,
    name,
    description,
    direction,
    samples: { generated: 1000, reference: 1000 },
    supports: (spec, info) => info.translation === 'paired' && spec.kind === 'image' && spec.shape.length === 3,
    async compute(input: MetricInput): Promise<MetricValue> {
      if (!input.translation?.paired) {
        throw new DataError(`Metric '${name}': needs translations of held-out inputs paired with their targets (MetricInput.translation.paired), got ${input.translation ? 'unpaired data' : 'no translation'}`);
      }
      const { generated, reference } = input;
      if (generated.n !== reference.n) throw new DataError(`Metric '${name}': ${generated.n} translations for ${reference.n} targets (expected one per target)`);
      const result = measure(generated.x, reference.x, input.spec.shape);
      return { value: result.mean, stderr: result.stderr, details: { images: generated.n } };
    },
  };
}

/** `translation-l1`: mean |translation - target| on the [-1, 1] scale (the L1 pix2pix trains on). Lower is better. */
export const translationL1Metric: Metric = pairedMetric(
  'translation-l1',
  'Mean absolute error of translations of held-out inputs against their targets, on the [-1, 1] scale',
  'lower',
  meanAbsoluteError,
);

/** `psnr`: peak signal-to-noise ratio of translations against their targets, dB on the [0, 1] scale. Higher is better. */
export const psnrMetric: Metric = pairedMetric('psnr', 'PSNR (dB, data range 1) of translations of held-out inputs against their targets', 'higher', psnr);

/** `ssim`: structural similarity of translations against their targets (Gaussian 11x11 window). Higher is better, 1 at most. */
export const ssimMetric: Metric = pairedMetric('ssim', 'SSIM (Wang et al. 2004) of translations of held-out inputs against their targets', 'higher', ssim);
