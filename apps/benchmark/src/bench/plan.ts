/**
 * Planning a bench: the command line's settings resolved into one {@link PlannedRun} per (dataset,
 * variant, seed), each complete enough to be trained anywhere: in this process (a local bench) or by a
 * queue worker on another machine. Everything a user can get wrong is checked here, before anything
 * is written or trained.
 * @module
 */
import { closestName, ConfigError, metrics, OPTIONAL_KEYS, resolveConfig, SIZE_LIMITS, variants, type DataSource, type DataSpec, type GanVariant } from '@gankit/core';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configOverrides, intListOption, intOption, jsonObject, listOption, numberOption, perDatasetOption } from '../args.js';
import type { CommandContext } from '../context.js';
import { OutputDirectoryError, UsageError } from '../errors.js';
import { checkOutputPath } from '../output-path.js';
import { metricsForSampleSize, resolveMetrics, supportInfo } from '../evaluate.js';
import { compareSettings, describeDifferences, type SettingDifference } from '../run-dir.js';
import { refuseLinks } from '../run-links.js';
import { absoluteDatasetName, loadDataset } from '../setup.js';

// Evaluations: 5 points make a curve; each costs about a third less than before the reference set's
// embedding was shared between them, so 5 take about the time 3 did (measured: docs/metrics.md, "What perfect looks like").
//
// Budgets per dataset: the 2-D mixtures' small MLPs settle in a few thousand fast steps, while the
// MNIST networks improve for minutes; the seconds come from the measured frontier of quality against
// training time (docs/metrics.md, "The quick bench's budgets"). Ten minutes hold six MNIST runs of
// 100 s beside the mixtures' runs: the four variants the project started with (vanilla, dcgan,
// wgan-gp, cgan) and the two image-only or label-using ones that learn fastest per second (acgan,
// infogan); the others are left out there, with the reason in the report, and still run on both
// mixtures. A variant a plug-in registers runs everywhere. The mixtures' 21 s (18 s before 2026-12-07
// 21:15) give the variants that need the most steps (sgan on ring8, acgan on grid25) a sixth more
// of them, for about 21 s more of the main job (docs/metrics.md, "The quick bench's budgets").
const QUICK = {
  datasets: ['mnist-embedded', 'ring8', 'grid25'],
  seconds: { 'mnist-embedded': 100, ring8: 21, grid25: 21 } as Record<string, number>,
  /** Seconds of a dataset not in the table above (`--quick --datasets other`). */
  otherSeconds: 20,
  leaveOut: {
    'mnist-embedded': {
      variants: ['bigan', 'sgan', 'wgan'],
      why: 'not in the quick bench on mnist-embedded: the 10-minute main job has room for six MNIST runs of 100 s (docs/metrics.md, "The quick bench\'s budgets"); name it with --variants to train it',
    },
  } as Record<string, { variants: string[]; why: string }>,
  samples: 500,
  evaluations: 5,
  preset: 'small',
};

/** A run's budget: steps, training seconds, or both (whichever comes first ends the run). */
export interface Budget {
  steps?: number;
  seconds?: number;
}
/** Default number of evaluations of a run without --quick. */
const DEFAULT_EVALUATIONS = 6;

/** What the report directory was created for; a different sweep may not reuse it. */
export interface BenchManifest {
  format: 'gankit-bench';
  version: 1;
  variants: string[];
  datasets: string[];
  seeds: number[];
  /** Every dataset's budget when they are the same; `{}` when {@link datasetBudgets} gives each its own. */
  budget: Budget;
  /** Each dataset's budget, when they differ (`--seconds 20,mnist-embedded=150`, or `--quick`). */
  datasetBudgets?: Record<string, Budget>;
  metrics?: string[];
  preset?: string;
  samples: number;
  evaluations: number;
  config: Record<string, unknown>;
  dataOptions?: Record<string, unknown>;
}

/**
 * One run of a sweep, fully resolved: what a worker needs to train and evaluate it, and nothing that
 * depends on where it runs. Plain JSON, so it travels as a queue job as it is.
 */
export interface PlannedRun {
  /** `variant--dataset--seedN`: the run's folder name and its row in the report. */
  id: string;
  variant: string;
  dataset: string;
  seed: number;
  /** The variant preset, when the variant has the one asked for. */
  preset?: string;
  /** Config overrides of `--config` (the variant's defaults and preset are applied where it trains). */
  config: Record<string, unknown>;
  dataOptions?: Record<string, unknown>;
  budget: Budget;
  /** Metric names, resolved for this dataset and variant. */
  metrics: string[];
  /** Samples per evaluation. */
  samples: number;
  /** Evaluations, evenly spaced over the budget. */
  evaluations: number;
  /** Batch size of the resolved config (for samples per second). */
  batchSize: number;
  /** Why the run is not trained at all (a config the variant refuses for this dataset). */
  skip?: string;
}

