/**
 * The 2-D view, after GAN Lab: the discriminator's output as a heat map over the plane behind the real
 * points (grey), the generated points (from fixed noise, so their motion shows the generator's
 * manifold moving) and the mixture's mode centres.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { context2d } from './canvas.js';

/** Heat-map resolution: D is evaluated on a `HEAT x HEAT` grid of the plane. */
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

/** The grid points D is evaluated at, `[HEAT * HEAT, 2]`, top row first. */
export function heatGrid(range: number): tf.Tensor2D {
  const values = new Float32Array(HEAT * HEAT * 2);
  for (let r = 0; r < HEAT; r++) {
    for (let c = 0; c < HEAT; c++) {
      values[2 * (r * HEAT + c)] = -range + ((c + 0.5) / HEAT) * 2 * range;
      values[2 * (r * HEAT + c) + 1] = range - ((r + 0.5) / HEAT) * 2 * range;
    }
  }
  return tf.tensor2d(values, [HEAT * HEAT, 2]);
}

/**
 * D's output over `grid`: a sigmoid of its score for logit losses (D's probability that a point is
 * real), a critic's raw scores rescaled to [0, 1] otherwise. Undefined for a discriminator that
 * takes labels or more than one input.
 */
export function heatValues(discriminator: tfl.LayersModel, grid: tf.Tensor2D, logits: boolean): Float32Array | undefined {
  if (discriminator.inputs.length !== 1) return undefined;
  return tf.tidy(() => {
    let out = discriminator.predict(grid) as tf.Tensor | tf.Tensor[];
    if (Array.isArray(out)) out = out[0]!;
    const score = tf.reshape(out, [-1]);
    if (logits) return tf.sigmoid(score).dataSync() as Float32Array;
    const lo = tf.min(score);
    const span = tf.maximum(tf.sub(tf.max(score), lo), 1e-6);
    return tf.div(tf.sub(score, lo), span).dataSync() as Float32Array;
  });
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
    const cw = width / HEAT;
    const ch = height / HEAT;
    for (let r = 0; r < HEAT; r++) {
      for (let c = 0; c < HEAT; c++) {
        const p = frame.heat[r * HEAT + c]!;
        // GAN Lab's colours: green where D says real, purple where it says fake, white where unsure.
        const [target, amount] = p >= 0.5 ? [[80, 180, 90], (p - 0.5) * 2] : [[150, 90, 200], (0.5 - p) * 2];
        const mix = (i: number) => Math.round(255 + (target[i]! - 255) * amount * 0.85);
        ctx.fillStyle = `rgb(${mix(0)},${mix(1)},${mix(2)})`;
        ctx.fillRect(c * cw, r * ch, cw + 1, ch + 1);
      }
    }
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
