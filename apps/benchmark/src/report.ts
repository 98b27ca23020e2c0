/**
 * The bench report: results.json, a Markdown table and a self-contained HTML page with Chart.js charts
 * (loss curves, metrics against training time, samples) and the PNG sample grids inlined.
 * @module
 */
import { metrics as metricRegistry } from '@gankit/core';
import { writeFileAtomic } from '@gankit/core/node';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { EvalPoint } from './training.js';

/** One run's results, as stored in results.json. */
export interface RunSummary {
  id: string;
  variant: string;
  dataset: string;
  seed: number;
  status: 'done' | 'failed' | 'stopped' | 'skipped' | 'running';
  /** Why a run failed or was skipped. */
  note?: string;
  steps: number;
  trainSeconds: number;
  samplesPerSecond: number;
  /** Final metric values, with the line a metric adds for its reader (`MetricValue.note`) when it has one. */
  scores: Record<string, { value: number; stderr?: number; note?: string }>;
  evaluations: EvalPoint[];
  /** Loss curves, down-sampled: [step, dLoss, gLoss, dReal, dFake]. */
  curve: Array<[number, number, number, number, number]>;
  /** Every other number the steps reported (penalties, auxiliary losses), down-sampled: name to [step, value]. */
  extraCurves?: Record<string, Array<[number, number]>>;
  /** Whether samples and metrics came from a moving average of the generator's weights. */
  sampledWith?: 'ema' | 'live';
  /** Sample grid PNG relative to the report directory (image data). */
  grid?: string;
  /** Up to 500 generated points, for the scatter chart (projected to 2-D when the data is not; see {@link DatasetSummary.view}). */
  points?: number[][];
}

/** The whole bench. */
export interface BenchResults {
  format: 'gankit-bench-results';
  version: 1;
  createdAt: string;
  backend: string;
  /** Every dataset's budget per run, when they are the same (`{}` when {@link datasetBudgets} is set). */
  budget: { steps?: number; seconds?: number };
  /** Each dataset's budget per run, when they differ. */
  datasetBudgets?: Record<string, { steps?: number; seconds?: number }>;
  seeds: number[];
  datasets: DatasetSummary[];
  runs: RunSummary[];
}

/** A metric value as stored in results.json. */
export interface StoredValue {
  value: number;
  stderr?: number;
}

/** One dataset of the bench. */
export interface DatasetSummary {
  name: string;
  metrics: string[];
  /** Up to 500 real points, for the scatter chart (projected to 2-D as the runs' points are). */
  reference?: number[][];
  /**
   * How the samples are shown when not as they are: the projection of points that are not 2-D, or
   * why there is no picture at all (a report never fails for a view it cannot draw).
   */
  view?: string;
  /** Metrics that apply to the data but could not be computed on it, each with why (too few held-out examples, say). */
  skippedMetrics?: Record<string, string>;
  /**
   * What a perfect generator and one that learned nothing score, computed as the evaluations are (same
   * sample count, reference subset and seed): `floor`, training examples against the reference;
   * `ceiling`, uniform noise in [-1, 1] against the reference.
   */
  bounds?: { samples: number; floor: Record<string, StoredValue>; ceiling: Record<string, StoredValue> };
  /** PNG grid of real examples, relative to the report directory (image data). */
  referenceGrid?: string;
}

/** Metrics a dataset's verdict names, in this order, when they were measured. */
export const HEADLINE_METRICS = ['fid', 'classifier-score', 'label-accuracy', 'modes', 'hq'];

/**
 * Metrics that restate what the main table's columns say (another FID, another precision/recall pair):
 * when a dataset has more than {@link MAX_MAIN_COLUMNS} metrics, the Markdown report moves them to a
 * second table and the HTML report hides them until the reader ticks them.
 */
export const SECONDARY_METRICS = ['fid-logits', 'kid', 'coverage', 'density'];
const MAX_MAIN_COLUMNS = 9;

/** A dataset's metrics split for a table that fits the page: `main` first, `more` in a second table. */
export function splitColumns(metrics: readonly string[]): { main: string[]; more: string[] } {
  if (metrics.length <= MAX_MAIN_COLUMNS) return { main: [...metrics], more: [] };
  return { main: metrics.filter((m) => !SECONDARY_METRICS.includes(m)), more: metrics.filter((m) => SECONDARY_METRICS.includes(m)) };
}

