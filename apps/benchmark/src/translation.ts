/**
 * Image-to-image runs (pix2pix, CycleGAN): translating arrays of images with a trained generator, the
 * sample sets their metrics read, and side-by-side grids (input | output | target).
 * @module
 */
import { isTranslationSource, Rng, type DataSource, type GeneratorInput, type SampleSet, type Sampler, type TranslationSamples } from '@gankit/core';
import { writePng } from '@gankit/core/node';
import { imageGrid } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { UsageError } from './errors.js';

/** The example input of a translation run's generator (its conditioning image), if it has one. */
export function exampleInput(inputs: readonly GeneratorInput[]): Extract<GeneratorInput, { kind: 'example' }> | undefined {
  return inputs.find((i): i is Extract<GeneratorInput, { kind: 'example' }> => i.kind === 'example');
}

/** Which way to translate: the run's generator (A -> B) or CycleGAN's reverse one (`generatorBA`). */
export type Direction = 'AtoB' | 'BtoA';

/** Name of the reverse generator of a two-way run (CycleGAN's F: B -> A). */
export const REVERSE_GENERATOR = 'generatorBA';

/**
 * Translates `n` images (`x`, row-major, `[n, ...shape]`) in chunks, in inference mode (averaged weights
 * when the run keeps them, for A -> B). Returns the outputs and their shape.
 */
export function translateImages(sampler: Sampler, x: Float32Array, n: number, shape: readonly number[], direction: Direction = 'AtoB', chunk = 100): { x: Float32Array; shape: number[] } {
  const input = exampleInput(sampler.inputs);
  if (!input) throw new UsageError(`the '${sampler.variant}' generator takes no input image: it is not an image-to-image run`);
  const reverse = sampler.model.networks[REVERSE_GENERATOR];
  if (direction === 'BtoA' && !reverse) throw new UsageError(`--direction BtoA: the '${sampler.variant}' run has no reverse generator ('${REVERSE_GENERATOR}'); only AtoB`);
  const rowIn = shape.reduce((a, b) => a * b, 1);
  const parts: Float32Array[] = [];
  let outShape: number[] = [];
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const t = tf.tensor(x.subarray(start * rowIn, (start + m) * rowIn), [m, ...shape], 'float32');
    const y = direction === 'AtoB' ? sampler.generate(m, { inputs: { [input.name]: t } }) : tf.tidy(() => reverse!.apply(t, { training: false }) as tf.Tensor);
    outShape = y.shape.slice(1);
    parts.push(y.dataSync() as Float32Array);
    tf.dispose([t, y]);
  }
  const rowOut = outShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n * rowOut);
  parts.forEach((p, i) => out.set(p, i * chunk * rowOut));
  return { x: out, shape: outShape };
}

/** A seeded subset of `count` of `size` indices, in ascending order. */
function subset(size: number, count: number, seed: number): Uint32Array {
  return new Rng(seed).shuffle(Uint32Array.from({ length: size }, (_, i) => i)).subarray(0, count).sort();
}

/**
 * The sample sets of a translation run's evaluation on held-out data: `reference` target images;
 * `generated` translations of held-out inputs (labelled with the inputs' labels, so label accuracy
 * checks that the class survives); for paired data the inputs of exactly the reference targets, so
 * `generated[i]` should equal `reference[i]`.
 */
export function translationSamples(sampler: Sampler, reference: DataSource, n: number, seed: number): { generated: SampleSet; reference: SampleSet; translation: TranslationSamples } {
  if (!isTranslationSource(reference)) throw new UsageError(`the '${sampler.variant}' run translates images, but its reference data holds no inputs to translate`);
  const inputs = reference.translation.inputs;
  const paired = reference.translation.paired;
  const refIdx = subset(reference.spec.size, Math.min(n, reference.spec.size), seed + 1);
  const ref = reference.rows(refIdx);
  const inIdx = paired ? refIdx : subset(inputs.spec.size, Math.min(n, inputs.spec.size), seed + 3);
  const source = inputs.rows(inIdx);
  const out = translateImages(sampler, source.x, inIdx.length, inputs.spec.shape);
  const sourceSet: SampleSet = source.labels ? { x: source.x, n: inIdx.length, labels: source.labels } : { x: source.x, n: inIdx.length };
  return {
    generated: source.labels ? { x: out.x, n: inIdx.length, labels: source.labels } : { x: out.x, n: inIdx.length },
    reference: ref.labels ? { x: ref.x, n: refIdx.length, labels: ref.labels } : { x: ref.x, n: refIdx.length },
    translation: { paired, inputs: sourceSet, inputShape: [...inputs.spec.shape] },
  };
}

/** `[n, h, w, c]` values as 3 channels (grey repeated) when `channels` is 3, else as they are. */
function withChannels(x: Float32Array, n: number, shape: readonly number[], channels: number): Float32Array {
  const c = shape[2]!;
  if (c === channels) return x;
  const pixels = n * shape[0]! * shape[1]!;
  const out = new Float32Array(pixels * channels);
  for (let p = 0; p < pixels; p++) for (let k = 0; k < channels; k++) out[p * channels + k] = x[p * c + (c === 1 ? 0 : k)]!;
  return out;
}

/**
 * Writes a PNG of side-by-side groups: for each example its input, its translation and (when given) its
 * target, `perRow` examples to a row. Images of 1 and 3 channels mix (grey is shown as RGB).
 */
export async function writeSideBySide(groups: Array<{ x: Float32Array; shape: readonly number[] }>, n: number, path: string, perRow = 8): Promise<void> {
  const [h, w] = groups[0]!.shape;
  const channels = Math.max(...groups.map((g) => g.shape[2]!));
  const k = groups.length;
  const size = h! * w! * channels;
  const values = new Float32Array(n * k * size);
  groups.forEach((g, j) => {
    const x = withChannels(g.x, n, g.shape, channels);
    for (let i = 0; i < n; i++) values.set(x.subarray(i * size, (i + 1) * size), (i * k + j) * size);
  });
  await writePng(imageGrid({ values, shape: [n * k, h!, w!, channels] }, { columns: k * Math.min(perRow, n), padding: 2 }), path);
}
