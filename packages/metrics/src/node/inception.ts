/**
 * The Inception-v3 feature network on disk: downloaded on first use from TF Hub's TF.js port into the
 * cache, checked, and loaded from there afterwards.
 *
 * Checks: no SHA-256 is published for the TF.js port's files, so the digests of the first download
 * (or of files placed in the cache folder by hand, on their first use) are recorded in
 * `checksums.json` beside them and verified on every later use; a published digest, where a source
 * declares one, is checked instead. Downloads are written into a temporary folder that is renamed into
 * place only when every file has arrived whole, so the cache never holds half a model.
 * @module
 */
import { GankitError } from '@gankit/core';
import { writeFileAtomic } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { FeatureNetworkChecksumError, FeatureNetworkError } from '../inception/errors.js';
import { FeatureNetwork, importConverter } from '../inception/network.js';
import { INCEPTION_INPUT_SIZE, type FeatureInputOptions } from '../inception/preprocess.js';

/** A feature network published as a TF.js graph model. */
export interface PublishedFeatureNetwork {
  /** Cache sub-folder, e.g. `'inception-v3-tfjs'`. */
  id: string;
  /** Name for messages and reports. */
  title: string;
  /**
   * Where it is published: a TF Hub model address (the files are `<url>/model.json?tfjs-format=file`
   * and its weight files beside it, as `tf.loadGraphModel(url, { fromTFHub: true })` reads them), or
   * the URL of a `model.json`.
   */
  url: string;
  /** Published SHA-256 of each file by name (`model.json`, `group1-shard1of22.bin`, ...), if any. */
  sha256?: Readonly<Record<string, string>>;
  /** How images become its input. */
  input: FeatureInputOptions;
}

/**
 * Inception-v3 (Szegedy et al. 2016) pool features, 2048-D: the TF.js port of TF Hub's
 * `google/imagenet/inception_v3/feature_vector/3` (TF-Slim weights `inception_v3_2016_08_28`), as
 * documented in the tfhub.dev repository (`assets/docs/google/models/imagenet/inception_v3/feature_vector/3/default/tfjs/1.md`).
 * tfhub.dev addresses now lead to Kaggle Models (`google/inception-v3`, TF.js framework). No SHA-256 is
 * published for these files: the first download's digests are recorded and checked afterwards.
 */
export const INCEPTION_V3_TFJS: PublishedFeatureNetwork = {
  id: 'inception-v3-tfjs',
  title: 'Inception-v3 pool features (TF-Hub imagenet/inception_v3/feature_vector/3, TF.js)',
  url: 'https://tfhub.dev/google/tfjs-model/imagenet/inception_v3/feature_vector/3/default/1',
  input: { size: INCEPTION_INPUT_SIZE, range: [0, 1] },
};

/** Options of {@link ensureInceptionFiles} and {@link loadInceptionV3}. */
export interface InceptionOptions {
  /** A `model.json` on disk to use as it is (its weight files beside it). Default `$GANKIT_INCEPTION_MODEL`. */
  modelPath?: string;
  /** Download from this address instead (a TF Hub model address or a model.json URL). Default `$GANKIT_INCEPTION_URL`, else the published one. */
  url?: string;
  /** Cache folder; files go in `<cacheDir>/<id>/`. Default `$GANKIT_CACHE`, else `~/.cache/gankit`. */
  cacheDir?: string;
  /** Allow downloading. Default true. */
  download?: boolean;
  /** Milliseconds allowed for each file. Default 600,000. */
  timeoutMs?: number;
  /** The fetch to use. Default the global `fetch`. */
  fetch?: typeof fetch;
}

/** Name of the file holding the recorded digests. */
export const CHECKSUMS_FILE = 'checksums.json';

interface ModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest?: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
}

