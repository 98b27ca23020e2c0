/**
 * One seeded source of randomness for everything gankit draws: initial weights, noise, fake labels,
 * shuffling. Its whole state is four 32-bit words, so a checkpoint can store it and a resumed run draws
 * exactly what the uninterrupted run would have drawn.
 * @module
 */

/** Serializable state of an {@link Rng}: four unsigned 32-bit words. */
export type RngState = readonly [number, number, number, number];

/** Mixes a 32-bit value (splitmix32 finalizer); used to spread seeds over the whole state. */
function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Small fast counter PRNG (sfc32): passes PractRand to 2^40 bytes, 128 bits of state.
 *
 * @example
 * ```ts
 * const rng = new Rng(42);
 * const z = tf.randomNormal([64, 100], 0, 1, 'float32', rng.seed());
 * ```
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** @param seed any finite number; equal seeds give equal sequences. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`Rng seed must be a finite number, got ${seed}`);
    const s = Math.floor(seed);
    const lo = s >>> 0;
    const hi = Math.floor(s / 2 ** 32) >>> 0;
    this.a = mix32(lo);
    this.b = mix32(hi ^ 0x6a09e667);
    this.c = mix32(lo ^ 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32(); // warm up, as sfc32's author recommends
  }

  /** Creates an Rng positioned exactly at a saved state. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** Next unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1) with 32 bits of randomness. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). Unbiased (rejection sampling). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new RangeError(`Rng.int needs an integer in [1, 2^32], got ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** Standard normal sample (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A seed for a TensorFlow.js random op (`tf.randomNormal(..., seed)`), drawn from this stream. */
  seed(): number {
    return this.nextUint32();
  }

  /** An independent generator whose sequence is determined by this one's current state. */
  fork(): Rng {
    return Rng.fromState([this.nextUint32(), this.nextUint32(), this.nextUint32(), (this.nextUint32() | 1) >>> 0]);
  }

  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** The current state; `Rng.fromState(rng.getState())` continues the same sequence. */
  getState(): RngState {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  /** Moves this generator to a saved state. */
  setState(state: RngState): void {
    if (!Array.isArray(state) || state.length !== 4 || !state.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)) {
      throw new RangeError(`Rng state must be four unsigned 32-bit integers, got ${JSON.stringify(state)}`);
    }
    [this.a, this.b, this.c, this.d] = state.map((w) => w | 0) as [number, number, number, number];
  }
}
