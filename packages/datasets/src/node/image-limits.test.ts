/**
 * Image files that claim more than they hold (issue 31, item 6): a 68-byte PNG whose header declares
 * 20000x20000 pixels, and a "zlib bomb" whose few KiB of image data inflate to far more than its
 * declared size needs. Both are refused from their header or a bounded inflate, naming the file and the
 * limit, before a buffer of the claimed size exists.
 */
import { SIZE_LIMITS } from '@gankit/core';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImageFileError } from '../errors.js';
import { put, tempDir } from '../fixtures.test-helpers.js';
import { decodeImage, loadImageFolder } from './images.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => cleanup());

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typed = new Uint8Array([...type].map((c) => c.charCodeAt(0)));
  out.set(typed, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A PNG with a valid header for width x height (1-bit grey unless told) and `idat` as its image data. */
function craftedPng(width: number, height: number, idat: Uint8Array, { depth = 1, colorType = 0, interlace = 0 } = {}): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([depth, colorType, 0, 0, interlace], 8);
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array())];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function refusal(run: () => unknown): ImageFileError {
  try {
    run();
  } catch (error) {
    expect(ImageFileError.isInstance(error), `expected an ImageFileError, got ${String(error)}`).toBe(true);
    return error as ImageFileError;
  }
  throw new Error('expected the image to be refused');
}

describe('declared image sizes', () => {
  it('refuses a 68-byte PNG that declares 20000x20000 pixels, from its header', async () => {
    const bytes = craftedPng(20000, 20000, new Uint8Array(deflateSync(new Uint8Array(8))));
    expect(bytes.length).toBeLessThan(80);
    const error = refusal(() => decodeImage(bytes, 'huge.png'));
    expect(error.message).toMatch(new RegExp(`huge\\.png: declares 20000×20000 pixels \\(400000000\\), more than the limit of ${SIZE_LIMITS.imagePixels}`));
    // The same through an image folder, as `train --dataset images:<dir>` loads it.
    await put(join(dir, 'huge.png'), bytes);
    await expect(loadImageFolder(dir)).rejects.toThrowError(/huge\.png: declares 20000×20000 pixels/);
  });

  it('refuses an interlaced PNG whose image data inflates past what its size needs (a zlib bomb)', () => {
    const bomb = new Uint8Array(deflateSync(new Uint8Array(32 * 1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const bytes = craftedPng(16, 16, bomb, { depth: 8, colorType: 0, interlace: 1 });
    const error = refusal(() => decodeImage(bytes, 'bomb.png'));
    expect(error.message).toMatch(/bomb\.png: its image data inflates to more than the \d+ bytes 16×16 pixels need/);
  });

  it('refuses a JPEG past the pixel limit by its header', () => {
    // SOI, then a baseline SOF0 declaring 9000x9000 (81 MP, under jpeg-js's own 100) with 3 components, then EOI.
    const sof = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x23, 0x28, 0x23, 0x28, 0x03, 0x01, 0x11, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00];
    const bytes = new Uint8Array([0xff, 0xd8, ...sof, 0xff, 0xd9]);
    expect(refusal(() => decodeImage(bytes, 'huge.jpg')).message).toMatch(/huge\.jpg: is not a readable JPEG \(.*(maxResolutionInMP|limit).*\)/);
  });
});
