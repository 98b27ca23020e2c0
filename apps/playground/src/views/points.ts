/**
 * The 2-D view, after GAN Lab: the discriminator's output as a heat map over the plane behind the real
 * points (grey), the generated points (from fixed noise, so their motion shows the generator's
 * manifold moving), the gradient arrows on them (where G's loss pushes each) and the mixture's mode
 * centres.
 * @module
 */
import { context2d, imageCanvas } from './canvas.js';

/** Heat-map resolution: D is evaluated on a `HEAT x HEAT` grid of the plane (in the worker, heat.ts). */
export const HEAT = 40;

/** What the 2-D view draws. */
export interface PointsFrame {
  real: Float32Array;
  generated: Float32Array;
  /** D's output on the grid, row-major from the top-left, in [0, 1] (probabilities, or critic values rescaled). */
  heat?: Float32Array;
  modes?: number[][];
  /** The push of the generator's loss on each of the first `push.length / 2` generated points (the gradient arrows). */
  push?: Float32Array;
  /** The plane's extent shown: [-range, range] on both axes. */
  range: number;
}

/** Draws a frame of the 2-D view. */
export function drawPoints(canvas: HTMLCanvasElement, frame: PointsFrame): void {
  const ctx = context2d(canvas);
  const { width, height } = canvas;
  const px = (v: number) => ((v + frame.range) / (2 * frame.range)) * width;
  const py = (v: number) => ((frame.range - v) / (2 * frame.range)) * height;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  if (frame.heat) {
    // One pixel per grid cell, scaled up: a fillRect per cell (each with its own colour string) made a
    // frame cost a few hundred ms on a software-rendered canvas.
    const pixels = new Uint8ClampedArray(HEAT * HEAT * 4);
    for (let i = 0; i < HEAT * HEAT; i++) {
      const p = frame.heat[i]!;
      // GAN Lab's colours: green where D says real, purple where it says fake, white where unsure.
      const [target, amount] = p >= 0.5 ? [[80, 180, 90], (p - 0.5) * 2] : [[150, 90, 200], (0.5 - p) * 2];
      for (let k = 0; k < 3; k++) pixels[4 * i + k] = Math.round(255 + (target[k]! - 255) * amount * 0.85);
      pixels[4 * i + 3] = 255;
    }
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(imageCanvas({ width: HEAT, height: HEAT, data: pixels }), 0, 0, width, height);
  }
  ctx.fillStyle = 'rgba(60,60,60,0.35)';
  for (let i = 0; i < frame.real.length; i += 2) ctx.fillRect(px(frame.real[i]!) - 1, py(frame.real[i + 1]!) - 1, 2, 2);
  ctx.fillStyle = 'rgba(214,39,140,0.8)';
  for (let i = 0; i < frame.generated.length; i += 2) ctx.fillRect(px(frame.generated[i]!) - 1.5, py(frame.generated[i + 1]!) - 1.5, 3, 3);
  if (frame.push) drawArrows(ctx, frame.generated, frame.push, px, py);
  ctx.strokeStyle = '#222';
  for (const [mx, my] of frame.modes ?? []) {
    ctx.beginPath();
    ctx.arc(px(mx!), py(my!), 5, 0, 2 * Math.PI);
    ctx.stroke();
  }
}

/** An arrow of the median push is this long, in canvas pixels; none is longer than {@link ARROW_MAX_PX}. */
const ARROW_MEDIAN_PX = 14;
const ARROW_MAX_PX = 30;

/**
 * A short arrow from each of the first generated points along the push of G's loss on it. Lengths are
 * relative to the frame's median push (the gradient's scale differs by loss and changes as D learns;
 * its direction and the relative strengths are what the arrows show).
 */
function drawArrows(ctx: CanvasRenderingContext2D, generated: Float32Array, push: Float32Array, px: (v: number) => number, py: (v: number) => number): void {
  const count = Math.min(push.length, generated.length) / 2;
  const norms = Array.from({ length: count }, (_, i) => Math.hypot(push[2 * i]!, push[2 * i + 1]!));
  const median = [...norms].sort((a, b) => a - b)[Math.floor(count / 2)] ?? 0;
  if (!(median > 0) || !Number.isFinite(median)) return;
  ctx.save();
  ctx.strokeStyle = 'rgba(0,0,0,0.8)';
  ctx.lineWidth = 1.25;
  ctx.beginPath();
  for (let i = 0; i < count; i++) {
    const norm = norms[i]!;
    if (!(norm > 0) || !Number.isFinite(norm)) continue;
    const length = Math.min(ARROW_MAX_PX, (ARROW_MEDIAN_PX * norm) / median);
    // Screen y grows downwards: the push's y component flips.
    const ux = push[2 * i]! / norm;
    const uy = -push[2 * i + 1]! / norm;
    const x0 = px(generated[2 * i]!);
    const y0 = py(generated[2 * i + 1]!);
    const x1 = x0 + ux * length;
    const y1 = y0 + uy * length;
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    // The head: two short strokes back from the tip, 30 degrees either side.
    const head = Math.min(4, length / 2);
    for (const side of [-1, 1]) {
      const angle = Math.atan2(uy, ux) + Math.PI + (side * Math.PI) / 6;
      ctx.moveTo(x1, y1);
      ctx.lineTo(x1 + Math.cos(angle) * head, y1 + Math.sin(angle) * head);
    }
  }
  ctx.stroke();
  ctx.restore();
}
