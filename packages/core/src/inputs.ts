/**
 * The generator's inputs as a variant declares them (noise, class labels, categorical and continuous
 * codes, a conditioning example), and drawing them from their priors with the run's seeded stream.
 * Training, sampling, interpolation, metrics and checkpoints all read this declaration; nothing guesses
 * it from a model's input count.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DataSpec } from './data.js';
import { ConfigError } from './errors.js';
import type { Rng } from './rng.js';
import type { GanVariant, Networks } from './variant.js';

/** Noise `[n, dim]` from N(0, I) (`'normal'`, the default) or U(-1, 1)^dim (`'uniform'`). */
export interface NoiseInput {
  kind: 'noise';
  name: string;
  dim: number;
  distribution?: 'normal' | 'uniform';
}

/** Class labels `[n]` (int32), uniform over the data's classes; D updates use the real batch's labels. */
export interface LabelInput {
  kind: 'label';
  name: string;
  classes: number;
}

/** A categorical code (InfoGAN's c1): one-hot `[n, classes]` float32, uniform over the values. */
export interface CategoricalInput {
  kind: 'categorical';
  name: string;
  classes: number;
}

/** Continuous codes `[n, dim]` (InfoGAN's c2, c3), uniform in `[low, high]` (default [-1, 1]). */
export interface ContinuousInput {
  kind: 'continuous';
  name: string;
  dim: number;
  low?: number;
  high?: number;
}

/** A conditioning example taken from the batch (pix2pix's input image); never drawn. */
export interface ExampleInput {
  kind: 'example';
  name: string;
  /** The batch tensor it comes from, e.g. `'condition'` or `'a.x'`. */
  from: string;
  /** Shape of one example. */
  shape: number[];
}

/** One input of the generator. */
export type GeneratorInput = NoiseInput | LabelInput | CategoricalInput | ContinuousInput | ExampleInput;

/** Input tensors by input name. */
export type InputTensors = Record<string, tf.Tensor>;

/** The default inputs: noise `z` of `latentDim`, then `label` when the generator takes class labels. */
export function defaultInputs(latentDim: number, data: DataSpec, generatorTakesLabels: boolean): GeneratorInput[] {
  const inputs: GeneratorInput[] = [{ kind: 'noise', name: 'z', dim: latentDim }];
  if (generatorTakesLabels) inputs.push({ kind: 'label', name: 'label', classes: data.numClasses ?? 0 });
  return inputs;
}

const NAME = /^[A-Za-z][\w-]*$/;

/** Checks a declaration; throws {@link ConfigError} naming each bad entry. */
export function checkInputs(inputs: readonly GeneratorInput[], where: string): void {
  const issues: { path: string; expected: string; found: unknown }[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const path = `inputs[${i}]`;
    if (typeof input !== 'object' || input === null) return void issues.push({ path, expected: 'an input declaration', found: input });
    if (typeof input.name !== 'string' || !NAME.test(input.name)) issues.push({ path: `${path}.name`, expected: 'a name of letters, digits, - and _', found: input.name });
    else if (seen.has(input.name)) issues.push({ path: `${path}.name`, expected: 'a name not used by another input', found: input.name });
    else seen.add(input.name);
    const positive = (v: unknown) => Number.isInteger(v) && (v as number) > 0;
    switch (input.kind) {
      case 'noise':
      case 'continuous':
        if (!positive(input.dim)) issues.push({ path: `${path}.dim`, expected: 'a positive integer', found: input.dim });
        break;
      case 'label':
      case 'categorical':
        if (!(Number.isInteger(input.classes) && input.classes >= 2)) issues.push({ path: `${path}.classes`, expected: 'an integer >= 2', found: input.classes });
        break;
      case 'example':
        if (typeof input.from !== 'string') issues.push({ path: `${path}.from`, expected: 'the name of a batch tensor', found: input.from });
        break;
      default:
        issues.push({ path: `${path}.kind`, expected: "'noise', 'label', 'categorical', 'continuous' or 'example'", found: (input as { kind: unknown }).kind });
    }
  });
  if (issues.length) throw new ConfigError(where, issues);
}

/** Draws one input for `n` examples. `example` inputs cannot be drawn. */
function drawOne(input: GeneratorInput, n: number, rng: Rng): tf.Tensor {
  switch (input.kind) {
    case 'noise':
      return input.distribution === 'uniform'
        ? tf.randomUniform([n, input.dim], -1, 1, 'float32', rng.seed())
        : tf.randomNormal([n, input.dim], 0, 1, 'float32', rng.seed());
    case 'continuous':
      return tf.randomUniform([n, input.dim], input.low ?? -1, input.high ?? 1, 'float32', rng.seed());
    case 'label':
      return tf.tensor1d(Int32Array.from({ length: n }, () => rng.int(input.classes)), 'int32');
    case 'categorical': {
      const values = new Float32Array(n * input.classes);
      for (let i = 0; i < n; i++) values[i * input.classes + rng.int(input.classes)] = 1;
      return tf.tensor2d(values, [n, input.classes], 'float32');
    }
    case 'example':
      throw new ConfigError('generator inputs', [
        { path: input.name, expected: `a tensor from the batch ('${input.from}'): example inputs are never drawn`, found: undefined },
      ]);
  }
}

/**
 * The inputs for `n` examples: `given` tensors as they are (not copied), the rest drawn from their priors.
 * Label inputs are drawn first, then the others in declaration order, so a run's stream of draws does
 * not depend on where a variant lists its labels. The caller owns the drawn tensors.
 */
export function drawInputs(inputs: readonly GeneratorInput[], n: number, rng: Rng, given: Partial<InputTensors> = {}): InputTensors {
  const out: InputTensors = {};
  const order = [...inputs.filter((i) => i.kind === 'label'), ...inputs.filter((i) => i.kind !== 'label')];
  for (const input of order) {
    const g = given[input.name];
    out[input.name] = g ?? drawOne(input, n, rng);
  }
  return out;
}

/** The first noise input: what latent interpolation moves along. */
export function noiseInput(inputs: readonly GeneratorInput[]): NoiseInput | undefined {
  return inputs.find((i): i is NoiseInput => i.kind === 'noise');
}

/** The label input, when the generator takes class labels. */
export function labelInput(inputs: readonly GeneratorInput[]): LabelInput | undefined {
  return inputs.find((i): i is LabelInput => i.kind === 'label');
}

/** The tensors in declaration order, for a generator with one model input per declared input. */
export function orderedInputs(inputs: readonly GeneratorInput[], tensors: InputTensors): tf.Tensor | tf.Tensor[] {
  const list = inputs.map((i) => {
    const t = tensors[i.name];
    if (!t) throw new ConfigError('generator inputs', [{ path: i.name, expected: `a tensor for the '${i.kind}' input '${i.name}'`, found: undefined }]);
    return t;
  });
  return list.length === 1 ? list[0]! : list;
}

/**
 * Runs the variant's `sample`, or the generator on the inputs in declaration order: how every part of
 * gankit turns inputs into examples.
 */
export function runGenerator(
  variant: Pick<GanVariant<any>, 'sample'> | undefined,
  networks: Networks,
  inputs: readonly GeneratorInput[],
  values: InputTensors,
  training: boolean,
): tf.Tensor {
  if (variant?.sample) return variant.sample(networks, values, { training });
  return networks['generator']!.apply(orderedInputs(inputs, values), { training }) as tf.Tensor;
}
