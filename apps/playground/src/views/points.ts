/**
 * The 2-D view, after GAN Lab: the discriminator's output as a heat map over the plane behind the real
 * points (grey), the generated points (from fixed noise, so their motion shows the generator's
 * manifold moving) and the mixture's mode centres.
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
  ctx.strokeStyle = '#222';
  for (const [mx, my] of frame.modes ?? []) {
    ctx.beginPath();
    ctx.arc(px(mx!), py(my!), 5, 0, 2 * Math.PI);
    ctx.stroke();
  }
}
