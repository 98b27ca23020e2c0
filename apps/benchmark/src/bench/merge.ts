/**
 * The last part of a bench, wherever its runs were trained: every run's outcome merged with each
 * dataset's floor, noise ceiling and real examples into results.json, results.md and report.html.
 * @module
 */
import { metrics, Rng, type DataSource } from '@gankit/core';
import { writeFileAtomic, writeSampleGrid } from '@gankit/core/node';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { metricBounds } from '../evaluate.js';
import { writeReport, type BenchResults } from '../report.js';
import type { BenchPlan, LoadedDataset } from './plan.js';
import { safeName } from './plan.js';
import type { RunOutcome } from './run.js';
import { datasetView, flatPoints } from './view.js';
import { pictureOf } from '../samples.js';

/** Seed of the reference grid's pick of real examples. */
const REFERENCE_GRID_SEED = 20141;

/** Position of a metric in the registry's listing, for a stable column order. */
const metricOrder = (name: string): number => metrics.names().indexOf(name);

/** Creates the report directory and writes bench.json, the settings it holds (atomically). */
export async function startReportDirectory(plan: BenchPlan): Promise<void> {
  await mkdir(join(plan.dir, 'runs'), { recursive: true });
  await mkdir(join(plan.dir, 'grids'), { recursive: true });
  await writeFileAtomic(join(plan.dir, 'bench.json'), JSON.stringify(plan.manifest, null, 2) + '\n');
}

/** Options of {@link writeBenchReport}. */
export interface MergeOptions {
  /** Backend name(s) shown in the report. */
  backend: string;
  /** When aborted, the floors and ceilings are left out (they take a while). */
  signal: AbortSignal;
}

/**
 * Merges the outcomes of a plan's runs (in plan order; runs without an outcome are left out) into the
 * report directory: each grid as `grids/<id>.png`, then results.json, results.md and report.html.
 * Returns the Markdown table.
 */
export async function writeBenchReport(plan: BenchPlan, outcomes: readonly RunOutcome[], o: MergeOptions): Promise<{ markdown: string; results: BenchResults }> {
  const { dir, manifest } = plan;
  const results: BenchResults = {
    format: 'gankit-bench-results',
    version: 1,
    createdAt: new Date().toISOString(),
    backend: o.backend,
    budget: manifest.budget,
    ...(manifest.datasetBudgets ? { datasetBudgets: manifest.datasetBudgets } : {}),
    seeds: manifest.seeds,
    datasets: [],
    runs: [],
  };
  await mkdir(join(dir, 'grids'), { recursive: true });
  for (const outcome of outcomes) {
    if (outcome.grid && outcome.summary.grid) await writeFileAtomic(join(dir, outcome.summary.grid), outcome.grid);
    results.runs.push(outcome.summary);
  }
  for (const datasetName of manifest.datasets) {
    const data = plan.data.get(datasetName)!;
    const datasetMetrics = new Set(plan.runs.filter((r) => r.dataset === datasetName && outcomes.some((x) => x.summary.id === r.id)).flatMap((r) => r.metrics));
    const spec = data.train.spec;
    const view = datasetView(data.test);
    const skippedMetrics = plan.skippedMetrics[datasetName] ?? {};
    const reference = view.plane
      ? flatPoints(Array.from({ length: Math.min(500, data.test.spec.size) }, (_, i) => Array.from(data.test.rows([i]).x)), view.plane)
      : undefined;
    // Registry order (the order metrics were registered in is the report's column order).
    const names = plan.metricNames ?? [...datasetMetrics].sort((a, b) => metricOrder(a) - metricOrder(b));
    const bounds = names.length && !o.signal.aborted ? await datasetBounds(data, names, manifest.samples, manifest.seeds[0]!, o.signal) : undefined;
    const referenceGrid = pictureOf(spec) === 'grid' ? await writeReferenceGrid(data.test, join(dir, 'grids', `reference--${safeName(datasetName)}.png`)) : undefined;
    results.datasets.push({
      name: datasetName,
      metrics: names,
      ...(reference ? { reference } : {}),
      ...(view.note ? { view: view.note } : {}),
      ...(Object.keys(skippedMetrics).length ? { skippedMetrics } : {}),
      ...(bounds ? { bounds } : {}),
      ...(referenceGrid ? { referenceGrid: join('grids', `reference--${safeName(datasetName)}.png`) } : {}),
    });
  }
  const { markdown } = await writeReport(results, dir);
  return { markdown, results };
}

/** The floor and noise ceiling of the dataset's metrics (undefined when interrupted). */
async function datasetBounds(data: LoadedDataset, names: string[], samples: number, seed: number, signal: AbortSignal) {
  try {
    const chosen = names.map((n) => metrics.get(n));
    const b = await metricBounds(data.train, data.test, chosen, samples, seed, signal);
    const plain = (scores: typeof b.floor) =>
      Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, { value: v.value, ...(v.stderr !== undefined ? { stderr: v.stderr } : {}) }]));
    return { samples: b.samples, floor: plain(b.floor), ceiling: plain(b.ceiling) };
  } catch (error) {
    if (signal.aborted) return undefined;
    throw error;
  }
}

/** A grid of real examples (six of each class, in class order, when labelled) as a PNG at `path`. */
async function writeReferenceGrid(source: DataSource, path: string): Promise<string> {
  const spec = source.spec;
  const order = new Rng(REFERENCE_GRID_SEED).shuffle(Uint32Array.from({ length: spec.size }, (_, i) => i));
  const classes = spec.numClasses;
  const labels = classes && classes <= 16 ? source.rows(order).labels : undefined;
  let picked: number[];
  if (labels && classes) {
    const per = Math.max(1, Math.floor(64 / classes));
    // row-major grid with one column per class: row r holds the r-th example of every class
    const byClass = Array.from({ length: classes }, (_, c) => [...order].filter((_, i) => labels[i] === c).slice(0, per));
    picked = Array.from({ length: per * classes }, (_, i) => byClass[i % classes]![Math.floor(i / classes)]).filter((i): i is number => i !== undefined);
  } else {
    picked = [...order.subarray(0, 64)];
  }
  const { x } = source.rows(picked);
  await writeSampleGrid({ values: x, shape: [picked.length, ...spec.shape] }, path, { columns: labels && classes ? classes : 8 });
  return path;
}
