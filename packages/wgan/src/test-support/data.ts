/** Tiny synthetic data for the WGAN tests. */
import { ArrayDataSource, Rng, type Networks } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';

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

/** Mean of a tensor, as a number. */
export function meanOf(t: tf.Tensor): number {
  return tf.tidy(() => tf.mean(t).dataSync()[0]!);
}

/** `n` 2-D points around `center` with spread `sigma`, deterministic. */
export function blobPoints(n = 256, center: [number, number] = [0.5, -0.25], sigma = 0.1, seed = 7): ArrayDataSource {
  const rng = new Rng(seed);
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = center[0] + sigma * rng.normal();
    x[2 * i + 1] = center[1] + sigma * rng.normal();
  }
  return new ArrayDataSource({ shape: [2], kind: 'points' }, { x }, 'blob points');
}

/**
 * `n` 2-D points from an equal mixture of Gaussians at `modes` with spread `sigma`, deterministic; the
 * points cycle through the modes.
 */
export function mixturePoints(modes: readonly (readonly [number, number])[], sigma: number, n = 1024, seed = 7): ArrayDataSource {
  const rng = new Rng(seed);
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [cx, cy] = modes[i % modes.length]!;
    x[2 * i] = cx + sigma * rng.normal();
    x[2 * i + 1] = cy + sigma * rng.normal();
  }
  return new ArrayDataSource({ shape: [2], kind: 'points' }, { x }, `mixture of ${modes.length} Gaussians`);
}

/**
 * The energy distance `2 E|X - Y| - E|X - X'| - E|Y - Y'|` between two sets of `d`-dimensional points
 * (row-major): 0 for the same distribution, and it sees spread as well as place (Székely & Rizzo 2013).
 */
export function energyDistance(a: Float32Array, b: Float32Array, d: number): number {
  const meanDistance = (x: Float32Array, y: Float32Array) => {
    let total = 0;
    for (let i = 0; i < x.length; i += d) {
      for (let j = 0; j < y.length; j += d) {
        let s = 0;
        for (let k = 0; k < d; k++) s += (x[i + k]! - y[j + k]!) ** 2;
        total += Math.sqrt(s);
      }
    }
    return total / ((x.length / d) * (y.length / d));
  };
  return 2 * meanDistance(a, b) - meanDistance(a, a) - meanDistance(b, b);
}