interface Checksums {
  source: string;
  recordedAt: string;
  /** How the digests were first obtained. */
  origin: 'download' | 'placed by hand';
  sha256: Record<string, string>;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

function cacheRoot(cacheDir?: string): string {
  const fromEnv = process.env.GANKIT_CACHE;
  return cacheDir ?? (fromEnv && fromEnv.length > 0 ? fromEnv : join(homedir(), '.cache', 'gankit'));
}

/** The model.json URL of a TF Hub address or model.json URL. */
export function modelJsonUrl(url: string): URL {
  const u = new URL(url);
  if (/\.json$/.test(u.pathname)) return u;
  // TF Hub (and Kaggle Models) serve the raw files with this query, as tfjs's fromTFHub does.
  return new URL(`${u.origin}${u.pathname.replace(/\/$/, '')}/model.json?tfjs-format=file`);
}

/** Where the files of `source` live in the cache: `<cacheDir>/<id>/`, plus a hash of the URL for another address. */
export function inceptionDir(source: PublishedFeatureNetwork, url: string, cacheDir?: string): string {
  const suffix = url === source.url ? '' : `-${createHash('sha256').update(url).digest('hex').slice(0, 12)}`;
  return join(cacheRoot(cacheDir), `${source.id}${suffix}`);
}

function parseModelJson(bytes: Uint8Array, where: string): ModelJson & { weightsManifest: NonNullable<ModelJson['weightsManifest']> } {
  let json: ModelJson;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes)) as ModelJson;
  } catch (cause) {
    throw new FeatureNetworkError(`${where}: not a TF.js model.json (${(cause as Error).message})`, { cause });
  }
  if (typeof json !== 'object' || json === null || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new FeatureNetworkError(`${where}: not a TF.js model.json (expected 'modelTopology' and 'weightsManifest' fields, found ${json && typeof json === 'object' ? Object.keys(json).join(', ') || 'none' : typeof json})`);
  }
  return json as ModelJson & { weightsManifest: NonNullable<ModelJson['weightsManifest']> };
}

function offlineInstructions(source: PublishedFeatureNetwork, url: string, dir: string): string {
  const json = modelJsonUrl(url);
  return (
    `To use it without network access, download ${json.href} and the weight files its weightsManifest lists ` +
    `(group1-shard1ofN.bin ..., from the same folder with the same '${json.search}' query) on a machine that has network, ` +
    `and put them, named model.json, group1-shard1ofN.bin, ..., in ${dir} (their SHA-256 digests are recorded on first use and checked afterwards); ` +
    `or point GANKIT_INCEPTION_MODEL (or the modelPath option) at a model.json on disk, or GANKIT_INCEPTION_URL at a copy you host.`
  );
}

