/**
 * Loading the shipped classifier, in a browser or in Node, and the one instance the metrics share.
 *
 * The weights live in the package (`classifier/model.json` + `classifier/weights.bin`). The default
 * location is resolved from `import.meta.url`: in a browser that is an http(s) URL (bundlers that
 * understand `new URL('…', import.meta.url)` copy the files), in Node a `file:` URL read with `fs`
 * through a dynamic import that bundlers leave alone, so this module stays browser-safe.
 * `@gankit/metrics/node` has explicit file-system helpers.
 * @module
 */
import { GankitError } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { MnistClassifier } from './mnist-classifier.js';

/** Where the classifier comes from: a URL of its model.json, or a TensorFlow.js IO handler. */
export type ClassifierSource = string | URL | tf.io.IOHandler;

/** Reads a file's bytes; lets {@link artifactsFromFiles} work on any storage. */
export type ReadBytes = (url: URL) => Promise<Uint8Array>;

/** The classifier cannot be loaded: missing files, a bad model.json or weights of the wrong size. */
export class ClassifierLoadError extends GankitError {
  override readonly name = 'ClassifierLoadError';
  static override isInstance(error: unknown): error is ClassifierLoadError {
    return GankitError.isInstance(error) && error.name === 'ClassifierLoadError';
  }
}

/** URL of the shipped classifier's model.json, beside this package's `dist` (or `src`) folder. */
export function shippedClassifierUrl(): URL {
  return new URL('../../classifier/model.json', import.meta.url);
}

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/**
 * Reads a layers model saved as model.json + weight files (the `tf.io` file layout) into in-memory
 * artifacts, with `read` doing the IO. Weight files are resolved relative to `modelJson`.
 */
export async function artifactsFromFiles(modelJson: URL, read: ReadBytes): Promise<tf.io.ModelArtifacts> {
  let json: ModelJson;
  try {
    json = JSON.parse(new TextDecoder().decode(await read(modelJson))) as ModelJson;
  } catch (cause) {
    throw new ClassifierLoadError(`${modelJson.href}: cannot read a model.json (${(cause as Error).message})`, { cause });
  }
  if (typeof json !== 'object' || json === null || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new ClassifierLoadError(`${modelJson.href}: expected 'modelTopology' and 'weightsManifest' fields`);
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) parts.push(await read(new URL(path, modelJson)));
  }
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    weightData.set(p, offset);
    offset += p.byteLength;
  }
  const expected = weightSpecs.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (expected !== total) {
    throw new ClassifierLoadError(
      `${modelJson.href}: the weight files hold ${total} bytes but the manifest describes ${expected} (float32)`,
    );
  }
  const artifacts: tf.io.ModelArtifacts = { modelTopology: json.modelTopology, weightSpecs, weightData: weightData.buffer };
  if (json.format !== undefined) artifacts.format = json.format;
  if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy;
  return artifacts;
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** `fs.readFile` through a specifier bundlers do not try to resolve (this path only runs in Node). */
async function nodeReadBytes(url: URL): Promise<Uint8Array> {
  const specifier = 'node:fs/promises';
  const fs = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as {
    readFile(path: URL): Promise<Uint8Array>;
  };
  return fs.readFile(url);
}

/**
 * Loads an MNIST classifier. Without `source`, the one shipped in this package.
 *
 * @example
 * ```ts
 * const classifier = await loadMnistClassifier();               // shipped weights
 * const other = await loadMnistClassifier('/models/model.json'); // served over http
 * ```
 */
export async function loadMnistClassifier(source: ClassifierSource = shippedClassifierUrl()): Promise<MnistClassifier> {
  let model: tfl.LayersModel;
  const url = typeof source === 'string' || source instanceof URL ? source.toString() : undefined;
  try {
    if (url !== undefined && url.startsWith('file:')) {
      if (!isNode()) throw new ClassifierLoadError(`${url}: file: URLs can only be read in Node`);
      model = await tfl.loadLayersModel(tf.io.fromMemory(await artifactsFromFiles(new URL(url), nodeReadBytes)));
    } else {
      model = await tfl.loadLayersModel(url ?? (source as tf.io.IOHandler));
    }
  } catch (cause) {
    if (ClassifierLoadError.isInstance(cause)) throw cause;
    throw new ClassifierLoadError(
      `Cannot load the MNIST classifier from ${url ?? 'the given IO handler'}: ${(cause as Error).message}`,
      { cause },
    );
  }
  return new MnistClassifier(model);
}

const SHARED = Symbol.for('gankit.metrics.mnistClassifier');
/** The loaded (or loading) classifier, and where to load it from when first needed. */
type Shared = { promise?: Promise<MnistClassifier>; source?: ClassifierSource };
function shared(): Shared {
  const g = globalThis as unknown as Record<symbol, Shared | undefined>;
  return (g[SHARED] ??= {});
}

/**
 * The classifier the registered metrics use, loaded once on first use (from the shipped files unless
 * {@link setMnistClassifier} chose another).
 */
export function getMnistClassifier(): Promise<MnistClassifier> {
  const s = shared();
  if (!s.promise) {
    const p = loadMnistClassifier(s.source ?? shippedClassifierUrl());
    s.promise = p;
    p.catch(() => {
      if (s.promise === p) s.promise = undefined; // let a later call retry
    });
  }
  return s.promise;
}

/**
 * Chooses the classifier the registered metrics use: a loaded {@link MnistClassifier}, or a source to
 * load lazily (e.g. the URL where a web app serves `classifier/model.json`). `undefined` goes back to
 * the shipped one. The previous classifier is not disposed.
 */
export function setMnistClassifier(classifier: MnistClassifier | ClassifierSource | undefined): void {
  const s = shared();
  s.promise = undefined;
  s.source = undefined;
  // A source is only remembered: loading it here would race the app's backend set-up (a page calls
  // this at start-up, before its backend is ready) and leave a rejected promise nobody awaits.
  if (classifier instanceof MnistClassifier) s.promise = Promise.resolve(classifier);
  else if (classifier !== undefined) s.source = classifier;
}
