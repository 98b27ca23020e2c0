import {
  backend_util,
  Conv2DBackpropFilter,
  conv2d,
  slice,
  tidy,
  transpose,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type Tensor4D,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

import { asTensor } from './kernel_utils.js';

/**
 * The filter gradient of a 2-D convolution, which the wasm backend does not have.
 *
 * dW[a, b, ci, co] = sum over n, i, j of x[n, i*s + a - pad, j*s + b - pad, ci] * dy[n, i, j, co].
 * Read with `ci` as the batch, `n` as the input channel and dy as the filter, that is one dilated
 * (dilation = the forward stride) stride-1 convolution, which runs on XNNPACK: transpose x to
 * [ci, h, w, n] and dy to [ho, wo, n, co], convolve, and transpose the [ci, fh, fw, co] result back.
 */
export const conv2DBackpropFilter: KernelFunc = ({ inputs, attrs }) => {
  const { x, dy } = inputs as Conv2DBackpropFilterInputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    attrs as unknown as Conv2DBackpropFilterAttrs;
  return tidy(() => {
    let x4 = asTensor<Tensor4D>(x as TensorInfo);
    let dy4 = asTensor<Tensor4D>(dy as TensorInfo);
    if (dataFormat === 'NCHW') {
      x4 = transpose(x4, [0, 2, 3, 1]);
      dy4 = transpose(dy4, [0, 2, 3, 1]);
    }
    const info = backend_util.computeConv2DInfo(
      x4.shape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
    const { top, left } = info.padInfo;
    // Pad the far side just enough for the output to cover the filter; rows past what the forward
    // conv read are cut off by a slice instead (a negative pad).
    const bottom = filterHeight + (outHeight - 1) * strideHeight - inHeight - top;
    const right = filterWidth + (outWidth - 1) * strideWidth - inWidth - left;
    const xT = transpose(x4, [3, 1, 2, 0]);
    const dyT = transpose(dy4, [1, 2, 0, 3]);
    let r = conv2d(xT, dyT, 1, [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]],
      'NHWC', [strideHeight, strideWidth]);
    if (bottom < 0 || right < 0) {
      r = slice(r, [0, 0, 0, 0], [-1, filterHeight, filterWidth, -1]);
    }
    return transpose(r, [1, 2, 0, 3]);
  });
};

/** Registration of {@link conv2DBackpropFilter} for the wasm backend. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter,
};