/** A bench, planned: its settings, report directory, data and runs in report order. */
export interface BenchPlan {
  manifest: BenchManifest;
  /** Report directory (absolute). */
  dir: string;
  /** Train and test splits of every dataset, loaded with seed 0 (every run of a dataset shares them). */
  data: Map<string, LoadedDataset>;
  /** Every run, dataset by dataset, variant by variant, seed by seed. */
  runs: PlannedRun[];
  /** Per dataset: metrics that apply but that its held-out split is too small for, with the reason. */
  skippedMetrics: Record<string, Record<string, string>>;
  /** `--metrics` as given. */
  metricNames?: string[];
}

/** A dataset's two splits. */
export interface LoadedDataset {
  train: DataSource;
  test: DataSource;
}

/** The values of bench's command-line options that shape the sweep (strings as parsed). */
export interface BenchOptionValues {
  quick?: boolean;
  variants?: string;
  datasets?: string;
  steps?: string;
  seconds?: string;
  seeds?: string;
  metrics?: string;
  samples?: string;
  evaluations?: string;
  config?: string;
  'data-options'?: string;
  preset?: string;
  out?: string;
}

/** Folder-safe form of a dataset name (`images:/x` has characters a file name may not hold). */
export function safeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9._-]/g, '_');
}

/** The id of a run: `variant--dataset--seedN`. */
export function runId(variant: string, dataset: string, seed: number): string {
  return `${variant}--${safeName(dataset)}--seed${seed}`;
}

/** Whether a variant's generator takes an input image (pix2pix, CycleGAN), judged on 28x28 digits. */
export function translates(variant: GanVariant<any>): boolean {
  if (!variant.inputs) return false;
  const spec: DataSpec = { shape: [28, 28, 1], kind: 'image', size: 1 };
  try {
    return variant.inputs(variant.defaultConfig(spec), spec).some((i) => i.kind === 'example');
  } catch {
    return false;
  }
}

/** Loads a dataset's train and test splits as a bench does (seed 0: the same data for every run). */
export async function loadBenchDataset(name: string, dataOptions?: Record<string, unknown>): Promise<LoadedDataset> {
  return { train: await loadDataset(name, 0, 'train', dataOptions), test: await loadDataset(name, 0, 'test', dataOptions) };
}

/**
 * Resolves bench's options into a plan: budget, variants, datasets, seeds, metrics and config checked,
 * every dataset loaded, every run's config resolved. Throws {@link UsageError} or
 * {@link OutputDirectoryError} before anything is written.
 */
