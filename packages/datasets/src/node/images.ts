/**
 * Image folders: PNG (pngjs) and JPEG (jpeg-js) files, optionally in class sub-folders, decoded,
 * converted to 1 or 3 channels, resized, and scaled to [-1, 1] into one Float32Array.
 * @module
 */
import { ArrayDataSource, SIZE_LIMITS } from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { decode as decodeJpeg } from 'jpeg-js';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative } from 'node:path';
import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { EmptyDatasetError, ImageFileError } from '../errors.js';
import type { ImageFolderOptions } from '../node-datasets.js';
import { isImageSize, isIn, OptionChecker } from '../options.js';
import { DEFAULT_TEST_FRACTION, SPLITS, splitIndices } from '../split.js';

/** File extensions read from image folders (case-insensitive). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg'];

/** A decoded image: 8-bit RGBA, row-major. */
export interface DecodedImage {
  width: number;
  height: number;
  /** `width * height * 4` bytes. */
  rgba: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

/** Channels of each PNG colour type (grey, RGB, palette, grey + alpha, RGBA). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Checks a PNG's declared size before it is decoded: at most `SIZE_LIMITS.imagePixels` pixels, and, for
 * an interlaced PNG (whose data pngjs inflates without a bound), image data that inflates to no more
 * than its pixels need. A non-interlaced PNG's data is inflated by pngjs up to its declared size only.
 */
function checkPngSize(bytes: Uint8Array, file: string): void {
  // IHDR is the first chunk: length (4), 'IHDR' (4), width, height (4 each), depth, colour type, ..., interlace.
  if (bytes.length < 8 + 8 + 13) throw new ImageFileError(file, 'is not a readable PNG (cut short before the end of its header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width * height > SIZE_LIMITS.imagePixels) {
    throw new ImageFileError(file, `declares ${width}×${height} pixels (${width * height}), more than the limit of ${SIZE_LIMITS.imagePixels} (SIZE_LIMITS.imagePixels); it was not decoded`);
  }
  if (bytes[28] !== 1) return;
  const bitsPerPixel = (PNG_CHANNELS[bytes[25]!] ?? 4) * bytes[24]!;
  // Each of the 7 passes has at most `height` rows of at most a full row plus its filter byte.
  const needed = 7 * height * (Math.ceil((width * bitsPerPixel) / 8) + 1);
  const data: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IDAT') data.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  try {
    inflateSync(Buffer.concat(data), { maxOutputLength: needed });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ImageFileError(file, `its image data inflates to more than the ${needed} bytes ${width}×${height} pixels need; it was not decoded`);
    }
    // Other damage is pngjs's to describe.
  }
}

/**
 * Decodes a PNG or JPEG file (told apart by content, not name) to RGBA. 16-bit PNGs are reduced to
 * 8 bits; JPEG decoding is strict, so a truncated JPEG is an error rather than a grey-filled image.
 * Images past `SIZE_LIMITS.imagePixels` (as their header declares) are refused before decoding.
 *
 * @throws `ImageFileError` naming `file` when the bytes are neither format, do not decode, or declare
 *   too many pixels.
 */
