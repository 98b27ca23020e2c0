/**
 * A feature network (Inception-v3's pool features, 2048-D) as the metrics use it: images in, one
 * feature vector per image out, computed batch by batch, cached per image array; and the one instance
 * the registered metrics share, loaded on first use.
 *
 * Where the network comes from is the Node half's business (`@gankit/metrics/node`: download, cache,
 * SHA-256 checks); in a browser, call {@link setInceptionNetwork} with a URL where you serve the files.
 * @module
 */
import { DataError, yieldToEventLoop } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { readAndDispose } from '../read.js';
import { FeatureNetworkError } from './errors.js';
import { inceptionInput, INCEPTION_INPUT_SIZE, type FeatureInputOptions } from './preprocess.js';

/** What a loaded TF.js graph model (or layers model) offers: the calls this module makes. */
export interface FeatureModel {
  executeAsync?(inputs: tf.Tensor): Promise<tf.Tensor | tf.Tensor[]>;
  predict(inputs: tf.Tensor): tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;
  dispose(): void;
}

/** Options of {@link FeatureNetwork.embed}. */
export interface FeatureEmbedOptions {
  /** Images per forward pass (memory, not results). Default 16. */
  batchSize?: number;
}

/** The features of `n` images: row-major `n x dim`. */
export interface FeatureEmbedding {
  n: number;
  dim: number;
  features: Float32Array;
}

/** The first rank-2 output of a model call (a feature vector per image). */
function featuresOf(out: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap): { keep: tf.Tensor2D; rest: tf.Tensor[] } {
  const all = out instanceof tf.Tensor ? [out] : Array.isArray(out) ? out : Object.values(out);
  const found = all.find((t) => t.rank === 2) ?? all.find((t) => t.rank === 4 && t.shape[1] === 1 && t.shape[2] === 1);
  if (!found) {
    const shapes = all.map((t) => `[${t.shape.join(', ')}]`).join(', ');
    tf.dispose(all);
    throw new FeatureNetworkError(`The feature network's outputs have shapes ${shapes}; expected one feature vector per image [n, d]`);
  }
  const rest = all.filter((t) => t !== found);
  if (found.rank === 2) return { keep: found as tf.Tensor2D, rest };
  // [n, 1, 1, d] (a pool layer without its squeeze)
  return { keep: tf.reshape(found, [found.shape[0]!, found.shape[3]!]), rest: [...rest, found] };
}

/**
 * Images to feature vectors with a TF.js model. Embeddings are cached per image array (by identity),
 * so the several metrics of one evaluation that read the same samples run the network once; do not
 * modify an array after embedding it.
 */
export class FeatureNetwork {
  private readonly cache = new WeakMap<Float32Array, FeatureEmbedding>();

  constructor(
    /** The loaded model. */
    readonly model: FeatureModel,
    /** Name for messages and reports, e.g. `'Inception-v3 pool features'`. */
    readonly title: string,
    /** How images become its input. */
    readonly input: FeatureInputOptions = { size: INCEPTION_INPUT_SIZE, range: [0, 1] },
  ) {}

  /**
   * Features of `n` images of `shape` (`[h, w, 1 or 3]`, values in [-1, 1]).
   * @throws DataError when `values` is not `n` images of `shape`.
   */
  async embed(values: Float32Array, n: number, shape: readonly number[], options: FeatureEmbedOptions = {}): Promise<FeatureEmbedding> {
    const cached = this.cache.get(values);
    if (cached && cached.n === n) return cached;
    const size = shape.reduce((a, b) => a * b, 1);
    if (shape.length !== 3 || (shape[2] !== 1 && shape[2] !== 3) || values.length !== n * size || n < 1) {
      throw new DataError(`${this.title}: expected n >= 1 images [h, w, 1 or 3] (${n} of [${shape.join(', ')}] = ${n * size} values), got ${values.length} values`);
    }
    const batch = Math.max(1, options.batchSize ?? 16);
    const parts: Float32Array[] = [];
    let dim = 0;
    for (let start = 0; start < n; start += batch) {
      const m = Math.min(batch, n - start);
      const input = inceptionInput(values.subarray(start * size, (start + m) * size), m, shape, this.input);
      let out: tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;
      try {
        out = await this.run(input);
      } finally {
        input.dispose();
      }
      const { keep, rest } = featuresOf(out);
      tf.dispose(rest);
      dim = keep.shape[1];
      parts.push(readAndDispose(keep));
      await yieldToEventLoop(); // a worker or page stays responsive between batches
    }
    const features = new Float32Array(n * dim);
    let at = 0;
    for (const p of parts) {
      features.set(p, at);
      at += p.length;
    }
    const embedding = { n, dim, features };
    this.cache.set(values, embedding);
    return embedding;
  }

