/**
 * Test fixtures: small IDX, PNG and JPEG files written by the tests, temporary folders, and a local
 * HTTP server on 127.0.0.1. Not part of the build.
 */
import { encode as encodeJpeg } from 'jpeg-js';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { encodeIdx } from './idx.js';

/** IDX image file bytes: `n` images of h×w, pixel (i, r, c) = `pixel(i, r, c)`. */
export function idxImages(n: number, h = 4, w = 4, pixel: (i: number, r: number, c: number) => number = (i) => (i * 40) % 256): Uint8Array {
  const data = new Uint8Array(n * h * w);
  for (let i = 0; i < n; i++) for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) data[(i * h + r) * w + c] = pixel(i, r, c);
  return encodeIdx(data, [n, h, w]);
}

/** IDX label file bytes. */
export function idxLabels(labels: number[]): Uint8Array {
  return encodeIdx(Uint8Array.from(labels), [labels.length]);
}

/** gzip of `bytes`. */
export function gzip(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

/** A fresh temporary folder; call `cleanup()` after the test. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'gankit-datasets-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `bytes` to `path`, creating folders. */
export async function put(path: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
}

/** PNG bytes of a w×h image whose pixel (x, y) is `rgba(x, y)`. */
export function png(w: number, h: number, rgba: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const image = new PNG({ width: w, height: h });
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) image.data.set(rgba(x, y), 4 * (y * w + x));
  return new Uint8Array(PNG.sync.write(image));
}

/** JPEG bytes (quality 100) of a w×h image whose pixel (x, y) is `rgb(x, y)`. */
export function jpeg(w: number, h: number, rgb: (x: number, y: number) => [number, number, number]): Uint8Array {
  const data = new Uint8Array(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.set([...rgb(x, y), 255], 4 * (y * w + x));
  return new Uint8Array(encodeJpeg({ width: w, height: h, data }, 100).data);
}

/** A local HTTP server on 127.0.0.1 serving `files` by URL path; counts requests. */
export async function serve(files: Record<string, Uint8Array>): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = files[req.url ?? ''];
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A base URL on 127.0.0.1 where nothing listens (a server was bound there and closed). */
export async function deadUrl(): Promise<string> {
  const { url, close } = await serve({});
  await close();
  return url;
}

/**
 * CIFAR binary batch bytes: `labels.length` records; pixel byte of record i, plane c (0 R, 1 G, 2 B),
 * row r, column k = `pixel(i, c, r, k)`.
 */
export function cifarBatch(labels: number[], pixel: (i: number, c: number, r: number, k: number) => number = (i, c) => (i * 30 + c * 80) % 256): Uint8Array {
  const out = new Uint8Array(labels.length * 3073);
  labels.forEach((label, i) => {
    out[i * 3073] = label;
    for (let c = 0; c < 3; c++) for (let r = 0; r < 32; r++) for (let k = 0; k < 32; k++) out[i * 3073 + 1 + c * 1024 + r * 32 + k] = pixel(i, c, r, k);
  });
  return out;
}
