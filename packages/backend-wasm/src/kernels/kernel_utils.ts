import { engine, Tensor, type TensorInfo } from '@tensorflow/tfjs-core';

/**
 * Returns `info` as a `Tensor` so that op functions accept it. Kernels receive plain `TensorInfo`s
 * when another kernel calls them directly; wrapping one registers a new handle on the same data,
 * which the enclosing `tidy` disposes (the data itself is shared, not copied).
 */
export function asTensor<T extends Tensor = Tensor>(info: TensorInfo): T {
  if (info instanceof Tensor) return info as T;
  return engine().makeTensorFromTensorInfo(info) as T;
}

/** Shape element `i`, which the caller knows exists (shapes are checked by the ops first). */
export function dim(shape: readonly number[], i: number): number {
  const d = shape[i];
  if (d === undefined) throw new Error(`Shape '[${shape.join(', ')}]' has no dimension ${i}`);
  return d;
}
