/**
 * The IDX file format of MNIST and Fashion-MNIST, parsed from bytes. Browser-safe: no file or
 * decompression code here (Node's `loadMnistIdx` reads and un-gzips files, then calls this).
 *
 * An IDX file is a 4-byte magic number `0x0000TTNN` (TT = data type, NN = number of dimensions), NN
 * big-endian uint32 dimension sizes, then the values, big-endian, row-major.
 * @module
 */
import { IdxFormatError } from './errors.js';

/** IDX data-type bytes and the typed arrays they parse into. */
export const IDX_DATA_TYPES = {
  0x08: 'uint8',
  0x09: 'int8',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
} as const;

/** Name of an IDX data type. */
export type IdxDataType = (typeof IDX_DATA_TYPES)[keyof typeof IDX_DATA_TYPES];

/** The values of a parsed IDX file. */
export type IdxValues = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A parsed IDX file. */
export interface IdxArray {
  /** Magic number, e.g. `0x00000803` for MNIST images. */
  magic: number;
  dtype: IdxDataType;
  /** Dimension sizes, e.g. `[60000, 28, 28]`. */
  shape: number[];
  /** Values, row-major. For uint8/int8 files a view on the input bytes (no copy). */
  data: IdxValues;
}

/** Magic number of an MNIST image file: unsigned bytes, 3 dimensions. */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an MNIST label file: unsigned bytes, 1 dimension. */
export const IDX_LABELS_MAGIC = 0x00000801;

/** What {@link parseIdx} should insist on, beyond a well-formed file. */
export interface ParseIdxOptions {
  /** `'images'` requires magic 0x00000803, `'labels'` requires 0x00000801. */
  expect?: 'images' | 'labels';
}

const BYTES: Record<IdxDataType, number> = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 };

function hex(n: number, digits: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(digits, '0')}`;
}

/**
 * Parses an IDX file held in memory, checking the magic number, data type, dimensions and length.
 *
 * @param bytes the whole, uncompressed file.
 * @param file name used in error messages, e.g. `'train-images-idx3-ubyte'`.
 * @throws {@link IdxFormatError} naming `file` when the bytes are gzip-compressed, truncated, have
 *   trailing bytes, an unknown data type, or (with `expect`) the wrong magic number.
 *
 * @example
 * ```ts
 * const images = parseIdx(bytes, 'train-images-idx3-ubyte', { expect: 'images' });
 * images.shape; // [60000, 28, 28]
 * ```
 */
export function parseIdx(bytes: Uint8Array, file = 'IDX data', options: ParseIdxOptions = {}): IdxArray {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new IdxFormatError(file, 'is gzip-compressed; decompress it first (loadMnistIdx from @gankit/datasets/node does)');
  }
  if (bytes.length < 4) {
    throw new IdxFormatError(file, `truncated: ${bytes.length} bytes is shorter than the 4-byte IDX magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxFormatError(file, `magic number ${hex(magic, 8)} is not an IDX file (IDX magic numbers start with two zero bytes)`);
  }
  if (options.expect === 'images' && magic !== IDX_IMAGES_MAGIC) {
    throw new IdxFormatError(file, `magic number ${hex(magic, 8)} is not an image file (expected ${hex(IDX_IMAGES_MAGIC, 8)})`);
  }
  if (options.expect === 'labels' && magic !== IDX_LABELS_MAGIC) {
    throw new IdxFormatError(file, `magic number ${hex(magic, 8)} is not a label file (expected ${hex(IDX_LABELS_MAGIC, 8)})`);
  }
  const typeByte = bytes[2]!;
  const dtype = (IDX_DATA_TYPES as Record<number, IdxDataType | undefined>)[typeByte];
  if (dtype === undefined) {
    throw new IdxFormatError(
      file,
      `unknown data type ${hex(typeByte, 2)} in magic number ${hex(magic, 8)} (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)`,
    );
  }
  const rank = bytes[3]!;
  if (rank === 0) throw new IdxFormatError(file, `magic number ${hex(magic, 8)} declares 0 dimensions (expected at least 1)`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new IdxFormatError(file, `truncated: ${bytes.length} bytes is shorter than the ${headerBytes}-byte header of a ${rank}-dimensional IDX file`);
  }
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const dataBytes = count * BYTES[dtype];
  const found = bytes.length - headerBytes;
  if (found < dataBytes) {
    throw new IdxFormatError(
      file,
      `truncated: the header declares ${shape.join('×')} ${dtype} values (${dataBytes} bytes) but only ${found} bytes follow it`,
    );
  }
  if (found > dataBytes) {
    throw new IdxFormatError(
      file,
      `corrupt: ${found - dataBytes} unexpected bytes after the ${dataBytes} bytes of ${shape.join('×')} ${dtype} values the header declares`,
    );
  }
  return { magic, dtype, shape, data: readValues(view, headerBytes, dtype, count, bytes) };
}

function readValues(view: DataView, offset: number, dtype: IdxDataType, count: number, bytes: Uint8Array): IdxValues {
  switch (dtype) {
    case 'uint8':
      return bytes.subarray(offset, offset + count);
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/**
 * Writes an IDX file: the inverse of {@link parseIdx}, for tests and for exporting data.
 *
 * @example
 * ```ts
 * const bytes = encodeIdx(new Uint8Array(2 * 28 * 28), [2, 28, 28]); // two black MNIST-sized images
 * ```
 */
export function encodeIdx(values: IdxValues, shape: readonly number[]): Uint8Array {
  const dtype = dtypeOf(values);
  const code = Number(Object.entries(IDX_DATA_TYPES).find(([, name]) => name === dtype)![0]);
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== values.length) throw new RangeError(`encodeIdx: shape [${shape.join(', ')}] holds ${count} values, got ${values.length}`);
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + count * BYTES[dtype]);
  const view = new DataView(out.buffer);
  view.setUint32(0, (code << 8) | shape.length, false);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < count; i++) {
    const v = values[i]!;
    const at = header + i * BYTES[dtype];
    switch (dtype) {
      case 'uint8':
        view.setUint8(at, v);
        break;
      case 'int8':
        view.setInt8(at, v);
        break;
      case 'int16':
        view.setInt16(at, v, false);
        break;
      case 'int32':
        view.setInt32(at, v, false);
        break;
      case 'float32':
        view.setFloat32(at, v, false);
        break;
      case 'float64':
        view.setFloat64(at, v, false);
        break;
    }
  }
  return out;
}

function dtypeOf(values: IdxValues): IdxDataType {
  if (values instanceof Uint8Array) return 'uint8';
  if (values instanceof Int8Array) return 'int8';
  if (values instanceof Int16Array) return 'int16';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Float32Array) return 'float32';
  return 'float64';
}
