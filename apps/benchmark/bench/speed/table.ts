/**
 * The speed table's rows and their Markdown: one row per workload and gankit thread count.
 * @module
 */
import type { GankitResult } from './gankit-run.js';

/** PyTorch's rate at one thread count. */
export interface TorchRate {
  threads: number;
  stepsPerSecond: number;
}

/** One row: gankit at `threads` beside PyTorch at the same count and at its best. */
export interface SpeedRow {
  workload: string;
  title: string;
  threads: number;
  imagesPerStep?: number;
  gankit?: GankitResult;
  /** PyTorch at `threads`, and its fastest over the counts measured. */
  torch?: TorchRate;
  torchBest?: TorchRate;
  /** Why a figure is missing or must be read with care (refused BLAS, no reference, failures). */
  notes: string[];
}

/** A rate with three significant digits or one decimal, whichever is more. */
export function formatRate(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '-';
  return v >= 100 ? v.toFixed(1) : v.toPrecision(3);
}

const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
const gflops = (flops: number | undefined, rate: number | undefined) => (flops === undefined || rate === undefined ? '-' : ((flops * rate) / 1e9).toFixed(2));
const percent = (v: number | undefined) => (v === undefined ? '-' : `${(v * 100).toFixed(0)}%`);

/** A steps/s cell, with images/s beside it for workloads quoted per image. */
function rateCell(rate: number | undefined, imagesPerStep: number | undefined): string {
  if (rate === undefined || imagesPerStep === undefined) return formatRate(rate);
  return `${formatRate(rate)} (${formatRate(rate * imagesPerStep)} img/s)`;
}

/** The column headers, in order. */
export const COLUMNS = [
  'workload',
  'threads',
  'gankit steps/s',
  'PyTorch steps/s (same threads)',
  'ratio',
  'PyTorch best (threads)',
  'ratio vs best',
  'GFLOP/s gankit / PyTorch',
  'outside kernels',
  'notes',
] as const;

/** The cells of one row, as {@link COLUMNS} orders them. */
export function rowCells(r: SpeedRow): string[] {
  const g = r.gankit?.stepsPerSecond;
  const flops = r.gankit?.flopsPerStep;
  return [
    `\`${r.workload}\` ${r.title}`,
    String(r.threads),
    rateCell(g, r.imagesPerStep),
    r.torch === undefined ? '-' : rateCell(r.torch.stepsPerSecond, r.imagesPerStep),
    ratio(g, r.torch?.stepsPerSecond),
    r.torchBest === undefined ? '-' : `${rateCell(r.torchBest.stepsPerSecond, r.imagesPerStep)} (${r.torchBest.threads})`,
    ratio(g, r.torchBest?.stepsPerSecond),
    `${gflops(flops, g)} / ${gflops(flops, r.torch?.stepsPerSecond)}`,
    percent(r.gankit?.profile?.outside),
    r.notes.join('; '),
  ];
}

/** The rows as a Markdown table (pipes inside cells escaped). */
export function markdownTable(rows: readonly SpeedRow[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  const align = COLUMNS.map((c) => (c === 'workload' || c === 'notes' ? '---' : '---:'));
  return [line(COLUMNS), line(align), ...rows.map((r) => line(rowCells(r)))].join('\n');
}

/** One line per profiled row: where the time outside kernels went (JS by package, GC, V8). */
export function profileLines(rows: readonly SpeedRow[]): string[] {
  return rows.flatMap((r) => {
    const p = r.gankit?.profile;
    if (p === undefined) return [];
    const js = Object.entries(p.jsBySource)
      .slice(0, 4)
      .map(([source, share]) => `${source} ${percent(share)}`)
      .join(', ');
    return [
      `- \`${r.workload}\`, ${r.threads} thread(s), ${r.gankit!.profileSteps} steps, ${p.samples} samples: wasm ${percent(p.wasm)}, `
        + `JS ${percent(p.js)} (${js}), GC ${percent(p.gc)}, V8 ${percent(p.program)}`,
    ];
  });
}
