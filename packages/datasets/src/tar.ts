/**
 * Reading (and, for tests and exports, writing) uncompressed tar archives held in memory: the ustar
 * and old-GNU layouts that `tar` and Python's `tarfile` write, as used by the published CIFAR-10
 * archive. Browser-safe: gzip is the caller's job.
 *
 * A tar file is a sequence of 512-byte headers, each followed by the entry's bytes padded to a
 * multiple of 512, and ends with two zero blocks.
 * @module
 */
import { ArchiveFormatError } from './errors.js';

/** One regular file of a tar archive. */
export interface TarEntry {
  /** Path inside the archive, e.g. `cifar-10-batches-bin/data_batch_1.bin`. */
  name: string;
  /** The file's bytes (a view on the archive, no copy). */
  data: Uint8Array;
}

const BLOCK = 512;

function text(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return new TextDecoder().decode(bytes.subarray(start, end));
}

function octal(bytes: Uint8Array, start: number, length: number, archive: string, field: string, at: number): number {
  const raw = text(bytes, start, length).trim();
  if (!/^[0-7]*$/.test(raw)) throw new ArchiveFormatError(archive, `header at byte ${at}: ${field} '${raw}' is not an octal number (corrupt archive)`);
  return raw === '' ? 0 : parseInt(raw, 8);
}

/**
 * Lists the regular files of a tar archive (directories, links and GNU long-name records are skipped;
 * long names are applied to the entry that follows).
 *
 * @param archive name for error messages.
 * @throws {@link ArchiveFormatError} naming `archive` when the bytes are gzip-compressed, a header
 *   checksum is wrong, or an entry runs past the end (a truncated download).
 *
 * @example
 * ```ts
 * const files = readTar(gunzipSync(bytes), 'cifar-10-binary.tar.gz');
 * files.map((f) => f.name); // ['cifar-10-batches-bin/data_batch_1.bin', ...]
 * ```
 */
export function readTar(bytes: Uint8Array, archive = 'tar archive'): TarEntry[] {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new ArchiveFormatError(archive, 'is gzip-compressed; decompress it first');
  }
  const entries: TarEntry[] = [];
  let longName: string | undefined;
  let at = 0;
  while (at + BLOCK <= bytes.length) {
    const header = bytes.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return entries; // end-of-archive marker
    const stored = octal(header, 148, 8, archive, 'checksum', at);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
    if (sum !== stored) {
      throw new ArchiveFormatError(archive, `header at byte ${at}: checksum ${stored} does not match the header's bytes (${sum}); the archive is corrupt`);
    }
    const size = octal(header, 124, 12, archive, 'size', at);
    const type = String.fromCharCode(header[156]!);
    const prefix = text(header, 345, 155); // ustar name prefix
    const plain = text(header, 0, 100);
    const name = longName ?? (text(header, 257, 6) === 'ustar' && prefix ? `${prefix}/${plain}` : plain);
    const start = at + BLOCK;
    if (start + size > bytes.length) {
      throw new ArchiveFormatError(archive, `truncated: '${name}' declares ${size} bytes but only ${bytes.length - start} follow its header`);
    }
    const data = bytes.subarray(start, start + size);
    longName = undefined;
    if (type === 'L') longName = text(data, 0, data.length);
    else if (type === '0' || type === '\0') entries.push({ name, data });
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  if (at !== bytes.length || entries.length === 0) {
    throw new ArchiveFormatError(archive, `truncated: ends at byte ${bytes.length} inside a header or without the end-of-archive blocks`);
  }
  return entries;
}

/**
 * Writes a ustar archive of `files` (names up to 100 characters): the inverse of {@link readTar}, for
 * tests and exports.
 */
export function encodeTar(files: readonly TarEntry[]): Uint8Array {
  const size = files.reduce((s, f) => s + BLOCK + Math.ceil(f.data.length / BLOCK) * BLOCK, 2 * BLOCK);
  const out = new Uint8Array(size);
  const put = (at: number, value: string) => out.set(new TextEncoder().encode(value), at);
  let at = 0;
  for (const f of files) {
    if (f.name.length > 100) throw new RangeError(`encodeTar: name '${f.name}' is longer than 100 characters`);
    put(at, f.name);
    put(at + 100, '0000644\0');
    put(at + 108, '0000000\0');
    put(at + 116, '0000000\0');
    put(at + 124, f.data.length.toString(8).padStart(11, '0') + '\0');
    put(at + 136, '00000000000\0');
    put(at + 148, '        ');
    put(at + 156, '0');
    put(at + 257, 'ustar\0');
    put(at + 263, '00');
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += out[at + i]!;
    put(at + 148, sum.toString(8).padStart(6, '0') + '\0 ');
    out.set(f.data, at + BLOCK);
    at += BLOCK + Math.ceil(f.data.length / BLOCK) * BLOCK;
  }
  return out;
}