  // Graph models with control flow need executeAsync; the rest run synchronously (tfjs warns otherwise).
  private dynamic = false;
  private async run(input: tf.Tensor): Promise<tf.Tensor | tf.Tensor[] | tf.NamedTensorMap> {
    if (!this.dynamic) {
      try {
        return this.model.predict(input);
      } catch (error) {
        if (!this.model.executeAsync || !/executeAsync/.test((error as Error).message)) throw error;
        this.dynamic = true;
      }
    }
    return this.model.executeAsync!(input);
  }

  /** Frees the model's weights. */
  dispose(): void {
    this.model.dispose();
  }
}

/** Where the shared network comes from: a loaded one, or a function that loads it. */
export type FeatureNetworkSource = FeatureNetwork | (() => Promise<FeatureNetwork>);

const SHARED = Symbol.for('gankit.metrics.inceptionNetwork');
type Shared = { promise?: Promise<FeatureNetwork>; loader?: () => Promise<FeatureNetwork> };
function shared(): Shared {
  const g = globalThis as unknown as Record<symbol, Shared | undefined>;
  return (g[SHARED] ??= {});
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** The Node loader (download, cache, checksums), through a specifier bundlers do not follow. */
async function defaultLoader(): Promise<FeatureNetwork> {
  if (!isNode()) {
    throw new FeatureNetworkError(
      'The Inception-v3 feature network is loaded from the cache or the network in Node only; in a browser, serve its model.json and weight files and call setInceptionNetwork(() => loadFeatureNetwork(url)).',
    );
  }
  const specifier = '../node/inception.js';
  const node = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as typeof import('../node/inception.js');
  return node.loadInceptionV3();
}

/**
 * The Inception-v3 network the registered metrics use, loaded once on first use (in Node: from the
 * cache, downloading it the first time; see `loadInceptionV3` in `@gankit/metrics/node`). A failed
 * load is not remembered: a later call tries again.
 */
export function getInceptionNetwork(): Promise<FeatureNetwork> {
  const s = shared();
  if (!s.promise) {
    const p = (s.loader ?? defaultLoader)();
    s.promise = p;
    p.catch(() => {
      if (s.promise === p) s.promise = undefined;
    });
  }
  return s.promise;
}

/**
 * Chooses the network the Inception metrics use: a loaded {@link FeatureNetwork}, or a function that
 * loads one when first needed. `undefined` goes back to the default (Node: the cached TF-Hub port).
 * The previous network is not disposed.
 */
export function setInceptionNetwork(source: FeatureNetworkSource | undefined): void {
  const s = shared();
  s.promise = undefined;
  s.loader = undefined;
  if (source instanceof FeatureNetwork) s.promise = Promise.resolve(source);
  else if (source) s.loader = source;
}

/**
 * Loads a TF.js graph model from a URL (http(s), or anything `tf.loadGraphModel` takes) as a
 * {@link FeatureNetwork}. Needs the optional peer dependency `@tensorflow/tfjs-converter`.
 *
 * @example
 * ```ts
 * setInceptionNetwork(() => loadFeatureNetwork('/models/inception/model.json'));
 * ```
 */
export async function loadFeatureNetwork(
  source: string | tf.io.IOHandler,
  title = 'Inception-v3 pool features',
  input: FeatureInputOptions = { size: INCEPTION_INPUT_SIZE, range: [0, 1] },
): Promise<FeatureNetwork> {
  const converter = await importConverter();
  try {
    return new FeatureNetwork(await converter.loadGraphModel(source), title, input);
  } catch (cause) {
    throw new FeatureNetworkError(`Cannot load the feature network from ${typeof source === 'string' ? source : 'the given IO handler'}: ${(cause as Error).message}`, { cause });
  }
}

/** `@tensorflow/tfjs-converter`, an optional peer dependency, or an error saying to install it. */
export async function importConverter(): Promise<{ loadGraphModel(source: string | tf.io.IOHandler): Promise<FeatureModel> }> {
  try {
    return (await import('@tensorflow/tfjs-converter')) as unknown as { loadGraphModel(source: string | tf.io.IOHandler): Promise<FeatureModel> };
  } catch (cause) {
    throw new FeatureNetworkError(
      'The Inception metrics need @tensorflow/tfjs-converter (an optional peer dependency of @gankit/metrics): install it beside @tensorflow/tfjs-core, e.g. npm install @tensorflow/tfjs-converter@4.22.0',
      { cause },
    );
  }
}
