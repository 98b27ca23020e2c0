/**
 * What a checkpoint's files must hold before any tensor or network is made from them: weight buffers
 * exactly as long as their specs say, only finite numbers, and layer sizes within `SIZE_LIMITS`. A
 * crafted checkpoint can carry valid digests, so these checks read the contents, not the digests.
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { CheckpointError } from './errors.js';
import { SIZE_LIMITS } from './limits.js';

const BYTES_PER_VALUE: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** Bytes of one weight as stored (quantized weights at their stored width); `undefined` for a spec that is not one. */
function storedBytes(spec: tf.io.WeightsManifestEntry): number | undefined {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const size = BYTES_PER_VALUE[dtype];
  if (size === undefined || !Array.isArray(spec.shape) || !spec.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return undefined;
  return spec.shape.reduce((a, b) => a * b, 1) * size;
}

/**
 * Checks that `data` (the file `file`) is exactly the weights `specs` describe (as `describedBy` lists
 * them) and that every float32 weight is finite. Throws {@link CheckpointError} naming the file.
 */
export function checkWeightData(data: Uint8Array, specs: readonly tf.io.WeightsManifestEntry[], file: string, describedBy: string): void {
  let offset = 0;
  const placed: Array<{ spec: tf.io.WeightsManifestEntry; offset: number; bytes: number }> = [];
  for (const spec of specs) {
    const bytes = storedBytes(spec);
    if (bytes === undefined) throw new CheckpointError(file, `weight ${JSON.stringify(spec?.name)} in ${describedBy} has no readable dtype and shape`);
    placed.push({ spec, offset, bytes });
    offset += bytes;
  }
  if (offset !== data.byteLength) {
    throw new CheckpointError(file, `holds ${data.byteLength} bytes, but ${describedBy} describes ${offset}: the weights do not match their description`);
  }
  for (const { spec, offset: start, bytes } of placed) {
    if (spec.dtype !== 'float32' || spec.quantization) continue;
    const values = start % 4 === 0 ? new Float32Array(data.buffer, data.byteOffset + start, bytes / 4) : new Float32Array(data.slice(start, start + bytes).buffer);
    let bad = 0;
    for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) bad++;
    if (bad > 0) throw new CheckpointError(file, `weight '${spec.name}' holds ${bad} non-finite value${bad > 1 ? 's' : ''} (NaN or Infinity): no run writes them; the file was damaged or crafted`);
  }
}

/** Keys of a layer's config that size what building it allocates. */
const SIZE_KEYS = ['units', 'filters', 'kernel_size', 'pool_size', 'strides', 'dilation_rate', 'size', 'n', 'depth_multiplier', 'input_dim', 'output_dim', 'target_shape', 'batch_input_shape', 'dims', 'kernels'];

interface LayerJson {
  class_name?: unknown;
  config?: Record<string, unknown> & { layers?: unknown; name?: unknown };
}

/**
 * Checks every size in a layers model's topology (units, filters, kernel sizes, shapes) against
 * `SIZE_LIMITS.layerSize` and `SIZE_LIMITS.exampleElements`, nested models included, before tfjs
 * builds it (building allocates every weight the topology declares). Throws {@link CheckpointError}
 * naming `file`, the layer and the field.
 */
export function checkLayerSizes(topology: unknown, file: string): void {
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const layer = node as LayerJson;
    const config = layer.config ?? (node as { model_config?: LayerJson }).model_config?.config;
    if (typeof config !== 'object' || config === null) return;
    const name = `layer '${String(config.name ?? '(unnamed)')}' (${String(layer.class_name ?? 'model')})`;
    for (const key of SIZE_KEYS) {
      const value = config[key];
      if (value === undefined || value === null) continue;
      const numbers = (Array.isArray(value) ? value : [value]).filter((v) => v !== null);
      for (const v of numbers) {
        if (!(typeof v === 'number' && Number.isInteger(v) && v >= -1)) throw new CheckpointError(file, `${name}: ${key} is ${JSON.stringify(value)}, expected integers`);
        if (v > SIZE_LIMITS.layerSize) throw new CheckpointError(file, `${name}: ${key} is ${v}, more than the limit of ${SIZE_LIMITS.layerSize}`);
      }
      const elements = (numbers as number[]).reduce((a, b) => a * Math.max(b, 1), 1);
      if (Array.isArray(value) && elements > SIZE_LIMITS.exampleElements) {
        throw new CheckpointError(file, `${name}: ${key} ${JSON.stringify(value)} holds ${elements} numbers, more than the limit of ${SIZE_LIMITS.exampleElements}`);
      }
    }
    if (Array.isArray(config.layers)) config.layers.forEach(visit);
  };
  visit(topology);
}
