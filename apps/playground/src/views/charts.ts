/**
 * Line charts of the step history: D and G losses, and D(x) / D(G(z)), over steps.
 * @module
 */
import type { HistoryRow } from '../session.js';
import { context2d } from './canvas.js';

/** One line of a chart. */
export interface Line {
  field: keyof HistoryRow;
  label: string;
  color: string;
}

/**
 * Draws `lines` of `history` on `canvas`: at most one point per pixel column (the mean of the steps
 * it covers), y range from the data, a legend with the latest values.
 */
export function drawChart(canvas: HTMLCanvasElement, history: readonly HistoryRow[], lines: readonly Line[], title: string): void {
  const ctx = context2d(canvas);
  const { width, height } = canvas;
  const pad = { left: 44, right: 8, top: 22, bottom: 18 };
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.font = '12px sans-serif';
  ctx.fillStyle = '#333';
  ctx.fillText(title, pad.left, 14);
  if (history.length === 0) return;
  const columns = Math.max(1, Math.min(history.length, width - pad.left - pad.right));
  const per = history.length / columns;
  const series = lines.map((line) =>
    Array.from({ length: columns }, (_, c) => {
      const from = Math.floor(c * per);
      const to = Math.max(from + 1, Math.floor((c + 1) * per));
      let sum = 0;
      let count = 0;
      for (let i = from; i < to; i++) {
        const v = history[i]![line.field];
        if (Number.isFinite(v)) {
          sum += v;
          count++;
        }
      }
      return count ? sum / count : NaN;
    }),
  );
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (const v of s) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  if (!Number.isFinite(lo)) return;
  if (hi - lo < 1e-6) [lo, hi] = [lo - 0.5, hi + 0.5];
  const x = (c: number) => pad.left + (columns === 1 ? 0 : (c / (columns - 1)) * (width - pad.left - pad.right));
  const y = (v: number) => pad.top + (1 - (v - lo) / (hi - lo)) * (height - pad.top - pad.bottom);
  ctx.strokeStyle = '#ddd';
  ctx.beginPath();
  ctx.moveTo(pad.left, pad.top);
  ctx.lineTo(pad.left, height - pad.bottom);
  ctx.lineTo(width - pad.right, height - pad.bottom);
  ctx.stroke();
  ctx.fillStyle = '#666';
  ctx.fillText(hi.toPrecision(3), 2, pad.top + 8);
  ctx.fillText(lo.toPrecision(3), 2, height - pad.bottom);
  ctx.fillText(`step ${history[history.length - 1]!.step}`, width - pad.right - 70, height - 4);
  lines.forEach((line, i) => {
    ctx.strokeStyle = line.color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let started = false;
    series[i]!.forEach((v, c) => {
      if (!Number.isFinite(v)) return;
      if (started) ctx.lineTo(x(c), y(v));
      else ctx.moveTo(x(c), y(v));
      started = true;
    });
    ctx.stroke();
    const last = history[history.length - 1]![line.field];
    ctx.fillStyle = line.color;
    ctx.fillText(`${line.label} ${Number.isFinite(last) ? last.toFixed(3) : '-'}`, width - pad.right - (lines.length - i) * 115, 14);
  });
}
