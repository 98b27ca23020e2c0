/**
 * `gankit bench`: every selected variant on every selected dataset with the same budget, seeds and
 * metrics, then a report. Finished runs are reused and interrupted ones resumed, so a sweep can be
 * stopped and started again.
 * @module
 */
import {
  closestName,
  ConfigError,
  describeProjection,
  metrics,
  principalPlane,
  projectPoints,
  resolveConfig,
  Rng,
  variants,
  type DataSource,
  type Metric,
  type PointProjection,
  type StepStats,
  type VariantConfig,
} from '@gankit/core';
import { writeFileAtomic, writeSampleGrid } from '@gankit/core/node';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { intListOption, intOption, jsonObject, listOption, numberOption, parse } from '../args.js';
import type { CommandContext } from '../context.js';
import { OutputDirectoryError, UsageError } from '../errors.js';
import { metricBounds, metricsForSampleSize, resolveMetrics, supportInfo } from '../evaluate.js';
import type { Output } from '../progress.js';
import { writeReport, type BenchResults, type RunSummary } from '../report.js';
import { compareSettings, describeDifferences, readRunRecord, runPaths, type SettingDifference } from '../run-dir.js';
import { loadDataset } from '../setup.js';
import { noPictureNote, pictureOf } from '../samples.js';
import { trainRun } from '../training.js';
import { configOverrides } from './train.js';

/** Position of a metric in the registry's listing, for a stable column order. */
const metricOrder = (name: string): number => metrics.names().indexOf(name);

export const benchHelp = `Usage: gankit bench [--quick] [options]

Trains every selected variant on every selected dataset with the same budget and seeds, evaluates them
with the same metrics, and writes a report directory: results.json, results.md, report.html (charts
and sample grids) and the PNG grids. Each dataset's table, charts and verdict show the floor (real
data against real data) and the ceiling (uniform noise against real data) of every metric, computed
as the evaluations are. Runs finished earlier are reused; interrupted ones continue.

Options:
  --quick                 every registered variant on mnist-embedded, ring8 and grid25, preset small,
                          20 s of training each, 1 seed, 500 samples, 5 evaluations
  --variants <a,b,...>    variants to compare (default: every registered GAN; baselines only when named)
  --datasets <x,y,...>    datasets (default: mnist-embedded,ring8,grid25)
  --steps <N>             step budget per run
  --seconds <S>           training-seconds budget per run
  --seeds <1,2,...>       seeds (default 1)
  --metrics <m1,m2,...>   metrics (default: every metric that applies to the dataset)
  --samples <N>           samples per evaluation (default 1000; --quick 500)
  --evaluations <K>       evaluations per run, evenly spaced over the budget (default 6; --quick 5)
  --preset <name>         variant preset where a variant has it (default: none; --quick: small)
  --config <json|file>    config overrides applied to every variant
  --data-options <json>   options of every dataset, e.g. '{"size": 28}' to resize an images: folder
  --out <dir>             report directory (default ./bench-report)`;

// Evaluations: 5 points make a curve; each costs about a third less than before the reference set's
// embedding was shared between them, so 5 take about the time 3 did (measured: docs/metrics.md, "What perfect looks like").
const QUICK = { datasets: ['mnist-embedded', 'ring8', 'grid25'], seconds: 20, samples: 500, evaluations: 5, preset: 'small' };
/** Default number of evaluations of a run without --quick. */
const DEFAULT_EVALUATIONS = 6;
/** Seed of the reference grid's pick of real examples. */
const REFERENCE_GRID_SEED = 20141;

/** What the report directory was created for; a different sweep may not reuse it. */
interface BenchManifest {
  format: 'gankit-bench';
  version: 1;
  variants: string[];
  datasets: string[];
  seeds: number[];
  budget: { steps?: number; seconds?: number };
  metrics?: string[];
  preset?: string;
  samples: number;
  evaluations: number;
  config: Record<string, unknown>;
  dataOptions?: Record<string, unknown>;
}

