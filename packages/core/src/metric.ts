/**
 * The metric plug-in interface: metrics read generated and reference samples, and may read the trained
 * networks (a semi-supervised GAN is judged by its discriminator's accuracy, BiGAN by its encoder).
 * @module
 */
import type { DataSpec } from './data.js';
import type { GeneratorInput } from './inputs.js';
import type { Registrable } from './registry.js';
import type { Sampler } from './sampling.js';
import type { LabelUse } from './variant.js';

/** Version of the {@link Metric} interface. */
export const METRIC_SPEC_VERSION = 1;

/** Samples handed to a metric: row-major float32 in [-1, 1], shape `[n, ...spec.shape]`. */
export interface SampleSet {
  x: Float32Array;
  n: number;
  /** Integer labels (requested labels for generated samples of conditional variants). */
  labels?: Int32Array;
}

/**
 * The inputs behind the generated samples of a translation run (pix2pix, CycleGAN): generated row `i`
 * is the translation of input row `i`. When `paired`, it is also meant to equal reference row `i`.
 */
export interface TranslationSamples {
  /** `true` when generated row `i` should reproduce reference row `i` (held-out pairs). */
  paired: boolean;
  /** The translated inputs, row-major, `[n, ...inputShape]`. */
  inputs: SampleSet;
  /** Shape of one input. */
  inputShape: number[];
}

/** Inputs of {@link Metric.compute}. */
export interface MetricInput {
  /** Describes both sample sets. */
  spec: DataSpec;
  /** Samples from the generator. */
  generated: SampleSet;
  /** Samples from the data (held out from training when the dataset has a test split). */
  reference: SampleSet;
  /** Seed for any randomness the metric needs (subsets, bootstraps). */
  seed: number;
  /**
   * The trained model behind `generated`: its networks (`sampler.model.networks`), declared inputs and a
   * seeded generator for inputs the metric chooses (an InfoGAN code, say). Given by the benchmark and
   * `gankit eval`; absent when only samples are available.
   */
  sampler?: Sampler;
  /** For translation runs: the inputs that `generated` translates (labels there are the source labels). */
  translation?: TranslationSamples;
}

/** What {@link Metric.supports} is told about the run besides the data. */
export interface MetricSupportInfo {
  /** Whether the generator takes class labels. */
  conditional: boolean;
  /** The run's networks by name, when known. */
  networks?: readonly string[];
  /** The generator's declared inputs, when known. */
  inputs?: readonly GeneratorInput[];
  /** The variant's name, when known. */
  variant?: string;
  /** Which networks take or predict class labels, when known. */
  labels?: Readonly<Record<string, LabelUse>>;
  /** For a translation run (the generator takes an example input): whether the data is paired. */
  translation?: 'paired' | 'unpaired';
}

/** A metric's value, with its standard error when the metric estimates one. */
export interface MetricValue {
  value: number;
  stderr?: number;
  /** Extra numbers worth reporting (per-class accuracies, mode histograms...). */
  details?: Record<string, unknown>;
  /**
   * One line a reader needs beside the value, such as the baseline it is read against; `gankit eval`
   * prints it under the value.
   */
  note?: string;
}

/** A named number computed from samples. */
export interface Metric extends Registrable {
  /** Whether smaller or larger values are better. */
  readonly direction: 'lower' | 'higher';
  /** Sample counts the metric needs for a stable value. */
  readonly samples: { generated: number; reference: number };
  /**
   * The fewest samples of each kind the metric can be computed on at all (k-NN metrics need k + 1,
   * a Frechet distance 2). Hosts that know their sample counts before measuring (a bench whose
   * reference set is a small folder's held-out fifth) skip the metric, saying why, instead of
   * failing after training. Default: 1 of each kind the metric reads.
   *
   * @example
   * ```ts
   * const coverage: Pick<Metric, 'minimumSamples'> = { minimumSamples: { generated: 6, reference: 6 } };
   * ```
   */
  readonly minimumSamples?: { generated: number; reference: number };
  /** Whether this metric applies to data like `spec` (e.g. MNIST-classifier metrics need 28x28x1). */
  supports(spec: DataSpec, options: MetricSupportInfo): boolean;
  /**
   * Whether hosts pick this metric by themselves (without being asked for it by name) for data it
   * supports. Default: always. The Inception metrics, for instance, apply to MNIST digits but are not
   * picked for them, where the MNIST classifier's cheaper metrics are the usual measure.
   */
  chosenByDefault?(spec: DataSpec, options: MetricSupportInfo): boolean;
  /**
   * Whether computing this metric on data like `spec` is costly (a large feature network, such as
   * Inception-v3 at 299x299). Hosts that evaluate a run several times compute costly metrics at the
   * last evaluation only. Default: not costly.
   */
  isCostly?(spec: DataSpec): boolean;
  /**
   * Loads what the metric keeps between calls (a feature network, say). Hosts call it before measuring,
   * so the tensors it keeps for good are not mistaken for a leak of the evaluation, and pass the data's
   * spec when they know it (a metric may need another network for other data).
   */
  prepare?(spec?: DataSpec): Promise<void>;
  compute(input: MetricInput): Promise<MetricValue>;
}
