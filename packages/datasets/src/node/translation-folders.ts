/**
 * Image folders in the standard layouts of image-to-image translation:
 *
 * - paired (pix2pix): each file holds A and B side by side (A on the left), in `<dir>` or in
 *   `<dir>/train`, `<dir>/test` (or `<dir>/val`); or two folders `<dir>/A` and `<dir>/B` whose files
 *   pair up by name (without extension), optionally with `train`/`test` inside each;
 * - unpaired (CycleGAN): `<dir>/trainA`, `<dir>/trainB`, `<dir>/testA`, `<dir>/testB`.
 * @module
 */
import { ArrayDataSource, PairedDataSource, SIZE_LIMITS, UnpairedDataSource } from '@gankit/core';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { EmptyDatasetError, ImageFileError, PairingError } from '../errors.js';
import type { TranslationFolderOptions } from '../node-datasets.js';
import { isImageSize, isIn, OptionChecker } from '../options.js';
import { DEFAULT_TEST_FRACTION, SPLITS, splitIndices, type Split } from '../split.js';
import { decodeImage, isImageName, listDir, loadImageFolder, resize, toChannels } from './images.js';

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();

interface Resolved {
  channels: 1 | 3;
  background: number;
  size: readonly [number, number] | undefined;
  split: Split;
  testFraction: number;
  splitSeed: number;
  direction: 'AtoB' | 'BtoA';
}

function resolveOptions(kind: string, dir: string, options: Omit<TranslationFolderOptions, 'dir'>, defaultSplit: Split): Resolved {
  const { channels = 3, background = 255, split = defaultSplit, testFraction = DEFAULT_TEST_FRACTION, splitSeed = 0, direction = 'AtoB' } = options;
  const size = typeof options.size === 'number' ? ([options.size, options.size] as const) : options.size;
  new OptionChecker(`options of ${kind} folder '${dir}'`)
    .known(options, ['size', 'channels', 'background', 'split', 'testFraction', 'splitSeed', 'direction', 'dir'])
    .check(typeof dir === 'string' && dir.length > 0, 'dir', 'a folder path', dir)
    .check(size === undefined || isImageSize(size), 'size', `a positive integer or [height, width], at most ${SIZE_LIMITS.imagePixels} pixels`, options.size)
    .check(channels === 1 || channels === 3, 'channels', '1 or 3', channels)
    .check(isIn(background, 0, 255), 'background', 'a grey level in [0, 255]', background)
    .check(SPLITS.includes(split), 'split', `one of ${SPLITS.join(', ')}`, split)
    .check(isIn(testFraction, 0, 1), 'testFraction', 'a number in [0, 1]', testFraction)
    .check(Number.isInteger(splitSeed), 'splitSeed', 'an integer', splitSeed)
    .check(direction === 'AtoB' || direction === 'BtoA', 'direction', "'AtoB' or 'BtoA'", direction)
    .done();
  return { channels, background, size, split, testFraction, splitSeed, direction };
}

/** Image files directly in `dir`, sorted. */
async function imageFiles(dir: string): Promise<string[]> {
  return (await listDir(dir)).filter((e) => e.isFile && isImageName(e.name)).map((e) => e.name);
}

/** A split folder inside `dir` (`test` falls back to `val`, as in the pix2pix datasets), if present. */
function splitFolder(dir: string, split: Split): string | undefined {
  if (split === 'all') return undefined;
  for (const name of split === 'test' ? ['test', 'val'] : ['train']) if (isDir(join(dir, name))) return join(dir, name);
  return undefined;
}

/** One image's values 0..255 with `channels` channels. */
async function readValues(path: string, o: Resolved): Promise<{ values: Float32Array; height: number; width: number }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ImageFileError(path, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  const image = decodeImage(bytes, path);
  return { values: toChannels(image, o.channels, o.background), height: image.height, width: image.width };
}

/** Columns [from, from + width) of an `[h, w, c]` image. */
function crop(values: Float32Array, h: number, w: number, c: number, from: number, width: number): Float32Array {
  const out = new Float32Array(h * width * c);
  for (let r = 0; r < h; r++) out.set(values.subarray((r * w + from) * c, (r * w + from + width) * c), r * width * c);
  return out;
}

/** Collects images of one domain at one size, scaled to [-1, 1]. */
class Collector {
  private readonly parts: Float32Array[] = [];
  height: number | undefined;
  width: number | undefined;
  private reference = '';

  constructor(
    private readonly o: Resolved,
    private readonly root: string,
  ) {
    [this.height, this.width] = o.size ?? [undefined, undefined];
  }