function downsample<T>(xs: T[], max: number): T[] {
  if (xs.length <= max) return xs;
  const stride = xs.length / max;
  return Array.from({ length: max }, (_, i) => xs[Math.floor(i * stride)]!).concat([xs[xs.length - 1]!]);
}

/** The loss curves and every other number the steps reported, from log.jsonl, down-sampled. */
async function readCurves(logPath: string): Promise<Pick<RunSummary, 'curve' | 'extraCurves'>> {
  if (!existsSync(logPath)) return { curve: [] };
  const steps = downsample(
    (await readFile(logPath, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as StepStats),
    200,
  );
  const extraCurves: Record<string, Array<[number, number]>> = {};
  for (const s of steps) for (const [name, value] of Object.entries(s.extra ?? {})) (extraCurves[name] ??= []).push([s.step, value]);
  return { curve: steps.map((s) => [s.step, s.dLoss, s.gLoss, s.dReal, s.dFake]), ...(Object.keys(extraCurves).length ? { extraCurves } : {}) };
}

function checkReportDirectory(dir: string, manifest: BenchManifest): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new OutputDirectoryError(`${dir}: is a file, not a directory; nothing was written. Choose another --out.`);
  if (readdirSync(dir).length === 0) return;
  const path = join(dir, 'bench.json');
  if (!existsSync(path)) {
    throw new OutputDirectoryError(`${dir}: holds other files and no bench.json; nothing was written. Choose an empty or new --out directory.`);
  }
  let existing: BenchManifest;
  try {
    existing = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new OutputDirectoryError(`${path}: not valid JSON; nothing was written. Choose another --out directory.`);
  }
  if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) {
    throw new OutputDirectoryError(`${path}: not a gankit bench description; nothing was written. Choose another --out directory.`);
  }
  const differences = benchDifferences(existing, manifest);
  if (differences.length) {
    throw new OutputDirectoryError(
      `${dir}: holds a bench with other settings; nothing was overwritten.\n${describeDifferences(differences)}\n` +
        `Use another --out directory, or repeat the earlier settings to continue it.`,
    );
  }
}

/** Each setting of the bench in a directory that differs from the one asked for, by its option. */
function benchDifferences(existing: BenchManifest, wanted: BenchManifest): SettingDifference[] {
  const differences = compareSettings(
    existing,
    wanted,
    {
      '--variants': (m) => m.variants,
      '--datasets': (m) => m.datasets,
      '--seeds': (m) => m.seeds,
      '--steps': (m) => m.budget?.steps,
      '--seconds': (m) => m.budget?.seconds,
      '--metrics': (m) => m.metrics,
      '--preset': (m) => m.preset,
      '--samples': (m) => m.samples,
      '--evaluations': (m) => m.evaluations,
      '--config': (m) => m.config,
      '--data-options': (m) => m.dataOptions,
    },
    { '--metrics': '(default: every metric that applies)', '--preset': '(none)' },
  );
  // Anything else: another format or version of bench.json, or a field this version does not know.
  const compared = new Set(['variants', 'datasets', 'seeds', 'budget', 'metrics', 'preset', 'samples', 'evaluations', 'config', 'dataOptions']);
  const others = [...new Set([...Object.keys(existing), ...Object.keys(wanted)])].filter((key) => !compared.has(key));
  const read = Object.fromEntries(others.map((key) => [`bench.json ${key}`, (m: Record<string, unknown>) => m[key]]));
  const rest = compareSettings(existing as unknown as Record<string, unknown>, wanted as unknown as Record<string, unknown>, read);
  return [...differences, ...rest];
}

