// The package's one side effect: importing it registers the wasm training kernels. The wasm
// backend is imported first so that its own kernels exist before some of them are replaced
// (registering a kernel again would otherwise put the slow one back).
import '@tensorflow/tfjs-backend-wasm';

import { registerWasmTrainingKernels } from './register_all_kernels.js';

registerWasmTrainingKernels();
