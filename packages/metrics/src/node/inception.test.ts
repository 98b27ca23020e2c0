import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FeatureNetworkChecksumError, FeatureNetworkError } from '../inception/errors.js';
import { standInInception } from '../inception/stand-in.test-helpers.js';
import { CHECKSUMS_FILE, INCEPTION_V3_TFJS, inceptionDir, loadInceptionV3, modelJsonUrl } from './inception.js';

const files = standInInception();

/** A local HTTP server on 127.0.0.1 serving `body(path)` (query strings kept in the request log). */
async function serve(body: (path: string) => Uint8Array | undefined): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const data = body(new URL(req.url ?? '/', 'http://x').pathname);
    if (!data) res.writeHead(404).end('not found');
    else res.writeHead(200, { 'content-length': data.length }).end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let dir: string;
beforeAll(async () => {
  await tf.setBackend('wasm');
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gankit-inception-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('modelJsonUrl', () => {
  it('turns a TF Hub address into the model.json that tf.loadGraphModel(url, { fromTFHub: true }) reads', () => {
    expect(modelJsonUrl(INCEPTION_V3_TFJS.url).href).toBe('https://tfhub.dev/google/tfjs-model/imagenet/inception_v3/feature_vector/3/default/1/model.json?tfjs-format=file');
    expect(modelJsonUrl('http://127.0.0.1:8/m/model.json').href).toBe('http://127.0.0.1:8/m/model.json');
  });
});

describe('loadInceptionV3 (a stand-in graph model served from 127.0.0.1)', () => {
  it('downloads model.json and its weights on first use, records their SHA-256, then loads from the checked cache', async () => {
    const server = await serve((path) => (path.startsWith('/hub/inception/1/') ? files[path.slice('/hub/inception/1/'.length)] : undefined));
    try {
      const url = `${server.url}hub/inception/1`;
      const network = await loadInceptionV3({ url, cacheDir: dir });
      expect(server.requests).toEqual(['/hub/inception/1/model.json?tfjs-format=file', '/hub/inception/1/group1-shard1of1.bin?tfjs-format=file']);
      const cache = inceptionDir(INCEPTION_V3_TFJS, url, dir);
      expect(cache).toMatch(/inception-v3-tfjs-[0-9a-f]{12}$/); // another address never shares the real network's folder
      expect((await readdir(cache)).sort()).toEqual([CHECKSUMS_FILE, 'group1-shard1of1.bin', 'model.json']);
      const recorded = JSON.parse(await readFile(join(cache, CHECKSUMS_FILE), 'utf8'));
      expect(recorded).toMatchObject({ source: url, origin: 'download' });
      expect(Object.keys(recorded.sha256).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
      const before = tf.memory().numTensors;
      const e = await network.embed(new Float32Array(3 * 16 * 16 * 3), 3, [16, 16, 3]);
      expect([e.n, e.dim]).toEqual([3, 16]);
      expect(tf.memory().numTensors).toBe(before);
      network.dispose();

      (await loadInceptionV3({ url, cacheDir: dir })).dispose();
      expect(server.requests).toHaveLength(2); // the second use reads the cache

      // a changed weight file is refused, by name, against the digest recorded at the download; nothing is deleted
      const shard = join(cache, 'group1-shard1of1.bin');
      const tampered = new Uint8Array(files['group1-shard1of1.bin']!);
      tampered[20] = tampered[20]! ^ 1;
      await writeFile(shard, tampered);
      const error = await rejection(loadInceptionV3({ url, cacheDir: dir }));
      expect(FeatureNetworkChecksumError.isInstance(error)).toBe(true);
      expect((error as FeatureNetworkChecksumError).file).toBe(shard);
      expect((error as FeatureNetworkChecksumError).expected).toBe(recorded.sha256['group1-shard1of1.bin']);
      expect((error as Error).message).toContain(`it is not the digest recorded in ${join(cache, CHECKSUMS_FILE)} when it was first downloaded. Delete ${cache} to download the network again.`);
      expect(new Uint8Array(await readFile(shard))).toEqual(tampered);
    } finally {
      await server.close();
    }
  });

  it('offline, says what to download and where to put it, and writes nothing', async () => {
    const server = await serve(() => undefined);
    await server.close(); // nothing listens there now
    const url = `${server.url}hub/inception/1`;
    const error = await rejection(loadInceptionV3({ url, cacheDir: dir, timeoutMs: 10_000 }));
    expect(FeatureNetworkError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    const cache = inceptionDir(INCEPTION_V3_TFJS, url, dir);
    expect(message).toContain(`Could not download the ${INCEPTION_V3_TFJS.title} model.json from ${url}/model.json?tfjs-format=file: fetch failed (ECONNREFUSED).`);
    expect(message).toContain(`put them, named model.json, group1-shard1ofN.bin, ..., in ${cache}`);
    expect(message).toContain('GANKIT_INCEPTION_MODEL');
    expect(await readdir(dir)).toEqual([]);
    const off = await rejection(loadInceptionV3({ cacheDir: dir, download: false }));
    expect((off as Error).message).toContain(`are not in ${join(dir, 'inception-v3-tfjs')} and downloads are turned off`);
    expect((off as Error).message).toContain('https://tfhub.dev/google/tfjs-model/imagenet/inception_v3/feature_vector/3/default/1/model.json?tfjs-format=file');
  });

  it('refuses a download cut short (weights smaller than the manifest says), writing nothing', async () => {
    const server = await serve((path) => (path === '/m/model.json' ? files['model.json'] : path === '/m/group1-shard1of1.bin' ? files['group1-shard1of1.bin']!.subarray(0, 100) : undefined));
    try {
      const error = await rejection(loadInceptionV3({ url: `${server.url}m/model.json`, cacheDir: dir }));
      expect(FeatureNetworkError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/the weight files group1-shard1of1\.bin hold 100 bytes but the manifest declares 12304; a download was cut short\. Nothing was written/);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('uses files placed by hand (recording their digests on first use) and a model.json on disk given by path', async () => {
    const cache = join(dir, 'inception-v3-tfjs');
    await mkdir(cache, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(cache, name), bytes);
    (await loadInceptionV3({ cacheDir: dir, download: false })).dispose();
    expect(JSON.parse(await readFile(join(cache, CHECKSUMS_FILE), 'utf8'))).toMatchObject({ origin: 'placed by hand' });
    (await loadInceptionV3({ modelPath: join(cache, 'model.json') })).dispose();
    const missing = await rejection(loadInceptionV3({ modelPath: join(dir, 'nope', 'model.json') }));
    expect((missing as Error).message).toBe(`${join(dir, 'nope', 'model.json')}: no such file (from the modelPath option; expected a TF.js model.json with its weight files beside it)`);
  });
});
