/**
 * Offline translation tasks made from the embedded MNIST digits, labelled with the digit so a
 * translation can be judged (the digit must survive it):
 *
 * - `digits-edges` (paired, pix2pix): the outline of each digit (its morphological gradient, 3×3
 *   dilation minus 3×3 erosion) -> the digit.
 * - `digits-thickness` (unpaired, CycleGAN): thin strokes (domain A, the digits as written) <-> thick
 *   strokes (domain B, a 3×3 grey dilation), from disjoint halves of the digits (even positions give
 *   A, odd ones B), so no B image is the thick version of an A image.
 * @module
 */
import { ArrayDataSource, DATASET_SPEC_VERSION, PairedDataSource, UnpairedDataSource, type Dataset, type DataSource } from '@gankit/core';
import { loadMnistEmbedded, type MnistEmbeddedOptions } from './embedded.js';
import { withSplitArgument } from './split.js';

const SIDE = 28;

/** Grey morphology over a 3×3 window (max for dilation, min for erosion) of one 28×28 image in [-1, 1]. */
function morph(image: Float32Array, offset: number, out: Float32Array, outOffset: number, op: 'dilate' | 'erode'): void {
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      let v = op === 'dilate' ? -1 : 1;
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const rr = r + dr;
          const cc = c + dc;
          // Outside the image is background (-1).
          const p = rr < 0 || rr >= SIDE || cc < 0 || cc >= SIDE ? -1 : image[offset + rr * SIDE + cc]!;
          v = op === 'dilate' ? Math.max(v, p) : Math.min(v, p);
        }
      }
      out[outOffset + r * SIDE + c] = v;
    }
  }
}

/**
 * Outlines of 28×28 digits in [-1, 1]: dilation minus erosion (both 3×3), back in [-1, 1].
 *
 * @example
 * ```ts
 * const edges = digitEdges(digits.rows(indices).x);
 * ```
 */
export function digitEdges(x: Float32Array): Float32Array {
  const n = x.length / (SIDE * SIDE);
  const dilated = new Float32Array(x.length);
  const eroded = new Float32Array(x.length);
  const out = new Float32Array(x.length);
  for (let i = 0; i < n; i++) {
    morph(x, i * SIDE * SIDE, dilated, i * SIDE * SIDE, 'dilate');
    morph(x, i * SIDE * SIDE, eroded, i * SIDE * SIDE, 'erode');
  }
  // Both in [-1, 1]: the difference is in [0, 2]; map it to [-1, 1].
  for (let j = 0; j < x.length; j++) out[j] = dilated[j]! - eroded[j]! - 1;
  return out;
}

/** Thick strokes: a 3×3 grey dilation of each 28×28 digit in [-1, 1]. */
export function thickDigits(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length / (SIDE * SIDE); i++) morph(x, i * SIDE * SIDE, out, i * SIDE * SIDE, 'dilate');
  return out;
}

function all(source: DataSource): Uint32Array {
  return Uint32Array.from({ length: source.spec.size }, (_, i) => i);
}

/**
 * The `digits-edges` pairs of a split of the embedded digits: input `condition` the outline, target `x`
 * the digit, `labels` the digit's class.
 */
export async function loadDigitEdges(options: Partial<MnistEmbeddedOptions> = {}): Promise<PairedDataSource> {
  const digits = await loadMnistEmbedded(options);
  const rows = digits.rows(all(digits));
  const edges = new ArrayDataSource({ ...digits.spec, meta: { ...digits.spec.meta, domain: 'digit outlines' } }, { x: digitEdges(rows.x), labels: rows.labels! }, 'digits-edges inputs');
  return new PairedDataSource(edges, digits, 'digits-edges');
}

/**
 * The `digits-thickness` domains of a split of the embedded digits: A holds the digits at even positions
 * as written (thin strokes), B those at odd positions dilated (thick strokes). Both keep their labels.
 */
export async function loadDigitThickness(options: Partial<MnistEmbeddedOptions> = {}): Promise<UnpairedDataSource> {
  const digits = await loadMnistEmbedded(options);
  const size = digits.spec.size;
  const even = Uint32Array.from({ length: Math.ceil(size / 2) }, (_, i) => 2 * i);
  const odd = Uint32Array.from({ length: Math.floor(size / 2) }, (_, i) => 2 * i + 1);
  const a = digits.rows(even);
  const b = digits.rows(odd);
  const spec = (domain: string) => ({ ...digits.spec, meta: { ...digits.spec.meta, domain } });
  return new UnpairedDataSource(
    new ArrayDataSource(spec('thin strokes (A)'), { x: a.x, labels: a.labels! }, 'digits-thickness A'),
    new ArrayDataSource(spec('thick strokes (B)'), { x: thickDigits(b.x), labels: b.labels! }, 'digits-thickness B'),
    'digits-thickness',
  );
}

/** `digits-edges`: paired outline -> digit task from the embedded digits (no download). */
export const digitsEdges: Dataset<MnistEmbeddedOptions> = {
  specVersion: DATASET_SPEC_VERSION,
  name: 'digits-edges',
  description: 'Paired translation (pix2pix): digit outlines -> the embedded MNIST digits, labelled (no download)',
  load: (options, context) => loadDigitEdges(withSplitArgument('digits-edges', context.argument, options)),
};

/** `digits-thickness`: unpaired thin <-> thick strokes from disjoint halves of the embedded digits. */
export const digitsThickness: Dataset<MnistEmbeddedOptions> = {
  specVersion: DATASET_SPEC_VERSION,
  name: 'digits-thickness',
  description: 'Unpaired translation (CycleGAN): thin strokes (A) <-> thick strokes (B), disjoint halves of the embedded digits, labelled',
  load: (options, context) => loadDigitThickness(withSplitArgument('digits-thickness', context.argument, options)),
};
