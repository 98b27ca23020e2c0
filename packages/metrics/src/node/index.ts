/**
 * Node-only helpers of `@gankit/metrics`: the Inception-v3 network (downloaded, cached, checked), the
 * shipped classifier's files on disk, and reading and
 * writing layers models as `model.json` + `weights.bin`.
 *
 * @example
 * ```ts
 * import { loadShippedMnistClassifier } from '@gankit/metrics/node';
 * const classifier = await loadShippedMnistClassifier();
 * ```
 * @module
 */
export {
  CHECKSUMS_FILE,
  INCEPTION_V3_TFJS,
  ensureInceptionFiles,
  inceptionDir,
  loadInceptionV3,
  modelJsonUrl,
  type InceptionOptions,
  type PublishedFeatureNetwork,
} from './inception.js';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { modelToArtifacts } from '@gankit/core';
import { writeFileAtomic } from '@gankit/core/node';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { artifactsFromFiles, loadMnistClassifier, shippedClassifierUrl } from '../classifier/load.js';
import type { MnistClassifier } from '../classifier/mnist-classifier.js';

/** Absolute path of the shipped classifier's model.json. */
export function shippedClassifierPath(): string {
  return fileURLToPath(shippedClassifierUrl());
}

/** Absolute path of the package's `floors.json` (real-versus-real values of every metric). */
export function floorsPath(): string {
  return fileURLToPath(new URL('../../floors.json', import.meta.url));
}

/**
 * An IO handler over `model.json` + `weights.bin` in a directory: `load` reads them, `save` writes
 * both atomically (temporary name, then rename).
 */
export function fileModelHandler(modelJsonPath: string): tf.io.IOHandler {
  const path = resolve(modelJsonPath);
  return {
    load: () => artifactsFromFiles(pathToFileURL(path), (url) => readFile(url)),
    save: async (artifacts: tf.io.ModelArtifacts) => {
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []));
      const json = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFileAtomic(join(path, '..', 'weights.bin'), weights);
      await writeFileAtomic(path, JSON.stringify(json));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: 'JSON',
          weightDataBytes: weights.byteLength,
        },
      };
    },
  };
}

/** Saves `model` as `dir/model.json` + `dir/weights.bin`; returns the weight file's size in bytes. */
export async function saveModelFiles(model: tfl.LayersModel, dir: string): Promise<number> {
  const artifacts = await modelToArtifacts(model);
  const result = await fileModelHandler(join(dir, 'model.json')).save!(artifacts);
  return result.modelArtifactsInfo.weightDataBytes ?? 0;
}

/** Loads the classifier shipped in this package from its files. */
export function loadShippedMnistClassifier(): Promise<MnistClassifier> {
  return loadMnistClassifier(fileModelHandler(shippedClassifierPath()));
}