export async function planBench(values: BenchOptionValues, ctx: CommandContext): Promise<BenchPlan> {
  const quick = values.quick === true;
  const givenNames = listOption('datasets', values.datasets) ?? QUICK.datasets;
  const givenBudgets = planBudgets(values, givenNames, quick);
  // Folders by their absolute path, as train records them: the same command from another directory
  // names other data, and so another bench.
  const datasetNames = givenNames.map((name) => absoluteDatasetName(name, ctx.cwd));
  const budgets = Object.fromEntries(givenNames.map((name, i) => [datasetNames[i]!, givenBudgets[name]!]));
  // Without --variants: every registered GAN; baselines (sgan-supervised) and image-to-image variants
  // (they need translation data) only when named.
  const namedVariants = listOption('variants', values.variants);
  const variantNames = namedVariants ?? variants.list().filter((v) => v.baselineOf === undefined && !translates(v)).map((v) => v.name);
  for (const v of variantNames) variants.get(v); // unknown names fail here, listing the registered ones
  if (values.preset !== undefined) checkPreset(values.preset, variantNames);
  // --quick's per-dataset choice of variants applies only when the user did not name them.
  const leftOut = (dataset: string, variant: string) => (quick && !namedVariants && QUICK.leaveOut[dataset]?.variants.includes(variant) ? QUICK.leaveOut[dataset]!.why : undefined);
  const seeds = intListOption('seeds', values.seeds) ?? [1];
  const metricNames = listOption('metrics', values.metrics);
  const samples = intOption('samples', values.samples, 10, SIZE_LIMITS.samples) ?? (quick ? QUICK.samples : 1000);
  const evaluations = intOption('evaluations', values.evaluations, 1, SIZE_LIMITS.evaluations) ?? (quick ? QUICK.evaluations : DEFAULT_EVALUATIONS);
  const config = configOverrides(values.config, undefined, ctx.cwd);
  const dataOptions = values['data-options'] !== undefined ? jsonObject('data-options', values['data-options']) : undefined;
  const preset = values.preset ?? (quick ? QUICK.preset : undefined);
  const dir = resolve(ctx.cwd, values.out ?? 'bench-report');
  const uniform = datasetNames.every((d) => sameBudget(budgets[d]!, budgets[datasetNames[0]!]!));
  const manifest: BenchManifest = {
    format: 'gankit-bench',
    version: 1,
    variants: variantNames,
    datasets: datasetNames,
    seeds,
    budget: uniform ? budgets[datasetNames[0]!]! : {},
    ...(uniform ? {} : { datasetBudgets: budgets }),
    ...(metricNames ? { metrics: metricNames } : {}),
    ...(preset ? { preset } : {}),
    samples,
    evaluations,
    config,
    ...(dataOptions ? { dataOptions } : {}),
  };
  checkReportDirectory(dir, manifest);

  // Load every dataset and check every metric name before anything is written or trained.
  const data = new Map<string, LoadedDataset>();
  for (const name of datasetNames) data.set(name, await loadBenchDataset(name, dataOptions));
  // Every (dataset, variant) pair resolved now: a metric that applies to none of a run's data, or a
  // --config key no variant knows, is refused here, before bench.json exists.
  const runs: PlannedRun[] = [];
  // Metrics the data is too small for (a small folder's held-out fifth), by dataset: skipped with the reason.
  const skippedMetrics: Record<string, Record<string, string>> = {};
  const knownKeys = new Set<string>(OPTIONAL_KEYS);
  for (const datasetName of datasetNames) {
    const train = data.get(datasetName)!.train;
    const spec = train.spec;
    // every evaluation compares `samples` generated samples with up to `samples` held-out examples
    const referenceCount = Math.min(samples, data.get(datasetName)!.test.spec.size);
    const skippedHere: Record<string, string> = (skippedMetrics[datasetName] = {});
    for (const variantName of variantNames) {
      const variant = variants.get(variantName);
      Object.keys(variant.defaultConfig(spec)).forEach((k) => knownKeys.add(k));
      // A variant without the preset trains with its defaults (third-party plug-ins may have none).
      const runPreset = preset !== undefined && variant.presets?.[preset] ? preset : undefined;
      let resolved: { metrics: string[]; batchSize: number } | { skip: string };
      const why = leftOut(datasetName, variantName);
      if (why !== undefined) resolved = { skip: why };
      else try {
        const full = resolveConfig(variant, spec, config as never, runPreset);
        const applicable = resolveMetrics(metricNames, train, supportInfo(variant, full, spec), datasetName);
        const { usable, skipped } = metricsForSampleSize(applicable, samples, referenceCount, metricNames !== undefined, datasetName);
        Object.assign(skippedHere, skipped);
        resolved = { metrics: usable.map((m) => m.name), batchSize: full.batchSize };
      } catch (error) {
        if (!ConfigError.isInstance(error)) throw error;
        resolved = { skip: error.issues.map((i) => `${i.path}: expected ${i.expected}`).join('; ') };
      }
      for (const seed of seeds) {
        runs.push({
          id: runId(variantName, datasetName, seed),
          variant: variantName,
          dataset: datasetName,
          seed,
          ...(runPreset ? { preset: runPreset } : {}),
          config,
          ...(dataOptions ? { dataOptions } : {}),
          budget: budgets[datasetName]!,
          metrics: 'skip' in resolved ? [] : resolved.metrics,
          samples,
          evaluations,
          batchSize: 'skip' in resolved ? 0 : resolved.batchSize,
          ...('skip' in resolved ? { skip: resolved.skip } : {}),
        });
      }
    }
  }
  const unknown = Object.keys(config).filter((k) => !knownKeys.has(k));
  if (unknown.length) {
    throw new UsageError(
      `--config: ${unknown.map((k) => `'${k}'${closestName(k, knownKeys) ? ` (did you mean '${closestName(k, knownKeys)}'?)` : ''}`).join(', ')} is a setting of none of the variants; nothing was written.`,
    );
  }
  return { manifest, dir, data, runs, skippedMetrics, ...(metricNames ? { metricNames } : {}) };
}

/**
 * Refuses a `--preset` that no variant of the bench has (a misspelling would otherwise train every
 * variant with its defaults under the misspelt name). A variant without it, beside one that has it,
 * trains with its defaults, as documented.
 */