/** The floor and noise ceiling of the dataset's metrics (undefined when interrupted). */
async function datasetBounds(data: { train: DataSource; test: DataSource }, names: string[], samples: number, seed: number, signal: AbortSignal) {
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

/**
 * How the report shows a dataset's samples: for points, the plane every scatter chart of the dataset
 * uses (fitted once on up to 2,000 reference points, so generated and real points are on the same
 * axes), and a sentence when the points are not 2-D or when no picture fits the samples at all.
 */
function datasetView(reference: DataSource): { plane?: PointProjection; note?: string } {
  const spec = reference.spec;
  if (pictureOf(spec) === 'scatter') {
    const d = spec.shape[0]!;
    const n = Math.min(2000, spec.size);
    const plane = principalPlane(reference.rows(Uint32Array.from({ length: n }, (_, i) => i)).x, n, d);
    return d === 2 ? { plane } : { plane, note: `The scatter charts show ${describeProjection(plane, 'the real data')}.` };
  }
  const note = noPictureNote(spec);
  return note ? { note } : {};
}

/** Points (rows of any dimension) on `plane`, rounded to 4 decimals for results.json. */
function flatPoints(rows: number[][], plane: PointProjection): number[][] {
  const flat = projectPoints(rows.flat(), rows.length, plane);
  return rows.map((_, i) => [Math.round(flat[2 * i]! * 1e4) / 1e4, Math.round(flat[2 * i + 1]! * 1e4) / 1e4]);
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

export async function benchCommand(argv: string[], out: Output, ctx: CommandContext): Promise<number> {
  const { values } = parse('bench', argv, {
    quick: { type: 'boolean' },
    variants: { type: 'string' },
    datasets: { type: 'string' },
    steps: { type: 'string' },
    seconds: { type: 'string' },
    seeds: { type: 'string' },
    metrics: { type: 'string' },
    samples: { type: 'string' },
    evaluations: { type: 'string' },
    config: { type: 'string' },
    'data-options': { type: 'string' },
    preset: { type: 'string' },
    out: { type: 'string' },
  });
  const quick = values.quick === true;
  const steps = intOption('steps', values.steps, 1);
  let seconds = numberOption('seconds', values.seconds);
  if (steps === undefined && seconds === undefined) {
    if (!quick) throw new UsageError('gankit bench: give a budget with --steps N or --seconds S (or use --quick)');
    seconds = QUICK.seconds;
  }
  // Without --variants: every registered GAN; baselines (sgan-supervised) only when named.
  const variantNames = listOption('variants', values.variants) ?? variants.list().filter((v) => v.baselineOf === undefined).map((v) => v.name);
  for (const v of variantNames) variants.get(v); // unknown names fail here, listing the registered ones
  const datasetNames = listOption('datasets', values.datasets) ?? QUICK.datasets;
  const seeds = intListOption('seeds', values.seeds) ?? [1];
  const metricNames = listOption('metrics', values.metrics);
  const samples = intOption('samples', values.samples, 10) ?? (quick ? QUICK.samples : 1000);
  const evaluations = intOption('evaluations', values.evaluations, 1, 100) ?? (quick ? QUICK.evaluations : DEFAULT_EVALUATIONS);
  const config = configOverrides(values.config, undefined, ctx.cwd);
  const dataOptions = values['data-options'] !== undefined ? jsonObject('data-options', values['data-options']) : undefined;
  const preset = values.preset ?? (quick ? QUICK.preset : undefined);
  const dir = resolve(ctx.cwd, values.out ?? 'bench-report');
  const budget = { ...(steps !== undefined ? { steps } : {}), ...(seconds !== undefined ? { seconds } : {}) };
  const manifest: BenchManifest = {
    format: 'gankit-bench',
    version: 1,
    variants: variantNames,
    datasets: datasetNames,
    seeds,
    budget,
    ...(metricNames ? { metrics: metricNames } : {}),
    ...(preset ? { preset } : {}),
    samples,
    evaluations,
    config,
    ...(dataOptions ? { dataOptions } : {}),
  };
  checkReportDirectory(dir, manifest);

  // Load every dataset and check every metric name before anything is written or trained.
  const loaded = new Map<string, { train: DataSource; test: DataSource }>();
  for (const name of datasetNames) {
    loaded.set(name, { train: await loadDataset(name, 0, 'train', dataOptions), test: await loadDataset(name, 0, 'test', dataOptions) });
  }
  // Every (dataset, variant) pair resolved now: a metric that applies to none of a run's data, or a
  // --config key no variant knows, is refused here, before bench.json exists.
  const plans = new Map<string, { config: VariantConfig; metrics: Metric[] } | { skip: string }>();
  // Metrics the data is too small for (a small folder's held-out fifth), by dataset: skipped with the reason.
  const tooSmall = new Map<string, Record<string, string>>();
  const knownKeys = new Set<string>(['ema']);
  for (const datasetName of datasetNames) {
    const spec = loaded.get(datasetName)!.train.spec;
    // every evaluation compares `samples` generated samples with up to `samples` held-out examples
    const referenceCount = Math.min(samples, loaded.get(datasetName)!.test.spec.size);
    const skippedHere: Record<string, string> = {};
    tooSmall.set(datasetName, skippedHere);
    for (const variantName of variantNames) {
      const variant = variants.get(variantName);
      Object.keys(variant.defaultConfig(spec)).forEach((k) => knownKeys.add(k));
      const runPreset = preset !== undefined && variant.presets?.[preset] ? preset : undefined;
      try {
        const resolved = resolveConfig(variant, spec, config as never, runPreset);
        const applicable = resolveMetrics(metricNames, loaded.get(datasetName)!.train, supportInfo(variant, resolved, spec), datasetName);
        const { usable, skipped } = metricsForSampleSize(applicable, samples, referenceCount, metricNames !== undefined, datasetName);
        Object.assign(skippedHere, skipped);
        plans.set(`${datasetName}\0${variantName}`, { config: resolved, metrics: usable });
      } catch (error) {
        if (!ConfigError.isInstance(error)) throw error;
        plans.set(`${datasetName}\0${variantName}`, { skip: error.issues.map((i) => `${i.path}: expected ${i.expected}`).join('; ') });
      }
    }
  }
  const unknown = Object.keys(config).filter((k) => !knownKeys.has(k));
  if (unknown.length) {
    throw new UsageError(
      `--config: ${unknown.map((k) => `'${k}'${closestName(k, knownKeys) ? ` (did you mean '${closestName(k, knownKeys)}'?)` : ''}`).join(', ')} is a setting of none of the variants; nothing was written.`,
    );
  }
  const backend = await ctx.backend();
  // Feature networks (Inception-v3 downloads on first use) load now: offline, the error says what to
  // download and where to put it before anything is trained or written.
  for (const [key, plan] of plans) {
    if ('skip' in plan) continue;
    const spec = loaded.get(key.split('\0')[0]!)!.train.spec;
    for (const metric of plan.metrics) await metric.prepare?.(spec);
  }
  await mkdir(join(dir, 'runs'), { recursive: true });
  await mkdir(join(dir, 'grids'), { recursive: true });
  await writeFileAtomic(join(dir, 'bench.json'), JSON.stringify(manifest, null, 2) + '\n');

  const results: BenchResults = {
    format: 'gankit-bench-results',
    version: 1,
    createdAt: new Date().toISOString(),
    backend: backend.name,
    budget,
    seeds,
    datasets: [],
    runs: [],
  };
  for (const datasetName of datasetNames) {
    const data = loaded.get(datasetName)!;
    const datasetMetrics = new Set<string>();
    const view = datasetView(data.test);
    const skippedMetrics = tooSmall.get(datasetName) ?? {};
    for (const [name, why] of Object.entries(skippedMetrics)) out.write(`${datasetName}: '${name}' not computed (${why})\n`);
    for (const variantName of variantNames) {
      const variant = variants.get(variantName);
      // A variant without the preset trains with its defaults (third-party plug-ins may have none).
      const runPreset = preset !== undefined && variant.presets?.[preset] ? preset : undefined;
      for (const seed of seeds) {
        const id = `${variantName}--${datasetName.replace(/[^a-zA-Z0-9._-]/g, '_')}--seed${seed}`;
        const base: RunSummary = { id, variant: variantName, dataset: datasetName, seed, status: 'skipped', steps: 0, trainSeconds: 0, samplesPerSecond: 0, scores: {}, evaluations: [], curve: [] };
        const plan = plans.get(`${datasetName}\0${variantName}`)!;
        if ('skip' in plan) {
          out.write(`${id}: skipped (${plan.skip})\n`);
          results.runs.push({ ...base, note: plan.skip });
          continue;
        }
        const chosen = plan.metrics;
        chosen.forEach((m) => datasetMetrics.add(m.name));
        const runDir = join(dir, 'runs', id);
        const record = readRunRecord(runDir);
        if (record?.status === 'done' || record?.status === 'failed') {
          out.write(`${id}: reusing the finished run (${record.status} at step ${record.step})\n`);
        }
        if (ctx.signal.aborted) break;
        const result =
          record?.status === 'done' || record?.status === 'failed'
            ? undefined
            : await trainRun({
                dir: runDir,
                settings: { variant: variantName, dataset: datasetName, seed, ...(runPreset ? { preset: runPreset } : {}), config, ...(dataOptions ? { dataOptions } : {}), budget },
                resume: 'if-present',
                strictSettings: true,
                checkpointEvery: 500,
                signal: ctx.signal,
                out,
                label: id,
                evaluations: { count: evaluations, metrics: chosen, samples, reference: data.test },
                data: data.train,
                backend: backend.name,
              });
        result?.trainer.dispose();
        const final = result?.record ?? readRunRecord(runDir)!;
        const paths = runPaths(runDir);
        const evals = existsSync(paths.evaluation) ? (JSON.parse(await readFile(paths.evaluation, 'utf8')) as RunSummary['evaluations']) : [];
        const last = evals.at(-1);
        const batchSize = plan.config.batchSize;
        const summary: RunSummary = {
          ...base,
          status: final.status === 'running' ? 'stopped' : final.status,
          ...(final.error ? { note: final.error } : {}),
          steps: final.step,
          trainSeconds: final.trainSeconds,
          samplesPerSecond: final.trainSeconds > 0 ? (final.step * batchSize) / final.trainSeconds : 0,
          scores: Object.fromEntries(Object.entries(last?.scores ?? {}).map(([k, v]) => [k, { value: v.value, ...(v.stderr !== undefined ? { stderr: v.stderr } : {}) }])),
          evaluations: evals,
          ...(await readCurves(paths.log)),
          ...(final.sampledWith ? { sampledWith: final.sampledWith } : {}),
        };
        const grid = join(paths.samples, 'final.png');
        if (existsSync(grid)) {
          const target = join(dir, 'grids', `${id}.png`);
          await copyFile(grid, target);
          summary.grid = relative(dir, target);
        }
        const points = join(paths.samples, 'final.json');
        if (existsSync(points) && view.plane) {
          const raw = (JSON.parse(await readFile(points, 'utf8')) as number[][]).slice(0, 500);
          summary.points = flatPoints(raw, view.plane);
        }
        results.runs.push(summary);
      }
    }
    const spec = data.train.spec;
    const reference = view.plane
      ? flatPoints(Array.from({ length: Math.min(500, data.test.spec.size) }, (_, i) => Array.from(data.test.rows([i]).x)), view.plane)
      : undefined;
    // Registry order (the order metrics were registered in is the report's column order).
    const names = metricNames ?? [...datasetMetrics].sort((a, b) => metricOrder(a) - metricOrder(b));
    const bounds = names.length && !ctx.signal.aborted ? await datasetBounds(data, names, samples, seeds[0]!, ctx.signal) : undefined;
    const referenceGrid = pictureOf(spec) === 'grid' ? await writeReferenceGrid(data.test, join(dir, 'grids', `reference--${datasetName.replace(/[^a-zA-Z0-9._-]/g, '_')}.png`)) : undefined;
    results.datasets.push({
      name: datasetName,
      metrics: names,
      ...(reference ? { reference } : {}),
      ...(view.note ? { view: view.note } : {}),
      ...(Object.keys(skippedMetrics).length ? { skippedMetrics } : {}),
      ...(bounds ? { bounds } : {}),
      ...(referenceGrid ? { referenceGrid: relative(dir, referenceGrid) } : {}),
    });
  }
  const { markdown } = await writeReport(results, dir);
  out.write('\n' + markdown + `\nReport: ${join(dir, 'report.html')}\n`);
  if (ctx.signal.aborted) {
    out.write('Interrupted: run the same command again to continue where it stopped.\n');
    return 130;
  }
  return 0;
}
