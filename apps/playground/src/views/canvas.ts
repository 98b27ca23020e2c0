/**
 * Canvas helpers shared by the views.
 * @module
 */
import type { RgbaImage } from '@gankit/core';

/** The 2-D context of `canvas`, sized to its CSS box times the device pixel ratio. */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error(`canvas '${canvas.id}' has no 2-D context`);
  return ctx;
}

/** RGBA pixels on a canvas of their own size, to draw scaled onto another. */
export function imageCanvas(image: RgbaImage): HTMLCanvasElement {
  const source = document.createElement('canvas');
  source.width = image.width;
  source.height = image.height;
  context2d(source).putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  return source;
}

/** Draws RGBA pixels scaled to fill `canvas`, without smoothing (pixels stay sharp). */
export function drawImage(canvas: HTMLCanvasElement, image: RgbaImage): void {
  const ctx = context2d(canvas);
  const source = imageCanvas(image);
  const scale = Math.min(canvas.width / image.width, canvas.height / image.height);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  const w = image.width * scale;
  const h = image.height * scale;
  ctx.drawImage(source, (canvas.width - w) / 2, (canvas.height - h) / 2, w, h);
}