function direction(metric: string): 'lower' | 'higher' {
  return metricRegistry.has(metric) ? metricRegistry.get(metric).direction : 'lower';
}

function fmt(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return 'n/a';
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  return a === 0 ? '0' : a >= 1000 ? x.toFixed(0) : a >= 1 ? x.toFixed(2) : x.toPrecision(3);
}

/** Three significant digits (integers as they are): the verdict's numbers, read at a glance. */
function short(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return 'n/a';
  if (Number.isInteger(x) || Math.abs(x) >= 100) return x.toFixed(0);
  return Number(x.toPrecision(3)).toString();
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function std(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

/** Rows of the comparison table for one dataset: per variant, mean (and sd across seeds) of each column. */
export function tableRows(results: BenchResults, dataset: string) {
  const ds = results.datasets.find((d) => d.name === dataset)!;
  const variants = [...new Set(results.runs.filter((r) => r.dataset === dataset).map((r) => r.variant))];
  const rows = variants.map((variant) => {
    const runs = results.runs.filter((r) => r.dataset === dataset && r.variant === variant);
    const ok = runs.filter((r) => r.status === 'done');
    const cell = (get: (r: RunSummary) => number | undefined) => {
      const xs = ok.map(get).filter((x): x is number => x !== undefined && Number.isFinite(x));
      return xs.length ? { mean: mean(xs), sd: std(xs), n: xs.length } : undefined;
    };
    return {
      variant,
      status: ok.length === runs.length ? 'done' : [...new Set(runs.filter((r) => r.status !== 'done').map((r) => r.status))].join(', '),
      notes: [...new Set(runs.map((r) => r.note).filter((n): n is string => n !== undefined))],
      steps: cell((r) => r.steps),
      samplesPerSecond: cell((r) => r.samplesPerSecond),
      metrics: Object.fromEntries(ds.metrics.map((m) => [m, cell((r) => r.scores[m]?.value)])),
    };
  });
  // best value per metric, for bold
  const best: Record<string, number | undefined> = {};
  for (const m of ds.metrics) {
    const values = rows.map((r) => r.metrics[m]?.mean).filter((x): x is number => x !== undefined);
    best[m] = values.length ? (direction(m) === 'lower' ? Math.min(...values) : Math.max(...values)) : undefined;
  }
  return { rows, best, metrics: ds.metrics };
}

/**
 * Where `value` lies between a metric's ceiling (noise, 0) and floor (real data, 1), when both are known
 * and differ: how far a run got from learning nothing towards a perfect generator.
 */
function shareToFloor(ds: DatasetSummary, metric: string, value: number): number | undefined {
  const floor = ds.bounds?.floor[metric]?.value;
  const ceiling = ds.bounds?.ceiling[metric]?.value;
  return floor !== undefined && ceiling !== undefined && floor !== ceiling ? (value - ceiling) / (floor - ceiling) : undefined;
}

/**
 * The winner of a dataset: the finished variant best on the first headline metric measured, ties broken
 * by the next ones (ring8: most modes, then the highest hq). Undefined when no run finished.
 */
export function winner(results: BenchResults, dataset: string): { variant: string; by: string[] } | undefined {
  const ds = results.datasets.find((d) => d.name === dataset)!;
  const { rows } = tableRows(results, dataset);
  const order = HEADLINE_METRICS.filter((m) => ds.metrics.includes(m));
  const keys = order.length ? order : ds.metrics.slice(0, 1);
  const first = keys[0];
  const ranked = first === undefined ? [] : rows.filter((r) => r.metrics[first] !== undefined);
  if (ranked.length === 0) return undefined;
  const better = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
    for (const m of keys) {
      const [x, y] = [a.metrics[m]?.mean, b.metrics[m]?.mean];
      if (x === undefined || y === undefined || x === y) continue;
      return direction(m) === 'lower' ? x - y : y - x;
    }
    return 0;
  };
  const best = [...ranked].sort(better)[0]!;
  // The metrics that decided: the first, and each later one only while the earlier ones tied.
  const by: string[] = [];
  for (const m of keys) {
    by.push(m);
    if (ranked.filter((r) => r !== best).every((r) => r.metrics[m]?.mean !== best.metrics[m]?.mean)) break;
  }
  return { variant: best.variant, by };
}

/**
 * One paragraph per dataset: the winner and what decided it; for each headline metric, the best
 * variant's value with the floor and ceiling beside it and how far it got from the ceiling towards the
 * floor, e.g. `fid: dcgan 41 (floor 4, ceiling 626; 94% of the way from noise to the floor)`; then every
 * variant's share of that way on the deciding metric. Falls back to the first metric when none of
 * {@link HEADLINE_METRICS} was measured.
 */
export function verdict(results: BenchResults, dataset: string): string {
  const ds = results.datasets.find((d) => d.name === dataset)!;
  const { rows, best } = tableRows(results, dataset);
  if (!rows.some((r) => r.status === 'done')) return `Verdict on ${dataset}: no variant finished training here, so there is nothing to compare.`;
  const headline = HEADLINE_METRICS.filter((m) => ds.metrics.includes(m));
  const won = winner(results, dataset);
  const opening = won ? `${won.variant} wins (by ${won.by.join(', then ')}); ` : '';
  const decider = won?.by.at(-1);
  const shares = decider
    ? rows
        .filter((r) => r.metrics[decider] !== undefined)
        .map((r) => ({ variant: r.variant, share: shareToFloor(ds, decider, r.metrics[decider]!.mean) }))
        .filter((x): x is { variant: string; share: number } => x.share !== undefined)
        .sort((a, b) => b.share - a.share)
    : [];
  const each = shares.length > 1 ? ` Each variant's ${decider}, as the share of the way from noise (0%) to the floor (100%): ${shares.map((x) => `${x.variant} ${Math.round(100 * x.share)}%`).join(', ')}.` : '';
  const parts = (headline.length ? headline : ds.metrics.slice(0, 1)).map((m) => {
    const b = best[m];
    if (b === undefined) return `${m}: no finished run`;
    const winners = rows.filter((r) => r.metrics[m]?.mean === b).map((r) => r.variant);
    const floor = ds.bounds?.floor[m]?.value;
    const ceiling = ds.bounds?.ceiling[m]?.value;
    const lower = direction(m) === 'lower';
    // Between the bounds: how far from noise towards real data, so a value near the ceiling reads as
    // "barely learned" at a glance rather than as a number to compare.
    const share = shareToFloor(ds, m, b);
    const beyond =
      ceiling !== undefined && (lower ? b >= ceiling : b <= ceiling)
        ? '; no better than noise'
        : floor !== undefined && (lower ? b <= floor : b >= floor)
          ? '; at the floor'
          : share !== undefined
            ? `; ${Math.round(100 * share)}% of the way from noise to the floor`
            : '';
    const bounds = floor !== undefined || ceiling !== undefined ? ` (floor ${short(floor)}, ceiling ${short(ceiling)}${beyond})` : '';
    return `${m}: ${winners.join(', ')} ${short(b)}${bounds}`;
  });
  return `Verdict on ${dataset}: ${opening}best ${parts.join('; best ')}.${each}`;
}

/** The floor and ceiling rows of a dataset's table (cells per metric), when they were computed. */
function boundRows(ds: DatasetSummary): Array<{ label: string; values: Record<string, number | undefined> }> {
  if (!ds.bounds) return [];
  const pick = (scores: Record<string, StoredValue>) => Object.fromEntries(ds.metrics.map((m) => [m, scores[m]?.value]));
  return [
    { label: `real data (floor, ${ds.bounds.samples} vs ${ds.bounds.samples})`, values: pick(ds.bounds.floor) },
    { label: `uniform noise (ceiling)`, values: pick(ds.bounds.ceiling) },
  ];
}

/** The final evaluation's metric notes of each run on `ds`, in the table's metric order: "variant (seed s), metric: note". */
export function metricNotes(results: BenchResults, ds: DatasetSummary): string[] {
  return results.runs
    .filter((r) => r.dataset === ds.name)
    .flatMap((r) => ds.metrics.filter((m) => r.scores[m]?.note).map((m) => `${r.variant} (seed ${r.seed}), ${m}: ${r.scores[m]!.note}`));
}

/** One sentence naming the metrics that could not be computed on a dataset and why, if any. */
function skippedNote(ds: DatasetSummary): string | undefined {
  const entries = Object.entries(ds.skippedMetrics ?? {});
  if (entries.length === 0) return undefined;
  return `Not computed: ${entries.map(([name, why]) => `${name} (${why})`).join('; ')}.`;
}

/** A budget in words: `20 s of training`, `2000 steps`, or both. */
function budgetText(budget: { steps?: number; seconds?: number }): string {
  return [budget.steps !== undefined ? `${budget.steps} steps` : '', budget.seconds !== undefined ? `${budget.seconds} s of training` : ''].filter(Boolean).join(' or ') || 'none';
}

/** The report's opening words on budgets: one for every dataset, or "each dataset's own" (then each section says its own). */
function budgetHeadline(results: BenchResults): string {
  if (!results.datasetBudgets) return `Budget per run: ${budgetText(results.budget)}`;
  return `Budget per run: ${results.datasets.map((d) => `${budgetText(results.datasetBudgets![d.name] ?? results.budget)} on ${d.name}`).join(', ')}`;
}

/** The comparison as Markdown: one table per dataset, best value per metric in bold. */
/**
 * One line naming the variants not trained on a dataset (they take other data, or the quick bench left
 * them out), with each reason once: they stay out of the tables, where they would be rows of n/a.
 */
export function notRunLine(rows: ReturnType<typeof tableRows>['rows'], dataset: string): string | undefined {
  const skipped = rows.filter((r) => r.status === 'skipped');
  if (skipped.length === 0) return undefined;
  const byReason = new Map<string, string[]>();
  for (const r of skipped) {
    const why = r.notes.join('; ') || 'no reason given';
    byReason.set(why, [...(byReason.get(why) ?? []), r.variant]);
  }
  return `Not trained on ${dataset}: ${[...byReason].map(([why, names]) => `${names.join(', ')} (${why})`).join('; ')}.`;
}

export function markdownReport(results: BenchResults): string {
  const parts = [
    `# gankit bench`,
    '',
    `${budgetHeadline(results)}; seeds ${results.seeds.join(', ')}; backend ${results.backend}. Arrows: which direction is better. Values are means over seeds (± sd when several). In italics: the floor (real data scored against real data: the best a generator can expect) and the ceiling (uniform noise scored against real data: what learning nothing scores).${emaNote(results)}`,
  ];
  for (const ds of results.datasets) {
    const { rows, best, metrics } = tableRows(results, ds.name);
    parts.push('', `## ${ds.name}`, '');
    if (ds.view) parts.push(ds.view, '');
    const notComputed = skippedNote(ds);
    if (notComputed) parts.push(notComputed, '');
    const { main, more } = splitColumns(metrics);
    const trained = rows.filter((r) => r.status !== 'skipped');
    const table = (columns: string[], withRunColumns: boolean) => {
      const header = ['variant', ...(withRunColumns ? ['steps', 'samples/s'] : []), ...columns.map((m) => `${m} ${direction(m) === 'lower' ? '↓' : '↑'}`)];
      parts.push(`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
      for (const row of trained) {
        const show = (c: { mean: number; sd: number; n: number } | undefined) => (c ? fmt(c.mean) + (c.n > 1 ? ` ± ${fmt(c.sd)}` : '') : 'n/a');
        const cells = [
          row.status === 'done' ? row.variant : `${row.variant} (${row.status})`,
          ...(withRunColumns ? [show(row.steps), show(row.samplesPerSecond)] : []),
          ...columns.map((m) => {
            const c = row.metrics[m];
            const text = show(c);
            return c && best[m] === c.mean ? `**${text}**` : text;
          }),
        ];
        parts.push(`| ${cells.join(' | ')} |`);
      }
      for (const bound of boundRows(ds)) {
        parts.push(`| *${bound.label}* |${withRunColumns ? ' | |' : ''} ${columns.map((m) => (bound.values[m] === undefined ? '' : `*${fmt(bound.values[m])}*`)).join(' | ')} |`);
      }
    };
    table(main, true);
    if (more.length) {
      parts.push('', `More metrics on ${ds.name}:`, '');
      table(more, false);
    }
    parts.push('', verdict(results, ds.name));
    const notRun = notRunLine(rows, ds.name);
    if (notRun) parts.push('', notRun);
    const notes = trained.flatMap((r) => r.notes.map((n) => `- ${r.variant} (${r.status}): ${n}`));
    if (notes.length) parts.push('', ...notes);
    const readings = metricNotes(results, ds);
    if (readings.length) parts.push('', 'Metric notes (final evaluation):', '', ...readings.map((n) => `- ${n}`));
  }
  return parts.join('\n') + '\n';
}

function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  const main = require.resolve('chart.js');
  for (let dir = dirname(main); dir !== dirname(dir); dir = dirname(dir)) {
    for (const name of ['chart.umd.min.js', 'chart.umd.js']) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return readFileSync(candidate, 'utf8');
    }
    if (existsSync(join(dir, 'package.json'))) break;
  }
  throw new Error(`chart.js: no UMD bundle found near ${main}`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A self-contained HTML page: tables, charts (Chart.js inlined) and sample grids (PNG data URIs). */
export function htmlReport(results: BenchResults, reportDir: string): string {
  const grids: Record<string, string> = {};
  for (const run of results.runs) {
    if (run.grid && existsSync(join(reportDir, run.grid))) grids[run.id] = `data:image/png;base64,${readFileSync(join(reportDir, run.grid)).toString('base64')}`;
  }
  const tables = results.datasets
    .map((ds) => {
      const { rows, best, metrics } = tableRows(results, ds.name);
      // Every metric column can be shown or hidden (a checkbox per metric above the table); the
      // secondary ones start hidden when the table would not fit the page.
      const { more } = splitColumns(metrics);
      const col = (m: string) => ` data-col="${escapeHtml(m)}"${more.includes(m) ? ' hidden' : ''}`;
      const head = ['variant', 'steps', 'samples/s'].map((h) => `<th>${escapeHtml(h)}</th>`).concat(metrics.map((m) => `<th${col(m)}>${escapeHtml(`${m} ${direction(m) === 'lower' ? '↓' : '↑'}`)}</th>`)).join('');
      const picker = `<p class="columns">Columns: ${metrics.map((m) => `<label><input type="checkbox" data-pick="${escapeHtml(m)}"${more.includes(m) ? '' : ' checked'}> ${escapeHtml(m)}</label>`).join(' ')}</p>`;
      const notRun = notRunLine(rows, ds.name);
      const body = rows
        .filter((r) => r.status !== 'skipped')
        .map((r) => {
          const show = (c: { mean: number; sd: number; n: number } | undefined) => (c ? fmt(c.mean) + (c.n > 1 ? ` ± ${fmt(c.sd)}` : '') : 'n/a');
          const cells = [
            `<td>${escapeHtml(r.variant)}${r.status === 'done' ? '' : ` <small title="${escapeHtml(r.notes.join('; '))}">(${escapeHtml(r.status)})</small>`}</td>`,
            `<td>${show(r.steps)}</td>`,
            `<td>${show(r.samplesPerSecond)}</td>`,
            ...metrics.map((m) => {
              const c = r.metrics[m];
              return `<td${col(m)}${c && best[m] === c.mean ? ' class="best"' : ''}>${show(c)}</td>`;
            }),
          ];
          return `<tr>${cells.join('')}</tr>`;
        })
        .concat(boundRows(ds).map((b) => `<tr class="bound"><td>${escapeHtml(b.label)}</td><td></td><td></td>${metrics.map((m) => `<td${col(m)}>${b.values[m] === undefined ? '' : fmt(b.values[m])}</td>`).join('')}</tr>`))
        .join('\n');
      const realGrid = ds.referenceGrid && existsSync(join(reportDir, ds.referenceGrid)) ? readFileSync(join(reportDir, ds.referenceGrid)).toString('base64') : undefined;
      const samples = (realGrid ? [`<figure class="real"><img src="data:image/png;base64,${realGrid}" alt="real examples of ${escapeHtml(ds.name)}"><figcaption>real data (reference)</figcaption></figure>`] : [])
        .concat(
          results.runs
            .filter((r) => r.dataset === ds.name && grids[r.id])
            .map((r) => `<figure><img src="${grids[r.id]}" alt="samples of ${escapeHtml(r.variant)}"><figcaption>${escapeHtml(r.variant)} (seed ${r.seed}, step ${r.steps})</figcaption></figure>`),
        )
        .join('\n');
      const key = ds.name.replace(/[^a-z0-9]/gi, '_');
      const readings = metricNotes(results, ds);
      return `<section>
<h2>${escapeHtml(ds.name)}</h2>
${ds.view ? `<p class="view">${escapeHtml(ds.view)}</p>` : ''}
${skippedNote(ds) ? `<p class="view">${escapeHtml(skippedNote(ds)!)}</p>` : ''}
${picker}
<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>
<p class="verdict">${escapeHtml(verdict(results, ds.name))}</p>
${notRun ? `<p class="view">${escapeHtml(notRun)}</p>` : ''}
${readings.length ? `<details class="notes"><summary>Metric notes (final evaluation)</summary><ul>${readings.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul></details>` : ''}
<div class="charts">
  <div class="chart"><canvas id="loss_d_${key}"></canvas></div>
  <div class="chart"><canvas id="loss_g_${key}"></canvas></div>
  ${metrics.map((m) => `<div class="chart"><canvas id="metric_${key}_${m.replace(/[^a-z0-9]/gi, '_')}"></canvas></div>`).join('\n  ')}
  ${extraNames(results, ds.name).map((n) => `<div class="chart"><canvas id="extra_${key}_${n.replace(/[^a-z0-9]/gi, '_')}"></canvas></div>`).join('\n  ')}
  ${results.runs.some((r) => r.dataset === ds.name && r.points) ? `<div class="chart"><canvas id="points_${key}"></canvas></div>` : ''}
</div>
${samples ? `<div class="grids">${samples}</div>` : ''}
</section>`;
    })
    .join('\n');
  const data = JSON.stringify({
    datasets: results.datasets.map((d) => ({ ...d, key: d.name.replace(/[^a-z0-9]/gi, '_') })),
    runs: results.runs.map(({ grid: _grid, ...r }) => r),
    directions: Object.fromEntries(results.datasets.flatMap((d) => d.metrics).map((m) => [m, direction(m)])),
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>gankit bench</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:right}
th:first-child,td:first-child{text-align:left}td.best{font-weight:bold;background:#eef8ee}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:1rem}.chart{height:260px}
.grids{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}img{image-rendering:pixelated;width:224px}
tr.bound td{font-style:italic;color:#666}p.verdict{font-weight:bold}p.columns{font-size:.85rem;color:#555}p.columns label{margin-right:.6rem;white-space:nowrap}figure.real figcaption{font-weight:bold}
</style></head><body>
<h1>gankit bench</h1>
<p>${escapeHtml(budgetHeadline(results))}; seeds ${results.seeds.join(', ')}; backend ${escapeHtml(results.backend)}; ${escapeHtml(results.createdAt)}. Bold: best value of each metric. In grey, and as dashed lines on the metric charts: the floor (real data scored against real data, the best a generator can expect) and the ceiling (uniform noise scored against real data, what learning nothing scores), at the same sample size.${escapeHtml(emaNote(results))}</p>
${tables}
<script>
// The column checkboxes above each table show or hide that metric's column.
for (const box of document.querySelectorAll('input[data-pick]')) {
  box.addEventListener('change', () => {
    for (const cell of box.closest('section').querySelectorAll('[data-col="' + CSS.escape(box.dataset.pick) + '"]')) cell.hidden = !box.checked;
  });
}
</script>
<script>${chartJsSource()}</script>
<script>
const R = ${data};
const palette = ['#1f77b4','#d62728','#2ca02c','#ff7f0e','#9467bd','#8c564b','#e377c2','#7f7f7f','#bcbd22','#17becf'];
const color = (i) => palette[i % palette.length];
function line(id, title, xLabel, series) {
  const el = document.getElementById(id); if (!el) return;
  new Chart(el, { type: 'line', data: { datasets: series.map((s, i) => ({ label: s.label, data: s.data, borderColor: s.color || color(i), backgroundColor: s.color || color(i), borderDash: s.dash || [], pointRadius: s.dash || s.data.length > 20 ? 0 : 3, borderWidth: 1.5 })) },
    options: { animation: false, maintainAspectRatio: false, parsing: false, plugins: { title: { display: true, text: title } }, scales: { x: { type: 'linear', title: { display: true, text: xLabel } } } } });
}
for (const ds of R.datasets) {
  const runs = R.runs.filter((r) => r.dataset === ds.name && r.curve.length);
  const label = (r) => r.variant + (R.runs.filter((q) => q.dataset === ds.name && q.variant === r.variant).length > 1 ? ' s' + r.seed : '');
  line('loss_d_' + ds.key, 'Discriminator loss', 'step', runs.map((r) => ({ label: label(r), data: r.curve.map((c) => ({ x: c[0], y: c[1] })) })));
  line('loss_g_' + ds.key, 'Generator loss', 'step', runs.map((r) => ({ label: label(r), data: r.curve.map((c) => ({ x: c[0], y: c[2] })) })));
  const extras = [...new Set(runs.flatMap((r) => Object.keys(r.extraCurves || {})))].sort();
  for (const n of extras) {
    line('extra_' + ds.key + '_' + n.replace(/[^a-z0-9]/gi, '_'), n, 'step', runs.filter((r) => r.extraCurves && r.extraCurves[n]).map((r) => ({ label: label(r), data: r.extraCurves[n].map((c) => ({ x: c[0], y: c[1] })) })));
  }
  const maxSeconds = Math.max(1, ...runs.flatMap((r) => r.evaluations.map((e) => e.trainSeconds)));
  // floor and ceiling as dashed horizontal lines across the whole time axis
  const boundLines = (m) => !ds.bounds ? [] : [
    ['floor (real vs real)', ds.bounds.floor[m], '#2ca02c'], ['ceiling (noise vs real)', ds.bounds.ceiling[m], '#999'],
  ].filter((b) => b[1]).map(([name, v, c]) => ({ label: name, data: [{ x: 0, y: v.value }, { x: maxSeconds, y: v.value }], dash: [6, 4], color: c }));
  for (const m of ds.metrics) {
    line('metric_' + ds.key + '_' + m.replace(/[^a-z0-9]/gi, '_'), m + ' against training time (' + (R.directions[m] === 'lower' ? 'lower' : 'higher') + ' is better)', 'training seconds',
      runs.filter((r) => r.evaluations.length).map((r) => ({ label: label(r), data: r.evaluations.filter((e) => e.scores[m]).map((e) => ({ x: e.trainSeconds, y: e.scores[m].value })) })).concat(boundLines(m)));
  }
  const withPoints = R.runs.filter((r) => r.dataset === ds.name && r.points);
  const el = document.getElementById('points_' + ds.key);
  if (el && withPoints.length) {
    const sets = withPoints.map((r, i) => ({ label: label(r), data: r.points.map((p) => ({ x: p[0], y: p[1] })), backgroundColor: color(i), pointRadius: 1.5 }));
    if (ds.reference) sets.unshift({ label: 'real', data: ds.reference.map((p) => ({ x: p[0], y: p[1] })), backgroundColor: '#000', pointRadius: 1 });
    new Chart(el, { type: 'scatter', data: { datasets: sets }, options: { animation: false, maintainAspectRatio: false, plugins: { title: { display: true, text: ds.view ? 'Generated points (projected: see above)' : 'Generated points' } } } });
  }
}
</script>
</body></html>
`;
}

/** Which runs sampled from a moving average of the generator's weights, as a sentence (or nothing). */
function emaNote(results: BenchResults): string {
  const ema = [...new Set(results.runs.filter((r) => r.sampledWith === 'ema').map((r) => r.variant))];
  return ema.length ? ` Samples and metrics of ${ema.join(', ')} come from a moving average of the generator's weights (EMA); the others from the live weights.` : '';
}

/** Names of the extra step numbers reported by the runs on `dataset`, sorted. */
function extraNames(results: BenchResults, dataset: string): string[] {
  return [...new Set(results.runs.filter((r) => r.dataset === dataset).flatMap((r) => Object.keys(r.extraCurves ?? {})))].sort();
}

/** Writes results.json, results.md and report.html into `dir` (each atomically). */
export async function writeReport(results: BenchResults, dir: string): Promise<{ markdown: string }> {
  const markdown = markdownReport(results);
  await writeFileAtomic(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'results.md'), markdown);
  await writeFileAtomic(join(dir, 'report.html'), htmlReport(results, dir));
  return { markdown };
}
