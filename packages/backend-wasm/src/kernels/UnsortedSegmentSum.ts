import {
  reshape,
  scatterND,
  slice,
  tidy,
  UnsortedSegmentSum,
  where,
  fill,
  logicalAnd,
  greaterEqual,
  less,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type Tensor,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
  type UnsortedSegmentSumInputs,
} from '@tensorflow/tfjs-core';

import { asTensor, dim } from './kernel_utils.js';

/**
 * Sums the rows of `x` that share a segment id, which the wasm backend does not have (the gradient
 * of Gather, so of every Embedding layer). It is ScatterNd with the ids as indices: ScatterNd adds
 * the updates that land on the same index. Ids outside [0, numSegments) are dropped, as on the cpu
 * backend, by sending them to one extra row that is sliced off.
 */
export const unsortedSegmentSum: KernelFunc = ({ inputs, attrs, backend }) => {
  const { x, segmentIds } = inputs as UnsortedSegmentSumInputs;
  const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
  const ids = segmentIds as TensorInfo;
  const xInfo = x as TensorInfo;
  if (ids.shape.length !== 1) {
    throw new Error(`Kernel 'UnsortedSegmentSum' on 'wasm' takes 1-D segment ids, got shape [${ids.shape.join(', ')}]`);
  }
  const rows = dim(ids.shape, 0);
  const rest = xInfo.shape.slice(1);
  // Reading the ids is a view on wasm memory, no copy or wait.
  const values = (backend as KernelBackend).readSync(ids.dataId) as Int32Array;
  const inRange = values.every((v) => v >= 0 && v < numSegments);
  return tidy(() => {
    const updates = reshape(asTensor(xInfo), [rows, ...rest]);
    let indices: Tensor = reshape(asTensor(ids), [rows, 1]);
    if (inRange) return scatterND(indices, updates, [numSegments, ...rest]);
    indices = where(logicalAnd(greaterEqual(indices, 0), less(indices, numSegments)), indices,
      fill([rows, 1], numSegments, 'int32'));
    const summed = scatterND(indices, updates, [numSegments + 1, ...rest]);
    return slice(summed, 0, numSegments);
  });
};

/** Registration of {@link unsortedSegmentSum} for the wasm backend. */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: unsortedSegmentSum,
};
