/**
 * The Node-only half of `@gankit/datasets`: MNIST-family IDX files from disk or the network (with a
 * SHA-256-checked cache), image folders, and the embedded MNIST reader. Importing it also registers
 * every dataset, like the main entry.
 *
 * The registered `mnist`, `fashion-mnist`, `cifar10` and `images` datasets load this module on demand, so most
 * users only need `import '@gankit/datasets'`; import this entry to call the loaders directly.
 *
 * @example
 * ```ts
 * import { loadMnist, loadImageFolder } from '@gankit/datasets/node';
 * const train = await loadMnist('mnist', { split: 'train' });
 * const photos = await loadImageFolder('data/photos', { size: 64 });
 * ```
 * @module
 */
import '../register.js';

export { cifarOfflineInstructions, loadCifar10 } from './cifar-files.js';
export { datasetDir, downloadVerified, ensureFiles, offlineInstructions } from './download.js';
export { readEmbeddedDigit } from './embedded-files.js';
export { defaultCacheDir, gunzipIfNeeded, sha256 } from './files.js';
export { IMAGE_EXTENSIONS, decodeImage, loadImageFolder, type DecodedImage } from './images.js';
export { loadPairedFolder, loadUnpairedFolder } from './translation-folders.js';
export { MNIST_FAMILY, loadMnist, loadMnistIdx, type IdxPathPair, type LoadMnistIdxOptions } from './mnist-files.js';
