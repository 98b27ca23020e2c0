/**
 * Training kernels for the TensorFlow.js WebAssembly backend. Importing this package registers them
 * (see {@link registerWasmTrainingKernels}); {@link initWasmBackend} also runs XNNPACK on several
 * threads under Node.
 *
 * @packageDocumentation
 */
import './register.js';

export {
  addedKernelNames,
  registerWasmTrainingKernels,
  replacedKernelNames,
  wasmTrainingKernelNames,
} from './register_all_kernels.js';
export { initWasmBackend, type WasmBackendInfo, type WasmBackendOptions } from './threads.js';