  add(values: Float32Array, h: number, w: number, file: string, what: string): void {
    if (this.height === undefined || this.width === undefined) [this.height, this.width, this.reference] = [h, w, relative(this.root, file)];
    if (h !== this.height || w !== this.width) {
      if (!this.o.size) {
        throw new PairingError(file, `${what} is ${h}×${w} (height×width), but ${this.reference}'s is ${this.height}×${this.width}`, `every image of the same size, or the size option (e.g. --data-options '{"size": ${this.height}}')`, `${h}×${w}`);
      }
      values = resize(values, h, w, this.o.channels, this.height, this.width);
    }
    const scaled = new Float32Array(values.length);
    for (let j = 0; j < values.length; j++) scaled[j] = Math.min(1, Math.max(-1, values[j]! / 127.5 - 1));
    this.parts.push(scaled);
  }

  source(name: string, meta: Record<string, unknown>): ArrayDataSource {
    const x = new Float32Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of this.parts) {
      x.set(p, at);
      at += p.length;
    }
    return new ArrayDataSource({ shape: [this.height!, this.width!, this.o.channels], kind: 'image', meta }, { x }, name);
  }
}

/**
 * Loads paired translation data from a folder (see the module's layouts). With `direction: 'BtoA'` the
 * roles swap. Without `train`/`test` folders, `testFraction` of the pairs is held out by `splitSeed`.
 *
 * @throws `PairingError` for an A file without its B partner (or the other way round), a
 *   side-by-side file of odd width, or sizes that differ; {@link EmptyDatasetError} for no images.
 *
 * @example
 * ```ts
 * const facades = await loadPairedFolder('data/facades', { split: 'train', size: 64 });
 * ```
 */
export async function loadPairedFolder(dir: string, options: Omit<TranslationFolderOptions, 'dir'> = {}): Promise<PairedDataSource> {
  const o = resolveOptions('paired image', dir, options, 'all');
  const a = new Collector(o, dir);
  const b = new Collector(o, dir);
  let layout: string;
  if (isDir(join(dir, 'A')) || isDir(join(dir, 'B'))) {
    for (const side of ['A', 'B']) {
      if (!isDir(join(dir, side))) throw new PairingError(join(dir, side), 'is missing', 'two folders A/ and B/ whose files pair up by name', `only ${side === 'A' ? 'B' : 'A'}/`);
    }
    const inner = splitFolder(join(dir, 'A'), o.split);
    const dirA = inner ?? join(dir, 'A');
    const dirB = inner ? join(dir, 'B', basename(inner)) : join(dir, 'B');
    if (!isDir(dirB)) throw new PairingError(dirB, 'is missing', `a folder matching ${relative(dir, dirA)}`, 'no such folder');
    const filesA = await imageFiles(dirA);
    const filesB = await imageFiles(dirB);
    if (filesA.length === 0) throw new EmptyDatasetError(dirA, 'PNG or JPEG files, each with a partner of the same name in the B folder');
    const stem = (f: string) => f.slice(0, f.length - extname(f).length);
    const byStem = new Map(filesB.map((f) => [stem(f), f]));
    const stemsA = new Set(filesA.map(stem));
    for (const f of filesA) {
      if (!byStem.has(stem(f))) throw new PairingError(join(dirA, f), `has no partner in ${dirB}`, `${join(dirB, stem(f))}.png (or .jpg, .jpeg)`, 'no such file');
    }
    for (const f of filesB) {
      if (!stemsA.has(stem(f))) throw new PairingError(join(dirB, f), `has no partner in ${dirA}`, `${join(dirA, stem(f))}.png (or .jpg, .jpeg)`, 'no such file');
    }
    const chosen = inner ? Uint32Array.from(filesA.keys()) : splitIndices(filesA.length, o.split, o.testFraction, o.splitSeed);
    for (const i of chosen) {
      const fa = join(dirA, filesA[i]!);
      const fb = join(dirB, byStem.get(stem(filesA[i]!))!);
      const va = await readValues(fa, o);
      const vb = await readValues(fb, o);
      if (!o.size && (va.height !== vb.height || va.width !== vb.width)) {
        throw new PairingError(fb, `is ${vb.height}×${vb.width} but its partner ${fa} is ${va.height}×${va.width}`, 'partners of the same size (or the size option)', `${vb.height}×${vb.width}`);
      }
      a.add(va.values, va.height, va.width, fa, 'the A image');
      b.add(vb.values, vb.height, vb.width, fb, 'the B image');
    }
    layout = inner ? `A/${basename(inner)} + B/${basename(inner)}` : 'A/ + B/';
    if (chosen.length === 0) throw new EmptyDatasetError(`${dir} (split '${o.split}')`, `testFraction strictly between 0 and 1 (got ${o.testFraction})`);
  } else {
    const inner = splitFolder(dir, o.split);
    const from = inner ?? dir;
    const files = await imageFiles(from);
    if (files.length === 0) throw new EmptyDatasetError(from, 'PNG or JPEG files holding A and B side by side, or folders A/ and B/');
    const chosen = inner ? Uint32Array.from(files.keys()) : splitIndices(files.length, o.split, o.testFraction, o.splitSeed);
    if (chosen.length === 0) throw new EmptyDatasetError(`${dir} (split '${o.split}')`, `testFraction strictly between 0 and 1 (got ${o.testFraction})`);
    for (const i of chosen) {
      const file = join(from, files[i]!);
      const v = await readValues(file, o);
      if (v.width % 2 !== 0) throw new PairingError(file, `is ${v.height}×${v.width}: it cannot hold A and B side by side`, 'an even width (A on the left half, B on the right)', `width ${v.width}`);
      const half = v.width / 2;
      a.add(crop(v.values, v.height, v.width, o.channels, 0, half), v.height, half, file, 'the left (A) half');
      b.add(crop(v.values, v.height, v.width, o.channels, half, half), v.height, half, file, 'the right (B) half');
    }
    layout = inner ? `${basename(inner)}/ side by side` : 'side by side';
  }
  const meta = { source: dir, split: o.split, layout, direction: o.direction };
  const [inputs, targets] = o.direction === 'AtoB' ? [a, b] : [b, a];
  return new PairedDataSource(inputs.source(`${dir} (inputs)`, meta), targets.source(`${dir} (targets)`, meta), dir);
}

