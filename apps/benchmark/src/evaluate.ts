/**
 * Evaluating a generator: draw samples, take reference examples, compute metrics from the registry.
 * @module
 */
import {
  declaredInputs,
  isTranslationSource,
  metrics,
  Rng,
  yieldToEventLoop,
  type DataSource,
  type DataSpec,
  type GanVariant,
  type Metric,
  type MetricSupportInfo,
  type MetricValue,
  type SampleSet,
  type Sampler,
  type VariantConfig,
} from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { InterruptedError, UsageError } from './errors.js';
import { exampleInput, translationSamples } from './translation.js';

/** What metrics are told about a run of `variant` with `config` on data like `spec`. */
export function supportInfo(variant: GanVariant<any>, config: VariantConfig, spec: DataSpec): MetricSupportInfo {
  const inputs = declaredInputs(variant, config, spec);
  return { conditional: inputs.some((i) => i.kind === 'label'), inputs, networks: Object.keys(config.networks), variant: variant.name, labels: variant.labels ?? {} };
}

/** What metrics are told about a trained model (a sampler's). */
export function samplerInfo(sampler: Sampler): MetricSupportInfo {
  return { conditional: sampler.conditional, inputs: sampler.inputs, networks: Object.keys(sampler.config.networks), variant: sampler.variant, labels: sampler.model.labels };
}

/** `info` with `translation` set when the run translates images of `data` (its generator takes an example input). */
function withTranslation(data: DataSource, info: MetricSupportInfo): MetricSupportInfo {
  if (!isTranslationSource(data) || !info.inputs || !exampleInput(info.inputs)) return info;
  return { ...info, translation: data.translation.paired ? 'paired' : 'unpaired' };
}

/** Metrics that apply to `data` and to the run `info` describes, and that are picked without being named. */
export function applicableMetrics(data: DataSource, info: MetricSupportInfo): Metric[] {
  const full = withTranslation(data, info);
  return metrics.list().filter((m) => m.supports(data.spec, full) && (m.chosenByDefault?.(data.spec, full) ?? true));
}

/** Every metric that applies to `data` and the run, including those picked only when named. */
export function supportedMetrics(data: DataSource, info: MetricSupportInfo): Metric[] {
  const full = withTranslation(data, info);
  return metrics.list().filter((m) => m.supports(data.spec, full));
}

/** Resolves `--metrics` names, refusing unknown ones and ones that do not apply to the data or run. */
export function resolveMetrics(names: string[] | undefined, data: DataSource, info: MetricSupportInfo, dataset: string): Metric[] {
  if (names === undefined) return applicableMetrics(data, info);
  const full = withTranslation(data, info);
  return names.map((name) => {
    const metric = metrics.get(name);
    if (!metric.supports(data.spec, full)) {
      const ok = supportedMetrics(data, info).map((m) => m.name);
      const who = info.variant ? ` with variant '${info.variant}'` : info.conditional ? '' : ' with an unconditional variant';
      throw new UsageError(`--metrics: '${name}' does not apply to dataset '${dataset}'${who}. Applicable: ${ok.join(', ') || '(none)'}.`);
    }
    return metric;
  });
}

/**
 * Why `metric` cannot be computed on `generated` generated samples against `reference` reference
 * examples (its {@link Metric.minimumSamples}), or undefined when it can.
 *
 * @example
 * ```ts
 * sampleShortfall(metrics.get('coverage'), 1000, 4);
 * // "needs at least 6 reference examples, the test split holds 4"
 * ```
 */
export function sampleShortfall(metric: Metric, generated: number, reference: number): string | undefined {
  const min = metric.minimumSamples;
  if (min === undefined) return undefined;
  if (reference < min.reference) return `needs at least ${min.reference} reference examples, the test split holds ${reference}`;
  if (generated < min.generated) return `needs at least ${min.generated} generated samples, got ${generated}`;
  return undefined;
}

/** Metrics split into those `generated` and `reference` counts allow and the others, each with its reason. */
export interface MetricsBySampleSize {
  usable: Metric[];
  /** Metric name to why it cannot be computed (see {@link sampleShortfall}). */
  skipped: Record<string, string>;
}

/**
 * Splits `chosen` by whether each metric can be computed on `generated` samples against `reference`
 * examples. Metrics named with `--metrics` (`named`) that cannot be are refused with a
 * {@link UsageError} (before anything is trained); metrics picked by default are skipped with their
 * reason, for the report.
 */
export function metricsForSampleSize(chosen: Metric[], generated: number, reference: number, named: boolean, dataset: string): MetricsBySampleSize {
  const usable: Metric[] = [];
  const skipped: Record<string, string> = {};
  for (const metric of chosen) {
    const why = sampleShortfall(metric, generated, reference);
    if (why === undefined) usable.push(metric);
    else skipped[metric.name] = why;
  }
  const refused = Object.entries(skipped);
  if (named && refused.length) {
    throw new UsageError(
      `--metrics: ${refused.map(([name, why]) => `'${name}' ${why}`).join('; ')} (dataset '${dataset}'); nothing was written. ` +
        `Leave ${refused.length > 1 ? 'them' : 'it'} out of --metrics, or use more data.`,
    );
  }
  return { usable, skipped };
}

