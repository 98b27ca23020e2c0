import {
  add,
  backend_util,
  concat,
  Conv2DBackpropInput,
  conv2d,
  matMul,
  pad as padTensor,
  reshape,
  slice,
  tensor2d,
  tidy,
  transpose,
  zeros,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type Tensor4D,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

import { asTensor, dim } from './kernel_utils.js';

/**
 * One phase of one spatial axis: the outputs y = s*u + p. Only the filter taps a = p + pad (mod s)
 * reach them: dx[s*u + p] = sum over m of dy[u + offset + m] * W[taps[m]].
 */
export interface SubPixelPhase {
  /** Filter indices in convolution order (flipped: the last tap first). Empty when stride > filter. */
  readonly taps: readonly number[];
  /** Where in dy the phase's stride-1 convolution starts (negative: before dy, i.e. padding). */
  readonly offset: number;
}

/**
 * How one spatial axis of a transposed convolution with stride s splits into s stride-1
 * convolutions (the sub-pixel decomposition), each over dy with its own slice of the filter.
 */
export interface SubPixelAxis {
  readonly phases: readonly SubPixelPhase[];
  /** Outputs per phase: every phase computes this many, the ones past dx's end are sliced off. */
  readonly perPhase: number;
  /** dy's length. */
  readonly inLength: number;
  /** Taps of the merged filter, which holds every phase at one common offset. */
  readonly mergedLength: number;
  /** Offset of the merged convolution. */
  readonly mergedOffset: number;
}

/** Plans one axis: `dxLength`, `dyLength`, filter size, stride and the forward conv's leading pad. */
export function planSubPixelAxis(
  dxLength: number, dyLength: number, filter: number, stride: number, pad: number): SubPixelAxis {
  const phases: SubPixelPhase[] = [];
  for (let p = 0; p < stride; p++) {
    const r = (p + pad) % stride;
    const count = r < filter ? Math.ceil((filter - r) / stride) : 0;
    const taps = Array.from({ length: count }, (_, m) => r + stride * (count - 1 - m));
    phases.push({ taps, offset: (p + pad - r) / stride - count + 1 });
  }
  const used = phases.filter((ph) => ph.taps.length > 0);
  const mergedOffset = used.length > 0 ? Math.min(...used.map((ph) => ph.offset)) : 0;
  const mergedLength = Math.max(1, ...used.map((ph) => ph.offset - mergedOffset + ph.taps.length));
  return { phases, perPhase: Math.ceil(dxLength / stride), inLength: dyLength, mergedLength, mergedOffset };
}

/** `tap[p][m]` of the merged filter: the filter index at merged tap m in phase p, or -1 for a zero. */
function mergedTaps(axis: SubPixelAxis): number[][] {
  return axis.phases.map(({ taps, offset }) =>
    Array.from({ length: axis.mergedLength }, (_, m) => taps[m - (offset - axis.mergedOffset)] ?? -1));
}

/**
 * Rows of `filter` [fh, fw, inC, outC] picked by `index` (-1: a zero row), as [rows, outC, inC]:
 * the layout a conv over dy wants. A product with a constant 0/1 selection matrix runs on XNNPACK;
 * the wasm backend's Gather and Reverse are scalar loops (~30-40 ms on an 800k-value filter).
 */
function pickTaps(filter: Tensor4D, index: readonly number[]): Tensor {
  const [fh, fw, inC, outC] = filter.shape;
  const select = new Float32Array(index.length * fh * fw);
  index.forEach((tap, row) => {
    if (tap >= 0) select[row * fh * fw + tap] = 1;
  });
  const picked = matMul(tensor2d(select, [index.length, fh * fw]), reshape(filter, [fh * fw, inC * outC]));
  return transpose(reshape(picked, [index.length, inC, outC]), [0, 2, 1]);
}

/** Explicit NHWC padding of a stride-1 conv that starts at `offset` and must give `outLength` outputs. */
function padsFor(axis: SubPixelAxis, offset: number, taps: number): [number, number] {
  return [-offset, axis.perPhase + offset + taps - 1 - axis.inLength];
}

/**
 * A stride-1 conv of dy with `filter` [th, tw, outC, c] at the given offsets, giving exactly
 * [n, rows.perPhase, cols.perPhase, c]. Negative pads become slices (of dy before, of the output after).
 */
function phaseConv(dy: Tensor4D, filter: Tensor4D, rows: SubPixelAxis, cols: SubPixelAxis,
  offsetH: number, offsetW: number): Tensor4D {
  const [th, tw] = filter.shape;
  const [top, bottom] = padsFor(rows, offsetH, th);
  const [left, right] = padsFor(cols, offsetW, tw);
  const input = top < 0 || left < 0 ? slice(dy, [0, Math.max(0, -top), Math.max(0, -left), 0]) : dy;
  let out = conv2d(input, filter, 1,
    [[0, 0], [Math.max(top, 0), Math.max(bottom, 0)], [Math.max(left, 0), Math.max(right, 0)], [0, 0]]);
  if (bottom < 0 || right < 0) out = slice(out, [0, 0, 0, 0], [-1, rows.perPhase, cols.perPhase, -1]);
  return out;
}

/**
 * All phases as one conv whose filter holds every phase's taps at a common offset (zeros where a
 * phase has fewer), with sh*sw*inC output channels, then one transpose to interleave the phases.
 * Some taps multiply zeros (36 for 25 at 5x5, stride 2), but for few channels one wide conv beats
 * several narrow ones.
 */
function mergedPhases(dy: Tensor4D, w: Tensor4D, rows: SubPixelAxis, cols: SubPixelAxis, batch: number): Tensor {
  const sh = rows.phases.length;
  const sw = cols.phases.length;
  const inC = dim(w.shape, 2);
  const tapsH = mergedTaps(rows);
  const tapsW = mergedTaps(cols);
  const fw = dim(w.shape, 1);
  const index: number[] = [];
  for (let mh = 0; mh < rows.mergedLength; mh++) {
    for (let mw = 0; mw < cols.mergedLength; mw++) {
      for (let ph = 0; ph < sh; ph++) {
        for (let pw = 0; pw < sw; pw++) {
          const a = tapsH[ph]![mh]!;
          const b = tapsW[pw]![mw]!;
          index.push(a < 0 || b < 0 ? -1 : a * fw + b);
        }
      }
    }
  }
  // [taps, outC, (ph, pw, inC)] -> [lh, lw, outC, sh*sw*inC].
  const picked = reshape(pickTaps(w, index), [rows.mergedLength * cols.mergedLength, sh * sw, -1, inC]);
  const filter = reshape(transpose(picked, [0, 2, 1, 3]), [rows.mergedLength, cols.mergedLength, -1, sh * sw * inC]);
  const out = phaseConv(dy, filter as Tensor4D, rows, cols, rows.mergedOffset, cols.mergedOffset);
  if (sh === 1 && sw === 1) return out;
  // [n, u, v, (ph, pw, c)] -> [n, u, ph, v, pw, c]: one transpose of contiguous [pw, c] blocks
  // (the wasm DepthToSpace kernel does the same ~15x slower).
  const phased = reshape(out, [batch * rows.perPhase, cols.perPhase, sh, sw * inC]);
  return reshape(transpose(phased, [0, 2, 1, 3]), [batch, rows.perPhase * sh, cols.perPhase * sw, inC]);
}

/**
 * One conv per phase with exactly its taps (no multiplications by zero), interleaved by two
 * concats: the phases of a row along channels, then the rows.
 */
function separatePhases(dy: Tensor4D, w: Tensor4D, rows: SubPixelAxis, cols: SubPixelAxis, batch: number): Tensor {
  const fw = dim(w.shape, 1);
  const inC = dim(w.shape, 2);
  const index: number[] = [];
  for (const ph of rows.phases) {
    for (const pw of cols.phases) {
      for (const a of ph.taps) for (const b of pw.taps) index.push(a * fw + b);
    }
  }
  const picked = pickTaps(w, index);
  let start = 0;
  const rowsOut = rows.phases.map((ph) => {
    const inRow = cols.phases.map((pw) => {
      const count = ph.taps.length * pw.taps.length;
      if (count === 0) return zeros([batch, rows.perPhase, cols.perPhase, inC]);
      const sub = reshape(slice(picked, start, count), [ph.taps.length, pw.taps.length, -1, inC]);
      start += count;
      return phaseConv(dy, sub as Tensor4D, rows, cols, ph.offset, pw.offset);
    });
    const row = inRow.length === 1 ? inRow[0]! : concat(inRow, 3);
    return reshape(row, [batch, rows.perPhase, 1, cols.perPhase * cols.phases.length * inC]);
  });
  const out = rowsOut.length === 1 ? rowsOut[0]! : concat(rowsOut, 2);
  return reshape(out, [batch, rows.perPhase * rows.phases.length, cols.perPhase * cols.phases.length, inC]);
}

/**
 * The transposed convolution as one matrix product and a scatter ("col2im"): every input pixel of dy
 * times the whole filter gives its fh·fw·inC contributions, `colsᵀ = W [fh·fw·inC, outC] × dyᵀ`, which
 * reads the filter in its own layout; each tap's contributions are then padded into place on its sub-pixel
 * phase, summed, and the phases interleaved. Its cost scales with dy, not with the filter, so it wins
 * when dy has few pixels and the filter many channels (a U-Net's innermost levels: 1×1 to 4×4 pixels of
 * 512-1024 channels, where rearranging the 4×4×512×1024 filter for the sub-pixel convs costs far more
 * than the product itself).
 */
function matMulScatter(dy: Tensor4D, w: Tensor4D, info: backend_util.Conv2DInfo): Tensor {
  const [n, h, wd, outC] = dy.shape;
  const [fh, fw, inC] = w.shape;
  const { strideHeight: sh, strideWidth: sw } = info;
  // W [fh·fw·inC, outC] × dyᵀ: the transposed operand is dy (few pixels), never the large filter.
  const colsT = matMul(reshape(w, [fh * fw * inC, outC]), reshape(dy, [n * h * wd, outC]), false, true);
  // [taps, n·h·w, inC]: one contiguous block per tap.
  const taps = transpose(reshape(colsT, [fh * fw, inC, n * h * wd]), [0, 2, 1]);
  const hp = h + Math.ceil(fh / sh) - 1;
  const wp = wd + Math.ceil(fw / sw) - 1;
  const phases: Tensor[][] = Array.from({ length: sh }, () => new Array<Tensor>(sw));
  for (let ky = 0; ky < fh; ky++) {
    for (let kx = 0; kx < fw; kx++) {
      const t = reshape(slice(taps, [ky * fw + kx, 0, 0], [1, -1, -1]), [n, h, wd, inC]);
      // Tap (ky, kx) of input pixel (y, x) lands on full-output pixel (y·s + ky, x·s + kx): phase
      // (ky mod s, kx mod s), cell (y + floor(ky / s), x + floor(kx / s)).
      const oy = Math.floor(ky / sh);
      const ox = Math.floor(kx / sw);
      const placed = padTensor(t, [[0, 0], [oy, hp - h - oy], [ox, wp - wd - ox], [0, 0]]);
      const row = phases[ky % sh]!;
      row[kx % sw] = row[kx % sw] ? add(row[kx % sw]!, placed) : placed;
    }
  }
  const rowsOut = phases.map((row) => {
    const cells = Array.from({ length: sw }, (_, i) => row[i] ?? zeros([n, hp, wp, inC]));
    const joined = cells.length === 1 ? cells[0]! : concat(cells, 3);
    return reshape(joined, [n, hp, 1, wp * sw * inC]);
  });
  const full = reshape(rowsOut.length === 1 ? rowsOut[0]! : concat(rowsOut, 2), [n, hp * sh, wp * sw, inC]);
  return slice(full, [0, info.padInfo.top, info.padInfo.left, 0], [n, info.inHeight, info.inWidth, inC]);
}

/**
 * Below this many output channels (dx's), one merged conv beats one conv per phase: narrow convs
 * use XNNPACK poorly and the concats copy tiny blocks. Measured on the DCGAN shapes: at 64
 * channels, separate phases are ~25% faster; at 1 channel the merged conv is.
 */
const SEPARATE_PHASES_MIN_CHANNELS = 16;

/**
 * The input gradient of a 2-D convolution, which is also the forward pass of every transposed
 * convolution. The wasm backend's own kernel is a scalar loop (about 7x slower than XNNPACK's
 * Conv2D on the same work). Here it is the sub-pixel decomposition: output pixels of one phase
 * (y mod stride, x mod stride) form a stride-1 Conv2D of dy with a slice of the flipped filter,
 * which XNNPACK runs multi-threaded; the phases are then interleaved.
 */
export const conv2DBackpropInput: KernelFunc = ({ inputs, attrs }) => {
  const { dy, filter } = inputs as Conv2DBackpropInputInputs;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
  return tidy(() => {
    let dy4 = asTensor<Tensor4D>(dy as TensorInfo);
    const w = asTensor<Tensor4D>(filter as TensorInfo);
    const nhwcShape: [number, number, number, number] = dataFormat === 'NCHW'
      ? [inputShape[0], inputShape[2], inputShape[3], inputShape[1]]
      : inputShape;
    if (dataFormat === 'NCHW') dy4 = transpose(dy4, [0, 2, 3, 1]);
    const info = backend_util.computeConv2DInfo(
      nhwcShape, w.shape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { batchSize, inHeight, inWidth, inChannels } = info;
    const rows = planSubPixelAxis(inHeight, info.outHeight, info.filterHeight, info.strideHeight, info.padInfo.top);
    const cols = planSubPixelAxis(inWidth, info.outWidth, info.filterWidth, info.strideWidth, info.padInfo.left);
    const phases = rows.phases.length * cols.phases.length;
    // Few dy pixels for the filter's output channels: the product with the filter as it is (its cost
    // scales with dy) beats rearranging the whole filter (its cost scales with the filter). Measured at
    // the 64-px U-Net's levels, batch 8, one thread: 1x1x512 -> 2x2 36 ms instead of 649, 2x2x1024 -> 4x4
    // 74 instead of 905, 4x4x1024 -> 8x8 205 instead of 479; at as many pixels as channels (8x8x512) the
    // sub-pixel convs are faster, hence the factor 4.
    const dyPixels = batchSize * info.outHeight * info.outWidth;
    const fits = (length: number, dyLength: number, filter: number, stride: number, before: number) =>
      before >= 0 && before + length <= (dyLength + Math.ceil(filter / stride) - 1) * stride;
    if (4 * dyPixels <= info.outChannels && fits(inHeight, info.outHeight, info.filterHeight, info.strideHeight, info.padInfo.top)
      && fits(inWidth, info.outWidth, info.filterWidth, info.strideWidth, info.padInfo.left)) {
      const out = matMulScatter(dy4, w, info);
      return dataFormat === 'NCHW' ? transpose(out, [0, 3, 1, 2]) : out;
    }
    let out = phases > 1 && inChannels >= SEPARATE_PHASES_MIN_CHANNELS
      ? separatePhases(dy4, w, rows, cols, batchSize)
      : mergedPhases(dy4, w, rows, cols, batchSize);
    if (dim(out.shape, 1) !== inHeight || dim(out.shape, 2) !== inWidth) {
      out = slice(out, [0, 0, 0, 0], [-1, inHeight, inWidth, -1]);
    }
    return dataFormat === 'NCHW' ? transpose(out, [0, 3, 1, 2]) : out;
  });
};

/** Registration of {@link conv2DBackpropInput} for the wasm backend, replacing its own kernel. */
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput,
};