export function decodeImage(bytes: Uint8Array, file: string): DecodedImage {
  let image: DecodedImage;
  if (startsWith(bytes, PNG_SIGNATURE)) {
    checkPngSize(bytes, file);
    try {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      image = { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
    } catch (error) {
      throw new ImageFileError(file, `is not a readable PNG (${(error as Error).message})`, { cause: error });
    }
  } else if (startsWith(bytes, [0xff, 0xd8, 0xff])) {
    try {
      const jpeg = decodeJpeg(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false, maxMemoryUsageInMB: 1024, maxResolutionInMP: SIZE_LIMITS.imagePixels / 1e6 });
      image = { width: jpeg.width, height: jpeg.height, rgba: jpeg.data };
    } catch (error) {
      throw new ImageFileError(file, `is not a readable JPEG (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
  } else {
    const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new ImageFileError(file, `is neither PNG nor JPEG (it starts with bytes ${head || '(none: the file is empty)'})`);
  }
  if (image.width < 1 || image.height < 1 || image.rgba.length !== image.width * image.height * 4) {
    throw new ImageFileError(file, `decodes to an empty or inconsistent image (${image.width}×${image.height})`);
  }
  return image;
}

/**
 * Pixel values 0..255 with `channels` channels: alpha composited over `background`, grey by luminance
 * (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B, as PIL and tf.image.rgbToGrayscale).
 */
export function toChannels(image: DecodedImage, channels: 1 | 3, background: number): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n * channels);
  const { rgba } = image;
  for (let p = 0; p < n; p++) {
    const a = rgba[4 * p + 3]! / 255;
    const r = rgba[4 * p]! * a + background * (1 - a);
    const g = rgba[4 * p + 1]! * a + background * (1 - a);
    const b = rgba[4 * p + 2]! * a + background * (1 - a);
    if (channels === 1) out[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    else {
      out[3 * p] = r;
      out[3 * p + 1] = g;
      out[3 * p + 2] = b;
    }
  }
  return out;
}

/**
 * Resizes `[h, w, c]` values to `[height, width, c]`: first an average over whole k×k blocks when
 * shrinking by k >= 2 (bilinear alone would alias), then bilinear with half-pixel centres.
 */
export function resize(values: Float32Array, h: number, w: number, c: number, height: number, width: number): Float32Array {
  return tf.tidy(() => {
    let t: tf.Tensor3D = tf.tensor3d(values, [h, w, c], 'float32');
    const k = Math.min(Math.floor(h / height), Math.floor(w / width));
    if (k >= 2) t = tf.avgPool(t, k, k, 'valid');
    const out = tf.image.resizeBilinear(t, [height, width], false, true);
    return out.dataSync() as Float32Array;
  });
}

interface FoundImage {
  path: string;
  label: number;
}

/** A folder entry, with symbolic links resolved to what they point at. */
interface Entry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}

export async function listDir(dir: string): Promise<Entry[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new ImageFileError(dir, `cannot be read as a folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  const out: Entry[] = [];
  for (const e of entries.filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (!e.isSymbolicLink()) {
      out.push({ name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory() });
      continue;
    }
    // A link is followed, so linked images and class folders count; a broken one is an error, not a skip.
    const target = join(dir, e.name);
    try {
      const info = await stat(target);
      out.push({ name: e.name, isFile: info.isFile(), isDirectory: info.isDirectory() });
    } catch (error) {
      throw new ImageFileError(target, `is a symbolic link to nothing readable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
    }
  }
  return out;
}

export function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

async function imagesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await listDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) out.push(...(await imagesUnder(path)));
    else if (entry.isFile && isImageName(entry.name)) out.push(path);
  }
  return out;
}

const WANTED = 'PNG or JPEG files (*.png, *.jpg, *.jpeg), or class sub-folders holding them';

/** Lists the images of a folder: flat (unlabelled), or one sub-folder per class (sorted names). */
async function findImages(dir: string): Promise<{ images: FoundImage[]; classNames?: string[] }> {
  const entries = await listDir(dir);
  const subfolders = entries.filter((e) => e.isDirectory);
  const loose = entries.filter((e) => e.isFile && isImageName(e.name)).map((e) => e.name);
  if (subfolders.length === 0) {
    if (loose.length === 0) throw new EmptyDatasetError(dir, WANTED);
    return { images: loose.map((name) => ({ path: join(dir, name), label: 0 })) };
  }
  if (loose.length > 0) {
    throw new ImageFileError(
      dir,
      `mixes loose images (${loose.slice(0, 3).join(', ')}${loose.length > 3 ? ', …' : ''}) with class sub-folders ` +
        `(${subfolders.map((s) => s.name).join(', ')}); put every image in a class folder, or remove the sub-folders`,
    );
  }
  const classNames = subfolders.map((s) => s.name);
  const images: FoundImage[] = [];
  for (const [label, name] of classNames.entries()) {
    const files = await imagesUnder(join(dir, name));
    if (files.length === 0) throw new EmptyDatasetError(join(dir, name), `PNG or JPEG files in every class folder (the class '${name}' has none)`);
    for (const path of files) images.push({ path, label });
  }
  return { images, classNames };
}

/**
 * Loads a folder of PNG and JPEG images. With sub-folders, each sub-folder is a class (labels follow
 * the sorted folder names, which become `classNames`; files may sit at any depth inside them).
 *
 * Every image becomes `channels` channels (grey by luminance; transparent pixels over `background`),
 * is resized to `size` (or, without `size`, must match the first image's size), and is scaled to
 * [-1, 1] into one Float32Array. Default split `'all'` (a folder has no official test part).
 *
 * @throws ConfigError for bad options; {@link EmptyDatasetError} for a folder (or class folder) with
 *   no images; `ImageFileError` naming the file for one that cannot be read or decoded, or has
 *   the wrong size.
 *
 * @example
 * ```ts
 * const faces = await loadImageFolder('data/faces', { size: 64, channels: 3 });
 * ```
 */
export async function loadImageFolder(dir: string, options: Omit<ImageFolderOptions, 'dir'> = {}): Promise<ArrayDataSource> {
  const { channels = 3, background = 255, split = 'all', testFraction = DEFAULT_TEST_FRACTION, splitSeed = 0 } = options;
  const size = typeof options.size === 'number' ? ([options.size, options.size] as const) : options.size;
  new OptionChecker(`options of image folder '${dir}'`)
    .known(options, ['size', 'channels', 'background', 'split', 'testFraction', 'splitSeed', 'dir'])
    .check(typeof dir === 'string' && dir.length > 0, 'dir', 'a folder path', dir)
    .check(size === undefined || isImageSize(size), 'size', `a positive integer or [height, width], at most ${SIZE_LIMITS.imagePixels} pixels`, options.size)
    .check(channels === 1 || channels === 3, 'channels', '1 or 3', channels)
    .check(isIn(background, 0, 255), 'background', 'a grey level in [0, 255]', background)
    .check(SPLITS.includes(split), 'split', `one of ${SPLITS.join(', ')}`, split)
    .check(isIn(testFraction, 0, 1), 'testFraction', 'a number in [0, 1]', testFraction)
    .check(Number.isInteger(splitSeed), 'splitSeed', 'an integer', splitSeed)
    .done();

  const { images, classNames } = await findImages(dir);
  const chosen = splitIndices(classNames ? images.map((i) => i.label) : images.length, split, testFraction, splitSeed);
  if (chosen.length === 0) throw new EmptyDatasetError(`${dir} (split '${split}')`, `testFraction strictly between 0 and 1 (got ${testFraction})`);

  let height = size?.[0];
  let width = size?.[1];
  let reference = '';
  let x: Float32Array | undefined;
  const labels = classNames ? new Int32Array(chosen.length) : undefined;
  for (let i = 0; i < chosen.length; i++) {
    const found = images[chosen[i]!]!;
    const name = found.path;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(name);
    } catch (error) {
      throw new ImageFileError(name, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
    }
    const image = decodeImage(bytes, name);
    if (height === undefined || width === undefined) {
      [height, width, reference] = [image.height, image.width, relative(dir, name)];
    }
    let values = toChannels(image, channels, background);
    if (image.height !== height || image.width !== width) {
      if (!size) {
        throw new ImageFileError(
          name,
          `is ${image.height}×${image.width} (height×width), but ${reference} is ${height}×${width}; ` +
            `all images must have the same size, or pass size (e.g. size: ${height}; from the gankit command: --data-options '{"size": ${height}}') to resize them`,
        );
      }
      values = resize(values, image.height, image.width, channels, height, width);
    }
    x ??= new Float32Array(chosen.length * height * width * channels);
    const offset = i * height * width * channels;
    for (let j = 0; j < values.length; j++) x[offset + j] = Math.min(1, Math.max(-1, values[j]! / 127.5 - 1));
    if (labels) labels[i] = found.label;
  }
  return new ArrayDataSource(
    {
      shape: [height!, width!, channels],
      kind: 'image',
      ...(classNames ? { numClasses: classNames.length, classNames } : {}),
      meta: { source: dir, split, ...(split === 'all' ? {} : { testFraction, splitSeed }) },
    },
    labels ? { x: x!, labels } : { x: x! },
    dir,
  );
}
