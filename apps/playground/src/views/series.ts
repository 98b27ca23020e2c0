/**
 * The artist's view: generated paintings (thin lines) over the curve they imitate, a sin(pi x).
 * @module
 */
import { context2d } from './canvas.js';

/** Draws `paintings` (rows of `x.length` values) and the `curve` at the grid `x`, y in [-1.1, 1.1]. */
export function drawPaintings(canvas: HTMLCanvasElement, x: readonly number[], curve: readonly number[], paintings: Float32Array): void {
  const ctx = context2d(canvas);
  const { width, height } = canvas;
  const px = (v: number) => ((v + 1.05) / 2.1) * width;
  const py = (v: number) => ((1.1 - v) / 2.2) * height;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  ctx.strokeStyle = '#eee';
  ctx.beginPath();
  ctx.moveTo(0, py(0));
  ctx.lineTo(width, py(0));
  ctx.stroke();
  const line = (values: ArrayLike<number>, offset: number) => {
    ctx.beginPath();
    x.forEach((xv, i) => (i ? ctx.lineTo(px(xv), py(values[offset + i]!)) : ctx.moveTo(px(xv), py(values[offset + i]!))));
    ctx.stroke();
  };
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'rgba(214,39,140,0.45)';
  for (let offset = 0; offset + x.length <= paintings.length; offset += x.length) line(paintings, offset);
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(31,119,180,0.9)';
  line(curve, 0);
  ctx.lineWidth = 1;
}
