/**
 * The metrics `gankit eval` computes for the data (every registered metric that applies to it and to
 * the run), on generated samples against the held-out split, plus the artist's distance from its
 * curve on sine data. Runs in the training worker; samples are drawn in chunks and the worker's event
 * loop gets a turn between chunks and between metrics, so a pause or a new session is read during an
 * evaluation too.
 * @module
 */
import { Rng, Sampler, metrics, yieldToEventLoop, type DataSource, type Metric, type MetricSupportInfo, type MetricValue, type SampleSet } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

/** One evaluation. */
export interface Evaluation {
  step: number;
  /** Metric name to value. */
  scores: Record<string, MetricValue>;
  /** Mean |G(z) - a sin(pi x)| over the samples, for sine data. */
  artistError?: number;
  /** Metrics that apply but could not be computed here, with the reason (a feature network the page cannot load). */
  skipped: Record<string, string>;
  seconds: number;
}

/** What metrics are told about the run (as the command line's `samplerInfo`). */
export function supportInfo(sampler: Sampler): MetricSupportInfo {
  return { conditional: sampler.conditional, inputs: sampler.inputs, networks: Object.keys(sampler.model.networks), variant: sampler.variant, labels: sampler.model.labels };
}

/**
 * The registered metrics that apply to `data` and the run and that hosts pick by default, as `gankit
 * eval` picks them: on MNIST-shaped digits the classifier's metrics, not the Inception ones.
 */
export function applicableMetrics(data: DataSource, sampler: Sampler): Metric[] {
  const info = supportInfo(sampler);
  return metrics.list().filter((m) => m.supports(data.spec, info) && (m.chosenByDefault?.(data.spec, info) ?? true));
}

/**
 * Why each metric that could not load what it needs (its `prepare`, e.g. the Inception network, which
 * a page has only when it is served one) is left out; those metrics are skipped, never an error that
 * stops training. Metrics that failed once are not tried again in this page.
 */
const unavailable = new Map<string, string>();

async function prepared(chosen: Metric[]): Promise<{ usable: Metric[]; skipped: Record<string, string> }> {
  const usable: Metric[] = [];
  const skipped: Record<string, string> = {};
  for (const metric of chosen) {
    const known = unavailable.get(metric.name);
    if (known === undefined) {
      try {
        await metric.prepare?.();
        usable.push(metric);
        continue;
      } catch (error) {
        unavailable.set(metric.name, (error as Error).message);
      }
    }
    skipped[metric.name] = unavailable.get(metric.name)!;
  }
  return { usable, skipped };
}

async function drawSamples(sampler: Sampler, n: number, seed: number, chunk = 250): Promise<SampleSet> {
  const rowSize = sampler.spec.shape.reduce((a, b) => a * b, 1);
  const x = new Float32Array(n * rowSize);
  const classes = sampler.numClasses;
  const labels = classes !== undefined ? Int32Array.from({ length: n }, (_, i) => i % classes) : undefined;
  const rng = new Rng(seed);
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const t = sampler.generate(m, { seed: rng.seed(), ...(labels ? { labels: labels.subarray(start, start + m) } : {}) });
    x.set((await t.data()) as Float32Array, start * rowSize);
    t.dispose();
    await yieldToEventLoop();
  }
  return labels ? { x, n, labels } : { x, n };
}

function referenceSamples(data: DataSource, n: number, seed: number): SampleSet {
  const count = Math.min(n, data.spec.size);
  const order = new Rng(seed).shuffle(Uint32Array.from({ length: data.spec.size }, (_, i) => i)).subarray(0, count);
  const rows = data.rows(order);
  return rows.labels ? { x: rows.x, n: count, labels: rows.labels } : { x: rows.x, n: count };
}

/** The sine curve the artist paints, at the data's x grid, when the data is the `sine` family. */
export function artistCurve(data: DataSource): number[] | undefined {
  const meta = data.spec.meta as { family?: string; x?: number[]; amplitude?: number } | undefined;
  if (meta?.family !== 'sine' || !meta.x || meta.amplitude === undefined) return undefined;
  return meta.x.map((v) => meta.amplitude! * Math.sin(Math.PI * v));
}

/** The k-NN manifold metrics, whose balls on the artist's data are as small as its noise. */
const MANIFOLD = ['precision', 'recall', 'density', 'coverage'];

/**
 * Why the artist's evaluation leaves `metric` out, or undefined to compute it. Every real painting is
 * the one curve plus independent noise at each point, so the k-NN balls of the manifold metrics have
 * the noise's radius (about noise x sqrt(2 x points)); a painting counts only when it is that close to
 * the curve at all points at once, which a painter within 0.15 of the curve on average (the artist's
 * goal) is far from, so they read 0 whatever it learned.
 */
export function artistSkip(metric: string, data: DataSource): string | undefined {
  if (!MANIFOLD.includes(metric)) return undefined;
  const meta = data.spec.meta as { noise?: number } | undefined;
  const points = data.spec.shape.reduce((a, b) => a * b, 1);
  const radius = meta?.noise !== undefined ? ` (about ${(meta.noise * Math.sqrt(2 * points)).toFixed(2)} here)` : '';
  return (
    `left out for the artist: every real painting is the same curve plus independent noise at each point, so the k-NN balls ${metric} compares against have the noise's radius${radius}; ` +
    `a painting counts only when it is that close to the curve at all points at once, which a painter within 0.15 of the curve on average is far from, so ${metric} reads 0 whatever it learned. ` +
    `The artist's measure is its distance from the curve, |G(z) - a sin(pi x)|`
  );
}

/** Mean |G(z) - curve| over the rows of `samples` (row length = curve length). */
export function artistError(samples: Float32Array, curve: number[]): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += Math.abs(samples[i]! - curve[i % curve.length]!);
  return sum / samples.length;
}

/** Evaluates `sampler` at `step`: `n` samples against up to `n` held-out examples, seed as `gankit eval`'s default. */
export async function evaluate(sampler: Sampler, reference: DataSource, step: number, n: number, seed = 1): Promise<Evaluation> {
  const started = performance.now();
  const curve = artistCurve(reference);
  // The artist's data leaves some metrics out (with the reason) before anything is prepared for them.
  const left: Record<string, string> = {};
  const wanted = applicableMetrics(reference, sampler).filter((m) => {
    const why = curve ? artistSkip(m.name, reference) : undefined;
    if (why) left[m.name] = why;
    return why === undefined;
  });
  const { usable: chosen, skipped: unloadable } = await prepared(wanted);
  const skipped = { ...left, ...unloadable };
  const before = tf.memory().numTensors;
  const generated = await drawSamples(sampler, n, seed);
  const ref = referenceSamples(reference, n, seed + 1);
  const scores: Record<string, MetricValue> = {};
  for (const metric of chosen) {
    await yieldToEventLoop();
    scores[metric.name] = await metric.compute({ spec: reference.spec, generated, reference: ref, seed, sampler });
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked > 0) console.warn(`evaluation left ${leaked} tensors allocated`);
  return {
    step,
    scores,
    ...(curve ? { artistError: artistError(generated.x, curve) } : {}),
    skipped,
    seconds: (performance.now() - started) / 1000,
  };
}