/**
 * Loads unpaired translation data in the CycleGAN layout: `trainA/`, `trainB/`, `testA/`, `testB/`
 * (flat folders, or class sub-folders, which become labels). Split `'train'` (the default) reads the
 * train folders, `'test'` the test folders; `'all'` both.
 *
 * @throws `PairingError` for a missing domain folder or domains of different image sizes;
 *   {@link EmptyDatasetError} for an empty domain.
 */
export async function loadUnpairedFolder(dir: string, options: Omit<TranslationFolderOptions, 'dir'> = {}): Promise<UnpairedDataSource> {
  const o = resolveOptions('unpaired image', dir, options, 'train');
  if (options.testFraction !== undefined || options.splitSeed !== undefined) {
    new OptionChecker(`options of unpaired image folder '${dir}'`).check(false, options.testFraction !== undefined ? 'testFraction' : 'splitSeed', 'nothing: the folders trainA/ ... testB/ are the split', options.testFraction ?? options.splitSeed).done();
  }
  const parts = o.split === 'all' ? ['train', 'test'] : [o.split];
  const folderOptions = { channels: o.channels, background: o.background, ...(o.size ? { size: [o.size[0], o.size[1]] as [number, number] } : {}) };
  const domain = async (side: 'A' | 'B'): Promise<ArrayDataSource> => {
    const loaded: ArrayDataSource[] = [];
    for (const part of parts) {
      const folder = join(dir, `${part}${side}`);
      if (!isDir(folder)) {
        const present = isDir(dir) ? (await listDir(dir)).filter((e) => e.isDirectory).map((e) => `${e.name}/`).join(', ') || 'no folders' : 'no such folder';
        throw new PairingError(folder, 'is missing', 'the CycleGAN layout trainA/, trainB/, testA/, testB/', present);
      }
      try {
        loaded.push(await loadImageFolder(folder, folderOptions));
      } catch (error) {
        if (EmptyDatasetError.isInstance(error)) throw new EmptyDatasetError(folder, `PNG or JPEG files in domain ${side} (${part}${side}/ is empty)`);
        throw error;
      }
    }
    const first = loaded[0]!;
    if (loaded.length === 1) return first;
    const rows = loaded.map((s) => s.rows(Uint32Array.from({ length: s.spec.size }, (_, i) => i)));
    const x = new Float32Array(rows.reduce((n, r) => n + r.x.length, 0));
    let at = 0;
    for (const r of rows) {
      x.set(r.x, at);
      at += r.x.length;
    }
    return new ArrayDataSource({ ...first.spec, meta: { source: dir, split: 'all' } }, { x }, `${dir} ${side}`);
  };
  let a = await domain('A');
  let b = await domain('B');
  const [ha, wa] = a.spec.shape;
  const [hb, wb] = b.spec.shape;
  if (ha !== hb || wa !== wb) {
    throw new PairingError(join(dir, `${parts[0]}B`), `holds ${hb}×${wb} images but ${parts[0]}A/ holds ${ha}×${wa}`, `the same height and width in both domains, or the size option (e.g. --data-options '{"size": ${ha}}')`, `${hb}×${wb}`);
  }
  if (o.direction === 'BtoA') [a, b] = [b, a];
  return new UnpairedDataSource(a, b, dir);
}
