/**
 * FLOPs of a training step, counted as the PyTorch references count them (`dcgan_torch.py`): twice the
 * multiply-adds of the dense and convolution layers (normalization, activations and losses left out),
 * a layer's backward pass twice its forward.
 * @module
 */
import type * as tfl from '@tensorflow/tfjs-layers';

/** The parts of a tfjs-layers layer the count reads (a model is a layer with `layers`). */
interface LayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  readonly weights: readonly { readonly name: string; readonly shape: readonly (number | null)[] }[];
  readonly input: unknown;
  readonly outputShape: unknown;
  readonly layers?: readonly LayerLike[];
}

const product = (dims: readonly (number | null)[]) => dims.reduce<number>((a, b) => a * (b ?? 1), 1);

/** The single shape of a layer's input or output (`[null, h, w, c]`), or undefined when it has several. */
function singleShape(shape: unknown): (number | null)[] | undefined {
  return Array.isArray(shape) && !Array.isArray(shape[0]) ? (shape as (number | null)[]) : undefined;
}

/** The shape of a layer's input tensor; undefined when it has several inputs or calls (`input` throws then). */
function inputShapeOf(layer: LayerLike): (number | null)[] | undefined {
  try {
    const input = layer.input as { shape?: unknown } | undefined;
    return singleShape(input?.shape);
  } catch {
    return undefined;
  }
}

/** Forward FLOPs of one layer for one example; 0 for layers without a dense or convolution kernel. */
export function layerFlops(layer: LayerLike): number {
  const kernel = layer.weights.find((w) => /kernel/.test(w.name))?.shape;
  const kind = layer.getClassName();
  if (kernel === undefined || !['Dense', 'Conv2D', 'Conv2DTranspose'].includes(kind)) return 0;
  const channelsFirst = layer.getConfig()['dataFormat'] === 'channelsFirst';
  if (kind === 'Dense') {
    // [batch, ..., units]: the kernel [in, units] applies at every position of the middle axes.
    const out = singleShape(layer.outputShape);
    return 2 * product(kernel) * (out === undefined ? 1 : product(out.slice(1, -1)));
  }
  // Conv2D: every output pixel is one product with the kernel [kh, kw, in, out]; a transposed
  // convolution spreads every input pixel over it (the reference's count: 2 * h_in * w_in * k^2 * in * out).
  const shape = kind === 'Conv2D' ? singleShape(layer.outputShape) : inputShapeOf(layer);
  if (shape === undefined) return 0;
  const pixels = channelsFirst ? product(shape.slice(2)) : product(shape.slice(1, -1));
  return 2 * product(kernel) * pixels;
}

/** Forward FLOPs of a network for one example: its dense and convolution layers, nested models included. */
export function forwardFlops(model: tfl.LayersModel | LayerLike): number {
  const layers = (model as LayerLike).layers ?? [];
  return layers.reduce((sum, layer) => sum + (layer.layers !== undefined ? forwardFlops(layer) : layerFlops(layer)), 0);
}

/**
 * FLOPs of one step of the alternating game for a batch: each of the `dSteps` D updates runs G forward
 * and D forward and backward on the real and the fake batch (g + 6d per example), each of the `gSteps`
 * G updates G and D forward and backward (3g + 3d). With one of each, 4g + 9d: `dcgan_torch.py`'s count.
 *
 * @param g forward FLOPs of the generator per example
 * @param d forward FLOPs of the discriminator side (every other network) per example
 */
export function alternatingStepFlops(g: number, d: number, batch: number, dSteps = 1, gSteps = 1): number {
  return batch * (dSteps * (g + 6 * d) + gSteps * (3 * g + 3 * d));
}
