/** Tiny synthetic data for the DCGAN tests. */
import { ArrayDataSource, Rng, type Networks } from '@gankit/core';

/**
 * `n` 8x8x1 images in [-1, 1]: a dark background (-1) with one bright (+1) bar, horizontal for class 0
 * and vertical for class 1, at a random row or column. Labelled with 2 classes.
 */
export function barImages(n = 128, seed = 1, size = 8): ArrayDataSource {
  const rng = new Rng(seed);
  const x = new Float32Array(n * size * size).fill(-1);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const cls = i % 2;
    const at = rng.int(size);
    labels[i] = cls;
    for (let j = 0; j < size; j++) {
      const [r, c] = cls === 0 ? [at, j] : [j, at];
      x[i * size * size + r * size + c] = 1;
    }
  }
  return new ArrayDataSource({ shape: [size, size, 1], kind: 'image', numClasses: 2 }, { x, labels }, 'bar images');
}

/** Copies of every trainable weight of one network. */
export function snapshot(model: Networks['generator']): Float32Array[] {
  return model.trainableWeights.map((w) => w.read().dataSync().slice() as Float32Array);
}

/** All weights (trainable and not) of both networks, for exact comparison. */
export function allWeights(networks: Networks): number[][] {
  return [...networks.generator!.weights, ...networks.discriminator!.weights].map((w) => Array.from(w.read().dataSync()));
}

/** Whether every tensor in `after` differs from its counterpart in `before`. */
export function allChanged(before: Float32Array[], after: Float32Array[]): boolean {
  return before.length === after.length && before.every((b, i) => b.some((v, j) => v !== after[i]![j]));
}

/**
 * How bar-like `n` generated `size`x`size` images are: `error`, the mean over samples of the mean absolute
 * difference to the nearest of the 2·size bar images (about 1 for a blank grey image, 0 for exact bars),
 * and `bars`, how many different bars are nearest to some sample (a collapse to one bar scores 1).
 */
export function barScores(x: Float32Array, n: number, size = 8): { error: number; bars: number } {
  const pixels = size * size;
  const bars: Float32Array[] = [];
  for (let at = 0; at < size; at++) {
    for (const horizontal of [true, false]) {
      const bar = new Float32Array(pixels).fill(-1);
      for (let j = 0; j < size; j++) bar[horizontal ? at * size + j : j * size + at] = 1;
      bars.push(bar);
    }
  }
  const nearest = new Set<number>();
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let which = -1;
    bars.forEach((bar, b) => {
      let d = 0;
      for (let p = 0; p < pixels; p++) d += Math.abs(x[i * pixels + p]! - bar[p]!);
      if (d < best) [best, which] = [d, b];
    });
    total += best / pixels;
    nearest.add(which);
  }
  return { error: total / n, bars: nearest.size };
}
