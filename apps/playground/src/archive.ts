/**
 * Tar archives (POSIX ustar), the one archive format every system unpacks without extra tools
 * (`tar -xf run.tar`): the playground downloads a run as one, and opens one.
 * @module
 */
import { ArchiveError } from './errors.js';

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(path: string, size: number, mtime: number, type: '0' | '5'): Uint8Array {
  const block = new Uint8Array(BLOCK);
  let name = path;
  let prefix = '';
  if (encoder.encode(name).length > 100) {
    // ustar splits long paths at a '/' into prefix (155 bytes) and name (100 bytes).
    const at = [...path.matchAll(/\//g)].map((m) => m.index).find((i) => i <= 155 && path.length - i - 1 <= 100);
    if (at === undefined) throw new ArchiveError(path, 'path too long for a tar archive');
    prefix = path.slice(0, at);
    name = path.slice(at + 1);
  }
  const put = (text: string, offset: number) => block.set(encoder.encode(text), offset);
  put(name, 0);
  put(octal(type === '5' ? 0o755 : 0o644, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(Math.floor(mtime / 1000), 12), 136);
  put('        ', 148); // checksum field counts as spaces while summing
  put(type, 156);
  put('ustar\0', 257);
  put('00', 263);
  put(prefix, 345);
  const sum = block.reduce((s, b) => s + b, 0);
  put(octal(sum, 7) + ' ', 148);
  return block;
}

/**
 * A tar archive of `files` (path to bytes; folders are made for every parent path), dated `mtime`.
 *
 * @example
 * ```ts
 * const tar = createTar({ 'run/run.json': bytes }); // Blob-ready bytes
 * ```
 */
export function createTar(files: Record<string, Uint8Array>, mtime = Date.now()): Uint8Array {
  const parts: Uint8Array[] = [];
  const folders = new Set<string>();
  for (const path of Object.keys(files)) {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) folders.add(segments.slice(0, i).join('/') + '/');
  }
  for (const folder of [...folders].sort()) parts.push(header(folder, 0, mtime, '5'));
  for (const [path, data] of Object.entries(files)) {
    parts.push(header(path, data.byteLength, mtime, '0'), data);
    const pad = (BLOCK - (data.byteLength % BLOCK)) % BLOCK;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  const out = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

function text(block: Uint8Array, offset: number, length: number): string {
  const bytes = block.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/**
 * The size of a header's entry: octal digits, padded with spaces or NULs. Anything else (a sign, a digit
 * past 7, GNU's base-256 for entries of 8 GiB and more) is refused: a negative size would move the
 * reader backwards, onto the same header again.
 */
function sizeField(block: Uint8Array, offset: number, file: string): number {
  const field = text(block, 124, 12).trim();
  if (!/^[0-7]*$/.test(field)) {
    throw new ArchiveError(file, `header at byte ${offset} ('${text(block, 0, 100)}'): size field '${field}' is not an octal number of bytes`);
  }
  return field === '' ? 0 : Number.parseInt(field, 8);
}

/**
 * The regular files of a tar archive (ustar, GNU or pax headers), path to bytes. `file` names the
 * archive in errors: {@link ArchiveError} for a file that is not a tar archive or is cut short.
 */
export function readTar(bytes: Uint8Array, file: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let offset = 0;
  let longName: string | undefined;
  let ended = false;
  while (offset + BLOCK <= bytes.byteLength) {
    const block = bytes.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) {
      ended = true;
      break;
    }
    const stored = Number.parseInt(text(block, 148, 8).trim() || 'x', 8);
    const sum = block.reduce((s, b, i) => s + (i >= 148 && i < 156 ? 32 : b), 0);
    if (stored !== sum) {
      throw new ArchiveError(file, offset === 0 ? 'is not a tar archive (expected a .tar file as the playground or `tar -cf` writes)' : `header at byte ${offset} is corrupt (checksum ${stored}, computed ${sum})`);
    }
    const size = sizeField(block, offset, file);
    const type = String.fromCharCode(block[156]!);
    const magic = text(block, 257, 6);
    const prefix = magic.startsWith('ustar') ? text(block, 345, 155) : '';
    const start = offset + BLOCK;
    if (start + size > bytes.byteLength) throw new ArchiveError(file, `is cut short: '${text(block, 0, 100)}' needs ${size} bytes past byte ${start}, the file ends at ${bytes.byteLength}`);
    const data = bytes.subarray(start, start + size);
    let path = longName ?? (prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100));
    longName = undefined;
    if (type === 'L') longName = decoder.decode(data).replace(/\0+$/, '');
    else if (type === 'x') longName = /\d+ path=([^\n]*)\n/.exec(decoder.decode(data))?.[1];
    else if (type === '0' || type === '\0' || type === '7') {
      path = path.replace(/^\.\//, '');
      files.set(path, data);
    }
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (!ended && files.size > 0) throw new ArchiveError(file, `is cut short: it ends at byte ${bytes.byteLength} without the end-of-archive blocks`);
  if (files.size === 0) throw new ArchiveError(file, 'holds no files');
  return files;
}