function checkPreset(preset: string, variantNames: readonly string[]): void {
  if (variantNames.some((v) => variants.get(v).presets?.[preset])) return;
  const known = [...new Set(variantNames.flatMap((v) => Object.keys(variants.get(v).presets ?? {})))];
  const guess = closestName(preset, known);
  throw new UsageError(
    `--preset: '${preset}' is a preset of none of the variants (${variantNames.join(', ')}); ${guess ? `did you mean '${guess}'? ` : ''}` +
      `Presets: ${known.length ? known.map((p) => `'${p}'`).join(', ') : 'none (these variants have none)'}. Nothing was written.`,
  );
}

/**
 * Each dataset's budget from --steps and --seconds (one value for all, `dataset=value` pairs, or both),
 * or --quick's table when neither is given. A dataset left without a budget is refused by name.
 */
function planBudgets(values: BenchOptionValues, datasets: readonly string[], quick: boolean): Record<string, Budget> {
  const steps = perDatasetOption('steps', values.steps, datasets, (f, v) => intOption(f, v, 1)!);
  const seconds = perDatasetOption('seconds', values.seconds, datasets, (f, v) => numberOption(f, v)!);
  const budgets: Record<string, Budget> = {};
  for (const name of datasets) {
    if (!steps && !seconds) {
      if (!quick) throw new UsageError('gankit bench: give a budget with --steps N or --seconds S (or use --quick)');
      budgets[name] = { seconds: QUICK.seconds[name] ?? QUICK.otherSeconds };
      continue;
    }
    const s = steps?.byDataset[name] ?? steps?.all;
    const t = seconds?.byDataset[name] ?? seconds?.all;
    if (s === undefined && t === undefined) {
      throw new UsageError(`gankit bench: no budget for '${name}': give every dataset one, with a value for all (--seconds 60) or its own (--seconds 60,${name}=120)`);
    }
    budgets[name] = { ...(s !== undefined ? { steps: s } : {}), ...(t !== undefined ? { seconds: t } : {}) };
  }
  return budgets;
}

function sameBudget(a: Budget, b: Budget): boolean {
  return a.steps === b.steps && a.seconds === b.seconds;
}

/** The budget of `dataset` in a bench description. */
export function budgetOf(manifest: Pick<BenchManifest, 'budget' | 'datasetBudgets'>, dataset: string): Budget {
  return manifest.datasetBudgets?.[dataset] ?? manifest.budget;
}

function checkReportDirectory(dir: string, manifest: BenchManifest): void {
  if (!existsSync(dir)) return checkOutputPath(dir);
  if (!statSync(dir).isDirectory()) throw new OutputDirectoryError(`${dir}: is a file, not a directory; nothing was written. Choose another --out.`);
  if (readdirSync(dir).length === 0) return;
  // Run folders and grids are written inside the report folder, never through a link out of it.
  refuseLinks(['bench.json', 'results.json', 'results.md', 'report.html'].map((name) => join(dir, name)), [join(dir, 'runs'), join(dir, 'grids')]);
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
      '--steps': (m) => perDatasetSetting(m, 'steps'),
      '--seconds': (m) => perDatasetSetting(m, 'seconds'),
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
  const compared = new Set(['variants', 'datasets', 'seeds', 'budget', 'datasetBudgets', 'metrics', 'preset', 'samples', 'evaluations', 'config', 'dataOptions']);
  const others = [...new Set([...Object.keys(existing), ...Object.keys(wanted)])].filter((key) => !compared.has(key));
  const read = Object.fromEntries(others.map((key) => [`bench.json ${key}`, (m: Record<string, unknown>) => m[key]]));
  const rest = compareSettings(existing as unknown as Record<string, unknown>, wanted as unknown as Record<string, unknown>, read);
  return [...differences, ...rest];
}

/** A budget field as the user gave it: one value when every dataset has the same, else dataset=value pairs. */
function perDatasetSetting(m: BenchManifest, field: keyof Budget): unknown {
  const values = (m.datasets ?? []).map((d) => budgetOf(m, d)?.[field]);
  if (values.every((v) => v === values[0])) return values[0];
  return (m.datasets ?? []).map((d, i) => `${d}=${values[i] ?? '-'}`).join(',');
}

/**
 * Loads what the plan's metrics need for their data (feature networks; Inception-v3 downloads on first
 * use), so that offline the error says what to download before anything is trained or written.
 */
export async function prepareMetrics(plan: BenchPlan): Promise<void> {
  for (const run of plan.runs) {
    if (run.skip !== undefined) continue;
    const spec = plan.data.get(run.dataset)!.train.spec;
    for (const name of run.metrics) await metrics.get(name).prepare?.(spec);
  }
}