/** Draws `n` samples from a generator in chunks; conditional generators cycle through the labels. */
export function drawSamples(sampler: Sampler, n: number, seed: number, chunk = 250): SampleSet {
  const rowSize = sampler.spec.shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * rowSize);
  const classes = sampler.numClasses;
  const labels = classes !== undefined ? Int32Array.from({ length: n }, (_, i) => i % classes) : undefined;
  const rng = new Rng(seed);
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const t = sampler.generate(m, { seed: rng.seed(), ...(labels ? { labels: labels.subarray(start, start + m) } : {}) });
    x.set(t.dataSync() as Float32Array, start * rowSize);
    t.dispose();
  }
  return labels ? { x, n, labels } : { x, n };
}

// The same reference array for every evaluation of a run (and the floor and ceiling): metrics cache
// their embeddings per array, so the reference set goes through the feature network once.
const referenceCache = new WeakMap<DataSource, Map<string, SampleSet>>();

/** Up to `n` reference examples, a seeded random subset (the same array for the same source, `n` and seed). */
export function referenceSamples(data: DataSource, n: number, seed: number): SampleSet {
  let bySize = referenceCache.get(data);
  if (!bySize) referenceCache.set(data, (bySize = new Map()));
  const key = `${n}:${seed}`;
  const cached = bySize.get(key);
  if (cached) return cached;
  const size = data.spec.size;
  const count = Math.min(n, size);
  const order = new Rng(seed).shuffle(Uint32Array.from({ length: size }, (_, i) => i)).subarray(0, count);
  const rows = data.rows(order);
  const set: SampleSet = rows.labels ? { x: rows.x, n: count, labels: rows.labels } : { x: rows.x, n: count };
  bySize.set(key, set);
  return set;
}

/**
 * Lets a Ctrl-C that arrived during synchronous work (drawing samples, a metric) reach its handler before
 * the caller checks the signal. Twice: the first turn may run in the same loop iteration, before the poll
 * phase that delivers signals.
 */
async function breatheForSignals(): Promise<void> {
  await yieldToEventLoop();
  await yieldToEventLoop();
}

/** One evaluation: metric name to value. */
export type Scores = Record<string, MetricValue>;

/** Computes `chosen` metrics on `n` generated samples against up to `n` reference examples. */
export async function evaluate(sampler: Sampler, spec: DataSpec, reference: DataSource, chosen: Metric[], n: number, seed: number, signal?: AbortSignal): Promise<Scores> {
  // Feature networks a metric keeps loaded are not part of one evaluation's tensor budget.
  for (const metric of chosen) await metric.prepare?.(spec);
  const before = tf.memory().numTensors;
  // A translation run's samples are translations of held-out inputs, not draws from noise.
  const translating = exampleInput(sampler.inputs) !== undefined;
  const t = translating ? translationSamples(sampler, reference, n, seed) : undefined;
  const generated = t?.generated ?? drawSamples(sampler, n, seed);
  const ref = t?.reference ?? referenceSamples(reference, n, seed + 1);
  const scores: Scores = {};
  for (const metric of chosen) {
    await breatheForSignals();
    if (signal?.aborted) throw new InterruptedError(`evaluation stopped before '${metric.name}'; nothing was written`);
    scores[metric.name] = await metric.compute({ spec, generated, reference: ref, seed, sampler, ...(t ? { translation: t.translation } : {}) });
  }
  await breatheForSignals();
  if (signal?.aborted) throw new InterruptedError('evaluation stopped after its last metric; nothing was written');
  const leaked = tf.memory().numTensors - before;
  if (leaked > 0) process.emitWarning(`evaluation left ${leaked} tensors allocated`);
  return scores;
}

/** What a perfect generator and one that learned nothing score, at an evaluation's sample size. */
export interface Bounds {
  /** Samples on each side (as in the evaluations). */
  samples: number;
  /** Real against real: `n` training examples (what a perfect generator draws) against the reference. */
  floor: Scores;
  /** Uniform noise (every value uniform in [-1, 1], what an untrained tanh generator resembles) against the reference. */
  ceiling: Scores;
}

/**
 * The floor and the noise ceiling of each metric, computed exactly as an evaluation is (same sample
 * count, same reference subset and seed). Metrics that need a generator (they read `sampler`) are
 * left out.
 */
export async function metricBounds(train: DataSource, reference: DataSource, chosen: Metric[], n: number, seed: number, signal?: AbortSignal): Promise<Bounds> {
  const spec = train.spec;
  for (const metric of chosen) await metric.prepare?.(spec);
  const ref = referenceSamples(reference, n, seed + 1);
  const real = referenceSamples(train, n, seed);
  const rng = new Rng(seed + 2);
  const count = real.n;
  const noise: SampleSet = {
    x: Float32Array.from({ length: real.x.length }, () => rng.next() * 2 - 1),
    n: count,
    ...(real.labels ? { labels: Int32Array.from({ length: count }, (_, i) => i % (spec.numClasses ?? 1)) } : {}),
  };
  const floor: Scores = {};
  const ceiling: Scores = {};
  for (const metric of chosen) {
    if (signal?.aborted) throw new InterruptedError(`floors stopped before '${metric.name}'`);
    try {
      floor[metric.name] = await metric.compute({ spec, generated: real, reference: ref, seed });
      ceiling[metric.name] = await metric.compute({ spec, generated: noise, reference: ref, seed });
    } catch {
      // a metric that reads the generator itself (an encoder, a sampler) has no floor of this kind
      delete floor[metric.name];
    }
  }
  return { samples: count, floor, ceiling };
}