async function fetchBytes(url: URL, options: InceptionOptions, what: string, source: PublishedFeatureNetwork, dir: string): Promise<Uint8Array> {
  const doFetch = options.fetch ?? globalThis.fetch;
  let problem: string;
  try {
    const response = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 600_000) });
    if (response.ok) return new Uint8Array(await response.arrayBuffer());
    problem = `HTTP ${response.status} ${response.statusText}`.trim();
  } catch (error) {
    const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    problem = e?.name === 'TimeoutError' ? 'timed out' : `${e?.message ?? String(error)}${e?.cause?.code ?? e?.cause?.message ? ` (${e.cause!.code ?? e.cause!.message})` : ''}`;
  }
  throw new FeatureNetworkError(`Could not download the ${source.title} ${what} from ${url.href}: ${problem}.\n${offlineInstructions(source, options.url ?? source.url, dir)}`);
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** Bytes the manifest declares for a weight group (strings have no fixed size: undefined). */
function declaredBytes(weights: readonly tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const w of weights) {
    const dtype = w.quantization?.dtype ?? w.dtype;
    const size = BYTES[dtype];
    if (size === undefined) return undefined;
    total += size * w.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

/** Downloads model.json and its weight files into `dir` (through a temporary folder), recording their digests. */
async function download(source: PublishedFeatureNetwork, url: string, dir: string, options: InceptionOptions): Promise<void> {
  const jsonUrl = modelJsonUrl(url);
  const files: Record<string, Uint8Array> = {};
  files['model.json'] = await fetchBytes(jsonUrl, options, 'model.json', source, dir);
  const json = parseModelJson(files['model.json'], jsonUrl.href);
  for (const group of json.weightsManifest) {
    const parts: Uint8Array[] = [];
    for (const path of group.paths) {
      if (path.includes('/') || path.includes('\\') || path.startsWith('.')) {
        throw new FeatureNetworkError(`${jsonUrl.href}: weight file '${path}' is not a plain file name (expected names like group1-shard1of22.bin)`);
      }
      const fileUrl = new URL(path, jsonUrl);
      fileUrl.search = jsonUrl.search;
      files[path] = await fetchBytes(fileUrl, options, `weight file ${path}`, source, dir);
      parts.push(files[path]);
    }
    const expected = declaredBytes(group.weights);
    const found = parts.reduce((s, p) => s + p.length, 0);
    if (expected !== undefined && expected !== found) {
      throw new FeatureNetworkError(
        `${jsonUrl.href}: the weight files ${group.paths.join(', ')} hold ${found} bytes but the manifest declares ${expected}; a download was cut short. Nothing was written to ${dir}.`,
      );
    }
  }
  const digests: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files)) {
    digests[name] = sha256(bytes);
    const published = source.sha256?.[name];
    if (published && published !== digests[name]) {
      throw new FeatureNetworkChecksumError(new URL(name, jsonUrl).href, published, digests[name], `This is not the published file; nothing was written to ${dir}.`);
    }
  }
  const temporary = `${dir}.download-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFileAtomic(join(temporary, name), bytes);
  const record: Checksums = { source: url, recordedAt: new Date().toISOString(), origin: 'download', sha256: digests };
  await writeFileAtomic(join(temporary, CHECKSUMS_FILE), JSON.stringify(record, null, 2) + '\n');
  await rm(dir, { recursive: true, force: true }); // only reached when dir held no model.json
  await mkdir(dirname(dir), { recursive: true });
  await rename(temporary, dir);
}

/** Checks every file against the recorded (and published) digests; records them first for files placed by hand. */
async function verify(source: PublishedFeatureNetwork, url: string, dir: string): Promise<void> {
  const modelJson = join(dir, 'model.json');
  const json = parseModelJson(await readFile(modelJson), modelJson);
  const names = ['model.json', ...json.weightsManifest.flatMap((g) => g.paths)];
  const checksumsPath = join(dir, CHECKSUMS_FILE);
  let recorded: Checksums | undefined;
  if (await exists(checksumsPath)) {
    try {
      recorded = JSON.parse(await readFile(checksumsPath, 'utf8')) as Checksums;
    } catch (cause) {
      throw new FeatureNetworkError(`${checksumsPath}: not valid JSON (${(cause as Error).message}); delete ${dir} to download the network again`, { cause });
    }
  }
  const digests: Record<string, string> = {};
  for (const name of names) {
    const path = join(dir, name);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (cause) {
      throw new FeatureNetworkError(`${path}: missing or unreadable (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}); model.json lists it. ${offlineInstructions(source, url, dir)}`, { cause });
    }
    digests[name] = sha256(bytes);
    const expected = source.sha256?.[name] ?? recorded?.sha256[name];
    if (recorded && expected === undefined) {
      throw new FeatureNetworkChecksumError(path, '(none recorded)', digests[name], `${CHECKSUMS_FILE} records no digest for this file, so it was not part of the first download; delete ${dir} to download the network again.`);
    }
    if (expected !== undefined && expected !== digests[name]) {
      const which = source.sha256?.[name] ? 'the published digest' : `the digest recorded in ${checksumsPath} when it was first ${recorded?.origin === 'placed by hand' ? 'used' : 'downloaded'}`;
      throw new FeatureNetworkChecksumError(path, expected, digests[name], `The file changed since: it is not ${which}. Delete ${dir} to download the network again.`);
    }
  }
  if (!recorded) {
    const record: Checksums = { source: `files placed in ${dir}`, recordedAt: new Date().toISOString(), origin: 'placed by hand', sha256: digests };
    await writeFileAtomic(checksumsPath, JSON.stringify(record, null, 2) + '\n');
  }
}

/**
 * The path of the Inception-v3 `model.json` to load: `modelPath` (or `$GANKIT_INCEPTION_MODEL`) as
 * given; else the cached copy, checked against its recorded digests; else a fresh download.
 *
 * @throws {@link FeatureNetworkError} offline or for files that are not a TF.js model, saying what to
 *   download and where to put it; {@link FeatureNetworkChecksumError} for a file whose digest changed.
 */
export async function ensureInceptionFiles(options: InceptionOptions = {}, source: PublishedFeatureNetwork = INCEPTION_V3_TFJS): Promise<string> {
  const given = options.modelPath ?? (process.env.GANKIT_INCEPTION_MODEL || undefined);
  if (given) {
    const path = resolve(given);
    if (!(await exists(path))) throw new FeatureNetworkError(`${path}: no such file (from ${options.modelPath ? 'the modelPath option' : 'GANKIT_INCEPTION_MODEL'}; expected a TF.js model.json with its weight files beside it)`);
    return path;
  }
  const url = options.url ?? (process.env.GANKIT_INCEPTION_URL || source.url);
  const dir = inceptionDir(source, url, options.cacheDir);
  if (!(await exists(join(dir, 'model.json')))) {
    if (options.download === false) {
      throw new FeatureNetworkError(`The ${source.title} are not in ${dir} and downloads are turned off.\n${offlineInstructions(source, url, dir)}`);
    }
    await download(source, url, dir, options);
  }
  await verify(source, url, dir);
  return join(dir, 'model.json');
}

/** A TF.js model on disk (model.json and weight files beside it) as in-memory artifacts. */
async function artifactsFromDisk(modelJson: string): Promise<tf.io.ModelArtifacts> {
  const json = parseModelJson(await readFile(modelJson), modelJson);
  return tf.io.getModelArtifactsForJSON(json as tf.io.ModelJSON, async (manifest) => {
    const specs = manifest.flatMap((g) => g.weights);
    const parts: Uint8Array[] = [];
    for (const g of manifest) for (const p of g.paths) parts.push(await readFile(join(dirname(modelJson), p)));
    const data = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) {
      data.set(p, at);
      at += p.length;
    }
    return [specs, data.buffer];
  });
}

/**
 * Loads the Inception-v3 feature network (see {@link ensureInceptionFiles} for where it comes from).
 * The registered `fid-inception`, `kid-inception` and the manifold metrics on images call this once.
 *
 * @example
 * ```ts
 * const inception = await loadInceptionV3({ cacheDir: '.cache' });
 * const { features } = await inception.embed(images, n, [32, 32, 3]); // n x 2048
 * ```
 */
export async function loadInceptionV3(options: InceptionOptions = {}, source: PublishedFeatureNetwork = INCEPTION_V3_TFJS): Promise<FeatureNetwork> {
  const path = await ensureInceptionFiles(options, source);
  const converter = await importConverter();
  try {
    const model = await converter.loadGraphModel(tf.io.fromMemory(await artifactsFromDisk(path)));
    return new FeatureNetwork(model, 'Inception-v3 pool features', source.input);
  } catch (cause) {
    if (GankitError.isInstance(cause)) throw cause;
    throw new FeatureNetworkError(`${path}: cannot be loaded as a TF.js graph model (${(cause as Error).message}); delete its folder to download it again, or point GANKIT_INCEPTION_MODEL at a good copy`, { cause });
  }
}
